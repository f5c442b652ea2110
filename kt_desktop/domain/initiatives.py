"""Initiatives and solutions (sáng kiến, giải pháp) with their authors, and the contributions
of other people and organisations (plan section III.1.3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from kt_desktop.domain.column_types import DecimalText, EnumText
from kt_desktop.domain.enums import ContributorKind, InitiativeKind, RecognitionLevel


class Initiative(SQLModel, table=True):
    __tablename__ = "initiative"

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    kind: InitiativeKind = Field(
        default=InitiativeKind.INITIATIVE, sa_type=EnumText(InitiativeKind)
    )
    title: str = Field(sa_type=Text)
    # One of PrioritySector's values, or None for "other".
    sector: str | None = Field(default=None, max_length=40)
    applied_on: date | None = None
    summary: str = Field(default="", sa_type=Text)
    benefits: str = Field(default="", sa_type=Text)
    recognised_on: date | None = None
    recognition_level: RecognitionLevel | None = Field(
        default=None, sa_type=EnumText(RecognitionLevel)
    )


class InitiativeAuthor(SQLModel, table=True):
    __tablename__ = "initiative_author"
    __table_args__ = (UniqueConstraint("initiative_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    initiative_id: int = Field(foreign_key="initiative.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    position: int = 0


class Contribution(SQLModel, table=True):
    """What a person or organisation outside the participating units gave the movement."""

    __tablename__ = "contribution"

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    contributor_kind: ContributorKind = Field(sa_type=EnumText(ContributorKind))
    contributor_name: str = Field(max_length=300)
    # Set when the contributor is in the register of people or units.
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    address: str = Field(default="", sa_type=Text)
    given_on: date | None = None
    # What was given: effort, expertise, money, equipment, an initiative.
    description: str = Field(sa_type=Text)
    value_vnd: Decimal | None = Field(default=None, sa_type=DecimalText)
