"""Tests for fold and matches_search."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kt_desktop.text import fold, matches_search, search_key

VIETNAMESE = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Kim Thành", "kim thanh"),
        ("hoà", "hòa"),
        ("HÒA", "hoà"),
        ("Thuỷ", "Thủy"),
        ("Ủy", "Uỷ"),
        ("khoẻ", "khỏe"),
        ("Đặng", "dang"),
        ("ĐẶNG", "dang"),
        ("  Kim\u00a0 Thành ", "kim thanh"),
    ],
)
def test_fold_equal(left: str, right: str) -> None:
    assert fold(left) == fold(right)


def test_fold_removes_tone_and_vowel_marks() -> None:
    assert fold(VIETNAMESE) == "a" * 18 + "e" * 12 + "i" * 6 + "o" * 18 + "u" * 12 + "y" * 6 + "d"
    assert fold(VIETNAMESE.upper()) == fold(VIETNAMESE)


def test_fold_handles_decomposed_input() -> None:
    assert fold(unicodedata.normalize("NFD", "Nguyễn Ánh Dương")) == "nguyen anh duong"


def test_fold_keeps_digits_and_punctuation() -> None:
    assert fold("Tổ 3 - Thôn Đông") == "to 3 - thon dong"


@pytest.mark.parametrize(
    ("query", "haystack", "expected"),
    [
        ("kim thanh", "Kim Thành", True),
        ("Kim Thành", "kim thanh", True),
        ("thanh kim", "Xã Kim Thành", True),
        ("thà", "Kim Thành", True),
        ("hanh", "Kim Thành", False),
        ("hoà", "Nguyễn Thị Hòa", True),
        ("nguyen hoa", "Nguyễn Thị Hòa", True),
        ("nguyen lan", "Nguyễn Thị Hòa", False),
        ("", "anything", True),
        ("   ", "anything", True),
        ("dang", "Đặng Văn Lâm", True),
        ("an", "Đặng Văn Lâm", False),  # words match at their start, not inside
        ("an", "Lê Thị Ánh", True),
        ("thon01", "Thôn Đông (THON01)", True),
        ("van hoa xa hoi", "Phòng Văn hóa – Xã hội", True),
        ("x", "", False),
    ],
)
def test_matches_search(query: str, haystack: str, expected: bool) -> None:
    assert matches_search(query, search_key(haystack)) is expected


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_is_nfc_nfd_invariant(text: str) -> None:
    expected = fold(text)
    assert fold(unicodedata.normalize("NFC", text)) == expected
    assert fold(unicodedata.normalize("NFD", text)) == expected


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " "))
def test_fold_of_vietnamese_is_plain_lowercase_ascii(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " "))
def test_text_matches_its_own_words(text: str) -> None:
    assert matches_search(text, search_key(text))
