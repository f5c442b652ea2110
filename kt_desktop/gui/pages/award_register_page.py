"""Sổ khen thưởng: the year's register of awards given by issued decisions, with its totals
and an Excel copy for the archive."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.gui.record_views import record_table_view
from kt_desktop.services.award_register import (
    RegisterRow,
    award_register,
    empty_register_text,
    export_award_register,
    register_totals_text,
    register_years,
)
from kt_desktop.services.database import Database
from kt_desktop.text import format_date_short, format_money, format_number

TITLE = "Sổ khen thưởng"
EXPLAIN = (
    "Mỗi tập thể, cá nhân trong quyết định khen thưởng đã ban hành có một số vào sổ, duy nhất "
    "trong năm và không dùng lại; số này in trên Giấy khen."
)
COLUMN_WIDTHS = [82, 0, 75, 250, 180, 210, 110]


def register_columns() -> list[Column[RegisterRow]]:
    return [
        Column(
            "Số vào sổ",
            lambda r: r.register_text,
            sort_key=lambda r: r.register_number,
            value=lambda r: r.register_text,
        ),
        Column("Tập thể, cá nhân được khen", lambda r: r.name, tooltip=True),
        Column("Đối tượng", lambda r: r.recipient_kind_label),
        Column("Chức vụ, đơn vị", lambda r: r.position_unit, tooltip=True),
        Column("Hình thức khen thưởng", lambda r: r.form_name, tooltip=True),
        Column(
            "Quyết định",
            lambda r: f"Số {r.decision_number} ngày {format_date_short(r.decision_date)}",
            sort_key=lambda r: (r.decision_date, r.register_number),
            tooltip=True,
        ),
        Column(
            "Tiền thưởng",
            lambda r: format_money(r.amount),
            sort_key=lambda r: r.amount,
            align_right=True,
            value=lambda r: r.amount,
        ),
    ]


class AwardRegisterPage(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self._loaded = False
        self.rows: list[RegisterRow] = []

        title = QLabel(TITLE)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        explain = QLabel(EXPLAIN)
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #555;")

        self.year_combo = QComboBox()
        self.year_combo.setMinimumWidth(110)
        self.year_combo.setAccessibleName("Năm")
        year_label = QLabel("Năm:")
        year_label.setBuddy(self.year_combo)
        self.export_button = QPushButton("Xuất Excel…")
        top_row = QHBoxLayout()
        top_row.addWidget(year_label)
        top_row.addWidget(self.year_combo)
        top_row.addStretch(1)
        top_row.addWidget(self.export_button)

        self.model: RecordTableModel[RegisterRow] = RecordTableModel(
            register_columns(),
            search_text=lambda r: f"{r.name} {r.position_unit}",
            default_sort=lambda r: r.register_number,
        )
        self.table = record_table_view(self.model, COLUMN_WIDTHS, 1)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.empty_label = QLabel()
        self.empty_label.setStyleSheet("color: #555; font-size: 11pt; padding: 12px;")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.totals_label = QLabel()
        self.totals_label.setStyleSheet("font-weight: bold;")

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(top_row)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals_label)

        self.year_combo.currentIndexChanged.connect(lambda _index: self.load_year())
        self.export_button.clicked.connect(self.export)

    # --- loading ----------------------------------------------------------------------

    def mark_stale(self) -> None:
        self._loaded = False

    def ensure_loaded(self) -> None:
        # Decisions are issued on another page: the register is read again each time it shows.
        self.refresh()

    def refresh(self) -> None:
        """Read the years again (keeping the one chosen) and the chosen year's rows."""
        chosen = self.year_combo.currentData()
        years = register_years(self.db)
        if not years:
            # Nothing issued yet: the current year, with the empty-state sentence.
            years = [date.today().year]
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(str(year), year)
        index = self.year_combo.findData(chosen) if chosen is not None else -1
        self.year_combo.setCurrentIndex(index if index >= 0 else 0)
        self.year_combo.blockSignals(False)
        self.load_year()
        self._loaded = True

    def selected_year(self) -> int:
        year = self.year_combo.currentData()
        if year is None:
            return date.today().year
        return int(year)

    def load_year(self) -> None:
        year = self.selected_year()
        try:
            self.rows = award_register(self.db, year)
        except UserError as error:
            messages.show_error(self, error)
            self.rows = []
        self.model.set_rows(self.rows)
        empty = not self.rows
        self.table.setVisible(not empty)
        self.empty_label.setVisible(empty)
        self.empty_label.setText(empty_register_text(year) if empty else "")
        self.totals_label.setText(
            "" if empty else f"Năm {year}: {register_totals_text(self.rows)}."
        )
        self.export_button.setEnabled(not empty)

    # --- export -----------------------------------------------------------------------

    def export(self) -> Path | None:
        year = self.selected_year()
        if not self.rows:
            messages.show_info(self, "Không có gì để xuất", empty_register_text(year))
            return None
        target = messages.ask_save_path(
            self,
            "Xuất sổ khen thưởng ra Excel",
            Path.home() / f"So-khen-thuong-{year}.xlsx",
            "Sổ tính Excel (*.xlsx)",
        )
        if target is None:
            return None
        try:
            written = export_award_register(self.db, year, target)
        except UserError as error:
            messages.show_error(self, error, title="Chưa xuất được")
            return None
        messages.show_info(
            self,
            "Đã xuất Excel",
            f"Đã xuất sổ khen thưởng năm {year} ({format_number(len(self.rows))} dòng) ra tệp "
            f"“{written.name}”.",
            str(written.parent),
        )
        return written
