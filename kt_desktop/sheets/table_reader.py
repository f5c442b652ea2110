"""Reading a table from a unit's workbook, row by row, every value parsed and every error located.

The import service (and its preview dialog and command line) builds on this, typically::

    with open_workbook(path) as book:                       # safety: refuses bad files
        sheet = book.sheet()                                # or book.sheet("Kết quả")
        header = find_header(sheet)                         # layout
        key = layout_key(header)                            # look up a remembered mapping
        proposal = propose_mapping(header, RESULTS_LAYOUT.synonyms)
        mapping = remembered or proposal.mapping()          # the clerk may correct it
        read = read_results(book, criteria, header=header, mapping=mapping, on_progress=...)
        # or, for the other tables: read_table(book, header=header, mapping=mapping,
        #                                       layout=NOMINEES_LAYOUT, on_progress=...)
    book.fingerprint.sha256                                 # kept with each imported result

``read_table(source, sheet_name=None, header=None, mapping=None, parsers=None, *, layout=None,
required=None, label_fields=None, on_progress=None) -> TableRead``

* ``source``: a path (opened with :func:`~kt_desktop.sheets.safety.open_workbook` and closed
  again), an :class:`~kt_desktop.sheets.safety.OpenedWorkbook` (pick ``sheet_name``, default
  the first visible sheet), a :class:`~kt_desktop.sheets.safety.SheetSource`, or an ordinary
  openpyxl worksheet (tests).
* ``header``: a :class:`~kt_desktop.sheets.layout.HeaderGuess` (from ``find_header``), a header
  row number (a remembered mapping's ``header_row``; one header row), or None to find it.
* ``mapping``: column letter -> field, as the clerk confirmed it; None takes the proposal of
  ``propose_mapping(header, layout.synonyms)``.
* ``parsers``: field -> cells parser, overriding ``layout.parsers`` (unknown fields are text).
* ``required``: fields every data row must fill (``layout.required`` by default); a required
  field with no column raises ValidationError (``field`` = the field) before anything is read.
* ``label_fields``: fields that only describe a row (``layout.label_fields``): a row with values
  only there is skipped as "no figures".
* ``on_progress(rows_done, rows_total)``: called every 250 rows and once at the end; return
  False to stop (raises :class:`ReadCancelled`, a plain Exception, not a UserError).

:class:`TableRead` has ``sheet``, ``header``, ``mapping`` (letter -> field as used), ``columns``
(field -> letter), ``rows``, ``stats`` (:class:`ReadStats`: rows, data_rows, skipped_rows,
rows_with_errors, errors, seconds) and ``fingerprint`` (when it opened the file itself or was
given the OpenedWorkbook). Its rows run from the first data row to the last non-blank one
(formatted empty rows at the end are not reported). Each :class:`ReadRow` has ``sheet``,
``row_number``, ``kind`` (:class:`~kt_desktop.sheets.layout.RowKind`), ``values`` (field ->
parsed value, None when blank), ``raw`` (field -> the cell's value as read), ``errors``
(:class:`~kt_desktop.sheets.cells.CellError`: sheet, row, column letter, raw value, Vietnamese
reason, field) and ``skipped_reason`` ("Dòng 13 là dòng tổng cộng.") for the rows that are not
data. Cells merged down several rows give their value to every row they cover; formulas give
their cached value, and a formula without one, or an Excel error value, is an error naming the
cell. Damaged XML met while reading raises WorkbookRefused (CORRUPT). The reading streams
(openpyxl read-only; cell objects, for their number formats, only when a mapped parser needs
them): a 5,000-row sheet is previewed in 1.5-1.9 × the time openpyxl takes merely to open it
and iterate its cells (tests/benchmarks/test_sheet_reading_speed.py; budget 2 ×).

``read_results(source, criteria, sheet_name=None, header=None, mapping=None, *,
on_progress=None) -> ResultsRead`` reads a results table
(:data:`~kt_desktop.sheets.layout.RESULTS_LAYOUT`); ``criteria`` are (code, text) pairs, a code
repeated with its wording and its numerator's and denominator's labels. For each data row a
:class:`ResultRow` gives the criterion (``code`` by the code column, else by wording;
``match_score``, ``match_sure``, and ``alternatives`` when unsure), ``numerator``,
``denominator``, ``rate_percent``, ``value``, ``yes_no``, ``note``, ``evidence``, and ``kpi``
(CTn -> n). A rate given with its numerator and denominator must agree with them (within the
rounding of the decimals shown; a bare 0-1 value takes whichever reading agrees, see
:func:`~kt_desktop.sheets.cells.percent_readings`); a disagreement, an unknown code or a row
naming no criterion is an error on that row. Checking figures against the criterion's kind
(both counts present, numerator <= denominator, ...) is left to
``services.figures.validate_figure``, as for typed results.

:func:`read_results_sample` gives the plain figures per row as ``expected.json`` states them;
:func:`plan_rate_criteria` the plan's CT01-CT11 as (code, text) pairs.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from kt_desktop.errors import ValidationError
from kt_desktop.sheets.cells import (
    EXCEL_ERRORS,
    CellError,
    CellParser,
    error_value_reason,
    formula_without_value_reason,
    needs_number_format,
    parse_text,
    percent_readings,
    plain_decimal,
)
from kt_desktop.sheets.layout import (
    RESULTS_LAYOUT,
    CriterionMatcher,
    HeaderGuess,
    RowClass,
    RowClassifier,
    RowKind,
    TableLayout,
    find_header,
    header_at,
    propose_mapping,
)
from kt_desktop.sheets.safety import (
    FileFingerprint,
    OpenedWorkbook,
    SheetSource,
    open_workbook,
    reading_guard,
)
from kt_desktop.text import format_number

__all__ = [
    "ReadCancelled",
    "ReadRow",
    "ReadStats",
    "ResultRow",
    "ResultsRead",
    "TableRead",
    "plan_rate_criteria",
    "read_results",
    "read_results_sample",
    "read_table",
]

ProgressCallback = Callable[[int, int], "bool | None"]
_PROGRESS_EVERY = 250


class ReadCancelled(Exception):
    """The clerk cancelled the reading (``on_progress`` returned False)."""


@dataclass
class ReadRow:
    """One sheet row under the header: data (``kind`` DATA) or skipped with a reason."""

    sheet: str
    row_number: int
    kind: RowKind
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)
    skipped_reason: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)  # field -> the cell's value as read

    @property
    def is_data(self) -> bool:
        return self.kind == RowKind.DATA

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)


@dataclass(frozen=True)
class ReadStats:
    rows: int
    data_rows: int
    skipped_rows: int
    rows_with_errors: int
    errors: int
    seconds: float


@dataclass
class TableRead:
    """What :func:`read_table` found. ``mapping`` is column letter -> field as used."""

    sheet: str
    header: HeaderGuess
    mapping: dict[str, str]
    rows: list[ReadRow]
    stats: ReadStats
    fingerprint: FileFingerprint | None = None

    @property
    def columns(self) -> dict[str, str]:
        """Field -> column letter."""
        return {name: letter for letter, name in self.mapping.items()}

    def data_rows(self) -> list[ReadRow]:
        return [row for row in self.rows if row.is_data]

    def skipped_rows(self) -> list[ReadRow]:
        return [row for row in self.rows if not row.is_data]

    def errors(self) -> list[CellError]:
        return [error for row in self.rows for error in row.errors]


# ---------------------------------------------------------------------------------------------
# read_table


def read_table(
    source: str | Path | OpenedWorkbook | SheetSource | Any,
    sheet_name: str | None = None,
    header: HeaderGuess | int | None = None,
    mapping: Mapping[str, str] | None = None,
    parsers: Mapping[str, CellParser] | None = None,
    *,
    layout: TableLayout | None = None,
    required: Collection[str] | None = None,
    label_fields: Collection[str] | None = None,
    on_progress: ProgressCallback | None = None,
) -> TableRead:
    """Read one table; see the module's docstring for the arguments and the result."""
    with _sheet_of(source, sheet_name) as (sheet, fingerprint):
        return _read(
            sheet,
            fingerprint,
            header,
            mapping,
            parsers,
            layout,
            required,
            label_fields,
            on_progress,
        )


