"""Start Qt, show what went wrong in Vietnamese if the record can't open, then the window."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from kt_desktop import APP_DIR_NAME, APP_DISPLAY_NAME
from kt_desktop.errors import EXIT_ALREADY_RUNNING, EXIT_FAILURE, EXIT_OK, UserError
from kt_desktop.gui import messages
from kt_desktop.gui.qt_vietnamese import install_vietnamese_qt_strings
from kt_desktop.log import log_uncaught
from kt_desktop.paths import resources_dir

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, set up once: names, icon, font, Vietnamese for Qt's own words."""
    # High-DPI: Qt 6 scales by the exact factor (125 %, 150 %) by default, which is what a
    # Windows office display needs; nothing to set.
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    if app.property("kt_configured"):
        return app
    app.setProperty("kt_configured", True)
    app.setApplicationName(APP_DIR_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setOrganizationName(APP_DIR_NAME)
    icon = resources_dir() / "icons" / "app.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), 10))
    app.setFont(font)
    install_vietnamese_qt_strings(app)
    return app


def install_crash_handler(log_file: str) -> None:
    """Log any uncaught error with its traceback; show the user a short apology, never it."""

    def handle(exc_type, exc_value, exc_traceback) -> None:
        log_uncaught(exc_type, exc_value, exc_traceback)
        if issubclass(exc_type, UserError):
            messages.show_error(None, exc_value)
            return
        messages.show_critical(
            None,
            "Xin lỗi, chương trình gặp lỗi",
            "Chương trình vừa gặp một lỗi ngoài dự kiến. Thao tác đang làm có thể chưa được "
            "lưu; dữ liệu đã lưu trước đó vẫn an toàn.",
            f"Chi tiết lỗi đã được ghi vào tệp nhật ký:\n{log_file}\n"
            "Hãy gửi tệp này cho người hỗ trợ kỹ thuật.",
        )

    sys.excepthook = handle


def show_startup_error(message: str) -> None:
    """A message box for a failure before the main window exists (no console on Windows)."""
    make_application()
    messages.show_error(None, UserError(message), title="Chưa mở được chương trình")


def run_gui(
    options: Any,
    prepare_record: Callable[[Any], Any],
    already_running: bool,
    exit_when_shown: bool = False,
) -> int:
    from kt_desktop.gui.main_window import MainWindow

    app = make_application()
    install_crash_handler(str(options.paths.log_file))
    if already_running:
        messages.show_info(
            None,
            APP_DISPLAY_NAME,
            "Chương trình đang mở trên máy này (với cùng thư mục dữ liệu).",
            "Hãy chuyển sang cửa sổ đang mở trên thanh tác vụ, thay vì mở thêm một cửa sổ nữa.",
        )
        return EXIT_ALREADY_RUNNING
    try:
        db = prepare_record(options)
    except UserError as error:
        log.warning("Could not open the record: %s", error)
        messages.show_error(None, error, title="Không mở được dữ liệu")
        return EXIT_FAILURE
    try:
        window = MainWindow(db, data_location=str(options.paths.root))
        window.showMaximized()
        app.processEvents()
        # Start-up ran with the collector off (see app.main); what was built so far lives
        # as long as the app, so freeze it out of future collections and resume.
        gc.freeze()
        gc.enable()
        if exit_when_shown:
            print("kt: main window shown", flush=True)
            return EXIT_OK
        return app.exec()
    finally:
        db.close()
