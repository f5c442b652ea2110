"""Awards: the award forms and their reward rates, the Emulation Council, award rounds with
their proposals and votes, certificates printed, restrictions on people and the recognitions
recorded by hand that eligibility rules and the history read."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from kt_desktop.domain.column_types import DecimalText, EnumText
from kt_desktop.domain.enums import (
    AwardOccasion,
    CertificatePrintKind,
    CouncilRole,
    Gender,
    MoneyRounding,
    ProposalSource,
    RecipientKind,
    RecognitionKind,
    RestrictionKind,
)


def _now() -> datetime:
    return datetime.now(UTC)


class AwardForm(SQLModel, table=True):
    """A form of award: "Giấy khen của Chủ tịch UBND xã" (awarded here) or "Bằng khen của Chủ
    tịch UBND thành phố" (proposed to the city)."""

    __tablename__ = "award_form"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=30, unique=True)  # "GK-XA", "BK-TP"
    name: str = Field(max_length=300)
    # The words printed on the certificate and in the decision: "Giấy khen".
    short_name: str = Field(max_length=100)
    awarded_here: bool = True  # False: the commune only proposes it (dossier to the city)
    sort_order: int = 0
    active: bool = True


class RewardRate(SQLModel, table=True):
    """The reward multiple of the base salary for a form and recipient kind, from a date on:
    a decision uses the rate in force on its date, so an old decision keeps its amounts."""

    __tablename__ = "reward_rate"
    __table_args__ = (UniqueConstraint("form_id", "recipient_kind", "valid_from"),)

    id: int | None = Field(default=None, primary_key=True)
    form_id: int = Field(foreign_key="award_form.id", index=True)
    recipient_kind: RecipientKind = Field(sa_type=EnumText(RecipientKind))
    multiple: Decimal = Field(sa_type=DecimalText)  # 0,15 × an individual, 0,3 × a collective
    valid_from: date


class BaseSalary(SQLModel, table=True):
    """The base salary (mức lương cơ sở) and the rounding of reward amounts, from a date on."""

    __tablename__ = "base_salary"

    id: int | None = Field(default=None, primary_key=True)
    valid_from: date = Field(unique=True)
    amount: int  # đồng per month
    rounding: MoneyRounding = Field(default=MoneyRounding.NEAREST, sa_type=EnumText(MoneyRounding))
    legal_basis: str = Field(default="", sa_type=Text)  # "Nghị định số 73/2024/NĐ-CP"


class CouncilMember(SQLModel, table=True):
    """A member of the commune's Emulation and Commendation Council (Hội đồng Thi đua –
    Khen thưởng xã). `person_id` and `headed_unit_id` let the app see a conflict of
    interest: a member who is a nominee, or heads a nominated unit, abstains."""

    __tablename__ = "council_member"

    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(max_length=200)
    gender: Gender = Field(sa_type=EnumText(Gender))
    position: str = Field(default="", max_length=300)  # "Chủ tịch UBND xã"
    role: CouncilRole = Field(default=CouncilRole.MEMBER, sa_type=EnumText(CouncilRole))
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    headed_unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    active: bool = True
    sort_order: int = 0


