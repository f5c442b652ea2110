"""The register of units and people: validation in Vietnamese, and nothing written on error."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import select

from kt_desktop.domain import Criterion, Person, Result, Unit
from kt_desktop.domain.enums import Gender, PersonKind, UnitKind
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.participants import (
    PersonInput,
    UnitInput,
    create_person,
    create_unit,
    delete_person,
    delete_unit,
    get_unit,
    list_person_rows,
    list_unit_rows,
    set_unit_active,
    update_person,
    update_unit,
)

TODAY = date(2026, 11, 24)


def count(db: Database, table: type) -> int:
    with db.session() as session:
        return int(session.exec(select(func.count()).select_from(table)).one())


def village(code: str = "THON01", name: str = "Thôn Đông") -> UnitInput:
    return UnitInput(code=code, name=name, kind=UnitKind.VILLAGE, head_name="nguyễn thị hồng nhung")


def test_a_unit_is_stored_clean(db: Database) -> None:
    unit_id = create_unit(
        db,
        UnitInput(
            code=" thon01 ",
            name="  Thôn   Đông ",
            kind=UnitKind.VILLAGE,
            head_name="nguyễn   thị hồng nhung",
            head_title="Trưởng thôn",
            phone="0912 345 678",
        ),
    )
    stored = get_unit(db, unit_id)
    assert stored.code == "THON01"
    assert stored.name == "Thôn Đông"
    assert stored.head_name == "Nguyễn Thị Hồng Nhung"
    assert stored.phone == "0912 345 678"


def test_decomposed_text_is_stored_as_nfc(db: Database) -> None:
    decomposed = unicodedata.normalize("NFD", "Hội Liên hiệp Phụ nữ xã")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    unit_id = create_unit(
        db, UnitInput(code="HPN", name=decomposed, kind=UnitKind.MASS_ORGANISATION)
    )
    assert get_unit(db, unit_id).name == "Hội Liên hiệp Phụ nữ xã"
    assert unicodedata.is_normalized("NFC", get_unit(db, unit_id).name)


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (
            UnitInput(code="", name="Thôn Đông", kind=UnitKind.VILLAGE),
            "code",
            "Mã đơn vị không được để trống",
        ),
        (
            UnitInput(code="   ", name="Thôn Đông", kind=UnitKind.VILLAGE),
            "code",
            "Mã đơn vị không được để trống",
        ),
        (
            UnitInput(code="T01", name="    ", kind=UnitKind.VILLAGE),
            "name",
            "Tên đơn vị không được để trống",
        ),
        (
            UnitInput(code="T#1", name="Thôn Đông", kind=UnitKind.VILLAGE),
            "code",
            "chỉ được gồm chữ cái không dấu, chữ số",
        ),
        (
            UnitInput(code="T02", name="Thôn Tây", kind=UnitKind.VILLAGE, phone="gọi tôi"),
            "phone",
            "Số điện thoại",
        ),
    ],
)
def test_bad_unit_input_is_refused_and_nothing_is_written(
    db: Database, data: UnitInput, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        create_unit(db, data)
    assert caught.value.field == field
    assert words in caught.value.message
    assert count(db, Unit) == 0


def test_duplicate_codes_are_refused_ignoring_case_and_marks(db: Database) -> None:
    create_unit(db, village("TĐONG"))
    with pytest.raises(ValidationError) as caught:
        create_unit(db, village("tdong", "Thôn Đông mới"))
    assert "đã được dùng" in caught.value.message
    assert count(db, Unit) == 1


def test_editing_a_unit_keeps_its_own_code_and_refuses_anothers(db: Database) -> None:
    first = create_unit(db, village("THON01"))
    second = create_unit(db, village("THON02", "Thôn Tây"))
    update_unit(db, first, village("THON01", "Thôn Đông Hải"))
    assert get_unit(db, first).name == "Thôn Đông Hải"
    with pytest.raises(ValidationError):
        update_unit(db, second, village("THON01", "Thôn Tây"))
    assert get_unit(db, second).code == "THON02"


def test_a_referenced_unit_is_deactivated_not_deleted(db: Database) -> None:
    unit_id = create_unit(db, village())
    create_person(db, PersonInput("Lê Thị Ánh", Gender.FEMALE, PersonKind.CITIZEN, unit_id=unit_id))
    with pytest.raises(UserError) as caught:
        delete_unit(db, unit_id)
    assert "1 cá nhân" in caught.value.message
    assert "Ngừng hoạt động" in caught.value.hint
    set_unit_active(db, unit_id, False)
    rows = list_unit_rows(db)
    assert [(r.active, r.people_count) for r in rows] == [(False, 1)]


def test_an_unreferenced_unit_can_be_deleted(db: Database) -> None:
    unit_id = create_unit(db, village())
    delete_unit(db, unit_id)
    assert count(db, Unit) == 0


@pytest.mark.parametrize("year", [1700, 1899, 2090, 2027])
def test_impossible_birth_years_are_refused(db: Database, year: int) -> None:
    with pytest.raises(ValidationError) as caught:
        create_person(
            db,
            PersonInput("Trần Văn Anh", Gender.MALE, PersonKind.OFFICIAL, birth_year=year),
            TODAY,
        )
    assert caught.value.field == "birth_year"
    assert f"Năm sinh {year} không hợp lệ" in caught.value.message
    assert count(db, Person) == 0


def test_person_names_are_cleaned_and_capitalised(db: Database) -> None:
    person_id = create_person(
        db,
        PersonInput(
            unicodedata.normalize("NFD", "  trần   văn ánh "),
            Gender.MALE,
            PersonKind.CITIZEN,
            birth_year=1985,
        ),
        TODAY,
    )
    rows = list_person_rows(db)
    assert [(r.id, r.full_name, r.birth_year) for r in rows] == [(person_id, "Trần Văn Ánh", 1985)]


@pytest.mark.parametrize("name", ["", "   ", "Nguyễn Văn 2"])
def test_bad_names_are_refused(db: Database, name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        create_person(db, PersonInput(name, Gender.MALE, PersonKind.CITIZEN), TODAY)
    assert caught.value.field == "full_name"
    assert count(db, Person) == 0


def test_a_person_with_results_cannot_be_deleted(db: Database) -> None:
    person_id = create_person(
        db, PersonInput("Lê Thị Ánh", Gender.FEMALE, PersonKind.OFFICIAL), TODAY
    )
    with db.session() as session:
        criterion = session.exec(select(Criterion).where(Criterion.code == "CN01")).first()
        assert criterion is not None
        session.add(
            Result(period_id=criterion.period_id, criterion_id=criterion.id, person_id=person_id)
        )
    with pytest.raises(UserError) as caught:
        delete_person(db, person_id)
    assert "kết quả thi đua" in caught.value.message
    assert count(db, Person) == 1


def test_moving_a_person_to_a_missing_unit_is_refused(db: Database) -> None:
    person_id = create_person(
        db, PersonInput("Lê Thị Ánh", Gender.FEMALE, PersonKind.OFFICIAL), TODAY
    )
    with pytest.raises(ValidationError) as caught:
        update_person(
            db,
            person_id,
            PersonInput("Lê Thị Ánh", Gender.FEMALE, PersonKind.OFFICIAL, unit_id=999),
            TODAY,
        )
    assert caught.value.field == "unit_id"
    assert list_person_rows(db)[0].unit_id is None


def test_a_unit_inspected_or_a_person_on_a_team_cannot_be_deleted(db: Database) -> None:
    from kt_desktop.domain.enums import TeamRole
    from kt_desktop.services.inspections import MemberInput, add_visit, create_round, save_team
    from kt_desktop.services.movement import list_periods

    unit = create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    office = create_unit(db, UnitInput("PVHXH", "Phòng Văn hóa – Xã hội", UnitKind.DEPARTMENT))
    person = create_person(
        db,
        PersonInput("Lê Thị Hoa", Gender.FEMALE, PersonKind.OFFICIAL, 1985, "Chuyên viên", office),
        TODAY,
    )
    period = next(p.id for p in list_periods(db) if p.name == "Năm 2026")
    round_id = create_round(db, period, "Kiểm tra năm 2026")
    save_team(db, round_id, [MemberInput(person, "", role=TeamRole.LEADER)])
    add_visit(db, round_id, unit, date(2026, 10, 12), "08:00", "Nhà văn hóa thôn")
    with pytest.raises(UserError, match="1 cuộc kiểm tra"):
        delete_unit(db, unit)
    with pytest.raises(UserError, match="đoàn kiểm tra"):
        delete_person(db, person)
