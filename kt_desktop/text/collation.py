"""Sort keys that order text as Vietnamese collation (CLDR/ICU "vi") does, without Qt."""

import functools
import re
import unicodedata
from typing import TypeAlias

__all__ = ["CollationKey", "collation_key"]

CollationKey: TypeAlias = tuple[str, str, str]
"""(primary, secondary, tertiary) weight strings; compare keys with ``<`` or sort by them.

Each string holds one character per collation weight, so comparing the tuples compares
the three ICU levels in turn: base letters, then tone and other marks, then case. The
characters are opaque codes, not text; never show them, and never store them (a later
version may change the codes).
"""

# How the model follows ICU 73's "vi" collation at its default (tertiary) strength with
# the default non-ignorable handling of spaces and punctuation, which is what
# QCollator(QLocale(Vietnamese, Vietnam)) uses (tests/gui/test_collation_oracle.py
# checks the two agree):
#
# * Every character becomes a list of collation elements (primary, secondary,
#   tertiary); a zero weight is skipped on its level, exactly as in ICU sort keys.
# * Primary: the base letter, digit or symbol. The vi tailoring gives ă â đ ê ô ơ ư
#   letters of their own (a < ă < â < b ... d < đ < e < ê ...). Accents do not count.
# * Secondary: one weight per character (common) plus one per remaining mark, in text
#   order. The vi tailoring puts the tones in the order huyền < hỏi < ngã < sắc < nặng,
#   so "hoà" < "hòa": the second has its grave one position earlier.
# * Tertiary: lowercase before uppercase, then compatibility variants.
#
# Text is put into NFC (so NFC and NFD spellings get one key) and then taken apart
# cluster by cluster: a starter and the combining marks after it, in NFD order. A vowel
# mark that makes the vi letters ă â ê ô ơ ư joins its base letter even past other marks
# (ặ = ă + dot below), as ICU's discontiguous contraction matching does. Almost all text
# is NFC without loose combining marks, where every character is one whole cluster; that
# path is a per-character table run by str.translate, so a key costs a few microseconds.
#
# Known difference: for "o" carrying both a horn and a circumflex, which no Vietnamese
# word has, ICU 73 itself gives canonically equivalent spellings different keys (ô +
# horn for NFC "ơ" + U+0302, ơ + circumflex for the NFD spelling); this model always
# gives ô + horn, ICU's result for the NFC spelling that clean_text stores.

# Whitespace and punctuation, then symbols, then currency: ICU root order of the
# characters an office types. Unlisted symbols sort by code point between these and the
# digits, unlisted letters likewise after z.
_SYMBOLS = (
    "\t\n\x0b\x0c\r\x85\u2028\u2029 _\u2017-\u2010\u2012\u2013\u2014\u2015,;:!¡?¿."
    "·'\u2039\u203a\"«»()[]{}\u2016§¶@*/\\&#%‰‱†‡•‣‧′‵‸`´^¯¨¸°©®+±÷×<=>¬|¦~−¤¢$£¥₫€"
)
_DIGITS = "0123456789"
# Vietnamese letters with the vi tailoring, plus the few Latin letters of foreign names
# that ICU ranks as letters of their own (ı ŋ ĸ ŧ þ).
_LETTERS = "aăâbcdđeêfghiıjklmnŋoôơpqĸrstŧuưvwxyzþ"

_SYMBOL_FALLBACK = len(_SYMBOLS) + 1
_PRIMARY: dict[str, int] = {
    **{ch: rank for rank, ch in enumerate(_SYMBOLS, start=1)},
    **{ch: rank for rank, ch in enumerate(_DIGITS + _LETTERS, start=_SYMBOL_FALLBACK + 1)},
}
_LETTER_FALLBACK = len(_PRIMARY) + 2

# Secondary weights. Common is what every base character carries; the variant weights
# are ICU's for curly quotes and the expansions of ß æ œ ð, all below the marks.
_COMMON = 1
_VARIANT_1, _VARIANT_2, _VARIANT_3, _VARIANT_4, _VARIANT_5, _VARIANT_6 = range(2, 8)

