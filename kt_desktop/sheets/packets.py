"""Department packets: the workbook a unit fills in for a period, written and read back."""

from __future__ import annotations

import hashlib
import json
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping
from copy import copy
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kt_desktop.domain.enums import Comparator, CriterionKind, UnitKind
from kt_desktop.domain.labels import PRIORITY_SECTOR_LABELS, UNIT_KIND_LABELS
from kt_desktop.sheets.saving import save_workbook_atomically
from kt_desktop.text import fold, format_date_long, nfc

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# Bump when the layout changes in a way an older reader would misread; the identification
# sheet carries it, so a packet sent out last year is still read by the layout it was made with.
TEMPLATE_VERSION = 1
PACKET_FORMAT = "kt-desktop/goi-bao-cao"

ID_SHEET = "_goi_tin"
GUIDE_SHEET = "Hướng dẫn"
RESULTS_SHEET = "Kết quả"
INITIATIVES_SHEET = "Sáng kiến"
NOMINATIONS_SHEET = "Đề nghị khen thưởng"
DIGITAL_SHEET = "Bình dân học vụ số"

INITIATIVE_ROWS = 15
NOMINATION_ROWS = 25
# A returned packet is small; rows past this are not read (a user who pasted a whole
# register into a packet is told so), which keeps memory bounded.
MAX_TABLE_ROWS = 2_000
# Our packets inflate to well under a megabyte; anything far bigger is not one of them.
MAX_INFLATED_BYTES = 64 * 1024 * 1024
MAX_COLUMNS = 40
NOTE_LIMIT = 2000
TEXT_LIMIT = 5000

FONT_NAME = "Times New Roman"
DIGIT_WIDTH = 6.0  # points: a "0" of Times New Roman 12, the unit of column widths
LINE_SPACING = 1.3  # a line of text is this many times the font size high
INPUT_FILL = "FFF2CC"  # light yellow: "type here"
UNUSED_FILL = "E7E6E6"  # grey: a cell the row does not use
HEADER_FILL = "DDEBF7"

YES, NO = "Có", "Không"
GENDERS = ("Nam", "Nữ")
# What a commune's units propose (Law on Emulation and Commendation 2022, Art. 80, and the
# proposal to the city); the office decides.
AWARD_FORMS = (
    "Giấy khen",
    "Lao động tiên tiến",
    "Chiến sĩ thi đua cơ sở",
    "Bằng khen của Chủ tịch UBND thành phố",
)
INITIATIVE_KINDS = ("Sáng kiến", "Giải pháp")
OTHER_SECTOR = "Lĩnh vực khác"
SECTORS = (*PRIORITY_SECTOR_LABELS.values(), OTHER_SECTOR)
BIRTH_YEARS = (1940, 2010)
APPLIED_ON_RANGE = (date(2020, 1, 1), date(2035, 12, 31))

# Excel runs a typed "=…" (and, in some versions, "+…", "-…", "@…") as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")

RawValue = str | int | float | bool | datetime | date | time | None


# --- what a packet is made of ------------------------------------------------------------


@dataclass(frozen=True)
class PacketCriterion:
    """One criterion as the unit reads it in its packet."""

    code: str
    wording: str
    kind: CriterionKind
    comparator: Comparator | None = None
    threshold: Decimal | None = None
    target_text: str = ""  # "≥ 80%"; "" when the office judges it
    numerator_label: str = ""
    denominator_label: str = ""


@dataclass(frozen=True)
class DigitalField:
    name: str  # the DigitalLiteracy column it fills
    label: str


# Bình dân học vụ số: the village figures, in the words a village head uses.
DIGITAL_FIELDS = (
    DigitalField("classes_held", "Số lớp bồi dưỡng kỹ năng số đã tổ chức"),
    DigitalField("trained_officials", "Số cán bộ, công chức, viên chức được tập huấn"),
    DigitalField("trained_pupils", "Số học sinh được tập huấn"),
    DigitalField("trained_other_adults", "Số người dân khác được tập huấn"),
    DigitalField("team_members", "Số thành viên Tổ công nghệ số cộng đồng"),
    DigitalField("team_visits", "Số lượt Tổ công nghệ số cộng đồng hỗ trợ người dân"),
    DigitalField("adults_meeting_standard", "Số người trưởng thành đạt chuẩn kỹ năng số cơ bản"),
    DigitalField("adult_population", "Tổng số người trưởng thành (từ đủ 18 tuổi) của thôn"),
)


def _decimal_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text


