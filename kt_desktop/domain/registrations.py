"""Each unit's registration for a period's emulation (đăng ký thi đua): what it aims for and
commits to, and whether the office has approved it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from kt_desktop.domain.column_types import EnumText
from kt_desktop.domain.enums import RegistrationStatus


class Registration(SQLModel, table=True):
    __tablename__ = "registration"
    __table_args__ = (UniqueConstraint("period_id", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    status: RegistrationStatus = Field(
        default=RegistrationStatus.NOT_SENT, sa_type=EnumText(RegistrationStatus)
    )
    registered_on: date | None = None
    # The title or award the unit aims for, e.g. "Giấy khen của Chủ tịch UBND xã".
    aims: str = Field(default="", sa_type=Text)
    commitments: str = Field(default="", sa_type=Text)
    rejection_reason: str = Field(default="", sa_type=Text)
