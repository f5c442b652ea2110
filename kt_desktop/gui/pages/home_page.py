"""Home: the movement, the period being worked on, days left, and the register's figures."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFrame, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from kt_desktop.domain.enums import UnitKind
from kt_desktop.domain.labels import UNIT_KIND_LABELS
from kt_desktop.services.database import Database
from kt_desktop.services.movement import HomeSummary, home_summary
from kt_desktop.text import format_date_short, format_number

# One style sheet for all tiles: cheaper at start-up than one per widget, and centring
# through it avoids touching the Qt namespace, whose first use costs 15 ms.
TILES_STYLE = """
QFrame#tile { background: #f3f7fb; border: 1px solid #c9d6e3; border-radius: 6px; }
QLabel#tileNumber { font-size: 22pt; font-weight: bold; color: #1f4e79;
                    qproperty-alignment: AlignCenter; }
QLabel#tileCaption { qproperty-alignment: AlignCenter; }
QLabel#inactiveNote { color: #666; }
"""
TILE_COLUMNS = 5


class FigureTile(QFrame):
    def __init__(self, caption: str):
        super().__init__()
        self.setObjectName("tile")
        layout = QVBoxLayout(self)
        self.number = QLabel("0")
        self.number.setObjectName("tileNumber")
        self.caption = QLabel(caption)
        self.caption.setObjectName("tileCaption")
        self.caption.setWordWrap(True)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def set_value(self, value: int) -> None:
        self.number.setText(format_number(value))


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
        self.figures_box.setStyleSheet(TILES_STYLE)
        grid = QGridLayout(self.figures_box)
        self.active_units_tile = FigureTile("đơn vị đang hoạt động")
        self.active_people_tile = FigureTile("cá nhân đang hoạt động")
        self.kind_tiles = {kind: FigureTile(label) for kind, label in UNIT_KIND_LABELS.items()}
        tiles = [self.active_units_tile, self.active_people_tile, *self.kind_tiles.values()]
        for position, tile in enumerate(tiles):
            grid.addWidget(tile, position // TILE_COLUMNS, position % TILE_COLUMNS)
        self.inactive_note = QLabel()
        self.inactive_note.setObjectName("inactiveNote")
        grid.addWidget(self.inactive_note, len(tiles) // TILE_COLUMNS + 1, 0, 1, TILE_COLUMNS)
        layout.addWidget(self.figures_box)
        layout.addStretch(1)

    def tile_for(self, kind: UnitKind) -> FigureTile:
        return self.kind_tiles[kind]

    def refresh(self) -> None:
        summary = home_summary(self.db, self.today)
        self.summary = summary
        self.movement_label.setText(summary.movement_name)
        self.plan_label.setText(f"Căn cứ: {summary.plan_reference}.")
        period = summary.current_period
        if period is None:
            self.period_label.setText("Chưa có kỳ thi đua nào.")
        else:
            if summary.days_to_start is not None:
                remaining = (
                    f"<b>chưa bắt đầu</b>, còn {format_number(summary.days_to_start)} ngày "
                    "nữa mới bắt đầu"
                )
            elif summary.days_left:
                remaining = f"còn <b>{format_number(summary.days_left)} ngày</b> đến hết kỳ"
            else:
                remaining = "<b>kỳ đã kết thúc</b>"
            self.period_label.setText(
                f"<b>{period.name}</b> ({format_date_short(period.start_date)} – "
                f"{format_date_short(period.end_date)}), thuộc <b>{period.phase_name}</b>; "
                f"{remaining}."
            )
        self.active_units_tile.set_value(summary.active_units)
        self.active_people_tile.set_value(summary.active_people)
        for kind, tile in self.kind_tiles.items():
            tile.set_value(summary.units_by_kind[kind])
        inactive = []
        if summary.inactive_units:
            inactive.append(f"{format_number(summary.inactive_units)} đơn vị")
        if summary.inactive_people:
            inactive.append(f"{format_number(summary.inactive_people)} cá nhân")
        self.inactive_note.setText(
            f"Ngoài ra có {' và '.join(inactive)} đã ngừng hoạt động." if inactive else ""
        )
        self.inactive_note.setVisible(bool(inactive))
