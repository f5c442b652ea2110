"""Reading units' own workbooks: bad files refused, cell values as typed, headers, mapping, rows."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import struct
import time
import tracemalloc
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from kt_desktop.domain.enums import Gender, UnitKind
from kt_desktop.errors import ValidationError
from kt_desktop.services.criteria import period_criteria
from kt_desktop.services.database import Database
from kt_desktop.services.movement import list_periods
from kt_desktop.sheets.cells import (
    parse_code,
    parse_count,
    parse_date,
    parse_decimal,
    parse_gender,
    parse_percent,
    parse_text,
    parse_unit_kind,
    parse_year,
    parse_yes_no,
    percent_readings,
)
from kt_desktop.sheets.layout import (
    DIGITAL_LITERACY_LAYOUT,
    NOMINEES_LAYOUT,
    PEOPLE_LAYOUT,
    RESULTS_LAYOUT,
    UNITS_LAYOUT,
    RowKind,
    classify_row,
    find_header,
    layout_key,
    match_criterion,
    propose_mapping,
)
from kt_desktop.sheets.safety import (
    RefusalKind,
    WorkbookRefused,
    file_fingerprint,
    open_workbook,
)
from kt_desktop.sheets.table_reader import (
    ReadCancelled,
    plan_rate_criteria,
    read_results,
    read_results_sample,
    read_table,
)
from tests.conftest import SHARED

SAMPLES = SHARED / "samples"
RESULTS_SAMPLE = SAMPLES / "ket-qua-chi-tieu-2025-bo-phan-mot-cua.xlsx"
TIME_LIMIT = 2.0


def refusal(path: Path, **limits: Any) -> tuple[WorkbookRefused, float]:
    started = time.perf_counter()
    with pytest.raises(WorkbookRefused) as caught:
        open_workbook(path, **limits)
    return caught.value, time.perf_counter() - started


def save(workbook: Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def rewrite_member(source: Path, target: Path, member: str, data: bytes) -> Path:
    """Copy an .xlsx with one member's bytes replaced."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, data if info.filename == member else old.read(info))
    return target


def small_workbook(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(["STT", "Họ và tên", "Năm sinh"])
    sheet.append([1, "Nguyễn Văn An", 1980])
    return save(workbook, path)


# ---------------------------------------------------------------------------------------------
# The public sample


def test_the_public_sample_reads_exactly_as_expected_json() -> None:
    expected = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
    (case,) = [c for c in expected if c["file"] == RESULTS_SAMPLE.name]
    got = read_results_sample(RESULTS_SAMPLE)
    assert [
        {
            "kpi": row["kpi"],
            "denominator": row["denominator"],
            "numerator": row["numerator"],
            "rate_percent": str(row["rate_percent"]),
        }
        for row in got
    ] == case["expect"]
    # Rates are Decimals, written as expected.json writes them (95, not 95.00 or 0.95).
    assert all(isinstance(row["rate_percent"], Decimal) for row in got)


def test_the_public_sample_skips_the_blank_and_total_rows_and_says_why() -> None:
    read = read_results(RESULTS_SAMPLE, plan_rate_criteria())
    table = read.table
    assert table.header.header_row == 5
    assert table.header.titles[1] == "BỘ PHẬN MỘT CỬA"
    skipped = {row.row_number: row.skipped_reason for row in table.skipped_rows()}
    assert skipped == {10: "Dòng 10 trống.", 13: "Dòng 13 là dòng tổng cộng."}
    assert table.errors() == []
    assert [(r.row.row_number, r.code, r.match_sure) for r in read.results] == [
        (6, "CT01", True),
        (7, "CT02", True),
        (8, "CT03", True),
        (9, "CT04", True),
        (11, "CT07", True),
        (12, "CT09", True),
    ]
    # The STT column says 5 and 6 where the targets are 7 and 9: rows match by wording.
    assert [r.row.values["stt"] for r in read.results][-2:] == ["5", "6"]
    assert table.stats.data_rows == 6 and table.stats.skipped_rows == 2
    assert table.fingerprint is not None
    assert table.fingerprint.sha256 == hashlib.sha256(RESULTS_SAMPLE.read_bytes()).hexdigest()


def test_the_seeded_criteria_of_a_period_match_the_sample_rows_too(db: Database) -> None:
    """The import service passes the period's criteria as (code, text) pairs, all 19 of them."""
    period = next(p for p in list_periods(db) if p.name == "Năm 2025")
    pairs = []
    for criterion in period_criteria(db, period.id).criteria:
        pairs.append((criterion.code, criterion.wording))
        for label in (criterion.numerator_label, criterion.denominator_label):
            if label:
                pairs.append((criterion.code, label))
    read = read_results(RESULTS_SAMPLE, pairs)
    assert [r.code for r in read.results] == ["CT01", "CT02", "CT03", "CT04", "CT07", "CT09"]
    assert all(r.match_sure for r in read.results)


# ---------------------------------------------------------------------------------------------
# Bad files

BAD_SAMPLES = [
    (
        "dinh-dang-cu.xls",
        RefusalKind.OLD_EXCEL,
        "Tệp được lưu theo định dạng Excel 97-2003 (.xls). Hãy mở tệp trong Excel và lưu lại "
        "dưới dạng .xlsx.",
    ),
    ("thuc-ra-la-csv.xlsx", RefusalKind.TEXT, "thực ra là văn bản dạng CSV"),
    ("co-mat-khau.xlsx", RefusalKind.ENCRYPTED, "được bảo vệ bằng mật khẩu"),
    ("hong-file-bi-cat.xlsx", RefusalKind.CORRUPT, "bị hỏng hoặc không trọn vẹn"),
]


@pytest.mark.parametrize(("name", "kind", "words"), BAD_SAMPLES)
def test_every_bad_sample_is_refused_quickly_with_its_own_message(
    name: str, kind: RefusalKind, words: str
) -> None:
    error, seconds = refusal(SAMPLES / "hong" / name)
    assert error.kind == kind
    assert words in str(error)
    assert error.hint  # says what to do
    assert seconds < TIME_LIMIT
    assert unicodedata.is_normalized("NFC", str(error))


def test_the_bad_samples_messages_all_differ_and_the_folder_is_untouched() -> None:
    folder = SAMPLES / "hong"
    before = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir())
    messages = {refusal(folder / name)[0].message for name, _, _ in BAD_SAMPLES}
    assert len(messages) == len(BAD_SAMPLES)
    after = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir())
    assert before == after


