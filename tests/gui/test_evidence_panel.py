"""The evidence panel: attach through the file dialog or by dropping files, view, describe,
remove; no owner, no buttons. The tools: integrity report and export of a period's files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage

from kt_desktop.gui.dialogs import evidence_tools
from kt_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog
from kt_desktop.gui.widgets.evidence_panel import (
    NO_OWNER_NOTE,
    EvidencePanel,
    ImagePreviewDialog,
)
from kt_desktop.services.database import Database
from kt_desktop.services.evidence import attach_file, list_evidence, stored_path
from tests.core.test_evidence import Owners, make_owners, write
from tests.gui.conftest import MessageLog


@pytest.fixture
def owners(db: Database) -> Owners:
    return make_owners(db)


def png(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    path = folder / name
    assert image.save(str(path), "PNG")
    return path


def pdf(folder: Path, name: str) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    canvas = Canvas(str(path))
    canvas.drawString(100, 700, "Bien ban hop thon")
    canvas.showPage()
    canvas.save()
    return path


def drag_enter(mime: QMimeData) -> QDragEnterEvent:
    return QDragEnterEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def drop(mime: QMimeData) -> QDropEvent:
    return QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def make_panel(qtbot, db: Database, owner) -> EvidencePanel:
    panel = EvidencePanel(db, owner)
    qtbot.addWidget(panel)
    panel.resize(760, 300)
    return panel


def test_attach_through_the_file_dialog_lists_the_files(
    qtbot, db: Database, owners: Owners, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = make_panel(qtbot, db, owners.result)
    assert panel.model.rowCount() == 0
    assert panel.count_label.text() == "Chưa có tệp nào."
    chosen = [
        pdf(tmp_path / "Tài liệu", "Biên bản họp.pdf"),
        write(tmp_path / "Tài liệu", "Số liệu.xlsx", b"PK" + os.urandom(1536 * 1024)),
    ]
    monkeypatch.setattr(panel, "ask_files", lambda: chosen)
    with qtbot.waitSignal(panel.changed):
        panel.attach_button.click()
    assert [(r.file_name, r.media_kind) for r in panel.rows()] == [
        ("Biên bản họp.pdf", "PDF"),
        ("Số liệu.xlsx", "Excel"),
    ]
    size_cell = panel.model.index(1, 2).data()
    assert size_cell == "1,5 MB"
    assert panel.model.index(1, 4).data().count("/") == 2  # dd/mm/yyyy
    assert panel.count_label.text().startswith("2 tệp, ")
    assert panel.last_folder == tmp_path / "Tài liệu"
    assert panel.remove_button.isEnabled()  # the last attached file is selected


def test_dropping_files_attaches_each_and_reports_failures_once(
    qtbot, db: Database, owners: Owners, tmp_path: Path, message_log: MessageLog
) -> None:
    panel = make_panel(qtbot, db, owners.registration)
    good = png(tmp_path, "Ảnh hội nghị.png")
    bad = write(tmp_path, "ghi chú.txt", b"abc")
    missing = tmp_path / "mất.pdf"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (good, bad, missing)])
    enter = drag_enter(mime)
    panel.dragEnterEvent(enter)
    assert enter.isAccepted()
    dropped = drop(mime)
    with qtbot.waitSignal(panel.changed):
        panel.dropEvent(dropped)
    assert [r.file_name for r in panel.rows()] == ["Ảnh hội nghị.png"]
    assert len(message_log.shown) == 1
    title, text = message_log.shown[0]
    assert title == "Chưa đính kèm được"
    assert "Đã đính kèm 1 tệp; 2 trong 3 tệp chưa đính kèm được" in text
    assert "• ghi chú.txt: " in text and "• mất.pdf: Không tìm thấy tệp" in text


def test_without_an_owner_everything_is_off(
    qtbot, db: Database, owners: Owners, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, db, None)
    panel.show()
    assert panel.note_label.isVisible()
    assert panel.note_label.text() == NO_OWNER_NOTE
    for button in (
        panel.attach_button,
        panel.view_button,
        panel.open_button,
        panel.describe_button,
        panel.remove_button,
    ):
        assert not button.isEnabled()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(write(tmp_path, "a.pdf")))])
    enter = drag_enter(mime)
    panel.dragEnterEvent(enter)
    assert not enter.isAccepted()
    # Once the record is saved, the panel comes alive with its files.
    attach_file(db, owners.result, write(tmp_path, "a.pdf"))
    panel.set_owner(owners.result)
    assert not panel.note_label.isVisible()
    assert panel.attach_button.isEnabled()
    assert panel.model.rowCount() == 1


def test_view_open_describe_and_remove(
    qtbot,
    db: Database,
    owners: Owners,
    tmp_path: Path,
    message_log: MessageLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attach_file(db, owners.result, pdf(tmp_path, "Biên bản.pdf"))
    attach_file(db, owners.result, png(tmp_path, "Ảnh.png"))
    attach_file(db, owners.result, write(tmp_path, "Báo cáo.docx", b"PK-docx"))
    panel = make_panel(qtbot, db, owners.result)
    shown: list = []
    opened: list[QUrl] = []
    monkeypatch.setattr(panel, "show_dialog", shown.append)
    monkeypatch.setattr(panel, "open_url", lambda url: opened.append(url) or True)

    panel.table.selectRow(0)
    panel.view_button.click()
    assert isinstance(shown[-1], PdfPreviewDialog)
    assert shown[-1].page_count() == 1
    panel.table.selectRow(1)
    panel.view_button.click()
    assert isinstance(shown[-1], ImagePreviewDialog)
    assert shown[-1].pixmap.width() == 320
    panel.table.selectRow(2)
    panel.view_button.click()  # Word has no viewer inside: it opens in another program
    copy = Path(opened[-1].toLocalFile())
    assert copy.name == "Báo cáo.docx" and copy.read_bytes() == b"PK-docx"
    assert copy != stored_path(db, list_evidence(db, owners.result)[2].sha256)

    monkeypatch.setattr(panel, "open_url", lambda _url: False)
    panel.open_button.click()
    assert "Không mở được tệp “Báo cáo.docx”" in message_log.texts()

    monkeypatch.setattr(panel, "ask_description", lambda _row: "  Báo cáo   quý I ")
    panel.describe_button.click()
    assert list_evidence(db, owners.result)[2].description == "Báo cáo quý I"
    assert panel.model.index(2, 3).data() == "Báo cáo quý I"

    message_log.confirm_answer = False
    panel.remove_button.click()
    assert panel.model.rowCount() == 3
    message_log.confirm_answer = True
    with qtbot.waitSignal(panel.changed):
        panel.remove_button.click()
    assert [r.file_name for r in panel.rows()] == ["Biên bản.pdf", "Ảnh.png"]
    assert "Gỡ tệp “Báo cáo.docx”" in message_log.texts()


def test_a_changed_stored_file_is_not_shown(
    qtbot,
    db: Database,
    owners: Owners,
    tmp_path: Path,
    message_log: MessageLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attach_file(db, owners.result, png(tmp_path, "Ảnh.png"))
    stored = stored_path(db, list_evidence(db, owners.result)[0].sha256)
    os.chmod(stored, 0o644)
    stored.write_bytes(stored.read_bytes() + b"!")
    panel = make_panel(qtbot, db, owners.result)
    shown: list = []
    monkeypatch.setattr(panel, "show_dialog", shown.append)
    panel.table.selectRow(0)
    panel.view_button.click()
    assert shown == []
    assert "đã bị thay đổi" in message_log.texts()


def test_integrity_check_report_names_where_files_are_attached(
    qtbot,
    db: Database,
    owners: Owners,
    tmp_path: Path,
    message_log: MessageLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attach_file(db, owners.result, write(tmp_path, "tốt.pdf", b"%PDF-1"))
    report = evidence_tools.run_integrity_check(None, db)
    assert report is not None and report.all_intact
    assert message_log.shown[-1] == (
        "Kiểm tra tệp minh chứng",
        "Đã kiểm tra 1 tệp: tất cả nguyên vẹn.",
    )

    attach_file(db, owners.initiative, write(tmp_path, "mất.pdf", b"%PDF-2"))
    gone = stored_path(db, list_evidence(db, owners.initiative)[0].sha256)
    os.chmod(gone, 0o644)
    gone.unlink()
    reports: list[tuple[str, str]] = []
    monkeypatch.setattr(
        evidence_tools, "show_report", lambda _p, title, text: reports.append((title, text))
    )
    evidence_tools.run_integrity_check(None, db)
    [(title, text)] = reports
    assert title == "Kiểm tra tệp minh chứng"
    assert text.startswith("Đã kiểm tra 2 tệp: 1 tệp nguyên vẹn, 1 tệp bị mất.")
    assert "• “mất.pdf” – sáng kiến “Bản đồ số thôn Đông” của Thôn Đông (Năm 2026)" in text


def test_export_period_files_asks_for_a_folder_and_reports(
    qtbot,
    db: Database,
    owners: Owners,
    tmp_path: Path,
    message_log: MessageLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert evidence_tools.export_period_files(None, db, owners.period_id) is None
    assert "Kỳ này chưa có tệp minh chứng nào" in message_log.texts()
    attach_file(db, owners.result, write(tmp_path, "a.pdf", b"%PDF-1"))
    attach_file(db, owners.registration, write(tmp_path, "b.pdf", b"%PDF-2"))
    target = tmp_path / "Xuất ra USB"
    monkeypatch.setattr(evidence_tools, "ask_folder", lambda *_args: target)
    assert evidence_tools.export_period_files(None, db, owners.period_id) == 2
    assert "Đã chép 2 tệp minh chứng vào thư mục “Xuất ra USB”" in message_log.texts()
    assert sorted(p.name for p in (target / "Thôn Đông").iterdir())[-1] == "Đăng ký - b.pdf"


def test_screenshot_of_the_panel(qtbot, db: Database, owners: Owners, tmp_path: Path) -> None:
    """Not a check of pixels: leaves a picture to look at when KT_SHOTS is set."""
    attach_file(
        db,
        owners.result,
        pdf(tmp_path, "Biên bản họp thôn Đông tháng 3.pdf"),
        "Bản có chữ ký và dấu",
    )
    attach_file(
        db, owners.result, png(tmp_path, "Ảnh hội nghị triển khai.png"), "Ảnh chụp tại nhà văn hóa"
    )
    attach_file(
        db, owners.result, write(tmp_path, "Số liệu hộ dân.xlsx", b"PK" + os.urandom(1536 * 1024))
    )
    panel = make_panel(qtbot, db, owners.result)
    panel.resize(820, 260)
    panel.show()
    qtbot.waitExposed(panel)
    panel.table.selectRow(0)
    folder = os.environ.get("KT_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        panel.grab().save(str(Path(folder) / "evidence_panel.png"))
    assert panel.model.rowCount() == 3
