"""Save a finished openpyxl workbook in one step: written beside the target, flushed, then
renamed over it, so a full disk or a file open in Excel leaves nothing half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from kt_desktop.errors import UserError, describe_os_error


def save_workbook_atomically(workbook: Any, target: Path) -> Path:
    """Save `workbook` as `target`; UserError in Vietnamese when it can't be written."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial_name = tempfile.mkstemp(suffix=".xlsx.partial", dir=target.parent)
        os.close(handle)
        partial = Path(partial_name)
        try:
            workbook.save(partial)
            with open(partial, "rb+") as written:
                os.fsync(written.fileno())
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    except PermissionError as error:
        # Windows reports a file open in Excel this way.
        raise UserError(
            f"Không ghi được tệp “{target.name}”: tệp đang mở trong chương trình khác hoặc "
            "thư mục không cho phép ghi.",
            "Hãy đóng tệp (ví dụ trong Excel) hoặc chọn thư mục khác rồi thử lại.",
        ) from error
    except OSError as error:
        raise UserError(
            f"Không ghi được tệp “{target.name}”: {describe_os_error(error)}.",
            "Hãy kiểm tra dung lượng ổ đĩa và quyền ghi của thư mục rồi thử lại.",
        ) from error
    return target
