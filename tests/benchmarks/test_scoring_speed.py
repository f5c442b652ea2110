"""Speed of scoring: recompute every score and rank of one period in a record of 3,000 units
× 30 criteria × 6 periods (540,000 results) and 20,000 evidence links (budget: 1 s median).

Run: pytest -m benchmark -s tests/benchmarks/test_scoring_speed.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kt_desktop.paths import DataPaths
from kt_desktop.services.database import Database, open_record
from kt_desktop.services.scoring import compute_period_scores
from kt_desktop.services.seed import ensure_seeded
from tests.benchmarks.large_results import LargeResults, fill_large_results

pytestmark = pytest.mark.benchmark

RUNS = 7
BUDGET_MS = 1000.0


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, LargeResults]]:
    paths = DataPaths(Path(tmp_path_factory.mktemp("scoring")) / "Dữ liệu lớn")
    paths.ensure()
    db = open_record(paths.database_url, paths.backups_dir, evidence_dir=paths.evidence_dir)
    ensure_seeded(db)
    started = time.perf_counter()
    filled = fill_large_results(db)
    print(
        f"\nfilled {filled.results:,} results for {len(filled.unit_ids):,} units in "
        f"{time.perf_counter() - started:.1f} s"
    )
    yield db, filled
    db.close()


def test_recompute_one_period(large: tuple[Database, LargeResults]) -> None:
    db, filled = large
    period = filled.period_ids[1]
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        scores = compute_period_scores(db, period)
        timings.append((time.perf_counter() - started) * 1000)
    ranked = [u for u in scores.units if u.rank is not None]
    median = statistics.median(timings)
    print(
        f"\nscores and ranks of one period ({len(ranked):,} units ranked): median "
        f"{median:.0f} ms (min {min(timings):.0f}, max {max(timings):.0f}); "
        f"budget {BUDGET_MS:.0f} ms, ratio {median / BUDGET_MS:.2f}"
    )
    assert len(ranked) >= len(filled.unit_ids)
    assert median < BUDGET_MS * 3  # a broken algorithm, not a busy machine
