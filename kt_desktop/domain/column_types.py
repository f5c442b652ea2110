"""Column types that keep values exact and portable between SQLite and PostgreSQL."""

from __future__ import annotations

import json
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class DecimalText(TypeDecorator[Decimal]):
    """A Decimal stored as its canonical text: SQLite has no exact decimal type."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return str(Decimal(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(value)


class EnumText(TypeDecorator[StrEnum]):
    """A StrEnum stored by its value, so renaming a Python member never rewrites data."""

    impl = String(40)
    cache_ok = True

    def __init__(self, enum_class: type[StrEnum]) -> None:
        super().__init__()
        self.enum_class = enum_class

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return str(self.enum_class(value).value)

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        if value is None:
            return None
        return self.enum_class(value)


class JsonList(TypeDecorator[list[str]]):
    """A short list of strings (e.g. the unit kinds a criterion applies to) as JSON text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str:
        return json.dumps([str(item) for item in (value or [])], ensure_ascii=False)

    def process_result_value(self, value: Any, dialect: Dialect) -> list[str]:
        if not value:
            return []
        loaded = json.loads(value)
        return [str(item) for item in loaded]
