"""Record one unit's registration for a period: status, date, aims, commitments, reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGroupBox, QVBoxLayout, QWidget

from kt_desktop.domain.enums import RegistrationStatus
from kt_desktop.domain.labels import REGISTRATION_STATUS_LABELS
from kt_desktop.errors import UserError
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.gui.forms.ui_registration_dialog import Ui_RegistrationDialog
from kt_desktop.services.database import Database
from kt_desktop.services.registrations import RegistrationInput, RegistrationRow, save_registration

# What units usually register for (plan III.2); the clerk may type anything else.
COMMON_AIMS = (
    "Giấy khen của Chủ tịch UBND xã",
    "Bằng khen của Chủ tịch UBND thành phố",
    "Tập thể lao động tiên tiến",
)


class RegistrationDialog(RecordDialog):
    def __init__(
        self,
        db: Database,
        period_id: int,
        period_name: str,
        row: RegistrationRow,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.period_id = period_id
        self.unit_id = row.unit_id
        self.ui = Ui_RegistrationDialog()
        self.ui.setupUi(self)
        self.setWindowTitle(f"Đăng ký thi đua – {period_name}")
        self.ui.unitLabel.setText(f"{row.unit_name} ({row.unit_code})")
        for status, label in REGISTRATION_STATUS_LABELS.items():
            self.ui.statusCombo.addItem(label, status)
        self.ui.aimsCombo.addItems(["", *COMMON_AIMS])
        self.setup_record_dialog(
            self.ui.buttonBox,
            self.ui.errorLabel,
            {
                "registered_on": self.ui.dateEdit,
                "rejection_reason": self.ui.reasonEdit,
            },
        )
        self.ui.statusCombo.currentIndexChanged.connect(self._update_fields)
        self.ui.statusCombo.setCurrentIndex(self.ui.statusCombo.findData(row.status))
        registered = row.registered_on or date.today()
        self.ui.dateEdit.setDate(QDate(registered.year, registered.month, registered.day))
        self.ui.aimsCombo.setEditText(row.aims)
        self.ui.commitmentsEdit.setPlainText(row.commitments)
        self.ui.reasonEdit.setText(row.rejection_reason)
        self._update_fields()

        # The signed registration form and other papers, once the registration is saved.
        from kt_desktop.gui.widgets.evidence_panel import EvidencePanel
        from kt_desktop.services.evidence import EvidenceOwner

        self.registration_id = row.registration_id
        self.evidence = EvidencePanel(
            db,
            EvidenceOwner.registration(row.registration_id) if row.registration_id else None,
            no_owner_note="Lưu bản đăng ký trước khi đính kèm minh chứng.",
        )
        self.evidence.setMinimumHeight(150)
        box = QGroupBox("Minh chứng (bản đăng ký có chữ ký, đóng dấu…)")
        QVBoxLayout(box).addWidget(self.evidence)
        main = self.ui.mainLayout
        main.insertWidget(main.indexOf(self.ui.errorLabel), box, 1)
        self.apply_button = self.ui.buttonBox.addButton(
            "Lưu, tiếp tục", QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.apply_button.clicked.connect(self.apply)
        self.resize(max(self.width(), 680), self.height() + 220)

    def status(self) -> RegistrationStatus:
        return RegistrationStatus(self.ui.statusCombo.currentData())

    def _update_fields(self) -> None:
        sent = self.status() != RegistrationStatus.NOT_SENT
        self.ui.dateEdit.setEnabled(sent)
        rejected = self.status() == RegistrationStatus.REJECTED
        self.ui.reasonEdit.setEnabled(rejected)
        self.ui.reasonLabel.setEnabled(rejected)

    def collect(self) -> RegistrationInput:
        chosen = self.ui.dateEdit.date()
        return RegistrationInput(
            status=self.status(),
            registered_on=date(chosen.year(), chosen.month(), chosen.day()),
            aims=self.ui.aimsCombo.currentText(),
            commitments=self.ui.commitmentsEdit.toPlainText(),
            rejection_reason=self.ui.reasonEdit.text(),
        )

    def persist(self) -> int:
        self.registration_id = save_registration(
            self.db, self.period_id, self.unit_id, self.collect()
        )
        return self.unit_id

    def apply(self) -> None:
        """Save and stay, so a new registration can take its evidence files."""
        try:
            self.saved_id = self.persist()
        except UserError as error:
            self.show_error(error)
            return
        self.ui.errorLabel.hide()
        from kt_desktop.services.evidence import EvidenceOwner

        if self.registration_id:
            self.evidence.set_owner(EvidenceOwner.registration(self.registration_id))

    def ask(self) -> int | None:
        """The unit's id if anything was saved (also by "Lưu, tiếp tục"), else None."""
        accepted = self.exec() == QDialog.DialogCode.Accepted
        return self.saved_id if accepted or self.saved_id else None
