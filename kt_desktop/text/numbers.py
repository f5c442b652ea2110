"""Numbers, percentages and money in Vietnamese notation (1.234.567,5), both ways."""

import re
from decimal import ROUND_HALF_UP, Context, Decimal

from kt_desktop.text.normalize import clean_text

__all__ = ["format_money", "format_number", "format_percent", "parse_number", "parse_percent"]


def format_number(value: int | Decimal | float, decimals: int | None = None) -> str:
    """Return ``value`` with a decimal comma and thousands dots: "1.234.567,5".

    With ``decimals=None`` the number shows as many decimals as it has, without trailing
    zeros; with ``decimals=n`` it is rounded half up to exactly n decimals ("12,50").
    Negative numbers start with "-"; a value that rounds to zero never shows "-0".
    """
    number = _to_decimal(value)
    if decimals is None:
        text = f"{number:f}"
        if "." in text:  # trailing zeros of the fraction only, never of the integer part
            text = text.rstrip("0").rstrip(".")
    else:
        if decimals < 0:
            raise ValueError(f"decimals must be at least 0, not {decimals}")
        text = f"{_round(number, decimals):f}"
    negative = text.startswith("-")
    integer, _, fraction = text.lstrip("-").partition(".")
    if negative and not (integer.strip("0") or fraction.strip("0")):
        negative = False
    grouped = f"{int(integer):,}".replace(",", ".")
    return ("-" if negative else "") + grouped + ("," + fraction if fraction else "")


def format_percent(value: int | Decimal | float, decimals: int = 1) -> str:
    """Return a percentage, given in percent (85.5, not 0.855): "85,5%".

    Whole values drop the zero decimals: "100%", not "100,0%".
    """
    number = _round(_to_decimal(value), decimals)
    if number == number.to_integral_value():
        return f"{format_number(number, 0)}%"
    return f"{format_number(number, decimals)}%"


def format_money(dong: int) -> str:
    """Return an amount of money in đồng: "1.500.000 đồng"."""
    return f"{format_number(dong)} đồng"


def _to_decimal(value: int | Decimal | float) -> Decimal:
    # str() of a float is its shortest round-trip form, so 0.1 stays 0.1 rather than
    # Decimal(0.1)'s 0.1000000000000000055511151231257827...
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"'{value}' không phải là số hữu hạn.")
    return number


def _round(number: Decimal, decimals: int) -> Decimal:
    # Room for every digit, so quantize never fails on large amounts.
    context = Context(prec=max(28, number.adjusted() + decimals + 2))
    return number.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP, context)


# Optional sign, then digits with any of . , and space between them.
_NUMBER_SHAPE = re.compile(r"([+\-\u2212]?)([0-9., ]*[0-9])")
_MINUS_SIGNS = ("-", "\u2212")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:x[0-9]{3})+")  # x stands for the group separator


def parse_number(text: str) -> Decimal:
    """Read a number the way Vietnamese users type it.

    A comma is the decimal separator ("85,5", "0,5", and so "1,234" is 1.234), dots or
    spaces separate thousands ("1.234.567", "1 234", also with a no-break space). A
    single dot followed by exactly three digits is a thousands dot ("1.234" is 1234);
    otherwise a single dot is a decimal point typed the English way ("12.5", "3.14").
    With both signs present, the last one is the decimal separator ("1.234,5" and
    "1,234.5" are both 1234.5). Raises :class:`ValueError` with a Vietnamese message
    for anything else.
    """
    cleaned = clean_text(text)
    if not cleaned:
        raise ValueError("Chưa nhập số.")
    match = _NUMBER_SHAPE.fullmatch(cleaned)
    if match is None:
        raise ValueError(_not_a_number(cleaned))
    sign, body = match.groups()
    parts = _split_number(body)
    if parts is None:
        raise ValueError(_not_a_number(cleaned))
    integer, fraction = parts
    digits = (integer or "0") + ("." + fraction if fraction else "")
    number = Decimal(("-" if sign in _MINUS_SIGNS else "") + digits)
    # "-0" and "-0,0" are zero; a signed zero would print and compare oddly elsewhere.
    return number.copy_abs() if number.is_zero() else number


def _split_number(body: str) -> tuple[str, str] | None:
    """Return the integer and fraction digits of ``body``, or None if it is malformed."""
    has_dot, has_comma, has_space = "." in body, "," in body, " " in body
    if has_dot and has_comma:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
    elif has_comma:
        # One comma is the Vietnamese decimal comma; several can only be thousands
        # commas typed the English way ("1,234,567").
        decimal_mark = "," if body.count(",") == 1 else ""
    elif has_dot and body.count(".") == 1:
        # With spaces grouping the thousands, the dot can only be the decimal point.
        decimal_mark = "." if has_space or not _is_grouped(body, ".") else ""
    else:
        decimal_mark = ""
    if decimal_mark:
        integer, _, fraction = body.partition(decimal_mark)
        if not fraction.isdigit():
            return None
    else:
        integer, fraction = body, ""
    group_marks = set(integer) - set("0123456789")
    if len(group_marks) > 1:
        return None
    if group_marks:
        (group_mark,) = group_marks
        if not _is_grouped(integer, group_mark):
            return None
        integer = integer.replace(group_mark, "")
    return integer, fraction


def _is_grouped(digits: str, mark: str) -> bool:
    """Tell whether ``digits`` is thousands grouped with ``mark`` (1.234.567, not 12.34)."""
    return _GROUPED.fullmatch(digits.replace(mark, "x")) is not None


def _not_a_number(cleaned: str) -> str:
    return f"'{cleaned}' không phải là số."


_PERCENT_SIGN = re.compile(r"\s*%$")


def parse_percent(text: str) -> Decimal:
    """Read a percentage typed with or without the sign: "85,5%", "85,5 %", "85,5" → 85.5.

    Raises :class:`ValueError` with a Vietnamese message for anything else.
    """
    cleaned = clean_text(text)
    try:
        return parse_number(_PERCENT_SIGN.sub("", cleaned))
    except ValueError:
        if not cleaned:
            raise ValueError("Chưa nhập tỉ lệ phần trăm.") from None
        raise ValueError(f"'{cleaned}' không phải là tỉ lệ phần trăm.") from None
