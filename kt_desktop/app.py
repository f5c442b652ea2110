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
from typing import Any

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
    _add_import_command(parser)
    return parser


def _add_import_command(parser: argparse.ArgumentParser) -> None:
    """`import PATH`: the workbook import without a window, for IT staff and scripts."""
    commands = parser.add_subparsers(dest="command", metavar="LỆNH")
    command = commands.add_parser(
        "import",
        help="nhập số liệu từ một tệp Excel mà không mở cửa sổ",
        description="Đọc một tệp Excel (gói báo cáo đơn vị gửi lại, hoặc bảng theo mẫu riêng "
        "của đơn vị), xem trước từng dòng rồi ghi vào cơ sở dữ liệu như hộp thoại Nhập dữ "
        "liệu. Mã thoát 0: đọc được tệp; 2: tệp bị từ chối (lý do in ra stderr).",
    )
    command.add_argument("path", type=Path, metavar="TỆP", help="tệp Excel (.xlsx) cần nhập")
    command.add_argument(
        "--unit", metavar="MÃ", help="mã đơn vị gửi tệp (khi tệp không phải gói báo cáo)"
    )
    command.add_argument("--period", type=int, metavar="NĂM", help="năm của kỳ thi đua")
    command.add_argument(
        "--dry-run", action="store_true", help="chỉ xem trước, không ghi gì vào cơ sở dữ liệu"
    )
    command.add_argument("--json", action="store_true", help="in kết quả dạng JSON ra stdout")
    # The same record options as the app, also accepted after the command's name.
    command.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    command.add_argument("--database", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    command.add_argument(
        "--demo", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )


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
    if getattr(args, "command", None) == "import":
        return run_import_command(args)
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


# `main.py import`: 0 when the file could be read, 2 when it was refused.
EXIT_IMPORT_REFUSED = 2


def write_stdout(text: str) -> None:
    """Print UTF-8 whatever the console's code page (a Windows console may be cp1252)."""
    stream = sys.stdout
    if stream is None:
        return
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(text.encode("utf-8") + b"\n")
        buffer.flush()
    else:
        stream.write(text + "\n")
        stream.flush()


def run_import_command(args: argparse.Namespace) -> int:
    """Import a workbook without Qt: the same record, lock, migrations and backups as the app,
    the same preview and all-or-nothing write as the import dialog."""
    from kt_desktop.errors import EXIT_ALREADY_RUNNING
    from kt_desktop.log import setup_logging
    from kt_desktop.store.instance_lock import InstanceLock

    options = resolve_options(args)
    try:
        options.paths.ensure()
        setup_logging(options.paths.log_file)
    except OSError as error:
        say(
            f"Không dùng được thư mục dữ liệu “{options.paths.root}”: "
            f"{describe_os_error(error)}. Hãy chọn thư mục khác bằng tùy chọn --data-dir."
        )
        return EXIT_FAILURE
    lock = InstanceLock(options.paths.lock_file)
    if not lock.acquire():
        say(
            "Chương trình đang mở trên máy này (với cùng thư mục dữ liệu). Hãy đóng cửa sổ "
            "chương trình rồi chạy lại lệnh nhập."
        )
        return EXIT_ALREADY_RUNNING
    try:
        try:
            db = prepare_record(options)
        except UserError as error:
            say(str(error))
            return EXIT_FAILURE
        try:
            return _import_workbook(db, args)
        except UserError as error:
            log.info("Import of %s refused: %s", args.path, error)
            say(str(error))
            return EXIT_IMPORT_REFUSED
        finally:
            db.close()
    except Exception:
        log.exception("Import of %s failed", args.path)
        say(
            "Đã xảy ra lỗi ngoài dự kiến; không có gì được ghi. Chi tiết đã ghi vào tệp nhật ký "
            f"“{options.paths.log_file}”."
        )
        return EXIT_FAILURE
    finally:
        lock.release()


def _import_workbook(db: Any, args: argparse.Namespace) -> int:
    import json

    from kt_desktop.services import imports

    unit_id = imports.unit_id_by_code(db, args.unit) if args.unit else None
    period_id = imports.period_id_by_year(db, args.period) if args.period is not None else None
    source = imports.inspect_workbook(db, args.path, period_id=period_id, unit_id=unit_id)
    if source.period_id is None:
        raise UserError(
            f"Không xác định được tệp “{source.file_name}” là số liệu của năm nào.",
            "Hãy ghi năm của kỳ thi đua bằng --period NĂM.",
        )
    if source.needs_unit:
        raise UserError(
            f"Không xác định được tệp “{source.file_name}” là của đơn vị nào.",
            "Hãy ghi mã đơn vị gửi tệp bằng --unit MÃ.",
        )
    preview = imports.preview_import(db, source)
    outcome = None
    if not args.dry_run:
        unsure = imports.unsure_guesses(source)
        if unsure:
            raise UserError(" ".join(unsure), "Chạy với --dry-run để chỉ xem trước.")
        outcome = imports.apply_import(db, preview)
        log.info("Imported %s: %s", args.path, outcome.message)
    if args.json:
        data = imports.command_json(source, preview, outcome)
        write_stdout(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        write_stdout(imports.command_text(source, preview, outcome))
    return 0
