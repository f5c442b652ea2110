"""Khen thưởng: a period's award rounds; for the chosen round its proposals (suggested from
the record, added and edited by hand, checked against the eligibility rules), the council's
meeting with attendance, quorum and votes, and the decision, certificates and dossier tabs."""

from __future__ import annotations

import importlib
from datetime import date
from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import RecipientKind
from kt_desktop.domain.labels import PROPOSAL_SOURCE_LABELS, RECIPIENT_KIND_LABELS
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs.proposal_dialog import lock_reason, result_text, votes_text
from kt_desktop.gui.dialogs.visit_dialog import (
    BANNER_STYLE,
    date_edit,
    plain_text,
    pydate,
    qdate,
)
from kt_desktop.gui.period_combo import fill_period_combo
from kt_desktop.gui.record_table import DIMMED, Column, RecordTableModel
from kt_desktop.gui.record_views import ROW_HEIGHT, record_table_view
from kt_desktop.services import awards
from kt_desktop.services.awards import ProposalLine, RoundRow, RoundView
from kt_desktop.services.database import Database
from kt_desktop.text import format_date_short, format_number, name_sort_key

TITLE = "Khen thưởng"
SUGGEST_TEXT = "Gợi ý từ kết quả xếp hạng, sáng kiến, danh sách đơn vị đề nghị"
NEW_ROUND_TEXT = "Đợt khen thưởng mới…"
BLOCKED_TEXT = "Chưa đạt điều kiện"
PASSED_BRUSH = QBrush(QColor("#1b6e1b"))
FAILED_BRUSH = QBrush(QColor("#b00020"))
ACCEPTED_BRUSH = QBrush(QColor("#9a5b00"))
NOTE_STYLE = "color: #555;"
QUORUM_OK_STYLE = "color: #1b6e1b; font-weight: bold;"
QUORUM_SHORT_STYLE = "color: #b00020; font-weight: bold;"
NO_COUNCIL_TEXT = (
    "Chưa có danh sách thành viên Hội đồng Thi đua – Khen thưởng cho đợt này. Hãy nhập thành "
    "viên ở Cài đặt › Khen thưởng."
)


def round_label(row: RoundRow) -> str:
    """The round's name, and "(đã có QĐ số 12/QĐ-UBND ngày 05/01/2026)" once issued."""
    if not row.decision_text:
        return row.name
    decision = row.decision_text.removeprefix("Quyết định số ")
    return f"{row.name} (đã có QĐ số {decision})"


def condition_text(line: ProposalLine) -> str:
    if line.locked and not line.voted:
        return "—"
    if not line.failures:
        return "Đạt"
    if line.override_reason:
        return f"Chấp nhận: {line.override_reason}"
    return "; ".join(failure.text for failure in line.failures)


def condition_tooltip(line: ProposalLine) -> str:
    if line.locked and not line.voted:
        return "Đợt đã có quyết định; đề nghị này không được Hội đồng biểu quyết."
    if not line.failures:
        return "Đạt các điều kiện khen thưởng."
    lines = ["Chưa đạt điều kiện:", *(f"• {failure.text}" for failure in line.failures)]
    if line.override_reason:
        lines.append(f"Văn phòng vẫn đề nghị, lý do: {line.override_reason}")
    return "\n".join(lines)


def position_and_unit(line: ProposalLine) -> str:
    return ", ".join(part for part in (line.position, line.unit_name) if part)


def source_tooltip(line: ProposalLine) -> str:
    label = PROPOSAL_SOURCE_LABELS[line.source]
    return f"{label}: {line.source_note}" if line.source_note else label


def proposal_summary(lines: list[ProposalLine]) -> str:
    """ "22 đề nghị: 17 tập thể, 5 cá nhân; 3 chưa đạt điều kiện"."""
    if not lines:
        return "Chưa có đề nghị nào."
    collectives = sum(1 for p in lines if p.recipient_kind == RecipientKind.COLLECTIVE)
    people = len(lines) - collectives
    blocked = sum(1 for p in lines if p.blocked)
    accepted = sum(1 for p in lines if p.failures and p.override_reason)
    text = (
        f"{format_number(len(lines))} đề nghị: {format_number(collectives)} tập thể, "
        f"{format_number(people)} cá nhân; "
    )
    text += f"{format_number(blocked)} chưa đạt điều kiện" if blocked else "đều đạt điều kiện"
    if accepted:
        text += f", {format_number(accepted)} được chấp nhận có lý do"
    voted = [p for p in lines if p.voted]
    if voted:
        passed = sum(1 for p in voted if p.passed)
        text += f". Đã biểu quyết {format_number(len(voted))}, thông qua {format_number(passed)}"
    return text + "."


# --- the proposals' table -----------------------------------------------------------------


