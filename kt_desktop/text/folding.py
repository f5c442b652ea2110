"""Accent- and case-insensitive search keys for Vietnamese text."""

import re
import unicodedata

__all__ = ["fold", "key_matches", "matches_search", "search_key", "search_needles"]

_NOT_WORD = re.compile(r"[^0-9a-z]+")


class _StripTable(dict[int, int | None]):
    """Translation table deleting combining marks and turning đ into d.

    Filled lazily, one entry per distinct character ever seen, so :meth:`str.translate`
    runs at C speed over the 20,000 names a list folds when it loads.
    """

    def __missing__(self, code_point: int) -> int | None:
        ch = chr(code_point)
        # Đ/đ carry their stroke in the base letter itself (no decomposition), so
        # stripping combining marks alone would keep them apart from d.
        value = None if unicodedata.combining(ch) else ord("d") if ch == "đ" else code_point
        self[code_point] = value
        return value


_STRIP = _StripTable()


def fold(text: str) -> str:
    """Return the search key of ``text``: lowercase, no diacritics, đ → d, single spaces.

    Tone marks and the vowel marks of ă â ê ô ơ ư are all dropped, so "Kim Thành",
    "kim thanh" and "KIM THÀNH" fold alike, and so do the old and new tone placements
    ("hoà"/"hòa", "Thuỷ"/"Thủy"). Input may be NFC or NFD; the result is the same.
    """
    # casefold comes first: some capitals lowercase to a base letter plus a combining
    # mark (İ → i̇), which decomposing and stripping then remove.
    bare = unicodedata.normalize("NFD", text.casefold()).translate(_STRIP)
    return " ".join(unicodedata.normalize("NFC", bare).split())


def search_key(text: str) -> str:
    """The haystack a list keeps per row: folded words, each preceded by one space.

    Punctuation separates words ("Thôn Đông (THON01)" gives " thon dong thon01"), so a
    query word can be matched against the start of every word with one substring test.
    """
    return " " + " ".join(_NOT_WORD.split(fold(text))).strip()


def search_needles(query: str) -> tuple[str, ...]:
    """The query's folded words, each with the leading space that anchors it to a word start.

    Compute once per keystroke, then test each row with ``all(n in key for n in needles)``.
    """
    return tuple(" " + word for word in _NOT_WORD.split(fold(query)) if word)


def matches_search(query: str, haystack_key: str) -> bool:
    """Tell whether every word of ``query`` starts some word of the row.

    ``haystack_key`` must come from :func:`search_key` (lists compute it once per row, not
    on every keystroke). Words match at the start of a word, in any order, so "thanh kim"
    finds "Kim Thành" and "an" finds "Ánh" but not "Đặng"; an empty query matches
    everything.
    """
    return key_matches(search_needles(query), haystack_key)


def key_matches(needles: tuple[str, ...], haystack_key: str) -> bool:
    """The per-row test behind matches_search, for lists that compute the needles once."""
    return all(needle in haystack_key for needle in needles)
