"""Importing a unit's workbook (our returned packet or the unit's own layout): inspect, preview
every row, then write exactly what was previewed in one transaction.

The flow the import dialog and ``main.py import`` share::

    source = inspect_workbook(db, path, period_id=..., unit_id=...)   # nothing written
    # the GUI may correct source (with_unit / with_period) and each SheetChoice
    # (choose_target / choose_header / choose_mapping / confirm_criterion)
    preview = preview_import(db, source, choices=..., progress=...)  # nothing written
    outcome = apply_import(db, preview)                                # one transaction

A returned packet is recognised by its hidden identification sheet (unit and period come from
it). A foreign workbook is read sheet by sheet through a column mapping: proposed from the
header words, or remembered (table ``import_mapping``) for the same unit and layout, which
then wins. Every row ends up new, changed (old → new), unchanged, skipped (why) or in error
(where and why); only new and changed rows are written, error rows never.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from kt_desktop.domain import Criterion, Period, Person, Result, Unit
from kt_desktop.domain.digital_literacy import DigitalLiteracy
from kt_desktop.domain.enums import (
    CriterionKind,
    Gender,
    InitiativeKind,
    NominationSource,
    PeriodKind,
    PrioritySector,
    ResultSource,
    ReviewStatus,
    UnitKind,
)
from kt_desktop.domain.initiatives import Initiative, InitiativeAuthor
from kt_desktop.domain.labels import (
    GENDER_LABELS,
    INITIATIVE_KIND_LABELS,
    PRIORITY_SECTOR_LABELS,
)
from kt_desktop.domain.nominations import ImportMapping, Nomination
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.digital_literacy import COUNT_LABELS, DigitalLiteracyInput
from kt_desktop.services.digital_literacy import clean_figures as clean_digital_input
from kt_desktop.services.figures import Figure, applies_to_unit
from kt_desktop.services.import_preview import (
    CellProblem,
    FieldChange,
    ImportKind,
    ImportOutcome,
    ImportPreview,
    PreviewRow,
    RowStatus,
)
from kt_desktop.services.initiatives import InitiativeInput
from kt_desktop.services.initiatives import check_title_free as check_initiative_title_free
from kt_desktop.services.initiatives import clean_initiative as clean_initiative_input
from kt_desktop.services.packets import packet_problems
from kt_desktop.services.results import ResultInput, ensure_period_open
from kt_desktop.services.results import clean_result as clean_result_input
from kt_desktop.sheets.cells import (
    EXCEL_ERRORS,
    CellError,
    CellParser,
    error_value_reason,
    formula_without_value_reason,
    parse_count,
    parse_date,
    parse_gender,
    parse_percent,
    parse_text,
    parse_year,
    parse_yes_no,
    raw_text,
)
from kt_desktop.sheets.layout import (
    DIGITAL_LITERACY_LAYOUT,
    NOMINEES_LAYOUT,
    RESULTS_LAYOUT,
    SURE_MAPPING,
    FieldSpec,
    HeaderGuess,
    TableLayout,
    find_header,
    header_at,
    layout_key,
    propose_mapping,
)
from kt_desktop.sheets.packets import (
    DIGITAL_SHEET,
    INITIATIVES_SHEET,
    NOMINATIONS_SHEET,
    RESULTS_SHEET,
    PacketContents,
    PacketRow,
    PacketValue,
    read_packet_workbook,
)
from kt_desktop.sheets.safety import OpenedWorkbook, SheetSource, open_workbook
from kt_desktop.sheets.table_reader import ReadCancelled, ReadRow, read_results, read_table
from kt_desktop.text import clean_text, fold, format_date_short, format_number, format_percent

__all__ = [
    "CERTAINTY_LABELS",
    "IMPORT_TARGET_LABELS",
    "INITIATIVES_LAYOUT",
    "STALE_PREVIEW_MESSAGE",
    "Certainty",
    "ColumnChoice",
    "Guess",
    "ImportCancelled",
    "ImportSource",
    "ImportTarget",
    "SheetChoice",
    "apply_import",
    "choose_header",
    "choose_mapping",
    "choose_target",
    "command_json",
    "command_text",
    "confirm_criterion",
    "error_workbook",
    "inspect_workbook",
    "period_id_by_year",
    "preview_import",
    "target_fields",
    "unit_id_by_code",
    "unsure_guesses",
    "with_period",
    "with_unit",
]

# progress(done, total); returning False cancels (ImportCancelled, nothing written).
Progress = Callable[[int, int], "bool | None"]

STALE_PREVIEW_MESSAGE = "Dữ liệu đã thay đổi từ lúc xem trước; hãy xem trước lại."
NO_FIGURES = "Không có số liệu."
# Words in a note that say the criterion does not apply to the unit this year (folded).
NOT_APPLICABLE_WORDS = (
    "khong ap dung",
    "khong phat sinh",
    "khong co phat sinh",
    "chua phat sinh",
    "khong co doi tuong",
)
# The sheet of a foreign workbook is taken for a table only when its mapping fits this well
# (the sum of the confidences of the columns it maps, STT aside).
MIN_FIT = 1.5
# Below this wording similarity a row names no criterion at all, rather than an unsure one.
UNRECOGNISED_SCORE = 0.25


class ImportCancelled(Exception):
    """The clerk cancelled the preview (progress returned False); nothing was written."""


class ImportTarget(StrEnum):
    """What a sheet of a foreign workbook holds."""

    RESULTS = "results"
    DIGITAL_LITERACY = "digital_literacy"
    NOMINEES = "nominees"
    INITIATIVES = "initiatives"
    NONE = "none"  # not imported (instructions, a chart's data…)


IMPORT_TARGET_LABELS: dict[ImportTarget, str] = {
    ImportTarget.RESULTS: "Kết quả",
    ImportTarget.DIGITAL_LITERACY: "Bình dân học vụ số",
    ImportTarget.NOMINEES: "Đề nghị khen thưởng",
    ImportTarget.INITIATIVES: "Sáng kiến",
    ImportTarget.NONE: "Không nhập",
}


class Certainty(StrEnum):
    """How the unit or period of a foreign workbook was found."""

    GIVEN = "given"  # chosen by the clerk (or --unit / --period), or written in our packet
    SURE = "sure"  # named in the title rows
    LIKELY = "likely"  # named in the file name, or one of several names
    UNKNOWN = "unknown"


CERTAINTY_LABELS: dict[Certainty, str] = {
    Certainty.GIVEN: "Đã chọn",
    Certainty.SURE: "Chắc chắn",
    Certainty.LIKELY: "Cần xác nhận",
    Certainty.UNKNOWN: "Chưa xác định",
}


@dataclass(frozen=True)
class Guess:
    certainty: Certainty
    reason: str = ""  # "tên “Thôn Đông” ở dòng tiêu đề", shown next to the choice

    @property
    def text(self) -> str:
        label = CERTAINTY_LABELS[self.certainty]
        return f"{label}: {self.reason}" if self.reason else label


# --- the initiatives table of a foreign workbook (the layouts module has the others) -------


def _parse_initiative_kind(value: Any, number_format: str = "") -> InitiativeKind | None:
    text = parse_text(value, number_format)
    if text is None:
        return None
    key = fold(text)
    if key.startswith("giai phap"):
        return InitiativeKind.SOLUTION
    if key.startswith("sang kien"):
        return InitiativeKind.INITIATIVE
    raise ValueError(f"'{text}' không phải là loại (ghi “Sáng kiến” hoặc “Giải pháp”).")


_SECTORS_BY_WORDS = {fold(label): sector for sector, label in PRIORITY_SECTOR_LABELS.items()}


def _parse_sector(value: Any, number_format: str = "") -> PrioritySector | str | None:
    """A priority sector by its label; "" for any other sector (kept out of the priorities)."""
    text = parse_text(value, number_format)
    if text is None:
        return None
    key = re.sub(r"[^0-9a-z]+", " ", fold(text)).strip()
    for label, sector in _SECTORS_BY_WORDS.items():
        if re.sub(r"[^0-9a-z]+", " ", label).strip() == key:
            return sector
    return ""


INITIATIVES_LAYOUT = TableLayout(
    "initiatives",
    "Sáng kiến, giải pháp",
    (
        FieldSpec("stt", "STT", ("stt", "số thứ tự", "tt"), parse_text, True),
        FieldSpec("title", "Tên sáng kiến, giải pháp",
                  ("tên sáng kiến", "tên sáng kiến giải pháp", "sáng kiến", "tên giải pháp",
                   "tên đề tài", "sáng kiến giải pháp"), parse_text),
        FieldSpec("kind", "Loại", ("loại", "sáng kiến hay giải pháp", "phân loại"),
                  _parse_initiative_kind),
        FieldSpec("authors", "Tác giả", ("tác giả", "tác giả đồng tác giả", "người thực hiện",
                                         "chủ nhiệm"), parse_text),
        FieldSpec("sector", "Lĩnh vực", ("lĩnh vực", "lĩnh vực áp dụng"), _parse_sector),
        FieldSpec("applied_on", "Ngày áp dụng", ("ngày áp dụng", "thời gian áp dụng",
                                                  "ngày áp dụng lần đầu"), parse_date),
        FieldSpec("summary", "Tóm tắt nội dung", ("tóm tắt", "tóm tắt nội dung", "nội dung",
                                                  "mô tả"), parse_text),
        FieldSpec("benefits", "Hiệu quả", ("hiệu quả", "lợi ích", "hiệu quả lợi ích",
                                           "hiệu quả đạt được"), parse_text),
        FieldSpec("note", "Ghi chú", ("ghi chú",), parse_text),
    ),
    required=("title",),
)  # fmt: skip

_LAYOUTS: dict[ImportTarget, TableLayout] = {
    ImportTarget.RESULTS: RESULTS_LAYOUT,
    ImportTarget.DIGITAL_LITERACY: DIGITAL_LITERACY_LAYOUT,
    ImportTarget.NOMINEES: NOMINEES_LAYOUT,
    ImportTarget.INITIATIVES: INITIATIVES_LAYOUT,
}
# A table of a kind needs one of these mapped to be that kind at all.
_ANCHORS: dict[ImportTarget, tuple[str, ...]] = {
    ImportTarget.RESULTS: ("wording", "code"),
    ImportTarget.DIGITAL_LITERACY: ("village",),
    ImportTarget.NOMINEES: ("full_name",),
    ImportTarget.INITIATIVES: ("title",),
}
# Targets whose rows belong to the workbook's unit (Bình dân học vụ số rows name their village).
_NEEDS_UNIT = frozenset({ImportTarget.RESULTS, ImportTarget.NOMINEES, ImportTarget.INITIATIVES})
# The period lock guards results (and what is scored with them). A unit's nominee list is not
# a result: it may still come in after the period's award decision, for a later round.
_OUTSIDE_THE_LOCK = frozenset({ImportTarget.NOMINEES, ImportTarget.NONE})


def target_fields(target: ImportTarget) -> tuple[tuple[str, str], ...]:
    """(field, Vietnamese label) of every field a column may feed, for the mapping dialog."""
    layout = _LAYOUTS.get(ImportTarget(target))
    return tuple((f.name, f.label) for f in layout.fields) if layout else ()


# --- what inspect_workbook finds --------------------------------------------------------------


@dataclass(frozen=True)
class ColumnChoice:
    """One header column of a sheet and the field it feeds (None: not read)."""

    letter: str
    header: str
    field: str | None
    confidence: float  # 1.0 when remembered or chosen by the clerk

    @property
    def sure(self) -> bool:
        return self.field is not None and self.confidence >= SURE_MAPPING


@dataclass(frozen=True)
class SheetChoice:
    """How one sheet of a foreign workbook is read: its target, header rows and mapping.

    ``remembered`` is True when the mapping was confirmed for this unit and layout before.
    ``confirmed`` holds criterion codes the clerk confirmed for rows whose wording matched
    unsurely (sheet row -> code). ``reason`` says why a sheet is not imported.
    """

    sheet: str
    target: ImportTarget
    header_row: int = 0
    last_header_row: int = 0
    columns: tuple[ColumnChoice, ...] = ()
    layout_key: str = ""
    remembered: bool = False
    titles: tuple[str, ...] = ()
    fit: float = 0.0
    reason: str = ""
    confirmed: Mapping[int, str] = field(default_factory=dict)

    @property
    def target_label(self) -> str:
        return IMPORT_TARGET_LABELS[self.target]

    def mapping(self) -> dict[str, str]:
        """Column letter -> field, the columns that feed a field only."""
        return {c.letter: c.field for c in self.columns if c.field}

    @property
    def field_labels(self) -> dict[str, str]:
        return dict(target_fields(self.target))


@dataclass(frozen=True)
class ImportSource:
    """A workbook that passed the safety checks, with what it holds and for whom."""

    path: Path
    file_name: str
    sha256: str
    size: int
    kind: ImportKind
    period_id: int | None
    period_name: str
    unit_id: int | None
    unit_name: str
    unit_guess: Guess
    period_guess: Guess
    sheets: tuple[SheetChoice, ...] = ()
    problems: tuple[str, ...] = ()
    packet: PacketContents | None = field(default=None, compare=False, repr=False)

    @property
    def needs_unit(self) -> bool:
        """Whether a sheet to import belongs to a unit that is not known yet."""
        return self.unit_id is None and any(s.target in _NEEDS_UNIT for s in self.sheets)


# --- inspect ----------------------------------------------------------------------------------


def _period_or_error(session: Session, period_id: int) -> Period:
    period = session.get(Period, period_id)
    if period is None:
        raise UserError("Kỳ thi đua này không còn trong cơ sở dữ liệu.")
    return period


def _unit_or_error(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise UserError(
            "Đơn vị đã chọn không còn trong cơ sở dữ liệu (có thể vừa bị xóa).",
            "Hãy mở lại danh sách đơn vị rồi chọn lại.",
        )
    return unit


def inspect_workbook(
    db: Database, path: str | Path, *, period_id: int | None = None, unit_id: int | None = None
) -> ImportSource:
    """Open ``path`` safely and say what it holds; nothing is written.

    Refusals (old .xls, password, damaged, zip bomb, too many rows…) are the reading layer's
    UserErrors. A packet gives its own unit and period (asking for another period or unit is
    an error); a foreign workbook gets the given ones, or guesses from its titles and name.
    """
    path = Path(path)
    with open_workbook(path) as book:
        formulas = {s.title: s.formulas_without_value for s in book.sheets}
        contents = read_packet_workbook(book.workbook, formulas)
        if contents is not None:
            return _inspect_packet(db, book, contents, period_id, unit_id)
        return _inspect_foreign(db, book, period_id, unit_id)


def _inspect_packet(
    db: Database,
    book: OpenedWorkbook,
    contents: PacketContents,
    period_id: int | None,
    unit_id: int | None,
) -> ImportSource:
    identity = contents.identity
    with db.session() as session:
        period = session.get(Period, identity.period_id)
        unit = session.get(Unit, identity.unit_id)
        if period is None or period.year != identity.period_year:
            raise UserError(
                f"Gói báo cáo “{book.path.name}” thuộc {identity.period_name.lower()}, kỳ này "
                "không còn trong cơ sở dữ liệu.",
                "Hãy kiểm tra lại tệp, hoặc gửi lại gói báo cáo mới cho đơn vị.",
            )
        if unit is None or unit.code != identity.unit_code:
            raise UserError(
                f"Gói báo cáo “{book.path.name}” của đơn vị “{identity.unit_name}” (mã "
                f"{identity.unit_code}); đơn vị này không còn trong cơ sở dữ liệu hoặc đã đổi mã.",
                "Hãy kiểm tra lại danh sách đơn vị, hoặc gửi lại gói báo cáo mới cho đơn vị.",
            )
        if period_id is not None and period_id != period.id:
            asked = _period_or_error(session, period_id)
            raise UserError(
                f"Gói báo cáo “{book.path.name}” là của {period.name.lower()}, không phải "
                f"{asked.name.lower()} đang chọn.",
                f"Hãy chọn {period.name.lower()} rồi nhập lại, hoặc kiểm tra lại tệp đơn vị gửi.",
            )
        if unit_id is not None and unit_id != unit.id:
            asked_unit = _unit_or_error(session, unit_id)
            raise UserError(
                f"Gói báo cáo “{book.path.name}” là của “{unit.name}”, không phải "
                f"“{asked_unit.name}” đang chọn.",
                "Hãy kiểm tra lại tệp đơn vị gửi, hoặc chọn đúng đơn vị rồi nhập lại.",
            )
        period_name, unit_name = period.name, unit.name
        found_period_id, found_unit_id = period.id, unit.id
    problems = packet_problems(db, contents)
    sheets = [SheetChoice(RESULTS_SHEET, ImportTarget.RESULTS)]
    if contents.initiatives:
        sheets.append(SheetChoice(INITIATIVES_SHEET, ImportTarget.INITIATIVES))
    if contents.nominations:
        sheets.append(SheetChoice(NOMINATIONS_SHEET, ImportTarget.NOMINEES))
    if contents.digital_literacy is not None:
        sheets.append(SheetChoice(DIGITAL_SHEET, ImportTarget.DIGITAL_LITERACY))
    return ImportSource(
        path=book.path,
        file_name=book.path.name,
        sha256=book.fingerprint.sha256,
        size=book.fingerprint.size,
        kind=ImportKind.PACKET,
        period_id=found_period_id,
        period_name=period_name,
        unit_id=found_unit_id,
        unit_name=unit_name,
        unit_guess=Guess(Certainty.GIVEN, "ghi trong gói báo cáo"),
        period_guess=Guess(Certainty.GIVEN, "ghi trong gói báo cáo"),
        sheets=tuple(sheets),
        problems=tuple(problems),
        packet=contents,
    )


@dataclass(frozen=True)
class _Remembered:
    layout_key: str
    sheet_name: str
    header_row: int
    mapping: dict[str, str]


def _remembered_mappings(session: Session, unit_id: int | None) -> dict[str, _Remembered]:
    query = select(ImportMapping)
    query = (
        query.where(col(ImportMapping.unit_id).is_(None))
        if unit_id is None
        else query.where(ImportMapping.unit_id == unit_id)
    )
    found: dict[str, _Remembered] = {}
    for row in session.exec(query.order_by(col(ImportMapping.updated_at))).all():
        try:
            mapping = json.loads(row.mapping)
        except ValueError:
            continue
        if isinstance(mapping, dict):
            found[row.layout_key] = _Remembered(
                row.layout_key,
                row.sheet_name,
                row.header_row,
                {str(k): str(v) for k, v in mapping.items()},
            )
    return found


def _target_of_mapping(mapping: Mapping[str, str]) -> ImportTarget:
    """The target whose fields cover a remembered mapping best."""
    fields = set(mapping.values()) - {"stt", "note"}
    best, best_count = ImportTarget.NONE, 0
    for target, layout in _LAYOUTS.items():
        names = {f.name for f in layout.fields}
        fits = fields <= names and any(a in fields for a in _ANCHORS[target])
        if fits and len(fields) > best_count:
            best, best_count = target, len(fields)
    return best


def _fit(target: ImportTarget, columns: Sequence[ColumnChoice]) -> float:
    mapped = {c.field for c in columns if c.field}
    if not any(anchor in mapped for anchor in _ANCHORS[target]):
        return 0.0
    return sum(c.confidence for c in columns if c.field and c.field != "stt")


def _propose(header: HeaderGuess, target: ImportTarget) -> tuple[ColumnChoice, ...]:
    proposal = propose_mapping(header, _LAYOUTS[target].synonyms)
    return tuple(ColumnChoice(c.letter, c.header, c.field, c.confidence) for c in proposal.columns)


def _sheet_choice(
    sheet: SheetSource, header: HeaderGuess, remembered: Mapping[str, _Remembered]
) -> SheetChoice:
    key = layout_key(header)
    known = remembered.get(key)
    if known is not None:
        target = _target_of_mapping(known.mapping)
        if target != ImportTarget.NONE:
            columns = tuple(
                ColumnChoice(c.letter, c.text, known.mapping.get(c.letter), 1.0)
                for c in header.columns
            )
            return SheetChoice(
                sheet.title,
                target,
                header.header_row,
                header.last_header_row,
                columns,
                key,
                True,
                header.titles,
                _fit(target, columns),
            )
    best: tuple[float, ImportTarget, tuple[ColumnChoice, ...]] = (0.0, ImportTarget.NONE, ())
    for target in _LAYOUTS:
        columns = _propose(header, target)
        fit = _fit(target, columns)
        if fit > best[0]:
            best = (fit, target, columns)
    fit, target, columns = best
    reason = ""
    if fit < MIN_FIT:
        target = ImportTarget.NONE
        reason = (
            f"Trang tính “{sheet.title}” không giống bảng kết quả, Bình dân học vụ số, đề nghị "
            "khen thưởng hay sáng kiến nào; chương trình bỏ qua trang này."
        )
        columns = tuple(ColumnChoice(c.letter, c.text, None, 0.0) for c in header.columns)
    return SheetChoice(
        sheet.title,
        target,
        header.header_row,
        header.last_header_row,
        columns,
        key,
        False,
        header.titles,
        round(fit, 3),
        reason,
    )


def _choices_for_book(
    book: OpenedWorkbook, remembered: Mapping[str, _Remembered]
) -> tuple[SheetChoice, ...]:
    choices = []
    for sheet in book.sheets:
        if sheet.state != "visible":
            continue
        try:
            header = find_header(sheet)
        except UserError as error:
            choices.append(SheetChoice(sheet.title, ImportTarget.NONE, reason=error.message))
            continue
        choice = _sheet_choice(sheet, header, remembered)
        if not choice.remembered:
            # A header the clerk corrected last time (find_header missed it): try the rows
            # remembered for this unit, and take the remembered mapping if the layout agrees.
            for known in remembered.values():
                if known.header_row == header.header_row:
                    continue
                for last in (known.header_row, known.header_row + 1):
                    try:
                        other = header_at(sheet, known.header_row, last)
                    except UserError:
                        continue
                    if layout_key(other) == known.layout_key:
                        choice = _sheet_choice(sheet, other, remembered)
                        break
                if choice.remembered:
                    break
        choices.append(choice)
    return tuple(choices)


_YEAR = re.compile(r"(?<![0-9])(20[2-3][0-9])(?![0-9])")


def _words(text: str) -> str:
    """Folded words with single spaces between them, padded for whole-word search."""
    return " " + " ".join(re.split(r"[^0-9a-z]+", fold(text))).strip() + " "


def _guess_unit(
    units: Sequence[Unit], titles: Sequence[str], file_name: str
) -> tuple[Unit | None, Guess]:
    title_text = _words(" ".join(titles))
    name_text = _words(Path(file_name).stem)

    def found_in(text: str) -> list[Unit]:
        hits = [u for u in units if len(_words(u.name)) > 4 and _words(u.name) in text]
        # "Thôn Đông" inside "Thôn Đông Hải": keep the longest names only.
        return [
            u
            for u in hits
            if not any(o is not u and _words(u.name).strip() in _words(o.name) for o in hits)
        ]

    in_titles = found_in(title_text)
    if len(in_titles) == 1:
        unit = in_titles[0]
        return unit, Guess(Certainty.SURE, f"tên “{unit.name}” ở dòng tiêu đề của bảng")
    in_name = found_in(name_text)
    if len(in_name) == 1:
        unit = in_name[0]
        return unit, Guess(Certainty.LIKELY, f"tên “{unit.name}” trong tên tệp")
    by_code = [
        u
        for u in units
        if len(u.code) >= 2
        and any(ch.isalpha() for ch in u.code)
        and _words(u.code) in name_text + title_text
    ]
    if len(by_code) == 1:
        unit = by_code[0]
        return unit, Guess(Certainty.LIKELY, f"mã “{unit.code}” trong tên tệp hoặc tiêu đề")
    several = in_titles or in_name or by_code
    if several:
        unit = max(several, key=lambda u: len(u.name))
        names = ", ".join(f"“{u.name}”" for u in several)
        return unit, Guess(Certainty.LIKELY, f"tệp nhắc tới nhiều đơn vị: {names}")
    return None, Guess(Certainty.UNKNOWN, "không thấy tên hay mã đơn vị nào trong tệp")


def _guess_period(
    periods: Sequence[Period], titles: Sequence[str], file_name: str
) -> tuple[Period | None, Guess]:
    annual = {p.year: p for p in periods if p.kind == PeriodKind.ANNUAL}
    for text, certainty, where in (
        (" ".join(titles), Certainty.SURE, "ở dòng tiêu đề của bảng"),
        (Path(file_name).stem, Certainty.LIKELY, "trong tên tệp"),
    ):
        years = [int(y) for y in _YEAR.findall(text) if int(y) in annual]
        if len(set(years)) == 1:
            period = annual[years[0]]
            return period, Guess(certainty, f"năm {years[0]} {where}")
        if years:
            period = annual[years[0]]
            return period, Guess(Certainty.LIKELY, f"có nhiều năm {where}")
    return None, Guess(Certainty.UNKNOWN, "không thấy năm nào trong tệp")


def _inspect_foreign(
    db: Database, book: OpenedWorkbook, period_id: int | None, unit_id: int | None
) -> ImportSource:
    with db.session() as session:
        titles = [t for s in book.sheets if s.state == "visible" for t in _titles_of(s)]
        if unit_id is not None:
            unit: Unit | None = _unit_or_error(session, unit_id)
            unit_guess = Guess(Certainty.GIVEN)
        else:
            units = list(session.exec(select(Unit)).all())
            unit, unit_guess = _guess_unit(units, titles, book.path.name)
        if period_id is not None:
            period: Period | None = _period_or_error(session, period_id)
            period_guess = Guess(Certainty.GIVEN)
        else:
            periods = list(session.exec(select(Period)).all())
            period, period_guess = _guess_period(periods, titles, book.path.name)
        remembered = _remembered_mappings(session, unit.id if unit else None)
        if unit is not None:
            # Commune-wide tables (Bình dân học vụ số for every village) are remembered
            # without a unit.
            remembered = {**_remembered_mappings(session, None), **remembered}
        sheets = _choices_for_book(book, remembered)
    problems = []
    if not any(s.target != ImportTarget.NONE for s in sheets):
        problems.append(
            f"Không tìm thấy bảng số liệu nào chương trình đọc được trong tệp “{book.path.name}”."
        )
    return ImportSource(
        path=book.path,
        file_name=book.path.name,
        sha256=book.fingerprint.sha256,
        size=book.fingerprint.size,
        kind=ImportKind.FOREIGN,
        period_id=period.id if period else None,
        period_name=period.name if period else "",
        unit_id=unit.id if unit else None,
        unit_name=unit.name if unit else "",
        unit_guess=unit_guess,
        period_guess=period_guess,
        sheets=sheets,
        problems=tuple(problems),
    )


def _titles_of(sheet: SheetSource) -> list[str]:
    try:
        return list(find_header(sheet).titles)
    except UserError:
        return []


# --- corrections from the GUI -----------------------------------------------------------------


def with_unit(db: Database, source: ImportSource, unit_id: int | None) -> ImportSource:
    """The source with the unit the clerk confirmed (foreign workbooks only); remembered
    mappings of that unit are looked up again."""
    if source.kind == ImportKind.PACKET:
        if unit_id != source.unit_id:
            raise UserError("Đơn vị của gói báo cáo ghi sẵn trong tệp, không chọn lại được.")
        return source
    with db.session() as session:
        unit = _unit_or_error(session, unit_id) if unit_id is not None else None
        remembered = _remembered_mappings(session, None)
        if unit is not None:
            remembered |= _remembered_mappings(session, unit.id)
    sheets = source.sheets
    if remembered:
        with open_workbook(source.path) as book:
            sheets = _choices_for_book(book, remembered)
    return replace(
        source,
        unit_id=unit.id if unit else None,
        unit_name=unit.name if unit else "",
        unit_guess=Guess(Certainty.GIVEN) if unit else Guess(Certainty.UNKNOWN),
        sheets=sheets,
    )


def with_period(db: Database, source: ImportSource, period_id: int) -> ImportSource:
    """The source with the period the clerk confirmed (foreign workbooks only)."""
    if source.kind == ImportKind.PACKET and period_id != source.period_id:
        raise UserError("Kỳ của gói báo cáo ghi sẵn trong tệp, không chọn lại được.")
    with db.session() as session:
        period = _period_or_error(session, period_id)
    return replace(
        source, period_id=period.id, period_name=period.name, period_guess=Guess(Certainty.GIVEN)
    )


def choose_target(choice: SheetChoice, target: ImportTarget) -> SheetChoice:
    """The sheet read as another kind of table, its columns proposed again for it."""
    target = ImportTarget(target)
    if target == ImportTarget.NONE:
        return replace(
            choice,
            target=target,
            columns=tuple(replace(c, field=None, confidence=0.0) for c in choice.columns),
            remembered=False,
            fit=0.0,
        )
    headers = {c.letter: c.header for c in choice.columns}
    proposal = propose_mapping(headers, _LAYOUTS[target].synonyms)
    columns = tuple(
        ColumnChoice(c.letter, c.header, c.field, c.confidence) for c in proposal.columns
    )
    return replace(
        choice,
        target=target,
        columns=columns,
        remembered=False,
        fit=_fit(target, columns),
        reason="",
    )


def choose_header(
    db: Database,
    source: ImportSource,
    sheet_name: str,
    header_row: int,
    last_header_row: int | None = None,
) -> SheetChoice:
    """The sheet read with its header at another row (one or two rows), proposed again."""
    with db.session() as session:
        remembered = _remembered_mappings(session, None)
        if source.unit_id is not None:
            remembered |= _remembered_mappings(session, source.unit_id)
    with open_workbook(source.path) as book:
        sheet = book.sheet(sheet_name)
        header = header_at(sheet, header_row, last_header_row)
        return _sheet_choice(sheet, header, remembered)


def choose_mapping(choice: SheetChoice, mapping: Mapping[str, str | None]) -> SheetChoice:
    """The sheet with the columns the clerk set (letter -> field, None to leave a column out);
    columns not named keep their field. A field goes to one column only."""
    chosen = {letter: name for letter, name in mapping.items()}
    taken = {name for name in chosen.values() if name}
    columns = []
    for column in choice.columns:
        if column.letter in chosen:
            columns.append(replace(column, field=chosen[column.letter], confidence=1.0))
        elif column.field in taken:
            columns.append(replace(column, field=None, confidence=0.0))
        else:
            columns.append(column)
    return replace(choice, columns=tuple(columns), fit=_fit(choice.target, columns))


def confirm_criterion(choice: SheetChoice, row: int, code: str) -> SheetChoice:
    """The sheet with the clerk's confirmation that ``row`` reports criterion ``code``."""
    return replace(choice, confirmed={**choice.confirmed, row: clean_text(code).upper()})


