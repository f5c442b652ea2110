"""Importing units' workbooks: returned packets and units' own layouts, previewed row by row,
written all or nothing, never twice, with their source, and the errors sent back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import select

from kt_desktop.domain import Criterion, Result
from kt_desktop.domain.digital_literacy import DigitalLiteracy
from kt_desktop.domain.enums import Gender, PersonKind, ResultSource, UnitKind
from kt_desktop.domain.initiatives import Initiative, InitiativeAuthor
from kt_desktop.domain.nominations import ImportMapping, Nomination
from kt_desktop.errors import UserError
from kt_desktop.services import imports
from kt_desktop.services.database import Database
from kt_desktop.services.figures import Figure
from kt_desktop.services.import_preview import ImportKind, RowStatus
from kt_desktop.services.imports import (
    STALE_PREVIEW_MESSAGE,
    Certainty,
    ImportCancelled,
    ImportTarget,
    apply_import,
    choose_mapping,
    confirm_criterion,
    error_workbook,
    inspect_workbook,
    preview_import,
)
from kt_desktop.services.movement import list_periods
from kt_desktop.services.packets import export_packets
from kt_desktop.services.participants import PersonInput, UnitInput, create_person, create_unit
from kt_desktop.services.results import ResultInput, lock_period, save_result
from kt_desktop.sheets.error_copy import COMMENT_AUTHOR, ERROR_FILL, ERROR_SHEET
from kt_desktop.sheets.packets import (
    DIGITAL_SHEET,
    INITIATIVES_SHEET,
    NOMINATIONS_SHEET,
    RESULTS_SHEET,
)
from tests.conftest import SHARED

SAMPLES = SHARED / "samples"
RESULTS_SAMPLE = SAMPLES / "ket-qua-chi-tieu-2025-bo-phan-mot-cua.xlsx"
LITERACY_SAMPLE = SAMPLES / "binh-dan-hoc-vu-so-2025.xlsx"
NOMINEES_SAMPLE = SAMPLES / "de-nghi-khen-thuong-2025-thon-dong.xlsx"
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
TODAY = date(2026, 11, 20)


def period_id(db: Database, year: int) -> int:
    return next(p.id for p in list_periods(db) if p.name == f"Năm {year}")


@pytest.fixture
def record(db: Database) -> dict[str, int]:
    ids = {
        "one_stop": create_unit(db, UnitInput("MC", "Bộ phận Một cửa", UnitKind.DEPARTMENT)),
        "east": create_unit(db, UnitInput("T01", "Thôn Đông", UnitKind.VILLAGE)),
        "west": create_unit(db, UnitInput("T02", "Thôn Tây", UnitKind.VILLAGE)),
        "south": create_unit(db, UnitInput("T03", "Thôn Nam", UnitKind.VILLAGE)),
        "2025": period_id(db, 2025),
        "2026": period_id(db, 2026),
    }
    ids["an"] = create_person(
        db,
        PersonInput("Nguyễn Văn An", Gender.MALE, PersonKind.CITIZEN, 1980, unit_id=ids["east"]),
        today=TODAY,
    )
    ids["hoa"] = create_person(
        db,
        PersonInput(
            "Trần Thị Hoa", Gender.FEMALE, PersonKind.CITIZEN, 1985, "Trưởng thôn", ids["east"]
        ),
        today=TODAY,
    )
    ids["nhung"] = create_person(
        db,
        PersonInput(
            "Nguyễn Thị Hồng Nhung", Gender.FEMALE, PersonKind.CITIZEN, 1985, unit_id=ids["east"]
        ),
        today=TODAY,
    )
    return ids


def table_dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the import may write, to compare before and after."""
    dump: dict[str, list[tuple[Any, ...]]] = {}
    with db.session() as session:
        for table in (Result, DigitalLiteracy, Nomination, Initiative, InitiativeAuthor):
            dump[table.__tablename__] = sorted(
                tuple(str(v) for v in row.model_dump().values())
                for row in session.exec(select(table)).all()
            )
        dump["import_mapping"] = sorted(
            (str(m.unit_id), m.layout_key, m.mapping)
            for m in session.exec(select(ImportMapping)).all()
        )
    return dump


def results_by_code(db: Database, period: int, unit: int) -> dict[str, Result]:
    with db.session() as session:
        rows = session.exec(
            select(Result, Criterion.code)
            .join(Criterion, Criterion.id == Result.criterion_id)  # type: ignore[arg-type]
            .where(Result.period_id == period)
            .where(Result.unit_id == unit)
        ).all()
    return {code: result for result, code in rows}


