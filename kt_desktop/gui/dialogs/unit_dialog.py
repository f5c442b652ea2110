"""Add or edit a unit; the service validates and the dialog shows its message in place."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kt_desktop.domain.enums import UnitKind
from kt_desktop.domain.labels import UNIT_KIND_LABELS
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.gui.forms.ui_unit_dialog import Ui_UnitDialog
from kt_desktop.services.database import Database
from kt_desktop.services.participants import UnitInput, create_unit, get_unit, update_unit


class UnitDialog(RecordDialog):
    def __init__(self, db: Database, unit_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.unit_id = unit_id
        self.ui = Ui_UnitDialog()
        self.ui.setupUi(self)
        for kind, label in UNIT_KIND_LABELS.items():
            self.ui.kindCombo.addItem(label, kind)
        self.setup_record_dialog(
            self.ui.buttonBox,
            self.ui.errorLabel,
            {
                "code": self.ui.codeEdit,
                "name": self.ui.nameEdit,
                "head_name": self.ui.headNameEdit,
                "head_title": self.ui.headTitleEdit,
                "phone": self.ui.phoneEdit,
            },
        )
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

    def persist(self) -> int:
        data = self.collect()
        if self.unit_id is None:
            return create_unit(self.db, data)
        update_unit(self.db, self.unit_id, data)
        return self.unit_id
