"""Migrations: empty to head, a single linear history, models and scripts agree, and a
database the app cannot handle is refused untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy.exc
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

import kt_desktop.domain.tables  # noqa: F401
from kt_desktop.errors import UserError
from kt_desktop.paths import DataPaths, sqlite_url
from kt_desktop.store.backup import backup_sqlite_file
from kt_desktop.store.migrate import alembic_config, open_database
from kt_desktop.store.migrations import HEAD_REVISION, KNOWN_REVISIONS


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_empty_database_is_migrated_to_head(data_paths: DataPaths) -> None:
    engine = open_database(data_paths.database_url, data_paths.backups_dir)
    tables = set(inspect(engine).get_table_names())
    assert {"movement", "phase", "period", "criterion", "unit", "person", "result"} <= tables
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == HEAD_REVISION
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
        }
    assert pragmas == {
        "foreign_keys": 1,
        "journal_mode": "wal",
        "synchronous": 2,
        "busy_timeout": 5000,
    }
    engine.dispose()


def test_history_is_linear_and_matches_the_known_list() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())  # type: ignore[arg-type]
    assert scripts.get_heads() == [HEAD_REVISION]
    chain = [rev.revision for rev in scripts.walk_revisions()]
    assert list(reversed(chain)) == list(KNOWN_REVISIONS)
    for revision in scripts.walk_revisions():
        assert not revision.is_merge_point
        assert not revision.is_branch_point


def test_models_and_migrations_agree(data_paths: DataPaths) -> None:
    engine = open_database(data_paths.database_url, data_paths.backups_dir)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_opening_twice_keeps_data_and_needs_no_backup(data_paths: DataPaths) -> None:
    open_database(data_paths.database_url, data_paths.backups_dir).dispose()
    open_database(data_paths.database_url, data_paths.backups_dir).dispose()
    assert list(data_paths.backups_dir.iterdir()) == []


def test_a_database_from_a_newer_version_is_refused_untouched(data_paths: DataPaths) -> None:
    open_database(data_paths.database_url, data_paths.backups_dir).dispose()
    with sqlite3.connect(data_paths.database_file) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    connection.close()
    before = digest(data_paths.database_file)
    with pytest.raises(UserError) as caught:
        open_database(data_paths.database_url, data_paths.backups_dir)
    assert "phiên bản mới hơn" in caught.value.message
    assert digest(data_paths.database_file) == before


def test_a_file_that_is_not_a_database_is_refused_untouched(data_paths: DataPaths) -> None:
    data_paths.database_file.write_text("Đây là một tệp văn bản, không phải cơ sở dữ liệu.\n" * 50)
    before = digest(data_paths.database_file)
    with pytest.raises(UserError) as caught:
        open_database(data_paths.database_url, data_paths.backups_dir)
    assert "không phải là cơ sở dữ liệu" in caught.value.message
    assert digest(data_paths.database_file) == before


def test_a_foreign_sqlite_database_is_refused_untouched(data_paths: DataPaths) -> None:
    with sqlite3.connect(data_paths.database_file) as connection:
        connection.execute("CREATE TABLE khach_hang (id INTEGER PRIMARY KEY, ten TEXT)")
    connection.close()
    before = digest(data_paths.database_file)
    with pytest.raises(UserError) as caught:
        open_database(data_paths.database_url, data_paths.backups_dir)
    assert "không phải do chương trình này tạo ra" in caught.value.message
    assert digest(data_paths.database_file) == before


def test_a_read_only_database_gets_a_clear_message(data_paths: DataPaths) -> None:
    # Root ignores file permissions, so open the file read-only through SQLite's URI instead.
    with sqlite3.connect(data_paths.database_file) as connection:
        connection.execute("CREATE TABLE placeholder (id INTEGER)")
        connection.execute("DROP TABLE placeholder")
    connection.close()
    url = f"sqlite:///file:{data_paths.database_file.as_posix()}?mode=ro&uri=true"
    with pytest.raises(UserError) as caught:
        open_database(url, data_paths.backups_dir)
    assert "chỉ cho phép đọc" in caught.value.message


def test_backup_is_a_complete_sqlite_copy(data_paths: DataPaths) -> None:
    open_database(data_paths.database_url, data_paths.backups_dir).dispose()
    copy = backup_sqlite_file(data_paths.database_file, data_paths.backups_dir, "thu")
    assert copy.exists() and copy.parent == data_paths.backups_dir
    with sqlite3.connect(copy) as connection:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    connection.close()
    assert revision == (HEAD_REVISION,)
    assert not list(data_paths.backups_dir.glob("*.partial"))


def test_sqlite_url_with_vietnamese_path(tmp_path: Path) -> None:
    folder = tmp_path / "Nguyễn Văn Ánh" / "Tài liệu"
    folder.mkdir(parents=True)
    engine = open_database(sqlite_url(folder / "dữ liệu.sqlite"), None)
    engine.dispose()
    assert (folder / "dữ liệu.sqlite").exists()


@pytest.mark.parametrize(
    ("driver_message", "words"),
    [
        ("database is locked", "đang bị một chương trình khác khóa"),
        ("database or disk is full", "Ổ đĩa đã đầy"),
        ("attempt to write a readonly database", "chỉ cho phép đọc"),
        ("file is not a database", "không phải là cơ sở dữ liệu"),
        ("unable to open database file", "Không mở được tệp cơ sở dữ liệu"),
    ],
)
def test_database_failures_a_clerk_can_fix_are_explained(driver_message: str, words: str) -> None:
    from kt_desktop.store.engine import explain_database_error

    explained = explain_database_error(sqlite3.OperationalError(driver_message))
    assert explained is not None
    assert words in explained.message
    assert explained.hint


def test_a_bug_is_not_dressed_up_as_a_user_error() -> None:
    from kt_desktop.store.engine import explain_database_error

    assert explain_database_error(sqlite3.OperationalError("no such column: kind")) is None
    assert explain_database_error(ValueError("database is locked")) is None


def test_a_locked_database_refuses_the_change_and_keeps_the_record(db, monkeypatch) -> None:
    from kt_desktop.domain.enums import UnitKind
    from kt_desktop.services.participants import UnitInput, create_unit, list_unit_rows

    # Another program holds the write lock; our busy timeout is shortened to keep the test fast.
    blocker = sqlite3.connect(db.engine.url.database, timeout=0.1)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        db.engine.dispose()  # new connections pick up the shorter timeout below
        monkeypatch.setattr("kt_desktop.store.engine.SQLITE_BUSY_TIMEOUT_MS", 100)
        with pytest.raises(UserError) as caught:
            create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
        assert "khóa" in caught.value.message
    finally:
        blocker.rollback()
        blocker.close()
    assert list_unit_rows(db) == []


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("garbage", "không hợp lệ"),
        ("nosuchdialect://x/y", "không hợp lệ"),
        ("postgresql+psycopg://nguoidung:matkhau-bi-mat@may-chu/kimthanh", "Chưa cài thư viện"),
    ],
)
def test_a_bad_database_address_is_explained(url: str, words: str) -> None:
    pytest.importorskip("sqlalchemy")
    try:
        import psycopg  # noqa: F401

        if "psycopg" in url:
            pytest.skip("the PostgreSQL driver is installed here")
    except ImportError:
        pass
    with pytest.raises(UserError) as caught:
        open_database(url, None)
    assert words in caught.value.message
    assert "matkhau-bi-mat" not in str(caught.value)


def test_a_read_only_file_is_refused_before_it_is_opened(
    data_paths: DataPaths, monkeypatch
) -> None:
    open_database(data_paths.database_url, data_paths.backups_dir).dispose()
    before = digest(data_paths.database_file)
    real_access = os.access
    monkeypatch.setattr(
        "kt_desktop.store.migrate.os.access",
        lambda path, mode: (
            False if Path(path) == data_paths.database_file else real_access(path, mode)
        ),
    )
    with pytest.raises(UserError) as caught:
        open_database(data_paths.database_url, data_paths.backups_dir)
    assert "chỉ cho phép đọc" in caught.value.message
    assert digest(data_paths.database_file) == before


def test_a_database_from_the_previous_release_is_backed_up_then_upgraded(
    data_paths: DataPaths,
) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    # The database as release 0.1.0 (schema 0001) left it, with a unit in it.
    engine = create_engine(data_paths.database_url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection  # type: ignore[attr-defined]
        command.upgrade(config, "0001_initial")  # type: ignore[arg-type]
        connection.exec_driver_sql(
            "INSERT INTO unit (code, name, kind, head_name, head_title, phone, active) "
            "VALUES ('THON01', 'Thôn Đông', 'village', '', '', '', 1)"
        )
    engine.dispose()

    upgraded = open_database(data_paths.database_url, data_paths.backups_dir)
    with upgraded.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == HEAD_REVISION
        assert connection.exec_driver_sql("SELECT name FROM unit").scalar() == "Thôn Đông"
    upgraded.dispose()
    backups = list(data_paths.backups_dir.glob("*truoc-nang-cap-0001_initial*.sqlite"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0001_initial",
        )
        assert copy.execute("SELECT name FROM unit").fetchone() == ("Thôn Đông",)
    copy.close()


def test_evidence_links_survive_the_wider_owner_rule(data_paths: DataPaths) -> None:
    """0005 rebuilds evidence_link (SQLite can't alter a CHECK): rows stay, the rule widens,
    and a link with no owner is still refused; downgrading narrows it again."""
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(data_paths.database_url)
    config = alembic_config()
    rows = (
        "INSERT INTO movement VALUES (1, 'm', 'Phong trào', 2025, 2030, '')",
        "INSERT INTO phase VALUES (1, 1, 1, 'Giai đoạn 1', 2025, 2027, '')",
        "INSERT INTO period (id, movement_id, phase_id, kind, year, name, start_date, end_date,"
        " sort_order) VALUES (1, 1, 1, 'annual', 2026, 'Năm 2026', '2026-01-01', '2026-12-31', 1)",
        "INSERT INTO unit (id, code, name, kind, head_name, head_title, phone, active)"
        " VALUES (1, 'THON01', 'Thôn Đông', 'village', '', '', '', 1)",
        "INSERT INTO registration (id, period_id, unit_id, status, aims, commitments,"
        " rejection_reason) VALUES (1, 1, 1, 'pending', '', '', '')",
        "INSERT INTO evidence_file VALUES (1, 'ab', 1, 'a.pdf', '2026-01-02 00:00:00')",
        "INSERT INTO evidence_link (id, file_id, registration_id, file_name, description,"
        " attached_at) VALUES (7, 1, 1, 'Bản đăng ký.pdf', 'có dấu', '2026-01-02 00:00:00')",
    )
    with engine.begin() as connection:
        config.attributes["connection"] = connection  # type: ignore[attr-defined]
        command.upgrade(config, "0004_results_and_evidence")  # type: ignore[arg-type]
        for sql in rows:
            connection.exec_driver_sql(sql)
    with engine.begin() as connection:
        config.attributes["connection"] = connection  # type: ignore[attr-defined]
        command.upgrade(config, "head")  # type: ignore[arg-type]
    with engine.connect() as connection:
        kept = connection.exec_driver_sql(
            "SELECT id, registration_id, file_name, description FROM evidence_link"
        ).all()
        assert kept == [(7, 1, "Bản đăng ký.pdf", "có dấu")]
        with pytest.raises(sqlalchemy.exc.IntegrityError):
            connection.exec_driver_sql(
                "INSERT INTO evidence_link (file_id, file_name, description, attached_at)"
                " VALUES (1, 'x.pdf', '', '2026-01-02 00:00:00')"
            )
    with engine.begin() as connection:
        config.attributes["connection"] = connection  # type: ignore[attr-defined]
        command.downgrade(config, "0004_results_and_evidence")  # type: ignore[arg-type]
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM evidence_link").scalar() == 1
    engine.dispose()
