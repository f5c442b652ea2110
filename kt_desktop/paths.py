"""Where the app's data, logs, backups and bundled resources live on this computer."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from kt_desktop import APP_DIR_NAME

DATABASE_FILE_NAME = "kimthanh.sqlite"
DEMO_DATABASE_FILE_NAME = "kimthanh-du-lieu-mau.sqlite"
# Environment variable that points the app at another database (any SQLAlchemy URL).
DATABASE_URL_ENV = "KT_DATABASE_URL"


def default_data_dir() -> Path:
    """The per-user data folder: %LOCALAPPDATA%\\KimThanhThiDua on Windows.

    LOCALAPPDATA (not the roaming APPDATA) because a SQLite file must never follow the user
    onto a network profile share. Elsewhere: the XDG data folder, or ~/Library on macOS.
    """
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Application Support")
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR_NAME


def resources_dir() -> Path:
    """The bundled `resources/` folder, in a source checkout or in a frozen build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


@dataclass(frozen=True)
class DataPaths:
    """Every file the app writes, derived from one data folder."""

    root: Path
    demo: bool = False

    @property
    def database_file(self) -> Path:
        name = DEMO_DATABASE_FILE_NAME if self.demo else DATABASE_FILE_NAME
        return self.root / name

    @property
    def database_url(self) -> str:
        return sqlite_url(self.database_file)

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs_dir / "kimthanh.log"

    @property
    def backups_dir(self) -> Path:
        return self.root / "backups"

    @property
    def evidence_dir(self) -> Path:
        """Evidence files, stored once each under their SHA-256 (the demo keeps its own)."""
        return self.root / ("evidence-demo" if self.demo else "evidence")

    @property
    def lock_file(self) -> Path:
        return self.root / ("demo.lock" if self.demo else "app.lock")

    def ensure(self) -> None:
        for folder in (self.root, self.logs_dir, self.backups_dir):
            folder.mkdir(parents=True, exist_ok=True)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


def sqlite_file_from_url(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite:///"):
        return None
    raw = url[len("sqlite:///") :].split("?", 1)[0]
    if raw in ("", ":memory:"):
        return None
    if raw.startswith("file:"):
        raw = raw[len("file:") :]
    return Path(raw)


def database_url_from_env() -> str | None:
    value = os.environ.get(DATABASE_URL_ENV, "").strip()
    return value or None
