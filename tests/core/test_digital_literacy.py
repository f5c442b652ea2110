"""Bình dân học vụ số figures: the rules, each village's rate and the commune's totals."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from kt_desktop.domain.enums import UnitKind
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.digital_literacy import (
    DigitalLiteracyInput,
    delete_figures,
    get_figures,
    list_village_rows,
    save_figures,
)
from kt_desktop.services.movement import list_periods
from kt_desktop.services.participants import (
    UnitInput,
    create_unit,
    delete_unit,
    set_unit_active,
)
from kt_desktop.services.results import lock_period, unlock_period


def year(db: Database, name: str = "Năm 2026") -> int:
    return next(p.id for p in list_periods(db) if p.name == name)


def villages(db: Database) -> dict[str, int]:
    names = ("Thôn Tây", "Thôn Ấp Đông", "Thị tứ Kim Thành", "Thôn Đông", "Thôn Bắc")
    ids = {
        name: create_unit(db, UnitInput(f"THON{n:02d}", name, UnitKind.VILLAGE))
        for n, name in enumerate(names, start=1)
    }
    ids["Phòng Văn hóa – Xã hội"] = create_unit(
        db, UnitInput("PVHXH", "Phòng Văn hóa – Xã hội", UnitKind.DEPARTMENT)
    )
    return ids


EAST = DigitalLiteracyInput(
    classes_held=6,
    trained_officials=12,
    trained_pupils=85,
    trained_other_adults=140,
    team_members=9,
    team_visits=320,
    adults_meeting_standard=123,
    adult_population=200,
    note="  Số liệu  đến 30/10  ",
)


def test_every_active_village_in_vietnamese_order_with_its_rate(db: Database) -> None:
    ids = villages(db)
    period = year(db)
    save_figures(db, period, ids["Thôn Đông"], EAST)
    table = list_village_rows(db, period)
    assert [r.unit_name for r in table.rows] == [
        "Thị tứ Kim Thành",
        "Thôn Ấp Đông",
        "Thôn Bắc",
        "Thôn Đông",
        "Thôn Tây",
    ]
    east = table.rows[3]
    assert east.figures is not None and east.figures.note == "Số liệu đến 30/10"
    assert east.rate == Decimal("61.5")
    assert [r.recorded for r in table.rows] == [False, False, False, True, False]
    assert table.totals.villages == 5 and table.totals.recorded == 1

    # An inactive village disappears unless it has figures for the period.
    set_unit_active(db, ids["Thôn Tây"], False)
    set_unit_active(db, ids["Thôn Đông"], False)
    names = [r.unit_name for r in list_village_rows(db, period).rows]
    assert "Thôn Tây" not in names and "Thôn Đông" in names


def test_totals_sum_the_counts_and_take_the_rate_from_the_summed_counts(db: Database) -> None:
    ids = villages(db)
    period = year(db)
    save_figures(db, period, ids["Thôn Đông"], EAST)
    save_figures(
        db,
        period,
        ids["Thôn Tây"],
        DigitalLiteracyInput(
            classes_held=2, trained_pupils=15, adults_meeting_standard=1500, adult_population=2000
        ),
    )
    save_figures(
        db,
        period,
        ids["Thôn Bắc"],
        DigitalLiteracyInput(classes_held=1, reported_rate=Decimal("40")),
    )
    table = list_village_rows(db, period)
    north = next(r for r in table.rows if r.unit_name == "Thôn Bắc")
    assert north.rate == Decimal(40)
    totals = table.totals
    assert (totals.classes_held, totals.trained_pupils, totals.team_visits) == (9, 100, 320)
    assert (totals.adults_meeting_standard, totals.adult_population) == (1623, 2200)
    # 1623 / 2200, not the mean of 61,5% and 75% (nor the reported 40%).
    assert totals.rate == Decimal(1623) * 100 / Decimal(2200)
    assert totals.rate_only_reported == 1
    assert totals.recorded == 3


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"classes_held": -1}, "classes_held", "không được âm"),
        ({"team_visits": 2.5}, "team_visits", "phải là số nguyên"),
        ({"adults_meeting_standard": 201}, "adults_meeting_standard", "lớn hơn dân số"),
        ({"adult_population": None}, "adult_population", "hãy ghi cả dân số"),
        ({"adults_meeting_standard": None}, "adults_meeting_standard", "ghi cả số người"),
        ({"adult_population": 0, "adults_meeting_standard": 3}, "adult_population", "bằng 0"),
        ({"reported_rate": Decimal(50)}, "reported_rate", "để trống tỷ lệ"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_written(
    db: Database, change: dict[str, object], field: str, words: str
) -> None:
    ids = villages(db)
    period = year(db)
    with pytest.raises(ValidationError) as caught:
        save_figures(db, period, ids["Thôn Đông"], replace(EAST, **change))  # type: ignore[arg-type]
    assert caught.value.field == field
    assert words in caught.value.message
    assert get_figures(db, period, ids["Thôn Đông"]) is None


def test_a_reported_rate_stays_within_a_hundred(db: Database) -> None:
    ids = villages(db)
    with pytest.raises(ValidationError) as caught:
        save_figures(
            db, year(db), ids["Thôn Đông"], DigitalLiteracyInput(reported_rate=Decimal("120"))
        )
    assert caught.value.message == "Tỷ lệ theo báo cáo phải từ 0% đến 100%."


def test_only_villages_take_figures(db: Database) -> None:
    ids = villages(db)
    with pytest.raises(ValidationError) as caught:
        save_figures(db, year(db), ids["Phòng Văn hóa – Xã hội"], EAST)
    assert "không phải là thôn, thị tứ" in caught.value.message


def test_a_locked_period_refuses_figures_with_its_reason(db: Database) -> None:
    ids = villages(db)
    period = year(db)
    save_figures(db, period, ids["Thôn Đông"], EAST)
    lock_period(db, period, "Đã dùng cho Quyết định khen thưởng năm 2026")
    with pytest.raises(UserError) as caught:
        save_figures(db, period, ids["Thôn Đông"], replace(EAST, classes_held=7))
    assert "Đã dùng cho Quyết định khen thưởng năm 2026" in caught.value.message
    with pytest.raises(UserError):
        delete_figures(db, period, ids["Thôn Đông"])
    assert get_figures(db, period, ids["Thôn Đông"]) == replace(EAST, note="Số liệu đến 30/10")
    unlock_period(db, period)
    delete_figures(db, period, ids["Thôn Đông"])
    assert get_figures(db, period, ids["Thôn Đông"]) is None


def test_a_village_with_figures_cannot_be_deleted(db: Database) -> None:
    ids = villages(db)
    save_figures(db, year(db), ids["Thôn Đông"], EAST)
    with pytest.raises(UserError) as caught:
        delete_unit(db, ids["Thôn Đông"])
    assert "Bình dân học vụ số" in caught.value.message
