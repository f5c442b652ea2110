"""The people page: Vietnamese name order, accent-free search, validation in the dialog."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt

from kt_desktop.domain.enums import Gender, PersonKind, UnitKind
from kt_desktop.gui.dialogs.person_dialog import PersonDialog
from kt_desktop.gui.pages.people_page import PeoplePage, person_model
from kt_desktop.services.database import Database
from kt_desktop.services.participants import (
    PersonInput,
    UnitInput,
    create_person,
    create_unit,
    list_person_rows,
)
from tests.gui.conftest import MessageLog, answer_dialog, type_text


def shown(page: PeoplePage) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def seed_people(db: Database) -> int:
    unit = create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    for name, gender in [
        ("Lê Thị Ánh", Gender.FEMALE),
        ("Trần Văn Anh", Gender.MALE),
        ("Nguyễn Thị Hòa", Gender.FEMALE),
        ("Đặng Văn Bình", Gender.MALE),
        ("Lê Văn An", Gender.MALE),
        ("Nguyễn Văn An", Gender.MALE),
    ]:
        create_person(db, PersonInput(name, gender, PersonKind.CITIZEN, unit_id=unit))
    return unit


def test_people_sort_by_given_then_middle_then_family_name(qtbot, db: Database) -> None:
    seed_people(db)
    page = PeoplePage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    assert shown(page) == [
        "Lê Văn An",
        "Nguyễn Văn An",
        "Trần Văn Anh",
        "Lê Thị Ánh",
        "Đặng Văn Bình",
        "Nguyễn Thị Hòa",
    ]


def test_search_finds_tone_placement_variants(qtbot, db: Database) -> None:
    seed_people(db)
    page = PeoplePage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    type_text(page.search_edit, "hoà")
    assert shown(page) == ["Nguyễn Thị Hòa"]
    page.search_edit.clear()
    type_text(page.search_edit, "thon dong an")
    assert shown(page) == ["Lê Văn An", "Nguyễn Văn An", "Trần Văn Anh", "Lê Thị Ánh"]


def test_add_a_person_with_a_unit(
    qtbot, db: Database, monkeypatch, message_log: MessageLog
) -> None:
    seed_people(db)
    page = PeoplePage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()

    def fill(dialog: PersonDialog) -> None:
        # Pasted from a PDF: decomposed Unicode.
        dialog.ui.fullNameEdit.setText(unicodedata.normalize("NFD", "phạm thị ân"))
        dialog.ui.genderCombo.setCurrentIndex(dialog.ui.genderCombo.findData(Gender.FEMALE))
        type_text(dialog.ui.birthYearEdit, "1990")
        dialog.ui.unitCombo.setCurrentIndex(1)

    answer_dialog(monkeypatch, PersonDialog, fill)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert "Phạm Thị Ân" in shown(page)
    added = next(p for p in list_person_rows(db) if p.full_name == "Phạm Thị Ân")
    assert (added.birth_year, added.unit_name, added.gender) == (1990, "Thôn Đông", Gender.FEMALE)
    assert unicodedata.is_normalized("NFC", added.full_name)
    selected = page.selected_row()
    assert selected is not None and selected.id == added.id


def test_impossible_birth_year_is_explained_in_the_dialog(qtbot, db: Database) -> None:
    dialog = PersonDialog(db)
    qtbot.addWidget(dialog)
    type_text(dialog.ui.fullNameEdit, "Trần Văn Anh")
    for typed, words in [
        ("1700", "Năm sinh 1700 không hợp lệ"),
        ("2090", "Năm sinh 2090 không hợp lệ"),
        ("19a5", "phải là một số có bốn chữ số"),
        ("19²5", "phải là một số có bốn chữ số"),  # a superscript digit passes str.isdigit
    ]:
        dialog.ui.birthYearEdit.setText(typed)
        dialog.save()
        assert words in dialog.ui.errorLabel.text()
        assert dialog.result() == 0
    assert list_person_rows(db) == []


def test_an_unknown_unit_typed_in_the_box_is_refused(qtbot, db: Database) -> None:
    seed_people(db)
    dialog = PersonDialog(db)
    qtbot.addWidget(dialog)
    type_text(dialog.ui.fullNameEdit, "Vũ Thị Lan")
    dialog.ui.unitCombo.setEditText("Thôn Không Có")
    dialog.save()
    assert "Không có đơn vị “Thôn Không Có”" in dialog.ui.errorLabel.text()


def test_person_model_passes_the_model_tester(qtmodeltester, db: Database) -> None:
    seed_people(db)
    model = person_model()
    model.set_rows(list_person_rows(db))
    qtmodeltester.check(model)


def test_the_unit_can_be_typed_by_name_or_code_without_marks(qtbot, db: Database) -> None:
    unit_id = seed_people(db)
    for typed in ("thon dong", "THON01", "Thôn Đông", "Thôn Đông (THON01)"):
        dialog = PersonDialog(db)
        qtbot.addWidget(dialog)
        dialog.ui.fullNameEdit.setText("Vũ Thị Lan")
        dialog.ui.unitCombo.setEditText(typed)
        dialog.save()
        assert dialog.ui.errorLabel.isHidden(), (typed, dialog.ui.errorLabel.text())
        assert next(p for p in list_person_rows(db) if p.id == dialog.saved_id).unit_id == unit_id


def test_nobody_new_joins_a_unit_that_stopped(qtbot, db: Database) -> None:
    from kt_desktop.services.participants import set_unit_active

    unit_id = seed_people(db)
    set_unit_active(db, unit_id, False)
    dialog = PersonDialog(db)
    qtbot.addWidget(dialog)
    dialog.ui.fullNameEdit.setText("Vũ Thị Lan")
    dialog.ui.unitCombo.setEditText("THON01")
    dialog.save()
    assert "đã ngừng hoạt động nên không nhận thêm cá nhân" in dialog.ui.errorLabel.text()
    member = list_person_rows(db)[0]
    editor = PersonDialog(db, member.id)
    qtbot.addWidget(editor)
    editor.ui.positionEdit.setText("Hội viên")
    editor.save()  # someone already in the unit keeps it
    assert editor.ui.errorLabel.isHidden()
