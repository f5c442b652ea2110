"""Inspection rounds, their teams, visits, checklist items and follow-up actions; evidence
attached to checklist items and actions; award proposals read from workbooks; remembered
column mappings; where an imported result came from.

Revision ID: 0005_inspections_and_imports
Revises: 0004_results_and_evidence
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_inspections_and_imports"
down_revision: str | None = "0004_results_and_evidence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _owners_rule(columns: tuple[str, ...]) -> str:
    """Exactly one owner column set (CASE, since PostgreSQL can't add booleans)."""
    terms = [f"(CASE WHEN {column} IS NOT NULL THEN 1 ELSE 0 END)" for column in columns]
    return " + ".join(terms) + " = 1"


OLD_OWNERS = _owners_rule(("result_id", "registration_id", "initiative_id"))
NEW_OWNERS = _owners_rule(
    ("result_id", "registration_id", "initiative_id", "inspection_item_id", "action_id")
)


def _fk(column: str, table: str, own: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{table}.id"], name=f"fk_{own}_{column}_{table}")


def _indexes(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


EVIDENCE_LINK_COLUMNS = (
    "id",
    "file_id",
    "result_id",
    "registration_id",
    "initiative_id",
    "file_name",
    "description",
    "attached_at",
)


def _rebuild_evidence_link(owners_rule: str, *, with_new_owners: bool) -> None:
    """Rebuild evidence_link with another one-owner CHECK, keeping its rows.

    SQLite can't alter a CHECK constraint, and Alembic's batch mode doesn't carry a reflected
    CHECK reliably (it came back twice under the naming convention), so the table is rebuilt
    by hand: new table, copy, drop, rename, indexes. PostgreSQL does the same in place."""
    owners = ["result_id", "registration_id", "initiative_id"]
    extra = ["inspection_item_id", "action_id"] if with_new_owners else []
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_evidence_link_one_owner"), "evidence_link", type_="check")
        if with_new_owners:
            op.add_column("evidence_link", sa.Column("inspection_item_id", sa.Integer()))
            op.add_column("evidence_link", sa.Column("action_id", sa.Integer()))
            op.create_foreign_key(
                "fk_evidence_link_inspection_item_id_inspection_item",
                "evidence_link",
                "inspection_item",
                ["inspection_item_id"],
                ["id"],
            )
            op.create_foreign_key(
                "fk_evidence_link_action_id_follow_up_action",
                "evidence_link",
                "follow_up_action",
                ["action_id"],
                ["id"],
            )
            _indexes("evidence_link", *extra)
        else:
            op.drop_column("evidence_link", "action_id")
            op.drop_column("evidence_link", "inspection_item_id")
        op.create_check_constraint(op.f("ck_evidence_link_one_owner"), "evidence_link", owners_rule)
        return
    targets = {
        "result_id": "result",
        "registration_id": "registration",
        "initiative_id": "initiative",
        "inspection_item_id": "inspection_item",
        "action_id": "follow_up_action",
    }
    op.create_table(
        "evidence_link_rebuilt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        *[sa.Column(column, sa.Integer(), nullable=True) for column in owners + extra],
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("attached_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(owners_rule, name=op.f("ck_evidence_link_one_owner")),
        sa.ForeignKeyConstraint(
            ["file_id"], ["evidence_file.id"], name=op.f("fk_evidence_link_file_id_evidence_file")
        ),
        *[
            sa.ForeignKeyConstraint(
                [column],
                [f"{targets[column]}.id"],
                name=op.f(f"fk_evidence_link_{column}_{targets[column]}"),
            )
            for column in owners + extra
        ],
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_link")),
    )
    columns = ", ".join(EVIDENCE_LINK_COLUMNS)
    op.execute(f"INSERT INTO evidence_link_rebuilt ({columns}) SELECT {columns} FROM evidence_link")
    op.drop_table("evidence_link")
    op.rename_table("evidence_link_rebuilt", "evidence_link")
    _indexes("evidence_link", "file_id", *owners, *extra)


def upgrade() -> None:
    op.create_table(
        "inspection_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("decision_document_id", sa.Integer(), nullable=True),
        sa.Column("notice_document_id", sa.Integer(), nullable=True),
        sa.Column("report_document_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("period_id", "period", "inspection_round"),
        _fk("decision_document_id", "outgoing_document", "inspection_round"),
        _fk("notice_document_id", "outgoing_document", "inspection_round"),
        _fk("report_document_id", "outgoing_document", "inspection_round"),
        sa.PrimaryKeyConstraint("id", name="pk_inspection_round"),
    )
    _indexes("inspection_round", "period_id")

    op.create_table(
        "inspection_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("council_member", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        _fk("round_id", "inspection_round", "inspection_member"),
        _fk("person_id", "person", "inspection_member"),
        sa.PrimaryKeyConstraint("id", name="pk_inspection_member"),
    )
    _indexes("inspection_member", "round_id", "person_id")

    op.create_table(
        "inspection_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.String(length=5), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("unit_attendees", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("recommendations", sa.Text(), nullable=False),
        sa.Column("minutes_document_id", sa.Integer(), nullable=True),
        _fk("round_id", "inspection_round", "inspection_visit"),
        _fk("unit_id", "unit", "inspection_visit"),
        _fk("minutes_document_id", "outgoing_document", "inspection_visit"),
        sa.PrimaryKeyConstraint("id", name="pk_inspection_visit"),
        sa.UniqueConstraint("round_id", "unit_id", name="uq_inspection_visit_round_id_unit_id"),
    )
    _indexes("inspection_visit", "round_id", "unit_id")

    op.create_table(
        "inspection_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("verified_numerator", sa.String(length=40), nullable=True),
        sa.Column("verified_denominator", sa.String(length=40), nullable=True),
        sa.Column("verified_value", sa.String(length=40), nullable=True),
        sa.Column("verified_yes_no", sa.Boolean(), nullable=True),
        sa.Column("judgement", sa.String(length=40), nullable=True),
        sa.Column("remarks", sa.Text(), nullable=False),
        _fk("visit_id", "inspection_visit", "inspection_item"),
        _fk("criterion_id", "criterion", "inspection_item"),
        sa.PrimaryKeyConstraint("id", name="pk_inspection_item"),
    )
    _indexes("inspection_item", "visit_id", "criterion_id")

    op.create_table(
        "follow_up_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_note", sa.Text(), nullable=False),
        _fk("visit_id", "inspection_visit", "follow_up_action"),
        _fk("item_id", "inspection_item", "follow_up_action"),
        _fk("unit_id", "unit", "follow_up_action"),
        sa.PrimaryKeyConstraint("id", name="pk_follow_up_action"),
    )
    _indexes("follow_up_action", "visit_id", "item_id", "unit_id")

    # Evidence may now belong to a checklist item or an action: the one-owner rule widens.
    _rebuild_evidence_link(NEW_OWNERS, with_new_owners=True)

    op.create_table(
        "nomination",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("proposing_unit_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("gender", sa.String(length=40), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column("unit_name", sa.String(length=300), nullable=False),
        sa.Column("achievements", sa.Text(), nullable=False),
        sa.Column("proposed_award", sa.String(length=300), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("source_sheet", sa.String(length=100), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("period_id", "period", "nomination"),
        _fk("proposing_unit_id", "unit", "nomination"),
        _fk("person_id", "person", "nomination"),
        sa.PrimaryKeyConstraint("id", name="pk_nomination"),
    )
    _indexes("nomination", "period_id", "proposing_unit_id", "person_id")

    op.create_table(
        "import_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("layout_key", sa.String(length=64), nullable=False),
        sa.Column("sheet_name", sa.String(length=100), nullable=False),
        sa.Column("header_row", sa.Integer(), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _fk("unit_id", "unit", "import_mapping"),
        sa.PrimaryKeyConstraint("id", name="pk_import_mapping"),
    )
    _indexes("import_mapping", "unit_id", "layout_key")

    with op.batch_alter_table("period") as batch:
        batch.add_column(
            sa.Column("results_locked_settings", sa.Text(), nullable=False, server_default="")
        )

    with op.batch_alter_table("result") as batch:
        batch.add_column(
            sa.Column("source_sheet", sa.String(length=100), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("source_sha256", sa.String(length=64), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("result") as batch:
        for column in ("source_sha256", "imported_at", "source_sheet"):
            batch.drop_column(column)
    with op.batch_alter_table("period") as batch:
        batch.drop_column("results_locked_settings")
    op.drop_table("import_mapping")
    op.drop_table("nomination")
    op.execute(
        "DELETE FROM evidence_link WHERE inspection_item_id IS NOT NULL OR action_id IS NOT NULL"
    )
    _rebuild_evidence_link(OLD_OWNERS, with_new_owners=False)
    for table in (
        "follow_up_action",
        "inspection_item",
        "inspection_visit",
        "inspection_member",
        "inspection_round",
    ):
        op.drop_table(table)
