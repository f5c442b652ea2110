"""The two kinds of failure: a UserError a clerk can act on, and everything else (a bug)."""

from __future__ import annotations

import errno


class UserError(Exception):
    """A failure caused by the environment or the user's input, explained in Vietnamese.

    `message` is a complete sentence shown as it is; `hint` (optional) says what to do next.
    Anything that is not a UserError is a bug: it is logged with its traceback and the user
    sees only a short apology.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class ValidationError(UserError):
    """Input that breaks a rule of the record; `field` names the input at fault, if any."""

    def __init__(self, message: str, field: str = "", hint: str = "") -> None:
        super().__init__(message, hint)
        self.field = field


# Process exit codes of the app, shared by the composition root and the GUI runner.
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_NO_DISPLAY = 2
EXIT_ALREADY_RUNNING = 3

_OS_ERROR_WORDS = {
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không có quyền truy cập",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EISDIR: "tên này đang là một thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải là thư mục",
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.EROFS: "ổ đĩa chỉ cho phép đọc",
    errno.EEXIST: "tệp đã tồn tại",
    errno.ENAMETOOLONG: "đường dẫn quá dài",
    errno.EBUSY: "tệp đang được chương trình khác sử dụng",
}


def describe_os_error(error: OSError) -> str:
    """The reason of an operating-system error in Vietnamese (never the English strerror)."""
    if isinstance(error, PermissionError):
        return _OS_ERROR_WORDS[errno.EACCES]
    words = _OS_ERROR_WORDS.get(error.errno or 0)
    if words:
        return words
    # Windows reports a file locked by another program as error 32 / 33.
    if getattr(error, "winerror", None) in (32, 33):
        return _OS_ERROR_WORDS[errno.EBUSY]
    return f"lỗi hệ thống (mã {error.errno})"
