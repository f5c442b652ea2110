"""The register of outgoing documents (sổ văn bản đi): every draft and issued document by year,
the issued PDF exactly as issued, and the list exported to Excel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import DocumentState
from kt_desktop.domain.labels import DOCUMENT_KIND_LABELS, DOCUMENT_STATE_LABELS
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.services.database import Database
from kt_desktop.services.outgoing import RegisterRow, issued_pdf, list_register, register_years
from kt_desktop.sheets.table_export import TableExport, write_table_xlsx
from kt_desktop.text import format_date_short, format_number


def register_columns() -> list[Column[RegisterRow]]:
    return [
        Column("Số, ký hiệu", lambda r: r.number_text, sort_key=lambda r: (r.year, r.number or 0)),
        Column(
            "Ngày ban hành",
            lambda r: format_date_short(r.issued_on) if r.issued_on else "",
            sort_key=lambda r: r.issued_on.toordinal() if r.issued_on else 0,
        ),
        Column("Loại", lambda r: DOCUMENT_KIND_LABELS[r.kind]),
        Column("Trích yếu", lambda r: r.summary, tooltip=True),
        Column("Người ký", lambda r: r.signer_name),
        Column("Trạng thái", lambda r: state_text(r)),
    ]


def state_text(row: RegisterRow) -> str:
    text = DOCUMENT_STATE_LABELS[row.state]
    if row.superseded_by_number:
        text += f", đã được thay bằng {row.superseded_by_number}"
    if row.supersedes_number:
        text += f" (thay thế {row.supersedes_number})"
    return text


class RegisterOfDocumentsPage(QWidget):
    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        title = QLabel("Sổ văn bản đi")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.year_combo = QComboBox()
        self.year_combo.setMinimumWidth(140)
        year_label = QLabel("Năm:")
        year_label.setBuddy(self.year_combo)
        self.view_button = QPushButton("Xem văn bản đã ban hành")
        self.export_button = QPushButton("Xuất Excel")
        bar = QHBoxLayout()
        bar.addWidget(year_label)
        bar.addWidget(self.year_combo)
        bar.addWidget(self.view_button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)

        self.model: RecordTableModel[RegisterRow] = RecordTableModel(
            register_columns(),
            search_text=lambda r: f"{r.number_text} {r.summary} {r.signer_name}",
            # The register's own order (issued by kind and number, then drafts) comes from
            # the service; keep it.
            default_sort=lambda r: 0,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in enumerate((120, 110, 110, 0, 170, 220)):
            if width:
                self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.year_combo.currentIndexChanged.connect(self.reload)
        self.view_button.clicked.connect(self.view_selected)
        self.table.doubleClicked.connect(lambda _index: self.view_selected())
        self.export_button.clicked.connect(self.export)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._loaded = False

    def ensure_loaded(self) -> None:
        if self._loaded:
            self.reload()
            return
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem("Tất cả các năm", None)
        for year in register_years(self.db):
            self.year_combo.addItem(f"Năm {year}", year)
        self.year_combo.blockSignals(False)
        self._loaded = True
        self.reload()

    def reload(self) -> None:
        rows = list_register(self.db, self.year_combo.currentData())
        self.model.set_rows(rows)
        issued = sum(1 for r in rows if r.state == DocumentState.ISSUED)
        self.count_label.setText(
            f"{format_number(issued)} văn bản đã ban hành, "
            f"{format_number(len(rows) - issued)} dự thảo."
        )
        self._update_buttons()

    def selected(self) -> RegisterRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    def _update_buttons(self) -> None:
        row = self.selected()
        self.view_button.setEnabled(row is not None and row.state == DocumentState.ISSUED)
        self.export_button.setEnabled(self.model.rowCount() > 0)

    def view_selected(self) -> None:
        row = self.selected()
        if row is None or row.state != DocumentState.ISSUED:
            return
        from kt_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog

        try:
            pdf = issued_pdf(self.db, row.id)
            file_name = f"{DOCUMENT_KIND_LABELS[row.kind]} {row.number_text.replace('/', '-')}.pdf"
            PdfPreviewDialog(
                pdf, f"{DOCUMENT_KIND_LABELS[row.kind]} {row.number_text}", file_name, self
            ).exec()
        except UserError as error:
            messages.show_error(self, error)

    def export(self) -> None:
        target = messages.ask_save_path(
            self, "Xuất sổ văn bản đi", Path.home() / "Sổ văn bản đi.xlsx", "Sổ tính Excel (*.xlsx)"
        )
        if target is None:
            return
        rows = self.model.visible_values()
        try:
            written = write_table_xlsx(
                TableExport(
                    sheet_title="Sổ văn bản đi",
                    title="SỔ VĂN BẢN ĐI",
                    headers=["STT", *self.model.headers()],
                    rows=[[number, *values] for number, values in enumerate(rows, start=1)],
                    subtitle=self.year_combo.currentText(),
                ),
                target,
            )
        except UserError as error:
            messages.show_error(self, error, title="Chưa xuất được")
            return
        messages.show_info(
            self,
            "Đã xuất Excel",
            f"Đã xuất {format_number(len(rows))} dòng ra tệp “{written.name}”.",
        )