@contextmanager
def _sheet_of(source: Any, sheet_name: str | None) -> Iterator[tuple[Any, FileFingerprint | None]]:
    if isinstance(source, str | Path):
        with open_workbook(source) as book:
            yield book.sheet(sheet_name), book.fingerprint
    elif isinstance(source, OpenedWorkbook):
        yield source.sheet(sheet_name), source.fingerprint
    else:
        yield source, None


def _read(
    sheet: Any,
    fingerprint: FileFingerprint | None,
    header: HeaderGuess | int | None,
    mapping: Mapping[str, str] | None,
    parsers: Mapping[str, CellParser] | None,
    layout: TableLayout | None,
    required: Collection[str] | None,
    label_fields: Collection[str] | None,
    on_progress: ProgressCallback | None,
) -> TableRead:
    started = time.perf_counter()
    path = sheet.path if isinstance(sheet, SheetSource) else Path(".")
    with reading_guard(path):
        if header is None:
            header = find_header(sheet)
        elif isinstance(header, int):
            header = header_at(sheet, header)
        if mapping is None:
            if layout is None:
                raise ValueError("read_table needs a mapping or a layout to propose one")
            mapping = propose_mapping(header, layout.synonyms).mapping()
        mapping = dict(mapping)
        all_parsers = dict(layout.parsers if layout else {})
        all_parsers.update(parsers or {})
        if required is None:
            required = layout.required if layout else ()
        if label_fields is None:
            label_fields = layout.label_fields if layout else frozenset()
        _check_required_mapped(tuple(required), mapping, layout)
        rows = list(
            _rows(
                sheet,
                header,
                mapping,
                all_parsers,
                tuple(required),
                frozenset(label_fields),
                layout,
                on_progress,
            )
        )
    data = sum(1 for row in rows if row.is_data)
    with_errors = sum(1 for row in rows if row.errors)
    stats = ReadStats(
        rows=len(rows),
        data_rows=data,
        skipped_rows=len(rows) - data,
        rows_with_errors=with_errors,
        errors=sum(len(row.errors) for row in rows),
        seconds=time.perf_counter() - started,
    )
    return TableRead(header.sheet, header, mapping, rows, stats, fingerprint)


