"""The commune's identity and signers, as used in every document's heading and signature."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidgetItem, QWidget

from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.forms.ui_settings_page import Ui_SettingsPage
from kt_desktop.services.database import Database
from kt_desktop.services.settings import (
    CommuneIdentity,
    Signer,
    get_commune_identity,
    save_commune_identity,
)
from kt_desktop.text import format_place_date


class SettingsPage(QWidget):
    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self.ui = Ui_SettingsPage()
        self.ui.setupUi(self)
        table = self.ui.signersTable
        table.setColumnCount(2)
        table.setHorizontalHeaderLabels(["Chức vụ (ghi trong khối chữ ký)", "Họ và tên"])
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setVisible(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.ui.errorLabel.hide()
        self._edits = {
            "commune_name": self.ui.communeEdit,
            "city_name": self.ui.cityEdit,
            "issuing_body": self.ui.issuingBodyEdit,
            "body_code": self.ui.bodyCodeEdit,
            "place_name": self.ui.placeEdit,
            "office_name": self.ui.officeEdit,
            "office_code": self.ui.officeCodeEdit,
        }
        self.ui.saveButton.clicked.connect(self.save)
        self.ui.revertButton.clicked.connect(self.reload)
        self.ui.addSignerButton.clicked.connect(self.add_signer)
        self.ui.removeSignerButton.clicked.connect(self.remove_signer)
        for edit in self._edits.values():
            edit.textChanged.connect(self._update_preview)
        self._loaded = False

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        self.show_identity(get_commune_identity(self.db))
        self._loaded = True

    def show_identity(self, identity: CommuneIdentity) -> None:
        for name, edit in self._edits.items():
            edit.setText(getattr(identity, name))
        table = self.ui.signersTable
        table.setRowCount(0)
        for signer in identity.signers:
            self._append_signer(signer)
        self.ui.errorLabel.hide()
        self._update_preview()

    def _append_signer(self, signer: Signer) -> None:
        table = self.ui.signersTable
        row = table.rowCount()
        table.insertRow(row)
        table.setItem(row, 0, QTableWidgetItem(signer.title))
        table.setItem(row, 1, QTableWidgetItem(signer.full_name))

    def add_signer(self) -> None:
        self._append_signer(Signer("", ""))
        table = self.ui.signersTable
        table.setCurrentCell(table.rowCount() - 1, 0)
        item = table.item(table.rowCount() - 1, 0)
        if item is not None:
            table.editItem(item)

    def remove_signer(self) -> None:
        row = self.ui.signersTable.currentRow()
        if row >= 0:
            self.ui.signersTable.removeRow(row)

    def collect(self) -> CommuneIdentity:
        table = self.ui.signersTable
        signers = []
        for row in range(table.rowCount()):
            title_item, name_item = table.item(row, 0), table.item(row, 1)
            title = title_item.text() if title_item is not None else ""
            name = name_item.text() if name_item is not None else ""
            signers.append(Signer(title, name))
        values = {name: edit.text() for name, edit in self._edits.items()}
        return CommuneIdentity(**values, signers=tuple(signers))

    def _update_preview(self) -> None:
        from datetime import date

        body = self.ui.issuingBodyEdit.text().strip().upper()
        code = self.ui.bodyCodeEdit.text().strip()
        place = self.ui.placeEdit.text().strip()
        office = self.ui.officeCodeEdit.text().strip()
        self.ui.previewLabel.setText(
            "Xem trước trên văn bản:\n"
            f"• Tên cơ quan ở tiêu đề: {body}\n"
            f"• Số quyết định: “Số: 05/QĐ-{code}”; số công văn: “Số: 12/{code}-{office}”\n"
            f"• Dòng địa danh, ngày tháng: “{format_place_date(place, date.today())}”"
        )

    def save(self) -> None:
        try:
            saved = save_commune_identity(self.db, self.collect())
        except UserError as error:
            self.ui.errorLabel.setText(str(error))
            self.ui.errorLabel.show()
            return
        self.show_identity(saved)
        messages.show_info(self, "Đã lưu", "Đã lưu thông tin cơ quan và người ký.")
