"""Registration for a period: every active unit listed, statuses with their rules."""

from __future__ import annotations

from datetime import date

import pytest

from kt_desktop.domain.enums import RegistrationStatus, UnitKind
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.movement import list_periods
from kt_desktop.services.participants import UnitInput, create_unit, delete_unit, set_unit_active
from kt_desktop.services.registrations import (
    RegistrationInput,
    list_registrations,
    save_registration,
    status_counts,
)

TODAY = date(2026, 11, 24)


def year(db: Database, name: str = "Năm 2026") -> int:
    return next(p.id for p in list_periods(db) if p.name == name)


def units(db: Database) -> tuple[int, int, int]:
    return (
        create_unit(db, UnitInput("THON02", "Thôn Tây", UnitKind.VILLAGE)),
        create_unit(db, UnitInput("PVHXH", "Phòng Văn hóa – Xã hội", UnitKind.DEPARTMENT)),
        create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE)),
    )


def test_every_active_unit_is_listed_by_kind_then_name(db: Database) -> None:
    west, office, east = units(db)
    period = year(db)
    save_registration(
        db,
        period,
        east,
        RegistrationInput(
            RegistrationStatus.PENDING,
            date(2026, 1, 15),
            "Giấy khen của Chủ tịch UBND xã",
            "100% hồ sơ trực tuyến",
        ),
        TODAY,
    )
    rows = list_registrations(db, period)
    assert [(r.unit_name, r.status) for r in rows] == [
        ("Phòng Văn hóa – Xã hội", RegistrationStatus.NOT_SENT),
        ("Thôn Đông", RegistrationStatus.PENDING),
        ("Thôn Tây", RegistrationStatus.NOT_SENT),
    ]
    assert rows[1].aims == "Giấy khen của Chủ tịch UBND xã"
    assert status_counts(rows)[RegistrationStatus.NOT_SENT] == 2
    set_unit_active(db, west, False)
    assert [r.unit_name for r in list_registrations(db, period)] == [
        "Phòng Văn hóa – Xã hội",
        "Thôn Đông",
    ]
    assert office


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (RegistrationInput(RegistrationStatus.PENDING), "registered_on"),
        (RegistrationInput(RegistrationStatus.APPROVED, date(2026, 12, 1)), "registered_on"),
        (RegistrationInput(RegistrationStatus.APPROVED, date(2024, 3, 1)), "registered_on"),
        (
            RegistrationInput(RegistrationStatus.REJECTED, date(2026, 2, 1), rejection_reason="  "),
            "rejection_reason",
        ),
    ],
)
def test_bad_registrations_are_refused_and_nothing_is_written(
    db: Database, data: RegistrationInput, field: str
) -> None:
    _, _, east = units(db)
    period = year(db)
    with pytest.raises(ValidationError) as caught:
        save_registration(db, period, east, data, TODAY)
    assert caught.value.field == field
    assert all(r.status == RegistrationStatus.NOT_SENT for r in list_registrations(db, period))


def test_a_rejection_keeps_its_reason_and_approval_drops_it(db: Database) -> None:
    _, _, east = units(db)
    period = year(db)
    save_registration(
        db,
        period,
        east,
        RegistrationInput(
            RegistrationStatus.REJECTED,
            date(2026, 2, 1),
            rejection_reason="Thiếu chữ ký người đứng đầu",
        ),
        TODAY,
    )
    row = next(r for r in list_registrations(db, period) if r.unit_id == east)
    assert (row.status, row.rejection_reason) == (
        RegistrationStatus.REJECTED,
        "Thiếu chữ ký người đứng đầu",
    )
    save_registration(
        db, period, east, RegistrationInput(RegistrationStatus.APPROVED, date(2026, 2, 3)), TODAY
    )
    row = next(r for r in list_registrations(db, period) if r.unit_id == east)
    assert (row.status, row.rejection_reason) == (RegistrationStatus.APPROVED, "")


def test_a_registered_unit_cannot_be_deleted(db: Database) -> None:
    _, _, east = units(db)
    save_registration(
        db, year(db), east, RegistrationInput(RegistrationStatus.PENDING, date(2026, 1, 5)), TODAY
    )
    with pytest.raises(UserError) as caught:
        delete_unit(db, east)
    assert "1 bản đăng ký thi đua" in caught.value.message


def test_not_sent_keeps_nothing(db: Database) -> None:
    _, _, east = units(db)
    period = year(db)
    save_registration(
        db,
        period,
        east,
        RegistrationInput(
            RegistrationStatus.NOT_SENT, date(2026, 1, 5), "Giấy khen", "Cam kết", "Lý do"
        ),
        TODAY,
    )
    row = next(r for r in list_registrations(db, period) if r.unit_id == east)
    assert (row.registered_on, row.aims, row.commitments, row.rejection_reason) == (
        None,
        "",
        "",
        "",
    )
