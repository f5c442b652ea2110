"""What a unit or person reported against one criterion of one period."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from kt_desktop.domain.column_types import DecimalText


class Result(SQLModel, table=True):
    """A reported figure. Its existence freezes the period's criteria: a score once computed
    must be reproducible from the criteria it was computed against."""

    __tablename__ = "result"

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    criterion_id: int = Field(foreign_key="criterion.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    numerator: Decimal | None = Field(default=None, sa_type=DecimalText)
    denominator: Decimal | None = Field(default=None, sa_type=DecimalText)
    value: Decimal | None = Field(default=None, sa_type=DecimalText)
    yes_no: bool | None = None
    assessment: str = Field(default="", sa_type=Text)
    note: str = Field(default="", sa_type=Text)
