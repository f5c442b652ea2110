"""Understanding a unit's own table: header row, column mapping, row kinds, criterion matching.

A unit's workbook has no fixed layout: titles merged over the table, headers on one or two rows
(a merged parent over sub-columns), blank rows, section headings, a total row, signatures under
the table. This module turns that into plain data the import can show and correct:

* :func:`find_header` (sheet) -> :class:`HeaderGuess`: which rows hold the column headers (one,
  or two when a merged parent spans sub-columns or vertical merges span both rows), each
  column's letter and combined header text ("Kết quả thực hiện Tổng số (mẫu số)"), the title
  lines above (``titles``: the unit, the period, for the GUI to suggest which unit sent it),
  ``header_row``, ``last_header_row`` and ``first_data_row``. :func:`header_at` (sheet, row)
  builds the same from a remembered header row. Both take a SheetSource or a plain openpyxl
  worksheet and raise UserError for an empty sheet or one without a header in its first 30 rows.
* :func:`propose_mapping` (headers, fields) -> :class:`MappingProposal`: for each column the
  field it most likely feeds, with a confidence in [0, 1]; matched on header words without
  diacritics, common abbreviations spelled out (TTHC, CBCCVC, ĐVT, ...), "tỷ"/"tỉ" alike.
  ``proposal.mapping()`` is the column letter -> field dict the reader takes; the mapping
  dialog shows ``proposal.columns`` (:class:`ColumnGuess`: letter, header, field, confidence,
  ``sure`` from :data:`SURE_MAPPING`) and ``proposal.unmapped_fields``, and lets the clerk
  correct it. Under a two-row header the sub-column's own words count too.
* :func:`layout_key` (headers): a stable hash of the folded header texts and their columns,
  to remember a confirmed mapping per unit and layout (table ``import_mapping``; 64 hex digits,
  the column's length).
* :func:`classify_row`: blank, section heading, total, column-numbering row, repeated header,
  signature/note, a row without figures, or data, with the reason a preview shows
  ("Dòng 10 trống.", "Dòng 13 là dòng tổng cộng."); :class:`RowClassifier` does it for every
  row of one table (the reader uses it).
* :func:`match_criterion` (text, [(code, wording), ...]) -> :class:`CriterionMatch`
  ``(code, score, sure)``: by an explicit code ("CT03", "ct3", "3" when only one code has that
  number) or by wording similarity on folded words weighted by rarity; ``sure`` is False below a
  threshold or when a second criterion comes close, so the GUI asks for confirmation. Several
  entries may share a code (the wording, the numerator's and the denominator's labels): the best
  entry counts. :class:`CriterionMatcher` does the same for many rows at once.

Field tables (:class:`TableLayout`) for the layouts the import knows: :data:`RESULTS_LAYOUT`,
:data:`DIGITAL_LITERACY_LAYOUT` (Bình dân học vụ số per village), :data:`NOMINEES_LAYOUT`,
:data:`UNITS_LAYOUT`, :data:`PEOPLE_LAYOUT`, :data:`TRAINEES_LAYOUT` (a village's list of people
trained). Each gives ``synonyms`` (field -> Vietnamese header words, the ``fields`` argument of
propose_mapping), ``parsers`` (field -> cells parser), ``labels`` (field -> Vietnamese name for
the mapping dialog), ``required`` and ``label_fields`` (fields that only describe a row, like STT
or the criterion's wording: a row with nothing else is not data). :data:`LAYOUTS` lists them by
name. The plain dicts :data:`RESULT_FIELDS` etc. are the synonym tables alone.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

from kt_desktop.errors import UserError
from kt_desktop.sheets.cells import (
    CellParser,
    is_blank,
    parse_code,
    parse_count,
    parse_date,
    parse_decimal,
    parse_gender,
    parse_percent,
    parse_person_kind,
    parse_text,
    parse_unit_kind,
    parse_year,
    parse_yes_no,
)
from kt_desktop.sheets.safety import SheetSource, reading_guard
from kt_desktop.text import clean_text, fold

__all__ = [
    "DIGITAL_LITERACY_FIELDS",
    "DIGITAL_LITERACY_LAYOUT",
    "LAYOUTS",
    "NOMINEES_LAYOUT",
    "NOMINEE_FIELDS",
    "PEOPLE_FIELDS",
    "PEOPLE_LAYOUT",
    "RESULTS_LAYOUT",
    "RESULT_FIELDS",
    "SURE_MAPPING",
    "TRAINEES_LAYOUT",
    "UNITS_LAYOUT",
    "UNIT_FIELDS",
    "ColumnGuess",
    "CriterionMatch",
    "CriterionMatcher",
    "FieldSpec",
    "HeaderColumn",
    "HeaderGuess",
    "MappingProposal",
    "RowClass",
    "RowClassifier",
    "RowKind",
    "TableLayout",
    "classify_row",
    "find_header",
    "header_at",
    "layout_key",
    "match_criterion",
    "match_words",
    "propose_mapping",
]

# ---------------------------------------------------------------------------------------------
# Words for matching

_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Abbreviations offices write in headers and wordings, spelled out (folded).
_ABBREVIATIONS = {
    "tthc": "thu tuc hanh chinh",
    "dvc": "dich vu cong",
    "dvctt": "dich vu cong truc tuyen",
    "cqnn": "co quan nha nuoc",
    "cbccvc": "can bo cong chuc vien chuc",
    "cbcc": "can bo cong chuc",
    "cbcnvc": "can bo cong nhan vien chuc",
    "dvt": "don vi tinh",
    "sl": "so luong",
    "gt": "gia tri",
    "hs": "hoc sinh",
    "ns": "nam sinh",
    "dt": "dien thoai",
    "sdt": "so dien thoai",
    "cnscd": "cong nghe so cong dong",
    "cns": "cong nghe so",
    "bdhvs": "binh dan hoc vu so",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "csdl": "co so du lieu",
    "vb": "van ban",
    "cds": "chuyen doi so",
    "kt": "kinh te",
    "xh": "xa hoi",
    "hvt": "ho va ten",
}
# "tỷ"/"tỉ", "kỹ"/"kĩ", "lý"/"lí": the same syllable spelt two ways.
_FINAL_Y = re.compile(r"^(b|c|ch|d|g|gh|h|k|kh|l|m|n|nh|p|ph|qu|r|s|t|th|tr|v|x)y$")


def match_words(text: str) -> list[str]:
    """The words ``text`` is matched on: folded, abbreviations spelled out, y/i alike.

    "Tỷ lệ TTHC (%)" -> ["ti", "le", "thu", "tuc", "hanh", "chinh"].
    """
    words: list[str] = []
    for word in _NOT_WORD.split(fold(text)):
        if not word:
            continue
        for part in _ABBREVIATIONS.get(word, word).split():
            words.append(_FINAL_Y.sub(r"\1i", part))
    return words


# ---------------------------------------------------------------------------------------------
# Field tables


@dataclass(frozen=True)
class FieldSpec:
    """One field a table can feed: its name, Vietnamese label, header synonyms and parser."""

    name: str
    label: str
    synonyms: tuple[str, ...]
    parser: CellParser = parse_text
    describes_row: bool = False  # STT, wording, unit of measure: not data by themselves


@dataclass(frozen=True)
class TableLayout:
    """The fields of one kind of table, and which are required in every data row."""

    name: str
    title: str
    fields: tuple[FieldSpec, ...]
    required: tuple[str, ...] = ()

    @property
    def synonyms(self) -> dict[str, list[str]]:
        return {f.name: list(f.synonyms) for f in self.fields}

    @property
    def parsers(self) -> dict[str, CellParser]:
        return {f.name: f.parser for f in self.fields}

    @property
    def labels(self) -> dict[str, str]:
        return {f.name: f.label for f in self.fields}

    @property
    def label_fields(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields if f.describes_row)


_STT = FieldSpec("stt", "STT", ("stt", "số thứ tự", "tt", "số tt"), parse_text, True)

RESULTS_LAYOUT = TableLayout(
    "results",
    "Kết quả thực hiện tiêu chí",
    (
        _STT,
        FieldSpec(
            "wording",
            "Chỉ tiêu, tiêu chí (nội dung)",
            ("chỉ tiêu", "tiêu chí", "nội dung", "nội dung chỉ tiêu", "tên chỉ tiêu",
             "nội dung tiêu chí", "chỉ tiêu nhiệm vụ", "nhiệm vụ"),
            parse_text,
            True,
        ),
        FieldSpec("code", "Mã tiêu chí", ("mã", "mã số", "mã chỉ tiêu", "mã tiêu chí", "ký hiệu"),
                  parse_code, True),
        FieldSpec("unit_of_measure", "Đơn vị tính", ("đơn vị tính", "đvt"), parse_text, True),
        FieldSpec(
            "denominator",
            "Mẫu số (tổng số)",
            ("mẫu số", "tổng số", "tổng", "tổng số phải thực hiện", "số phải thực hiện",
             "kế hoạch", "tổng số hồ sơ", "tổng số tthc"),
            parse_count,
        ),
        FieldSpec(
            "numerator",
            "Tử số (số thực hiện)",
            ("tử số", "thực hiện", "số thực hiện", "kết quả thực hiện", "đã thực hiện",
             "số đạt", "số đã thực hiện", "số lượng thực hiện"),
            parse_count,
        ),
        FieldSpec("rate", "Tỷ lệ (%)", ("tỷ lệ", "tỷ lệ %", "phần trăm", "tỷ lệ đạt",
                                           "tỷ lệ thực hiện", "kết quả %"), parse_percent),
        FieldSpec("value", "Số lượng, giá trị", ("số lượng", "giá trị", "số liệu", "kết quả"),
                  parse_decimal),
        FieldSpec("yes_no", "Có/Không", ("có không", "có/không", "đạt không đạt", "đánh giá",
                                         "tự đánh giá", "hoàn thành"), parse_yes_no),
        FieldSpec("note", "Ghi chú", ("ghi chú", "diễn giải", "giải trình", "ghi chú giải trình"),
                  parse_text),
        FieldSpec("evidence", "Minh chứng", ("minh chứng", "tài liệu minh chứng",
                                             "tài liệu kiểm chứng", "văn bản minh chứng",
                                             "hồ sơ minh chứng"), parse_text),
    ),
)  # fmt: skip

DIGITAL_LITERACY_LAYOUT = TableLayout(
    "digital_literacy",
    "Bình dân học vụ số theo thôn",
    (
        _STT,
        FieldSpec("village", "Thôn", ("thôn", "tên thôn", "thôn tổ dân phố", "đơn vị", "địa bàn",
                                      "thôn thị tứ"), parse_text),
        FieldSpec("classes_held", "Số lớp", ("số lớp", "lớp", "số lớp học", "số lớp tập huấn",
                                             "số lớp đã mở"), parse_count),
        FieldSpec("trained_officials", "CBCCVC được tập huấn",
                  ("cbccvc được tập huấn", "cbccvc", "cán bộ công chức viên chức",
                   "cán bộ được tập huấn"), parse_count),
        FieldSpec("trained_pupils", "Học sinh", ("học sinh", "học sinh được tập huấn",
                                                  "số học sinh"), parse_count),
        FieldSpec("trained_other_adults", "Người dân", ("người dân", "người dân được tập huấn",
                                                        "nhân dân", "số người dân"), parse_count),
        FieldSpec("team_members", "Thành viên tổ CNSCĐ",
                  ("thành viên tổ công nghệ số cộng đồng", "thành viên tổ cnscđ",
                   "số thành viên tổ", "tổ cnscđ", "tổ công nghệ số"), parse_count),
        FieldSpec("team_visits", "Lượt hỗ trợ", ("lượt hỗ trợ", "số lượt hỗ trợ",
                                                 "lượt hỗ trợ người dân", "lượt"), parse_count),
        FieldSpec("adults_meeting_standard", "Người trưởng thành đạt chuẩn",
                  ("người trưởng thành đạt chuẩn", "số người đạt chuẩn", "đạt chuẩn"),
                  parse_count),
        FieldSpec("adult_population", "Dân số trưởng thành",
                  ("dân số trưởng thành", "số người trưởng thành", "người trưởng thành",
                   "dân số từ 15 tuổi"), parse_count),
        FieldSpec("reported_rate", "Tỷ lệ đạt chuẩn (%)",
                  ("tỷ lệ đạt chuẩn", "tỷ lệ người trưởng thành đạt chuẩn", "tỷ lệ"),
                  parse_percent),
        FieldSpec("note", "Ghi chú", ("ghi chú",), parse_text),
    ),
    required=("village",),
)  # fmt: skip

NOMINEES_LAYOUT = TableLayout(
    "nominees",
    "Danh sách đề nghị khen thưởng",
    (
        _STT,
        FieldSpec("full_name", "Họ và tên", ("họ và tên", "họ tên", "tên", "họ và tên cá nhân",
                                             "tên cá nhân tập thể", "cá nhân"), parse_text),
        FieldSpec("gender", "Giới tính", ("giới tính", "nam nữ", "nam/nữ", "phái"), parse_gender),
        FieldSpec("birth_year", "Năm sinh", ("năm sinh", "ngày sinh", "ngày tháng năm sinh",
                                             "sinh năm"), parse_year),
        FieldSpec("position", "Chức vụ", ("chức vụ", "chức danh", "chức vụ chức danh",
                                          "nghề nghiệp"), parse_text),
        FieldSpec("unit_name", "Đơn vị", ("đơn vị", "đơn vị công tác", "nơi công tác", "thôn",
                                          "cơ quan"), parse_text),
        FieldSpec("achievements", "Thành tích", ("thành tích", "tóm tắt thành tích",
                                                 "thành tích đạt được", "nội dung thành tích"),
                  parse_text),
        FieldSpec("proposed_award", "Hình thức đề nghị",
                  ("hình thức đề nghị", "hình thức khen thưởng", "hình thức", "danh hiệu đề nghị",
                   "đề nghị"), parse_text),
        FieldSpec("note", "Ghi chú", ("ghi chú",), parse_text),
    ),
    required=("full_name",),
)  # fmt: skip

UNITS_LAYOUT = TableLayout(
    "units",
    "Danh sách đơn vị",
    (
        _STT,
        FieldSpec("code", "Mã đơn vị", ("mã", "mã đơn vị", "mã số", "ký hiệu"), parse_code),
        FieldSpec("name", "Tên đơn vị", ("tên đơn vị", "đơn vị", "tên", "tên cơ quan đơn vị"),
                  parse_text),
        FieldSpec("kind", "Loại đơn vị", ("loại", "loại đơn vị", "khối", "nhóm"),
                  parse_unit_kind),
        FieldSpec("head_name", "Người đứng đầu", ("người đứng đầu", "thủ trưởng", "trưởng đơn vị",
                                                  "họ và tên người đứng đầu", "lãnh đạo"),
                  parse_text),
        FieldSpec("head_title", "Chức vụ", ("chức vụ", "chức danh", "chức vụ người đứng đầu"),
                  parse_text),
        FieldSpec("phone", "Điện thoại", ("điện thoại", "số điện thoại", "sđt", "đt liên hệ"),
                  parse_code),
    ),
    required=("code", "name"),
)  # fmt: skip

PEOPLE_LAYOUT = TableLayout(
    "people",
    "Danh sách cá nhân",
    (
        _STT,
        FieldSpec("full_name", "Họ và tên", ("họ và tên", "họ tên", "tên"), parse_text),
        FieldSpec("gender", "Giới tính", ("giới tính", "nam nữ", "nam/nữ"), parse_gender),
        FieldSpec("birth_year", "Năm sinh", ("năm sinh", "ngày sinh", "ngày tháng năm sinh"),
                  parse_year),
        FieldSpec("position", "Chức vụ", ("chức vụ", "chức danh", "nghề nghiệp"), parse_text),
        FieldSpec("unit", "Đơn vị", ("đơn vị", "đơn vị công tác", "nơi công tác", "thôn",
                                     "cơ quan"), parse_text),
        FieldSpec("kind", "Đối tượng", ("đối tượng", "nhóm đối tượng", "thành phần"),
                  parse_person_kind),
    ),
    required=("full_name",),
)  # fmt: skip

TRAINEES_LAYOUT = TableLayout(
    "trainees",
    "Danh sách người được tập huấn",
    (
        _STT,
        FieldSpec("full_name", "Họ và tên", ("họ và tên", "họ tên", "tên"), parse_text),
        FieldSpec("birth_year", "Năm sinh", ("năm sinh", "ngày sinh"), parse_year),
        FieldSpec("gender", "Giới tính", ("giới tính", "nam nữ"), parse_gender),
        FieldSpec("group", "Đối tượng", ("đối tượng", "nhóm", "thành phần"), parse_text),
        FieldSpec("training_date", "Ngày học", ("ngày học", "ngày tập huấn", "ngày",
                                                "thời gian học"), parse_date),
        FieldSpec("passed", "Kết quả", ("kết quả", "đạt chuẩn", "kết quả đánh giá", "đạt"),
                  parse_yes_no),
    ),
    required=("full_name",),
)  # fmt: skip

LAYOUTS: dict[str, TableLayout] = {
    layout.name: layout
    for layout in (
        RESULTS_LAYOUT,
        DIGITAL_LITERACY_LAYOUT,
        NOMINEES_LAYOUT,
        UNITS_LAYOUT,
        PEOPLE_LAYOUT,
        TRAINEES_LAYOUT,
    )
}
RESULT_FIELDS = RESULTS_LAYOUT.synonyms
DIGITAL_LITERACY_FIELDS = DIGITAL_LITERACY_LAYOUT.synonyms
NOMINEE_FIELDS = NOMINEES_LAYOUT.synonyms
UNIT_FIELDS = UNITS_LAYOUT.synonyms
PEOPLE_FIELDS = PEOPLE_LAYOUT.synonyms


@cache
def _header_vocabulary() -> frozenset[str]:
    """Every word of every synonym: a row made of these is a header row."""
    words: set[str] = set()
    for layout in LAYOUTS.values():
        for spec in layout.fields:
            for synonym in spec.synonyms:
                words.update(match_words(synonym))
    words.discard("so")  # "số" starts half of all wordings and figures
    return frozenset(words)


# ---------------------------------------------------------------------------------------------
# Header detection


@dataclass(frozen=True)
class HeaderColumn:
    """One column under the header: its letter, 1-based index and combined header text."""

    letter: str
    index: int
    text: str
    parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeaderGuess:
    """Where the table's header is. ``header_row`` is its first row, ``last_header_row`` its
    last (the same row, or the next one for a two-row header); data starts at
    ``first_data_row``. ``titles`` are the text lines above the header (the unit, the period).
    """

    sheet: str
    header_row: int
    last_header_row: int
    columns: tuple[HeaderColumn, ...]
    titles: tuple[str, ...] = ()

    @property
    def first_data_row(self) -> int:
        return self.last_header_row + 1

    @property
    def letters(self) -> list[str]:
        return [column.letter for column in self.columns]

    def text_of(self, letter: str) -> str:
        for column in self.columns:
            if column.letter == letter:
                return column.text
        return ""


_MAX_SCAN_ROWS = 30
_MAX_SCAN_COLUMNS = 100


def find_header(
    sheet: Any, *, max_scan_rows: int = _MAX_SCAN_ROWS, max_columns: int = _MAX_SCAN_COLUMNS
) -> HeaderGuess:
    """Find the header rows of ``sheet`` (a :class:`SheetSource`, or an ordinary openpyxl
    worksheet, e.g. one a test builds) within its first ``max_scan_rows`` rows.

    Raises UserError when the sheet is empty or has no row that looks like column headers.
    """
    title, worksheet, merges = _sheet_parts(sheet)
    grid = _read_grid(sheet, worksheet, max_scan_rows, max_columns)
    if not any(any(not is_blank(v) for v in row) for row in grid):
        raise UserError(
            f"Trang tính “{title}” không có dữ liệu.",
            "Hãy chọn trang tính có bảng số liệu.",
        )
    merge_at = _merge_lookup(merges, len(grid), max_columns)
    best_row, best_score = 0, 0.0
    for index, row in enumerate(grid, start=1):
        score = _header_score(row, index, merge_at)
        if score > best_score:
            best_row, best_score = index, score
    if best_row == 0:
        raise UserError(
            f"Không tìm thấy dòng tiêu đề cột trong {max_scan_rows} dòng đầu của trang tính "
            f"“{title}”.",
            "Bảng cần một dòng ghi tên các cột (ví dụ STT, Chỉ tiêu, Tỷ lệ) phía trên số liệu.",
        )
    top, bottom = best_row, best_row
    if _is_parent_row(grid, merges, best_row - 1, best_row):
        top = best_row - 1
    elif _is_parent_row(grid, merges, best_row, best_row + 1):
        bottom = best_row + 1
    columns = _header_columns(grid, merges, top, bottom)
    titles = tuple(
        text
        for row in grid[: top - 1]
        for text in [" ".join(clean_text(str(v)) for v in row if not is_blank(v))]
        if text
    )
    return HeaderGuess(title, top, bottom, columns, titles)


def header_at(
    sheet: Any,
    header_row: int,
    last_header_row: int | None = None,
    *,
    max_columns: int = _MAX_SCAN_COLUMNS,
) -> HeaderGuess:
    """The header at a known row (a remembered mapping's ``header_row``), one or two rows."""
    title, worksheet, merges = _sheet_parts(sheet)
    bottom = max(last_header_row or header_row, header_row)
    grid = _read_grid(sheet, worksheet, bottom, max_columns)
    if len(grid) < bottom:
        raise UserError(
            f"Trang tính “{title}” không có dòng {bottom} để làm dòng tiêu đề cột.",
            "Hãy chọn lại dòng tiêu đề cột.",
        )
    columns = _header_columns(grid, merges, header_row, bottom)
    titles = tuple(
        text
        for row in grid[: header_row - 1]
        for text in [" ".join(clean_text(str(v)) for v in row if not is_blank(v))]
        if text
    )
    return HeaderGuess(title, header_row, bottom, columns, titles)


def _sheet_parts(sheet: Any) -> tuple[str, Any, tuple[tuple[int, int, int, int], ...]]:
    if isinstance(sheet, SheetSource):
        return sheet.title, sheet.worksheet, sheet.merged_ranges
    merged = getattr(sheet, "merged_cells", None)
    bounds = tuple(tuple(r.bounds) for r in merged.ranges) if merged is not None else ()
    return sheet.title, sheet, bounds


def _read_grid(sheet: Any, worksheet: Any, max_rows: int, max_columns: int) -> list[list[Any]]:
    grid: list[list[Any]] = []
    # A read-only sheet is parsed now: damaged XML becomes the same refusal as at opening.
    with reading_guard(sheet.path if isinstance(sheet, SheetSource) else Path(".")):
        for row in worksheet.iter_rows(
            min_row=1, max_row=max_rows, max_col=max_columns, values_only=True
        ):
            grid.append(list(row))
    width = max((len(row) for row in grid), default=0)
    # Trim the empty columns on the right: read-only rows are as wide as the widest.
    while width and all(len(row) < width or is_blank(row[width - 1]) for row in grid):
        width -= 1
    return [(row + [None] * width)[:width] for row in grid]


def _merge_lookup(
    merges: Iterable[tuple[int, int, int, int]], rows: int, columns: int
) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """(row, col) -> the merged range covering it, within the scanned corner only."""
    lookup: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for bounds in merges:
        min_col, min_row, max_col, max_row = bounds
        if min_row > rows or min_col > columns:
            continue
        for r in range(min_row, min(max_row, rows) + 1):
            for c in range(min_col, min(max_col, columns) + 1):
                lookup[(r, c)] = bounds
    return lookup


def _is_numberish(value: Any) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    if isinstance(value, str):
        return bool(re.fullmatch(r"[\s0-9.,%()+\-]+", value)) and any(ch.isdigit() for ch in value)
    return not isinstance(value, str) and value is not None


def _header_score(
    row: list[Any], row_index: int, merge_at: Mapping[tuple[int, int], tuple[int, int, int, int]]
) -> float:
    texts = 0
    numbers = 0
    hits = 0
    vocabulary = _header_vocabulary()
    for column, value in enumerate(row, start=1):
        if is_blank(value):
            continue
        bounds = merge_at.get((row_index, column))
        # A title merged across most of the table is not a column header.
        if bounds is not None and bounds[2] - bounds[0] + 1 >= max(3, int(len(row) * 0.6)):
            continue
        if _is_numberish(value):
            numbers += 1
            continue
        if not isinstance(value, str):
            numbers += 1
            continue
        texts += 1
        words = match_words(value)
        if words and sum(1 for w in words if w in vocabulary) * 2 >= len(words):
            hits += 1
    if texts < 2:
        return 0.0
    return texts + 2.0 * hits - 1.5 * numbers


def _is_parent_row(
    grid: list[list[Any]],
    merges: Sequence[tuple[int, int, int, int]],
    upper: int,
    lower: int,
) -> bool:
    """Whether row ``upper`` and row ``lower`` form one two-row header.

    Yes when a merged range spans both rows (a column header written once over two rows), or
    when a merged range of ``upper`` spans several columns (a parent) that are not the whole
    table (a title), with texts under it in ``lower``; and ``lower`` holds no numbers.
    """
    if upper < 1 or lower > len(grid):
        return False
    lower_row = grid[lower - 1]
    if any(not is_blank(v) and _is_numberish(v) for v in lower_row):
        return False
    if not any(isinstance(v, str) and v.strip() for v in lower_row):
        return False
    width = len(lower_row)
    for min_col, min_row, max_col, max_row in merges:
        if min_row == upper and max_row >= lower:
            return True
        if min_row == upper == max_row and max_col > min_col:
            if max_col - min_col + 1 >= max(3, int(width * 0.6)):
                continue  # a title
            under = lower_row[min_col - 1 : max_col]
            if any(isinstance(v, str) and v.strip() for v in under):
                return True
    return False


def _header_columns(
    grid: list[list[Any]], merges: Sequence[tuple[int, int, int, int]], top: int, bottom: int
) -> tuple[HeaderColumn, ...]:
    from openpyxl.utils import get_column_letter

    width = len(grid[0]) if grid else 0
    merges = [m for m in merges if m[1] <= bottom and m[3] >= top]

    def value_at(row: int, column: int) -> str:
        value = grid[row - 1][column - 1] if column <= width else None
        if is_blank(value):
            for min_col, min_row, max_col, max_row in merges:
                if min_row <= row <= max_row and min_col <= column <= max_col:
                    if min_row >= top:  # a merge from inside the header only
                        value = grid[min_row - 1][min_col - 1] if min_col <= width else None
                    break
        return "" if is_blank(value) else clean_text(str(value))

    texts = []
    for column in range(1, width + 1):
        parts: list[str] = []
        for row in range(top, bottom + 1):
            text = value_at(row, column)
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        texts.append(tuple(parts))
    used = [i for i, parts in enumerate(texts) if parts]
    if not used:
        return ()
    first, last = used[0], used[-1]
    return tuple(
        HeaderColumn(get_column_letter(i + 1), i + 1, " ".join(texts[i]), texts[i])
        for i in range(first, last + 1)
    )


# ---------------------------------------------------------------------------------------------
# Column mapping

# Confidence from which a proposal is taken without asking (the dialog highlights the rest).
SURE_MAPPING = 0.75
_MIN_MAPPING = 0.35


@dataclass(frozen=True)
class ColumnGuess:
    """What a column probably feeds: ``field`` None when nothing matched."""

    letter: str
    header: str
    field: str | None
    confidence: float

    @property
    def sure(self) -> bool:
        return self.field is not None and self.confidence >= SURE_MAPPING


@dataclass(frozen=True)
class MappingProposal:
    """The proposed field of every header column, in column order."""

    columns: tuple[ColumnGuess, ...]
    unmapped_fields: tuple[str, ...] = field(default=())

    def mapping(self) -> dict[str, str]:
        """Column letter -> field for every column matched to a field (sure or not)."""
        return {c.letter: c.field for c in self.columns if c.field is not None}

    def confidence(self) -> float:
        """The mean confidence of the matched columns (0 when none matched)."""
        matched = [c.confidence for c in self.columns if c.field is not None]
        return sum(matched) / len(matched) if matched else 0.0


def _synonym_score(header_words: list[str], synonym_words: list[str]) -> float:
    if not header_words or not synonym_words:
        return 0.0
    n, m = len(header_words), len(synonym_words)
    for start in range(n - m + 1):
        if header_words[start : start + m] == synonym_words:
            return 0.6 + 0.4 * m / n
    common = set(header_words) & set(synonym_words)
    if not common:
        return 0.0
    return 0.6 * len(common) / len(set(header_words) | set(synonym_words))


def propose_mapping(
    headers: HeaderGuess | Sequence[HeaderColumn] | Mapping[str, str],
    fields: Mapping[str, Sequence[str]],
) -> MappingProposal:
    """Propose which field each column feeds, by header words (see the module's docstring).

    ``headers``: a HeaderGuess, its columns, or a dict letter -> header text. ``fields``: field
    -> synonyms, e.g. ``RESULTS_LAYOUT.synonyms``. Each field goes to at most one column and
    each column to at most one field, best matches first.
    """
    columns = _header_pairs(headers)
    synonym_words = {name: [match_words(s) for s in synonyms] for name, synonyms in fields.items()}
    candidates: list[tuple[float, int, str, str]] = []
    for position, (letter, text, last_part) in enumerate(columns):
        words = match_words(text)
        # Under a two-row header the sub-column's own words say most: "Số liệu" + "Ghi chú".
        part_words = match_words(last_part) if last_part and last_part != text else []
        for name, options in synonym_words.items():
            score = max(
                (
                    max(_synonym_score(words, option), _synonym_score(part_words, option))
                    for option in options
                ),
                default=0.0,
            )
            if score >= _MIN_MAPPING:
                candidates.append((score, -position, letter, name))
    candidates.sort(reverse=True)
    chosen: dict[str, tuple[str, float]] = {}
    taken: set[str] = set()
    for score, _, letter, name in candidates:
        if letter in chosen or name in taken:
            continue
        chosen[letter] = (name, round(score, 3))
        taken.add(name)
    guesses = tuple(
        ColumnGuess(letter, text, *chosen.get(letter, (None, 0.0))) for letter, text, _ in columns
    )
    return MappingProposal(guesses, tuple(name for name in fields if name not in taken))


def _header_pairs(
    headers: HeaderGuess | Sequence[HeaderColumn] | Mapping[str, str],
) -> list[tuple[str, str, str]]:
    """(letter, header text, its last part) per column."""
    if isinstance(headers, Mapping):
        return [(letter, clean_text(text), "") for letter, text in headers.items()]
    columns = headers.columns if isinstance(headers, HeaderGuess) else headers
    return [(c.letter, c.text, c.parts[-1] if c.parts else "") for c in columns]


def layout_key(headers: HeaderGuess | Sequence[HeaderColumn] | Mapping[str, str]) -> str:
    """A 64-hex-digit key of the table's layout: each column's letter and folded header words.

    Stable across case, diacritics, NFC/NFD, spacing and punctuation of the headers (so the
    same unit's next file maps itself); different when a column is added, moved or renamed.
    """
    pairs = _header_pairs(headers)
    canonical = "\n".join(
        f"{letter}={' '.join(w for w in _NOT_WORD.split(fold(text)) if w)}"
        for letter, text, _ in pairs
    )
    return hashlib.sha256(("layout-v1\n" + canonical).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------------
# Row kinds


class RowKind(StrEnum):
    DATA = "data"
    BLANK = "blank"
    SECTION = "section"
    TOTAL = "total"
    NUMBERING = "numbering"
    REPEATED_HEADER = "repeated_header"
    NOTE = "note"
    NO_VALUES = "no_values"


@dataclass(frozen=True)
class RowClass:
    kind: RowKind
    reason: str = ""  # "" for data rows

    @property
    def skipped(self) -> bool:
        return self.kind != RowKind.DATA


_DATA = RowClass(RowKind.DATA)
_TOTAL_WORDS = frozenset(
    {"tong cong", "cong", "tong", "tong so", "cong chung", "tong cong chung", "total", "tong hop",
     "cong toan xa", "tong toan xa", "toan xa"}
)  # fmt: skip
_SECTION_MARK = re.compile(r"^(?:[IVXLC]{1,6}|[A-ZĐ]|[0-9]{1,2})(?:[.)/:]|\s*[-–]\s)\s*\S")
_ROMAN_OR_LETTER = re.compile(r"^(?:[IVXLC]{1,6}|[A-ZĐ])\.?$")
_NUMBERING_CELL = re.compile(r"^\(?\s*(?:[0-9]{1,2}|[A-Za-z])\s*\)?(?:\s*[=*x/+\-].*)?$")
_FOOTER = re.compile(
    r"^(?:nguoi lap|nguoi lap bieu|lap bieu|thu truong|xac nhan|ky ten|ky, ghi ro|ghi chu:|"
    r"luu y|tm\.? |kt\.? |truong thon|chu tich|giam doc|hieu truong|truong phong|"
    r"truong ban|bi thu|ke toan|can bo)|ngay [0-9. ]+ thang [0-9. ]+ nam [0-9]{4}"
)


def classify_row(
    row_number: int,
    values: Sequence[tuple[str, Any]],
    *,
    label_columns: Collection[str] = (),
    header: HeaderGuess | None = None,
    merged_width: int = 1,
) -> RowClass:
    """Say what a row is, and why it is skipped when it is not data.

    ``values``: (column letter, raw value) for the row's cells under the header, in order.
    ``label_columns``: the letters of the columns that only describe a row (STT, wording): a
    row with values there and nowhere else carries no figures. ``merged_width``: how many
    columns the row's first filled cell spans when it is merged (a section title across the
    table). Rules, in order: blank, repeated header, total, column numbering, footer
    (signature, place and date), section heading, no figures, data. For many rows of one
    table, :class:`RowClassifier` prepares the header's words once.
    """
    return RowClassifier(header, label_columns).classify(row_number, values, merged_width)


def _loose(text: str) -> str:
    return " ".join(text.split()).casefold()


class RowClassifier:
    """:func:`classify_row` for every row of one table."""

    def __init__(
        self, header: HeaderGuess | None = None, label_columns: Collection[str] = ()
    ) -> None:
        self._labels = frozenset(label_columns)
        self._header_width = len(header.columns) if header else 0
        self._header_texts: dict[str, frozenset[str]] = (
            {
                c.letter: frozenset({_loose(c.text), *(_loose(p) for p in c.parts)})
                for c in header.columns
            }
            if header
            else {}
        )

    def classify(
        self, row_number: int, values: Sequence[tuple[str, Any]], merged_width: int = 1
    ) -> RowClass:
        filled = [
            (letter, value)
            for letter, value in values
            if value is not None and (type(value) is not str or value.strip())
        ]
        if not filled:
            return RowClass(RowKind.BLANK, f"Dòng {row_number} trống.")
        texts = [(letter, value) for letter, value in filled if isinstance(value, str)]
        if self._header_texts and len(texts) >= 2 and len(texts) * 10 >= len(filled) * 6:
            # At least 60 % of the filled cells repeat their column's header: stop counting as
            # soon as too many differ (every data row takes this path).
            allowed_misses = len(texts) - (len(filled) * 6 + 9) // 10
            misses = 0
            for letter, text in texts:
                if _loose(text) not in self._header_texts.get(letter, frozenset()):
                    misses += 1
                    if misses > allowed_misses:
                        break
            else:
                return RowClass(
                    RowKind.REPEATED_HEADER, f"Dòng {row_number} lặp lại dòng tiêu đề cột."
                )
        # "Tổng cộng" sits where the STT or the wording would: in the row's first filled cells.
        for letter, text in texts[:2]:
            if letter != filled[0][0] and (len(filled) < 2 or letter != filled[1][0]):
                continue
            if len(text) > 40 or text.lstrip()[:1] not in ("T", "t", "C", "c"):
                continue
            key = " ".join(w for w in _NOT_WORD.split(fold(text)) if w)
            if key in _TOTAL_WORDS or key.startswith("tong cong "):
                return RowClass(RowKind.TOTAL, f"Dòng {row_number} là dòng tổng cộng.")
        if len(filled) >= 3 and _is_numbering(filled, self._header_width):
            return RowClass(RowKind.NUMBERING, f"Dòng {row_number} là dòng đánh số thứ tự cột.")
        if len(texts) == len(filled) <= 3 and any(_FOOTER.search(fold(text)) for _, text in texts):
            return RowClass(
                RowKind.NOTE,
                f"Dòng {row_number} nằm ngoài bảng số liệu (chữ ký, ngày tháng, ghi chú).",
            )
        in_labels = all(letter in self._labels for letter, _ in filled)
        if len(filled) > 1 and not in_labels:
            return _DATA
        first_value = filled[0][1]
        first_text = clean_text(first_value) if isinstance(first_value, str) else ""
        if (
            len(filled) == 1
            and first_text
            and (merged_width >= 3 or _SECTION_MARK.match(first_text))
        ):
            return _section(row_number, first_text)
        if in_labels and len(filled) <= 2 and first_text and _ROMAN_OR_LETTER.match(first_text):
            # "I" | "Chỉ tiêu về dịch vụ công"
            rest = clean_text(str(filled[1][1])) if len(filled) > 1 else ""
            return _section(row_number, f"{first_text}. {rest}" if rest else first_text)
        if in_labels and self._labels:
            if first_text and (_SECTION_MARK.match(first_text) or first_text.isupper()):
                return _section(row_number, first_text)
            return RowClass(RowKind.NO_VALUES, f"Dòng {row_number} không có số liệu.")
        return _DATA


def _section(row_number: int, text: str) -> RowClass:
    shown = text if len(text) <= 80 else text[:77].rstrip() + "…"
    return RowClass(RowKind.SECTION, f"Dòng {row_number} là tiêu đề mục “{shown}”.")


def _is_numbering(filled: list[tuple[str, Any]], header_width: int) -> bool:
    if len(filled) < 3 or len(filled) * 2 < header_width:
        return False
    numbers: list[int] = []
    for _, value in filled:
        if isinstance(value, bool):
            return False
        if isinstance(value, int | float):
            if value != int(value) or not 0 < value < 100:
                return False
            numbers.append(int(value))
            continue
        text = clean_text(str(value))
        if not _NUMBERING_CELL.match(text):
            return False
        digits = re.match(r"^\(?\s*([0-9]{1,2})", text)
        if digits:
            numbers.append(int(digits.group(1)))
    return len(numbers) < 2 or all(b == a + 1 for a, b in pairwise(numbers))


# ---------------------------------------------------------------------------------------------
# Criterion matching


class CriterionMatch(NamedTuple):
    """The criterion a row's text names: ``code`` (None if none), ``score`` in [0, 1] and
    whether the match is ``sure`` enough to take without asking."""

    code: str | None
    score: float
    sure: bool


_SURE_SCORE = 0.45
_SURE_GAP = 0.12
# Words every criterion wording shares; they carry no meaning for telling criteria apart.
_STOP_WORDS = frozenset(
    {"ti", "le", "so", "cua", "va", "cac", "duoc", "tren", "tong", "voi", "cho", "trong", "the",
     "nhung", "mot", "la", "co", "tro", "len", "toi", "thieu", "it", "nhat", "dat", "theo", "quy",
     "dinh", "khi", "tai", "ve", "de"}
)  # fmt: skip
_CODE = re.compile(r"^([a-z]{1,4})\s*[-.]?\s*0*([0-9]{1,3})\b")
_BARE_NUMBER = re.compile(r"^0*([0-9]{1,3})$")


def _features(text: str) -> set[str]:
    words = [w for w in match_words(text) if not w.isdigit()]
    features = {w for w in words if w not in _STOP_WORDS}
    features.update(
        f"{a}_{b}" for a, b in pairwise(words) if not (a in _STOP_WORDS and b in _STOP_WORDS)
    )
    return features


class CriterionMatcher:
    """Match many rows against one list of criteria; the word weights are computed once.

    ``criteria``: (code, text) pairs; a code may appear several times with different texts
    (its wording and the labels of its numerator and denominator), the best one counts.
    """

    def __init__(self, criteria: Sequence[tuple[str, str]]) -> None:
        self._codes: list[str] = []
        for code, _ in criteria:
            if code not in self._codes:
                self._codes.append(code)
        self._entries = [(code, _features(text)) for code, text in criteria]
        documents = len(self._entries) or 1
        frequency: dict[str, int] = {}
        for _, features in self._entries:
            for feature in features:
                frequency[feature] = frequency.get(feature, 0) + 1
        self._weights = {f: math.log((documents + 1) / (n + 0.5)) for f, n in frequency.items()}
        self._unknown_weight = math.log((documents + 1) / 0.5)
        self._by_number: dict[int, list[str]] = {}
        self._by_code: dict[str, str] = {}
        for code in self._codes:
            match = _CODE.match(code.casefold())
            if match:
                prefix, number = match.group(1), int(match.group(2))
                self._by_number.setdefault(number, []).append(code)
                self._by_code[f"{prefix}{number}"] = code

    def _weight(self, feature: str) -> float:
        return self._weights.get(feature, self._unknown_weight)

    def by_code(self, text: str) -> str | None:
        """The criterion an explicit code names: "CT03", "ct 3", "CT-03"; a bare "3" when
        only one criterion has that number."""
        key = fold(clean_text(text))
        bare = _BARE_NUMBER.match(key)
        if bare:
            codes = self._by_number.get(int(bare.group(1)), [])
            return codes[0] if len(codes) == 1 else None
        match = _CODE.match(key)
        if match:
            return self._by_code.get(f"{match.group(1)}{int(match.group(2))}")
        return None

    def candidates(self, text: str, limit: int = 3) -> list[tuple[str, float]]:
        """The best ``limit`` codes for ``text`` by wording, with their scores, best first."""
        query = _features(text)
        if not query:
            return []
        query_weight = sum(self._weight(f) for f in query)
        best: dict[str, float] = {}
        for code, features in self._entries:
            if not features:
                continue
            shared = sum(self._weight(f) for f in query & features)
            if not shared:
                continue
            dice = 2 * shared / (query_weight + sum(self._weight(f) for f in features))
            containment = shared / query_weight
            score = (dice + containment) / 2
            if score > best.get(code, 0.0):
                best[code] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], self._codes.index(item[0])))
        return [(code, round(score, 3)) for code, score in ranked[:limit]]

    def match(self, text: str) -> CriterionMatch:
        """The criterion ``text`` names, by code first, then by wording."""
        cleaned = clean_text(text)
        if not cleaned:
            return CriterionMatch(None, 0.0, False)
        code = self.by_code(cleaned)
        if code is not None:
            return CriterionMatch(code, 1.0, True)
        ranked = self.candidates(cleaned, 2)
        if not ranked:
            return CriterionMatch(None, 0.0, False)
        code, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        return CriterionMatch(code, score, score >= _SURE_SCORE and score - runner_up >= _SURE_GAP)


def match_criterion(text: str, criteria: Sequence[tuple[str, str]]) -> CriterionMatch:
    """The criterion ``text`` names among ``criteria`` ((code, wording) pairs); see
    :class:`CriterionMatcher` to match many rows against the same list."""
    return CriterionMatcher(criteria).match(text)
