"""Start-up through the window layer: a second copy, a broken database, a crash."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from kt_desktop import app
from kt_desktop.errors import EXIT_ALREADY_RUNNING, EXIT_FAILURE
from kt_desktop.gui import runner
from kt_desktop.store.instance_lock import InstanceLock
from tests.gui.conftest import MessageLog


def test_a_second_copy_is_refused(qtbot, tmp_path: Path, message_log: MessageLog) -> None:
    data_dir = tmp_path / "Nguyễn Văn Ánh" / "dữ liệu"
    data_dir.mkdir(parents=True)
    first = InstanceLock(data_dir / "app.lock")
    assert first.acquire()
    try:
        exit_code = app.main(["--data-dir", str(data_dir)])
    finally:
        first.release()
    assert exit_code == EXIT_ALREADY_RUNNING
    assert "Chương trình đang mở trên máy này" in message_log.texts()
    assert not (data_dir / "kimthanh.sqlite").exists()


def test_a_broken_database_file_is_explained(
    qtbot, tmp_path: Path, message_log: MessageLog
) -> None:
    (tmp_path / "kimthanh.sqlite").write_bytes(b"PK\x03\x04 not a database at all" * 10)
    before = (tmp_path / "kimthanh.sqlite").read_bytes()
    exit_code = app.main(["--data-dir", str(tmp_path)])
    assert exit_code == EXIT_FAILURE
    assert "không phải là cơ sở dữ liệu của chương trình" in message_log.texts()
    assert (tmp_path / "kimthanh.sqlite").read_bytes() == before


def test_an_unusable_data_folder_is_explained_in_a_window(
    qtbot, tmp_path: Path, message_log: MessageLog
) -> None:
    not_a_folder = tmp_path / "dữ liệu"
    not_a_folder.write_text("một tệp, không phải thư mục")
    exit_code = app.main(["--data-dir", str(not_a_folder)])
    assert exit_code == EXIT_FAILURE
    shown = message_log.texts()
    assert "Không dùng được thư mục dữ liệu" in shown
    assert "--data-dir" in shown
    assert "Errno" not in shown and "Not a directory" not in shown


def test_a_crash_is_logged_and_apologised_for(
    qtbot, tmp_path: Path, message_log: MessageLog, monkeypatch
) -> None:
    log_file = tmp_path / "kimthanh.log"
    from kt_desktop.log import setup_logging

    setup_logging(log_file)
    runner.install_crash_handler(str(log_file))
    try:
        raise KeyError("khoa-khong-co")
    except KeyError:
        sys.excepthook(*sys.exc_info())
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "Xin lỗi, chương trình gặp lỗi" in message_log.texts()
    assert str(log_file) in message_log.texts()
    assert "Traceback" not in message_log.texts()
    logged = log_file.read_text(encoding="utf-8")
    assert "KeyError: 'khoa-khong-co'" in logged and "Traceback" in logged


@pytest.fixture(autouse=True)
def _restore_logging(monkeypatch):
    # app.main installs its own excepthook and log file; undo both after each test.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    handlers = list(root.handlers)
    level = root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
