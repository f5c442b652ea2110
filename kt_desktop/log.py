"""Logging to a rotating file in the data folder, so a clerk can send us what happened."""

from __future__ import annotations

import logging
import logging.handlers
import traceback
from pathlib import Path
from types import TracebackType

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(log_file: Path, level: int = logging.INFO) -> None:
    """Send the app's log records to `log_file`, rotating at 1 MB and keeping five old files."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    # A second call (tests, self-test) replaces the handler instead of stacking duplicates.
    for old in [h for h in root.handlers if getattr(h, "_kt_handler", False)]:
        root.removeHandler(old)
        old.close()
    handler._kt_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)


def log_uncaught(
    exc_type: type[BaseException], exc_value: BaseException, exc_traceback: TracebackType | None
) -> None:
    """sys.excepthook before the window exists: the traceback goes to the log, never to a user."""
    logging.getLogger("kt_desktop").critical(
        "Uncaught error:\n%s",
        "".join(traceback.format_exception(exc_type, exc_value, exc_traceback)),
    )
