"""Evidence files (minh chứng): each stored once by its SHA-256 in the data folder, and
linked to the results, registrations and initiatives it proves."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime, Text
from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


class EvidenceFile(SQLModel, table=True):
    """One stored file's content. Its bytes live at evidence/<aa>/<sha256> in the data folder;
    the row names the file as it was first attached."""

    __tablename__ = "evidence_file"

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, unique=True)
    size_bytes: int
    original_name: str = Field(sa_type=Text)
    stored_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


OWNER_COLUMNS = (
    "result_id",
    "registration_id",
    "initiative_id",
    "inspection_item_id",
    "action_id",
)


class EvidenceLink(SQLModel, table=True):
    """A stored file attached to exactly one result, registration, initiative, inspection
    checklist item (photos taken on the visit) or follow-up action (proof it was done)."""

    __tablename__ = "evidence_link"
    __table_args__ = (
        # CASE, not booleans added together: PostgreSQL has no boolean + boolean.
        CheckConstraint(
            " + ".join(
                f"(CASE WHEN {column} IS NOT NULL THEN 1 ELSE 0 END)" for column in OWNER_COLUMNS
            )
            + " = 1",
            name="one_owner",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="evidence_file.id", index=True)
    result_id: int | None = Field(default=None, foreign_key="result.id", index=True)
    registration_id: int | None = Field(default=None, foreign_key="registration.id", index=True)
    initiative_id: int | None = Field(default=None, foreign_key="initiative.id", index=True)
    inspection_item_id: int | None = Field(
        default=None, foreign_key="inspection_item.id", index=True
    )
    action_id: int | None = Field(default=None, foreign_key="follow_up_action.id", index=True)
    # The name the file had when attached here (the same content may arrive under two names).
    file_name: str = Field(sa_type=Text)
    description: str = Field(default="", sa_type=Text)
    attached_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))
