"""Shared fixtures: offscreen Qt, and a fresh migrated, seeded database for every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kt_desktop.paths import DataPaths
from kt_desktop.services.database import Database, open_record
from kt_desktop.services.seed import ensure_seeded

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    # A folder name with Vietnamese letters and a space, as on a clerk's PC.
    paths = DataPaths(tmp_path / "Dữ liệu Ánh")
    paths.ensure()
    return paths


@pytest.fixture
def db(data_paths: DataPaths) -> Iterator[Database]:
    database = open_record(
        data_paths.database_url, data_paths.backups_dir, evidence_dir=data_paths.evidence_dir
    )
    ensure_seeded(database)
    yield database
    database.close()
