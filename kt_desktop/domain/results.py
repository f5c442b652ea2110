"""What a unit reported against one criterion of one period, where it came from, how the
office reviewed it, and what an inspection verified."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from kt_desktop.domain.column_types import DecimalText, EnumText
from kt_desktop.domain.enums import ResultSource, ReviewStatus


class Result(SQLModel, table=True):
    """A reported figure. Its existence freezes the period's criteria: a score once computed
    must be reproducible from the criteria it was computed against.

    The figure lives in the columns of the criterion's kind: numerator and denominator for a
    rate (the rate itself is computed, never stored; `value` holds a rate only when a workbook
    gave the percentage without its counts), `value` for a count, `yes_no`, or `assessment`.
    The verified_* columns hold what an inspection found; once present they outrank the
    reported figure in scoring."""

    __tablename__ = "result"
    __table_args__ = (
        UniqueConstraint("period_id", "criterion_id", "unit_id"),
        Index("ix_result_period_id_unit_id", "period_id", "unit_id"),
    )

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
    not_applicable: bool = False
    not_applicable_reason: str = Field(default="", sa_type=Text)
    source: ResultSource = Field(default=ResultSource.MANUAL, sa_type=EnumText(ResultSource))
    source_file: str = Field(default="", sa_type=Text)
    source_row: int | None = None
    # For a figure read from a workbook: the sheet, when it was read, and the file's SHA-256.
    source_sheet: str = Field(default="", max_length=100)
    imported_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    source_sha256: str = Field(default="", max_length=64)
    received_on: date | None = None
    review_status: ReviewStatus = Field(
        default=ReviewStatus.RECEIVED, sa_type=EnumText(ReviewStatus)
    )
    return_reason: str = Field(default="", sa_type=Text)
    # Points the reviewer awards for a yes/no or qualitative criterion, 0 to its weight.
    reviewer_points: Decimal | None = Field(default=None, sa_type=DecimalText)
    verified_numerator: Decimal | None = Field(default=None, sa_type=DecimalText)
    verified_denominator: Decimal | None = Field(default=None, sa_type=DecimalText)
    verified_value: Decimal | None = Field(default=None, sa_type=DecimalText)
    verified_yes_no: bool | None = None
    verified_on: date | None = None
    verified_note: str = Field(default="", sa_type=Text)
