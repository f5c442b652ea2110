"""Speed figures, printed with their ratios to the stack's floor (run: pytest -m benchmark -s).

These measure; they do not pass or fail on time, which would make the suite flaky on a busy
machine. The budgets they are read against: cold start at most 1.3 × the floor, and search
as you type over 20,000 people at most 50 ms per keystroke (median).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kt_desktop.paths import DataPaths
from kt_desktop.services.database import Database, open_record
from kt_desktop.services.demo import fill_large_register
from kt_desktop.services.seed import ensure_seeded
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.benchmark

UNITS = 2_000
PEOPLE = 20_000
RUNS = 7
START_BUDGET_RATIO = 1.3
KEYSTROKE_BUDGET_MS = 50.0

FLOOR_SCRIPT = textwrap.dedent(
    """
    import sys
    import sqlmodel
    from sqlalchemy import create_engine, text
    engine = create_engine("sqlite:///" + sys.argv[1])
    with engine.connect() as connection:
        connection.execute(text("SELECT count(*) FROM person")).scalar()
    from PySide6.QtWidgets import QApplication, QWidget
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.show()
    app.processEvents()
    print("floor: window shown", flush=True)
    """
)


@pytest.fixture(scope="module")
def large_record(tmp_path_factory: pytest.TempPathFactory) -> DataPaths:
    paths = DataPaths(tmp_path_factory.mktemp("do-toc") / "Dữ liệu lớn")
    paths.ensure()
    db = open_record(paths.database_url, paths.backups_dir)
    ensure_seeded(db)
    fill_large_register(db, units=UNITS, people=PEOPLE)
    from kt_desktop.services.movement import home_summary

    summary = home_summary(db)
    assert summary.active_units + summary.inactive_units == UNITS
    assert summary.active_people + summary.inactive_people == PEOPLE
    db.close()
    return paths


def time_to_shown(command: list[str], env: dict[str, str]) -> float:
    """Seconds from launching `command` to it printing that its window is shown.

    The clock stops at the window, not at the process's exit: tearing Qt down is not part
    of what a clerk waits for.
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    _out, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors
    assert "shown" in line, line + errors
    return elapsed


def test_cold_start_against_the_floor(large_record: DataPaths, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    floor_script = tmp_path / "floor.py"
    floor_script.write_text(FLOOR_SCRIPT, encoding="utf-8")
    floor_command = [sys.executable, str(floor_script), str(large_record.database_file)]
    app_command = [
        sys.executable,
        str(PROJECT_ROOT / "main.py"),
        "--data-dir",
        str(large_record.root),
        "--exit-when-shown",
    ]
    # Warm the file cache once for both, then alternate so drift hits both alike.
    time_to_shown(floor_command, env)
    time_to_shown(app_command, env)
    floors, apps = [], []
    for _ in range(RUNS):
        floors.append(time_to_shown(floor_command, env))
        apps.append(time_to_shown(app_command, env))
    floor, app = statistics.median(floors), statistics.median(apps)
    ratio = app / floor
    print(
        f"\n[benchmark] cold start to main window, {UNITS:,} units and {PEOPLE:,} people: "
        f"app {app:.3f} s, floor {floor:.3f} s, ratio {ratio:.2f} "
        f"(budget {START_BUDGET_RATIO}; medians of {RUNS})"
    )


def test_search_as_you_type_over_20000_people(qtbot, large_record: DataPaths) -> None:
    from kt_desktop.gui.pages.people_page import PeoplePage

    db: Database = open_record(large_record.database_url, large_record.backups_dir)
    try:
        page = PeoplePage(db)
        qtbot.addWidget(page)
        page.resize(1200, 700)
        page.show()
        started = time.perf_counter()
        page.ensure_loaded()
        load_seconds = time.perf_counter() - started
        assert page.model.total_count() == PEOPLE
        timings = []
        for query in ("nguyen van an", "thi hoa", "tran", "le thi anh"):
            page.search_edit.clear()
            qtbot.wait(1)
            for character in query:
                started = time.perf_counter()
                qtbot.keyClick(page.search_edit, character)
                page.table.viewport().repaint()
                timings.append((time.perf_counter() - started) * 1000)
        assert page.model.rowCount() > 0
        median = statistics.median(timings)
        print(
            f"\n[benchmark] search as you type over {PEOPLE:,} people: median {median:.1f} ms, "
            f"worst {max(timings):.1f} ms per keystroke over {len(timings)} keystrokes; ratio to "
            f"budget {median / KEYSTROKE_BUDGET_MS:.2f} (budget {KEYSTROKE_BUDGET_MS:.0f} ms); "
            f"first load of the list {load_seconds * 1000:.0f} ms"
        )
    finally:
        db.close()


def test_sort_keys_for_20000_names() -> None:
    from kt_desktop.services.demo import FAMILY_NAMES, FEMALE_GIVEN, MALE_MIDDLE
    from kt_desktop.text import collation_key, name_sort_key, search_key

    names = [
        f"{FAMILY_NAMES[i % len(FAMILY_NAMES)]} {MALE_MIDDLE[i % len(MALE_MIDDLE)]} "
        f"{FEMALE_GIVEN[i % len(FEMALE_GIVEN)]}"
        for i in range(PEOPLE)
    ]
    figures = []
    for label, function in (
        ("collation_key", collation_key),
        ("name_sort_key", name_sort_key),
        ("search_key", search_key),
    ):
        started = time.perf_counter()
        for name in names:
            function(name)
        figures.append(f"{label} {(time.perf_counter() - started) / PEOPLE * 1e6:.1f} µs")
    print(f"\n[benchmark] per name over {PEOPLE:,} names: " + ", ".join(figures))
