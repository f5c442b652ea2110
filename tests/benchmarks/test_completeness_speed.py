"""Speed of the completeness view over a large record (run: pytest -m benchmark -s).

3,000 units × 30 criteria in one period (about 81,000 results of about 486,000 in six periods,
and 20,000 evidence links): opening the view for a period, the service's matrix and the Qt
model the page shows, is read against a budget of 300 ms (median of 7). Like the other
benchmarks this prints its figures instead of failing on time.
"""

from __future__ import annotations

import statistics
import time

import pytest

from kt_desktop.paths import DataPaths
from kt_desktop.services.database import Database, open_record
from kt_desktop.services.seed import ensure_seeded
from tests.benchmarks.large_results import LargeResults, fill_large_results

pytestmark = pytest.mark.benchmark

UNITS = 3_000
CRITERIA = 30
PERIODS = 6
EVIDENCE_LINKS = 20_000
RUNS = 7
BUDGET_MS = 300.0


@pytest.fixture(scope="module")
def large_results(tmp_path_factory: pytest.TempPathFactory) -> tuple[DataPaths, LargeResults]:
    paths = DataPaths(tmp_path_factory.mktemp("ket-qua") / "Dữ liệu lớn")
    paths.ensure()
    db = open_record(paths.database_url, paths.backups_dir)
    try:
        ensure_seeded(db)
        started = time.perf_counter()
        filled = fill_large_results(
            db,
            units=UNITS,
            criteria_per_period=CRITERIA,
            periods=PERIODS,
            evidence_links=EVIDENCE_LINKS,
        )
        print(
            f"\n[benchmark] filled {len(filled.unit_ids):,} units, {filled.results:,} results "
            f"and {filled.evidence_links:,} evidence links in "
            f"{time.perf_counter() - started:.1f} s"
        )
    finally:
        db.close()
    return paths, filled


def summary(label: str, timings: list[float]) -> float:
    median = statistics.median(timings)
    print(
        f"[benchmark] {label}: median {median:.0f} ms, min {min(timings):.0f} ms, "
        f"max {max(timings):.0f} ms; ratio to budget {median / BUDGET_MS:.2f} "
        f"(budget {BUDGET_MS:.0f} ms; {len(timings)} runs)"
    )
    return median


def test_opening_the_completeness_view_of_a_period(
    qtbot, large_results: tuple[DataPaths, LargeResults]
) -> None:
    from kt_desktop.gui.pages.completeness_page import CompletenessPage
    from kt_desktop.services.completeness import completeness_matrix
    from kt_desktop.services.figures import CellState

    paths, filled = large_results
    period = filled.period_ids[1]  # the year 2026
    db: Database = open_record(paths.database_url, paths.backups_dir)
    try:
        page = CompletenessPage(db)
        qtbot.addWidget(page)
        page.resize(1280, 760)
        page.show()
        page.ensure_loaded()
        page.period_combo.setCurrentIndex(page.period_combo.findData(period))

        service, shown = [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            matrix = completeness_matrix(db, period)
            service.append((time.perf_counter() - started) * 1000)
        for _ in range(RUNS):
            started = time.perf_counter()
            page.reload()  # the service, the model, the counts line, the column widths
            page.table.viewport().repaint()
            shown.append((time.perf_counter() - started) * 1000)

        assert len(matrix.units) == UNITS and len(matrix.criteria) == CRITERIA
        missing = matrix.counts[CellState.MISSING]
        cells = UNITS * CRITERIA
        assert page.model.rowCount() == UNITS
        assert page.model.columnCount() == 3 + CRITERIA
        print(
            f"\n[benchmark] completeness of one period: {UNITS:,} units × {CRITERIA} criteria "
            f"({cells - missing:,} results of {filled.results:,}; {missing:,} missing)"
        )
        summary("service (completeness_matrix)", service)
        summary("page shown (service + Qt model + repaint)", shown)
    finally:
        db.close()
