"""The register page: issued and draft documents by year, the issued PDF, the Excel export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from kt_desktop.domain.enums import DocumentKind
from kt_desktop.gui.pages.register_of_documents_page import RegisterOfDocumentsPage
from kt_desktop.services.database import Database
from kt_desktop.services.outgoing import create_draft, issue_document
from tests.core.test_outgoing_register import fake_pdf
from tests.gui.conftest import MessageLog


def fill(db: Database) -> None:
    first = create_draft(
        db,
        DocumentKind.DECISION,
        2025,
        "Về việc tặng Giấy khen",
        "Nguyễn Văn Nghiệp",
        "CHỦ TỊCH",
        {},
    )
    issue_document(db, first, date(2025, 12, 20), fake_pdf)
    letter = create_draft(
        db,
        DocumentKind.OFFICIAL_LETTER,
        2026,
        "V/v đôn đốc báo cáo kết quả năm 2026",
        "Nguyễn Văn Nghiệp",
        "",
        {},
    )
    issue_document(db, letter, date(2026, 11, 2), fake_pdf)
    create_draft(
        db, DocumentKind.NOTICE, 2026, "Thông báo lịch kiểm tra", "Nguyễn Văn Nghiệp", "", {}
    )


def test_the_register_lists_years_states_and_exports(
    qtbot, db: Database, tmp_path: Path, message_log: MessageLog
) -> None:
    fill(db)
    page = RegisterOfDocumentsPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    assert [page.year_combo.itemText(i) for i in range(page.year_combo.count())] == [
        "Tất cả các năm",
        "Năm 2025",
        "Năm 2026",
    ]
    shown = [
        [page.model.index(r, c).data() for c in (0, 1, 2, 5)] for r in range(page.model.rowCount())
    ]
    assert shown == [
        ["01/QĐ-UBND", "20/12/2025", "Quyết định", "Đã ban hành"],
        ["01/UBND-VHXH", "02/11/2026", "Công văn", "Đã ban hành"],
        ["(dự thảo)", "", "Thông báo", "Dự thảo"],
    ]
    assert page.count_label.text() == "2 văn bản đã ban hành, 1 dự thảo."
    page.year_combo.setCurrentIndex(2)
    assert page.model.rowCount() == 2
    message_log.save_path = tmp_path / "so-van-ban-di.xlsx"
    page.export()
    sheet = load_workbook(tmp_path / "so-van-ban-di.xlsx").active
    assert [c.value for c in sheet[5]][:4] == [1, "01/UBND-VHXH", "02/11/2026", "Công văn"]


def test_viewing_an_issued_document_opens_its_pdf(qtbot, db: Database, monkeypatch) -> None:
    fill(db)
    page = RegisterOfDocumentsPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    opened: list[bytes] = []
    from kt_desktop.gui.dialogs import pdf_preview

    class FakePreview:
        def __init__(self, pdf, title, file_name, parent) -> None:
            opened.append(pdf)
            assert title == "Quyết định 01/QĐ-UBND"
            assert file_name == "Quyết định 01-QĐ-UBND.pdf"

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(pdf_preview, "PdfPreviewDialog", FakePreview)
    page.table.selectRow(0)
    assert page.view_button.isEnabled()
    page.view_selected()
    assert opened and opened[0].startswith(b"%PDF")
    assert not page.issue_button.isEnabled() and page.replace_button.isEnabled()
    page.table.selectRow(2)
    assert page.view_button.text() == "Xem trước"
    assert page.issue_button.isEnabled() and page.edit_button.isEnabled()


def test_write_preview_and_issue_a_letter(
    qtbot, db: Database, monkeypatch, message_log: MessageLog
) -> None:
    import io
    import unicodedata

    import pdfplumber

    from kt_desktop.gui.dialogs.document_dialog import DocumentDialog
    from kt_desktop.services.outgoing import issued_pdf, list_register
    from tests.gui.conftest import answer_dialog

    page = RegisterOfDocumentsPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()

    def write(dialog: DocumentDialog) -> None:
        dialog.ui.kindCombo.setCurrentIndex(
            dialog.ui.kindCombo.findData(DocumentKind.OFFICIAL_LETTER)
        )
        dialog.ui.yearSpin.setValue(2025)
        dialog.ui.summaryEdit.setText(
            "V/v đôn đốc báo cáo kết quả thực hiện phong trào thi đua năm 2025"
        )
        dialog.ui.addresseesEdit.setPlainText("Các phòng, ban, ngành xã\nCác thôn, thị tứ")
        dialog.ui.bodyEdit.setPlainText(
            "Đến nay còn 05 đơn vị chưa gửi báo cáo kết quả năm 2025.\n\n"
            "Đề nghị các đơn vị gửi báo cáo về Phòng Văn hóa – Xã hội trước ngày 15/12/2025."
        )
        dialog.ui.capacityCombo.setCurrentIndex(
            dialog.ui.capacityCombo.findData("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
        )
        assert dialog.ui.signerCombo.currentText() == "Nguyễn Văn Nghiệp"

    answer_dialog(monkeypatch, DocumentDialog, write)
    page.new_document()
    row = list_register(db)[0]
    assert (row.number_text, row.kind) == ("(dự thảo)", DocumentKind.OFFICIAL_LETTER)
    assert page.selected() is not None and page.selected().id == row.id

    monkeypatch.setattr("kt_desktop.gui.messages.ask_date", lambda *_args: date(2025, 12, 1))
    page.issue_selected()
    assert "Văn bản đã được cấp số 01/UBND-VHXH, ngày 01/12/2025." in message_log.texts()
    issued = list_register(db)[0]
    assert (issued.number_text, issued.issued_on) == ("01/UBND-VHXH", date(2025, 12, 1))
    with pdfplumber.open(io.BytesIO(issued_pdf(db, issued.id))) as pdf:
        text = unicodedata.normalize("NFC", pdf.pages[0].extract_text())
    assert "Số: 01/UBND-VHXH" in text
    assert "Kim Thành, ngày 01 tháng 12 năm 2025" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "Nguyễn Văn Nghiệp" in text
    assert "Các thôn, thị tứ" in text


def test_a_draft_is_saved_as_word(
    qtbot, db: Database, tmp_path: Path, message_log: MessageLog
) -> None:
    from docx import Document

    fill(db)
    page = RegisterOfDocumentsPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    page.table.selectRow(2)  # the notice, still a draft
    assert page.word_button.isEnabled()
    message_log.save_path = tmp_path / "thông báo"
    page.save_word()
    text = "\n".join(p.text for p in Document(str(tmp_path / "thông báo.docx")).paragraphs)
    assert "Thông báo lịch kiểm tra".upper() in text.upper()
    assert "Đã lưu dự thảo" in message_log.texts()
    page.table.selectRow(0)
    assert not page.word_button.isEnabled()


def test_editing_a_draft_keeps_its_annex_and_a_deputy_signs_as_deputy(qtbot, db: Database) -> None:
    from kt_desktop.gui.dialogs.document_dialog import DocumentDialog
    from kt_desktop.services.outgoing import get_draft
    from kt_desktop.services.settings import CommuneIdentity, Signer, save_commune_identity

    save_commune_identity(
        db,
        CommuneIdentity(
            signers=(
                Signer("Chủ tịch Ủy ban nhân dân xã", "Nguyễn Văn Nghiệp"),
                Signer("Phó Chủ tịch Ủy ban nhân dân xã", "Trần Thị Hoa"),
            )
        ),
    )
    annex = {"title_lines": ["DANH SÁCH"], "headers": ["STT", "Tên"], "rows": [["1", "Thôn Đông"]]}
    document = create_draft(
        db,
        DocumentKind.NOTICE,
        2025,
        "Thông báo kết quả",
        "Nguyễn Văn Nghiệp",
        "",
        {"annex": annex},
    )
    dialog = DocumentDialog(db, document)
    qtbot.addWidget(dialog)
    dialog.ui.summaryEdit.setText("Thông báo kết quả xét khen thưởng")
    dialog.ui.signerCombo.setCurrentIndex(dialog.ui.signerCombo.findText("Trần Thị Hoa"))
    assert dialog.capacity() == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    dialog.save()
    saved = get_draft(db, document)
    assert saved.content["annex"] == annex
    assert (saved.signer_name, saved.signer_capacity) == (
        "Trần Thị Hoa",
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    )
