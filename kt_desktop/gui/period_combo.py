"""The period picker every period page starts with: all periods in order, the current one
chosen, filled without firing the page's reload once per item."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox

from kt_desktop.services.database import Database
from kt_desktop.services.movement import current_period, list_periods


def fill_period_combo(combo: QComboBox, db: Database, today: date) -> None:
    """Fill `combo` with the periods (data: the period's id) and select today's period."""
    periods = list_periods(db)
    combo.blockSignals(True)
    try:
        combo.clear()
        for period in periods:
            combo.addItem(period.name, period.id)
        chosen = current_period(periods, today)
        if chosen is not None:
            combo.setCurrentIndex(combo.findData(chosen.id))
    finally:
        combo.blockSignals(False)