# ---------------------------------------------------------------------------------------------
# A packet, exported, filled in by the unit, returned


def code_rows(sheet: Any) -> dict[str, int]:
    return {
        sheet.cell(row=row, column=2).value: row
        for row in range(6, sheet.max_row + 1)
        if isinstance(sheet.cell(row=row, column=2).value, str)
        and sheet.cell(row=row, column=2).value.startswith(("TT", "CT"))
    }


def type_into(sheet: Any, coordinate: str, value: object) -> None:
    cell = sheet[coordinate]
    assert cell.protection.locked is False, f"{sheet.title}!{coordinate} is locked"
    cell.value = value


def filled_packet(db: Database, record: dict[str, int], folder: Path) -> Path:
    (sent,) = export_packets(
        db, record["2026"], [record["east"]], folder / "gửi", date(2026, 12, 15), today=TODAY
    )
    workbook = load_workbook(sent)
    results = workbook[RESULTS_SHEET]
    rows = code_rows(results)
    type_into(results, f"F{rows['CT01']}", 1130)
    type_into(results, f"G{rows['CT01']}", 1250)
    type_into(results, f"J{rows['CT01']}", "Số liệu hệ thống một cửa")
    type_into(results, f"K{rows['CT01']}", "Báo cáo 12/BC-UBND")
    # Only the percentage is known: typed where the count goes, the denominator left blank.
    type_into(results, f"F{rows['CT02']}", "92,5%")
    type_into(results, f"J{rows['CT03']}", "Thôn không phát sinh hồ sơ của doanh nghiệp")
    type_into(results, f"J{rows['CT05']}", "Đang tổng hợp")
    type_into(results, f"I{rows['TT01']}", "Hoàn thành đúng hạn 12/12 báo cáo định kỳ.")
    initiatives = workbook[INITIATIVES_SHEET]
    for column, value in zip(
        "BCDEFGH",
        (
            "Số hóa sổ hộ khẩu thôn",
            "Sáng kiến",
            "Nguyễn Văn An, Lê Thị Bình",
            "Kinh tế",
            "04/5/2026",
            "Quét và lập chỉ mục sổ.",
            "Tra cứu trong 1 phút.",
        ),
        strict=True,
    ):
        type_into(initiatives, f"{column}6", value)
    nominations = workbook[NOMINATIONS_SHEET]
    for row, values in (
        (6, ("Trần Thị Hoa", "Nữ", 1985, "Trưởng thôn", "Thôn Đông", "Dẫn đầu", "Giấy khen")),
        (7, ("Phạm Văn Nam", "Nam", "1990", "Công an viên", "Thôn Đông", "Giữ an ninh",
             "Giấy khen")),
    ):  # fmt: skip
        for column, value in zip("BCDEFGH", values, strict=True):
            type_into(nominations, f"{column}{row}", value)
    digital = workbook[DIGITAL_SHEET]
    for row, value in zip(range(6, 14), (5, 3, 140, "1.360", 8, 230, 900, 1500), strict=True):
        type_into(digital, f"C{row}", value)
    type_into(digital, "C15", "Số liệu đến 30/11/2026")
    returned = folder / "nhận" / "thon dong gui lai.xlsx"
    returned.parent.mkdir(parents=True)
    workbook.save(returned)
    return returned


