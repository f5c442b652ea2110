"""Which units have sent their results for a period (tình hình nộp kết quả), and the reminder
letter (công văn đôn đốc) to those that have not."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import ColumnElement, Connection, String, case, select, type_coerce
from sqlalchemy.sql.elements import ClauseElement
from sqlmodel import col

from kt_desktop.domain import Criterion, Result, Unit
from kt_desktop.domain.enums import DocumentKind, PeriodKind, ReviewStatus, UnitKind
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.figures import (
    CELL_STATE_LABELS,
    OWED_STATES,
    CellState,
    applies_to_unit,
    cell_state,
)
from kt_desktop.services.movement import require_period
from kt_desktop.text import (
    CollationKey,
    clean_text,
    collation_key,
    format_date_long,
    format_date_short,
)

# A letter names its addressees after "Kính gửi:" up to this many; beyond, it points to the
# list attached to it.
MAX_NAMED_ADDRESSEES = 6
ADDRESSEES_BY_LIST = "Các đơn vị có tên tại danh sách kèm theo"
ANNEX_HEADERS = ["STT", "Đơn vị", "Tiêu chí còn thiếu", "Tình trạng"]
ANNEX_COLUMN_WIDTHS = [1.2, 3.4, 6.0, 3.2]
SHORT_WORDING_LENGTH = 60

# The fixed wording of the reminder letter, in one place. The per-kind wording of the register
# (Cài đặt → Mẫu văn bản) supplies what every official letter shares: the closing sentence,
# "Nơi nhận" and the signer's capacity; these paragraphs are the reminder's own. Blanks in
# braces are filled by `reminder_paragraphs`; the clerk can still edit the draft's text in the
# "Văn bản đi" page before issuing it.
REMINDER_WORDING = {
    "summary": "V/v đôn đốc gửi kết quả thực hiện phong trào thi đua {ky}",
    "annex_title": "Đơn vị chưa hoàn thành gửi kết quả thực hiện phong trào thi đua {ky}",
    "background": (
        "Thực hiện {ke_hoach}, Ủy ban nhân dân xã đã đề nghị các cơ quan, đơn vị tổng hợp, "
        "báo cáo kết quả thực hiện các tiêu chí thi đua {ky} kèm theo tài liệu minh chứng, gửi "
        "về {co_quan_thuong_truc} để theo dõi, đánh giá và xét khen thưởng."
    ),
    "situation": (
        "Tính đến {hom_nay}, theo tổng hợp của {co_quan_thuong_truc}, còn {so_don_vi} đơn vị "
        "chưa gửi đầy đủ kết quả thực hiện các tiêu chí thi đua và tài liệu minh chứng (chi "
        "tiết tại danh sách kèm theo)."
    ),
    "request": (
        "Để kịp thời tổng hợp, đánh giá kết quả phong trào thi đua {ky}, Ủy ban nhân dân xã "
        "đề nghị {don_vi} khẩn trương hoàn thiện, gửi số liệu, kết quả thực hiện các tiêu chí "
        "còn thiếu kèm theo tài liệu minh chứng về {co_quan_thuong_truc} trước {han_gui}. Sau "
        "thời hạn trên, tiêu chí nào chưa có kết quả sẽ không được tính điểm khi đánh giá "
        "phong trào thi đua."
    ),
    "returned": (
        "Đối với các tiêu chí có kết quả đã bị trả lại, đề nghị {don_vi} chỉnh sửa, bổ sung "
        "theo lý do nêu tại danh sách kèm theo rồi gửi lại."
    ),
    "contact": (
        "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị liên hệ {co_quan_thuong_truc}"
        "{nguoi_lien_he} để được hướng dẫn."
    ),
    "all_missing": "Chưa gửi kết quả tiêu chí nào ({so_tieu_chi} tiêu chí)",
}


@dataclass(frozen=True)
class MatrixUnit:
    id: int
    code: str
    name: str
    kind: UnitKind


@dataclass(frozen=True)
class MatrixCriterion:
    id: int
    code: str
    wording: str
    unit_kinds: frozenset[UnitKind]


@dataclass(frozen=True)
class CompletenessMatrix:
    """Rows are units (by kind, then Vietnamese name order), columns criteria (by their order).

    `cells[row][column]` is the unit's CellState on the criterion, or None when the criterion
    is not meant for the unit's kind (nothing is owed there). `return_reasons` holds the
    office's reason for each returned cell, by (unit id, criterion id)."""

    period_id: int
    period_name: str
    period_phrase: str  # "năm 2026": the period as a sentence names it
    results_locked: bool
    unit_kind: UnitKind | None
    units: list[MatrixUnit]
    criteria: list[MatrixCriterion]
    cells: list[list[CellState | None]]
    return_reasons: dict[tuple[int, int], str]
    counts: dict[CellState, int]
    unit_counts: list[dict[CellState, int]]
    owed: list[tuple[int, ...]]  # per row: the columns still owed (missing or returned)

    def row_of(self, unit_id: int) -> int:
        """The row of `unit_id`, or -1 if the unit is not listed."""
        for row, unit in enumerate(self.units):
            if unit.id == unit_id:
                return row
        return -1

    def return_reason(self, row: int, column: int) -> str:
        key = (self.units[row].id, self.criteria[column].id)
        return self.return_reasons.get(key, "")

    def late_unit_count(self) -> int:
        return sum(1 for columns in self.owed if columns)