# --- the plan a preview carries to apply_import ------------------------------------------------


class _Target(StrEnum):
    RESULT = "result"
    DIGITAL = "digital"
    NOMINATION = "nomination"
    INITIATIVE = "initiative"


@dataclass
class _Write:
    """One record to create or update, and what it held when previewed (None: absent)."""

    target: _Target
    key: tuple[Any, ...]
    fields: dict[str, Any]
    old: dict[str, Any] | None
    sheet: str
    row: int
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Plan:
    file_name: str
    sha256: str
    period_id: int
    unit_id: int | None
    writes: list[_Write]
    mappings: list[SheetChoice]
    unit_ids: set[int]
    # Rows previewed as unchanged: not written, but checked like the others, since the clerk
    # was told the record already says what the file says.
    unchanged: list[_Write] = field(default_factory=list)


# --- reading the record: the same functions serve the preview and the stale check -------------


_RESULT_FIELDS = (
    "numerator",
    "denominator",
    "value",
    "yes_no",
    "assessment",
    "note",
    "not_applicable",
    "not_applicable_reason",
)
_DIGITAL_FIELDS = (*COUNT_LABELS, "reported_rate", "note")
_NOMINATION_FIELDS = (
    "full_name",
    "gender",
    "birth_year",
    "position",
    "unit_name",
    "achievements",
    "proposed_award",
    "person_id",
)
_INITIATIVE_FIELDS = ("title", "kind", "sector", "applied_on", "summary", "benefits", "author_ids")