def test_a_returned_packet_imports_exactly_the_figures_typed(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    path = filled_packet(db, record, tmp_path)
    source = inspect_workbook(db, path)
    assert source.kind == ImportKind.PACKET
    assert (source.unit_id, source.period_id) == (record["east"], record["2026"])
    assert source.unit_guess.certainty == Certainty.GIVEN
    assert source.problems == ()

    preview = preview_import(db, source, today=TODAY)
    by_key = {(row.sheet, row.key.split(" – ")[0]): row for row in preview.rows}
    assert by_key[(RESULTS_SHEET, "CT01")].status == RowStatus.NEW
    assert dict(by_key[(RESULTS_SHEET, "CT01")].values)["Tỷ lệ"] == "90,40%"
    assert dict(by_key[(RESULTS_SHEET, "CT02")].values) == {"Tỷ lệ": "92,50%"}
    assert by_key[(RESULTS_SHEET, "CT05")].status == RowStatus.SKIPPED
    assert by_key[(RESULTS_SHEET, "CT05")].reason == "Không có số liệu."
    assert preview.counts[RowStatus.ERROR] == 0
    assert preview.counts[RowStatus.NEW] == 8  # 4 results, 1 initiative, 2 nominees, 1 village

    outcome = apply_import(db, preview, now=NOW)
    assert (outcome.written, outcome.new, outcome.changed) == (8, 8, 0)
    assert outcome.message.startswith("Đã nhập 8 dòng")

    results = results_by_code(db, record["2026"], record["east"])
    assert set(results) == {"CT01", "CT02", "CT03", "TT01"}
    ct01 = results["CT01"]
    assert (ct01.numerator, ct01.denominator, ct01.value) == (Decimal(1130), Decimal(1250), None)
    assert ct01.note == "Số liệu hệ thống một cửa; Minh chứng: Báo cáo 12/BC-UBND"
    assert ct01.source == ResultSource.IMPORTED
    assert ct01.source_file == path.name
    assert ct01.source_sheet == RESULTS_SHEET
    assert ct01.source_row == code_rows(load_workbook(path)[RESULTS_SHEET])["CT01"]
    assert ct01.source_sha256 == source.sha256 and len(ct01.source_sha256) == 64
    assert ct01.imported_at is not None
    assert ct01.received_on == TODAY
    ct02 = results["CT02"]
    assert (ct02.numerator, ct02.denominator, ct02.value) == (None, None, Decimal("92.5"))
    assert results["CT03"].not_applicable
    assert results["CT03"].not_applicable_reason == "Thôn không phát sinh hồ sơ của doanh nghiệp"
    assert results["TT01"].assessment == "Hoàn thành đúng hạn 12/12 báo cáo định kỳ."

    with db.session() as session:
        (initiative,) = session.exec(select(Initiative)).all()
        authors = session.exec(select(InitiativeAuthor)).all()
        nominations = session.exec(select(Nomination).order_by(Nomination.source_row)).all()  # type: ignore[arg-type]
        (village,) = session.exec(select(DigitalLiteracy)).all()
    assert (initiative.title, initiative.unit_id, initiative.sector) == (
        "Số hóa sổ hộ khẩu thôn",
        record["east"],
        "economy",
    )
    assert initiative.applied_on == date(2026, 5, 4)
    # The author in the register is linked; the other keeps their name with the initiative.
    assert [a.person_id for a in authors] == [record["an"]]
    assert initiative.summary == "Quét và lập chỉ mục sổ.; Tác giả: Lê Thị Bình"
    assert [(n.full_name, n.birth_year, n.person_id, n.proposing_unit_id) for n in nominations] == [
        ("Trần Thị Hoa", 1985, record["hoa"], record["east"]),
        ("Phạm Văn Nam", 1990, None, record["east"]),
    ]
    assert nominations[0].source_file == path.name and nominations[0].source_row == 6
    assert (
        village.classes_held,
        village.trained_officials,
        village.trained_pupils,
        village.trained_other_adults,
        village.team_members,
        village.team_visits,
        village.adults_meeting_standard,
        village.adult_population,
        village.note,
    ) == (5, 3, 140, 1360, 8, 230, 900, 1500, "Số liệu đến 30/11/2026")

    # The same file again: everything unchanged, nothing written.
    before = table_dump(db)
    again = preview_import(db, inspect_workbook(db, path), today=TODAY)
    assert again.counts[RowStatus.NEW] == again.counts[RowStatus.CHANGED] == 0
    assert again.counts[RowStatus.UNCHANGED] == 8
    assert not again.writes_anything
    assert apply_import(db, again, now=NOW).written == 0
    assert table_dump(db) == before


def test_a_changed_figure_shows_old_and_new_and_only_it_is_written(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    path = filled_packet(db, record, tmp_path)
    apply_import(db, preview_import(db, inspect_workbook(db, path), today=TODAY), now=NOW)
    workbook = load_workbook(path)
    sheet = workbook[RESULTS_SHEET]
    sheet[f"F{code_rows(sheet)['CT01']}"] = 1068
    changed_path = tmp_path / "lan 2.xlsx"
    workbook.save(changed_path)

    preview = preview_import(db, inspect_workbook(db, changed_path), today=TODAY)
    (changed,) = [row for row in preview.rows if row.status == RowStatus.CHANGED]
    assert changed.key.startswith("CT01")
    assert [(c.label, c.old, c.new) for c in changed.changes] == [("Tử số", "1.130", "1.068")]
    outcome = apply_import(db, preview, now=NOW)
    assert (outcome.written, outcome.changed) == (1, 1)
    ct01 = results_by_code(db, record["2026"], record["east"])["CT01"]
    assert ct01.numerator == Decimal(1068) and ct01.source_file == "lan 2.xlsx"


def test_a_packet_for_another_period_or_unit_is_refused(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    path = filled_packet(db, record, tmp_path)
    with pytest.raises(UserError, match="là của năm 2026, không phải năm 2025"):
        inspect_workbook(db, path, period_id=record["2025"])
    with pytest.raises(UserError, match="là của “Thôn Đông”, không phải “Thôn Tây”"):
        inspect_workbook(db, path, unit_id=record["west"])


def test_packet_cells_that_cannot_be_read_are_errors_with_their_cell(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    path = filled_packet(db, record, tmp_path)
    workbook = load_workbook(path)
    results = workbook[RESULTS_SHEET]
    rows = code_rows(results)
    results[f"F{rows['CT04']}"] = 12
    results[f"G{rows['CT04']}"] = 10
    results[f"F{rows['CT06']}"] = "khoảng 50"
    results[f"G{rows['CT06']}"] = 100
    results[f"F{rows['CT07']}"] = "=G20/2"  # never calculated: no cached value
    results[f"G{rows['CT07']}"] = 40
    bad = tmp_path / "co loi.xlsx"
    workbook.save(bad)

    preview = preview_import(db, inspect_workbook(db, bad), today=TODAY)
    errors = {row.key[:4]: row for row in preview.rows if row.status == RowStatus.ERROR}
    assert set(errors) == {"CT04", "CT06", "CT07"}
    (problem,) = errors["CT04"].problems
    assert (problem.column, problem.row, problem.value) == ("G", rows["CT04"], "10")
    assert problem.reason.startswith("Mẫu số (10) nhỏ hơn tử số (12)")
    (problem,) = errors["CT06"].problems
    assert (problem.column, problem.value) == ("F", "khoảng 50")
    assert "không phải là số" in problem.reason
    (problem,) = errors["CT07"].problems
    assert problem.reason.startswith(f"Ô F{rows['CT07']} có công thức nhưng chưa có giá trị")
    apply_import(db, preview, now=NOW)
    written = results_by_code(db, record["2026"], record["east"])
    assert not {"CT04", "CT06", "CT07"} & set(written)  # error rows are never written
    assert "CT01" in written


# ---------------------------------------------------------------------------------------------
# Units' own workbooks


def test_the_public_sample_imports_to_expected_json(db: Database, record: dict[str, int]) -> None:
    source = inspect_workbook(db, RESULTS_SAMPLE)
    # Found from the title rows, for the clerk to confirm.
    assert (source.unit_id, source.unit_guess.certainty) == (record["one_stop"], Certainty.SURE)
    assert (source.period_id, source.period_guess.certainty) == (record["2025"], Certainty.SURE)
    (sheet,) = source.sheets
    assert sheet.target == ImportTarget.RESULTS and sheet.header_row == 5
    assert not sheet.remembered

    preview = preview_import(db, source, today=TODAY)
    skipped = {row.row: row.reason for row in preview.rows if row.status == RowStatus.SKIPPED}
    assert skipped == {10: "Dòng 10 trống.", 13: "Dòng 13 là dòng tổng cộng."}
    apply_import(db, preview, now=NOW)

    (case,) = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
    results = results_by_code(db, record["2025"], record["one_stop"])
    assert sorted(results) == sorted(f"CT{row['kpi']:02d}" for row in case["expect"])
    for expected in case["expect"]:
        result = results[f"CT{expected['kpi']:02d}"]
        numerator = None if result.numerator is None else int(result.numerator)
        denominator = None if result.denominator is None else int(result.denominator)
        assert (numerator, denominator) == (expected["numerator"], expected["denominator"])
        rate = Decimal(expected["rate_percent"])
        if result.value is not None:  # given only as a percentage
            assert result.value == rate
        else:
            computed = Decimal(numerator or 0) * 100 / Decimal(denominator or 1)
            assert abs(computed - rate) <= Decimal("0.05")
        assert result.source_file == RESULTS_SAMPLE.name and result.source_sheet == "Kết quả 2025"


def test_a_remembered_mapping_is_used_the_next_time(db: Database, record: dict[str, int]) -> None:
    source = inspect_workbook(db, RESULTS_SAMPLE)
    (sheet,) = source.sheets
    corrected = choose_mapping(sheet, {"G": None})  # the office does not want the notes
    preview = preview_import(db, source, choices=[corrected], today=TODAY)
    apply_import(db, preview, now=NOW)
    assert results_by_code(db, record["2025"], record["one_stop"])["CT01"].note == ""

    again = inspect_workbook(db, RESULTS_SAMPLE)
    (sheet,) = again.sheets
    assert sheet.remembered
    assert "G" not in sheet.mapping()
    assert sheet.mapping() == corrected.mapping()
    assert preview_import(db, again, today=TODAY).counts[RowStatus.UNCHANGED] == 6


def test_bdhvs_sample_gives_each_village_its_figures(db: Database, record: dict[str, int]) -> None:
    source = inspect_workbook(db, LITERACY_SAMPLE)
    (sheet,) = source.sheets
    assert sheet.target == ImportTarget.DIGITAL_LITERACY
    assert source.period_id == record["2025"] and not source.needs_unit
    preview = preview_import(db, source, today=TODAY)
    assert [(row.row, row.key, row.status) for row in preview.rows] == [
        (4, "Thôn Đông", RowStatus.NEW),
        (5, "Thôn Tây", RowStatus.NEW),
        (6, "Thôn Nam", RowStatus.NEW),
    ]
    apply_import(db, preview, now=NOW)
    with db.session() as session:
        rows = {r.unit_id: r for r in session.exec(select(DigitalLiteracy)).all()}
    east = rows[record["east"]]
    assert (east.classes_held, east.trained_pupils, east.trained_other_adults) == (4, 210, 1035)
    assert east.reported_rate == Decimal("61.5")
    assert rows[record["west"]].reported_rate == Decimal(58)  # 0.58 with no % format


def test_a_rate_given_alone_replaces_the_counts_recorded_before(
    db: Database, record: dict[str, int]
) -> None:
    """The sample gives each village's rate without its counts: it is not checked against
    counts the file doesn't show; it replaces them, and the preview says so."""
    from kt_desktop.services.digital_literacy import DigitalLiteracyInput, save_figures

    save_figures(
        db,
        record["2025"],
        record["east"],
        DigitalLiteracyInput(classes_held=5, adults_meeting_standard=1023, adult_population=2277),
    )
    preview = preview_import(db, inspect_workbook(db, LITERACY_SAMPLE), today=TODAY)
    east = next(row for row in preview.rows if row.key == "Thôn Đông")
    assert east.status == RowStatus.CHANGED and not east.problems
    changes = {change.label: (change.old, change.new) for change in east.changes}
    assert changes["Dân số trưởng thành"] == ("2.277", "")
    assert changes["Tỷ lệ đạt chuẩn (theo báo cáo)"] == ("", "61,50%")
    apply_import(db, preview, now=NOW)
    with db.session() as session:
        saved = session.exec(
            select(DigitalLiteracy).where(DigitalLiteracy.unit_id == record["east"])
        ).one()
    assert (saved.adults_meeting_standard, saved.adult_population) == (None, None)
    assert saved.reported_rate == Decimal("61.5")


def test_a_village_not_in_the_register_is_an_error_row(db: Database) -> None:
    create_unit(db, UnitInput("T01", "Thôn Đông", UnitKind.VILLAGE))
    preview = preview_import(db, inspect_workbook(db, LITERACY_SAMPLE), today=TODAY)
    errors = [row for row in preview.rows if row.status == RowStatus.ERROR]
    assert [(e.row, e.problems[0].column, e.problems[0].reason) for e in errors] == [
        (5, "A", "Không tìm thấy thôn “Thôn Tây” trong danh sách đơn vị."),
        (6, "A", "Không tìm thấy thôn “Thôn Nam” trong danh sách đơn vị."),
    ]


def test_nominees_sample_reports_missing_name_and_duplicate_rows(
    db: Database, record: dict[str, int]
) -> None:
    source = inspect_workbook(db, NOMINEES_SAMPLE)
    assert source.unit_id == record["east"]
    preview = preview_import(db, source, today=TODAY)
    statuses = {row.row: row.status for row in preview.rows}
    assert statuses == {
        5: RowStatus.NEW,
        6: RowStatus.NEW,
        7: RowStatus.ERROR,
        8: RowStatus.NEW,
        9: RowStatus.ERROR,
    }
    errors = {row.row: row.problems[0] for row in preview.rows if row.problems}
    assert errors[7].reason == "Thiếu “Họ và tên” (ô B7 trống)."
    assert (errors[9].column, errors[9].value) == ("B", "Trần Văn Đức")
    assert "Trùng với dòng 6" in errors[9].reason
    apply_import(db, preview, now=NOW)
    with db.session() as session:
        nominations = session.exec(select(Nomination).order_by(Nomination.source_row)).all()  # type: ignore[arg-type]
    assert [(n.full_name, n.birth_year, n.gender) for n in nominations] == [
        ("Nguyễn Thị Hồng Nhung", 1985, Gender.FEMALE),
        ("Trần Văn Đức", 1979, Gender.MALE),
        ("Lê Thị Hoà", 1992, Gender.FEMALE),
    ]
    # Matched to the register by name, birth year and unit.
    assert nominations[0].person_id == record["nhung"]
    assert nominations[1].person_id is None


def own_results_workbook(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Báo cáo"
    sheet.append(["BÁO CÁO KẾT QUẢ NĂM 2025 - BỘ PHẬN MỘT CỬA"])
    sheet.append([])
    sheet.append(["STT", "Chỉ tiêu", "Tổng số", "Thực hiện", "Tỷ lệ (%)"])
    sheet.append([1, "Tỷ lệ dịch vụ công trực tuyến toàn trình", 10, 12, None])
    sheet.append([2, "Tỷ lệ hồ sơ", 100, 80, None])
    sheet.append([3, "Số cây xanh trồng mới trong khuôn viên", 10, 5, None])
    sheet.append([4, "Tỷ lệ văn bản trao đổi điện tử, ký số", 200, 150, "=D8/C8"])
    workbook.save(path)
    return path


def test_foreign_rows_in_error_say_where_and_why(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    path = own_results_workbook(tmp_path / "bao cao.xlsx")
    source = inspect_workbook(db, path)
    assert source.unit_id == record["one_stop"] and source.period_id == record["2025"]
    preview = preview_import(db, source, today=TODAY)
    assert preview.counts[RowStatus.ERROR] == 4
    problems = {row.row: row.problems[0] for row in preview.rows}
    assert problems[4].reason.startswith("Mẫu số (10) nhỏ hơn tử số (12)")
    assert problems[4].column == "C"
    assert problems[5].reason.startswith("Không chắc “Tỷ lệ hồ sơ” là tiêu chí CT06")
    assert problems[5].column == "B"
    assert problems[6].reason.startswith(
        "Không nhận ra tiêu chí “Số cây xanh trồng mới trong khuôn viên”"
    )
    assert problems[7].column == "E"
    assert problems[7].reason.startswith("Ô E7 có công thức nhưng chưa có giá trị")

    # The clerk confirms row 5; it is then taken.
    (sheet,) = source.sheets
    confirmed = confirm_criterion(sheet, 5, "CT06")
    preview = preview_import(db, source, choices=[confirmed], today=TODAY)
    row5 = next(row for row in preview.rows if row.row == 5)
    assert row5.status == RowStatus.NEW and row5.key.startswith("CT06")


def test_every_bad_file_is_refused_with_its_own_message_and_nothing_written(
    db: Database, record: dict[str, int]
) -> None:
    before = table_dump(db)
    messages = set()
    files = sorted((SAMPLES / "hong").iterdir())
    assert len(files) >= 4
    for path in files:
        with pytest.raises(UserError) as caught:
            inspect_workbook(db, path)
        assert caught.value.hint
        messages.add(caught.value.message)
    assert len(messages) == len(files)
    assert table_dump(db) == before


def test_a_failure_in_the_middle_writes_nothing(
    db: Database, record: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = filled_packet(db, record, tmp_path)
    preview = preview_import(db, inspect_workbook(db, path), today=TODAY)
    before = table_dump(db)
    calls = []
    real = imports._write_nomination

    def failing(*args: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk gone")
        real(*args, **kwargs)

    monkeypatch.setattr(imports, "_write_nomination", failing)
    with pytest.raises(RuntimeError):
        apply_import(db, preview, now=NOW)
    assert len(calls) == 2  # results and the initiative were already written in the session
    assert table_dump(db) == before


def test_a_stale_preview_is_refused(db: Database, record: dict[str, int], tmp_path: Path) -> None:
    path = filled_packet(db, record, tmp_path)
    preview = preview_import(db, inspect_workbook(db, path), today=TODAY)
    with db.session() as session:
        ct01 = session.exec(
            select(Criterion)
            .where(Criterion.period_id == record["2026"])
            .where(Criterion.code == "CT01")
        ).one()
    save_result(
        db,
        record["2026"],
        record["east"],
        ct01.id or 0,
        ResultInput(figure=Figure(numerator=Decimal(1), denominator=Decimal(2))),
        today=TODAY,
    )
    before = table_dump(db)
    with pytest.raises(UserError) as caught:
        apply_import(db, preview, now=NOW)
    assert caught.value.message == STALE_PREVIEW_MESSAGE
    assert table_dump(db) == before


def test_a_locked_period_refuses_the_import_with_its_reason(
    db: Database, record: dict[str, int]
) -> None:
    lock_period(db, record["2025"], "Đã dùng để xét khen thưởng năm 2025.", today=TODAY)
    source = inspect_workbook(db, RESULTS_SAMPLE)
    with pytest.raises(UserError, match="Đã dùng để xét khen thưởng năm 2025"):
        preview_import(db, source, today=TODAY)


def test_a_nominee_list_still_comes_in_after_the_period_is_locked(
    db: Database, record: dict[str, int]
) -> None:
    """The lock guards results; a unit's nominee list may feed a later award round."""
    lock_period(db, record["2025"], "Đã dùng để xét khen thưởng năm 2025.", today=TODAY)
    preview = preview_import(db, inspect_workbook(db, NOMINEES_SAMPLE), today=TODAY)
    apply_import(db, preview, now=NOW)
    with db.session() as session:
        assert len(session.exec(select(Nomination)).all()) == 3


def test_the_preview_can_be_cancelled(db: Database, record: dict[str, int]) -> None:
    source = inspect_workbook(db, RESULTS_SAMPLE)
    with pytest.raises(ImportCancelled):
        preview_import(db, source, progress=lambda done, total: False, today=TODAY)


def test_the_error_workbook_marks_and_comments_the_bad_cells(
    db: Database, record: dict[str, int], tmp_path: Path
) -> None:
    preview = preview_import(db, inspect_workbook(db, NOMINEES_SAMPLE), today=TODAY)
    target = tmp_path / "gửi lại" / "Lỗi – Thôn Đông.xlsx"
    written = error_workbook(NOMINEES_SAMPLE, preview, target)
    assert written == target
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary left
    workbook = load_workbook(target)
    assert workbook.sheetnames[0] == ERROR_SHEET
    listing = workbook[ERROR_SHEET]
    rows = [
        tuple(c.value for c in row)
        for row in listing.iter_rows(min_row=5, max_col=5)
        if row[0].value is not None
    ]
    assert [(r[1], r[2]) for r in rows] == [("Danh sách", "B7"), ("Danh sách", "B9")]
    assert rows[1][3] == "Trần Văn Đức"
    sheet = workbook["Danh sách"]
    for coordinate, words in (("B7", "Thiếu “Họ và tên”"), ("B9", "Trùng với dòng 6")):
        cell = sheet[coordinate]
        assert cell.fill.start_color.rgb.endswith(ERROR_FILL)
        assert cell.comment is not None and words in cell.comment.text
        assert cell.comment.author == COMMENT_AUTHOR
    assert sheet["B5"].comment is None


def test_a_record_changed_after_an_all_unchanged_preview_is_stale_too(
    db: Database, record: dict[str, int]
) -> None:
    apply_import(db, preview_import(db, inspect_workbook(db, RESULTS_SAMPLE), today=TODAY))
    again = preview_import(db, inspect_workbook(db, RESULTS_SAMPLE), today=TODAY)
    assert not again.writes_anything
    ct01 = results_by_code(db, record["2025"], record["one_stop"])["CT01"]
    save_result(
        db,
        record["2025"],
        record["one_stop"],
        ct01.criterion_id,
        ResultInput(figure=Figure(numerator=Decimal(1000), denominator=Decimal(1250))),
        today=TODAY,
    )
    with pytest.raises(UserError, match="Dữ liệu đã thay đổi từ lúc xem trước"):
        apply_import(db, again, now=NOW)
