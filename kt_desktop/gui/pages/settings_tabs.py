"""Cài đặt: the commune's identity and signers, the wording of each document kind, how
results are scored and evidence kept, and the award forms, money and council."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from kt_desktop.gui.pages.award_settings_page import AwardSettingsTab
from kt_desktop.gui.pages.result_settings_page import ResultSettingsPage
from kt_desktop.gui.pages.settings_page import SettingsPage
from kt_desktop.gui.pages.wording_page import WordingPage
from kt_desktop.services.database import Database


class SettingsTabs(QTabWidget):
    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.identity = SettingsPage(db)
        self.wording = WordingPage(db)
        self.addTab(self.identity, "Thông tin cơ quan và người ký")
        self.results = ResultSettingsPage(db)
        self.addTab(self.wording, "Mẫu văn bản")
        self.addTab(self.results, "Chấm điểm, minh chứng")
        self.awards = AwardSettingsTab(db)
        self.addTab(self.awards, "Khen thưởng")
        self.currentChanged.connect(lambda _index: self.ensure_loaded())

    def ensure_loaded(self) -> None:
        page = self.currentWidget()
        if hasattr(page, "ensure_loaded"):
            page.ensure_loaded()

    def show_tab(self, page: QWidget) -> None:
        self.setCurrentWidget(page)
