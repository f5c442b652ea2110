"""Việc khắc phục sau kiểm tra: a period's follow-up actions from the inspection visits, the
open, overdue and done ones per unit, marking an action done (with the date, what the unit
did and its evidence) or opening it again, and the list in Excel."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs.visit_dialog import (
    ACTION_NOTE,
    ActionDoneDialog,
    ActionTableModel,
    action_status_text,
)
from kt_desktop.gui.period_combo import fill_period_combo
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.gui.record_views import export_rows_to_excel, record_table_view
from kt_desktop.services.database import Database
from kt_desktop.services.inspections import (
    ActionRow,
    UnitActionCounts,
    action_overview,
    list_actions,
    reopen_action,
)
from kt_desktop.text import collation_key, format_date_short, format_number

TITLE = "Việc khắc phục sau kiểm tra"
ALL, IN_PROGRESS, OVERDUE, DONE = "all", "in_progress", "overdue", "done"
FILTERS = (
    ("Tất cả", ALL),
    ("Đang thực hiện", IN_PROGRESS),
    ("Quá hạn", OVERDUE),
    ("Đã hoàn thành", DONE),
)


def shows(row: ActionRow, choice: str) -> bool:
    """Whether the filter `choice` keeps the action ("Đang thực hiện": open, within the
    deadline; "Quá hạn": open past it)."""
    if choice == IN_PROGRESS:
        return row.is_open and not row.overdue
    if choice == OVERDUE:
        return row.overdue
    if choice == DONE:
        return not row.is_open
    return True


def action_columns() -> list[Column[ActionRow]]:
    return [
        Column("Đơn vị", lambda a: a.unit_name, tooltip=True),
        Column("Nội dung", lambda a: a.description, tooltip=True),
        Column(
            "Hạn",
            lambda a: format_date_short(a.due_date),
            sort_key=lambda a: a.due_date,
            value=lambda a: format_date_short(a.due_date),
        ),
        Column(
            "Trạng thái",
            action_status_text,
            sort_key=lambda a: (not a.overdue, not a.is_open, a.due_date),
        ),
        Column(
            "Ngày hoàn thành",
            lambda a: format_date_short(a.done_on) if a.done_on else "",
            sort_key=lambda a: a.done_on or date.max,
        ),
        Column("Ghi chú", lambda a: a.done_note, tooltip=True),
        Column("Mục", lambda a: a.item_label, tooltip=True),
        Column(
            "Tệp",
            lambda a: format_number(a.evidence_count) if a.evidence_count else "",
            sort_key=lambda a: a.evidence_count,
            align_right=True,
        ),
    ]


def overview_columns() -> list[Column[UnitActionCounts]]:
    def count(value: int) -> str:
        return format_number(value) if value else ""

    return [
        Column("Đơn vị", lambda c: c.unit_name, tooltip=True),
        Column(
            "Đang làm",
            lambda c: count(c.in_progress),
            sort_key=lambda c: c.in_progress,
            align_right=True,
        ),
        Column(
            "Quá hạn", lambda c: count(c.overdue), sort_key=lambda c: c.overdue, align_right=True
        ),
        Column("Xong", lambda c: count(c.done), sort_key=lambda c: c.done, align_right=True),
    ]


class OverviewModel(RecordTableModel[UnitActionCounts]):
    """Units with overdue actions show the count in red."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.column() == 2
            and 0 <= index.row() < self.rowCount()
            and self.row_at(index.row()).overdue
        ):
            from kt_desktop.gui.dialogs.visit_dialog import NOT_MET_BRUSH

            return NOT_MET_BRUSH
        return super().data(index, role)


