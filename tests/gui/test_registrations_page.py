"""The registration page: record a unit's registration, filter, print the summary."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pdfplumber
from PySide6.QtCore import QDate

from kt_desktop.domain.enums import RegistrationStatus, UnitKind
from kt_desktop.gui.dialogs.registration_dialog import RegistrationDialog
from kt_desktop.gui.pages.registrations_page import RegistrationsPage
from kt_desktop.services.database import Database
from kt_desktop.services.movement import list_periods
from kt_desktop.services.participants import UnitInput, create_unit
from kt_desktop.services.registrations import list_registrations, registration_summary_pdf
from tests.gui.conftest import answer_dialog


def test_record_a_registration_and_print_the_summary(qtbot, db: Database, monkeypatch) -> None:
    create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    create_unit(db, UnitInput("PVHXH", "Phòng Văn hóa – Xã hội", UnitKind.DEPARTMENT))
    page = RegistrationsPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    page.period_combo.setCurrentIndex(page.period_combo.findText("Năm 2026"))
    assert page.count_label.text() == "2 đơn vị: 2 chưa gửi, 0 chờ duyệt, 0 đã duyệt, 0 từ chối."
    page.table.selectRow(page.model.find_row(lambda r: r.unit_code == "THON01"))

    def fill(dialog: RegistrationDialog) -> None:
        dialog.ui.statusCombo.setCurrentIndex(
            dialog.ui.statusCombo.findData(RegistrationStatus.APPROVED)
        )
        dialog.ui.dateEdit.setDate(QDate(2026, 1, 20))
        dialog.ui.aimsCombo.setEditText("Giấy khen của Chủ tịch UBND xã")
        dialog.ui.commitmentsEdit.setPlainText("100% hộ gia đình cài đặt VNeID")

    answer_dialog(monkeypatch, RegistrationDialog, fill)
    page.edit_selected()
    assert page.count_label.text() == "2 đơn vị: 1 chưa gửi, 0 chờ duyệt, 1 đã duyệt, 0 từ chối."
    page.status_combo.setCurrentIndex(page.status_combo.findData(RegistrationStatus.APPROVED))
    assert [page.model.index(r, 1).data() for r in range(page.model.rowCount())] == ["Thôn Đông"]

    period = next(p.id for p in list_periods(db) if p.name == "Năm 2026")
    saved = next(r for r in list_registrations(db, period) if r.unit_code == "THON01")
    assert (saved.status, saved.registered_on) == (RegistrationStatus.APPROVED, date(2026, 1, 20))
    pdf = registration_summary_pdf(db, period, today=date(2026, 11, 24))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        # Lines wrap where the page says; compare the words, not the line breaks.
        first = " ".join(unicodedata.normalize("NFC", document.pages[0].extract_text()).split())
        annex = unicodedata.normalize("NFC", document.pages[1].extract_text())
        landscape = document.pages[1].width > document.pages[1].height
    assert "Tổng hợp đăng ký thi đua năm 2026" in first
    assert "có 2 đơn vị tham gia: 1 chưa gửi, 0 chờ duyệt, 1 đã duyệt, 0 từ chối." in first
    # Cells wrap inside the table, so look for words that stay on one line.
    for words in ("Thôn Đông", "Đã duyệt", "20/01/2026", "Giấy khen của Chủ"):
        assert words in annex
    assert landscape


def test_a_rejection_needs_its_reason_in_the_dialog(qtbot, db: Database) -> None:
    create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    period = next(p for p in list_periods(db) if p.name == "Năm 2026")
    row = list_registrations(db, period.id)[0]
    dialog = RegistrationDialog(db, period.id, period.name, row)
    qtbot.addWidget(dialog)
    dialog.ui.statusCombo.setCurrentIndex(
        dialog.ui.statusCombo.findData(RegistrationStatus.REJECTED)
    )
    dialog.ui.dateEdit.setDate(QDate(2026, 2, 1))
    assert dialog.ui.reasonEdit.isEnabled()
    dialog.save()
    assert dialog.ui.errorLabel.text() == "Khi từ chối, hãy ghi rõ lý do."
    assert list_registrations(db, period.id)[0].status == RegistrationStatus.NOT_SENT


def test_a_registration_takes_its_signed_form(
    qtbot, db: Database, monkeypatch, message_log, tmp_path
) -> None:
    from kt_desktop.services.evidence import EvidenceOwner, list_evidence

    create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    page = RegistrationsPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    page.table.selectRow(0)
    scan = tmp_path / "Bản đăng ký thi đua Thôn Đông.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + b"1" * 4096 + b"\n%%EOF\n")

    def fill(dialog: RegistrationDialog) -> None:
        assert not dialog.evidence.attach_button.isEnabled()  # nothing saved yet
        dialog.ui.statusCombo.setCurrentIndex(
            dialog.ui.statusCombo.findData(RegistrationStatus.PENDING)
        )
        dialog.ui.dateEdit.setDate(QDate(2026, 1, 12))
        dialog.apply()
        monkeypatch.setattr(dialog.evidence, "ask_files", lambda: [scan])
        dialog.evidence.attach_from_dialog()

    opened = answer_dialog(monkeypatch, RegistrationDialog, fill)
    page.edit_selected()
    registration = opened[0].registration_id
    assert registration
    owner = EvidenceOwner.registration(registration)
    assert [row.file_name for row in list_evidence(db, owner)] == [scan.name]
    assert message_log.shown == []
