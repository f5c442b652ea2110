"""Inspection rounds of the Emulation Council (plan section IV.4): the team, the visits with
their checklists and verified figures, and the follow-up actions findings produce."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from kt_desktop.domain.column_types import DecimalText, EnumText
from kt_desktop.domain.enums import ActionStatus, Judgement, TeamRole, VisitStatus


def _now() -> datetime:
    return datetime.now(UTC)


class InspectionRound(SQLModel, table=True):
    __tablename__ = "inspection_round"

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    name: str = Field(max_length=300)  # "Kiểm tra phong trào thi đua năm 2026 – đợt 1"
    purpose: str = Field(default="", sa_type=Text)
    # The round's documents in the register of outgoing documents, once drafted.
    decision_document_id: int | None = Field(default=None, foreign_key="outgoing_document.id")
    notice_document_id: int | None = Field(default=None, foreign_key="outgoing_document.id")
    report_document_id: int | None = Field(default=None, foreign_key="outgoing_document.id")
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class InspectionMember(SQLModel, table=True):
    """A member of a round's team: a person of the register, or someone named by hand."""

    __tablename__ = "inspection_member"

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="inspection_round.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    full_name: str = Field(max_length=200)
    position: str = Field(default="", max_length=300)  # "Phó Chủ tịch UBND xã"
    role: TeamRole = Field(default=TeamRole.MEMBER, sa_type=EnumText(TeamRole))
    council_member: bool = False
    sort_order: int = 0


class InspectionVisit(SQLModel, table=True):
    __tablename__ = "inspection_visit"
    __table_args__ = (UniqueConstraint("round_id", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="inspection_round.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    visit_date: date
    start_time: str = Field(default="", max_length=5)  # "08:00"
    place: str = Field(default="", sa_type=Text)
    status: VisitStatus = Field(default=VisitStatus.PLANNED, sa_type=EnumText(VisitStatus))
    # Who attended for the unit, as the minutes list them.
    unit_attendees: str = Field(default="", sa_type=Text)
    findings: str = Field(default="", sa_type=Text)
    recommendations: str = Field(default="", sa_type=Text)
    minutes_document_id: int | None = Field(default=None, foreign_key="outgoing_document.id")


class InspectionItem(SQLModel, table=True):
    """One line of a visit's checklist: a criterion that applies to the unit, or a free item
    the team added. The verified figure is in the criterion's kind; on saving it is also
    written to the unit's result (Result.verified_*), where it outranks the reported one."""

    __tablename__ = "inspection_item"

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="inspection_visit.id", index=True)
    criterion_id: int | None = Field(default=None, foreign_key="criterion.id", index=True)
    text: str = Field(sa_type=Text)  # a free item's text; a criterion's item copies its code
    sort_order: int = 0
    verified_numerator: Decimal | None = Field(default=None, sa_type=DecimalText)
    verified_denominator: Decimal | None = Field(default=None, sa_type=DecimalText)
    verified_value: Decimal | None = Field(default=None, sa_type=DecimalText)
    verified_yes_no: bool | None = None
    judgement: Judgement | None = Field(default=None, sa_type=EnumText(Judgement))
    remarks: str = Field(default="", sa_type=Text)


class FollowUpAction(SQLModel, table=True):
    """What a unit must do after a finding, by when; overdue is computed from the date."""

    __tablename__ = "follow_up_action"

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="inspection_visit.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="inspection_item.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    description: str = Field(sa_type=Text)
    due_date: date
    status: ActionStatus = Field(default=ActionStatus.OPEN, sa_type=EnumText(ActionStatus))
    done_on: date | None = None
    done_note: str = Field(default="", sa_type=Text)
