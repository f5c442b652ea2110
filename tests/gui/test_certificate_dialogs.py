"""The Giấy khen dialogs: ticking what to print, exporting and printing it (recorded, with a
reason for a reprint), and the layout dialog's live preview and refusals."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtPrintSupport import QPrinter
from sqlmodel import select

from kt_desktop.domain.awards import CertificatePrint
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs import certificate_print_dialog, pdf_preview
from kt_desktop.gui.dialogs.certificate_layout_dialog import CertificateLayoutDialog
from kt_desktop.gui.dialogs.certificate_print_dialog import (
    DRAFT_WARNING,
    CertificatePrintDialog,
)
from kt_desktop.gui.printer_offsets import SettingsOffsetStore
from kt_desktop.services.award_certificates import (
    get_certificate_layout,
    get_printer_offsets,
    save_printer_offsets,
)
from kt_desktop.services.database import Database
from tests.core.test_award_certificates import (
    DemoRound,
    build_round,
    draft_marks,
    issue_decision,
    pages_text,
    print_count,
)
from tests.gui.conftest import MessageLog


@pytest.fixture
def demo(db: Database) -> DemoRound:
    return build_round(db)


@pytest.fixture(autouse=True)
def no_viewer(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    opened: list[Path] = []
    monkeypatch.setattr(certificate_print_dialog, "open_file", opened.append)
    return opened


def _names(dialog: CertificatePrintDialog) -> list[str]:
    return [dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount())]


def test_the_dialog_lists_the_passed_proposals(qtbot, db: Database, demo: DemoRound) -> None:
    dialog = CertificatePrintDialog(db, demo.round_id)
    qtbot.addWidget(dialog)
    assert _names(dialog) == [
        "Ban Chỉ đạo phong trào Bình dân học vụ số và chuyển đổi số của Hội Liên hiệp Phụ nữ "
        "xã Kim Thành",
        "Thôn Bắc",
        "Ông Nguyễn Văn An",
        "Bà Lê Thị Ánh",
        "Ông Trần Văn Bình",
    ]
    assert dialog.chosen_ids() == [r.proposal_id for r in dialog.rows]
    assert dialog.decision_label.text() == DRAFT_WARNING
    assert dialog.count_label.text() == "Đã chọn 5/5 Giấy khen"
    assert dialog.full_radio.isChecked()  # a draft goes on plain paper
    assert dialog.offsets_label.text() == "Độ lệch: ngang 0 mm, dọc 0 mm"


def test_unticking_one_exports_only_the_others(
    qtbot, db: Database, demo: DemoRound, tmp_path: Path, message_log: MessageLog
) -> None:
    dialog = CertificatePrintDialog(db, demo.round_id)
    qtbot.addWidget(dialog)
    left_out = dialog.rows[3].proposal_id  # Bà Lê Thị Ánh
    dialog.set_ticked(left_out, False)
    assert dialog.count_label.text() == "Đã chọn 4/5 Giấy khen"
    message_log.save_path = tmp_path / "Giấy khen thôn"
    message_log.confirm_answer = False
    dialog.export_pdf()
    pdf = (tmp_path / "Giấy khen thôn.pdf").read_bytes()
    pages = pages_text(pdf)
    assert len(pages) == 4
    assert not any("Lê Thị Ánh" in page for page in pages)
    assert sum("Ông Nguyễn Văn An" in page for page in pages) == 1
    assert draft_marks(pdf) == ["BẢN NHÁP"] * 4
    assert "Đã lưu 4 Giấy khen" in message_log.texts()
    assert print_count(db) == 4
    # The table says so, and what was unticked stays unticked.
    assert dialog.table.item(2, 4).text() == "Chưa in (đã in nháp 1 lần)"
    assert left_out not in dialog.chosen_ids()


def test_a_reprint_asks_for_its_reason(
    qtbot,
    db: Database,
    demo: DemoRound,
    tmp_path: Path,
    message_log: MessageLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    issue_decision(db, demo)
    dialog = CertificatePrintDialog(db, demo.round_id)
    qtbot.addWidget(dialog)
    assert dialog.decision_label.text() == "Quyết định số 01/QĐ-UBND ngày 20/01/2026"
    assert dialog.text_only_radio.isChecked()
    message_log.save_path = tmp_path / "lần 1.pdf"
    message_log.confirm_answer = False
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_text", lambda _p, _t, text, **_k: asked.append(text))
    dialog.export_pdf()
    assert asked == [] and print_count(db) == 5

    # Cancelling the reason prints and records nothing.
    dialog.export_pdf()
    assert "đã được in" in asked[0] and print_count(db) == 5

    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: "Phôi bị kẹt giấy")
    for proposal_id in dialog.chosen_ids()[1:]:
        dialog.set_ticked(proposal_id, False)
    message_log.save_path = tmp_path / "in lại.pdf"
    dialog.export_pdf()
    assert len(pages_text((tmp_path / "in lại.pdf").read_bytes())) == 1
    with db.session() as session:
        reprints = session.exec(select(CertificatePrint).where(CertificatePrint.reprint)).all()
    assert [(p.proposal_id, p.reason) for p in reprints] == [
        (dialog.rows[0].proposal_id, "Phôi bị kẹt giấy")
    ]
    assert dialog.table.item(0, 4).text().startswith("2 lần, gần nhất ")


def test_printing_is_at_actual_size_with_the_printer_offsets(
    qtbot, db: Database, demo: DemoRound, tmp_path: Path, message_log: MessageLog, monkeypatch
) -> None:
    save_printer_offsets(SettingsOffsetStore(), "Máy in phòng Văn hóa", 3, 0)
    output = tmp_path / "máy in.pdf"

    def answer(printer: QPrinter, _parent) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output))
        return True

    monkeypatch.setattr(pdf_preview, "ask_print", answer)
    dialog = CertificatePrintDialog(db, demo.round_id)
    qtbot.addWidget(dialog)
    dialog.printer_combo.setEditText("Máy in phòng Văn hóa")
    assert dialog.offsets_label.text() == "Độ lệch: ngang +3 mm, dọc 0 mm"
    for proposal_id in dialog.chosen_ids()[2:]:
        dialog.set_ticked(proposal_id, False)
    dialog.print_chosen()
    assert "Đã gửi 2 Giấy khen tới máy in" in message_log.texts()
    with pdfplumber.open(io.BytesIO(output.read_bytes())) as printed:
        sizes = [(round(p.width), round(p.height)) for p in printed.pages]
    assert sizes == [(842, 595), (842, 595)]  # A4 landscape, not shrunk to a margin
    assert print_count(db) == 2


def test_a_file_that_could_not_be_written_is_not_recorded_as_printed(
    qtbot, db: Database, demo: DemoRound, tmp_path: Path, message_log: MessageLog
) -> None:
    dialog = CertificatePrintDialog(db, demo.round_id)
    qtbot.addWidget(dialog)
    message_log.save_path = tmp_path / "không có thư mục này" / "Giấy khen"
    dialog.export_pdf()
    assert "Không ghi được tệp “Giấy khen.pdf”" in message_log.texts()
    assert print_count(db) == 0


def test_a_printer_that_fails_records_nothing(
    qtbot, db: Database, demo: DemoRound, message_log: MessageLog, monkeypatch
) -> None:
    monkeypatch.setattr(pdf_preview, "ask_print", lambda *_a: True)

    def jammed(_pdf: bytes, _printer: QPrinter) -> int:
        raise UserError("Không mở được máy in. Hãy kiểm tra máy in rồi thử lại.")

    monkeypatch.setattr(certificate_print_dialog, "print_actual_size", jammed)
    dialog = CertificatePrintDialog(db, demo.round_id)
    qtbot.addWidget(dialog)
    dialog.print_chosen()
    assert "Không mở được máy in" in message_log.texts()
    assert print_count(db) == 0


def test_cancelling_the_print_dialog_records_nothing(
    qtbot, db: Database, demo: DemoRound, monkeypatch
) -> None:
    monkeypatch.setattr(pdf_preview, "ask_print", lambda *_a: False)
    dialog = CertificatePrintDialog(db, demo.round_id)
    qtbot.addWidget(dialog)
    dialog.print_chosen()
    assert print_count(db) == 0


def test_calibration_page_saved(
    qtbot, db: Database, demo: DemoRound, tmp_path: Path, message_log: MessageLog
) -> None:
    dialog = CertificatePrintDialog(db, demo.round_id)
    qtbot.addWidget(dialog)
    message_log.save_path = tmp_path / "căn chỉnh"
    message_log.confirm_answer = False
    dialog.save_calibration()
    (page,) = pages_text((tmp_path / "căn chỉnh.pdf").read_bytes())
    assert "TRANG CĂN CHỈNH MÁY IN" in page and "X 20 mm, Y 20 mm" in page
    assert print_count(db) == 0


# --- the layout dialog ------------------------------------------------------------------------


def test_the_preview_follows_a_changed_field(qtbot, db: Database) -> None:
    dialog = CertificateLayoutDialog(db, None, "Canon LBP2900")
    qtbot.addWidget(dialog)
    assert dialog.preview_count == 1 and dialog.preview_image is not None
    before = dialog.preview_image.copy()
    dialog.spins["recipient"]["y_mm"].setValue(80)
    assert dialog.preview_count == 1  # waits for the typing to stop
    qtbot.waitUntil(lambda: dialog.preview_count == 2, timeout=3000)
    assert dialog.preview_image != before
    assert dialog.current_layout().fields["recipient"].y_mm == 80
    dialog.text_only_radio.setChecked(True)
    qtbot.waitUntil(lambda: dialog.preview_count == 3, timeout=3000)


def test_a_layout_that_cannot_print_is_said_and_not_saved(
    qtbot, db: Database, message_log: MessageLog
) -> None:
    dialog = CertificateLayoutDialog(db)
    qtbot.addWidget(dialog)
    dialog.spins["recipient"]["x_mm"].setValue(200)
    dialog.refresh_preview()
    assert dialog.preview_error.isVisibleTo(dialog)
    assert "Tên người/tập thể được khen" in dialog.preview_error.text()
    dialog.save()
    assert "Chưa lưu được mẫu Giấy khen" in message_log.texts()
    assert "Tên người/tập thể được khen" in message_log.texts()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert get_certificate_layout(db).fields["recipient"].x_mm == 23.5


def test_saving_a_bad_offset_shows_the_message(
    qtbot, db: Database, message_log: MessageLog
) -> None:
    dialog = CertificateLayoutDialog(db, None, "Canon LBP2900")
    qtbot.addWidget(dialog)
    dialog.spins["recipient"]["y_mm"].setValue(75)
    # The box stops at ±20 mm; the service refuses on its own whatever reaches it.
    dialog.offset_x.setRange(-100, 100)
    dialog.offset_x.setValue(80)
    dialog.save()
    assert "±20 mm" in message_log.texts() and "80 mm" in message_log.texts()
    assert get_printer_offsets(SettingsOffsetStore(), "Canon LBP2900") == (0.0, 0.0)
    assert get_certificate_layout(db).fields["recipient"].y_mm == 70  # nothing written


def test_saving_writes_the_layout_and_the_offsets(qtbot, db: Database) -> None:
    dialog = CertificateLayoutDialog(db, None, "Canon LBP2900")
    qtbot.addWidget(dialog)
    dialog.spins["recipient"]["font_size"].setValue(28)
    dialog.offset_x.setValue(1.5)
    dialog.offset_y.setValue(-2)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert get_printer_offsets(SettingsOffsetStore(), "Canon LBP2900") == (1.5, -2.0)
    recipient = get_certificate_layout(db).fields["recipient"]
    assert recipient.font_size == 28 and recipient.min_font_size == 17

    again = CertificateLayoutDialog(db, None, "Canon LBP2900")
    qtbot.addWidget(again)
    assert again.offset_x.value() == 1.5
    again.use_defaults()
    assert again.current_layout().fields["recipient"].font_size == 24
    assert again.dirty


def test_a_stopped_batch_says_so_and_saves_nothing(
    qtbot, db: Database, demo: DemoRound, tmp_path: Path, message_log: MessageLog, monkeypatch
) -> None:
    from kt_desktop.documents.certificates import RenderingStopped

    def stopped(*_args, **_kwargs) -> bytes:
        raise RenderingStopped(2, 5)

    monkeypatch.setattr(certificate_print_dialog, "print_certificates", stopped)
    dialog = CertificatePrintDialog(db, demo.round_id)
    qtbot.addWidget(dialog)
    message_log.save_path = tmp_path / "dừng.pdf"
    dialog.export_pdf()
    assert "chưa Giấy khen nào được ghi là đã in" in message_log.texts()
    assert not (tmp_path / "dừng.pdf").exists()
