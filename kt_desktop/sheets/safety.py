"""Opening a workbook someone sent us without trusting it: sniff, bound, refuse with a reason.

Every workbook the import reads comes in through :func:`open_workbook`. Before openpyxl parses
a byte, the file is recognised by its first bytes (never by its extension) and checked from the
zip directory alone, so a bad file is refused within a fraction of a second, with memory
bounded and nothing written anywhere:

* not there, a folder, empty, locked by Excel, unreadable, too big on disk;
* an old Excel 97-2003 ``.xls``, a password-protected workbook (an OLE compound file holding an
  ``EncryptedPackage``), a Word or PowerPoint file, a ``.xlsb`` or ``.ods`` workbook, a CSV or
  other text renamed ``.xlsx``, a web page saved as Excel, a PDF or a photo;
* a truncated or corrupted zip, a zip bomb (every member's declared uncompressed size, their
  total and the compression ratio are checked from the zip directory; Python's zipfile never
  inflates a member past its declared size, so the declared sizes really bound memory), XML with
  a DTD (entity expansion);
* a sheet of more than ``max_rows`` rows: its ``<dimension>`` is read first, then the rows are
  counted in one streaming pass over the sheet XML that stops as soon as the cap is passed.

Each refusal is a :class:`WorkbookRefused` (a :class:`~kt_desktop.errors.UserError`) whose
``kind`` says which case it is and whose message says, in Vietnamese, what the file is and what
to do; ``str(error)`` is the whole sentence for a command line's stderr.

Formulas. The workbook is opened read-only with ``data_only=True``, so a formula cell gives the
value Excel cached when it last saved the file. A file written by a program that does not
calculate (or saved with manual calculation) has formulas without a cached value, and openpyxl
then gives ``None``, indistinguishable from a blank cell. Loading the formulas too would mean a
second full openpyxl parse (twice the time); instead the same streaming pass that counts the
rows notes, only in stretches of XML that contain a formula at all, the cells whose formula has
no cached value (:attr:`SheetSource.formulas_without_value`), and the table reader reports them
as errors naming the cell. The pass also collects the merged ranges, which openpyxl's read-only
mode does not expose and header detection needs.

Use::

    with open_workbook(path) as book:          # raises WorkbookRefused
        sheet = book.sheet()                   # the first visible worksheet, or book.sheet(name)
        ...                                    # layout.find_header(sheet), table_reader.read_table
    book.fingerprint.sha256, book.fingerprint.size   # recorded with each imported result

:func:`file_fingerprint` gives the SHA-256 and size of any file without opening it as a workbook.
Errors met later while reading a sheet (a member whose bytes are damaged past the directory)
come out of the reader as ``WorkbookRefused`` of kind ``CORRUPT`` as well.
"""

from __future__ import annotations

import hashlib
import logging
import re
import stat
import struct
import sys
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import IO, Any
from xml.etree import ElementTree

from kt_desktop.errors import UserError, describe_os_error
from kt_desktop.text import format_number

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_FILE_BYTES",
    "MAX_MEMBER_COUNT",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "FileFingerprint",
    "OpenedWorkbook",
    "RefusalKind",
    "SheetSource",
    "WorkbookRefused",
    "file_fingerprint",
    "open_workbook",
    "reading_guard",
]

# Limits. A unit's real workbook is a few hundred kilobytes; a 100,000-row sheet of twenty
# columns inflates to about 100 MB of XML. The limits sit far above that and far below what
# would hurt a clerk's PC.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_MEMBER_COUNT = 5_000
MAX_ROWS = 100_000
# Sheet XML compresses 10-30 times, up to about 100 for very repetitive sheets; deflate cannot go
# beyond about 1,030. The ratio is only judged on members big enough to matter.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM_BYTES = 10 * 1024 * 1024
MAX_COLUMNS = 16_384  # Excel's own limit (XFD)
MAX_SHARED_STRINGS = 100 * 1024 * 1024

_log = logging.getLogger(__name__)
_SNIFF_BYTES = 8192
_SCAN_CHUNK = 1024 * 1024
_HASH_CHUNK = 1024 * 1024


class RefusalKind(StrEnum):
    """Why a file was refused; the import service and the command line may branch on it."""

    MISSING = "missing"
    FOLDER = "folder"
    EMPTY = "empty"
    LOCKED = "locked"
    NO_PERMISSION = "no_permission"
    UNREADABLE = "unreadable"
    TOO_LARGE = "too_large"
    OLD_EXCEL = "old_excel"
    ENCRYPTED = "encrypted"
    TEXT = "text"
    WEB_PAGE = "web_page"
    OTHER_FORMAT = "other_format"
    PDF = "pdf"
    IMAGE = "image"
    NOT_EXCEL = "not_excel"
    CORRUPT = "corrupt"
    ZIP_BOMB = "zip_bomb"
    UNSAFE = "unsafe"
    TOO_MANY_ROWS = "too_many_rows"
    NO_SHEETS = "no_sheets"


