"""Bình dân học vụ số: each village's figures for a period (classes, people trained by group,
the community digital technology team, adults reaching the basic standard)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from kt_desktop.domain.column_types import DecimalText


class DigitalLiteracy(SQLModel, table=True):
    __tablename__ = "digital_literacy"
    __table_args__ = (UniqueConstraint("period_id", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    classes_held: int = 0
    trained_officials: int = 0
    trained_pupils: int = 0
    trained_other_adults: int = 0
    team_members: int = 0
    team_visits: int = 0
    adults_meeting_standard: int | None = None
    adult_population: int | None = None
    # Only when a workbook gave the percentage without the counts behind it.
    reported_rate: Decimal | None = Field(default=None, sa_type=DecimalText)
    note: str = Field(default="", sa_type=Text)