@dataclass(frozen=True)
class OwedItem:
    criterion: MatrixCriterion
    state: CellState  # MISSING or RETURNED
    return_reason: str


@dataclass(frozen=True)
class LateUnit:
    unit: MatrixUnit
    owed: tuple[OwedItem, ...]
    applicable: int  # how many criteria apply to the unit

    @property
    def sent_nothing(self) -> bool:
        return len(self.owed) == self.applicable and all(
            item.state == CellState.MISSING for item in self.owed
        )


# A result's cell state computed by the database as a small number (an index into
# _STATES_BY_CODE), following figures.cell_state: "không áp dụng" first, then the review.
_STATES_BY_CODE: tuple[CellState, ...] = tuple(CellState)
_review_status: ColumnElement[str] = type_coerce(col(Result.review_status), String)
_STATE_CODE_SQL = case(
    (col(Result.not_applicable), _STATES_BY_CODE.index(CellState.NOT_APPLICABLE)),
    *(
        (
            _review_status == status.value,
            _STATES_BY_CODE.index(cell_state(True, False, status.value)),
        )
        for status in ReviewStatus
    ),
    else_=_STATES_BY_CODE.index(CellState.RECEIVED),
)
_RETURN_REASON_SQL = case(
    (_review_status == ReviewStatus.RETURNED.value, col(Result.return_reason))
)
_KIND_ORDER = {kind: position for position, kind in enumerate(UnitKind)}


def _plain_rows(connection: Connection, statement: ClauseElement) -> list[tuple[Any, ...]]:
    """The rows of `statement` as the database driver's plain tuples.

    For the one read of tens of thousands of rows: wrapping each in SQLAlchemy's Row costs
    as much as reading it. The statement's values (ids, codes, fixed status words) are
    written into the SQL, so no parameter style is involved."""
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def period_phrase(kind: PeriodKind, year: int, name: str) -> str:
    """How a sentence names the period: "năm 2026", "sơ kết giai đoạn 1 (2025–2027)"."""
    if kind == PeriodKind.ANNUAL:
        return f"năm {year}"
    return name[:1].lower() + name[1:]


# Sort keys of unit names, kept between calls: the page reloads the same names all day.
_NAME_KEYS: dict[str, CollationKey] = {}
_NAME_KEYS_LIMIT = 50_000


