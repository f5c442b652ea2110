"""Evidence files (minh chứng): attach, list, describe, remove, view through a copy, check and
export the files that prove a result, a registration, an initiative, an inspection's checklist
item (photos taken on the visit, documents seen) or a follow-up action (proof it was done).

Storage decision: a file's bytes live in the data folder, content-addressed, at
``evidence_dir/<first two hex digits>/<sha256 hex>``; the database holds only the rows that
name and link them. Keeping the bytes out of SQLite keeps the database (and each automatic
backup of it) small and fast however many scans the office attaches; the files stay ordinary
files a technician can read or copy; and identical content is stored once however many
records it proves. A stored file is made read-only and never modified: a changed byte is
a fault that `check_integrity` finds, never an edit.

Order of writes, so that no row ever points at a missing file: the bytes are copied and
hashed in one pass into a temporary file inside the evidence folder, flushed to disk, moved
into place, and only then is the row committed. If the commit fails, a file that no row
references is removed at once (a crash at that moment leaves at worst an unreferenced file,
which `check_integrity` lists). Removing a link deletes the row first and the file after.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import shutil
import stat
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, Literal

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from kt_desktop.domain import Criterion, Period, Person, Result, Unit
from kt_desktop.domain.evidence import EvidenceFile, EvidenceLink
from kt_desktop.domain.initiatives import Initiative
from kt_desktop.domain.inspections import (
    FollowUpAction,
    InspectionItem,
    InspectionRound,
    InspectionVisit,
)
from kt_desktop.domain.registrations import Registration
from kt_desktop.errors import UserError, ValidationError, describe_os_error
from kt_desktop.services.database import Database
from kt_desktop.text import clean_text, format_date_short, format_number, nfc

log = logging.getLogger(__name__)

OwnerKind = Literal["result", "registration", "initiative", "inspection_item", "action"]
OWNER_KINDS: tuple[OwnerKind, ...] = (
    "result",
    "registration",
    "initiative",
    "inspection_item",
    "action",
)
# Owners whose files prove figures that count in scores: the period's results lock holds them.
LOCKED_WITH_RESULTS: frozenset[OwnerKind] = frozenset({"result", "inspection_item", "action"})

CHUNK_SIZE = 1024 * 1024
MAX_DESCRIPTION_LENGTH = 500
# Whether to flush each new file to the disk (fsync) before its row is committed. Off: like
# Zotero and Calibre, the store leaves writing back to the operating system, which keeps
# attaching within 1.5 × a plain copy and hash (the fsync alone costs about half as much
# again; see tests/benchmarks/test_evidence_speed.py). What a power cut could damage in the
# seconds before the system writes the file is caught by the integrity check (Cài đặt →
# Kiểm tra tệp minh chứng), and attaching the original again restores the stored copy.
DURABLE_WRITES = False
READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH  # 0o444
TEMP_PREFIX = ".dang-chep-"
VIEW_COPIES_DIR_NAME = "tmp-open"
VIEW_COPY_MAX_AGE_SECONDS = 24 * 3600

MEDIA_PDF = "PDF"
MEDIA_IMAGE = "Ảnh"
MEDIA_WORD = "Word"
MEDIA_EXCEL = "Excel"
# The file types the office accepts, by extension, with the kind shown in the list.
ALLOWED_EXTENSIONS: dict[str, str] = {
    "pdf": MEDIA_PDF,
    **dict.fromkeys(("jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp"), MEDIA_IMAGE),
    **dict.fromkeys(("doc", "docx", "odt", "rtf"), MEDIA_WORD),
    **dict.fromkeys(("xls", "xlsx", "ods", "csv"), MEDIA_EXCEL),
}
ALLOWED_KINDS_TEXT = (
    "PDF, ảnh (JPG, PNG, GIF, BMP, TIFF, WEBP), Word (DOC, DOCX, ODT, RTF) "
    "và Excel (XLS, XLSX, ODS, CSV)"
)

# What export files are named after, for links that are not a result's.
REGISTRATION_LABEL = "Đăng ký"
INITIATIVE_LABEL = "Sáng kiến"
NO_UNIT_LABEL = "Không rõ đơn vị"
# An inspection's files go to a folder of their own inside the unit's folder.
INSPECTION_FOLDER = "Kiểm tra"
FREE_ITEM_LABEL = "Mục bổ sung"
ACTION_LABEL = "Khắc phục"
PLACE_TEXT_LIMIT = 60

Progress = Callable[[int, int], object]
"""Called with (done, total) as work goes on; returning False asks the work to stop."""

_SHA256_SHAPE = re.compile(r"[0-9a-f]{64}")


# --- owners -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceOwner:
    """The record a file is attached to: a result, a registration, an initiative, an
    inspection's checklist item or a follow-up action."""

    kind: OwnerKind
    id: int

    def __post_init__(self) -> None:
        if self.kind not in OWNER_KINDS:
            raise ValueError(f"unknown evidence owner kind {self.kind!r}")

    @classmethod
    def result(cls, result_id: int) -> EvidenceOwner:
        return cls("result", result_id)

    @classmethod
    def registration(cls, registration_id: int) -> EvidenceOwner:
        return cls("registration", registration_id)

    @classmethod
    def initiative(cls, initiative_id: int) -> EvidenceOwner:
        return cls("initiative", initiative_id)

    @classmethod
    def inspection_item(cls, item_id: int) -> EvidenceOwner:
        return cls("inspection_item", item_id)

    @classmethod
    def action(cls, action_id: int) -> EvidenceOwner:
        return cls("action", action_id)

    @classmethod
    def of_link(cls, link: EvidenceLink) -> EvidenceOwner:
        if link.result_id is not None:
            return cls.result(link.result_id)
        if link.registration_id is not None:
            return cls.registration(link.registration_id)
        if link.inspection_item_id is not None:
            return cls.inspection_item(link.inspection_item_id)
        if link.action_id is not None:
            return cls.action(link.action_id)
        return cls.initiative(link.initiative_id or 0)

    @property
    def link_column(self) -> str:
        """The EvidenceLink column that holds this owner's id."""
        return f"{self.kind}_id"

    def new_link(
        self, file_id: int, file_name: str, description: str, attached_at: datetime
    ) -> EvidenceLink:
        link = EvidenceLink(
            file_id=file_id, file_name=file_name, description=description, attached_at=attached_at
        )
        setattr(link, self.link_column, self.id)
        return link

    @property
    def noun(self) -> str:
        """The owner as a clerk names it: "kết quả", "bản đăng ký", "sáng kiến"…"""
        return {
            "result": "kết quả",
            "registration": "bản đăng ký",
            "initiative": "sáng kiến",
            "inspection_item": "mục kiểm tra",
            "action": "việc khắc phục",
        }[self.kind]


