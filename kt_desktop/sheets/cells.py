"""Cell values as people type them in Excel, read into numbers, rates, dates, codes and words.

A *parser* is a function ``(value, number_format) -> parsed`` where ``value`` is what openpyxl
gives for the cell (``None``, ``str``, ``int``, ``float``, ``bool``, ``datetime``) and
``number_format`` the cell's Excel number format ("General", "0%", "000", ...; the table reader
only looks it up for numbers, and passes "" otherwise). A blank cell (``None``, or text that is
only spaces) gives ``None``; whether a field may be blank is the reader's business. Anything else
that cannot be read raises :class:`ValueError` whose message is a complete Vietnamese sentence
("'8,5,1' không phải là số."); the table reader turns it into a :class:`CellError` with the
sheet, row, column letter and raw value.

What each parser accepts:

* :func:`parse_text`: NFC, trimmed, inner runs of spaces (also no-break) made one; a number
  becomes its digits ("12", not "12.0"), a date dd/mm/yyyy.
* :func:`parse_code`: text kept as typed, leading zeros included ("001"); a number formatted
  "000" in Excel gets its zeros back (1 -> "001").
* :func:`parse_count`: a whole number >= 0: 1068, "1.068", "3 412", "1 480" (no-break space),
  "12,0"; "1.234" is one thousand two hundred thirty-four (kt_desktop.text.parse_number).
* :func:`parse_decimal`: any number, decimal comma ("12,5").
* :func:`parse_percent`: a rate in percent, as a Decimal (85.44 means 85,44 %). The rule:

  1. text with a "%" sign is the number as written: "85,44%" -> 85.44, "98,7 %" -> 98.7;
  2. an Excel number with a % number format is a fraction: 0.95 shown "95%" -> 95, 1 -> 100;
  3. anything else is already in percent ("100" -> 100, "99,4" -> 99.4, 58 -> 58), except a
     bare value between 0 and 1 inclusive, which is read as a fraction (0.95 -> 95, "1" -> 100):
     a rate column holding 0.95 is, in practice, a formula =E7/D7 whose % format was forgotten,
     and the plan's rates all sit between 70 % and 100 %. That reading is ambiguous, so
     :func:`percent_readings` gives both (fraction first); the reader's consistency check picks
     the one that agrees with a numerator and denominator given on the same row (1 of 200
     written "0,5" is then 0,5 %).

* :func:`parse_date`: an Excel date (or a serial number without a date format), "05/8/2025",
  "5-8-2025", "05.08.2025", "2025-12-10", with or without a time after it, "05/8/25", and
  "ngày 05 tháng 8 năm 2025". A bare year such as 2025 is refused (it is not a day).
* :func:`parse_year`: 1979, "1979", or the year of a date; 1900-2100.
* :func:`parse_yes_no`: "Có", "x", "Đạt", "Rồi", "1", TRUE -> True; "Không", "Chưa",
  "Không đạt", "0", FALSE -> False.
* :func:`parse_gender`, :func:`parse_unit_kind`, :func:`parse_person_kind`: the register's
  vocabularies from their usual Vietnamese words ("Nữ", "nữ", "Phòng, ban", "Thôn", ...).

Formulas: openpyxl gives a formula cell's cached value, which these parsers read like any other;
a formula without a cached value and an Excel error value ("#DIV/0!") are reported by the reader
with :func:`formula_without_value_reason` and :func:`error_value_reason`.

A parser that reads the number format must be in :data:`FORMAT_AWARE_PARSERS` or carry an
attribute ``needs_number_format = True`` (:func:`needs_number_format`): the reader only looks
formats up, at a cost per cell, when a mapped column needs them. A "%" in the format counts only
outside quotes and escapes ('0.0"%"' prints a % sign after the number as it is).
:class:`CellError` (sheet, row, column letter, raw value, reason, field; ``cell`` "F7",
``location``, ``describe()``) is what every reading error is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from kt_desktop.domain.enums import Gender, PersonKind, UnitKind
from kt_desktop.text import clean_text, fold, format_date_short, format_number, parse_number
from kt_desktop.text import parse_date as parse_date_text

__all__ = [
    "EXCEL_ERRORS",
    "FORMAT_AWARE_PARSERS",
    "CellError",
    "CellParser",
    "error_value_reason",
    "formula_without_value_reason",
    "is_blank",
    "needs_number_format",
    "parse_code",
    "parse_count",
    "parse_date",
    "parse_decimal",
    "parse_gender",
    "parse_percent",
    "parse_person_kind",
    "parse_text",
    "parse_unit_kind",
    "parse_year",
    "parse_yes_no",
    "percent_readings",
    "plain_decimal",
    "raw_text",
]

CellParser = Callable[[Any, str], Any]

# The error values Excel caches for a formula that failed.
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
)  # fmt: skip

# Floats from Excel carry binary noise (0.8544000000000001 from a formula); nine decimals keep
# every figure a person types and drop the noise.
_FLOAT_DECIMALS = Decimal("1e-9")
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class CellError:
    """A cell that could not be read: where it is, what it held, and why, in Vietnamese.

    ``column`` is the column letter ("F"), ``row`` the sheet's row number, ``raw`` the value as
    openpyxl gave it (None for an empty cell), ``reason`` a complete sentence, ``field`` the
    mapped field the column feeds ("" when the error is about the row).
    """

    sheet: str
    row: int
    column: str
    raw: Any
    reason: str
    field: str = ""

    @property
    def cell(self) -> str:
        return f"{self.column}{self.row}"

    @property
    def raw_text(self) -> str:
        return raw_text(self.raw)

    @property
    def location(self) -> str:
        """ "Trang “Kết quả”, dòng 7, cột F" – the words a preview and a message start with."""
        return f"Trang “{self.sheet}”, dòng {self.row}, cột {self.column}"

    def describe(self) -> str:
        """The whole message: location, the value (when there is one) and the reason."""
        shown = self.raw_text
        value = f" (giá trị “{shown}”)" if shown else ""
        return f"{self.location}{value}: {self.reason}"


# ---------------------------------------------------------------------------------------------
# Helpers


def is_blank(value: Any) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def raw_text(value: Any) -> str:
    """A raw cell value shown to the clerk: text as typed, numbers and dates the Vietnamese way."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        try:
            return format_number(_decimal_of(value))
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return format_date_short(value.date())
        return f"{format_date_short(value.date())} {value:%H:%M}"
    if isinstance(value, date):
        return format_date_short(value)
    return clean_text(str(value))


