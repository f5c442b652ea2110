"""Write a year's register of awards (sổ khen thưởng) to an .xlsx workbook from plain rows:
title, header, one row per award, the total; amounts and dates as real numbers and dates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kt_desktop.sheets.saving import save_workbook_atomically
from kt_desktop.text import format_date_short

FORMULA_STARTS = ("=", "+", "-", "@")

HEADERS = (
    "STT",
    "Số vào sổ",
    "Tập thể, cá nhân được khen thưởng",
    "Tập thể / Cá nhân",
    "Chức vụ, đơn vị",
    "Hình thức khen thưởng",
    "Số quyết định",
    "Ngày quyết định",
    "Tiền thưởng (đồng)",
)
# Characters, as Excel measures a column; long names wrap inside their cell.
WIDTHS = (6, 11, 34, 11, 40, 36, 15, 13, 15)
WRAPPED = {3, 5, 6}  # 1-based columns whose text wraps
MONEY_FORMAT = "#,##0"  # shown with the PC's separators: "1.500.000" on a Vietnamese Windows
DATE_FORMAT = "dd/mm/yyyy"


@dataclass(frozen=True)
class RegisterEntry:
    register_text: str  # "05/2026"
    name: str
    recipient_kind: str  # "Tập thể" / "Cá nhân"
    position_unit: str
    form_name: str
    decision_number: str  # "05/QĐ-UBND"
    decision_date: date
    amount: int


@dataclass(frozen=True)
class RegisterSheet:
    year: int
    issuing_body: str  # "ỦY BAN NHÂN DÂN XÃ KIM THÀNH"
    made_on: date
    entries: Sequence[RegisterEntry]
    totals_text: str  # "12 Giấy khen, tổng tiền thưởng 5.600.000 đồng"


def sheet_title(year: int) -> str:
    return f"Sổ khen thưởng năm {year}"


def _text(cell: Any, value: str) -> None:
    cell.value = value
    if value.startswith(FORMULA_STARTS):
        # A name or unit typed as "=…" or "-…" stays text, never a formula to run.
        cell.data_type = "s"


def build_register_workbook(sheet_data: RegisterSheet) -> Any:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(sheet_data.year)
    columns = len(HEADERS)
    last = get_column_letter(columns)
    thin = Side(style="thin")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    top = Alignment(vertical="top")
    wrapped = Alignment(vertical="top", wrap_text=True)
    centred = Alignment(horizontal="center", vertical="top")

    _text(sheet["A1"], sheet_data.issuing_body)
    sheet["A1"].font = Font(bold=True)
    _text(sheet["A2"], f"SỔ KHEN THƯỞNG NĂM {sheet_data.year}")
    sheet["A2"].font = Font(bold=True, size=14)
    sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A2:{last}2")
    _text(sheet["A3"], f"Lập ngày {format_date_short(sheet_data.made_on)}")
    sheet["A3"].font = Font(italic=True)
    sheet["A3"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A3:{last}3")

    header_row = 5
    for column, title in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=header_row, column=column, value=title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = box
    sheet.row_dimensions[header_row].height = 32

    row = header_row
    for number, entry in enumerate(sheet_data.entries, start=1):
        row += 1
        values: list[Any] = [
            number,
            entry.register_text,
            entry.name,
            entry.recipient_kind,
            entry.position_unit,
            entry.form_name,
            entry.decision_number,
            entry.decision_date,
            entry.amount,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column)
            if isinstance(value, str):
                _text(cell, value)
            else:
                cell.value = value
            cell.border = box
            cell.alignment = wrapped if column in WRAPPED else top
        sheet.cell(row=row, column=1).alignment = centred
        sheet.cell(row=row, column=2).alignment = centred
        sheet.cell(row=row, column=8).number_format = DATE_FORMAT
        sheet.cell(row=row, column=8).alignment = centred
        sheet.cell(row=row, column=9).number_format = MONEY_FORMAT

    row += 1
    total_label = sheet.cell(row=row, column=1, value="Tổng cộng")
    total_label.font = Font(bold=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    summary = sheet.cell(row=row, column=3)
    _text(summary, sheet_data.totals_text)
    summary.font = Font(bold=True)
    sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=columns - 1)
    total = sheet.cell(row=row, column=columns, value=sum(e.amount for e in sheet_data.entries))
    total.number_format = MONEY_FORMAT
    total.font = Font(bold=True)
    for column in range(1, columns + 1):
        sheet.cell(row=row, column=column).border = box

    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if sheet_data.entries:
        sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + len(sheet_data.entries)}"
    # Printed as the office keeps it: A4 landscape, one page wide, the header on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    return workbook


def write_register(sheet_data: RegisterSheet, target: Path) -> Path:
    """Write the register to `target` (.xlsx) atomically: a full disk or a file open in Excel
    leaves nothing half-written, and the user reads why in Vietnamese."""
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    workbook = build_register_workbook(sheet_data)
    return save_workbook_atomically(workbook, target)