class ProposalTableModel(RecordTableModel[ProposalLine]):
    """Proposals with the conditions in green, red or amber and the result coloured."""

    def __init__(self, parent=None) -> None:
        columns: list[Column[ProposalLine]] = [
            Column(
                "STT",
                lambda p: str(self._numbers.get(p.id, "")),
                sort_key=lambda p: self._numbers.get(p.id, 0),
                align_right=True,
            ),
            Column(
                "Tập thể/Cá nhân",
                lambda p: RECIPIENT_KIND_LABELS[p.recipient_kind],
            ),
            Column(
                "Tên",
                lambda p: p.addressed_name,
                sort_key=lambda p: name_sort_key(p.name),
                tooltip=True,
            ),
            Column("Chức vụ, đơn vị", position_and_unit, tooltip=True),
            Column("Hình thức", lambda p: p.form_short_name),
            Column("Nguồn", lambda p: PROPOSAL_SOURCE_LABELS[p.source]),
            Column("Điều kiện", condition_text),
            Column(
                "Biểu quyết",
                votes_text,
                sort_key=lambda p: -1 if p.votes_for is None else p.votes_for,
            ),
            Column("Kết quả", result_text),
        ]
        super().__init__(
            columns,
            search_text=lambda p: f"{p.name} {p.position} {p.unit_name}",
            default_sort=lambda p: self._numbers.get(p.id, 0),
            parent=parent,
        )
        # STT: the proposal's place in the round's own order, whatever the sort on screen.
        self._numbers: dict[int, int] = {}
        titles = [c.title for c in columns]
        self._condition = titles.index("Điều kiện")
        self._result = titles.index("Kết quả")
        self._source = titles.index("Nguồn")
        self._form = titles.index("Hình thức")

    def set_lines(self, lines: list[ProposalLine]) -> None:
        self._numbers = {line.id: number for number, line in enumerate(lines, start=1)}
        self.set_rows(lines)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        line = self.row_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self._condition and line.locked and not line.voted:
                return DIMMED
            if column == self._condition and line.failures:
                return ACCEPTED_BRUSH if line.override_reason else FAILED_BRUSH
            if column == self._condition:
                return PASSED_BRUSH
            if column == self._result and line.passed is not None:
                return PASSED_BRUSH if line.passed else FAILED_BRUSH
            if column == self._result:
                return DIMMED
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self._condition:
                return condition_tooltip(line)
            if column == self._source:
                return source_tooltip(line)
            if column == self._form:
                return line.form_name
        return super().data(index, role)


# --- the votes' table ---------------------------------------------------------------------

VOTE_NAME, VOTE_FORM, VOTE_RECUSED, VOTE_FOR, VOTE_AGAINST, VOTE_ABSTAIN, VOTE_RESULT = range(7)
VOTE_HEADERS = [
    "Tên",
    "Hình thức",
    "Không được biểu quyết",
    "Tán thành",
    "Không tán thành",
    "Không biểu quyết",
    "Kết quả",
]
VOTE_COLUMNS = (VOTE_FOR, VOTE_AGAINST, VOTE_ABSTAIN)
MAX_VOTES = 99