def plain_decimal(number: Decimal) -> Decimal:
    """``number`` without trailing zeros and never in exponent form: 95.00 -> 95, 1E+2 -> 100."""
    normal = number.normalize()
    if normal.as_tuple().exponent > 0:  # type: ignore[operator]
        return normal.quantize(Decimal(1))
    return normal


def formula_without_value_reason(cell: str) -> str:
    return (
        f"Ô {cell} có công thức nhưng chưa có giá trị (tệp chưa được tính lại trong Excel). "
        "Hãy mở tệp trong Excel, bấm Ctrl+Alt+F9 để tính lại rồi lưu tệp."
    )


def error_value_reason(cell: str, error: str) -> str:
    return f"Ô {cell} có lỗi công thức {error}. Hãy sửa công thức trong Excel rồi lưu lại tệp."


def _decimal_of(value: int | float | Decimal) -> Decimal:
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"'{value}' không phải là số hữu hạn.")
        number = Decimal(repr(value))
        if number == number.to_integral_value():
            return number.quantize(Decimal(1))
        return plain_decimal(number.quantize(_FLOAT_DECIMALS))
    return Decimal(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _text(value: Any) -> str:
    return clean_text(value) if isinstance(value, str) else clean_text(str(value))


# ---------------------------------------------------------------------------------------------
# Text and codes


def parse_text(value: Any, number_format: str = "") -> str | None:
    """Text in NFC with tidy spaces; numbers and dates as a person would write them."""
    if value is None:
        return None
    if isinstance(value, str):
        text = clean_text(value)
        return text or None
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime | date):
        return raw_text(value)
    if _is_number(value):
        number = _decimal_of(value)
        # A text column: the digits as typed, without thousands dots ("2025", "0,5").
        return f"{number:f}".replace(".", ",")
    return clean_text(str(value)) or None


_ZEROS_FORMAT = re.compile(r"0+")


def parse_code(value: Any, number_format: str = "") -> str | None:
    """A code kept as text, leading zeros included: "001", "THON01"; 1 formatted "000" -> "001"."""
    if value is None:
        return None
    if _is_number(value):
        number = _decimal_of(value)
        if number != number.to_integral_value():
            raise ValueError(f"'{raw_text(value)}' không phải là một mã hợp lệ.")
        digits = str(int(number))
        if _ZEROS_FORMAT.fullmatch(number_format or ""):
            digits = digits.zfill(len(number_format))
        return digits
    return parse_text(value, number_format)