def criteria_checksum(criteria: Iterable[PacketCriterion]) -> str:
    """SHA-256 of the criteria set (codes, kinds, targets, wordings), in any order: a packet
    made for a set that has since changed is told apart from one for the current set."""
    items = sorted(
        [
            c.code,
            str(c.kind),
            str(c.comparator) if c.comparator else "",
            _decimal_text(c.threshold),
            nfc(c.wording),
        ]
        for c in criteria
    )
    return hashlib.sha256(json.dumps(items, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PacketData:
    """Everything one unit's packet says, gathered by the service."""

    packet_id: str  # uuid4 hex
    period_id: int
    period_name: str
    period_year: int
    unit_id: int
    unit_code: str
    unit_name: str
    unit_kind: UnitKind
    deadline: date
    office_name: str  # "Phòng Văn hóa – Xã hội, Ủy ban nhân dân xã Kim Thành"
    contact: str  # how to reach the office: a person, a phone, an e-mail
    criteria: tuple[PacketCriterion, ...]
    # Last period's figures, as text, by criterion code (and Bình dân học vụ số field).
    previous_period_name: str = ""
    previous_figures: Mapping[str, str] = field(default_factory=dict)
    previous_digital: Mapping[str, str] = field(default_factory=dict)
    created_on: date | None = None
    template_version: int = TEMPLATE_VERSION

    @property
    def is_village(self) -> bool:
        return UnitKind(self.unit_kind) == UnitKind.VILLAGE

    @property
    def criteria_checksum(self) -> str:
        return criteria_checksum(self.criteria)


# --- what a returned packet gives back ---------------------------------------------------


@dataclass(frozen=True)
class PacketValue:
    """One input cell of a returned packet, as typed: parsing it (kt_desktop.sheets.cells,
    which takes the value and the number format) is the importer's job."""

    sheet: str
    row: int
    column: str
    field: str
    label: str  # the column's header, for messages
    value: RawValue  # as openpyxl gives it; for a formula, the result Excel saved with it
    number_format: str = ""
    # A formula typed where a figure belongs, saved without its result (a program that does
    # not calculate): the value is unknown, not blank, and the importer must say so.
    formula_without_value: bool = False

    @property
    def cell(self) -> str:
        return f"{self.column}{self.row}"

    @property
    def is_blank(self) -> bool:
        if self.formula_without_value:
            return False
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass(frozen=True)
class PacketRow:
    """One row of a returned packet: every input field of it, blank ones included."""

    sheet: str
    row: int
    values: Mapping[str, PacketValue]
    criterion_code: str = ""  # on "Kết quả"
    criterion_kind: CriterionKind | None = None

    def value(self, name: str) -> RawValue:
        item = self.values.get(name)
        return item.value if item is not None else None

    @property
    def is_blank(self) -> bool:
        return all(v.is_blank for v in self.values.values())


@dataclass(frozen=True)
class PacketIdentity:
    packet_id: str
    template_version: int
    period_id: int
    period_year: int
    period_name: str
    unit_id: int
    unit_code: str
    unit_name: str
    unit_kind: str
    criteria_checksum: str
    criterion_rows: Mapping[str, int]
    criterion_kinds: Mapping[str, CriterionKind]
    deadline: date | None = None
    created_on: date | None = None


@dataclass(frozen=True)
class PacketContents:
    identity: PacketIdentity
    results: tuple[PacketRow, ...]  # one per criterion the packet listed, blank or not
    initiatives: tuple[PacketRow, ...]  # rows with something typed
    nominations: tuple[PacketRow, ...]  # rows with something typed
    digital_literacy: PacketRow | None  # villages; each value carries its own cell
    # What the reader could not make sense of (a criterion's row gone, a sheet missing),
    # in Vietnamese; whether the criteria set still matches is the service's question.
    problems: tuple[str, ...] = ()

    def rows_by_sheet(self) -> dict[str, tuple[PacketRow, ...]]:
        rows = {
            RESULTS_SHEET: self.results,
            INITIATIVES_SHEET: self.initiatives,
            NOMINATIONS_SHEET: self.nominations,
        }
        if self.digital_literacy is not None:
            rows[DIGITAL_SHEET] = (self.digital_literacy,)
        return rows


# --- the layout (template version 1) -----------------------------------------------------


@dataclass(frozen=True)
class Column:
    field: str  # "" for a column the reader ignores
    header: str
    width: float
    input: bool = False


RESULT_COLUMNS = (
    Column("", "STT", 5),
    Column("", "Mã", 6.5),
    Column("", "Chỉ tiêu", 42),
    Column("", "Chỉ tiêu phải đạt", 8.5),
    Column("", "Kỳ trước", 12),
    Column("numerator", "Tử số", 9.5, True),
    Column("denominator", "Mẫu số", 9.5, True),
    Column("", "Tỷ lệ (máy tự tính)", 8.5),
    Column("result", "Kết quả (số lượng, Có/Không hoặc tự đánh giá)", 24, True),
    Column("note", "Ghi chú", 15, True),
    Column("evidence", "Minh chứng (tên tệp, số văn bản)", 15, True),
)
INITIATIVE_COLUMNS = (
    Column("", "STT", 5),
    Column("title", "Tên sáng kiến, giải pháp", 30, True),
    Column("kind", "Loại", 11, True),
    Column("authors", "Tác giả", 22, True),
    Column("sector", "Lĩnh vực", 20, True),
    Column("applied_on", "Ngày áp dụng", 12, True),
    Column("summary", "Tóm tắt nội dung", 34, True),
    Column("benefits", "Hiệu quả", 30, True),
)
NOMINATION_COLUMNS = (
    Column("", "STT", 5),
    Column("full_name", "Họ và tên", 24, True),
    Column("gender", "Giới tính", 9, True),
    Column("birth_year", "Năm sinh", 9, True),
    Column("position", "Chức vụ", 20, True),
    Column("unit_name", "Đơn vị", 20, True),
    Column("achievements", "Thành tích", 44, True),
    Column("proposed_award", "Hình thức đề nghị", 22, True),
)
DIGITAL_COLUMNS = (
    Column("", "STT", 5),
    Column("", "Nội dung", 52),
    Column("value", "Số liệu", 17, True),
    Column("", "Kỳ trước", 17),
)
# Field name of the Kết quả "result" column, by the criterion's kind.
RESULT_FIELD_BY_KIND = {
    CriterionKind.COUNT: "value",
    CriterionKind.YES_NO: "yes_no",
    CriterionKind.QUALITATIVE: "assessment",
}
HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1
PREPARER_TITLE = "NGƯỜI LẬP BIỂU"
# The signature block starts two rows below a table (its date line), its titles one lower.
SIGNATURE_OFFSET = 3


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _column_letters(columns: tuple[Column, ...]) -> dict[str, str]:
    return {c.field: _letter(i) for i, c in enumerate(columns, start=1) if c.field}


# --- writing -----------------------------------------------------------------------------


class _Styles:
    """The few style objects a packet uses, made once: openpyxl hashes each assignment."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.font = Font(name=FONT_NAME, size=12)
        self.bold = Font(name=FONT_NAME, size=12, bold=True)
        self.italic = Font(name=FONT_NAME, size=12, italic=True)
        self.title = Font(name=FONT_NAME, size=14, bold=True)
        self.deadline = Font(name=FONT_NAME, size=12, bold=True, color="C00000")
        self.input_fill = PatternFill("solid", fgColor=INPUT_FILL)
        self.unused_fill = PatternFill("solid", fgColor=UNUSED_FILL)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.wrap_center = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self.top_center = Alignment(wrap_text=True, vertical="top", horizontal="center")
        self.top_right = Alignment(vertical="top", horizontal="right")
        self.left = Alignment(vertical="top", horizontal="left", wrap_text=True)
        self.unlocked = Protection(locked=False)
        self._arrays: dict[str, Any] = {}

    def reuse(self, cell: Any, key: str, setup: Callable[[Any], None]) -> None:
        """Style `cell` like the first cell styled under `key`.

        Assigning a font, fill or border makes openpyxl hash it against the workbook's list
        every time (two thirds of a packet's writing time); a cell's style is a small array
        of indices into those lists, copied here instead. One _Styles serves one workbook."""
        array = self._arrays.get(key)
        if array is None:
            setup(cell)
            self._arrays[key] = copy(cell._style)
        else:
            cell._style = copy(array)


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write `value`; text that Excel would run as a formula is kept as text."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    return cell


def _protect(sheet: Worksheet) -> None:
    # No password: a careful user can still unprotect (Xem lại > Bỏ bảo vệ trang tính);
    # the lock only keeps a slip of the hand off the labels. Rows and columns stay resizable
    # so a long answer can be read.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.selectLockedCells = False
    sheet.protection.selectUnlockedCells = False


def _print_setup(sheet: Worksheet, *, landscape: bool, title_row: int | None) -> None:
    from openpyxl.worksheet.page import PageMargins

    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.page_margins = PageMargins(left=0.5, right=0.4, top=0.55, bottom=0.6)
    sheet.print_options.horizontalCentered = True
    if title_row is not None:
        sheet.print_title_rows = f"{title_row}:{title_row}"
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.oddFooter.center.font = FONT_NAME
    sheet.oddFooter.center.size = 10


@lru_cache(maxsize=20_000)
def _word_width(word: str, bold: bool, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    # Times New Roman's Vietnamese letters are as wide as their bare Latin letters; the
    # standard Times metrics need no font file.
    bare = "".join(
        ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch)
    ).translate(_BARE_LETTERS)
    return float(stringWidth(bare, "Times-Bold" if bold else "Times-Roman", size))


_BARE_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "…": "...", "–": "-", "“": '"', "”": '"'})


def _line_count(text: str, width: float, bold: bool, size: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (Excel's unit)."""
    # A column's unit is the width of a digit of the Normal font (Times New Roman 12: 6 pt),
    # less the cell's padding.
    available = max(width * DIGIT_WIDTH - 7, 10.0)
    space = _word_width(" ", bold, size)
    lines = 0
    for paragraph in text.split("\n"):
        used = 0.0
        count = 1
        for word in paragraph.split():
            needed = _word_width(word, bold, size)
            if used and used + space + needed <= available:
                used += space + needed
                continue
            if used:
                count += 1
            count += int(needed // available)
            used = needed % available if needed > available else needed
        lines += count
    return lines


def _fit_rows(sheet: Worksheet, rows: Iterable[int], *, minimum: float = 0) -> None:
    """Row heights that show every line of wrapped text: LibreOffice keeps a row at one line
    unless told, and Excel never grows a row for merged cells."""
    widths = {
        letter: (dimension.width or 8.43) for letter, dimension in sheet.column_dimensions.items()
    }
    merged: dict[str, float] = {}
    for cell_range in sheet.merged_cells.ranges:
        merged[cell_range.start_cell.coordinate] = sum(
            widths.get(_letter(c), 8.43) for c in range(cell_range.min_col, cell_range.max_col + 1)
        )
    for row in rows:
        height = minimum
        for cell in sheet[row]:
            value = cell.value
            if (
                value is None
                or isinstance(value, (int, float))
                or (isinstance(value, str) and value.startswith("=") and cell.data_type == "f")
            ):
                continue
            text = str(value)
            if not text:
                continue
            width = merged.get(cell.coordinate, widths.get(cell.column_letter, 8.43))
            size = float(cell.font.sz or 12)
            lines = _line_count(text, width, bool(cell.font.b), size)
            height = max(height, lines * size * LINE_SPACING + 5)
        if height:
            sheet.row_dimensions[row].height = round(height, 1)


def _widths(sheet: Worksheet, columns: tuple[Column, ...]) -> None:
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[_letter(index)].width = column.width


def _title_block(
    sheet: Worksheet, styles: _Styles, width: int, title: str, lines: tuple[str, ...]
) -> None:
    last = _letter(width)
    cell = _put(sheet, 1, 1, title)
    cell.font = styles.title
    cell.alignment = styles.wrap_center
    sheet.merge_cells(f"A1:{last}1")
    for offset, text in enumerate(lines, start=2):
        cell = _put(sheet, offset, 1, text)
        cell.font = styles.italic if offset > 2 else styles.bold
        cell.alignment = styles.wrap_center
        sheet.merge_cells(f"A{offset}:{last}{offset}")
    _fit_rows(sheet, range(1, len(lines) + 2))


def _header(sheet: Worksheet, styles: _Styles, columns: tuple[Column, ...], row: int) -> None:
    for index, column in enumerate(columns, start=1):
        cell = _put(sheet, row, index, column.header)
        cell.font = styles.bold
        cell.fill = styles.header_fill
        cell.border = styles.border
        cell.alignment = styles.wrap_center
    _fit_rows(sheet, [row], minimum=30)


def _input(cell: Any, styles: _Styles, number_format: str = "") -> None:
    def setup(target: Any) -> None:
        target.fill = styles.input_fill
        target.protection = styles.unlocked
        target.border = styles.border
        target.font = styles.font
        target.alignment = styles.wrap
        if number_format:
            target.number_format = number_format

    styles.reuse(cell, f"input {number_format}", setup)


def _label(cell: Any, styles: _Styles, alignment: Any = None) -> None:
    chosen = alignment or styles.wrap

    def setup(target: Any) -> None:
        target.border = styles.border
        target.font = styles.font
        target.alignment = chosen

    styles.reuse(cell, f"label {id(chosen)}", setup)


def _unused(cell: Any, styles: _Styles) -> None:
    def setup(target: Any) -> None:
        target.fill = styles.unused_fill
        target.border = styles.border

    styles.reuse(cell, "unused", setup)


class _Validations:
    """Data validations of one sheet, with Vietnamese messages."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet

    def add(
        self,
        kind: str,
        cells: str,
        *,
        operator: str | None = None,
        formula1: str | None = None,
        formula2: str | None = None,
        error: str,
        prompt_title: str = "",
        prompt: str = "",
    ) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        validation = DataValidation(
            type=kind,
            operator=operator,
            formula1=formula1,
            formula2=formula2,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Giá trị không hợp lệ",
            error=error[:255],
            showInputMessage=bool(prompt),
            promptTitle=prompt_title[:32] or None,
            prompt=prompt[:255] or None,
        )
        for cell_range in cells.split():
            validation.add(cell_range)
        self.sheet.add_data_validation(validation)

    def whole(self, cells: str, prompt_title: str = "", prompt: str = "") -> None:
        self.add(
            "whole",
            cells,
            operator="between",
            formula1="0",
            formula2="999999999999",
            error="Hãy ghi một số nguyên không âm, chỉ gồm chữ số (ví dụ 1250), "
            "không ghi chữ hay đơn vị.",
            prompt_title=prompt_title,
            prompt=prompt,
        )

    def choice(self, cells: str, options: tuple[str, ...], prompt: str = "") -> None:
        self.add(
            "list",
            cells,
            formula1='"' + ",".join(options) + '"',
            error="Hãy chọn một giá trị trong danh sách: " + ", ".join(options) + ".",
            prompt_title="Chọn trong danh sách" if prompt else "",
            prompt=prompt,
        )

    def text(self, cells: str, limit: int) -> None:
        self.add(
            "textLength",
            cells,
            operator="lessThanOrEqual",
            formula1=str(limit),
            error=f"Nội dung dài quá {limit} ký tự; hãy viết ngắn gọn hơn.",
        )


def _excel_date(value: date) -> str:
    return f"DATE({value.year},{value.month},{value.day})"


def _write_guide(workbook: Workbook, data: PacketData, styles: _Styles) -> None:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = GUIDE_SHEET
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 92
    deadline = format_date_long(data.deadline)
    kind_label = UNIT_KIND_LABELS[UnitKind(data.unit_kind)].lower()
    row = 1
    cell = _put(sheet, row, 1, f"HƯỚNG DẪN ĐIỀN GÓI BÁO CÁO THI ĐUA {data.period_name.upper()}")
    cell.font = styles.title
    cell.alignment = styles.wrap_center
    sheet.merge_cells("A1:B1")
    row = 3
    facts = (
        ("Đơn vị", f"{data.unit_name} (mã đơn vị {data.unit_code}; {kind_label})"),
        ("Kỳ báo cáo", data.period_name),
        ("Hạn gửi lại", deadline),
        ("Nơi nhận", data.office_name),
        ("Liên hệ", data.contact),
        ("Mã gói (để đối chiếu khi cần liên hệ)", data.packet_id[:8].upper()),
    )
    for label, text in facts:
        if not text or (label == "Liên hệ" and text == data.office_name):
            continue
        cell = _put(sheet, row, 1, f"{label}: {text}")
        cell.font = styles.deadline if label == "Hạn gửi lại" else styles.font
        cell.alignment = styles.left
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        row += 1
    row += 1
    legend = _put(sheet, row, 1, "")
    legend.fill = styles.input_fill
    legend.border = styles.border
    cell = _put(
        sheet,
        row,
        2,
        "Ô nền vàng nhạt như ô bên trái là ô cần điền. Các ô khác đã được khóa để tránh sửa nhầm.",
    )
    cell.font = styles.bold
    cell.alignment = styles.left
    row += 2
    cell = _put(sheet, row, 1, "CÁCH ĐIỀN")
    cell.font = styles.bold
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    row += 1
    steps = [
        f"Trang “{RESULTS_SHEET}”: mỗi dòng là một chỉ tiêu của năm. Cột “Chỉ tiêu phải đạt” là "
        "mức kế hoạch giao; cột “Kỳ trước” là số liệu kỳ trước của đơn vị, chỉ để tham khảo.",
        "Chỉ tiêu tính theo tỷ lệ: ghi Tử số (số đã làm được) và Mẫu số (tổng số phải làm). "
        "Dòng chữ nghiêng dưới mỗi chỉ tiêu nói rõ tử số, mẫu số là gì. Máy tự tính tỷ lệ, "
        "không cần tính tay.",
        "Chỉ tiêu đánh giá bằng lời: ghi ngắn gọn kết quả đơn vị đã làm vào cột “Kết quả”. "
        "Chỉ tiêu Có/Không: bấm vào ô rồi chọn “Có” hoặc “Không”.",
        "Cách ghi số: chỉ ghi chữ số, không ghi dấu chấm, dấu phẩy hay chữ kèm theo. "
        "Ví dụ ghi 1250, không ghi “1.250 hồ sơ”. Số lượng là số nguyên, không âm.",
        "Ngày tháng ghi theo thứ tự ngày/tháng/năm, ví dụ 15/03/2026.",
        "Nếu chỉ tiêu nào không phát sinh ở đơn vị, để trống ô số liệu và ghi lý do vào cột "
        "“Ghi chú”.",
        "Cột “Minh chứng”: ghi tên tệp hoặc số, ngày văn bản gửi kèm để chứng minh số liệu "
        "(ví dụ: Báo cáo số 12/BC-UBND ngày 10/11/2026).",
        f"Trang “{INITIATIVES_SHEET}”: mỗi sáng kiến, giải pháp ghi trên một dòng; chưa có thì "
        "để trống.",
        f"Trang “{NOMINATIONS_SHEET}”: mỗi người được đề nghị khen thưởng ghi trên một dòng; "
        "Giới tính và Hình thức đề nghị chọn trong danh sách; Năm sinh ghi đủ 4 chữ số.",
    ]
    if data.is_village:
        steps.append(
            f"Trang “{DIGITAL_SHEET}”: ghi số liệu phong trào “Bình dân học vụ số” của thôn "
            f"trong {data.period_name.lower()}."
        )
    steps += [
        "Không đổi tên các trang, không thêm hoặc xóa dòng, cột. Được đổi tên tệp: tệp vẫn "
        "được nhận ra khi gửi về.",
        f"Điền xong, lưu tệp (định dạng .xlsx) và gửi lại chính tệp này cho {data.office_name} "
        f"trước {deadline} (qua thư điện tử, Zalo hoặc chép vào USB). Không chụp ảnh, không "
        "chuyển sang PDF.",
        "Các trang đã khóa nhưng không có mật khẩu; nếu thật cần mở khóa, chọn Xem lại > Bỏ bảo "
        "vệ trang tính (Review > Unprotect Sheet). Xin đừng sửa các ô đã khóa.",
    ]
    for number, text in enumerate(steps, start=1):
        cell = _put(sheet, row, 1, f"{number}.")
        cell.font = styles.font
        cell.alignment = styles.top_right
        cell = _put(sheet, row, 2, text)
        cell.font = styles.font
        cell.alignment = styles.left
        row += 1
    row += 1
    cell = _put(sheet, row, 1, "Xin cảm ơn đơn vị đã phối hợp!")
    cell.font = styles.italic
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    _fit_rows(sheet, range(1, row + 1))
    _print_setup(sheet, landscape=False, title_row=None)
    _protect(sheet)


def _signature_block(
    sheet: Worksheet, styles: _Styles, row: int, split: int, last: int, head_title: str
) -> None:
    """Who drew up the sheet (columns 1..split) and who answers for it (split+1..last)."""
    cell = _put(sheet, row, split + 1, "…………, ngày …… tháng …… năm ……")
    cell.font = styles.italic
    cell.alignment = styles.wrap_center
    sheet.merge_cells(start_row=row, start_column=split + 1, end_row=row, end_column=last)
    for start, end, title in ((1, split, PREPARER_TITLE), (split + 1, last, head_title)):
        cell = _put(sheet, row + 1, start, title)
        cell.font = styles.bold
        cell.alignment = styles.wrap_center
        sheet.merge_cells(start_row=row + 1, start_column=start, end_row=row + 1, end_column=end)
        cell = _put(sheet, row + 2, start, "(Ký, ghi rõ họ tên)")
        cell.font = styles.italic
        cell.alignment = styles.wrap_center
        sheet.merge_cells(start_row=row + 2, start_column=start, end_row=row + 2, end_column=end)
    _fit_rows(sheet, range(row, row + 3))


def _head_title(data: PacketData) -> str:
    return "TRƯỞNG THÔN" if data.is_village else "THỦ TRƯỞNG ĐƠN VỊ"


def _wording(criterion: PacketCriterion) -> Any:
    """The criterion's wording, and for a rate what its counts are, in italics below it."""
    if criterion.kind != CriterionKind.RATE or not (
        criterion.numerator_label or criterion.denominator_label
    ):
        return criterion.wording
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    plain = InlineFont(rFont=FONT_NAME, sz=12)
    italic = InlineFont(rFont=FONT_NAME, sz=11, i=True)
    return CellRichText(
        TextBlock(plain, criterion.wording),
        TextBlock(
            italic,
            f"\nTử số: {criterion.numerator_label}.\nMẫu số: {criterion.denominator_label}.",
        ),
    )


def _write_results(
    workbook: Workbook, data: PacketData, styles: _Styles, layout: list[list[Any]]
) -> None:
    sheet = workbook.create_sheet(RESULTS_SHEET)
    columns = RESULT_COLUMNS
    width = len(columns)
    _widths(sheet, columns)
    _title_block(
        sheet,
        styles,
        width,
        f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THI ĐUA {data.period_name.upper()}",
        (
            f"Đơn vị: {data.unit_name} (mã {data.unit_code})",
            f"Hạn gửi lại: {format_date_long(data.deadline)}. Chỉ điền vào các ô nền vàng nhạt.",
        ),
    )
    headers = list(columns)
    if data.previous_period_name:
        headers[4] = replace(headers[4], header=f"Kỳ trước ({data.previous_period_name})")
    _header(sheet, styles, tuple(headers), HEADER_ROW)
    letters = _column_letters(columns)
    validations = _Validations(sheet)
    whole_cells: list[str] = []
    yes_no_cells: list[str] = []
    text_cells: list[str] = []
    for number, criterion in enumerate(data.criteria, start=1):
        row = FIRST_ROW + number - 1
        layout.append(["criterion", criterion.code, row, str(criterion.kind)])
        _label(_put(sheet, row, 1, number), styles, styles.top_center)
        _label(_put(sheet, row, 2, criterion.code), styles, styles.top_center)
        _label(_put(sheet, row, 3, _wording(criterion)), styles)
        _label(_put(sheet, row, 4, criterion.target_text), styles, styles.top_center)
        _label(_put(sheet, row, 5, data.previous_figures.get(criterion.code, "")), styles)
        numerator = sheet.cell(row=row, column=6)
        denominator = sheet.cell(row=row, column=7)
        rate = sheet.cell(row=row, column=8)
        result = sheet.cell(row=row, column=9)
        if criterion.kind == CriterionKind.RATE:
            _input(numerator, styles, "#,##0")
            _input(denominator, styles, "#,##0")
            validations.whole(
                numerator.coordinate, "Tử số", f"{criterion.code}: {criterion.numerator_label}"
            )
            validations.whole(
                denominator.coordinate,
                "Mẫu số",
                f"{criterion.code}: {criterion.denominator_label}",
            )
            n, d = numerator.coordinate, denominator.coordinate
            rate.value = f'=IF(AND(ISNUMBER({n}),ISNUMBER({d}),{d}>0),{n}/{d},"")'
            _label(rate, styles, styles.top_center)
            rate.number_format = "0.00%"
            _unused(result, styles)
        else:
            for unused in (numerator, denominator, rate):
                _unused(unused, styles)
            if criterion.kind == CriterionKind.COUNT:
                _input(result, styles, "#,##0")
                whole_cells.append(result.coordinate)
            elif criterion.kind == CriterionKind.YES_NO:
                _input(result, styles)
                yes_no_cells.append(result.coordinate)
            else:
                _input(result, styles, "@")
                text_cells.append(result.coordinate)
        _input(sheet.cell(row=row, column=10), styles, "@")
        _input(sheet.cell(row=row, column=11), styles, "@")
    last_row = FIRST_ROW + len(data.criteria) - 1
    _fit_rows(sheet, range(FIRST_ROW, last_row + 1), minimum=32)
    if whole_cells:
        validations.whole(" ".join(whole_cells))
    if yes_no_cells:
        validations.choice(" ".join(yes_no_cells), (YES, NO), "Chọn “Có” hoặc “Không”.")
    if text_cells:
        validations.text(" ".join(text_cells), NOTE_LIMIT)
    if data.criteria:
        validations.text(f"J{FIRST_ROW}:K{last_row}", NOTE_LIMIT)
    layout.append(["rows", RESULTS_SHEET, FIRST_ROW, max(last_row, FIRST_ROW)])
    for name, letter in letters.items():
        layout.append(["column", RESULTS_SHEET, name, letter])
    _signature_block(sheet, styles, last_row + 2, 5, width, _head_title(data))
    sheet.freeze_panes = f"A{FIRST_ROW}"
    _print_setup(sheet, landscape=True, title_row=HEADER_ROW)
    _protect(sheet)


def _write_table(
    workbook: Workbook,
    styles: _Styles,
    layout: list[list[Any]],
    *,
    name: str,
    title: str,
    subtitle: str,
    columns: tuple[Column, ...],
    rows: int,
    formats: Mapping[str, str],
) -> tuple[Worksheet, int]:
    sheet = workbook.create_sheet(name)
    _widths(sheet, columns)
    _title_block(sheet, styles, len(columns), title, (subtitle,))
    _header(sheet, styles, columns, HEADER_ROW)
    last_row = FIRST_ROW + rows - 1
    for row in range(FIRST_ROW, last_row + 1):
        sheet.row_dimensions[row].height = 32
        _label(_put(sheet, row, 1, row - FIRST_ROW + 1), styles, styles.top_center)
        for index, column in enumerate(columns[1:], start=2):
            _input(sheet.cell(row=row, column=index), styles, formats.get(column.field, "@"))
    layout.append(["rows", name, FIRST_ROW, last_row])
    for field_name, letter in _column_letters(columns).items():
        layout.append(["column", name, field_name, letter])
    sheet.freeze_panes = f"A{FIRST_ROW}"
    _print_setup(sheet, landscape=True, title_row=HEADER_ROW)
    _protect(sheet)
    return sheet, last_row


def _write_initiatives(
    workbook: Workbook, data: PacketData, styles: _Styles, layout: list[list[Any]]
) -> None:
    sheet, last = _write_table(
        workbook,
        styles,
        layout,
        name=INITIATIVES_SHEET,
        title=f"SÁNG KIẾN, GIẢI PHÁP {data.period_name.upper()}",
        subtitle=f"Đơn vị: {data.unit_name} (mã {data.unit_code})",
        columns=INITIATIVE_COLUMNS,
        rows=INITIATIVE_ROWS,
        formats={"applied_on": "dd/mm/yyyy"},
    )
    letters = _column_letters(INITIATIVE_COLUMNS)
    validations = _Validations(sheet)

    def span(name: str) -> str:
        return f"{letters[name]}{FIRST_ROW}:{letters[name]}{last}"

    validations.choice(span("kind"), INITIATIVE_KINDS)
    validations.choice(span("sector"), SECTORS, "Chọn lĩnh vực áp dụng của sáng kiến.")
    low, high = APPLIED_ON_RANGE
    validations.add(
        "date",
        span("applied_on"),
        operator="between",
        formula1=_excel_date(low),
        formula2=_excel_date(high),
        error="Hãy ghi ngày theo thứ tự ngày/tháng/năm, ví dụ 15/03/2026.",
        prompt_title="Ngày áp dụng",
        prompt="Ghi ngày/tháng/năm, ví dụ 15/03/2026.",
    )
    validations.text(f"{letters['title']}{FIRST_ROW}:{letters['title']}{last}", 500)
    validations.text(f"{letters['summary']}{FIRST_ROW}:{letters['benefits']}{last}", TEXT_LIMIT)


def _write_nominations(
    workbook: Workbook, data: PacketData, styles: _Styles, layout: list[list[Any]]
) -> None:
    sheet, last = _write_table(
        workbook,
        styles,
        layout,
        name=NOMINATIONS_SHEET,
        title=f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG {data.period_name.upper()}",
        subtitle=f"Đơn vị đề nghị: {data.unit_name} (mã {data.unit_code})",
        columns=NOMINATION_COLUMNS,
        rows=NOMINATION_ROWS,
        formats={"birth_year": "0"},
    )
    letters = _column_letters(NOMINATION_COLUMNS)
    validations = _Validations(sheet)

    def span(name: str) -> str:
        return f"{letters[name]}{FIRST_ROW}:{letters[name]}{last}"

    validations.choice(span("gender"), GENDERS)
    low, high = BIRTH_YEARS
    validations.add(
        "whole",
        span("birth_year"),
        operator="between",
        formula1=str(low),
        formula2=str(high),
        error=f"Năm sinh ghi đủ 4 chữ số, từ {low} đến {high} (ví dụ 1985).",
    )
    validations.choice(span("proposed_award"), AWARD_FORMS)
    validations.text(
        f"{letters['achievements']}{FIRST_ROW}:{letters['achievements']}{last}", TEXT_LIMIT
    )
    _signature_block(sheet, styles, last + 2, 5, len(NOMINATION_COLUMNS), _head_title(data))


def _write_digital(
    workbook: Workbook, data: PacketData, styles: _Styles, layout: list[list[Any]]
) -> None:
    sheet = workbook.create_sheet(DIGITAL_SHEET)
    columns = DIGITAL_COLUMNS
    _widths(sheet, columns)
    _title_block(
        sheet,
        styles,
        len(columns),
        f"SỐ LIỆU “BÌNH DÂN HỌC VỤ SỐ” {data.period_name.upper()}",
        (
            f"Thôn: {data.unit_name} (mã {data.unit_code})",
            "Ghi số người, số lớp, số lượt của thôn trong cả năm; chưa có thì ghi 0.",
        ),
    )
    headers = list(columns)
    headers[2] = replace(headers[2], header=f"Số liệu {data.period_name.lower()}")
    if data.previous_period_name:
        headers[3] = replace(headers[3], header=f"Kỳ trước ({data.previous_period_name})")
    _header(sheet, styles, tuple(headers), HEADER_ROW)
    validations = _Validations(sheet)
    row = FIRST_ROW
    for number, item in enumerate(DIGITAL_FIELDS, start=1):
        _label(_put(sheet, row, 1, number), styles, styles.top_center)
        _label(_put(sheet, row, 2, item.label), styles)
        _input(sheet.cell(row=row, column=3), styles, "#,##0")
        _label(
            _put(sheet, row, 4, data.previous_digital.get(item.name, "")), styles, styles.top_right
        )
        layout.append(["cell", DIGITAL_SHEET, item.name, f"C{row}"])
        row += 1
    first, last = FIRST_ROW, row - 1
    validations.whole(f"C{first}:C{last}")
    _fit_rows(sheet, range(first, last + 1))
    meeting, population = f"C{last - 1}", f"C{last}"
    _label(_put(sheet, row, 1, len(DIGITAL_FIELDS) + 1), styles, styles.top_center)
    _label(_put(sheet, row, 2, "Tỷ lệ người trưởng thành đạt chuẩn (máy tự tính)"), styles)
    rate = sheet.cell(row=row, column=3)
    rate.value = (
        f"=IF(AND(ISNUMBER({meeting}),ISNUMBER({population}),{population}>0),"
        f'{meeting}/{population},"")'
    )
    _label(rate, styles, styles.top_right)
    rate.number_format = "0.00%"
    _label(_put(sheet, row, 4, data.previous_digital.get("rate", "")), styles, styles.top_right)
    row += 1
    _label(_put(sheet, row, 1, ""), styles)
    _label(_put(sheet, row, 2, "Ghi chú (nếu có)"), styles)
    note = sheet.cell(row=row, column=3)
    _input(note, styles, "@")
    _input(sheet.cell(row=row, column=4), styles, "@")
    sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=4)
    sheet.row_dimensions[row].height = 48
    validations.text(note.coordinate, NOTE_LIMIT)
    layout.append(["cell", DIGITAL_SHEET, "note", note.coordinate])
    _signature_block(sheet, styles, row + 2, 2, len(columns), _head_title(data))
    _print_setup(sheet, landscape=False, title_row=None)
    _protect(sheet)


def _write_identification(workbook: Workbook, data: PacketData, layout: list[list[Any]]) -> None:
    sheet = workbook.create_sheet(ID_SHEET)
    rows: list[list[Any]] = [
        ["format", PACKET_FORMAT],
        ["template_version", data.template_version],
        ["packet_id", data.packet_id],
        ["period_id", data.period_id],
        ["period_year", data.period_year],
        ["period_name", data.period_name],
        ["unit_id", data.unit_id],
        ["unit_code", data.unit_code],
        ["unit_name", data.unit_name],
        ["unit_kind", str(data.unit_kind)],
        ["criteria_checksum", data.criteria_checksum],
        ["deadline", data.deadline.isoformat()],
        ["created_on", (data.created_on or date.today()).isoformat()],
        *layout,
    ]
    for row_number, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            _put(sheet, row_number, column, value)
    sheet.sheet_state = "veryHidden"
    _protect(sheet)


def _default_font(workbook: Workbook) -> None:
    """Times New Roman 12 as the workbook's Normal font: empty cells print in it, and Excel
    and LibreOffice both size a column's unit by this font's digit, so the row heights
    estimated here hold in either."""
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    default = Font(name=FONT_NAME, size=12, family=1)
    # openpyxl has no public setter for font 0, the one every unstyled cell refers to.
    workbook._fonts = IndexedList([default])
    workbook._named_styles["Normal"].font = default


def build_packet(data: PacketData) -> Workbook:
    """The packet as an openpyxl workbook (write_packet saves it)."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    styles = _Styles()
    workbook = Workbook()
    _default_font(workbook)
    layout: list[list[Any]] = []
    _write_guide(workbook, data, styles)
    _write_results(workbook, data, styles, layout)
    _write_initiatives(workbook, data, styles, layout)
    _write_nominations(workbook, data, styles, layout)
    if data.is_village:
        _write_digital(workbook, data, styles, layout)
    _write_identification(workbook, data, layout)
    # Sheets can be neither added, renamed nor unhidden by accident; no password either.
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.active = 0
    return workbook


def write_packet(data: PacketData, path: Path) -> Path:
    """Write the unit's packet to `path` (.xlsx) atomically; returns the path written.

    Raises UserError in Vietnamese when the file cannot be written (open in Excel, folder
    read-only, disk full); nothing is left behind then."""
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    workbook = build_packet(data)
    return save_workbook_atomically(workbook, path)


# --- reading -----------------------------------------------------------------------------


def _has_identification_sheet(path: Path) -> bool:
    """Cheap test before openpyxl parses anything: a zip within size, naming our sheet."""
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_INFLATED_BYTES:
                return False
            try:
                with archive.open("xl/workbook.xml") as handle:
                    head = handle.read(256 * 1024)
            except KeyError:
                return False
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError):
        return False
    return ID_SHEET.encode() in head


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return int(str(value).strip())


def _iso_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        return None


@dataclass
class _Layout:
    identity: PacketIdentity
    rows: dict[str, tuple[int, int]]
    columns: dict[str, dict[str, str]]
    cells: dict[str, dict[str, str]]


def _parse_identification(values: list[tuple[Any, ...]]) -> _Layout | None:
    if not values or _text(values[0][0]) != "format" or len(values[0]) < 2:
        return None
    if _text(values[0][1]) != PACKET_FORMAT:
        return None
    facts: dict[str, Any] = {}
    criterion_rows: dict[str, int] = {}
    criterion_kinds: dict[str, CriterionKind] = {}
    rows: dict[str, tuple[int, int]] = {}
    columns: dict[str, dict[str, str]] = {}
    cells: dict[str, dict[str, str]] = {}
    try:
        for raw in values:
            item = [*raw, None, None, None][:4]
            key = _text(item[0])
            if key == "criterion":
                code = _text(item[1])
                criterion_rows[code] = _int(item[2])
                criterion_kinds[code] = CriterionKind(_text(item[3]))
            elif key == "rows":
                rows[_text(item[1])] = (_int(item[2]), _int(item[3]))
            elif key == "column":
                columns.setdefault(_text(item[1]), {})[_text(item[2])] = _text(item[3])
            elif key == "cell":
                cells.setdefault(_text(item[1]), {})[_text(item[2])] = _text(item[3])
            elif key:
                facts[key] = item[1]
        identity = PacketIdentity(
            packet_id=_text(facts.get("packet_id")),
            template_version=_int(facts.get("template_version")),
            period_id=_int(facts.get("period_id")),
            period_year=_int(facts.get("period_year")),
            period_name=_text(facts.get("period_name")),
            unit_id=_int(facts.get("unit_id")),
            unit_code=_text(facts.get("unit_code")),
            unit_name=_text(facts.get("unit_name")),
            unit_kind=_text(facts.get("unit_kind")),
            criteria_checksum=_text(facts.get("criteria_checksum")),
            criterion_rows=criterion_rows,
            criterion_kinds=criterion_kinds,
            deadline=_iso_date(facts.get("deadline")),
            created_on=_iso_date(facts.get("created_on")),
        )
    except (TypeError, ValueError):
        return None
    return _Layout(identity, rows, columns, cells)


@dataclass(frozen=True)
class _Cell:
    value: Any
    formula: bool = False  # the cell holds a formula; value is its saved result, if any
    number_format: str = ""


_BLANK = _Cell(None)


class _SheetGrid:
    """The cells of one sheet, read once, by (row, column letter)."""

    def __init__(self, sheet: Any, max_row: int, formulas: Collection[str] = ()) -> None:
        from openpyxl.utils import get_column_letter

        self.cells: dict[tuple[int, str], _Cell] = {}
        self.max_row = 0
        # Explicit bounds: the dimension a workbook declares may be wrong (some programs
        # write "A1"), and a packet never needs more than this.
        rows = sheet.iter_rows(min_row=1, max_row=max_row, max_col=MAX_COLUMNS)
        for row_number, row in enumerate(rows, start=1):
            for index, cell in enumerate(row, start=1):
                letter = get_column_letter(index)
                value = getattr(cell, "value", None)
                formula = f"{letter}{row_number}" in formulas
                if getattr(cell, "data_type", "") == "f":
                    # Opened with formulas, not their results: the value is not known here.
                    formula, value = True, None
                if value is None and not formula:
                    continue
                number_format = str(getattr(cell, "number_format", "") or "")
                self.cells[(row_number, letter)] = _Cell(value, formula, number_format)
                self.max_row = row_number

    def get(self, row: int, column: str) -> _Cell:
        return self.cells.get((row, column), _BLANK)

    def formula_cells(self) -> set[str]:
        return {f"{column}{row}" for (row, column), cell in self.cells.items() if cell.formula}


def _packet_value(
    grid: _SheetGrid, sheet: str, row: int, column: str, name: str, label: str
) -> PacketValue:
    cell = grid.get(row, column)
    return PacketValue(
        sheet,
        row,
        column,
        name,
        label,
        cell.value,
        cell.number_format,
        formula_without_value=cell.formula and cell.value is None,
    )


def _header_columns(
    grid: _SheetGrid, header_row: int, columns: tuple[Column, ...], stored: Mapping[str, str]
) -> tuple[dict[str, str], list[str]]:
    """Each field's column: where the layout put it, or where its header is now (a user who
    unprotected the sheet and inserted a column), with what could not be found."""
    found: dict[str, str] = {}
    problems: list[str] = []
    headers = {
        column: fold(_text(cell.value))
        for (row, column), cell in grid.cells.items()
        if row == header_row
    }
    for column in columns:
        if not column.field:
            continue
        letter = stored.get(column.field, "")
        expected = fold(column.header)
        if letter and headers.get(letter, "") == expected:
            found[column.field] = letter
            continue
        moved = [c for c, text in headers.items() if text == expected]
        if moved:
            found[column.field] = moved[0]
        elif letter:
            found[column.field] = letter
        else:
            problems.append(f"Không tìm thấy cột “{column.header}”.")
    return found, problems


def _values(
    grid: _SheetGrid, sheet: str, row: int, letters: Mapping[str, str], labels: Mapping[str, str]
) -> dict[str, PacketValue]:
    return {
        name: _packet_value(grid, sheet, row, letter, name, labels.get(name, name))
        for name, letter in letters.items()
    }


def _read_results(grid: _SheetGrid, layout: _Layout, problems: list[str]) -> tuple[PacketRow, ...]:
    letters, missing = _header_columns(
        grid, HEADER_ROW, RESULT_COLUMNS, layout.columns.get(RESULTS_SHEET, {})
    )
    problems += [f"Trang “{RESULTS_SHEET}”: {text}" for text in missing]
    labels = {c.field: c.header for c in RESULT_COLUMNS if c.field}
    code_letter = "B"
    code_rows: dict[str, int] = {}
    for (row, column), cell in grid.cells.items():
        if column == code_letter and row > HEADER_ROW:
            code_rows.setdefault(_text(cell.value).upper(), row)
    rows = []
    for code, kind in layout.identity.criterion_kinds.items():
        stored = layout.identity.criterion_rows.get(code, 0)
        row = stored if _text(grid.get(stored, code_letter).value).upper() == code else 0
        row = row or code_rows.get(code, 0)
        if not row:
            problems.append(
                f"Trang “{RESULTS_SHEET}”: không tìm thấy dòng của chỉ tiêu {code} "
                "(có thể dòng đã bị xóa)."
            )
            continue
        # The "result" column holds a count, a yes/no or an assessment by the criterion's
        # kind; the rate's own columns are read for rates only (the computed rate never).
        wanted = ("numerator", "denominator") if kind == CriterionKind.RATE else ("result",)
        own: dict[str, str] = {}
        own_labels: dict[str, str] = {}
        for name in (*wanted, "note", "evidence"):
            if name in letters:
                target = RESULT_FIELD_BY_KIND[kind] if name == "result" else name
                own[target] = letters[name]
                own_labels[target] = labels[name]
        rows.append(
            PacketRow(
                RESULTS_SHEET,
                row,
                _values(grid, RESULTS_SHEET, row, own, own_labels),
                criterion_code=code,
                criterion_kind=kind,
            )
        )
    return tuple(rows)


def _read_table(
    grid: _SheetGrid,
    layout: _Layout,
    sheet: str,
    columns: tuple[Column, ...],
    problems: list[str],
) -> tuple[PacketRow, ...]:
    letters, missing = _header_columns(grid, HEADER_ROW, columns, layout.columns.get(sheet, {}))
    problems += [f"Trang “{sheet}”: {text}" for text in missing]
    labels = {c.field: c.header for c in columns if c.field}
    first, _last = layout.rows.get(sheet, (FIRST_ROW, FIRST_ROW))
    # Read to the signature block, or to the sheet's last typed row, not to the layout's
    # last row: rows a user inserted (after unprotecting) count too.
    end = grid.max_row
    signatures = [
        row
        for (row, column), cell in grid.cells.items()
        if column == "A" and row > first and fold(_text(cell.value)) == fold(PREPARER_TITLE)
    ]
    if signatures:
        end = min(signatures) - SIGNATURE_OFFSET
    rows = []
    for row in range(first, end + 1):
        values = _values(grid, sheet, row, letters, labels)
        if all(v.is_blank for v in values.values()):
            continue
        rows.append(PacketRow(sheet, row, values))
    return tuple(rows)


def _read_digital(grid: _SheetGrid, layout: _Layout) -> PacketRow | None:
    cells = layout.cells.get(DIGITAL_SHEET, {})
    if not cells:
        return None
    from openpyxl.utils.cell import coordinate_from_string

    labels = {item.name: item.label for item in DIGITAL_FIELDS} | {"note": "Ghi chú"}
    values = {}
    for name, coordinate in cells.items():
        letter, row = coordinate_from_string(coordinate)
        values[name] = _packet_value(grid, DIGITAL_SHEET, row, letter, name, labels.get(name, name))
    first = min(v.row for v in values.values())
    return PacketRow(DIGITAL_SHEET, first, values)


def _open_grids(
    workbook: Any, formulas: Mapping[str, Collection[str]]
) -> tuple[_Layout, dict[str, _SheetGrid], list[str]] | None:
    if ID_SHEET not in workbook.sheetnames:
        return None
    id_rows = list(workbook[ID_SHEET].iter_rows(max_row=5_000, max_col=4, values_only=True))
    layout = _parse_identification(id_rows)
    if layout is None:
        return None
    problems: list[str] = []
    grids: dict[str, _SheetGrid] = {}
    wanted = [RESULTS_SHEET, INITIATIVES_SHEET, NOMINATIONS_SHEET]
    if layout.cells.get(DIGITAL_SHEET):
        wanted.append(DIGITAL_SHEET)
    limit = MAX_TABLE_ROWS + FIRST_ROW
    for name in wanted:
        if name not in workbook.sheetnames:
            problems.append(f"Tệp không còn trang “{name}”.")
            continue
        grids[name] = _SheetGrid(workbook[name], limit, formulas.get(name, ()))
        if grids[name].max_row >= limit:
            problems.append(f"Trang “{name}” có quá nhiều dòng; chỉ đọc {MAX_TABLE_ROWS} dòng đầu.")
    return layout, grids, problems


def _contents(
    layout: _Layout, grids: Mapping[str, _SheetGrid], problems: list[str]
) -> PacketContents:
    results: tuple[PacketRow, ...] = ()
    initiatives: tuple[PacketRow, ...] = ()
    nominations: tuple[PacketRow, ...] = ()
    if RESULTS_SHEET in grids:
        results = _read_results(grids[RESULTS_SHEET], layout, problems)
    if INITIATIVES_SHEET in grids:
        initiatives = _read_table(
            grids[INITIATIVES_SHEET], layout, INITIATIVES_SHEET, INITIATIVE_COLUMNS, problems
        )
    if NOMINATIONS_SHEET in grids:
        nominations = _read_table(
            grids[NOMINATIONS_SHEET], layout, NOMINATIONS_SHEET, NOMINATION_COLUMNS, problems
        )
    digital = _read_digital(grids[DIGITAL_SHEET], layout) if DIGITAL_SHEET in grids else None
    return PacketContents(
        identity=layout.identity,
        results=results,
        initiatives=initiatives,
        nominations=nominations,
        digital_literacy=digital,
        problems=tuple(problems),
    )


def read_packet_workbook(
    workbook: Any, formulas_without_value: Mapping[str, Collection[str]] | None = None
) -> PacketContents | None:
    """Read a packet from a workbook already open (openpyxl, read-only or not); None when it
    is not one of ours.

    For a workbook opened with cached values (data_only=True), `formulas_without_value` names,
    by sheet, the cells ("F7") whose formula has no saved result (the general reader's safety
    pass finds them); they come back as formula_without_value instead of blank."""
    opened = _open_grids(workbook, formulas_without_value or {})
    return _contents(*opened) if opened is not None else None


def _damaged_file_errors() -> tuple[type[BaseException], ...]:
    from xml.etree.ElementTree import ParseError

    from openpyxl.utils.exceptions import InvalidFileException

    errors: list[type[BaseException]] = [
        OSError,
        EOFError,
        KeyError,  # a part the package lists is missing
        zipfile.BadZipFile,
        zlib.error,
        ParseError,
        InvalidFileException,
    ]
    try:
        from lxml.etree import XMLSyntaxError  # type: ignore[import-untyped]

        errors.append(XMLSyntaxError)
    except ImportError:  # openpyxl then parses with the standard library
        pass
    return tuple(errors)


def read_packet(path: Path) -> PacketContents | None:
    """Read a returned packet; None when the workbook is not one of ours.

    A packet is recognised by its hidden identification sheet, whatever the file is called.
    Values come back raw, each with its sheet, row, column and number format, for the importer
    to parse. Call the general workbook checks (size, format, password) first: a file that is
    not a readable .xlsx simply gives None here."""
    from openpyxl import load_workbook

    if not _has_identification_sheet(path):
        return None

    def grids(data_only: bool, formulas: Mapping[str, Collection[str]]) -> Any:
        workbook = load_workbook(path, read_only=True, data_only=data_only, keep_links=False)
        try:
            return _open_grids(workbook, formulas)
        finally:
            workbook.close()

    try:
        # Formulas first: a formula's saved result and a blank look alike otherwise.
        opened = grids(False, {})
        if opened is None:
            return None
        formulas = {name: grid.formula_cells() for name, grid in opened[1].items()}
        if any(formulas.values()):
            # Rare (the unit typed a formula into an input cell): read their results too.
            opened = grids(True, formulas)
            if opened is None:
                return None
    except _damaged_file_errors():
        # A damaged file: not a packet we can read; the general reader explains what it is.
        return None
    return _contents(*opened)
