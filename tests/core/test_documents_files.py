"""Writing finished files: never half-written, and a set of files all or nothing."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from kt_desktop.documents import files as files_module
from kt_desktop.documents.files import write_file_atomically, write_files_together
from kt_desktop.errors import UserError


def test_a_set_of_files_is_written_together(tmp_path: Path) -> None:
    written = write_files_together(
        tmp_path, [("01-To-trinh.pdf", b"one"), ("02-Danh-sach.pdf", b"two")], "hồ sơ"
    )
    assert [p.name for p in written] == ["01-To-trinh.pdf", "02-Danh-sach.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01-To-trinh.pdf", "02-Danh-sach.pdf"]


def test_a_full_disk_half_way_leaves_the_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "01-To-trinh.pdf").write_bytes(b"old")
    calls = {"n": 0}
    real_fsync = files_module.os.fsync

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(files_module.os, "fsync", fsync)
    with pytest.raises(UserError) as caught:
        write_files_together(
            tmp_path, [("01-To-trinh.pdf", b"new"), ("02-Danh-sach.pdf", b"two")], "hồ sơ"
        )
    assert "ổ đĩa đã đầy" in caught.value.message and "No space" not in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01-To-trinh.pdf"]
    assert (tmp_path / "01-To-trinh.pdf").read_bytes() == b"old"


def test_one_file_into_a_missing_folder_is_explained(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Không ghi được văn bản ra tệp"):
        write_file_atomically(tmp_path / "không có" / "a.pdf", b"x", "văn bản ra tệp “a.pdf”")