def _links_of(owner: EvidenceOwner) -> ColumnElement[bool]:
    column = {
        "result": EvidenceLink.result_id,
        "registration": EvidenceLink.registration_id,
        "initiative": EvidenceLink.initiative_id,
        "inspection_item": EvidenceLink.inspection_item_id,
        "action": EvidenceLink.action_id,
    }[owner.kind]
    return col(column) == owner.id


def _owner_period(session: Session, owner: EvidenceOwner) -> Period:
    """The owner's period; refuses an owner that is gone."""
    record: Result | Registration | Initiative | InspectionRound | None
    if owner.kind == "result":
        record = session.get(Result, owner.id)
    elif owner.kind == "registration":
        record = session.get(Registration, owner.id)
    elif owner.kind == "initiative":
        record = session.get(Initiative, owner.id)
    else:
        record = _inspection_round_of(session, owner)
    if record is None:
        raise UserError(
            f"{owner.noun.capitalize()} này không còn trong cơ sở dữ liệu nên không thay đổi "
            "được minh chứng.",
            "Có thể ai đó vừa xóa nó; hãy tải lại danh sách.",
        )
    period = session.get(Period, record.period_id)
    if period is None:  # a foreign key keeps this from happening
        raise UserError("Kỳ thi đua của bản ghi này không còn trong cơ sở dữ liệu.")
    return period


def _inspection_round_of(session: Session, owner: EvidenceOwner) -> InspectionRound | None:
    """The round of a checklist item or a follow-up action (visit → round), None if gone."""
    record: InspectionItem | FollowUpAction | None = (
        session.get(InspectionItem, owner.id)
        if owner.kind == "inspection_item"
        else session.get(FollowUpAction, owner.id)
    )
    if record is None:
        return None
    visit = session.get(InspectionVisit, record.visit_id)
    return None if visit is None else session.get(InspectionRound, visit.round_id)


def _check_changeable(session: Session, owner: EvidenceOwner) -> None:
    """Refuse changes to the evidence of a result (or of an inspection, whose verified
    figures count as results) in a locked period, naming the reason."""
    period = _owner_period(session, owner)
    if owner.kind in LOCKED_WITH_RESULTS and period.results_lock_reason:
        hint = (
            "Điểm của kỳ này đã dùng trong một quyết định đã ban hành nên không mở khóa được."
            if period.results_locked_by_document_id
            else "Muốn thay đổi, hãy mở khóa kết quả của kỳ này trước (trang Chấm điểm, xếp hạng)."
        )
        raise UserError(
            f"Kết quả {period.name.lower()} đã khóa ({period.results_lock_reason}) nên không "
            "đính kèm, sửa hay gỡ minh chứng được.",
            hint,
        )


# --- small helpers ------------------------------------------------------------------------


def media_kind(file_name: str) -> str:
    """ "PDF", "Ảnh", "Word" or "Excel" for an accepted file name; "" for anything else."""
    return ALLOWED_EXTENSIONS.get(Path(file_name).suffix.lower().lstrip("."), "")


def format_size(size_bytes: int) -> str:
    """A file size as a clerk reads it: "850 byte", "12 KB", "1,5 MB", "1,2 GB"."""
    if size_bytes < 1024:
        return f"{format_number(size_bytes)} byte"
    for unit, power in (("KB", 1), ("MB", 2), ("GB", 3)):
        value = Decimal(size_bytes) / (1024**power)
        if value < 1024 or unit == "GB":
            rounded = value.quantize(Decimal("0.1"))
            decimals = 0 if rounded == rounded.to_integral_value() or value >= 100 else 1
            return f"{format_number(value, decimals)} {unit}"
    raise AssertionError("unreachable")


