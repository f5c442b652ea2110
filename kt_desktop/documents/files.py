"""Write a finished file in one step: beside the target, then renamed over it, so a failure
never leaves a half-written file nor destroys the previous one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kt_desktop.errors import UserError, describe_os_error

DEFAULT_HINT = "Hãy chọn thư mục khác hoặc đóng chương trình đang mở tệp này rồi thử lại."


def write_file_atomically(target: Path, data: bytes, what: str, hint: str = DEFAULT_HINT) -> Path:
    """Write `data` to `target`. `what` names the file for the message when it can't be
    written ("văn bản", "văn bản Word", "tệp “01-To-trinh.pdf” vào thư mục …")."""
    target = Path(target)
    temp_name = ""
    try:
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{target.stem}-", suffix=".tmp", delete=False
        ) as handle:
            temp_name = handle.name
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except OSError as error:
        if temp_name:
            Path(temp_name).unlink(missing_ok=True)
        raise UserError(f"Không ghi được {what}: {describe_os_error(error)}.", hint) from error
    return target


def write_files_together(folder: Path, files: list[tuple[str, bytes]], what: str) -> list[Path]:
    """Write several files into `folder` as one step: every file is first written beside its
    target; only when all were written are they renamed over their targets. A full disk
    half-way leaves the folder as it was, not a dossier with some parts new and some old."""
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files:
            target = folder / name
            with tempfile.NamedTemporaryFile(
                dir=folder, prefix=f".{target.stem}-", suffix=".tmp", delete=False
            ) as handle:
                staged.append((handle.name, target))
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for temp_name, target in staged:
            os.replace(temp_name, target)
    except OSError as error:
        for temp_name, _target in staged:
            Path(temp_name).unlink(missing_ok=True)
        raise UserError(
            f"Không ghi được {what}: {describe_os_error(error)}.", DEFAULT_HINT
        ) from error
    return [target for _temp, target in staged]