# ---------------------------------------------------------------------------------------------
# Numbers


def parse_decimal(value: Any, number_format: str = "") -> Decimal | None:
    """Any number: 12, 12.5, "12,5", "1.234,5", "3 412". Raises ValueError otherwise."""
    if value is None:
        return None
    if _is_number(value):
        return _decimal_of(value)
    if isinstance(value, str):
        bare = value.strip()
        if bare.isascii() and bare.isdigit():  # the common "1068": no grouping to work out
            return Decimal(bare)
        text = clean_text(value)
        if not text:
            return None
        return parse_number(text)
    raise ValueError(f"'{raw_text(value)}' không phải là số.")


def parse_count(value: Any, number_format: str = "") -> int | None:
    """A whole number at least 0: 1068, "1.068", "3 412", "12,0". Raises ValueError otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"'{value}' là số âm; số lượng phải từ 0 trở lên.")
        return value
    number = parse_decimal(value, number_format)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(f"'{raw_text(value)}' không phải là số nguyên.")
    if number < 0:
        raise ValueError(f"'{raw_text(value)}' là số âm; số lượng phải từ 0 trở lên.")
    return int(number)


_PERCENT_SIGN = re.compile(r"\s*%\s*$")


def percent_readings(value: Any, number_format: str = "") -> tuple[Decimal, ...]:
    """Every sensible reading of a rate cell, in percent, the preferred one first.

    Empty for a blank cell. One reading, except for a bare value between 0 and 1 inclusive
    (no "%" sign, no % number format): (value × 100, value). See the module's docstring.
    """
    if is_blank(value):
        return ()
    if _is_number(value):
        number = _decimal_of(value)
        if _is_percent_format(number_format):
            return (plain_decimal(number * _HUNDRED),)
        return _bare_readings(number)
    if isinstance(value, str):
        text = clean_text(value)
        if _PERCENT_SIGN.search(text):
            try:
                return (parse_number(_PERCENT_SIGN.sub("", text)),)
            except ValueError:
                raise ValueError(f"'{text}' không phải là tỉ lệ phần trăm.") from None
        try:
            number = parse_number(text)
        except ValueError:
            raise ValueError(f"'{text}' không phải là tỉ lệ phần trăm.") from None
        return _bare_readings(number)
    raise ValueError(f"'{raw_text(value)}' không phải là tỉ lệ phần trăm.")


_QUOTED = re.compile(r'"[^"]*"|\\.')


@lru_cache(maxsize=256)
def _is_percent_format(number_format: str) -> bool:
    """Whether Excel multiplies by 100 to show this format: a % outside quotes and escapes
    ('0.0%' yes; '0.0"%"' and '0.0\\%' only print a % sign after the number as it is)."""
    return "%" in _QUOTED.sub("", number_format or "")


def _bare_readings(number: Decimal) -> tuple[Decimal, ...]:
    if 0 < number <= 1:
        return (plain_decimal(number * _HUNDRED), number)
    return (number,)


def parse_percent(value: Any, number_format: str = "") -> Decimal | None:
    """A rate in percent: "85,44%" -> 85.44, 0.95 with a % format -> 95, "100" -> 100.

    Negative rates are refused; the preferred reading of :func:`percent_readings` is returned.
    """
    readings = percent_readings(value, number_format)
    if not readings:
        return None
    if readings[0] < 0:
        raise ValueError(f"'{raw_text(value)}' là số âm; tỉ lệ phải từ 0% trở lên.")
    return readings[0]


# ---------------------------------------------------------------------------------------------
# Dates and years

_PLAIN_DATE = re.compile(r"\s*([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})\s*")
_TIME_SUFFIX = re.compile(r"[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?$")
_SHORT_YEAR = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{2})")
_LONG_DATE = re.compile(r"ngay ([0-9]{1,2}) thang ([0-9]{1,2}) nam ([0-9]{4})")
_EXCEL_EPOCH = datetime(1899, 12, 30)
_MAX_SERIAL = 2958465  # 31/12/9999


def parse_date(value: Any, number_format: str = "") -> date | None:
    """A date typed or stored any usual way; raises ValueError for anything that is not a day."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if _is_number(value):
        number = _decimal_of(value)
        if number == number.to_integral_value() and 1900 <= number <= 2100:
            raise ValueError(
                f"'{int(number)}' là một năm, chưa phải ngày; hãy ghi đủ ngày/tháng/năm."
            )
        if not 1 <= number <= _MAX_SERIAL:
            raise ValueError(f"'{raw_text(value)}' không phải là ngày hợp lệ (ngày/tháng/năm).")
        # Excel's day 60 is the 29/02/1900 that never was; the epoch 30/12/1899 is right for
        # every serial after it, which is every date a unit will send.
        return (_EXCEL_EPOCH + timedelta(days=int(number))).date()
    if isinstance(value, str):
        plain = _PLAIN_DATE.fullmatch(value)
        if plain:  # "05/8/2025", the way most people type a date
            day, _, month, year = plain.groups()
            return _make_date(int(day), int(month), int(year), value)
        text = clean_text(value)
        if not text:
            return None
        text = _TIME_SUFFIX.sub("", text)
        long_form = None if text[:1].isdigit() else _LONG_DATE.search(fold(text))
        if long_form:
            day, month, year = (int(part) for part in long_form.groups())
            return _make_date(day, month, year, value)
        short = _SHORT_YEAR.fullmatch(text)
        if short:
            short_day, _, short_month, short_year = short.groups()
            return _make_date(int(short_day), int(short_month), 2000 + int(short_year), value)
        if re.fullmatch(r"[0-9]{4}", text):
            raise ValueError(f"'{text}' là một năm, chưa phải ngày; hãy ghi đủ ngày/tháng/năm.")
        return parse_date_text(text)
    raise ValueError(f"'{raw_text(value)}' không phải là ngày hợp lệ (ngày/tháng/năm).")


