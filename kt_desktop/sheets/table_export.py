"""Write a list as the user sees it (title, headers, rows) to an .xlsx workbook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kt_desktop.sheets.saving import save_workbook_atomically

CellValue = str | int | float | None

MAX_COLUMN_WIDTH = 60


@dataclass(frozen=True)
class TableExport:
    sheet_title: str
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[CellValue]]
    subtitle: str = ""


FORMULA_STARTS = ("=", "+", "-", "@")


def write_table_xlsx(table: TableExport, target: Path) -> Path:
    """Write `table` to `target` atomically: a full disk or a locked file leaves nothing behind.

    Raises UserError with a Vietnamese explanation when the file cannot be written (e.g. it is
    open in Excel, which locks it on Windows).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    if target.suffix.lower() != ".xlsx":
        target = target.with_suffix(".xlsx")
    workbook = Workbook()
    sheet = workbook.active
    # Excel sheet names: at most 31 characters, none of []:*?/\
    sheet.title = (
        "".join(ch for ch in table.sheet_title if ch not in "[]:*?/\\")[:31] or "Danh sách"
    )
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=14)
    first_row = 2
    if table.subtitle:
        sheet.append([table.subtitle])
        sheet["A2"].font = Font(italic=True)
        first_row = 3
    sheet.append([])
    header_row = first_row + 1
    sheet.append(list(table.headers))
    thin = Side(style="thin")
    for column in range(1, len(table.headers) + 1):
        cell = sheet.cell(row=header_row, column=column)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    widths = [len(str(h)) for h in table.headers]
    for row in table.rows:
        sheet.append(list(row))
        for index, value in enumerate(row):
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                # "=1+2", "+84…", "-", "@x": text the clerk typed, never a formula to run
                # (spreadsheets treat a leading = + - @ as the start of a formula).
                sheet.cell(row=sheet.max_row, column=index + 1).data_type = "s"
            if index < len(widths):
                widths[index] = max(widths[index], len(str(value)) if value is not None else 0)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if table.rows:
        last = get_column_letter(len(table.headers))
        sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + len(table.rows)}"

    return save_workbook_atomically(workbook, target)
