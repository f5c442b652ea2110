"""The visit form (biên bản kiểm tra): the checklist with the unit's reported figure beside the
verified one, typed in the criterion's kind with the keyboard alone if wished, the team's
judgement and remarks, findings and recommendations, photos per item, and the visit's
follow-up actions; saving records the minutes in one transaction."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from html import escape

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import CriterionKind, VisitStatus
from kt_desktop.domain.labels import JUDGEMENT_LABELS, UNIT_KIND_LABELS
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.gui.record_views import ROW_HEIGHT, record_table_view
from kt_desktop.services.database import Database
from kt_desktop.services.figures import Figure, measured
from kt_desktop.services.inspection_documents import day_text
from kt_desktop.services.inspections import (
    ActionRow,
    ChecklistRow,
    ItemRecord,
    VisitRecord,
    VisitSheet,
    add_action,
    add_free_item,
    checklist,
    complete_action,
    delete_action,
    list_actions,
    record_visit,
    remove_free_item,
    reopen_action,
    update_action,
)
from kt_desktop.text import format_date_short, format_number, format_percent, parse_number

# Columns of the checklist.
CODE, TEXT, TARGET, REPORTED, VERIFIED, DENOMINATOR, RATE, JUDGEMENT, REMARKS, FILES = range(10)
HEADERS = (
    "Mã",
    "Nội dung kiểm tra",
    "Chỉ tiêu",
    "Đơn vị báo cáo",
    "Xác minh",
    "Mẫu số",
    "Tỷ lệ",
    "Đánh giá",
    "Nhận xét của đoàn",
    "Tệp",
)
HEADER_TIPS = {
    REPORTED: "Số liệu đơn vị đã báo cáo (chỉ xem)",
    VERIFIED: "Số liệu đoàn xác minh: tử số của tỷ lệ, số lượng, hoặc Có/Không",
    DENOMINATOR: "Mẫu số xác minh (chỉ với tiêu chí tỷ lệ)",
    RATE: "Tỷ lệ tính từ tử số và mẫu số xác minh",
    JUDGEMENT: "Đánh giá của đoàn: Đạt, Chưa đạt hoặc Không áp dụng",
    FILES: "Số tệp minh chứng (ảnh chụp, tài liệu) của mục",
}
WIDTHS = {
    CODE: 52,
    TARGET: 76,
    REPORTED: 150,
    VERIFIED: 92,
    DENOMINATOR: 92,
    RATE: 74,
    JUDGEMENT: 118,
    REMARKS: 230,
    FILES: 44,
}
YES_TEXT, NO_TEXT = "Có", "Không"
JUDGEMENT_CHOICES = ("", *JUDGEMENT_LABELS.values())
YES_NO_CHOICES = ("", YES_TEXT, NO_TEXT)
JUDGEMENT_BY_TEXT = {text: judgement for judgement, text in JUDGEMENT_LABELS.items()}
READ_ONLY_BRUSH = QBrush(QColor("#f1f1f1"))
DIFFERENT_BRUSH = QBrush(QColor("#ffe3b3"))
NOT_MET_BRUSH = QBrush(QColor("#b00020"))
ITEM_NOTE = "Chọn một mục trong bảng để xem, đính kèm ảnh chụp và tài liệu của mục đó."
ACTION_NOTE = "Chọn một việc khắc phục để xem, đính kèm minh chứng đơn vị đã khắc phục."
DEFAULT_ACTION_DAYS = 30
BANNER_STYLE = "background: #fff4e5; border: 1px solid #e0a040; padding: 6px; color: #6b3d00;"
ERROR_STYLE = "color: #b00020;"
_ITEM_LABEL = re.compile(r"Kiểm tra – (.+?): ")


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


def date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(qdate(value))
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    return edit


def plain_text(text: str = "", height: int = 0) -> QPlainTextEdit:
    """A multi-line box where Tab moves on (the form is used with the keyboard alone)."""
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)
    if height:
        edit.setFixedHeight(height)
    return edit


def no_default_buttons(dialog: QDialog) -> None:
    """Enter in a table cell commits the cell; it must never press Save or Close."""
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)


def editable_columns(row: ChecklistRow) -> tuple[int, ...]:
    """The cells a clerk types in, by the criterion's kind."""
    if row.kind == CriterionKind.RATE:
        return (VERIFIED, DENOMINATOR, JUDGEMENT, REMARKS)
    if row.kind in (CriterionKind.COUNT, CriterionKind.YES_NO):
        return (VERIFIED, JUDGEMENT, REMARKS)
    return (JUDGEMENT, REMARKS)


def _number_text(value: Decimal | None) -> str:
    return format_number(value) if value is not None else ""


def _parse(text: str, what: str) -> Decimal | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        return parse_number(cleaned)
    except ValueError as error:
        raise ValidationError(f"{what}: {error}", field="verified_figure") from None


class CellError(ValidationError):
    """A cell that can't be read, with where it is so the form can point at it."""

    def __init__(self, message: str, row: int, column: int) -> None:
        super().__init__(message, field="verified_figure")
        self.row = row
        self.column = column


