"""Qt-free Vietnamese text handling: normalisation, search, collation, names, dates, numbers."""

from kt_desktop.text.collation import CollationKey, collation_key
from kt_desktop.text.dates import format_date_long, format_date_short, format_place_date, parse_date
from kt_desktop.text.folding import (
    fold,
    key_matches,
    matches_search,
    search_key,
    search_needles,
)
from kt_desktop.text.names import capitalize_name, name_sort_key, split_name
from kt_desktop.text.normalize import clean_text, nfc
from kt_desktop.text.numbers import (
    amount_in_words,
    format_money,
    format_number,
    format_percent,
    number_in_words,
    parse_number,
    parse_percent,
)

__all__ = [
    "CollationKey",
    "amount_in_words",
    "capitalize_name",
    "clean_text",
    "collation_key",
    "fold",
    "format_date_long",
    "format_date_short",
    "format_money",
    "format_number",
    "format_percent",
    "format_place_date",
    "key_matches",
    "matches_search",
    "name_sort_key",
    "nfc",
    "number_in_words",
    "parse_date",
    "parse_number",
    "parse_percent",
    "search_key",
    "search_needles",
    "split_name",
]
