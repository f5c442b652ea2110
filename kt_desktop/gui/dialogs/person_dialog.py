"""Add or edit a person of the register."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QWidget

from kt_desktop.domain.enums import Gender, PersonKind
from kt_desktop.domain.labels import GENDER_LABELS, PERSON_KIND_LABELS
from kt_desktop.errors import ValidationError
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.gui.forms.ui_person_dialog import Ui_PersonDialog
from kt_desktop.services.database import Database
from kt_desktop.services.participants import (
    PersonInput,
    create_person,
    get_person,
    list_unit_choices,
    update_person,
)
from kt_desktop.text import clean_text, collation_key, fold

NO_UNIT_LABEL = "(Không thuộc đơn vị nào)"


class PersonDialog(RecordDialog):
    def __init__(self, db: Database, person_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.person_id = person_id
        self.ui = Ui_PersonDialog()
        self.ui.setupUi(self)
        for gender, label in GENDER_LABELS.items():
            self.ui.genderCombo.addItem(label, gender)
        for kind, label in PERSON_KIND_LABELS.items():
            self.ui.kindCombo.addItem(label, kind)
        self._fill_units()
        self.setup_record_dialog(
            self.ui.buttonBox,
            self.ui.errorLabel,
            {
                "full_name": self.ui.fullNameEdit,
                "birth_year": self.ui.birthYearEdit,
                "position": self.ui.positionEdit,
                "unit_id": self.ui.unitCombo,
            },
        )
        if person_id is None:
            self.setWindowTitle("Thêm cá nhân")
        else:
            self.setWindowTitle("Sửa thông tin cá nhân")
            self.load(get_person(db, person_id))

    def _fill_units(self) -> None:
        combo = self.ui.unitCombo
        combo.addItem(NO_UNIT_LABEL, None)
        self._units = sorted(list_unit_choices(self.db), key=lambda u: collation_key(u.name))
        for unit in self._units:
            combo.addItem(self._label(unit), unit.id)
        completer = combo.completer()
        assert completer is not None  # an editable combo always has one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    @staticmethod
    def _label(unit) -> str:
        suffix = "" if unit.active else " – ngừng hoạt động"
        return f"{unit.name} ({unit.code}){suffix}"

    def load(self, data: PersonInput) -> None:
        self.ui.fullNameEdit.setText(data.full_name)
        self.ui.genderCombo.setCurrentIndex(self.ui.genderCombo.findData(data.gender))
        self.ui.birthYearEdit.setText("" if data.birth_year is None else str(data.birth_year))
        self.ui.kindCombo.setCurrentIndex(self.ui.kindCombo.findData(data.kind))
        self.ui.positionEdit.setText(data.position)
        self.ui.unitCombo.setCurrentIndex(max(self.ui.unitCombo.findData(data.unit_id), 0))
        self.ui.activeCheck.setChecked(data.active)

    def _birth_year(self) -> int | None:
        text = clean_text(self.ui.birthYearEdit.text())
        if not text:
            return None
        if not re.fullmatch(r"[0-9]{4}", text):
            raise ValidationError(
                f"Năm sinh “{text}” phải là một số có bốn chữ số, ví dụ 1985.", field="birth_year"
            )
        return int(text)

    def _unit_id(self) -> int | None:
        """The unit chosen or typed: its list label, its name or its code, with or without
        diacritics ("thon dong", "THON01" and "Thôn Đông (THON01)" all find it)."""
        typed = clean_text(self.ui.unitCombo.currentText())
        if not typed or typed == NO_UNIT_LABEL:
            return None
        wanted = fold(typed)
        for unit in self._units:
            if wanted in (fold(unit.name), fold(unit.code), fold(self._label(unit))):
                return unit.id
        raise ValidationError(
            f"Không có đơn vị “{typed}” trong danh sách. Hãy chọn một đơn vị có sẵn.",
            field="unit_id",
        )

    def collect(self) -> PersonInput:
        return PersonInput(
            full_name=self.ui.fullNameEdit.text(),
            gender=Gender(self.ui.genderCombo.currentData()),
            kind=PersonKind(self.ui.kindCombo.currentData()),
            birth_year=self._birth_year(),
            position=self.ui.positionEdit.text(),
            unit_id=self._unit_id(),
            active=self.ui.activeCheck.isChecked(),
        )

    def persist(self) -> int:
        data = self.collect()
        if self.person_id is None:
            return create_person(self.db, data)
        update_person(self.db, self.person_id, data)
        return self.person_id