# Combining marks in ICU's secondary order with the vi tailoring applied; marks in one
# string share a weight. Unlisted marks sort after these by code point.
_MARK_ORDER = (
    "\u0332",
    "\u0313",
    "\u0314",
    "\u0300",  # huyền
    "\u0309",  # hỏi
    "\u0303",  # ngã
    "\u0301",  # sắc
    "\u0323",  # nặng
    "\u0306",
    "\u0302",
    "\u030c",
    "\u030a",
    "\u0342",
    "\u0308",
    "\u030b",
    "\u0307",
    "\u0338",
    "\u0327",
    "\u0328",
    "\u0304",
    "\u030d\u030e\u0312\u0315\u031a\u033d\u033e\u033f\u0346\u034a\u034b\u034c\u0350"
    "\u0351\u0352\u0357\u035b\u035d\u035e",
    "\u0316\u0317\u0318\u0319\u031c\u031d\u031e\u031f\u0320\u0329\u032a\u032b\u032c"
    "\u032f\u0333\u033a\u033b\u033c\u0347\u0348\u0349\u034d\u034e\u0353\u0354\u0355"
    "\u0356\u0359\u035a\u035c\u035f\u0362",
    "\u0336\u0337",
    "\u0335",
    "\u0305",
    "\u030f",
    "\u0310",
    "\u0311",
    "\u031b",
    "\u0321",
    "\u0322",
    "\u0324",
    "\u0325",
    "\u0326",
    "\u032d",
    "\u032e",
    "\u0330",
    "\u0331",
    "\u0334",
    "\u0339",
    "\u0345",
    "\u0358",
    "\u0360",
    "\u0361",
)
_FIRST_MARK = 10
_MARK: dict[str, int] = {
    mark: weight for weight, group in enumerate(_MARK_ORDER, start=_FIRST_MARK) for mark in group
}
_MARK_FALLBACK = _FIRST_MARK + len(_MARK_ORDER)

# Tertiary weights, approximating the UCA tertiary table: lowercase (and caseless) first,
# then compatibility variants, uppercase, and uppercase variants. Only characters with
# the same primary weight ever meet on this level, so only lowercase < uppercase and the
# order of the space variants (" " < wide < thin < no-break) matter in practice.
_LOWER = 1
_UPPER = 6
_TAG_TERTIARY: dict[str, int] = {
    "<wide>": 2,
    "<compat>": 3,
    "<font>": 4,
    "<circle>": 5,
    "<noBreak>": 11,
    "<super>": 12,
    "<sub>": 13,
}
_OTHER_TAG_TERTIARY = 14
_UPPER_TAG_TERTIARY: dict[str, int] = {
    "<wide>": 7,
    "<compat>": 8,
    "<font>": 9,
    "<circle>": 10,
    "<super>": 15,
}
_OTHER_UPPER_TAG_TERTIARY = 16

# The vi tailoring's letters that a base letter and a vowel mark make together.
_TAILORED_LETTERS = frozenset("ăâêôơưĂÂÊÔƠƯ")
_CONTRACTION_BASES = frozenset("aeouAEOU")

_Element: TypeAlias = tuple[int | str, int | str, int]
"""One collation element. An int weight is a rank; a str weight is already encoded
(the fallbacks, which need a second code to keep code-point order)."""

# Characters sorting as a variant of another: (base, secondary, tertiary) as in ICU root.
_VARIANTS: dict[str, tuple[str, int, int]] = {
    "\u2018": ("'", _VARIANT_1, _LOWER),
    "\u2019": ("'", _VARIANT_3, _LOWER),
    "\u201a": ("'", _VARIANT_5, _LOWER),
    "\u201b": ("'", _VARIANT_6, _LOWER),
    "\u201c": ('"', _VARIANT_1, _LOWER),
    "\u201d": ('"', _VARIANT_2, _LOWER),
    "\u201e": ('"', _VARIANT_4, _LOWER),
    "\u201f": ('"', _VARIANT_5, _LOWER),
    "\u2011": ("\u2010", _COMMON, _TAG_TERTIARY["<noBreak>"]),
}

