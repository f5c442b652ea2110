"""The main window: a navigation list on the left, the chosen page on the right."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from kt_desktop import APP_DISPLAY_NAME, __version__
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.pages.criteria_page import CriteriaPage
from kt_desktop.gui.pages.home_page import HomePage
from kt_desktop.gui.pages.people_page import PeoplePage
from kt_desktop.gui.pages.settings_page import SettingsPage
from kt_desktop.gui.pages.units_page import UnitsPage
from kt_desktop.services.database import Database

DEMO_TITLE_MARK = "DỮ LIỆU MẪU – không phải dữ liệu thật"


class MainWindow(QMainWindow):
    def __init__(self, db: Database, data_location: str = "", today: date | None = None):
        super().__init__()
        self.db = db
        title = APP_DISPLAY_NAME
        if db.demo:
            title = f"{title} — {DEMO_TITLE_MARK}"
        self.setWindowTitle(title)
        self.resize(1280, 780)

        self.nav = QListWidget()
        self.nav.setFixedWidth(210)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setStyleSheet(
            "QListWidget { font-size: 11pt; background: #f1f4f8; border: none; }"
            "QListWidget::item { padding: 10px 8px; }"
            "QListWidget::item:selected { background: #1f4e79; color: white; }"
        )
        self.stack = QStackedWidget()

        self.home_page = HomePage(db, today=today)
        self.criteria_page = CriteriaPage(db)
        self.units_page = UnitsPage(db)
        self.people_page = PeoplePage(db)
        self.settings_page = SettingsPage(db)
        self.pages: list[tuple[str, QWidget]] = [
            ("Trang chủ", self.home_page),
            ("Tiêu chí thi đua", self.criteria_page),
            ("Đơn vị", self.units_page),
            ("Cá nhân", self.people_page),
            ("Cài đặt", self.settings_page),
        ]
        for label, page in self.pages:
            self.nav.addItem(QListWidgetItem(label))
            self.stack.addWidget(page)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        if db.demo:
            banner = QLabel(f"  {DEMO_TITLE_MARK}  ")
            banner.setStyleSheet("background: #b00020; color: white; font-weight: bold;")
            self.statusBar().addPermanentWidget(banner)
        if data_location:
            self.statusBar().showMessage(f"Dữ liệu: {data_location}")

        self._build_menu()
        self.nav.currentRowChanged.connect(self.show_page)
        self.units_page.changed.connect(self._register_changed)
        self.people_page.changed.connect(self._register_changed)
        self.nav.setCurrentRow(0)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        quit_action = QAction("&Thoát", self)
        quit_action.setShortcut("Ctrl+Q")
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        about_action = QAction("&Giới thiệu chương trình", self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def show_page(self, index: int) -> None:
        if index < 0:
            return
        page = self.pages[index][1]
        try:
            if page is self.home_page:
                self.home_page.refresh()
            elif hasattr(page, "ensure_loaded"):
                page.ensure_loaded()
        except UserError as error:
            messages.show_error(self, error)
        self.stack.setCurrentWidget(page)

    def go_to(self, page: QWidget) -> None:
        for index, (_label, candidate) in enumerate(self.pages):
            if candidate is page:
                self.nav.setCurrentRow(index)
                return

    def _register_changed(self) -> None:
        # People pages show unit names; reload the other list next time it is shown.
        sender = self.sender()
        if sender is self.units_page:
            self.people_page._loaded = False
        else:
            self.units_page._loaded = False

    def show_about(self) -> None:
        messages.show_info(
            self,
            "Giới thiệu chương trình",
            f"{APP_DISPLAY_NAME}\nPhiên bản {__version__}",
            "Phần mềm phục vụ Phòng Văn hóa – Xã hội xã Kim Thành theo dõi phong trào thi đua "
            "đổi mới sáng tạo, chuyển đổi số và “Bình dân học vụ số” giai đoạn 2025–2030. "
            "Chương trình chạy hoàn toàn trên máy, không cần mạng.",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()
