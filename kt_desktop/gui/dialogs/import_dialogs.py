"""Excel exchange screens: sending report packets to units, and reading workbooks back in
(column mapping, a preview of every row, the import) with the slow parts off the GUI thread."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    QCheckBox,
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
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import UnitKind
from kt_desktop.domain.labels import UNIT_KIND_LABELS
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs.visit_dialog import BANNER_STYLE, ERROR_STYLE, date_edit, pydate
from kt_desktop.services.criteria import period_criteria
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
from kt_desktop.services.imports import (
    IMPORT_TARGET_LABELS,
    Certainty,
    ImportCancelled,
    ImportSource,
    ImportTarget,
    SheetChoice,
    apply_import,
    choose_header,
    choose_mapping,
    choose_target,
    confirm_criterion,
    error_workbook,
    inspect_workbook,
    preview_import,
    with_period,
    with_unit,
)
from kt_desktop.services.movement import current_period, list_periods
from kt_desktop.services.packets import export_packets
from kt_desktop.services.participants import UnitRow, list_unit_choices, list_unit_rows
from kt_desktop.services.register_import import (
    apply_register_import,
    preview_register_import,
    sample_values,
)
from kt_desktop.sheets.layout import SURE_MAPPING
from kt_desktop.sheets.table_reader import ReadCancelled
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
    parent: QWidget | None,
    title: str,
    text: str,
    work: Callable[[Progress], Any],
    *,
    cancellable: bool = True,
) -> BackgroundTask:
    """Run ``work`` off the GUI thread behind a progress dialog with a "Hủy" button (none
    when not ``cancellable``: a write is never stopped half way) and wait (the GUI keeps
    painting) until it ends; the finished task says how."""
    task = BackgroundTask(work)
    dialog = QProgressDialog(text, "Hủy", 0, 0, parent)
    if not cancellable:
        dialog.setCancelButton(None)
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
    return isinstance(error, ReadCancelled | ImportCancelled)


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
PREVIEW_WIDTHS = (100, 50, 150, 250, 85, 290, 0)


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
        preview, apply_fn = self.preview, self.apply_fn
        # Thousands of rows take seconds to write: off the GUI thread, in one transaction.
        task = run_with_progress(
            self,
            "Nhập dữ liệu",
            "Đang ghi dữ liệu vào cơ sở dữ liệu…",
            lambda _progress: apply_fn(preview),
            cancellable=False,
        )
        if isinstance(task.error, UserError):
            messages.show_error(self, task.error, title="Chưa nhập được")
            return
        if task.error is not None:
            raise task.error
        outcome: ImportOutcome = task.result
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


# ---------------------------------------------------------------------------------------------
# Column mapping of a unit's own workbook

SKIP_COLUMN = "Bỏ qua cột này"
NO_CRITERION = "— Không nhập dòng này —"
NO_UNIT = "— Chưa chọn đơn vị —"
NO_PERIOD = "— Chưa chọn kỳ —"
UNSURE_BRUSH = QBrush(QColor("#fff1cc"))
REMEMBERED_BRUSH = QBrush(QColor("#e3f4e6"))
_UNSURE_CODE = re.compile(r"là tiêu chí (\S+) “")
MAPPING_HEADERS = ("Cột", "Tiêu đề cột trong tệp", "Dữ liệu mẫu", "Đọc vào", "Độ tin cậy")
LETTER, HEADER, SAMPLE, FIELD, CONFIDENCE = range(5)


@dataclass(frozen=True)
class UnsureRow:
    """A row whose criterion was matched by wording without certainty: the clerk confirms."""

    sheet: str
    row: int
    wording: str
    proposed_code: str = ""


def unsure_rows_of(preview: ImportPreview | None) -> list[UnsureRow]:
    """The results rows a preview could not match to a criterion with certainty."""
    if preview is None:
        return []
    found = []
    for row in preview.rows:
        if row.status != RowStatus.ERROR:
            continue
        for problem in row.problems:
            if problem.reason.startswith("Không chắc") or problem.reason.startswith(
                "Không nhận ra tiêu chí"
            ):
                match = _UNSURE_CODE.search(problem.reason)
                found.append(
                    UnsureRow(row.sheet, row.row, problem.value, match.group(1) if match else "")
                )
                break
    return found


def _confidence_text(
    confidence: float, field_name: str | None, remembered: bool, touched: bool = False
) -> str:
    if field_name is None:
        return ""
    if touched:
        return "Đã chọn"
    if remembered:
        return "Đã nhớ từ lần trước"
    if confidence >= SURE_MAPPING:
        return "Chắc chắn"
    return "Cần xem lại"


class _SheetTab(QWidget):
    """One sheet: what it holds, its header row, and the field each column feeds."""

    def __init__(self, dialog: MappingDialog, choice: SheetChoice) -> None:
        super().__init__()
        self.dialog = dialog
        self.choice = choice
        self.target = QComboBox()
        for target, label in IMPORT_TARGET_LABELS.items():
            self.target.addItem(label, target)
        self.header_row = QSpinBox()
        self.header_row.setRange(1, 200)
        self.header_row.setToolTip("Dòng ghi tên các cột (dòng đầu, nếu tiêu đề cột có hai dòng)")
        self.two_rows = QCheckBox("Tiêu đề cột gồm 2 dòng")
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet(BANNER_STYLE)
        self.table = QTableWidget(0, len(MAPPING_HEADERS))
        self.table.setHorizontalHeaderLabels(MAPPING_HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT + 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        for column, width in ((LETTER, 44), (HEADER, 250), (SAMPLE, 260), (FIELD, 230)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(
            CONFIDENCE, QHeaderView.ResizeMode.Stretch
        )
        self.combos: dict[str, QComboBox] = {}
        self.touched: set[str] = set()  # columns the clerk set by hand

        top = QHBoxLayout()
        top.addWidget(QLabel("Nội dung của trang:"))
        top.addWidget(self.target, 1)
        top.addSpacing(16)
        top.addWidget(QLabel("Dòng tiêu đề cột:"))
        top.addWidget(self.header_row)
        top.addWidget(self.two_rows)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.reason)
        layout.addWidget(self.table, 1)
        self._fill()
        self.target.currentIndexChanged.connect(self._target_changed)
        self.header_row.valueChanged.connect(self._header_changed)
        self.two_rows.toggled.connect(self._header_changed)

    def _fill(self) -> None:
        choice = self.choice
        for widget in (self.target, self.header_row, self.two_rows):
            widget.blockSignals(True)
        self.target.setCurrentIndex(self.target.findData(choice.target))
        self.header_row.setValue(max(choice.header_row, 1))
        self.two_rows.setChecked(choice.last_header_row > choice.header_row)
        for widget in (self.target, self.header_row, self.two_rows):
            widget.blockSignals(False)
        note = choice.reason
        if choice.remembered:
            note = (
                "Cách đọc trang này đã được xác nhận ở lần nhập trước của đơn vị và được dùng "
                "lại; có thể sửa nếu cần."
            )
        self.reason.setText(note)
        self.reason.setVisible(bool(note))
        first_data_row = max(choice.last_header_row, choice.header_row) + 1
        samples = self.dialog.samples(choice.sheet, first_data_row)
        labels = list(choice.field_labels.items())
        self.table.setRowCount(len(choice.columns))
        self.combos = {}
        self.touched = set()
        for row, column in enumerate(choice.columns):
            self.table.setItem(row, LETTER, QTableWidgetItem(column.letter))
            header = QTableWidgetItem(column.header or "(không có tiêu đề)")
            header.setToolTip(column.header)
            self.table.setItem(row, HEADER, header)
            sample = " · ".join(samples.get(column.letter, ()))
            sample_item = QTableWidgetItem(sample)
            sample_item.setToolTip(sample)
            self.table.setItem(row, SAMPLE, sample_item)
            combo = QComboBox()
            combo.addItem(SKIP_COLUMN, None)
            for name, label in labels:
                combo.addItem(label, name)
            index = combo.findData(column.field) if column.field else 0
            combo.setCurrentIndex(max(index, 0))
            combo.setEnabled(bool(labels))
            combo.currentIndexChanged.connect(
                lambda _i, letter=column.letter: self._field_changed(letter)
            )
            self.combos[column.letter] = combo
            self.table.setCellWidget(row, FIELD, combo)
            self._show_confidence(row, column.confidence, column.field)

    def _show_confidence(
        self, row: int, confidence: float, field_name: str | None, touched: bool = False
    ) -> None:
        text = _confidence_text(confidence, field_name, self.choice.remembered, touched)
        item = QTableWidgetItem(text)
        if text == "Cần xem lại":
            item.setBackground(UNSURE_BRUSH)
        elif text == "Đã nhớ từ lần trước":
            item.setBackground(REMEMBERED_BRUSH)
        self.table.setItem(row, CONFIDENCE, item)

    def _field_changed(self, letter: str) -> None:
        combo = self.combos[letter]
        chosen = combo.currentData()
        # A field is read from one column only: the column that had it gives it up.
        if chosen:
            for other, other_combo in self.combos.items():
                if other != letter and other_combo.currentData() == chosen:
                    other_combo.blockSignals(True)
                    other_combo.setCurrentIndex(0)
                    other_combo.blockSignals(False)
                    self._show_confidence(list(self.combos).index(other), 0.0, None)
        self.touched.add(letter)
        self._show_confidence(list(self.combos).index(letter), 1.0, chosen, touched=True)

    def set_field(self, letter: str, field_name: str | None) -> None:
        combo = self.combos[letter]
        combo.setCurrentIndex(max(combo.findData(field_name), 0) if field_name else 0)

    def _target_changed(self) -> None:
        self.choice = choose_target(self.choice, self.target.currentData())
        self._fill()
        self.dialog._update_no_sheet_note()

    def _header_changed(self) -> None:
        row = self.header_row.value()
        last = row + 1 if self.two_rows.isChecked() else row
        try:
            self.choice = choose_header(
                self.dialog.db, self.dialog.source, self.choice.sheet, row, last
            )
        except UserError as error:
            self.reason.setText(error.message)
            self.reason.setVisible(True)
            return
        self._fill()
        self.dialog._update_no_sheet_note()

    def current_choice(self) -> SheetChoice:
        if self.choice.target == ImportTarget.NONE:
            return self.choice  # nothing read from it (choose_mapping has no layout for it)
        return choose_mapping(
            self.choice, {letter: combo.currentData() for letter, combo in self.combos.items()}
        )


class MappingDialog(QDialog):
    """How a unit's own workbook is read: for whom and which year, and per sheet what it
    holds, its header row and the field each column feeds; rows whose criterion was not
    recognised surely are listed to confirm. ``ask()`` gives the corrected source and sheet
    choices (None when cancelled)."""

    def __init__(
        self,
        db: Database,
        source: ImportSource,
        *,
        unsure_rows: Sequence[UnsureRow] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.source = source
        self.unsure_rows = list(unsure_rows)
        self._samples: dict[tuple[str, int], dict[str, tuple[str, ...]]] = {}
        self.setWindowTitle(f"Cách đọc tệp – {source.file_name}")
        self.resize(1100, 720)

        intro = QLabel(
            "Tệp này không phải gói báo cáo do chương trình tạo, nên cần ghép các cột của tệp "
            "với thông tin chương trình đọc. Chương trình đã tự đề xuất; hãy kiểm tra những ô "
            "“Cần xem lại” và sửa nếu cần. Cách đọc được ghi nhớ cho lần sau của đơn vị."
        )
        intro.setWordWrap(True)

        self.unit = QComboBox()
        self.unit.addItem(NO_UNIT, None)
        units = sorted(list_unit_choices(db), key=lambda u: collation_key(u.name))
        for unit in units:
            self.unit.addItem(f"{unit.name} ({unit.code})", unit.id)
        self.unit_guess = QLabel()
        self.period = QComboBox()
        self.period.addItem(NO_PERIOD, None)
        for period in list_periods(db):
            self.period.addItem(period.name, period.id)
        self.period_guess = QLabel()
        self._show_who()
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.period.currentIndexChanged.connect(self._period_changed)
        who = QFormLayout()
        unit_row = QHBoxLayout()
        unit_row.addWidget(self.unit, 1)
        unit_row.addWidget(self.unit_guess, 1)
        period_row = QHBoxLayout()
        period_row.addWidget(self.period, 1)
        period_row.addWidget(self.period_guess, 1)
        who.addRow("Đơn vị gửi tệp:", unit_row)
        who.addRow("Kỳ thi đua:", period_row)

        self.tabs = QTabWidget()
        self.sheet_tabs: list[_SheetTab] = []
        self._build_tabs()

        self.unsure_table = QTableWidget(len(self.unsure_rows), 4)
        self.unsure_table.setHorizontalHeaderLabels(
            ("Trang", "Dòng", "Nội dung trong tệp", "Là tiêu chí")
        )
        self.unsure_table.verticalHeader().setVisible(False)
        self.unsure_table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT + 4)
        self.unsure_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.unsure_table.setColumnWidth(0, 110)
        self.unsure_table.setColumnWidth(1, 50)
        self.unsure_table.setColumnWidth(2, 360)
        self.unsure_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.unsure_combos: list[QComboBox] = []
        self._fill_unsure()
        unsure_box = QGroupBox("Dòng cần xác nhận tiêu chí")
        unsure_layout = QVBoxLayout(unsure_box)
        unsure_note = QLabel(
            "Nội dung các dòng này không giống hẳn tiêu chí nào: hãy chọn đúng tiêu chí, hoặc "
            "“Không nhập dòng này”."
        )
        unsure_note.setWordWrap(True)
        unsure_layout.addWidget(unsure_note)
        unsure_layout.addWidget(self.unsure_table)
        unsure_box.setVisible(bool(self.unsure_rows))

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(False)
        self.no_sheet_note = QLabel(
            "Chưa có trang nào để nhập. Nếu tệp là danh sách đơn vị hoặc danh sách cá nhân, hãy "
            "đóng cửa sổ này và dùng nút “Nhập danh sách đơn vị…” hoặc “Nhập danh sách cá "
            "nhân…” ở trang Trao đổi Excel; nếu là bảng số liệu, hãy chọn nội dung của trang ở "
            "trên."
        )
        self.no_sheet_note.setWordWrap(True)
        self.no_sheet_note.setStyleSheet(BANNER_STYLE)
        self.ok_button = QPushButton("Xem trước")
        self.ok_button.clicked.connect(self.save)
        cancel = QPushButton("Hủy")
        cancel.clicked.connect(self.reject)
        for button in (self.ok_button, cancel):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(who)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tabs)
        splitter.addWidget(unsure_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.no_sheet_note)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._update_no_sheet_note()

    # --- who and when ------------------------------------------------------------------

    def _show_who(self) -> None:
        source = self.source
        for combo, value in ((self.unit, source.unit_id), (self.period, source.period_id)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        for label, guess in (
            (self.unit_guess, source.unit_guess),
            (self.period_guess, source.period_guess),
        ):
            text = guess.text
            sure = guess.certainty in (Certainty.GIVEN, Certainty.SURE)
            if label is self.unit_guess and source.unit_id is None and not source.needs_unit:
                sure = True  # nothing to import needs a unit
                if any(s.target == ImportTarget.DIGITAL_LITERACY for s in source.sheets):
                    # Bình dân học vụ số of all villages: each row names its village.
                    text = "Không cần chọn: mỗi dòng của bảng ghi tên thôn."
            label.setText(text)
            label.setWordWrap(True)
            label.setStyleSheet("" if sure else "color: #8a5a00; font-weight: bold;")

    def _unit_changed(self) -> None:
        try:
            self.source = with_unit(self.db, self.source, self.unit.currentData())
        except UserError as error:
            messages.show_error(self, error)
            return
        self._show_who()
        self._build_tabs()

    def _period_changed(self) -> None:
        period_id = self.period.currentData()
        if period_id is None:
            return
        try:
            self.source = with_period(self.db, self.source, period_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        self._show_who()
        self._fill_unsure()

    # --- sheets ------------------------------------------------------------------------

    def samples(self, sheet: str, first_row: int) -> dict[str, tuple[str, ...]]:
        key = (sheet, first_row)
        if key not in self._samples:
            try:
                self._samples[key] = sample_values(self.source.path, sheet, first_row)
            except UserError:
                self._samples[key] = {}
        return self._samples[key]

    def _build_tabs(self) -> None:
        current = self.tabs.currentIndex()
        self.tabs.clear()
        self.sheet_tabs = []
        for choice in self.source.sheets:
            tab = _SheetTab(self, choice)
            self.sheet_tabs.append(tab)
            self.tabs.addTab(tab, f"{choice.sheet} – {choice.target_label}")
        if 0 <= current < self.tabs.count():
            self.tabs.setCurrentIndex(current)
        if hasattr(self, "no_sheet_note"):
            self._update_no_sheet_note()

    def _update_no_sheet_note(self) -> None:
        none = all(tab.choice.target == ImportTarget.NONE for tab in self.sheet_tabs)
        self.no_sheet_note.setVisible(none)
        for index, tab in enumerate(self.sheet_tabs):
            self.tabs.setTabText(index, f"{tab.choice.sheet} – {tab.choice.target_label}")

    def tab(self, sheet: str) -> _SheetTab:
        return next(tab for tab in self.sheet_tabs if tab.choice.sheet == sheet)

    # --- criteria to confirm -----------------------------------------------------------

    def _fill_unsure(self) -> None:
        if not self.unsure_rows:
            return
        criteria = (
            period_criteria(self.db, self.source.period_id).criteria
            if self.source.period_id is not None
            else []
        )
        self.unsure_combos = []
        for row, unsure in enumerate(self.unsure_rows):
            self.unsure_table.setItem(row, 0, QTableWidgetItem(unsure.sheet))
            self.unsure_table.setItem(row, 1, QTableWidgetItem(format_number(unsure.row)))
            wording = QTableWidgetItem(unsure.wording)
            wording.setToolTip(unsure.wording)
            self.unsure_table.setItem(row, 2, wording)
            combo = QComboBox()
            combo.addItem(NO_CRITERION, None)
            for criterion in criteria:
                text = f"{criterion.code} – {criterion.wording}"
                combo.addItem(text if len(text) <= 90 else text[:89] + "…", criterion.code)
                combo.setItemData(combo.count() - 1, criterion.wording, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(combo.findData(unsure.proposed_code), 0))
            self.unsure_combos.append(combo)
            self.unsure_table.setCellWidget(row, 3, combo)

    # --- result ------------------------------------------------------------------------

    def choices(self) -> list[SheetChoice]:
        chosen = {tab.choice.sheet: tab.current_choice() for tab in self.sheet_tabs}
        for unsure, combo in zip(self.unsure_rows, self.unsure_combos, strict=False):
            code = combo.currentData()
            if code and unsure.sheet in chosen:
                chosen[unsure.sheet] = confirm_criterion(chosen[unsure.sheet], unsure.row, code)
        return list(chosen.values())

    def save(self) -> None:
        problems = []
        choices = self.choices()
        if all(choice.target == ImportTarget.NONE for choice in choices):
            problems.append("Chưa có trang nào được chọn để nhập.")
        if self.source.period_id is None:
            problems.append("Hãy chọn kỳ thi đua của tệp.")
        if self.source.unit_id is None and any(
            c.target != ImportTarget.NONE and c.target != ImportTarget.DIGITAL_LITERACY
            for c in choices
        ):
            problems.append("Hãy chọn đơn vị gửi tệp.")
        if problems:
            self.error.setText(" ".join(problems))
            self.error.setVisible(True)
            return
        self.accept()

    def ask(self) -> tuple[ImportSource, list[SheetChoice]] | None:
        if self.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.source, self.choices()


# ---------------------------------------------------------------------------------------------
# The whole flows


def _needs_mapping_dialog(source: ImportSource, unsure: Sequence[UnsureRow]) -> bool:
    if source.kind != ImportKind.FOREIGN:
        return False
    if unsure:
        return True
    for guess in (source.unit_guess, source.period_guess):
        if guess.certainty not in (Certainty.GIVEN, Certainty.SURE):
            # A commune-wide table (Bình dân học vụ số) needs no unit.
            if guess is source.unit_guess and not source.needs_unit:
                continue
            return True
    wanted = [s for s in source.sheets if s.target != ImportTarget.NONE]
    return not wanted or any(not s.remembered for s in wanted)


def run_import(
    parent: QWidget | None,
    db: Database,
    path: Path | None = None,
    *,
    period_id: int | None = None,
    unit_id: int | None = None,
) -> ImportOutcome | None:
    """Read a workbook a unit sent back: choose it, recognise it, let the clerk correct the
    mapping of a foreign layout, preview it off the GUI thread, then the preview dialog.
    Returns what was written (None when nothing was)."""
    if path is None:
        path = ask_workbook_path(parent, "Chọn tệp Excel đơn vị gửi về")
        if path is None:
            return None
    chosen_path = path
    task = run_with_progress(
        parent,
        "Mở tệp Excel",
        f"Đang kiểm tra tệp “{path.name}”…",
        lambda _progress: inspect_workbook(db, chosen_path, period_id=period_id, unit_id=unit_id),
    )
    source = _finished_value(parent, task)
    if source is None:
        return None

    def preview_of(
        source: ImportSource, choices: Sequence[SheetChoice] | None, *, quiet: bool = False
    ) -> tuple[ImportPreview | None, bool]:
        """The preview, and whether the clerk cancelled it; a refusal is shown unless
        ``quiet`` (a first look before the mapping dialog, which is asked anyway)."""
        task = run_with_progress(
            parent,
            "Đọc tệp Excel",
            f"Đang đọc tệp “{source.file_name}”…",
            lambda progress: preview_import(db, source, choices=choices, progress=progress),
        )
        cancelled = task.cancelled or _is_cancellation(task.error)
        if quiet and isinstance(task.error, UserError) and not cancelled:
            return None, False
        return _finished_value(parent, task), cancelled

    preview: ImportPreview | None = None
    if source.kind == ImportKind.FOREIGN:
        first: ImportPreview | None = None
        if source.period_id is not None and (source.unit_id is not None or not source.needs_unit):
            # A first look with the proposed mapping finds the rows to confirm.
            first, cancelled = preview_of(source, None, quiet=True)
            if cancelled:
                return None
        unsure = unsure_rows_of(first)
        if _needs_mapping_dialog(source, unsure):
            mapping_dialog = MappingDialog(db, source, unsure_rows=unsure, parent=parent)
            answer = mapping_dialog.ask()
            mapping_dialog.deleteLater()
            if answer is None:
                return None
            corrected, choices = answer
            if first is not None and corrected == source and tuple(choices) == source.sheets:
                preview = first
            else:
                preview, _ = preview_of(corrected, choices)
            source = corrected
        elif first is not None:
            preview = first
        else:
            preview, _ = preview_of(source, None)  # shows why the first look failed
    else:
        preview, _ = preview_of(source, None)
    if preview is None:
        return None
    final = preview
    dialog = PreviewDialog(
        final,
        lambda p: apply_import(db, p),
        lambda target: error_workbook(chosen_path, final, target),
        parent,
    )
    dialog.exec()
    outcome = dialog.outcome
    dialog.deleteLater()
    return outcome


REGISTER_TITLES = {
    ImportKind.UNITS: "Chọn tệp Excel danh sách đơn vị",
    ImportKind.PEOPLE: "Chọn tệp Excel danh sách cá nhân",
}


def run_register_import(
    parent: QWidget | None, db: Database, kind: ImportKind, path: Path | None = None
) -> ImportOutcome | None:
    """Import the register of units or people: choose the file, preview off the GUI
    thread, then the same preview dialog as a unit's workbook."""
    if path is None:
        path = ask_workbook_path(parent, REGISTER_TITLES[kind])
        if path is None:
            return None
    chosen_path = path
    task = run_with_progress(
        parent,
        "Đọc tệp Excel",
        f"Đang đọc tệp “{path.name}”…",
        lambda progress: preview_register_import(db, chosen_path, kind, progress=progress),
    )
    preview = _finished_value(parent, task)
    if preview is None:
        return None

    def error_copy(target: Path) -> Path:
        return error_workbook(chosen_path, preview, target)

    dialog = PreviewDialog(preview, lambda p: apply_register_import(db, p), error_copy, parent)
    dialog.exec()
    outcome = dialog.outcome
    dialog.deleteLater()
    return outcome