# --- the checklist table -------------------------------------------------------------------


class ChecklistDelegate(QStyledItemDelegate):
    """A combo box for the judgement and for a yes/no figure, a line edit elsewhere."""

    def __init__(self, table: ChecklistTable) -> None:
        super().__init__(table)
        self.table = table

    def createEditor(self, parent, option, index):
        choices = self.table.choices(index.row(), index.column())
        if choices is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.addItems(list(choices))
        return combo

    def setEditorData(self, editor, index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findText(index.data() or ""), 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
            return
        super().setModelData(editor, model, index)


class ChecklistTable(QTableWidget):
    """Tab and Shift+Tab go from one editable cell to the next, row by row, and leave the
    table after the last; typing starts editing, Enter commits (or opens a cell), Delete
    clears a cell."""

    def __init__(self, parent=None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.editable: list[tuple[int, ...]] = []
        self.kinds: list[CriterionKind | None] = []
        self.setItemDelegate(ChecklistDelegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT + 2)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for column, title in enumerate(HEADERS):
            item = QTableWidgetItem(title)
            if column in HEADER_TIPS:
                item.setToolTip(HEADER_TIPS[column])
            self.setHorizontalHeaderItem(column, item)
            if column == TEXT:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                self.setColumnWidth(column, WIDTHS[column])

    def is_editable(self, row: int, column: int) -> bool:
        return 0 <= row < len(self.editable) and column in self.editable[row]

    def choices(self, row: int, column: int) -> tuple[str, ...] | None:
        if column == JUDGEMENT:
            return JUDGEMENT_CHOICES
        if column == VERIFIED and self.kinds[row] == CriterionKind.YES_NO:
            return YES_NO_CHOICES
        return None

    def editable_cells(self) -> list[tuple[int, int]]:
        return [(row, column) for row, columns in enumerate(self.editable) for column in columns]

    def moveCursor(self, cursorAction, modifiers):
        forward = cursorAction == QAbstractItemView.CursorAction.MoveNext
        if forward or cursorAction == QAbstractItemView.CursorAction.MovePrevious:
            current = self.currentIndex()
            here = (current.row(), current.column()) if current.isValid() else (-1, len(HEADERS))
            cells = self.editable_cells()
            if forward:
                later = [cell for cell in cells if cell > here]
                target = later[0] if later else None
            else:
                earlier = [cell for cell in cells if cell < here]
                target = earlier[-1] if earlier else None
            # No cell left: an invalid index lets Tab move on to the next widget.
            return self.model().index(*target) if target else QModelIndex()
        return super().moveCursor(cursorAction, modifiers)

    def keyPressEvent(self, event) -> None:
        current = self.currentIndex()
        editing = self.state() == QAbstractItemView.State.EditingState
        on_editable = current.isValid() and self.is_editable(current.row(), current.column())
        if not editing and on_editable:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit(current)
                event.accept()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                item = self.item(current.row(), current.column())
                if item is not None:
                    item.setText("")
                event.accept()
                return
        if editing and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # The editor already committed; the key must not reach the dialog.
            event.accept()
            return
        super().keyPressEvent(event)


# --- small dialogs for actions -------------------------------------------------------------


class ActionDialog(RecordDialog):
    """Add or change one follow-up action of a visit: what, by when, from which item."""

    def __init__(
        self,
        db: Database,
        sheet: VisitSheet,
        action: ActionRow | None = None,
        item_id: int | None = None,
        parent=None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.sheet = sheet
        self.action = action
        self.today = today or date.today()
        self.setWindowTitle("Sửa việc khắc phục" if action else "Thêm việc khắc phục")
        self.resize(620, 360)
        heading = QLabel(
            f"<b>{escape(sheet.unit_name)}</b> · kiểm tra ngày "
            f"{format_date_short(sheet.visit_date)}"
        )
        self.description = plain_text(action.description if action else "", 110)
        self.description.setPlaceholderText(
            "Việc đơn vị cần làm, ví dụ: Rà soát, điều chỉnh số liệu báo cáo cho khớp với hệ thống"
        )
        start = max(self.today, sheet.visit_date)
        self.due = date_edit(action.due_date if action else start + timedelta(DEFAULT_ACTION_DAYS))
        self.item = QComboBox()
        self.item.addItem("(Không gắn với mục nào)", None)
        for row in sheet.rows:
            label = f"{row.code} – {row.wording}" if row.code else row.wording
            self.item.addItem(label[:90] + ("…" if len(label) > 90 else ""), row.item_id)
        chosen = action.item_id if action else item_id
        self.item.setCurrentIndex(max(self.item.findData(chosen), 0))
        form = QFormLayout()
        form.addRow("Nội dung cần khắc phục:", self.description)
        form.addRow("Hạn hoàn thành:", self.due)
        form.addRow("Từ mục kiểm tra:", self.item)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setup_record_dialog(
            buttons,
            self.error_label,
            {"description": self.description, "due_date": self.due, "item_id": self.item},
        )

    def persist(self) -> int:
        text = self.description.toPlainText()
        item_id = self.item.currentData()
        if self.action is None:
            return add_action(
                self.db, self.sheet.visit_id, text, pydate(self.due), item_id, self.today
            )
        update_action(self.db, self.action.id, text, pydate(self.due), item_id)
        return self.action.id


class ActionDoneDialog(RecordDialog):
    """Mark a follow-up action done: on which day, and what the unit did."""

    def __init__(
        self, db: Database, action: ActionRow, parent=None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.action = action
        self.today = today or date.today()
        self.setWindowTitle("Hoàn thành việc khắc phục")
        self.resize(600, 340)
        what = QLabel(
            f"<b>{escape(action.unit_name)}</b>: {escape(action.description)}<br>"
            f"Hạn: {format_date_short(action.due_date)}"
        )
        what.setWordWrap(True)
        self.done_on = date_edit(self.today)
        self.note = plain_text("", 100)
        self.note.setPlaceholderText(
            "Đơn vị đã làm gì, căn cứ nào (ví dụ: Báo cáo số 15/BC-TĐ ngày 20/11/2026)"
        )
        form = QFormLayout()
        form.addRow("Ngày hoàn thành:", self.done_on)
        form.addRow("Kết quả khắc phục:", self.note)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setup_record_dialog(
            buttons, self.error_label, {"done_on": self.done_on, "note": self.note}
        )

    def persist(self) -> int:
        complete_action(
            self.db, self.action.id, pydate(self.done_on), self.note.toPlainText(), self.today
        )
        return self.action.id


def action_status_text(row: ActionRow) -> str:
    if row.overdue:
        return f"{row.status_text} {format_number(row.days_overdue)} ngày"
    return row.status_text


def visit_action_columns() -> list[Column[ActionRow]]:
    return [
        Column("Nội dung cần khắc phục", lambda a: a.description, tooltip=True),
        Column("Mục", lambda a: a.item_label, tooltip=True),
        Column("Hạn", lambda a: format_date_short(a.due_date), sort_key=lambda a: a.due_date),
        Column("Trạng thái", action_status_text),
        Column(
            "Ngày hoàn thành",
            lambda a: format_date_short(a.done_on) if a.done_on else "",
            sort_key=lambda a: a.done_on or date.max,
        ),
        Column("Kết quả khắc phục", lambda a: a.done_note, tooltip=True),
        Column(
            "Tệp",
            lambda a: format_number(a.evidence_count) if a.evidence_count else "",
            align_right=True,
        ),
    ]


class ActionTableModel(RecordTableModel[ActionRow]):
    """Actions with "Quá hạn" in red."""

    def __init__(self, columns: list[Column[ActionRow]], parent=None) -> None:
        super().__init__(
            columns,
            search_text=lambda a: f"{a.unit_name} {a.description} {a.done_note}",
            default_sort=lambda a: 0,  # the service's order: open first, by deadline
            is_dimmed=lambda a: not a.is_open,
            parent=parent,
        )
        self._status_column = [c.title for c in columns].index("Trạng thái")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.column() == self._status_column
            and 0 <= index.row() < self.rowCount()
            and self.row_at(index.row()).overdue
        ):
            return NOT_MET_BRUSH
        return super().data(index, role)


# --- the form ------------------------------------------------------------------------------


class VisitDialog(QDialog):
    """`ask()` is True when the minutes were saved; `changed` also tells of what was written
    on the way (evidence files, free items, actions) even if the clerk then cancels."""

    def __init__(self, db: Database, visit_id: int, parent=None, today: date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.visit_id = visit_id
        self.today = today or date.today()
        self.sheet = checklist(db, visit_id)
        self.saved = False
        self.changed = False
        self._dirty = False
        self._filling = False
        sheet = self.sheet
        self.read_only = bool(sheet.lock_reason) or sheet.status == VisitStatus.CLOSED
        self.setWindowTitle(f"Biên bản kiểm tra – {sheet.unit_name}")
        self.resize(1340, 840)

        # --- header ---
        when = day_text(sheet.visit_date)
        if sheet.start_time:
            when += f", {sheet.start_time}"
        heading = QLabel(
            f"<span style='font-size: 13pt'><b>{escape(sheet.unit_name)}</b></span> "
            f"({UNIT_KIND_LABELS[sheet.unit_kind]}) · {when}"
            + (f" · {escape(sheet.place)}" if sheet.place else "")
        )
        heading.setWordWrap(True)
        self.status_label = QLabel()
        team = "; ".join(f"{m.full_name} ({m.role_text.lower()})" for m in sheet.team)
        team_label = QLabel(f"Đoàn kiểm tra: {escape(team) if team else '(chưa có thành viên)'}")
        team_label.setWordWrap(True)
        team_label.setStyleSheet("color: #333;")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()

        # --- checklist tab ---
        self.table = ChecklistTable()
        self.table.setToolTip(
            "Gõ số liệu xác minh vào ô trắng; Tab sang ô kế tiếp, Enter để xác nhận, "
            "Delete để xóa ô."
        )
        self.add_item_button = QPushButton("Thêm mục kiểm tra…")
        self.remove_item_button = QPushButton("Bỏ mục đã thêm")
        self.add_item_action_button = QPushButton("Giao việc khắc phục cho mục này…")
        item_buttons = QHBoxLayout()
        hint = QLabel(
            "Ô trắng nhập được: gõ để sửa, Tab sang ô kế tiếp, Enter để xác nhận, Delete để xóa."
            if not self.read_only
            else "Biên bản chỉ xem."
        )
        hint.setStyleSheet("color: #555;")
        item_buttons.addWidget(hint, 1)
        item_buttons.addWidget(self.add_item_action_button)
        item_buttons.addWidget(self.add_item_button)
        item_buttons.addWidget(self.remove_item_button)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumWidth(360)
        from kt_desktop.gui.widgets.evidence_panel import EvidencePanel

        self.item_evidence = EvidencePanel(db, None, no_owner_note=ITEM_NOTE)
        self.item_evidence.changed.connect(self._item_evidence_changed)
        evidence_box = QGroupBox("Ảnh chụp, tài liệu của mục đang chọn")
        QVBoxLayout(evidence_box).addWidget(self.item_evidence)
        detail_box = QGroupBox("Mục đang chọn")
        QVBoxLayout(detail_box).addWidget(self.detail)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(detail_box)
        lower.addWidget(evidence_box)
        lower.setStretchFactor(1, 1)
        lower.setSizes([460, 840])
        checklist_page = QWidget()
        checklist_layout = QVBoxLayout(checklist_page)
        checklist_layout.addLayout(item_buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([430, 230])
        checklist_layout.addWidget(splitter, 1)

        # --- findings tab ---
        self.attendees = plain_text(sheet.attendees, 64)
        self.attendees.setPlaceholderText(
            "Ví dụ: Ông Đỗ Ngọc Liên – Trưởng thôn; bà Nguyễn Thị Hà – Chi hội trưởng Chi hội "
            "Phụ nữ"
        )
        self.findings = plain_text(sheet.findings)
        self.findings.setPlaceholderText("Những gì đoàn ghi nhận qua kiểm tra: kết quả, tồn tại")
        self.recommendations = plain_text(sheet.recommendations)
        self.recommendations.setPlaceholderText("Đề nghị đơn vị khắc phục, bổ sung những gì")
        notes_page = QWidget()
        notes_form = QFormLayout(notes_page)
        notes_form.addRow("Thành phần dự của đơn vị:", self.attendees)
        notes_form.addRow("Nhận xét (kết quả kiểm tra):", self.findings)
        notes_form.addRow("Kiến nghị:", self.recommendations)

        # --- actions tab ---
        self.action_model = ActionTableModel(visit_action_columns(), self)
        self.action_table = record_table_view(self.action_model, [0, 60, 86, 150, 130, 260, 44], 0)
        self.add_action_button = QPushButton("Thêm việc khắc phục…")
        self.edit_action_button = QPushButton("Sửa…")
        self.done_action_button = QPushButton("Đã hoàn thành…")
        self.reopen_action_button = QPushButton("Mở lại")
        self.delete_action_button = QPushButton("Xóa")
        action_buttons = QHBoxLayout()
        for button in (
            self.add_action_button,
            self.edit_action_button,
            self.done_action_button,
            self.reopen_action_button,
            self.delete_action_button,
        ):
            action_buttons.addWidget(button)
        action_buttons.addStretch(1)
        self.action_evidence = EvidencePanel(db, None, no_owner_note=ACTION_NOTE)
        self.action_evidence.changed.connect(self._action_evidence_changed)
        action_evidence_box = QGroupBox("Minh chứng khắc phục của việc đang chọn")
        QVBoxLayout(action_evidence_box).addWidget(self.action_evidence)
        actions_page = QWidget()
        actions_layout = QVBoxLayout(actions_page)
        actions_layout.addLayout(action_buttons)
        actions_split = QSplitter(Qt.Orientation.Vertical)
        actions_split.addWidget(self.action_table)
        actions_split.addWidget(action_evidence_box)
        actions_split.setSizes([330, 250])
        actions_layout.addWidget(actions_split, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(checklist_page, "Nội dung kiểm tra")
        self.tabs.addTab(notes_page, "Thành phần, nhận xét, kiến nghị")
        self.tabs.addTab(actions_page, "Việc khắc phục")

        # --- bottom ---
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.blank_button = QPushButton("In biên bản trắng…")
        self.blank_button.setToolTip(
            "Mẫu biên bản in sẵn đơn vị, thành phần đoàn và các mục kiểm tra để ghi tay"
        )
        self.save_button = QPushButton("Lưu biên bản")
        self.save_button.setToolTip("Lưu (Ctrl+S)")
        self.close_button = QPushButton("Đóng")
        bottom = QHBoxLayout()
        bottom.addWidget(self.blank_button)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.status_label)
        layout.addWidget(team_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(bottom)

        self.table.itemChanged.connect(self._cell_changed)
        self.table.currentCellChanged.connect(lambda *_args: self._show_current())
        for edit in (self.attendees, self.findings, self.recommendations):
            edit.textChanged.connect(self._mark_dirty)
        self.add_item_button.clicked.connect(self.add_free_item)
        self.remove_item_button.clicked.connect(self.remove_free_item)
        self.add_item_action_button.clicked.connect(self.add_action_for_item)
        self.add_action_button.clicked.connect(lambda: self.add_action())
        self.edit_action_button.clicked.connect(self.edit_action)
        self.done_action_button.clicked.connect(self.complete_action)
        self.reopen_action_button.clicked.connect(self.reopen_action)
        self.delete_action_button.clicked.connect(self.delete_action)
        self.action_table.doubleClicked.connect(lambda _index: self.edit_action())
        self.action_table.selectionModel().selectionChanged.connect(self._action_chosen)
        self.blank_button.clicked.connect(self.print_blank)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)

        self._fill()
        self._show_state()
        self.reload_actions()
        no_default_buttons(self)
        if self.table.rowCount():
            first = self.table.editable_cells()
            self.table.setCurrentCell(*(first[0] if first else (0, CODE)))
        self.table.setFocus()

    # --- filling -------------------------------------------------------------------------

    def _item(self, text: str, editable: bool, align_right: bool = False) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        else:
            item.setBackground(READ_ONLY_BRUSH)
        item.setFlags(flags)
        if align_right:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def _fill(self) -> None:
        self._filling = True
        rows = self.sheet.rows
        self.table.setRowCount(0)
        self.table.editable = []
        self.table.kinds = []
        for row in rows:
            self._append_row(row)
        self._filling = False

    def _append_row(self, row: ChecklistRow) -> None:
        position = self.table.rowCount()
        self.table.insertRow(position)
        editable = () if self.read_only else editable_columns(row)
        self.table.editable.append(editable)
        self.table.kinds.append(row.kind)
        verified = row.verified or Figure()
        if row.kind == CriterionKind.RATE:
            first, second = _number_text(verified.numerator), _number_text(verified.denominator)
        elif row.kind == CriterionKind.COUNT:
            first, second = _number_text(verified.value), ""
        elif row.kind == CriterionKind.YES_NO:
            first = {True: YES_TEXT, False: NO_TEXT, None: ""}[verified.yes_no]
            second = ""
        else:
            first = second = ""
        cells = {
            CODE: self._item(row.code, False),
            TEXT: self._item(row.wording, False),
            TARGET: self._item(row.target_text, False),
            REPORTED: self._item(row.reported_text, False),
            VERIFIED: self._item(first, VERIFIED in editable, align_right=True),
            DENOMINATOR: self._item(second, DENOMINATOR in editable, align_right=True),
            RATE: self._item("", False, align_right=True),
            JUDGEMENT: self._item(row.judgement_text, JUDGEMENT in editable),
            REMARKS: self._item(row.remarks, REMARKS in editable),
            FILES: self._item(
                format_number(row.evidence_count) if row.evidence_count else "",
                False,
                align_right=True,
            ),
        }
        cells[TEXT].setToolTip(f"{row.code} – {row.wording}" if row.code else row.wording)
        cells[REPORTED].setToolTip(row.reported_text)
        if row.kind == CriterionKind.RATE:
            cells[VERIFIED].setToolTip(f"Tử số: {row.numerator_label or 'tử số'}")
            cells[DENOMINATOR].setToolTip(f"Mẫu số: {row.denominator_label or 'mẫu số'}")
        elif row.kind == CriterionKind.COUNT:
            cells[VERIFIED].setToolTip("Số lượng xác minh")
        elif row.kind == CriterionKind.YES_NO:
            cells[VERIFIED].setToolTip("Gõ C (Có) hoặc K (Không)")
        for column, cell in cells.items():
            self.table.setItem(position, column, cell)
        self._refresh_rate(position)

    def _show_state(self) -> None:
        sheet = self.sheet
        self.status_label.setText(
            f"Đợt: {sheet.round_name} · Trạng thái: <b>{sheet.status_text}</b>"
        )
        notes = []
        if sheet.lock_reason:
            notes.append(
                f"Kết quả của kỳ này đã khóa: {sheet.lock_reason}. Biên bản chỉ xem, không sửa "
                "được."
            )
        elif sheet.status == VisitStatus.CLOSED:
            notes.append("Cuộc kiểm tra đã kết thúc: biên bản chỉ xem, không sửa được.")
        elif sheet.visit_date > self.today:
            notes.append(
                f"Cuộc kiểm tra diễn ra ngày {format_date_short(sheet.visit_date)}, chưa đến: "
                "biên bản chỉ ghi được sau buổi kiểm tra. Có thể in biên bản trắng để mang đi."
            )
        self.banner.setText(" ".join(notes))
        self.banner.setVisible(bool(notes))
        for widget in (self.attendees, self.findings, self.recommendations):
            widget.setReadOnly(self.read_only)
        for button in (self.save_button, self.add_item_button, self.remove_item_button):
            button.setEnabled(not self.read_only)
        self._show_current()

    # --- the table -----------------------------------------------------------------------

    def row_of_item(self, item_id: int) -> int:
        return next(i for i, row in enumerate(self.sheet.rows) if row.item_id == item_id)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _set_text(self, row: int, column: int, text: str) -> None:
        item = self.table.item(row, column)
        if item is not None:
            item.setText(text)

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        row, column = item.row(), item.column()
        if column in (VERIFIED, DENOMINATOR) and self.table.kinds[row] in (
            CriterionKind.RATE,
            CriterionKind.COUNT,
        ):
            # Show what was typed as the office writes numbers ("1068" → "1.068").
            try:
                value = parse_number(item.text()) if item.text().strip() else None
            except ValueError:
                value = None
            if value is not None and format_number(value) != item.text():
                self._filling = True
                item.setText(format_number(value))
                self._filling = False
        if column in (VERIFIED, DENOMINATOR):
            self._refresh_rate(row)
        self._mark_dirty()
        if row == self.table.currentRow():
            self._show_current()

    def _refresh_rate(self, position: int) -> None:
        row = self.sheet.rows[position]
        rate_item = self.table.item(position, RATE)
        verified_item = self.table.item(position, VERIFIED)
        if rate_item is None or verified_item is None:
            return
        figure = None
        try:
            figure = self._figure(position)
        except ValidationError:
            figure = None
        text = ""
        if row.kind == CriterionKind.RATE and figure is not None:
            value = measured(row.kind, figure)
            text = format_percent(value, 2) if value is not None else ""
        self._filling, was = True, self._filling
        rate_item.setText(text)
        now = measured(row.kind, figure) if figure is not None and row.kind else None
        before = measured(row.kind, row.reported) if row.reported is not None and row.kind else None
        differs = now is not None and before is not None and now != before
        if row.kind == CriterionKind.YES_NO and figure is not None and row.reported is not None:
            differs = figure.yes_no != row.reported.yes_no
        # A verified figure that differs from the report stands out (a discrepancy to come).
        background = DIFFERENT_BRUSH if differs else None
        for column in (VERIFIED, DENOMINATOR, RATE):
            cell = self.table.item(position, column)
            if cell is None:
                continue
            if background is not None and (
                column == RATE or column in self.table.editable[position] or self.read_only
            ):
                cell.setBackground(background)
            elif column in self.table.editable[position]:
                cell.setBackground(QBrush())
            else:
                cell.setBackground(READ_ONLY_BRUSH)
        self._filling = was

    def _figure(self, position: int) -> Figure | None:
        """The verified figure typed on a row, in its criterion's kind; None when empty."""
        row = self.sheet.rows[position]
        label = row.code or "Mục bổ sung"
        first, second = self._text(position, VERIFIED), self._text(position, DENOMINATOR)
        if row.kind == CriterionKind.RATE:
            try:
                numerator = _parse(first, f"{label} – Tử số xác minh")
            except ValidationError as error:
                raise CellError(error.message, position, VERIFIED) from None
            try:
                denominator = _parse(second, f"{label} – Mẫu số xác minh")
            except ValidationError as error:
                raise CellError(error.message, position, DENOMINATOR) from None
            if numerator is None and denominator is None:
                # A rate verified as a percentage only (before counts were asked for) stays
                # as it was until counts are typed.
                kept = row.verified
                if kept is not None and kept.numerator is None and kept.value is not None:
                    return kept
                return None
            return Figure(numerator=numerator, denominator=denominator)
        if row.kind == CriterionKind.COUNT:
            try:
                value = _parse(first, f"{label} – Số lượng xác minh")
            except ValidationError as error:
                raise CellError(error.message, position, VERIFIED) from None
            return Figure(value=value) if value is not None else None
        if row.kind == CriterionKind.YES_NO:
            answer = {YES_TEXT: True, NO_TEXT: False}.get(first.strip())
            return Figure(yes_no=answer) if answer is not None else None
        return None

    def _show_current(self) -> None:
        position = self.table.currentRow()
        if not 0 <= position < len(self.sheet.rows):
            self.detail.setText("")
            self.item_evidence.set_owner(None)
            self.remove_item_button.setEnabled(False)
            self.add_item_action_button.setEnabled(False)
            return
        row = self.sheet.rows[position]
        parts = [
            f"<b>{escape(row.code)}</b> – {escape(row.wording)}"
            if row.code
            else f"<b>Mục do đoàn bổ sung:</b> {escape(row.wording)}"
        ]
        if row.target_text:
            parts.append(f"Chỉ tiêu: {escape(row.target_text)}")
        if row.kind == CriterionKind.RATE:
            parts.append(f"<i>Tử số:</i> {escape(row.numerator_label or 'tử số')}")
            parts.append(f"<i>Mẫu số:</i> {escape(row.denominator_label or 'mẫu số')}")
        elif row.kind == CriterionKind.QUALITATIVE:
            parts.append("Tiêu chí định tính: đoàn ghi đánh giá và nhận xét, không có số liệu.")
        elif row.is_free:
            parts.append("Mục bổ sung: đoàn ghi đánh giá và nhận xét, không có số liệu.")
        if row.code:
            parts.append(f"<i>Đơn vị báo cáo:</i> {escape(row.reported_text)}")
        try:
            figure = self._figure(position)
        except ValidationError:
            figure = None
        if figure is not None and row.kind is not None:
            from kt_desktop.services.results import figure_text

            parts.append(f"<i>Đoàn xác minh:</i> {escape(figure_text(row.kind, figure))}")
        remarks = self._text(position, REMARKS)
        if remarks:
            parts.append(f"<i>Nhận xét:</i> {escape(remarks)}")
        self.detail.setText("<br>".join(parts))
        from kt_desktop.services.evidence import EvidenceOwner

        owner = EvidenceOwner.inspection_item(row.item_id)
        if self.item_evidence.owner != owner:
            self.item_evidence.set_owner(owner)
        self.remove_item_button.setEnabled(row.is_free and not self.read_only)
        self.add_item_action_button.setEnabled(True)

    def _item_evidence_changed(self) -> None:
        self.changed = True
        position = self.table.currentRow()
        if 0 <= position < len(self.sheet.rows):
            count = len(self.item_evidence.rows())
            self._filling, was = True, self._filling
            self._set_text(position, FILES, format_number(count) if count else "")
            self._filling = was

    def _mark_dirty(self) -> None:
        if not self._filling:
            self._dirty = True

    # --- free items ----------------------------------------------------------------------

    def add_free_item(self) -> None:
        text = messages.ask_text(
            self,
            "Thêm mục kiểm tra",
            "Nội dung đoàn kiểm tra thêm (không có số liệu; đoàn ghi đánh giá và nhận xét):",
        )
        if text is None:
            return
        try:
            item_id = add_free_item(self.db, self.visit_id, text)
            sheet = checklist(self.db, self.visit_id)
        except UserError as error:
            messages.show_error(self, error, title="Chưa thêm được mục")
            return
        self.changed = True
        new_row = next(row for row in sheet.rows if row.item_id == item_id)
        self.sheet = _with_rows(self.sheet, [*self.sheet.rows, new_row])
        self._filling = True
        self._append_row(new_row)
        self._filling = False
        self.table.setCurrentCell(self.table.rowCount() - 1, JUDGEMENT)
        self.table.setFocus()

    def remove_free_item(self) -> None:
        position = self.table.currentRow()
        if not 0 <= position < len(self.sheet.rows) or not self.sheet.rows[position].is_free:
            return
        row = self.sheet.rows[position]
        if not messages.confirm(
            self, "Bỏ mục kiểm tra", f"Bỏ mục “{row.wording}” khỏi biên bản?", "Bỏ mục"
        ):
            return
        try:
            remove_free_item(self.db, row.item_id)
        except UserError as error:
            messages.show_error(self, error, title="Chưa bỏ được mục")
            return
        self.changed = True
        rows = list(self.sheet.rows)
        del rows[position]
        self.sheet = _with_rows(self.sheet, rows)
        del self.table.editable[position]
        del self.table.kinds[position]
        self.table.removeRow(position)
        self._show_current()

    # --- actions -------------------------------------------------------------------------

    def reload_actions(self, select_id: int | None = None) -> None:
        try:
            rows = list_actions(self.db, self.sheet.period_id, self.sheet.unit_id, self.today)
        except UserError as error:
            messages.show_error(self, error)
            return
        own = [row for row in rows if row.visit_id == self.visit_id]
        self.action_model.set_rows(own)
        self.tabs.setTabText(
            2, f"Việc khắc phục ({format_number(len(own))})" if own else "Việc khắc phục"
        )
        if select_id is not None:
            position = self.action_model.find_row(lambda a: a.id == select_id)
            if position >= 0:
                self.action_table.selectRow(position)
        self._action_chosen()

    def selected_action(self) -> ActionRow | None:
        indexes = self.action_table.selectionModel().selectedRows()
        return self.action_model.row_at(indexes[0].row()) if indexes else None

    def _action_chosen(self, *_args) -> None:
        action = self.selected_action()
        from kt_desktop.services.evidence import EvidenceOwner

        owner = EvidenceOwner.action(action.id) if action else None
        if self.action_evidence.owner != owner:
            self.action_evidence.set_owner(owner)
        self.edit_action_button.setEnabled(action is not None)
        self.done_action_button.setEnabled(action is not None and action.is_open)
        self.reopen_action_button.setEnabled(action is not None and not action.is_open)
        self.delete_action_button.setEnabled(action is not None)

    def _action_evidence_changed(self) -> None:
        self.changed = True
        action = self.selected_action()
        self.reload_actions(action.id if action else None)

    def add_action(self, item_id: int | None = None) -> None:
        dialog = ActionDialog(self.db, self.sheet, None, item_id, self, self.today)
        saved = dialog.ask()
        if saved is not None:
            self.changed = True
            self.reload_actions(saved)
            self.tabs.setCurrentIndex(2)

    def add_action_for_item(self) -> None:
        position = self.table.currentRow()
        if 0 <= position < len(self.sheet.rows):
            self.add_action(self.sheet.rows[position].item_id)

    def edit_action(self) -> None:
        action = self.selected_action()
        if action is None:
            return
        dialog = ActionDialog(self.db, self.sheet, action, None, self, self.today)
        if dialog.ask() is not None:
            self.changed = True
            self.reload_actions(action.id)

    def complete_action(self) -> None:
        action = self.selected_action()
        if action is None or not action.is_open:
            return
        if ActionDoneDialog(self.db, action, self, self.today).ask() is not None:
            self.changed = True
            self.reload_actions(action.id)

    def reopen_action(self) -> None:
        action = self.selected_action()
        if action is None or action.is_open:
            return
        if not messages.confirm(
            self,
            "Mở lại việc khắc phục",
            f"Mở lại việc “{action.description}”? Ngày và kết quả hoàn thành đã ghi sẽ bị xóa.",
            "Mở lại",
        ):
            return
        try:
            reopen_action(self.db, action.id)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.changed = True
        self.reload_actions(action.id)

    def delete_action(self) -> None:
        action = self.selected_action()
        if action is None:
            return
        if not messages.confirm(
            self, "Xóa việc khắc phục", f"Xóa việc “{action.description}”?", "Xóa"
        ):
            return
        try:
            delete_action(self.db, action.id)
        except UserError as error:
            messages.show_error(self, error, title="Chưa xóa được")
            return
        self.changed = True
        self.reload_actions()

    # --- printing ------------------------------------------------------------------------

    def print_blank(self) -> None:
        from kt_desktop.gui.dialogs import pdf_preview
        from kt_desktop.services.inspection_documents import blank_minutes_pdf

        try:
            pdf = blank_minutes_pdf(self.db, self.visit_id)
            pdf_preview.PdfPreviewDialog(
                pdf,
                f"Biên bản trắng – {self.sheet.unit_name}",
                f"Biên bản kiểm tra (mẫu trắng) – {self.sheet.unit_name}.pdf",
                self,
            ).exec()
        except UserError as error:
            messages.show_error(self, error, title="Chưa in được biên bản trắng")

    # --- saving --------------------------------------------------------------------------

    def record(self) -> VisitRecord:
        """What the form holds, as the service takes it; a cell that can't be read raises
        CellError."""
        items = []
        for position, row in enumerate(self.sheet.rows):
            judgement_text = self._text(position, JUDGEMENT).strip()
            items.append(
                ItemRecord(
                    item_id=row.item_id,
                    figure=self._figure(position),
                    judgement=JUDGEMENT_BY_TEXT.get(judgement_text),
                    remarks=self._text(position, REMARKS),
                )
            )
        return VisitRecord(
            attendees=self.attendees.toPlainText(),
            findings=self.findings.toPlainText(),
            recommendations=self.recommendations.toPlainText(),
            items=items,
        )

    def show_error(self, error: UserError) -> None:
        self.error_label.setText(str(error))
        self.error_label.show()
        if isinstance(error, CellError):
            self._point_at(error.row, error.column)
            return
        if isinstance(error, ValidationError):
            if error.field in ("attendees", "findings", "recommendations"):
                self.tabs.setCurrentIndex(1)
                getattr(self, error.field).setFocus()
                return
            match = _ITEM_LABEL.search(error.message)
            if match:
                label = match.group(1)
                for position, row in enumerate(self.sheet.rows):
                    if row.code == label or (row.is_free and f"“{row.wording[:20]}" in label):
                        column = {
                            "judgement": JUDGEMENT,
                            "remarks": REMARKS,
                        }.get(error.field, VERIFIED)
                        self._point_at(position, column)
                        return

    def _point_at(self, row: int, column: int) -> None:
        self.tabs.setCurrentIndex(0)
        self.table.setCurrentCell(row, column)
        self.table.setFocus()

    def save(self) -> None:
        if self.read_only:
            return
        if self.table.state() == QAbstractItemView.State.EditingState:
            # Ctrl+S while a cell is open: take what it holds.
            editor = self.focusWidget()
            if editor is not None:
                self.table.commitData(editor)
                self.table.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)
        try:
            record_visit(self.db, self.visit_id, self.record(), self.today)
        except UserError as error:
            self.show_error(error)
            return
        self.saved = True
        self.changed = True
        self.accept()

    def reject(self) -> None:
        if (
            self._dirty
            and not self.read_only
            and not messages.confirm(
                self,
                "Đóng biên bản",
                "Những gì vừa nhập vào biên bản chưa được lưu. Đóng mà không lưu?",
                "Đóng, không lưu",
            )
        ):
            return
        super().reject()

    def ask(self) -> bool:
        """Run the form; True when the minutes were saved."""
        self.exec()
        return self.saved


def _with_rows(sheet: VisitSheet, rows: list[ChecklistRow]) -> VisitSheet:
    from dataclasses import replace

    return replace(sheet, rows=rows)
