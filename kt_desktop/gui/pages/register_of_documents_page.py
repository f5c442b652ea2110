"""The register of outgoing documents (sổ văn bản đi): every draft and issued document by year,
the issued PDF exactly as issued, and the list exported to Excel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import DocumentState
from kt_desktop.domain.labels import DOCUMENT_KIND_LABELS, DOCUMENT_STATE_LABELS
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.gui.record_views import export_rows_to_excel, record_table_view
from kt_desktop.services.database import Database
from kt_desktop.services.document_builder import draft_as_word, render_draft
from kt_desktop.services.outgoing import (
    RegisterRow,
    delete_draft,
    get_draft,
    issue_document,
    issued_pdf,
    list_register,
    register_years,
)
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
        self.new_button = QPushButton("Soạn văn bản mới…")
        self.edit_button = QPushButton("Sửa dự thảo…")
        self.view_button = QPushButton("Xem")
        self.issue_button = QPushButton("Ban hành (cấp số)…")
        self.delete_button = QPushButton("Xóa dự thảo")
        self.replace_button = QPushButton("Soạn văn bản thay thế…")
        self.word_button = QPushButton("Lưu Word…")
        self.word_button.setToolTip("Lưu dự thảo thành tệp Word (.docx) để chỉnh sửa trước khi ký")
        self.export_button = QPushButton("Xuất Excel")
        filter_bar = QHBoxLayout()
        filter_bar.addWidget(year_label)
        filter_bar.addWidget(self.year_combo)
        filter_bar.addStretch(1)
        bar = QHBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.view_button,
            self.issue_button,
            self.delete_button,
            self.replace_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.word_button)
        bar.addWidget(self.export_button)

        self.model: RecordTableModel[RegisterRow] = RecordTableModel(
            register_columns(),
            search_text=lambda r: f"{r.number_text} {r.summary} {r.signer_name}",
            # The register's own order (issued by kind and number, then drafts) comes from
            # the service; keep it.
            default_sort=lambda r: 0,
        )
        self.table = record_table_view(self.model, [120, 110, 110, 0, 170, 220], stretch_column=3)
        self.count_label = QLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filter_bar)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.year_combo.currentIndexChanged.connect(self.reload)
        self.view_button.clicked.connect(self.view_selected)
        self.new_button.clicked.connect(self.new_document)
        self.edit_button.clicked.connect(self.edit_selected)
        self.issue_button.clicked.connect(self.issue_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.replace_button.clicked.connect(self.replace_selected)
        self.word_button.clicked.connect(self.save_word)
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
        draft = row is not None and row.state == DocumentState.DRAFT
        issued = row is not None and row.state == DocumentState.ISSUED
        self.view_button.setEnabled(row is not None)
        self.edit_button.setEnabled(draft)
        self.issue_button.setEnabled(draft)
        self.delete_button.setEnabled(draft)
        self.word_button.setEnabled(draft)
        self.replace_button.setEnabled(issued and row is not None and not row.superseded_by_number)
        self.export_button.setEnabled(self.model.rowCount() > 0)
        self.view_button.setText("Xem bản đã ban hành" if issued else "Xem trước")

    def _select(self, document_id: int) -> None:
        position = self.model.find_row(lambda r: r.id == document_id)
        if position >= 0:
            self.table.selectRow(position)

    def _reload_years_and_select(self, document_id: int | None) -> None:
        self._loaded = False
        self.ensure_loaded()
        if document_id is not None:
            self._select(document_id)

    def new_document(self) -> None:
        from kt_desktop.gui.dialogs.document_dialog import DocumentDialog

        saved = DocumentDialog(self.db, parent=self).ask()
        self._reload_years_and_select(saved)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None or row.state != DocumentState.DRAFT:
            return
        from kt_desktop.gui.dialogs.document_dialog import DocumentDialog

        try:
            saved = DocumentDialog(self.db, row.id, parent=self).ask()
        except UserError as error:
            messages.show_error(self, error)
            return
        self._reload_years_and_select(saved or row.id)

    def replace_selected(self) -> None:
        row = self.selected()
        if row is None or row.state != DocumentState.ISSUED:
            return
        from kt_desktop.gui.dialogs.document_dialog import DocumentDialog

        saved = DocumentDialog(self.db, kind=row.kind, supersedes_id=row.id, parent=self).ask()
        self._reload_years_and_select(saved)

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None or row.state != DocumentState.DRAFT:
            return
        if not messages.confirm(
            self, "Xóa dự thảo", f"Xóa dự thảo “{row.summary}”?", yes_text="Xóa"
        ):
            return
        try:
            delete_draft(self.db, row.id)
        except UserError as error:
            messages.show_error(self, error)
        self.reload()

    def issue_selected(self) -> None:
        row = self.selected()
        if row is None or row.state != DocumentState.DRAFT:
            return
        issued_on = messages.ask_date(
            self,
            "Ban hành văn bản",
            f"Ngày ban hành của “{row.summary}”. Chương trình sẽ cấp số tiếp theo trong sổ "
            "và khóa văn bản: sau khi ban hành không sửa hay xóa được nữa.",
            date.today(),
        )
        if issued_on is None:
            return
        try:
            stamp = issue_document(
                self.db, row.id, issued_on, lambda draft, s: render_draft(self.db, draft, s)
            )
        except UserError as error:
            messages.show_error(self, error, title="Chưa ban hành được")
            return
        self._reload_years_and_select(row.id)
        messages.show_info(
            self,
            "Đã ban hành",
            f"Văn bản đã được cấp số {stamp.number_text.removeprefix('Số: ')}, ngày "
            f"{format_date_short(stamp.issued_on)}.",
        )

    def view_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        from kt_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog

        try:
            if row.state == DocumentState.ISSUED:
                pdf = issued_pdf(self.db, row.id)
            else:
                pdf = render_draft(self.db, get_draft(self.db, row.id), None)
            file_name = f"{DOCUMENT_KIND_LABELS[row.kind]} {row.number_text.replace('/', '-')}.pdf"
            PdfPreviewDialog(
                pdf, f"{DOCUMENT_KIND_LABELS[row.kind]} {row.number_text}", file_name, self
            ).exec()
        except UserError as error:
            messages.show_error(self, error)

    def save_word(self) -> None:
        row = self.selected()
        if row is None or row.state != DocumentState.DRAFT:
            return
        from kt_desktop.gui.dialogs.pdf_preview import write_file_atomically

        suggested = Path.home() / f"{DOCUMENT_KIND_LABELS[row.kind]} dự thảo.docx"
        target = messages.ask_save_path(
            self, "Lưu dự thảo thành Word", suggested, "Tệp Word (*.docx)"
        )
        if target is None:
            return
        if target.suffix.lower() != ".docx":
            target = target.with_suffix(".docx")
        try:
            write_file_atomically(draft_as_word(self.db, get_draft(self.db, row.id)), target)
        except UserError as error:
            messages.show_error(self, error, title="Chưa lưu được")
            return
        messages.show_info(
            self,
            "Đã lưu Word",
            f"Đã lưu dự thảo vào tệp “{target.name}”.",
            "Bản chính thức là bản PDF được cấp số khi ban hành trong chương trình.",
        )

    def export(self) -> None:
        export_rows_to_excel(
            self, self.model, "Sổ văn bản đi", "SỔ VĂN BẢN ĐI", self.year_combo.currentText()
        )
