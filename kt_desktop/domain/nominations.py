"""Award proposals (đề nghị khen thưởng) a unit sends for its people or collectives, as typed
or read from the unit's workbook; the awards work decides on them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Text
from sqlmodel import Field, SQLModel

from kt_desktop.domain.column_types import EnumText
from kt_desktop.domain.enums import Gender, NominationSource


def _now() -> datetime:
    return datetime.now(UTC)


class Nomination(SQLModel, table=True):
    __tablename__ = "nomination"

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    # The unit that proposes (its workbook, its tờ trình).
    proposing_unit_id: int = Field(foreign_key="unit.id", index=True)
    # The nominee: a person of the register when matched, else as the unit wrote them.
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    full_name: str = Field(max_length=200)
    gender: Gender | None = Field(default=None, sa_type=EnumText(Gender))
    birth_year: int | None = None
    position: str = Field(default="", max_length=300)
    unit_name: str = Field(default="", max_length=300)
    achievements: str = Field(default="", sa_type=Text)
    proposed_award: str = Field(default="", max_length=300)  # "Giấy khen"
    source: NominationSource = Field(
        default=NominationSource.MANUAL, sa_type=EnumText(NominationSource)
    )
    source_file: str = Field(default="", sa_type=Text)
    source_sheet: str = Field(default="", max_length=100)
    source_row: int | None = None
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class ImportMapping(SQLModel, table=True):
    """A column mapping the office confirmed for a unit's own workbook layout, so next year's
    file from the same unit maps itself. `layout_key` identifies the layout (its folded
    headers); `mapping` is JSON: column letter -> field name."""

    __tablename__ = "import_mapping"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    layout_key: str = Field(max_length=64, index=True)
    sheet_name: str = Field(default="", max_length=100)
    header_row: int
    mapping: str = Field(sa_type=Text)
    updated_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))
