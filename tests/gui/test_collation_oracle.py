"""collation_key against Qt's own Vietnamese collator (ICU), the order the GUI shows."""

import functools
import random
import unicodedata
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QCollator, QLocale

from kt_desktop.text import collation_key, name_sort_key, split_name

# QCollator needs no QApplication, so none is created here.
QT_COLLATOR = QCollator(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))

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

TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, huyền, hỏi, ngã, sắc, nặng
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
ALL_VOWELS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES]


def _words(text: str) -> list[str]:
    return text.split()


FAMILY = _words(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Mai "
    "Trương Tạ Đoàn Lương Quách Ưng Âu Ông Ứng Khổng Lã Mạc Kiều Tô Thái Hà Vương Chu Tăng"
)
MIDDLE = _words(
    "Văn Thị Hữu Đức Minh Ngọc Thanh Quang Xuân Thu Kim Bảo Công Đình Thế Mỹ Diệu Quốc "
    "Phương Hoài Tuấn Ánh Khắc Nữ Thùy Thuỳ Hoà Hòa Quý Quí"
)
GIVEN = _words(
    "An Ân Ăn Anh Ánh Bình Bích Cường Chi Dũng Duyên Đạt Điệp Giang Hà Hải Hạnh Hằng Hiếu "
    "Hoà Hòa Hoa Hùng Hưng Hương Hường Huệ Khải Khoa Khuê Lan Lâm Liên Linh Loan Lộc Lợi "
    "Mai Mạnh Mỹ Nga Ngân Nghĩa Ngọc Nhàn Nhung Oanh Phúc Phượng Quân Quỳnh Sơn Sương Tâm "
    "Thảo Thoa Thuỷ Thủy Thúy Thuý Toàn Trang Trí Trúc Tú Tuấn Tuyết Uyên Ửng Việt Vy Xuân "
    "Yến Ý Ỷ Ước Ơn Ổn Ỡ Ữu Ẩn Ẵm Ẹ Ễ Ỵ Ỳ Ỹ"
)
ONSETS = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip
CODAS = ("", "", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u", "y")
# Unit and place names add digits and the punctuation they really contain. ICU's order
# for rarer punctuation is modelled too, but these are what the app stores.
UNIT_PARTS = (
    "Thôn", "Xóm", "Tổ", "Chi bộ", "Hội", "Đội", "Khu", "Ấp", "Trường", "UBND", "Đoàn",
    "Thanh niên", "Phụ nữ", "Cựu chiến binh", "Nông dân", "Mầm non", "Tiểu học", "THCS",
)  # fmt: skip
SEPARATORS = (" ", " ", " ", " ", "-", " - ", ", ", ". ", " (", ") ", "  ", "")


def first_disagreement(ours: list[str], qt: list[str]) -> str:
    index = next(i for i, (a, b) in enumerate(zip(ours, qt, strict=True)) if a != b)
    window = slice(max(0, index - 2), index + 3)
    return (
        f"first difference at {index}:\n"
        f"  collation_key: {[ascii(s) for s in ours[window]]}\n"
        f"  QCollator:     {[ascii(s) for s in qt[window]]}"
    )


def assert_same_order(texts: Iterable[str]) -> None:
    texts = list(texts)
    ours = sorted(texts, key=collation_key)
    qt = sorted(texts, key=QT_COLLATOR.sortKey)
    # Equal strings (and NFC/NFD twins, equal in both) keep their input order in both
    # stable sorts, so the two sequences must match exactly.
    assert ours == qt, first_disagreement(ours, qt)


def random_syllable(rng: random.Random) -> str:
    nucleus = rng.choice(VOWELS)
    if rng.random() < 0.4:  # a diphthong, with the tone on either vowel
        nucleus += rng.choice(("a", "i", "o", "u", "y", "ê", "ơ"))
    tone = rng.choice(TONES)
    position = rng.randrange(len(nucleus))
    nucleus = nucleus[: position + 1] + tone + nucleus[position + 1 :]
    return unicodedata.normalize("NFC", rng.choice(ONSETS) + nucleus + rng.choice(CODAS))


def vary_case(rng: random.Random, word: str) -> str:
    roll = rng.random()
    if roll < 0.6:
        return word[:1].upper() + word[1:].lower()
    if roll < 0.75:
        return word.lower()
    if roll < 0.9:
        return word.upper()
    return "".join(ch.upper() if rng.random() < 0.5 else ch.lower() for ch in word)


def random_name(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.5:
        words = [rng.choice(FAMILY)]
        words += [rng.choice(MIDDLE) for _ in range(rng.choice((0, 1, 1, 1, 2, 3)))]
        words.append(rng.choice(GIVEN))
    elif kind < 0.8:
        words = [random_syllable(rng) for _ in range(rng.randint(1, 4))]
    else:
        words = [rng.choice(UNIT_PARTS)]
        words += [
            rng.choice((str(rng.randint(0, 120)), random_syllable(rng), rng.choice(GIVEN)))
            for _ in range(rng.randint(1, 3))
        ]
    words = [vary_case(rng, word) for word in words]
    name = words[0]
    for word in words[1:]:
        name += (" " if rng.random() < 0.8 else rng.choice(SEPARATORS)) + word
    if rng.random() < 0.05:
        name += rng.choice((".", ")", " 2", "1", ","))
    if rng.random() < 0.2:  # pasted from macOS or a PDF
        name = unicodedata.normalize("NFD", name)
    return name


def near_twins(name: str) -> list[str]:
    """Variants that differ only on the secondary or tertiary level."""
    composed = unicodedata.normalize("NFC", name)
    return [
        composed.lower(),
        composed.upper(),
        composed.swapcase(),
        # Move every tone mark one letter left: the old/new tone placement ("hoà"/"hòa").
        unicodedata.normalize("NFC", _shift_tones(unicodedata.normalize("NFD", composed))),
        # Another tone on the first toned syllable (hỏi/ngã and the like).
        unicodedata.normalize("NFC", _retone(unicodedata.normalize("NFD", composed), 1)),
        unicodedata.normalize("NFC", _retone(unicodedata.normalize("NFD", composed), 3)),
    ]


def _retone(decomposed: str, shift: int) -> str:
    marks = TONES[1:]
    for i, ch in enumerate(decomposed):
        if ch in marks:
            other = marks[(marks.index(ch) + shift) % len(marks)]
            return decomposed[:i] + other + decomposed[i + 1 :]
    return decomposed


def _shift_tones(decomposed: str) -> str:
    chars = list(decomposed)
    for i in range(1, len(chars)):
        if chars[i] in TONES[1:] and i >= 2 and chars[i - 2].isalpha():
            chars[i - 1], chars[i] = chars[i], chars[i - 1]
    return "".join(chars)


def test_qt_is_the_expected_oracle() -> None:
    """Qt's own order is the one observed when collation_key was written."""
    assert sorted(OBSERVED[::-1], key=QT_COLLATOR.sortKey) == OBSERVED


def test_observed_list() -> None:
    assert sorted(OBSERVED[::-1], key=collation_key) == OBSERVED
    assert_same_order(OBSERVED)


def test_every_vowel_tone_and_case() -> None:
    letters = ALL_VOWELS + [v.upper() for v in ALL_VOWELS] + list("dđDĐ")
    assert_same_order(letters)
    # In a syllable, so the mark competes with the letters around it.
    assert_same_order(f"{onset}{v}{coda}" for v in letters for onset in "bĐ" for coda in ("", "n"))


def test_every_pair_of_vowels() -> None:
    letters = ALL_VOWELS + [v.upper() for v in ALL_VOWELS]
    pairs = [a + b for a in letters for b in letters]
    assert_same_order(pairs + [unicodedata.normalize("NFD", pair) for pair in pairs[::7]])


def test_thousands_of_realistic_names() -> None:
    rng = random.Random(20250805)
    names: list[str] = []
    for _ in range(4000):
        name = random_name(rng)
        names.append(name)
        if rng.random() < 0.25:
            names.extend(near_twins(name))
        if rng.random() < 0.02:
            names.append(name)  # exact duplicates happen in real lists
    rng.shuffle(names)
    assert len(names) > 5000
    assert_same_order(names)


def test_name_sort_key_agrees_with_qt_part_by_part() -> None:
    rng = random.Random(7)
    people = [random_name(rng) for _ in range(1500)]

    def qt_compare(left: str, right: str) -> int:
        for left_part, right_part in zip(_by_given(left), _by_given(right), strict=True):
            order = QT_COLLATOR.sortKey(left_part).compare(QT_COLLATOR.sortKey(right_part))
            if order:
                return order
        return 0

    ours = sorted(people, key=name_sort_key)
    qt = sorted(people, key=functools.cmp_to_key(qt_compare))
    assert ours == qt, first_disagreement(ours, qt)


def _by_given(full_name: str) -> tuple[str, str, str]:
    family, middle, given = split_name(full_name)
    return given, middle, family


NAME_CHARS = st.sampled_from(
    ALL_VOWELS
    + [v.upper() for v in ALL_VOWELS]
    + list("bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVXfjwzFJWZ0123456789 -.,()")
)
NAME_TEXT = st.lists(NAME_CHARS, max_size=12).map("".join)


@settings(max_examples=300)
@given(st.lists(st.one_of(NAME_TEXT, NAME_TEXT.map(lambda s: unicodedata.normalize("NFD", s)))))
def test_random_strings_agree(texts: list[str]) -> None:
    assert_same_order(texts)


@pytest.mark.parametrize("text", ["", " ", "\t", "-", "0", "a", "Đ", "ỹ", "Ỹ"])
def test_single_strings_against_empty(text: str) -> None:
    assert_same_order(["", text, text + text])