def _make_date(day: int, month: int, year: int, raw: Any) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            f"'{clean_text(str(raw))}' không phải là ngày hợp lệ (ngày/tháng/năm)."
        ) from None


def parse_year(value: Any, number_format: str = "") -> int | None:
    """A year between 1900 and 2100: 1979, "1979", 1979.0, or the year of a date."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.year
    if isinstance(value, str):
        bare = value.strip()
        if len(bare) == 4 and bare.isascii() and bare.isdigit() and 1900 <= int(bare) <= 2100:
            return int(bare)
        if not clean_text(value):
            return None
    try:
        number = parse_decimal(value, number_format)
    except ValueError:
        raise ValueError(f"'{raw_text(value)}' không phải là năm (ví dụ 1985).") from None
    if number is None:
        return None
    if number != number.to_integral_value() or not 1900 <= number <= 2100:
        raise ValueError(f"'{raw_text(value)}' không phải là năm (ví dụ 1985).")
    return int(number)


# ---------------------------------------------------------------------------------------------
# Words

_YES = frozenset(
    {"co", "x", "v", "dat", "da dat", "da", "roi", "da co", "yes", "y", "1", "true", "dung",
     "hoan thanh", "da hoan thanh", "dat yeu cau", "\u2713", "\u2714", "\u2611"}
)  # fmt: skip
_NO = frozenset(
    {"khong", "k", "chua", "khong dat", "chua dat", "chua co", "khong co", "0", "no", "n",
     "false", "sai", "chua hoan thanh", "khong hoan thanh", "khong dat yeu cau", "\u2717",
     "\u2718", "\u2610"}
)  # fmt: skip
_WORD_KEY = re.compile(r"[\s.:;!]+$")


def _word_key(value: Any) -> str:
    return _word_key_of(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=4096)
def _word_key_of(text: str) -> str:
    # A column of "Nam"/"Nữ" or "Đạt" repeats a handful of words thousands of times.
    return _WORD_KEY.sub("", fold(clean_text(text)))


def parse_yes_no(value: Any, number_format: str = "") -> bool | None:
    """Có/Không in the words people use: "Có", "x", "Đạt", "Rồi" / "Không", "Chưa", "Không đạt"."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if _is_number(value):
        if value in (0, 1):
            return bool(value)
        raise ValueError(f"'{raw_text(value)}' không phải là Có/Không.")
    key = _word_key(value)
    if not key:
        return None
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(f"'{_text(value)}' không phải là Có/Không (ghi “Có” hoặc “Không”).")


_GENDERS = {
    "nam": Gender.MALE,
    "ong": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "nu": Gender.FEMALE,
    "ba": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
}


