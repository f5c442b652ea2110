"""Paperwork tabs of an award round: the decision, the certificates and the dossier to the city."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kt_desktop.services.database import Database

NO_ROUND_TEXT = "Chưa chọn đợt khen thưởng. Hãy chọn hoặc tạo một đợt ở phía trên."


class _RoundTab(QWidget):
    """Common shape of the three tabs: one round at a time, `changed` after a write."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.round_id: int | None = None
        self.status = QLabel(NO_ROUND_TEXT)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def set_round(self, round_id: int | None) -> None:
        self.round_id = round_id
        self.refresh()

    def refresh(self) -> None:
        if self.round_id is None:
            self.status.setText(NO_ROUND_TEXT)


class DecisionTab(_RoundTab):
    """The round's decision: its list, the draft, the preview and the issue."""


class CertificatesTab(_RoundTab):
    """The round's certificates: which were printed, print and layout dialogs."""


class DossierTab(_RoundTab):
    """The dossier proposing city awards: its parts, the submission, reports, export, sent."""
