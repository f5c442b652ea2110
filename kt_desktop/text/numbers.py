"""Numbers, percentages and money in Vietnamese notation (1.234.567,5), both ways.

Also whole numbers and amounts in words, as award decisions write them under the
figure: "Bằng chữ: Một triệu tám trăm nghìn đồng".
"""

import re
from decimal import ROUND_HALF_UP, Context, Decimal

from kt_desktop.text.normalize import clean_text

__all__ = [
    "amount_in_words",
    "format_money",
    "format_number",
    "format_percent",
    "number_in_words",
    "parse_number",
    "parse_percent",
]


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


# Reading whole numbers in words --------------------------------------------------------

_DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9
# The groups of three digits below a tỷ, highest first, with the word that follows each.
_GROUPS_BELOW_BILLION = ((10**6, "triệu"), (10**3, "nghìn"), (1, ""))


def amount_in_words(dong: int) -> str:
    """Return an amount of money in words, as written after "Bằng chữ:" in a decision.

    The first letter is capitalised and the text ends in " đồng":
    1_800_000 → "Một triệu tám trăm nghìn đồng", 0 → "Không đồng". Raises
    :class:`ValueError` for a negative amount or anything that is not an ``int``.
    """
    words = number_in_words(dong)
    return f"{words[0].upper()}{words[1:]} đồng"


def number_in_words(n: int) -> str:
    """Return a whole number in words, all lower case: 11 → "mười một".

    Groups of three digits are read with "nghìn", "triệu" and "tỷ"; above 999 tỷ the
    part in front of "tỷ" is read again the same way ("một nghìn tỷ", "một triệu tỷ").
    Raises :class:`ValueError` for a negative number or anything that is not an ``int``.
    """
    # bool is an int subclass, but "True" is a slip, never an amount of money.
    if not isinstance(n, int) or isinstance(n, bool):
        raise ValueError(f"Không đọc được {n!r} thành chữ: cần một số nguyên.")
    if n < 0:
        raise ValueError(f"Không đọc được {n} thành chữ: cần một số không âm.")
    # Zero is the only number read as "không" on its own; elsewhere an empty group is
    # skipped, so the general reading would give an empty string.
    if n == 0:
        return _DIGIT_WORDS[0]
    return " ".join(_number_words(n, leading=True))


def _number_words(n: int, leading: bool) -> list[str]:
    """Return the words of ``n`` (> 0), split at "tỷ" and then into groups of three digits.

    ``leading`` says that nothing has been read before ``n``, so its first group is read
    short ("năm", not "không trăm linh năm").
    """
    words: list[str] = []
    above_billion, below_billion = divmod(n, _BILLION)
    if above_billion:
        # Vietnamese has no word above "tỷ": larger amounts repeat it ("nghìn tỷ"), so
        # the part in front of it is itself a number read with the same rules.
        words += [*_number_words(above_billion, leading), "tỷ"]
        leading = False
    for size, name in _GROUPS_BELOW_BILLION:
        group = below_billion // size % 1000
        # An empty group after the first is not read at all: 1_000_100 is "một triệu
        # một trăm", not "một triệu không nghìn một trăm".
        if group == 0:
            continue
        words += _group_words(group, full=not leading)
        if name:
            words.append(name)
        leading = False
    return words


def _group_words(group: int, full: bool) -> list[str]:
    """Return the words of one group of three digits (1 to 999).

    With ``full``, the group follows another one and is read with all three places:
    "không trăm năm mươi"; otherwise only from its first non-zero digit: "năm mươi".
    """
    hundreds, rest = divmod(group, 100)
    words: list[str] = []
    # After a higher group, official usage reads the hundreds even when zero ("một triệu
    # không trăm năm mươi nghìn"): every group then names all three places, so no
    # digit can be lost between "triệu" and "năm mươi" when the text is copied out.
    if hundreds or full:
        words += [_DIGIT_WORDS[hundreds], "trăm"]
    return words + _tens_and_units_words(rest, after_hundreds=bool(words))


def _tens_and_units_words(rest: int, after_hundreds: bool) -> list[str]:
    """Return the words of the last two digits of a group (0 to 99)."""
    tens, units = divmod(rest, 10)
    if tens == 0:
        if units == 0:
            return []
        # "linh" marks the empty tens between "trăm" and a units digit: "một trăm linh
        # năm" is 105, where "một trăm năm" is the spoken short form of 150.
        return ["linh", _DIGIT_WORDS[units]] if after_hundreds else [_DIGIT_WORDS[units]]
    # Ten itself is "mười"; twenty and up are "<digit> mươi", with the level tone.
    words = ["mười"] if tens == 1 else [_DIGIT_WORDS[tens], "mươi"]
    if units:
        words.append(_units_after_tens_word(units, tens))
    return words


def _units_after_tens_word(units: int, tens: int) -> str:
    """Return the word for a units digit (1 to 9) that follows "mười" or "mươi"."""
    # Five after a tens word is always "lăm" (mười lăm, hai mươi lăm): that is the
    # standard reading, and "mười năm" would read as "ten years".
    if units == 5:
        return "lăm"
    # One is "mốt" only after "mươi" (hai mươi mốt); eleven stays "mười một".
    if units == 1 and tens >= 2:
        return "mốt"
    # Four after "mươi" is "tư" (hai mươi tư) in the common official usage; fourteen and
    # a lone four keep "bốn".
    if units == 4 and tens >= 2:
        return "tư"
    return _DIGIT_WORDS[units]
