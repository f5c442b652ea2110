"""Tình hình nộp kết quả: which units have sent what for a period, and the reminder letter to
those that have not."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.labels import UNIT_KIND_LABELS
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.period_combo import fill_period_combo
from kt_desktop.gui.record_views import ROW_HEIGHT
from kt_desktop.services.completeness import (
    CompletenessMatrix,
    MatrixUnit,
    completeness_matrix,
    create_reminder_letter,
)
from kt_desktop.services.database import Database
from kt_desktop.services.figures import CELL_STATE_LABELS, CellState
from kt_desktop.text import format_number

ModelIndex = QModelIndex | QPersistentModelIndex

# The short text and the colour of each state in a cell; the legend explains them.
STATE_SYMBOLS: dict[CellState, str] = {
    CellState.MISSING: "Thiếu",
    CellState.RECEIVED: "Nhận",
    CellState.IN_REVIEW: "Xét",
    CellState.ACCEPTED: "Duyệt",
    CellState.RETURNED: "Trả",
    CellState.NOT_APPLICABLE: "KAD",
}
STATE_COLOURS: dict[CellState, str] = {
    CellState.MISSING: "#f6c6c6",
    CellState.RECEIVED: "#fff1a8",
    CellState.IN_REVIEW: "#cfe2ff",
    CellState.ACCEPTED: "#c8ebc8",
    CellState.RETURNED: "#ffb25e",
    CellState.NOT_APPLICABLE: "#d9d9d9",
}
NOT_MEANT_COLOUR = "#8c8c8c"  # the criterion is not for units of this kind
NOT_MEANT_LABEL = "Không dành cho loại đơn vị này"
DEFAULT_DEADLINE_DAYS = 7
FIXED_COLUMNS = ("Mã", "Đơn vị", "Còn thiếu")
FIXED_WIDTHS = (76, 280, 74)
CRITERION_WIDTH = 48


class CompletenessModel(QAbstractTableModel):
    """The matrix as a table: code, name, what is owed, then one narrow column per criterion.
    Reads the service's matrix in place; filtering keeps a list of its rows."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.matrix: CompletenessMatrix | None = None
        self._visible: list[int] = []
        self._only_owed = False
        self._brushes = {state: QBrush(QColor(colour)) for state, colour in STATE_COLOURS.items()}
        self._not_meant = QBrush(QColor(NOT_MEANT_COLOUR))
        self._owed_brush = QBrush(QColor(STATE_COLOURS[CellState.MISSING]))
        self._centre = int(Qt.AlignmentFlag.AlignCenter)
        self._right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    # --- data in ---------------------------------------------------------------------

    def set_matrix(self, matrix: CompletenessMatrix, only_owed: bool = False) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self._only_owed = only_owed
        self._visible = self._rows_shown()
        self.endResetModel()

    def set_only_owed(self, only_owed: bool) -> None:
        self.beginResetModel()
        self._only_owed = only_owed
        self._visible = self._rows_shown()
        self.endResetModel()

    def _rows_shown(self) -> list[int]:
        if self.matrix is None:
            return []
        if not self._only_owed:
            return list(range(len(self.matrix.units)))
        return [row for row, owed in enumerate(self.matrix.owed) if owed]

    # --- data out --------------------------------------------------------------------

    def matrix_row(self, visible_row: int) -> int:
        return self._visible[visible_row]

    def unit_at(self, visible_row: int) -> MatrixUnit:
        assert self.matrix is not None
        return self.matrix.units[self._visible[visible_row]]

    def headers(self) -> list[str]:
        if self.matrix is None:
            return list(FIXED_COLUMNS)
        return [*FIXED_COLUMNS, *(c.code for c in self.matrix.criteria)]

    def export_rows(self) -> list[list[str | int | None]]:
        """The rows on screen with the states in words, as the Excel export writes them."""
        matrix = self.matrix
        if matrix is None:
            return []
        rows: list[list[str | int | None]] = []
        for row in self._visible:
            unit = matrix.units[row]
            rows.append(
                [
                    unit.code,
                    unit.name,
                    UNIT_KIND_LABELS[unit.kind],
                    len(matrix.owed[row]),
                    *(CELL_STATE_LABELS[s] if s is not None else "" for s in matrix.cells[row]),
                ]
            )
        return rows

    # --- QAbstractTableModel ---------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.matrix is None:
            return 0
        return len(FIXED_COLUMNS) + len(self.matrix.criteria)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        matrix = self.matrix
        if matrix is None or not index.isValid():
            return None
        position = index.row()
        if not 0 <= position < len(self._visible):
            return None
        row = self._visible[position]
        column = index.column() - len(FIXED_COLUMNS)
        if column < 0:
            return self._unit_data(matrix, row, index.column(), role)
        if column >= len(matrix.criteria):
            return None
        state = matrix.cells[row][column]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if state is None else STATE_SYMBOLS[state]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._not_meant if state is None else self._brushes[state]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._centre
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tooltip(matrix, row, column, state)
        return None

    def _unit_data(self, matrix: CompletenessMatrix, row: int, column: int, role: int) -> Any:
        unit = matrix.units[row]
        owed = len(matrix.owed[row])
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return unit.code
            if column == 1:
                return unit.name
            return format_number(owed)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return self._right
        if role == Qt.ItemDataRole.BackgroundRole and column == 2 and owed:
            return self._owed_brush
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 2):
            counts = matrix.unit_counts[row]
            parts = [
                f"{CELL_STATE_LABELS[state]}: {format_number(counts[state])}"
                for state in CellState
                if counts.get(state)
            ]
            return f"{unit.name} ({UNIT_KIND_LABELS[unit.kind]})\n" + " · ".join(parts)
        return None

    def _cell_tooltip(
        self, matrix: CompletenessMatrix, row: int, column: int, state: CellState | None
    ) -> str:
        criterion = matrix.criteria[column]
        unit = matrix.units[row]
        heading = f"{criterion.code} – {criterion.wording}"
        if state is None:
            return f"{heading}\n{unit.name}: tiêu chí không dành cho loại đơn vị này."
        text = f"{heading}\n{unit.name}: {CELL_STATE_LABELS[state]}"
        reason = matrix.return_reason(row, column)
        if state == CellState.RETURNED:
            text += f"\nLý do trả lại: {reason}" if reason else "\n(Chưa ghi lý do trả lại.)"
        return text

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        column = section - len(FIXED_COLUMNS)
        if role == Qt.ItemDataRole.DisplayRole:
            if column < 0:
                return FIXED_COLUMNS[section]
            if self.matrix is not None and column < len(self.matrix.criteria):
                return self.matrix.criteria[column].code
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column < 0:
                return "Số tiêu chí chưa nộp hoặc bị trả lại" if section == 2 else None
            if self.matrix is not None and column < len(self.matrix.criteria):
                criterion = self.matrix.criteria[column]
                return f"{criterion.code} – {criterion.wording}"
        return None


