"""Add or edit an initiative or solution: title, kind, authors picked from the register, unit,
sector, dates of application and recognition, content and benefits."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import InitiativeKind, PrioritySector, RecognitionLevel
from kt_desktop.domain.labels import (
    INITIATIVE_KIND_LABELS,
    PRIORITY_SECTOR_LABELS,
    RECOGNITION_LEVEL_LABELS,
)
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.services.database import Database
from kt_desktop.services.initiatives import InitiativeInput, get_initiative, save_initiative
from kt_desktop.services.participants import (
    PersonRow,
    UnitChoice,
    list_person_rows,
    list_unit_choices,
)
from kt_desktop.text import (
    collation_key,
    format_number,
    key_matches,
    name_sort_key,
    search_key,
    search_needles,
)

OTHER_SECTOR_LABEL = "Khác / không thuộc lĩnh vực ưu tiên"
NO_UNIT_LABEL = "(Không gắn với đơn vị nào)"
NOT_RECOGNISED_LABEL = "(Chưa được công nhận)"
# The candidate list shows this many matches; typing narrows it down.
CANDIDATE_LIMIT = 100


class OptionalDateEdit(QWidget):
    """A dd/mm/yyyy date with a "chưa có" box for a date that is not known yet."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.date_edit = QDateEdit()
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        today = date.today()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.none_check = QCheckBox("chưa có")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.date_edit)
        layout.addWidget(self.none_check)
        layout.addStretch(1)
        self.setFocusProxy(self.date_edit)
        self.none_check.toggled.connect(lambda checked: self.date_edit.setEnabled(not checked))
        self.set_value(None)

    def value(self) -> date | None:
        if self.none_check.isChecked():
            return None
        chosen = self.date_edit.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def set_value(self, value: date | None) -> None:
        if value is not None:
            self.date_edit.setDate(QDate(value.year, value.month, value.day))
        self.none_check.setChecked(value is None)

    def selectAll(self) -> None:
        self.date_edit.selectAll()


def _person_label(person: PersonRow) -> str:
    return f"{person.full_name} – {person.unit_name}" if person.unit_name else person.full_name


