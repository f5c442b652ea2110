"""Add or edit a unit; the service validates and the dialog shows its message in place."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from kt_desktop.domain.enums import UnitKind
from kt_desktop.domain.labels import UNIT_KIND_LABELS
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.gui.forms.ui_unit_dialog import Ui_UnitDialog
from kt_desktop.services.database import Database
from kt_desktop.services.participants import UnitInput, create_unit, get_unit, update_unit


class UnitDialog(QDialog):
    def __init__(self, db: Database, unit_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.unit_id = unit_id
        self.saved_id: int | None = None
        self.ui = Ui_UnitDialog()
        self.ui.setupUi(self)
        for kind, label in UNIT_KIND_LABELS.items():
            self.ui.kindCombo.addItem(label, kind)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.ui.buttonBox.accepted.connect(self.save)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.errorLabel.hide()
        self._fields = {
            "code": self.ui.codeEdit,
            "name": self.ui.nameEdit,
            "phone": self.ui.phoneEdit,
        }
        if unit_id is None:
            self.setWindowTitle("Thêm đơn vị")
        else:
            self.setWindowTitle("Sửa thông tin đơn vị")
            self.load(get_unit(db, unit_id))

    def load(self, data: UnitInput) -> None:
        self.ui.codeEdit.setText(data.code)
        self.ui.nameEdit.setText(data.name)
        self.ui.kindCombo.setCurrentIndex(self.ui.kindCombo.findData(data.kind))
        self.ui.headNameEdit.setText(data.head_name)
        self.ui.headTitleEdit.setText(data.head_title)
        self.ui.phoneEdit.setText(data.phone)
        self.ui.activeCheck.setChecked(data.active)

    def collect(self) -> UnitInput:
        return UnitInput(
            code=self.ui.codeEdit.text(),
            name=self.ui.nameEdit.text(),
            kind=UnitKind(self.ui.kindCombo.currentData()),
            head_name=self.ui.headNameEdit.text(),
            head_title=self.ui.headTitleEdit.text(),
            phone=self.ui.phoneEdit.text(),
            active=self.ui.activeCheck.isChecked(),
        )

    def show_error(self, error: UserError) -> None:
        self.ui.errorLabel.setText(str(error))
        self.ui.errorLabel.show()
        if isinstance(error, ValidationError) and error.field in self._fields:
            self._fields[error.field].setFocus()
            self._fields[error.field].selectAll()

    def save(self) -> None:
        try:
            data = self.collect()
            if self.unit_id is None:
                self.saved_id = create_unit(self.db, data)
            else:
                update_unit(self.db, self.unit_id, data)
                self.saved_id = self.unit_id
        except UserError as error:
            self.show_error(error)
            return
        self.accept()

    def ask(self) -> int | None:
        """Run the dialog; the saved unit's id, or None if the user cancelled."""
        return self.saved_id if self.exec() == QDialog.DialogCode.Accepted else None
