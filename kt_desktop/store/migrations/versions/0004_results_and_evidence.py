"""Results reviewed and verified, the period lock, evidence files, initiatives and
contributions, and each village's Bình dân học vụ số figures.

Revision ID: 0004_results_and_evidence
Revises: 0003_registrations
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_results_and_evidence"
down_revision: str | None = "0003_registrations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def _decimal(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.String(length=40), nullable=True)


def upgrade() -> None:
    with op.batch_alter_table("period") as batch:
        batch.add_column(_text("results_lock_reason"))
        batch.add_column(sa.Column("results_locked_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("results_locked_by_document_id", sa.Integer(), nullable=True))

    with op.batch_alter_table("result") as batch:
        batch.add_column(
            sa.Column("not_applicable", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(_text("not_applicable_reason"))
        batch.add_column(
            sa.Column("source", sa.String(length=40), nullable=False, server_default="manual")
        )
        batch.add_column(_text("source_file"))
        batch.add_column(sa.Column("source_row", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("received_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column(
                "review_status", sa.String(length=40), nullable=False, server_default="received"
            )
        )
        batch.add_column(_text("return_reason"))
        batch.add_column(_decimal("reviewer_points"))
        batch.add_column(_decimal("verified_numerator"))
        batch.add_column(_decimal("verified_denominator"))
        batch.add_column(_decimal("verified_value"))
        batch.add_column(sa.Column("verified_yes_no", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("verified_on", sa.Date(), nullable=True))
        batch.add_column(_text("verified_note"))
        batch.create_unique_constraint(
            "uq_result_period_id_criterion_id_unit_id", ["period_id", "criterion_id", "unit_id"]
        )
        batch.create_index("ix_result_period_id_unit_id", ["period_id", "unit_id"])

    op.create_table(
        "evidence_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.Text(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_file"),
        sa.UniqueConstraint("sha256", name="uq_evidence_file_sha256"),
    )

    op.create_table(
        "initiative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=True),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("benefits", sa.Text(), nullable=False),
        sa.Column("recognised_on", sa.Date(), nullable=True),
        sa.Column("recognition_level", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name="fk_initiative_period_id_period"
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name="fk_initiative_unit_id_unit"),
        sa.PrimaryKeyConstraint("id", name="pk_initiative"),
    )
    op.create_index("ix_initiative_period_id", "initiative", ["period_id"])
    op.create_index("ix_initiative_unit_id", "initiative", ["unit_id"])

    op.create_table(
        "initiative_author",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name="fk_initiative_author_initiative_id_initiative",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name="fk_initiative_author_person_id_person"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_initiative_author"),
        sa.UniqueConstraint(
            "initiative_id", "person_id", name="uq_initiative_author_initiative_id_person_id"
        ),
    )
    op.create_index("ix_initiative_author_initiative_id", "initiative_author", ["initiative_id"])
    op.create_index("ix_initiative_author_person_id", "initiative_author", ["person_id"])

    op.create_table(
        "evidence_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=True),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("initiative_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("attached_at", sa.DateTime(timezone=True), nullable=False),
        # CASE, not booleans added together: PostgreSQL has no boolean + boolean.
        sa.CheckConstraint(
            "(CASE WHEN result_id IS NOT NULL THEN 1 ELSE 0 END)"
            " + (CASE WHEN registration_id IS NOT NULL THEN 1 ELSE 0 END)"
            " + (CASE WHEN initiative_id IS NOT NULL THEN 1 ELSE 0 END) = 1",
            name=op.f("ck_evidence_link_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["evidence_file.id"], name="fk_evidence_link_file_id_evidence_file"
        ),
        sa.ForeignKeyConstraint(
            ["result_id"], ["result.id"], name="fk_evidence_link_result_id_result"
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name="fk_evidence_link_registration_id_registration",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"], ["initiative.id"], name="fk_evidence_link_initiative_id_initiative"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_link"),
    )
    for column in ("file_id", "result_id", "registration_id", "initiative_id"):
        op.create_index(f"ix_evidence_link_{column}", "evidence_link", [column])

    op.create_table(
        "contribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("contributor_kind", sa.String(length=40), nullable=False),
        sa.Column("contributor_name", sa.String(length=300), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("value_vnd", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name="fk_contribution_period_id_period"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name="fk_contribution_person_id_person"
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name="fk_contribution_unit_id_unit"),
        sa.PrimaryKeyConstraint("id", name="pk_contribution"),
    )
    for column in ("period_id", "person_id", "unit_id"):
        op.create_index(f"ix_contribution_{column}", "contribution", [column])

    op.create_table(
        "digital_literacy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("classes_held", sa.Integer(), nullable=False),
        sa.Column("trained_officials", sa.Integer(), nullable=False),
        sa.Column("trained_pupils", sa.Integer(), nullable=False),
        sa.Column("trained_other_adults", sa.Integer(), nullable=False),
        sa.Column("team_members", sa.Integer(), nullable=False),
        sa.Column("team_visits", sa.Integer(), nullable=False),
        sa.Column("adults_meeting_standard", sa.Integer(), nullable=True),
        sa.Column("adult_population", sa.Integer(), nullable=True),
        sa.Column("reported_rate", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name="fk_digital_literacy_period_id_period"
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name="fk_digital_literacy_unit_id_unit"),
        sa.PrimaryKeyConstraint("id", name="pk_digital_literacy"),
        sa.UniqueConstraint("period_id", "unit_id", name="uq_digital_literacy_period_id_unit_id"),
    )
    op.create_index("ix_digital_literacy_period_id", "digital_literacy", ["period_id"])
    op.create_index("ix_digital_literacy_unit_id", "digital_literacy", ["unit_id"])


def downgrade() -> None:
    for table in (
        "digital_literacy",
        "contribution",
        "evidence_link",
        "initiative_author",
        "initiative",
        "evidence_file",
    ):
        op.drop_table(table)
    with op.batch_alter_table("result") as batch:
        batch.drop_index("ix_result_period_id_unit_id")
        batch.drop_constraint("uq_result_period_id_criterion_id_unit_id", type_="unique")
        for column in (
            "verified_note",
            "verified_on",
            "verified_yes_no",
            "verified_value",
            "verified_denominator",
            "verified_numerator",
            "reviewer_points",
            "return_reason",
            "review_status",
            "received_on",
            "source_row",
            "source_file",
            "source",
            "not_applicable_reason",
            "not_applicable",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("period") as batch:
        for column in ("results_locked_by_document_id", "results_locked_on", "results_lock_reason"):
            batch.drop_column(column)
