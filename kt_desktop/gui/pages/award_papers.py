"""Paperwork tabs of an award round: the decision, the certificates and the dossier to the city."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import DocumentState, RecipientKind
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.gui.record_views import ROW_HEIGHT, record_table_view
from kt_desktop.services.award_certificates import CertificateRow, certificate_rows
from kt_desktop.services.awards import ProposalLine, RoundView, round_view, sorted_for_list
from kt_desktop.services.database import Database
from kt_desktop.services.outgoing import RegisterRow, list_register
from kt_desktop.services.settings import get_commune_identity
from kt_desktop.text import clean_text, fold, format_date_short, format_money, format_number

if TYPE_CHECKING:
    from kt_desktop.services.award_documents import DossierPart

NO_ROUND_TEXT = (
    "Chưa chọn đợt khen thưởng. Hãy chọn một đợt ở phía trên, hoặc tạo đợt khen thưởng mới."
)
NOTE_STYLE = "background: #eef4fb; border: 1px solid #9bb8d8; padding: 6px; color: #1f3b57;"
WARNING_STYLE = "background: #fff4e5; border: 1px solid #e0a040; padding: 6px; color: #6b3d00;"
DONE_STYLE = "background: #edf7ed; border: 1px solid #7fb77f; padding: 6px; color: #1e4620;"
STATUS_STYLE = "font-size: 11pt; font-weight: bold;"
READY_BRUSH = QBrush(QColor("#1e7b34"))
MISSING_BRUSH = QBrush(QColor("#b00020"))

MAX_PARTS_SHOWN = 10
CHAIR_SIGNS = "Chủ tịch ký"
DEPUTY_SIGNS = "Phó Chủ tịch ký thay (KT. CHỦ TỊCH)"


def ask_folder(parent: QWidget | None, title: str) -> Path | None:
    """Choose a folder (a separate function so tests can answer it)."""
    chosen = QFileDialog.getExistingDirectory(parent, title, str(Path.home()))
    return Path(chosen) if chosen else None


@contextmanager
def busy() -> Iterator[None]:
    """A wait cursor while a document is built on the GUI thread (a second or two)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def kinds_text(lines: list[ProposalLine]) -> str:
    """ "17 tập thể, 5 cá nhân"; a kind with none is left out."""
    collectives = sum(1 for p in lines if p.recipient_kind == RecipientKind.COLLECTIVE)
    people = len(lines) - collectives
    parts = []
    if collectives:
        parts.append(f"{format_number(collectives)} tập thể")
    if people:
        parts.append(f"{format_number(people)} cá nhân")
    return ", ".join(parts) or "0 tập thể, cá nhân"


def position_and_unit(line: ProposalLine) -> str:
    """ "Trưởng thôn, Thôn Bắc" for a person; a collective has none."""
    return ", ".join(part for part in (line.position, line.unit_name) if part)


def preview_pdf(parent: QWidget, pdf: bytes, title: str, file_name: str) -> None:
    from kt_desktop.gui.dialogs import pdf_preview

    try:
        pdf_preview.PdfPreviewDialog(pdf, title, file_name, parent).exec()
    except UserError as error:
        messages.show_error(parent, error, title="Chưa xem trước được văn bản")


def preview_document(parent: QWidget, db: Database, document_id: int, title: str) -> None:
    """The issued PDF, or the draft rendered as it stands."""
    from kt_desktop.services.award_documents import document_pdf

    try:
        with busy():
            pdf = document_pdf(db, document_id)
    except UserError as error:
        messages.show_error(parent, error, title="Chưa xem trước được văn bản")
        return
    preview_pdf(parent, pdf, title, f"{title}.pdf")


class _RoundTab(QWidget):
    """Common shape of the three tabs: one round at a time, `changed` after a write."""

    changed = Signal()

    def __init__(
        self, db: Database, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.round_id: int | None = None
        self.view: RoundView | None = None
        self.status = QLabel(NO_ROUND_TEXT)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        # Everything but the status sentence; hidden when there is no round.
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.note)
        layout.addWidget(self.body, 1)
        self.empty_stretch = QWidget()
        layout.addWidget(self.empty_stretch, 1)

    def current_day(self) -> date:
        return self.today or date.today()

    def set_round(self, round_id: int | None) -> None:
        self.round_id = round_id
        self.refresh()

    def refresh(self) -> None:
        self.view = None
        if self.round_id is not None:
            try:
                self.view = round_view(self.db, self.round_id, self.current_day())
            except UserError as error:
                self.round_id = None
                self._show_empty(error.message)
                return
        if self.view is None:
            self._show_empty(NO_ROUND_TEXT)
            return
        self.status.setStyleSheet(STATUS_STYLE)
        self.body.show()
        self.empty_stretch.hide()
        self.show_round(self.view)

    def _show_empty(self, text: str) -> None:
        self.status.setStyleSheet("color: #555; font-size: 11pt;")
        self.status.setText(text)
        self.note.hide()
        self.body.hide()
        self.empty_stretch.show()

    def show_round(self, view: RoundView) -> None:
        raise NotImplementedError

    def set_note(self, text: str, style: str = NOTE_STYLE) -> None:
        self.note.setText(text)
        self.note.setStyleSheet(style)
        self.note.setVisible(bool(text))

    def after_write(self) -> None:
        self.refresh()
        self.changed.emit()


