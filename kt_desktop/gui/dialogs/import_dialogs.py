"""Excel exchange screens: sending report packets to units, and reading workbooks back in
(column mapping, a preview of every row, the import) with the slow parts off the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEventLoop,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import UnitKind
from kt_desktop.domain.labels import UNIT_KIND_LABELS
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs.visit_dialog import BANNER_STYLE, ERROR_STYLE, date_edit, pydate
from kt_desktop.services.database import Database
from kt_desktop.services.import_preview import (
    ROW_STATUS_LABELS,
    CellProblem,
    ImportKind,
    ImportOutcome,
    ImportPreview,
    PreviewRow,
    RowStatus,
)
from kt_desktop.services.movement import current_period, list_periods
from kt_desktop.services.participants import UnitRow, list_unit_rows
from kt_desktop.text import collation_key, format_number

ROW_HEIGHT = 26
WORKBOOK_FILTER = "Sổ tính Excel (*.xlsx)"
DEFAULT_DEADLINE_DAYS = 14

# Background and text colours of each row status: the counts at the top use the same.
STATUS_COLOURS: dict[RowStatus, tuple[str, str]] = {
    RowStatus.NEW: ("#e3f4e6", "#1b5e20"),
    RowStatus.CHANGED: ("#fff1cc", "#6b4a00"),
    RowStatus.UNCHANGED: ("#eeeeee", "#444444"),
    RowStatus.SKIPPED: ("#eeeeee", "#666666"),
    RowStatus.ERROR: ("#fde0df", "#b00020"),
}

# progress(done, total) as the services take it: False stops the work.
Progress = Callable[[int, int], bool]


# ---------------------------------------------------------------------------------------------
# File choosers (tests replace these, never the Qt dialogs)


def ask_workbook_path(parent: QWidget | None, title: str = "Chọn tệp Excel") -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), WORKBOOK_FILTER)
    return Path(chosen) if chosen else None


def ask_folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(chosen) if chosen else None


# ---------------------------------------------------------------------------------------------
# Background work


class _WorkerThread(QThread):
    def __init__(self, run: Callable[[], None]) -> None:
        super().__init__()
        self._run = run

    def run(self) -> None:  # the worker thread's body
        self._run()


class BackgroundTask(QObject):
    """Runs ``work(progress)`` on its own thread, never touching a widget from there.

    ``work`` opens (and closes) whatever database session it needs inside its own call: a
    SQLite connection must not be shared between threads while in use. ``progress(done,
    total)`` emits :attr:`progressed` (delivered on the GUI thread) and returns False once
    :meth:`cancel` was called. When done, :attr:`finished` is emitted on the GUI thread and
    ``result`` / ``error`` / ``cancelled`` say how it ended."""

    progressed = Signal(int, int)
    finished = Signal()

    def __init__(self, work: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self.thread_id: int | None = None
        self._thread = _WorkerThread(self._run)
        self._thread.finished.connect(self._on_finished)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self) -> None:
        self._thread.wait()

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._cancel.is_set()

    def _run(self) -> None:
        self.thread_id = threading.get_ident()
        try:
            self.result = self._work(self._progress)
        except BaseException as error:
            self.error = error

    def _on_finished(self) -> None:
        self._thread.wait()
        self.done = True
        self.finished.emit()


def run_with_progress(
    parent: QWidget | None, title: str, text: str, work: Callable[[Progress], Any]
) -> BackgroundTask:
    """Run ``work`` off the GUI thread behind a progress dialog with a "Hủy" button and wait
    (the GUI keeps painting) until it ends; the finished task says how."""
    task = BackgroundTask(work)
    dialog = QProgressDialog(text, "Hủy", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)  # a quick job shows no flash of a dialog
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.setMinimumWidth(420)

    def show_progress(done: int, total: int) -> None:
        if total > 0 and dialog.maximum() != total:
            dialog.setMaximum(total)
        if total > 0:
            dialog.setValue(min(done, total))
            dialog.setLabelText(f"{text} ({format_number(done)}/{format_number(total)})")

    def cancel() -> None:
        task.cancel()
        dialog.setLabelText("Đang dừng…")

    task.progressed.connect(show_progress)
    dialog.canceled.connect(cancel)
    loop = QEventLoop()
    task.finished.connect(loop.quit)
    task.start()
    if not task.done:
        loop.exec()
    dialog.canceled.disconnect(cancel)
    dialog.close()
    dialog.deleteLater()
    return task


def _is_cancellation(error: BaseException | None) -> bool:
    from kt_desktop.sheets.table_reader import ReadCancelled

    return isinstance(error, ReadCancelled) or type(error).__name__.endswith("Cancelled")


def _finished_value(parent: QWidget | None, task: BackgroundTask) -> Any:
    """The task's result; None when it was cancelled or refused (the refusal shown)."""
    if task.cancelled or _is_cancellation(task.error):
        return None
    if isinstance(task.error, UserError):
        messages.show_error(parent, task.error)
        return None
    if task.error is not None:
        raise task.error
    return task.result


