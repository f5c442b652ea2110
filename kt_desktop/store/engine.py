"""Every database engine is made here, with SQLite set up safely on each connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, create_engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from kt_desktop.errors import UserError

SQLITE_BUSY_TIMEOUT_MS = 5000


def create_db_engine(url: str) -> Engine:
    """An engine for `url`; SQLite connections get foreign keys, WAL, FULL sync, busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        event.listen(engine, "connect", _configure_sqlite_connection)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # WAL lets the GUI read while a background job writes; FULL sync survives power cuts,
        # which are common in a commune office.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def explain_database_error(error: BaseException) -> UserError | None:
    """A Vietnamese explanation for database failures a clerk can act on, or None for bugs."""
    original = getattr(error, "orig", None) or error
    text = str(original).lower()
    if not isinstance(original, sqlite3.Error | OperationalError | DBAPIError):
        return None
    if "readonly" in text or "read-only" in text:
        return UserError(
            "Không ghi được vào cơ sở dữ liệu vì tệp hoặc thư mục chứa nó chỉ cho phép đọc.",
            "Hãy kiểm tra quyền ghi của thư mục dữ liệu rồi mở lại chương trình.",
        )
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return UserError(
            "Tệp cơ sở dữ liệu bị hỏng hoặc không phải là cơ sở dữ liệu của chương trình.",
            "Hãy khôi phục từ một bản sao lưu, hoặc chọn thư mục dữ liệu khác.",
        )
    if "locked" in text or "busy" in text:
        return UserError(
            "Cơ sở dữ liệu đang bị một chương trình khác khóa nên chưa ghi được.",
            "Hãy đóng chương trình đó (hoặc đợi một lát) rồi thử lại.",
        )
    if "disk is full" in text or "disk full" in text or "no space" in text:
        return UserError(
            "Ổ đĩa đã đầy nên không ghi được dữ liệu. Thay đổi vừa rồi chưa được lưu.",
            "Hãy giải phóng bớt dung lượng ổ đĩa rồi thử lại.",
        )
    if "unable to open" in text:
        return UserError(
            "Không mở được tệp cơ sở dữ liệu.",
            "Hãy kiểm tra đường dẫn và quyền truy cập của thư mục dữ liệu.",
        )
    return None


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on any error.

    Database failures a clerk can act on come out as UserError; nothing is half-written
    because the whole block is one transaction.
    """
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except (OperationalError, DBAPIError, sqlite3.Error) as error:
        session.rollback()
        explained = explain_database_error(error)
        if explained is not None:
            raise explained from error
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
