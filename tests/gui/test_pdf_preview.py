"""The document preview: pages, zoom, save as PDF byte for byte, print every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from reportlab.pdfgen.canvas import Canvas

from kt_desktop.documents.fonts import FACES, register_document_fonts
from kt_desktop.gui.dialogs import pdf_preview
from kt_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog, print_pdf
from tests.gui.conftest import MessageLog


@pytest.fixture
def three_pages(tmp_path: Path) -> bytes:
    register_document_fonts()
    target = tmp_path / "ba trang.pdf"
    canvas = Canvas(str(target))
    for page in range(1, 4):
        canvas.setFont(FACES["regular"], 14)
        canvas.drawString(100, 700, f"Trang thứ {page}: Ủy ban nhân dân xã Kim Thành")
        canvas.showPage()
    canvas.save()
    return target.read_bytes()


def test_pages_and_zoom(qtbot, three_pages: bytes) -> None:
    dialog = PdfPreviewDialog(three_pages, "Quyết định", "quyet-dinh.pdf")
    qtbot.addWidget(dialog)
    assert dialog.page_count() == 3
    assert dialog.page_label.text() == "Trang 1/3"
    assert not dialog.previous_button.isEnabled()
    dialog.go_to_page(2)
    assert dialog.page_label.text() == "Trang 3/3"
    assert not dialog.next_button.isEnabled()
    dialog.zoom(1)
    assert dialog.view.zoomFactor() == 1.25


def test_save_as_pdf_writes_the_same_bytes(
    qtbot, three_pages: bytes, tmp_path: Path, message_log: MessageLog
) -> None:
    dialog = PdfPreviewDialog(three_pages, "Quyết định", "quyet-dinh.pdf")
    qtbot.addWidget(dialog)
    message_log.save_path = tmp_path / "Quyết định 05"
    dialog.save_pdf()
    assert (tmp_path / "Quyết định 05.pdf").read_bytes() == three_pages
    assert "Đã lưu văn bản" in message_log.texts()


def test_a_broken_pdf_is_refused_in_vietnamese(qtbot) -> None:
    from kt_desktop.errors import UserError

    with pytest.raises(UserError, match="không đọc được"):
        PdfPreviewDialog(b"not a pdf", "Hỏng", "hong.pdf")


def test_printing_renders_every_page(
    qtbot, three_pages: bytes, tmp_path: Path, monkeypatch
) -> None:
    dialog = PdfPreviewDialog(three_pages, "Quyết định", "quyet-dinh.pdf")
    qtbot.addWidget(dialog)
    printed: list[int] = []

    def answer(printer: QPrinter, _parent) -> bool:
        # A PDF "printer" stands in for the office printer in tests.
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "in-ra.pdf"))
        printer.setResolution(150)
        return True

    real_print = pdf_preview.print_pdf
    monkeypatch.setattr(pdf_preview, "ask_print", answer)
    monkeypatch.setattr(
        pdf_preview,
        "print_pdf",
        lambda document, printer: printed.append(real_print(document, printer)),
    )
    dialog.print_document()
    assert printed == [3]
    assert (tmp_path / "in-ra.pdf").stat().st_size > 1000
    assert print_pdf is real_print


def test_a_landscape_page_prints_on_a_turned_sheet(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument
    from reportlab.lib.pagesizes import A4, landscape

    register_document_fonts()
    source = tmp_path / "nguon.pdf"
    canvas = Canvas(str(source), pagesize=A4)
    canvas.setFont(FACES["regular"], 14)
    canvas.drawString(100, 700, "Trang dọc")
    canvas.showPage()
    canvas.setPageSize(landscape(A4))
    canvas.drawString(100, 500, "Trang ngang: danh sách kèm theo")
    canvas.showPage()
    canvas.save()
    data = QByteArray(source.read_bytes())
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "in.pdf"))
    printer.setResolution(100)
    assert print_pdf(document, printer) == 2
    import pdfplumber

    with pdfplumber.open(tmp_path / "in.pdf") as printed:
        sizes = [(round(page.width), round(page.height)) for page in printed.pages]
    assert sizes[0][0] < sizes[0][1] and sizes[1][0] > sizes[1][1]
