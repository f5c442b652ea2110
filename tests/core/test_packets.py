"""Department packets: exported per unit, filled in by the unit, recognised and read back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from kt_desktop.domain.enums import Comparator, CriterionKind, CriterionSubject, UnitKind
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.criteria import (
    CriterionInput,
    add_criterion,
    period_criteria,
    update_criterion,
)
from kt_desktop.services.database import Database
from kt_desktop.services.digital_literacy import DigitalLiteracyInput, save_figures
from kt_desktop.services.figures import Figure
from kt_desktop.services.movement import list_periods
from kt_desktop.services.packets import (
    export_packets,
    packet_data_for,
    packet_file_name,
    packet_problems,
)
from kt_desktop.services.participants import UnitInput, create_unit
from kt_desktop.services.results import ResultInput, lock_period, save_result
from kt_desktop.sheets.packets import (
    DIGITAL_SHEET,
    GUIDE_SHEET,
    ID_SHEET,
    INITIATIVE_ROWS,
    INITIATIVES_SHEET,
    NOMINATION_ROWS,
    NOMINATIONS_SHEET,
    RESULTS_SHEET,
    PacketContents,
    read_packet,
    read_packet_workbook,
    write_packet,
)
from tests.conftest import SHARED

TODAY = date(2026, 3, 2)
FIRST_NOMINEE_ROW = 6
DEADLINE = date(2026, 12, 15)


def period_id(db: Database, name: str) -> int:
    return next(p.id for p in list_periods(db) if p.name == name)


@pytest.fixture
def record(db: Database) -> dict[str, int]:
    """A village and a department, with last year's figures for the village, and a count and
    a yes/no criterion added to 2026 so every kind of input appears."""
    ids = {
        "village": create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE)),
        "department": create_unit(db, UnitInput("PKT", "Phòng Kinh tế", UnitKind.DEPARTMENT)),
        "2025": period_id(db, "Năm 2025"),
        "2026": period_id(db, "Năm 2026"),
    }
    last_year = {c.code: c.id for c in period_criteria(db, ids["2025"]).criteria}
    save_result(
        db,
        ids["2025"],
        ids["village"],
        last_year["CT01"],
        ResultInput(figure=Figure(numerator=Decimal(1068), denominator=Decimal(1250))),
        today=date(2025, 12, 20),
    )
    save_figures(
        db,
        ids["2025"],
        ids["village"],
        DigitalLiteracyInput(
            classes_held=4,
            trained_pupils=120,
            adults_meeting_standard=812,
            adult_population=1480,
        ),
    )
    for code, kind, comparator, threshold, wording in (
        ("CT12", CriterionKind.COUNT, Comparator.AT_LEAST, Decimal(2), "Số lớp kỹ năng số"),
        ("CT13", CriterionKind.YES_NO, None, None, "Có Tổ công nghệ số cộng đồng hoạt động"),
    ):
        add_criterion(
            db,
            ids["2026"],
            CriterionInput(
                code=code,
                subject=CriterionSubject.UNIT,
                kind=kind,
                wording=wording,
                section_ref="III.1.1",
                comparator=comparator,
                threshold=threshold,
                unit_kinds=(UnitKind.VILLAGE, UnitKind.DEPARTMENT),
            ),
        )
    return ids


def export_one(db: Database, record: dict[str, int], folder: Path, unit: str = "village") -> Path:
    (path,) = export_packets(db, record["2026"], [record[unit]], folder, DEADLINE, today=TODAY)
    return path


def code_rows(sheet: Any) -> dict[str, int]:
    """Where each criterion is, as a user finds it: by the code in column "Mã"."""
    return {
        sheet.cell(row=row, column=2).value: row
        for row in range(6, sheet.max_row + 1)
        if isinstance(sheet.cell(row=row, column=2).value, str)
        and sheet.cell(row=row, column=2).value.startswith(("TT", "CT"))
    }


def type_into(sheet: Any, coordinate: str, value: object) -> None:
    """Type into a cell as the unit would: only cells left open for typing."""
    cell = sheet[coordinate]
    assert cell.protection.locked is False, f"{sheet.title}!{coordinate} is locked"
    cell.value = value


def fill_in(path: Path, target: Path) -> None:
    workbook = load_workbook(path)
    results = workbook[RESULTS_SHEET]
    rows = code_rows(results)
    type_into(results, f"F{rows['CT01']}", 1130)
    type_into(results, f"G{rows['CT01']}", 1250)
    type_into(results, f"J{rows['CT01']}", "Số liệu từ hệ thống một cửa điện tử")
    type_into(results, f"K{rows['CT01']}", "Báo cáo số 12/BC-UBND ngày 10/11/2026")
    type_into(results, f"I{rows['TT01']}", "Hoàn thành đúng hạn 12/12 báo cáo định kỳ.")
    type_into(results, f"I{rows['CT12']}", 3)
    type_into(results, f"I{rows['CT13']}", "Có")
    initiatives = workbook[INITIATIVES_SHEET]
    for column, value in zip(
        "BCDEFGH",
        (
            "Số hóa sổ hộ khẩu thôn",
            "Sáng kiến",
            "Nguyễn Văn An, Lê Thị Bình",
            "Kinh tế",
            datetime(2026, 5, 4),
            "Quét và lập chỉ mục sổ.",
            "Tra cứu trong 1 phút.",
        ),
        strict=True,
    ):
        type_into(initiatives, f"{column}7", value)
    nominations = workbook[NOMINATIONS_SHEET]
    for column, value in zip(
        "BCDEFGH",
        (
            "Trần Thị Hoa",
            "Nữ",
            1985,
            "Trưởng thôn",
            "Thôn Đông",
            "Dẫn đầu phong trào",
            "Giấy khen",
        ),
        strict=True,
    ):
        type_into(nominations, f"{column}6", value)
    digital = workbook[DIGITAL_SHEET]
    for row, value in zip(range(6, 14), (5, 3, 140, 360, 8, 230, 900, 1500), strict=True):
        type_into(digital, f"C{row}", value)
    type_into(digital, "C15", "Số liệu đến 30/11/2026")
    workbook.save(target)


def test_a_filled_packet_reads_back_exactly_what_was_typed(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    sent = export_one(db, record, tmp_path / "gửi")
    returned = tmp_path / "nhận" / "thon dong da dien.xlsx"
    returned.parent.mkdir()
    fill_in(sent, returned)

    contents = read_packet(returned)

    assert contents is not None
    assert contents.problems == ()
    by_code = {row.criterion_code: row for row in contents.results}
    assert list(by_code)[:7] == ["TT01", "TT02", "TT03", "TT04", "TT05", "TT06", "CT01"]
    assert list(by_code)[-2:] == ["CT12", "CT13"]
    rate = by_code["CT01"]
    assert rate.criterion_kind == CriterionKind.RATE
    # The number format comes along for the cell parsers (a "%" format changes a reading).
    assert rate.values["numerator"].number_format == "#,##0"
    assert {name: (v.sheet, v.cell, v.value) for name, v in rate.values.items()} == {
        "numerator": (RESULTS_SHEET, f"F{rate.row}", 1130),
        "denominator": (RESULTS_SHEET, f"G{rate.row}", 1250),
        "note": (RESULTS_SHEET, f"J{rate.row}", "Số liệu từ hệ thống một cửa điện tử"),
        "evidence": (RESULTS_SHEET, f"K{rate.row}", "Báo cáo số 12/BC-UBND ngày 10/11/2026"),
    }
    assert by_code["TT01"].values["assessment"].cell == f"I{by_code['TT01'].row}"
    assert by_code["TT01"].value("assessment") == "Hoàn thành đúng hạn 12/12 báo cáo định kỳ."
    assert by_code["CT12"].value("value") == 3
    assert by_code["CT13"].value("yes_no") == "Có"
    # Nothing typed: the row is there, blank, for the importer to report as not sent.
    assert by_code["CT02"].is_blank
    assert sum(not row.is_blank for row in contents.results) == 4

    (initiative,) = contents.initiatives
    assert (initiative.sheet, initiative.row) == (INITIATIVES_SHEET, 7)
    assert initiative.value("title") == "Số hóa sổ hộ khẩu thôn"
    assert initiative.value("kind") == "Sáng kiến"
    assert initiative.value("authors") == "Nguyễn Văn An, Lê Thị Bình"
    assert initiative.value("sector") == "Kinh tế"
    assert initiative.value("applied_on") == datetime(2026, 5, 4)
    assert initiative.values["benefits"].cell == "H7"

    (nominee,) = contents.nominations
    assert nominee.row == 6
    assert [nominee.value(name) for name in ("full_name", "gender", "birth_year")] == [
        "Trần Thị Hoa",
        "Nữ",
        1985,
    ]
    assert nominee.value("proposed_award") == "Giấy khen"
    assert nominee.values["achievements"].cell == "G6"

    digital = contents.digital_literacy
    assert digital is not None
    assert {name: (v.cell, v.value) for name, v in digital.values.items()} == {
        "classes_held": ("C6", 5),
        "trained_officials": ("C7", 3),
        "trained_pupils": ("C8", 140),
        "trained_other_adults": ("C9", 360),
        "team_members": ("C10", 8),
        "team_visits": ("C11", 230),
        "adults_meeting_standard": ("C12", 900),
        "adult_population": ("C13", 1500),
        "note": ("C15", "Số liệu đến 30/11/2026"),
    }
    assert set(contents.rows_by_sheet()) == {
        RESULTS_SHEET,
        INITIATIVES_SHEET,
        NOMINATIONS_SHEET,
        DIGITAL_SHEET,
    }
    assert packet_problems(db, contents) == []


def test_the_hidden_sheet_identifies_the_packet_whatever_the_file_is_called(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    sent = export_one(db, record, tmp_path)
    renamed = sent.rename(tmp_path / "bao cao nam nay (1).xlsx")

    contents = read_packet(renamed)

    assert contents is not None
    identity = contents.identity
    assert (identity.unit_id, identity.unit_code, identity.unit_kind) == (
        record["village"],
        "THON01",
        "village",
    )
    assert (identity.period_id, identity.period_year) == (record["2026"], 2026)
    assert identity.template_version == 1
    assert len(identity.packet_id) == 32
    assert identity.deadline == DEADLINE
    workbook = load_workbook(renamed)
    hidden = workbook[ID_SHEET]
    assert hidden.sheet_state == "veryHidden"
    assert hidden.protection.sheet is True
    facts = {row[0]: row[1] for row in hidden.iter_rows(values_only=True)}
    assert facts["packet_id"] == identity.packet_id
    assert facts["criteria_checksum"] == identity.criteria_checksum
    # The row each code is on, as the user sees it in column "Mã".
    assert dict(identity.criterion_rows) == code_rows(workbook[RESULTS_SHEET])


def test_workbooks_that_are_not_our_packets_give_none(tmp_path: Path) -> None:
    samples = sorted((SHARED / "samples").glob("*.xls*")) + sorted(
        (SHARED / "samples" / "hong").iterdir()
    )
    assert len(samples) >= 6
    for sample in samples:
        assert read_packet(sample) is None, sample.name
    # A sheet with the right name is not enough: its content must be ours.
    impostor = Workbook()
    impostor.create_sheet(ID_SHEET)["A1"] = "format"
    impostor.save(tmp_path / "gia.xlsx")
    assert read_packet(tmp_path / "gia.xlsx") is None
    (tmp_path / "trong.xlsx").write_bytes(b"")
    assert read_packet(tmp_path / "trong.xlsx") is None


def test_input_cells_are_unlocked_and_everything_else_is_protected(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    workbook = load_workbook(export_one(db, record, tmp_path))
    assert workbook.sheetnames == [
        GUIDE_SHEET,
        RESULTS_SHEET,
        INITIATIVES_SHEET,
        NOMINATIONS_SHEET,
        DIGITAL_SHEET,
        ID_SHEET,
    ]
    assert workbook.security.lockStructure is True
    for sheet in workbook.worksheets:
        # Protected without a password: a careful user can still unprotect.
        assert sheet.protection.sheet is True, sheet.title
        assert not sheet.protection.password, sheet.title

    results = workbook[RESULTS_SHEET]
    rows = code_rows(results)

    def unlocked(sheet: Any, row: int) -> str:
        return "".join(cell.column_letter for cell in sheet[row] if cell.protection.locked is False)

    assert unlocked(results, rows["CT01"]) == "FGJK"
    assert unlocked(results, rows["TT01"]) == "IJK"
    assert unlocked(results, rows["CT12"]) == "IJK"
    assert unlocked(results, 5) == ""  # the header
    assert unlocked(workbook[INITIATIVES_SHEET], 6) == "BCDEFGH"
    assert unlocked(workbook[NOMINATIONS_SHEET], 5 + NOMINATION_ROWS) == "BCDEFGH"
    assert unlocked(workbook[NOMINATIONS_SHEET], 6 + NOMINATION_ROWS) == ""
    assert unlocked(workbook[DIGITAL_SHEET], 8) == "C"
    assert unlocked(workbook[DIGITAL_SHEET], 14) == ""  # the computed rate
    assert all(unlocked(workbook[GUIDE_SHEET], row) == "" for row in range(1, 30))
    # Typed input is marked the same way everywhere: a light fill.
    assert results[f"F{rows['CT01']}"].fill.fgColor.rgb.endswith("FFF2CC")
    assert results[f"A{rows['CT01']}"].font.name == "Times New Roman"


def validations(sheet: Any) -> list[tuple[str, str, str | None, str | None, str]]:
    return [
        (v.type, v.operator or "", v.formula1, v.formula2, str(v.sqref))
        for v in sheet.data_validations.dataValidation
    ]


def test_input_cells_carry_excel_data_validation(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    workbook = load_workbook(export_one(db, record, tmp_path))
    results = workbook[RESULTS_SHEET]
    rows = code_rows(results)
    found = validations(results)
    whole = {sqref for kind, _, low, _, sqref in found if kind == "whole" and low == "0"}
    assert f"F{rows['CT01']}" in whole and f"G{rows['CT11']}" in whole
    assert f"I{rows['CT12']}" in whole
    assert ("list", "", '"Có,Không"', None, f"I{rows['CT13']}") in found
    number = next(
        v for v in results.data_validations.dataValidation if str(v.sqref) == f"F{rows['CT01']}"
    )
    assert number.showErrorMessage and "số nguyên không âm" in number.error
    assert number.prompt and "nộp trực tuyến" in number.prompt  # what the numerator counts
    last_nominee = 5 + NOMINATION_ROWS
    last_initiative = 5 + INITIATIVE_ROWS
    nominations = validations(workbook[NOMINATIONS_SHEET])
    assert ("list", "", '"Nam,Nữ"', None, f"C6:C{last_nominee}") in nominations
    assert ("whole", "between", "1940", "2010", f"D6:D{last_nominee}") in nominations
    award = next(v for v in nominations if v[4] == f"H6:H{last_nominee}")
    assert award[2] is not None and "Giấy khen" in award[2]
    assert "Lao động tiên tiến" in award[2]
    initiatives = validations(workbook[INITIATIVES_SHEET])
    assert any(
        kind == "date" and sqref == f"F6:F{last_initiative}" for kind, *_, sqref in initiatives
    )
    assert ("list", "", '"Sáng kiến,Giải pháp"', None, f"C6:C{last_initiative}") in initiatives
    assert any(
        kind == "whole" and sqref == "C6:C13"
        for kind, *_, sqref in validations(workbook[DIGITAL_SHEET])
    )


def test_text_that_looks_like_a_formula_stays_text_both_ways(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    criteria = {c.code: c for c in period_criteria(db, record["2026"]).criteria}
    update_criterion(
        db,
        criteria["CT13"].id,
        replace(criteria["CT13"].as_input(), wording='=HYPERLINK("http://x") nhập nhầm'),
    )
    sent = export_one(db, record, tmp_path / "gửi")
    workbook = load_workbook(sent)
    results = workbook[RESULTS_SHEET]
    rows = code_rows(results)
    wording = results[f"C{rows['CT13']}"]
    assert wording.data_type == "s" and wording.value.startswith("=HYPERLINK")
    note = results[f"J{rows['CT01']}"]
    note.value = "=1+1"
    note.data_type = "s"  # typed as text (Excel: '=1+1), as the unit meant it
    results[f"F{rows['CT01']}"] = "=2+3"  # a real formula: Excel would compute it
    returned = tmp_path / "nhận.xlsx"
    workbook.save(returned)

    contents = read_packet(returned)

    assert contents is not None
    rate = next(row for row in contents.results if row.criterion_code == "CT01")
    assert rate.values["note"].value == "=1+1"
    assert not rate.values["note"].formula_without_value
    # A formula saved without its result (openpyxl never computes) is not a blank cell:
    # the importer names the cell instead of reading nothing.
    numerator = rate.values["numerator"]
    assert numerator.formula_without_value and numerator.value is None
    assert not numerator.is_blank and not rate.is_blank

    # The same from a workbook the general reader opened with saved results only.
    opened = load_workbook(returned, read_only=True, data_only=True)
    try:
        again = read_packet_workbook(opened, {RESULTS_SHEET: {numerator.cell}})
    finally:
        opened.close()
    assert again is not None
    rate = next(row for row in again.results if row.criterion_code == "CT01")
    assert rate.values["numerator"].formula_without_value
    assert rate.values["note"].value == "=1+1"


def test_a_village_packet_has_the_digital_literacy_sheet_and_a_department_packet_does_not(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    village, department = export_packets(
        db,
        record["2026"],
        [record["village"], record["department"]],
        tmp_path,
        DEADLINE,
        today=TODAY,
    )
    assert DIGITAL_SHEET in load_workbook(village).sheetnames
    assert DIGITAL_SHEET not in load_workbook(department).sheetnames
    contents = read_packet(department)
    assert contents is not None and contents.digital_literacy is None
    assert contents.identity.unit_code == "PKT"
    assert "TRƯỞNG THÔN" not in str(
        [c.value for row in load_workbook(department)[RESULTS_SHEET].iter_rows() for c in row]
    )


def test_the_packet_shows_the_deadline_the_office_and_last_year_figures(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    workbook = load_workbook(export_one(db, record, tmp_path))
    guide = " ".join(
        str(c.value) for row in workbook[GUIDE_SHEET].iter_rows() for c in row if c.value
    )
    assert "Hạn gửi lại: ngày 15 tháng 12 năm 2026" in guide
    assert "Phòng Văn hóa – Xã hội, Ủy ban nhân dân xã Kim Thành" in guide
    assert "Thôn Đông (mã đơn vị THON01" in guide
    assert "Bình dân học vụ số" in guide
    results = workbook[RESULTS_SHEET]
    rows = code_rows(results)
    assert results["E5"].value == "Kỳ trước (Năm 2025)"
    assert results[f"E{rows['CT01']}"].value == "1.068/1.250 (85,44%)"
    assert results[f"D{rows['CT01']}"].value == "≥ 80%"
    assert results[f"D{rows['CT12']}"].value == "≥ 2"
    assert results[f"E{rows['CT02']}"].value in (None, "")
    assert str(results[f"C{rows['CT01']}"].value).startswith("80% trở lên thủ tục hành chính")
    digital = workbook[DIGITAL_SHEET]
    assert [digital[f"D{row}"].value for row in (6, 8, 12, 13, 14)] == [
        "4",
        "120",
        "812",
        "1.480",
        "54,86%",
    ]
    assert results.page_setup.orientation == "landscape"
    assert int(results.page_setup.paperSize) == 9  # A4
    assert results.page_setup.fitToWidth == 1
    assert results.print_title_rows == "$5:$5"


def test_the_checksum_changes_when_a_threshold_changes(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    before = packet_data_for(db, record["2026"], record["village"], DEADLINE, today=TODAY)
    again = packet_data_for(db, record["2026"], record["village"], DEADLINE, today=TODAY)
    assert before.criteria_checksum == again.criteria_checksum
    assert before.packet_id != again.packet_id
    sent = write_packet(before, tmp_path / "goi.xlsx")
    ct01 = next(c for c in period_criteria(db, record["2026"]).criteria if c.code == "CT01")
    update_criterion(db, ct01.id, replace(ct01.as_input(), threshold=Decimal(85)))

    after = packet_data_for(db, record["2026"], record["village"], DEADLINE, today=TODAY)

    assert after.criteria_checksum != before.criteria_checksum
    contents = read_packet(sent)
    assert contents is not None
    (problem,) = packet_problems(db, contents)
    assert "Bộ tiêu chí của năm 2026 đã thay đổi" in problem


def test_export_refuses_clearly_and_writes_nothing(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    tmp_path = tmp_path / "ra"
    tmp_path.mkdir()
    folder = tmp_path / "gói"
    with pytest.raises(ValidationError) as caught:
        export_packets(db, record["2026"], [], folder, DEADLINE, today=TODAY)
    assert caught.value.message == "Chưa chọn đơn vị nào để gửi gói báo cáo."
    with pytest.raises(ValidationError) as caught:
        export_packets(
            db, record["2026"], [record["village"]], folder, date(2026, 3, 1), today=TODAY
        )
    assert caught.value.message == "Hạn gửi lại 01/03/2026 đã qua (hôm nay là 02/03/2026)."
    blocker = tmp_path / "không phải thư mục"
    blocker.write_text("tệp thường")
    with pytest.raises(UserError) as caught:
        export_packets(db, record["2026"], [record["village"]], blocker, DEADLINE, today=TODAY)
    assert caught.value.message.startswith("Không ghi được vào thư mục")
    lock_period(db, record["2026"], "Đã xét khen thưởng.", today=TODAY)
    with pytest.raises(UserError) as caught:
        export_packets(db, record["2026"], [record["village"]], folder, DEADLINE, today=TODAY)
    assert "đã khóa" in caught.value.message
    assert not folder.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["không phải thư mục"]


def test_progress_is_reported_and_cancel_keeps_the_finished_packets(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 1

    folder = tmp_path / "gói"
    written = export_packets(
        db,
        record["2026"],
        [record["village"], record["department"]],
        folder,
        DEADLINE,
        progress,
        today=TODAY,
    )
    assert seen == [(0, 2), (1, 2)]
    assert [p.name for p in written] == ["Gói báo cáo 2026 – THON01 – Thôn Đông.xlsx"]
    assert sorted(p.name for p in folder.iterdir()) == [written[0].name]
    assert isinstance(read_packet(written[0]), PacketContents)


def test_file_names_are_safe_for_windows(db: Database, record: dict[str, int]) -> None:
    assert packet_file_name(2026, "THON01", "Thôn Đông") == (
        "Gói báo cáo 2026 – THON01 – Thôn Đông.xlsx"
    )
    assert (
        packet_file_name(2026, "T/3", 'Thôn "3:4" ') == "Gói báo cáo 2026 – T_3 – Thôn _3_4_.xlsx"
    )


def test_rows_a_user_inserted_after_unprotecting_are_still_read_by_their_codes(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    workbook = load_workbook(export_one(db, record, tmp_path / "gửi"))
    results = workbook[RESULTS_SHEET]
    moved_from = code_rows(results)["CT01"]
    results.protection.sheet = False
    results.insert_rows(7, amount=2)  # two rows above every criterion but TT01
    results[f"F{moved_from + 2}"] = 40
    results[f"G{moved_from + 2}"] = 50
    nominations = workbook[NOMINATIONS_SHEET]
    nominations.insert_rows(FIRST_NOMINEE_ROW + NOMINATION_ROWS)  # one more nominee row
    nominations[f"B{FIRST_NOMINEE_ROW + NOMINATION_ROWS}"] = "Phạm Văn Cường"
    returned = tmp_path / "nhận.xlsx"
    workbook.save(returned)

    contents = read_packet(returned)

    assert contents is not None and contents.problems == ()
    rate = next(row for row in contents.results if row.criterion_code == "CT01")
    assert rate.row == moved_from + 2
    assert (rate.value("numerator"), rate.value("denominator")) == (40, 50)
    assert [(row.row, row.value("full_name")) for row in contents.nominations] == [
        (FIRST_NOMINEE_ROW + NOMINATION_ROWS, "Phạm Văn Cường")
    ]
