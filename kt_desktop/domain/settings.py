"""Settings the office edits in the app, stored in the database as JSON by key."""

from __future__ import annotations

from sqlalchemy import Text
from sqlmodel import Field, SQLModel


class AppSetting(SQLModel, table=True):
    __tablename__ = "app_setting"

    key: str = Field(primary_key=True, max_length=80)
    value: str = Field(sa_type=Text)
