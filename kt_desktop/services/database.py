"""The open record: an engine on a migrated database, and the way services get a session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from kt_desktop.store.engine import session_scope
from kt_desktop.store.migrate import open_database


@dataclass
class Database:
    engine: Engine
    url: str
    demo: bool = False
    # Where evidence files are stored (see services/evidence.py); None for a record opened
    # without a data folder, where attaching files is refused with a message.
    evidence_dir: Path | None = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        with session_scope(self.engine) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_record(
    url: str,
    backups_dir: Path | None,
    *,
    demo: bool = False,
    evidence_dir: Path | None = None,
) -> Database:
    """Open (creating or upgrading as needed) the database at `url`."""
    return Database(
        engine=open_database(url, backups_dir), url=url, demo=demo, evidence_dir=evidence_dir
    )
