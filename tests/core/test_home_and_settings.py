"""The home page's figures and the commune's identity."""

from __future__ import annotations

from datetime import date

import pytest

from kt_desktop.domain.enums import Gender, PersonKind, UnitKind
from kt_desktop.errors import ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.demo import fill_demo_commune
from kt_desktop.services.movement import home_summary
from kt_desktop.services.participants import (
    PersonInput,
    UnitInput,
    create_person,
    create_unit,
    set_unit_active,
)
from kt_desktop.services.settings import (
    CommuneIdentity,
    Signer,
    get_commune_identity,
    save_commune_identity,
)


def test_home_summary_for_today(db: Database) -> None:
    unit = create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    closed = create_unit(db, UnitInput("DN001", "Công ty TNHH Cơ khí Kim Thành", UnitKind.BUSINESS))
    set_unit_active(db, closed, False)
    create_person(db, PersonInput("Lê Thị Ánh", Gender.FEMALE, PersonKind.CITIZEN, unit_id=unit))
    summary = home_summary(db, today=date(2026, 11, 24))
    assert summary.current_period is not None
    assert summary.current_period.name == "Năm 2026"
    assert summary.current_period.phase_name == "Giai đoạn 1 (2025–2027)"
    assert summary.days_left == 38  # 24 November to 31 December, both days counted
    assert home_summary(db, today=date(2026, 12, 31)).days_left == 1
    assert summary.units_by_kind[UnitKind.VILLAGE] == 1
    assert summary.units_by_kind[UnitKind.BUSINESS] == 0
    assert (summary.active_units, summary.inactive_units) == (1, 1)
    assert (summary.active_people, summary.inactive_people) == (1, 0)


def test_before_and_after_the_movement_the_nearest_year_is_current(db: Database) -> None:
    early = home_summary(db, today=date(2024, 12, 1))
    assert early.current_period is not None and early.current_period.name == "Năm 2025"
    assert (early.days_left, early.days_to_start) == (None, 31)
    late = home_summary(db, today=date(2031, 3, 1))
    assert late.current_period is not None and late.current_period.name == "Năm 2030"
    assert late.days_left == 0


def test_demo_commune_has_the_promised_size(db: Database) -> None:
    assert fill_demo_commune(db) is True
    summary = home_summary(db, today=date(2026, 11, 24))
    kinds = summary.units_by_kind
    assert kinds[UnitKind.DEPARTMENT] + kinds[UnitKind.MASS_ORGANISATION] == 15
    assert kinds[UnitKind.VILLAGE] == 12
    assert kinds[UnitKind.SCHOOL] == 3
    assert kinds[UnitKind.HEALTH_FACILITY] == 1
    assert kinds[UnitKind.BUSINESS] == 40
    assert summary.active_people + summary.inactive_people == 150
    from kt_desktop.domain.enums import DocumentState
    from kt_desktop.services.outgoing import list_register

    documents = list_register(db)
    assert [(d.number_text, d.state) for d in documents] == [
        ("01/QĐ-UBND", DocumentState.ISSUED),
        # The 2025 award round's papers, issued in January 2026 (demo_awards).
        ("01/QĐ-UBND", DocumentState.ISSUED),
        ("01/UBND-VHXH", DocumentState.ISSUED),
        ("01/TTr-UBND", DocumentState.ISSUED),
        ("01/BB-HĐTĐKT", DocumentState.ISSUED),
        ("(dự thảo)", DocumentState.DRAFT),
    ]
    assert fill_demo_commune(db) is False  # never added twice


def test_identity_defaults_to_kim_thanh(db: Database) -> None:
    identity = get_commune_identity(db)
    assert identity.commune_name == "Kim Thành"
    assert identity.city_name == "Hải Phòng"
    assert identity.issuing_body == "ỦY BAN NHÂN DÂN XÃ KIM THÀNH"
    assert identity.signers[0] == Signer("Chủ tịch Ủy ban nhân dân xã", "Nguyễn Văn Nghiệp")


def test_identity_is_saved_cleaned(db: Database) -> None:
    saved = save_commune_identity(
        db,
        CommuneIdentity(
            commune_name=" An  Lão ",
            issuing_body="Ủy ban nhân dân xã An Lão",
            place_name="An Lão",
            signers=(Signer("Chủ tịch", "trần văn bình"), Signer("", "")),
        ),
    )
    again = get_commune_identity(db)
    assert again == saved
    assert again.commune_name == "An Lão"
    assert again.issuing_body == "ỦY BAN NHÂN DÂN XÃ AN LÃO"
    assert again.signers == (Signer("Chủ tịch", "Trần Văn Bình"),)


def test_at_least_one_signer_is_required(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        save_commune_identity(db, CommuneIdentity(signers=(Signer(" ", " "),)))
    assert "ít nhất một người ký" in caught.value.message
    assert get_commune_identity(db).signers[0].full_name == "Nguyễn Văn Nghiệp"


def test_an_empty_identity_field_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        save_commune_identity(db, CommuneIdentity(place_name="   "))
    assert caught.value.message == "Địa danh ghi ngày tháng không được để trống."
    assert get_commune_identity(db).place_name == "Kim Thành"
