"""The register of outgoing documents, with issued documents locked in the database itself.

Revision ID: 0002_outgoing_documents
Revises: 0001_initial
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_outgoing_documents"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# An issued document keeps its number, date, content and PDF for ever, whoever writes to the
# file (a correction links to it from its own row). SQLite only: on PostgreSQL the
# services enforce the same rule.
LOCK_ISSUED = """
CREATE TRIGGER outgoing_document_issued_is_locked
BEFORE UPDATE ON outgoing_document
WHEN OLD.state = 'issued' AND (
    NEW.state IS NOT OLD.state OR NEW.number IS NOT OLD.number OR NEW.year IS NOT OLD.year
    OR NEW.kind IS NOT OLD.kind OR NEW.symbol IS NOT OLD.symbol
    OR NEW.summary IS NOT OLD.summary OR NEW.content IS NOT OLD.content
    OR NEW.issued_on IS NOT OLD.issued_on OR NEW.pdf IS NOT OLD.pdf
    OR NEW.pdf_sha256 IS NOT OLD.pdf_sha256 OR NEW.signer_name IS NOT OLD.signer_name
    OR NEW.signer_capacity IS NOT OLD.signer_capacity
    OR NEW.supersedes_id IS NOT OLD.supersedes_id
)
BEGIN
    SELECT RAISE(ABORT, 'issued document is locked');
END
"""
NO_DELETE_ISSUED = """
CREATE TRIGGER outgoing_document_issued_not_deleted
BEFORE DELETE ON outgoing_document
WHEN OLD.state = 'issued'
BEGIN
    SELECT RAISE(ABORT, 'issued document is locked');
END
"""


def upgrade() -> None:
    op.create_table(
        "outgoing_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("symbol", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("signer_capacity", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["outgoing_document.id"],
            name="fk_outgoing_document_supersedes_id_outgoing_document",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_outgoing_document"),
        sa.UniqueConstraint("year", "kind", "number", name="uq_outgoing_document_year_kind_number"),
    )
    op.create_index("ix_outgoing_document_kind", "outgoing_document", ["kind"])
    op.create_index("ix_outgoing_document_year", "outgoing_document", ["year"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(LOCK_ISSUED)
        op.execute(NO_DELETE_ISSUED)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS outgoing_document_issued_not_deleted")
        op.execute("DROP TRIGGER IF EXISTS outgoing_document_issued_is_locked")
    op.drop_table("outgoing_document")
