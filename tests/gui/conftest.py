"""GUI fixtures: dialogs answered by the test instead of a person, message boxes recorded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kt_desktop.gui import messages


@dataclass
class MessageLog:
    shown: list[tuple[str, str]] = field(default_factory=list)
    confirm_answer: bool = True
    save_path: Path | None = None

    def texts(self) -> str:
        return "\n".join(f"{title}: {text}" for title, text in self.shown)


@pytest.fixture
def message_log(monkeypatch: pytest.MonkeyPatch) -> MessageLog:
    log = MessageLog()

    def record_error(_parent, error, title="Chưa thực hiện được") -> None:
        log.shown.append((title, str(error)))

    def record(_parent, title, text, detail="") -> None:
        log.shown.append((title, f"{text} {detail}".strip()))

    def answer(_parent, title, text, yes_text="Đồng ý") -> bool:
        log.shown.append((title, text))
        return log.confirm_answer

    monkeypatch.setattr(messages, "show_error", record_error)
    monkeypatch.setattr(messages, "show_info", record)
    monkeypatch.setattr(messages, "show_critical", record)
    monkeypatch.setattr(messages, "confirm", answer)
    monkeypatch.setattr(messages, "ask_save_path", lambda *_args: log.save_path)
    return log


def answer_dialog(
    monkeypatch: pytest.MonkeyPatch, dialog_class: type, fill: Callable[[object], None]
) -> list:
    """Replace `dialog_class.exec` so the dialog is filled by `fill` and saved, not shown."""
    opened: list = []

    def exec_(self) -> int:
        opened.append(self)
        fill(self)
        self.save()
        return self.result()

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return opened


def type_text(widget, text: str) -> None:
    """Type `text` key by key, Vietnamese letters included (QTest.keyClicks asserts on them)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            QApplication.sendEvent(widget, event)


@pytest.fixture(autouse=True)
def own_qsettings(tmp_path: Path) -> None:
    """Per-PC preferences (printer offsets) of each test in its own folder, never the
    machine's: QSettings written as INI files under the test's tmp_path."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
