"""This PC's printer offsets for certificates, kept in QSettings (a per-PC preference, as the
window layout is): another PC sharing the record has printers of its own."""

from __future__ import annotations

from PySide6.QtCore import QSettings

OFFSETS_KEY = "certificates/printer_offsets"


class SettingsOffsetStore:
    """The services' OffsetStore over QSettings (the registry on Windows)."""

    def read(self) -> str:
        value = QSettings().value(OFFSETS_KEY, "")
        return value if isinstance(value, str) else ""

    def write(self, raw: str) -> None:
        settings = QSettings()
        settings.setValue(OFFSETS_KEY, raw)
        settings.sync()
