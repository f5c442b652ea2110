"""Vietnamese personal names: splitting, sorting by given name, and capitalisation."""

import unicodedata

from kt_desktop.text.collation import CollationKey, collation_key
from kt_desktop.text.normalize import clean_text, nfc

__all__ = ["capitalize_name", "name_sort_key", "split_name"]


def split_name(full_name: str) -> tuple[str, str, str]:
    """Split a full name into (family, middle, given).

    The family name is the first word, the given name the last, and everything between
    is the middle name: "Nguyễn Thị Minh Khai" → ("Nguyễn", "Thị Minh", "Khai"). A single
    word is taken as the given name, and an empty name gives three empty strings.
    """
    words = clean_text(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def name_sort_key(full_name: str) -> tuple[CollationKey, CollationKey, CollationKey]:
    """Return a key sorting people the Vietnamese way: given, then middle, then family name.

    Each part compares by :func:`collation_key`, so "Trần Văn Anh" comes before
    "Lê Thị Ánh" and "Lê Văn An" before "Nguyễn Văn An".
    """
    family, middle, given = split_name(full_name)
    return collation_key(given), collation_key(middle), collation_key(family)


def capitalize_name(text: str) -> str:
    """Return ``text`` cleaned, each syllable with a capital first letter and the rest small.

    "nguyễn văn ánh" → "Nguyễn Văn Ánh", "ĐẶNG thị HOA" → "Đặng Thị Hoa". A syllable
    starts at any letter not preceded by a letter, so hyphenated and apostrophe names of
    ethnic minorities keep their capitals ("H'Hen Niê", "Y-Moan").
    """
    result: list[str] = []
    in_word = False
    for ch in clean_text(text):
        category = unicodedata.category(ch)
        if category.startswith("L"):
            result.append(ch.lower() if in_word else ch.title())
            in_word = True
        else:
            result.append(ch)
            # A combining mark belongs to the letter before it (NFC leaves a few loose).
            in_word = in_word and category.startswith("M")
    # Case mapping can leave a letter decomposed (ǰ → J + caron).
    return nfc("".join(result))