def _as_utc(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes; the app stores UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _file_path(evidence_dir: Path, sha256: str) -> Path:
    if not _SHA256_SHAPE.fullmatch(sha256):
        raise ValueError(f"not a SHA-256 digest: {sha256!r}")
    return evidence_dir / sha256[:2] / sha256


def _evidence_dir(db: Database) -> Path:
    if db.evidence_dir is None:
        raise UserError(
            "Bản dữ liệu này không có thư mục lưu minh chứng nên không làm việc được với tệp "
            "minh chứng.",
            "Hãy mở chương trình với thư mục dữ liệu bình thường.",
        )
    return db.evidence_dir


def stored_path(db: Database, sha256: str) -> Path:
    """Where the stored copy of the content with this SHA-256 lives (it may be missing)."""
    return _file_path(_evidence_dir(db), sha256)


def _make_writable(path: Path) -> None:
    # Windows refuses to delete or replace a read-only file.
    with contextlib.suppress(OSError):
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def _remove_stored(path: Path) -> bool:
    try:
        _make_writable(path)
        path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("Could not delete the unused evidence file %s: %s", path, error)
        return False
    return True


def _fsync_directory(directory: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory; NTFS journals the rename
        return
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _limit_error(name: str, size: int | None, limit_bytes: int) -> UserError:
    limit_text = format_size(limit_bytes)
    size_text = format_size(size) if size is not None else ""
    if size is not None and size_text == limit_text:
        # Rounded alike ("50 MB … tối đa 50 MB"): show the exact sizes instead.
        size_text = f"{format_number(size)} byte"
        limit_text = f"{limit_text} ({format_number(limit_bytes)} byte)"
    what = f"dung lượng {size_text}, " if size is not None else ""
    return UserError(
        f"Tệp “{name}” {what}vượt quá mức tối đa {limit_text} cho một tệp minh chứng.",
        "Hãy thu nhỏ tệp (ví dụ quét ở độ phân giải thấp hơn, hoặc tách thành nhiều tệp), "
        "hoặc tăng mức tối đa trong Cài đặt.",
    )


# --- attaching ----------------------------------------------------------------------------


def _check_type(name: str) -> None:
    if not media_kind(name):
        raise UserError(
            f"Không đính kèm được “{name}”: loại tệp này không được nhận làm minh chứng.",
            f"Chỉ nhận tệp {ALLOWED_KINDS_TEXT}.",
        )


def _source_size(source: Path, name: str, limit_bytes: int) -> int:
    """The source's size, refusing what is missing, a folder, empty or over the limit."""
    try:
        info = source.stat()
    except OSError as error:
        if isinstance(error, FileNotFoundError):
            raise UserError(
                f"Không tìm thấy tệp “{name}”.",
                "Có thể tệp đã bị xóa, đổi tên, hoặc nằm trên USB vừa rút ra.",
            ) from error
        raise UserError(f"Không đọc được tệp “{name}”: {describe_os_error(error)}.") from error
    if stat.S_ISDIR(info.st_mode):
        raise UserError(
            f"“{name}” là một thư mục, không phải tệp.",
            "Hãy mở thư mục và chọn từng tệp cần đính kèm.",
        )
    if info.st_size == 0:
        raise UserError(f"Tệp “{name}” trống (0 byte) nên không đính kèm được.")
    if info.st_size > limit_bytes:
        raise _limit_error(name, info.st_size, limit_bytes)
    return info.st_size


def _open_temp(directory: Path) -> tuple[BinaryIO, Path]:
    """A new temporary file inside `directory`, open for writing."""
    handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".partial", dir=directory)
    return os.fdopen(handle, "wb"), Path(name)


def _copy_and_hash(
    source: Path, name: str, evidence_dir: Path, limit_bytes: int
) -> tuple[Path, str, int]:
    """Copy `source` into a temporary file of `evidence_dir` while hashing it; returns the
    temporary file, the SHA-256 and the size. Nothing is left behind on failure."""
    try:
        reader = source.open("rb")
    except OSError as error:
        raise UserError(
            f"Không đọc được tệp “{name}”: {describe_os_error(error)}.",
            "Nếu tệp đang mở trong chương trình khác, hãy đóng lại rồi thử lại.",
        ) from error
    temp: Path | None = None
    try:
        with reader:
            try:
                evidence_dir.mkdir(parents=True, exist_ok=True)
                writer, temp = _open_temp(evidence_dir)
            except OSError as error:
                raise _storage_error(name, error) from error
            digest = hashlib.sha256()
            buffer = bytearray(CHUNK_SIZE)
            view = memoryview(buffer)
            size = 0
            with writer:
                while True:
                    try:
                        count = reader.readinto(buffer)
                    except OSError as error:
                        raise UserError(
                            f"Không đọc hết được tệp “{name}”: {describe_os_error(error)}."
                        ) from error
                    if not count:
                        break
                    size += count
                    if size > limit_bytes:  # the file grew while it was being copied
                        raise _limit_error(name, None, limit_bytes)
                    chunk = view[:count]
                    digest.update(chunk)
                    try:
                        writer.write(chunk)
                    except OSError as error:
                        raise _storage_error(name, error) from error
                try:
                    writer.flush()
                    if DURABLE_WRITES:
                        os.fsync(writer.fileno())
                except OSError as error:
                    raise _storage_error(name, error) from error
        if size == 0:
            raise UserError(f"Tệp “{name}” trống (0 byte) nên không đính kèm được.")
        return temp, digest.hexdigest(), size
    except BaseException:
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise


def _storage_error(name: str, error: OSError) -> UserError:
    hint = "Hãy kiểm tra quyền ghi của thư mục dữ liệu."
    if error.errno == errno.ENOSPC:
        hint = "Hãy giải phóng bớt dung lượng ổ đĩa rồi thử lại."
    return UserError(
        f"Không lưu được tệp “{name}” vào thư mục dữ liệu: {describe_os_error(error)}. "
        "Chưa có gì thay đổi.",
        hint,
    )


def _place(temp: Path, target: Path, name: str) -> None:
    """Move the finished temporary file to its stored place, read-only."""
    try:
        target.parent.mkdir(exist_ok=True)
        if target.exists():
            # Left by a crash before its row was committed; the new copy is known good.
            _make_writable(target)
        os.chmod(temp, READ_ONLY)
        os.replace(temp, target)
        if DURABLE_WRITES:
            _fsync_directory(target.parent)
    except OSError as error:
        raise _storage_error(name, error) from error


def _clean_description(description: str) -> str:
    cleaned = clean_text(description)
    if len(cleaned) > MAX_DESCRIPTION_LENGTH:
        raise ValidationError(
            f"Mô tả dài {format_number(len(cleaned))} ký tự; tối đa "
            f"{MAX_DESCRIPTION_LENGTH} ký tự.",
            field="description",
        )
    return cleaned


def attach_file(
    db: Database,
    owner: EvidenceOwner,
    source_path: Path | str,
    description: str = "",
    now: datetime | None = None,
) -> int:
    """Attach a copy of the file at `source_path` to `owner`; returns the new link's id."""
    from kt_desktop.services.result_settings import get_result_settings

    source = Path(source_path)
    name = nfc(source.name)
    evidence_dir = _evidence_dir(db)
    cleaned = _clean_description(description)
    _check_type(name)
    # Refuse early what the final transaction would refuse, before copying 50 MB for nothing.
    with db.session() as session:
        _check_changeable(session, owner)
    limit = get_result_settings(db).evidence_limit_bytes
    _source_size(source, name, limit)
    temp, sha256, size = _copy_and_hash(source, name, evidence_dir, limit)
    target = _file_path(evidence_dir, sha256)
    placed = False
    try:
        with db.session() as session:
            _check_changeable(session, owner)
            stored = session.exec(select(EvidenceFile).where(EvidenceFile.sha256 == sha256)).first()
            if stored is None:
                stored = EvidenceFile(sha256=sha256, size_bytes=size, original_name=name)
                session.add(stored)
                session.flush()
            else:
                same = session.exec(
                    select(EvidenceLink)
                    .where(EvidenceLink.file_id == stored.id)
                    .where(_links_of(owner))
                ).first()
                if same is not None:
                    raise UserError(
                        f"Tệp này đã được đính kèm cho {owner.noun} này "
                        f"(tên “{same.file_name}”), không cần đính kèm lại.",
                    )
            link = owner.new_link(
                file_id=stored.id or 0,
                file_name=name,
                description=cleaned,
                attached_at=_as_utc(now) if now else datetime.now(UTC),
            )
            session.add(link)
            session.flush()
            link_id = link.id or 0
            if not _stored_copy_intact(target, sha256, size):
                # New content, or a stored copy found missing or damaged: this one restores it.
                placed = True
                _place(temp, target, name)
    except BaseException:
        if placed and not _is_referenced(db, sha256):
            _remove_stored(target)
        raise
    finally:
        temp.unlink(missing_ok=True)
    return link_id


def _stored_copy_intact(target: Path, sha256: str, size: int) -> bool:
    """Whether the stored copy exists with the right bytes (hashed only when the content is
    already stored, i.e. when the same file is attached again)."""
    try:
        if not target.is_file() or target.stat().st_size != size:
            return False
        return _hash_file(target) == sha256
    except OSError:
        return False


def _is_referenced(db: Database, sha256: str) -> bool:
    try:
        with db.session() as session:
            return (
                session.exec(select(EvidenceFile.id).where(EvidenceFile.sha256 == sha256)).first()
                is not None
            )
    except Exception:  # unknown: keep the file rather than risk a row without its bytes
        log.exception("Could not check whether evidence %s is referenced", sha256)
        return True


# --- listing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceRow:
    link_id: int
    file_name: str
    description: str
    size_bytes: int
    attached_at: datetime  # UTC
    sha256: str
    media_kind: str

    @property
    def attached_on(self) -> date:
        """The local calendar day it was attached."""
        return self.attached_at.astimezone().date()


def list_evidence(db: Database, owner: EvidenceOwner) -> list[EvidenceRow]:
    """The files attached to `owner`, in the order they were attached."""
    with db.session() as session:
        rows = session.exec(
            select(EvidenceLink, EvidenceFile)
            .join(EvidenceFile, col(EvidenceFile.id) == col(EvidenceLink.file_id))
            .where(_links_of(owner))
            .order_by(col(EvidenceLink.attached_at), col(EvidenceLink.id))
        ).all()
    return [
        EvidenceRow(
            link_id=link.id or 0,
            file_name=link.file_name,
            description=link.description,
            size_bytes=stored.size_bytes,
            attached_at=_as_utc(link.attached_at),
            sha256=stored.sha256,
            media_kind=media_kind(link.file_name),
        )
        for link, stored in rows
    ]


def evidence_counts(source: Session | Database, period_id: int) -> dict[int, int]:
    """How many files each result of the period has (results without any are left out)."""
    query = (
        select(EvidenceLink.result_id, func.count())
        .join(Result, col(Result.id) == col(EvidenceLink.result_id))
        .where(Result.period_id == period_id)
        .group_by(col(EvidenceLink.result_id))
    )
    if isinstance(source, Database):
        with source.session() as session:
            rows = session.exec(query).all()
    else:
        rows = source.exec(query).all()
    return {result_id: count for result_id, count in rows if result_id is not None}


# --- changing links -----------------------------------------------------------------------


def _link(session: Session, link_id: int) -> EvidenceLink:
    link = session.get(EvidenceLink, link_id)
    if link is None:
        raise UserError(
            "Tệp minh chứng này không còn trong danh sách.", "Hãy tải lại danh sách tệp."
        )
    return link


def update_description(db: Database, link_id: int, description: str) -> None:
    cleaned = _clean_description(description)
    with db.session() as session:
        link = _link(session, link_id)
        _check_changeable(session, EvidenceOwner.of_link(link))
        link.description = cleaned
        session.add(link)


def remove_link(db: Database, link_id: int) -> None:
    """Detach a file; its stored copy goes too once nothing else uses it."""
    orphan: str | None = None
    with db.session() as session:
        link = _link(session, link_id)
        _check_changeable(session, EvidenceOwner.of_link(link))
        file_id = link.file_id
        session.delete(link)
        session.flush()
        others = session.exec(
            select(func.count()).select_from(EvidenceLink).where(EvidenceLink.file_id == file_id)
        ).one()
        if not others:
            stored = session.get(EvidenceFile, file_id)
            if stored is not None:
                orphan = stored.sha256
                session.delete(stored)
    # The row is gone before the bytes: a failure here leaves an unused file, never a row
    # without its file.
    if orphan is not None and db.evidence_dir is not None:
        _remove_stored(_file_path(db.evidence_dir, orphan))


# --- viewing ------------------------------------------------------------------------------


def sanitize_file_name(name: str, fallback: str = "tep") -> str:
    """A name Windows accepts: no \\ / : * ? " < > | or control characters, no trailing dots
    or spaces, not a reserved device name, at most 150 characters (keeping the extension)."""
    cleaned = "".join(
        "_" if ch in '\\/:*?"<>|' or unicodedata.category(ch) == "Cc" else ch for ch in nfc(name)
    )
    cleaned = " ".join(cleaned.split()).rstrip(". ").lstrip()
    if not cleaned or set(cleaned) <= {".", "_"}:
        cleaned = fallback
    stem, dot, extension = cleaned.rpartition(".")
    if not dot:
        stem, extension = cleaned, ""
    if stem.split(".")[0].upper() in _RESERVED_NAMES:
        stem = f"{stem}_"
    extension = f".{extension}" if extension else ""
    limit = 150 - len(extension)
    if len(stem) > limit:
        stem = stem[:limit].rstrip(". ")
    return f"{stem}{extension}"


_RESERVED_NAMES = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(1, 10)),
    *(f"LPT{n}" for n in range(1, 10)),
}


