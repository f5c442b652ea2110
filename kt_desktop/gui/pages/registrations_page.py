"""Đăng ký thi đua: each unit's registration for the chosen period, recorded, printed as a
summary and exported to Excel."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kt_desktop.domain.enums import RegistrationStatus
from kt_desktop.domain.labels import REGISTRATION_STATUS_LABELS, UNIT_KIND_LABELS
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.period_combo import fill_period_combo
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.gui.record_views import export_rows_to_excel, record_table_view
from kt_desktop.services.database import Database
from kt_desktop.services.registrations import (
    RegistrationRow,
    list_registrations,
    registration_summary_pdf,
    status_counts,
)
from kt_desktop.text import format_date_short, format_number


def registration_columns() -> list[Column[RegistrationRow]]:
    return [
        Column("Mã", lambda r: r.unit_code),
        Column("Đơn vị", lambda r: r.unit_name, tooltip=True),
        Column("Loại", lambda r: UNIT_KIND_LABELS[r.unit_kind]),
        Column(
            "Trạng thái",
            lambda r: REGISTRATION_STATUS_LABELS[r.status],
            sort_key=lambda r: list(RegistrationStatus).index(r.status),
        ),
        Column(
            "Ngày đăng ký",
            lambda r: format_date_short(r.registered_on) if r.registered_on else "",
            sort_key=lambda r: r.registered_on.toordinal() if r.registered_on else 0,
        ),
        Column("Đăng ký", lambda r: r.aims, tooltip=True),
        Column(
            "Cam kết, lý do từ chối",
            lambda r: r.rejection_reason or r.commitments,
            tooltip=True,
        ),
    ]


class RegistrationsPage(QWidget):
    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        title = QLabel("Đăng ký thi đua")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(260)
        self.status_combo = QComboBox()
        self.status_combo.addItem("Tất cả trạng thái", None)
        for status, label in REGISTRATION_STATUS_LABELS.items():
            self.status_combo.addItem(label, status)
        self.edit_button = QPushButton("Cập nhật đăng ký…")
        self.print_button = QPushButton("In bảng tổng hợp…")
        self.export_button = QPushButton("Xuất Excel")
        top = QHBoxLayout()
        for text, combo in (("Kỳ:", self.period_combo), ("Trạng thái:", self.status_combo)):
            caption = QLabel(text)
            caption.setBuddy(combo)
            top.addWidget(caption)
            top.addWidget(combo)
        top.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.edit_button)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        actions.addWidget(self.export_button)
        self.model: RecordTableModel[RegistrationRow] = RecordTableModel(
            registration_columns(),
            search_text=lambda r: f"{r.unit_code} {r.unit_name}",
            default_sort=lambda r: 0,  # the service's order: by kind, then name
        )
        self.table = record_table_view(self.model, [80, 0, 130, 100, 100, 190, 220], 1)
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.period_combo.currentIndexChanged.connect(self.reload)
        self.status_combo.currentIndexChanged.connect(self.apply_filter)
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.print_button.clicked.connect(self.print_summary)
        self.export_button.clicked.connect(self.export)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._loaded = False

    def ensure_loaded(self) -> None:
        if not self._loaded:
            fill_period_combo(self.period_combo, self.db, date.today())
            self._loaded = True
        self.reload()

    def period_id(self) -> int:
        return int(self.period_combo.currentData())

    def reload(self, select_unit: int | None = None) -> None:
        rows = list_registrations(self.db, self.period_id())
        self.model.set_rows(rows)
        self.apply_filter()
        counts = status_counts(rows)
        self.count_label.setText(
            f"{format_number(len(rows))} đơn vị: "
            + ", ".join(
                f"{format_number(counts[s])} {REGISTRATION_STATUS_LABELS[s].lower()}"
                for s in RegistrationStatus
            )
            + "."
        )
        if select_unit is not None:
            position = self.model.find_row(lambda r: r.unit_id == select_unit)
            if position >= 0:
                self.table.selectRow(position)
        self._update_buttons()

    def apply_filter(self) -> None:
        wanted = self.status_combo.currentData()
        self.model.set_filter("", None if wanted is None else (lambda r: r.status == wanted))
        self._update_buttons()

    def selected(self) -> RegistrationRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)
        self.export_button.setEnabled(self.model.rowCount() > 0)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        from kt_desktop.gui.dialogs.registration_dialog import RegistrationDialog

        dialog = RegistrationDialog(
            self.db, self.period_id(), self.period_combo.currentText(), row, self
        )
        if dialog.ask() is not None:
            self.reload(select_unit=row.unit_id)

    def print_summary(self) -> None:
        from kt_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog

        try:
            pdf = registration_summary_pdf(self.db, self.period_id())
        except UserError as error:
            messages.show_error(self, error)
            return
        name = self.period_combo.currentText()
        PdfPreviewDialog(
            pdf, f"Tổng hợp đăng ký thi đua – {name}", f"Đăng ký thi đua {name}.pdf", self
        ).exec()

    def export(self) -> None:
        export_rows_to_excel(
            self,
            self.model,
            "Đăng ký thi đua",
            f"TỔNG HỢP ĐĂNG KÝ THI ĐUA – {self.period_combo.currentText().upper()}",
            self.status_combo.currentText(),
        )
