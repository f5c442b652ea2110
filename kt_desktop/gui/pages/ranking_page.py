"""Xếp hạng: every unit's score, band and rank within its kind for a period, the band counts,
each unit's score sheet, export, and locking the period's results after the council's review."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import UnitKind
from kt_desktop.domain.labels import UNIT_KIND_LABELS
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.period_combo import fill_period_combo
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.gui.record_views import export_rows_to_excel, record_table_view
from kt_desktop.services.database import Database
from kt_desktop.services.results import lock_period, unit_results, unlock_period
from kt_desktop.services.scoring import (
    BANDS,
    TIE_RULE_TEXT,
    PeriodScores,
    UnitScore,
    compute_period_scores,
)
from kt_desktop.text import collation_key, format_number

KIND_ORDER = {kind: position for position, kind in enumerate(UnitKind)}


def _rank_key(u: UnitScore) -> tuple:
    return (KIND_ORDER[u.kind], u.rank or 10**9, collation_key(u.name))


def ranking_columns() -> list[Column[UnitScore]]:
    return [
        Column(
            "Hạng",
            lambda u: (f"{u.rank} (đồng hạng)" if u.shared_rank else str(u.rank)) if u.rank else "",
            sort_key=_rank_key,
            value=lambda u: u.rank,
        ),
        Column("Mã", lambda u: u.code),
        Column("Đơn vị", lambda u: u.name, tooltip=True),
        Column("Loại", lambda u: UNIT_KIND_LABELS[u.kind], sort_key=_rank_key),
        Column(
            "Điểm",
            lambda u: format_number(u.score, 2) if u.score is not None else "—",
            sort_key=lambda u: u.score if u.score is not None else -1,
            align_right=True,
        ),
        Column(
            "Xếp loại", lambda u: u.band, sort_key=lambda u: BANDS.index(u.band) if u.band else 9
        ),
        Column(
            "Đạt chỉ tiêu",
            lambda u: format_number(u.met),
            sort_key=lambda u: u.met,
            align_right=True,
        ),
        Column(
            "Đã chấp nhận",
            lambda u: format_number(u.accepted),
            sort_key=lambda u: u.accepted,
            align_right=True,
        ),
        Column(
            "Chưa nộp",
            lambda u: format_number(max(u.applicable - u.reported, 0)),
            sort_key=lambda u: u.applicable - u.reported,
            align_right=True,
        ),
        Column(
            "Không áp dụng",
            lambda u: format_number(u.not_applicable),
            sort_key=lambda u: u.not_applicable,
            align_right=True,
        ),
    ]


class RankingPage(QWidget):
    """Signals: `changed` after the period is locked or unlocked; `propose_awards(period id)`
    when the clerk asks to propose awards from this ranking (the Khen thưởng page opens)."""

    changed = Signal()
    propose_awards = Signal(int)

    def __init__(self, db: Database, parent=None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.scores: PeriodScores | None = None
        title = QLabel("Chấm điểm, xếp hạng")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(220)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Tất cả loại đơn vị", None)
        for kind, label in UNIT_KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        top = QHBoxLayout()
        for text, widget in (("Kỳ:", self.period_combo), ("Loại đơn vị:", self.kind_combo)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            top.addWidget(caption)
            top.addWidget(widget)
        top.addStretch(1)
        self.lock_button = QPushButton("Khóa kết quả kỳ…")
        top.addWidget(self.lock_button)

        self.lock_banner = QLabel()
        self.lock_banner.setWordWrap(True)
        self.lock_banner.setStyleSheet(
            "background: #fff4e5; border: 1px solid #e0a040; padding: 6px; color: #6b3d00;"
        )
        self.lock_banner.hide()
        self.band_label = QLabel()
        self.band_label.setWordWrap(True)
        rule = QLabel(
            "Xếp hạng trong từng loại đơn vị. " + TIE_RULE_TEXT + " Ngưỡng xếp loại và cách "
            "tính điểm chỉnh ở Cài đặt → Chấm điểm, minh chứng."
        )
        rule.setWordWrap(True)
        rule.setStyleSheet("color: #444;")
        self.model: RecordTableModel[UnitScore] = RecordTableModel(
            ranking_columns(),
            search_text=lambda u: f"{u.code} {u.name}",
            default_sort=_rank_key,
        )
        self.table = record_table_view(self.model, [110, 70, 0, 130, 70, 200, 90, 100, 80, 112], 2)
        self.table.setSortingEnabled(True)
        # Qt's initial indicator is descending; start in rank order instead.
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.sheet_button = QPushButton("Bảng điểm của đơn vị…")
        self.propose_button = QPushButton("Đề nghị khen thưởng…")
        self.propose_button.setToolTip(
            "Mở trang Khen thưởng của kỳ này để lập đề nghị từ kết quả xếp hạng"
        )
        self.export_button = QPushButton("Xuất Excel")
        actions = QHBoxLayout()
        actions.addWidget(self.sheet_button)
        actions.addWidget(self.propose_button)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.lock_banner)
        layout.addWidget(self.band_label)
        layout.addWidget(rule)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)

        self.period_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.sheet_button.clicked.connect(self.show_score_sheet)
        self.table.doubleClicked.connect(lambda _index: self.show_score_sheet())
        self.export_button.clicked.connect(self.export)
        self.propose_button.clicked.connect(lambda: self.propose_awards.emit(self.period_id()))
        self.lock_button.clicked.connect(self.toggle_lock)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._loaded = False

    def ensure_loaded(self) -> None:
        if not self._loaded:
            fill_period_combo(self.period_combo, self.db, self.today)
            self._loaded = True
        self.reload()

    def period_id(self) -> int:
        return int(self.period_combo.currentData())

    def reload(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.scores = compute_period_scores(self.db, self.period_id())
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.model.set_rows(self.scores.units)
        if self.scores.lock_reason:
            self.lock_banner.setText(f"Kết quả của kỳ này đã khóa: {self.scores.lock_reason}.")
            self.lock_banner.show()
            self.lock_button.setText("Mở khóa kết quả kỳ")
        else:
            self.lock_banner.hide()
            self.lock_button.setText("Khóa kết quả kỳ…")
        self.apply_filter()

    def apply_filter(self) -> None:
        kind = self.kind_combo.currentData()
        self.model.set_filter("", None if kind is None else (lambda u: u.kind == kind))
        self._show_band_counts()
        self._update_buttons()

    def _show_band_counts(self) -> None:
        if self.scores is None:
            return
        units = self.scores.of_kind(self.kind_combo.currentData())
        scored = [u for u in units if u.score is not None]
        counts = {band: sum(1 for u in scored if u.band == band) for band in BANDS}
        self.band_label.setText(
            f"{format_number(len(scored))} đơn vị được chấm: "
            + "; ".join(f"{band}: {format_number(count)}" for band, count in counts.items())
            + "."
        )

    def selected(self) -> UnitScore | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    def _update_buttons(self) -> None:
        self.sheet_button.setEnabled(self.selected() is not None)
        self.export_button.setEnabled(self.model.rowCount() > 0)

    def show_score_sheet(self) -> None:
        unit = self.selected()
        if unit is None or self.scores is None:
            return
        from kt_desktop.gui.dialogs.score_sheet_dialog import ScoreSheetDialog

        try:
            results = unit_results(self.db, self.period_id(), unit.unit_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        ScoreSheetDialog(self.db, self.scores, results, self).exec()

    def export(self) -> None:
        export_rows_to_excel(
            self,
            self.model,
            "Xếp hạng",
            f"KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG – {self.period_combo.currentText().upper()}",
            self.kind_combo.currentText(),
        )

    def toggle_lock(self) -> None:
        if self.scores is None:
            return
        name = self.period_combo.currentText()
        try:
            if self.scores.lock_reason:
                if not messages.confirm(
                    self,
                    "Mở khóa kết quả",
                    f"Mở khóa để sửa kết quả của {name.lower()}? Điểm và xếp hạng có thể thay đổi.",
                    "Mở khóa",
                ):
                    return
                unlock_period(self.db, self.period_id())
            else:
                reason = messages.ask_text(
                    self,
                    "Khóa kết quả kỳ",
                    f"Khóa kết quả của {name.lower()}: sau khi khóa không ai sửa được kết quả, "
                    "minh chứng và trạng thái xem xét của kỳ này. Lý do khóa:",
                    "Hội đồng Thi đua – Khen thưởng xã đã họp xét",
                )
                if reason is None:
                    return
                lock_period(self.db, self.period_id(), reason, self.today)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.changed.emit()
        self.reload()