def _copy_verified(source: Path, target: Path, sha256: str, name: str) -> None:
    """Copy the stored file to `target` (a new name) through a temporary file, checking its
    hash on the way; refuses, leaving nothing, if it is missing or has changed."""
    try:
        reader = source.open("rb")
    except FileNotFoundError as error:
        raise UserError(
            f"Tệp minh chứng “{name}” không còn trong thư mục dữ liệu.",
            "Hãy chạy Kiểm tra tệp minh chứng trong Cài đặt, rồi đính kèm lại tệp gốc.",
        ) from error
    except OSError as error:
        raise UserError(
            f"Không đọc được tệp minh chứng “{name}”: {describe_os_error(error)}."
        ) from error
    partial: Path | None = None
    try:
        with reader:
            handle, partial_name = tempfile.mkstemp(suffix=".partial", dir=target.parent)
            partial = Path(partial_name)
            digest = hashlib.sha256()
            with os.fdopen(handle, "wb") as writer:
                while chunk := reader.read(CHUNK_SIZE):
                    digest.update(chunk)
                    writer.write(chunk)
        if digest.hexdigest() != sha256:
            raise UserError(
                f"Tệp minh chứng “{name}” trong thư mục dữ liệu đã bị thay đổi so với lúc "
                "đính kèm nên không dùng được.",
                "Hãy chạy Kiểm tra tệp minh chứng trong Cài đặt, rồi đính kèm lại tệp gốc.",
            )
        os.replace(partial, target)
        partial = None
    except OSError as error:
        raise UserError(
            f"Không chép được tệp “{name}”: {describe_os_error(error)}.",
            "Hãy kiểm tra dung lượng và quyền ghi của ổ đĩa.",
        ) from error
    finally:
        if partial is not None:
            partial.unlink(missing_ok=True)


