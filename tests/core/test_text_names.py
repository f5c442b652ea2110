"""Tests for split_name, name_sort_key and capitalize_name."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kt_desktop.text import capitalize_name, name_sort_key, split_name


@pytest.mark.parametrize(
    ("full_name", "parts"),
    [
        ("Nguyễn Thị Minh Khai", ("Nguyễn", "Thị Minh", "Khai")),
        ("Lê Văn An", ("Lê", "Văn", "An")),
        ("Lê An", ("Lê", "", "An")),
        ("Khai", ("", "", "Khai")),
        ("", ("", "", "")),
        ("  Trần   Thị\u00a0Hồng  ", ("Trần", "Thị", "Hồng")),
        ("Tôn Nữ Thị Ngọc Hân", ("Tôn", "Nữ Thị Ngọc", "Hân")),
    ],
)
def test_split_name(full_name: str, parts: tuple[str, str, str]) -> None:
    assert split_name(full_name) == parts


def test_split_name_normalises_to_nfc() -> None:
    assert split_name(unicodedata.normalize("NFD", "Đỗ Thị Ánh")) == ("Đỗ", "Thị", "Ánh")


def sort_people(names: list[str]) -> list[str]:
    return sorted(names, key=name_sort_key)


def test_given_name_decides_first() -> None:
    assert sort_people(["Lê Thị Ánh", "Trần Văn Anh"]) == ["Trần Văn Anh", "Lê Thị Ánh"]


def test_then_middle_then_family_name() -> None:
    assert sort_people(["Nguyễn Văn An", "Lê Văn An"]) == ["Lê Văn An", "Nguyễn Văn An"]
    assert sort_people(["Lê Văn An", "Nguyễn Thị An"]) == ["Nguyễn Thị An", "Lê Văn An"]


def test_given_names_follow_vietnamese_order() -> None:
    people = ["Phạm Ư", "Vũ Đức", "Hồ Dung", "Lý Ân", "Ngô Ăn", "Bùi An", "Đỗ Ơn", "Hà Ôn"]
    assert sort_people(people) == [
        "Bùi An",
        "Ngô Ăn",
        "Lý Ân",
        "Hồ Dung",
        "Vũ Đức",
        "Hà Ôn",
        "Đỗ Ơn",
        "Phạm Ư",
    ]


def test_one_word_names_sort_by_that_word() -> None:
    assert sort_people(["Bình", "Trần An"]) == ["Trần An", "Bình"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("nguyễn văn ánh", "Nguyễn Văn Ánh"),
        ("ĐẶNG thị HOA", "Đặng Thị Hoa"),
        ("  trần   thị\u00a0ư  ", "Trần Thị Ư"),
        ("ÔNG ích KHIÊM", "Ông Ích Khiêm"),
        ("h'hen niê", "H'Hen Niê"),
        ("y-moan", "Y-Moan"),
        ("", ""),
    ],
)
def test_capitalize_name(typed: str, expected: str) -> None:
    assert capitalize_name(typed) == expected


def test_capitalize_name_handles_decomposed_input() -> None:
    assert capitalize_name(unicodedata.normalize("NFD", "ỨNG ĐẶNG")) == "Ứng Đặng"


VIETNAMESE_WORDS = st.lists(
    st.text(
        alphabet="aàảãáạăằắặâầấậbcdđeèéẹêềếệghiìíịklmnoòóọôồốộơờớợpqrstuùúụưừứựvxyỳýỵ",
        min_size=1,
        max_size=7,
    ),
    max_size=5,
).map(" ".join)


@given(VIETNAMESE_WORDS)
def test_capitalize_name_is_idempotent_and_keeps_the_letters(name: str) -> None:
    capitalised = capitalize_name(name)
    assert capitalize_name(capitalised) == capitalised
    assert capitalised.lower() == name.lower()
    for word in capitalised.split():
        assert word[0].isupper()
        assert len(word) == 1 or word[1:].islower()


@given(VIETNAMESE_WORDS)
def test_split_name_round_trips(name: str) -> None:
    family, middle, given = split_name(name)
    assert " ".join(part for part in (family, middle, given) if part) == name