def _result_fields(result: Result) -> dict[str, Any]:
    return {name: getattr(result, name) for name in _RESULT_FIELDS}


def _existing_results(
    session: Session, period_id: int, unit_ids: Iterable[int]
) -> dict[tuple[Any, ...], tuple[int, dict[str, Any]]]:
    ids = list(unit_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(Result).where(Result.period_id == period_id).where(col(Result.unit_id).in_(ids))
    ).all()
    return {
        (r.unit_id, r.criterion_id): (r.id or 0, _result_fields(r))
        for r in rows
        if r.unit_id is not None
    }


def _existing_digital(
    session: Session, period_id: int
) -> dict[tuple[Any, ...], tuple[int, dict[str, Any]]]:
    rows = session.exec(select(DigitalLiteracy).where(DigitalLiteracy.period_id == period_id)).all()
    return {
        (r.unit_id,): (r.id or 0, {name: getattr(r, name) for name in _DIGITAL_FIELDS})
        for r in rows
    }


def _nomination_key(unit_id: int, full_name: str, birth_year: int | None) -> tuple[Any, ...]:
    return (unit_id, fold(full_name), birth_year)


def _existing_nominations(
    session: Session, period_id: int, unit_ids: Iterable[int]
) -> dict[tuple[Any, ...], tuple[int, dict[str, Any]]]:
    ids = list(unit_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(Nomination)
        .where(Nomination.period_id == period_id)
        .where(col(Nomination.proposing_unit_id).in_(ids))
        .order_by(col(Nomination.id))
    ).all()
    found: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = {}
    for r in rows:
        key = _nomination_key(r.proposing_unit_id, r.full_name, r.birth_year)
        found.setdefault(key, (r.id or 0, {n: getattr(r, n) for n in _NOMINATION_FIELDS}))
    return found