# --- the decision ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionRow:
    number: int
    line: ProposalLine
    amount: int | None


def decision_columns() -> list[Column[DecisionRow]]:
    return [
        Column("STT", lambda r: str(r.number), sort_key=lambda r: r.number, align_right=True),
        Column("Tên", lambda r: r.line.addressed_name, tooltip=True),
        Column("Chức vụ, đơn vị", lambda r: position_and_unit(r.line), tooltip=True),
        Column("Hình thức", lambda r: r.line.form_short_name),
        Column(
            "Số tiền (đồng)",
            lambda r: format_number(r.amount) if r.amount is not None else "",
            sort_key=lambda r: r.amount or 0,
            align_right=True,
            value=lambda r: r.amount,
        ),
    ]


class DecisionTab(_RoundTab):
    """The round's decision: its list, the draft, the preview and the issue."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(db, parent, today)
        self.model: RecordTableModel[DecisionRow] = RecordTableModel(
            decision_columns(),
            search_text=lambda r: r.line.name,
            default_sort=lambda r: r.number,
        )
        self.table = record_table_view(self.model, [50, 300, 320, 110, 130], 1)
        self.table.setSortingEnabled(False)  # the decision's own order is the point

        self.signer_combo = QComboBox()
        self.signer_combo.addItem(CHAIR_SIGNS, False)
        self.signer_combo.addItem(DEPUTY_SIGNS, True)
        self.signer_name = QLineEdit()
        self.signer_name.setPlaceholderText("Họ và tên người ký")
        self.signer_name.setMinimumWidth(240)
        signer_row = QHBoxLayout()
        signer_row.addWidget(QLabel("Người ký:"))
        signer_row.addWidget(self.signer_combo)
        signer_row.addWidget(QLabel("Họ và tên:"))
        signer_row.addWidget(self.signer_name)
        signer_row.addStretch(1)

        self.draft_button = QPushButton("Lập / cập nhật dự thảo quyết định")
        self.draft_button.setStyleSheet("font-weight: bold;")
        self.view_button = QPushButton("Xem quyết định")
        self.word_button = QPushButton("Lưu bản Word…")
        self.word_button.setToolTip(
            "Bản Word của dự thảo để sửa lời văn; bản chính thức là bản PDF cấp số khi ban hành."
        )
        self.issue_button = QPushButton("Ban hành…")
        buttons = QHBoxLayout()
        for button in (self.draft_button, self.view_button, self.word_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.issue_button)

        self.body_layout.addWidget(self.table, 1)
        self.body_layout.addLayout(signer_row)
        self.body_layout.addLayout(buttons)

        self.signer_combo.currentIndexChanged.connect(self._signer_changed)
        self.signer_name.editingFinished.connect(self._signer_edited)
        self.draft_button.clicked.connect(self.draft)
        self.view_button.clicked.connect(self.preview)
        self.word_button.clicked.connect(self.save_word)
        self.issue_button.clicked.connect(self.issue)
        self._draft_amounts: dict[int, int] = {}
        self._draft_ids: list[int] = []
        self._draft_signer: tuple[bool, str] | None = None
        self._shown_round: int | None = None
        self.set_round(None)

    # --- reading -------------------------------------------------------------------------

    def _identity_name(self, deputy: bool) -> str:
        identity = get_commune_identity(self.db)
        for signer in identity.signers:
            title = fold(signer.title)
            if title.startswith("pho chu tich") == deputy and "chu tich" in title:
                return signer.full_name
        return ""

    def _signer_changed(self) -> None:
        self.signer_name.setText(self._identity_name(bool(self.signer_combo.currentData())))
        self._signer_edited()

    def _signer_edited(self) -> None:
        """Say at once when the chosen signer is no longer the draft's."""
        if self.view is not None and self._draft_signer is not None:
            self.show_round(self.view)

    def _read_draft(self, view: RoundView) -> tuple[bool, str] | None:
        """The draft's list and amounts, and who signs it: (deputy signs, name)."""
        self._draft_amounts, self._draft_ids = {}, []
        self._draft_signer = None
        if view.decision_document_id is None:
            return None
        from kt_desktop.services.outgoing import get_draft

        draft = get_draft(self.db, view.decision_document_id)
        content: dict[str, Any] = draft.content
        self._draft_ids = [int(i) for i in content.get("award_proposal_ids", [])]
        self._draft_amounts = {int(k): int(v) for k, v in content.get("award_amounts", {}).items()}
        self._draft_signer = ("KT." in draft.signer_capacity.upper(), draft.signer_name)
        return self._draft_signer

    def show_round(self, view: RoundView) -> None:
        passed = sorted_for_list(view.passed_here())
        signer = self._read_draft(view)
        if self._shown_round != view.id:
            # A new round starts from its draft's signer, or the chairman.
            self._shown_round = view.id
            deputy, name = signer if signer else (False, "")
            self.signer_combo.blockSignals(True)
            self.signer_combo.setCurrentIndex(1 if deputy else 0)
            self.signer_combo.blockSignals(False)
            self.signer_name.setText(name or self._identity_name(deputy))
        has_draft = signer is not None and not view.decision_issued
        if view.decision_issued:
            amounts = {p.id: p.amount for p in passed}
        else:
            amounts = {p.id: self._draft_amounts.get(p.id) for p in passed}
        self.model.set_rows(
            [DecisionRow(n, p, amounts.get(p.id)) for n, p in enumerate(passed, start=1)]
        )
        total = sum(a for a in amounts.values() if a)

        if view.decision_issued:
            self.status.setText(
                f"Đã ban hành {view.decision_number_text} — đã khóa đề nghị và điểm của kỳ "
                f"{view.period_name}"
            )
            self.set_note(
                f"Quyết định tặng Giấy khen cho {kinds_text(passed)}, tổng tiền thưởng "
                f"{format_money(total)}. Số vào sổ của từng Giấy khen ở thẻ “Giấy khen”.",
                DONE_STYLE,
            )
        elif not passed:
            voted = any(p.voted for p in view.proposals)
            self.status.setText(
                "Chưa có đề nghị tặng Giấy khen nào được Hội đồng thông qua."
                if voted
                else "Chưa lập được quyết định: Hội đồng Thi đua – Khen thưởng xã phải họp và "
                "biểu quyết thông qua các đề nghị trước."
            )
            self.set_note(
                "Ghi kết quả biểu quyết ở thẻ “Họp Hội đồng”; các đề nghị được thông qua sẽ hiện "
                "ở đây theo thứ tự của danh sách kèm quyết định."
            )
        elif not has_draft:
            self.status.setText(
                f"Hội đồng đã thông qua {kinds_text(passed)} được tặng Giấy khen. Chưa lập dự "
                "thảo quyết định."
            )
            self.set_note(
                "Bấm “Lập / cập nhật dự thảo quyết định”: dự thảo được lưu vào sổ “Văn bản đi” "
                "(chưa cấp số), số tiền thưởng tính theo mức áp dụng hôm nay."
            )
        else:
            self.status.setText(
                f"Dự thảo quyết định: {kinds_text(passed)}, tổng tiền thưởng {format_money(total)}"
            )
            stale = self._stale_reasons(passed)
            if stale:
                self.set_note(
                    " ".join(stale) + " Hãy bấm “Lập / cập nhật dự thảo quyết định” trước khi ban "
                    "hành.",
                    WARNING_STYLE,
                )
            else:
                self.set_note(
                    "Dự thảo chưa có số. Xem lại quyết định và danh sách kèm theo, rồi bấm "
                    "“Ban hành…”: chương trình cấp số, số vào sổ cho từng Giấy khen và khóa "
                    "đề nghị cùng điểm của kỳ."
                )
        issued = view.decision_issued
        self.draft_button.setEnabled(bool(passed) and not issued)
        self.signer_combo.setEnabled(not issued)
        self.signer_name.setEnabled(not issued)
        self.view_button.setEnabled(view.decision_document_id is not None)
        self.word_button.setEnabled(has_draft)
        self.issue_button.setEnabled(has_draft and bool(passed))

    def _stale_reasons(self, passed: list[ProposalLine]) -> list[str]:
        reasons = []
        if sorted(self._draft_ids) != sorted(p.id for p in passed):
            reasons.append("Danh sách được Hội đồng thông qua đã thay đổi sau khi lập dự thảo.")
        if self._draft_signer is not None and self._draft_signer != self._chosen_signer():
            deputy, name = self._draft_signer
            who = DEPUTY_SIGNS if deputy else CHAIR_SIGNS
            reasons.append(f"Dự thảo đang ghi người ký: {who}, {name}; người ký vừa chọn khác.")
        return reasons

    def _chosen_signer(self) -> tuple[bool, str]:
        return bool(self.signer_combo.currentData()), clean_text(self.signer_name.text())

    # --- actions -------------------------------------------------------------------------

    def draft(self) -> None:
        from kt_desktop.services.award_documents import draft_decision

        if self.round_id is None:
            return
        deputy = bool(self.signer_combo.currentData())
        try:
            with busy():
                draft_decision(
                    self.db,
                    self.round_id,
                    deputy_signs=deputy,
                    signer_name=self.signer_name.text(),
                    today=self.today,
                )
        except UserError as error:
            messages.show_error(self, error, title="Chưa lập được dự thảo quyết định")
            return
        self.after_write()

    def preview(self) -> None:
        view = self.view
        if view is None or view.decision_document_id is None:
            return
        title = (
            view.decision_number_text
            if view.decision_issued
            else "Quyết định tặng Giấy khen (dự thảo)"
        )
        preview_document(self, self.db, view.decision_document_id, title.replace("/", "-"))

    def save_word(self) -> None:
        view = self.view
        if view is None or view.decision_document_id is None or view.decision_issued:
            return
        from kt_desktop.gui.dialogs.pdf_preview import write_file_atomically
        from kt_desktop.services.document_builder import draft_as_word
        from kt_desktop.services.outgoing import get_draft

        target = messages.ask_save_path(
            self,
            "Lưu dự thảo thành Word",
            Path.home() / "Quyết định tặng Giấy khen (dự thảo).docx",
            "Tệp Word (*.docx)",
        )
        if target is None:
            return
        if target.suffix.lower() != ".docx":
            target = target.with_suffix(".docx")
        try:
            with busy():
                data = draft_as_word(self.db, get_draft(self.db, view.decision_document_id))
            write_file_atomically(data, target)
        except UserError as error:
            messages.show_error(self, error, title="Chưa lưu được")
            return
        messages.show_info(
            self,
            "Đã lưu Word",
            f"Đã lưu dự thảo vào tệp “{target.name}”.",
            "Bản chính thức là bản PDF được cấp số khi ban hành trong chương trình.",
        )

    def issue(self) -> None:
        from kt_desktop.services.award_documents import issue_decision

        view = self.view
        if view is None or view.decision_issued or view.decision_document_id is None:
            return
        passed = sorted_for_list(view.passed_here())
        stale = self._stale_reasons(passed)
        if stale:
            messages.show_error(
                self,
                UserError(
                    " ".join(stale),
                    "Hãy bấm “Lập / cập nhật dự thảo quyết định” rồi ban hành.",
                ),
                title="Chưa ban hành được",
            )
            return
        issued_on = messages.ask_date(
            self,
            "Ban hành quyết định khen thưởng",
            "Ngày ban hành quyết định tặng Giấy khen:",
            self.current_day(),
        )
        if issued_on is None:
            return
        if not messages.confirm(
            self,
            "Ban hành quyết định",
            f"Ban hành quyết định tặng Giấy khen cho {kinds_text(passed)} ngày "
            f"{format_date_short(issued_on)}?\n\nChương trình sẽ cấp số quyết định, số vào sổ "
            "cho từng Giấy khen, và KHÓA VĨNH VIỄN các đề nghị trong quyết định cùng điểm, kết "
            f"quả thi đua của kỳ {view.period_name}: sau khi ban hành không sửa được nữa.",
            "Ban hành",
        ):
            return
        try:
            with busy():
                stamp = issue_decision(self.db, view.id, issued_on)
        except UserError as error:
            messages.show_error(self, error, title="Chưa ban hành được")
            self.refresh()
            return
        self.after_write()
        messages.show_info(
            self,
            "Đã ban hành",
            f"Quyết định đã được cấp số {stamp.number_text.removeprefix('Số: ')}, ngày "
            f"{format_date_short(stamp.issued_on)}.",
            "Giờ có thể in Giấy khen (thẻ “Giấy khen”).",
        )


