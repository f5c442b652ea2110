"""A person's or a unit's awards across years, the titles and ratings recorded by hand, and a
person's discipline, investigation or complaint periods that block an award."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import AwardOccasion, RecognitionKind, RestrictionKind
from kt_desktop.domain.labels import (
    AWARD_OCCASION_LABELS,
    RECOGNITION_KIND_LABELS,
    RESTRICTION_KIND_LABELS,
)
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs.initiative_dialog import OptionalDateEdit
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.gui.dialogs.visit_dialog import date_edit, pydate, qdate
from kt_desktop.services.award_register import (
    HistoryRow,
    RecognitionRow,
    RestrictionRow,
    add_recognition,
    add_restriction,
    delete_recognition,
    delete_restriction,
    list_recognitions,
    list_restrictions,
    person_history,
    unit_history,
    update_recognition,
    update_restriction,
)
from kt_desktop.services.database import Database
from kt_desktop.services.participants import get_person, get_unit, list_unit_choices

HISTORY_HEADERS = [
    "Năm",
    "Loại",
    "Nội dung",
    "Dịp",
    "Quyết định",
    "Tiền thưởng",
    "Số vào sổ",
    "Nguồn",
]
HISTORY_WIDTHS = [50, 95, 0, 80, 320, 110, 80, 125]
RECOGNITION_HEADERS = ["Năm", "Loại", "Nội dung", "Dịp", "Quyết định", "Ghi chú"]
RECOGNITION_WIDTHS = [50, 95, 0, 80, 320, 220]
RESTRICTION_HEADERS = ["Loại", "Thời gian", "Hiện nay", "Ghi chú"]
RESTRICTION_WIDTHS = [300, 200, 130, 0]
NO_OCCASION_LABEL = "(Không ghi)"
ERROR_STYLE = "color: #b00020;"
NOTE_STYLE = "color: #555;"

RECOGNITION_KIND_WORDS = {
    RecognitionKind.AWARD: "Khen thưởng",
    RecognitionKind.EMULATION_SOLDIER: "Danh hiệu",
    RecognitionKind.ADVANCED_WORKER: "Danh hiệu",
    RecognitionKind.EXCELLENT_RATING: "Xếp loại",
}


def read_only_table(headers: Sequence[str], widths: Sequence[int]) -> QTableWidget:
    """A row-selecting table; width 0 marks the column that takes the rest."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column, width in enumerate(widths):
        if width == 0:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            table.setColumnWidth(column, width)
    return table


def fill_table(
    table: QTableWidget,
    rows: Sequence[Sequence[str]],
    keys: Sequence[object] | None = None,
    right_aligned: Sequence[int] = (),
) -> None:
    """Replace the table's rows; `keys` ride on the first cell (Qt.UserRole)."""
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            if column in right_aligned:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == 0 and keys is not None:
                item.setData(Qt.ItemDataRole.UserRole, keys[row])
            table.setItem(row, column, item)


def selected_key(table: QTableWidget) -> object | None:
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


def history_values(row: HistoryRow) -> list[str]:
    return [
        str(row.year),
        row.kind_label,
        row.title,
        row.occasion_label,
        row.decision_text,
        row.amount_text,
        row.register_text,
        row.source,
    ]


# --- the small editors --------------------------------------------------------------------


