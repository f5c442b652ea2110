"""The two kinds of failure: a UserError a clerk can act on, and everything else (a bug)."""

from __future__ import annotations


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