def _check_required_mapped(
    required: Sequence[str], mapping: Mapping[str, str], layout: TableLayout | None
) -> None:
    mapped = set(mapping.values())
    labels = layout.labels if layout else {}
    for name in required:
        if name not in mapped:
            raise ValidationError(
                f"Chưa chọn cột cho “{labels.get(name, name)}”.",
                field=name,
                hint="Hãy chọn cột tương ứng trong phần ghép cột rồi đọc lại.",
            )


@dataclass(frozen=True)
class _Column:
    letter: str
    offset: int  # position in the row tuple
    field: str
    parser: CellParser
    header: str


def _rows(
    sheet: Any,
    header: HeaderGuess,
    mapping: dict[str, str],
    parsers: Mapping[str, CellParser],
    required: Sequence[str],
    label_fields: Collection[str],
    layout: TableLayout | None,
    on_progress: ProgressCallback | None,
) -> Iterator[ReadRow]:
    from openpyxl.utils import column_index_from_string

    title = header.sheet
    worksheet = sheet.worksheet if isinstance(sheet, SheetSource) else sheet
    merges = sheet.merged_ranges if isinstance(sheet, SheetSource) else _merges_of(sheet)
    missing_values = sheet.formulas_without_value if isinstance(sheet, SheetSource) else frozenset()
    indices = [c.index for c in header.columns] + [
        column_index_from_string(letter) for letter in mapping
    ]
    min_col = min(indices, default=1)
    max_col = max(indices, default=1)
    columns = [
        _Column(
            letter,
            column_index_from_string(letter) - min_col,
            name,
            parsers.get(name, parse_text),
            header.text_of(letter),
        )
        for letter, name in sorted(mapping.items(), key=lambda i: column_index_from_string(i[0]))
    ]
    shown = [(c.letter, c.index - min_col) for c in header.columns]
    if not shown:
        shown = [(c.letter, c.offset) for c in columns]
    shown_letters = [letter for letter, _ in shown]
    # The usual case: the header's columns start the row, so zip pairs letters and values.
    contiguous = [offset for _, offset in shown] == list(range(len(shown)))
    plan = [(c.offset, c.field, c.parser, c.letter) for c in columns]
    classifier = RowClassifier(header, {c.letter for c in columns if c.field in label_fields})
    labels = layout.labels if layout else {}
    first_row = header.first_data_row
    total = max(getattr(sheet, "max_row", 0) or 0, first_row) - first_row + 1
    # Merged ranges under the header: top-left (row, col) -> last row, for filling down; and
    # the width of a merge starting in a row's first cell, for section titles.
    fill_down: dict[tuple[int, int], int] = {}
    widths: dict[tuple[int, int], int] = {}
    for min_c, min_r, max_c, max_r in merges:
        if max_r < first_row or max_c < min_col or min_c > max_col:
            continue
        if max_r > min_r and min_r >= first_row:
            fill_down[(min_r, min_c - min_col)] = max_r
        widths[(min_r, min_c - min_col)] = max_c - min_c + 1
    filling: dict[int, tuple[int, Any, str]] = {}  # offset -> (until row, value, format)
    missing_by_row: dict[int, set[str]] = {}
    for coordinate in missing_values:
        letters = coordinate.rstrip("0123456789")
        missing_by_row.setdefault(int(coordinate[len(letters) :]), set()).add(letters)

    pending_blanks: list[ReadRow] = []
    row_number = first_row - 1
    # Number formats only matter to a few parsers (a % format, a "000" code); without them the
    # cheaper values-only iteration skips building a cell object per cell.
    need_formats = any(needs_number_format(c.parser) for c in columns)
    cells: Any = None
    for row in worksheet.iter_rows(
        min_row=first_row, min_col=min_col, max_col=max_col, values_only=not need_formats
    ):
        row_number += 1
        if (
            on_progress is not None
            and row_number % _PROGRESS_EVERY == 0
            and on_progress(row_number - first_row + 1, total) is False
        ):
            raise ReadCancelled
        width = len(row)
        if need_formats:
            cells = row
            values = [cell.value for cell in row]
        else:
            values = list(row)
        if filling:
            for offset, (until, value, _) in list(filling.items()):
                if row_number > until:
                    del filling[offset]
                elif offset < width and values[offset] is None:
                    values[offset] = value
        if fill_down:
            for offset in range(width):
                last_row = fill_down.get((row_number, offset))
                if last_row is not None:
                    number_format = (
                        _format_of(cells[offset], values[offset]) if need_formats else ""
                    )
                    filling[offset] = (last_row, values[offset], number_format)
        missing_here = missing_by_row.get(row_number)
        if missing_here is None and values.count(None) + values.count("") == width:
            reason = f"Dòng {row_number} trống."
            pending_blanks.append(ReadRow(title, row_number, RowKind.BLANK, skipped_reason=reason))
            continue
        if contiguous:
            row_values = list(zip(shown_letters, values, strict=False))
        else:
            row_values = [(letter, values[o] if o < width else None) for letter, o in shown]
        merged_width = 1
        if widths:
            first = next((o for _, o in shown if o < width and values[o] not in (None, "")), 0)
            merged_width = widths.get((row_number, first), 1)
        kind = classifier.classify(row_number, row_values, merged_width)
        if missing_here and kind.kind == RowKind.BLANK:
            kind = RowClass(RowKind.DATA)  # a row of uncalculated formulas: report each one
        if pending_blanks:
            yield from pending_blanks
            pending_blanks = []
        if kind.skipped:
            yield ReadRow(title, row_number, kind.kind, skipped_reason=kind.reason)
            continue
        parsed: dict[str, Any] = {}
        raw: dict[str, Any] = {}
        errors: list[CellError] = []
        for offset, name, parser, letter in plan:
            value = values[offset] if offset < width else None
            raw[name] = value
            if value is None:
                parsed[name] = None
                if missing_here and letter in missing_here:
                    errors.append(
                        CellError(
                            title,
                            row_number,
                            letter,
                            None,
                            formula_without_value_reason(f"{letter}{row_number}"),
                            name,
                        )
                    )
                continue
            if type(value) is str and value[:1] == "#" and value in EXCEL_ERRORS:
                parsed[name] = None
                errors.append(
                    CellError(
                        title,
                        row_number,
                        letter,
                        value,
                        error_value_reason(f"{letter}{row_number}", value),
                        name,
                    )
                )
                continue
            number_format = ""
            if need_formats and offset < width:
                number_format = _format_of(cells[offset], value)
                if cells[offset].value is None:
                    # Filled down from a merged cell above: the format came with the value.
                    number_format = filling.get(offset, (0, None, ""))[2]
            try:
                parsed[name] = parser(value, number_format)
            except ValueError as error:
                parsed[name] = None
                errors.append(CellError(title, row_number, letter, value, str(error), name))
        for name in required:
            if parsed.get(name) is None and not any(e.field == name for e in errors):
                letter = next((c.letter for c in columns if c.field == name), "")
                label = labels.get(name) or header.text_of(letter) or name
                errors.append(
                    CellError(
                        title,
                        row_number,
                        letter,
                        None,
                        f"Thiếu “{label}” (ô {letter}{row_number} trống).",
                        name,
                    )
                )
        yield ReadRow(title, row_number, RowKind.DATA, parsed, errors, None, raw)
    # Blank rows after the last filled one are the sheet's end, not rows to report.
    if on_progress is not None:
        on_progress(total, total)


