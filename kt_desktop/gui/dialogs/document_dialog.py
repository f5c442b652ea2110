"""Write or change a draft document: kind, summary, body, signer; preview it as it will print."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from kt_desktop.domain.enums import DocumentKind
from kt_desktop.domain.labels import DOCUMENT_KIND_LABELS
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.gui.forms.ui_document_dialog import Ui_DocumentDialog
from kt_desktop.services.database import Database
from kt_desktop.services.document_builder import ADDRESSED_KINDS, render_draft
from kt_desktop.services.outgoing import DraftView, create_draft, get_draft, update_draft
from kt_desktop.services.settings import get_commune_identity

# The signing capacities of Decree 30, as the office picks them.
CAPACITIES = (
    "CHỦ TỊCH",
    "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "TM. ỦY BAN NHÂN DÂN\nQ. CHỦ TỊCH",
    "TL. CHỦ TỊCH\nTRƯỞNG PHÒNG VĂN HÓA – XÃ HỘI",
    "TUQ. CHỦ TỊCH\nTRƯỞNG PHÒNG VĂN HÓA – XÃ HỘI",
    "Q. CHỦ TỊCH",
    "TRƯỞNG PHÒNG",
    "CHỦ TRÌ",
)
DEFAULT_CAPACITY = "(theo mẫu văn bản)"


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs separated by blank lines; a single line break inside one is a space."""
    blocks = [" ".join(block.split()) for block in text.replace("\r", "").split("\n\n")]
    return [block for block in blocks if block]