def legend_chip(text: str, colour: str, label: str) -> QLabel:
    chip = QLabel(f" {text} " if text else "      ")
    chip.setStyleSheet(f"background: {colour}; border: 1px solid #b0b0b0; padding: 1px 3px;")
    chip.setToolTip(label)
    return chip


class FrozenColumnsTable(QTableView):
    """A table whose first columns (the unit's code, name and what it owes) stay in view while
    the criteria scroll sideways: a second view, sharing the model and the selection, is drawn
    over the left edge (Qt's "frozen column" pattern)."""

    def __init__(self, frozen_columns: int, parent=None) -> None:
        super().__init__(parent)
        self.frozen_columns = frozen_columns
        self.frozen = QTableView(self)
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setStyleSheet("QTableView { border: none; border-right: 2px solid #9aa5b1; }")
        self.frozen.setWordWrap(False)
        self.frozen.horizontalHeader().setStretchLastSection(False)
        self.viewport().stackUnder(self.frozen)
        self.horizontalHeader().sectionResized.connect(self._column_resized)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.frozen.doubleClicked.connect(self.doubleClicked.emit)

    def setModel(self, model) -> None:
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        self.frozen.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.frozen.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        model.modelReset.connect(self.refresh_frozen)
        self.refresh_frozen()

    def refresh_frozen(self) -> None:
        model = self.model()
        if model is None:
            return
        header = self.frozen.verticalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(self.verticalHeader().defaultSectionSize())
        for column in range(model.columnCount()):
            hidden = column >= self.frozen_columns
            self.frozen.setColumnHidden(column, hidden)
            if not hidden:
                self.frozen.setColumnWidth(column, self.columnWidth(column))
        self._place_frozen()

    def _column_resized(self, column: int, _old: int, new: int) -> None:
        if column < self.frozen_columns:
            self.frozen.setColumnWidth(column, new)
            self._place_frozen()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_frozen()

    def _place_frozen(self) -> None:
        width = sum(self.columnWidth(c) for c in range(self.frozen_columns))
        frame = self.frameWidth()
        self.frozen.setGeometry(
            self.verticalHeader().width() + frame,
            frame,
            width,
            self.viewport().height() + self.horizontalHeader().height(),
        )