def _format_of(cell: Any, value: Any) -> str:
    # Only numbers need their format (a % or "000"); looking it up costs a style lookup.
    if type(value) is float or type(value) is int:
        return str(getattr(cell, "number_format", "") or "")
    return ""


def _merges_of(worksheet: Any) -> tuple[tuple[int, int, int, int], ...]:
    merged = getattr(worksheet, "merged_cells", None)
    if merged is None:
        return ()
    return tuple(tuple(r.bounds) for r in merged.ranges)


# ---------------------------------------------------------------------------------------------
# Results


@dataclass
class ResultRow:
    """A data row of a results table with its criterion and figures.

    ``code`` is the matched criterion (None when no criterion matched: then ``row.errors`` says
    so); ``match_sure`` False asks the clerk to confirm, choosing among ``alternatives``
    ((code, score), best first). ``rate_percent`` is the rate as given
    (Decimal percent), after the consistency check chose its reading.
    """

    row: ReadRow
    code: str | None
    match_score: float
    match_sure: bool
    wording: str | None
    numerator: int | None
    denominator: int | None
    rate_percent: Decimal | None
    value: Decimal | None
    yes_no: bool | None
    note: str | None
    evidence: str | None
    # When the match is not sure: the likeliest criteria by wording, for the clerk to choose.
    alternatives: list[tuple[str, float]] = field(default_factory=list)

    @property
    def kpi(self) -> int | None:
        """The plan's target number: CT07 -> 7 (kpi n is criterion CTn)."""
        if self.code and self.code.upper().startswith("CT") and self.code[2:].isdigit():
            return int(self.code[2:])
        return None


