"""A copy of a unit's workbook with its bad cells highlighted and commented, to send back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kt_desktop.errors import UserError, describe_os_error
from kt_desktop.sheets.safety import open_workbook
from kt_desktop.sheets.saving import save_workbook_atomically

ERROR_SHEET = "Lỗi cần sửa"
COMMENT_AUTHOR = "Phòng Văn hóa – Xã hội"
ERROR_FILL = "FFC7CE"  # light red, Excel's own "bad" style
HEADER_FILL = "DDEBF7"
FONT_NAME = "Times New Roman"


@dataclass(frozen=True)
class MarkedCell:
    """One bad cell: where it is, what it held and why it can't be used (Vietnamese).
    ``column`` "" marks the whole row (its first cell carries the comment)."""

    sheet: str
    row: int
    column: str
    value: str
    reason: str


def write_error_copy(source: Path, marks: Sequence[MarkedCell], target: Path) -> Path:
    """Copy ``source`` to ``target`` with each mark filled light red and commented, and a first
    sheet "Lỗi cần sửa" listing sheet, cell, value and reason. The copy is written to a
    temporary file beside ``target`` and renamed over it, so a failure leaves no half file.

    Raises UserError when the source can't be read (the reading layer's refusals) or the
    target can't be written."""
    from openpyxl import load_workbook

    # The same checks as the import (format, size, zip bomb) before a full, writable load.
    with open_workbook(source):
        pass
    try:
        workbook = load_workbook(source, keep_links=False)
    except OSError as error:
        raise UserError(
            f"Không đọc được tệp “{source.name}”: {describe_os_error(error)}.",
            "Hãy đóng tệp trong Excel rồi thử lại.",
        ) from error
    try:
        _mark(workbook, marks)
        _error_sheet(workbook, marks)
        return save_workbook_atomically(workbook, target)
    finally:
        workbook.close()


def _anchor(sheet: Any, row: int, column: str) -> Any:
    """The cell to mark: the top-left cell of a merged range (the only one that can hold a
    value or a comment)."""
    from openpyxl.utils import column_index_from_string

    index = column_index_from_string(column) if column else 1
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= index <= merged.max_col:
            return sheet.cell(row=merged.min_row, column=merged.min_col)
    return sheet.cell(row=row, column=index)


def _mark(workbook: Any, marks: Sequence[MarkedCell]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    fill = PatternFill("solid", start_color=ERROR_FILL, end_color=ERROR_FILL)
    reasons: dict[tuple[str, str], list[str]] = {}
    cells: dict[tuple[str, str], Any] = {}
    for mark in marks:
        if mark.sheet not in workbook.sheetnames or mark.row < 1:
            continue
        sheet = workbook[mark.sheet]
        cell = _anchor(sheet, mark.row, mark.column)
        key = (sheet.title, cell.coordinate)
        cells[key] = cell
        reason = mark.reason if mark.column else f"Dòng {mark.row}: {mark.reason}"
        if reason not in reasons.setdefault(key, []):
            reasons[key].append(reason)
    for key, cell in cells.items():
        cell.fill = fill
        text = "\n".join(reasons[key])
        comment = Comment(text, COMMENT_AUTHOR)
        # Wide enough to read a sentence or two without opening the comment.
        comment.width = 320
        comment.height = max(80, 20 * (1 + len(text) // 45))
        cell.comment = comment


def _error_sheet(workbook: Any, marks: Sequence[MarkedCell]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    if ERROR_SHEET in workbook.sheetnames:
        del workbook[ERROR_SHEET]
    sheet = workbook.create_sheet(ERROR_SHEET, 0)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centred = Alignment(wrap_text=True, vertical="top", horizontal="center")
    sheet["A1"] = "CÁC Ô CẦN SỬA"
    sheet["A1"].font = Font(name=FONT_NAME, size=14, bold=True)
    sheet["A2"] = (
        "Các ô có lỗi được tô nền đỏ nhạt và có ghi chú nói rõ lý do. Hãy sửa các ô đó rồi "
        "gửi lại tệp cho Phòng Văn hóa – Xã hội."
    )
    sheet["A2"].font = Font(name=FONT_NAME, size=12, italic=True)
    sheet.merge_cells("A2:E2")
    sheet["A2"].alignment = wrap
    sheet.row_dimensions[2].height = 34
    headers = ("STT", "Trang tính", "Ô", "Giá trị", "Lý do")
    header_fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    for index, text in enumerate(headers, start=1):
        cell = sheet.cell(row=4, column=index, value=text)
        cell.font = Font(name=FONT_NAME, size=12, bold=True)
        cell.fill = header_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    font = Font(name=FONT_NAME, size=12)
    for number, mark in enumerate(marks, start=1):
        row = 4 + number
        where = f"{mark.column}{mark.row}" if mark.column else f"Dòng {mark.row}"
        # Text cells, never formulas: a value a unit typed may start with "=".
        for index, value in enumerate((number, mark.sheet, where, mark.value, mark.reason), 1):
            cell = sheet.cell(row=row, column=index, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            cell.font = font
            cell.border = border
            cell.alignment = centred if index in (1, 3) else wrap
    for letter, width in zip("ABCDE", (6, 18, 8, 22, 62), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"
    # One page wide, landscape A4, headers repeated: the unit prints it and ticks each line.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "4:4"
    workbook.active = 0
    for other in workbook.worksheets[1:]:
        other.sheet_view.tabSelected = False