def test_missing_empty_folder_and_other_kinds_of_file_are_refused(tmp_path: Path) -> None:
    cases: list[tuple[Path, RefusalKind, str]] = []
    cases.append((tmp_path / "không có.xlsx", RefusalKind.MISSING, "Không tìm thấy tệp"))
    (tmp_path / "rỗng.xlsx").write_bytes(b"")
    cases.append((tmp_path / "rỗng.xlsx", RefusalKind.EMPTY, "rỗng (0 byte)"))
    (tmp_path / "thư mục.xlsx").mkdir()
    cases.append((tmp_path / "thư mục.xlsx", RefusalKind.FOLDER, "là một thư mục"))
    (tmp_path / "báo cáo.xlsx").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    cases.append((tmp_path / "báo cáo.xlsx", RefusalKind.PDF, "là tệp PDF"))
    (tmp_path / "ảnh.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    cases.append((tmp_path / "ảnh.xlsx", RefusalKind.IMAGE, "là ảnh PNG"))
    (tmp_path / "web.xls").write_text("<html><body><table><tr><td>1</td></tr></table>")
    cases.append((tmp_path / "web.xls", RefusalKind.WEB_PAGE, "trang web (HTML)"))
    with zipfile.ZipFile(tmp_path / "văn bản.xlsx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    cases.append((tmp_path / "văn bản.xlsx", RefusalKind.OTHER_FORMAT, "văn bản Word"))
    with zipfile.ZipFile(tmp_path / "ảnh nén.xlsx", "w") as archive:
        archive.writestr("anh.jpg", b"\xff\xd8\xff")
    cases.append((tmp_path / "ảnh nén.xlsx", RefusalKind.NOT_EXCEL, "tệp nén ZIP"))
    unicode_text = "\ufeffSTT\tHọ và tên\r\n1\tNguyễn Văn An\r\n".encode("utf-16-le")
    (tmp_path / "unicode.xlsx").write_bytes(unicode_text)
    cases.append((tmp_path / "unicode.xlsx", RefusalKind.TEXT, "ngăn cách bằng dấu tab"))
    (tmp_path / "lạ.xlsx").write_bytes(bytes(range(256)) * 4)
    cases.append((tmp_path / "lạ.xlsx", RefusalKind.NOT_EXCEL, "không phải là bảng tính Excel"))
    before = sorted(p.name for p in tmp_path.iterdir())
    for path, kind, words in cases:
        error, seconds = refusal(path)
        assert (error.kind, words in error.message) == (kind, True), error.message
        assert seconds < TIME_LIMIT
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_file_locked_by_excel_is_refused_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = small_workbook(tmp_path / "đang mở.xlsx")

    def locked(self: Path, *args: Any, **kwargs: Any) -> Any:
        error = PermissionError(13, "The process cannot access the file", str(self))
        error.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION
        raise error

    monkeypatch.setattr(Path, "open", locked)
    error, seconds = refusal(path)
    assert error.kind == RefusalKind.LOCKED
    assert "đang mở trong Excel" in error.message
    assert "Hãy đóng tệp" in error.hint
    assert seconds < TIME_LIMIT


@pytest.mark.skipif(os.name == "nt", reason="a bare access-denied on Windows is the lock case")
def test_a_file_without_read_permission_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = small_workbook(tmp_path / "cấm.xlsx")

    def denied(self: Path, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    error, _ = refusal(path)
    assert error.kind == RefusalKind.NO_PERMISSION
    assert "Không có quyền đọc tệp" in error.message


# A zip written by hand, so a member can hold a deflate stream far bigger than Python would
# want to compress in a test.
def write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """members: (name, raw deflate data, uncompressed size, crc)."""
    out = io.BytesIO()
    central = []
    for name, data, size, crc in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size,
                        len(encoded), 0)
        )  # fmt: skip
        out.write(encoded)
        out.write(data)
        central.append(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data),
                        size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
        )  # fmt: skip
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                    out.tell() - start, start, 0)
    )  # fmt: skip
    path.write_bytes(out.getvalue())


def deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def members_of(path: Path) -> list[tuple[str, bytes, int, int]]:
    with zipfile.ZipFile(path) as archive:
        return [
            (info.filename, deflate(data), len(data), zlib.crc32(data))
            for info in archive.infolist()
            for data in [archive.read(info)]
        ]


def test_a_zip_bomb_is_refused_from_the_directory_before_inflating(tmp_path: Path) -> None:
    base = small_workbook(tmp_path / "gốc.xlsx")
    # 1.1 GB of zeros as a real deflate stream: one 16 MB block flushed byte-aligned and with no
    # back-references, repeated 70 times (about 1 MB on disk).
    block = 16 * 1024 * 1024
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(bytes(block)) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    bomb = piece * 70 + final
    members = [
        (name, data, size, crc)
        for name, data, size, crc in members_of(base)
        if name != "xl/worksheets/sheet1.xml"
    ]
    members.append(("xl/worksheets/sheet1.xml", bomb, block * 70, 0))
    path = tmp_path / "bom.xlsx"
    write_zip(path, members)
    assert path.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        error, seconds = refusal(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.kind == RefusalKind.ZIP_BOMB
    assert "1,1 GB" in error.message and "bom nén" in error.message
    assert seconds < TIME_LIMIT
    assert peak < 20 * 1024 * 1024


def test_a_member_compressed_beyond_any_real_sheet_is_refused(tmp_path: Path) -> None:
    base = small_workbook(tmp_path / "gốc.xlsx")
    zeros = bytes(24 * 1024 * 1024)  # under the size limit, but 1,000 times compressed
    members = [*members_of(base), ("xl/media/image1.png", deflate(zeros), len(zeros), 0)]
    write_zip(tmp_path / "nén.xlsx", members)
    error, seconds = refusal(tmp_path / "nén.xlsx")
    assert error.kind == RefusalKind.ZIP_BOMB
    assert "nén tới" in error.message
    assert seconds < TIME_LIMIT


def test_a_sheet_declaring_a_million_rows_is_refused(tmp_path: Path) -> None:
    base = small_workbook(tmp_path / "gốc.xlsx")
    with zipfile.ZipFile(base) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    xml = xml.replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="A1:C1000000"/>')
    path = rewrite_member(base, tmp_path / "triệu dòng.xlsx", "xl/worksheets/sheet1.xml", xml)
    error, seconds = refusal(path)
    assert error.kind == RefusalKind.TOO_MANY_ROWS
    assert "khai báo tới 1.000.000 dòng" in error.message
    assert "giới hạn 100.000 dòng" in error.message
    assert seconds < TIME_LIMIT


def million_rows() -> Iterator[bytes]:
    yield (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:C3"/><sheetData>'
    )
    for start in range(1, 1_000_001, 10_000):
        yield b"".join(
            b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>x</t></is>'
            b"</c></row>" % (r, r, r, r)
            for r in range(start, start + 10_000)
        )
    yield b"</sheetData></worksheet>"


def test_a_sheet_with_a_million_real_rows_and_a_lying_dimension_is_refused(
    tmp_path: Path,
) -> None:
    base = small_workbook(tmp_path / "gốc.xlsx")
    path = tmp_path / "triệu dòng thật.xlsx"
    with (
        zipfile.ZipFile(base) as old,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new,
    ):
        for info in old.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with new.open("xl/worksheets/sheet1.xml", "w") as stream:
                    for chunk in million_rows():
                        stream.write(chunk)
            else:
                new.writestr(info.filename, old.read(info))
    error, seconds = refusal(path)
    assert error.kind == RefusalKind.TOO_MANY_ROWS
    assert "có hơn 100.000 dòng, vượt giới hạn 100.000 dòng" in error.message
    assert seconds < TIME_LIMIT


def test_a_dtd_in_the_package_is_refused(tmp_path: Path) -> None:
    base = small_workbook(tmp_path / "gốc.xlsx")
    with zipfile.ZipFile(base) as archive:
        xml = archive.read("xl/workbook.xml")
    xml = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + xml.split(b"?>", 1)[-1]
    path = rewrite_member(base, tmp_path / "dtd.xlsx", "xl/workbook.xml", xml)
    error, _ = refusal(path)
    assert error.kind == RefusalKind.UNSAFE
    assert "khai báo DTD" in error.message


def test_a_workbook_opens_with_its_fingerprint_and_sheets(tmp_path: Path) -> None:
    path = small_workbook(tmp_path / "ổn.xlsx")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert file_fingerprint(path).sha256 == digest
    assert file_fingerprint(path).size == path.stat().st_size
    with open_workbook(path) as book:
        assert book.fingerprint.sha256 == digest
        assert book.sheet_names == ["Danh sách"]
        assert book.sheet("  danh SÁCH ").title == "Danh sách"
        assert book.sheet().max_row == 2
        with pytest.raises(Exception, match="không có trang tính “Kết quả”"):
            book.sheet("Kết quả")
    # Closed: the file can be moved at once (Windows refuses while a handle is open).
    shutil.move(path, tmp_path / "đã chuyển.xlsx")


# ---------------------------------------------------------------------------------------------
# Cell values as people type them


def test_numbers_typed_as_text() -> None:
    assert parse_count("1.234", "") == 1234
    assert parse_count("1.250", "") == 1250
    assert parse_count("3 412", "") == 3412
    assert parse_count("1\u00a0480", "") == 1480
    assert parse_count("1.035", "") == 1035
    assert parse_count(" 42 ", "") == 42
    assert parse_count(2140, "General") == 2140
    assert parse_count(12.0, "General") == 12
    assert parse_count("12,0", "") == 12
    assert parse_count(None, "") is None and parse_count("  ", "") is None
    assert parse_decimal("12,5", "") == Decimal("12.5")
    assert parse_decimal("1.234,5", "") == Decimal("1234.5")
    assert parse_decimal(0.1 + 0.2, "General") == Decimal("0.3")
    with pytest.raises(ValueError, match="'12,5' không phải là số nguyên"):
        parse_count("12,5", "")
    with pytest.raises(ValueError, match="không phải là số"):
        parse_count("mười hai", "")
    with pytest.raises(ValueError, match="số âm"):
        parse_count(-3, "General")


def test_percentages_as_text_as_excel_percentages_and_as_bare_numbers() -> None:
    assert parse_percent("85,44%", "") == Decimal("85.44")
    assert parse_percent("98,7 %", "") == Decimal("98.7")
    assert parse_percent("100%", "") == Decimal("100")
    assert parse_percent("0%", "") == Decimal("0")
    assert parse_percent(0.95, "0%") == Decimal("95")
    assert parse_percent(1, "0%") == Decimal("100")
    assert parse_percent(0.8544, "0.00%") == Decimal("85.44")
    assert parse_percent("100", "") == Decimal("100")  # "100" in a % column is 100 %
    assert parse_percent("99,4", "") == Decimal("99.4")
    assert parse_percent(58, "General") == Decimal("58")
    # A bare fraction: read as one, the plain reading kept as the alternative.
    assert percent_readings(0.95, "General") == (Decimal("95"), Decimal("0.95"))
    assert percent_readings("1", "") == (Decimal("100"), Decimal("1"))
    assert percent_readings(None, "") == ()
    with pytest.raises(ValueError, match="'tám mươi' không phải là tỉ lệ phần trăm"):
        parse_percent("tám mươi", "")


def test_dates_as_text_as_serials_and_as_excel_dates() -> None:
    assert parse_date("05/8/2025", "") == date(2025, 8, 5)
    assert parse_date("2025-12-10", "") == date(2025, 12, 10)
    assert parse_date("2025-12-10 00:00:00", "") == date(2025, 12, 10)
    assert parse_date("5.8.2025", "") == date(2025, 8, 5)
    assert parse_date("05/08/25", "") == date(2025, 8, 5)
    assert parse_date("ngày 05 tháng 8 năm 2025", "") == date(2025, 8, 5)
    assert parse_date(45874, "General") == date(2025, 8, 5)
    assert parse_date(datetime(2025, 8, 5, 9, 30), "dd/mm/yyyy") == date(2025, 8, 5)
    with pytest.raises(ValueError, match="31/02/2025"):
        parse_date("31/02/2025", "")
    with pytest.raises(ValueError, match="là một năm"):
        parse_date(2025, "General")
    assert parse_year("1979", "") == 1979 and parse_year(1985, "General") == 1985
    assert parse_year(datetime(1990, 3, 1), "") == 1990
    with pytest.raises(ValueError, match="không phải là năm"):
        parse_year("79", "")


def test_codes_keep_their_leading_zeros_and_text_is_nfc_and_trimmed() -> None:
    assert parse_code("001", "") == "001"
    assert parse_code(1, "000") == "001"
    assert parse_code(30, "General") == "30"
    decomposed = unicodedata.normalize("NFD", "  Thôn   Đông\u00a0 ")
    assert parse_text(decomposed, "") == "Thôn Đông"
    assert unicodedata.is_normalized("NFC", parse_text(decomposed, "") or "")
    assert parse_text(2025, "General") == "2025"
    assert parse_text(date(2025, 8, 5), "") == "05/08/2025"
    assert parse_text("   ", "") is None


def test_yes_no_gender_and_unit_kind_words() -> None:
    for word in ("Có", "có", "x", "X", "Đạt", "Rồi", "1", True):
        assert parse_yes_no(word, "") is True, word
    for word in ("Không", "không đạt", "Chưa", "0", False):
        assert parse_yes_no(word, "") is False, word
    with pytest.raises(ValueError, match="không phải là Có/Không"):
        parse_yes_no("Có lẽ", "")
    assert parse_gender("Nữ", "") == Gender.FEMALE
    assert parse_gender("nữ", "") == Gender.FEMALE
    assert parse_gender("NAM", "") == Gender.MALE
    assert parse_unit_kind("Phòng, ban", "") == UnitKind.DEPARTMENT
    assert parse_unit_kind("Thôn", "") == UnitKind.VILLAGE
    assert parse_unit_kind("Trường học", "") == UnitKind.SCHOOL


def formula_workbook(path: Path, cached: bool) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kết quả"
    sheet.append(["STT", "Chỉ tiêu", "Tổng số", "Thực hiện", "Tỷ lệ (%)"])
    sheet.append([1, "Tỷ lệ hồ sơ xử lý trực tuyến", 180, 171, "=D2/C2"])
    sheet.append([2, "Tỷ lệ văn bản ký số", 200, "=C3", "#DIV/0!"])
    sheet["E2"].number_format = "0%"
    save(workbook, path)
    if cached:  # what Excel writes when it saves: the formula and its last value
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("xl/worksheets/sheet1.xml")
        xml = xml.replace(b"<f>D2/C2</f><v></v>", b"<f>D2/C2</f><v>0.95</v>")
        xml = xml.replace(b"<f>C3</f><v></v>", b"<f>C3</f><v>200</v>")
        rewrite_member(path, path.with_name("cached.xlsx"), "xl/worksheets/sheet1.xml", xml)
        return path.with_name("cached.xlsx")
    return path


def test_formulas_give_their_cached_value_and_an_error_without_one(tmp_path: Path) -> None:
    raw = formula_workbook(tmp_path / "công thức.xlsx", cached=False)
    table = read_table(raw, layout=RESULTS_LAYOUT)
    first, second = table.data_rows()
    assert first.values["rate"] is None
    assert [e.reason for e in first.errors] == [
        "Ô E2 có công thức nhưng chưa có giá trị (tệp chưa được tính lại trong Excel). "
        "Hãy mở tệp trong Excel, bấm Ctrl+Alt+F9 để tính lại rồi lưu tệp."
    ]
    assert (first.errors[0].sheet, first.errors[0].row, first.errors[0].column) == (
        "Kết quả",
        2,
        "E",
    )
    assert {e.cell for e in second.errors} == {"D3", "E3"}

    cached = formula_workbook(tmp_path / "công thức.xlsx", cached=True)
    table = read_table(cached, layout=RESULTS_LAYOUT)
    first, second = table.data_rows()
    assert first.errors == [] and first.values["rate"] == Decimal("95")
    assert second.values["numerator"] == 200
    assert [e.reason for e in second.errors] == [
        "Ô E3 có lỗi công thức #DIV/0!. Hãy sửa công thức trong Excel rồi lưu lại tệp."
    ]


def test_every_cell_error_says_sheet_row_column_value_and_reason(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đơn vị"
    sheet.append(["Mã", "Tên đơn vị", "Loại"])
    sheet.append(["001", "Phòng Kinh tế", "Phòng, ban"])
    sheet.append(["002", "", "Trạm bơm"])
    table = read_table(save(workbook, tmp_path / "dv.xlsx"), layout=UNITS_LAYOUT)
    (bad,) = [row for row in table.rows if row.errors]
    assert [(e.sheet, e.row, e.column, e.raw, e.field) for e in bad.errors] == [
        ("Đơn vị", 3, "C", "Trạm bơm", "kind"),
        ("Đơn vị", 3, "B", None, "name"),
    ]
    assert (
        bad.errors[0]
        .describe()
        .startswith(
            "Trang “Đơn vị”, dòng 3, cột C (giá trị “Trạm bơm”): "
            "'Trạm bơm' không phải là loại đơn vị"
        )
    )
    assert bad.errors[1].reason == "Thiếu “Tên đơn vị” (ô B3 trống)."
    assert table.stats.rows_with_errors == 1 and table.stats.errors == 2


# ---------------------------------------------------------------------------------------------
# Headers, mapping, layout key


def merged_title_workbook() -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Báo cáo"
    sheet["A1"] = "ỦY BAN NHÂN DÂN XÃ KIM THÀNH"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "BÁO CÁO KẾT QUẢ NĂM 2025"
    sheet.merge_cells("A2:F2")
    sheet["A3"] = "(Kèm theo Công văn số 12/UBND-VHXH)"
    sheet.merge_cells("A3:F3")
    # Two-row header: STT and Chỉ tiêu merged down, "Số liệu" over two sub-columns, and a
    # column whose words are split over the two rows without a merge.
    sheet["A5"], sheet["B5"], sheet["C5"], sheet["E5"], sheet["F5"] = (
        "STT",
        "Chỉ tiêu",
        "Số liệu",
        "Tỷ lệ (%)",
        "Tổng số",
    )
    sheet.merge_cells("A5:A6")
    sheet.merge_cells("B5:B6")
    sheet.merge_cells("C5:D5")
    sheet.merge_cells("E5:E6")
    sheet["C6"], sheet["D6"], sheet["F6"] = "Thực hiện (tử số)", "Ghi chú", "(mẫu số)"
    sheet.append([])  # row 7 stays for data
    sheet["A7"], sheet["B7"], sheet["C7"], sheet["E7"], sheet["F7"] = (
        1,
        "Tỷ lệ văn bản ký số",
        "1.068",
        "85,44%",
        "1.250",
    )
    return workbook


def test_header_found_under_merged_titles_with_a_two_row_merged_header(tmp_path: Path) -> None:
    workbook = merged_title_workbook()
    # The in-memory worksheet and the read-only one from a saved file agree.
    path = save(workbook, tmp_path / "hai dòng.xlsx")
    with open_workbook(path) as book:
        guesses = [find_header(workbook.active), find_header(book.sheet())]
    for guess in guesses:
        assert (guess.header_row, guess.last_header_row, guess.first_data_row) == (5, 6, 7)
        assert [(c.letter, c.text) for c in guess.columns] == [
            ("A", "STT"),
            ("B", "Chỉ tiêu"),
            ("C", "Số liệu Thực hiện (tử số)"),
            ("D", "Số liệu Ghi chú"),
            ("E", "Tỷ lệ (%)"),
            ("F", "Tổng số (mẫu số)"),
        ]
        assert guess.titles == (
            "ỦY BAN NHÂN DÂN XÃ KIM THÀNH",
            "BÁO CÁO KẾT QUẢ NĂM 2025",
            "(Kèm theo Công văn số 12/UBND-VHXH)",
        )
    proposal = propose_mapping(guesses[1], RESULTS_LAYOUT.synonyms)
    assert proposal.mapping() == {
        "A": "stt",
        "B": "wording",
        "C": "numerator",
        "D": "note",
        "E": "rate",
        "F": "denominator",
    }
    table = read_table(path, layout=RESULTS_LAYOUT)
    (row,) = table.data_rows()
    assert row.row_number == 7
    assert (row.values["numerator"], row.values["denominator"]) == (1068, 1250)


def test_a_header_row_given_by_number(tmp_path: Path) -> None:
    path = save(merged_title_workbook(), tmp_path / "hai dòng.xlsx")
    table = read_table(path, header=6, mapping={"B": "wording", "C": "numerator"})
    assert [row.values for row in table.data_rows()] == [
        {"wording": "Tỷ lệ văn bản ký số", "numerator": "1.068"}
    ]


SAMPLE_MAPPINGS = [
    (
        "ket-qua-chi-tieu-2025-bo-phan-mot-cua.xlsx",
        RESULTS_LAYOUT,
        {"A": "stt", "B": "wording", "C": "unit_of_measure", "D": "denominator",
         "E": "numerator", "F": "rate", "G": "note"},
    ),
    (
        "binh-dan-hoc-vu-so-2025.xlsx",
        DIGITAL_LITERACY_LAYOUT,
        {"A": "village", "B": "classes_held", "C": "trained_officials", "D": "trained_pupils",
         "E": "trained_other_adults", "F": "reported_rate"},
    ),
    (
        "danh-sach-don-vi.xlsx",
        UNITS_LAYOUT,
        {"A": "code", "B": "name", "C": "kind", "D": "head_name", "E": "head_title",
         "F": "phone"},
    ),
    (
        "de-nghi-khen-thuong-2025-thon-dong.xlsx",
        NOMINEES_LAYOUT,
        {"A": "stt", "B": "full_name", "C": "gender", "D": "birth_year", "E": "position",
         "F": "unit_name", "G": "achievements", "H": "proposed_award"},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "layout", "expected"), SAMPLE_MAPPINGS)
def test_mapping_proposed_for_each_sample(name: str, layout: Any, expected: dict[str, str]) -> None:
    with open_workbook(SAMPLES / name) as book:
        proposal = propose_mapping(find_header(book.sheet()), layout.synonyms)
    assert proposal.mapping() == expected
    assert all(column.sure for column in proposal.columns)


def test_the_sample_lists_read_with_their_values() -> None:
    literacy = read_table(SAMPLES / "binh-dan-hoc-vu-so-2025.xlsx", layout=DIGITAL_LITERACY_LAYOUT)
    assert [(r.values["village"], r.values["trained_other_adults"], r.values["reported_rate"])
            for r in literacy.data_rows()] == [
        ("Thôn Đông", 1035, Decimal("61.5")),
        ("Thôn Tây", 870, Decimal("58")),
        ("Thôn Nam", 0, Decimal("0")),
    ]  # fmt: skip
    units = read_table(SAMPLES / "danh-sach-don-vi.xlsx", layout=UNITS_LAYOUT)
    assert [r.values["code"] for r in units.data_rows()] == [
        "001", "002", "003", "010", "011", "020", "030"
    ]  # fmt: skip
    nominees = read_table(
        SAMPLES / "de-nghi-khen-thuong-2025-thon-dong.xlsx", layout=NOMINEES_LAYOUT
    )
    rows = nominees.data_rows()
    assert [r.values["birth_year"] for r in rows] == [1985, 1979, 1990, 1992, 1979]
    assert rows[3].values["gender"] == Gender.FEMALE  # "nữ" in lower case
    assert [e.reason for r in rows for e in r.errors] == ["Thiếu “Họ và tên” (ô B7 trống)."]


def test_a_required_field_without_a_column_is_refused_before_reading() -> None:
    with pytest.raises(ValidationError, match="Chưa chọn cột cho “Họ và tên”") as caught:
        read_table(
            SAMPLES / "de-nghi-khen-thuong-2025-thon-dong.xlsx",
            mapping={"A": "stt"},
            layout=PEOPLE_LAYOUT,
        )
    assert caught.value.field == "full_name"


def test_layout_key_is_stable_and_tells_layouts_apart() -> None:
    headers = {"A": "STT", "B": "Chỉ tiêu", "C": "Tỷ lệ (%)"}
    key = layout_key(headers)
    assert len(key) == 64 and int(key, 16) >= 0
    same = {
        "A": " stt ",
        "B": unicodedata.normalize("NFD", "CHỈ  TIÊU"),
        "C": "Tỷ lệ %",
    }
    assert layout_key(same) == key
    with open_workbook(RESULTS_SAMPLE) as book:
        first = layout_key(find_header(book.sheet()))
    with open_workbook(RESULTS_SAMPLE) as book:
        assert layout_key(find_header(book.sheet()).columns) == first
    assert layout_key({"A": "STT", "B": "Tỷ lệ (%)", "C": "Chỉ tiêu"}) != key  # moved
    assert layout_key({"A": "STT", "B": "Chỉ tiêu", "C": "Số lượng"}) != key  # renamed
    assert layout_key({**headers, "D": "Ghi chú"}) != key  # added


# ---------------------------------------------------------------------------------------------
# Rows: skipped with a reason, merged cells, consistency


def test_rows_are_classified_and_skipped_rows_say_why(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kết quả"
    sheet.append(["STT", "Chỉ tiêu", "Tổng số", "Thực hiện", "Tỷ lệ (%)"])  # 1
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)=(4)/(3)"])  # 2
    sheet.append(["I. Chỉ tiêu về dịch vụ công"])  # 3
    sheet.merge_cells("A3:E3")
    sheet.append([1, "Tỷ lệ hồ sơ trực tuyến", 100, 90, "90%"])  # 4
    sheet.append(["II", "Chỉ tiêu về văn bản điện tử"])  # 5
    sheet.append([2, "Tỷ lệ văn bản ký số"])  # 6: no figures
    sheet.append(["STT", "Chỉ tiêu", "Tổng số", "Thực hiện", "Tỷ lệ (%)"])  # 7: page 2 header
    sheet.append([3, "Tỷ lệ văn bản điện tử", "200", "199", "99,5"])  # 8
    sheet.append(["Cộng", None, 300, 289])  # 9
    sheet.append([])  # 10
    sheet.append([None, None, None, "Kim Thành, ngày 10 tháng 12 năm 2025"])  # 11
    sheet.append([None, None, None, "NGƯỜI LẬP BIỂU"])  # 12
    for _ in range(30):
        sheet.append([None, None, None])  # formatted empty rows at the end: not reported
    sheet["A40"].number_format = "0"
    table = read_table(save(workbook, tmp_path / "các dòng.xlsx"), layout=RESULTS_LAYOUT)
    kinds = [(row.row_number, row.kind, row.skipped_reason) for row in table.rows]
    assert kinds == [
        (2, RowKind.NUMBERING, "Dòng 2 là dòng đánh số thứ tự cột."),
        (3, RowKind.SECTION, "Dòng 3 là tiêu đề mục “I. Chỉ tiêu về dịch vụ công”."),
        (4, RowKind.DATA, None),
        (5, RowKind.SECTION, "Dòng 5 là tiêu đề mục “II. Chỉ tiêu về văn bản điện tử”."),
        (6, RowKind.NO_VALUES, "Dòng 6 không có số liệu."),
        (7, RowKind.REPEATED_HEADER, "Dòng 7 lặp lại dòng tiêu đề cột."),
        (8, RowKind.DATA, None),
        (9, RowKind.TOTAL, "Dòng 9 là dòng tổng cộng."),
        (10, RowKind.BLANK, "Dòng 10 trống."),
        (11, RowKind.NOTE, "Dòng 11 nằm ngoài bảng số liệu (chữ ký, ngày tháng, ghi chú)."),
        (12, RowKind.NOTE, "Dòng 12 nằm ngoài bảng số liệu (chữ ký, ngày tháng, ghi chú)."),
    ]
    assert table.errors() == []


def test_classify_row_directly() -> None:
    assert classify_row(4, [("A", None), ("B", "  ")]).reason == "Dòng 4 trống."
    assert classify_row(9, [("A", "TỔNG CỘNG:"), ("B", 12)]).kind == RowKind.TOTAL
    assert classify_row(9, [("A", "Tổng cộng toàn xã"), ("B", 12)]).kind == RowKind.TOTAL
    # "Cộng đồng" is not "Cộng".
    assert classify_row(9, [("A", "Cộng đồng số"), ("B", 12)]).kind == RowKind.DATA


def test_a_cell_merged_down_gives_its_value_to_every_row(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Họ và tên", "Năm sinh", "Đơn vị"])
    sheet.append([1, "Nguyễn Văn An", 1980, "Thôn Đông"])
    sheet.append([2, "Lê Thị Bình", 1985, None])
    sheet.append([3, "Trần Văn Cường", "1990", None])
    sheet.append([4, "Phạm Thị Dung", 1975, "Thôn Tây"])
    sheet.merge_cells("D2:D4")
    table = read_table(save(workbook, tmp_path / "gộp.xlsx"), layout=PEOPLE_LAYOUT)
    assert [row.values["unit"] for row in table.data_rows()] == [
        "Thôn Đông",
        "Thôn Đông",
        "Thôn Đông",
        "Thôn Tây",
    ]


def rate_workbook(path: Path, rows: list[list[Any]], rate_format: str = "General") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kết quả"
    sheet.append(["Mã", "Chỉ tiêu", "Mẫu số", "Tử số", "Tỷ lệ"])
    for row in rows:
        sheet.append(row)
    for cell in sheet["E"][1:]:
        cell.number_format = rate_format
    return save(workbook, path)


def test_a_rate_must_agree_with_its_numerator_and_denominator(tmp_path: Path) -> None:
    path = rate_workbook(
        tmp_path / "tỷ lệ.xlsx",
        [
            ["CT01", "", 1250, 1068, "90%"],  # wrong
            ["CT07", "", 3412, 3390, "99,4"],  # rounded: fine
            ["CT02", "", 200, 1, "0,5"],  # 0,5 % of 200 is 1: the plain reading agrees
            ["ct 9", "", 180, 171, 0.95],  # a bare fraction: 95 %
            ["3", "", 42, 42, 1],  # "3": the only rate criterion numbered 3
        ],
    )
    read = read_results(path, plan_rate_criteria())
    assert [r.code for r in read.results] == ["CT01", "CT07", "CT02", "CT09", "CT03"]
    assert [r.rate_percent for r in read.results] == [
        Decimal("90"),
        Decimal("99.4"),
        Decimal("0.5"),
        Decimal("95"),
        Decimal("100"),
    ]
    (error,) = read.table.errors()
    assert (error.row, error.column, error.field) == (2, "E", "rate")
    assert error.reason == (
        "Tỷ lệ ghi 90% nhưng tử số/mẫu số là 1.068/1.250 = 85,44%. "
        "Hãy kiểm tra lại tử số, mẫu số hoặc tỷ lệ."
    )


def test_criteria_matched_by_code_or_wording_and_unsure_when_vague() -> None:
    criteria = list(plan_rate_criteria())
    assert match_criterion("CT03", criteria) == ("CT03", 1.0, True)
    assert match_criterion("ct-3", criteria).code == "CT03"
    assert match_criterion("11", criteria).code == "CT11"
    code, _, sure = match_criterion("Tỷ lệ cơ sở dữ liệu dùng chung kết nối LGSP", criteria)
    assert (code, sure) == ("CT11", True)
    vague = match_criterion("Số lượng sáng kiến", criteria)
    assert vague.sure is False
    assert match_criterion("", criteria) == (None, 0.0, False)
    # With several criteria numbered 1 a bare "1" names none of them.
    assert match_criterion("1", [("TT01", "a"), ("CT01", "b")]).code is None


def test_reading_reports_progress_and_can_be_cancelled(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Họ và tên", "Năm sinh"])
    for number in range(1, 1201):
        sheet.append([number, f"Người {number}", 1980])
    path = save(workbook, tmp_path / "dài.xlsx")
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return True

    table = read_table(path, layout=PEOPLE_LAYOUT, on_progress=progress)
    assert table.stats.data_rows == 1200
    assert seen and seen[-1][1] == 1200 and all(d <= t for d, t in seen)
    with pytest.raises(ReadCancelled):
        read_table(path, layout=PEOPLE_LAYOUT, on_progress=lambda done, total: done < 500)


def test_a_package_openpyxl_cannot_understand_is_refused_not_a_crash(tmp_path: Path) -> None:
    base = small_workbook(tmp_path / "gốc.xlsx")
    styles = (
        b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<cellXfs><xf numFmtId="abc"/></cellXfs></styleSheet>'
    )
    path = rewrite_member(base, tmp_path / "kiểu lạ.xlsx", "xl/styles.xml", styles)
    error, _ = refusal(path)
    assert error.kind == RefusalKind.CORRUPT
    assert "không đúng chuẩn .xlsx" in error.message


def test_a_percent_sign_in_quotes_is_only_printed_not_a_percent_format() -> None:
    assert parse_percent(85.4, '0.0"%"') == Decimal("85.4")
    assert parse_percent(85.4, "0.0\\%") == Decimal("85.4")
    assert parse_percent(0.854, "0.0%") == Decimal("85.4")


def test_an_unsure_row_offers_alternatives_and_an_unknown_code_is_an_error(
    tmp_path: Path,
) -> None:
    path = rate_workbook(
        tmp_path / "mơ hồ.xlsx",
        [
            [None, "Tỷ lệ thủ tục hành chính trực tuyến", 10, 9, "90%"],
            ["CT99", None, 10, 9, "90%"],
        ],
    )
    read = read_results(path, plan_rate_criteria())
    vague, unknown = read.results
    assert vague.match_sure is False
    assert len(vague.alternatives) >= 2 and vague.code == vague.alternatives[0][0]
    assert vague.row.errors == []
    assert unknown.code is None
    (error,) = unknown.row.errors
    assert (error.column, error.raw, error.field) == ("A", "CT99", "code")
    assert error.reason == "Mã “CT99” không có trong danh sách tiêu chí của kỳ."
    assert unknown.row.raw["rate"] == "90%"