def _title_key(title: str) -> str:
    # As the initiatives service compares titles: case and spacing aside, diacritics count.
    return " ".join(title.split()).casefold()


def _existing_initiatives(
    session: Session, period_id: int, unit_ids: Iterable[int]
) -> dict[tuple[Any, ...], tuple[int, dict[str, Any]]]:
    ids = list(unit_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(Initiative)
        .where(Initiative.period_id == period_id)
        .where(col(Initiative.unit_id).in_(ids))
    ).all()
    authors: dict[int, list[int]] = {}
    if rows:
        for link in session.exec(
            select(InitiativeAuthor)
            .where(col(InitiativeAuthor.initiative_id).in_([r.id for r in rows]))
            .order_by(col(InitiativeAuthor.position), col(InitiativeAuthor.id))
        ).all():
            authors.setdefault(link.initiative_id, []).append(link.person_id)
    found: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = {}
    for r in rows:
        fields = {
            "title": r.title,
            "kind": InitiativeKind(r.kind),
            "sector": PrioritySector(r.sector) if r.sector else None,
            "applied_on": r.applied_on,
            "summary": r.summary,
            "benefits": r.benefits,
            "author_ids": tuple(authors.get(r.id or 0, ())),
        }
        found[(r.unit_id, _title_key(r.title))] = (r.id or 0, fields)
    return found


# --- showing values ---------------------------------------------------------------------------

_LABELS = {
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "value": "Số liệu",
    "yes_no": "Có/Không",
    "assessment": "Tự đánh giá",
    "note": "Ghi chú",
    "not_applicable": "Không áp dụng",
    "not_applicable_reason": "Lý do không áp dụng",
    "full_name": "Họ và tên",
    "gender": "Giới tính",
    "birth_year": "Năm sinh",
    "position": "Chức vụ",
    "unit_name": "Đơn vị",
    "achievements": "Thành tích",
    "proposed_award": "Hình thức đề nghị",
    "person_id": "Trong danh sách cá nhân",
    "title": "Tên sáng kiến, giải pháp",
    "kind": "Loại",
    "sector": "Lĩnh vực",
    "applied_on": "Ngày áp dụng",
    "summary": "Tóm tắt nội dung",
    "benefits": "Hiệu quả",
    "author_ids": "Tác giả",
    "reported_rate": "Tỷ lệ đạt chuẩn (theo báo cáo)",
    **COUNT_LABELS,
}


def _label(name: str, kind: CriterionKind | None = None) -> str:
    if name == "value" and kind == CriterionKind.RATE:
        return "Tỷ lệ"
    if name == "value" and kind == CriterionKind.COUNT:
        return "Số lượng"
    return _LABELS.get(name, name)


def _rate_text(fields: Mapping[str, Any]) -> str:
    """ "85,44%" for a rate given by its counts (shown, never stored)."""
    numerator, denominator = fields.get("numerator"), fields.get("denominator")
    if numerator is None or not denominator:
        return ""
    return format_percent(Decimal(numerator) * 100 / Decimal(denominator), 2)


@dataclass
class _Shower:
    """Shows a field's value the way the office reads it ("1.068", "85,44%", "Có")."""

    person_names: dict[int, str] = field(default_factory=dict)

    def show(self, name: str, value: Any, kind: CriterionKind | None = None) -> str:
        if value is None or value == "" or value == () or (name == "not_applicable" and not value):
            return ""
        if (name == "value" and kind == CriterionKind.RATE) or name == "reported_rate":
            return format_percent(Decimal(value), 2)
        if name == "author_ids":
            return ", ".join(self.person_names.get(i, str(i)) for i in value)
        if name == "person_id":
            return "Có"
        if isinstance(value, bool):
            return "Có" if value else "Không"
        if isinstance(value, Gender):
            return GENDER_LABELS[value]
        if isinstance(value, InitiativeKind):
            return INITIATIVE_KIND_LABELS[value]
        if isinstance(value, PrioritySector):
            return PRIORITY_SECTOR_LABELS[value]
        if name == "birth_year":
            return str(value)
        if isinstance(value, int | Decimal):
            return format_number(value)
        if isinstance(value, date):
            return format_date_short(value)
        return str(value)


def _same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return (old in (None, "", ())) and (new in (None, "", ()))
    if isinstance(old, Decimal | int) and isinstance(new, Decimal | int):
        return Decimal(old) == Decimal(new)
    return bool(old == new)


# --- the preview ------------------------------------------------------------------------------


@dataclass
class _Context:
    """What the preview looks things up in, read once."""

    session: Session
    period: Period
    today: date
    file_name: str
    criteria_by_code: dict[str, Criterion]
    criteria_pairs: list[tuple[str, str]]
    units: dict[int, Unit]
    villages_by_name: dict[str, list[Unit]]
    units_by_name: dict[str, list[Unit]]
    people_by_name: dict[str, list[Person]]
    shower: _Shower
    existing: dict[_Target, dict[tuple[Any, ...], tuple[int, dict[str, Any]]]] = field(
        default_factory=dict
    )
    rows: list[PreviewRow] = field(default_factory=list)
    writes: list[_Write] = field(default_factory=list)
    unchanged: list[_Write] = field(default_factory=list)
    seen: dict[tuple[Any, ...], int] = field(default_factory=dict)


def _place_key(name: str) -> str:
    """A village or unit name for matching: folded, "thôn"/"thị tứ" prefixes dropped."""
    words = _words(name).strip()
    for prefix in ("thon ", "thi tu ", "khu dan cu "):
        if words.startswith(prefix):
            return words[len(prefix) :]
    return words


