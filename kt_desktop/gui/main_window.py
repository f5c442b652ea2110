"""The main window: a navigation list on the left, the chosen page on the right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QAction, QKeySequence
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
from kt_desktop.gui.pages.home_page import HomePage
from kt_desktop.services.database import Database

DEMO_TITLE_MARK = "DỮ LIỆU MẪU – không phải dữ liệu thật"
SHORTCUT_DELAY_MS = 250


def _criteria_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.criteria_page import CriteriaPage

    return CriteriaPage(db)


def _units_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.units_page import UnitsPage

    return UnitsPage(db)


def _people_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.people_page import PeoplePage

    return PeoplePage(db)


def _registrations_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.registrations_page import RegistrationsPage

    return RegistrationsPage(db)


def _results_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.results_page import ResultsPage

    return ResultsPage(db)


def _completeness_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.completeness_page import CompletenessPage

    return CompletenessPage(db)


def _ranking_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.ranking_page import RankingPage

    return RankingPage(db)


def _initiatives_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.initiatives_page import InitiativesPage

    return InitiativesPage(db)


def _digital_literacy_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.digital_literacy_page import DigitalLiteracyPage

    return DigitalLiteracyPage(db)


def _inspections_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.inspections_page import InspectionsPage

    return InspectionsPage(db)


def _discrepancies_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.discrepancies_page import DiscrepanciesPage

    return DiscrepanciesPage(db)


def _actions_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.actions_page import ActionsPage

    return ActionsPage(db)


def _workbooks_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.workbooks_page import WorkbooksPage

    return WorkbooksPage(db)


def _awards_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.awards_page import AwardsPage

    return AwardsPage(db)


def _award_register_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.award_register_page import AwardRegisterPage

    return AwardRegisterPage(db)


def _documents_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.register_of_documents_page import RegisterOfDocumentsPage

    return RegisterOfDocumentsPage(db)


def _settings_page(db: Database) -> QWidget:
    from kt_desktop.gui.pages.settings_tabs import SettingsTabs

    return SettingsTabs(db)


class MainWindow(QMainWindow):
    """Pages other than home are built the first time they are opened, so start-up pays
    only for the home page (each page module also costs Qt's import hook time)."""

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
            "QListWidget::item { padding: 7px 8px; }"
            "QListWidget::item:selected { background: #1f4e79; color: white; }"
        )
        self.stack = QStackedWidget()

        self.home_page = HomePage(db, today=today)
        self.stack.addWidget(self.home_page)
        self._factories: list[tuple[str, Callable[[Database], QWidget] | None]] = [
            ("Trang chủ", None),
            ("Tiêu chí thi đua", _criteria_page),
            ("Đơn vị", _units_page),
            ("Cá nhân", _people_page),
            ("Đăng ký thi đua", _registrations_page),
            ("Trao đổi Excel", _workbooks_page),
            ("Kết quả thi đua", _results_page),
            ("Tình hình nộp kết quả", _completeness_page),
            ("Chấm điểm, xếp hạng", _ranking_page),
            ("Sáng kiến, đóng góp", _initiatives_page),
            ("Bình dân học vụ số", _digital_literacy_page),
            ("Kiểm tra của Hội đồng", _inspections_page),
            ("Chênh lệch số liệu", _discrepancies_page),
            ("Việc khắc phục", _actions_page),
            ("Khen thưởng", _awards_page),
            ("Sổ khen thưởng", _award_register_page),
            ("Văn bản đi", _documents_page),
            ("Cài đặt", _settings_page),
        ]
        self._built: dict[int, QWidget] = {0: self.home_page}
        for label, _factory in self._factories:
            self.nav.addItem(QListWidgetItem(label))

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
        self.nav.setCurrentRow(0)

    # --- pages -------------------------------------------------------------------------

    def page(self, index: int) -> QWidget:
        """The page at `index` of the navigation list, built on first use."""
        built = self._built.get(index)
        if built is None:
            factory = self._factories[index][1]
            assert factory is not None
            built = factory(self.db)
            if hasattr(built, "changed"):
                built.changed.connect(self._register_changed)
            if hasattr(built, "open_unit_results"):
                built.open_unit_results.connect(self.open_unit_results)
            if hasattr(built, "propose_awards"):
                built.propose_awards.connect(self.open_awards)
            self.stack.addWidget(built)
            self._built[index] = built
        return built

    def page_for(self, factory: Callable[[Database], QWidget]) -> QWidget:
        index = next(i for i, (_label, f) in enumerate(self._factories) if f is factory)
        return self.page(index)

    @property
    def criteria_page(self):
        return self.page_for(_criteria_page)

    @property
    def units_page(self):
        return self.page_for(_units_page)

    @property
    def people_page(self):
        return self.page_for(_people_page)

    @property
    def registrations_page(self):
        return self.page_for(_registrations_page)

    @property
    def results_page(self):
        return self.page_for(_results_page)

    @property
    def completeness_page(self):
        return self.page_for(_completeness_page)

    @property
    def ranking_page(self):
        return self.page_for(_ranking_page)

    @property
    def initiatives_page(self):
        return self.page_for(_initiatives_page)

    @property
    def digital_literacy_page(self):
        return self.page_for(_digital_literacy_page)

    @property
    def inspections_page(self):
        return self.page_for(_inspections_page)

    @property
    def discrepancies_page(self):
        return self.page_for(_discrepancies_page)

    @property
    def actions_page(self):
        return self.page_for(_actions_page)

    @property
    def workbooks_page(self):
        return self.page_for(_workbooks_page)

    @property
    def awards_page(self):
        return self.page_for(_awards_page)

    @property
    def award_register_page(self):
        return self.page_for(_award_register_page)

    @property
    def documents_page(self):
        return self.page_for(_documents_page)

    @property
    def settings_tabs(self):
        return self.page_for(_settings_page)

    @property
    def settings_page(self):
        return self.settings_tabs.identity

    @property
    def wording_page(self):
        return self.settings_tabs.wording

    def show_page(self, index: int) -> None:
        if index < 0:
            return
        page = self.page(index)
        try:
            if page is self.home_page:
                self.home_page.refresh()
            elif hasattr(page, "ensure_loaded"):
                page.ensure_loaded()
        except UserError as error:
            messages.show_error(self, error)
        self.stack.setCurrentWidget(page)

    def go_to(self, page: QWidget) -> None:
        for index, built in self._built.items():
            if built is page or built.isAncestorOf(page):
                self.nav.setCurrentRow(index)
                if built is not page and hasattr(built, "show_tab"):
                    built.show_tab(page)
                return

    def _register_changed(self) -> None:
        # Pages show each other's records (the units list counts people, the ranking sums
        # results): whichever changed, the others reload the next time they are shown.
        sender = self.sender()
        for other in self._built.values():
            if other is not sender and hasattr(other, "mark_stale"):
                other.mark_stale()

    def open_unit_results(self, period_id: int, unit_id: int) -> None:
        page = self.results_page
        self.go_to(page)
        page.show_unit(period_id, unit_id)

    def open_awards(self, period_id: int) -> None:
        """From the ranking: the period's award round on the Khen thưởng page."""
        page = self.awards_page
        self.go_to(page)
        page.open_period(period_id)

    # --- menu --------------------------------------------------------------------------

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        quit_action = QAction("&Thoát", self)
        quit_action.triggered.connect(self.close)
        self.quit_action = quit_action
        # PySide builds its key enums on the first setShortcut (about 30 ms here): do it
        # once the window has been painted, not before. The window is the timer's context,
        # so a window closed sooner cancels it.
        QTimer.singleShot(SHORTCUT_DELAY_MS, self, self._install_shortcuts)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        about_action = QAction("&Giới thiệu chương trình", self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def _install_shortcuts(self) -> None:
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))

    def show_about(self) -> None:
        messages.show_info(
            self,
            "Giới thiệu chương trình",
            f"{APP_DISPLAY_NAME}\nPhiên bản {__version__}",
            "Phần mềm phục vụ Phòng Văn hóa – Xã hội xã Kim Thành theo dõi phong trào thi đua "
            "đổi mới sáng tạo, chuyển đổi số và “Bình dân học vụ số” giai đoạn 2025–2030. "
            "Chương trình chạy hoàn toàn trên máy, không cần mạng.",
        )