class WorkbookRefused(UserError):
    """A file the import will not read; ``message`` says what it is, ``hint`` what to do."""

    def __init__(self, kind: RefusalKind, path: Path, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.kind = kind
        self.path = path


@dataclass(frozen=True)
class FileFingerprint:
    """What identifies the bytes of a file: recorded with every result an import writes."""

    sha256: str
    size: int


@dataclass(frozen=True)
class SheetSource:
    """One worksheet of an opened workbook, with what the safety pass learnt about it.

    ``worksheet`` is openpyxl's read-only worksheet (iterate it with ``iter_rows``, once per
    pass: each pass re-reads the XML). ``max_row``/``max_column`` come from the sheet's
    ``<dimension>`` and the rows actually present (0 when the sheet is empty).
    ``merged_ranges`` are (min_col, min_row, max_col, max_row), 1-based.
    ``formulas_without_value`` holds the coordinates ("F7") of formula cells with no cached value.
    """

    title: str
    state: str  # "visible", "hidden" or "veryHidden"
    worksheet: Any
    max_row: int
    max_column: int
    merged_ranges: tuple[tuple[int, int, int, int], ...]
    formulas_without_value: frozenset[str]
    path: Path  # the workbook's file, for messages


@dataclass
class OpenedWorkbook:
    """A workbook that passed every check, opened read-only with cached formula values.

    Close it (or use it as a context manager): read-only openpyxl keeps the file open, and on
    Windows an open file cannot be renamed or deleted by the clerk.
    """

    path: Path
    fingerprint: FileFingerprint
    workbook: Any  # openpyxl.Workbook in read-only, data_only mode
    sheets: tuple[SheetSource, ...]
    _handle: IO[bytes] | None = field(default=None, repr=False)

    @property
    def sheet_names(self) -> list[str]:
        return [sheet.title for sheet in self.sheets]

    def sheet(self, name: str | None = None) -> SheetSource:
        """The sheet called ``name`` (compared without case and surrounding spaces), or with
        ``None`` the first visible worksheet. Raises UserError naming the sheets there are."""
        if name is None:
            for sheet in self.sheets:
                if sheet.state == "visible":
                    return sheet
            return self.sheets[0]
        wanted = " ".join(name.split()).casefold()
        for sheet in self.sheets:
            if " ".join(sheet.title.split()).casefold() == wanted:
                return sheet
        names = ", ".join(f"“{s.title}”" for s in self.sheets)
        raise UserError(
            f"Tệp “{self.path.name}” không có trang tính “{name}”.",
            f"Các trang tính có trong tệp: {names}.",
        )

    def close(self) -> None:
        try:
            self.workbook.close()
        finally:
            if self._handle is not None:
                self._handle.close()
                self._handle = None

    def __enter__(self) -> OpenedWorkbook:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


# ---------------------------------------------------------------------------------------------
# Public functions


def file_fingerprint(path: str | Path) -> FileFingerprint:
    """The SHA-256 (hex) and size in bytes of ``path``, read in chunks (memory stays small).

    Raises WorkbookRefused for a missing, locked or unreadable file, as open_workbook does.
    """
    path = Path(path)
    _check_path(path, MAX_FILE_BYTES, size_limit=False)
    handle = _open(path)
    with handle:
        return _hash(handle, path)


def open_workbook(
    path: str | Path,
    *,
    max_rows: int = MAX_ROWS,
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES,
    max_file_bytes: int = MAX_FILE_BYTES,
) -> OpenedWorkbook:
    """Check ``path`` and open it as a read-only workbook with cached formula values.

    Raises :class:`WorkbookRefused` (kind and Vietnamese message per case, see the module's
    docstring) for anything that is not a sound .xlsx/.xlsm workbook within the limits.
    Nothing is ever written: not the file, not a temporary copy.
    """
    path = Path(path)
    size = _check_path(path, max_file_bytes)
    handle = _open(path)
    try:
        head = _read_head(handle, path)
        _refuse_by_magic(head, path, handle, size)
        fingerprint = _hash(handle, path)
        handle.seek(0)
        with reading_guard(path):
            archive = _open_zip(handle, path)
            with archive:
                _check_zip_directory(archive, path, max_uncompressed_bytes)
                _identify_package(archive, path)
                _refuse_dtds(archive, path)
                scans = _scan_sheets(archive, path, max_rows)
            if not scans:
                raise WorkbookRefused(
                    RefusalKind.NO_SHEETS,
                    path,
                    f"Tệp “{path.name}” không có trang tính nào.",
                    "Hãy kiểm tra lại tệp trong Excel rồi lưu lại dưới dạng .xlsx.",
                )
            handle.seek(0)
            workbook = _load(handle, path)
        sheets = _sheet_sources(workbook, scans, path)
    except BaseException:
        handle.close()
        raise
    return OpenedWorkbook(path, fingerprint, workbook, sheets, handle)


@contextmanager
def reading_guard(path: Path) -> Iterator[None]:
    """Turn the failures of reading a damaged package into a CORRUPT refusal, and keep
    openpyxl's warnings about features it ignores (data validation extensions, slicers) quiet.

    The table reader wraps its iteration in it too, since read-only sheets are parsed lazily.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ElementTree.ParseError) as error:
        raise _corrupt(path) from error
    except KeyError as error:
        # openpyxl looks parts up by name; a package missing one is damaged, not a bug of ours.
        if "There is no item named" in str(error):
            raise _corrupt(path) from error
        raise
    except OSError as error:
        raise _os_refusal(path, error) from error
    except Exception as error:
        # lxml's XMLSyntaxError and openpyxl's own parse failures on damaged XML.
        if type(error).__name__ in {"XMLSyntaxError", "InvalidFileException"}:
            raise _corrupt(path) from error
        raise


# ---------------------------------------------------------------------------------------------
# The file itself


def _check_path(path: Path, max_file_bytes: int, *, size_limit: bool = True) -> int:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise WorkbookRefused(
            RefusalKind.MISSING,
            path,
            f"Không tìm thấy tệp “{path.name}”.",
            "Hãy kiểm tra lại đường dẫn: có thể tệp đã bị đổi tên, di chuyển hoặc xóa.",
        ) from None
    except OSError as error:
        raise _os_refusal(path, error) from error
    if stat.S_ISDIR(info.st_mode):
        raise WorkbookRefused(
            RefusalKind.FOLDER,
            path,
            f"“{path.name}” là một thư mục, không phải tệp Excel.",
            "Hãy mở thư mục và chọn tệp .xlsx nằm trong đó.",
        )
    if not stat.S_ISREG(info.st_mode):
        raise WorkbookRefused(
            RefusalKind.NOT_EXCEL,
            path,
            f"“{path.name}” không phải là một tệp thông thường.",
            "Hãy chọn một tệp Excel (.xlsx).",
        )
    if info.st_size == 0:
        raise WorkbookRefused(
            RefusalKind.EMPTY,
            path,
            f"Tệp “{path.name}” rỗng (0 byte), không có dữ liệu.",
            "Có thể tệp chưa được tải về hoặc sao chép hết. Hãy xin đơn vị gửi lại tệp.",
        )
    if size_limit and info.st_size > max_file_bytes:
        raise WorkbookRefused(
            RefusalKind.TOO_LARGE,
            path,
            f"Tệp “{path.name}” quá lớn ({_size(info.st_size)}; giới hạn {_size(max_file_bytes)}).",
            "Hãy xóa các trang tính, hình ảnh không cần thiết hoặc chia dữ liệu thành nhiều tệp.",
        )
    return info.st_size


def _open(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as error:
        raise _os_refusal(path, error) from error


def _os_refusal(path: Path, error: OSError) -> WorkbookRefused:
    if isinstance(error, FileNotFoundError):
        return WorkbookRefused(
            RefusalKind.MISSING,
            path,
            f"Không tìm thấy tệp “{path.name}”.",
            "Hãy kiểm tra lại đường dẫn: có thể tệp đã bị đổi tên, di chuyển hoặc xóa.",
        )
    if isinstance(error, IsADirectoryError):
        return WorkbookRefused(
            RefusalKind.FOLDER,
            path,
            f"“{path.name}” là một thư mục, không phải tệp Excel.",
            "Hãy mở thư mục và chọn tệp .xlsx nằm trong đó.",
        )
    if _is_locked(error):
        return WorkbookRefused(
            RefusalKind.LOCKED,
            path,
            f"Tệp “{path.name}” đang mở trong Excel hoặc một chương trình khác nên không đọc được.",
            "Hãy đóng tệp trong Excel (hoặc chương trình đang mở nó) rồi thử lại.",
        )
    if isinstance(error, PermissionError):
        return WorkbookRefused(
            RefusalKind.NO_PERMISSION,
            path,
            f"Không có quyền đọc tệp “{path.name}”.",
            "Hãy chép tệp vào một thư mục của bạn (ví dụ Tài liệu) rồi chọn lại.",
        )
    return WorkbookRefused(
        RefusalKind.UNREADABLE,
        path,
        f"Không đọc được tệp “{path.name}”: {describe_os_error(error)}.",
        "Hãy chép tệp vào máy rồi thử lại.",
    )


def _is_locked(error: OSError) -> bool:
    # Windows: ERROR_SHARING_VIOLATION (32) / ERROR_LOCK_VIOLATION (33) when Excel holds the
    # file; Python raises them as PermissionError. On Windows a bare access-denied on a file
    # the clerk could pick in a dialog is almost always the same lock.
    if getattr(error, "winerror", None) in (32, 33):
        return True
    if error.errno == 16:  # EBUSY
        return True
    return sys.platform == "win32" and isinstance(error, PermissionError)


def _read_head(handle: IO[bytes], path: Path) -> bytes:
    try:
        head = handle.read(_SNIFF_BYTES)
        handle.seek(0)
    except OSError as error:
        raise _os_refusal(path, error) from error
    return head


def _hash(handle: IO[bytes], path: Path) -> FileFingerprint:
    digest = hashlib.sha256()
    size = 0
    try:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    except OSError as error:
        raise _os_refusal(path, error) from error
    return FileFingerprint(digest.hexdigest(), size)


# ---------------------------------------------------------------------------------------------
# Sniffing by content

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)
_OTHER_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"Rar!\x1a\x07", "tệp nén RAR"),
    (b"7z\xbc\xaf\x27\x1c", "tệp nén 7-Zip"),
    (b"\x1f\x8b", "tệp nén GZIP"),
    (b"{\\rtf", "văn bản RTF"),
)


def _refuse_by_magic(head: bytes, path: Path, handle: IO[bytes], size: int) -> None:
    """Raise WorkbookRefused for anything but a zip package; return for a zip."""
    if head.startswith(_ZIP_MAGICS):
        return
    if head.startswith(_OLE_MAGIC):
        _refuse_ole(path, handle, size)
    if head.startswith(b"%PDF"):
        raise WorkbookRefused(
            RefusalKind.PDF,
            path,
            f"Tệp “{path.name}” là tệp PDF, không phải bảng tính Excel.",
            "Hãy xin đơn vị gửi tệp Excel (.xlsx) gốc; tệp PDF có thể đính kèm làm minh chứng.",
        )
    image = _image_kind(head)
    if image:
        raise WorkbookRefused(
            RefusalKind.IMAGE,
            path,
            f"Tệp “{path.name}” là ảnh {image}, không phải bảng tính Excel.",
            "Hãy xin đơn vị gửi tệp Excel (.xlsx) gốc; ảnh có thể đính kèm làm minh chứng.",
        )
    for magic, words in _OTHER_MAGICS:
        if head.startswith(magic):
            raise WorkbookRefused(
                RefusalKind.NOT_EXCEL,
                path,
                f"Tệp “{path.name}” là {words}, không phải bảng tính Excel.",
                "Hãy giải nén hoặc mở tệp, rồi chọn tệp .xlsx bên trong.",
            )
    text = _as_text(head)
    if text is not None:
        _refuse_text(text, path)
    raise WorkbookRefused(
        RefusalKind.NOT_EXCEL,
        path,
        f"Tệp “{path.name}” không phải là bảng tính Excel (.xlsx).",
        "Hãy chọn đúng tệp .xlsx, hoặc mở tệp trong Excel và lưu lại dưới dạng .xlsx.",
    )


def _image_kind(head: bytes) -> str:
    for magic, name in _IMAGE_MAGICS:
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"heif"):
        return "HEIC"
    return ""


def _as_text(head: bytes) -> str | None:
    """The head decoded as text if it plausibly is text (BOM, UTF-8 or legacy 8-bit)."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore")
    if b"\x00" in head:
        return None
    # The head may cut a multi-byte letter in two; drop up to three trailing bytes.
    for cut in range(4):
        try:
            return head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return head.decode("cp1258", errors="replace") if controls == 0 else None


