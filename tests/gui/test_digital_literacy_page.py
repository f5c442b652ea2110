"""The Bình dân học vụ số page: villages in Vietnamese order, editing a village's figures in
the dialog, the rate and the bold totals row, the period lock, export."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kt_desktop.domain.enums import UnitKind
from kt_desktop.gui.dialogs.digital_literacy_dialog import DigitalLiteracyDialog
from kt_desktop.gui.pages.digital_literacy_page import DigitalLiteracyPage
from kt_desktop.services.database import Database
from kt_desktop.services.digital_literacy import (
    DigitalLiteracyInput,
    get_figures,
    list_village_rows,
    save_figures,
)
from kt_desktop.services.participants import UnitInput, create_unit
from kt_desktop.services.results import lock_period
from tests.gui.conftest import MessageLog, answer_dialog, type_text


def seed(db: Database) -> dict[str, int]:
    ids = {
        name: create_unit(db, UnitInput(code, name, UnitKind.VILLAGE))
        for code, name in (
            ("THON02", "Thôn Tây"),
            ("THON01", "Thôn Đông"),
            ("THON11", "Thôn Ấp Đông"),
            ("TT", "Thị tứ Kim Thành"),
        )
    }
    create_unit(db, UnitInput("PVHXH", "Phòng Văn hóa – Xã hội", UnitKind.DEPARTMENT))
    return ids


def open_page(qtbot, db: Database) -> DigitalLiteracyPage:
    page = DigitalLiteracyPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    page.period_combo.setCurrentIndex(page.period_combo.findText("Năm 2026"))
    return page


def cells(page: DigitalLiteracyPage, row: int) -> list[str]:
    return [page.model.index(row, c).data() for c in range(page.model.columnCount())]


def test_villages_in_vietnamese_order_then_totals(qtbot, db: Database, qtmodeltester) -> None:
    seed(db)
    page = open_page(qtbot, db)
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert names == ["Thị tứ Kim Thành", "Thôn Ấp Đông", "Thôn Đông", "Thôn Tây", "Tổng cộng"]
    assert page.model.headerData(9, Qt.Orientation.Horizontal) == "Tỷ lệ đạt chuẩn"
    assert page.model.index(4, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert page.count_label.text() == "Đã nhập số liệu 0/4 thôn, thị tứ."
    qtmodeltester.check(page.model)


def test_edit_a_village_and_see_the_rate(qtbot, db: Database, monkeypatch) -> None:
    ids = seed(db)
    page = open_page(qtbot, db)
    page.table.selectRow(2)  # Thôn Đông

    def fill(dialog: DigitalLiteracyDialog) -> None:
        type_text(dialog.edits["classes_held"], "6")
        type_text(dialog.edits["trained_officials"], "12")
        type_text(dialog.edits["trained_pupils"], "85")
        type_text(dialog.edits["trained_other_adults"], "1.140")
        type_text(dialog.edits["team_members"], "9")
        type_text(dialog.edits["team_visits"], "320")
        type_text(dialog.edits["adults_meeting_standard"], "1.230")
        type_text(dialog.edits["adult_population"], "2.000")
        assert dialog.rate_label.text() == "61,5%"

    answer_dialog(monkeypatch, DigitalLiteracyDialog, fill)
    page.edit_button.click()
    assert cells(page, 2) == [
        "Thôn Đông",
        "6",
        "12",
        "85",
        "1.140",
        "9",
        "320",
        "1.230",
        "2.000",
        "61,5%",
    ]
    assert cells(page, 4)[0] == "Tổng cộng"
    assert cells(page, 4)[-1] == "61,5%"
    assert page.count_label.text() == (
        "Đã nhập số liệu 1/4 thôn, thị tứ. Tỷ lệ người trưởng thành đạt chuẩn toàn xã: "
        "61,5% (1.230/2.000 người)."
    )
    figures = get_figures(db, page.period_id() or 0, ids["Thôn Đông"])
    assert figures is not None and figures.trained_other_adults == 1140


def test_bad_input_shows_a_vietnamese_message_and_changes_nothing(qtbot, db: Database) -> None:
    ids = seed(db)
    page = open_page(qtbot, db)
    period = page.period_id()
    assert period is not None
    row = next(r for r in list_village_rows(db, period).rows if r.unit_name == "Thôn Tây")
    dialog = DigitalLiteracyDialog(db, period, "Năm 2026", row)
    qtbot.addWidget(dialog)
    dialog.edits["adults_meeting_standard"].setText("300")
    dialog.edits["adult_population"].setText("250")
    dialog.save()
    assert dialog.error_label.text() == (
        "Số người đạt chuẩn (300) lớn hơn dân số trưởng thành (250)."
    )
    dialog.edits["adult_population"].setText("")
    dialog.save()
    assert dialog.error_label.text() == (
        "Đã ghi số người trưởng thành đạt chuẩn thì hãy ghi cả dân số trưởng thành."
    )
    dialog.edits["classes_held"].setText("2,5")
    dialog.save()
    assert dialog.error_label.text() == "Số lớp phải là số nguyên, không có phần lẻ."
    dialog.edits["classes_held"].setText("ba")
    dialog.save()
    assert dialog.error_label.text() == "Số lớp: 'ba' không phải là số."
    assert dialog.saved_id is None
    assert get_figures(db, period, ids["Thôn Tây"]) is None


def test_a_locked_period_is_read_only(qtbot, db: Database, message_log: MessageLog) -> None:
    ids = seed(db)
    page = open_page(qtbot, db)
    period = page.period_id()
    assert period is not None
    save_figures(db, period, ids["Thôn Tây"], DigitalLiteracyInput(classes_held=3))
    lock_period(db, period, "Đã dùng để xét khen thưởng")
    page.reload()
    assert not page.lock_label.isHidden()
    assert "Đã dùng để xét khen thưởng" in page.lock_label.text()
    page.table.selectRow(3)
    assert not page.edit_button.isEnabled()
    assert not page.clear_button.isEnabled()
    page.edit_selected()
    assert "không sửa được" in message_log.texts()


def test_export_writes_villages_and_totals(
    qtbot, db: Database, message_log: MessageLog, tmp_path
) -> None:
    ids = seed(db)
    page = open_page(qtbot, db)
    period = page.period_id()
    assert period is not None
    save_figures(
        db,
        period,
        ids["Thôn Tây"],
        DigitalLiteracyInput(classes_held=3, adults_meeting_standard=90, adult_population=120),
    )
    page.reload()
    message_log.save_path = tmp_path / "bdhvs.xlsx"
    written = page.export()
    assert written is not None

    from openpyxl import load_workbook

    sheet = load_workbook(written).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert rows[3][:3] == [4, "Thôn Tây", 3]
    assert rows[3][-1] == "75%"
    assert rows[-1][:3] == [None, "Tổng cộng", 3]