class RecognitionDialog(RecordDialog):
    """A rating, title or award recorded by hand for one person or one unit."""

    def __init__(
        self,
        db: Database,
        person_id: int | None,
        unit_id: int | None,
        row: RecognitionRow | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.person_id = person_id
        self.unit_id = unit_id
        self.row = row
        self.setWindowTitle(
            "Ghi danh hiệu, xếp loại, khen thưởng" if row is None else "Sửa danh hiệu, khen thưởng"
        )
        self.resize(600, 380)
        this_year = date.today().year
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, this_year)
        self.year_spin.setValue(this_year - 1)
        self.kind_combo = QComboBox()
        for kind, label in RECOGNITION_KIND_LABELS.items():
            if unit_id is not None and kind == RecognitionKind.EMULATION_SOLDIER:
                continue  # a title of individuals
            self.kind_combo.addItem(label, kind)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Ví dụ: Giấy khen của Chủ tịch UBND huyện Kim Thành")
        self.occasion_combo = QComboBox()
        self.occasion_combo.addItem(NO_OCCASION_LABEL, None)
        for occasion, label in AWARD_OCCASION_LABELS.items():
            self.occasion_combo.addItem(label, occasion)
        self.decision_edit = QLineEdit()
        self.decision_edit.setPlaceholderText("Ví dụ: Quyết định số 12/QĐ-UBND ngày 15/01/2025")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(70)

        form = QFormLayout()
        form.addRow("Năm:", self.year_spin)
        form.addRow("Loại:", self.kind_combo)
        form.addRow("Hình thức khen thưởng:", self.name_edit)
        form.addRow("Dịp khen thưởng:", self.occasion_combo)
        form.addRow("Số, ngày quyết định:", self.decision_edit)
        form.addRow("Ghi chú:", self.note_edit)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setup_record_dialog(
            buttons,
            self.error_label,
            {
                "year": self.year_spin,
                "kind": self.kind_combo,
                "name": self.name_edit,
                "decision_text": self.decision_edit,
                "note": self.note_edit,
            },
        )
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        if row is not None:
            self.year_spin.setValue(row.year)
            self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(row.kind), 0))
            self.name_edit.setText(row.name)
            self.occasion_combo.setCurrentIndex(max(self.occasion_combo.findData(row.occasion), 0))
            self.decision_edit.setText(row.decision_text)
            self.note_edit.setPlainText(row.note)
        self._kind_changed()

    def _kind_changed(self, _index: int = 0) -> None:
        # Only an award has a form and an occasion; a title or rating is named by its kind.
        is_award = self.kind_combo.currentData() == RecognitionKind.AWARD
        self.name_edit.setEnabled(is_award)
        self.occasion_combo.setEnabled(is_award)

    def persist(self) -> int:
        kind = RecognitionKind(self.kind_combo.currentData())
        occasion_data = self.occasion_combo.currentData()
        occasion = AwardOccasion(occasion_data) if occasion_data else None
        if self.row is None:
            return add_recognition(
                self.db,
                self.person_id,
                self.unit_id,
                self.year_spin.value(),
                kind,
                name=self.name_edit.text(),
                occasion=occasion,
                decision_text=self.decision_edit.text(),
                note=self.note_edit.toPlainText(),
            )
        update_recognition(
            self.db,
            self.row.id,
            self.year_spin.value(),
            kind,
            name=self.name_edit.text(),
            occasion=occasion,
            decision_text=self.decision_edit.text(),
            note=self.note_edit.toPlainText(),
        )
        return self.row.id


class RestrictionDialog(RecordDialog):
    """A period of discipline, investigation or an open complaint that blocks an award."""

    def __init__(
        self,
        db: Database,
        person_id: int,
        row: RestrictionRow | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.person_id = person_id
        self.row = row
        self.setWindowTitle(
            "Ghi kỷ luật, điều tra, khiếu nại"
            if row is None
            else "Sửa kỷ luật, điều tra, khiếu nại"
        )
        self.resize(620, 320)
        self.kind_combo = QComboBox()
        for kind, label in RESTRICTION_KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.start_edit = date_edit(date.today())
        self.end_edit = OptionalDateEdit()
        self.end_edit.none_check.setText("chưa kết thúc")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText("Ví dụ: Khiển trách theo Quyết định số 25/QĐ-UBND")
        self.note_edit.setFixedHeight(80)
        form = QFormLayout()
        form.addRow("Loại:", self.kind_combo)
        form.addRow("Từ ngày:", self.start_edit)
        form.addRow("Đến ngày:", self.end_edit)
        form.addRow("Ghi chú:", self.note_edit)
        explain = QLabel(
            "Trong thời gian này, cá nhân không được đề nghị khen thưởng; phần mềm báo lý do "
            "bên cạnh đề nghị."
        )
        explain.setWordWrap(True)
        explain.setStyleSheet(NOTE_STYLE)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addStretch(1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setup_record_dialog(
            buttons,
            self.error_label,
            {
                "start_date": self.start_edit,
                "end_date": self.end_edit,
                "note": self.note_edit,
            },
        )
        if row is not None:
            self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(row.kind), 0))
            self.start_edit.setDate(qdate(row.start_date))
            self.end_edit.set_value(row.end_date)
            self.note_edit.setPlainText(row.note)

    def persist(self) -> int:
        kind = RestrictionKind(self.kind_combo.currentData())
        start, end = pydate(self.start_edit), self.end_edit.value()
        note = self.note_edit.toPlainText()
        if self.row is None:
            return add_restriction(self.db, self.person_id, kind, start, end, note)
        update_restriction(self.db, self.row.id, kind, start, end, note)
        return self.row.id


# --- the dialog ---------------------------------------------------------------------------


