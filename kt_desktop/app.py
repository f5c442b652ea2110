"""Composition root: arguments -> paths -> logging -> lock -> database -> Qt -> main window."""

from __future__ import annotations

import argparse
import ctypes
import gc
import importlib.util
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from kt_desktop import APP_DISPLAY_NAME, __version__
from kt_desktop.errors import (
    EXIT_FAILURE,
    EXIT_NO_DISPLAY,
    UserError,
    describe_os_error,
)
from kt_desktop.paths import DataPaths, database_url_from_env, default_data_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StartOptions:
    paths: DataPaths
    database_url: str
    demo: bool


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kimthanh",
        description=f"{APP_DISPLAY_NAME} (phiên bản {__version__}).",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="thư mục dữ liệu (mặc định: thư mục dữ liệu của người dùng, "
        "trên Windows là %%LOCALAPPDATA%%\\KimThanhThiDua)",
    )
    parser.add_argument(
        "--database",
        help="địa chỉ cơ sở dữ liệu khác (URL của SQLAlchemy, ví dụ "
        "postgresql+psycopg://user:mk@may-chu/kimthanh); cũng đặt được bằng biến môi trường "
        "KT_DATABASE_URL",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="mở cơ sở dữ liệu mẫu riêng (không bao giờ đụng tới dữ liệu thật)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="tự kiểm tra không cần màn hình rồi thoát (mã thoát 0 là đạt)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # For start-up measurements and smoke tests: quit as soon as the first page is painted.
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    return parser


def resolve_options(args: argparse.Namespace) -> StartOptions:
    root = args.data_dir.expanduser().resolve() if args.data_dir else default_data_dir()
    paths = DataPaths(root=root, demo=bool(args.demo))
    if args.demo:
        # The demo flag always means the separate demo file, never a shared database.
        url = paths.database_url
    else:
        url = args.database or database_url_from_env() or paths.database_url
    return StartOptions(paths=paths, database_url=url, demo=bool(args.demo))


def display_available() -> bool:
    """False on a Linux box with no screen, where Qt would abort with an English error."""
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


# Debian packages Qt's X11 plugin needs beyond a minimal system (Qt 6.5 and later).
XCB_PACKAGES = (
    "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 "
    "libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0"
)


def qt_xcb_plugin() -> Path | None:
    """Where PySide6's X11 platform plugin lies, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if candidate.exists():
            return candidate
    return None


def missing_display_library(plugin: Path | None) -> str | None:
    """Why Qt's X11 plugin cannot load (a missing system library), or None if it can.

    Qt itself would abort with an English message; loading the plugin first lets us say
    in Vietnamese which packages to install.
    """
    if plugin is None:
        return None
    try:
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY)
    except OSError as error:
        return str(error)
    return None


def uses_x11() -> bool:
    return sys.platform.startswith("linux") and os.environ.get("QT_QPA_PLATFORM", "xcb") == "xcb"


def say(message: str) -> None:
    """Print to the console if there is one (a windowed build on Windows has none)."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(message + "\n")
    except UnicodeEncodeError:
        stream.write(message.encode("ascii", "replace").decode("ascii") + "\n")
    stream.flush()


def prepare_record(options: StartOptions):
    """Open the database (migrating after a backup), seed the plan, fill demo data if asked."""
    from kt_desktop.services.database import open_record
    from kt_desktop.services.seed import ensure_seeded

    db = open_record(
        options.database_url,
        options.paths.backups_dir,
        demo=options.demo,
        evidence_dir=options.paths.evidence_dir,
    )
    try:
        ensure_seeded(db)
        if options.demo:
            from kt_desktop.services.demo import fill_demo_commune

            fill_demo_commune(db)
    except BaseException:
        db.close()
        raise
    return db


def fail_before_window(message: str) -> int:
    """Report a failure that stops the app before its window exists.

    A windowed Windows build has no console, so the message also goes to a message box
    whenever a screen is there to show it.
    """
    log.error("Start-up stopped: %s", message)
    say(message)
    if display_available() and not (uses_x11() and missing_display_library(qt_xcb_plugin())):
        from kt_desktop.gui.runner import show_startup_error

        show_startup_error(message)
    return EXIT_FAILURE


def main(argv: list[str] | None = None) -> int:
    # Start-up allocates hundreds of thousands of long-lived objects (SQLAlchemy, pydantic,
    # Qt wrappers); collecting garbage while they are made only wastes about 30 ms. The GUI
    # turns collection back on (and freezes these objects) once the window is shown.
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        from kt_desktop.self_test import run_self_test

        return run_self_test(say)
    options = resolve_options(args)
    from kt_desktop.log import log_uncaught, setup_logging

    try:
        options.paths.ensure()
        setup_logging(options.paths.log_file)
    except OSError as error:
        return fail_before_window(
            f"Không dùng được thư mục dữ liệu “{options.paths.root}”: "
            f"{describe_os_error(error)}. Hãy chọn thư mục khác bằng tùy chọn --data-dir."
        )
    sys.excepthook = log_uncaught
    log.info("Starting %s %s, data in %s", APP_DISPLAY_NAME, __version__, options.paths.root)
    if not display_available():
        say(
            "Không tìm thấy màn hình để hiển thị cửa sổ chương trình. Hãy chạy trên máy có màn "
            "hình, hoặc dùng --self-test để tự kiểm tra không cần màn hình."
        )
        return EXIT_NO_DISPLAY
    if uses_x11():
        problem = missing_display_library(qt_xcb_plugin())
        if problem is not None:
            log.error("Qt's X11 plugin cannot load: %s", problem)
            say(
                "Máy này thiếu thư viện hệ thống để hiển thị cửa sổ "
                f"({problem.split(':')[0]}). Trên Debian/Ubuntu, hãy cài: "
                f"apt-get install {XCB_PACKAGES}"
            )
            return EXIT_NO_DISPLAY
    from kt_desktop.store.instance_lock import InstanceLock

    lock = InstanceLock(options.paths.lock_file)
    already_running = not lock.acquire()
    try:
        # The record's modules load before Qt: once PySide6 is imported, its import hook
        # inspects every later import, which costs about 0.15 s of start-up here.
        import kt_desktop.services.movement
        import kt_desktop.services.seed  # noqa: F401
        from kt_desktop.gui.runner import run_gui

        return run_gui(
            options=options,
            prepare_record=prepare_record,
            already_running=already_running,
            exit_when_shown=bool(args.exit_when_shown),
        )
    except UserError as error:
        say(str(error))
        return EXIT_FAILURE
    finally:
        lock.release()