def _view_copies_dir(db: Database) -> Path:
    evidence_dir = db.evidence_dir
    if evidence_dir is None:
        return Path(tempfile.gettempdir()) / "kimthanh-minh-chung"
    return evidence_dir.parent / VIEW_COPIES_DIR_NAME


def _sweep_old_copies(folder: Path) -> None:
    """Delete viewing copies older than a day (a viewer may still hold newer ones open)."""
    if not folder.is_dir():
        return
    cutoff = time.time() - VIEW_COPY_MAX_AGE_SECONDS
    for entry in folder.iterdir():
        try:
            if entry.is_dir() and entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue


def safe_copy_for_viewing(db: Database, link_id: int) -> Path:
    """A fresh copy of an attached file, under the name it was attached with, for a viewer;
    the stored copy itself is never handed to another program."""
    with db.session() as session:
        link = _link(session, link_id)
        stored = session.get(EvidenceFile, link.file_id)
        if stored is None:  # a foreign key keeps this from happening
            raise UserError("Tệp minh chứng này không còn trong cơ sở dữ liệu.")
        name = link.file_name
    source = stored_path(db, stored.sha256)
    folder = _view_copies_dir(db)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _sweep_old_copies(folder)
        own_folder = Path(tempfile.mkdtemp(prefix="xem-", dir=folder))
    except OSError as error:
        raise UserError(
            f"Không tạo được bản sao để xem tệp “{name}”: {describe_os_error(error)}."
        ) from error
    target = own_folder / sanitize_file_name(name)
    try:
        _copy_verified(source, target, stored.sha256, name)
    except BaseException:
        shutil.rmtree(own_folder, ignore_errors=True)
        raise
    return target


