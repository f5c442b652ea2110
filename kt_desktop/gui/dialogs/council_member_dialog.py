"""Add or edit a member of the Emulation and Commendation Council (Hội đồng Thi đua – Khen
thưởng xã): name, position, role, and the person or unit that makes a conflict of interest."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import CouncilRole, Gender
from kt_desktop.domain.labels import COUNCIL_ROLE_LABELS, GENDER_LABELS
from kt_desktop.errors import ValidationError
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.services.award_register import (
    CouncilMemberInput,
    create_council_member,
    get_council_member,
    update_council_member,
)
from kt_desktop.services.database import Database
from kt_desktop.services.participants import list_person_rows, list_unit_choices
from kt_desktop.text import clean_text, collation_key, fold, name_sort_key

NO_PERSON_LABEL = "(Không gắn với cá nhân nào)"
NO_UNIT_LABEL = "(Không đứng đầu đơn vị nào)"
LINK_NOTE = (
    "Gắn thành viên với cá nhân hoặc đơn vị mình đứng đầu để phần mềm tự ghi “không biểu "
    "quyết” khi người đó, hoặc đơn vị đó, được đề nghị khen thưởng."
)


def _searchable(combo: QComboBox) -> None:
    """Type part of a name to find it among hundreds (an editable combo with a popup)."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    assert completer is not None  # an editable combo always has one
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)


def _chosen_id(combo: QComboBox, none_label: str, what: str, field: str) -> int | None:
    """The id behind the text in an editable combo: an item's label, typed with or without
    diacritics; a text matching nothing is refused rather than silently dropped."""
    typed = clean_text(combo.currentText())
    if not typed or typed == none_label:
        return None
    index = combo.currentIndex()
    if index >= 0 and clean_text(combo.itemText(index)) == typed:
        data = combo.itemData(index)
        return None if data is None else int(data)
    wanted = fold(typed)
    for index in range(combo.count()):
        if combo.itemData(index) is not None and fold(combo.itemText(index)) == wanted:
            return int(combo.itemData(index))
    raise ValidationError(f"Không có {what} “{typed}” trong danh sách.", field=field)


class CouncilMemberDialog(RecordDialog):
    def __init__(self, db: Database, member_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.member_id = member_id
        self.setWindowTitle(
            "Thêm thành viên Hội đồng" if member_id is None else "Sửa thành viên Hội đồng"
        )
        self.resize(620, 380)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Ví dụ: Nguyễn Văn Nghiệp")
        self.gender_combo = QComboBox()
        for gender, label in GENDER_LABELS.items():
            self.gender_combo.addItem(label, gender)
        self.position_edit = QLineEdit()
        self.position_edit.setPlaceholderText("Ví dụ: Chủ tịch Ủy ban nhân dân xã")
        self.role_combo = QComboBox()
        for role, label in COUNCIL_ROLE_LABELS.items():
            self.role_combo.addItem(label, role)
        self.role_combo.setCurrentIndex(self.role_combo.findData(CouncilRole.MEMBER))

        self.person_combo = QComboBox()
        self.person_combo.addItem(NO_PERSON_LABEL, None)
        self._people = {}
        for person in sorted(list_person_rows(db), key=lambda p: name_sort_key(p.full_name)):
            label = (
                f"{person.full_name} – {person.unit_name}"
                if person.unit_name
                else (person.full_name)
            )
            self.person_combo.addItem(label, person.id)
            self._people[person.id] = person
        _searchable(self.person_combo)
        self.unit_combo = QComboBox()
        self.unit_combo.addItem(NO_UNIT_LABEL, None)
        for unit in sorted(list_unit_choices(db), key=lambda u: collation_key(u.name)):
            self.unit_combo.addItem(unit.name, unit.id)
        _searchable(self.unit_combo)
        self.active_check = QCheckBox("Đang là thành viên Hội đồng (được mời họp)")
        self.active_check.setChecked(True)
        note = QLabel(LINK_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")

        form = QFormLayout()
        form.addRow("Họ và tên:", self.name_edit)
        form.addRow("Giới tính:", self.gender_combo)
        form.addRow("Chức vụ:", self.position_edit)
        form.addRow("Vai trò trong Hội đồng:", self.role_combo)
        form.addRow("Là cá nhân:", self.person_combo)
        form.addRow("Đứng đầu đơn vị:", self.unit_combo)
        form.addRow("", self.active_check)

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)
        self.setup_record_dialog(
            self.button_box,
            self.error_label,
            {
                "full_name": self.name_edit,
                "position": self.position_edit,
                "role": self.role_combo,
                "person_id": self.person_combo,
                "headed_unit_id": self.unit_combo,
            },
        )
        if member_id is not None:
            self.load(get_council_member(db, member_id))
        self.person_combo.currentIndexChanged.connect(self._person_chosen)

    def load(self, data: CouncilMemberInput) -> None:
        self.name_edit.setText(data.full_name)
        self.gender_combo.setCurrentIndex(self.gender_combo.findData(data.gender))
        self.position_edit.setText(data.position)
        self.role_combo.setCurrentIndex(self.role_combo.findData(data.role))
        self.person_combo.setCurrentIndex(max(self.person_combo.findData(data.person_id), 0))
        self.unit_combo.setCurrentIndex(max(self.unit_combo.findData(data.headed_unit_id), 0))
        self.active_check.setChecked(data.active)

    def _person_chosen(self, _index: int) -> None:
        """A member picked from the register: their name, gender and position are copied
        into empty fields, so the clerk types nothing twice."""
        person = self._people.get(self.person_combo.currentData())
        if person is None:
            return
        if not self.name_edit.text().strip():
            self.name_edit.setText(person.full_name)
            self.gender_combo.setCurrentIndex(self.gender_combo.findData(person.gender))
        if not self.position_edit.text().strip() and person.position:
            position = person.position
            if person.unit_name:
                position = f"{position} {person.unit_name}"
            self.position_edit.setText(position)

    def collect(self) -> CouncilMemberInput:
        return CouncilMemberInput(
            full_name=self.name_edit.text(),
            gender=Gender(self.gender_combo.currentData()),
            position=self.position_edit.text(),
            role=CouncilRole(self.role_combo.currentData()),
            person_id=_chosen_id(self.person_combo, NO_PERSON_LABEL, "cá nhân", "person_id"),
            headed_unit_id=_chosen_id(self.unit_combo, NO_UNIT_LABEL, "đơn vị", "headed_unit_id"),
            active=self.active_check.isChecked(),
        )

    def persist(self) -> int:
        data = self.collect()
        if self.member_id is None:
            return create_council_member(self.db, data)
        update_council_member(self.db, self.member_id, data)
        return self.member_id