# ---------------------------------------------------------------------------------------------
# Preview


def change_text(row: PreviewRow) -> str:
    """ "Tử số: 1.068 → 1.120; Ghi chú: (trống) → Đạt", or for a new row what it writes."""
    if row.changes:
        return "; ".join(
            f"{change.label}: {change.old or '(trống)'} → {change.new or '(trống)'}"
            for change in row.changes
        )
    if row.status == RowStatus.NEW:
        return "; ".join(f"{label}: {value}" for label, value in row.values if value)
    return ""


def problem_text(problem: CellProblem) -> str:
    value = f" – giá trị “{problem.value}”" if problem.value else ""
    return f"{problem.location}{value}: {problem.reason}"


PREVIEW_HEADERS = ("Trang", "Dòng", "Loại", "Nội dung", "Trạng thái", "Thay đổi", "Lý do / lỗi")
SHEET, ROW, TARGET, KEY, STATUS, CHANGES, REASON = range(7)
PREVIEW_WIDTHS = (110, 55, 110, 300, 95, 300, 0)


class PreviewTableModel(QAbstractTableModel):
    """Every row of a preview, filtered by status; the status cell coloured."""

    def __init__(self, rows: Sequence[PreviewRow], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all = list(rows)
        self._texts = [
            (
                row.sheet,
                format_number(row.row),
                row.target,
                row.key,
                ROW_STATUS_LABELS[row.status],
                change_text(row),
                row.reason,
            )
            for row in self._all
        ]
        self._visible = list(range(len(self._all)))
        self._brushes = {
            status: (QBrush(QColor(bg)), QBrush(QColor(fg)))
            for status, (bg, fg) in STATUS_COLOURS.items()
        }

    def set_status(self, status: RowStatus | None) -> None:
        self.beginResetModel()
        self._visible = [
            i for i, row in enumerate(self._all) if status is None or row.status == status
        ]
        self.endResetModel()

    def row_at(self, visible_row: int) -> PreviewRow:
        return self._all[self._visible[visible_row]]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PREVIEW_HEADERS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        position = self._visible[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[position][column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (KEY, CHANGES, REASON):
            return self._texts[position][column] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        status = self._all[position].status
        if role == Qt.ItemDataRole.BackgroundRole and column == STATUS:
            return self._brushes[status][0]
        if role == Qt.ItemDataRole.ForegroundRole and (
            column == STATUS or (column == REASON and status == RowStatus.ERROR)
        ):
            return self._brushes[status][1]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return PREVIEW_HEADERS[section]
        return None


def _chip(text: str, status: RowStatus) -> QLabel:
    background, foreground = STATUS_COLOURS[status]
    label = QLabel(text)
    label.setStyleSheet(
        f"background: {background}; color: {foreground}; border-radius: 4px; "
        "padding: 4px 10px; font-weight: bold;"
    )
    return label


class PreviewDialog(QDialog):
    """What an import will do, row by row; nothing is written until "Nhập dữ liệu".

    ``apply_fn(preview)`` writes and returns the outcome; ``error_copy_fn(target)`` saves the
    workbook with its bad cells marked (offered when there are errors). After the dialog,
    ``outcome`` is what was written (None when nothing was)."""

    def __init__(
        self,
        preview: ImportPreview,
        apply_fn: Callable[[ImportPreview], ImportOutcome],
        error_copy_fn: Callable[[Path], Path] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.preview = preview
        self.apply_fn = apply_fn
        self.error_copy_fn = error_copy_fn
        self.outcome: ImportOutcome | None = None
        self.setWindowTitle(f"Xem trước khi nhập – {preview.file_name}")
        self.resize(1180, 720)

        heading = QLabel(self._heading_html())
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)

        counts = preview.counts
        self.chips: dict[RowStatus, QLabel] = {}
        chips = QHBoxLayout()
        for status in RowStatus:
            chip = _chip(
                f"{format_number(counts[status])} {ROW_STATUS_LABELS[status].lower()}", status
            )
            self.chips[status] = chip
            chips.addWidget(chip)
        chips.addStretch(1)

        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(BANNER_STYLE)
        self.problems.setTextFormat(Qt.TextFormat.RichText)
        if preview.problems:
            self.problems.setText(
                "<b>Lưu ý về tệp:</b><ul style='margin: 0'>"
                + "".join(f"<li>{escape(p)}</li>" for p in preview.problems)
                + "</ul>"
            )
        self.problems.setVisible(bool(preview.problems))

        self.status_filter = QComboBox()
        self.status_filter.addItem(f"Tất cả các dòng ({format_number(len(preview.rows))})", None)
        for status in RowStatus:
            if counts[status]:
                self.status_filter.addItem(
                    f"{ROW_STATUS_LABELS[status]} ({format_number(counts[status])})", status
                )
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel("Hiện:"))
        filter_row.addWidget(self.status_filter)
        filter_row.addStretch(1)

        self.model = PreviewTableModel(preview.rows, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        for column, width in enumerate(PREVIEW_WIDTHS):
            if width:
                self.table.setColumnWidth(column, width)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText("Chọn một dòng để xem đầy đủ nội dung và lỗi của dòng đó.")

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)

        self.nothing_note = QLabel(self._nothing_text())
        self.nothing_note.setWordWrap(True)
        self.nothing_note.setVisible(not preview.writes_anything)

        self.import_button = QPushButton("Nhập dữ liệu")
        self.import_button.setEnabled(preview.writes_anything)
        self.import_button.clicked.connect(self.import_rows)
        self.error_copy_button = QPushButton("Lưu tệp lỗi để gửi lại đơn vị…")
        self.error_copy_button.setVisible(bool(preview.errors()) and error_copy_fn is not None)
        self.error_copy_button.clicked.connect(self.save_error_copy)
        self.close_button = QPushButton("Đóng")
        self.close_button.clicked.connect(self.reject)
        for button in (self.import_button, self.error_copy_button, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error_copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(chips)
        layout.addWidget(self.problems)
        layout.addLayout(filter_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.nothing_note)
        layout.addLayout(buttons)
        if self.model.rowCount():
            self.table.selectRow(0)

    def _heading_html(self) -> str:
        preview = self.preview
        lines = [f"<b>Tệp:</b> {escape(preview.file_name)}"]
        if preview.unit_name:
            lines.append(f"<b>Đơn vị:</b> {escape(preview.unit_name)}")
        if preview.period_name:
            lines.append(f"<b>Kỳ:</b> {escape(preview.period_name)}")
        what = {
            ImportKind.UNITS: "danh sách đơn vị",
            ImportKind.PEOPLE: "danh sách cá nhân",
            ImportKind.PACKET: "gói báo cáo đơn vị gửi về",
            ImportKind.FOREIGN: "bảng số liệu theo mẫu của đơn vị",
        }[preview.kind]
        lines.append(f"<b>Nội dung:</b> {what}")
        return (
            " &nbsp;·&nbsp; ".join(lines)
            + "<br>Chưa có gì được ghi vào cơ sở dữ liệu: hãy xem từng dòng, rồi bấm "
            "“Nhập dữ liệu”."
        )

    def _nothing_text(self) -> str:
        if self.preview.counts[RowStatus.UNCHANGED] and not self.preview.counts[RowStatus.ERROR]:
            return "Mọi dòng đều đã có trong cơ sở dữ liệu và không đổi: không có gì để nhập."
        return "Không có dòng nào để nhập."

    def _filter_changed(self) -> None:
        self.model.set_status(self.status_filter.currentData())
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.clear()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        self.detail.setHtml(self.detail_html(self.model.row_at(current.row())))

    @staticmethod
    def detail_html(row: PreviewRow) -> str:
        parts = [
            f"<b>Trang “{escape(row.sheet)}”, dòng {row.row}</b> – {escape(row.target)}"
            + (f": {escape(row.key)}" if row.key else "")
            + f" – <b>{ROW_STATUS_LABELS[row.status]}</b>"
        ]
        if row.changes:
            parts.append(
                "<ul>"
                + "".join(
                    f"<li>{escape(c.label)}: {escape(c.old or '(trống)')} → "
                    f"<b>{escape(c.new or '(trống)')}</b></li>"
                    for c in row.changes
                )
                + "</ul>"
            )
        elif row.values:
            parts.append(
                "<ul>"
                + "".join(
                    f"<li>{escape(label)}: {escape(value)}</li>" for label, value in row.values
                )
                + "</ul>"
            )
        if row.problems:
            parts.append(
                "<table cellspacing='0' cellpadding='3' border='1' style='border-collapse: "
                "collapse'><tr><th>Trang</th><th>Ô</th><th>Giá trị</th><th>Lý do</th></tr>"
                + "".join(
                    f"<tr><td>{escape(p.sheet)}</td>"
                    f"<td>{escape(f'{p.column}{p.row}' if p.column else f'dòng {p.row}')}</td>"
                    f"<td>{escape(p.value)}</td>"
                    f"<td style='color: #b00020'>{escape(p.reason)}</td></tr>"
                    for p in row.problems
                )
                + "</table>"
            )
        elif row.reason:
            parts.append(f"<p>{escape(row.reason)}</p>")
        return "".join(parts)

    def import_rows(self) -> None:
        try:
            outcome = self.apply_fn(self.preview)
        except UserError as error:
            messages.show_error(self, error, title="Chưa nhập được")
            return
        self.outcome = outcome
        self.import_button.setEnabled(False)
        messages.show_info(self, "Đã nhập dữ liệu", outcome.message)
        self.accept()

    def save_error_copy(self) -> None:
        if self.error_copy_fn is None:
            return
        stem = Path(self.preview.file_name).stem
        target = messages.ask_save_path(
            self,
            "Lưu tệp lỗi để gửi lại đơn vị",
            Path.home() / f"{stem} – cần sửa.xlsx",
            WORKBOOK_FILTER,
        )
        if target is None:
            return
        try:
            written = self.error_copy_fn(target)
        except UserError as error:
            messages.show_error(self, error, title="Chưa lưu được")
            return
        errors = len(self.preview.errors())
        messages.show_info(
            self,
            "Đã lưu tệp lỗi",
            f"Đã lưu tệp “{written.name}”: {format_number(errors)} ô lỗi được tô đỏ và ghi chú "
            "lý do, kèm trang “Lỗi cần sửa” liệt kê từng lỗi.",
            str(written.parent),
        )


# ---------------------------------------------------------------------------------------------
# Packets out


class ExportPacketsDialog(QDialog):
    """Choose a period, units, a deadline and a folder; write one packet per unit."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.written: list[Path] = []
        self.setWindowTitle("Gửi gói báo cáo cho các đơn vị")
        self.resize(720, 640)

        intro = QLabel(
            "Mỗi đơn vị được chọn nhận một tệp Excel riêng: hướng dẫn, các chỉ tiêu của đơn vị "
            "với ô để điền số liệu, sáng kiến, đề nghị khen thưởng (thôn có thêm Bình dân học vụ "
            "số). Gửi các tệp này cho đơn vị; khi đơn vị gửi lại, dùng “Nhập tệp Excel đơn vị "
            "gửi về…” để đọc."
        )
        intro.setWordWrap(True)

        self.periods = list_periods(db)
        self.period = QComboBox()
        for period in self.periods:
            self.period.addItem(period.name, period.id)
        chosen = current_period(self.periods, self.today)
        if chosen is not None:
            self.period.setCurrentIndex(self.period.findData(chosen.id))

        self.kind_filter = QComboBox()
        self.kind_filter.addItem("Tất cả các loại đơn vị", None)
        for kind, label in UNIT_KIND_LABELS.items():
            self.kind_filter.addItem(label, kind)
        self.kind_filter.currentIndexChanged.connect(self._filter_units)

        self.units: list[UnitRow] = sorted(
            (u for u in list_unit_rows(db) if u.active),
            key=lambda u: (list(UNIT_KIND_LABELS).index(u.kind), collation_key(u.name)),
        )
        self.unit_list = QListWidget()
        for unit in self.units:
            item = QListWidgetItem(f"{unit.code} – {unit.name} ({UNIT_KIND_LABELS[unit.kind]})")
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.unit_list.addItem(item)
        self.unit_list.itemChanged.connect(self._update_count)
        self.select_all = QPushButton("Chọn tất cả")
        self.select_all.clicked.connect(lambda: self._check_visible(True))
        self.select_none = QPushButton("Bỏ chọn")
        self.select_none.clicked.connect(lambda: self._check_visible(False))
        self.count_label = QLabel()
        unit_buttons = QHBoxLayout()
        unit_buttons.addWidget(QLabel("Loại:"))
        unit_buttons.addWidget(self.kind_filter, 1)
        unit_buttons.addWidget(self.select_all)
        unit_buttons.addWidget(self.select_none)
        units_box = QGroupBox("Đơn vị nhận gói")
        units_layout = QVBoxLayout(units_box)
        units_layout.addLayout(unit_buttons)
        units_layout.addWidget(self.unit_list, 1)
        units_layout.addWidget(self.count_label)
        if not self.units:
            note = QLabel(
                "Chưa có đơn vị nào đang hoạt động: hãy thêm đơn vị (hoặc nhập danh sách đơn "
                "vị) trước."
            )
            note.setWordWrap(True)
            units_layout.addWidget(note)

        self.deadline = date_edit(self.today + timedelta(days=DEFAULT_DEADLINE_DAYS))
        self.folder_edit = QLineEdit()
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setPlaceholderText("Chưa chọn thư mục")
        self.folder_button = QPushButton("Chọn thư mục…")
        self.folder_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)

        form = QFormLayout()
        form.addRow("Kỳ thi đua:", self.period)
        form.addRow("Hạn gửi lại:", self.deadline)
        form.addRow("Lưu vào thư mục:", folder_row)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(False)

        self.export_button = QPushButton("Tạo gói báo cáo")
        self.export_button.clicked.connect(self.export)
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        for button in (self.export_button, close, self.select_all, self.select_none):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(units_box, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._update_count()

    # --- units -------------------------------------------------------------------------

    def _filter_units(self) -> None:
        kind = self.kind_filter.currentData()
        for row, unit in enumerate(self.units):
            self.unit_list.item(row).setHidden(kind is not None and UnitKind(unit.kind) != kind)

    def _check_visible(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.unit_list.blockSignals(True)
        for row in range(self.unit_list.count()):
            item = self.unit_list.item(row)
            if not item.isHidden():
                item.setCheckState(state)
        self.unit_list.blockSignals(False)
        self._update_count()

    def set_checked(self, unit_ids: Sequence[int]) -> None:
        wanted = set(unit_ids)
        for row in range(self.unit_list.count()):
            item = self.unit_list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked_unit_ids(self) -> list[int]:
        return [
            int(self.unit_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.unit_list.count())
            if self.unit_list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _update_count(self, *_args: object) -> None:
        count = len(self.checked_unit_ids())
        self.count_label.setText(
            f"Đã chọn {format_number(count)}/{format_number(len(self.units))} đơn vị."
        )

    # --- folder and export -------------------------------------------------------------

    def ask_folder(self) -> Path | None:
        """The folder chooser (tests replace this method)."""
        current = self.folder_edit.text()
        return ask_folder(
            self, "Chọn thư mục lưu gói báo cáo", Path(current) if current else Path.home()
        )

    def choose_folder(self) -> None:
        folder = self.ask_folder()
        if folder is not None:
            self.folder_edit.setText(str(folder))

    def _show_error(self, error: UserError) -> None:
        self.error.setText(f"{error.message} {error.hint}".strip())
        self.error.setVisible(True)

    def export(self) -> None:
        self.error.setVisible(False)
        if self.period.currentData() is None:
            self._show_error(UserError("Chưa có kỳ thi đua nào để gửi gói báo cáo."))
            return
        if not self.folder_edit.text():
            self.choose_folder()
            if not self.folder_edit.text():
                return
        from kt_desktop.services.packets import export_packets

        period_id = int(self.period.currentData())
        unit_ids = self.checked_unit_ids()
        folder = Path(self.folder_edit.text())
        deadline = pydate(self.deadline)
        db, today = self.db, self.today
        task = run_with_progress(
            self,
            "Tạo gói báo cáo",
            "Đang tạo gói báo cáo…",
            lambda progress: export_packets(
                db, period_id, unit_ids, folder, deadline, progress, today=today
            ),
        )
        if isinstance(task.error, UserError):
            self._show_error(task.error)
            return
        if task.error is not None:
            raise task.error
        written: list[Path] = task.result or []
        self.written = written
        where = str(folder)
        if task.cancelled and len(written) < len(unit_ids):
            messages.show_info(
                self,
                "Đã dừng tạo gói báo cáo",
                f"Đã dừng: {format_number(len(written))}/{format_number(len(unit_ids))} tệp "
                "đã được ghi đầy đủ vào thư mục.",
                where,
            )
            return
        messages.show_info(
            self,
            "Đã tạo gói báo cáo",
            f"Đã ghi {format_number(len(written))} tệp gói báo cáo vào thư mục “{folder.name}”. "
            "Hãy gửi mỗi tệp cho đơn vị có tên trong tên tệp.",
            where,
        )
        self.accept()