@dataclass
class ResultsRead:
    table: TableRead
    results: list[ResultRow]


def read_results(
    source: str | Path | OpenedWorkbook | SheetSource | Any,
    criteria: Sequence[tuple[str, str]],
    sheet_name: str | None = None,
    header: HeaderGuess | int | None = None,
    mapping: Mapping[str, str] | None = None,
    *,
    on_progress: ProgressCallback | None = None,
) -> ResultsRead:
    """Read a results table and match each row to one of ``criteria`` ((code, text) pairs; a
    code may come several times with its wording and its numerator's/denominator's labels)."""
    table = read_table(
        source,
        sheet_name,
        header,
        mapping,
        {"rate": percent_readings},
        layout=RESULTS_LAYOUT,
        on_progress=on_progress,
    )
    matcher = CriterionMatcher(criteria)
    columns = table.columns
    results = []
    for row in table.rows:
        if not row.is_data:
            continue
        values = row.values
        code, score, sure = None, 0.0, False
        written_code = values.get("code")
        if written_code:
            code = matcher.by_code(str(written_code))
            if code is not None:
                score, sure = 1.0, True
        wording = values.get("wording")
        if code is None and wording:
            code, score, sure = matcher.match(str(wording))
        alternatives = [] if sure or not wording else matcher.candidates(str(wording), 3)
        if code is None:
            if written_code and not wording:
                letter = columns.get("code", "")
                reason = f"Mã “{written_code}” không có trong danh sách tiêu chí của kỳ."
            elif wording:
                letter = columns.get("wording", "")
                reason = f"Không nhận ra chỉ tiêu “{wording}” trong danh sách tiêu chí của kỳ."
            else:
                letter = columns.get("wording") or columns.get("code") or ""
                reason = "Dòng này không ghi chỉ tiêu, tiêu chí nào."
            row.errors.append(
                CellError(
                    row.sheet,
                    row.row_number,
                    letter,
                    written_code if letter == columns.get("code") else wording,
                    reason,
                    "code" if letter == columns.get("code") else "wording",
                )
            )
        numerator, denominator = values.get("numerator"), values.get("denominator")
        readings = values.get("rate") or ()
        rate, reason = _choose_rate(readings, numerator, denominator)
        values["rate"] = rate
        if reason:
            row.errors.append(
                CellError(
                    row.sheet,
                    row.row_number,
                    columns.get("rate", ""),
                    row.raw.get("rate"),
                    reason,
                    "rate",
                )
            )
        results.append(
            ResultRow(
                row,
                code,
                score,
                sure,
                wording,
                numerator,
                denominator,
                rate,
                values.get("value"),
                values.get("yes_no"),
                values.get("note"),
                values.get("evidence"),
                alternatives,
            )
        )
    return ResultsRead(table, results)


