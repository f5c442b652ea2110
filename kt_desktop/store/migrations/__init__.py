"""Alembic migration scripts, shipped inside the package so a frozen build finds them.

KNOWN_REVISIONS lists every revision in order, oldest first; start-up compares the database's
revision with it without importing Alembic (which costs start-up time). A test checks that it
matches the scripts in `versions/`.
"""

KNOWN_REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_outgoing_documents",
    "0003_registrations",
    "0004_results_and_evidence",
    "0005_inspections_and_imports",
    "0006_awards",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]