# --- where a file is attached --------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    """One link's owner, described for a clerk and for the export's folders."""

    unit_name: str
    label: str  # criterion code, "Đăng ký", "Sáng kiến", "Mục bổ sung" or "Khắc phục"
    period_name: str
    detail: str = ""  # an initiative's title
    # For an inspection's files: the export's folder inside the unit's, and the whole
    # description ("Thôn Đông – kiểm tra ngày 12/10/2026, mục CT01").
    folder: str = ""
    text: str = ""

    def describe(self) -> str:
        if self.text:
            return self.text
        if self.label == REGISTRATION_LABEL:
            return f"đăng ký thi đua của {self.unit_name} ({self.period_name})"
        if self.label == INITIATIVE_LABEL:
            return f"sáng kiến “{self.detail}” của {self.unit_name} ({self.period_name})"
        return f"{self.unit_name}, tiêu chí {self.label} ({self.period_name})"


@dataclass(frozen=True)
class _LinkedFile:
    link_id: int
    file_name: str
    sha256: str
    size_bytes: int
    unit_id: int | None
    place: _Place


def _linked_files(
    session: Session, period_id: int | None = None, unit_id: int | None = None
) -> list[_LinkedFile]:
    """Every link (of one period, and one unit, if given) with where it is attached."""
    units = {u.id: u.name for u in session.exec(select(Unit))}
    periods = {p.id: p.name for p in session.exec(select(Period))}
    found: list[_LinkedFile] = []

    def add(
        link: EvidenceLink, stored: EvidenceFile, owner_unit: int | None, place: _Place
    ) -> None:
        if unit_id is not None and owner_unit != unit_id:
            return
        found.append(
            _LinkedFile(
                link.id or 0, link.file_name, stored.sha256, stored.size_bytes, owner_unit, place
            )
        )

    result_query = (
        select(EvidenceLink, EvidenceFile, Result, Criterion.code)
        .join(EvidenceFile, col(EvidenceFile.id) == col(EvidenceLink.file_id))
        .join(Result, col(Result.id) == col(EvidenceLink.result_id))
        .join(Criterion, col(Criterion.id) == col(Result.criterion_id))
    )
    if period_id is not None:
        result_query = result_query.where(Result.period_id == period_id)
    result_rows = session.exec(result_query).all()
    # A person's result (an individual criterion) is filed under the person's unit.
    person_ids = {r.person_id for _l, _f, r, _c in result_rows if r.person_id is not None}
    people = {
        p.id: p
        for p in (
            session.exec(select(Person).where(col(Person.id).in_(person_ids))) if person_ids else ()
        )
    }
    for link, stored, result, code in result_rows:
        person = people.get(result.person_id)
        owner_unit: int | None
        who: str | None
        if result.unit_id is not None:
            owner_unit, who = result.unit_id, units.get(result.unit_id)
        elif person is not None:
            owner_unit, who = person.unit_id, person.full_name
        else:
            owner_unit, who = None, None
        add(
            link,
            stored,
            owner_unit,
            _Place(who or NO_UNIT_LABEL, code, periods.get(result.period_id, "")),
        )

    registration_query = (
        select(EvidenceLink, EvidenceFile, Registration)
        .join(EvidenceFile, col(EvidenceFile.id) == col(EvidenceLink.file_id))
        .join(Registration, col(Registration.id) == col(EvidenceLink.registration_id))
    )
    if period_id is not None:
        registration_query = registration_query.where(Registration.period_id == period_id)
    for link, stored, registration in session.exec(registration_query):
        add(
            link,
            stored,
            registration.unit_id,
            _Place(
                units.get(registration.unit_id, NO_UNIT_LABEL),
                REGISTRATION_LABEL,
                periods.get(registration.period_id, ""),
            ),
        )

    initiative_query = (
        select(EvidenceLink, EvidenceFile, Initiative)
        .join(EvidenceFile, col(EvidenceFile.id) == col(EvidenceLink.file_id))
        .join(Initiative, col(Initiative.id) == col(EvidenceLink.initiative_id))
    )
    if period_id is not None:
        initiative_query = initiative_query.where(Initiative.period_id == period_id)
    for link, stored, initiative in session.exec(initiative_query):
        add(
            link,
            stored,
            initiative.unit_id,
            _Place(
                units.get(initiative.unit_id, NO_UNIT_LABEL)
                if initiative.unit_id
                else NO_UNIT_LABEL,
                INITIATIVE_LABEL,
                periods.get(initiative.period_id, ""),
                initiative.title,
            ),
        )
    _add_inspection_files(session, period_id, units, periods, add)
    return found


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= PLACE_TEXT_LIMIT:
        return text
    return text[: PLACE_TEXT_LIMIT - 1].rstrip(" ,;:.") + "…"


