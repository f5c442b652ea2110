"""What every list page shares: the read-only table view over a RecordTableModel, its column
widths, and exporting the rows on screen to an Excel workbook."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.record_table import RecordTableModel
from kt_desktop.sheets.table_export import TableExport, write_table_xlsx
from kt_desktop.text import format_number

ROW_HEIGHT = 26


def record_table_view(
    model: RecordTableModel, widths: list[int], stretch_column: int
) -> QTableView:
    """A row-selecting, read-only table; fixed widths, one column taking the rest."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    vertical = table.verticalHeader()
    # Fixed row heights keep scrolling through 20,000 rows cheap.
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(ROW_HEIGHT)
    vertical.setVisible(False)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column, width in enumerate(widths):
        if column == stretch_column:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            table.setColumnWidth(column, width)
    return table


def export_rows_to_excel(
    parent: QWidget,
    model: RecordTableModel,
    sheet_title: str,
    title: str,
    subtitle: str = "",
) -> Path | None:
    """Ask where, then write the rows on screen (numbered) to .xlsx; tell the user the result."""
    rows = model.visible_values()
    if not rows:
        messages.show_info(parent, "Không có gì để xuất", "Danh sách đang trống.")
        return None
    target = messages.ask_save_path(
        parent, "Xuất ra Excel", Path.home() / f"{sheet_title}.xlsx", "Sổ tính Excel (*.xlsx)"
    )
    if target is None:
        return None
    try:
        written = write_table_xlsx(
            TableExport(
                sheet_title=sheet_title,
                title=title,
                headers=["STT", *model.headers()],
                rows=[[number, *values] for number, values in enumerate(rows, start=1)],
                subtitle=subtitle,
            ),
            target,
        )
    except UserError as error:
        messages.show_error(parent, error, title="Chưa xuất được")
        return None
    messages.show_info(
        parent,
        "Đã xuất Excel",
        f"Đã xuất {format_number(len(rows))} dòng ra tệp “{written.name}”.",
        str(written.parent),
    )
    return written