def _name_key(name: str) -> CollationKey:
    key = _NAME_KEYS.get(name)
    if key is None:
        if len(_NAME_KEYS) >= _NAME_KEYS_LIMIT:
            _NAME_KEYS.clear()
        key = _NAME_KEYS[name] = collation_key(name)
    return key


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while tens of thousands of small, acyclic objects
    (row tuples, cell lists) are made: otherwise it walks the whole heap many times over,
    a sixth of the time of building the matrix."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def completeness_matrix(
    db: Database, period_id: int, unit_kind: UnitKind | None = None
) -> CompletenessMatrix:
    """Every active unit (of `unit_kind`, or all) against the period's criteria meant for
    units: one core select of the period's results, no ORM objects."""
    with _collector_paused():
        return _completeness_matrix(db, period_id, unit_kind)


def _completeness_matrix(
    db: Database, period_id: int, unit_kind: UnitKind | None
) -> CompletenessMatrix:
    with db.session() as session:
        period = require_period(session, period_id)
        unit_query = select(
            col(Unit.id), col(Unit.code), col(Unit.name), type_coerce(col(Unit.kind), String)
        ).where(col(Unit.active))
        if unit_kind is not None:
            unit_query = unit_query.where(col(Unit.kind) == UnitKind(unit_kind))
        unit_rows = _plain_rows(session.connection(), unit_query)
        criterion_rows = (
            session.connection()
            .execute(
                select(
                    col(Criterion.id),
                    col(Criterion.code),
                    type_coerce(col(Criterion.subject), String),
                    col(Criterion.wording),
                    col(Criterion.unit_kinds),
                )
                .where(col(Criterion.period_id) == period_id)
                .order_by(col(Criterion.sort_order), col(Criterion.code))
            )
            .all()
        )
        result_rows = _plain_rows(
            session.connection(),
            select(
                col(Result.unit_id),
                col(Result.criterion_id),
                _STATE_CODE_SQL,
                case(
                    (col(Result.review_status) == ReviewStatus.RETURNED, col(Result.return_reason))
                ),
            ).where(col(Result.period_id) == int(period_id)),
        )
        name = period.name
        phrase = period_phrase(period.kind, period.year, period.name)
        locked = bool(period.results_lock_reason)

    kind_order = _KIND_ORDER
    units = sorted(
        (MatrixUnit(int(r[0]), r[1], r[2], UnitKind(r[3])) for r in unit_rows),
        key=lambda u: (kind_order[u.kind], _name_key(u.name), u.code),
    )
    kinds_listed = {u.kind for u in units}
    criteria = []
    for r in criterion_rows:
        # Only criteria meant for units, and for at least one kind on the list.
        if any(applies_to_unit(r[2], r[4], kind) for kind in kinds_listed):
            criteria.append(
                MatrixCriterion(r[0] or 0, r[1], r[3], frozenset(UnitKind(k) for k in r[4]))
            )

    # Each row starts as its kind's template (missing where a criterion applies, None where it
    # is not meant for the kind); the results then fill in what was received.
    templates = {
        kind: [CellState.MISSING if kind in c.unit_kinds else None for c in criteria]
        for kind in kinds_listed
    }
    cells: list[list[CellState | None]] = [list(templates[u.kind]) for u in units]
    row_of = {u.id: row for row, u in enumerate(units)}
    column_of = {c.id: column for column, c in enumerate(criteria)}
    reasons: dict[tuple[int, int], str] = {}
    states = _STATES_BY_CODE
    for unit_id, criterion_id, code, reason in result_rows:
        row = row_of.get(unit_id)
        column = column_of.get(criterion_id)
        if row is None or column is None:
            continue  # an inactive unit, a person's result, a criterion not for units
        line = cells[row]
        if line[column] is None:
            continue  # a stray result on a criterion not meant for the unit's kind
        line[column] = states[code]
        if reason:
            reasons[(unit_id, criterion_id)] = reason

    unit_counts: list[dict[CellState, int]] = []
    owed: list[tuple[int, ...]] = []
    for line in cells:
        counted = Counter(line)
        unit_counts.append({state: n for state, n in counted.items() if state is not None})
        owed.append(tuple(i for i, state in enumerate(line) if state in OWED_STATES))
    totals = Counter(chain.from_iterable(cells))
    counts = {state: totals.get(state, 0) for state in CellState}
    return CompletenessMatrix(
        period_id=period_id,
        period_name=name,
        period_phrase=phrase,
        results_locked=locked,
        unit_kind=unit_kind,
        units=units,
        criteria=criteria,
        cells=cells,
        return_reasons=reasons,
        counts=counts,
        unit_counts=unit_counts,
        owed=owed,
    )