class InitiativeDialog(RecordDialog):
    def __init__(
        self,
        db: Database,
        period_id: int,
        period_name: str,
        initiative_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.period_id = period_id
        self.initiative_id = initiative_id
        self.setWindowTitle(
            f"Thêm sáng kiến, giải pháp – {period_name}"
            if initiative_id is None
            else f"Sửa sáng kiến, giải pháp – {period_name}"
        )
        self.resize(980, 640)

        self.kind_combo = QComboBox()
        for kind, label in INITIATIVE_KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(
            "Ví dụ: Ứng dụng Zalo OA tiếp nhận phản ánh của người dân"
        )
        self.unit_combo = QComboBox()
        self.unit_combo.addItem(NO_UNIT_LABEL, None)
        units = sorted(list_unit_choices(db), key=lambda u: collation_key(u.name))
        for unit in units:
            self.unit_combo.addItem(self._unit_label(unit), unit.id)
        self.sector_combo = QComboBox()
        self.sector_combo.addItem(OTHER_SECTOR_LABEL, None)
        for sector, label in PRIORITY_SECTOR_LABELS.items():
            self.sector_combo.addItem(label, sector)
        self.applied_date = OptionalDateEdit()
        self.level_combo = QComboBox()
        self.level_combo.addItem(NOT_RECOGNISED_LABEL, None)
        for level, label in RECOGNITION_LEVEL_LABELS.items():
            self.level_combo.addItem(label, level)
        self.recognised_date = OptionalDateEdit()
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setPlaceholderText("Nội dung chính của sáng kiến, giải pháp")
        self.benefits_edit = QPlainTextEdit()
        self.benefits_edit.setPlaceholderText("Hiệu quả, lợi ích mang lại khi áp dụng")

        form = QFormLayout()
        form.addRow("Loại:", self.kind_combo)
        form.addRow("Tên sáng kiến, giải pháp:", self.title_edit)
        form.addRow("Đơn vị:", self.unit_combo)
        form.addRow("Lĩnh vực:", self.sector_combo)
        form.addRow("Ngày áp dụng:", self.applied_date)
        form.addRow("Cấp công nhận:", self.level_combo)
        form.addRow("Ngày công nhận:", self.recognised_date)
        form.addRow("Tóm tắt nội dung:", self.summary_edit)
        form.addRow("Hiệu quả, lợi ích:", self.benefits_edit)

        authors_box = self._build_authors_box()

        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addWidget(authors_box, 2)

        # The initiative's evidence files; a new initiative takes files once saved.
        from kt_desktop.gui.widgets.evidence_panel import EvidencePanel
        from kt_desktop.services.evidence import EvidenceOwner

        self.evidence_placeholder = QGroupBox(
            "Minh chứng (bản mô tả sáng kiến, quyết định công nhận…)"
        )
        evidence_layout = QVBoxLayout(self.evidence_placeholder)
        self.evidence = EvidencePanel(
            db,
            EvidenceOwner.initiative(initiative_id) if initiative_id is not None else None,
            no_owner_note="Lưu sáng kiến trước khi đính kèm minh chứng.",
        )
        self.evidence.setMinimumHeight(150)
        evidence_layout.addWidget(self.evidence)

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.evidence_placeholder)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)

        self.setup_record_dialog(
            self.button_box,
            self.error_label,
            {
                "title": self.title_edit,
                "author_ids": self.author_search,
                "unit_id": self.unit_combo,
                "applied_on": self.applied_date,
                "recognised_on": self.recognised_date,
                "recognition_level": self.level_combo,
                "summary": self.summary_edit,
                "benefits": self.benefits_edit,
            },
        )
        if initiative_id is not None:
            self.load(get_initiative(db, initiative_id))
        self.filter_candidates()

    # --- authors -----------------------------------------------------------------------

    def _build_authors_box(self) -> QGroupBox:
        people = sorted(list_person_rows(self.db), key=lambda p: name_sort_key(p.full_name))
        self._people = {person.id: person for person in people}
        # Only active people are offered; an inactive author already chosen stays.
        self._candidates = [
            (person, search_key(f"{person.full_name} {person.unit_name}"))
            for person in people
            if person.active
        ]
        self.author_search = QLineEdit()
        self.author_search.setPlaceholderText("Gõ họ tên hoặc đơn vị (không cần dấu)")
        self.author_search.setClearButtonEnabled(True)
        self.candidate_list = QListWidget()
        self.candidate_count_label = QLabel()
        self.candidate_count_label.setStyleSheet("color: #555;")
        self.add_author_button = QPushButton("Thêm làm tác giả")
        self.author_list = QListWidget()
        self.remove_author_button = QPushButton("Bỏ")
        self.up_button = QPushButton("Lên")
        self.down_button = QPushButton("Xuống")

        chosen_row = QHBoxLayout()
        chosen_row.addWidget(self.remove_author_button)
        chosen_row.addWidget(self.up_button)
        chosen_row.addWidget(self.down_button)
        chosen_row.addStretch(1)

        box = QGroupBox("Tác giả (theo thứ tự đứng tên)")
        layout = QVBoxLayout(box)
        find_label = QLabel("Tìm trong danh sách cá nhân:")
        find_label.setBuddy(self.author_search)
        layout.addWidget(find_label)
        layout.addWidget(self.author_search)
        layout.addWidget(self.candidate_list, 2)
        candidate_row = QHBoxLayout()
        candidate_row.addWidget(self.candidate_count_label, 1)
        candidate_row.addWidget(self.add_author_button)
        layout.addLayout(candidate_row)
        layout.addWidget(QLabel("Tác giả đã chọn:"))
        layout.addWidget(self.author_list, 1)
        layout.addLayout(chosen_row)

        self.author_search.textChanged.connect(self.filter_candidates)
        self.author_search.returnPressed.connect(self._add_current_candidate)
        self.candidate_list.itemDoubleClicked.connect(lambda _item: self._add_current_candidate())
        self.add_author_button.clicked.connect(self._add_current_candidate)
        self.remove_author_button.clicked.connect(self.remove_selected_author)
        self.up_button.clicked.connect(lambda: self.move_selected_author(-1))
        self.down_button.clicked.connect(lambda: self.move_selected_author(1))
        self.candidate_list.currentRowChanged.connect(self._update_author_buttons)
        self.author_list.currentRowChanged.connect(self._update_author_buttons)
        return box

    def filter_candidates(self) -> None:
        needles = search_needles(self.author_search.text())
        chosen = set(self.author_ids())
        matches = [
            person
            for person, key in self._candidates
            if person.id not in chosen and key_matches(needles, key)
        ]
        self.candidate_list.clear()
        for person in matches[:CANDIDATE_LIMIT]:
            item = QListWidgetItem(_person_label(person))
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.candidate_list.addItem(item)
        if matches:
            self.candidate_list.setCurrentRow(0)
        if not self._candidates:
            text = "Danh sách cá nhân đang trống: hãy thêm ở trang Cá nhân."
        elif not matches:
            text = "Không có ai khớp."
        elif len(matches) > CANDIDATE_LIMIT:
            text = (
                f"Hiện {format_number(CANDIDATE_LIMIT)} trong {format_number(len(matches))} "
                "người; gõ thêm để thu hẹp."
            )
        else:
            text = f"{format_number(len(matches))} người."
        self.candidate_count_label.setText(text)
        self._update_author_buttons()

    def _add_current_candidate(self) -> None:
        item = self.candidate_list.currentItem()
        if item is not None:
            self.add_author(int(item.data(Qt.ItemDataRole.UserRole)))

    def add_author(self, person_id: int) -> None:
        if person_id in self.author_ids():
            return
        person = self._people.get(person_id)
        text = _person_label(person) if person else "(Cá nhân đã bị xóa)"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, person_id)
        self.author_list.addItem(item)
        self.author_list.setCurrentItem(item)
        self.filter_candidates()

    def remove_selected_author(self) -> None:
        row = self.author_list.currentRow()
        if row >= 0:
            self.author_list.takeItem(row)
            self.filter_candidates()

    def move_selected_author(self, step: int) -> None:
        row = self.author_list.currentRow()
        target = row + step
        if row < 0 or not (0 <= target < self.author_list.count()):
            return
        item = self.author_list.takeItem(row)
        self.author_list.insertItem(target, item)
        self.author_list.setCurrentRow(target)

    def author_ids(self) -> tuple[int, ...]:
        return tuple(
            int(self.author_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.author_list.count())
        )

    def _update_author_buttons(self) -> None:
        self.add_author_button.setEnabled(self.candidate_list.currentItem() is not None)
        row = self.author_list.currentRow()
        self.remove_author_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.author_list.count() - 1)

    # --- the record --------------------------------------------------------------------

    @staticmethod
    def _unit_label(unit: UnitChoice) -> str:
        suffix = " – ngừng hoạt động" if not unit.active else ""
        return f"{unit.name} ({unit.code}){suffix}"

    def load(self, data: InitiativeInput) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(data.kind))
        self.title_edit.setText(data.title)
        self.unit_combo.setCurrentIndex(max(self.unit_combo.findData(data.unit_id), 0))
        self.sector_combo.setCurrentIndex(max(self.sector_combo.findData(data.sector), 0))
        self.applied_date.set_value(data.applied_on)
        self.level_combo.setCurrentIndex(max(self.level_combo.findData(data.recognition_level), 0))
        self.recognised_date.set_value(data.recognised_on)
        self.summary_edit.setPlainText(data.summary)
        self.benefits_edit.setPlainText(data.benefits)
        self.author_list.clear()
        for person_id in data.author_ids:
            self.add_author(person_id)

    def collect(self) -> InitiativeInput:
        sector = self.sector_combo.currentData()
        level = self.level_combo.currentData()
        unit_id = self.unit_combo.currentData()
        return InitiativeInput(
            title=self.title_edit.text(),
            kind=InitiativeKind(self.kind_combo.currentData()),
            unit_id=int(unit_id) if unit_id is not None else None,
            sector=PrioritySector(sector) if sector is not None else None,
            applied_on=self.applied_date.value(),
            summary=self.summary_edit.toPlainText(),
            benefits=self.benefits_edit.toPlainText(),
            recognised_on=self.recognised_date.value(),
            recognition_level=RecognitionLevel(level) if level is not None else None,
            author_ids=self.author_ids(),
        )

    def persist(self) -> int:
        return save_initiative(self.db, self.period_id, self.collect(), self.initiative_id)
