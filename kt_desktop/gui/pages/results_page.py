"""Kết quả thi đua: pick a period and a unit, see every criterion that applies to it with the
reported figure, target, met or not, points, evidence and review status; enter, review."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import ReviewStatus
from kt_desktop.domain.labels import UNIT_KIND_LABELS
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.period_combo import fill_period_combo
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.gui.record_views import record_table_view
from kt_desktop.services.database import Database
from kt_desktop.services.figures import round_score
from kt_desktop.services.results import (
    ResultLine,
    UnitResults,
    delete_result,
    set_review_status,
    unit_results,
)
from kt_desktop.services.scoring import PeriodScores, UnitScore, compute_period_scores
from kt_desktop.text import format_number


def score_text(score: UnitScore) -> str:
    return format_number(score.score, 2) if score.score is not None else "—"


def unit_columns() -> list[Column[UnitScore]]:
    return [
        Column("Mã", lambda u: u.code),
        Column("Đơn vị", lambda u: u.name, tooltip=True),
        Column(
            "Điểm",
            score_text,
            sort_key=lambda u: u.score if u.score is not None else -1,
            align_right=True,
        ),
        Column(
            "Hạng",
            lambda u: str(u.rank) if u.rank else "",
            sort_key=lambda u: u.rank or 10**9,
            align_right=True,
        ),
    ]


def points_text(line: ResultLine) -> str:
    if line.points is None:
        return "—"
    return f"{format_number(round_score(line.points))}/{format_number(line.weight)}"


def line_columns() -> list[Column[ResultLine]]:
    return [
        Column("Mã", lambda r: r.code),
        Column("Tiêu chí", lambda r: r.wording, tooltip=True),
        Column("Chỉ tiêu", lambda r: r.target_text),
        Column("Số liệu", lambda r: r.figure_text, tooltip=True),
        Column("Đánh giá", lambda r: r.met_text),
        Column("Điểm", points_text, align_right=True),
        Column(
            "Minh chứng",
            lambda r: format_number(r.evidence_count) if r.evidence_count else "",
            align_right=True,
        ),
        Column("Trạng thái", lambda r: r.status_text),
        Column("Nguồn", lambda r: r.source_text, tooltip=True),
    ]


class ResultsPage(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent=None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.scores: PeriodScores | None = None
        self.current: UnitResults | None = None
        title = QLabel("Kết quả thi đua")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(220)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Tất cả loại đơn vị", None)
        for kind, label in UNIT_KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm đơn vị…")
        self.search.setClearButtonEnabled(True)
        top = QHBoxLayout()
        for text, widget in (("Kỳ:", self.period_combo), ("Loại đơn vị:", self.kind_combo)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            top.addWidget(caption)
            top.addWidget(widget)
        top.addStretch(1)

        self.unit_model: RecordTableModel[UnitScore] = RecordTableModel(
            unit_columns(),
            search_text=lambda u: f"{u.code} {u.name}",
            default_sort=lambda u: 0,  # the scores' order: by kind, then name
        )
        self.unit_table = record_table_view(self.unit_model, [62, 0, 55, 45], 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.unit_table, 1)
        self.unit_count = QLabel()
        left_layout.addWidget(self.unit_count)

        self.unit_title = QLabel("Chọn một đơn vị ở danh sách bên trái.")
        self.unit_title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.lock_banner = QLabel()
        self.lock_banner.setWordWrap(True)
        self.lock_banner.setStyleSheet(
            "background: #fff4e5; border: 1px solid #e0a040; padding: 6px; color: #6b3d00;"
        )
        self.lock_banner.hide()
        self.line_model: RecordTableModel[ResultLine] = RecordTableModel(
            line_columns(),
            search_text=lambda r: f"{r.code} {r.wording}",
            default_sort=lambda r: 0,  # the criteria's own order
            is_dimmed=lambda r: r.data is not None and r.data.not_applicable,
        )
        self.line_table = record_table_view(
            self.line_model, [48, 0, 62, 150, 78, 55, 78, 100, 95], 1
        )
        # The selected criterion in full: the table can only show the start of its wording.
        self.line_detail = QLabel()
        self.line_detail.setWordWrap(True)
        self.line_detail.setStyleSheet("color: #333;")
        self.line_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.edit_button = QPushButton("Nhập, sửa kết quả…")
        self.accept_button = QPushButton("Chấp nhận")
        self.return_button = QPushButton("Trả lại…")
        self.delete_button = QPushButton("Xóa kết quả")
        self.score_button = QPushButton("Bảng điểm của đơn vị…")
        self.export_files_button = QPushButton("Xuất tệp minh chứng")
        files_menu = QMenu(self.export_files_button)
        files_menu.addAction("Của đơn vị đang chọn…", self.export_unit_files)
        files_menu.addAction("Của tất cả đơn vị trong kỳ…", self.export_period_files)
        self.export_files_button.setMenu(files_menu)
        actions = QHBoxLayout()
        for button in (self.edit_button, self.accept_button, self.return_button):
            actions.addWidget(button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.export_files_button)
        actions.addWidget(self.score_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.unit_title)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.lock_banner)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.line_table, 1)
        right_layout.addWidget(self.line_detail)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.period_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.search.textChanged.connect(lambda _t: self.apply_filter())
        self.unit_table.selectionModel().selectionChanged.connect(self._unit_chosen)
        self.line_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.line_table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.edit_button.clicked.connect(self.edit_selected)
        self.accept_button.clicked.connect(self.accept_selected)
        self.return_button.clicked.connect(self.return_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.score_button.clicked.connect(self.show_score_sheet)
        self._loaded = False
        self._update_buttons()

    # --- loading ---------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self._loaded:
            fill_period_combo(self.period_combo, self.db, self.today)
            self._loaded = True
        self.reload()

    def period_id(self) -> int:
        return int(self.period_combo.currentData())

    def reload(self) -> None:
        unit_id = self.current.unit_id if self.current is not None else None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.scores = compute_period_scores(self.db, self.period_id())
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.unit_model.set_rows(self.scores.units)
        self.apply_filter()
        if unit_id is not None:
            self.select_unit(unit_id)
        else:
            self._show_unit(None)

    def apply_filter(self) -> None:
        kind = self.kind_combo.currentData()
        self.unit_model.set_filter(
            self.search.text(), None if kind is None else (lambda u: u.kind == kind)
        )
        shown, total = self.unit_model.rowCount(), self.unit_model.total_count()
        self.unit_count.setText(f"{format_number(shown)}/{format_number(total)} đơn vị")

    def show_unit(self, period_id: int, unit_id: int) -> None:
        """Open a unit's results from elsewhere (the completeness view)."""
        index = self.period_combo.findData(period_id) if self._loaded else -1
        if not self._loaded or (index >= 0 and index != self.period_combo.currentIndex()):
            if not self._loaded:
                self.ensure_loaded()
                index = self.period_combo.findData(period_id)
            if index >= 0 and index != self.period_combo.currentIndex():
                # One recomputation, not one for the combo's signal and one for the load.
                self.period_combo.blockSignals(True)
                self.period_combo.setCurrentIndex(index)
                self.period_combo.blockSignals(False)
                self.reload()
        self.kind_combo.setCurrentIndex(0)
        self.search.clear()
        self.select_unit(unit_id)

    def select_unit(self, unit_id: int) -> None:
        position = self.unit_model.find_row(lambda u: u.unit_id == unit_id)
        if position >= 0:
            self.unit_table.selectRow(position)
            self.unit_table.scrollTo(self.unit_model.index(position, 0))
            self._show_unit(unit_id)
        else:
            self._show_unit(None)

    def _unit_chosen(self) -> None:
        indexes = self.unit_table.selectionModel().selectedRows()
        if indexes:
            self._show_unit(self.unit_model.row_at(indexes[0].row()).unit_id)

    def _show_unit(self, unit_id: int | None) -> None:
        if unit_id is None:
            self.current = None
            self.line_model.set_rows([])
            self.unit_title.setText("Chọn một đơn vị ở danh sách bên trái.")
            self.summary.setText("")
            self.lock_banner.hide()
            self._update_buttons()
            return
        try:
            self.current = unit_results(self.db, self.period_id(), unit_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.line_model.set_rows(self.current.lines)
        self.unit_title.setText(self.current.unit_name)
        self.summary.setText(self._summary_text(unit_id))
        if self.current.lock_reason:
            self.lock_banner.setText(
                f"Kết quả của kỳ này đã khóa: {self.current.lock_reason}. Chỉ xem, không sửa được."
            )
            self.lock_banner.show()
        else:
            self.lock_banner.hide()
        self._update_buttons()

    def _summary_text(self, unit_id: int) -> str:
        assert self.current is not None and self.scores is not None
        lines = self.current.lines
        reported = sum(1 for line in lines if line.data is not None)
        kind_label = UNIT_KIND_LABELS[self.current.unit_kind].lower()
        parts = [
            f"{UNIT_KIND_LABELS[self.current.unit_kind]} · "
            f"{format_number(reported)}/{format_number(len(lines))} tiêu chí đã có kết quả"
        ]
        score = self.scores.by_unit(unit_id)
        if score is not None and score.score is not None:
            same_kind = [u for u in self.scores.units if u.kind == score.kind and u.rank]
            parts.append(f"Điểm: <b>{score_text(score)}</b>/100 – {score.band}")
            parts.append(
                f"Hạng {score.rank}/{len(same_kind)} trong nhóm {kind_label}"
                + (" (đồng hạng)" if score.shared_rank else "")
            )
        return " · ".join(parts)

    # --- actions ---------------------------------------------------------------------

    def selected_lines(self) -> list[ResultLine]:
        rows = sorted({index.row() for index in self.line_table.selectionModel().selectedRows()})
        return [self.line_model.row_at(row) for row in rows]

    def _update_buttons(self) -> None:
        lines = self.selected_lines() if self.current is not None else []
        open_period = self.current is not None and not self.current.lock_reason
        with_result = [line for line in lines if line.result_id is not None]
        self.edit_button.setEnabled(open_period and len(lines) == 1)
        self.accept_button.setEnabled(open_period and bool(with_result))
        self.return_button.setEnabled(open_period and bool(with_result))
        self.delete_button.setEnabled(open_period and len(with_result) == 1 and len(lines) == 1)
        self.score_button.setEnabled(self.current is not None)
        self.line_detail.setText(self._detail_text(lines[0]) if len(lines) == 1 else "")

    @staticmethod
    def _detail_text(line: ResultLine) -> str:
        parts = [f"<b>{line.code}</b> – {escape(line.wording)}"]
        data = line.data
        if data is not None:
            if data.not_applicable:
                parts.append(f"<i>Không áp dụng:</i> {escape(data.not_applicable_reason)}")
            if data.return_reason:
                parts.append(f"<i>Lý do trả lại:</i> {escape(data.return_reason)}")
            if data.note:
                parts.append(f"<i>Ghi chú:</i> {escape(data.note)}")
        return "<br>".join(parts)

    def _after_change(self) -> None:
        self.changed.emit()
        selected = {line.criterion_id for line in self.selected_lines()}
        self.reload()
        for position in range(self.line_model.rowCount()):
            if self.line_model.row_at(position).criterion_id in selected:
                self.line_table.selectRow(position)
                break

    def edit_selected(self) -> None:
        lines = self.selected_lines()
        if self.current is None or len(lines) != 1:
            return
        if self.current.lock_reason:
            messages.show_error(self, f"Kết quả của kỳ này đã khóa: {self.current.lock_reason}.")
            return
        from kt_desktop.gui.dialogs.result_dialog import ResultDialog

        dialog = ResultDialog(
            self.db,
            self.current.period_id,
            self.current.unit_id,
            self.current.unit_name,
            lines[0],
            self,
            today=self.today,
        )
        saved = dialog.ask()
        if saved is not None or dialog.evidence_changed:
            self._after_change()

    def accept_selected(self) -> None:
        ids = [line.result_id for line in self.selected_lines() if line.result_id]
        if not ids:
            return
        try:
            set_review_status(self.db, ids, ReviewStatus.ACCEPTED)
        except UserError as error:
            messages.show_error(self, error)
            return
        self._after_change()

    def return_selected(self) -> None:
        lines = [line for line in self.selected_lines() if line.result_id]
        if not lines:
            return
        codes = ", ".join(line.code for line in lines)
        reason = messages.ask_text(
            self,
            "Trả lại kết quả",
            f"Trả lại kết quả {codes} cho đơn vị. Lý do (sẽ in trong công văn đôn đốc):",
        )
        if reason is None:
            return
        try:
            set_review_status(
                self.db,
                [line.result_id for line in lines if line.result_id],
                ReviewStatus.RETURNED,
                reason,
            )
        except UserError as error:
            messages.show_error(self, error)
            return
        self._after_change()

    def delete_selected(self) -> None:
        lines = self.selected_lines()
        if self.current is None or len(lines) != 1 or lines[0].result_id is None:
            return
        if not messages.confirm(
            self,
            "Xóa kết quả",
            f"Xóa kết quả tiêu chí {lines[0].code} của {self.current.unit_name}?",
            "Xóa",
        ):
            return
        try:
            delete_result(self.db, lines[0].result_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        self._after_change()

    def export_unit_files(self) -> None:
        if self.current is None:
            messages.show_info(self, "Chưa chọn đơn vị", "Hãy chọn một đơn vị ở danh sách.")
            return
        from kt_desktop.gui.dialogs.evidence_tools import export_period_files

        export_period_files(self, self.db, self.current.period_id, self.current.unit_id)

    def export_period_files(self) -> None:
        from kt_desktop.gui.dialogs.evidence_tools import export_period_files

        export_period_files(self, self.db, self.period_id())

    def show_score_sheet(self) -> None:
        if self.current is None or self.scores is None:
            return
        from kt_desktop.gui.dialogs.score_sheet_dialog import ScoreSheetDialog

        ScoreSheetDialog(self.db, self.scores, self.current, self).exec()
