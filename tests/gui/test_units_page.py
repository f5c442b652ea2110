"""The units page as a clerk uses it: add through the dialog, see it sorted, search, export."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from kt_desktop.domain.enums import UnitKind
from kt_desktop.gui.dialogs.unit_dialog import UnitDialog
from kt_desktop.gui.pages.units_page import UnitsPage, unit_model
from kt_desktop.services.database import Database
from kt_desktop.services.participants import UnitInput, create_unit, list_unit_rows
from tests.gui.conftest import MessageLog, answer_dialog, type_text


def names(page: UnitsPage) -> list[str]:
    return [page.model.index(r, 1).data() for r in range(page.model.rowCount())]


def seed_units(db: Database) -> None:
    for code, name, kind in [
        ("THON02", "Thôn Tây", UnitKind.VILLAGE),
        ("DN001", "Công ty TNHH Cơ khí Kim Thành", UnitKind.BUSINESS),
        ("THON01", "Thôn Đông", UnitKind.VILLAGE),
        ("PVHXH", "Phòng Văn hóa – Xã hội", UnitKind.DEPARTMENT),
        ("TH", "Trường Tiểu học Ánh Dương", UnitKind.SCHOOL),
    ]:
        create_unit(db, UnitInput(code, name, kind))


def test_add_a_unit_through_its_dialog_and_see_it_sorted(
    qtbot, db: Database, monkeypatch, message_log: MessageLog
) -> None:
    seed_units(db)
    page = UnitsPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    assert names(page) == [
        "Công ty TNHH Cơ khí Kim Thành",
        "Phòng Văn hóa – Xã hội",
        "Thôn Đông",
        "Thôn Tây",
        "Trường Tiểu học Ánh Dương",
    ]

    def fill(dialog: UnitDialog) -> None:
        type_text(dialog.ui.codeEdit, "thon03")
        type_text(dialog.ui.nameEdit, "Thôn Bắc")
        dialog.ui.kindCombo.setCurrentIndex(dialog.ui.kindCombo.findData(UnitKind.VILLAGE))
        type_text(dialog.ui.headNameEdit, "hoàng văn bình")
        type_text(dialog.ui.headTitleEdit, "Trưởng thôn")

    opened = answer_dialog(monkeypatch, UnitDialog, fill)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and opened[0].windowTitle() == "Thêm đơn vị"
    # "Thôn Bắc" sorts before "Thôn Đông" in Vietnamese order (b < đ), though Python's would not.
    assert names(page) == [
        "Công ty TNHH Cơ khí Kim Thành",
        "Phòng Văn hóa – Xã hội",
        "Thôn Bắc",
        "Thôn Đông",
        "Thôn Tây",
        "Trường Tiểu học Ánh Dương",
    ]
    selected = page.selected_row()
    assert selected is not None and selected.code == "THON03"
    assert selected.head_name == "Hoàng Văn Bình"
    assert page.count_label.text() == "Đang hiện 6 trong tổng số 6 đơn vị."
    assert message_log.shown == []


def test_the_dialog_shows_why_it_cannot_save(qtbot, db: Database) -> None:
    create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    dialog = UnitDialog(db)
    qtbot.addWidget(dialog)
    type_text(dialog.ui.codeEdit, "thon01")
    type_text(dialog.ui.nameEdit, "   ")
    dialog.save()
    assert dialog.result() == 0
    assert dialog.ui.errorLabel.text() == "Tên đơn vị không được để trống."
    dialog.ui.nameEdit.setText("Thôn Đông 2")
    dialog.save()
    assert "Mã đơn vị “THON01” đã được dùng" in dialog.ui.errorLabel.text()
    assert len(list_unit_rows(db)) == 1


def test_search_ignores_diacritics_and_kind_filter(qtbot, db: Database) -> None:
    seed_units(db)
    page = UnitsPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    type_text(page.search_edit, "kim thanh")
    assert names(page) == ["Công ty TNHH Cơ khí Kim Thành"]
    page.search_edit.clear()
    type_text(page.search_edit, "VĂN HOÀ")  # tone on the other vowel, upper case
    assert names(page) == ["Phòng Văn hóa – Xã hội"]
    page.search_edit.clear()
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(UnitKind.VILLAGE))
    assert names(page) == ["Thôn Đông", "Thôn Tây"]
    assert page.count_label.text() == "Đang hiện 2 trong tổng số 5 đơn vị."


def test_deactivate_hides_and_export_writes_what_is_visible(
    qtbot, db: Database, tmp_path: Path, message_log: MessageLog
) -> None:
    seed_units(db)
    page = UnitsPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    page.select_record(next(r.id for r in list_unit_rows(db) if r.code == "THON02"))
    assert page.toggle_button.text() == "Ngừng hoạt động"
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    assert "Thôn Tây" not in names(page)
    assert "ngừng hoạt động" in message_log.texts()
    page.inactive_check.setChecked(True)
    assert "Thôn Tây" in names(page)

    page.kind_combo.setCurrentIndex(page.kind_combo.findData(UnitKind.VILLAGE))
    message_log.save_path = tmp_path / "thôn.xlsx"
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    sheet = load_workbook(tmp_path / "thôn.xlsx").active
    rows = [row for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert [(r[0], r[1], r[2], r[7], r[8]) for r in rows] == [
        (1, "THON01", "Thôn Đông", 0, "Hoạt động"),
        (2, "THON02", "Thôn Tây", 0, "Ngừng hoạt động"),
    ]
    assert "Đã xuất 2 dòng" in message_log.texts()


def test_a_referenced_unit_cannot_be_deleted_from_the_page(
    qtbot, db: Database, message_log: MessageLog
) -> None:
    from kt_desktop.domain.enums import Gender, PersonKind
    from kt_desktop.services.participants import PersonInput, create_person

    unit_id = create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    create_person(db, PersonInput("Lê Thị Ánh", Gender.FEMALE, PersonKind.CITIZEN, unit_id=unit_id))
    page = UnitsPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    page.select_record(unit_id)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "Không xóa được đơn vị “Thôn Đông”" in message_log.texts()
    assert names(page) == ["Thôn Đông"]


def test_unit_model_passes_the_model_tester(qtmodeltester, db: Database) -> None:
    seed_units(db)
    model = unit_model()
    model.set_rows(list_unit_rows(db))
    qtmodeltester.check(model)
    model.set_filter("thon")
    qtmodeltester.check(model)


def test_edit_a_unit_through_its_dialog(qtbot, db: Database, monkeypatch) -> None:
    seed_units(db)
    page = UnitsPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    target = next(r for r in list_unit_rows(db) if r.code == "THON02")
    page.select_record(target.id)

    def fill(dialog: UnitDialog) -> None:
        assert dialog.windowTitle() == "Sửa thông tin đơn vị"
        assert dialog.ui.nameEdit.text() == "Thôn Tây"
        dialog.ui.nameEdit.setText("Thôn Ấp Tây")
        dialog.ui.phoneEdit.setText("0912 000 111")

    answer_dialog(monkeypatch, UnitDialog, fill)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    # Vietnamese order: "Thôn Ấp" before "Thôn Đông" (a-family letters before đ).
    assert names(page) == [
        "Công ty TNHH Cơ khí Kim Thành",
        "Phòng Văn hóa – Xã hội",
        "Thôn Ấp Tây",
        "Thôn Đông",
        "Trường Tiểu học Ánh Dương",
    ]
    edited = next(r for r in list_unit_rows(db) if r.id == target.id)
    assert (edited.name, edited.phone, edited.code) == ("Thôn Ấp Tây", "0912 000 111", "THON02")
