"""Tests for whole numbers and amounts of money in Vietnamese words."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kt_desktop.text import amount_in_words, number_in_words


@pytest.mark.parametrize(
    ("dong", "expected"),
    [
        # The examples of the brief.
        (1_800_000, "Một triệu tám trăm nghìn đồng"),
        (0, "Không đồng"),
        (350_000, "Ba trăm năm mươi nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (25_000, "Hai mươi lăm nghìn đồng"),
        (14_000, "Mười bốn nghìn đồng"),
        (24_000, "Hai mươi tư nghìn đồng"),
        (100_000_000, "Một trăm triệu đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (2_340_000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
        (101_000, "Một trăm linh một nghìn đồng"),
        (1_000_100, "Một triệu một trăm đồng"),
        (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        # Single digits and the teens.
        (1, "Một đồng"),
        (4, "Bốn đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (20, "Hai mươi đồng"),
        (31, "Ba mươi mốt đồng"),
        (54, "Năm mươi tư đồng"),
        (95, "Chín mươi lăm đồng"),
        # Inside a group: linh, and the hundreds.
        (104, "Một trăm linh bốn đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (115, "Một trăm mười lăm đồng"),
        (999, "Chín trăm chín mươi chín đồng"),
        (1_000, "Một nghìn đồng"),
        (1_001, "Một nghìn không trăm linh một đồng"),
        (1_010, "Một nghìn không trăm mười đồng"),
        (1_021, "Một nghìn không trăm hai mươi mốt đồng"),
        (10_000, "Mười nghìn đồng"),
        (1_004_000, "Một triệu không trăm linh bốn nghìn đồng"),
        (1_200_000, "Một triệu hai trăm nghìn đồng"),
        (10_500_000, "Mười triệu năm trăm nghìn đồng"),
        (5_000_001, "Năm triệu không trăm linh một đồng"),
        # Tỷ, and repeating it above 999 tỷ.
        (1_000_000_001, "Một tỷ không trăm linh một đồng"),
        (1_000_001_000, "Một tỷ không trăm linh một nghìn đồng"),
        (2_500_000_000, "Hai tỷ năm trăm triệu đồng"),
        (15_025_000_000, "Mười lăm tỷ không trăm hai mươi lăm triệu đồng"),
        (
            999_999_999_999,
            "Chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu "
            "chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng",
        ),
        (10**12, "Một nghìn tỷ đồng"),
        (1_000_000_000_005, "Một nghìn tỷ không trăm linh năm đồng"),
        (2_001_000_000_000, "Hai nghìn không trăm linh một tỷ đồng"),
        (10**15, "Một triệu tỷ đồng"),
        (10**18, "Một tỷ tỷ đồng"),
    ],
)
def test_amount_in_words(dong: int, expected: str) -> None:
    assert amount_in_words(dong) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "không"),
        (11, "mười một"),
        (21, "hai mươi mốt"),
        (1_800_000, "một triệu tám trăm nghìn"),
    ],
)
def test_number_in_words(n: int, expected: str) -> None:
    assert number_in_words(n) == expected


@pytest.mark.parametrize("bad", [-1, -1_000_000, True, 1.0, Decimal(5), "5", None])
@pytest.mark.parametrize("function", [amount_in_words, number_in_words])
def test_rejects_negative_and_non_int(function: Callable[[Any], str], bad: object) -> None:
    with pytest.raises(ValueError):
        function(bad)


# A reading of the words back into a number, written independently of the code under
# test, so that a round trip checks every amount rather than a chosen few.
_DIGITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}
_SCALES = {"nghìn": 10**3, "triệu": 10**6}


def _words_to_number(text: str) -> int:
    total = 0  # finished parts above the current tỷ
    below_billion = 0  # finished groups below tỷ
    group = 0  # the group being read
    for word in text.split():
        if word in _DIGITS:
            group += _DIGITS[word]
        elif word == "mười":
            group += 10
        elif word == "mươi":
            group = group - group % 10 + (group % 10) * 10
        elif word == "trăm":
            group = group - group % 10 + (group % 10) * 100
        elif word == "linh":
            pass
        elif word in _SCALES:
            below_billion += group * _SCALES[word]
            group = 0
        elif word == "tỷ":
            total = (total + below_billion + group) * 10**9
            below_billion = group = 0
        else:
            raise AssertionError(f"unexpected word {word!r}")
    return total + below_billion + group


def _round_trip(dong: int) -> int:
    text = amount_in_words(dong)
    assert text.endswith(" đồng")
    assert text[0].isupper()
    assert text[1:] == text[1:].lower()
    return _words_to_number(text.removesuffix(" đồng").lower())


def test_reward_totals_round_trip() -> None:
    # Award totals are made of 350.000 đ and 700.000 đ rewards for up to a few hundred
    # people; every such total must read back to the same figure.
    for small in range(0, 301):
        for large in range(0, 301, 7):
            dong = small * 350_000 + large * 700_000
            assert _round_trip(dong) == dong, amount_in_words(dong)


@given(st.integers(min_value=0, max_value=10**21))
def test_any_amount_round_trips(dong: int) -> None:
    assert _round_trip(dong) == dong


@given(st.integers(min_value=0, max_value=10**13))
def test_number_and_amount_agree(n: int) -> None:
    words = number_in_words(n)
    assert words == words.lower()
    assert amount_in_words(n) == words[0].upper() + words[1:] + " đồng"
