"""Bring a database to the current schema: check first, back up, then upgrade with Alembic."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from kt_desktop.errors import UserError, describe_os_error
from kt_desktop.paths import sqlite_file_from_url
from kt_desktop.store.backup import backup_sqlite_file, read_only_uri
from kt_desktop.store.engine import create_db_engine, explain_database_error
from kt_desktop.store.migrations import HEAD_REVISION, KNOWN_REVISIONS

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def check_sqlite_file(database_file: Path) -> None:
    """Refuse a file that is not SQLite, or one we cannot write, before touching it."""
    if not database_file.exists():
        parent = database_file.parent
        if parent.exists() and not os.access(parent, os.W_OK):
            raise UserError(
                f"Không tạo được cơ sở dữ liệu trong thư mục “{parent}” vì thư mục chỉ cho đọc.",
                "Hãy chọn thư mục dữ liệu khác bằng tùy chọn --data-dir.",
            )
        return
    try:
        with database_file.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise UserError(
            f"Không đọc được tệp cơ sở dữ liệu “{database_file}”: {describe_os_error(error)}."
        ) from error
    if header and header != SQLITE_HEADER:
        raise UserError(
            f"Tệp “{database_file}” không phải là cơ sở dữ liệu của chương trình "
            "(có thể đã hỏng hoặc bị ghi đè).",
            "Chương trình không thay đổi tệp này. Hãy khôi phục từ bản sao lưu "
            "hoặc chọn thư mục dữ liệu khác.",
        )
    if not os.access(database_file, os.W_OK):
        raise UserError(
            f"Tệp cơ sở dữ liệu “{database_file}” chỉ cho phép đọc nên chương trình không thể "
            "ghi dữ liệu vào đó.",
            "Hãy bỏ thuộc tính chỉ đọc của tệp (hoặc chép nó sang thư mục khác) rồi mở lại.",
        )


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def inspect_sqlite_file(database_file: Path) -> tuple[str | None, bool]:
    """The schema revision and whether any table exists, read without writing a byte."""
    if not database_file.exists() or database_file.stat().st_size == 0:
        return None, False
    try:
        connection = sqlite3.connect(read_only_uri(database_file), uri=True)
        try:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.Error as error:
        explained = explain_database_error(error)
        if explained is not None:
            raise explained from error
        raise
    return revision, bool(tables)


def engine_for(url: str) -> Engine:
    """An engine for `url`, or a UserError naming what is wrong with the address."""
    try:
        return create_db_engine(url)
    except ImportError as error:
        raise UserError(
            f"Chưa cài thư viện kết nối cho cơ sở dữ liệu “{safe_url(url)}”.",
            'Với PostgreSQL, hãy cài thêm: pip install -e ".[postgres]"',
        ) from error
    except (ArgumentError, NoSuchModuleError) as error:
        raise UserError(
            f"Địa chỉ cơ sở dữ liệu “{safe_url(url)}” không hợp lệ.",
            "Địa chỉ có dạng sqlite:///đường/dẫn/tệp.sqlite hoặc "
            "postgresql+psycopg://người_dùng:mật_khẩu@máy_chủ/tên_cơ_sở_dữ_liệu.",
        ) from error


def safe_url(url: str) -> str:
    """The address as a user may see it: any password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url


def refuse_unusable(revision: str | None, has_tables: bool) -> None:
    """Raise UserError for a database this version must not touch."""
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise UserError(
            "Cơ sở dữ liệu này được tạo bởi một phiên bản mới hơn của chương trình "
            f"(mã lược đồ “{revision}”), nên phiên bản đang chạy không mở được.",
            "Hãy cài phiên bản mới nhất của chương trình. Dữ liệu vẫn được giữ nguyên.",
        )
    if revision is None and has_tables:
        raise UserError(
            "Cơ sở dữ liệu đã có dữ liệu nhưng không phải do chương trình này tạo ra.",
            "Chương trình không thay đổi gì. Hãy chọn một cơ sở dữ liệu khác.",
        )


def open_database(url: str, backups_dir: Path | None) -> Engine:
    """An engine on a database at the current schema, upgraded (after a backup) if needed.

    Never deletes or recreates a user's database: any failure leaves the file as it was and
    comes out as a UserError explaining what to do.
    """
    database_file = sqlite_file_from_url(url)
    if database_file is not None:
        check_sqlite_file(database_file)
        # Look before the engine connects: its set-up switches the file to WAL, which would
        # already change a database we are about to refuse.
        revision, has_tables = inspect_sqlite_file(database_file)
        refuse_unusable(revision, has_tables)
    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            if database_file is None:
                revision = current_revision(connection)
                has_tables = bool(inspect(connection).get_table_names())
        if database_file is None:
            refuse_unusable(revision, has_tables)
    except DBAPIError as error:
        engine.dispose()
        explained = explain_database_error(error)
        if explained is not None:
            raise explained from error
        raise
    except UserError:
        engine.dispose()
        raise
    if revision == HEAD_REVISION:
        return engine
    if database_file is not None and revision is not None and backups_dir is not None:
        backup = backup_sqlite_file(database_file, backups_dir, f"truoc-nang-cap-{revision}")
        log.info("Backed up the database before upgrading from %s: %s", revision, backup)
    try:
        upgrade_to_head(engine)
    except DBAPIError as error:
        engine.dispose()
        explained = explain_database_error(error)
        if explained is not None:
            raise explained from error
        raise
    log.info("Database upgraded from %s to %s", revision, HEAD_REVISION)
    return engine


def alembic_config() -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Run every pending migration in one transaction on `engine`."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection  # type: ignore[attr-defined]
        command.upgrade(config, "head")  # type: ignore[arg-type]
