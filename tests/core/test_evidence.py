"""Evidence files: stored once by content, read-only, linked, checked, viewed and exported."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from kt_desktop.domain import Period, Result
from kt_desktop.domain.enums import UnitKind
from kt_desktop.domain.evidence import EvidenceFile, EvidenceLink
from kt_desktop.domain.initiatives import Initiative
from kt_desktop.domain.registrations import Registration
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services import evidence
from kt_desktop.services.criteria import period_criteria
from kt_desktop.services.database import Database
from kt_desktop.services.evidence import (
    EvidenceOwner,
    attach_file,
    check_integrity,
    evidence_counts,
    export_files,
    format_size,
    list_evidence,
    period_file_count,
    remove_link,
    safe_copy_for_viewing,
    sanitize_file_name,
    stored_path,
    update_description,
)
from kt_desktop.services.movement import list_periods
from kt_desktop.services.participants import UnitInput, create_unit
from kt_desktop.services.result_settings import ResultSettings, save_result_settings

PDF_BYTES = b"%PDF-1.4\n" + bytes(range(256)) * 40


@dataclass(frozen=True)
class Owners:
    period_id: int
    unit_id: int
    result: EvidenceOwner
    other_result: EvidenceOwner
    registration: EvidenceOwner
    initiative: EvidenceOwner


def make_owners(db: Database, period_name: str = "Năm 2026") -> Owners:
    period_id = next(p.id for p in list_periods(db) if p.name == period_name)
    criteria = period_criteria(db, period_id).criteria
    unit_id = create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    with db.session() as session:
        first = Result(period_id=period_id, criterion_id=criteria[0].id, unit_id=unit_id)
        second = Result(period_id=period_id, criterion_id=criteria[1].id, unit_id=unit_id)
        registration = Registration(period_id=period_id, unit_id=unit_id)
        initiative = Initiative(period_id=period_id, unit_id=unit_id, title="Bản đồ số thôn Đông")
        session.add_all([first, second, registration, initiative])
        session.flush()
        ids = (first.id or 0, second.id or 0, registration.id or 0, initiative.id or 0)
    return Owners(
        period_id,
        unit_id,
        EvidenceOwner.result(ids[0]),
        EvidenceOwner.result(ids[1]),
        EvidenceOwner.registration(ids[2]),
        EvidenceOwner.initiative(ids[3]),
    )


@pytest.fixture
def owners(db: Database) -> Owners:
    return make_owners(db)


def write(folder: Path, name: str, data: bytes = PDF_BYTES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def evidence_files(db: Database) -> list[Path]:
    assert db.evidence_dir is not None
    if not db.evidence_dir.exists():
        return []
    return sorted(p for p in db.evidence_dir.rglob("*") if p.is_file())


def row_counts(db: Database) -> tuple[int, int]:
    with db.session() as session:
        return (
            len(session.exec(select(EvidenceFile)).all()),
            len(session.exec(select(EvidenceLink)).all()),
        )


def test_attach_stores_the_bytes_under_their_hash_read_only(
    db: Database, owners: Owners, tmp_path: Path
) -> None:
    source = write(tmp_path / "Tải về", "Biên bản họp thôn.pdf")
    moment = datetime(2026, 3, 5, 2, 30, tzinfo=UTC)
    link_id = attach_file(db, owners.result, source, "  Biên bản\thọp   tháng 3 ", now=moment)
    digest = hashlib.sha256(PDF_BYTES).hexdigest()
    stored = stored_path(db, digest)
    assert db.evidence_dir is not None
    assert stored == db.evidence_dir / digest[:2] / digest
    assert stored.read_bytes() == PDF_BYTES
    assert stat.S_IMODE(stored.stat().st_mode) == 0o444
    assert evidence_files(db) == [stored]  # no temporary file left
    [row] = list_evidence(db, owners.result)
    assert row.link_id == link_id
    assert row.file_name == "Biên bản họp thôn.pdf"
    assert row.description == "Biên bản họp tháng 3"
    assert row.size_bytes == len(PDF_BYTES)
    assert row.sha256 == digest
    assert row.media_kind == "PDF"
    assert row.attached_at == moment
    with db.session() as session:
        [file_row] = session.exec(select(EvidenceFile)).all()
    assert file_row.original_name == "Biên bản họp thôn.pdf"
    assert file_row.size_bytes == len(PDF_BYTES)
    assert list_evidence(db, owners.other_result) == []


def test_same_content_is_stored_once_and_linked_twice(
    db: Database, owners: Owners, tmp_path: Path
) -> None:
    first = write(tmp_path, "bien-ban.pdf")
    second = write(tmp_path / "khác", "Bản sao biên bản.pdf")
    attach_file(db, owners.result, first)
    attach_file(db, owners.registration, second, "Bản chụp")
    assert row_counts(db) == (1, 2)
    assert len(evidence_files(db)) == 1
    assert [r.file_name for r in list_evidence(db, owners.registration)] == ["Bản sao biên bản.pdf"]


def test_same_content_twice_to_the_same_owner_is_refused(
    db: Database, owners: Owners, tmp_path: Path
) -> None:
    attach_file(db, owners.result, write(tmp_path, "a.pdf"))
    before = (row_counts(db), evidence_files(db))
    with pytest.raises(UserError) as caught:
        attach_file(db, owners.result, write(tmp_path / "b", "tên khác.pdf"))
    assert "Tệp này đã được đính kèm" in caught.value.message
    assert "“a.pdf”" in caught.value.message
    assert (row_counts(db), evidence_files(db)) == before


def test_a_file_over_the_limit_is_refused_and_nothing_is_left(
    db: Database, owners: Owners, tmp_path: Path
) -> None:
    save_result_settings(db, ResultSettings(evidence_limit_mb=1))
    big = write(tmp_path, "quét.pdf", os.urandom(2 * 1024 * 1024))
    with pytest.raises(UserError) as caught:
        attach_file(db, owners.result, big)
    assert "vượt quá mức tối đa 1 MB" in caught.value.message
    assert "2 MB" in caught.value.message
    assert "Cài đặt" in caught.value.hint
    assert row_counts(db) == (0, 0)
    assert evidence_files(db) == []


def test_a_file_that_grows_while_copied_is_stopped_at_the_limit(
    db: Database, owners: Owners, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_result_settings(db, ResultSettings(evidence_limit_mb=1))
    big = write(tmp_path, "đang ghi.pdf", os.urandom(2 * 1024 * 1024))
    # The size checked first was still small: the copy itself must stop.
    monkeypatch.setattr(evidence, "_source_size", lambda *_args: 1000)
    with pytest.raises(UserError, match="vượt quá mức tối đa 1 MB"):
        attach_file(db, owners.result, big)
    assert row_counts(db) == (0, 0)
    assert evidence_files(db) == []


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("ghi chú.txt", b"abc", "Chỉ nhận tệp PDF, ảnh"),
        ("chương trình.exe", b"MZ", "loại tệp này không được nhận"),
        ("không đuôi", b"abc", "Chỉ nhận tệp"),
        ("trống.pdf", b"", "trống (0 byte)"),
    ],
)
def test_wrong_type_and_empty_files_are_refused(
    db: Database, owners: Owners, tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    with pytest.raises(UserError) as caught:
        attach_file(db, owners.result, write(tmp_path, name, data))
    assert words in str(caught.value)
    assert row_counts(db) == (0, 0)
    assert evidence_files(db) == []


def test_missing_folder_and_unreadable_sources_are_refused(
    db: Database, owners: Owners, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(UserError, match=r"Không tìm thấy tệp “mất\.pdf”"):
        attach_file(db, owners.result, tmp_path / "mất.pdf")
    folder = tmp_path / "Hồ sơ.pdf"
    folder.mkdir()
    with pytest.raises(UserError, match="là một thư mục"):
        attach_file(db, owners.result, folder)
    source = write(tmp_path, "khóa.pdf")

    def locked(self: Path, *_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", locked)
    with pytest.raises(UserError) as caught:
        attach_file(db, owners.result, source)
    assert "Không đọc được tệp “khóa.pdf”: không có quyền truy cập." in caught.value.message
    assert "Permission" not in str(caught.value)
    assert row_counts(db) == (0, 0)


def test_a_full_disk_is_explained_and_the_temporary_file_removed(
    db: Database, owners: Owners, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open_temp = evidence._open_temp
    made: list[Path] = []

    class FullDisk:
        def __init__(self, inner) -> None:
            self.inner = inner

        def write(self, _data: object) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str):
            return getattr(self.inner, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc: object) -> None:
            self.inner.close()

    def open_temp(directory: Path):
        writer, path = real_open_temp(directory)
        made.append(path)
        return FullDisk(writer), path

    monkeypatch.setattr(evidence, "_open_temp", open_temp)
    with pytest.raises(UserError) as caught:
        attach_file(db, owners.result, write(tmp_path, "a.pdf"))
    assert "ổ đĩa đã đầy" in caught.value.message
    assert "giải phóng" in caught.value.hint
    assert made and not made[0].exists()
    assert evidence_files(db) == []
    assert row_counts(db) == (0, 0)


def test_a_failed_commit_removes_the_new_file(
    db: Database, owners: Owners, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_commit = Session.commit
    placed: list[bool] = []

    def failing_commit(self: Session) -> None:
        if any(isinstance(row, EvidenceLink) for row in self.identity_map.values()):
            placed.append(any(p.is_file() for p in evidence_files(db)))
            raise OperationalError("COMMIT", {}, sqlite3.OperationalError("disk I/O error"))
        real_commit(self)

    monkeypatch.setattr(Session, "commit", failing_commit)
    with pytest.raises(OperationalError):
        attach_file(db, owners.result, write(tmp_path, "a.pdf"))
    assert placed == [True]  # the file was in place before the commit…
    assert evidence_files(db) == []  # …and is gone since no row references it
    monkeypatch.undo()
    assert row_counts(db) == (0, 0)


def test_refusals_for_no_folder_gone_owner_and_long_description(
    db: Database, owners: Owners, tmp_path: Path
) -> None:
    source = write(tmp_path, "a.pdf")
    with pytest.raises(UserError, match="Kết quả này không còn"):
        attach_file(db, EvidenceOwner.result(999_999), source)
    with pytest.raises(UserError, match="Sáng kiến này không còn"):
        attach_file(db, EvidenceOwner.initiative(999_999), source)
    with pytest.raises(ValidationError) as caught:
        attach_file(db, owners.result, source, "x" * 501)
    assert caught.value.field == "description"
    folder = db.evidence_dir
    db.evidence_dir = None
    try:
        with pytest.raises(UserError, match="không có thư mục lưu minh chứng"):
            attach_file(db, owners.result, source)
    finally:
        db.evidence_dir = folder
    assert row_counts(db) == (0, 0)
    with pytest.raises(ValueError):
        EvidenceOwner("person", 1)  # type: ignore[arg-type]


def lock(db: Database, period_id: int, reason: str) -> None:
    with db.session() as session:
        period = session.get(Period, period_id)
        assert period is not None
        period.results_lock_reason = reason
        session.add(period)


def test_a_locked_period_refuses_changes_to_its_results_evidence(
    db: Database, owners: Owners, tmp_path: Path
) -> None:
    link_id = attach_file(db, owners.result, write(tmp_path, "a.pdf"))
    lock(db, owners.period_id, "đã dùng trong Quyết định số 12/QĐ-UBND")
    other = write(tmp_path, "b.pdf", PDF_BYTES + b"b")
    for action in (
        lambda: attach_file(db, owners.result, other),
        lambda: remove_link(db, link_id),
        lambda: update_description(db, link_id, "mới"),
    ):
        with pytest.raises(UserError) as caught:
            action()
        assert "đã khóa (đã dùng trong Quyết định số 12/QĐ-UBND)" in caught.value.message
    assert row_counts(db) == (1, 1)
    assert len(evidence_files(db)) == 1
    # A registration's evidence is not a result: the lock does not apply to it.
    attach_file(db, owners.registration, other)


def test_description_update_and_remove_link(db: Database, owners: Owners, tmp_path: Path) -> None:
    shared = write(tmp_path, "chung.pdf")
    only = write(tmp_path, "riêng.png", b"\x89PNG" + os.urandom(100))
    first = attach_file(db, owners.result, shared)
    second = attach_file(db, owners.initiative, shared)
    alone = attach_file(db, owners.result, only)
    update_description(db, first, " Bản gốc  có dấu ")
    assert list_evidence(db, owners.result)[0].description == "Bản gốc có dấu"
    assert [r.media_kind for r in list_evidence(db, owners.result)] == ["PDF", "Ảnh"]
    shared_path = stored_path(db, hashlib.sha256(PDF_BYTES).hexdigest())
    remove_link(db, first)
    assert shared_path.exists()  # still attached to the initiative
    remove_link(db, second)
    assert not shared_path.exists()
    remove_link(db, alone)
    assert row_counts(db) == (0, 0)
    assert evidence_files(db) == []
    with pytest.raises(UserError, match="không còn trong danh sách"):
        remove_link(db, alone)


def test_evidence_counts_per_result_of_the_period(
    db: Database, owners: Owners, tmp_path: Path
) -> None:
    attach_file(db, owners.result, write(tmp_path, "a.pdf"))
    attach_file(db, owners.result, write(tmp_path, "b.pdf", PDF_BYTES + b"1"))
    attach_file(db, owners.other_result, write(tmp_path, "c.pdf"))
    attach_file(db, owners.registration, write(tmp_path, "d.pdf"))
    expected = {owners.result.id: 2, owners.other_result.id: 1}
    assert evidence_counts(db, owners.period_id) == expected
    with db.session() as session:
        assert evidence_counts(session, owners.period_id) == expected
    other_period = next(p.id for p in list_periods(db) if p.name == "Năm 2027")
    assert evidence_counts(db, other_period) == {}


def test_integrity_check_finds_missing_changed_and_stray_files(
    db: Database, owners: Owners, tmp_path: Path
) -> None:
    attach_file(db, owners.result, write(tmp_path, "mất.pdf", PDF_BYTES + b"1"))
    attach_file(db, owners.registration, write(tmp_path, "sửa.pdf", PDF_BYTES + b"2"))
    attach_file(db, owners.initiative, write(tmp_path, "tốt.pdf", PDF_BYTES + b"3"))
    calls: list[tuple[int, int]] = []
    report = check_integrity(db, lambda done, total: calls.append((done, total)))
    assert report.all_intact and report.checked == 3 and report.intact == 3
    assert calls[-1] == (3, 3)

    gone = stored_path(db, hashlib.sha256(PDF_BYTES + b"1").hexdigest())
    os.chmod(gone, 0o644)
    gone.unlink()
    changed = stored_path(db, hashlib.sha256(PDF_BYTES + b"2").hexdigest())
    os.chmod(changed, 0o644)
    data = bytearray(changed.read_bytes())
    data[10] ^= 0xFF  # same size, one byte different
    changed.write_bytes(bytes(data))
    assert db.evidence_dir is not None
    stray = db.evidence_dir / "ab" / ("ab" + "0" * 62)
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"x")

    report = check_integrity(db)
    assert not report.all_intact
    assert report.checked == 3 and report.intact == 1
    [missing] = report.missing
    assert missing.file_name == "mất.pdf"
    assert missing.places[0].startswith("Thôn Đông, tiêu chí ")
    assert "(Năm 2026)" in missing.places[0]
    [modified] = report.changed
    assert modified.file_name == "sửa.pdf"
    assert modified.places == ("đăng ký thi đua của Thôn Đông (Năm 2026)",)
    assert report.stray == [stray]


def test_integrity_check_can_be_stopped(db: Database, owners: Owners, tmp_path: Path) -> None:
    for number in range(3):
        attach_file(
            db, owners.result, write(tmp_path, f"{number}.pdf", PDF_BYTES + bytes([number]))
        )
    report = check_integrity(db, lambda done, _total: done < 1)
    assert not report.complete and report.checked == 1 and not report.all_intact


def test_safe_copy_has_the_original_name_and_equal_bytes(
    db: Database, owners: Owners, tmp_path: Path
) -> None:
    link_id = attach_file(db, owners.result, write(tmp_path, "Ảnh: hội nghị?.jpg", PDF_BYTES))
    copy = safe_copy_for_viewing(db, link_id)
    digest = hashlib.sha256(PDF_BYTES).hexdigest()
    assert copy.name == "Ảnh_ hội nghị_.jpg"
    assert copy.read_bytes() == PDF_BYTES
    assert copy != stored_path(db, digest)
    assert db.evidence_dir is not None
    assert db.evidence_dir not in copy.parents
    # A stored copy that changed or went missing is never handed to a viewer.
    stored = stored_path(db, digest)
    os.chmod(stored, 0o644)
    stored.write_bytes(PDF_BYTES[:-1] + b"!")
    with pytest.raises(UserError, match="đã bị thay đổi"):
        safe_copy_for_viewing(db, link_id)
    stored.unlink()
    with pytest.raises(UserError, match="không còn trong thư mục dữ liệu"):
        safe_copy_for_viewing(db, link_id)


def test_attaching_again_restores_a_missing_stored_copy(
    db: Database, owners: Owners, tmp_path: Path
) -> None:
    source = write(tmp_path, "a.pdf")
    attach_file(db, owners.result, source)
    stored = stored_path(db, hashlib.sha256(PDF_BYTES).hexdigest())
    os.chmod(stored, 0o644)
    stored.unlink()
    attach_file(db, owners.registration, source)
    assert stored.read_bytes() == PDF_BYTES
    assert check_integrity(db).all_intact


def test_attaching_again_restores_a_copy_damaged_by_a_power_cut(
    db: Database, owners: Owners, tmp_path: Path
) -> None:
    """Same size, other bytes: what a file not yet written back looks like after a cut."""
    source = write(tmp_path, "a.pdf")
    attach_file(db, owners.result, source)
    stored = stored_path(db, hashlib.sha256(PDF_BYTES).hexdigest())
    os.chmod(stored, 0o644)
    stored.write_bytes(bytes(len(PDF_BYTES)))
    assert not check_integrity(db).all_intact
    attach_file(db, owners.registration, source)
    assert stored.read_bytes() == PDF_BYTES
    assert check_integrity(db).all_intact


def test_export_copies_with_sanitised_unique_names(
    db: Database, owners: Owners, tmp_path: Path
) -> None:
    code = period_criteria(db, owners.period_id).criteria[0].code
    attach_file(db, owners.result, write(tmp_path / "1", "Biên bản: họp?.pdf", b"%PDF-1"))
    attach_file(db, owners.result, write(tmp_path / "2", "Biên bản_ họp_.pdf", b"%PDF-2"))
    attach_file(db, owners.registration, write(tmp_path, "Đơn đăng ký.pdf", b"%PDF-3"))
    attach_file(db, owners.initiative, write(tmp_path, "mô tả.docx", b"PK-4"))
    target = tmp_path / "Xuất minh chứng"
    unit_folder = target / "Thôn Đông"
    unit_folder.mkdir(parents=True)
    (unit_folder / "Sáng kiến - mô tả.docx").write_bytes(b"do not touch")
    assert period_file_count(db, owners.period_id) == 4
    done: list[tuple[int, int]] = []
    copied = export_files(db, target, owners.period_id, progress=lambda d, t: done.append((d, t)))
    assert copied == 4 and done[-1] == (4, 4)
    names = {p.name for p in unit_folder.iterdir()}
    assert names == {
        f"{code} - Biên bản_ họp_ (2).pdf",
        f"{code} - Biên bản_ họp_.pdf",
        "Sáng kiến - mô tả (2).docx",
        "Sáng kiến - mô tả.docx",
        "Đăng ký - Đơn đăng ký.pdf",
    }
    assert (unit_folder / "Sáng kiến - mô tả.docx").read_bytes() == b"do not touch"
    assert (unit_folder / "Sáng kiến - mô tả (2).docx").read_bytes() == b"PK-4"
    # Exporting again into the same folder adds copies, never overwrites.
    assert export_files(db, target, owners.period_id, unit_id=owners.unit_id) == 4
    assert len(list(unit_folder.iterdir())) == 9
    assert (unit_folder / "Đăng ký - Đơn đăng ký (2).pdf").read_bytes() == b"%PDF-3"
    assert export_files(db, tmp_path / "khác", owners.period_id, unit_id=999) == 0


def test_export_refuses_when_stored_files_are_missing(
    db: Database, owners: Owners, tmp_path: Path
) -> None:
    attach_file(db, owners.result, write(tmp_path, "mất.pdf"))
    stored = stored_path(db, hashlib.sha256(PDF_BYTES).hexdigest())
    os.chmod(stored, 0o644)
    stored.unlink()
    with pytest.raises(UserError) as caught:
        export_files(db, tmp_path / "ra", owners.period_id)
    assert "“mất.pdf” (Thôn Đông, tiêu chí" in caught.value.message
    assert not (tmp_path / "ra").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('a\\b/c:d*e?f"g<h>i|j.pdf', "a_b_c_d_e_f_g_h_i_j.pdf"),
        ("tên có dấu chấm cuối... ", "tên có dấu chấm cuối"),
        ("CON.pdf", "CON_.pdf"),
        ("lpt1", "lpt1_"),
        ("...", "tep"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
        ("Ca\u0301c tệp.pdf", "Các tệp.pdf"),
    ],
)
def test_sanitize_file_name(name: str, expected: str) -> None:
    assert sanitize_file_name(name) == expected


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (850, "850 byte"),
        (12 * 1024, "12 KB"),
        (1536 * 1024, "1,5 MB"),
        (50 * 1024 * 1024, "50 MB"),
        (int(1.25 * 1024**3), "1,3 GB"),
    ],
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text