class CompletenessPage(QWidget):
    """The period's matrix of units × criteria; double-clicking a unit asks the window to open
    its results (open_unit_results), and the reminder letter goes to the register."""

    open_unit_results = Signal(int, int)  # period id, unit id
    reminder_created = Signal(int)  # the draft's id in the register of outgoing documents

    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self._loaded = False
        title = QLabel("Tình hình nộp kết quả")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")

        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(240)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Tất cả loại đơn vị", None)
        for kind, label in UNIT_KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.only_owed_check = QCheckBox("Chỉ đơn vị còn thiếu")
        top = QHBoxLayout()
        for text, combo in (("Kỳ:", self.period_combo), ("Loại đơn vị:", self.kind_combo)):
            caption = QLabel(text)
            caption.setBuddy(combo)
            top.addWidget(caption)
            top.addWidget(combo)
        top.addWidget(self.only_owed_check)
        top.addStretch(1)

        self.reminder_button = QPushButton("Soạn công văn đôn đốc…")
        self.reminder_button.setToolTip(
            "Soạn dự thảo công văn đôn đốc các đơn vị đang chọn gửi kết quả còn thiếu"
        )
        self.export_button = QPushButton("Xuất Excel")
        actions = QHBoxLayout()
        actions.addWidget(self.reminder_button)
        actions.addStretch(1)
        actions.addWidget(self.export_button)

        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        legend = QHBoxLayout()
        legend.setSpacing(4)
        legend.addWidget(QLabel("Chú giải:"))
        for state in CellState:
            legend.addWidget(
                legend_chip(STATE_SYMBOLS[state], STATE_COLOURS[state], CELL_STATE_LABELS[state])
            )
            legend.addWidget(QLabel(CELL_STATE_LABELS[state]))
            legend.addSpacing(8)
        legend.addWidget(legend_chip("", NOT_MEANT_COLOUR, NOT_MEANT_LABEL))
        legend.addWidget(QLabel(NOT_MEANT_LABEL))
        legend.addStretch(1)

        self.model = CompletenessModel(self)
        self.table = FrozenColumnsTable(len(FIXED_WIDTHS))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setCornerButtonEnabled(False)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.setVisible(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setDefaultSectionSize(CRITERION_WIDTH)
        header.setMinimumSectionSize(24)
        self.status_label = QLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.counts_label)
        layout.addLayout(legend)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)

        self.period_combo.currentIndexChanged.connect(self.reload)
        self.kind_combo.currentIndexChanged.connect(self.reload)
        self.only_owed_check.toggled.connect(self.apply_filter)
        self.reminder_button.clicked.connect(self.compose_reminder)
        self.export_button.clicked.connect(self.export)
        self.table.doubleClicked.connect(self._open_unit)
        self.table.selectionModel().selectionChanged.connect(self._update_status)
        self._update_status()

    # --- loading -----------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        """Fill the periods on first show; reload every time (results come in all day)."""
        if not self._loaded:
            fill_period_combo(self.period_combo, self.db, date.today())
            self._loaded = True
        self.reload()

    def period_id(self) -> int | None:
        data = self.period_combo.currentData()
        return None if data is None else int(data)

    def reload(self) -> None:
        period_id = self.period_id()
        if period_id is None:
            return
        matrix = completeness_matrix(self.db, period_id, self.kind_combo.currentData())
        self.model.set_matrix(matrix, self.only_owed_check.isChecked())
        for column, width in enumerate(FIXED_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.refresh_frozen()
        self._show_counts(matrix)
        self._update_status()

    def apply_filter(self) -> None:
        self.model.set_only_owed(self.only_owed_check.isChecked())
        self._update_status()

    def _show_counts(self, matrix: CompletenessMatrix) -> None:
        counts = " · ".join(
            f"{CELL_STATE_LABELS[state]}: {format_number(matrix.counts[state])}"
            for state in CellState
        )
        late = matrix.late_unit_count()
        self.counts_label.setText(
            f"{counts}. Còn {format_number(late)} trong {format_number(len(matrix.units))} "
            "đơn vị chưa gửi đủ kết quả."
            + (" Kết quả của kỳ này đã khóa." if matrix.results_locked else "")
        )

    def _update_status(self) -> None:
        chosen = len(self.table.selectionModel().selectedRows())
        shown = self.model.rowCount()
        text = f"Đang hiện {format_number(shown)} đơn vị"
        if chosen:
            text += f", đã chọn {format_number(chosen)}"
        self.status_label.setText(
            text + ". Nháy đúp vào một đơn vị để xem kết quả của đơn vị đó."
            if shown
            else "Không có đơn vị nào để hiện."
        )
        self.reminder_button.setEnabled(chosen > 0)
        self.export_button.setEnabled(shown > 0)

    # --- actions -----------------------------------------------------------------------

    def selected_unit_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.unit_at(row).id for row in rows]

    def _open_unit(self, index: QModelIndex) -> None:
        period_id = self.period_id()
        if index.isValid() and period_id is not None:
            self.open_unit_results.emit(period_id, self.model.unit_at(index.row()).id)

    def compose_reminder(self) -> None:
        period_id = self.period_id()
        unit_ids = self.selected_unit_ids()
        if period_id is None or not unit_ids:
            messages.show_info(
                self,
                "Chưa chọn đơn vị",
                "Hãy chọn (bôi đen) các đơn vị còn thiếu kết quả trong bảng.",
            )
            return
        deadline = messages.ask_date(
            self,
            "Soạn công văn đôn đốc",
            f"Hạn gửi kết quả còn thiếu cho {format_number(len(unit_ids))} đơn vị đã chọn "
            "(công văn ghi “trước ngày …”):",
            date.today() + timedelta(days=DEFAULT_DEADLINE_DAYS),
        )
        if deadline is None:
            return
        try:
            document_id = create_reminder_letter(self.db, period_id, unit_ids, deadline)
        except UserError as error:
            messages.show_error(self, error, title="Chưa soạn được công văn")
            return
        self.reminder_created.emit(document_id)
        self._preview(document_id)
        messages.show_info(
            self,
            "Đã soạn công văn đôn đốc",
            "Dự thảo công văn đôn đốc đã được lưu vào sổ “Văn bản đi” (ở dạng dự thảo, chưa "
            "cấp số).",
            "Vào trang “Văn bản đi” để sửa nội dung nếu cần, rồi ban hành (cấp số) và gửi cho "
            "các đơn vị.",
        )

    def _preview(self, document_id: int) -> None:
        from kt_desktop.gui.dialogs import pdf_preview
        from kt_desktop.services.document_builder import render_draft
        from kt_desktop.services.outgoing import get_draft

        try:
            draft = get_draft(self.db, document_id)
            pdf = render_draft(self.db, draft, None)
            pdf_preview.PdfPreviewDialog(
                pdf, "Công văn đôn đốc (dự thảo)", "Công văn đôn đốc dự thảo.pdf", self
            ).exec()
        except UserError as error:
            messages.show_error(self, error, title="Chưa xem trước được công văn")

    def export(self) -> None:
        from kt_desktop.sheets.table_export import TableExport, write_table_xlsx

        rows = self.model.export_rows()
        if not rows:
            messages.show_info(self, "Không có gì để xuất", "Bảng đang trống.")
            return
        period = self.period_combo.currentText()
        target = messages.ask_save_path(
            self,
            "Xuất ra Excel",
            Path.home() / f"Tình hình nộp kết quả {period}.xlsx",
            "Sổ tính Excel (*.xlsx)",
        )
        if target is None:
            return
        subtitle = [f"Kỳ: {period}"]
        if self.kind_combo.currentData() is not None:
            subtitle.append(f"Loại đơn vị: {self.kind_combo.currentText()}")
        if self.only_owed_check.isChecked():
            subtitle.append("Chỉ đơn vị còn thiếu")
        headers = ["STT", "Mã", "Đơn vị", "Loại đơn vị", "Còn thiếu", *self.model.headers()[3:]]
        try:
            written = write_table_xlsx(
                TableExport(
                    sheet_title="Tình hình nộp kết quả",
                    title=f"TÌNH HÌNH NỘP KẾT QUẢ – {period.upper()}",
                    headers=headers,
                    rows=[[number, *row] for number, row in enumerate(rows, start=1)],
                    subtitle="; ".join(subtitle),
                ),
                target,
            )
        except UserError as error:
            messages.show_error(self, error, title="Chưa xuất được")
            return
        messages.show_info(
            self,
            "Đã xuất Excel",
            f"Đã xuất {format_number(len(rows))} đơn vị ra tệp “{written.name}”.",
            str(written.parent),
        )