def _choose_rate(
    readings: Sequence[Decimal], numerator: int | None, denominator: int | None
) -> tuple[Decimal | None, str]:
    if not readings:
        return None, ""
    if numerator is None or denominator is None or denominator == 0:
        return readings[0], ""
    computed = Decimal(numerator) * 100 / Decimal(denominator)
    for reading in readings:
        if _agrees(reading, computed):
            return reading, ""
    shown = readings[0]
    return shown, (
        f"Tỷ lệ ghi {format_number(shown)}% nhưng tử số/mẫu số là "
        f"{format_number(numerator)}/{format_number(denominator)} = "
        f"{format_number(computed, 2)}%. Hãy kiểm tra lại tử số, mẫu số hoặc tỷ lệ."
    )


def _agrees(shown: Decimal, computed: Decimal) -> bool:
    """Whether ``computed`` rounds to ``shown`` at the decimals ``shown`` has."""
    exponent = plain_decimal(shown).as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    half_unit = Decimal(5).scaleb(-decimals - 1)
    return abs(computed - shown) <= half_unit + Decimal("1e-9")


@cache
def plan_rate_criteria() -> tuple[tuple[str, str], ...]:
    """The plan's rate criteria CT01-CT11 as (code, text) pairs: each code's wording and the
    labels of its numerator and denominator (resources/plan/tieu-chi-ke-hoach.json)."""
    from kt_desktop.paths import resources_dir

    data = json.loads(
        (resources_dir() / "plan" / "tieu-chi-ke-hoach.json").read_text(encoding="utf-8")
    )
    pairs: list[tuple[str, str]] = []
    for item in data["criteria"]:
        if item["kind"] != "rate":
            continue
        for key in ("wording", "numerator_label", "denominator_label"):
            if item.get(key):
                pairs.append((item["code"], item[key]))
    return tuple(pairs)


def read_results_sample(
    path: str | Path, criteria: Sequence[tuple[str, str]] | None = None
) -> list[dict[str, Any]]:
    """Per data row of a results workbook: ``kpi`` (the matched criterion's number),
    ``numerator``, ``denominator`` (int or None) and ``rate_percent`` (Decimal or None, written
    as expected.json writes it: 95, not 95.00). Criteria default to the plan's CT01-CT11."""
    read = read_results(path, criteria if criteria is not None else plan_rate_criteria())
    return [
        {
            "kpi": result.kpi,
            "numerator": result.numerator,
            "denominator": result.denominator,
            "rate_percent": None
            if result.rate_percent is None
            else plain_decimal(result.rate_percent),
        }
        for result in read.results
    ]
