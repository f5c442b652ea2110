"""Chênh lệch số liệu: every result of a period whose figure verified by an inspection differs
from the reported one by more than the tolerance in the settings, largest first, exportable;
double-clicking a line opens the unit's results."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.period_combo import fill_period_combo
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.gui.record_views import record_table_view
from kt_desktop.services.database import Database
from kt_desktop.services.inspections import (
    DiscrepancyRow,
    Tolerance,
    default_tolerance,
    discrepancies,
    export_discrepancies,
)
from kt_desktop.text import format_number, format_percent

TITLE = "Chênh lệch số liệu"
SETTINGS_PLACE = "Cài đặt → Chấm điểm, minh chứng"


def _size_key(row: DiscrepancyRow) -> tuple[bool, float]:
    """Yes/no answers that changed first, then the largest gap (the service's order)."""
    return (row.size is not None, -float(row.size or 0))


def discrepancy_columns() -> list[Column[DiscrepancyRow]]:
    return [
        Column("Đơn vị", lambda r: r.unit_name, tooltip=True),
        Column(
            "Tiêu chí",
            lambda r: f"{r.code} – {r.wording}",
            sort_key=lambda r: r.code,
            tooltip=True,
        ),
        Column("Báo cáo", lambda r: r.reported_text, tooltip=True),
        Column("Xác minh", lambda r: r.verified_text, tooltip=True),
        Column("Chênh lệch", lambda r: r.difference_text, sort_key=_size_key, tooltip=True),
        Column("Đợt kiểm tra", lambda r: r.round_name, tooltip=True),
        Column(
            "Ngày",
            lambda r: r.verified_on_text,
            sort_key=lambda r: r.verified_on or date.min,
        ),
    ]


def tolerance_text(tolerance: Tolerance) -> str:
    return (
        f"Ngưỡng đang dùng: tỷ lệ lệch quá {format_number(tolerance.rate_points)} điểm phần "
        f"trăm; số lượng lệch quá {format_percent(tolerance.count_percent)} so với số đơn vị "
        f"báo cáo; câu trả lời Có/Không khác nhau. Đổi ngưỡng ở {SETTINGS_PLACE}."
    )


class DiscrepanciesPage(QWidget):
    """Double-clicking a line asks the window to open the unit's results
    (open_unit_results(period_id, unit_id)), as the completeness page does."""

    open_unit_results = Signal(int, int)

    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self._loaded = False
        title = QLabel(TITLE)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(220)
        caption = QLabel("Kỳ:")
        caption.setBuddy(self.period_combo)
        self.export_button = QPushButton("Xuất Excel")
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.period_combo)
        top.addStretch(1)
        top.addWidget(self.export_button)
        explain = QLabel(
            "Những kết quả mà số liệu đoàn kiểm tra xác minh khác số liệu đơn vị báo cáo quá "
            "ngưỡng cho phép, chênh lệch lớn nhất ở trên cùng. Điểm và xếp hạng đã tính theo số "
            "liệu xác minh."
        )
        explain.setWordWrap(True)
        self.tolerance_label = QLabel()
        self.tolerance_label.setWordWrap(True)
        self.tolerance_label.setStyleSheet("color: #444;")
        self.model: RecordTableModel[DiscrepancyRow] = RecordTableModel(
            discrepancy_columns(),
            search_text=lambda r: f"{r.unit_code} {r.unit_name} {r.code}",
            default_sort=lambda r: 0,  # the service's order: largest first
        )
        self.table = record_table_view(self.model, [220, 0, 150, 150, 190, 200, 90], 1)
        self.table.setSortingEnabled(True)
        # Qt starts with a descending indicator on the first column: start largest first.
        self.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(explain)
        layout.addWidget(self.tolerance_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)

        self.period_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.doubleClicked.connect(self._open_unit)
        self.export_button.clicked.connect(self.export)

    def ensure_loaded(self) -> None:
        """Fill the periods on first show; reload every time (the tolerance or the figures may
        have changed elsewhere)."""
        if not self._loaded:
            fill_period_combo(self.period_combo, self.db, date.today())
            self._loaded = True
        self.reload()

    def mark_stale(self) -> None:
        """Nothing kept between showings: ensure_loaded reads everything again."""

    def period_id(self) -> int | None:
        data = self.period_combo.currentData()
        return None if data is None else int(data)

    def reload(self) -> None:
        period_id = self.period_id()
        if period_id is None:
            return
        try:
            tolerance = default_tolerance(self.db)
            rows = discrepancies(self.db, period_id, tolerance)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.tolerance_label.setText(tolerance_text(tolerance))
        self.model.set_rows(rows)
        units = len({row.unit_id for row in rows})
        period = self.period_combo.currentText().lower()
        self.status_label.setText(
            f"{format_number(len(rows))} chênh lệch vượt ngưỡng ở {format_number(units)} đơn vị. "
            "Nháy đúp vào một dòng để xem kết quả của đơn vị đó."
            if rows
            else f"Chưa có chênh lệch nào vượt ngưỡng trong {period}: số liệu đoàn kiểm tra "
            "xác minh khớp với số liệu báo cáo (trong ngưỡng cho phép), hoặc chưa có số liệu "
            "xác minh."
        )
        self.export_button.setEnabled(bool(rows))

    def _open_unit(self, index: QModelIndex) -> None:
        period_id = self.period_id()
        if index.isValid() and period_id is not None:
            self.open_unit_results.emit(period_id, self.model.row_at(index.row()).unit_id)

    def export(self) -> None:
        from kt_desktop.sheets.table_export import write_table_xlsx

        period_id = self.period_id()
        if period_id is None:
            return
        if not self.model.total_count():
            messages.show_info(self, "Không có gì để xuất", "Danh sách đang trống.")
            return
        period = self.period_combo.currentText()
        target = messages.ask_save_path(
            self,
            "Xuất ra Excel",
            Path.home() / f"Chênh lệch số liệu {period}.xlsx",
            "Sổ tính Excel (*.xlsx)",
        )
        if target is None:
            return
        try:
            table = export_discrepancies(self.db, period_id)
            written = write_table_xlsx(table, target)
        except UserError as error:
            messages.show_error(self, error, title="Chưa xuất được")
            return
        messages.show_info(
            self,
            "Đã xuất Excel",
            f"Đã xuất {format_number(len(table.rows))} chênh lệch ra tệp “{written.name}”.",
            str(written.parent),
        )
