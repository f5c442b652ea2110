"""Tests for the date formats and parse_date."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kt_desktop.text import format_date_long, format_date_short, format_place_date, parse_date


@pytest.mark.parametrize(
    ("month", "written"),
    [
        (1, "01"),
        (2, "02"),
        (3, "3"),
        (4, "4"),
        (5, "5"),
        (6, "6"),
        (7, "7"),
        (8, "8"),
        (9, "9"),
        (10, "10"),
        (11, "11"),
        (12, "12"),
    ],
)
def test_long_date_month_leading_zero_only_for_january_and_february(
    month: int, written: str
) -> None:
    assert format_date_long(date(2025, month, 15)) == f"ngày 15 tháng {written} năm 2025"


@pytest.mark.parametrize(
    ("day", "written"), [(1, "01"), (5, "05"), (9, "09"), (10, "10"), (31, "31")]
)
def test_long_date_day_leading_zero_below_ten(day: int, written: str) -> None:
    assert format_date_long(date(2025, 12, day)) == f"ngày {written} tháng 12 năm 2025"


def test_long_date_examples() -> None:
    assert format_date_long(date(2025, 8, 5)) == "ngày 05 tháng 8 năm 2025"
    assert format_date_long(date(2026, 2, 1)) == "ngày 01 tháng 02 năm 2026"


def test_place_date() -> None:
    assert format_place_date("Kim Thành", date(2025, 8, 5)) == "Kim Thành, ngày 05 tháng 8 năm 2025"
    assert format_place_date("  Kim\u00a0Thành ", date(2025, 8, 5)).startswith("Kim Thành, ngày")


def test_place_date_without_place_starts_with_capital() -> None:
    assert format_place_date("", date(2025, 12, 25)) == "Ngày 25 tháng 12 năm 2025"


def test_short_date() -> None:
    assert format_date_short(date(2025, 8, 5)) == "05/08/2025"
    assert format_date_short(date(2025, 12, 31)) == "31/12/2025"


@pytest.mark.parametrize(
    "typed",
    [
        "05/8/2025",
        "5/8/2025",
        "05/08/2025",
        "05-08-2025",
        "05.08.2025",
        "2025-08-05",
        "  05/08/2025  ",
        "\t2025-8-5\n",
    ],
)
def test_parse_date_accepts(typed: str) -> None:
    assert parse_date(typed) == date(2025, 8, 5)


@pytest.mark.parametrize(
    "typed",
    [
        "31/02/2025",
        "32/01/2025",
        "05/13/2025",
        "00/01/2025",
        "5/8/25",
        "05/08-2025",
        "2025/08/05",
        "05 08 2025",
        "hôm nay",
        "5/8/2025 x",
        "٥/٨/٢٠٢٥",
        "05/08/0000",
    ],
)
def test_parse_date_rejects_with_vietnamese_message(typed: str) -> None:
    with pytest.raises(ValueError, match="không phải là ngày hợp lệ"):
        parse_date(typed)


def test_parse_date_message_quotes_the_input() -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(" 31/02/2025 ")
    assert str(caught.value) == "'31/02/2025' không phải là ngày hợp lệ (ngày/tháng/năm)."


def test_parse_date_empty() -> None:
    with pytest.raises(ValueError, match="Chưa nhập ngày"):
        parse_date("   ")


@given(st.dates())
def test_short_date_round_trips(d: date) -> None:
    assert parse_date(format_date_short(d)) == d


@given(st.dates())
def test_iso_date_round_trips(d: date) -> None:
    assert parse_date(d.isoformat()) == d
