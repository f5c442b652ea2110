"""Participants of the movement: units (collectives) and people."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from kt_desktop.domain.column_types import EnumText
from kt_desktop.domain.enums import Gender, PersonKind, UnitKind


class Unit(SQLModel, table=True):
    __tablename__ = "unit"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=30, unique=True)
    name: str = Field(max_length=300)
    kind: UnitKind = Field(sa_type=EnumText(UnitKind), index=True)
    head_name: str = Field(default="", max_length=200)
    head_title: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40)
    active: bool = True


class Person(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(max_length=200)
    gender: Gender = Field(sa_type=EnumText(Gender))
    birth_year: int | None = None
    position: str = Field(default="", max_length=200)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    kind: PersonKind = Field(sa_type=EnumText(PersonKind), index=True)
    active: bool = True
