"""A new award round of a period: its occasion, its name (the service names it when left
empty) and, for a thematic round, the theme."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from kt_desktop.domain.enums import AwardOccasion
from kt_desktop.domain.labels import AWARD_OCCASION_LABELS
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.gui.dialogs.visit_dialog import ERROR_STYLE
from kt_desktop.services.awards import create_round
from kt_desktop.services.database import Database

THEME_NOTE = "Chỉ ghi cho đợt khen thưởng chuyên đề."


def default_round_name(occasion: AwardOccasion, period_name: str) -> str:
    """The name the service gives a round left unnamed, shown as the placeholder."""
    return (
        f"Khen thưởng {AWARD_OCCASION_LABELS[occasion].lower()} phong trào thi đua – {period_name}"
    )


class AwardRoundDialog(RecordDialog):
    def __init__(self, db: Database, period_id: int, period_name: str, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.period_id = period_id
        self.period_name = period_name
        self.setWindowTitle("Đợt khen thưởng mới")
        self.resize(640, 260)
        self.occasion = QComboBox()
        for occasion, label in AWARD_OCCASION_LABELS.items():
            self.occasion.addItem(label, occasion)
        self.name = QLineEdit()
        self.theme = QLineEdit()
        self.theme.setPlaceholderText("Ví dụ: Chuyển đổi số trong trường học")
        self.theme_note = QLabel(THEME_NOTE)
        self.theme_note.setStyleSheet("color: #555;")
        form = QFormLayout()
        form.addRow(QLabel(f"Kỳ: <b>{escape(period_name)}</b>"))
        form.addRow("Loại đợt khen thưởng:", self.occasion)
        form.addRow("Tên đợt:", self.name)
        form.addRow("Tên chuyên đề:", self.theme)
        form.addRow("", self.theme_note)
        name_note = QLabel("Để trống tên đợt thì chương trình đặt tên như gợi ý trong ô.")
        name_note.setWordWrap(True)
        name_note.setStyleSheet("color: #555;")
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(name_note)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setup_record_dialog(
            buttons, self.error_label, {"name": self.name, "theme": self.theme}
        )
        self.occasion.currentIndexChanged.connect(lambda _i: self._occasion_changed())
        self._occasion_changed()

    def chosen_occasion(self) -> AwardOccasion:
        return AwardOccasion(self.occasion.currentData())

    def set_occasion(self, occasion: AwardOccasion) -> None:
        self.occasion.setCurrentIndex(self.occasion.findData(occasion))

    def _occasion_changed(self) -> None:
        occasion = self.chosen_occasion()
        thematic = occasion == AwardOccasion.THEMATIC
        self.theme.setEnabled(thematic)
        self.theme_note.setVisible(not thematic)
        self.name.setPlaceholderText(default_round_name(occasion, self.period_name))

    def persist(self) -> int:
        occasion = self.chosen_occasion()
        theme = self.theme.text() if occasion == AwardOccasion.THEMATIC else ""
        return create_round(self.db, self.period_id, occasion, self.name.text(), theme)
