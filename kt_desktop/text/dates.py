"""Dates as Vietnamese administrative documents write them, and parsing what users type."""

import re
from datetime import date

from kt_desktop.text.normalize import clean_text

__all__ = ["format_date_long", "format_date_short", "format_place_date", "parse_date"]


def format_date_long(d: date) -> str:
    """Return ``d`` as in the heading of an official document: "ngày 05 tháng 8 năm 2025".

    The rules for administrative documents (Nghị định 30/2020/NĐ-CP, Phụ lục I) want a
    leading zero on days below 10 and on the months 1 and 2 ("ngày 01 tháng 02 năm
    2026") and none on the other months ("tháng 12").
    """
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def format_place_date(place: str, d: date) -> str:
    """Return the place-and-date line: "Kim Thành, ngày 05 tháng 8 năm 2025".

    Without a place the line starts the sentence itself: "Ngày 05 tháng 8 năm 2025".
    """
    place = clean_text(place)
    long_date = format_date_long(d)
    if not place:
        return long_date[0].upper() + long_date[1:]
    return f"{place}, {long_date}"


def format_date_short(d: date) -> str:
    """Return ``d`` as dd/mm/yyyy: "05/08/2025"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


# Day-month-year with one separator used twice, or ISO year-month-day. ASCII digits only:
# \d would also take Arabic-Indic and other digits that int() accepts.
_DAY_FIRST = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def parse_date(text: str) -> date:
    """Read a date typed as day/month/year ("05/8/2025", "5-8-2025", "05.08.2025") or ISO.

    Raises :class:`ValueError` with a Vietnamese message, ready to show, for anything
    else, including dates that do not exist such as 31/02/2025.
    """
    cleaned = clean_text(text)
    if not cleaned:
        raise ValueError("Chưa nhập ngày (ngày/tháng/năm).")
    if match := _DAY_FIRST.fullmatch(cleaned):
        day, _, month, year = match.groups()
    elif match := _ISO.fullmatch(cleaned):
        year, month, day = match.groups()
    else:
        raise ValueError(_invalid(cleaned))
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(_invalid(cleaned)) from None


def _invalid(cleaned: str) -> str:
    return f"'{cleaned}' không phải là ngày hợp lệ (ngày/tháng/năm)."