class DocumentDialog(RecordDialog):
    def __init__(
        self,
        db: Database,
        document_id: int | None = None,
        kind: DocumentKind = DocumentKind.DECISION,
        supersedes_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.document_id = document_id
        self.supersedes_id = supersedes_id
        self.ui = Ui_DocumentDialog()
        self.ui.setupUi(self)
        for document_kind, label in DOCUMENT_KIND_LABELS.items():
            self.ui.kindCombo.addItem(label, document_kind)
        self.ui.kindCombo.setCurrentIndex(self.ui.kindCombo.findData(kind))
        self.ui.yearSpin.setValue(max(2025, min(date.today().year, 2035)))
        identity = get_commune_identity(db)
        for signer in identity.signers:
            if signer.full_name:
                self.ui.signerCombo.addItem(f"{signer.full_name}", signer.title)
        self.ui.capacityCombo.addItem(DEFAULT_CAPACITY, "")
        for capacity in CAPACITIES:
            self.ui.capacityCombo.addItem(capacity.replace("\n", " / "), capacity)
        self.setup_record_dialog(
            self.ui.buttonBox,
            self.ui.errorLabel,
            {
                "summary": self.ui.summaryEdit,
                "signer_name": self.ui.signerCombo,
                "year": self.ui.yearSpin,
                "secretary": self.ui.secretaryEdit,
            },
        )
        self.ui.previewButton.clicked.connect(self.preview)
        self.ui.signerCombo.currentIndexChanged.connect(self._signer_chosen)
        self._loaded_content: dict[str, object] = {}
        self.ui.kindCombo.currentIndexChanged.connect(self._update_kind)
        if document_id is None and supersedes_id is not None:
            # A correction starts as a copy of what it replaces, which the clerk then amends.
            self.setWindowTitle("Soạn văn bản thay thế")
            self.load(get_draft(db, supersedes_id))
            self._loaded_content = {}
            self.supersedes_id = supersedes_id
            self.ui.kindCombo.setEnabled(False)
        elif document_id is None:
            self.setWindowTitle("Soạn văn bản mới")
        else:
            self.setWindowTitle("Sửa dự thảo văn bản")
            self.load(get_draft(db, document_id))
            # The kind and year fix the number series: they are chosen once.
            self.ui.kindCombo.setEnabled(False)
            self.ui.yearSpin.setEnabled(False)
        self._update_kind()

    def kind(self) -> DocumentKind:
        return DocumentKind(self.ui.kindCombo.currentData())

    def _update_kind(self) -> None:
        kind = self.kind()
        letter = kind == DocumentKind.OFFICIAL_LETTER
        addressed = kind in ADDRESSED_KINDS
        self.ui.addresseesEdit.setEnabled(addressed)
        self.ui.addresseesLabel.setEnabled(addressed)
        minutes = kind == DocumentKind.MINUTES
        self.ui.secretaryEdit.setEnabled(minutes)
        self.ui.secretaryLabel.setEnabled(minutes)
        self.ui.summaryEdit.setPlaceholderText(
            "Ví dụ: V/v đôn đốc báo cáo kết quả thực hiện phong trào thi đua"
            if letter
            else "Ví dụ: Về việc tặng Giấy khen cho các tập thể, cá nhân…"
        )

    def _signer_chosen(self) -> None:
        """A deputy signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", never under the chairman's title."""
        title = str(self.ui.signerCombo.currentData() or "").lower()
        if "phó chủ tịch" in title:
            if self.kind() == DocumentKind.DECISION:
                wanted = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
            else:
                wanted = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
            self.ui.capacityCombo.setCurrentIndex(self.ui.capacityCombo.findData(wanted))
        elif "chủ tịch" in title:
            self.ui.capacityCombo.setCurrentIndex(0)  # the wording's own capacity

    def load(self, draft: DraftView) -> None:
        self._loaded_content = dict(draft.content)
        self.ui.kindCombo.setCurrentIndex(self.ui.kindCombo.findData(draft.kind))
        self.ui.yearSpin.setValue(draft.year)
        self.ui.summaryEdit.setText(draft.summary)
        self.ui.addresseesEdit.setPlainText("\n".join(draft.content.get("addressees", [])))
        self.ui.bodyEdit.setPlainText("\n\n".join(draft.content.get("paragraphs", [])))
        self.ui.signerCombo.setEditText(draft.signer_name)
        index = self.ui.capacityCombo.findData(draft.signer_capacity)
        self.ui.capacityCombo.setCurrentIndex(max(index, 0))
        self.ui.secretaryEdit.setText(str(draft.content.get("secretary", "")))
        self.supersedes_id = draft.supersedes_id

    def content(self) -> dict[str, object]:
        # Keys this dialog doesn't edit (an annex list made elsewhere) are kept as they were.
        return {
            **self._loaded_content,
            "addressees": [
                line.strip()
                for line in self.ui.addresseesEdit.toPlainText().splitlines()
                if line.strip()
            ],
            "paragraphs": paragraphs_of(self.ui.bodyEdit.toPlainText()),
            "secretary": self.ui.secretaryEdit.text().strip(),
        }

    def capacity(self) -> str:
        return str(self.ui.capacityCombo.currentData() or "")

    def current_view(self) -> DraftView:
        return DraftView(
            id=self.document_id or 0,
            kind=self.kind(),
            year=self.ui.yearSpin.value(),
            symbol="",
            summary=" ".join(self.ui.summaryEdit.text().split()),
            signer_name=" ".join(self.ui.signerCombo.currentText().split()),
            signer_capacity=self.capacity(),
            content=self.content(),
            supersedes_id=self.supersedes_id,
        )

    def persist(self) -> int:
        view = self.current_view()
        if self.document_id is None:
            return create_draft(
                self.db,
                view.kind,
                view.year,
                view.summary,
                view.signer_name,
                view.signer_capacity,
                view.content,
                supersedes_id=self.supersedes_id,
            )
        update_draft(
            self.db,
            self.document_id,
            view.summary,
            view.signer_name,
            view.signer_capacity,
            view.content,
        )
        return self.document_id

    def preview(self) -> None:
        from kt_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog
        from kt_desktop.services.outgoing import number_text, symbol_for

        view = self.current_view()
        if not view.summary:
            self.show_error(
                ValidationError("Hãy nhập trích yếu trước khi xem trước.", field="summary")
            )
            return
        with self.db.session() as session:
            symbol = symbol_for(session, view.kind)
        view = DraftView(**{**view.__dict__, "symbol": symbol})
        try:
            pdf = render_draft(self.db, view, None)
        except UserError as error:
            self.show_error(error)
            return
        self._error_label.hide()
        title = f"{DOCUMENT_KIND_LABELS[view.kind]} (dự thảo, {number_text(None, symbol)})"
        PdfPreviewDialog(pdf, title, f"{DOCUMENT_KIND_LABELS[view.kind]} dự thảo.pdf", self).exec()
