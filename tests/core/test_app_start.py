"""Start-up outside the window: options, the instance lock, no screen, and --self-test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kt_desktop.app import build_parser, resolve_options
from kt_desktop.paths import DATABASE_URL_ENV, DEMO_DATABASE_FILE_NAME
from kt_desktop.store.instance_lock import InstanceLock
from tests.conftest import PROJECT_ROOT


def run_app(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        cwd=PROJECT_ROOT,
    )


def test_self_test_passes_headless() -> None:
    result = run_app("--self-test")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().startswith("Tự kiểm tra: ĐẠT")


def test_no_screen_gives_a_vietnamese_message(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = run_app("--data-dir", str(tmp_path / "dữ liệu"), env=env)
    assert result.returncode == 2
    assert "Không tìm thấy màn hình" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_demo_flag_never_opens_the_real_database(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql+psycopg://may-chu/that")
    args = build_parser().parse_args(
        ["--demo", "--data-dir", str(tmp_path), "--database", "sqlite:///that.sqlite"]
    )
    options = resolve_options(args)
    assert options.demo
    assert options.database_url.endswith(DEMO_DATABASE_FILE_NAME)
    assert (
        options.paths.lock_file
        != resolve_options(build_parser().parse_args(["--data-dir", str(tmp_path)])).paths.lock_file
    )


def test_database_from_the_environment_or_the_flag(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, "sqlite:////tmp/chung.sqlite")
    assert (
        resolve_options(build_parser().parse_args([])).database_url == "sqlite:////tmp/chung.sqlite"
    )
    flag = resolve_options(build_parser().parse_args(["--database", "sqlite:////tmp/co.sqlite"]))
    assert flag.database_url == "sqlite:////tmp/co.sqlite"


def test_one_instance_per_data_folder(tmp_path: Path) -> None:
    first = InstanceLock(tmp_path / "app.lock")
    second = InstanceLock(tmp_path / "app.lock")
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_data_folder_on_windows_is_under_localappdata(monkeypatch) -> None:
    from kt_desktop import paths

    monkeypatch.setattr(paths.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\Nguyễn Văn Ánh\AppData\Local")
    assert str(paths.default_data_dir()).endswith("KimThanhThiDua")
    assert str(paths.default_data_dir()).startswith(r"C:\Users\Nguyễn Văn Ánh\AppData\Local")


def test_a_display_library_that_cannot_load_is_named(tmp_path: Path) -> None:
    from kt_desktop.app import missing_display_library, qt_xcb_plugin

    broken = tmp_path / "libqxcb.so"
    broken.write_bytes(b"not a shared library")
    assert missing_display_library(broken) is not None
    assert missing_display_library(None) is None
    plugin = qt_xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