class ActionsPage(QWidget):
    """`changed` after an action is marked done or reopened."""

    changed = Signal()

    def __init__(self, db: Database, parent=None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self._loaded = False
        self.unit_id: int | None = None  # the unit chosen in the overview, if any
        title = QLabel(TITLE)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(220)
        self.filter_combo = QComboBox()
        for label, value in FILTERS:
            self.filter_combo.addItem(label, value)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm theo đơn vị, nội dung…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        top = QHBoxLayout()
        for text, widget in (("Kỳ:", self.period_combo), ("Hiện:", self.filter_combo)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            top.addWidget(caption)
            top.addWidget(widget)
        top.addWidget(self.search)
        top.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.overview_model = OverviewModel(
            overview_columns(),
            search_text=lambda c: c.unit_name,
            default_sort=lambda c: 0,  # the service's order: most overdue first
        )
        self.overview_table = record_table_view(self.overview_model, [0, 70, 62, 46], 0)
        self.all_units_button = QPushButton("Tất cả đơn vị")
        overview_box = QGroupBox("Theo đơn vị")
        overview_layout = QVBoxLayout(overview_box)
        overview_layout.addWidget(self.overview_table, 1)
        overview_note = QLabel("Chọn một đơn vị để chỉ xem việc của đơn vị đó.")
        overview_note.setWordWrap(True)
        overview_note.setStyleSheet("color: #555;")
        overview_layout.addWidget(overview_note)
        overview_buttons = QHBoxLayout()
        overview_buttons.addStretch(1)
        overview_buttons.addWidget(self.all_units_button)
        overview_layout.addLayout(overview_buttons)

        self.model = ActionTableModel(action_columns(), self)
        self.table = record_table_view(self.model, [150, 0, 84, 130, 122, 120, 56, 40], 1)
        self.table.setSortingEnabled(True)
        # Qt starts with a descending indicator on the first column: start with the most
        # urgent (the service's order: open ones by deadline, then those done).
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.done_button = QPushButton("Đánh dấu đã hoàn thành…")
        self.reopen_button = QPushButton("Mở lại")
        self.visit_button = QPushButton("Mở biên bản kiểm tra…")
        self.export_button = QPushButton("Xuất Excel")
        buttons = QHBoxLayout()
        for button in (self.done_button, self.reopen_button, self.visit_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        from kt_desktop.gui.widgets.evidence_panel import EvidencePanel

        self.evidence = EvidencePanel(db, None, no_owner_note=ACTION_NOTE)
        evidence_box = QGroupBox("Minh chứng khắc phục của việc đang chọn")
        QVBoxLayout(evidence_box).addWidget(self.evidence)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(buttons)
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.addWidget(self.table)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail)
        lower_layout.addWidget(evidence_box, 1)
        lists.addWidget(lower)
        lists.setStretchFactor(0, 1)
        lists.setSizes([420, 260])
        right_layout.addWidget(lists, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(overview_box)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([370, 1010])
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

        self.period_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.filter_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.search.textChanged.connect(lambda _t: self.apply_filter())
        self.overview_table.selectionModel().selectionChanged.connect(
            lambda *_a: self._unit_chosen()
        )
        self.all_units_button.clicked.connect(self.show_all_units)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._action_chosen())
        self.table.doubleClicked.connect(lambda _index: self.mark_done())
        self.done_button.clicked.connect(self.mark_done)
        self.reopen_button.clicked.connect(self.reopen)
        self.visit_button.clicked.connect(self.open_visit)
        self.export_button.clicked.connect(self.export)
        self.evidence.changed.connect(self._evidence_changed)
        self._action_chosen()

    # --- loading -------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        """Fill the periods on first show; reload every time (deadlines pass every day)."""
        if not self._loaded:
            fill_period_combo(self.period_combo, self.db, self.today)
            self._loaded = True
        self.reload()

    def mark_stale(self) -> None:
        """Nothing kept between showings: ensure_loaded reads everything again."""

    def period_id(self) -> int | None:
        data = self.period_combo.currentData()
        return None if data is None else int(data)

    def reload(self, select_id: int | None = None) -> None:
        period_id = self.period_id()
        if period_id is None:
            return
        if select_id is None:
            current = self.selected()
            select_id = current.id if current is not None else None
        try:
            rows = list_actions(self.db, period_id, today=self.today)
            overview = action_overview(self.db, period_id, self.today)
        except UserError as error:
            messages.show_error(self, error)
            return
        if self.unit_id is not None and all(c.unit_id != self.unit_id for c in overview):
            self.unit_id = None
        self.model.set_rows(rows)
        self.overview_table.selectionModel().blockSignals(True)
        self.overview_model.set_rows(overview)
        if self.unit_id is not None:
            self.overview_table.selectRow(
                self.overview_model.find_row(lambda c: c.unit_id == self.unit_id)
            )
        self.overview_table.selectionModel().blockSignals(False)
        self._show_summary(rows)
        self.apply_filter(select_id)

    def _show_summary(self, rows: list[ActionRow]) -> None:
        if not rows:
            self.summary.setText(
                f"{self.period_combo.currentText()} chưa có việc khắc phục nào. Việc khắc phục "
                "được giao trong biên bản kiểm tra (trang Kiểm tra của Hội đồng → Ghi kết quả "
                "kiểm tra → Việc khắc phục)."
            )
            return
        overdue = sum(1 for r in rows if r.overdue)
        in_progress = sum(1 for r in rows if r.is_open and not r.overdue)
        done = sum(1 for r in rows if not r.is_open)
        units = len({r.unit_id for r in rows})
        self.summary.setText(
            f"{format_number(len(rows))} việc khắc phục của {format_number(units)} đơn vị: "
            f"{format_number(in_progress)} đang thực hiện, "
            f"<span style='color: #b00020; font-weight: bold;'>{format_number(overdue)} quá "
            f"hạn</span>, {format_number(done)} đã hoàn thành (tính đến ngày "
            f"{format_date_short(self.today)})."
        )

    def apply_filter(self, select_id: int | None = None) -> None:
        choice = self.filter_combo.currentData()
        unit_id = self.unit_id
        self.model.set_filter(
            self.search.text(),
            lambda r: shows(r, choice) and (unit_id is None or r.unit_id == unit_id),
        )
        if select_id is not None:
            position = self.model.find_row(lambda r: r.id == select_id)
            if position >= 0:
                self.table.selectRow(position)
        self.export_button.setEnabled(self.model.rowCount() > 0)
        self._action_chosen()

    def _unit_chosen(self) -> None:
        indexes = self.overview_table.selectionModel().selectedRows()
        self.unit_id = self.overview_model.row_at(indexes[0].row()).unit_id if indexes else None
        self.apply_filter()

    def show_all_units(self) -> None:
        self.overview_table.clearSelection()
        self.unit_id = None
        self.apply_filter()

    # --- the chosen action ---------------------------------------------------------------

    def selected(self) -> ActionRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    def select_action(self, action_id: int) -> None:
        position = self.model.find_row(lambda r: r.id == action_id)
        if position >= 0:
            self.table.selectRow(position)

    def _action_chosen(self) -> None:
        action = self.selected()
        self.done_button.setEnabled(action is not None and action.is_open)
        self.reopen_button.setEnabled(action is not None and not action.is_open)
        self.visit_button.setEnabled(action is not None)
        from kt_desktop.services.evidence import EvidenceOwner

        owner = EvidenceOwner.action(action.id) if action is not None else None
        if self.evidence.owner != owner:
            self.evidence.set_owner(owner)
        if action is None:
            self.detail.setText("")
            return
        from html import escape

        parts = [f"<b>{escape(action.unit_name)}</b>: {escape(action.description)}"]
        source = (
            f"Đợt “{escape(action.round_name)}”, kiểm tra ngày "
            f"{format_date_short(action.visit_date)}"
        )
        if action.item_label:
            source += f", mục {escape(action.item_label)}"
        parts.append(source + f". Hạn: {format_date_short(action.due_date)}.")
        if action.done_note:
            parts.append(f"<i>Kết quả khắc phục:</i> {escape(action.done_note)}")
        self.detail.setText("<br>".join(parts))

    def _evidence_changed(self) -> None:
        self.changed.emit()
        self.reload()

    def mark_done(self) -> None:
        action = self.selected()
        if action is None or not action.is_open:
            return
        if ActionDoneDialog(self.db, action, self, self.today).ask() is not None:
            self.changed.emit()
            self.reload(action.id)

    def reopen(self) -> None:
        action = self.selected()
        if action is None or action.is_open:
            return
        if not messages.confirm(
            self,
            "Mở lại việc khắc phục",
            f"Mở lại việc “{action.description}” của {action.unit_name}? Ngày và kết quả hoàn "
            "thành đã ghi sẽ bị xóa.",
            "Mở lại",
        ):
            return
        try:
            reopen_action(self.db, action.id)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.changed.emit()
        self.reload(action.id)

    def open_visit(self) -> None:
        action = self.selected()
        if action is None:
            return
        from kt_desktop.gui.dialogs.visit_dialog import VisitDialog

        try:
            dialog = VisitDialog(self.db, action.visit_id, self, today=self.today)
        except UserError as error:
            messages.show_error(self, error)
            return
        dialog.tabs.setCurrentIndex(2)
        dialog.reload_actions(action.id)
        dialog.ask()
        if dialog.changed:
            self.changed.emit()
            self.reload(action.id)

    def export(self) -> None:
        parts = [self.period_combo.currentText(), f"Hiện: {self.filter_combo.currentText()}"]
        if self.unit_id is not None:
            unit = next(
                (c.unit_name for c in self.overview_model_rows() if c.unit_id == self.unit_id), ""
            )
            parts.append(f"Đơn vị: {unit}")
        parts.append(f"Tính đến ngày {format_date_short(self.today)}")
        export_rows_to_excel(
            self,
            self.model,
            "Việc khắc phục",
            f"VIỆC KHẮC PHỤC SAU KIỂM TRA – {self.period_combo.currentText().upper()}",
            "; ".join(parts),
        )

    def overview_model_rows(self) -> list[UnitActionCounts]:
        rows = [self.overview_model.row_at(i) for i in range(self.overview_model.rowCount())]
        return sorted(rows, key=lambda c: collation_key(c.unit_name))
