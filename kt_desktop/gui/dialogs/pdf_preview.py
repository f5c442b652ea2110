"""Preview a document before it goes out: zoom, pages, print through the system dialog,
save as PDF. The bytes shown are exactly the bytes printed and saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.errors import UserError
from kt_desktop.gui import messages

ZOOM_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def write_file_atomically(data: bytes, target: Path) -> None:
    """Save `data` as `target` in one step: a failure leaves nothing half-made, and the
    clerk's previous file stays as it was."""
    from kt_desktop.documents.files import write_file_atomically as write

    write(
        target,
        data,
        f"tệp “{target.name}”",
        "Hãy chọn thư mục khác hoặc đóng tệp đang mở trong chương trình khác.",
    )


class PdfPreviewDialog(QDialog):
    def __init__(self, pdf: bytes, title: str, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Xem trước – {title}")
        self.resize(900, 1000)
        self.pdf = pdf
        self.file_name = file_name
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            raise UserError("Không hiển thị được văn bản: tệp PDF không đọc được.")

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.zoom_out_button = QPushButton("Thu nhỏ")
        self.zoom_in_button = QPushButton("Phóng to")
        self.fit_button = QPushButton("Vừa khung")
        self.previous_button = QPushButton("Trang trước")
        self.next_button = QPushButton("Trang sau")
        self.page_label = QLabel()
        self.print_button = QPushButton("In…")
        self.save_button = QPushButton("Lưu PDF…")
        self.close_button = QPushButton("Đóng")
        bar = QHBoxLayout()
        left: list[QWidget] = [self.zoom_out_button, self.zoom_in_button, self.fit_button]
        middle: list[QWidget] = [self.previous_button, self.page_label, self.next_button]
        right: list[QWidget] = [self.print_button, self.save_button, self.close_button]
        for group in (left, middle, right):
            for widget in group:
                bar.addWidget(widget)
            bar.addSpacing(16)
        bar.insertStretch(bar.count() - 4, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.zoom_out_button.clicked.connect(lambda: self.zoom(-1))
        self.zoom_in_button.clicked.connect(lambda: self.zoom(1))
        self.fit_button.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.previous_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)
        self._update_page_label()

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        page = max(0, min(page, self.page_count() - 1))
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._update_page_label()

    def _update_page_label(self) -> None:
        page = self.current_page()
        self.page_label.setText(f"Trang {page + 1}/{self.page_count()}")
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < self.page_count() - 1)

    def zoom(self, direction: int) -> None:
        factor = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            factor = 1.0
        steps = [z for z in ZOOM_STEPS if (z > factor if direction > 0 else z < factor)]
        target = (min(steps) if direction > 0 else max(steps)) if steps else factor
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(target)

    def save_pdf(self) -> None:
        target = messages.ask_save_path(
            self, "Lưu văn bản thành PDF", Path.home() / self.file_name, "Tệp PDF (*.pdf)"
        )
        if target is None:
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        try:
            write_file_atomically(self.pdf, target)
        except UserError as error:
            messages.show_error(self, error)
            return
        messages.show_info(
            self, "Đã lưu", f"Đã lưu văn bản vào tệp “{target.name}”.", str(target.parent)
        )

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        if not ask_print(printer, self):
            return
        print_pdf(self.document, printer)


def ask_print(printer: QPrinter, parent: QWidget) -> bool:
    """The system's print dialog (a separate function so tests can answer it)."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("In văn bản")
    return dialog.exec() == QDialog.DialogCode.Accepted


def _orientation(document: QPdfDocument, page: int) -> QPageLayout.Orientation:
    size = document.pagePointSize(page)
    if size.width() > size.height():
        return QPageLayout.Orientation.Landscape
    return QPageLayout.Orientation.Portrait


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Render each page at the printer's own resolution, so text prints sharp, turning the
    sheet for landscape pages (an annex table) instead of shrinking them; returns pages."""
    first = max(printer.fromPage(), 1) - 1 if printer.fromPage() else 0
    last = min((printer.toPage() or document.pageCount()) - 1, document.pageCount() - 1)
    if last < first:
        return 0
    printer.setPageOrientation(_orientation(document, first))
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("Không mở được máy in. Hãy kiểm tra máy in rồi thử lại.")
    try:
        dpi = printer.resolution()
        printed = 0
        for page in range(first, last + 1):
            if printed:
                printer.setPageOrientation(_orientation(document, page))
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            image = document.render(page, size)
            target = painter.viewport()
            scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
            printed += 1
        return printed
    finally:
        painter.end()