class AwardRound(SQLModel, table=True):
    """An award round (đợt xét khen thưởng) of a period and occasion: its proposals, the
    council's meeting that votes on them, the decision and the dossier to the city."""

    __tablename__ = "award_round"

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    occasion: AwardOccasion = Field(sa_type=EnumText(AwardOccasion))
    name: str = Field(max_length=300)  # "Khen thưởng phong trào thi đua năm 2025"
    theme: str = Field(default="", sa_type=Text)  # a thematic round's subject
    # The achievement line proposals start from.
    achievement: str = Field(default="", sa_type=Text)
    # The council's meeting.
    meeting_date: date | None = None
    meeting_time: str = Field(default="", max_length=5)  # "14:00"
    meeting_place: str = Field(default="", sa_type=Text)
    conclusions: str = Field(default="", sa_type=Text)
    secretary_member_id: int | None = Field(default=None, foreign_key="council_member.id")
    # The round's documents in the register of outgoing documents, once drafted.
    minutes_document_id: int | None = Field(default=None, foreign_key="outgoing_document.id")
    decision_document_id: int | None = Field(default=None, foreign_key="outgoing_document.id")
    submission_document_id: int | None = Field(default=None, foreign_key="outgoing_document.id")
    dossier_sent_on: date | None = None
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class CouncilAttendance(SQLModel, table=True):
    __tablename__ = "council_attendance"
    __table_args__ = (UniqueConstraint("round_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="award_round.id", index=True)
    member_id: int = Field(foreign_key="council_member.id", index=True)
    present: bool = True


class AwardProposal(SQLModel, table=True):
    """One proposal (đề nghị khen thưởng): a collective (unit_id, no person) or an individual
    (person_id; unit_id is their unit) for a form. Names are copied when proposed so the
    decision prints what the council voted on. Votes are counts; `passed` is decided when
    they are recorded, under the settings then in force. Issuing the decision fixes the
    amount and the certificate's register number (unique in its year, never reused)."""

    __tablename__ = "award_proposal"
    __table_args__ = (UniqueConstraint("register_year", "register_number"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="award_round.id", index=True)
    form_id: int = Field(foreign_key="award_form.id", index=True)
    recipient_kind: RecipientKind = Field(sa_type=EnumText(RecipientKind))
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    name: str = Field(max_length=300)  # the collective's name, or the person's full name
    gender: Gender | None = Field(default=None, sa_type=EnumText(Gender))
    position: str = Field(default="", max_length=300)
    unit_name: str = Field(default="", max_length=300)
    achievement: str = Field(default="", sa_type=Text)
    source: ProposalSource = Field(sa_type=EnumText(ProposalSource))
    source_note: str = Field(default="", sa_type=Text)  # "Hạng 1 khối Thôn, 96,5 điểm"
    nomination_id: int | None = Field(default=None, foreign_key="nomination.id")
    # A warning of the eligibility rules accepted by the office, in its own words.
    override_reason: str = Field(default="", sa_type=Text)
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    passed: bool | None = None
    amount: int | None = None  # đồng, fixed when the decision is issued
    register_year: int | None = None
    register_number: int | None = None
    sort_order: int = 0
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class CouncilRecusal(SQLModel, table=True):
    """A member who abstains on a proposal for a conflict of interest, and why."""

    __tablename__ = "council_recusal"
    __table_args__ = (UniqueConstraint("proposal_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="award_proposal.id", index=True)
    member_id: int = Field(foreign_key="council_member.id", index=True)
    reason: str = Field(sa_type=Text)


class PersonRestriction(SQLModel, table=True):
    """A period during which a person may not be awarded: discipline, investigation or an
    open complaint. `end_date` None means still in force."""

    __tablename__ = "person_restriction"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: RestrictionKind = Field(sa_type=EnumText(RestrictionKind))
    start_date: date
    end_date: date | None = None
    note: str = Field(default="", sa_type=Text)


class RecognitionRecord(SQLModel, table=True):
    """A recognition recorded by hand for a person or a unit: a yearly rating, a title, or an
    award decided outside this app (earlier years, other movements)."""

    __tablename__ = "recognition_record"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    year: int = Field(index=True)
    kind: RecognitionKind = Field(sa_type=EnumText(RecognitionKind))
    name: str = Field(default="", max_length=300)  # an award's form, as written
    occasion: AwardOccasion | None = Field(default=None, sa_type=EnumText(AwardOccasion))
    decision_text: str = Field(default="", sa_type=Text)  # "Quyết định số 12/QĐ-UBND …"
    note: str = Field(default="", sa_type=Text)


class CertificatePrint(SQLModel, table=True):
    """Each time a certificate was printed: reprints are recorded, as the register demands."""

    __tablename__ = "certificate_print"

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="award_proposal.id", index=True)
    kind: CertificatePrintKind = Field(sa_type=EnumText(CertificatePrintKind))
    reprint: bool = False
    reason: str = Field(default="", sa_type=Text)  # why it was printed again
    printed_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class AchievementReport(SQLModel, table=True):
    """A nominee's achievement report (báo cáo thành tích) for the dossier to the city, as
    filled from the record and edited by the office (JSON of its sections)."""

    __tablename__ = "achievement_report"

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="award_proposal.id", unique=True)
    content: str = Field(default="{}", sa_type=Text)
    updated_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))
