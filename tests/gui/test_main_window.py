"""The main window with demo data: its title, home figures, criteria page and settings."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from kt_desktop.domain import Result
from kt_desktop.gui.main_window import DEMO_TITLE_MARK, MainWindow
from kt_desktop.services.database import Database
from kt_desktop.services.demo import fill_demo_commune
from kt_desktop.services.movement import list_periods
from kt_desktop.services.settings import get_commune_identity
from tests.gui.conftest import MessageLog


def test_demo_window_says_it_is_demo_data(qtbot, db: Database) -> None:
    db.demo = True
    fill_demo_commune(db)
    window = MainWindow(db, today=date(2026, 11, 24))
    qtbot.addWidget(window)
    assert DEMO_TITLE_MARK in window.windowTitle()
    home = window.home_page
    assert "Năm 2026" in home.period_label.text()
    assert "38 ngày" in home.period_label.text()
    assert "Giai đoạn 1" in home.period_label.text()
    assert home.summary is not None and home.summary.active_units == 73
    from kt_desktop.domain.enums import UnitKind

    villages = home.tile_for(UnitKind.VILLAGE)
    assert (villages.number.text(), villages.caption.text()) == ("12", "Thôn, thị tứ")
    assert home.tile_for(UnitKind.BUSINESS).number.text() == "40"
    from kt_desktop.services.participants import list_person_rows

    people = list_person_rows(db)
    inactive = sum(1 for p in people if not p.active)
    assert 0 < inactive < 150
    assert home.active_people_tile.number.text() == str(150 - inactive)
    assert home.inactive_note.text() == f"Ngoài ra có {inactive} cá nhân đã ngừng hoạt động."


def test_real_window_has_no_demo_mark(qtbot, db: Database) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert DEMO_TITLE_MARK not in window.windowTitle()
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Trang chủ",
        "Tiêu chí thi đua",
        "Đơn vị",
        "Cá nhân",
        "Đăng ký thi đua",
        "Trao đổi Excel",
        "Kết quả thi đua",
        "Tình hình nộp kết quả",
        "Chấm điểm, xếp hạng",
        "Sáng kiến, đóng góp",
        "Bình dân học vụ số",
        "Kiểm tra của Hội đồng",
        "Chênh lệch số liệu",
        "Việc khắc phục",
        "Khen thưởng",
        "Sổ khen thưởng",
        "Văn bản đi",
        "Cài đặt",
    ]


def test_criteria_page_shows_the_plan_and_freezes(qtbot, db: Database) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.go_to(window.criteria_page)
    page = window.criteria_page
    page.period_combo.setCurrentIndex(page.period_combo.findText("Năm 2025"))
    assert page.model.rowCount() == 19
    targets = [page.model.index(r, 4).data() for r in range(page.model.rowCount())]
    assert [t for t in targets if t] == ["≥ 80%", "≥ 90%", *["≥ 100%"] * 8, "≥ 70%"]
    assert page.add_button.isEnabled()

    year_2025 = next(p for p in list_periods(db) if p.name == "Năm 2025")
    with db.session() as session:
        criterion_id = page.current.criteria[0].id if page.current else 0
        session.add(Result(period_id=year_2025.id, criterion_id=criterion_id))
    page.reload()
    assert "đã khóa" in page.status_label.text()
    assert not page.add_button.isEnabled()
    assert not page.copy_button.isEnabled()
    page.table.selectRow(0)
    assert not page.delete_button.isEnabled()
    assert page.edit_button.text() == "Xem"


def test_settings_page_saves_the_identity(qtbot, db: Database, message_log: MessageLog) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.go_to(window.settings_page)
    page = window.settings_page
    assert page.ui.communeEdit.text() == "Kim Thành"
    assert page.ui.signersTable.item(0, 1).text() == "Nguyễn Văn Nghiệp"
    page.ui.placeEdit.setText("")
    qtbot.mouseClick(page.ui.saveButton, Qt.MouseButton.LeftButton)
    assert page.ui.errorLabel.text() == "Địa danh ghi ngày tháng không được để trống."
    page.ui.placeEdit.setText("Kim Thành")
    page.ui.signersTable.item(1, 1).setText("Phạm Văn Hùng")
    qtbot.mouseClick(page.ui.saveButton, Qt.MouseButton.LeftButton)
    assert get_commune_identity(db).signers[1].full_name == "Phạm Văn Hùng"
    assert "Đã lưu" in message_log.texts()


def test_qt_own_words_are_vietnamese_and_ours_untouched(qtbot, db: Database) -> None:
    from PySide6.QtCore import QCoreApplication

    from kt_desktop.gui.runner import make_application

    make_application()
    assert QCoreApplication.translate("QLineEdit", "&Undo") == "&Hoàn tác"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.go_to(window.settings_page)
    assert window.settings_page.ui.communeLabel.text() == "Tên xã:"
    assert window.settings_page.ui.saveButton.text() == "Lưu cài đặt"


def test_edit_a_target_through_its_dialog_and_see_it_frozen_later(qtbot, db: Database) -> None:
    from decimal import Decimal

    from kt_desktop.gui.dialogs.criterion_dialog import CriterionDialog
    from kt_desktop.services.criteria import period_criteria

    year = next(p for p in list_periods(db) if p.name == "Năm 2026")
    target = period_criteria(db, year.id).criteria[6]
    dialog = CriterionDialog(db, year.id, target.as_input(), target.id)
    qtbot.addWidget(dialog)
    assert dialog.ui.thresholdEdit.text() == "80"
    dialog.ui.thresholdEdit.setText("85,5")
    dialog.save()
    assert dialog.result() == 1
    assert period_criteria(db, year.id).criteria[6].threshold == Decimal("85.5")

    bad = CriterionDialog(db, year.id, target.as_input(), target.id)
    qtbot.addWidget(bad)
    bad.ui.thresholdEdit.setText("120")
    bad.save()
    assert bad.ui.errorLabel.text() == "Chỉ tiêu tỷ lệ phải nằm trong khoảng 0 đến 100 %."

    with db.session() as session:
        session.add(Result(period_id=year.id, criterion_id=target.id))
    frozen = CriterionDialog(
        db, year.id, target.as_input(), target.id, frozen_reason="Kỳ này đã có kết quả."
    )
    qtbot.addWidget(frozen)
    assert frozen.ui.frozenLabel.text() == "Kỳ này đã có kết quả."
    assert frozen.ui.thresholdEdit.isReadOnly()
    assert [b.text() for b in frozen.ui.buttonBox.buttons()] == ["Đóng"]


def test_the_wording_editor_previews_saves_and_refuses_a_bad_blank(
    qtbot, db: Database, message_log: MessageLog
) -> None:
    from kt_desktop.domain.enums import DocumentKind
    from kt_desktop.services.wording import get_wording

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.go_to(window.wording_page)
    page = window.wording_page
    assert window.settings_tabs.currentWidget() is page
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(DocumentKind.NOTICE))
    assert page.preview_document.pageCount() >= 1
    assert "Lưu: VT, {viet_tat_thuong_truc}" in page.recipients_edit.toPlainText()

    page.recipients_edit.setPlainText("Các thôn, thị tứ\nLưu: VT, {viet_tat}")
    page.refresh_preview()
    assert "Chỗ điền {viet_tat} không có" in page.error_label.text()
    page.save()
    assert get_wording(db, DocumentKind.NOTICE).recipients[0] == "Các cơ quan, đơn vị liên quan"

    page.recipients_edit.setPlainText("Các thôn, thị tứ\nLưu: VT, {viet_tat_thuong_truc}")
    page.save()
    assert get_wording(db, DocumentKind.NOTICE).recipients == (
        "Các thôn, thị tứ",
        "Lưu: VT, {viet_tat_thuong_truc}",
    )
    assert "Đã lưu mẫu thông báo" in message_log.texts()
    assert page.error_label.isHidden()


def test_switching_kind_asks_before_dropping_unsaved_wording(
    qtbot, db: Database, message_log: MessageLog
) -> None:
    from kt_desktop.domain.enums import DocumentKind

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.go_to(window.wording_page)
    page = window.wording_page
    page.closing_edit.setPlainText("Đoạn kết mới chưa lưu./.")
    message_log.confirm_answer = False
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(DocumentKind.REPORT))
    assert "có sửa đổi chưa lưu" in message_log.texts()
    assert page.kind() == DocumentKind.DECISION
    assert page.closing_edit.toPlainText() == "Đoạn kết mới chưa lưu./."
    message_log.confirm_answer = True
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(DocumentKind.REPORT))
    assert page.kind() == DocumentKind.REPORT
    assert not page.has_unsaved_changes()


def test_every_page_opens_on_an_empty_record(qtbot, db: Database, message_log) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        assert window.stack.currentWidget() is window.page(row)
    assert message_log.shown == []