# Latin letters ICU sorts as a base letter plus something else (foreign names only).
_COMPAT = _TAG_TERTIARY["<compat>"]
_UPPER_COMPAT = _UPPER_TAG_TERTIARY["<compat>"]
_EXPANSIONS: dict[str, tuple[_Element, ...]] = {
    "ß": ((_PRIMARY["s"], _VARIANT_1, _LOWER), (_PRIMARY["s"], _COMMON, _COMPAT)),
    "æ": ((_PRIMARY["a"], _VARIANT_1, _LOWER), (_PRIMARY["e"], _COMMON, _COMPAT)),
    "Æ": ((_PRIMARY["a"], _VARIANT_1, _UPPER), (_PRIMARY["e"], _COMMON, _UPPER_COMPAT)),
    "œ": ((_PRIMARY["o"], _VARIANT_1, _LOWER), (_PRIMARY["e"], _COMMON, _COMPAT)),
    "Œ": ((_PRIMARY["o"], _VARIANT_1, _UPPER), (_PRIMARY["e"], _COMMON, _UPPER_COMPAT)),
    "ð": ((_PRIMARY["d"], _VARIANT_1, _LOWER),),
    "Ð": ((_PRIMARY["d"], _VARIANT_1, _UPPER),),
    "ø": ((_PRIMARY["o"], _COMMON, _LOWER), (0, _MARK["\u0338"], _LOWER)),
    "Ø": ((_PRIMARY["o"], _COMMON, _UPPER), (0, _MARK["\u0338"], _LOWER)),
    "ł": ((_PRIMARY["l"], _COMMON, _LOWER), (0, _MARK["\u0335"], _LOWER)),
    "Ł": ((_PRIMARY["l"], _COMMON, _UPPER), (0, _MARK["\u0335"], _LOWER)),
    "ħ": ((_PRIMARY["h"], _COMMON, _LOWER), (0, _MARK["\u0335"], _LOWER)),
    "Ħ": ((_PRIMARY["h"], _COMMON, _UPPER), (0, _MARK["\u0335"], _LOWER)),
    "ſ": ((_PRIMARY["s"], _VARIANT_4, _LOWER),),
}

# Marks that ICU ignores on every level, unlike other combining marks.
_IGNORABLE_MARKS = frozenset("\u034f" + "".join(map(chr, range(0xFE00, 0xFE10))))

# Weights become characters; this offset keeps them clear of control characters only to
# make keys readable in a debugger. Fallback weights append the code point itself.
_CODE_OFFSET = 0x20
_SYMBOL_FALLBACK_CODE = chr(_CODE_OFFSET + _SYMBOL_FALLBACK)
_LETTER_FALLBACK_CODE = chr(_CODE_OFFSET + _LETTER_FALLBACK)
_MARK_FALLBACK_CODE = chr(_CODE_OFFSET + _MARK_FALLBACK)


def _encode(weight: int | str) -> str:
    if isinstance(weight, str):
        return weight
    return chr(_CODE_OFFSET + weight) if weight else ""


def _cluster_elements(cluster: str) -> tuple[_Element, ...]:
    """Collation elements of one starter and the combining marks after it, in NFD."""
    base, marks = cluster[0], list(cluster[1:])
    if unicodedata.combining(base):  # marks at the very start of the text
        base, marks = "", [base, *marks]
    elif base in _CONTRACTION_BASES and (index := _absorbed_mark(base, marks)) is not None:
        base = unicodedata.normalize("NFC", base + marks.pop(index))
    elements: list[_Element] = list(_char_elements(base)) if base else []
    for mark in marks:
        elements.extend(_char_elements(mark))
    return tuple(elements)


def _absorbed_mark(base: str, marks: list[str]) -> int | None:
    """Index of the mark that makes ``base`` one of the vi letters ă â ê ô ơ ư, if any.

    A mark may join the base past marks of a lower combining class but not past one of
    its own class (canonical blocking). Of two candidates (only o + horn + circumflex
    has two) the letter the tailoring lists first wins.
    """
    blocking: set[int] = set()
    candidates: list[tuple[int, int]] = []
    for index, mark in enumerate(marks):
        mark_class = unicodedata.combining(mark)
        if mark_class not in blocking:
            letter = unicodedata.normalize("NFC", base + mark)
            if letter in _TAILORED_LETTERS:
                candidates.append((_PRIMARY[letter.lower()], index))
        blocking.add(mark_class)
    return min(candidates)[1] if candidates else None


def _char_elements(ch: str) -> tuple[_Element, ...]:
    """Collation elements of one character that has no canonical decomposition left."""
    lower = ch.lower()
    case = _UPPER if lower != ch else _LOWER
    if (rank := _PRIMARY.get(lower if len(lower) == 1 else ch)) is not None:
        return ((rank, _COMMON, case),)
    if ch in _VARIANTS:
        base, secondary, tertiary = _VARIANTS[ch]
        return ((_PRIMARY[base], secondary, tertiary),)
    if ch in _EXPANSIONS:
        return _EXPANSIONS[ch]
    if ch in _MARK:
        return ((0, _MARK[ch], _LOWER),)
    decomposition = unicodedata.decomposition(ch)
    if decomposition.startswith("<"):
        return _compatibility_elements(ch, decomposition.split(" ", 1)[0])
    return (_fallback_element(ch),)


