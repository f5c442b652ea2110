"""The movement, its phases and periods, and the criteria each period judges by."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from kt_desktop.domain.column_types import DecimalText, EnumText, JsonList
from kt_desktop.domain.enums import Comparator, CriterionKind, CriterionSubject, PeriodKind


class Movement(SQLModel, table=True):
    __tablename__ = "movement"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(sa_type=Text)
    start_year: int
    end_year: int
    plan_reference: str = Field(default="", sa_type=Text)


class Phase(SQLModel, table=True):
    __tablename__ = "phase"
    __table_args__ = (UniqueConstraint("movement_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    movement_id: int = Field(foreign_key="movement.id", index=True)
    number: int
    name: str = Field(max_length=200)
    start_year: int
    end_year: int
    description: str = Field(default="", sa_type=Text)


class Period(SQLModel, table=True):
    """A span the office collects results for: a year, the sơ kết 2027 or the tổng kết 2030."""

    __tablename__ = "period"
    __table_args__ = (UniqueConstraint("movement_id", "kind", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    movement_id: int = Field(foreign_key="movement.id", index=True)
    phase_id: int = Field(foreign_key="phase.id", index=True)
    kind: PeriodKind = Field(sa_type=EnumText(PeriodKind))
    year: int
    name: str = Field(max_length=200)
    start_date: date
    end_date: date
    sort_order: int = 0
    # Results are locked once the period's scores were used in an issued decision (or the
    # office locks them by hand after the council's meeting); "" means open.
    results_lock_reason: str = Field(default="", sa_type=Text)
    results_locked_on: date | None = None
    results_locked_by_document_id: int | None = None
    # The scoring settings in force when the results were locked (JSON), so a locked period
    # keeps its scores and ranks whatever the settings become.
    results_locked_settings: str = Field(default="", sa_type=Text)


class Criterion(SQLModel, table=True):
    """One criterion of one period. Each period holds its own copy, so editing next year's set
    never rewrites a past period's scores."""

    __tablename__ = "criterion"
    __table_args__ = (UniqueConstraint("period_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    code: str = Field(max_length=20)
    subject: CriterionSubject = Field(sa_type=EnumText(CriterionSubject))
    kind: CriterionKind = Field(sa_type=EnumText(CriterionKind))
    wording: str = Field(sa_type=Text)
    section_ref: str = Field(max_length=40)
    comparator: Comparator | None = Field(default=None, sa_type=EnumText(Comparator))
    threshold: Decimal | None = Field(default=None, sa_type=DecimalText)
    numerator_label: str = Field(default="", sa_type=Text)
    denominator_label: str = Field(default="", sa_type=Text)
    weight: Decimal = Field(default=Decimal(1), sa_type=DecimalText)
    unit_kinds: list[str] = Field(default_factory=list, sa_type=JsonList)
    person_kinds: list[str] = Field(default_factory=list, sa_type=JsonList)
    content_area: int = 1
    priority_sector: str | None = Field(default=None, max_length=40)
    sort_order: int = 0
