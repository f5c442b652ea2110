"""Units' registrations for each period's emulation (đăng ký thi đua).

Revision ID: 0003_registrations
Revises: 0002_outgoing_documents
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_registrations"
down_revision: str | None = "0002_outgoing_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("aims", sa.Text(), nullable=False),
        sa.Column("commitments", sa.Text(), nullable=False),
        sa.Column("rejection_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name="fk_registration_period_id_period"
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name="fk_registration_unit_id_unit"),
        sa.PrimaryKeyConstraint("id", name="pk_registration"),
        sa.UniqueConstraint("period_id", "unit_id", name="uq_registration_period_id_unit_id"),
    )
    op.create_index("ix_registration_period_id", "registration", ["period_id"])
    op.create_index("ix_registration_unit_id", "registration", ["unit_id"])


def downgrade() -> None:
    op.drop_table("registration")