class AwardHistoryDialog(QDialog):
    """Opened from the people and units pages for the selected row."""

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        person_id: int | None = None,
        unit_id: int | None = None,
    ):
        super().__init__(parent)
        if (person_id is None) == (unit_id is None):
            raise ValueError("AwardHistoryDialog needs exactly one of person_id, unit_id")
        self.db = db
        self.person_id = person_id
        self.unit_id = unit_id
        self.today = date.today()
        if person_id is not None:
            person = get_person(db, person_id)
            units = {u.id: u.name for u in list_unit_choices(db)}
            self.subject = person.full_name
            unit_name = units.get(person.unit_id, "") if person.unit_id else ""
            detail = ", ".join(part for part in (person.position, unit_name) if part)
            self.setWindowTitle(f"Khen thưởng, kỷ luật – {person.full_name}")
        else:
            assert unit_id is not None
            unit = get_unit(db, unit_id)
            self.subject = unit.name
            detail = f"Mã đơn vị: {unit.code}"
            self.setWindowTitle(f"Lịch sử khen thưởng – {unit.name}")
        self.resize(1220, 560)

        title = QLabel(self.subject)
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        subtitle = QLabel(detail)
        subtitle.setStyleSheet(NOTE_STYLE)

        self.tabs = QTabWidget()
        self.history_table = read_only_table(HISTORY_HEADERS, HISTORY_WIDTHS)
        self.history_empty = QLabel(
            "Chưa có khen thưởng, danh hiệu hay xếp loại nào được ghi nhận."
        )
        self.history_empty.setStyleSheet(NOTE_STYLE)
        history_tab = QWidget()
        history_layout = QVBoxLayout(history_tab)
        history_layout.addWidget(self.history_table, 1)
        history_layout.addWidget(self.history_empty)
        self.tabs.addTab(history_tab, "Khen thưởng")

        self.recognition_table = read_only_table(RECOGNITION_HEADERS, RECOGNITION_WIDTHS)
        self.add_recognition_button = QPushButton("Thêm…")
        self.edit_recognition_button = QPushButton("Sửa…")
        self.delete_recognition_button = QPushButton("Xóa")
        recognition_note = QLabel(
            "Ghi các danh hiệu, xếp loại và khen thưởng không lập trong phần mềm (các năm "
            "trước, cấp khác khen). Điều kiện đề nghị Bằng khen đọc các năm ở đây."
        )
        recognition_note.setWordWrap(True)
        recognition_note.setStyleSheet(NOTE_STYLE)
        self.tabs.addTab(
            self._editable_tab(
                recognition_note,
                self.recognition_table,
                (
                    self.add_recognition_button,
                    self.edit_recognition_button,
                    self.delete_recognition_button,
                ),
            ),
            "Danh hiệu, xếp loại đã có",
        )
        self.add_recognition_button.clicked.connect(self.add_recognition)
        self.edit_recognition_button.clicked.connect(self.edit_recognition)
        self.delete_recognition_button.clicked.connect(self.delete_recognition)
        self.recognition_table.doubleClicked.connect(lambda _index: self.edit_recognition())

        self.restriction_table: QTableWidget | None = None
        if person_id is not None:
            self.restriction_table = read_only_table(RESTRICTION_HEADERS, RESTRICTION_WIDTHS)
            self.add_restriction_button = QPushButton("Thêm…")
            self.edit_restriction_button = QPushButton("Sửa…")
            self.delete_restriction_button = QPushButton("Xóa")
            restriction_note = QLabel(
                "Người đang bị kỷ luật, điều tra, xem xét hoặc có đơn thư khiếu nại, tố cáo đang "
                "giải quyết chưa được khen thưởng (Luật Thi đua, khen thưởng)."
            )
            restriction_note.setWordWrap(True)
            restriction_note.setStyleSheet(NOTE_STYLE)
            self.tabs.addTab(
                self._editable_tab(
                    restriction_note,
                    self.restriction_table,
                    (
                        self.add_restriction_button,
                        self.edit_restriction_button,
                        self.delete_restriction_button,
                    ),
                ),
                "Kỷ luật, điều tra, khiếu nại",
            )
            self.add_restriction_button.clicked.connect(self.add_restriction)
            self.edit_restriction_button.clicked.connect(self.edit_restriction)
            self.delete_restriction_button.clicked.connect(self.delete_restriction)
            self.restriction_table.doubleClicked.connect(lambda _index: self.edit_restriction())

        close = QDialogButtonBox()
        close.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.refresh()

    @staticmethod
    def _editable_tab(note: QLabel, table: QTableWidget, buttons: Sequence[QPushButton]) -> QWidget:
        tab = QWidget()
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(table, 1)
        return tab

    # --- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        if self.person_id is not None:
            history = person_history(self.db, self.person_id)
        else:
            assert self.unit_id is not None
            history = unit_history(self.db, self.unit_id)
        fill_table(self.history_table, [history_values(r) for r in history], right_aligned=(5,))
        self.history_empty.setVisible(not history)

        self._recognitions = {
            r.id: r for r in list_recognitions(self.db, self.person_id, self.unit_id)
        }
        fill_table(
            self.recognition_table,
            [
                [
                    str(r.year),
                    RECOGNITION_KIND_WORDS[r.kind],
                    r.title,
                    r.occasion_label,
                    r.decision_text,
                    r.note,
                ]
                for r in self._recognitions.values()
            ],
            keys=list(self._recognitions),
        )
        if self.restriction_table is not None and self.person_id is not None:
            self._restrictions = {r.id: r for r in list_restrictions(self.db, self.person_id)}
            fill_table(
                self.restriction_table,
                [
                    [r.kind_label, r.period_text, self._state_text(r), r.note]
                    for r in self._restrictions.values()
                ],
                keys=list(self._restrictions),
            )

    def _state_text(self, row: RestrictionRow) -> str:
        if row.in_force(self.today):
            return "Đang có hiệu lực"
        return "Chưa bắt đầu" if row.start_date > self.today else "Đã kết thúc"

    # --- recognitions -----------------------------------------------------------------

    def _open(self, dialog: RecordDialog) -> None:
        if dialog.ask() is not None:
            self.refresh()

    def add_recognition(self) -> None:
        self._open(RecognitionDialog(self.db, self.person_id, self.unit_id, None, self))

    def edit_recognition(self) -> None:
        key = selected_key(self.recognition_table)
        row = self._recognitions.get(key) if isinstance(key, int) else None
        if row is not None:
            self._open(RecognitionDialog(self.db, self.person_id, self.unit_id, row, self))

    def delete_recognition(self) -> None:
        key = selected_key(self.recognition_table)
        row = self._recognitions.get(key) if isinstance(key, int) else None
        if row is None:
            return
        if messages.confirm(
            self, "Xóa", f"Xóa “{row.title}” năm {row.year} của {self.subject}?", yes_text="Xóa"
        ):
            self._write(lambda: delete_recognition(self.db, row.id))

    # --- restrictions -----------------------------------------------------------------

    def add_restriction(self) -> None:
        assert self.person_id is not None
        self._open(RestrictionDialog(self.db, self.person_id, None, self))

    def edit_restriction(self) -> None:
        assert self.restriction_table is not None and self.person_id is not None
        key = selected_key(self.restriction_table)
        row = self._restrictions.get(key) if isinstance(key, int) else None
        if row is not None:
            self._open(RestrictionDialog(self.db, self.person_id, row, self))

    def delete_restriction(self) -> None:
        assert self.restriction_table is not None
        key = selected_key(self.restriction_table)
        row = self._restrictions.get(key) if isinstance(key, int) else None
        if row is None:
            return
        if messages.confirm(
            self,
            "Xóa",
            f"Xóa “{row.kind_label}” ({row.period_text.lower()}) của {self.subject}?",
            yes_text="Xóa",
        ):
            self._write(lambda: delete_restriction(self.db, row.id))

    def _write(self, action: Callable[[], None]) -> None:
        try:
            action()
        except UserError as error:
            messages.show_error(self, error)
            return
        self.refresh()