def _compatibility_elements(ch: str, tag: str) -> tuple[_Element, ...]:
    """Elements of a compatibility character (NBSP, ², ﬁ, …): its expansion, as a variant."""
    elements: list[_Element] = []
    for cluster in _clusters(unicodedata.normalize("NFKD", ch)):
        for primary, secondary, tertiary in _cluster_elements(cluster):
            if tertiary == _UPPER:
                tertiary = _UPPER_TAG_TERTIARY.get(tag, _OTHER_UPPER_TAG_TERTIARY)
            elif primary:
                tertiary = _TAG_TERTIARY.get(tag, _OTHER_TAG_TERTIARY)
            elements.append((primary, secondary, tertiary))
    return tuple(elements)


def _fallback_element(ch: str) -> _Element:
    """Element of a character outside the modelled repertoire.

    ICU ignores control and format characters; other unknown letters sort after z and
    other unknown symbols before the digits, among themselves by code point. Real names
    and unit names never reach this branch; it only has to give a total, stable order.
    """
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf") or ch in _IGNORABLE_MARKS:
        return (0, 0, 0)
    if category.startswith("M"):
        return (0, _MARK_FALLBACK_CODE + ch, _LOWER)
    if category.startswith("N") and (digit := unicodedata.digit(ch, None)) is not None:
        return (_PRIMARY[str(digit)], _COMMON, _OTHER_TAG_TERTIARY)
    case = _UPPER if ch.lower() != ch else _LOWER
    if category.startswith(("L", "N")):
        return (_LETTER_FALLBACK_CODE + ch, _COMMON, case)
    return (_SYMBOL_FALLBACK_CODE + ch, _COMMON, _LOWER)


def _clusters(decomposed: str) -> list[str]:
    """Split NFD text into runs of one starter and the combining marks after it."""
    clusters: list[str] = []
    for ch in decomposed:
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


@functools.lru_cache(maxsize=8192)
def _cluster_key(cluster: str) -> CollationKey:
    """The three encoded weight strings of one NFD cluster."""
    elements = _cluster_elements(cluster)
    primary, secondary, tertiary = (
        "".join(_encode(e[level]) for e in elements) for level in range(3)
    )
    return primary, secondary, tertiary


class _LevelTable(dict[int, str]):
    """str.translate table from a code point of NFC text to its weights on one level.

    Misses are computed once and cached for all three levels at once, so a list of
    20,000 names pays for the Unicode analysis only once per distinct character.
    """

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def __missing__(self, code_point: int) -> str:
        weights = _cluster_key(unicodedata.normalize("NFD", chr(code_point)))
        for table in _LEVEL_TABLES:
            table[code_point] = weights[table.level]
        return weights[self.level]


_LEVEL_TABLES = (_LevelTable(0), _LevelTable(1), _LevelTable(2))
_PRIMARY_TABLE, _SECONDARY_TABLE, _TERTIARY_TABLE = _LEVEL_TABLES

# Combining marks left over after NFC. A mark that NFC could not fold into the letter
# before it may still belong before that letter's own marks in canonical order (ạ + horn
# is a, horn, dot below), so such text goes through the slower cluster-by-cluster path.
_LOOSE_MARK = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def collation_key(text: str) -> CollationKey:
    """Return a key sorting ``text`` the way Vietnamese collation does.

    Matches ``QCollator(QLocale(Vietnamese, Vietnam)).sortKey`` at its defaults: base
    letters first (a ă â b c d đ e ê … o ô ơ … u ư …), then tones (none, huyền, hỏi,
    ngã, sắc, nặng), then case (lowercase first); spaces and punctuation sort before
    digits, digits before letters, and digits compare one by one ("10" < "9").
    NFC and NFD spellings of a text get equal keys. The key is a
    :data:`CollationKey`: compare keys with each other only.
    """
    composed = unicodedata.normalize("NFC", text)
    if not _LOOSE_MARK.search(composed):
        return (
            composed.translate(_PRIMARY_TABLE),
            composed.translate(_SECONDARY_TABLE),
            composed.translate(_TERTIARY_TABLE),
        )
    keys = [_cluster_key(cluster) for cluster in _clusters(unicodedata.normalize("NFD", composed))]
    return (
        "".join(key[0] for key in keys),
        "".join(key[1] for key in keys),
        "".join(key[2] for key in keys),
    )
