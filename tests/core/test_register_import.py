"""Importing the registers of units and people from workbooks: preview, then upsert, all or
nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kt_desktop.domain.enums import Gender, PersonKind, UnitKind
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services import register_import
from kt_desktop.services.database import Database
from kt_desktop.services.import_preview import FieldChange, ImportKind, RowStatus
from kt_desktop.services.participants import list_person_rows, list_unit_rows, update_unit
from kt_desktop.services.register_import import (
    apply_register_import,
    inspect_register,
    preview_register_import,
)
from kt_desktop.sheets.safety import WorkbookRefused
from tests.conftest import SHARED

UNITS_SAMPLE = SHARED / "samples" / "danh-sach-don-vi.xlsx"
NOMINEES_SAMPLE = SHARED / "samples" / "de-nghi-khen-thuong-2025-thon-dong.xlsx"


def units_by_code(db: Database) -> dict[str, object]:
    return {row.code: row for row in list_unit_rows(db)}


def edited_copy(tmp_path: Path, source: Path, edits: dict[str, object], name: str) -> Path:
    book = load_workbook(source)
    sheet = book.worksheets[0]
    for cell, value in edits.items():
        sheet[cell] = value
    target = tmp_path / name
    book.save(target)
    return target


def import_units(db: Database) -> None:
    apply_register_import(db, preview_register_import(db, UNITS_SAMPLE, ImportKind.UNITS))


def test_public_register_previews_seven_new_units_with_codes_and_kinds(db: Database) -> None:
    preview = preview_register_import(db, UNITS_SAMPLE, ImportKind.UNITS)

    assert preview.counts[RowStatus.NEW] == 7
    assert preview.counts[RowStatus.ERROR] == 0
    assert preview.writes_anything
    first = preview.rows[0]
    assert (first.sheet, first.row, first.target) == ("Đơn vị", 2, "Đơn vị")
    assert first.key == "001 – Văn phòng HĐND và UBND xã"
    assert dict(first.values)["Loại đơn vị"] == "Phòng, ban, ngành"
    assert dict(first.values)["Điện thoại"] == "0225 3888 001"
    assert list_unit_rows(db) == []  # a preview writes nothing

    outcome = apply_register_import(db, preview)

    assert (outcome.written, outcome.new, outcome.changed) == (7, 7, 0)
    assert outcome.message == "Đã thêm 7 đơn vị mới."
    units = units_by_code(db)
    assert sorted(units) == ["001", "002", "003", "010", "011", "020", "030"]
    kinds = {code: row.kind for code, row in units.items()}
    assert kinds == {
        "001": UnitKind.DEPARTMENT,
        "002": UnitKind.DEPARTMENT,
        "003": UnitKind.DEPARTMENT,
        "010": UnitKind.VILLAGE,
        "011": UnitKind.VILLAGE,
        "020": UnitKind.SCHOOL,
        "030": UnitKind.BUSINESS,
    }
    assert units["010"].head_name == "Nguyễn Thị Hồng Nhung"
    assert units["010"].head_title == "Trưởng thôn"
    assert units["010"].phone == "0912 345 678"


def test_importing_the_same_register_again_changes_nothing(db: Database) -> None:
    import_units(db)
    before = list_unit_rows(db)

    again = preview_register_import(db, UNITS_SAMPLE, ImportKind.UNITS)

    assert again.counts[RowStatus.UNCHANGED] == 7
    assert not again.writes_anything
    outcome = apply_register_import(db, again)
    assert outcome.written == 0
    assert "chưa ghi gì" in outcome.message
    assert list_unit_rows(db) == before


def test_a_changed_head_shows_old_and_new_and_is_written(db: Database, tmp_path: Path) -> None:
    import_units(db)
    changed = edited_copy(
        tmp_path, UNITS_SAMPLE, {"D5": "Trần Thị Hoa", "F6": None}, "don-vi-sua.xlsx"
    )

    preview = preview_register_import(db, changed, ImportKind.UNITS)

    assert preview.counts[RowStatus.CHANGED] == 1
    assert preview.counts[RowStatus.UNCHANGED] == 6
    row = next(r for r in preview.rows if r.status == RowStatus.CHANGED)
    assert row.row == 5
    assert row.key == "010 – Thôn Đông"
    # A blank phone keeps the one on record: only the head changes.
    assert row.changes == (FieldChange("Người đứng đầu", "Nguyễn Thị Hồng Nhung", "Trần Thị Hoa"),)

    outcome = apply_register_import(db, preview)

    assert (outcome.new, outcome.changed) == (0, 1)
    unit = units_by_code(db)["010"]
    assert unit.head_name == "Trần Thị Hoa"
    assert unit.phone == "0912 345 678"


def test_a_bad_kind_is_an_error_row_naming_the_cell(db: Database, tmp_path: Path) -> None:
    bad = edited_copy(tmp_path, UNITS_SAMPLE, {"C3": "Quán cà phê"}, "loai-sai.xlsx")

    preview = preview_register_import(db, bad, ImportKind.UNITS)

    assert preview.counts[RowStatus.ERROR] == 1
    assert preview.counts[RowStatus.NEW] == 6
    row = next(r for r in preview.rows if r.status == RowStatus.ERROR)
    assert row.row == 3
    (problem,) = row.problems
    assert (problem.sheet, problem.row, problem.column) == ("Đơn vị", 3, "C")
    assert problem.value == "Quán cà phê"
    assert "không phải là loại đơn vị" in problem.reason
    assert problem.location == "Trang “Đơn vị”, ô C3"

    outcome = apply_register_import(db, preview)

    assert outcome.new == 6
    assert "1 dòng lỗi chưa được nhập" in outcome.message
    assert "002" not in units_by_code(db)


def test_a_duplicate_code_and_a_missing_name_are_errors(db: Database, tmp_path: Path) -> None:
    bad = edited_copy(tmp_path, UNITS_SAMPLE, {"A4": "001", "B6": None}, "trung-ma.xlsx")

    preview = preview_register_import(db, bad, ImportKind.UNITS)

    errors = {r.row: r for r in preview.rows if r.status == RowStatus.ERROR}
    assert sorted(errors) == [4, 6]
    assert errors[4].problems[0].column == "A"
    assert "trùng với dòng 2" in errors[4].reason
    assert errors[6].problems[0].column == "B"
    assert "Tên đơn vị" in errors[6].reason


def test_a_failure_in_the_middle_writes_nothing(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview = preview_register_import(db, UNITS_SAMPLE, ImportKind.UNITS)
    real_clean = register_import._clean_unit

    def failing(data):
        if data.code == "020":
            raise ValidationError("Lỗi giả lập khi ghi.", field="code")
        return real_clean(data)

    monkeypatch.setattr(register_import, "_clean_unit", failing)
    with pytest.raises(ValidationError):
        apply_register_import(db, preview)
    assert list_unit_rows(db) == []


def test_a_stale_preview_is_refused_and_writes_nothing(db: Database, tmp_path: Path) -> None:
    import_units(db)
    changed = edited_copy(
        tmp_path, UNITS_SAMPLE, {"D5": "Trần Thị Hoa", "B2": "Văn phòng"}, "x.xlsx"
    )
    preview = preview_register_import(db, changed, ImportKind.UNITS)
    village = units_by_code(db)["010"]
    # Someone edits the village while the clerk looks at the preview.
    update_unit(
        db,
        village.id,
        register_import.UnitInput("010", "Thôn Đông", UnitKind.VILLAGE, "Lê Văn An"),
    )

    with pytest.raises(UserError, match="đã thay đổi sau khi xem trước"):
        apply_register_import(db, preview)

    units = units_by_code(db)
    assert units["010"].head_name == "Lê Văn An"
    assert units["001"].name == "Văn phòng HĐND và UBND xã"  # the other change not written


def test_people_register_upserts_by_name_birth_year_and_unit(db: Database, tmp_path: Path) -> None:
    import_units(db)

    preview = preview_register_import(db, NOMINEES_SAMPLE, ImportKind.PEOPLE)

    statuses = {r.row: r.status for r in preview.rows}
    assert statuses == {
        5: RowStatus.NEW,
        6: RowStatus.NEW,
        7: RowStatus.ERROR,  # no name
        8: RowStatus.NEW,
        9: RowStatus.ERROR,  # the same person as row 6
    }
    missing_name = next(r for r in preview.rows if r.row == 7)
    assert missing_name.problems[0].column == "B"
    assert any("Đối tượng" in problem for problem in preview.problems)
    apply_register_import(db, preview)
    people = {p.full_name: p for p in list_person_rows(db)}
    assert sorted(people) == ["Lê Thị Hoà", "Nguyễn Thị Hồng Nhung", "Trần Văn Đức"]
    hoa = people["Lê Thị Hoà"]
    assert (hoa.gender, hoa.birth_year, hoa.unit_name) == (Gender.FEMALE, 1992, "Thôn Đông")
    assert hoa.kind == PersonKind.CITIZEN  # a village's people, the file not saying

    # The same people written without diacritics and with a new position: matched, updated.
    folded = edited_copy(
        tmp_path,
        NOMINEES_SAMPLE,
        {"B8": "LE THI HOA", "E8": "Chi hội trưởng", "B7": "Phạm Văn Nam"},
        "ca-nhan.xlsx",
    )
    again = preview_register_import(db, folded, ImportKind.PEOPLE)
    row = next(r for r in again.rows if r.row == 8)
    assert row.status == RowStatus.CHANGED
    assert row.key == "Lê Thị Hoà (1992)"
    assert row.changes == (FieldChange("Chức vụ", "Chi hội trưởng phụ nữ", "Chi hội trưởng"),)
    assert {r.row: r.status for r in again.rows}[7] == RowStatus.NEW
    outcome = apply_register_import(db, again)
    assert (outcome.new, outcome.changed) == (1, 1)
    assert len(list_person_rows(db)) == 4


def test_a_person_of_an_unknown_unit_is_an_error_on_the_unit_cell(db: Database) -> None:
    preview = preview_register_import(db, NOMINEES_SAMPLE, ImportKind.PEOPLE)

    row = next(r for r in preview.rows if r.row == 5)
    assert row.status == RowStatus.ERROR
    assert row.problems[0].column == "F"
    assert "Không có đơn vị “Thôn Đông”" in row.reason


def test_units_register_in_another_layout_and_a_given_mapping(db: Database, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "DS"
    sheet.append(["DANH SÁCH CÁC ĐƠN VỊ THAM GIA THI ĐUA"])
    sheet.append([])
    sheet.append(["STT", "Ký hiệu", "Tên cơ quan, đơn vị", "Khối", "Ghi chú"])
    sheet.append([1, "T05", "Thôn Bắc", "thôn", "mới thành lập"])
    sheet.append([2, "HCCB", "Hội Cựu chiến binh", "Đoàn thể", ""])
    path = tmp_path / "khac.xlsx"
    book.save(path)

    source = inspect_register(db, path, ImportKind.UNITS)
    assert source.sheet == "DS"
    assert source.header.header_row == 3
    assert source.mapping["B"] == "code"
    assert source.mapping["D"] == "kind"

    # The clerk points the name at column E instead: the names become the notes.
    mapping = dict(source.mapping, E="name")
    del mapping["C"]
    preview = preview_register_import(db, path, ImportKind.UNITS, mapping=mapping)
    assert preview.counts[RowStatus.NEW] == 1
    assert preview.counts[RowStatus.ERROR] == 1  # row 5 has no note, so no name
    assert preview.rows[0].key == "T05 – mới thành lập"


def test_a_file_that_is_not_a_workbook_is_refused(db: Database) -> None:
    with pytest.raises(WorkbookRefused):
        preview_register_import(
            db, SHARED / "samples" / "hong" / "thuc-ra-la-csv.xlsx", ImportKind.UNITS
        )


def test_apply_needs_a_register_preview(db: Database) -> None:
    preview = preview_register_import(db, UNITS_SAMPLE, ImportKind.UNITS)
    with pytest.raises(ValueError):
        apply_register_import(db, replace(preview, plan=None))
