"""Tests for collation_key without Qt; tests/gui/test_collation_oracle.py checks it against ICU."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kt_desktop.text import collation_key

# Observed with QCollator(QLocale(Vietnamese, Vietnam)).sortKey on Qt 6 with ICU.
OBSERVED = [
    "10",
    "9",
    "a b",
    "a-b",
    "a1",
    "ab",
    "An",
    "anh",
    "Anh",
    "Ánh",
    "Ăn",
    "Ân",
    "Dũng",
    "Đào",
    "hoa",
    "hoà",
    "hòa",
    "Hòa",
]


def ordered(words: list[str]) -> list[str]:
    return sorted(words, key=collation_key)


def test_observed_qt_order() -> None:
    shuffled = OBSERVED[::2] + OBSERVED[1::2][::-1]
    assert ordered(shuffled) == OBSERVED


def test_base_letter_order() -> None:
    alphabet = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
    assert ordered(alphabet[::-1]) == alphabet


def test_base_letter_beats_tone_and_case() -> None:
    # A later base letter wins over any tone or case before it.
    assert ordered(["ẶA", "ăb", "Ab", "áB"]) == ["Ab", "áB", "ẶA", "ăb"]


@pytest.mark.parametrize("base", ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"])
def test_tone_order(base: str) -> None:
    tones = [
        "",
        "\u0300",
        "\u0309",
        "\u0303",
        "\u0301",
        "\u0323",
    ]  # none, huyền, hỏi, ngã, sắc, nặng
    syllables = [unicodedata.normalize("NFC", base + tone) for tone in tones]
    assert ordered(syllables[::-1]) == syllables


def test_tone_is_secondary_to_later_letters() -> None:
    assert ordered(["ác", "ab", "àd"]) == ["ab", "ác", "àd"]


def test_tone_placement_variants_compare_position_by_position() -> None:
    # The grave sits one letter earlier in "hòa", so that spelling sorts later.
    assert ordered(["hòa", "hoà", "hoa"]) == ["hoa", "hoà", "hòa"]
    assert ordered(["thủy", "thuỷ"]) == ["thuỷ", "thủy"]


def test_lowercase_before_uppercase() -> None:
    assert ordered(["Anh", "anh", "ANH", "aNh"]) == ["anh", "aNh", "Anh", "ANH"]
    assert ordered(["Đ", "đ", "Ư", "ư"]) == ["đ", "Đ", "ư", "Ư"]


def test_case_is_weaker_than_tone() -> None:
    assert ordered(["án", "An"]) == ["An", "án"]


def test_digits_compare_one_by_one_and_before_letters() -> None:
    assert ordered(["a", "9", "10", "2"]) == ["10", "2", "9", "a"]


def test_space_and_punctuation_before_digits() -> None:
    assert ordered(["a1", "a b", "a-b", "a(b)", "a.b", "a,b"]) == [
        "a b",
        "a-b",
        "a,b",
        "a.b",
        "a(b)",
        "a1",
    ]


def test_prefix_sorts_first() -> None:
    assert ordered(["Nguyễn Văn", "Nguyễn"]) == ["Nguyễn", "Nguyễn Văn"]


def test_equal_only_for_canonically_equal_text() -> None:
    assert collation_key("Hòa") == collation_key(unicodedata.normalize("NFD", "Hòa"))
    assert collation_key("Hòa") != collation_key("hòa")
    assert collation_key("\u00a0") != collation_key(" ")


def test_loose_marks_sort_in_canonical_order() -> None:
    # "ạ" + horn: the horn (class 216) comes before the dot below (220) in NFD.
    horn_then_dot = collation_key("a\u031b\u0323")
    assert collation_key("\u1ea1\u031b") == horn_then_dot


LETTERS = st.sampled_from(
    list("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợ")
    + list("pqrstuùủũúụưừửữứựvxyỳỷỹýỵ -.,()0123456789fjwz")
)
NAMES = (
    st.lists(LETTERS, max_size=20)
    .map("".join)
    .map(lambda text: "".join(ch.upper() if i % 3 == 0 else ch for i, ch in enumerate(text)))
)


@given(st.text())
def test_key_is_nfc_nfd_invariant(text: str) -> None:
    expected = collation_key(text)
    assert collation_key(unicodedata.normalize("NFD", text)) == expected
    assert collation_key(unicodedata.normalize("NFC", text)) == expected


@given(NAMES, NAMES)
def test_key_order_is_total_and_consistent(left: str, right: str) -> None:
    a, b = collation_key(left), collation_key(right)
    assert (a < b) + (a == b) + (a > b) == 1
    if a == b:
        assert unicodedata.normalize("NFC", left) == unicodedata.normalize("NFC", right)


@given(NAMES)
def test_uppercasing_never_moves_a_name_before_its_lowercase(text: str) -> None:
    assert collation_key(text.lower()) <= collation_key(text.upper())


@given(NAMES, NAMES)
def test_primary_level_ignores_tones_and_case(left: str, right: str) -> None:
    def strip_tones(text: str) -> str:
        tones = "\u0300\u0301\u0303\u0309\u0323"
        return "".join(ch for ch in unicodedata.normalize("NFD", text) if ch not in tones)

    if strip_tones(left).lower() == strip_tones(right).lower():
        assert collation_key(left)[0] == collation_key(right)[0]
