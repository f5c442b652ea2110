"""`--self-test`: prove, with no screen, that this build can create, migrate, seed and export."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from kt_desktop.domain.enums import Gender, PersonKind, UnitKind
from kt_desktop.paths import DataPaths


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def _check_plan(paths: DataPaths) -> str:
    from kt_desktop.services.criteria import period_criteria
    from kt_desktop.services.database import open_record
    from kt_desktop.services.movement import home_summary, list_periods
    from kt_desktop.services.participants import (
        PersonInput,
        UnitInput,
        create_person,
        create_unit,
        list_person_rows,
    )
    from kt_desktop.services.seed import ensure_seeded

    db = open_record(paths.database_url, paths.backups_dir)
    try:
        ensure_seeded(db)
        _check(not ensure_seeded(db), "gieo dữ liệu lần hai vẫn thêm bản ghi")
        periods = list_periods(db)
        _check(len(periods) == 8, f"có {len(periods)} kỳ thay vì 8")
        criteria = period_criteria(db, periods[0].id).criteria
        thresholds = [c.threshold for c in criteria if c.threshold is not None]
        expected = [Decimal(v) for v in (80, 90, 100, 100, 100, 100, 100, 100, 100, 100, 70)]
        _check(thresholds == expected, f"chỉ tiêu định lượng sai: {thresholds}")
        unit_id = create_unit(db, UnitInput(code="KT01", name="Thôn Đông", kind=UnitKind.VILLAGE))
        for name in ("Lê Thị Ánh", "Trần Văn Anh"):
            create_person(
                db,
                PersonInput(
                    full_name=name, gender=Gender.FEMALE, kind=PersonKind.CITIZEN, unit_id=unit_id
                ),
            )
        people = list_person_rows(db)
        _check(len(people) == 2, "không đọc lại được danh sách cá nhân")
        summary = home_summary(db, today=date(2026, 6, 1))
        _check(summary.units_by_kind[UnitKind.VILLAGE] == 1, "đếm đơn vị sai")
    finally:
        db.close()
    return f"{len(periods)} kỳ, {len(criteria)} tiêu chí mỗi kỳ"


def _check_text() -> str:
    from kt_desktop.text import collation_key, fold, format_date_long

    names = ["Đào", "An", "Ân", "Ánh", "Ba"]
    _check(
        sorted(names, key=collation_key) == ["An", "Ánh", "Ân", "Ba", "Đào"],
        "thứ tự chữ cái tiếng Việt sai",
    )
    _check(fold("Kim Thành") == fold("kim thanh"), "tìm kiếm không dấu sai")
    _check(format_date_long(date(2026, 2, 1)) == "ngày 01 tháng 02 năm 2026", "định dạng ngày sai")
    return "chữ tiếng Việt"


def _check_workbook(folder: Path) -> str:
    from openpyxl import load_workbook

    from kt_desktop.sheets.table_export import TableExport, write_table_xlsx

    target = write_table_xlsx(
        TableExport("Đơn vị", "Danh sách đơn vị", ["Mã", "Tên"], [["KT01", "Thôn Đông"]]),
        folder / "kiểm tra.xlsx",
    )
    sheet = load_workbook(target, read_only=True).active
    values = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    _check(values[-1] == ("KT01", "Thôn Đông"), "đọc lại bảng tính không khớp")
    return "xuất và đọc lại Excel"


def _check_document(folder: Path) -> str:
    from kt_desktop.documents.fonts import register_document_fonts
    from kt_desktop.documents.model import Annex, Article, OfficialDocument, Signature
    from kt_desktop.documents.page import render_document

    font_set = register_document_fonts()
    document = OfficialDocument(
        issuing_body="ỦY BAN NHÂN DÂN\nXÃ KIM THÀNH",
        number_text="Số: 05/QĐ-UBND",
        place_date_text="Kim Thành, ngày 05 tháng 8 năm 2025",
        kind_title="QUYẾT ĐỊNH",
        summary="Về việc tặng Giấy khen (tự kiểm tra)",
        legal_bases=["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"],
        body=[Article(1, "Tặng Giấy khen cho các tập thể có tên trong danh sách kèm theo.")],
        recipients=["Lưu: VT, VHXH"],
        signatures=[Signature(["CHỦ TỊCH"], "Nguyễn Văn Nghiệp")],
        annexes=[Annex(["DANH SÁCH"], ["STT", "Tên tập thể"], [["1", "Thôn Đông"]])],
    )
    target = render_document(document, folder / "văn bản thử.pdf")
    data = target.read_bytes()
    _check(data.startswith(b"%PDF") and b"/FontFile2" in data, "văn bản PDF không nhúng phông chữ")
    from docx import Document

    from kt_desktop.documents.word import render_docx

    word = Document(str(render_docx(document, folder / "văn bản thử.docx")))
    _check(
        any("QUYẾT ĐỊNH" in paragraph.text for paragraph in word.paragraphs),
        "văn bản Word thiếu nội dung",
    )
    return f"văn bản PDF với phông {font_set.name} và bản Word"


def run_self_test(report: Callable[[str], None] = print) -> int:
    """Run every check in a temporary folder; print one line; 0 if all passed, else 1."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kt-tu-kiem-tra-") as folder:
        paths = DataPaths(Path(folder) / "Dữ liệu thử")
        paths.ensure()
        try:
            parts = [
                _check_plan(paths),
                _check_text(),
                _check_document(paths.root),
                _check_workbook(paths.root),
            ]
        except Exception as error:  # every failure must end as one line and exit code 1
            report(f"Tự kiểm tra: KHÔNG ĐẠT — {type(error).__name__}: {error}")
            return 1
    elapsed = time.perf_counter() - started
    report(f"Tự kiểm tra: ĐẠT — {'; '.join(parts)} ({elapsed:.1f} giây).")
    return 0
