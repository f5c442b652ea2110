"""The record on PostgreSQL (several PCs sharing one database): migrations, seeding, the demo
commune, scoring, completeness, the period lock and the evidence owner rule behave as on SQLite.

Runs when KT_TEST_POSTGRES_URL names a server database the test may create databases beside
(CI starts a throwaway server: .ci/postgres.sh); skipped otherwise."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

SERVER_URL = os.environ.get("KT_TEST_POSTGRES_URL", "")


@pytest.fixture
def pg_db(tmp_path: Path) -> Iterator[object]:
    if not SERVER_URL:
        pytest.skip("KT_TEST_POSTGRES_URL is not set (CI sets it with .ci/postgres.sh)")
    from sqlalchemy import create_engine, text

    from kt_desktop.services.database import open_record
    from kt_desktop.services.seed import ensure_seeded

    name = f"kt_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base = SERVER_URL.rsplit("/", 1)[0]
    db = open_record(f"{base}/{name}", None, evidence_dir=tmp_path / "evidence")
    ensure_seeded(db)
    yield db
    db.close()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_demo_commune_scores_and_locks_on_postgresql(pg_db) -> None:
    from kt_desktop.errors import UserError
    from kt_desktop.services.completeness import completeness_matrix
    from kt_desktop.services.demo import fill_demo_commune
    from kt_desktop.services.figures import Figure
    from kt_desktop.services.movement import list_periods
    from kt_desktop.services.results import ResultInput, lock_period, save_result, unit_results
    from kt_desktop.services.scoring import compute_period_scores

    db = pg_db
    assert fill_demo_commune(db)
    period = next(p.id for p in list_periods(db) if p.name == "Năm 2026")
    scores = compute_period_scores(db, period)
    ranked = [u for u in scores.units if u.rank is not None]
    assert ranked and all(u.score is not None for u in ranked)
    # Every unit's score agrees with its own page, figure by figure.
    for unit in ranked[:10]:
        lines = unit_results(db, period, unit.unit_id).lines
        assert sum(line.points or 0 for line in lines) == unit.points
    matrix = completeness_matrix(db, period)
    assert matrix.units and matrix.counts
    village = next(u for u in ranked if u.name == "Thôn Đông")
    criterion = next(line for line in unit_results(db, period, village.unit_id).lines)
    lock_period(db, period, "Hội đồng đã họp xét", date(2026, 11, 30))
    with pytest.raises(UserError, match="Hội đồng đã họp xét"):
        save_result(
            db,
            period,
            village.unit_id,
            criterion.criterion_id,
            ResultInput(figure=Figure(assessment="Tốt")),
            date(2026, 11, 30),
        )


def test_an_evidence_link_needs_exactly_one_owner_on_postgresql(pg_db) -> None:
    import sqlalchemy.exc
    from sqlalchemy import text

    db = pg_db
    with pytest.raises(sqlalchemy.exc.IntegrityError), db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO evidence_file (sha256, size_bytes, original_name, stored_at)"
                " VALUES ('ab', 1, 'a.pdf', now())"
            )
        )
        connection.execute(
            text(
                "INSERT INTO evidence_link (file_id, file_name, description, attached_at)"
                " SELECT id, 'a.pdf', '', now() FROM evidence_file"
            )
        )
