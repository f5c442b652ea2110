"""Edit a nominee's achievement report (báo cáo thành tích) for the dossier to the city: the
sections filled from the record, editable, previewed as PDF, then saved."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import Gender, RecipientKind
from kt_desktop.domain.labels import GENDER_LABELS
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.services.award_documents import (
    NAME_BLANK,
    REPORT_ACHIEVEMENTS,
    REPORT_AWARD_HEADERS,
    REPORT_AWARDS,
    REPORT_OVERVIEW_COLLECTIVE,
    REPORT_OVERVIEW_INDIVIDUAL,
    AchievementReportContent,
    EarlierAward,
    achievement_report,
    render_achievement_report,
    report_document,
    save_achievement_report,
)
from kt_desktop.services.database import Database
from kt_desktop.services.document_builder import page_margins
from kt_desktop.services.settings import get_commune_identity
from kt_desktop.services.wording import get_margins
from kt_desktop.text import clean_text, fold

ERROR_STYLE = "color: #b00020;"
NOTE_STYLE = "background: #eef4fb; border: 1px solid #9bb8d8; padding: 6px; color: #1f3b57;"
WARNING_STYLE = "background: #fff4e5; border: 1px solid #e0a040; padding: 6px; color: #6b3d00;"
SECTION_STYLE = "font-weight: bold; margin-top: 6px;"

FILLED_NOTE = (
    "Bản điền sẵn từ dữ liệu của chương trình (kết quả, điểm, xếp hạng, sáng kiến, các hình "
    "thức đã được khen), CHƯA LƯU. Hãy đọc lại, sửa, bổ sung cho đúng rồi bấm “Lưu”: chỉ báo "
    "cáo đã lưu mới được tính là thành phần của hồ sơ."
)
SAVED_NOTE = "Báo cáo đã được văn phòng lưu. Mỗi dòng của một mục được in thành một đoạn."
LOCKED_NOTE = "Hồ sơ đã gửi thành phố: báo cáo chỉ còn để xem, không sửa được nữa."


class AchievementReportDialog(RecordDialog):
    """`saved` is True once the office saved the report (the dossier part is then ready)."""

    def __init__(
        self,
        db: Database,
        proposal_id: int,
        parent: QWidget | None = None,
        who: str = "",
        read_only: bool = False,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.proposal_id = proposal_id
        self.today = today
        self.read_only = read_only
        self.saved = False
        self.content: AchievementReportContent = achievement_report(db, proposal_id, today)
        self.individual = self.content.recipient_kind == RecipientKind.INDIVIDUAL
        self.who = who or self.content.addressed_name
        self.setWindowTitle(f"Báo cáo thành tích – {self.who}")
        self.resize(940, 860)

        self.note = QLabel()
        self.note.setWordWrap(True)

        # Who the report is about.
        self.name_edit = QLineEdit(self.content.name)
        self.gender_combo = QComboBox()
        for gender, label in GENDER_LABELS.items():
            self.gender_combo.addItem(label, gender)
        if self.content.gender is not None:
            self.gender_combo.setCurrentIndex(self.gender_combo.findData(self.content.gender))
        self.birth_year_edit = QLineEdit(
            str(self.content.birth_year) if self.content.birth_year else ""
        )
        self.birth_year_edit.setPlaceholderText("ví dụ 1982")
        self.birth_year_edit.setMaxLength(4)
        self.birth_year_edit.setFixedWidth(90)
        self.position_edit = QLineEdit(self.content.position)
        self.unit_edit = QLineEdit(self.content.unit_name)
        self.head_name_edit = QLineEdit(self.content.head_name)
        self.head_title_edit = QLineEdit(self.content.head_title)
        who_box = QGroupBox("Cá nhân được đề nghị" if self.individual else "Tập thể được đề nghị")
        form = QFormLayout(who_box)
        if self.individual:
            form.addRow("Họ và tên:", self.name_edit)
            born = QHBoxLayout()
            born.addWidget(self.gender_combo)
            born.addSpacing(16)
            born.addWidget(QLabel("Năm sinh:"))
            born.addWidget(self.birth_year_edit)
            born.addStretch(1)
            form.addRow("Giới tính:", born)
            form.addRow("Chức vụ:", self.position_edit)
            form.addRow("Đơn vị công tác:", self.unit_edit)
        else:
            form.addRow("Tên tập thể:", self.name_edit)
            form.addRow("Người đứng đầu:", self.head_name_edit)
            form.addRow("Chức vụ người đứng đầu:", self.head_title_edit)

        # The three sections of the standard form.
        self.overview_edit = QPlainTextEdit(self.content.overview)
        self.overview_edit.setMinimumHeight(90)
        self.achievements_edit = QPlainTextEdit(self.content.achievements)
        self.achievements_edit.setMinimumHeight(180)
        self.awards_table = QTableWidget(0, 3)
        self.awards_table.setHorizontalHeaderLabels(REPORT_AWARD_HEADERS)
        self.awards_table.verticalHeader().setVisible(False)
        self.awards_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.awards_table.setMinimumHeight(150)
        header = self.awards_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.awards_table.setColumnWidth(0, 70)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for award in self.content.earlier_awards:
            self._add_award_row(str(award.year), award.name, award.decision)
        self.add_award_button = QPushButton("Thêm dòng")
        self.remove_award_button = QPushButton("Xóa dòng đang chọn")
        award_buttons = QHBoxLayout()
        award_buttons.addWidget(self.add_award_button)
        award_buttons.addWidget(self.remove_award_button)
        award_buttons.addStretch(1)

        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(who_box)
        for title, widget in (
            (
                REPORT_OVERVIEW_INDIVIDUAL if self.individual else REPORT_OVERVIEW_COLLECTIVE,
                self.overview_edit,
            ),
            (REPORT_ACHIEVEMENTS, self.achievements_edit),
            (REPORT_AWARDS, self.awards_table),
        ):
            caption = QLabel(title)
            caption.setStyleSheet(SECTION_STYLE)
            inner_layout.addWidget(caption)
            inner_layout.addWidget(widget, 2 if widget is self.achievements_edit else 1)
        inner_layout.addLayout(award_buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.preview_button = QPushButton("Xem PDF")
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.setup_record_dialog(
            buttons,
            self.error_label,
            {
                "name": self.name_edit,
                "gender": self.gender_combo,
                "birth_year": self.birth_year_edit,
                "position": self.position_edit,
                "unit_name": self.unit_edit,
                "head_name": self.head_name_edit,
                "head_title": self.head_title_edit,
                "overview": self.overview_edit,
                "achievements": self.achievements_edit,
                "earlier_awards": self.awards_table,
            },
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        close = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if close is not None:
            close.setText("Đóng")

        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        self.add_award_button.clicked.connect(lambda: self._add_award_row("", "", "", edit=True))
        self.remove_award_button.clicked.connect(self._remove_award_row)
        self.preview_button.clicked.connect(self.preview)
        if read_only:
            self._make_read_only()
        self._show_note()

    # --- the form ------------------------------------------------------------------------

    def _show_note(self) -> None:
        if self.read_only:
            self.note.setText(LOCKED_NOTE)
            self.note.setStyleSheet(NOTE_STYLE)
        elif self.content.saved or self.saved:
            self.note.setText(SAVED_NOTE)
            self.note.setStyleSheet(NOTE_STYLE)
        else:
            self.note.setText(FILLED_NOTE)
            self.note.setStyleSheet(WARNING_STYLE)

    def _make_read_only(self) -> None:
        for edit in (
            self.name_edit,
            self.birth_year_edit,
            self.position_edit,
            self.unit_edit,
            self.head_name_edit,
            self.head_title_edit,
        ):
            edit.setReadOnly(True)
        self.overview_edit.setReadOnly(True)
        self.achievements_edit.setReadOnly(True)
        self.gender_combo.setEnabled(False)
        self.awards_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.add_award_button.hide()
        self.remove_award_button.hide()
        if self.save_button is not None:
            self.save_button.hide()

    def _add_award_row(self, year: str, name: str, decision: str, edit: bool = False) -> None:
        row = self.awards_table.rowCount()
        self.awards_table.insertRow(row)
        for column, text in enumerate((year, name, decision)):
            self.awards_table.setItem(row, column, QTableWidgetItem(text))
        if edit:
            self.awards_table.setCurrentCell(row, 0)
            item = self.awards_table.item(row, 0)
            if item is not None:
                self.awards_table.editItem(item)

    def _remove_award_row(self) -> None:
        rows = sorted({index.row() for index in self.awards_table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.awards_table.removeRow(row)

    def _cell(self, row: int, column: int) -> str:
        item = self.awards_table.item(row, column)
        return clean_text(item.text()) if item is not None else ""

    def earlier_awards(self) -> list[EarlierAward]:
        awards = []
        for row in range(self.awards_table.rowCount()):
            year, name, decision = (self._cell(row, c) for c in range(3))
            if not (year or name or decision):
                continue  # a row added and left empty
            if not year.isdigit():
                raise ValidationError(
                    f"Dòng {row + 1} mục “{REPORT_AWARDS}”: năm “{year}” phải là số, ví dụ 2024."
                    if year
                    else f"Dòng {row + 1} mục “{REPORT_AWARDS}” chưa ghi năm.",
                    field="earlier_awards",
                )
            awards.append(EarlierAward(int(year), name, decision))
        return awards

    def edited_content(self) -> AchievementReportContent:
        """The report as on screen; a birth year or award year that is not a number is
        refused here, the rest by the service."""
        birth_text = clean_text(self.birth_year_edit.text())
        if birth_text and not birth_text.isdigit():
            raise ValidationError(
                f"Năm sinh “{birth_text}” phải là số, ví dụ 1982.", field="birth_year"
            )
        gender = self.gender_combo.currentData()
        return replace(
            self.content,
            name=self.name_edit.text(),
            gender=Gender(gender) if self.individual and gender is not None else None,
            birth_year=int(birth_text) if birth_text and self.individual else None,
            position=self.position_edit.text() if self.individual else "",
            unit_name=self.unit_edit.text() if self.individual else self.content.unit_name,
            head_name=self.head_name_edit.text() if not self.individual else "",
            head_title=self.head_title_edit.text() if not self.individual else "",
            overview=self.overview_edit.toPlainText(),
            achievements=self.achievements_edit.toPlainText(),
            earlier_awards=self.earlier_awards(),
        )

    # --- saving and previewing -----------------------------------------------------------

    def persist(self) -> int:
        content = self.edited_content()
        save_achievement_report(self.db, self.proposal_id, content, self.today)
        self.saved = True
        return self.proposal_id

    def preview(self) -> None:
        """The report as it will print, from what is on screen (nothing is saved)."""
        from kt_desktop.documents.page import render_documents_bytes
        from kt_desktop.gui.dialogs import pdf_preview

        try:
            if self.read_only:
                pdf = render_achievement_report(self.db, self.proposal_id, self.today)
            else:
                content = self.edited_content()
                identity = get_commune_identity(self.db)
                chairman = next(
                    (
                        s.full_name
                        for s in identity.signers
                        if fold(s.title).startswith("chu tich") and s.full_name
                    ),
                    NAME_BLANK,
                )
                document = report_document(
                    content,
                    identity,
                    chairman,
                    page_margins(get_margins(self.db)),
                    (self.today or date.today()).year,
                )
                pdf = render_documents_bytes([document])
        except UserError as error:
            self.show_error(error)
            return
        except ValueError as error:  # the engine's refusal of a text it cannot lay out
            self.show_error(ValidationError(str(error)))
            return
        self.error_label.hide()
        title = f"Báo cáo thành tích – {self.who}"
        try:
            pdf_preview.PdfPreviewDialog(pdf, title, f"{title}.pdf", self).exec()
        except UserError as error:
            messages.show_error(self, error, title="Chưa xem trước được báo cáo")
