"""The register of outgoing documents (sổ văn bản đi): drafts, and issued documents locked
with their number, date and the exact PDF that was issued."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import DateTime, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from kt_desktop.domain.column_types import EnumText
from kt_desktop.domain.enums import DocumentKind, DocumentState


class OutgoingDocument(SQLModel, table=True):
    __tablename__ = "outgoing_document"
    # The guard of last resort: a number is never issued twice in a year's series of a kind.
    __table_args__ = (UniqueConstraint("year", "kind", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: DocumentKind = Field(sa_type=EnumText(DocumentKind), index=True)
    year: int = Field(index=True)
    number: int | None = None
    # The part after the number: "QĐ-UBND", or "UBND-VHXH" for an official letter.
    symbol: str = Field(max_length=40)
    summary: str = Field(sa_type=Text)
    signer_name: str = Field(default="", max_length=200)
    signer_capacity: str = Field(default="", sa_type=Text)
    state: DocumentState = Field(default=DocumentState.DRAFT, sa_type=EnumText(DocumentState))
    issued_on: date | None = None
    # What the document says, as the kind's builder reads it (JSON); frozen once issued.
    content: str = Field(default="{}", sa_type=Text)
    # A correction is a new document that supersedes the issued one it replaces.
    supersedes_id: int | None = Field(default=None, foreign_key="outgoing_document.id")
    pdf: bytes | None = Field(default=None, sa_type=LargeBinary)
    pdf_sha256: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC), sa_type=DateTime(timezone=True)
    )
