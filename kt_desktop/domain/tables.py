"""Every table of the record, for Alembic and schema checks (importing registers them)."""

from kt_desktop.domain import AppSetting, Criterion, Movement, Period, Person, Phase, Result, Unit
from kt_desktop.domain.documents import OutgoingDocument
from kt_desktop.domain.registrations import Registration

__all__ = [
    "AppSetting",
    "Criterion",
    "Movement",
    "OutgoingDocument",
    "Period",
    "Person",
    "Phase",
    "Registration",
    "Result",
    "Unit",
]