def parse_gender(value: Any, number_format: str = "") -> Gender | None:
    """ "Nam"/"Nữ" (any case, with or without marks; also "Ông"/"Bà")."""
    if is_blank(value):
        return None
    gender = _GENDERS.get(_word_key(value))
    if gender is None:
        raise ValueError(f"'{_text(value)}' không phải là giới tính (ghi “Nam” hoặc “Nữ”).")
    return gender


# Folded words -> unit kind; the first word that a cell starts with wins, longest first.
_UNIT_KIND_WORDS: tuple[tuple[str, UnitKind], ...] = (
    ("phong ban nganh", UnitKind.DEPARTMENT),
    ("phong ban", UnitKind.DEPARTMENT),
    ("phong", UnitKind.DEPARTMENT),
    ("ban", UnitKind.DEPARTMENT),
    ("van phong", UnitKind.DEPARTMENT),
    ("bo phan", UnitKind.DEPARTMENT),
    ("co quan", UnitKind.DEPARTMENT),
    ("doan the", UnitKind.MASS_ORGANISATION),
    ("hoi", UnitKind.MASS_ORGANISATION),
    ("doan", UnitKind.MASS_ORGANISATION),
    ("mat tran", UnitKind.MASS_ORGANISATION),
    ("thon", UnitKind.VILLAGE),
    ("thi tu", UnitKind.VILLAGE),
    ("khu dan cu", UnitKind.VILLAGE),
    ("truong", UnitKind.SCHOOL),
    ("co so y te", UnitKind.HEALTH_FACILITY),
    ("tram y te", UnitKind.HEALTH_FACILITY),
    ("y te", UnitKind.HEALTH_FACILITY),
    ("doanh nghiep", UnitKind.BUSINESS),
    ("cong ty", UnitKind.BUSINESS),
    ("hop tac xa", UnitKind.COOPERATIVE),
    ("htx", UnitKind.COOPERATIVE),
    ("khac", UnitKind.OTHER),
)


def parse_unit_kind(value: Any, number_format: str = "") -> UnitKind | None:
    """A unit's kind from the words a register uses: "Phòng, ban", "Thôn", "Trường học", ..."""
    if is_blank(value):
        return None
    words = " ".join(re.split(r"[^0-9a-z]+", _word_key(value))).strip()
    for prefix, kind in _UNIT_KIND_WORDS:
        if words == prefix or words.startswith(prefix + " "):
            return kind
    raise ValueError(
        f"'{_text(value)}' không phải là loại đơn vị (phòng, ban; đoàn thể; thôn; trường học; "
        "cơ sở y tế; doanh nghiệp; hợp tác xã; khác)."
    )


_PERSON_KIND_WORDS: tuple[tuple[str, PersonKind], ...] = (
    ("can bo", PersonKind.OFFICIAL),
    ("cong chuc", PersonKind.OFFICIAL),
    ("vien chuc", PersonKind.OFFICIAL),
    ("cbccvc", PersonKind.OFFICIAL),
    ("cbcc", PersonKind.OFFICIAL),
    ("nguoi dan", PersonKind.CITIZEN),
    ("cong dan", PersonKind.CITIZEN),
    ("nhan dan", PersonKind.CITIZEN),
    ("doanh nhan", PersonKind.BUSINESS_PERSON),
    ("chu doanh nghiep", PersonKind.BUSINESS_PERSON),
    ("khac", PersonKind.OTHER),
)


def parse_person_kind(value: Any, number_format: str = "") -> PersonKind | None:
    """A person's group: "Cán bộ, công chức, viên chức", "Người dân", "Doanh nhân", "Khác"."""
    if is_blank(value):
        return None
    words = " ".join(re.split(r"[^0-9a-z]+", _word_key(value))).strip()
    for prefix, kind in _PERSON_KIND_WORDS:
        if words == prefix or words.startswith(prefix + " "):
            return kind
    raise ValueError(
        f"'{_text(value)}' không phải là đối tượng (cán bộ, công chức, viên chức; người dân; "
        "doanh nhân; khác)."
    )


# The parsers that read the cell's number format; the table reader looks formats up (a cost
# per cell) only when a mapped column uses one of these.
FORMAT_AWARE_PARSERS: frozenset[CellParser] = frozenset(
    {parse_code, parse_percent, percent_readings}
)


def needs_number_format(parser: CellParser) -> bool:
    """Whether ``parser`` reads the number format; a custom parser says so with an attribute
    ``needs_number_format = True``."""
    return parser in FORMAT_AWARE_PARSERS or bool(getattr(parser, "needs_number_format", False))