def preview_import(
    db: Database,
    source: ImportSource,
    *,
    choices: Sequence[SheetChoice] | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> ImportPreview:
    """Every row of the workbook as new / changed / unchanged / skipped / error; nothing is
    written. ``choices`` are the sheets as the clerk corrected them (default: as inspected).
    ``progress(done, total)`` returning False raises ImportCancelled."""
    today = today or date.today()
    if source.period_id is None:
        raise ValidationError(
            f"Chưa xác định được tệp “{source.file_name}” là số liệu của kỳ nào.",
            field="period_id",
            hint="Hãy chọn kỳ thi đua (năm) của tệp rồi xem trước lại.",
        )
    sheets = tuple(choices) if choices is not None else source.sheets
    if source.unit_id is None and any(s.target in _NEEDS_UNIT for s in sheets):
        raise ValidationError(
            f"Chưa xác định được tệp “{source.file_name}” là của đơn vị nào.",
            field="unit_id",
            hint="Hãy chọn đơn vị gửi tệp rồi xem trước lại.",
        )
    with db.session() as session:
        period = _period_or_error(session, source.period_id)
        if source.kind == ImportKind.PACKET or any(
            s.target not in _OUTSIDE_THE_LOCK for s in sheets
        ):
            ensure_period_open(period)
        context = _load_context(session, period, today, source.file_name)
        unit = _unit_or_error(session, source.unit_id) if source.unit_id is not None else None
        unit_ids = {unit.id or 0} if unit is not None else set()
        if source.kind == ImportKind.PACKET:
            if source.packet is None:
                raise UserError("Gói báo cáo chưa được đọc; hãy chọn lại tệp.")
            assert unit is not None
            _load_existing(session, context, unit_ids)
            _preview_packet(context, source.packet, unit, progress)
        else:
            if any(s.target == ImportTarget.DIGITAL_LITERACY for s in sheets):
                context.existing[_Target.DIGITAL] = _existing_digital(session, period.id or 0)
            _load_existing(session, context, unit_ids)
            _preview_foreign(context, source, sheets, unit, progress)
    rows = sorted(context.rows, key=lambda r: (_sheet_order(source, sheets, r.sheet), r.row))
    plan = _Plan(
        file_name=source.file_name,
        sha256=source.sha256,
        period_id=period.id or 0,
        unit_id=source.unit_id,
        writes=context.writes,
        unchanged=context.unchanged,
        mappings=[s for s in sheets if s.target != ImportTarget.NONE]
        if source.kind == ImportKind.FOREIGN
        else [],
        unit_ids=unit_ids,
    )
    problems = list(source.problems)
    for choice in sheets:
        if (
            choice.target == ImportTarget.NONE
            and choice.reason
            and source.kind == ImportKind.FOREIGN
        ):
            problems.append(choice.reason)
    return ImportPreview(
        file_name=source.file_name,
        file_sha256=source.sha256,
        kind=source.kind,
        period_id=period.id,
        period_name=period.name,
        unit_id=source.unit_id,
        unit_name=unit.name if unit is not None else "",
        rows=tuple(rows),
        problems=tuple(dict.fromkeys(problems)),
        plan=plan,
    )


def _sheet_order(source: ImportSource, sheets: Sequence[SheetChoice], name: str) -> int:
    names = [s.sheet for s in sheets]
    return names.index(name) if name in names else len(names)


def _load_context(session: Session, period: Period, today: date, file_name: str) -> _Context:
    criteria = session.exec(
        select(Criterion)
        .where(Criterion.period_id == period.id)
        .order_by(col(Criterion.sort_order), col(Criterion.id))
    ).all()
    pairs: list[tuple[str, str]] = []
    for criterion in criteria:
        pairs.append((criterion.code, criterion.wording))
        for label in (criterion.numerator_label, criterion.denominator_label):
            if label:
                pairs.append((criterion.code, label))
    units = {u.id or 0: u for u in session.exec(select(Unit)).all()}
    villages: dict[str, list[Unit]] = {}
    by_name: dict[str, list[Unit]] = {}
    for unit in units.values():
        by_name.setdefault(_words(unit.name).strip(), []).append(unit)
        if unit.kind == UnitKind.VILLAGE:
            villages.setdefault(_place_key(unit.name), []).append(unit)
            villages.setdefault(_words(unit.code).strip(), []).append(unit)
    people: dict[str, list[Person]] = {}
    names: dict[int, str] = {}
    for person in session.exec(select(Person)).all():
        people.setdefault(fold(person.full_name), []).append(person)
        names[person.id or 0] = person.full_name
    return _Context(
        session=session,
        period=period,
        today=today,
        file_name=file_name,
        criteria_by_code={c.code.upper(): c for c in criteria},
        criteria_pairs=pairs,
        units=units,
        villages_by_name=villages,
        units_by_name=by_name,
        people_by_name=people,
        shower=_Shower(names),
    )


def _load_existing(session: Session, context: _Context, unit_ids: set[int]) -> None:
    period_id = context.period.id or 0
    context.existing[_Target.RESULT] = _existing_results(session, period_id, unit_ids)
    context.existing[_Target.NOMINATION] = _existing_nominations(session, period_id, unit_ids)
    context.existing[_Target.INITIATIVE] = _existing_initiatives(session, period_id, unit_ids)
    if _Target.DIGITAL not in context.existing:
        context.existing[_Target.DIGITAL] = _existing_digital(session, period_id)


def _problem(sheet: str, row: int, column: str, value: Any, reason: str) -> CellProblem:
    return CellProblem(
        sheet,
        row,
        column,
        raw_text(value) if not isinstance(value, str) else clean_text(value),
        reason,
    )


def _from_cell_error(error: CellError) -> CellProblem:
    return CellProblem(error.sheet, error.row, error.column, error.raw_text, error.reason)


def _error_row(
    context: _Context,
    sheet: str,
    row: int,
    target: str,
    key: str,
    problems: Sequence[CellProblem],
) -> None:
    reason = " ".join(dict.fromkeys(p.reason for p in problems))
    context.rows.append(
        PreviewRow(
            sheet, row, target, key, RowStatus.ERROR, reason=reason, problems=tuple(problems)
        )
    )


def _skipped_row(
    context: _Context, sheet: str, row: int, target: str, key: str, reason: str
) -> None:
    context.rows.append(PreviewRow(sheet, row, target, key, RowStatus.SKIPPED, reason=reason))


def _duplicate(context: _Context, target: _Target, key: tuple[Any, ...], row: int) -> int | None:
    """The first row of the file with the same key, or None (and the row is noted)."""
    full = (target, *key)
    first = context.seen.get(full)
    if first is None:
        context.seen[full] = row
    return first


def _add_write(
    context: _Context,
    target: _Target,
    target_label: str,
    key_text: str,
    key: tuple[Any, ...],
    fields: dict[str, Any],
    sheet: str,
    row: int,
    *,
    kind: CriterionKind | None = None,
    compared: Sequence[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    existing = context.existing.get(target, {}).get(key)
    old = existing[1] if existing is not None else None
    names = list(compared) if compared is not None else list(fields)
    show = context.shower.show
    values = tuple(
        (_label(name, kind), show(name, fields.get(name), kind))
        for name in names
        if show(name, fields.get(name), kind)
    )
    rate = _rate_text(fields) if kind == CriterionKind.RATE else ""
    if rate:
        values += (("Tỷ lệ", rate),)
    if old is None:
        status = RowStatus.NEW
        changes: tuple[FieldChange, ...] = ()
    else:
        changes = tuple(
            FieldChange(
                _label(name, kind),
                show(name, old.get(name), kind),
                show(name, fields.get(name), kind),
            )
            for name in names
            if not _same(old.get(name), fields.get(name))
        )
        status = RowStatus.CHANGED if changes else RowStatus.UNCHANGED
    context.rows.append(
        PreviewRow(sheet, row, target_label, key_text, status, changes=changes, values=values)
    )
    write = _Write(target, key, fields, old, sheet, row, dict(extra or {}))
    (context.unchanged if status == RowStatus.UNCHANGED else context.writes).append(write)


# --- results ----------------------------------------------------------------------------------


def _not_applicable_note(note: str) -> bool:
    key = _words(note)
    return any(f" {words} " in key for words in NOT_APPLICABLE_WORDS)


def _criterion_key_text(criterion: Criterion) -> str:
    wording = criterion.wording
    if len(wording) > 70:
        wording = wording[:69].rstrip() + "…"
    return f"{criterion.code} – {wording}"


def _note_with_evidence(note: str | None, evidence: str | None) -> str:
    parts = [clean_text(note)] if note else []
    if evidence and clean_text(evidence):
        parts.append(f"Minh chứng: {clean_text(evidence)}")
    return "; ".join(p for p in parts if p)


def _result_row(
    context: _Context,
    unit: Unit,
    criterion: Criterion,
    sheet: str,
    row: int,
    figure: Figure,
    note: str,
    columns: Mapping[str, str],
    raw: Mapping[str, Any],
) -> None:
    """Check one result row against the results service's rules and note its write."""
    target_label = IMPORT_TARGET_LABELS[ImportTarget.RESULTS]
    key_text = _criterion_key_text(criterion)
    if not applies_to_unit(criterion.subject, criterion.unit_kinds, unit.kind):
        _error_row(
            context,
            sheet,
            row,
            target_label,
            key_text,
            [
                CellProblem(
                    sheet,
                    row,
                    columns.get("code", ""),
                    criterion.code,
                    f"Tiêu chí {criterion.code} không áp dụng cho loại đơn vị của “{unit.name}”.",
                )
            ],
        )
        return
    first = _duplicate(context, _Target.RESULT, (unit.id, criterion.id), row)
    if first is not None:
        _error_row(
            context,
            sheet,
            row,
            target_label,
            key_text,
            [
                CellProblem(
                    sheet,
                    row,
                    "",
                    "",
                    f"Tiêu chí {criterion.code} đã có ở dòng {first}; mỗi tiêu chí chỉ ghi "
                    "một dòng.",
                )
            ],
        )
        return
    if figure.is_empty():
        if note and _not_applicable_note(note):
            data = ResultInput(
                note="",
                not_applicable=True,
                not_applicable_reason=note,
                source=ResultSource.IMPORTED,
            )
        else:
            _skipped_row(context, sheet, row, target_label, key_text, NO_FIGURES)
            return
    else:
        data = ResultInput(figure=figure, note=note, source=ResultSource.IMPORTED)
    try:
        cleaned = clean_result_input(data, criterion, context.period, context.today)
    except ValidationError as error:
        column = columns.get(error.field, "")
        if error.field in ("value",) and "rate" in columns and criterion.kind == CriterionKind.RATE:
            column = columns["rate"]
        _error_row(
            context,
            sheet,
            row,
            target_label,
            key_text,
            [CellProblem(sheet, row, column, raw_text(raw.get(error.field)), error.message)],
        )
        return
    fields = {
        "numerator": cleaned.figure.numerator,
        "denominator": cleaned.figure.denominator,
        "value": cleaned.figure.value,
        "yes_no": cleaned.figure.yes_no,
        "assessment": cleaned.figure.assessment,
        "note": cleaned.note,
        "not_applicable": cleaned.not_applicable,
        "not_applicable_reason": cleaned.not_applicable_reason,
    }
    _add_write(
        context,
        _Target.RESULT,
        target_label,
        key_text,
        (unit.id, criterion.id),
        fields,
        sheet,
        row,
        kind=CriterionKind(criterion.kind),
        extra={"criterion_id": criterion.id, "unit_id": unit.id},
    )


# --- packets ----------------------------------------------------------------------------------


def _value(item: PacketValue | None, parser: CellParser, problems: list[CellProblem]) -> Any:
    """A packet cell parsed by ``parser``; a problem noted (and None) when it can't be read."""
    if item is None:
        return None
    if item.formula_without_value:
        problems.append(
            CellProblem(
                item.sheet, item.row, item.column, "", formula_without_value_reason(item.cell)
            )
        )
        return None
    value = item.value
    if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
        problems.append(
            CellProblem(
                item.sheet,
                item.row,
                item.column,
                value,
                error_value_reason(item.cell, value.strip()),
            )
        )
        return None
    try:
        return parser(value, item.number_format)
    except ValueError as error:
        problems.append(CellProblem(item.sheet, item.row, item.column, raw_text(value), str(error)))
        return None


def _is_percent(item: PacketValue | None) -> bool:
    if item is None or item.is_blank:
        return False
    value = item.value
    if isinstance(value, str):
        return value.strip().endswith("%")
    return "%" in (item.number_format or "")


def _preview_packet(
    context: _Context,
    packet: PacketContents,
    unit: Unit,
    progress: Progress | None,
) -> None:
    total = (
        len(packet.results)
        + len(packet.initiatives)
        + len(packet.nominations)
        + (1 if packet.digital_literacy is not None else 0)
    )
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None and progress(done, total) is False:
            raise ImportCancelled

    for row in packet.results:
        _packet_result(context, unit, row)
        step()
    for row in packet.initiatives:
        _packet_initiative(context, unit, row)
        step()
    for row in packet.nominations:
        _packet_nomination(context, unit, row)
        step()
    if packet.digital_literacy is not None:
        _packet_digital(context, unit, packet.digital_literacy)
        step()


def _packet_result(context: _Context, unit: Unit, row: PacketRow) -> None:
    criterion = context.criteria_by_code.get(row.criterion_code.upper())
    target_label = IMPORT_TARGET_LABELS[ImportTarget.RESULTS]
    if criterion is None:
        _error_row(
            context,
            row.sheet,
            row.row,
            target_label,
            row.criterion_code,
            [
                CellProblem(
                    row.sheet,
                    row.row,
                    "B",
                    row.criterion_code,
                    f"Tiêu chí {row.criterion_code} không còn trong bộ tiêu chí của "
                    f"{context.period.name.lower()}.",
                )
            ],
        )
        return
    kind = CriterionKind(criterion.kind)
    problems: list[CellProblem] = []
    values = row.values
    columns = {name: item.column for name, item in values.items()}
    raw = {name: item.value for name, item in values.items()}
    note = _value(values.get("note"), parse_text, problems) or ""
    evidence = _value(values.get("evidence"), parse_text, problems)
    figure = Figure()
    if kind == CriterionKind.RATE:
        numerator_item, denominator_item = values.get("numerator"), values.get("denominator")
        if _is_percent(numerator_item) and (denominator_item is None or denominator_item.is_blank):
            # A unit that only knows the percentage typed it where the count goes.
            rate = _value(numerator_item, parse_percent, problems)
            figure = Figure(value=rate)
            columns["value"] = numerator_item.column if numerator_item else ""
            raw["value"] = raw.get("numerator")
        else:
            numerator = _value(numerator_item, parse_count, problems)
            denominator = _value(denominator_item, parse_count, problems)
            figure = Figure(
                numerator=Decimal(numerator) if numerator is not None else None,
                denominator=Decimal(denominator) if denominator is not None else None,
            )
    elif kind == CriterionKind.COUNT:
        count = _value(values.get("value"), parse_count, problems)
        figure = Figure(value=Decimal(count) if count is not None else None)
    elif kind == CriterionKind.YES_NO:
        figure = Figure(yes_no=_value(values.get("yes_no"), parse_yes_no, problems))
    else:
        figure = Figure(assessment=_value(values.get("assessment"), parse_text, problems) or "")
    if problems:
        _error_row(
            context, row.sheet, row.row, target_label, _criterion_key_text(criterion), problems
        )
        return
    _result_row(
        context,
        unit,
        criterion,
        row.sheet,
        row.row,
        figure,
        _note_with_evidence(note, evidence),
        columns,
        raw,
    )


def _split_authors(text: str) -> list[str]:
    return [clean_text(p) for p in re.split(r"[,;\n]+", text) if clean_text(p)]


def _match_person(
    context: _Context, name: str, birth_year: int | None, unit_ids: Sequence[int]
) -> Person | None:
    """The register's person with this name (tone marks aside), birth year and unit."""
    candidates = context.people_by_name.get(fold(name), [])
    if birth_year is not None:
        candidates = [p for p in candidates if p.birth_year in (None, birth_year)]
        exact = [p for p in candidates if p.birth_year == birth_year]
        candidates = exact or candidates
    for unit_id in unit_ids:
        in_unit = [p for p in candidates if p.unit_id == unit_id]
        if len(in_unit) == 1:
            return in_unit[0]
        if in_unit:
            return None
    return None


def _initiative(
    context: _Context,
    unit: Unit,
    sheet: str,
    row: int,
    parsed: Mapping[str, Any],
    columns: Mapping[str, str],
    raw: Mapping[str, Any],
) -> None:
    target_label = IMPORT_TARGET_LABELS[ImportTarget.INITIATIVES]
    title = parsed.get("title") or ""
    key_text = title or f"Dòng {row}"
    if not title:
        _error_row(
            context,
            sheet,
            row,
            target_label,
            key_text,
            [
                CellProblem(
                    sheet,
                    row,
                    columns.get("title", ""),
                    "",
                    f"Thiếu tên sáng kiến, giải pháp (ô {columns.get('title', '')}{row} trống).",
                )
            ],
        )
        return
    first = _duplicate(context, _Target.INITIATIVE, (unit.id, _title_key(title)), row)
    if first is not None:
        _error_row(
            context,
            sheet,
            row,
            target_label,
            key_text,
            [
                CellProblem(
                    sheet,
                    row,
                    columns.get("title", ""),
                    title,
                    f"Sáng kiến “{title}” trùng với dòng {first}.",
                )
            ],
        )
        return
    author_ids: list[int] = []
    unmatched: list[str] = []
    for name in _split_authors(parsed.get("authors") or ""):
        person = _match_person(context, name, None, [unit.id or 0])
        if person is not None and person.id not in author_ids:
            author_ids.append(person.id or 0)
        elif person is None:
            unmatched.append(name)
    summary = parsed.get("summary") or ""
    if unmatched:
        # Authors not in the register can't be linked; their names stay with the initiative.
        summary = "; ".join(p for p in (summary, "Tác giả: " + ", ".join(unmatched)) if p)
    note = parsed.get("note")
    if note:
        summary = "; ".join(p for p in (summary, f"Ghi chú: {note}") if p)
    sector = parsed.get("sector")
    data = InitiativeInput(
        title=title,
        kind=parsed.get("kind") or InitiativeKind.INITIATIVE,
        unit_id=unit.id,
        sector=sector if isinstance(sector, PrioritySector) else None,
        applied_on=parsed.get("applied_on"),
        summary=summary,
        benefits=parsed.get("benefits") or "",
        author_ids=tuple(author_ids),
    )
    try:
        cleaned = clean_initiative_input(context.session, data, context.today)
    except ValidationError as error:
        letter = columns.get("authors" if error.field == "author_ids" else error.field, "")
        _error_row(
            context,
            sheet,
            row,
            target_label,
            key_text,
            [CellProblem(sheet, row, letter, raw_text(raw.get(error.field)), error.message)],
        )
        return
    fields = {
        "title": cleaned.title,
        "kind": InitiativeKind(cleaned.kind),
        "sector": cleaned.sector,
        "applied_on": cleaned.applied_on,
        "summary": cleaned.summary,
        "benefits": cleaned.benefits,
        "author_ids": tuple(cleaned.author_ids),
    }
    _add_write(
        context,
        _Target.INITIATIVE,
        target_label,
        key_text,
        (unit.id, _title_key(title)),
        fields,
        sheet,
        row,
        extra={"unit_id": unit.id},
    )


_INITIATIVE_PARSERS: dict[str, CellParser] = {
    "title": parse_text,
    "kind": _parse_initiative_kind,
    "authors": parse_text,
    "sector": _parse_sector,
    "applied_on": parse_date,
    "summary": parse_text,
    "benefits": parse_text,
}


def _parse_packet_row(
    context: _Context,
    row: PacketRow,
    parsers: Mapping[str, CellParser],
    target: ImportTarget,
    key: str,
    label: str = "",
) -> dict[str, Any] | None:
    """The row's cells parsed by field; None (and an error row, named by `label`, else the
    `key` field, else the row number) when any cell can't be read."""
    problems: list[CellProblem] = []
    parsed = {
        name: _value(row.values.get(name), parser, problems) for name, parser in parsers.items()
    }
    if problems:
        name = label or parsed.get(key) or f"Dòng {row.row}"
        _error_row(context, row.sheet, row.row, IMPORT_TARGET_LABELS[target], name, problems)
        return None
    return parsed


def _packet_initiative(context: _Context, unit: Unit, row: PacketRow) -> None:
    parsed = _parse_packet_row(context, row, _INITIATIVE_PARSERS, ImportTarget.INITIATIVES, "title")
    if parsed is None:
        return
    values = row.values
    _initiative(
        context,
        unit,
        row.sheet,
        row.row,
        parsed,
        {name: item.column for name, item in values.items()},
        {name: item.value for name, item in values.items()},
    )


_NOMINATION_LIMITS = {"full_name": 200, "position": 300, "unit_name": 300, "proposed_award": 300}


def _nomination(
    context: _Context,
    unit: Unit,
    sheet: str,
    row: int,
    parsed: Mapping[str, Any],
    columns: Mapping[str, str],
) -> None:
    target_label = IMPORT_TARGET_LABELS[ImportTarget.NOMINEES]
    name = parsed.get("full_name") or ""
    birth_year = parsed.get("birth_year")
    key_text = f"{name} ({birth_year})" if name and birth_year else (name or f"Dòng {row}")
    if not name:
        letter = columns.get("full_name", "")
        _error_row(
            context,
            sheet,
            row,
            target_label,
            key_text,
            [CellProblem(sheet, row, letter, "", f"Thiếu “Họ và tên” (ô {letter}{row} trống).")],
        )
        return
    problems = []
    for field_name, limit in _NOMINATION_LIMITS.items():
        text = parsed.get(field_name) or ""
        if len(text) > limit:
            problems.append(
                CellProblem(
                    sheet,
                    row,
                    columns.get(field_name, ""),
                    text[:40] + "…",
                    f"{_LABELS[field_name]} dài quá {limit} ký tự.",
                )
            )
    key = _nomination_key(unit.id or 0, name, birth_year)
    first = _duplicate(context, _Target.NOMINATION, key, row)
    if first is not None:
        problems.append(
            CellProblem(
                sheet,
                row,
                columns.get("full_name", ""),
                name,
                f"Trùng với dòng {first}: cùng họ tên và năm sinh đã đề nghị ở dòng đó.",
            )
        )
    if problems:
        _error_row(context, sheet, row, target_label, key_text, problems)
        return
    unit_name = parsed.get("unit_name") or ""
    named = context.units_by_name.get(_words(unit_name).strip(), []) if unit_name else []
    person = _match_person(
        context, name, birth_year, [*(u.id or 0 for u in named[:1]), unit.id or 0]
    )
    achievements = parsed.get("achievements") or ""
    note = parsed.get("note")
    if note:
        achievements = "; ".join(p for p in (achievements, f"Ghi chú: {note}") if p)
    fields = {
        "full_name": name,
        "gender": parsed.get("gender"),
        "birth_year": birth_year,
        "position": parsed.get("position") or "",
        "unit_name": unit_name,
        "achievements": achievements,
        "proposed_award": parsed.get("proposed_award") or "",
        "person_id": person.id if person is not None else None,
    }
    _add_write(
        context,
        _Target.NOMINATION,
        target_label,
        key_text,
        key,
        fields,
        sheet,
        row,
        extra={"unit_id": unit.id},
    )


_NOMINATION_PARSERS: dict[str, CellParser] = {
    "full_name": parse_text,
    "gender": parse_gender,
    "birth_year": parse_year,
    "position": parse_text,
    "unit_name": parse_text,
    "achievements": parse_text,
    "proposed_award": parse_text,
}


def _packet_nomination(context: _Context, unit: Unit, row: PacketRow) -> None:
    parsed = _parse_packet_row(
        context, row, _NOMINATION_PARSERS, ImportTarget.NOMINEES, "full_name"
    )
    if parsed is None:
        return
    values = row.values
    _nomination(context, unit, row.sheet, row.row, parsed, {n: i.column for n, i in values.items()})


def _digital(
    context: _Context,
    village: Unit,
    sheet: str,
    row: int,
    parsed: Mapping[str, Any],
    columns: Mapping[str, str],
    raw: Mapping[str, Any],
) -> None:
    target_label = IMPORT_TARGET_LABELS[ImportTarget.DIGITAL_LITERACY]
    key = (village.id,)
    first = _duplicate(context, _Target.DIGITAL, key, row)
    if first is not None:
        _error_row(
            context,
            sheet,
            row,
            target_label,
            village.name,
            [
                CellProblem(
                    sheet,
                    row,
                    columns.get("village", ""),
                    village.name,
                    f"Thôn “{village.name}” đã có số liệu ở dòng {first}.",
                )
            ],
        )
        return
    given = {name: value for name, value in parsed.items() if name in _DIGITAL_FIELDS}
    if not any(v not in (None, "") for v in given.values()):
        _skipped_row(context, sheet, row, target_label, village.name, NO_FIGURES)
        return
    existing = context.existing.get(_Target.DIGITAL, {}).get(key)
    # A village's earlier figures stay where the file has no column for them.
    base: dict[str, Any] = (
        dict(existing[1])
        if existing is not None
        else {name: getattr(DigitalLiteracyInput(), name) for name in _DIGITAL_FIELDS}
    )
    base["note"] = base.get("note") or ""
    fields = dict(base)
    for name, value in given.items():
        if value is not None:
            fields[name] = value
    problems: list[CellProblem] = []
    meeting, population = fields.get("adults_meeting_standard"), fields.get("adult_population")
    rate = given.get("reported_rate")
    counts_in_file = (
        given.get("adults_meeting_standard") is not None
        and given.get("adult_population") is not None
    )
    rate_alone = rate is not None and not counts_in_file
    if rate_alone:
        # The file gives the rate without its counts: it replaces what was recorded before
        # (checking it against counts the file doesn't show would only confuse the clerk).
        fields["adults_meeting_standard"] = None
        fields["adult_population"] = None
    elif rate is not None and meeting is not None and population:
        computed = Decimal(meeting) * 100 / Decimal(population)
        if abs(computed - Decimal(rate)) > Decimal("0.5"):
            problems.append(
                CellProblem(
                    sheet,
                    row,
                    columns.get("reported_rate", ""),
                    raw_text(raw.get("reported_rate")),
                    f"Tỷ lệ ghi {format_percent(Decimal(rate), 2)} nhưng số người đạt chuẩn/dân "
                    f"số trưởng thành là {format_number(meeting)}/{format_number(population)} = "
                    f"{format_percent(computed, 2)}. Hãy kiểm tra lại.",
                )
            )
        # The counts say it all: the rate is computed from them.
        fields["reported_rate"] = None
    elif meeting is not None:
        fields["reported_rate"] = None
    if not problems:
        try:
            cleaned = clean_digital_input(DigitalLiteracyInput(**fields))
        except ValidationError as error:
            problems.append(
                CellProblem(
                    sheet,
                    row,
                    columns.get(error.field, ""),
                    raw_text(raw.get(error.field)),
                    error.message,
                )
            )
        else:
            fields = {name: getattr(cleaned, name) for name in _DIGITAL_FIELDS}
    if problems:
        _error_row(context, sheet, row, target_label, village.name, problems)
        return
    compared = [
        name
        for name in _DIGITAL_FIELDS
        if name in given
        or name == "reported_rate"
        or (rate_alone and name in ("adults_meeting_standard", "adult_population"))
    ]
    _add_write(
        context,
        _Target.DIGITAL,
        target_label,
        village.name,
        key,
        fields,
        sheet,
        row,
        compared=compared,
        extra={"unit_id": village.id},
    )


def _packet_digital(context: _Context, unit: Unit, row: PacketRow) -> None:
    parsers: dict[str, CellParser] = {
        name: parse_text if name == "note" else parse_count for name in row.values
    }
    parsed = _parse_packet_row(
        context, row, parsers, ImportTarget.DIGITAL_LITERACY, "", label=unit.name
    )
    if parsed is None:
        return
    _digital(
        context,
        unit,
        row.sheet,
        row.row,
        parsed,
        {n: i.column for n, i in row.values.items()},
        {n: i.value for n, i in row.values.items()},
    )


# --- foreign workbooks ------------------------------------------------------------------------


def _preview_foreign(
    context: _Context,
    source: ImportSource,
    sheets: Sequence[SheetChoice],
    unit: Unit | None,
    progress: Progress | None,
) -> None:
    wanted = [s for s in sheets if s.target != ImportTarget.NONE]
    with open_workbook(source.path) as book:
        if book.fingerprint.sha256 != source.sha256:
            raise UserError(
                f"Tệp “{source.file_name}” đã thay đổi từ lúc mở.",
                "Hãy chọn lại tệp để đọc bản mới nhất.",
            )
        total = sum(max(book.sheet(s.sheet).max_row - s.last_header_row, 0) for s in wanted)
        offset = 0
        for choice in wanted:
            sheet = book.sheet(choice.sheet)
            header = header_at(sheet, choice.header_row, choice.last_header_row)

            def on_progress(done: int, _total: int, base: int = offset) -> bool | None:
                if progress is None:
                    return None
                return progress(base + done, max(total, 1))

            try:
                _preview_sheet(context, book, sheet, header, choice, unit, on_progress)
            except ReadCancelled:
                raise ImportCancelled from None
            offset += max(sheet.max_row - choice.last_header_row, 0)
            if progress is not None and progress(offset, max(total, 1)) is False:
                raise ImportCancelled


def _skipped(context: _Context, row: ReadRow, target: str) -> None:
    _skipped_row(context, row.sheet, row.row_number, target, "", row.skipped_reason or "")


def _preview_sheet(
    context: _Context,
    book: OpenedWorkbook,
    sheet: SheetSource,
    header: HeaderGuess,
    choice: SheetChoice,
    unit: Unit | None,
    on_progress: Callable[[int, int], bool | None],
) -> None:
    target_label = IMPORT_TARGET_LABELS[choice.target]
    mapping = choice.mapping()
    if choice.target == ImportTarget.RESULTS:
        assert unit is not None
        read = read_results(
            book, context.criteria_pairs, choice.sheet, header, mapping, on_progress=on_progress
        )
        columns = read.table.columns
        for row in read.table.rows:
            if not row.is_data:
                _skipped(context, row, target_label)
        for result in read.results:
            _foreign_result(context, unit, result, columns, choice)
        return
    layout = _LAYOUTS[choice.target]
    table = read_table(book, choice.sheet, header, mapping, layout=layout, on_progress=on_progress)
    columns = table.columns
    for row in table.rows:
        if not row.is_data:
            _skipped(context, row, target_label)
            continue
        raw = {name: row.values.get(name) for name in columns}
        if choice.target == ImportTarget.DIGITAL_LITERACY:
            village_text = row.values.get("village") or ""
            problems = [_from_cell_error(e) for e in row.errors]
            village = _village(context, village_text)
            if village is None and village_text and not problems:
                problems.append(
                    CellProblem(
                        row.sheet,
                        row.row_number,
                        columns.get("village", ""),
                        village_text,
                        f"Không tìm thấy thôn “{village_text}” trong danh sách đơn vị.",
                    )
                )
            if problems or village is None:
                _error_row(context, row.sheet, row.row_number, target_label, village_text, problems)
                continue
            _digital(context, village, row.sheet, row.row_number, row.values, columns, raw)
            continue
        assert unit is not None
        if row.errors:
            name = row.values.get("full_name") or row.values.get("title") or ""
            _error_row(
                context,
                row.sheet,
                row.row_number,
                target_label,
                name or f"Dòng {row.row_number}",
                [_from_cell_error(e) for e in row.errors],
            )
            continue
        if choice.target == ImportTarget.NOMINEES:
            _nomination(context, unit, row.sheet, row.row_number, row.values, columns)
        else:
            _initiative(context, unit, row.sheet, row.row_number, row.values, columns, raw)


def _village(context: _Context, text: str) -> Unit | None:
    if not text:
        return None
    found = context.villages_by_name.get(_place_key(text)) or context.villages_by_name.get(
        _words(text).strip()
    )
    if found and len({u.id for u in found}) == 1:
        return found[0]
    return None


def _foreign_result(
    context: _Context,
    unit: Unit,
    result: Any,
    columns: Mapping[str, str],
    choice: SheetChoice,
) -> None:
    row: ReadRow = result.row
    sheet, number = row.sheet, row.row_number
    target_label = IMPORT_TARGET_LABELS[ImportTarget.RESULTS]
    wording = result.wording or ""
    code = choice.confirmed.get(number) or result.code
    sure = result.match_sure or number in choice.confirmed
    problems = [
        _from_cell_error(e)
        for e in row.errors
        # A confirmed row's "not recognised" error is answered by the confirmation.
        if not (number in choice.confirmed and e.field == "wording")
    ]
    criterion = context.criteria_by_code.get((code or "").upper())
    key_text = (
        _criterion_key_text(criterion) if criterion is not None else wording or f"Dòng {number}"
    )
    if criterion is not None and not sure and not problems:
        letter = columns.get("wording") or columns.get("code") or ""
        if result.match_score < UNRECOGNISED_SCORE:
            reason = (
                f"Không nhận ra tiêu chí “{wording}” trong bộ tiêu chí của "
                f"{context.period.name.lower()}; hãy ghi mã tiêu chí (ví dụ CT01) hoặc chọn "
                "đúng tiêu chí."
            )
        else:
            reason = (
                f"Không chắc “{wording}” là tiêu chí {_criterion_key_text(criterion)} (khớp "
                f"{format_percent(Decimal(str(result.match_score)) * 100, 0)}); hãy xác nhận "
                "hoặc chọn đúng tiêu chí."
            )
        problems.append(CellProblem(sheet, number, letter, wording, reason))
    if problems or criterion is None:
        _error_row(context, sheet, number, target_label, key_text, problems)
        return
    kind = CriterionKind(criterion.kind)
    numerator, denominator = result.numerator, result.denominator
    rate, value = result.rate_percent, result.value
    note = result.note or ""
    figure = Figure()
    raw = dict(row.values)
    cols = dict(columns)
    if kind == CriterionKind.RATE:
        if numerator is not None or denominator is not None:
            figure = Figure(
                numerator=Decimal(numerator) if numerator is not None else None,
                denominator=Decimal(denominator) if denominator is not None else None,
            )
        elif rate is not None:
            figure = Figure(value=rate)
            raw["value"] = rate
            cols["value"] = columns.get("rate", "")
        elif value is not None:
            figure = Figure(value=value)
    elif kind == CriterionKind.COUNT:
        count = (
            value
            if value is not None
            else (Decimal(numerator) if numerator is not None and denominator is None else None)
        )
        figure = Figure(value=count)
        if value is None:
            cols["value"] = columns.get("numerator", "")
            raw["value"] = numerator
    elif kind == CriterionKind.YES_NO:
        figure = Figure(yes_no=result.yes_no)
    else:
        # A qualitative criterion is judged on what the unit wrote about it.
        figure = Figure(assessment=note)
        note = ""
    _result_row(
        context,
        unit,
        criterion,
        sheet,
        number,
        figure,
        _note_with_evidence(note, result.evidence),
        cols,
        raw,
    )


# --- apply ------------------------------------------------------------------------------------


def apply_import(
    db: Database, preview: ImportPreview, *, now: datetime | None = None
) -> ImportOutcome:
    """Write exactly the new and changed rows of ``preview`` in one transaction, or nothing.

    Refused with STALE_PREVIEW_MESSAGE when a record the preview compared against changed
    since; a foreign workbook's mapping is remembered for its unit and layout."""
    plan = preview.plan
    if not isinstance(plan, _Plan):
        raise UserError("Bản xem trước này không dùng để nhập được; hãy xem trước lại.")
    now = now or datetime.now(UTC)
    today = now.astimezone().date() if now.tzinfo else now.date()
    new = sum(1 for w in plan.writes if w.old is None)
    changed = len(plan.writes) - new
    with db.session() as session:
        period = _period_or_error(session, plan.period_id)
        if any(write.target != _Target.NOMINATION for write in plan.writes):
            ensure_period_open(period)
        _check_not_stale(session, plan)
        for write in plan.writes:
            _write(session, plan, write, period, now, today)
        for choice in plan.mappings:
            _remember(session, plan.unit_id if choice.target in _NEEDS_UNIT else None, choice, now)
    if not plan.writes:
        message = (
            f"Không có gì thay đổi: mọi dòng của tệp “{plan.file_name}” đã có sẵn như trong tệp."
        )
    else:
        message = (
            f"Đã nhập {format_number(len(plan.writes))} dòng từ tệp “{plan.file_name}” "
            f"({format_number(new)} mới, {format_number(changed)} thay đổi)."
        )
    return ImportOutcome(written=len(plan.writes), new=new, changed=changed, message=message)


def _check_not_stale(session: Session, plan: _Plan) -> None:
    checked = [*plan.writes, *plan.unchanged]
    targets = {w.target for w in checked}
    current: dict[_Target, dict[tuple[Any, ...], tuple[int, dict[str, Any]]]] = {}
    if _Target.RESULT in targets:
        current[_Target.RESULT] = _existing_results(session, plan.period_id, plan.unit_ids)
    if _Target.DIGITAL in targets:
        current[_Target.DIGITAL] = _existing_digital(session, plan.period_id)
    if _Target.NOMINATION in targets:
        current[_Target.NOMINATION] = _existing_nominations(session, plan.period_id, plan.unit_ids)
    if _Target.INITIATIVE in targets:
        current[_Target.INITIATIVE] = _existing_initiatives(session, plan.period_id, plan.unit_ids)
    for write in checked:
        found = current[write.target].get(write.key)
        now_fields = found[1] if found is not None else None
        if (now_fields is None) != (write.old is None) or (
            now_fields is not None
            and write.old is not None
            and any(not _same(write.old.get(k), now_fields.get(k)) for k in write.old)
        ):
            raise UserError(STALE_PREVIEW_MESSAGE, "Có người vừa sửa dữ liệu này ở nơi khác.")
        if found is not None:
            write.extra["id"] = found[0]


def _write(
    session: Session, plan: _Plan, write: _Write, period: Period, now: datetime, today: date
) -> None:
    if write.target == _Target.RESULT:
        _write_result(session, plan, write, period, now, today)
    elif write.target == _Target.DIGITAL:
        _write_digital(session, plan, write)
    elif write.target == _Target.NOMINATION:
        _write_nomination(session, plan, write, now)
    else:
        _write_initiative(session, plan, write, today)


def _write_result(
    session: Session, plan: _Plan, write: _Write, period: Period, now: datetime, today: date
) -> None:
    record_id = write.extra.get("id")
    result = session.get(Result, record_id) if record_id else None
    if result is None:
        result = Result(
            period_id=plan.period_id,
            unit_id=write.extra["unit_id"],
            criterion_id=write.extra["criterion_id"],
        )
    for name, value in write.fields.items():
        setattr(result, name, value)
    result.source = ResultSource.IMPORTED
    result.source_file = plan.file_name
    result.source_sheet = write.sheet[:100]
    result.source_row = write.row
    result.source_sha256 = plan.sha256
    result.imported_at = now
    result.received_on = today if period.start_date <= today else None
    # New figures are reviewed afresh.
    result.review_status = ReviewStatus.RECEIVED
    result.return_reason = ""
    result.reviewer_points = None
    if result.not_applicable:
        result.verified_numerator = result.verified_denominator = result.verified_value = None
        result.verified_yes_no = None
        result.verified_on = None
        result.verified_note = ""
    session.add(result)


def _write_digital(session: Session, plan: _Plan, write: _Write) -> None:
    record_id = write.extra.get("id")
    record = session.get(DigitalLiteracy, record_id) if record_id else None
    if record is None:
        record = DigitalLiteracy(period_id=plan.period_id, unit_id=write.extra["unit_id"])
    for name, value in write.fields.items():
        setattr(record, name, value)
    session.add(record)


def _write_nomination(session: Session, plan: _Plan, write: _Write, now: datetime) -> None:
    record_id = write.extra.get("id")
    record = session.get(Nomination, record_id) if record_id else None
    if record is None:
        record = Nomination(
            period_id=plan.period_id,
            proposing_unit_id=write.extra["unit_id"],
            full_name=write.fields["full_name"],
            created_at=now,
        )
    for name, value in write.fields.items():
        setattr(record, name, value)
    record.source = NominationSource.IMPORTED
    record.source_file = plan.file_name
    record.source_sheet = write.sheet[:100]
    record.source_row = write.row
    session.add(record)


def _write_initiative(session: Session, plan: _Plan, write: _Write, today: date) -> None:
    fields = write.fields
    record_id = write.extra.get("id")
    data = InitiativeInput(
        title=fields["title"],
        kind=fields["kind"],
        unit_id=write.extra["unit_id"],
        sector=fields["sector"],
        applied_on=fields["applied_on"],
        summary=fields["summary"],
        benefits=fields["benefits"],
        author_ids=tuple(fields["author_ids"]),
    )
    # The service's own rules, inside this transaction (a person deleted since the preview).
    cleaned = clean_initiative_input(session, data, today)
    check_initiative_title_free(session, plan.period_id, cleaned, record_id)
    record = session.get(Initiative, record_id) if record_id else None
    if record is None:
        record = Initiative(period_id=plan.period_id, title=cleaned.title)
    record.kind = cleaned.kind
    record.title = cleaned.title
    record.unit_id = cleaned.unit_id
    record.sector = cleaned.sector.value if cleaned.sector else None
    record.applied_on = cleaned.applied_on
    record.summary = cleaned.summary
    record.benefits = cleaned.benefits
    session.add(record)
    session.flush()
    for author in session.exec(
        select(InitiativeAuthor).where(InitiativeAuthor.initiative_id == record.id)
    ).all():
        session.delete(author)
    session.flush()
    for position, person_id in enumerate(cleaned.author_ids):
        session.add(
            InitiativeAuthor(initiative_id=record.id or 0, person_id=person_id, position=position)
        )
    session.flush()


def _remember(session: Session, unit_id: int | None, choice: SheetChoice, now: datetime) -> None:
    query = select(ImportMapping).where(ImportMapping.layout_key == choice.layout_key)
    query = (
        query.where(col(ImportMapping.unit_id).is_(None))
        if unit_id is None
        else query.where(ImportMapping.unit_id == unit_id)
    )
    record = session.exec(query).first()
    if record is None:
        record = ImportMapping(
            unit_id=unit_id, layout_key=choice.layout_key, header_row=choice.header_row, mapping=""
        )
    record.sheet_name = choice.sheet[:100]
    record.header_row = choice.header_row
    record.mapping = json.dumps(choice.mapping(), ensure_ascii=False, sort_keys=True)
    record.updated_at = now
    session.add(record)


# --- the error workbook -----------------------------------------------------------------------


def error_workbook(source_path: str | Path, preview: ImportPreview, target: str | Path) -> Path:
    """A copy of the workbook with every bad cell filled light red and commented with its
    reason, and a first sheet "Lỗi cần sửa" listing them; saved atomically at ``target``.
    It is what the office sends back to the unit."""
    from kt_desktop.sheets.error_copy import MarkedCell, write_error_copy

    marks = [MarkedCell(p.sheet, p.row, p.column, p.value, p.reason) for p in preview.errors()]
    return write_error_copy(Path(source_path), marks, Path(target))


# --- the headless command (main.py import) ----------------------------------------------------


def unit_id_by_code(db: Database, code: str) -> int:
    """The unit with this code (case and spacing aside); UserError naming it when none."""
    wanted = clean_text(code).casefold()
    with db.session() as session:
        for unit in session.exec(select(Unit)).all():
            if unit.code.casefold() == wanted:
                return unit.id or 0
    raise UserError(
        f"Không có đơn vị nào mã “{clean_text(code)}”.",
        "Hãy xem mã đơn vị trong trang Đơn vị của chương trình rồi chạy lại lệnh.",
    )


def period_id_by_year(db: Database, year: int) -> int:
    """The annual period of ``year``; UserError naming the years there are when none."""
    with db.session() as session:
        periods = session.exec(select(Period).where(Period.kind == PeriodKind.ANNUAL)).all()
    for period in periods:
        if period.year == year:
            return period.id or 0
    years = ", ".join(str(p.year) for p in sorted(periods, key=lambda p: p.year))
    raise UserError(f"Không có kỳ thi đua năm {year}.", f"Các năm có trong chương trình: {years}.")


def unsure_guesses(source: ImportSource) -> list[str]:
    """Why a script should not write on guesses alone: the unit or period of a foreign
    workbook found only in its file name, or among several (empty when sure enough)."""
    reasons = []
    if source.unit_id is not None and source.unit_guess.certainty == Certainty.LIKELY:
        reasons.append(
            f"Không chắc tệp là của “{source.unit_name}” ({source.unit_guess.reason}); hãy ghi "
            "rõ mã đơn vị bằng --unit."
        )
    if source.period_id is not None and source.period_guess.certainty == Certainty.LIKELY:
        reasons.append(
            f"Không chắc tệp là số liệu {source.period_name.lower()} "
            f"({source.period_guess.reason}); hãy ghi rõ năm bằng --period."
        )
    return reasons


def command_json(
    source: ImportSource, preview: ImportPreview, outcome: ImportOutcome | None
) -> dict[str, Any]:
    """The preview as JSON (ImportPreview.as_json), with how the unit and period were found,
    each sheet's mapping, and what was written (None for a dry run)."""
    data = preview.as_json()
    data["unit_guess"] = source.unit_guess.text
    data["period_guess"] = source.period_guess.text
    data["sheets"] = [
        {
            "sheet": s.sheet,
            "target": s.target.value,
            "target_text": s.target_label,
            "header_row": s.header_row,
            "remembered": s.remembered,
            "mapping": s.mapping(),
        }
        for s in source.sheets
    ]
    data["outcome"] = (
        None
        if outcome is None
        else {
            "written": outcome.written,
            "new": outcome.new,
            "changed": outcome.changed,
            "message": outcome.message,
        }
    )
    return data


def command_text(
    source: ImportSource, preview: ImportPreview, outcome: ImportOutcome | None
) -> str:
    """The preview as a clerk or IT staff reads it on a console, in Vietnamese."""
    kind = "gói báo cáo" if source.kind == ImportKind.PACKET else "bảng của đơn vị"
    lines = [f"Tệp “{preview.file_name}” ({kind})."]
    if preview.unit_name:
        lines.append(f"Đơn vị: {preview.unit_name} ({source.unit_guess.text}).")
    lines.append(f"Kỳ: {preview.period_name} ({source.period_guess.text}).")
    for sheet in source.sheets:
        if source.kind == ImportKind.PACKET or sheet.target == ImportTarget.NONE:
            continue
        how = "ghép cột đã nhớ" if sheet.remembered else "ghép cột đề xuất"
        lines.append(
            f"Trang “{sheet.sheet}”: {sheet.target_label}, tiêu đề cột ở dòng "
            f"{sheet.header_row}, {how}."
        )
    lines.extend(f"Lưu ý: {problem}" for problem in preview.problems)
    lines.append(preview.summary)
    for status, title in (
        (RowStatus.ERROR, "Lỗi"),
        (RowStatus.CHANGED, "Thay đổi"),
        (RowStatus.NEW, "Mới"),
        (RowStatus.SKIPPED, "Bỏ qua"),
    ):
        rows = [row for row in preview.rows if row.status == status]
        if not rows:
            continue
        lines.append(f"{title}:")
        for row in rows:
            where = f"  Trang “{row.sheet}”, dòng {row.row}"
            if status == RowStatus.ERROR:
                for problem in row.problems:
                    cell = f"ô {problem.column}{problem.row}" if problem.column else where
                    shown = f" (giá trị “{problem.value}”)" if problem.value else ""
                    lines.append(f"  Trang “{problem.sheet}”, {cell}{shown}: {problem.reason}")
            elif status == RowStatus.CHANGED:
                changes = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in row.changes)
                lines.append(f"{where}, {row.key}: {changes}")
            elif status == RowStatus.NEW:
                values = "; ".join(f"{label}: {value}" for label, value in row.values)
                lines.append(f"{where}, {row.key}: {values}")
            else:
                lines.append(f"{where}: {row.reason}")
    if outcome is None:
        lines.append("Chỉ xem trước (--dry-run): chưa ghi gì vào cơ sở dữ liệu.")
    else:
        lines.append(outcome.message)
    return "\n".join(lines)
