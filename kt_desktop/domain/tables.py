"""Every table of the record, for Alembic and schema checks (importing registers them)."""

from kt_desktop.domain import AppSetting, Criterion, Movement, Period, Person, Phase, Result, Unit
from kt_desktop.domain.awards import (
    AchievementReport,
    AwardForm,
    AwardProposal,
    AwardRound,
    BaseSalary,
    CertificatePrint,
    CouncilAttendance,
    CouncilMember,
    CouncilRecusal,
    PersonRestriction,
    RecognitionRecord,
    RewardRate,
)
from kt_desktop.domain.digital_literacy import DigitalLiteracy
from kt_desktop.domain.documents import OutgoingDocument
from kt_desktop.domain.evidence import EvidenceFile, EvidenceLink
from kt_desktop.domain.initiatives import Contribution, Initiative, InitiativeAuthor
from kt_desktop.domain.inspections import (
    FollowUpAction,
    InspectionItem,
    InspectionMember,
    InspectionRound,
    InspectionVisit,
)
from kt_desktop.domain.nominations import ImportMapping, Nomination
from kt_desktop.domain.registrations import Registration

__all__ = [
    "AchievementReport",
    "AppSetting",
    "AwardForm",
    "AwardProposal",
    "AwardRound",
    "BaseSalary",
    "CertificatePrint",
    "Contribution",
    "CouncilAttendance",
    "CouncilMember",
    "CouncilRecusal",
    "Criterion",
    "DigitalLiteracy",
    "EvidenceFile",
    "EvidenceLink",
    "FollowUpAction",
    "ImportMapping",
    "Initiative",
    "InitiativeAuthor",
    "InspectionItem",
    "InspectionMember",
    "InspectionRound",
    "InspectionVisit",
    "Movement",
    "Nomination",
    "OutgoingDocument",
    "Period",
    "Person",
    "PersonRestriction",
    "Phase",
    "RecognitionRecord",
    "Registration",
    "Result",
    "RewardRate",
    "Unit",
]