class VoteDelegate(QStyledItemDelegate):
    """A spin box for a vote count; an empty cell means not voted yet."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QSpinBox(parent)
        # The service judges a count larger than the members present, with its own words.
        editor.setRange(0, MAX_VOTES)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        assert isinstance(editor, QSpinBox)
        editor.setValue(int(value) if isinstance(value, int) else 0)

    def setModelData(self, editor: QWidget, model, index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


def _cell_count(item: QTableWidgetItem | None) -> int | None:
    if item is None:
        return None
    value = item.data(Qt.ItemDataRole.EditRole)
    if value is None or value == "":
        return None
    return int(value)


def recused_text(line: ProposalLine) -> str:
    return "; ".join(f"{name} ({reason.lower()})" for _id, name, reason in line.recused)


# --- the page -----------------------------------------------------------------------------


class AwardsPage(QWidget):
    """Signals: `changed` after anything is written (the ranking's lock, the register of
    outgoing documents and people's histories may differ)."""

    changed = Signal()

    def __init__(self, db: Database, parent=None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.view: RoundView | None = None
        self.rounds: list[RoundRow] = []
        self._loaded = False
        self._stale = False
        self._quiet_tab: QWidget | None = None

        title = QLabel(TITLE)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(140)
        self.round_combo = QComboBox()
        self.round_combo.setMinimumWidth(360)
        # A long name with its decision number is cut on screen; the tooltip gives it whole.
        self.round_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.new_round_button = QPushButton(NEW_ROUND_TEXT)
        self.delete_round_button = QPushButton("Xóa đợt")
        top = QHBoxLayout()
        for text, widget in (("Kỳ:", self.period_combo), ("Đợt khen thưởng:", self.round_combo)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            top.addWidget(caption)
            top.addWidget(widget, 1 if widget is self.round_combo else 0)
        top.addWidget(self.new_round_button)
        top.addWidget(self.delete_round_button)

        self.round_info = QLabel()
        self.round_info.setWordWrap(True)
        self.round_info.setStyleSheet("color: #333;")
        self.lock_banner = QLabel()
        self.lock_banner.setWordWrap(True)
        self.lock_banner.setStyleSheet(BANNER_STYLE)
        self.lock_banner.hide()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._proposals_tab(), "Đề nghị khen thưởng")
        self.tabs.addTab(self._meeting_tab(), "Họp Hội đồng")
        self._add_paper_tabs()
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.round_info)
        detail_layout.addWidget(self.lock_banner)
        detail_layout.addWidget(self.tabs, 1)

        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #444; font-size: 11pt;")
        self.empty_new_button = QPushButton(NEW_ROUND_TEXT)
        self.empty_new_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.empty_new_button)
        button_row.addStretch(1)
        empty_layout.addLayout(button_row)
        empty_layout.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(empty)
        self.stack.addWidget(detail)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.period_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.round_combo.currentIndexChanged.connect(lambda _i: self._round_chosen())
        self.new_round_button.clicked.connect(self.new_round)
        self.empty_new_button.clicked.connect(self.new_round)
        self.delete_round_button.clicked.connect(self.delete_round)
        self._show_round(None)

    # --- building the tabs ---------------------------------------------------------------

    def _proposals_tab(self) -> QWidget:
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.suggest_button = QPushButton(SUGGEST_TEXT)
        self.add_collective_button = QPushButton("Thêm tập thể…")
        self.add_person_button = QPushButton("Thêm cá nhân…")
        self.edit_button = QPushButton("Sửa…")
        self.remove_button = QPushButton("Bỏ đề nghị")
        buttons = QHBoxLayout()
        buttons.addWidget(self.suggest_button)
        buttons.addSpacing(12)
        for button in (
            self.add_collective_button,
            self.add_person_button,
            self.edit_button,
            self.remove_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.proposal_model = ProposalTableModel()
        self.proposal_table = record_table_view(
            self.proposal_model, [40, 118, 0, 150, 76, 124, 136, 78, 118], 2
        )
        self.proposal_table.setSortingEnabled(True)
        self.proposal_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.selection_note = QLabel()
        self.selection_note.setWordWrap(True)
        self.selection_note.setStyleSheet(BANNER_STYLE)
        self.selection_note.hide()
        note = QLabel(
            "Nháy đúp vào một đề nghị để sửa hình thức, thành tích, hoặc ghi lý do vẫn đề nghị "
            "khi chưa đạt điều kiện. Đề nghị chưa đạt điều kiện mà không có lý do thì Hội đồng "
            "không biểu quyết được."
        )
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary_label)
        layout.addLayout(buttons)
        layout.addWidget(self.proposal_table, 1)
        layout.addWidget(self.selection_note)
        layout.addWidget(note)
        self.suggest_button.clicked.connect(self.suggest)
        self.add_collective_button.clicked.connect(
            lambda: self.add_proposal(RecipientKind.COLLECTIVE)
        )
        self.add_person_button.clicked.connect(lambda: self.add_proposal(RecipientKind.INDIVIDUAL))
        self.edit_button.clicked.connect(self.edit_proposal)
        self.remove_button.clicked.connect(self.remove_proposal)
        self.proposal_table.doubleClicked.connect(lambda _index: self.edit_proposal())
        self.proposal_table.selectionModel().selectionChanged.connect(
            lambda *_a: self._update_proposal_buttons()
        )
        return page

    def _meeting_tab(self) -> QWidget:
        self.meeting_date = date_edit(self.today)
        self.meeting_date.setMaximumWidth(140)
        self.meeting_time = QLineEdit()
        self.meeting_time.setPlaceholderText("14:00")
        self.meeting_time.setMaximumWidth(80)
        self.meeting_place = QLineEdit()
        self.meeting_place.setPlaceholderText("Ví dụ: Hội trường Ủy ban nhân dân xã")
        self.secretary_combo = QComboBox()
        self.secretary_combo.setMinimumWidth(220)
        self.conclusions = plain_text("", 64)
        self.conclusions.setPlaceholderText("Kết luận của chủ trì cuộc họp (in trong biên bản họp)")
        when = QHBoxLayout()
        when.addWidget(self.meeting_date)
        when.addWidget(QLabel("lúc"))
        when.addWidget(self.meeting_time)
        when.addStretch(1)
        form = QFormLayout()
        form.addRow("Ngày họp:", when)
        form.addRow("Địa điểm:", self.meeting_place)
        form.addRow("Thư ký cuộc họp:", self.secretary_combo)
        form.addRow("Kết luận:", self.conclusions)

        self.attendance = QTableWidget(0, 3)
        self.attendance.setHorizontalHeaderLabels(
            ["Có mặt – họ và tên", "Chức vụ", "Nhiệm vụ trong Hội đồng"]
        )
        self.attendance.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.attendance.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attendance.verticalHeader().setVisible(False)
        self.attendance.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.attendance.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.attendance.setColumnWidth(0, 190)
        self.attendance.setColumnWidth(2, 165)
        self.quorum_label = QLabel()
        self.quorum_label.setWordWrap(True)
        self.save_meeting_button = QPushButton("Lưu thông tin cuộc họp")
        self.meeting_state = QLabel()
        self.meeting_state.setStyleSheet(NOTE_STYLE)
        attendance_box = QWidget()
        attendance_layout = QVBoxLayout(attendance_box)
        attendance_layout.setContentsMargins(0, 0, 0, 0)
        attendance_layout.addWidget(self.attendance, 1)
        attendance_layout.addWidget(self.quorum_label)
        upper = QHBoxLayout()
        upper.addLayout(form, 4)
        upper.addWidget(attendance_box, 6)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_meeting_button)
        save_row.addWidget(self.meeting_state, 1)
        meeting_box = QGroupBox("Cuộc họp của Hội đồng Thi đua – Khen thưởng")
        meeting_layout = QVBoxLayout(meeting_box)
        meeting_layout.addLayout(upper, 1)
        meeting_layout.addLayout(save_row)

        self.votes = QTableWidget(0, len(VOTE_HEADERS))
        self.votes.setHorizontalHeaderLabels(VOTE_HEADERS)
        self.votes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.votes.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.votes.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.votes.verticalHeader().setVisible(False)
        self.votes.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.votes.setWordWrap(False)
        self.vote_delegate = VoteDelegate(self.votes)
        for column in VOTE_COLUMNS:
            self.votes.setItemDelegateForColumn(column, self.vote_delegate)
        vote_header = self.votes.horizontalHeader()
        vote_header.setSectionResizeMode(VOTE_RECUSED, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (VOTE_NAME, 260),
            (VOTE_FORM, 90),
            (VOTE_FOR, 84),
            (VOTE_AGAINST, 118),
            (VOTE_ABSTAIN, 124),
            (VOTE_RESULT, 150),
        ):
            self.votes.setColumnWidth(column, width)
        self.record_button = QPushButton("Ghi kết quả biểu quyết")
        self.record_button.setStyleSheet("font-weight: bold;")
        self.all_for_button = QPushButton("Tất cả tán thành")
        self.minutes_button = QPushButton("Lập biên bản họp…")
        self.votes_note = QLabel()
        self.votes_note.setWordWrap(True)
        self.votes_note.setStyleSheet(NOTE_STYLE)
        vote_buttons = QHBoxLayout()
        vote_buttons.addWidget(self.all_for_button)
        vote_buttons.addWidget(self.record_button)
        vote_buttons.addStretch(1)
        vote_buttons.addWidget(self.minutes_button)
        votes_box = QGroupBox("Biểu quyết từng đề nghị")
        votes_layout = QVBoxLayout(votes_box)
        votes_layout.addWidget(self.votes, 1)
        votes_layout.addWidget(self.votes_note)
        votes_layout.addLayout(vote_buttons)

        self.no_council_label = QLabel(NO_COUNCIL_TEXT)
        self.no_council_label.setWordWrap(True)
        self.no_council_label.setStyleSheet(BANNER_STYLE)
        self.no_council_label.hide()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(meeting_box)
        splitter.addWidget(votes_box)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 390])
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.no_council_label)
        layout.addWidget(splitter, 1)

        self.attendance.itemChanged.connect(lambda _item: self._attendance_changed())
        self.save_meeting_button.clicked.connect(self.save_meeting)
        self.record_button.clicked.connect(self.record_votes)
        self.all_for_button.clicked.connect(self.all_in_favour)
        self.minutes_button.clicked.connect(self.draft_minutes)
        return page

    def _add_paper_tabs(self) -> None:
        from kt_desktop.gui.pages.award_papers import CertificatesTab, DecisionTab, DossierTab

        self.decision_tab = DecisionTab(self.db)
        self.certificates_tab = CertificatesTab(self.db)
        self.dossier_tab = DossierTab(self.db)
        self.paper_tabs = (self.decision_tab, self.certificates_tab, self.dossier_tab)
        for tab, label in zip(
            self.paper_tabs, ("Quyết định", "Giấy khen", "Hồ sơ gửi thành phố"), strict=True
        ):
            self.tabs.addTab(tab, label)
            tab.changed.connect(self._papers_changed)

    # --- loading -------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        """Fill the periods on first show; read again when another page changed the record."""
        if not self._loaded:
            fill_period_combo(self.period_combo, self.db, self.today)
            self._loaded = True
            self.reload()
        elif self._stale:
            self.reload()
        self._stale = False

    def mark_stale(self) -> None:
        self._stale = True

    def refresh(self) -> None:
        """Read the period's rounds and the chosen round again."""
        if not self._loaded:
            self.ensure_loaded()
            return
        self.reload()

    def open_period(self, period_id: int) -> None:
        """Show `period_id` and its newest round (none is created)."""
        if not self._loaded:
            fill_period_combo(self.period_combo, self.db, self.today)
            self._loaded = True
        self._stale = False
        index = self.period_combo.findData(period_id)
        if index < 0:
            return
        self.period_combo.blockSignals(True)
        self.period_combo.setCurrentIndex(index)
        self.period_combo.blockSignals(False)
        self.reload(newest=True)

    def period_id(self) -> int | None:
        data = self.period_combo.currentData()
        return None if data is None else int(data)

    def round_id(self) -> int | None:
        data = self.round_combo.currentData()
        return None if data is None else int(data)

    def reload(self, round_id: int | None = None, newest: bool = False) -> None:
        period_id = self.period_id()
        if period_id is None:
            self.rounds = []
            self._fill_rounds(None)
            return
        if (
            round_id is None
            and not newest
            and self.view is not None
            and self.view.period_id == period_id
        ):
            round_id = self.view.id
        try:
            self.rounds = awards.list_rounds(self.db, period_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        if newest or round_id is None or all(r.id != round_id for r in self.rounds):
            round_id = self.rounds[0].id if self.rounds else None
        self._fill_rounds(round_id)

    def _fill_rounds(self, round_id: int | None) -> None:
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for row in self.rounds:
            self.round_combo.addItem(round_label(row), row.id)
        if round_id is not None:
            self.round_combo.setCurrentIndex(self.round_combo.findData(round_id))
        self.round_combo.blockSignals(False)
        self.round_combo.setEnabled(bool(self.rounds))
        self._show_round(round_id)

    def _round_tooltip(self) -> None:
        self.round_combo.setToolTip(self.round_combo.currentText())

    def _round_chosen(self) -> None:
        self._show_round(self.round_id())

    def select_round(self, round_id: int) -> None:
        index = self.round_combo.findData(round_id)
        if index >= 0:
            self.round_combo.setCurrentIndex(index)

    def _show_round(self, round_id: int | None) -> None:
        self._round_tooltip()
        if round_id is None:
            self.view = None
            self.stack.setCurrentIndex(0)
            period = self.period_combo.currentText()
            self.empty_label.setText(
                f"{period} chưa có đợt khen thưởng nào. Lập một đợt khen thưởng (hằng năm, sơ "
                "kết, tổng kết, đột xuất hoặc chuyên đề), rồi lấy gợi ý đề nghị từ kết quả xếp "
                "hạng, sáng kiến và danh sách đơn vị đề nghị."
                if period
                else "Chưa có kỳ thi đua nào. Hãy lập kỳ thi đua trước."
            )
            self.empty_new_button.setEnabled(bool(period))
            self.new_round_button.setEnabled(bool(period))
            self.delete_round_button.setEnabled(False)
            for tab in self.paper_tabs:
                tab.set_round(None)
            return
        try:
            self.view = awards.round_view(self.db, round_id, today=self.today)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.stack.setCurrentIndex(1)
        self.new_round_button.setEnabled(True)
        self.delete_round_button.setEnabled(True)
        self._show_round_header()
        self._show_proposals()
        self._show_meeting()
        for tab in self.paper_tabs:
            if tab is not self._quiet_tab:
                tab.set_round(round_id)

    def _show_round_header(self) -> None:
        view = self.view
        assert view is not None
        theme = f" “{view.theme}”" if view.theme else ""
        self.round_info.setText(
            f"<b>{escape(view.occasion_label)}{escape(theme)}</b> · {escape(view.period_name)}"
            f" · Thành tích chung: <i>{escape(view.achievement)}</i>"
        )
        notes = []
        if view.decision_issued:
            notes.append(
                f"Đợt này đã có {view.decision_number_text}: các đề nghị Giấy khen trong quyết "
                "định, thông tin cuộc họp và kết quả biểu quyết chỉ xem, không sửa được."
            )
        if view.dossier_sent_on is not None:
            notes.append(
                f"Hồ sơ đề nghị thành phố đã gửi ngày {format_date_short(view.dossier_sent_on)}."
            )
        self.lock_banner.setText(" ".join(notes))
        self.lock_banner.setVisible(bool(notes))

    # --- proposals -----------------------------------------------------------------------

    def _show_proposals(self) -> None:
        view = self.view
        assert view is not None
        chosen = self.selected_proposal()
        self.proposal_model.set_lines(view.proposals)
        self.summary_label.setText(proposal_summary(view.proposals))
        self.tabs.setTabText(0, f"Đề nghị khen thưởng ({format_number(len(view.proposals))})")
        if chosen is not None:
            self.select_proposal(chosen.id)
        self._update_proposal_buttons()

    def selected_proposal(self) -> ProposalLine | None:
        indexes = self.proposal_table.selectionModel().selectedRows()
        return self.proposal_model.row_at(indexes[0].row()) if indexes else None

    def select_proposal(self, proposal_id: int) -> None:
        position = self.proposal_model.find_row(lambda p: p.id == proposal_id)
        if position >= 0:
            self.proposal_table.selectRow(position)

    def _update_proposal_buttons(self) -> None:
        chosen = self.selected_proposal()
        view = self.view
        self.edit_button.setEnabled(chosen is not None)
        self.edit_button.setText("Xem…" if chosen is not None and chosen.locked else "Sửa…")
        self.remove_button.setEnabled(chosen is not None and not chosen.locked)
        decided = view is not None and view.decision_issued
        self.suggest_button.setEnabled(view is not None and not decided)
        if chosen is not None and chosen.locked and view is not None:
            self.selection_note.setText(lock_reason(view, chosen))
            self.selection_note.show()
        else:
            self.selection_note.hide()

    def _after_change(self, proposal_id: int | None = None) -> None:
        self.changed.emit()
        self.reload()
        if proposal_id is not None:
            self.select_proposal(proposal_id)

    def suggest(self) -> None:
        view = self.view
        if view is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            added = awards.suggest_proposals(self.db, view.id)
        except UserError as error:
            QApplication.restoreOverrideCursor()
            messages.show_error(self, error, title="Chưa lấy được gợi ý")
            return
        QApplication.restoreOverrideCursor()
        if not added:
            messages.show_info(
                self,
                "Gợi ý đề nghị khen thưởng",
                "Không có đề nghị mới nào.",
                "Các tập thể, cá nhân được gợi ý đều đã có trong danh sách của đợt này.",
            )
            return
        self._after_change()
        messages.show_info(
            self,
            "Gợi ý đề nghị khen thưởng",
            f"Đã thêm {format_number(added)} đề nghị từ kết quả xếp hạng, sáng kiến và danh "
            "sách đơn vị đề nghị.",
            "Hãy xem lại từng đề nghị: sửa hình thức, thành tích, hoặc bỏ đề nghị chưa phù hợp.",
        )

    def add_proposal(self, kind: RecipientKind) -> None:
        from kt_desktop.gui.dialogs.proposal_dialog import ProposalDialog

        if self.view is None:
            return
        saved = ProposalDialog(self.db, self.view, kind, None, self).ask()
        if saved is not None:
            self._after_change(saved)

    def edit_proposal(self) -> None:
        from kt_desktop.gui.dialogs.proposal_dialog import ProposalDialog

        chosen = self.selected_proposal()
        if self.view is None or chosen is None:
            return
        dialog = ProposalDialog(self.db, self.view, chosen.recipient_kind, chosen, self)
        if dialog.ask() is not None:
            self._after_change(chosen.id)

    def remove_proposal(self) -> None:
        chosen = self.selected_proposal()
        if self.view is None or chosen is None:
            return
        if not messages.confirm(
            self,
            "Bỏ đề nghị",
            f"Bỏ “{chosen.addressed_name}” khỏi danh sách đề nghị của đợt này?"
            + (" Kết quả biểu quyết của đề nghị cũng bị xóa." if chosen.voted else ""),
            "Bỏ đề nghị",
        ):
            return
        try:
            awards.remove_proposal(self.db, chosen.id)
        except UserError as error:
            messages.show_error(self, error, title="Chưa bỏ được đề nghị")
            return
        self._after_change()

    # --- rounds --------------------------------------------------------------------------

    def new_round(self) -> None:
        from kt_desktop.gui.dialogs.award_round_dialog import AwardRoundDialog

        period_id = self.period_id()
        if period_id is None:
            return
        dialog = AwardRoundDialog(self.db, period_id, self.period_combo.currentText(), self)
        saved = dialog.ask()
        if saved is not None:
            self.changed.emit()
            self.reload(saved)

    def delete_round(self) -> None:
        view = self.view
        if view is None:
            return
        if not messages.confirm(
            self,
            "Xóa đợt khen thưởng",
            f"Xóa đợt “{view.name}” cùng {format_number(len(view.proposals))} đề nghị, thông "
            "tin cuộc họp, kết quả biểu quyết và các dự thảo văn bản của đợt?",
            "Xóa đợt",
        ):
            return
        try:
            awards.delete_round(self.db, view.id)
        except UserError as error:
            messages.show_error(self, error, title="Chưa xóa được")
            return
        self.view = None
        self.changed.emit()
        self.reload()

    # --- the meeting ---------------------------------------------------------------------

    def _show_meeting(self) -> None:
        view = self.view
        assert view is not None
        editable = not view.decision_issued
        self.meeting_date.setDate(qdate(view.meeting_date or self.today))
        self.meeting_time.setText(view.meeting_time)
        self.meeting_place.setText(view.meeting_place)
        self.conclusions.setPlainText(view.conclusions)
        self.attendance.blockSignals(True)
        self.attendance.setRowCount(0)
        for member in view.members:
            row = self.attendance.rowCount()
            self.attendance.insertRow(row)
            name = QTableWidgetItem(member.full_name)
            name.setData(Qt.ItemDataRole.UserRole, member.id)
            flags = Qt.ItemFlag.ItemIsEnabled
            if editable:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            name.setFlags(flags)
            name.setCheckState(Qt.CheckState.Checked if member.present else Qt.CheckState.Unchecked)
            self.attendance.setItem(row, 0, name)
            self.attendance.setItem(row, 1, QTableWidgetItem(member.position))
            self.attendance.setItem(row, 2, QTableWidgetItem(member.role_label))
        self.attendance.blockSignals(False)
        self.no_council_label.setVisible(not view.members)
        for widget in (
            self.meeting_date,
            self.meeting_time,
            self.meeting_place,
            self.secretary_combo,
            self.conclusions,
            self.save_meeting_button,
        ):
            widget.setEnabled(editable)
        self.meeting_state.setText(
            "Thông tin cuộc họp đã ghi trong quyết định, không sửa được."
            if not editable
            else (
                "Ngày, giờ, địa điểm, người dự họp và kết luận được in trong biên bản họp."
                if view.meeting_date
                else "Chưa lưu thông tin cuộc họp."
            )
        )
        self._fill_secretaries(view.secretary_member_id)
        self._show_quorum()
        self._show_votes()
        self._update_vote_buttons()

    def present_ids(self) -> set[int]:
        present = set()
        for row in range(self.attendance.rowCount()):
            item = self.attendance.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                present.add(int(item.data(Qt.ItemDataRole.UserRole)))
        return present

    def set_present(self, member_id: int, present: bool) -> None:
        for row in range(self.attendance.rowCount()):
            item = self.attendance.item(row, 0)
            if item is not None and int(item.data(Qt.ItemDataRole.UserRole)) == member_id:
                item.setCheckState(Qt.CheckState.Checked if present else Qt.CheckState.Unchecked)

    def _attendance_changed(self) -> None:
        self._fill_secretaries(self.secretary_id())
        self._show_quorum()

    def secretary_id(self) -> int | None:
        data = self.secretary_combo.currentData()
        return None if data is None else int(data)

    def _fill_secretaries(self, keep: int | None) -> None:
        view = self.view
        if view is None:
            return
        present = self.present_ids()
        self.secretary_combo.blockSignals(True)
        self.secretary_combo.clear()
        self.secretary_combo.addItem("(chưa chọn)", None)
        for member in view.members:
            if member.id in present:
                self.secretary_combo.addItem(f"{member.full_name} – {member.position}", member.id)
        index = self.secretary_combo.findData(keep) if keep is not None else -1
        self.secretary_combo.setCurrentIndex(max(index, 0))
        self.secretary_combo.blockSignals(False)

    def _show_quorum(self) -> None:
        view = self.view
        if view is None:
            return
        total = len(view.members)
        present = len(self.present_ids())
        needed = awards.quorum_needed(total, view.settings)
        if not total:
            self.quorum_label.setText("")
            return
        share = f"{view.settings.quorum_numerator}/{view.settings.quorum_denominator}"
        if present >= needed:
            self.quorum_label.setText(
                f"Có mặt {format_number(present)}/{format_number(total)} thành viên — đủ tỷ lệ "
                f"tối thiểu ({format_number(needed)})"
            )
            self.quorum_label.setStyleSheet(QUORUM_OK_STYLE)
            self.quorum_label.setToolTip("")
        else:
            self.quorum_label.setText(
                f"Chưa đủ tỷ lệ tối thiểu: có mặt {format_number(present)}/{format_number(total)}"
                f" thành viên, cần ít nhất {format_number(needed)}"
            )
            self.quorum_label.setToolTip(
                f"Cuộc họp cần ít nhất {share} tổng số thành viên Hội đồng có mặt."
            )
            self.quorum_label.setStyleSheet(QUORUM_SHORT_STYLE)
        needed_for = awards.votes_needed(total, present, view.settings)
        base = "số thành viên có mặt" if view.settings.pass_of_present else "tổng số thành viên"
        self.votes_note.setText(
            f"Đề nghị được thông qua khi có từ {format_number(needed_for)} phiếu tán thành trở "
            f"lên (quá {view.settings.pass_numerator}/{view.settings.pass_denominator} {base} "
            "Hội đồng). Thành viên là người được đề nghị hoặc đứng đầu tập thể được đề nghị "
            "không biểu quyết đề nghị đó. Nháy đúp vào ô số phiếu để sửa."
        )

    def meeting_dirty(self) -> bool:
        view = self.view
        if view is None or view.decision_issued:
            return False
        saved_present = {m.id for m in view.members if m.present}
        return (
            self.present_ids() != saved_present
            or view.meeting_date != pydate(self.meeting_date)
            or view.meeting_time != self.meeting_time.text().strip()
            or view.meeting_place != self.meeting_place.text().strip()
            or view.conclusions != self.conclusions.toPlainText().strip()
            or view.secretary_member_id != self.secretary_id()
        )

    def _write_meeting(self) -> bool:
        view = self.view
        assert view is not None
        try:
            awards.update_round(
                self.db,
                view.id,
                view.name,
                view.achievement,
                pydate(self.meeting_date),
                self.meeting_time.text(),
                self.meeting_place.text(),
                self.conclusions.toPlainText(),
                self.secretary_id(),
                today=self.today,
            )
            awards.set_attendance(self.db, view.id, self.present_ids())
        except UserError as error:
            messages.show_error(self, error, title="Chưa lưu được thông tin cuộc họp")
            return False
        return True

    def save_meeting(self) -> None:
        view = self.view
        if view is None:
            return
        pending = self._vote_edits()
        if not self._write_meeting():
            return
        self.changed.emit()
        self.reload()
        self._restore_vote_edits(pending)
        self.meeting_state.setText("Đã lưu thông tin cuộc họp.")

    def _save_meeting_first(self) -> bool:
        """Votes and the minutes use the attendance on screen: save it when changed."""
        if not self.meeting_dirty():
            return True
        pending = self._vote_edits()
        if not self._write_meeting():
            return False
        self.changed.emit()
        self.reload()
        self._restore_vote_edits(pending)
        return True

    # --- votes ---------------------------------------------------------------------------

    def _show_votes(self) -> None:
        view = self.view
        assert view is not None
        self.votes.blockSignals(True)
        self.votes.setRowCount(0)
        votable = [p for p in view.proposals if not p.blocked]
        blocked = [p for p in view.proposals if p.blocked]
        for line in votable + blocked:
            row = self.votes.rowCount()
            self.votes.insertRow(row)
            editable = not line.blocked and not line.locked
            name = QTableWidgetItem(line.addressed_name)
            name.setData(Qt.ItemDataRole.UserRole, line.id)
            name.setToolTip(
                f"{line.addressed_name}, {position_and_unit(line)}"
                if position_and_unit(line)
                else line.addressed_name
            )
            form = QTableWidgetItem(line.form_short_name)
            form.setToolTip(line.form_name)
            recused = QTableWidgetItem(recused_text(line))
            recused.setToolTip(recused_text(line))
            cells = [name, form, recused]
            counts = (line.votes_for, line.votes_against, line.votes_abstain)
            for count in counts:
                item = QTableWidgetItem()
                if count is not None:
                    item.setData(Qt.ItemDataRole.EditRole, count)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cells.append(item)
            if line.blocked:
                result = QTableWidgetItem(BLOCKED_TEXT)
                result.setToolTip(condition_tooltip(line))
            else:
                result = QTableWidgetItem(result_text(line))
                if line.passed is None:
                    result.setForeground(DIMMED)
                else:
                    result.setForeground(PASSED_BRUSH if line.passed else FAILED_BRUSH)
            cells.append(result)
            for column, item in enumerate(cells):
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if editable and column in VOTE_COLUMNS:
                    flags |= Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                if line.blocked:
                    item.setForeground(DIMMED)
                self.votes.setItem(row, column, item)
        self.votes.blockSignals(False)
        self.tabs.setTabText(
            1,
            f"Họp Hội đồng ({format_number(sum(1 for p in votable if p.voted))}/"
            f"{format_number(len(votable))} đã biểu quyết)"
            if votable
            else "Họp Hội đồng",
        )

    def _update_vote_buttons(self) -> None:
        view = self.view
        open_rows = view is not None and any(not p.blocked and not p.locked for p in view.proposals)
        has_members = view is not None and bool(view.members)
        self.record_button.setEnabled(open_rows and has_members)
        self.all_for_button.setEnabled(open_rows and has_members)
        self.minutes_button.setEnabled(view is not None and has_members)

    def _line(self, proposal_id: int) -> ProposalLine | None:
        if self.view is None:
            return None
        return next((p for p in self.view.proposals if p.id == proposal_id), None)

    def vote_row(self, proposal_id: int) -> int:
        for row in range(self.votes.rowCount()):
            item = self.votes.item(row, VOTE_NAME)
            if item is not None and int(item.data(Qt.ItemDataRole.UserRole)) == proposal_id:
                return row
        return -1

    def row_counts(self, row: int) -> tuple[int | None, int | None, int | None]:
        return (
            _cell_count(self.votes.item(row, VOTE_FOR)),
            _cell_count(self.votes.item(row, VOTE_AGAINST)),
            _cell_count(self.votes.item(row, VOTE_ABSTAIN)),
        )

    def set_counts(
        self, proposal_id: int, votes_for: int | None, against: int | None, abstain: int | None
    ) -> None:
        """Type counts into a proposal's row (as the clerk would), not yet recorded."""
        row = self.vote_row(proposal_id)
        if row < 0:
            return
        for column, value in zip(VOTE_COLUMNS, (votes_for, against, abstain), strict=True):
            item = self.votes.item(row, column)
            if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
                item.setData(Qt.ItemDataRole.EditRole, value)

    def _vote_edits(self) -> dict[int, tuple[int | None, int | None, int | None]]:
        """The rows whose counts on screen differ from those recorded."""
        edits = {}
        for row in range(self.votes.rowCount()):
            item = self.votes.item(row, VOTE_NAME)
            if item is None:
                continue
            line = self._line(int(item.data(Qt.ItemDataRole.UserRole)))
            if line is None or line.blocked or line.locked:
                continue
            counts = self.row_counts(row)
            if counts != (line.votes_for, line.votes_against, line.votes_abstain):
                edits[line.id] = counts
        return edits

    def _restore_vote_edits(
        self, edits: dict[int, tuple[int | None, int | None, int | None]]
    ) -> None:
        for proposal_id, counts in edits.items():
            self.set_counts(proposal_id, *counts)

    def all_in_favour(self) -> None:
        """Fill the rows not yet voted: everyone present for, members with a conflict of
        interest not voting. Nothing is recorded until "Ghi kết quả biểu quyết"."""
        if self.view is None or not self._save_meeting_first():
            return
        view = self.view
        assert view is not None
        present = len(view.present)
        for line in view.proposals:
            if line.blocked or line.locked or line.voted:
                continue
            row = self.vote_row(line.id)
            if row < 0 or any(count is not None for count in self.row_counts(row)):
                continue
            recused = len(line.recused)
            self.set_counts(line.id, max(present - recused, 0), 0, recused)

    def record_votes(self) -> None:
        if self.view is None or not self._save_meeting_first():
            return
        view = self.view
        assert view is not None
        edits = self._vote_edits()
        if not edits:
            messages.show_info(
                self,
                "Chưa có gì để ghi",
                "Chưa có số phiếu nào mới nhập.",
                "Nháy đúp vào ô số phiếu để nhập, hoặc bấm “Tất cả tán thành”.",
            )
            return
        remaining = dict(edits)
        error: UserError | None = None
        failed_name = ""
        for line in view.proposals:
            counts = edits.get(line.id)
            if counts is None:
                continue
            try:
                if all(count is None for count in counts):
                    awards.clear_votes(self.db, line.id)
                else:
                    votes_for, against, abstain = (count or 0 for count in counts)
                    awards.record_votes(
                        self.db, line.id, votes_for, against, abstain, today=self.today
                    )
            except UserError as caught:
                error, failed_name = caught, line.addressed_name
                break
            del remaining[line.id]
        written = len(edits) - len(remaining)
        if written:
            self.changed.emit()
        self.reload()
        self._restore_vote_edits(remaining)
        if error is not None:
            done = (
                f" Đã ghi kết quả của {format_number(written)} đề nghị trước đó."
                if written
                else " Chưa ghi kết quả nào."
            )
            messages.show_error(
                self,
                UserError(f"{failed_name}: {error.message}", (error.hint + done).strip()),
                title="Chưa ghi được kết quả biểu quyết",
            )

    # --- the minutes ---------------------------------------------------------------------

    def draft_minutes(self) -> None:
        if self.view is None or not self._save_meeting_first():
            return
        view = self.view
        assert view is not None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            # Drafted by the award documents' service, loaded only when asked for.
            award_documents = importlib.import_module("kt_desktop.services.award_documents")
            document_id = award_documents.draft_minutes(self.db, view.id, today=self.today)
            pdf = award_documents.document_pdf(self.db, document_id)
        except ModuleNotFoundError as missing:
            QApplication.restoreOverrideCursor()
            if missing.name != "kt_desktop.services.award_documents":
                raise
            messages.show_error(
                self,
                UserError("Phiên bản này chưa lập được biên bản họp Hội đồng."),
                title="Chưa lập được biên bản",
            )
            return
        except UserError as error:
            QApplication.restoreOverrideCursor()
            messages.show_error(self, error, title="Chưa lập được biên bản")
            return
        QApplication.restoreOverrideCursor()
        self.changed.emit()
        self.reload()
        from kt_desktop.gui.dialogs import pdf_preview

        title = f"Biên bản họp Hội đồng Thi đua – Khen thưởng – {view.name}"
        try:
            pdf_preview.PdfPreviewDialog(
                pdf, title, "Biên bản họp Hội đồng Thi đua – Khen thưởng.pdf", self
            ).exec()
        except UserError as error:
            messages.show_error(self, error, title="Chưa xem trước được biên bản")

    # --- the paper tabs ------------------------------------------------------------------

    def _papers_changed(self) -> None:
        # The tab that wrote keeps its own state (its selection, its scroll); the others and
        # this page's own tabs read the round again.
        sender = self.sender()
        self._quiet_tab = sender if isinstance(sender, QWidget) else None
        try:
            self.changed.emit()
            self.reload()
        finally:
            self._quiet_tab = None
