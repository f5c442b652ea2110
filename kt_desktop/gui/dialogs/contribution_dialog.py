"""Add or edit a contribution of a person or organisation: who, where, when, what, its value."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import ContributorKind
from kt_desktop.domain.labels import CONTRIBUTOR_KIND_LABELS
from kt_desktop.errors import ValidationError
from kt_desktop.gui.dialogs.initiative_dialog import OptionalDateEdit
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.services.database import Database
from kt_desktop.services.initiatives import (
    ContributionInput,
    get_contribution,
    save_contribution,
)
from kt_desktop.text import clean_text, format_number, parse_number


class ContributionDialog(RecordDialog):
    def __init__(
        self,
        db: Database,
        period_id: int,
        period_name: str,
        contribution_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.period_id = period_id
        self.contribution_id = contribution_id
        # Links to the register, kept as loaded (the dialog does not edit them).
        self._person_id: int | None = None
        self._unit_id: int | None = None
        self.setWindowTitle(
            f"Thêm đóng góp – {period_name}"
            if contribution_id is None
            else f"Sửa đóng góp – {period_name}"
        )
        self.resize(640, 460)

        self.kind_combo = QComboBox()
        for kind, label in CONTRIBUTOR_KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Họ tên cá nhân hoặc tên tổ chức")
        self.address_edit = QLineEdit()
        self.given_date = OptionalDateEdit()
        self.description_edit = QPlainTextEdit()
        self.description_edit.setPlaceholderText(
            "Công sức, trí tuệ, vật chất, sáng kiến đã đóng góp cho chuyển đổi số của xã"
        )
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("Để trống nếu không quy ra tiền")
        value_row = QHBoxLayout()
        value_row.addWidget(self.value_edit, 1)
        value_row.addWidget(QLabel("đồng"))

        form = QFormLayout()
        form.addRow("Đối tượng:", self.kind_combo)
        form.addRow("Tên tổ chức, cá nhân:", self.name_edit)
        form.addRow("Địa chỉ:", self.address_edit)
        form.addRow("Ngày đóng góp:", self.given_date)
        form.addRow("Nội dung đóng góp:", self.description_edit)
        form.addRow("Giá trị quy đổi:", value_row)

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)
        self.setup_record_dialog(
            self.button_box,
            self.error_label,
            {
                "contributor_name": self.name_edit,
                "description": self.description_edit,
                "address": self.address_edit,
                "given_on": self.given_date,
                "value_vnd": self.value_edit,
            },
        )
        if contribution_id is not None:
            self.load(get_contribution(db, contribution_id))

    def load(self, data: ContributionInput) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(data.contributor_kind))
        self.name_edit.setText(data.contributor_name)
        self.address_edit.setText(data.address)
        self.given_date.set_value(data.given_on)
        self.description_edit.setPlainText(data.description)
        self.value_edit.setText("" if data.value_vnd is None else format_number(data.value_vnd))
        self._person_id = data.person_id
        self._unit_id = data.unit_id

    def _value(self) -> Decimal | None:
        text = clean_text(self.value_edit.text())
        if not text:
            return None
        try:
            return parse_number(text)
        except ValueError as error:
            raise ValidationError(f"Giá trị quy đổi: {error}", field="value_vnd") from None

    def collect(self) -> ContributionInput:
        kind = ContributorKind(self.kind_combo.currentData())
        # A link to the register only holds for the kind it was made for.
        person_id = self._person_id if kind == ContributorKind.PERSON else None
        unit_id = self._unit_id if kind == ContributorKind.ORGANISATION else None
        return ContributionInput(
            contributor_kind=kind,
            contributor_name=self.name_edit.text(),
            description=self.description_edit.toPlainText(),
            given_on=self.given_date.value(),
            address=self.address_edit.text(),
            value_vnd=self._value(),
            person_id=person_id,
            unit_id=unit_id,
        )

    def persist(self) -> int:
        return save_contribution(self.db, self.period_id, self.collect(), self.contribution_id)
