"""Home: the movement, the period being worked on, days left, and the register's figures."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.labels import UNIT_KIND_LABELS
from kt_desktop.services.database import Database
from kt_desktop.services.movement import HomeSummary, home_summary
from kt_desktop.text import format_date_short, format_number


def _figure(value: str, caption: str) -> QFrame:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setStyleSheet(
        "QFrame { background: #f3f7fb; border: 1px solid #c9d6e3; border-radius: 6px; }"
    )
    layout = QVBoxLayout(frame)
    number = QLabel(value)
    number.setStyleSheet("font-size: 22pt; font-weight: bold; color: #1f4e79; border: none;")
    number.setAlignment(Qt.AlignmentFlag.AlignCenter)
    text = QLabel(caption)
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    text.setWordWrap(True)
    text.setStyleSheet("border: none;")
    layout.addWidget(number)
    layout.addWidget(text)
    return frame


class HomePage(QWidget):
    def __init__(self, db: Database, parent=None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today
        self.summary: HomeSummary | None = None
        layout = QVBoxLayout(self)
        self.movement_label = QLabel()
        self.movement_label.setWordWrap(True)
        self.movement_label.setStyleSheet("font-size: 15pt; font-weight: bold; color: #1f4e79;")
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.plan_label.setStyleSheet("color: #555;")
        layout.addWidget(self.movement_label)
        layout.addWidget(self.plan_label)

        self.period_box = QGroupBox("Kỳ đang thực hiện")
        period_layout = QVBoxLayout(self.period_box)
        self.period_label = QLabel()
        self.period_label.setWordWrap(True)
        self.period_label.setStyleSheet("font-size: 12pt;")
        period_layout.addWidget(self.period_label)
        layout.addWidget(self.period_box)

        self.figures_box = QGroupBox("Đơn vị và cá nhân tham gia")
        self.figures_grid = QGridLayout(self.figures_box)
        layout.addWidget(self.figures_box)
        layout.addStretch(1)

    def refresh(self) -> None:
        summary = home_summary(self.db, self.today)
        self.summary = summary
        self.movement_label.setText(summary.movement_name)
        self.plan_label.setText(f"Căn cứ: {summary.plan_reference}.")
        period = summary.current_period
        if period is None:
            self.period_label.setText("Chưa có kỳ thi đua nào.")
        else:
            days = summary.days_left or 0
            remaining = (
                f"còn <b>{format_number(days)} ngày</b> đến hết kỳ"
                if days > 0
                else "<b>kỳ đã kết thúc</b>"
            )
            self.period_label.setText(
                f"<b>{period.name}</b> ({format_date_short(period.start_date)} – "
                f"{format_date_short(period.end_date)}), thuộc <b>{period.phase_name}</b>; "
                f"{remaining}."
            )
        while self.figures_grid.count():
            item = self.figures_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        tiles = [
            _figure(format_number(summary.active_units), "đơn vị đang hoạt động"),
            _figure(format_number(summary.active_people), "cá nhân đang hoạt động"),
        ]
        tiles += [
            _figure(format_number(summary.units_by_kind[kind]), label)
            for kind, label in UNIT_KIND_LABELS.items()
        ]
        columns = 5
        for position, tile in enumerate(tiles):
            self.figures_grid.addWidget(tile, position // columns, position % columns)
        inactive = []
        if summary.inactive_units:
            inactive.append(f"{format_number(summary.inactive_units)} đơn vị")
        if summary.inactive_people:
            inactive.append(f"{format_number(summary.inactive_people)} cá nhân")
        if inactive:
            note = QLabel(f"Ngoài ra có {' và '.join(inactive)} đã ngừng hoạt động.")
            note.setStyleSheet("color: #666;")
            self.figures_grid.addWidget(note, len(tiles) // columns + 1, 0, 1, columns)
