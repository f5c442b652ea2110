"""Consistent copies of the SQLite database file, taken before anything risky."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from kt_desktop.errors import UserError, describe_os_error


def read_only_uri(database_file: Path) -> str:
    """A SQLite URI opening the file read-only. as_uri() percent-encodes spaces and
    Vietnamese letters and writes Windows drive letters the way SQLite expects
    (file:///C:/...), which a plain "file:" + path does not."""
    return f"{database_file.resolve().as_uri()}?mode=ro"


def backup_sqlite_file(database_file: Path, backups_dir: Path, label: str) -> Path:
    """Copy `database_file` into `backups_dir` with SQLite's online backup (WAL-safe).

    The copy is written to a temporary name and renamed only when complete, so a full disk
    never leaves a half-written backup that looks usable.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups_dir / f"{database_file.stem}-{label}-{stamp}.sqlite"
    partial = target.with_suffix(".sqlite.partial")
    try:
        source = sqlite3.connect(read_only_uri(database_file), uri=True)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        partial.replace(target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        reason = describe_os_error(error) if isinstance(error, OSError) else "lỗi cơ sở dữ liệu"
        raise UserError(
            f"Không tạo được bản sao lưu cơ sở dữ liệu trong thư mục “{backups_dir}”: {reason}.",
            "Chương trình chưa thay đổi gì. Hãy kiểm tra dung lượng và quyền ghi của ổ đĩa.",
        ) from error
    return target
