"""Tests for number, percent and money formatting and parsing."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kt_desktop.text import format_money, format_number, format_percent, parse_number, parse_percent


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567.5, None, "1.234.567,5"),
        (Decimal("1234567.50"), None, "1.234.567,5"),
        (1234, None, "1.234"),
        (123, None, "123"),
        (0, None, "0"),
        (-1234567, None, "-1.234.567"),
        (Decimal("-0.5"), None, "-0,5"),
        (Decimal("1E+3"), None, "1.000"),
        (Decimal("0.00001"), None, "0,00001"),
        (0.1, None, "0,1"),
        (1234.5, 2, "1.234,50"),
        (Decimal("2.675"), 2, "2,68"),
        (Decimal("2.665"), 2, "2,67"),
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("0.5"), 0, "1"),
        (Decimal("-0.04"), 1, "0,0"),
        (Decimal("-0.0"), None, "0"),
        (10**30, None, "1" + ".000" * 10),
        (
            Decimal("123456789012345678901234567890.55"),
            1,
            "123.456.789.012.345.678.901.234.567.890,6",
        ),
    ],
)
def test_format_number(value: int | Decimal | float, decimals: int | None, expected: str) -> None:
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("-Infinity")])
def test_format_number_rejects_non_finite(value: float | Decimal) -> None:
    with pytest.raises(ValueError, match="không phải là số hữu hạn"):
        format_number(value)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (85.5, 1, "85,5%"),
        (100, 1, "100%"),
        (Decimal("99.96"), 1, "100%"),
        (Decimal("12.04"), 1, "12%"),
        (Decimal("85.55"), 2, "85,55%"),
        (Decimal("85.5"), 0, "86%"),
        (Decimal("7.25"), 1, "7,3%"),
        (0, 1, "0%"),
        (1500, 1, "1.500%"),
    ],
)
def test_format_percent(value: int | Decimal | float, decimals: int, expected: str) -> None:
    assert format_percent(value, decimals) == expected


def test_format_money() -> None:
    assert format_money(1_500_000) == "1.500.000 đồng"
    assert format_money(0) == "0 đồng"
    assert format_money(-20_000) == "-20.000 đồng"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("85,5", "85.5"),
        ("1.234", "1234"),
        ("1.234.567", "1234567"),
        ("1.234,5", "1234.5"),
        ("1.234.567,89", "1234567.89"),
        ("1 234", "1234"),
        ("1\u00a0234", "1234"),
        ("1\u202f234", "1234"),
        ("1 234 567,5", "1234567.5"),
        ("1 234.5", "1234.5"),
        ("-12", "-12"),
        ("+3", "3"),
        ("\u22127", "-7"),
        ("0,5", "0.5"),
        (",5", "0.5"),
        ("12.5", "12.5"),
        ("3.14", "3.14"),
        ("1234.5678", "1234.5678"),
        ("1234.567", "1234.567"),
        ("0.500", "0.5"),
        ("1,234", "1.234"),
        ("1,234.5", "1234.5"),
        ("1,234,567", "1234567"),
        ("1,234,567.25", "1234567.25"),
        ("  42  ", "42"),
        ("-0", "0"),
        ("007", "7"),
    ],
)
def test_parse_number_accepts(typed: str, expected: str) -> None:
    assert parse_number(typed) == Decimal(expected)


def test_parse_number_has_no_negative_zero() -> None:
    assert not parse_number("-0,0").is_signed()


@pytest.mark.parametrize(
    "typed",
    [
        "8,5,1",
        "1.2.3",
        "12 34",
        "1.234,5.6",
        "1,2.3,4",
        "abc",
        "12a",
        "1,",
        "1.",
        "--1",
        "+-1",
        "1 234.567,5",
        "1e5",
        "١٢٣",
        "- 12",
        "1.23.456",
        "1,5.000",
        ".",
        ",",
        "%",
    ],
)
def test_parse_number_rejects_with_vietnamese_message(typed: str) -> None:
    with pytest.raises(ValueError, match="không phải là số"):
        parse_number(typed)


def test_parse_number_message() -> None:
    with pytest.raises(ValueError) as caught:
        parse_number(" 8,5,1 ")
    assert str(caught.value) == "'8,5,1' không phải là số."
    with pytest.raises(ValueError, match="Chưa nhập số"):
        parse_number("")


@pytest.mark.parametrize("typed", ["85,5%", "85,5 %", "85,5", " 85,5\u00a0% ", "85.5%"])
def test_parse_percent(typed: str) -> None:
    assert parse_percent(typed) == Decimal("85.5")


def test_parse_percent_whole() -> None:
    assert parse_percent("100%") == Decimal(100)


@pytest.mark.parametrize("typed", ["%", "x%", "85%%", "% 85", "85,5,1%"])
def test_parse_percent_rejects(typed: str) -> None:
    with pytest.raises(ValueError, match="không phải là tỉ lệ phần trăm"):
        parse_percent(typed)


def test_parse_percent_empty() -> None:
    with pytest.raises(ValueError, match="Chưa nhập tỉ lệ phần trăm"):
        parse_percent(" ")


DECIMALS = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15)


@given(DECIMALS, st.integers(min_value=0, max_value=6))
def test_format_then_parse_round_trips_with_fixed_decimals(value: Decimal, decimals: int) -> None:
    shown = format_number(value, decimals)
    assert parse_number(shown) == value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


@given(
    st.integers(min_value=0, max_value=8).flatmap(
        lambda places: st.decimals(
            allow_nan=False,
            allow_infinity=False,
            min_value=-(10**15),
            max_value=10**15,
            places=places,
        )
    )
)
def test_format_then_parse_round_trips_exactly(value: Decimal) -> None:
    assert parse_number(format_number(value)) == value


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_integers_round_trip(value: int) -> None:
    assert parse_number(format_number(value)) == value
    assert parse_number(format_money(value).removesuffix(" đồng")) == value


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=1000, places=1))
def test_percent_round_trips(value: Decimal) -> None:
    assert parse_percent(format_percent(value)) == value
