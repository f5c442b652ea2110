"""The initiatives page: add an initiative with its authors through the dialog, contributions,
messages in Vietnamese for bad input, and deleting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate

from kt_desktop.domain.enums import (
    ContributorKind,
    Gender,
    PersonKind,
    PrioritySector,
    RecognitionLevel,
    UnitKind,
)
from kt_desktop.gui.dialogs.contribution_dialog import ContributionDialog
from kt_desktop.gui.dialogs.initiative_dialog import InitiativeDialog
from kt_desktop.gui.pages.initiatives_page import InitiativesPage
from kt_desktop.services.database import Database
from kt_desktop.services.initiatives import (
    ContributionInput,
    InitiativeInput,
    list_contributions,
    list_initiatives,
    save_contribution,
    save_initiative,
)
from kt_desktop.services.participants import PersonInput, UnitInput, create_person, create_unit
from tests.gui.conftest import MessageLog, answer_dialog, type_text

TITLE = "Ứng dụng Zalo OA tiếp nhận phản ánh của người dân thôn Đông"


def seed(db: Database) -> tuple[int, int, int]:
    village = create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    hoa = create_person(
        db, PersonInput("Nguyễn Thị Hoa", Gender.FEMALE, PersonKind.OFFICIAL, unit_id=village)
    )
    binh = create_person(db, PersonInput("Trần Văn Bình", Gender.MALE, PersonKind.CITIZEN))
    for name in ("Lê Văn An", "Đặng Thị Ánh"):
        create_person(db, PersonInput(name, Gender.FEMALE, PersonKind.CITIZEN))
    return village, hoa, binh


def open_page(qtbot, db: Database, period: str = "Năm 2025") -> InitiativesPage:
    page = InitiativesPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    page.period_combo.setCurrentIndex(page.period_combo.findText(period))
    return page


def column(tab, number: int) -> list[str]:
    return [tab.model.index(r, number).data() for r in range(tab.model.rowCount())]


def test_add_an_initiative_through_the_dialog(qtbot, db: Database, monkeypatch) -> None:
    village, hoa, binh = seed(db)
    page = open_page(qtbot, db)
    tab = page.initiatives_tab
    assert tab.count_label.text().startswith("Kỳ này chưa có sáng kiến, giải pháp nào.")

    def fill(dialog: InitiativeDialog) -> None:
        type_text(dialog.title_edit, TITLE)
        dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(village))
        dialog.sector_combo.setCurrentIndex(
            dialog.sector_combo.findData(PrioritySector.CULTURE_SPORT_TOURISM)
        )
        # Search without diacritics, pick the first match, then a second author.
        type_text(dialog.author_search, "tran binh")
        assert dialog.candidate_list.count() == 1
        dialog.add_author_button.click()
        dialog.author_search.clear()
        dialog.add_author(hoa)
        dialog.applied_date.set_value(date(2025, 9, 1))
        dialog.level_combo.setCurrentIndex(dialog.level_combo.findData(RecognitionLevel.GRASSROOTS))
        dialog.recognised_date.none_check.setChecked(False)
        dialog.recognised_date.date_edit.setDate(QDate(2025, 11, 15))
        dialog.summary_edit.setPlainText("Người dân gửi phản ánh qua Zalo OA của thôn.")

    opened = answer_dialog(monkeypatch, InitiativeDialog, fill)
    tab.add_button.click()
    # A new initiative takes its evidence files once saved.
    assert opened[0].evidence.owner is None
    assert not opened[0].evidence.attach_button.isEnabled()
    assert column(tab, 0) == [TITLE]
    assert column(tab, 2) == ["Trần Văn Bình, Nguyễn Thị Hoa"]
    assert column(tab, 3) == ["Thôn Đông"]
    assert column(tab, 4) == ["Văn hóa – thể thao – du lịch"]
    assert column(tab, 5) == ["01/09/2025"]
    assert column(tab, 6) == ["Cấp cơ sở (xã), 15/11/2025"]
    assert tab.count_label.text() == "1 sáng kiến, giải pháp, trong đó 1 đã được công nhận."
    assert tab.table.selectionModel().selectedRows()[0].row() == 0
    assert binh


def test_edit_moves_authors_and_keeps_the_rest(qtbot, db: Database, monkeypatch) -> None:
    village, hoa, binh = seed(db)
    page = open_page(qtbot, db)
    period = page.period_id()
    assert period is not None
    save_initiative(
        db,
        period,
        InitiativeInput(TITLE, unit_id=village, author_ids=(hoa, binh)),
        today=date(2025, 12, 1),
    )
    page.reload()
    tab = page.initiatives_tab
    tab.table.selectRow(0)

    def fill(dialog: InitiativeDialog) -> None:
        assert dialog.title_edit.text() == TITLE
        assert dialog.author_ids() == (hoa, binh)
        dialog.author_list.setCurrentRow(1)
        dialog.up_button.click()

    answer_dialog(monkeypatch, InitiativeDialog, fill)
    tab.edit_selected()
    assert column(tab, 2) == ["Trần Văn Bình, Nguyễn Thị Hoa"]
    assert column(tab, 3) == ["Thôn Đông"]


def test_bad_input_shows_a_vietnamese_message_and_saves_nothing(qtbot, db: Database) -> None:
    seed(db)
    page = open_page(qtbot, db)
    period = page.period_id()
    assert period is not None
    dialog = InitiativeDialog(db, period, page.period_name())
    qtbot.addWidget(dialog)
    type_text(dialog.title_edit, TITLE)
    dialog.save()
    assert dialog.error_label.text() == (
        "Hãy chọn ít nhất một tác giả hoặc đơn vị có sáng kiến, giải pháp."
    )
    dialog.add_author(dialog._candidates[0][0].id)
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData(RecognitionLevel.CITY))
    dialog.save()
    assert dialog.error_label.text() == "Đã chọn cấp công nhận thì hãy ghi cả ngày công nhận."
    assert dialog.saved_id is None
    assert list_initiatives(db, period) == []


def test_an_initiative_is_deleted_after_confirmation(
    qtbot, db: Database, message_log: MessageLog
) -> None:
    village, _, _ = seed(db)
    page = open_page(qtbot, db)
    period = page.period_id()
    assert period is not None
    save_initiative(db, period, InitiativeInput(TITLE, unit_id=village), today=date(2025, 12, 1))
    page.reload()
    tab = page.initiatives_tab
    tab.table.selectRow(0)
    message_log.confirm_answer = False
    tab.delete_button.click()
    assert tab.model.rowCount() == 1
    message_log.confirm_answer = True
    tab.delete_button.click()
    assert tab.model.rowCount() == 0
    assert f"Xóa hẳn “{TITLE}”" in message_log.texts()


def test_add_a_contribution_with_a_vietnamese_amount(qtbot, db: Database, monkeypatch) -> None:
    page = open_page(qtbot, db)
    page.tabs.setCurrentIndex(1)
    tab = page.contributions_tab

    def fill(dialog: ContributionDialog) -> None:
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(ContributorKind.ORGANISATION))
        type_text(dialog.name_edit, "Công ty TNHH Viễn thông Kim Thành")
        dialog.description_edit.setPlainText("Tặng 20 máy tính bảng cho lớp học thôn Tây")
        dialog.given_date.set_value(date(2025, 10, 8))
        type_text(dialog.value_edit, "60.000.000")

    answer_dialog(monkeypatch, ContributionDialog, fill)
    tab.add_button.click()
    assert column(tab, 0) == ["Công ty TNHH Viễn thông Kim Thành"]
    assert column(tab, 1) == ["Tổ chức"]
    assert column(tab, 3) == ["08/10/2025"]
    assert column(tab, 5) == ["60.000.000"]
    assert tab.count_label.text() == "1 đóng góp, tổng giá trị quy đổi 60.000.000 đồng."
    period = page.period_id()
    assert period is not None
    assert list_contributions(db, period)[0].value_vnd == Decimal(60_000_000)


def test_a_bad_amount_is_explained_in_the_dialog(qtbot, db: Database) -> None:
    page = open_page(qtbot, db)
    period = page.period_id()
    assert period is not None
    saved = save_contribution(
        db,
        period,
        ContributionInput(ContributorKind.PERSON, "Ông Đỗ Văn An", "Hướng dẫn cài VNeID"),
        today=date(2025, 12, 1),
    )
    dialog = ContributionDialog(db, period, page.period_name(), saved)
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == "Ông Đỗ Văn An"
    dialog.value_edit.setText("năm triệu")
    dialog.save()
    assert dialog.error_label.text() == "Giá trị quy đổi: 'năm triệu' không phải là số."
    dialog.value_edit.setText("-5.000")
    dialog.save()
    assert dialog.error_label.text() == "Giá trị đóng góp không được âm."
    assert list_contributions(db, period)[0].value_vnd is None


def test_search_without_diacritics_and_export(
    qtbot, db: Database, message_log: MessageLog, tmp_path
) -> None:
    village, hoa, _ = seed(db)
    page = open_page(qtbot, db)
    period = page.period_id()
    assert period is not None
    for title in (TITLE, "Số hóa hồ sơ hộ tịch", "Bản đồ số di tích đình Kim Lương"):
        save_initiative(
            db, period, InitiativeInput(title, author_ids=(hoa,)), today=date(2025, 12, 1)
        )
    page.reload()
    tab = page.initiatives_tab
    assert column(tab, 0) == [
        "Bản đồ số di tích đình Kim Lương",
        "Số hóa hồ sơ hộ tịch",
        TITLE,
    ]
    type_text(tab.search_edit, "kim luong")
    assert column(tab, 0) == ["Bản đồ số di tích đình Kim Lương"]
    assert tab.count_label.text() == "Đang hiện 1 trong tổng số 3 sáng kiến, giải pháp."
    message_log.save_path = tmp_path / "sáng kiến.xlsx"
    tab.export_button.click()

    from openpyxl import load_workbook

    sheet = load_workbook(message_log.save_path).active
    assert sheet["A1"].value == "DANH SÁCH SÁNG KIẾN, GIẢI PHÁP – NĂM 2025"
    assert [c.value for c in sheet[5]][:3] == [1, "Bản đồ số di tích đình Kim Lương", "Sáng kiến"]
    assert village