def _add_inspection_files(
    session: Session,
    period_id: int | None,
    units: dict[int | None, str],
    periods: dict[int | None, str],
    add: Callable[[EvidenceLink, EvidenceFile, int | None, _Place], None],
) -> None:
    """The links of checklist items and follow-up actions, filed under the visited unit."""

    def place(visit: InspectionVisit, period: int, label: str, what: str) -> _Place:
        unit_name = units.get(visit.unit_id, NO_UNIT_LABEL)
        return _Place(
            unit_name,
            label,
            periods.get(period, ""),
            folder=INSPECTION_FOLDER,
            text=f"{unit_name} – kiểm tra ngày {format_date_short(visit.visit_date)}, {what}",
        )

    item_query = (
        select(EvidenceLink, EvidenceFile, InspectionItem, InspectionVisit)
        .join(EvidenceFile, col(EvidenceFile.id) == col(EvidenceLink.file_id))
        .join(InspectionItem, col(InspectionItem.id) == col(EvidenceLink.inspection_item_id))
        .join(InspectionVisit, col(InspectionVisit.id) == col(InspectionItem.visit_id))
        .join(InspectionRound, col(InspectionRound.id) == col(InspectionVisit.round_id))
    )
    action_query = (
        select(EvidenceLink, EvidenceFile, FollowUpAction, InspectionVisit)
        .join(EvidenceFile, col(EvidenceFile.id) == col(EvidenceLink.file_id))
        .join(FollowUpAction, col(FollowUpAction.id) == col(EvidenceLink.action_id))
        .join(InspectionVisit, col(InspectionVisit.id) == col(FollowUpAction.visit_id))
        .join(InspectionRound, col(InspectionRound.id) == col(InspectionVisit.round_id))
    )
    if period_id is not None:
        item_query = item_query.where(InspectionRound.period_id == period_id)
        action_query = action_query.where(InspectionRound.period_id == period_id)
    item_rows = session.exec(item_query).all()
    round_periods = dict(session.exec(select(InspectionRound.id, InspectionRound.period_id)).all())
    criterion_ids = {item.criterion_id for _l, _f, item, _v in item_rows if item.criterion_id}
    codes = (
        dict(
            session.exec(
                select(Criterion.id, Criterion.code).where(col(Criterion.id).in_(criterion_ids))
            ).all()
        )
        if criterion_ids
        else {}
    )
    for link, stored, item, visit in item_rows:
        period = round_periods.get(visit.round_id, 0)
        code = codes.get(item.criterion_id) if item.criterion_id is not None else None
        if code:
            found = place(visit, period, code, f"mục {code}")
        else:
            found = place(visit, period, FREE_ITEM_LABEL, f"mục “{_short(item.text)}”")
        add(link, stored, visit.unit_id, found)
    for link, stored, action, visit in session.exec(action_query):
        found = place(
            visit,
            round_periods.get(visit.round_id, 0),
            ACTION_LABEL,
            f"việc khắc phục “{_short(action.description)}”",
        )
        add(link, stored, action.unit_id, found)


# --- integrity ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IntegrityEntry:
    """A stored file with a problem, and every place it is attached."""

    file_name: str
    sha256: str
    size_bytes: int
    places: tuple[str, ...]