# --- the button on the people and units pages ----------------------------------------------


def _layout_holding(layout: QLayout, widget: QWidget) -> QHBoxLayout | None:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        child = item.layout() if item is not None else None
        if isinstance(child, QHBoxLayout) and child.indexOf(widget) >= 0:
            return child
        if child is not None:
            found = _layout_holding(child, widget)
            if found is not None:
                return found
    return None


def add_history_button(page, text: str, for_people: bool) -> QPushButton:
    """Put "Khen thưởng, kỷ luật…" beside a register page's Xóa button and in its table's
    right-click menu; both open the history of the selected row."""
    button = QPushButton(text)
    row = _layout_holding(page.layout(), page.delete_button)
    if row is not None:
        row.insertWidget(row.indexOf(page.delete_button) + 1, button)
    action = QAction(text, page.table)
    page.table.addAction(action)
    page.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def open_history() -> None:
        selected = page.selected_row()
        if selected is None:
            return
        try:
            if for_people:
                dialog = AwardHistoryDialog(page.db, page, person_id=selected.id)
            else:
                dialog = AwardHistoryDialog(page.db, page, unit_id=selected.id)
        except UserError as error:
            messages.show_error(page, error)
            return
        dialog.exec()

    def update() -> None:
        enabled = page.selected_row() is not None
        button.setEnabled(enabled)
        action.setEnabled(enabled)

    button.clicked.connect(open_history)
    action.triggered.connect(open_history)
    page.table.selectionModel().selectionChanged.connect(lambda *_args: update())
    page.model.modelReset.connect(update)
    update()
    return button
