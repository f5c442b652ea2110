"""In Giấy khen: tick the round's certificates, choose plain paper or pre-printed blanks and the
printer (with its offsets), then print at actual size or export a PDF; every print recorded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.documents.certificates import PrintMode, RenderingStopped
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs import pdf_preview
from kt_desktop.gui.dialogs.import_dialogs import run_with_progress
from kt_desktop.gui.dialogs.pdf_preview import write_file_atomically
from kt_desktop.gui.printer_offsets import SettingsOffsetStore
from kt_desktop.services.award_certificates import (
    CertificateRow,
    calibration_pdf,
    certificate_rows,
    get_certificate_layout,
    get_printer_offsets,
    list_printers_with_offsets,
    print_certificates,
    record_prints,
)
from kt_desktop.services.awards import round_view
from kt_desktop.services.database import Database
from kt_desktop.text import collation_key, format_number

DEFAULT_PRINTER = "Máy in mặc định"
DRAFT_WARNING = "Quyết định chưa ban hành: Giấy khen in kèm chữ BẢN NHÁP"
FULL_MODE_TEXT = "In đầy đủ trên giấy trắng (A4 ngang, có khung)"
TEXT_ONLY_MODE_TEXT = "In chữ lên phôi Giấy khen"
WARNING_STYLE = "color: #b00020; font-weight: bold;"
COLUMNS = ("STT", "Người, tập thể được khen", "Đơn vị", "Số vào sổ", "Đã in")


def mm_text(value: float) -> str:
    """ "+1,5 mm", "−2 mm", "0 mm": a printer offset as the clerk reads it."""
    if round(value, 1) == 0:
        return "0 mm"
    sign = "+" if value > 0 else "−"
    return f"{sign}{format_number(round(abs(value), 1))} mm"


def offsets_text(x_mm: float, y_mm: float) -> str:
    return f"Độ lệch: ngang {mm_text(x_mm)}, dọc {mm_text(y_mm)}"


def printer_names(db: Database) -> list[str]:
    """The printers this PC has, then those with saved offsets (another PC's, a renamed one)."""
    names = [name for name in QPrinterInfo.availablePrinterNames() if name]
    for name, _x, _y in list_printers_with_offsets(SettingsOffsetStore()):
        if name and name not in names:
            names.append(name)
    return sorted(names, key=collation_key)


def save_pdf(parent: QWidget | None, pdf: bytes, title: str, suggested_name: str) -> Path | None:
    """Ask where, write atomically; None (the refusal shown) when not saved."""
    target = messages.ask_save_path(parent, title, Path.home() / suggested_name, "Tệp PDF (*.pdf)")
    if target is None:
        return None
    if target.suffix.lower() != ".pdf":
        target = target.with_suffix(".pdf")
    try:
        write_file_atomically(pdf, target)
    except UserError as error:
        messages.show_error(parent, error)
        return None
    return target


def offer_to_open(parent: QWidget | None, target: Path, saved_text: str) -> None:
    if messages.confirm(
        parent, "Đã lưu", f"{saved_text}\n{target}\n\nMở tệp bây giờ?", yes_text="Mở tệp"
    ):
        open_file(target)


def open_file(target: Path) -> None:
    """The system's PDF viewer (a function of its own so tests don't start one)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))


def certificate_printer(printer_name: str, width_mm: float, height_mm: float) -> QPrinter:
    """A printer set for the blank: its size, no margins, drawing from the paper's corner."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if printer_name:
        printer.setPrinterName(printer_name)
    printer.setDocName("Giấy khen")
    printer.setFullPage(True)
    landscape = width_mm > height_mm
    portrait = QSizeF(min(width_mm, height_mm), max(width_mm, height_mm))
    printer.setPageLayout(
        QPageLayout(
            QPageSize(portrait, QPageSize.Unit.Millimeter, "Giấy khen"),
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    return printer


def print_actual_size(pdf: bytes, printer: QPrinter) -> int:
    """Print every page at 100 %, from the paper's very corner, so millimetres on the page
    are millimetres on paper: shrinking to the printable area, as a document preview does,
    would put the text beside the blank's lines. Returns the pages printed."""
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        raise UserError("Không in được: tệp PDF Giấy khen không đọc được.")
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("Không mở được máy in. Hãy kiểm tra máy in rồi thử lại.")
    try:
        dpi_x, dpi_y = printer.logicalDpiX(), printer.logicalDpiY()
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            size = document.pagePointSize(page)
            target = QRectF(0, 0, size.width() / 72 * dpi_x, size.height() / 72 * dpi_y)
            image = document.render(page, QSize(round(target.width()), round(target.height())))
            painter.drawImage(target, image)
        return document.pageCount()
    finally:
        painter.end()


class CertificatePrintDialog(QDialog):
    """The round's certificates, ticked for printing; reprints ask for their reason."""

    def __init__(self, db: Database, round_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.round_id = round_id
        view = round_view(db, round_id)
        self.draft = not view.decision_issued
        self.rows: list[CertificateRow] = []
        self.setWindowTitle(f"In Giấy khen – {view.name}")
        self.resize(1120, 700)

        decision = QLabel(view.decision_number_text if view.decision_issued else DRAFT_WARNING)
        decision.setWordWrap(True)
        decision.setStyleSheet(WARNING_STYLE if self.draft else "font-weight: bold;")
        self.decision_label = decision

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 64), (2, 230), (3, 150), (4, 230)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        self.table.itemChanged.connect(lambda _item: self._update_count())
        self.table.cellDoubleClicked.connect(self._toggle_row)
        self.tick_all_button = QPushButton("Chọn tất cả")
        self.untick_all_button = QPushButton("Bỏ chọn tất cả")
        self.count_label = QLabel()
        self.tick_all_button.clicked.connect(lambda: self._tick_all(True))
        self.untick_all_button.clicked.connect(lambda: self._tick_all(False))
        ticks = QHBoxLayout()
        ticks.addWidget(self.tick_all_button)
        ticks.addWidget(self.untick_all_button)
        ticks.addStretch(1)
        ticks.addWidget(self.count_label)

        self.full_radio = QRadioButton(FULL_MODE_TEXT)
        self.text_only_radio = QRadioButton(TEXT_ONLY_MODE_TEXT)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.full_radio)
        self.mode_group.addButton(self.text_only_radio)
        # A draft goes on plain paper to be checked; an issued decision onto the blanks.
        (self.full_radio if self.draft else self.text_only_radio).setChecked(True)
        mode_box = QGroupBox("Cách in")
        mode_layout = QVBoxLayout(mode_box)
        mode_layout.addWidget(self.full_radio)
        mode_layout.addWidget(self.text_only_radio)

        self.printer_combo = QComboBox()
        self.printer_combo.setEditable(True)
        self.printer_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.printer_combo.addItem(DEFAULT_PRINTER)
        self.printer_combo.addItems(printer_names(db))
        self.printer_combo.setMinimumContentsLength(28)
        line_edit = self.printer_combo.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(DEFAULT_PRINTER)
        self.offsets_label = QLabel()
        self.calibrate_button = QPushButton("Căn chỉnh máy in…")
        self.printer_combo.currentTextChanged.connect(lambda _text: self.refresh_offsets())
        self.calibrate_button.clicked.connect(self.open_layout)
        printer_box = QGroupBox("Máy in")
        printer_layout = QVBoxLayout(printer_box)
        printer_row = QHBoxLayout()
        printer_row.addWidget(self.printer_combo, 1)
        printer_row.addWidget(self.calibrate_button)
        printer_layout.addLayout(printer_row)
        printer_layout.addWidget(self.offsets_label)

        options = QHBoxLayout()
        options.addWidget(mode_box, 1)
        options.addWidget(printer_box, 1)

        self.calibration_button = QPushButton("In trang căn chỉnh…")
        self.export_button = QPushButton("Xuất PDF…")
        self.print_button = QPushButton("In…")
        self.close_button = QPushButton("Đóng")
        self.calibration_button.clicked.connect(self.save_calibration)
        self.export_button.clicked.connect(self.export_pdf)
        self.print_button.clicked.connect(self.print_chosen)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.calibration_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        for button in (self.export_button, self.print_button, self.calibration_button):
            button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(decision)
        layout.addWidget(self.table, 1)
        layout.addLayout(ticks)
        layout.addLayout(options)
        layout.addLayout(buttons)
        self.reload()
        self.refresh_offsets()

    # --- state ----------------------------------------------------------------------------

    def reload(self) -> None:
        """The rows again (after a print), keeping what was ticked."""
        ticked = set(self.chosen_ids()) if self.rows else None
        self.rows = certificate_rows(self.db, self.round_id)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            number = QTableWidgetItem(str(index + 1))
            number.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            keep = ticked is None or row.proposal_id in ticked
            number.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
            number.setData(Qt.ItemDataRole.UserRole, row.proposal_id)
            cells = [number]
            for text in (
                row.recipient,
                row.unit,
                row.register_text.removeprefix("Số vào sổ: ") or "Chưa có",
                row.printed_text,
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                cells.append(item)
            for column, item in enumerate(cells):
                self.table.setItem(index, column, item)
        self.table.blockSignals(False)
        self._update_count()

    def chosen_ids(self) -> list[int]:
        ids = []
        for index in range(self.table.rowCount()):
            item = self.table.item(index, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def set_ticked(self, proposal_id: int, ticked: bool) -> None:
        for index in range(self.table.rowCount()):
            item = self.table.item(index, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == proposal_id:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def _tick_all(self, ticked: bool) -> None:
        for row in self.rows:
            self.set_ticked(row.proposal_id, ticked)

    def _toggle_row(self, index: int, _column: int) -> None:
        item = self.table.item(index, 0)
        if item is not None:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _update_count(self) -> None:
        chosen = len(self.chosen_ids())
        self.count_label.setText(
            f"Đã chọn {format_number(chosen)}/{format_number(len(self.rows))} Giấy khen"
        )
        for button in (self.export_button, self.print_button):
            button.setEnabled(chosen > 0)

    def mode(self) -> PrintMode:
        return PrintMode.FULL if self.full_radio.isChecked() else PrintMode.TEXT_ONLY

    def printer_name(self) -> str:
        text = self.printer_combo.currentText().strip()
        return "" if text == DEFAULT_PRINTER else text

    def refresh_offsets(self) -> None:
        try:
            x, y = get_printer_offsets(SettingsOffsetStore(), self.printer_name())
        except UserError as error:
            self.offsets_label.setText(error.message)
            return
        self.offsets_label.setText(offsets_text(x, y))

    # --- actions --------------------------------------------------------------------------

    def open_layout(self) -> None:
        from kt_desktop.gui.dialogs.certificate_layout_dialog import CertificateLayoutDialog

        try:
            dialog = CertificateLayoutDialog(self.db, self, self.printer_name())
        except UserError as error:
            messages.show_error(self, error)
            return
        dialog.exec()
        self.refresh_offsets()

    def ask_reprint_reason(self, ids: list[int]) -> str | None:
        """ "" when nothing chosen was printed before (or the decision is a draft); None when
        the clerk cancels."""
        if self.draft:
            return ""
        chosen = set(ids)
        printed = [r for r in self.rows if r.proposal_id in chosen and r.printed_count]
        if not printed:
            return ""
        names = ", ".join(f"{r.recipient} ({r.printed_text.lower()})" for r in printed[:3])
        if len(printed) > 3:
            names += f" và {format_number(len(printed) - 3)} Giấy khen khác"
        return messages.ask_text(
            self,
            "In lại Giấy khen",
            f"Giấy khen của {names} đã được in. Lần in lại được ghi vào sổ; hãy ghi lý do "
            "(ví dụ: phôi bị kẹt giấy, in lệch, ghi sai tên).",
        )

    def _render(self, ids: list[int], reason: str) -> bytes | None:
        """The chosen certificates made off the GUI thread (recorded by the caller once they
        reached the printer or their file); None if stopped or refused (the refusal shown)."""
        mode, printer = self.mode(), self.printer_name()

        def work(progress: Callable[[int, int], bool]) -> Any:
            stop = False

            def report(done: int, total: int) -> None:
                nonlocal stop
                if not progress(done, total):
                    stop = True

            # Recorded only once the certificates reached the printer or their file.
            return print_certificates(
                self.db,
                self.round_id,
                ids,
                mode,
                printer,
                reason,
                progress=report,
                should_stop=lambda: stop,
                record=False,
                store=SettingsOffsetStore(),
            )

        task = run_with_progress(self, "In Giấy khen", "Đang tạo Giấy khen…", work)
        self.reload()
        if isinstance(task.error, RenderingStopped):
            messages.show_info(
                self, "Đã dừng", "Đã dừng tạo Giấy khen; chưa Giấy khen nào được ghi là đã in."
            )
            return None
        if isinstance(task.error, UserError):
            messages.show_error(self, task.error)
            return None
        if task.error is not None:
            raise task.error
        result: bytes = task.result
        return result

    def _prepared(self) -> tuple[list[int], str] | None:
        ids = self.chosen_ids()
        if not ids:
            messages.show_error(self, "Hãy đánh dấu ít nhất một Giấy khen để in.")
            return None
        reason = self.ask_reprint_reason(ids)
        if reason is None:
            return None
        return ids, reason

    def export_pdf(self) -> None:
        prepared = self._prepared()
        if prepared is None:
            return
        ids, reason = prepared
        target = messages.ask_save_path(
            self, "Xuất Giấy khen thành PDF", Path.home() / "Giấy khen.pdf", "Tệp PDF (*.pdf)"
        )
        if target is None:
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        pdf = self._render(ids, reason)
        if pdf is None:
            return
        try:
            write_file_atomically(pdf, target)
            record_prints(self.db, self.round_id, ids, self.mode(), reason)
        except UserError as error:
            messages.show_error(self, error)
            return
        finally:
            self.reload()
        offer_to_open(
            self, target, f"Đã lưu {format_number(len(ids))} Giấy khen vào tệp “{target.name}”."
        )

    def print_chosen(self) -> None:
        prepared = self._prepared()
        if prepared is None:
            return
        ids, reason = prepared
        layout = get_certificate_layout(self.db)
        printer = certificate_printer(
            self.printer_name(), layout.page_width_mm, layout.page_height_mm
        )
        # The system's dialog before anything is made or recorded: cancelling prints nothing.
        if not pdf_preview.ask_print(printer, self):
            return
        pdf = self._render(ids, reason)
        if pdf is None:
            return
        try:
            printed = print_actual_size(pdf, printer)
            if printed:
                record_prints(self.db, self.round_id, ids, self.mode(), reason)
        except UserError as error:
            messages.show_error(self, error)
            return
        finally:
            self.reload()
        if printed:
            messages.show_info(
                self, "Đã gửi lệnh in", f"Đã gửi {format_number(printed)} Giấy khen tới máy in."
            )

    def save_calibration(self) -> None:
        try:
            pdf = calibration_pdf(self.db, SettingsOffsetStore(), self.printer_name())
        except UserError as error:
            messages.show_error(self, error)
            return
        target = save_pdf(self, pdf, "Lưu trang căn chỉnh máy in", "Trang căn chỉnh Giấy khen.pdf")
        if target is not None:
            offer_to_open(
                self,
                target,
                "Đã lưu trang căn chỉnh. Hãy in ở tỷ lệ 100% (không chọn “vừa trang”).",
            )
