"""Cài đặt › Khen thưởng, the Sổ khen thưởng page and the award history dialog, driven as a clerk
would: dialogs answered by the test, message boxes recorded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate

from kt_desktop.domain.enums import CouncilRole
from kt_desktop.gui.dialogs.award_history_dialog import AwardHistoryDialog, RestrictionDialog
from kt_desktop.gui.dialogs.council_member_dialog import CouncilMemberDialog
from kt_desktop.gui.pages.award_register_page import AwardRegisterPage
from kt_desktop.gui.pages.award_settings_page import AwardSettingsTab, BaseSalaryDialog
from kt_desktop.gui.pages.people_page import PeoplePage
from kt_desktop.gui.pages.settings_tabs import SettingsTabs
from kt_desktop.services.award_money import list_base_salaries
from kt_desktop.services.award_register import (
    list_council_members,
    list_restrictions,
)
from kt_desktop.services.award_settings import get_award_settings
from kt_desktop.services.database import Database
from tests.core.test_award_register import COMMUNE_FORM, DECISION_TEXT, build_awarded
from tests.gui.conftest import MessageLog, answer_dialog


def cells(table, row: int) -> list[str]:
    return [table.item(row, column).text() for column in range(table.columnCount())]


def test_settings_tab_adds_a_base_salary_and_refuses_zero(
    qtbot, db: Database, monkeypatch: pytest.MonkeyPatch, message_log: MessageLog
) -> None:
    tabs = SettingsTabs(db)
    qtbot.addWidget(tabs)
    tab = tabs.awards
    assert tabs.tabText(tabs.indexOf(tab)) == "Khen thưởng"
    tabs.setCurrentWidget(tab)
    assert cells(tab.salary_table, 0)[0] == "2.340.000 đồng"
    assert tab.rates_table.item(1, 2).text() == "0,15"

    amounts = iter(["0", "2.530.000"])

    def fill(dialog: BaseSalaryDialog) -> None:
        dialog.amount_edit.setText(next(amounts))
        dialog.valid_from.setDate(QDate(2027, 1, 1))
        dialog.basis_edit.setText("Nghị định số 99/2026/NĐ-CP")

    opened = answer_dialog(monkeypatch, BaseSalaryDialog, fill)
    tab.add_salary_button.click()
    assert opened[0].error_label.text() == "Mức lương cơ sở phải lớn hơn 0 đồng."
    assert len(list_base_salaries(db)) == 1
    assert tab.salary_table.item(1, 0) is None or tab.salary_table.item(1, 0).text() == ""

    tab.add_salary_button.click()
    assert opened[1].error_label.isHidden()
    salaries = list_base_salaries(db)
    assert [(s.amount, s.valid_from) for s in salaries][-1] == (2_530_000, date(2027, 1, 1))
    assert cells(tab.salary_table, 1)[:2] == ["2.530.000 đồng", "01/01/2027"]
    # Not in force yet, so it can go again.
    tab.salary_table.selectRow(1)
    tab.delete_salary_button.click()
    assert len(list_base_salaries(db)) == 1
    assert message_log.shown == []


def test_settings_tab_council_and_meeting(
    qtbot, db: Database, monkeypatch: pytest.MonkeyPatch, message_log: MessageLog
) -> None:
    tab = AwardSettingsTab(db)
    qtbot.addWidget(tab)
    tab.ensure_loaded()
    names = iter(["nguyễn văn nghiệp", "Trần Văn Cường"])

    def fill(dialog: CouncilMemberDialog) -> None:
        dialog.name_edit.setText(next(names))
        dialog.position_edit.setText("Chủ tịch UBND xã")
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(CouncilRole.CHAIR))

    opened = answer_dialog(monkeypatch, CouncilMemberDialog, fill)
    tab.add_member_button.click()
    assert cells(tab.council_table, 0)[:3] == [
        "Nguyễn Văn Nghiệp",
        "Chủ tịch UBND xã",
        "Chủ tịch Hội đồng",
    ]
    tab.add_member_button.click()
    assert "Hội đồng đã có Chủ tịch Hội đồng: Nguyễn Văn Nghiệp." in opened[1].error_label.text()
    assert len(list_council_members(db)) == 1
    assert "Hội đồng hiện có 1 thành viên" in tab.meeting_summary.text()

    tab.council_table.selectRow(0)
    assert tab.toggle_member_button.text() == "Ngừng"
    tab.toggle_member_button.click()
    assert not list_council_members(db)[0].active
    assert cells(tab.council_table, 0)[5] == "Đã ngừng"

    tab.pass_base_combo.setCurrentIndex(1)
    tab.rule_checks["open_actions"].setChecked(False)
    tab.route_years.setValue(3)
    tab.save_meeting_button.click()
    saved = get_award_settings(db)
    assert saved.pass_of_present and saved.route_years == 3
    assert not saved.rule_enabled("open_actions") and saved.rule_enabled("restriction")
    assert message_log.shown[-1][0] == "Đã lưu"


def test_register_page_lists_and_exports(
    qtbot, db: Database, tmp_path: Path, message_log: MessageLog
) -> None:
    page = AwardRegisterPage(db)
    qtbot.addWidget(page)
    page.refresh()
    assert page.empty_label.text() == (
        f"Năm {date.today().year} chưa có quyết định khen thưởng nào được ban hành."
    )
    assert not page.export_button.isEnabled()

    build_awarded(db)
    page.ensure_loaded()
    assert page.year_combo.currentText() == "2026"
    assert page.model.rowCount() == 2
    assert [page.model.index(1, c).data() for c in range(7)] == [
        "02/2026",
        "Ông Nguyễn Văn An",
        "Cá nhân",
        "Trưởng thôn, Thôn Đông",
        COMMUNE_FORM,
        "Số 01/QĐ-UBND ngày 20/01/2026",
        "350.000 đồng",
    ]
    assert page.totals_label.text() == "Năm 2026: 2 Giấy khen, tổng tiền thưởng 1.050.000 đồng."
    assert page.empty_label.isHidden()

    message_log.save_path = tmp_path / "So-khen-thuong-2026.xlsx"
    written = page.export()
    assert written == message_log.save_path
    assert message_log.shown[-1][0] == "Đã xuất Excel"
    sheet = openpyxl.load_workbook(written).active
    assert sheet["C7"].value == "Ông Nguyễn Văn An"
    assert sheet["I8"].value == 1_050_000


def test_history_dialog_shows_the_award_and_keeps_restrictions(
    qtbot, db: Database, monkeypatch: pytest.MonkeyPatch, message_log: MessageLog
) -> None:
    data = build_awarded(db)
    dialog = AwardHistoryDialog(db, None, person_id=data.person_id)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Khen thưởng, kỷ luật – Nguyễn Văn An"
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "Khen thưởng",
        "Danh hiệu, xếp loại đã có",
        "Kỷ luật, điều tra, khiếu nại",
    ]
    assert cells(dialog.history_table, 0) == [
        "2025",
        "Khen thưởng",
        COMMUNE_FORM,
        "Hằng năm",
        DECISION_TEXT,
        "350.000 đồng",
        "02/2026",
        "Trong phần mềm",
    ]
    assert dialog.history_empty.isHidden()

    starts = iter([QDate(2026, 5, 1), QDate(2026, 3, 1)])

    def fill(restriction: RestrictionDialog) -> None:
        restriction.start_edit.setDate(next(starts))
        restriction.end_edit.set_value(date(2026, 4, 1))
        restriction.note_edit.setPlainText("Khiển trách")

    opened = answer_dialog(monkeypatch, RestrictionDialog, fill)
    dialog.add_restriction_button.click()
    assert opened[0].error_label.text() == (
        "Ngày kết thúc 01/04/2026 sớm hơn ngày bắt đầu 01/05/2026."
    )
    assert list_restrictions(db, data.person_id) == []
    dialog.add_restriction_button.click()
    assert dialog.restriction_table is not None
    assert cells(dialog.restriction_table, 0)[1:] == [
        "Từ 01/03/2026 đến 01/04/2026",
        "Đã kết thúc",
        "Khiển trách",
    ]

    unit_dialog = AwardHistoryDialog(db, None, unit_id=data.unit_id)
    qtbot.addWidget(unit_dialog)
    assert unit_dialog.tabs.count() == 2
    assert cells(unit_dialog.history_table, 0)[5:7] == ["700.000 đồng", "01/2026"]
    assert message_log.shown == []


def test_people_page_opens_the_history_of_the_selected_person(
    qtbot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = build_awarded(db)
    shown: list[AwardHistoryDialog] = []
    monkeypatch.setattr(AwardHistoryDialog, "exec", lambda self: shown.append(self) or 0)
    page = PeoplePage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    assert page.history_button.text() == "Khen thưởng, kỷ luật…"
    assert not page.history_button.isEnabled()
    page.select_record(data.person_id)
    assert page.history_button.isEnabled()
    page.history_button.click()
    assert [d.person_id for d in shown] == [data.person_id]
    assert shown[0].history_table.rowCount() == 1
