"""The first schema: movement, phases, periods, criteria, units, people, results, settings.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_setting",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_app_setting"),
    )
    op.create_table(
        "movement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("plan_reference", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_movement"),
        sa.UniqueConstraint("code", name="uq_movement_code"),
    )
    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("head_name", sa.String(length=200), nullable=False),
        sa.Column("head_title", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_unit"),
        sa.UniqueConstraint("code", name="uq_unit_code"),
    )
    op.create_index("ix_unit_kind", "unit", ["kind"])
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("gender", sa.String(length=40), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name="fk_person_unit_id_unit"),
        sa.PrimaryKeyConstraint("id", name="pk_person"),
    )
    op.create_index("ix_person_unit_id", "person", ["unit_id"])
    op.create_index("ix_person_kind", "person", ["kind"])
    op.create_table(
        "phase",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("movement_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["movement_id"], ["movement.id"], name="fk_phase_movement_id_movement"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_phase"),
        sa.UniqueConstraint("movement_id", "number", name="uq_phase_movement_id_number"),
    )
    op.create_index("ix_phase_movement_id", "phase", ["movement_id"])
    op.create_table(
        "period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("movement_id", sa.Integer(), nullable=False),
        sa.Column("phase_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["movement_id"], ["movement.id"], name="fk_period_movement_id_movement"
        ),
        sa.ForeignKeyConstraint(["phase_id"], ["phase.id"], name="fk_period_phase_id_phase"),
        sa.PrimaryKeyConstraint("id", name="pk_period"),
        sa.UniqueConstraint("movement_id", "kind", "year", name="uq_period_movement_id_kind_year"),
    )
    op.create_index("ix_period_movement_id", "period", ["movement_id"])
    op.create_index("ix_period_phase_id", "period", ["phase_id"])
    op.create_table(
        "criterion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("section_ref", sa.String(length=40), nullable=False),
        sa.Column("comparator", sa.String(length=40), nullable=True),
        sa.Column("threshold", sa.String(length=40), nullable=True),
        sa.Column("numerator_label", sa.Text(), nullable=False),
        sa.Column("denominator_label", sa.Text(), nullable=False),
        sa.Column("weight", sa.String(length=40), nullable=False),
        sa.Column("unit_kinds", sa.Text(), nullable=False),
        sa.Column("person_kinds", sa.Text(), nullable=False),
        sa.Column("content_area", sa.Integer(), nullable=False),
        sa.Column("priority_sector", sa.String(length=40), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], name="fk_criterion_period_id_period"),
        sa.PrimaryKeyConstraint("id", name="pk_criterion"),
        sa.UniqueConstraint("period_id", "code", name="uq_criterion_period_id_code"),
    )
    op.create_index("ix_criterion_period_id", "criterion", ["period_id"])
    op.create_table(
        "result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("numerator", sa.String(length=40), nullable=True),
        sa.Column("denominator", sa.String(length=40), nullable=True),
        sa.Column("value", sa.String(length=40), nullable=True),
        sa.Column("yes_no", sa.Boolean(), nullable=True),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["criterion_id"], ["criterion.id"], name="fk_result_criterion_id_criterion"
        ),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], name="fk_result_period_id_period"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name="fk_result_person_id_person"),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name="fk_result_unit_id_unit"),
        sa.PrimaryKeyConstraint("id", name="pk_result"),
    )
    op.create_index("ix_result_period_id", "result", ["period_id"])
    op.create_index("ix_result_criterion_id", "result", ["criterion_id"])
    op.create_index("ix_result_unit_id", "result", ["unit_id"])
    op.create_index("ix_result_person_id", "result", ["person_id"])


def downgrade() -> None:
    for table in ("result", "criterion", "period", "phase", "person", "unit", "movement"):
        op.drop_table(table)
    op.drop_table("app_setting")
