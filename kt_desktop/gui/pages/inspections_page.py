"""Kiểm tra của Hội đồng: a period's inspection rounds; for the chosen round its team, its
schedule of visits (recorded through the visit form, moved step by step through their
statuses) and its documents, drafted into the register of outgoing documents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import DocumentState, TeamRole, VisitStatus
from kt_desktop.domain.labels import TEAM_ROLE_LABELS, UNIT_KIND_LABELS, VISIT_STATUS_LABELS
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.gui.dialogs.visit_dialog import (
    BANNER_STYLE,
    ERROR_STYLE,
    date_edit,
    no_default_buttons,
    plain_text,
    pydate,
)
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.gui.record_views import ROW_HEIGHT, record_table_view
from kt_desktop.services.database import Database
from kt_desktop.services.inspections import (
    STATUS_ORDER,
    MemberInput,
    MemberRow,
    RoundRow,
    RoundView,
    VisitRow,
    allowed_statuses,
    create_round,
    delete_round,
    delete_visit,
    get_round,
    list_rounds,
    save_team,
    set_visit_status,
    update_round,
    update_visit,
)
from kt_desktop.services.movement import PeriodInfo, current_period, list_periods
from kt_desktop.services.outgoing import RegisterRow, list_register
from kt_desktop.services.participants import PersonRow, list_person_rows, list_unit_rows
from kt_desktop.text import (
    collation_key,
    format_date_short,
    format_number,
    key_matches,
    name_sort_key,
    search_key,
    search_needles,
)

TITLE = "Kiểm tra của Hội đồng"
REGISTER_NOTE = (
    "Văn bản soạn ở đây được lưu ở dạng dự thảo (chưa cấp số) trong trang “Văn bản đi”; ở đó "
    "sửa lời văn nếu cần, ban hành (cấp số) rồi in và gửi. Soạn lại một dự thảo chưa ban hành "
    "thì dự thảo đó được viết lại theo dữ liệu mới nhất."
)
CONFLICT_NOTE = (
    "Người đứng đầu một đơn vị được kiểm tra không thể là thành viên đoàn kiểm tra đơn vị đó "
    "(xung đột lợi ích). Đoàn có đúng một trưởng đoàn và nhiều nhất một thư ký."
)
DEFAULT_PLANNING_DAYS = 7
NOTE_STYLE = "background: #eef4fb; border: 1px solid #9bb8d8; padding: 6px; color: #1f3b57;"


def status_summary(counts: dict[VisitStatus, int]) -> str:
    """ "2 đã lên lịch · 1 đã kiểm tra"; statuses with no visit are left out."""
    parts = [
        f"{format_number(counts[status])} {VISIT_STATUS_LABELS[status].lower()}"
        for status in STATUS_ORDER
        if counts.get(status)
    ]
    return " · ".join(parts)


def round_columns() -> list[Column[RoundRow]]:
    return [
        Column("Đợt kiểm tra", lambda r: r.name, tooltip=True),
        Column(
            "Thời gian",
            lambda r: r.dates_text,
            sort_key=lambda r: (r.first_date or date.max, r.last_date or date.max),
        ),
        Column(
            "Số cuộc",
            lambda r: format_number(r.visit_count),
            sort_key=lambda r: r.visit_count,
            align_right=True,
        ),
        Column("Tình hình các cuộc kiểm tra", lambda r: status_summary(r.status_counts)),
        Column(
            "Trưởng đoàn", lambda r: r.leader_name, sort_key=lambda r: name_sort_key(r.leader_name)
        ),
        Column(
            "Thành viên",
            lambda r: format_number(r.team_size),
            sort_key=lambda r: r.team_size,
            align_right=True,
        ),
    ]


def member_columns() -> list[Column[MemberRow]]:
    return [
        Column("Họ và tên", lambda m: m.full_name, sort_key=lambda m: name_sort_key(m.full_name)),
        Column("Chức vụ", lambda m: m.position, tooltip=True),
        Column("Nhiệm vụ trong đoàn", lambda m: m.role_text),
        Column("Ủy viên Hội đồng", lambda m: "Có" if m.council_member else ""),
    ]


def verified_text(row: VisitRow) -> str:
    if not row.item_count:
        return ""
    return f"{format_number(row.verified_count)}/{format_number(row.item_count)}"


def actions_text(row: VisitRow) -> str:
    if not row.action_count:
        return ""
    if row.open_action_count:
        return (
            f"{format_number(row.action_count)} (còn {format_number(row.open_action_count)} "
            "chưa xong)"
        )
    return f"{format_number(row.action_count)} (đã xong)"


def visit_columns() -> list[Column[VisitRow]]:
    return [
        Column("Đơn vị", lambda v: v.unit_name, tooltip=True),
        Column("Ngày", lambda v: v.date_text, sort_key=lambda v: (v.visit_date, v.start_time)),
        Column("Giờ", lambda v: v.start_time),
        Column("Địa điểm", lambda v: v.place, tooltip=True),
        Column(
            "Trạng thái", lambda v: v.status_text, sort_key=lambda v: STATUS_ORDER.index(v.status)
        ),
        Column(
            "Số mục đã xác minh",
            verified_text,
            sort_key=lambda v: (v.verified_count, v.item_count),
            align_right=True,
        ),
        Column(
            "Việc khắc phục", actions_text, sort_key=lambda v: (v.open_action_count, v.action_count)
        ),
    ]


def document_state_text(row: RegisterRow | None) -> str:
    if row is None:
        return "Chưa soạn."
    if row.state == DocumentState.ISSUED:
        issued = f" ngày {format_date_short(row.issued_on)}" if row.issued_on else ""
        return f"Đã ban hành, số {row.number_text}{issued}."
    return "Đã có dự thảo (chưa cấp số) trong trang “Văn bản đi”."


class PaperProgress:
    """A progress dialog with a stop button, fed by a service's (done, total) callback."""

    def __init__(self, parent: QWidget | None, text: str, busy: bool = False) -> None:
        self.dialog = QProgressDialog(text, "Dừng", 0, 0, parent)
        self.dialog.setWindowTitle(text.rstrip("…"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0 if busy else 300)
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        if busy:
            # The work can't be interrupted part way: show that it runs, without a stop button.
            self.dialog.setCancelButton(None)
            self.dialog.show()
            QApplication.processEvents()

    def __call__(self, done: int, total: int) -> bool:
        if self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        self.dialog.setLabelText(
            f"{self.dialog.windowTitle()}: {format_number(done)}/{format_number(total)}…"
        )
        QApplication.processEvents()
        return not self.dialog.wasCanceled()

    def close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()


# --- dialogs -------------------------------------------------------------------------------


def _dialog_buttons() -> QDialogButtonBox:
    return QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label


class RoundDialog(RecordDialog):
    """Name and purpose of a round (new, or one to rename)."""

    def __init__(
        self,
        db: Database,
        period: PeriodInfo,
        existing: RoundRow | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.period = period
        self.existing = existing
        self.setWindowTitle("Sửa đợt kiểm tra" if existing else "Thêm đợt kiểm tra")
        self.resize(640, 340)
        self.name = QLineEdit(existing.name if existing else "")
        self.name.setPlaceholderText(
            f"Ví dụ: Kiểm tra việc thực hiện phong trào thi đua {period.name.lower()}"
        )
        self.purpose = plain_text(existing.purpose if existing else "", 140)
        self.purpose.setPlaceholderText(
            "Mục đích, yêu cầu, nội dung trọng tâm (in trong thông báo lịch kiểm tra)"
        )
        form = QFormLayout()
        form.addRow(QLabel(f"Kỳ: <b>{escape(period.name)}</b>"))
        form.addRow("Tên đợt kiểm tra:", self.name)
        form.addRow("Mục đích, yêu cầu:", self.purpose)
        self.error_label = _error_label()
        buttons = _dialog_buttons()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setup_record_dialog(
            buttons, self.error_label, {"name": self.name, "purpose": self.purpose}
        )

    def persist(self) -> int:
        if self.existing is None:
            return create_round(
                self.db, self.period.id, self.name.text(), self.purpose.toPlainText()
            )
        update_round(self.db, self.existing.id, self.name.text(), self.purpose.toPlainText())
        return self.existing.id


ROLE_COLUMN = 2
COUNCIL_COLUMN = 3


class TeamDialog(RecordDialog):
    """The round's team: people picked from the register (searchable) or typed by hand, each
    with a position, a role in the team and whether they sit on the Council."""

    def __init__(self, db: Database, view: RoundView, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.view = view
        self.setWindowTitle(f"Thành phần đoàn kiểm tra – {view.name}")
        self.resize(1280, 640)

        people = [p for p in list_person_rows(db) if p.active]
        people.sort(key=lambda p: name_sort_key(p.full_name))
        self.people: dict[int, PersonRow] = {p.id: p for p in people}
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm theo họ tên, chức vụ, đơn vị (gõ không dấu cũng được)…")
        self.search.setClearButtonEnabled(True)
        self.people_model: RecordTableModel[PersonRow] = RecordTableModel(
            [
                Column(
                    "Họ và tên",
                    lambda p: p.full_name,
                    sort_key=lambda p: name_sort_key(p.full_name),
                ),
                Column("Chức vụ", lambda p: p.position, tooltip=True),
                Column("Đơn vị", lambda p: p.unit_name, tooltip=True),
            ],
            search_text=lambda p: f"{p.full_name} {p.position} {p.unit_name}",
            default_sort=lambda p: 0,
        )
        self.people_model.set_rows(people)
        self.people_table = record_table_view(self.people_model, [170, 0, 150], 1)
        self.add_person_button = QPushButton("Thêm vào đoàn →")
        picker = QGroupBox("Chọn từ danh sách cá nhân")
        picker_layout = QVBoxLayout(picker)
        picker_layout.addWidget(self.search)
        picker_layout.addWidget(self.people_table, 1)
        picker_row = QHBoxLayout()
        picker_row.addStretch(1)
        picker_row.addWidget(self.add_person_button)
        picker_layout.addLayout(picker_row)

        self.members = QTableWidget(0, 4)
        self.members.setHorizontalHeaderLabels(
            ["Họ và tên", "Chức vụ", "Nhiệm vụ trong đoàn", "Ủy viên Hội đồng"]
        )
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.members.verticalHeader().setVisible(False)
        self.members.verticalHeader().setDefaultSectionSize(ROW_HEIGHT + 6)
        header = self.members.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.members.setColumnWidth(0, 180)
        self.members.setColumnWidth(ROLE_COLUMN, 175)
        self.members.setColumnWidth(COUNCIL_COLUMN, 130)
        self.add_typed_button = QPushButton("Thêm người ngoài danh sách")
        self.remove_button = QPushButton("Bỏ khỏi đoàn")
        self.up_button = QPushButton("Lên")
        self.down_button = QPushButton("Xuống")
        team_box = QGroupBox("Thành viên đoàn kiểm tra (theo thứ tự in trong quyết định)")
        team_layout = QVBoxLayout(team_box)
        team_layout.addWidget(self.members, 1)
        team_buttons = QHBoxLayout()
        for button in (self.add_typed_button, self.remove_button, self.up_button, self.down_button):
            team_buttons.addWidget(button)
        team_buttons.addStretch(1)
        team_layout.addLayout(team_buttons)
        note = QLabel(CONFLICT_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: #444;")
        team_layout.addWidget(note)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(picker)
        splitter.addWidget(team_box)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([470, 790])
        self.error_label = _error_label()
        buttons = _dialog_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setup_record_dialog(buttons, self.error_label, {"team": self.members})

        self.search.textChanged.connect(self._filter_people)
        self.search.returnPressed.connect(self.add_selected_person)
        self.add_person_button.clicked.connect(self.add_selected_person)
        self.people_table.doubleClicked.connect(lambda _index: self.add_selected_person())
        self.add_typed_button.clicked.connect(lambda: self.add_member(None, "", ""))
        self.remove_button.clicked.connect(self.remove_member)
        self.up_button.clicked.connect(lambda: self.move_member(-1))
        self.down_button.clicked.connect(lambda: self.move_member(1))
        # Enter in the search box or a cell must not save the team half made.
        no_default_buttons(self)
        for member in view.team:
            self.add_member(
                member.person_id,
                member.full_name,
                member.position,
                member.role,
                member.council_member,
            )

    def _filter_people(self, text: str) -> None:
        self.people_model.set_filter(text)
        if self.people_model.rowCount():
            # Enter in the search box then adds the first match.
            self.people_table.selectRow(0)

    def add_selected_person(self) -> None:
        indexes = self.people_table.selectionModel().selectedRows()
        if not indexes:
            return
        person = self.people_model.row_at(indexes[0].row())
        for row in range(self.members.rowCount()):
            if self._person_id(row) == person.id:
                self.members.selectRow(row)
                return
        self.add_member(person.id, person.full_name, person.position)

    def add_member(
        self,
        person_id: int | None,
        full_name: str,
        position: str,
        role: TeamRole = TeamRole.MEMBER,
        council_member: bool = False,
    ) -> int:
        row = self.members.rowCount()
        self.members.insertRow(row)
        name = QTableWidgetItem(full_name)
        name.setData(Qt.ItemDataRole.UserRole, person_id)
        if person_id is not None:
            # A person of the register keeps their registered name.
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            name.setToolTip("Người trong danh sách cá nhân")
        self.members.setItem(row, 0, name)
        self.members.setItem(row, 1, QTableWidgetItem(position))
        combo = QComboBox()
        for value, label in TEAM_ROLE_LABELS.items():
            combo.addItem(label, value)
        combo.setCurrentIndex(combo.findData(role))
        self.members.setCellWidget(row, ROLE_COLUMN, combo)
        council = QCheckBox("Ủy viên")
        council.setChecked(council_member)
        holder = QWidget()
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(8, 0, 0, 0)
        holder_layout.addWidget(council)
        self.members.setCellWidget(row, COUNCIL_COLUMN, holder)
        self.members.selectRow(row)
        if person_id is None and not full_name:
            self.members.setCurrentCell(row, 0)
            self.members.editItem(name)
        return row

    def _person_id(self, row: int) -> int | None:
        item = self.members.item(row, 0)
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(value) if value is not None else None

    def _role(self, row: int) -> TeamRole:
        combo = self.members.cellWidget(row, ROLE_COLUMN)
        assert isinstance(combo, QComboBox)
        return TeamRole(combo.currentData())

    def set_role(self, row: int, role: TeamRole) -> None:
        combo = self.members.cellWidget(row, ROLE_COLUMN)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(role))

    def _council(self, row: int) -> bool:
        holder = self.members.cellWidget(row, COUNCIL_COLUMN)
        box = holder.findChild(QCheckBox) if holder is not None else None
        return bool(box is not None and box.isChecked())

    def set_council(self, row: int, value: bool) -> None:
        holder = self.members.cellWidget(row, COUNCIL_COLUMN)
        box = holder.findChild(QCheckBox) if holder is not None else None
        if box is not None:
            box.setChecked(value)

    def member_inputs(self) -> list[MemberInput]:
        members = []
        for row in range(self.members.rowCount()):
            name = self.members.item(row, 0)
            position = self.members.item(row, 1)
            members.append(
                MemberInput(
                    person_id=self._person_id(row),
                    full_name=name.text() if name is not None else "",
                    position=position.text() if position is not None else "",
                    role=self._role(row),
                    council_member=self._council(row),
                )
            )
        return members

    def _current_row(self) -> int:
        indexes = self.members.selectionModel().selectedRows()
        return indexes[0].row() if indexes else -1

    def remove_member(self) -> None:
        row = self._current_row()
        if row >= 0:
            self.members.removeRow(row)

    def move_member(self, step: int) -> None:
        row = self._current_row()
        target = row + step
        if row < 0 or not 0 <= target < self.members.rowCount():
            return
        values = self.member_inputs()
        values[row], values[target] = values[target], values[row]
        self.members.setRowCount(0)
        for value in values:
            self.add_member(
                value.person_id, value.full_name, value.position, value.role, value.council_member
            )
        self.members.selectRow(target)

    def persist(self) -> int:
        save_team(self.db, self.view.id, self.member_inputs())
        return self.view.id


class VisitScheduleDialog(RecordDialog):
    """Schedule a visit (or change one): the unit, found by typing part of its name, the
    date within the period, the time and the place."""

    def __init__(
        self,
        db: Database,
        view: RoundView,
        period: PeriodInfo,
        existing: VisitRow | None = None,
        parent=None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.view = view
        self.existing = existing
        self.today = today or date.today()
        self.setWindowTitle("Sửa cuộc kiểm tra" if existing else "Thêm cuộc kiểm tra")
        self.resize(620, 320)
        own = existing.unit_id if existing is not None else None
        # A unit is visited once per round: those already on the schedule are not offered.
        scheduled = {v.unit_id for v in view.visits} - {own}
        units = [
            u for u in list_unit_rows(db) if (u.active or u.id == own) and u.id not in scheduled
        ]
        units.sort(key=lambda u: collation_key(u.name))
        self._units = [
            (
                u.id,
                f"{u.name} ({u.code}) – {UNIT_KIND_LABELS[u.kind]}",
                search_key(f"{u.code} {u.name}"),
            )
            for u in units
        ]
        self.unit_search = QLineEdit()
        self.unit_search.setPlaceholderText("Gõ một phần tên hoặc mã đơn vị để lọc…")
        self.unit_search.setClearButtonEnabled(True)
        self.unit = QComboBox()
        self.unit.setMinimumWidth(420)
        self._fill_units("", existing.unit_id if existing else None)
        planned = existing.visit_date if existing else self.today + timedelta(DEFAULT_PLANNING_DAYS)
        planned = min(max(planned, period.start_date), period.end_date)
        self.visit_date = date_edit(planned)
        self.start_time = QLineEdit(existing.start_time if existing else "")
        self.start_time.setPlaceholderText("Ví dụ: 08:00")
        self.start_time.setMaximumWidth(160)
        self.place = QLineEdit(existing.place if existing else "")
        self.place.setPlaceholderText("Để trống: trụ sở đơn vị")
        form = QFormLayout()
        form.addRow(QLabel(f"Đợt: <b>{escape(view.name)}</b>"))
        form.addRow("Tìm đơn vị:", self.unit_search)
        form.addRow("Đơn vị được kiểm tra:", self.unit)
        form.addRow(
            "Ngày kiểm tra:",
            self._with_note(
                self.visit_date,
                f"trong {period.name.lower()}: {format_date_short(period.start_date)} – "
                f"{format_date_short(period.end_date)}",
            ),
        )
        form.addRow("Giờ bắt đầu:", self.start_time)
        form.addRow("Địa điểm:", self.place)
        self.error_label = _error_label()
        buttons = _dialog_buttons()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setup_record_dialog(
            buttons,
            self.error_label,
            {
                "unit_id": self.unit,
                "team": self.unit,
                "visit_date": self.visit_date,
                "start_time": self.start_time,
                "place": self.place,
            },
        )
        self.unit_search.textChanged.connect(lambda text: self._fill_units(text, self.unit_id()))

    @staticmethod
    def _with_note(widget: QWidget, note: str) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widget)
        label = QLabel(f"({note})")
        label.setStyleSheet("color: #555;")
        row.addWidget(label)
        row.addStretch(1)
        return holder

    def _fill_units(self, query: str, keep: int | None) -> None:
        needles = search_needles(query)
        self.unit.blockSignals(True)
        self.unit.clear()
        for unit_id, label, folded in self._units:
            if not needles or key_matches(needles, folded):
                self.unit.addItem(label, unit_id)
        index = self.unit.findData(keep) if keep is not None else -1
        self.unit.setCurrentIndex(index if index >= 0 else (0 if self.unit.count() else -1))
        self.unit.blockSignals(False)

    def unit_id(self) -> int | None:
        data = self.unit.currentData()
        return int(data) if data is not None else None

    def select_unit(self, unit_id: int) -> None:
        self.unit_search.clear()
        self.unit.setCurrentIndex(self.unit.findData(unit_id))

    def persist(self) -> int:
        from kt_desktop.errors import ValidationError
        from kt_desktop.services.inspections import add_visit

        unit_id = self.unit_id()
        if unit_id is None:
            raise ValidationError(
                "Hãy chọn đơn vị được kiểm tra.",
                field="unit_id",
                hint="Xóa bớt chữ ở ô tìm nếu danh sách đơn vị đang trống.",
            )
        if self.existing is None:
            return add_visit(
                self.db,
                self.view.id,
                unit_id,
                pydate(self.visit_date),
                self.start_time.text(),
                self.place.text(),
            )
        update_visit(
            self.db,
            self.existing.id,
            unit_id,
            pydate(self.visit_date),
            self.start_time.text(),
            self.place.text(),
            today=self.today,
        )
        return self.existing.id


# --- the page ------------------------------------------------------------------------------


class InspectionsPage(QWidget):
    """Signals: `changed` after anything is written (scores, ranks and the register of
    outgoing documents may differ); `document_created(id)` for each draft put into the
    register."""

    changed = Signal()
    document_created = Signal(int)

    def __init__(self, db: Database, parent=None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.periods: list[PeriodInfo] = []
        self.view: RoundView | None = None
        self._register: dict[int, RegisterRow] = {}
        self._loaded = False
        title = QLabel(TITLE)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(220)
        top = QHBoxLayout()
        caption = QLabel("Kỳ:")
        caption.setBuddy(self.period_combo)
        top.addWidget(caption)
        top.addWidget(self.period_combo)
        top.addStretch(1)

        # --- rounds ---
        self.round_model: RecordTableModel[RoundRow] = RecordTableModel(
            round_columns(),
            search_text=lambda r: r.name,
            default_sort=lambda r: 0,  # the order they were created
        )
        self.round_table = record_table_view(self.round_model, [0, 200, 70, 430, 170, 90], 0)
        self.add_round_button = QPushButton("Thêm đợt kiểm tra…")
        self.edit_round_button = QPushButton("Sửa…")
        self.delete_round_button = QPushButton("Xóa đợt")
        round_buttons = QHBoxLayout()
        for button in (self.add_round_button, self.edit_round_button, self.delete_round_button):
            round_buttons.addWidget(button)
        round_buttons.addStretch(1)
        self.rounds_note = QLabel()
        self.rounds_note.setStyleSheet("color: #555;")
        round_buttons.addWidget(self.rounds_note)
        rounds_box = QWidget()
        rounds_layout = QVBoxLayout(rounds_box)
        rounds_layout.setContentsMargins(0, 0, 0, 0)
        rounds_layout.addLayout(round_buttons)
        rounds_layout.addWidget(self.round_table, 1)

        # --- the chosen round ---
        self.round_title = QLabel()
        self.round_title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.round_title.setWordWrap(True)
        self.purpose_label = QLabel()
        self.purpose_label.setWordWrap(True)
        self.purpose_label.setStyleSheet("color: #333;")
        self.lock_banner = QLabel()
        self.lock_banner.setWordWrap(True)
        self.lock_banner.setStyleSheet(BANNER_STYLE)
        self.lock_banner.hide()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._team_tab(), "Đoàn kiểm tra")
        self.tabs.addTab(self._schedule_tab(), "Lịch kiểm tra")
        self.tabs.addTab(self._documents_tab(), "Văn bản")
        self.detail = QWidget()
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.round_title)
        detail_layout.addWidget(self.purpose_label)
        detail_layout.addWidget(self.lock_banner)
        detail_layout.addWidget(self.tabs, 1)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #555; font-size: 11pt;")
        self.empty_label.setWordWrap(True)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail, 1)
        lower_layout.addWidget(self.empty_label, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(rounds_box)
        splitter.addWidget(lower)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([140, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.period_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.round_table.selectionModel().selectionChanged.connect(lambda *_a: self._round_chosen())
        self.round_table.doubleClicked.connect(lambda _index: self.edit_round())
        self.add_round_button.clicked.connect(self.add_round)
        self.edit_round_button.clicked.connect(self.edit_round)
        self.delete_round_button.clicked.connect(self.delete_round)
        self._show_round(None)

    # --- building the tabs ---------------------------------------------------------------

    def _team_tab(self) -> QWidget:
        self.member_model: RecordTableModel[MemberRow] = RecordTableModel(
            member_columns(), search_text=lambda m: m.full_name, default_sort=lambda m: 0
        )
        self.member_table = record_table_view(self.member_model, [220, 0, 170, 140], 1)
        self.edit_team_button = QPushButton("Sửa thành phần đoàn…")
        self.team_summary = QLabel()
        self.team_summary.setWordWrap(True)
        note = QLabel(CONFLICT_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_team_button)
        buttons.addWidget(self.team_summary, 1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.member_table, 1)
        layout.addWidget(note)
        self.edit_team_button.clicked.connect(self.edit_team)
        self.member_table.doubleClicked.connect(lambda _index: self.edit_team())
        return page

    def _schedule_tab(self) -> QWidget:
        self.visit_model: RecordTableModel[VisitRow] = RecordTableModel(
            visit_columns(),
            search_text=lambda v: f"{v.unit_code} {v.unit_name} {v.place}",
            default_sort=lambda v: 0,  # the schedule's order: date, time, unit
        )
        self.visit_table = record_table_view(self.visit_model, [0, 96, 60, 290, 120, 156, 170], 0)
        self.visit_table.setSortingEnabled(True)
        # Qt starts with a descending indicator on the first column: start in schedule order.
        self.visit_table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.add_visit_button = QPushButton("Thêm cuộc kiểm tra…")
        self.edit_visit_button = QPushButton("Sửa…")
        self.delete_visit_button = QPushButton("Xóa")
        self.record_button = QPushButton("Ghi kết quả kiểm tra…")
        self.record_button.setStyleSheet("font-weight: bold;")
        self.back_status_button = QPushButton()
        self.next_status_button = QPushButton()
        buttons = QHBoxLayout()
        for button in (self.add_visit_button, self.edit_visit_button, self.delete_visit_button):
            buttons.addWidget(button)
        buttons.addSpacing(16)
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("Trạng thái:"))
        buttons.addWidget(self.back_status_button)
        buttons.addWidget(self.next_status_button)
        self.schedule_note = QLabel()
        self.schedule_note.setWordWrap(True)
        self.schedule_note.setStyleSheet("color: #555;")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.visit_table, 1)
        layout.addWidget(self.schedule_note)
        self.add_visit_button.clicked.connect(self.add_visit)
        self.edit_visit_button.clicked.connect(self.edit_visit)
        self.delete_visit_button.clicked.connect(self.delete_visit)
        self.record_button.clicked.connect(self.record_visit)
        self.visit_table.doubleClicked.connect(lambda _index: self.record_visit())
        self.back_status_button.clicked.connect(lambda: self.move_status(-1))
        self.next_status_button.clicked.connect(lambda: self.move_status(1))
        self.visit_table.selectionModel().selectionChanged.connect(
            lambda *_a: self._update_visit_buttons()
        )
        return page

    def _documents_tab(self) -> QWidget:
        self.decision_button = QPushButton("Soạn quyết định thành lập đoàn…")
        self.notice_button = QPushButton("Soạn thông báo lịch kiểm tra…")
        self.blank_button = QPushButton("In biên bản trắng cho các cuộc kiểm tra…")
        self.minutes_button = QPushButton("Soạn biên bản cho cuộc kiểm tra đang chọn…")
        self.report_button = QPushButton("Soạn báo cáo kết quả kiểm tra…")
        self.all_button = QPushButton("Soạn tất cả giấy tờ của đợt…")
        self.all_button.setStyleSheet("font-weight: bold;")
        self.decision_state = QLabel()
        self.notice_state = QLabel()
        self.minutes_state = QLabel()
        self.report_state = QLabel()
        blank_note = QLabel(
            "Mỗi cuộc kiểm tra một biên bản in sẵn đơn vị, thành phần đoàn và các mục kiểm "
            "tra (kèm số liệu đơn vị báo cáo) để ghi tay tại buổi kiểm tra; không vào sổ."
        )
        all_note = QLabel(
            "Thông báo lịch kiểm tra, biên bản trắng của mọi cuộc kiểm tra và báo cáo kết quả "
            "(khi đã có cuộc kiểm tra được ghi kết quả), làm một lần để in cùng lúc."
        )
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        rows: list[tuple[QPushButton, QLabel]] = [
            (self.decision_button, self.decision_state),
            (self.notice_button, self.notice_state),
            (self.blank_button, blank_note),
            (self.minutes_button, self.minutes_state),
            (self.report_button, self.report_state),
            (self.all_button, all_note),
        ]
        for position, (button, label) in enumerate(rows):
            label.setWordWrap(True)
            button.setMinimumWidth(330)
            grid.addWidget(button, position, 0)
            grid.addWidget(label, position, 1)
        register_note = QLabel(REGISTER_NOTE)
        register_note.setWordWrap(True)
        register_note.setStyleSheet(NOTE_STYLE)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(grid)
        layout.addSpacing(8)
        layout.addWidget(register_note)
        layout.addStretch(1)
        self.decision_button.clicked.connect(self.draft_decision)
        self.notice_button.clicked.connect(self.draft_notice)
        self.blank_button.clicked.connect(self.print_blank_forms)
        self.minutes_button.clicked.connect(self.draft_minutes)
        self.report_button.clicked.connect(self.draft_report)
        self.all_button.clicked.connect(self.produce_papers)
        return page

    # --- loading -------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        """Fill the periods on first show; reload every time (visits are recorded all day)."""
        if not self._loaded:
            self.periods = list_periods(self.db)
            self.period_combo.blockSignals(True)
            for period in self.periods:
                self.period_combo.addItem(period.name, period.id)
            chosen = current_period(self.periods, self.today)
            if chosen is not None:
                self.period_combo.setCurrentIndex(self.period_combo.findData(chosen.id))
            self.period_combo.blockSignals(False)
            self._loaded = True
        self.reload()

    def mark_stale(self) -> None:
        """Nothing kept between showings: ensure_loaded reads everything again."""

    def period_id(self) -> int | None:
        data = self.period_combo.currentData()
        return None if data is None else int(data)

    def period(self) -> PeriodInfo | None:
        return next((p for p in self.periods if p.id == self.period_id()), None)

    def reload(self, round_id: int | None = None, visit_id: int | None = None) -> None:
        period_id = self.period_id()
        if period_id is None:
            return
        if round_id is None and self.view is not None and self.view.period_id == period_id:
            round_id = self.view.id
        if visit_id is None:
            current = self.selected_visit()
            visit_id = current.id if current is not None else None
        try:
            rounds = list_rounds(self.db, period_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.round_model.set_rows(rounds)
        self.rounds_note.setText(
            f"{format_number(len(rounds))} đợt kiểm tra trong "
            f"{self.period_combo.currentText().lower()}"
            if rounds
            else ""
        )
        if not rounds:
            self._show_round(None)
            return
        position = self.round_model.find_row(lambda r: r.id == round_id) if round_id else -1
        position = max(position, 0)
        # One load of the round, with the visit to keep chosen, not one per signal.
        selection = self.round_table.selectionModel()
        selection.blockSignals(True)
        self.round_table.selectRow(position)
        selection.blockSignals(False)
        self.round_table.viewport().update()
        self._show_round(self.round_model.row_at(position).id, visit_id)

    def selected_round(self) -> RoundRow | None:
        indexes = self.round_table.selectionModel().selectedRows()
        return self.round_model.row_at(indexes[0].row()) if indexes else None

    def _round_chosen(self) -> None:
        chosen = self.selected_round()
        self._show_round(chosen.id if chosen else None)

    def _show_round(self, round_id: int | None, visit_id: int | None = None) -> None:
        if round_id is None:
            self.view = None
            self.detail.hide()
            self.empty_label.show()
            self.empty_label.setText(
                "Kỳ này chưa có đợt kiểm tra nào. Bấm “Thêm đợt kiểm tra…” để lập đợt kiểm tra, "
                "rồi chọn thành phần đoàn và lên lịch kiểm tra các đơn vị."
                if self.round_model.rowCount() == 0
                else "Chọn một đợt kiểm tra ở danh sách trên."
            )
            self.member_model.set_rows([])
            self.visit_model.set_rows([])
            self._update_buttons()
            return
        try:
            self.view = get_round(self.db, round_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        view = self.view
        self.empty_label.hide()
        self.detail.show()
        self.round_title.setText(view.name)
        self.purpose_label.setText(
            f"<i>Mục đích, yêu cầu:</i> {escape(view.purpose)}" if view.purpose else ""
        )
        self.purpose_label.setVisible(bool(view.purpose))
        if view.lock_reason:
            self.lock_banner.setText(
                f"Kết quả của {view.period_name.lower()} đã khóa: {view.lock_reason}. Biên bản "
                "kiểm tra chỉ xem, không ghi thêm số liệu xác minh được."
            )
            self.lock_banner.show()
        else:
            self.lock_banner.hide()
        self.member_model.set_rows(view.team)
        leader = view.leader
        secretary = view.secretary
        council = sum(1 for m in view.team if m.council_member)
        if view.team:
            self.team_summary.setText(
                f"{format_number(len(view.team))} thành viên, {format_number(council)} ủy viên "
                f"Hội đồng. Trưởng đoàn: {leader.full_name if leader else '(chưa chọn)'}"
                + (f"; thư ký: {secretary.full_name}" if secretary else "")
                + "."
            )
        else:
            self.team_summary.setText("Đoàn chưa có thành viên.")
        self.visit_model.set_rows(view.visits)
        self.tabs.setTabText(0, f"Đoàn kiểm tra ({format_number(len(view.team))})")
        self.tabs.setTabText(1, f"Lịch kiểm tra ({format_number(len(view.visits))})")
        if visit_id is not None:
            position = self.visit_model.find_row(lambda v: v.id == visit_id)
            if position >= 0:
                self.visit_table.selectRow(position)
        planned = sum(1 for v in view.visits if v.status == VisitStatus.PLANNED)
        self.schedule_note.setText(
            (
                f"{format_number(len(view.visits))} cuộc kiểm tra, {format_number(planned)} cuộc "
                "chưa ghi kết quả. "
                if view.visits
                else "Chưa có cuộc kiểm tra nào: bấm “Thêm cuộc kiểm tra…”. "
            )
            + "Nháy đúp vào một cuộc kiểm tra để ghi kết quả. Trạng thái đi lần lượt: "
            + " → ".join(VISIT_STATUS_LABELS[s] for s in STATUS_ORDER)
            + "."
        )
        wanted = {
            view.decision_document_id,
            view.notice_document_id,
            view.report_document_id,
            *(v.minutes_document_id for v in view.visits),
        } - {None}
        # Read once per load, not on every change of the chosen visit.
        self._register = (
            {row.id: row for row in list_register(self.db) if row.id in wanted} if wanted else {}
        )
        self._show_documents()
        self._update_buttons()

    def _show_documents(self) -> None:
        view = self.view
        if view is None:
            return
        register = self._register

        def state(document_id: int | None) -> str:
            return document_state_text(register.get(document_id) if document_id else None)

        self.decision_state.setText(state(view.decision_document_id))
        self.notice_state.setText(state(view.notice_document_id))
        self.report_state.setText(state(view.report_document_id))
        visit = self.selected_visit()
        if visit is None:
            self.minutes_state.setText("Chọn một cuộc kiểm tra ở thẻ “Lịch kiểm tra” trước.")
        else:
            words = state(visit.minutes_document_id)
            self.minutes_state.setText(
                f"{visit.unit_name}, {visit.date_text}: {words[:1].lower()}{words[1:]}"
            )

    def _update_buttons(self) -> None:
        chosen = self.selected_round()
        self.edit_round_button.setEnabled(chosen is not None)
        self.delete_round_button.setEnabled(chosen is not None)
        has_round = self.view is not None
        self.edit_team_button.setEnabled(has_round)
        self.add_visit_button.setEnabled(has_round)
        for button in (
            self.decision_button,
            self.notice_button,
            self.blank_button,
            self.report_button,
            self.all_button,
        ):
            button.setEnabled(has_round)
        self._update_visit_buttons()

    def _update_visit_buttons(self) -> None:
        visit = self.selected_visit()
        for button in (self.edit_visit_button, self.delete_visit_button, self.record_button):
            button.setEnabled(visit is not None)
        self.minutes_button.setEnabled(visit is not None)
        allowed = allowed_statuses(visit.status) if visit is not None else []
        position = STATUS_ORDER.index(visit.status) if visit is not None else 0
        back = [s for s in allowed if STATUS_ORDER.index(s) < position]
        ahead = [s for s in allowed if STATUS_ORDER.index(s) > position]
        self.back_status_button.setText(
            f"← Trả về “{VISIT_STATUS_LABELS[back[0]]}”" if back else "← Trả về bước trước"
        )
        self.next_status_button.setText(
            f"Chuyển sang “{VISIT_STATUS_LABELS[ahead[0]]}” →" if ahead else "Chuyển bước sau →"
        )
        self.back_status_button.setEnabled(bool(back))
        self.next_status_button.setEnabled(bool(ahead))
        if self.view is not None:
            self._show_documents()

    # --- rounds --------------------------------------------------------------------------

    def _after_change(self, round_id: int | None = None, visit_id: int | None = None) -> None:
        self.changed.emit()
        self.reload(round_id, visit_id)

    def add_round(self) -> None:
        period = self.period()
        if period is None:
            return
        saved = RoundDialog(self.db, period, None, self).ask()
        if saved is not None:
            self._after_change(saved)

    def edit_round(self) -> None:
        period = self.period()
        chosen = self.selected_round()
        if period is None or chosen is None:
            return
        saved = RoundDialog(self.db, period, chosen, self).ask()
        if saved is not None:
            self._after_change(saved)

    def delete_round(self) -> None:
        chosen = self.selected_round()
        if chosen is None:
            return
        if not messages.confirm(
            self,
            "Xóa đợt kiểm tra",
            f"Xóa đợt kiểm tra “{chosen.name}” cùng thành phần đoàn, lịch kiểm tra và các dự "
            "thảo văn bản của đợt?",
            "Xóa đợt",
        ):
            return
        try:
            delete_round(self.db, chosen.id)
        except UserError as error:
            messages.show_error(self, error, title="Chưa xóa được")
            return
        self.view = None
        self._after_change()

    # --- team ----------------------------------------------------------------------------

    def edit_team(self) -> None:
        if self.view is None:
            return
        if TeamDialog(self.db, self.view, self).ask() is not None:
            self._after_change(self.view.id)

    # --- visits --------------------------------------------------------------------------

    def selected_visit(self) -> VisitRow | None:
        indexes = self.visit_table.selectionModel().selectedRows()
        return self.visit_model.row_at(indexes[0].row()) if indexes else None

    def select_visit(self, visit_id: int) -> None:
        position = self.visit_model.find_row(lambda v: v.id == visit_id)
        if position >= 0:
            self.visit_table.selectRow(position)

    def add_visit(self) -> None:
        period = self.period()
        if self.view is None or period is None:
            return
        dialog = VisitScheduleDialog(self.db, self.view, period, None, self, self.today)
        saved = dialog.ask()
        if saved is not None:
            self._after_change(self.view.id, saved)

    def edit_visit(self) -> None:
        period = self.period()
        visit = self.selected_visit()
        if self.view is None or period is None or visit is None:
            return
        dialog = VisitScheduleDialog(self.db, self.view, period, visit, self, self.today)
        if dialog.ask() is not None:
            self._after_change(self.view.id, visit.id)

    def delete_visit(self) -> None:
        visit = self.selected_visit()
        if self.view is None or visit is None:
            return
        if not messages.confirm(
            self,
            "Xóa cuộc kiểm tra",
            f"Xóa cuộc kiểm tra “{visit.unit_name}” ngày {visit.date_text} khỏi lịch?",
            "Xóa",
        ):
            return
        try:
            delete_visit(self.db, visit.id)
        except UserError as error:
            messages.show_error(self, error, title="Chưa xóa được")
            return
        self._after_change(self.view.id)

    def record_visit(self) -> None:
        visit = self.selected_visit()
        if self.view is None or visit is None:
            return
        from kt_desktop.gui.dialogs.visit_dialog import VisitDialog

        try:
            dialog = VisitDialog(self.db, visit.id, self, today=self.today)
        except UserError as error:
            messages.show_error(self, error)
            return
        dialog.ask()
        if dialog.changed:
            self._after_change(self.view.id, visit.id)

    def move_status(self, step: int) -> None:
        visit = self.selected_visit()
        if self.view is None or visit is None:
            return
        position = STATUS_ORDER.index(visit.status) + step
        if not 0 <= position < len(STATUS_ORDER):
            return
        target = STATUS_ORDER[position]
        if target == VisitStatus.CLOSED and not messages.confirm(
            self,
            "Kết thúc cuộc kiểm tra",
            f"Kết thúc cuộc kiểm tra “{visit.unit_name}”? Sau khi kết thúc, biên bản không sửa "
            "được và trạng thái không đổi được nữa.",
            "Kết thúc",
        ):
            return
        try:
            set_visit_status(self.db, visit.id, target, self.today)
        except UserError as error:
            messages.show_error(self, error, title="Chưa chuyển được trạng thái")
            return
        self._after_change(self.view.id, visit.id)

    # --- documents -----------------------------------------------------------------------

    def _draft(self, make: Callable[[], int], title: str, file_name: str, what: str) -> int | None:
        """Draft a document through `make`, preview it, and tell where it went."""
        if self.view is None:
            return None
        round_id = self.view.id
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            document_id = make()
        except UserError as error:
            QApplication.restoreOverrideCursor()
            messages.show_error(self, error, title=f"Chưa soạn được {what}")
            return None
        QApplication.restoreOverrideCursor()
        self.document_created.emit(document_id)
        self._after_change(round_id)
        self.preview_document(document_id, title, file_name)
        messages.show_info(
            self,
            f"Đã soạn {what}",
            f"Dự thảo {what} đã được lưu vào sổ “Văn bản đi” (ở dạng dự thảo, chưa cấp số).",
            "Vào trang “Văn bản đi” để sửa lời văn nếu cần, rồi ban hành (cấp số) và in.",
        )
        return document_id

    def preview_document(self, document_id: int, title: str, file_name: str) -> None:
        from kt_desktop.services.document_builder import render_draft
        from kt_desktop.services.outgoing import get_draft

        try:
            pdf = render_draft(self.db, get_draft(self.db, document_id), None)
        except UserError as error:
            messages.show_error(self, error, title="Chưa xem trước được văn bản")
            return
        self.preview(pdf, title, file_name)

    def preview(self, pdf: bytes, title: str, file_name: str) -> None:
        from kt_desktop.gui.dialogs import pdf_preview

        try:
            pdf_preview.PdfPreviewDialog(pdf, title, file_name, self).exec()
        except UserError as error:
            messages.show_error(self, error, title="Chưa xem trước được văn bản")

    def draft_decision(self) -> None:
        from kt_desktop.services.inspection_documents import draft_team_decision

        view = self.view
        if view is None:
            return
        self._draft(
            lambda: draft_team_decision(self.db, view.id, today=self.today),
            "Quyết định thành lập Đoàn kiểm tra (dự thảo)",
            "Quyết định thành lập đoàn kiểm tra (dự thảo).pdf",
            "quyết định thành lập Đoàn kiểm tra",
        )

    def draft_notice(self) -> None:
        from kt_desktop.services.inspection_documents import draft_schedule_notice

        view = self.view
        if view is None:
            return
        self._draft(
            lambda: draft_schedule_notice(self.db, view.id, today=self.today),
            "Thông báo lịch kiểm tra (dự thảo)",
            "Thông báo lịch kiểm tra (dự thảo).pdf",
            "thông báo lịch kiểm tra",
        )

    def draft_minutes(self) -> None:
        from kt_desktop.services.inspection_documents import draft_visit_minutes

        visit = self.selected_visit()
        if self.view is None or visit is None:
            messages.show_info(
                self,
                "Chưa chọn cuộc kiểm tra",
                "Hãy chọn một cuộc kiểm tra ở thẻ “Lịch kiểm tra” trước.",
            )
            return
        self._draft(
            lambda: draft_visit_minutes(self.db, visit.id, today=self.today),
            f"Biên bản kiểm tra – {visit.unit_name} (dự thảo)",
            f"Biên bản kiểm tra – {visit.unit_name} (dự thảo).pdf",
            f"biên bản kiểm tra tại “{visit.unit_name}”",
        )

    def draft_report(self) -> None:
        from kt_desktop.services.inspection_documents import draft_round_report

        view = self.view
        if view is None:
            return
        self._draft(
            lambda: draft_round_report(self.db, view.id, today=self.today),
            "Báo cáo kết quả kiểm tra (dự thảo)",
            "Báo cáo kết quả kiểm tra (dự thảo).pdf",
            "báo cáo kết quả kiểm tra",
        )

    def print_blank_forms(self) -> None:
        from kt_desktop.services.inspection_documents import blank_minutes_for_round

        view = self.view
        if view is None:
            return
        count = len(view.visits)
        progress = PaperProgress(
            self, f"Đang in sẵn biên bản trắng cho {format_number(count)} cuộc kiểm tra…", busy=True
        )
        try:
            pdf = blank_minutes_for_round(self.db, view.id)
        except UserError as error:
            messages.show_error(self, error, title="Chưa in được biên bản trắng")
            return
        finally:
            progress.close()
        self.preview(
            pdf,
            f"Biên bản kiểm tra (mẫu trắng) – {format_number(count)} cuộc kiểm tra",
            "Biên bản kiểm tra (mẫu trắng).pdf",
        )

    def produce_papers(self) -> None:
        from kt_desktop.services.inspection_documents import produce_round_papers

        view = self.view
        if view is None:
            return
        progress = PaperProgress(self, "Đang soạn giấy tờ của đợt kiểm tra…")
        try:
            papers = produce_round_papers(self.db, view.id, progress, today=self.today)
        except UserError as error:
            messages.show_error(self, error, title="Chưa soạn được giấy tờ của đợt")
            return
        finally:
            progress.close()
        if papers is None:
            messages.show_info(
                self,
                "Đã dừng",
                "Đã dừng soạn giấy tờ của đợt kiểm tra; chưa có văn bản nào được lưu.",
            )
            return
        self.document_created.emit(papers.notice_id)
        if papers.report_id is not None:
            self.document_created.emit(papers.report_id)
        self._after_change(view.id)
        count = len(view.visits)
        self.preview(
            papers.notice_pdf,
            "Thông báo lịch kiểm tra",
            "Thông báo lịch kiểm tra.pdf",
        )
        self.preview(
            papers.blank_forms_pdf,
            f"Biên bản kiểm tra (mẫu trắng) – {format_number(count)} cuộc kiểm tra",
            "Biên bản kiểm tra (mẫu trắng).pdf",
        )
        if papers.report_pdf is not None:
            self.preview(
                papers.report_pdf, "Báo cáo kết quả kiểm tra", "Báo cáo kết quả kiểm tra.pdf"
            )
        made = ["thông báo lịch kiểm tra"]
        if papers.report_id is not None:
            made.append("báo cáo kết quả kiểm tra")
        messages.show_info(
            self,
            "Đã soạn giấy tờ của đợt",
            f"Đã soạn {' và '.join(made)} (lưu trong sổ “Văn bản đi”) cùng "
            f"{format_number(count)} biên bản trắng để in.",
            "Văn bản chưa ban hành là dự thảo, chưa cấp số: vào trang “Văn bản đi” để ban hành."
            + (
                ""
                if papers.report_id is not None
                else " Báo cáo kết quả được soạn khi đã có cuộc kiểm tra ghi kết quả."
            ),
        )