# --- the certificates -----------------------------------------------------------------------


def certificate_columns() -> list[Column[tuple[int, CertificateRow]]]:
    return [
        Column("STT", lambda r: str(r[0]), sort_key=lambda r: r[0], align_right=True),
        Column("Người, tập thể được khen", lambda r: r[1].recipient, tooltip=True),
        Column("Đơn vị", lambda r: r[1].unit, tooltip=True),
        Column(
            "Số vào sổ",
            lambda r: r[1].register_text.removeprefix("Số vào sổ: ") or "Chưa có",
        ),
        Column("Đã in", lambda r: r[1].printed_text, sort_key=lambda r: r[1].printed_count),
    ]


class CertificatesTab(_RoundTab):
    """The round's certificates: which were printed, print and layout dialogs."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(db, parent, today)
        self.model: RecordTableModel[tuple[int, CertificateRow]] = RecordTableModel(
            certificate_columns(),
            search_text=lambda r: r[1].recipient,
            default_sort=lambda r: r[0],
        )
        self.table = record_table_view(self.model, [50, 320, 300, 110, 250], 1)
        self.table.setSortingEnabled(False)
        self.print_button = QPushButton("In Giấy khen…")
        self.print_button.setStyleSheet("font-weight: bold;")
        self.layout_button = QPushButton("Căn chỉnh máy in, bố cục…")
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.layout_button)
        buttons.addStretch(1)
        self.body_layout.addWidget(self.table, 1)
        self.body_layout.addLayout(buttons)
        self.print_button.clicked.connect(self.print_certificates)
        self.layout_button.clicked.connect(self.edit_layout)
        self.set_round(None)

    def rows(self) -> list[CertificateRow]:
        return [self.model.row_at(i)[1] for i in range(self.model.rowCount())]

    def show_round(self, view: RoundView) -> None:
        try:
            rows = certificate_rows(self.db, view.id)
        except UserError as error:
            messages.show_error(self, error)
            rows = []
        self.model.set_rows(list(enumerate(rows, start=1)))
        printed = sum(1 for r in rows if r.printed_count)
        if not rows:
            self.status.setText("Chưa có Giấy khen nào để in.")
            self.set_note(
                "Giấy khen được in cho các đề nghị Hội đồng đã thông qua, theo danh sách kèm "
                "quyết định (thẻ “Quyết định”)."
            )
        elif view.decision_issued:
            self.status.setText(
                f"{format_number(len(rows))} Giấy khen theo {view.decision_number_text}; đã in "
                f"{format_number(printed)}/{format_number(len(rows))}."
            )
            self.set_note("")
        else:
            self.status.setText(
                f"{format_number(len(rows))} Giấy khen theo danh sách được Hội đồng thông qua "
                "(quyết định chưa ban hành)."
            )
            self.set_note(
                "Giấy khen in trước khi ban hành quyết định mang chữ BẢN NHÁP, chỉ để kiểm tra "
                "tên, đơn vị và vị trí chữ; số vào sổ có sau khi ban hành.",
                WARNING_STYLE,
            )
        self.print_button.setEnabled(bool(rows))

    def _printed_total(self) -> int:
        return sum(r.printed_count + r.draft_count for r in self.rows())

    def print_certificates(self) -> None:
        from kt_desktop.gui.dialogs.certificate_print_dialog import CertificatePrintDialog

        if self.round_id is None:
            return
        before = self._printed_total()
        try:
            dialog = CertificatePrintDialog(self.db, self.round_id, self)
        except UserError as error:
            messages.show_error(self, error)
            return
        dialog.exec()
        self.refresh()
        if self._printed_total() != before:
            self.changed.emit()

    def edit_layout(self) -> None:
        from kt_desktop.gui.dialogs.certificate_layout_dialog import CertificateLayoutDialog

        try:
            dialog = CertificateLayoutDialog(self.db, self)
        except UserError as error:
            messages.show_error(self, error)
            return
        dialog.exec()
        self.refresh()


# --- the dossier to the city ----------------------------------------------------------------


def nominee_columns(report_state: Callable[[ProposalLine], str]) -> list[Column[ProposalLine]]:
    return [
        Column("Tên", lambda p: p.addressed_name, tooltip=True),
        Column("Chức vụ, đơn vị", position_and_unit, tooltip=True),
        Column("Hình thức", lambda p: p.form_short_name),
        Column("Báo cáo thành tích", report_state),
    ]


class DossierTab(_RoundTab):
    """The dossier proposing city awards: its parts, the submission, reports, export, sent."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(db, parent, today)
        self.parts: list[DossierPart] = []
        self.parts_table = QTableWidget(0, 2)
        self.parts_table.setHorizontalHeaderLabels(["Thành phần hồ sơ", "Tình trạng"])
        self.parts_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.parts_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.parts_table.verticalHeader().setVisible(False)
        self.parts_table.setWordWrap(False)
        self.parts_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.parts_table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.parts_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self._report_ready: dict[int, bool] = {}
        self.nominee_model: RecordTableModel[ProposalLine] = RecordTableModel(
            nominee_columns(self._report_state),
            search_text=lambda p: p.name,
            default_sort=lambda p: 0,
        )
        self.nominee_table = record_table_view(self.nominee_model, [260, 300, 200, 160], 1)
        self.nominee_table.setSortingEnabled(False)
        self.nominee_table.doubleClicked.connect(lambda _index: self.edit_report())

        self.submission_button = QPushButton("Lập tờ trình")
        self.submission_view_button = QPushButton("Xem tờ trình")
        self.submission_issue_button = QPushButton("Ban hành tờ trình…")
        self.minutes_issue_button = QPushButton("Ban hành biên bản họp…")
        self.report_button = QPushButton("Báo cáo thành tích…")
        self.export_button = QPushButton("Xuất hồ sơ…")
        self.sent_button = QPushButton("Đánh dấu đã gửi…")
        self.sent_button.setStyleSheet("font-weight: bold;")
        submission_row = QHBoxLayout()
        for button in (
            self.submission_button,
            self.submission_view_button,
            self.submission_issue_button,
            self.minutes_issue_button,
        ):
            submission_row.addWidget(button)
        submission_row.addStretch(1)
        submission_row.addWidget(self.export_button)
        submission_row.addWidget(self.sent_button)
        nominee_row = QHBoxLayout()
        nominee_row.addWidget(self.report_button)
        nominee_row.addStretch(1)

        parts_title = QLabel("Thành phần hồ sơ")
        parts_title.setStyleSheet("font-weight: bold;")
        nominees_title = QLabel("Tập thể, cá nhân đề nghị tặng Bằng khen")
        nominees_title.setStyleSheet("font-weight: bold;")
        self.body_layout.addWidget(parts_title)
        self.body_layout.addWidget(self.parts_table)
        self.body_layout.addLayout(submission_row)
        self.body_layout.addSpacing(8)
        self.body_layout.addWidget(nominees_title)
        self.body_layout.addWidget(self.nominee_table, 1)
        self.body_layout.addLayout(nominee_row)

        self.submission_button.clicked.connect(self.draft_submission)
        self.submission_view_button.clicked.connect(self.preview_submission)
        self.submission_issue_button.clicked.connect(self.issue_submission)
        self.minutes_issue_button.clicked.connect(self.issue_minutes)
        self.report_button.clicked.connect(self.edit_report)
        self.export_button.clicked.connect(self.export)
        self.sent_button.clicked.connect(self.mark_sent)
        self.nominee_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.set_round(None)

    # --- reading -------------------------------------------------------------------------

    def _report_state(self, line: ProposalLine) -> str:
        return "Đã lưu" if self._report_ready.get(line.id) else "Chưa lưu"

    def selected_nominee(self) -> ProposalLine | None:
        indexes = self.nominee_table.selectionModel().selectedRows()
        return self.nominee_model.row_at(indexes[0].row()) if indexes else None

    def _register_row(self, document_id: int | None) -> RegisterRow | None:
        """A round's document as the register of outgoing documents has it (draft or issued)."""
        if document_id is None:
            return None
        return next((row for row in list_register(self.db) if row.id == document_id), None)

    def show_round(self, view: RoundView) -> None:
        nominees = sorted_for_list(view.passed_for_city())
        if not nominees:
            self.status.setText("Đợt này không có đề nghị Bằng khen của Chủ tịch UBND thành phố.")
            self.status.setStyleSheet("color: #555; font-size: 11pt;")
            self.set_note(
                "Đề nghị Bằng khen của Chủ tịch UBND thành phố được Hội đồng thông qua sẽ hiện ở "
                "đây cùng hồ sơ gửi thành phố."
            )
            self.body.hide()
            self.empty_stretch.show()
            return
        from kt_desktop.services.award_documents import dossier_parts

        try:
            self.parts = dossier_parts(self.db, view.id, self.today)
        except UserError as error:
            messages.show_error(self, error)
            self.parts = []
        ready = {part.key: part.ready for part in self.parts}
        self._report_ready = {line.id: ready.get(f"report-{line.id}", False) for line in nominees}
        selected = self.selected_nominee()
        self.nominee_model.set_rows(nominees)
        keep = selected.id if selected is not None else nominees[0].id
        position = self.nominee_model.find_row(lambda p: p.id == keep)
        self.nominee_table.selectRow(max(position, 0))
        self._fill_parts()
        missing = [p for p in self.parts if not p.ready]
        what = f"Hồ sơ đề nghị Chủ tịch UBND thành phố tặng Bằng khen cho {kinds_text(nominees)}"
        if view.dossier_sent_on is not None:
            self.status.setText(f"{what}: đã gửi ngày {format_date_short(view.dossier_sent_on)}.")
            self.set_note(
                "Hồ sơ đã gửi: các đề nghị trong hồ sơ đã khóa, không sửa được nữa.", DONE_STYLE
            )
        elif missing:
            self.status.setText(
                f"{what}: còn thiếu {format_number(len(missing))}/{format_number(len(self.parts))}"
                " thành phần."
            )
            self.set_note(
                "Tờ trình và biên bản họp Hội đồng phải được ban hành (cấp số); mỗi báo cáo "
                "thành tích phải được lưu sau khi văn phòng xem lại. Hồ sơ thiếu thành phần "
                "không đánh dấu “đã gửi” được.",
                WARNING_STYLE,
            )
        else:
            self.status.setText(f"{what}: đủ {format_number(len(self.parts))} thành phần.")
            self.set_note(
                "Bấm “Xuất hồ sơ…” để lưu hồ sơ thành tệp PDF (một tệp chung có mục lục và từng "
                "thành phần riêng), gửi đi rồi bấm “Đánh dấu đã gửi…”."
            )
        self._update_buttons()

    def _fill_parts(self) -> None:
        self.parts_table.setRowCount(len(self.parts))
        for row, part in enumerate(self.parts):
            title = QTableWidgetItem(f"{'✓' if part.ready else '✗'}  {part.title}")
            state = QTableWidgetItem((part.done or "Đã có") if part.ready else part.missing)
            brush = READY_BRUSH if part.ready else MISSING_BRUSH
            title.setForeground(brush)
            state.setForeground(brush)
            state.setToolTip(state.text())
            self.parts_table.setItem(row, 0, title)
            self.parts_table.setItem(row, 1, state)
        # Every part in view without scrolling (a round has a few nominees, rarely many).
        rows = min(len(self.parts), MAX_PARTS_SHOWN)
        frame = 2 * self.parts_table.frameWidth()
        header = self.parts_table.horizontalHeader().sizeHint().height()
        self.parts_table.setFixedHeight(header + rows * ROW_HEIGHT + frame + 2)

    def _update_buttons(self) -> None:
        view = self.view
        sent = view is not None and view.dossier_sent_on is not None
        submission = self._register_row(view.submission_document_id if view else None)
        minutes = self._register_row(view.minutes_document_id if view else None)
        submission_issued = submission is not None and submission.state == DocumentState.ISSUED
        self.submission_button.setEnabled(not sent and not submission_issued)
        self.submission_button.setText(
            "Lập tờ trình" if submission is None else "Lập lại tờ trình (dự thảo)"
        )
        self.submission_view_button.setEnabled(submission is not None)
        self.submission_issue_button.setEnabled(submission is not None and not submission_issued)
        self.minutes_issue_button.setEnabled(
            minutes is not None and minutes.state == DocumentState.DRAFT
        )
        self.minutes_issue_button.setToolTip(
            "Biên bản được lập ở thẻ “Họp Hội đồng” (nút “Lập biên bản họp…”)."
            if minutes is None
            else ""
        )
        self.report_button.setEnabled(self.selected_nominee() is not None)
        self.export_button.setEnabled(bool(self.parts))
        self.sent_button.setEnabled(not sent and bool(self.parts))

    # --- the submission (tờ trình) -------------------------------------------------------

    def draft_submission(self) -> None:
        from kt_desktop.services.award_documents import draft_submission

        if self.round_id is None:
            return
        try:
            with busy():
                draft_submission(self.db, self.round_id, today=self.today)
        except UserError as error:
            messages.show_error(self, error, title="Chưa lập được tờ trình")
            return
        self.after_write()
        if messages.confirm(
            self,
            "Đã lập dự thảo tờ trình",
            "Dự thảo tờ trình đề nghị Chủ tịch UBND thành phố tặng Bằng khen đã được lưu vào sổ "
            "“Văn bản đi” (chưa cấp số). Tờ trình phải được ban hành trước khi gửi hồ sơ: ban "
            "hành ngay bây giờ, hay xem lại và ban hành sau (tại đây hoặc ở trang “Văn bản đi”)?",
            "Ban hành ngay…",
        ):
            self.issue_submission()

    def preview_submission(self) -> None:
        view = self.view
        if view is None or view.submission_document_id is None:
            return
        preview_document(
            self, self.db, view.submission_document_id, "Tờ trình đề nghị tặng Bằng khen"
        )

    def issue_submission(self) -> None:
        if self.view is not None:
            self._issue(self.view.submission_document_id, "tờ trình đề nghị tặng Bằng khen")

    def issue_minutes(self) -> None:
        if self.view is not None:
            self._issue(self.view.minutes_document_id, "biên bản họp Hội đồng")

    def _issue(self, document_id: int | None, what: str) -> None:
        """Issue one of the round's drafts as the register page does: ask the date, number
        it, keep the PDF as issued."""
        from kt_desktop.services.document_builder import render_draft
        from kt_desktop.services.outgoing import issue_document

        if document_id is None:
            return
        issued_on = messages.ask_date(
            self,
            f"Ban hành {what}",
            f"Ngày ban hành {what}. Chương trình sẽ cấp số tiếp theo trong sổ văn bản đi và "
            "khóa văn bản: sau khi ban hành không sửa được nữa.",
            self.current_day(),
        )
        if issued_on is None:
            return
        try:
            with busy():
                stamp = issue_document(
                    self.db,
                    document_id,
                    issued_on,
                    lambda draft, s: render_draft(self.db, draft, s),
                )
        except UserError as error:
            messages.show_error(self, error, title="Chưa ban hành được")
            return
        self.after_write()
        messages.show_info(
            self,
            "Đã ban hành",
            f"{what[0].upper()}{what[1:]} đã được cấp số {stamp.number_text.removeprefix('Số: ')}"
            f", ngày {format_date_short(stamp.issued_on)}.",
        )

    # --- achievement reports, export, sent -----------------------------------------------

    def edit_report(self) -> None:
        from kt_desktop.gui.dialogs.achievement_report_dialog import AchievementReportDialog

        line = self.selected_nominee()
        if line is None:
            return
        try:
            dialog = AchievementReportDialog(
                self.db,
                line.id,
                self,
                line.addressed_name,
                read_only=self.view is not None and self.view.dossier_sent_on is not None,
                today=self.today,
            )
        except UserError as error:
            messages.show_error(self, error)
            return
        dialog.exec()
        if dialog.saved:
            self.after_write()

    def export(self) -> None:
        from kt_desktop.gui.dialogs.import_dialogs import run_with_progress
        from kt_desktop.services.award_documents import build_dossier

        view = self.view
        if view is None:
            return
        folder = ask_folder(self, "Chọn thư mục lưu hồ sơ đề nghị Bằng khen")
        if folder is None:
            return
        round_id = view.id
        task = run_with_progress(
            self,
            "Xuất hồ sơ",
            "Đang lập hồ sơ đề nghị Bằng khen…",
            lambda progress: build_dossier(self.db, round_id, folder, progress, self.today),
            cancellable=False,
        )
        if task.error is not None:
            if isinstance(task.error, UserError):
                messages.show_error(self, task.error, title="Chưa xuất được hồ sơ")
                return
            raise task.error
        written = Path(task.result)
        missing = [p.title for p in self.parts if not p.ready]
        detail = str(written.parent)
        if missing:
            detail += (
                "\n\nHồ sơ còn thiếu: " + "; ".join(missing) + ". Các văn bản chưa ban hành "
                "được in ở dạng dự thảo (chưa có số), chỉ để kiểm tra."
            )
        messages.show_info(
            self,
            "Đã xuất hồ sơ",
            f"Đã lưu hồ sơ vào tệp “{written.name}” (có mục lục từng thành phần) và từng "
            "thành phần thành tệp PDF riêng trong cùng thư mục.",
            detail,
        )

    def mark_sent(self) -> None:
        from kt_desktop.services.award_documents import mark_dossier_sent

        view = self.view
        if view is None or view.dossier_sent_on is not None:
            return
        sent_on = messages.ask_date(
            self,
            "Đánh dấu hồ sơ đã gửi",
            "Ngày gửi hồ sơ đề nghị Bằng khen lên Ủy ban nhân dân thành phố. Sau khi đánh dấu, "
            "các đề nghị trong hồ sơ không sửa được nữa.",
            self.current_day(),
        )
        if sent_on is None:
            return
        try:
            mark_dossier_sent(self.db, view.id, sent_on, self.today)
        except UserError as error:
            messages.show_error(self, error, title="Chưa đánh dấu được")
            return
        self.after_write()