@dataclass
class IntegrityReport:
    checked: int = 0  # stored files examined
    total: int = 0  # stored files the database knows
    missing: list[IntegrityEntry] = field(default_factory=list)
    changed: list[IntegrityEntry] = field(default_factory=list)
    # Files in the evidence folder that no row knows (a crash mid-attach, or put there by hand).
    stray: list[Path] = field(default_factory=list)
    complete: bool = True  # False when the check was stopped before the end

    @property
    def intact(self) -> int:
        return self.checked - len(self.missing) - len(self.changed)

    @property
    def all_intact(self) -> bool:
        return self.complete and not self.missing and not self.changed


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as reader:
        while chunk := reader.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def check_integrity(db: Database, progress: Progress | None = None) -> IntegrityReport:
    """Re-hash every stored file against its row: find missing, changed and stray files."""
    evidence_dir = _evidence_dir(db)
    with db.session() as session:
        files = session.exec(select(EvidenceFile).order_by(col(EvidenceFile.id))).all()
        places: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        for linked in _linked_files(session):
            places.setdefault(linked.sha256, []).append(linked.place.describe())
            names.setdefault(linked.sha256, linked.file_name)
    report = IntegrityReport(total=len(files))
    for done, stored in enumerate(files, start=1):
        if progress is not None and progress(done - 1, len(files)) is False:
            report.complete = False
            break
        entry = IntegrityEntry(
            names.get(stored.sha256, stored.original_name),
            stored.sha256,
            stored.size_bytes,
            tuple(places.get(stored.sha256, ())),
        )
        path = _file_path(evidence_dir, stored.sha256)
        report.checked += 1
        try:
            if not path.is_file():
                report.missing.append(entry)
            elif path.stat().st_size != stored.size_bytes or _hash_file(path) != stored.sha256:
                report.changed.append(entry)
        except OSError:
            # Present but unreadable: as good as changed for the office.
            report.changed.append(entry)
    else:
        if progress is not None:
            progress(len(files), len(files))
    if report.complete:
        report.stray = _stray_files(evidence_dir, {stored.sha256 for stored in files})
    return report


def _stray_files(evidence_dir: Path, known: set[str]) -> list[Path]:
    stray: list[Path] = []
    if not evidence_dir.is_dir():
        return stray
    for entry in sorted(evidence_dir.iterdir()):
        if entry.is_dir() and len(entry.name) == 2:
            stray.extend(path for path in sorted(entry.iterdir()) if path.name not in known)
        elif entry.is_file() and entry.name.startswith(TEMP_PREFIX):
            stray.append(entry)
    return stray


# --- export -------------------------------------------------------------------------------


def period_file_count(db: Database, period_id: int, unit_id: int | None = None) -> int:
    """How many attached files `export_files` would copy."""
    with db.session() as session:
        return len(_linked_files(session, period_id, unit_id))


def _unique_target(folder: Path, name: str, taken: set[str]) -> Path:
    """`folder/name`, or "name (2).ext", "name (3).ext"… if taken in this export or on disk."""
    stem, extension = os.path.splitext(name)
    candidate, number = name, 1
    while candidate.casefold() in taken or (folder / candidate).exists():
        number += 1
        candidate = f"{stem} ({number}){extension}"
    taken.add(candidate.casefold())
    return folder / candidate


def export_files(
    db: Database,
    target_folder: Path,
    period_id: int,
    unit_id: int | None = None,
    progress: Progress | None = None,
) -> int:
    """Copy a period's files (one unit's, if given) to
    `target_folder/<unit>/<criterion code | Đăng ký | Sáng kiến> - <file name>`, an
    inspection's to `target_folder/<unit>/Kiểm tra/<criterion code | Mục bổ sung | Khắc phục>
    - <file name>`; returns how many were copied. Existing files are never overwritten: a clash
    gets " (2)"."""
    evidence_dir = _evidence_dir(db)
    with db.session() as session:
        if session.get(Period, period_id) is None:
            raise UserError("Kỳ thi đua này không còn trong cơ sở dữ liệu.")
        linked = _linked_files(session, period_id, unit_id)
    linked.sort(
        key=lambda item: (item.place.unit_name, item.place.folder, item.place.label, item.link_id)
    )
    missing = [
        item
        for item in linked
        if not _file_path(evidence_dir, item.sha256).is_file()
        or _file_path(evidence_dir, item.sha256).stat().st_size != item.size_bytes
    ]
    if missing:
        listed = "; ".join(f"“{m.file_name}” ({m.place.describe()})" for m in missing[:5])
        more = f" và {format_number(len(missing) - 5)} tệp khác" if len(missing) > 5 else ""
        raise UserError(
            f"Có {format_number(len(missing))} tệp minh chứng bị thiếu hoặc đã thay đổi trong "
            f"thư mục dữ liệu nên chưa xuất: {listed}{more}.",
            "Hãy chạy Kiểm tra tệp minh chứng trong Cài đặt, đính kèm lại các tệp đó rồi xuất.",
        )
    taken: dict[Path, set[str]] = {}
    copied = 0
    for item in linked:
        if progress is not None and progress(copied, len(linked)) is False:
            break
        folder = target_folder / sanitize_file_name(item.place.unit_name, NO_UNIT_LABEL)
        if item.place.folder:
            folder = folder / sanitize_file_name(item.place.folder)
        name = sanitize_file_name(f"{item.place.label} - {item.file_name}")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _export_error(folder.name, error, copied) from error
        target = _unique_target(folder, name, taken.setdefault(folder, set()))
        try:
            _copy_verified(
                _file_path(evidence_dir, item.sha256), target, item.sha256, item.file_name
            )
        except UserError as error:
            if copied:
                error.message += f" Đã chép được {format_number(copied)} tệp trước khi dừng."
            raise
        copied += 1
    else:
        if progress is not None:
            progress(copied, len(linked))
    return copied


def _export_error(name: str, error: OSError, copied: int) -> UserError:
    done = f" Đã chép được {format_number(copied)} tệp trước khi dừng." if copied else ""
    return UserError(
        f"Không tạo được thư mục “{name}”: {describe_os_error(error)}.{done}",
        "Hãy chọn thư mục khác hoặc kiểm tra quyền ghi.",
    )
