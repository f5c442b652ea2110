"""Awards: award forms and reward rates, the base salary, the Emulation Council and its
members, award rounds with proposals, attendance, votes and recusals, certificates printed,
achievement reports, restrictions on people and recognitions recorded by hand.

Revision ID: 0006_awards
Revises: 0005_inspections_and_imports
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_awards"
down_revision: str | None = "0005_inspections_and_imports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "award_form",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("short_name", sa.String(length=100), nullable=False),
        sa.Column("awarded_here", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_form")),
        sa.UniqueConstraint("code", name=op.f("uq_award_form_code")),
    )
    op.create_table(
        "base_salary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("rounding", sa.String(length=40), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_base_salary")),
        sa.UniqueConstraint("valid_from", name=op.f("uq_base_salary_valid_from")),
    )
    op.create_table(
        "reward_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("recipient_kind", sa.String(length=40), nullable=False),
        sa.Column("multiple", sa.String(length=40), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_id"], ["award_form.id"], name=op.f("fk_reward_rate_form_id_award_form")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reward_rate")),
        sa.UniqueConstraint(
            "form_id",
            "recipient_kind",
            "valid_from",
            name=op.f("uq_reward_rate_form_id_recipient_kind_valid_from"),
        ),
    )
    op.create_index(op.f("ix_reward_rate_form_id"), "reward_rate", ["form_id"], unique=False)
    op.create_table(
        "council_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("gender", sa.String(length=40), nullable=False),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("headed_unit_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["headed_unit_id"], ["unit.id"], name=op.f("fk_council_member_headed_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_council_member_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_member")),
    )
    op.create_index(
        op.f("ix_council_member_headed_unit_id"), "council_member", ["headed_unit_id"], unique=False
    )
    op.create_index(
        op.f("ix_council_member_person_id"), "council_member", ["person_id"], unique=False
    )
    op.create_table(
        "person_restriction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_restriction_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_restriction")),
    )
    op.create_index(
        op.f("ix_person_restriction_person_id"), "person_restriction", ["person_id"], unique=False
    )
    op.create_table(
        "recognition_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("occasion", sa.String(length=40), nullable=True),
        sa.Column("decision_text", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_recognition_record_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_recognition_record_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recognition_record")),
    )
    op.create_index(
        op.f("ix_recognition_record_person_id"), "recognition_record", ["person_id"], unique=False
    )
    op.create_index(
        op.f("ix_recognition_record_unit_id"), "recognition_record", ["unit_id"], unique=False
    )
    op.create_index(
        op.f("ix_recognition_record_year"), "recognition_record", ["year"], unique=False
    )
    op.create_table(
        "award_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("occasion", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("theme", sa.Text(), nullable=False),
        sa.Column("achievement", sa.Text(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=True),
        sa.Column("meeting_time", sa.String(length=5), nullable=False),
        sa.Column("meeting_place", sa.Text(), nullable=False),
        sa.Column("conclusions", sa.Text(), nullable=False),
        sa.Column("secretary_member_id", sa.Integer(), nullable=True),
        sa.Column("minutes_document_id", sa.Integer(), nullable=True),
        sa.Column("decision_document_id", sa.Integer(), nullable=True),
        sa.Column("submission_document_id", sa.Integer(), nullable=True),
        sa.Column("dossier_sent_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_document_id"],
            ["outgoing_document.id"],
            name=op.f("fk_award_round_decision_document_id_outgoing_document"),
        ),
        sa.ForeignKeyConstraint(
            ["minutes_document_id"],
            ["outgoing_document.id"],
            name=op.f("fk_award_round_minutes_document_id_outgoing_document"),
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name=op.f("fk_award_round_period_id_period")
        ),
        sa.ForeignKeyConstraint(
            ["secretary_member_id"],
            ["council_member.id"],
            name=op.f("fk_award_round_secretary_member_id_council_member"),
        ),
        sa.ForeignKeyConstraint(
            ["submission_document_id"],
            ["outgoing_document.id"],
            name=op.f("fk_award_round_submission_document_id_outgoing_document"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_round")),
    )
    op.create_index(op.f("ix_award_round_period_id"), "award_round", ["period_id"], unique=False)
    op.create_table(
        "award_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("recipient_kind", sa.String(length=40), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("gender", sa.String(length=40), nullable=True),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column("unit_name", sa.String(length=300), nullable=False),
        sa.Column("achievement", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("votes_abstain", sa.Integer(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("amount", sa.Integer(), nullable=True),
        sa.Column("register_year", sa.Integer(), nullable=True),
        sa.Column("register_number", sa.Integer(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_id"], ["award_form.id"], name=op.f("fk_award_proposal_form_id_award_form")
        ),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["nomination.id"],
            name=op.f("fk_award_proposal_nomination_id_nomination"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_award_proposal_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["award_round.id"], name=op.f("fk_award_proposal_round_id_award_round")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_award_proposal_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_proposal")),
        sa.UniqueConstraint(
            "register_year",
            "register_number",
            name=op.f("uq_award_proposal_register_year_register_number"),
        ),
    )
    op.create_index(op.f("ix_award_proposal_form_id"), "award_proposal", ["form_id"], unique=False)
    op.create_index(
        op.f("ix_award_proposal_person_id"), "award_proposal", ["person_id"], unique=False
    )
    op.create_index(
        op.f("ix_award_proposal_round_id"), "award_proposal", ["round_id"], unique=False
    )
    op.create_index(op.f("ix_award_proposal_unit_id"), "award_proposal", ["unit_id"], unique=False)
    op.create_table(
        "council_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["council_member.id"],
            name=op.f("fk_council_attendance_member_id_council_member"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["award_round.id"],
            name=op.f("fk_council_attendance_round_id_award_round"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_attendance")),
        sa.UniqueConstraint(
            "round_id", "member_id", name=op.f("uq_council_attendance_round_id_member_id")
        ),
    )
    op.create_index(
        op.f("ix_council_attendance_member_id"), "council_attendance", ["member_id"], unique=False
    )
    op.create_index(
        op.f("ix_council_attendance_round_id"), "council_attendance", ["round_id"], unique=False
    )
    op.create_table(
        "achievement_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["award_proposal.id"],
            name=op.f("fk_achievement_report_proposal_id_award_proposal"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_achievement_report")),
        sa.UniqueConstraint("proposal_id", name=op.f("uq_achievement_report_proposal_id")),
    )
    op.create_table(
        "certificate_print",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("reprint", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["award_proposal.id"],
            name=op.f("fk_certificate_print_proposal_id_award_proposal"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_print")),
    )
    op.create_index(
        op.f("ix_certificate_print_proposal_id"), "certificate_print", ["proposal_id"], unique=False
    )
    op.create_table(
        "council_recusal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["council_member.id"],
            name=op.f("fk_council_recusal_member_id_council_member"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["award_proposal.id"],
            name=op.f("fk_council_recusal_proposal_id_award_proposal"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_recusal")),
        sa.UniqueConstraint(
            "proposal_id", "member_id", name=op.f("uq_council_recusal_proposal_id_member_id")
        ),
    )
    op.create_index(
        op.f("ix_council_recusal_member_id"), "council_recusal", ["member_id"], unique=False
    )
    op.create_index(
        op.f("ix_council_recusal_proposal_id"), "council_recusal", ["proposal_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_council_recusal_proposal_id"), table_name="council_recusal")
    op.drop_index(op.f("ix_council_recusal_member_id"), table_name="council_recusal")
    op.drop_table("council_recusal")
    op.drop_index(op.f("ix_certificate_print_proposal_id"), table_name="certificate_print")
    op.drop_table("certificate_print")
    op.drop_table("achievement_report")
    op.drop_index(op.f("ix_council_attendance_round_id"), table_name="council_attendance")
    op.drop_index(op.f("ix_council_attendance_member_id"), table_name="council_attendance")
    op.drop_table("council_attendance")
    op.drop_index(op.f("ix_award_proposal_unit_id"), table_name="award_proposal")
    op.drop_index(op.f("ix_award_proposal_round_id"), table_name="award_proposal")
    op.drop_index(op.f("ix_award_proposal_person_id"), table_name="award_proposal")
    op.drop_index(op.f("ix_award_proposal_form_id"), table_name="award_proposal")
    op.drop_table("award_proposal")
    op.drop_index(op.f("ix_award_round_period_id"), table_name="award_round")
    op.drop_table("award_round")
    op.drop_index(op.f("ix_recognition_record_year"), table_name="recognition_record")
    op.drop_index(op.f("ix_recognition_record_unit_id"), table_name="recognition_record")
    op.drop_index(op.f("ix_recognition_record_person_id"), table_name="recognition_record")
    op.drop_table("recognition_record")
    op.drop_index(op.f("ix_person_restriction_person_id"), table_name="person_restriction")
    op.drop_table("person_restriction")
    op.drop_index(op.f("ix_council_member_person_id"), table_name="council_member")
    op.drop_index(op.f("ix_council_member_headed_unit_id"), table_name="council_member")
    op.drop_table("council_member")
    op.drop_index(op.f("ix_reward_rate_form_id"), table_name="reward_rate")
    op.drop_table("reward_rate")
    op.drop_table("base_salary")
    op.drop_table("award_form")