def _refuse_text(text: str, path: Path) -> None:
    start = text.lstrip()[:2000].lower()
    save_as = "Hãy mở tệp trong Excel rồi lưu lại dưới dạng Sổ làm việc Excel (.xlsx)."
    if start.startswith(("<html", "<!doctype html", "<table", "<meta")) or "<html" in start:
        raise WorkbookRefused(
            RefusalKind.WEB_PAGE,
            path,
            f"Tệp “{path.name}” thực ra là một trang web (HTML) được đặt tên như tệp Excel, "
            "thường do phần mềm khác xuất ra.",
            save_as,
        )
    if start.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in start:
        raise WorkbookRefused(
            RefusalKind.OTHER_FORMAT,
            path,
            f"Tệp “{path.name}” được lưu theo định dạng Bảng tính XML 2003, không phải .xlsx.",
            save_as,
        )
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    separators = {",": "dấu phẩy", ";": "dấu chấm phẩy", "\t": "dấu tab"}
    for separator, words in separators.items():
        if lines and sum(1 for line in lines if separator in line) >= max(1, len(lines) // 2):
            raise WorkbookRefused(
                RefusalKind.TEXT,
                path,
                f"Tệp “{path.name}” thực ra là văn bản dạng CSV (các cột ngăn cách bằng "
                f"{words}), chỉ được đặt tên đuôi {path.suffix or 'Excel'}.",
                save_as,
            )
    raise WorkbookRefused(
        RefusalKind.TEXT,
        path,
        f"Tệp “{path.name}” thực ra là một tệp văn bản thuần, không phải bảng tính Excel.",
        save_as,
    )


def _refuse_ole(path: Path, handle: IO[bytes], size: int) -> None:
    """An OLE compound file: an old .xls, an encrypted workbook, or another Office file."""
    names = _ole_stream_names(handle, size)
    lowered = {name.casefold() for name in names}
    if "encryptedpackage" in lowered or "encryptioninfo" in lowered:
        raise WorkbookRefused(
            RefusalKind.ENCRYPTED,
            path,
            f"Tệp “{path.name}” được bảo vệ bằng mật khẩu nên chương trình không đọc được.",
            "Hãy mở tệp trong Excel, gỡ mật khẩu (Tệp > Thông tin > Bảo vệ Sổ làm việc > "
            "Mã hóa bằng Mật khẩu, xóa mật khẩu rồi bấm OK), lưu lại và chọn lại tệp.",
        )
    if "workbook" in lowered or "book" in lowered or not names:
        # Without a readable directory the OLE signature alone still says "old Office";
        # for a file offered as a workbook that is almost always an .xls.
        raise WorkbookRefused(
            RefusalKind.OLD_EXCEL,
            path,
            "Tệp được lưu theo định dạng Excel 97-2003 (.xls).",
            "Hãy mở tệp trong Excel và lưu lại dưới dạng .xlsx.",
        )
    if "worddocument" in lowered:
        what = "văn bản Word 97-2003 (.doc)"
    elif "powerpoint document" in lowered:
        what = "bản trình chiếu PowerPoint 97-2003 (.ppt)"
    else:
        what = "một tệp Office cũ"
    raise WorkbookRefused(
        RefusalKind.OTHER_FORMAT,
        path,
        f"Tệp “{path.name}” là {what}, không phải bảng tính Excel.",
        "Hãy chọn đúng tệp Excel (.xlsx) của đơn vị.",
    )


def _ole_stream_names(handle: IO[bytes], size: int) -> list[str]:
    """The entry names of an OLE compound file's directory (empty if it cannot be read).

    A minimal reader of [MS-CFB]: the header's DIFAT gives the FAT sectors, the FAT chains the
    directory sectors, each 128-byte directory entry starts with its UTF-16 name. Bounded: at
    most as many sectors as the file holds, so a looping chain cannot hang it.
    """
    try:
        handle.seek(0)
        header = handle.read(512)
        if len(header) < 512:
            return []
        sector_shift = struct.unpack_from("<H", header, 0x1E)[0]
        if sector_shift not in (9, 12):
            return []
        sector_size = 1 << sector_shift
        first_directory = struct.unpack_from("<I", header, 0x30)[0]
        difat = [s for s in struct.unpack_from("<109I", header, 0x4C) if s < 0xFFFFFFFA]
        max_sectors = size // sector_size + 1

        def read_sector(number: int) -> bytes:
            handle.seek((number + 1) * sector_size)
            return handle.read(sector_size)

        fat: list[int] = []
        for sector in difat[:max_sectors]:
            data = read_sector(sector)
            fat.extend(struct.unpack(f"<{len(data) // 4}I", data[: len(data) // 4 * 4]))
        names: list[str] = []
        sector = first_directory
        seen: set[int] = set()
        while sector < 0xFFFFFFFA and sector not in seen and len(seen) < max_sectors:
            seen.add(sector)
            data = read_sector(sector)
            for offset in range(0, len(data) - 127, 128):
                length = struct.unpack_from("<H", data, offset + 64)[0]
                if 2 <= length <= 64:
                    raw = data[offset : offset + length - 2]
                    names.append(raw.decode("utf-16-le", errors="ignore"))
            sector = fat[sector] if sector < len(fat) else 0xFFFFFFFE
        return names
    except (OSError, struct.error):
        return []
    finally:
        handle.seek(0)


# ---------------------------------------------------------------------------------------------
# The zip package


def _open_zip(handle: IO[bytes], path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise _corrupt(path) from error


def _corrupt(path: Path) -> WorkbookRefused:
    return WorkbookRefused(
        RefusalKind.CORRUPT,
        path,
        f"Tệp “{path.name}” bị hỏng hoặc không trọn vẹn (có thể do tải về hay sao chép bị "
        "ngắt giữa chừng), nên không đọc được.",
        "Hãy tải hoặc chép lại tệp, hoặc xin đơn vị gửi lại tệp; nếu Excel mở được tệp, hãy "
        "lưu lại dưới dạng .xlsx rồi chọn lại.",
    )


def _zip_bomb(path: Path, detail: str) -> WorkbookRefused:
    return WorkbookRefused(
        RefusalKind.ZIP_BOMB,
        path,
        f"Tệp “{path.name}” có nội dung nén bất thường: {detail}. Đây có thể là tệp độc hại "
        "(“bom nén”) nên chương trình không mở.",
        "Hãy xin đơn vị gửi lại tệp Excel gốc và kiểm tra virus trên máy đã gửi tệp.",
    )


def _check_zip_directory(archive: zipfile.ZipFile, path: Path, max_uncompressed: int) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBER_COUNT:
        raise _zip_bomb(
            path, f"tệp gồm {format_number(len(members))} thành phần (một sổ Excel chỉ có vài chục)"
        )
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise WorkbookRefused(
                RefusalKind.ENCRYPTED,
                path,
                f"Tệp “{path.name}” được nén kèm mật khẩu nên chương trình không đọc được.",
                "Hãy xin đơn vị gửi lại tệp Excel không đặt mật khẩu.",
            )
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _corrupt(path)
        total += member.file_size
        if member.file_size > max_uncompressed or total > max_uncompressed:
            raise _zip_bomb(
                path,
                f"khi giải nén, nội dung lên tới {_size(max(total, member.file_size))} "
                f"(giới hạn {_size(max_uncompressed)})",
            )
        if member.filename.endswith("sharedStrings.xml") and member.file_size > MAX_SHARED_STRINGS:
            # Read-only openpyxl keeps every shared string in memory, at several times its size.
            raise _zip_bomb(
                path,
                f"bảng chữ dùng chung của tệp lên tới {_size(member.file_size)} "
                f"(giới hạn {_size(MAX_SHARED_STRINGS)})",
            )
        if member.file_size >= RATIO_CHECKED_FROM_BYTES:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > MAX_COMPRESSION_RATIO:
                raise _zip_bomb(
                    path,
                    f"thành phần “{member.filename}” nén tới {format_number(round(ratio))} lần "
                    f"({_size(member.compress_size)} thành {_size(member.file_size)})",
                )


def _identify_package(archive: zipfile.ZipFile, path: Path) -> None:
    names = set(archive.namelist())
    if "xl/workbook.xml" in names or any(
        n.startswith("xl/worksheets/") and n.endswith(".xml") for n in names
    ):
        return
    save_as = "Hãy mở tệp trong Excel rồi lưu lại dưới dạng Sổ làm việc Excel (.xlsx)."
    if "xl/workbook.bin" in names:
        raise WorkbookRefused(
            RefusalKind.OTHER_FORMAT,
            path,
            f"Tệp “{path.name}” được lưu theo định dạng Sổ làm việc nhị phân Excel (.xlsb).",
            save_as,
        )
    if "mimetype" in names or "content.xml" in names:
        raise WorkbookRefused(
            RefusalKind.OTHER_FORMAT,
            path,
            f"Tệp “{path.name}” là bảng tính LibreOffice/OpenOffice (.ods), không phải .xlsx.",
            "Hãy mở tệp trong LibreOffice hoặc Excel rồi lưu lại dưới dạng .xlsx.",
        )
    if "word/document.xml" in names:
        what = "văn bản Word (.docx)"
    elif "ppt/presentation.xml" in names:
        what = "bản trình chiếu PowerPoint (.pptx)"
    elif "[Content_Types].xml" in names:
        what = "một tệp Office khác"
    else:
        raise WorkbookRefused(
            RefusalKind.NOT_EXCEL,
            path,
            f"Tệp “{path.name}” là một tệp nén ZIP, không phải bảng tính Excel.",
            "Hãy giải nén và chọn tệp .xlsx bên trong.",
        )
    raise WorkbookRefused(
        RefusalKind.OTHER_FORMAT,
        path,
        f"Tệp “{path.name}” là {what}, không phải bảng tính Excel.",
        "Hãy chọn đúng tệp Excel (.xlsx) của đơn vị.",
    )


def _refuse_dtds(archive: zipfile.ZipFile, path: Path) -> None:
    # Excel never writes a DTD; one in a package can only be there to expand entities.
    for member in archive.infolist():
        if not member.filename.endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(member) as stream:
            start = stream.read(4096)
        if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
            raise WorkbookRefused(
                RefusalKind.UNSAFE,
                path,
                f"Tệp “{path.name}” chứa nội dung mà Excel không bao giờ tạo ra (khai báo DTD "
                f"trong “{member.filename}”), có thể nhằm làm treo máy; chương trình không mở.",
                "Hãy xin đơn vị gửi lại tệp Excel gốc và kiểm tra virus trên máy đã gửi tệp.",
            )


# ---------------------------------------------------------------------------------------------
# Sheets: names, paths, and the streaming pass

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\b[^>]*?\bref="([^"]*)"')
_ROW_OPEN = re.compile(rb"<(?:[\w.-]+:)?row(?=[\s>/])([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="([0-9]+)"')
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_FORMULA_TAGS = (b"<f>", b"<f ", b":f>", b":f ")
_CELL = re.compile(rb"<(?:[\w.-]+:)?c(?=[\s>/])([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?c>)", re.DOTALL)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
_CELL_TYPE = re.compile(rb'\bt="([a-zA-Z]+)"')
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?>([^<]*)<", re.DOTALL)
_MERGE = re.compile(rb'<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref="([^"]+)"')
_SHEET_DATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData>")
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


@dataclass
class _SheetScan:
    title: str
    member: str
    state: str
    max_row: int = 0
    max_column: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    formulas_without_value: set[str] = field(default_factory=set)


def _scan_sheets(archive: zipfile.ZipFile, path: Path, max_rows: int) -> list[_SheetScan]:
    scans = _worksheet_parts(archive, path)
    for scan in scans:
        with archive.open(scan.member) as stream:
            _scan_sheet(stream, scan, path, max_rows)
    return scans


def _worksheet_parts(archive: zipfile.ZipFile, path: Path) -> list[_SheetScan]:
    """Each worksheet's name, state and zip member, from xl/workbook.xml and its rels."""
    try:
        workbook_xml = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels_xml = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError as error:
        raise _corrupt(path) from error
    targets: dict[str, str] = {}
    for rel in rels_xml.iter(f"{{{_PKG_REL_NS}}}Relationship"):
        if rel.get("Type", "").endswith("/worksheet"):
            target = rel.get("Target", "")
            member = (
                target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            )
            # "xl/../x.xml" style targets: normalise the dots the way a zip name would be.
            parts: list[str] = []
            for part in member.split("/"):
                if part == "..":
                    if parts:
                        parts.pop()
                elif part not in ("", "."):
                    parts.append(part)
            targets[rel.get("Id", "")] = "/".join(parts)
    names = set(archive.namelist())
    scans: list[_SheetScan] = []
    for sheet in workbook_xml.iter():
        if not sheet.tag.endswith("}sheet") and sheet.tag != "sheet":
            continue
        # r:id, in the transitional namespace or the Strict one.
        rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), "")
        member = targets.get(sheet.get(f"{{{_REL_NS}}}id", rel_id), "")
        if member in names:
            scans.append(
                _SheetScan(
                    title=sheet.get("name", ""), member=member, state=sheet.get("state", "visible")
                )
            )
    return scans


def _scan_sheet(stream: IO[bytes], scan: _SheetScan, path: Path, max_rows: int) -> None:
    """One pass over a sheet's XML: the row cap, merged ranges, formulas without a value.

    The XML is read in 1 MB chunks and cut only between cells (after a row tag or a cell's
    end tag), so a cell's XML is never split across two pieces; the piece after the last cut
    waits for the next chunk.
    """
    carry = b""
    first = True
    row = 0
    after_data = False
    while True:
        chunk = stream.read(_SCAN_CHUNK)
        buffer = carry + chunk
        if first:
            first = False
            match = _DIMENSION.search(buffer, 0, 65536)
            if match:
                _check_dimension(match.group(1).decode("ascii", "replace"), scan, path, max_rows)
        if not chunk:
            piece, carry = buffer, b""
        elif after_data:
            cut = buffer.rfind(b">") + 1
            piece, carry = buffer[:cut], buffer[cut:]
        else:
            cut = max(buffer.rfind(b"row>") + 4, buffer.rfind(b"</c>") + 4)
            if cut < 4:
                # No cell ends in 16 MB: no person's sheet looks like that. Cut at any tag
                # rather than let the carried piece grow with the member.
                cut = buffer.rfind(b">") + 1 if len(buffer) > 16 * _SCAN_CHUNK else 0
            piece, carry = buffer[:cut], buffer[cut:]
        if not after_data:
            row = _last_row(piece, row)
            if row > scan.max_row:
                scan.max_row = row
            if scan.max_row > max_rows:
                raise _too_many_rows(scan, path, scan.max_row, max_rows, declared=False)
            # Plain substring tests run at memchr speed; the regexes only where they may match.
            if any(tag in piece for tag in _FORMULA_TAGS) and _FORMULA.search(piece):
                _note_formulas(piece, scan)
            if b"</sheetData>" in piece or (
                b":sheetData>" in piece and _SHEET_DATA_END.search(piece)
            ):
                after_data = True
        if b"mergeCell" in piece:
            for match in _MERGE.finditer(piece):
                merged = _range_bounds(match.group(1).decode("ascii", "replace"))
                if merged:
                    scan.merged.append(merged)
        if not chunk:
            break


def _last_row(piece: bytes, row: int) -> int:
    """The row number reached after ``piece``: rows carry r="N" (Excel always writes it) or
    follow the previous one. Counting with bytes.count keeps the pass at C speed."""
    if b":row" in piece:  # a namespace prefix on the tags: the slower, general way
        for match in _ROW_OPEN.finditer(piece):
            number = _ROW_NUMBER.search(match.group(1))
            row = int(number.group(1)) if number else row + 1
        return row
    count = piece.count(b"<row ") + piece.count(b"<row>") + piece.count(b"<row/>")
    if not count:
        return row
    last = _ROW_OPEN.search(piece, max(piece.rfind(b"<row "), piece.rfind(b"<row>"), 0))
    number = _ROW_NUMBER.search(last.group(1)) if last else None
    # With r="N" on the last row, that is the row reached (row numbers only grow); without,
    # each row follows the one before it.
    return int(number.group(1)) if number else row + count


def _check_dimension(ref: str, scan: _SheetScan, path: Path, max_rows: int) -> None:
    bounds = _range_bounds(ref)
    if bounds is None:
        return
    _, _, max_col, max_row = bounds
    if max_row > max_rows:
        raise _too_many_rows(scan, path, max_row, max_rows, declared=True)
    if max_col > MAX_COLUMNS:
        raise _corrupt(path)
    scan.max_column = max_col


def _note_formulas(piece: bytes, scan: _SheetScan) -> None:
    for match in _CELL.finditer(piece):
        inner = match.group(2)
        if not inner or not _FORMULA.search(inner):
            continue
        ref = _CELL_REF.search(match.group(1))
        if ref is None:
            continue
        value = _VALUE.search(inner)
        kind = _CELL_TYPE.search(match.group(1))
        # Excel caches an empty text result as t="str" with an empty <v>; any other formula
        # with no <v>, or an empty one, has never been calculated.
        has_value = value is not None and (
            value.group(1).strip() != b"" or (kind is not None and kind.group(1) == b"str")
        )
        if not has_value:
            scan.formulas_without_value.add(ref.group(1).decode("ascii"))


def _range_bounds(ref: str) -> tuple[int, int, int, int] | None:
    """(min_col, min_row, max_col, max_row) of "A1:G13" or "B2"; None if malformed."""
    from openpyxl.utils.cell import column_index_from_string

    parts = ref.replace("$", "").split(":")
    corners = []
    for part in parts[:2]:
        match = _REF.fullmatch(part.strip())
        if match is None:
            return None
        corners.append((column_index_from_string(match.group(1)), int(match.group(2))))
    if len(corners) == 1:
        corners.append(corners[0])
    (c1, r1), (c2, r2) = corners
    return min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)


def _too_many_rows(
    scan: _SheetScan, path: Path, rows: int, max_rows: int, *, declared: bool
) -> WorkbookRefused:
    # Counting stops at the first chunk past the cap: the true count is only known to be more.
    amount = (
        f"khai báo tới {format_number(rows)}" if declared else "có hơn " + format_number(max_rows)
    )
    return WorkbookRefused(
        RefusalKind.TOO_MANY_ROWS,
        path,
        f"Trang tính “{scan.title}” của tệp “{path.name}” {amount} dòng, vượt giới hạn "
        f"{format_number(max_rows)} dòng.",
        "Hãy xóa các dòng thừa ở cuối trang tính (chọn các dòng, bấm chuột phải > Xóa) hoặc "
        "chia dữ liệu thành nhiều tệp, rồi lưu lại.",
    )


# ---------------------------------------------------------------------------------------------
# openpyxl


def _load(handle: IO[bytes], path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(handle, read_only=True, data_only=True, keep_links=False)
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ElementTree.ParseError, KeyError, OSError):
        raise  # reading_guard words these
    except Exception as error:
        # The package passed every check but openpyxl cannot make sense of a part (styles a
        # program wrote its own way...). That is the file's fault, not a bug of ours: refuse it,
        # and keep the cause in the log for whoever looks into it.
        _log.warning("openpyxl could not load %s", path.name, exc_info=True)
        raise WorkbookRefused(
            RefusalKind.CORRUPT,
            path,
            f"Không đọc được nội dung tệp “{path.name}”: tệp có phần không đúng chuẩn .xlsx.",
            "Hãy mở tệp trong Excel, lưu lại dưới dạng Sổ làm việc Excel (.xlsx) rồi chọn lại.",
        ) from error


def _sheet_sources(workbook: Any, scans: list[_SheetScan], path: Path) -> tuple[SheetSource, ...]:
    by_title = {scan.title: scan for scan in scans}
    sources = []
    for worksheet in workbook.worksheets:
        scan = by_title.get(worksheet.title)
        if scan is None:
            continue
        max_row = max(scan.max_row, 0)
        max_column = scan.max_column or (worksheet.max_column or 0)
        # A dimension larger than the rows present would make read-only openpyxl pad the
        # sheet with empty rows; one smaller than them would cut it. Trust the rows counted.
        if (worksheet.max_row or 0) != max_row:
            worksheet.reset_dimensions()
        sources.append(
            SheetSource(
                title=worksheet.title,
                state=scan.state,
                worksheet=worksheet,
                max_row=max_row,
                max_column=max_column,
                merged_ranges=tuple(scan.merged),
                formulas_without_value=frozenset(scan.formulas_without_value),
                path=path,
            )
        )
    if not sources:
        raise WorkbookRefused(
            RefusalKind.NO_SHEETS,
            path,
            f"Tệp “{path.name}” không có trang tính nào.",
            "Hãy kiểm tra lại tệp trong Excel rồi lưu lại dưới dạng .xlsx.",
        )
    return tuple(sources)


def _size(size: int) -> str:
    if size >= 1024**3:
        return f"{format_number(round(size / 1024**3, 1))} GB"
    if size >= 1024**2:
        return f"{format_number(round(size / 1024**2, 1))} MB"
    if size >= 1024:
        return f"{format_number(round(size / 1024))} KB"
    return f"{format_number(size)} byte"