def late_units(
    matrix: CompletenessMatrix, unit_ids: list[int] | set[int] | None = None
) -> list[LateUnit]:
    """The units that still owe something (of `unit_ids`, if given), in the matrix's order."""
    wanted = None if unit_ids is None else set(unit_ids)
    late = []
    for row, unit in enumerate(matrix.units):
        columns = matrix.owed[row]
        if not columns or (wanted is not None and unit.id not in wanted):
            continue
        cells = matrix.cells[row]
        owed = []
        for column in columns:
            state = cells[column]
            assert state is not None
            owed.append(OwedItem(matrix.criteria[column], state, matrix.return_reason(row, column)))
        late.append(LateUnit(unit, tuple(owed), applicable=sum(1 for s in cells if s is not None)))
    return late


def short_wording(text: str, limit: int = SHORT_WORDING_LENGTH) -> str:
    """`text` cut at a word before `limit` characters, with "…" when cut."""
    text = clean_text(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.–-") + "…"


def owed_state_text(item: OwedItem) -> str:
    """ "Chưa nộp", or "Trả lại: <reason>"."""
    label = CELL_STATE_LABELS[item.state]
    if item.state == CellState.RETURNED and item.return_reason:
        return f"{label}: {clean_text(item.return_reason)}"
    return label


def annex_rows(late: list[LateUnit]) -> list[list[str]]:
    """One row per owed criterion, numbered by unit (the number on the unit's first row only;
    the unit's name on every row, so a row carried to the next page still says whose it
    is). A unit that sent nothing at all takes one row."""
    rows: list[list[str]] = []
    for number, entry in enumerate(late, start=1):
        if entry.sent_nothing and len(entry.owed) > 1:
            text = REMINDER_WORDING["all_missing"].format(so_tieu_chi=f"{entry.applicable:02d}")
            rows.append([str(number), entry.unit.name, text, CELL_STATE_LABELS[CellState.MISSING]])
            continue
        for position, item in enumerate(entry.owed):
            first = position == 0
            rows.append(
                [
                    str(number) if first else "",
                    entry.unit.name,
                    f"{item.criterion.code} – {short_wording(item.criterion.wording)}",
                    owed_state_text(item),
                ]
            )
    return rows


def _contact_phrase(identity_office: str, signers: list[tuple[str, str]]) -> str:
    """ " (đồng chí Trần Thị Hoa, Trưởng phòng Văn hóa – Xã hội)" when the office's head is
    among the signers with a name; "" otherwise."""
    office = identity_office.casefold()
    for title, full_name in signers:
        if full_name and office and office in title.casefold():
            return f" (đồng chí {full_name}, {title})"
    return ""


def reminder_paragraphs(
    late: list[LateUnit],
    phrase: str,
    deadline: date,
    today: date,
    office_name: str,
    plan_reference: str,
    contact: str = "",
) -> list[str]:
    """The letter's body, from REMINDER_WORDING."""
    values = {
        "ke_hoach": plan_reference,
        "ky": phrase,
        "co_quan_thuong_truc": office_name,
        "hom_nay": format_date_long(today),
        "han_gui": format_date_long(deadline),
        "so_don_vi": f"{len(late):02d}",
        "don_vi": "các đơn vị" if len(late) > 1 else "đơn vị",
        "nguoi_lien_he": contact,
    }
    keys = ["background", "situation", "request"]
    if any(item.state == CellState.RETURNED for entry in late for item in entry.owed):
        keys.append("returned")
    keys.append("contact")
    return [REMINDER_WORDING[key].format_map(values) for key in keys]


def create_reminder_letter(
    db: Database,
    period_id: int,
    unit_ids: list[int],
    deadline: date,
    signer_name: str | None = None,
    today: date | None = None,
) -> int:
    """A draft official letter in the register of outgoing documents, asking the chosen units
    to send what they still owe by `deadline`, with the list of what each owes attached.
    Returns the draft's id. The signer defaults to the first signer named in the settings."""
    from kt_desktop.services.outgoing import create_draft
    from kt_desktop.services.seed import PLAN_REFERENCE
    from kt_desktop.services.settings import get_commune_identity

    today = today or date.today()
    if not unit_ids:
        raise UserError(
            "Chưa chọn đơn vị nào để đôn đốc.",
            "Hãy chọn (bôi đen) các dòng của đơn vị còn thiếu kết quả trong bảng.",
        )
    if deadline < today:
        raise ValidationError(
            f"Hạn gửi {format_date_short(deadline)} đã qua.",
            field="deadline",
            hint="Hãy chọn hạn gửi từ hôm nay trở đi.",
        )
    matrix = completeness_matrix(db, period_id)
    if matrix.results_locked:
        raise UserError(
            f"Kết quả {matrix.period_phrase} đã khóa nên không nhận thêm kết quả; không cần "
            "đôn đốc."
        )
    listed = {unit.id: row for row, unit in enumerate(matrix.units)}
    chosen = list(dict.fromkeys(unit_ids))
    unknown = [unit_id for unit_id in chosen if unit_id not in listed]
    if unknown:
        raise UserError(
            "Có đơn vị được chọn đã ngừng hoạt động hoặc không còn trong danh sách.",
            "Hãy tải lại trang rồi chọn lại.",
        )
    complete = [matrix.units[listed[u]].name for u in chosen if not matrix.owed[listed[u]]]
    if complete:
        quoted = ", ".join(f"“{name}”" for name in complete)
        raise UserError(
            f"{'Đơn vị' if len(complete) == 1 else 'Các đơn vị'} {quoted} đã gửi đủ kết quả "
            f"{matrix.period_phrase} nên không cần đôn đốc.",
            "Hãy bỏ chọn, chỉ chọn các đơn vị còn thiếu (đánh dấu “Chỉ đơn vị còn thiếu”).",
        )
    late = late_units(matrix, chosen)
    identity = get_commune_identity(db)
    if signer_name is None:
        signer_name = next((s.full_name for s in identity.signers if s.full_name), "")
    if not clean_text(signer_name):
        raise UserError(
            "Chưa có người ký trong Cài đặt nên chưa soạn được công văn.",
            "Hãy nhập họ tên người ký ở Cài đặt → Thông tin cơ quan và người ký.",
        )
    names = [entry.unit.name for entry in late]
    contact = _contact_phrase(
        identity.office_name, [(s.title, s.full_name) for s in identity.signers]
    )
    content: dict[str, Any] = {
        "addressees": names if len(names) <= MAX_NAMED_ADDRESSEES else [ADDRESSEES_BY_LIST],
        "paragraphs": reminder_paragraphs(
            late,
            matrix.period_phrase,
            deadline,
            today,
            identity.office_name,
            PLAN_REFERENCE,
            contact,
        ),
        "annex": {
            "title_lines": [
                "DANH SÁCH",
                REMINDER_WORDING["annex_title"].format(ky=matrix.period_phrase),
            ],
            "headers": ANNEX_HEADERS,
            "rows": annex_rows(late),
            "column_widths": ANNEX_COLUMN_WIDTHS,
        },
        # Where the letter came from, for whoever reads the register later.
        "reminder": {
            "period_id": period_id,
            "unit_ids": [entry.unit.id for entry in late],
            "deadline": deadline.isoformat(),
        },
    }
    return create_draft(
        db,
        DocumentKind.OFFICIAL_LETTER,
        today.year,
        REMINDER_WORDING["summary"].format(ky=matrix.period_phrase),
        signer_name,
        "",
        content,
    )
