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
    page.table.selectRow(2)
    assert not page.view_button.isEnabled()
