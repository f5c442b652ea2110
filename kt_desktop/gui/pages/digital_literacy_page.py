"""Bình dân học vụ số: one row per village for the chosen period, the rate of adults reaching
the basic digital standard, the commune's totals, editing and export to Excel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.period_combo import fill_period_combo
from kt_desktop.gui.record_views import ROW_HEIGHT
from kt_desktop.services.database import Database
from kt_desktop.services.digital_literacy import (
    VillageRow,
    VillageTable,
    VillageTotals,
    delete_figures,
    list_village_rows,
)
from kt_desktop.services.results import period_lock_reason
from kt_desktop.sheets.table_export import TableExport, write_table_xlsx
from kt_desktop.text import format_number, format_percent

ModelIndex = QModelIndex | QPersistentModelIndex
TOTAL_LABEL = "Tổng cộng"
REPORTED_MARK = "*"
DIMMED = QBrush(QColor("#8a8a8a"))
TOTAL_BACKGROUND = QBrush(QColor("#eef3f8"))


@dataclass(frozen=True)
class FigureColumn:
    title: str
    tooltip: str
    # The figure of a village (None: not recorded) and of the totals row.
    of_row: Callable[[VillageRow], int | None]
    of_totals: Callable[[VillageTotals], int]


def _count(name: str) -> Callable[[VillageRow], int | None]:
    return lambda row: getattr(row.figures, name) if row.figures is not None else None


COUNT_COLUMNS = [
    FigureColumn(
        "Số lớp",
        "Số lớp Bình dân học vụ số đã mở",
        _count("classes_held"),
        lambda t: t.classes_held,
    ),
    FigureColumn(
        "CBCCVC được tập huấn",
        "Cán bộ, công chức, viên chức được tập huấn",
        _count("trained_officials"),
        lambda t: t.trained_officials,
    ),
    FigureColumn(
        "Học sinh", "Học sinh được tập huấn", _count("trained_pupils"), lambda t: t.trained_pupils
    ),
    FigureColumn(
        "Người dân khác",
        "Người dân khác được tập huấn",
        _count("trained_other_adults"),
        lambda t: t.trained_other_adults,
    ),
    FigureColumn(
        "Thành viên tổ CNSCĐ",
        "Thành viên tổ công nghệ số cộng đồng",
        _count("team_members"),
        lambda t: t.team_members,
    ),
    FigureColumn(
        "Lượt hỗ trợ",
        "Lượt hỗ trợ người dân của tổ công nghệ số cộng đồng",
        _count("team_visits"),
        lambda t: t.team_visits,
    ),
    FigureColumn(
        "Người trưởng thành đạt chuẩn",
        "Người trưởng thành đạt chuẩn kỹ năng số cơ bản",
        _count("adults_meeting_standard"),
        lambda t: t.adults_meeting_standard,
    ),
    FigureColumn(
        "Dân số trưởng thành",
        "Dân số trưởng thành của thôn",
        _count("adult_population"),
        lambda t: t.adult_population,
    ),
]
HEADERS = ["Thôn", *(c.title for c in COUNT_COLUMNS), "Tỷ lệ đạt chuẩn"]
RATE_COLUMN = len(HEADERS) - 1
# The figures' widths; the village name takes the rest.
COLUMN_WIDTHS = [70, 100, 80, 90, 100, 90, 115, 105, 95]


def rate_text(row: VillageRow) -> str:
    """ "61,5%", with a mark when the village gave only a percentage."""
    if row.rate is None:
        return ""
    only_reported = row.figures is not None and row.figures.adult_population is None
    return format_percent(row.rate) + (REPORTED_MARK if only_reported else "")


def _rate_of_totals(totals: VillageTotals) -> str:
    return format_percent(totals.rate) if totals.rate is not None else ""


class VillageFiguresModel(QAbstractTableModel):
    """The villages in Vietnamese order, then a bold totals row; not sortable, so the totals
    stay last."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._table: VillageTable | None = None

    def set_table(self, table: VillageTable) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    @property
    def rows(self) -> list[VillageRow]:
        return self._table.rows if self._table else []

    @property
    def totals(self) -> VillageTotals | None:
        return self._table.totals if self._table else None

    def is_totals(self, row: int) -> bool:
        return self._table is not None and row == len(self._table.rows)

    def village_at(self, row: int) -> VillageRow | None:
        rows = self.rows
        return rows[row] if 0 <= row < len(rows) else None

    def values(self, row: int) -> list[str | int | None]:
        """One line as an export writes it: counts stay numbers, the rate is text."""
        village = self.village_at(row)
        if village is not None:
            return [
                village.unit_name,
                *(c.of_row(village) for c in COUNT_COLUMNS),
                rate_text(village),
            ]
        totals = self.totals
        assert totals is not None
        return [TOTAL_LABEL, *(c.of_totals(totals) for c in COUNT_COLUMNS), _rate_of_totals(totals)]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return len(self._table.rows) + 1

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self.rowCount()):
            return None
        if not (0 <= index.column() < len(HEADERS)):
            return None
        row, column = index.row(), index.column()
        village = self.village_at(row)
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.values(row)[column]
            if isinstance(value, int):
                return format_number(value)
            return value or ""
        if role == Qt.ItemDataRole.FontRole and self.is_totals(row):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and self.is_totals(row):
            return TOTAL_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and village is not None:
            return DIMMED if village.figures is None or not village.active else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and village is not None:
            if village.figures is None:
                return f"{village.unit_name}: chưa nhập số liệu kỳ này"
            if village.figures.note:
                return f"{village.unit_name}: {village.figures.note}"
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and column == RATE_COLUMN
            and village is not None
            and rate_text(village).endswith(REPORTED_MARK)
        ):
            return "Tỷ lệ theo báo cáo của thôn, không kèm số người"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(HEADERS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and 1 <= section <= len(COUNT_COLUMNS):
            return COUNT_COLUMNS[section - 1].tooltip
        return None


class DigitalLiteracyPage(QWidget):
    changed = Signal()  # a village's figures were saved or cleared

    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self._loaded = False
        self._lock_reason = ""
        title = QLabel("Bình dân học vụ số")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        note = QLabel(
            "Số liệu của từng thôn, thị tứ trong kỳ. Tỷ lệ đạt chuẩn = số người trưởng thành "
            "đạt chuẩn kỹ năng số cơ bản ÷ dân số trưởng thành; dòng tổng cộng tính trên các "
            "thôn có đủ hai số đó."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(260)
        period_label = QLabel("Kỳ:")
        period_label.setBuddy(self.period_combo)
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period_combo)
        top.addStretch(1)
        self.lock_label = QLabel()
        self.lock_label.setWordWrap(True)
        self.lock_label.setStyleSheet(
            "background: #fff4e5; border: 1px solid #f0b46a; padding: 6px;"
        )
        self.lock_label.hide()

        self.edit_button = QPushButton("Nhập / sửa số liệu…")
        self.clear_button = QPushButton("Xóa số liệu của thôn")
        self.export_button = QPushButton("Xuất Excel")
        actions = QHBoxLayout()
        actions.addWidget(self.edit_button)
        actions.addWidget(self.clear_button)
        actions.addStretch(1)
        actions.addWidget(self.export_button)

        self.model = VillageFiguresModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # Long headings wrap onto two lines instead of widening every column.
        header.setDefaultAlignment(
            Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)
        )
        header.setMinimumHeight(3 * header.fontMetrics().lineSpacing() + 10)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate(COLUMN_WIDTHS, start=1):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(top)
        layout.addWidget(self.lock_label)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.period_combo.currentIndexChanged.connect(lambda _index: self.reload())
        self.edit_button.clicked.connect(self.edit_selected)
        self.clear_button.clicked.connect(self.clear_selected)
        self.export_button.clicked.connect(self.export)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def ensure_loaded(self) -> None:
        """Fill the period picker on first show; reload the figures every time."""
        if not self._loaded:
            fill_period_combo(self.period_combo, self.db, date.today())
            self._loaded = True
        self.reload()

    def period_id(self) -> int | None:
        data = self.period_combo.currentData()
        return int(data) if data is not None else None

    def reload(self, select_unit: int | None = None) -> None:
        period_id = self.period_id()
        if period_id is None:
            return
        table = list_village_rows(self.db, period_id)
        self._lock_reason = period_lock_reason(self.db, period_id)
        self.model.set_table(table)
        if self._lock_reason:
            self.lock_label.setText(
                f"Kết quả của kỳ này đã khóa ({self._lock_reason}): số liệu Bình dân học vụ "
                "số chỉ xem, không sửa được."
            )
        self.lock_label.setVisible(bool(self._lock_reason))
        self._show_counts(table)
        if select_unit is not None:
            position = next((i for i, r in enumerate(table.rows) if r.unit_id == select_unit), -1)
            if position >= 0:
                self.table.selectRow(position)
        self._update_buttons()

    def _show_counts(self, table: VillageTable) -> None:
        totals = table.totals
        if not table.rows:
            self.count_label.setText(
                "Chưa có thôn, thị tứ nào trong danh sách đơn vị. Hãy thêm ở trang Đơn vị "
                "(loại “Thôn, thị tứ”)."
            )
            return
        text = (
            f"Đã nhập số liệu {format_number(totals.recorded)}/{format_number(totals.villages)} "
            "thôn, thị tứ."
        )
        if totals.rate is not None:
            text += (
                f" Tỷ lệ người trưởng thành đạt chuẩn toàn xã: {format_percent(totals.rate)} "
                f"({format_number(totals.adults_meeting_standard)}/"
                f"{format_number(totals.adult_population)} người)."
            )
        if totals.rate_only_reported:
            text += (
                f" {REPORTED_MARK} {format_number(totals.rate_only_reported)} thôn chỉ báo tỷ lệ, "
                "không kèm số người, nên không tính vào tỷ lệ toàn xã."
            )
        self.count_label.setText(text)

    def selected(self) -> VillageRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.village_at(indexes[0].row()) if indexes else None

    def _update_buttons(self) -> None:
        row = self.selected()
        open_ = not self._lock_reason
        self.edit_button.setEnabled(row is not None and open_)
        self.clear_button.setEnabled(row is not None and open_ and row.figures is not None)
        self.export_button.setEnabled(bool(self.model.rows))

    def edit_selected(self) -> None:
        row = self.selected()
        period_id = self.period_id()
        if row is None or period_id is None:
            return
        if self._lock_reason:
            messages.show_error(
                self,
                f"Kết quả của kỳ này đã khóa ({self._lock_reason}) nên không sửa được số liệu.",
            )
            return
        from kt_desktop.gui.dialogs.digital_literacy_dialog import DigitalLiteracyDialog

        dialog = DigitalLiteracyDialog(
            self.db, period_id, self.period_combo.currentText(), row, self
        )
        if dialog.ask() is not None:
            self.reload(select_unit=row.unit_id)
            self.changed.emit()

    def clear_selected(self) -> None:
        row = self.selected()
        period_id = self.period_id()
        if row is None or period_id is None or row.figures is None:
            return
        if not messages.confirm(
            self,
            "Xóa số liệu",
            f"Xóa số liệu Bình dân học vụ số của {row.unit_name} trong "
            f"{self.period_combo.currentText().lower()}? Thôn sẽ trở lại “chưa nhập”.",
            yes_text="Xóa",
        ):
            return
        try:
            delete_figures(self.db, period_id, row.unit_id)
        except UserError as error:
            messages.show_error(self, error, title="Không xóa được")
            return
        self.reload(select_unit=row.unit_id)
        self.changed.emit()

    def export(self) -> Path | None:
        if not self.model.rows:
            messages.show_info(self, "Không có gì để xuất", "Danh sách thôn đang trống.")
            return None
        period_name = self.period_combo.currentText()
        target = messages.ask_save_path(
            self,
            "Xuất ra Excel",
            Path.home() / f"Bình dân học vụ số {period_name}.xlsx",
            "Sổ tính Excel (*.xlsx)",
        )
        if target is None:
            return None
        count = len(self.model.rows)
        rows: list[list[str | int | float | None]] = [
            [number, *self.model.values(number - 1)] for number in range(1, count + 1)
        ]
        rows.append(["", *self.model.values(count)])
        try:
            written = write_table_xlsx(
                TableExport(
                    sheet_title="Bình dân học vụ số",
                    title=f"KẾT QUẢ “BÌNH DÂN HỌC VỤ SỐ” – {period_name.upper()}",
                    headers=["STT", *HEADERS],
                    rows=rows,
                    subtitle=(
                        "Tỷ lệ đạt chuẩn = người trưởng thành đạt chuẩn kỹ năng số cơ bản ÷ "
                        "dân số trưởng thành; tổng cộng tính trên các thôn có đủ hai số."
                    ),
                ),
                target,
            )
        except UserError as error:
            messages.show_error(self, error, title="Chưa xuất được")
            return None
        messages.show_info(
            self,
            "Đã xuất Excel",
            f"Đã xuất số liệu {format_number(count)} thôn, thị tứ ra tệp “{written.name}”.",
            str(written.parent),
        )
        return written
