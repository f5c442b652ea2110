"""Inspection rounds: the team and its conflicts of interest, the schedule, checklists drawn from
the unit's criteria, verified figures that change scores and ranks, discrepancies, follow-up
actions, statuses, evidence on items and actions, and bad input that writes nothing."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from kt_desktop.domain import Criterion, Result
from kt_desktop.domain.documents import OutgoingDocument
from kt_desktop.domain.enums import (
    Comparator,
    CriterionKind,
    CriterionSubject,
    DocumentKind,
    DocumentState,
    Gender,
    Judgement,
    PersonKind,
    ResultSource,
    ReviewStatus,
    TeamRole,
    UnitKind,
    VisitStatus,
)
from kt_desktop.domain.inspections import (
    FollowUpAction,
    InspectionItem,
    InspectionMember,
    InspectionRound,
    InspectionVisit,
)
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services import inspections as insp
from kt_desktop.services.criteria import period_criteria
from kt_desktop.services.database import Database
from kt_desktop.services.evidence import (
    EvidenceOwner,
    attach_file,
    check_integrity,
    export_files,
    list_evidence,
    stored_path,
)
from kt_desktop.services.figures import Figure, applies_to_unit
from kt_desktop.services.inspections import (
    ItemRecord,
    MemberInput,
    Tolerance,
    VisitRecord,
)
from kt_desktop.services.movement import list_periods
from kt_desktop.services.participants import (
    PersonInput,
    UnitInput,
    create_person,
    create_unit,
    set_unit_active,
)
from kt_desktop.services.result_settings import (
    ResultSettings,
    get_result_settings,
    save_result_settings,
    validate_result_settings,
)
from kt_desktop.services.results import ResultInput, lock_period, save_result
from kt_desktop.services.scoring import compute_period_scores

TODAY = date(2026, 11, 24)
VISIT_DAY = date(2026, 10, 12)
RECEIVED = date(2026, 3, 1)


@dataclass(frozen=True)
class World:
    period_id: int
    criteria: dict[str, int]
    east: int  # Thôn Đông, headed by Nguyễn Văn Hùng
    west: int  # Thôn Tây
    economy: int  # Phòng Kinh tế, headed by Lê Thị Lan (a person of the register)
    business: int
    lan: int  # person: Lê Thị Lan, head of Phòng Kinh tế
    hoa: int  # person: Trần Thị Hoa, an official of Phòng Kinh tế (not its head)
    round_id: int


def rate(numerator: int, denominator: int) -> ResultInput:
    return ResultInput(
        figure=Figure(numerator=Decimal(numerator), denominator=Decimal(denominator)),
        received_on=RECEIVED,
    )


def ratio(numerator: int, denominator: int) -> Figure:
    return Figure(numerator=Decimal(numerator), denominator=Decimal(denominator))


def team(*extra: MemberInput) -> list[MemberInput]:
    return [
        MemberInput(None, "Phạm Quang Huy", "Phó Chủ tịch UBND xã", TeamRole.LEADER, True),
        MemberInput(None, "Đỗ Thu Trang", "Công chức Văn hóa – Xã hội", TeamRole.SECRETARY),
        *extra,
    ]


@pytest.fixture
def world(db: Database) -> World:
    period_id = next(p.id for p in list_periods(db) if p.name == "Năm 2026")
    criteria = {c.code: c.id for c in period_criteria(db, period_id).criteria}
    east = create_unit(
        db,
        UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE, "Nguyễn Văn Hùng", "Trưởng thôn"),
    )
    west = create_unit(
        db, UnitInput("THON02", "Thôn Tây", UnitKind.VILLAGE, "Bùi Thị Mai", "Trưởng thôn")
    )
    economy = create_unit(
        db, UnitInput("PKT", "Phòng Kinh tế", UnitKind.DEPARTMENT, "Lê Thị Lan", "Trưởng phòng")
    )
    business = create_unit(
        db,
        UnitInput(
            "DN0001", "Công ty TNHH Cơ khí Kim Thành", UnitKind.BUSINESS, "Vũ Đức Long", "Giám đốc"
        ),
    )
    lan = create_person(
        db,
        PersonInput(
            "Lê Thị Lan",
            Gender.FEMALE,
            PersonKind.OFFICIAL,
            position="Trưởng phòng",
            unit_id=economy,
        ),
        TODAY,
    )
    hoa = create_person(
        db,
        PersonInput(
            "Trần Thị Hoa",
            Gender.FEMALE,
            PersonKind.OFFICIAL,
            position="Chuyên viên",
            unit_id=economy,
        ),
        TODAY,
    )
    round_id = insp.create_round(
        db,
        period_id,
        "Kiểm tra việc thực hiện phong trào thi đua năm 2026",
        "Đánh giá kết quả thực hiện các tiêu chí thi đua.",
    )
    insp.save_team(db, round_id, team())
    return World(period_id, criteria, east, west, economy, business, lan, hoa, round_id)


def snapshot(db: Database) -> list[list[dict[str, Any]]]:
    """Every row an inspection service may write, to prove a refusal wrote nothing."""
    tables = (
        InspectionRound,
        InspectionMember,
        InspectionVisit,
        InspectionItem,
        FollowUpAction,
        Result,
    )
    with db.session() as session:
        return [
            [row.model_dump() for row in session.exec(select(table).order_by(col(table.id)))]
            for table in tables
        ]


def item_of(db: Database, visit_id: int, code: str) -> int:
    sheet = insp.checklist(db, visit_id)
    return next(row.item_id for row in sheet.rows if row.code == code)


def result_of(db: Database, world: World, unit_id: int, code: str) -> Result | None:
    with db.session() as session:
        return session.exec(
            select(Result)
            .where(Result.period_id == world.period_id)
            .where(Result.unit_id == unit_id)
            .where(Result.criterion_id == world.criteria[code])
        ).first()


def refused(db: Database, action: Any, exception: type[Exception] = UserError) -> str:
    before = snapshot(db)
    with pytest.raises(exception) as caught:
        action()
    assert snapshot(db) == before, "a refused change must write nothing"
    message: str = caught.value.message  # type: ignore[attr-defined]
    return message


# --- checklist -----------------------------------------------------------------------------


def test_the_checklist_matches_the_units_criteria(db: Database, world: World) -> None:
    save_result(db, world.period_id, world.east, world.criteria["CT01"], rate(850, 1000), TODAY)
    save_result(
        db,
        world.period_id,
        world.east,
        world.criteria["CT03"],
        ResultInput(not_applicable=True, not_applicable_reason="Thôn không có doanh nghiệp."),
        TODAY,
    )
    village = insp.add_visit(db, world.round_id, world.east, VISIT_DAY, "8:00", "Nhà văn hóa")
    business = insp.add_visit(db, world.round_id, world.business, date(2026, 10, 14), "14h30")
    free = insp.add_free_item(db, village, "Sổ theo dõi lớp “Bình dân học vụ số”")

    sheet = insp.checklist(db, village)
    village_codes = [
        c.code
        for c in period_criteria(db, world.period_id).criteria
        if applies_to_unit(c.subject, c.unit_kinds, UnitKind.VILLAGE)
    ]
    assert village_codes[:7] == ["TT01", "TT02", "TT03", "TT04", "TT05", "TT06", "CT01"]
    assert [row.code for row in sheet.rows] == [*village_codes, ""]
    by_code = {row.code: row for row in sheet.rows}
    assert by_code["CT01"].reported_text == "850/1.000 (85%)"
    assert by_code["CT01"].target_text == "≥ 80%"
    assert by_code["CT02"].reported_text == "Chưa nộp"
    assert by_code["CT03"].reported_text == "Không áp dụng"
    assert by_code["TT01"].kind == CriterionKind.QUALITATIVE and not by_code["TT01"].takes_figure
    assert sheet.rows[-1].item_id == free and sheet.rows[-1].is_free
    assert sheet.rows[-1].wording == "Sổ theo dõi lớp “Bình dân học vụ số”"
    assert (sheet.unit_name, sheet.unit_head_name, sheet.start_time, sheet.place) == (
        "Thôn Đông",
        "Nguyễn Văn Hùng",
        "08:00",
        "Nhà văn hóa",
    )
    assert sheet.status_text == "Đã lên lịch"
    assert [m.role_text for m in sheet.team] == ["Trưởng đoàn", "Thư ký"]
    # A business is judged only on its contribution (DK01).
    assert [row.code for row in insp.checklist(db, business).rows] == ["DK01"]
    assert insp.checklist(db, business).start_time == "14:30"

    view = insp.get_round(db, world.round_id)
    assert [v.unit_name for v in view.visits] == ["Thôn Đông", "Công ty TNHH Cơ khí Kim Thành"]
    assert view.visits[0].item_count == len(village_codes) + 1
    assert view.leader is not None and view.leader.full_name == "Phạm Quang Huy"
    rows = insp.list_rounds(db, world.period_id)
    assert len(rows) == 1 and rows[0].visit_count == 2 and rows[0].team_size == 2
    assert rows[0].status_counts[VisitStatus.PLANNED] == 2
    assert rows[0].dates_text == "12/10/2026 – 14/10/2026"
    assert rows[0].leader_name == "Phạm Quang Huy"


# --- verified figures count ----------------------------------------------------------------


def test_verified_figures_change_the_score_and_the_rank(db: Database, world: World) -> None:
    rates = [
        c
        for c in period_criteria(db, world.period_id).criteria
        if c.kind == CriterionKind.RATE and UnitKind.VILLAGE in c.unit_kinds
    ]
    for criterion in rates:
        save_result(db, world.period_id, world.east, criterion.id, rate(100, 100), TODAY)
        # Thôn Tây misses CT02's 90% target with 81%.
        west = rate(81, 100) if criterion.code == "CT02" else rate(100, 100)
        save_result(db, world.period_id, world.west, criterion.id, west, TODAY)
    before = compute_period_scores(db, world.period_id)
    east, west = before.by_unit(world.east), before.by_unit(world.west)
    assert east is not None and west is not None
    assert (east.rank, west.rank) == (1, 2)
    ct01 = next(c for c in rates if c.code == "CT01")
    assert (ct01.threshold, ct01.weight) == (Decimal(80), Decimal(7))
    # CT02 missed by Thôn Tây: 81/90 of its 7 points, 0,7 lost.
    assert east.points - west.points == Decimal("0.7")

    visit = insp.add_visit(db, world.round_id, world.east, VISIT_DAY, "08:00", "Nhà văn hóa")
    ct01 = item_of(db, visit, "CT01")
    insp.record_visit(
        db,
        visit,
        VisitRecord(
            attendees="Ông Nguyễn Văn Hùng, Trưởng thôn",
            findings="Số hồ sơ trực tuyến thấp hơn báo cáo.",
            items=[ItemRecord(ct01, ratio(50, 100), Judgement.NOT_MET, "Đối chiếu sổ một cửa.")],
        ),
        today=TODAY,
    )
    after = compute_period_scores(db, world.period_id)
    verified_east, west = after.by_unit(world.east), after.by_unit(world.west)
    assert verified_east is not None and west is not None
    # 50% of an 80% target earns 50/80 of 7 points: 2,625 lost, more than Thôn Tây's 0,7.
    assert east.points - verified_east.points == Decimal("2.625")
    assert (verified_east.rank, west.rank) == (2, 1)

    mirrored = result_of(db, world, world.east, "CT01")
    assert mirrored is not None
    assert (mirrored.numerator, mirrored.verified_numerator) == (Decimal(100), Decimal(50))
    assert mirrored.verified_on == VISIT_DAY
    assert mirrored.verified_note == (
        "Đoàn kiểm tra “Kiểm tra việc thực hiện phong trào thi đua năm 2026”, ngày 12/10/2026"
    )
    sheet = insp.checklist(db, visit)
    row = next(r for r in sheet.rows if r.code == "CT01")
    assert (row.reported_text, row.verified_text, row.judgement_text) == (
        "100/100 (100%)",
        "50/100 (50%)",
        "Chưa đạt",
    )
    assert sheet.status == VisitStatus.DONE and sheet.findings.startswith("Số hồ sơ")

    # Clearing the figure gives the reported one back to scoring.
    insp.record_visit(
        db, visit, VisitRecord(items=[ItemRecord(ct01, None, Judgement.MET)]), today=TODAY
    )
    restored = compute_period_scores(db, world.period_id).by_unit(world.east)
    assert restored is not None and restored.score == east.score and restored.rank == 1


def test_a_figure_for_an_unreported_criterion_makes_a_result_from_the_inspection(
    db: Database, world: World
) -> None:
    visit = insp.add_visit(db, world.round_id, world.west, VISIT_DAY)
    ct02 = item_of(db, visit, "CT02")
    assert compute_period_scores(db, world.period_id).by_unit(world.west).score == 0  # type: ignore[union-attr]
    insp.record_visit(db, visit, VisitRecord(items=[ItemRecord(ct02, ratio(95, 100))]), TODAY)
    made = result_of(db, world, world.west, "CT02")
    assert made is not None
    assert (made.source, made.review_status) == (ResultSource.INSPECTION, ReviewStatus.RECEIVED)
    assert made.numerator is None and made.verified_numerator == Decimal(95)
    scores = compute_period_scores(db, world.period_id).by_unit(world.west)
    assert scores is not None and scores.points == Decimal(7)  # CT02 met: its 7 points
    row = next(r for r in insp.checklist(db, visit).rows if r.code == "CT02")
    assert row.reported_text == "Chưa nộp" and row.verified_text == "95/100 (95%)"
    # Cleared again, the row the inspection made goes: the unit reported nothing.
    insp.record_visit(db, visit, VisitRecord(items=[ItemRecord(ct02, None)]), TODAY)
    assert result_of(db, world, world.west, "CT02") is None


def test_clearing_keeps_a_later_verification(db: Database, world: World) -> None:
    save_result(db, world.period_id, world.east, world.criteria["CT01"], rate(90, 100), TODAY)
    first = insp.add_visit(db, world.round_id, world.east, VISIT_DAY)
    item = item_of(db, first, "CT01")
    insp.record_visit(db, first, VisitRecord(items=[ItemRecord(item, ratio(80, 100))]), TODAY)
    second_round = insp.create_round(db, world.period_id, "Kiểm tra đột xuất", "")
    insp.save_team(db, second_round, team())
    second = insp.add_visit(db, second_round, world.east, date(2026, 11, 2))
    insp.record_visit(
        db,
        second,
        VisitRecord(items=[ItemRecord(item_of(db, second, "CT01"), ratio(70, 100))]),
        TODAY,
    )
    insp.record_visit(db, first, VisitRecord(items=[ItemRecord(item, None)]), TODAY)
    kept = result_of(db, world, world.east, "CT01")
    assert kept is not None
    assert (kept.verified_numerator, kept.verified_on) == (Decimal(70), date(2026, 11, 2))


def test_renaming_a_round_and_moving_a_visit_keep_the_mirror_in_step(
    db: Database, world: World
) -> None:
    save_result(db, world.period_id, world.east, world.criteria["CT01"], rate(90, 100), TODAY)
    visit = insp.add_visit(db, world.round_id, world.east, VISIT_DAY)
    item = item_of(db, visit, "CT01")
    insp.record_visit(db, visit, VisitRecord(items=[ItemRecord(item, ratio(80, 100))]), TODAY)
    insp.update_round(db, world.round_id, "Kiểm tra thi đua năm 2026 – đợt 1", "")
    insp.update_visit(db, visit, world.east, date(2026, 10, 13), "08:00", "", today=TODAY)
    moved = result_of(db, world, world.east, "CT01")
    assert moved is not None and moved.verified_on == date(2026, 10, 13)
    assert (
        moved.verified_note == "Đoàn kiểm tra “Kiểm tra thi đua năm 2026 – đợt 1”, ngày 13/10/2026"
    )
    message = refused(
        db,
        lambda: insp.update_visit(db, visit, world.east, date(2026, 12, 20), today=TODAY),
        ValidationError,
    )
    assert "sau hôm nay" in message
    message = refused(db, lambda: insp.update_visit(db, visit, world.west, VISIT_DAY, today=TODAY))
    assert "không đổi sang đơn vị khác" in message


def test_a_planned_visit_moves_to_another_unit_with_a_new_checklist(
    db: Database, world: World
) -> None:
    visit = insp.add_visit(db, world.round_id, world.business, VISIT_DAY)
    insp.add_free_item(db, visit, "Hóa đơn điện tử")
    insp.update_visit(db, visit, world.west, VISIT_DAY, "7h30", "Nhà văn hóa", today=TODAY)
    sheet = insp.checklist(db, visit)
    assert sheet.unit_name == "Thôn Tây" and sheet.start_time == "07:30"
    assert sheet.rows[0].code == "TT01" and "DK01" not in [r.code for r in sheet.rows]
    assert sheet.rows[-1].wording == "Hóa đơn điện tử"


# --- discrepancies -------------------------------------------------------------------------


def _extra_criterion(db: Database, world: World, code: str, kind: CriterionKind) -> int:
    with db.session() as session:
        criterion = Criterion(
            period_id=world.period_id,
            code=code,
            subject=CriterionSubject.UNIT,
            kind=kind,
            wording=f"Tiêu chí thử {code}",
            section_ref="III.1.1",
            comparator=Comparator.AT_LEAST if kind == CriterionKind.COUNT else None,
            threshold=Decimal(10) if kind == CriterionKind.COUNT else None,
            weight=Decimal(5),
            unit_kinds=[UnitKind.VILLAGE.value],
            sort_order=900,
        )
        session.add(criterion)
        session.flush()
        return criterion.id or 0


def test_discrepancies_and_their_tolerance(db: Database, world: World) -> None:
    count_id = _extra_criterion(db, world, "SL01", CriterionKind.COUNT)
    yes_no_id = _extra_criterion(db, world, "CK01", CriterionKind.YES_NO)
    reported = {
        "CT01": rate(90, 100),
        "CT02": rate(90, 100),
        "CT05": rate(50, 100),
    }
    for code, data in reported.items():
        save_result(db, world.period_id, world.east, world.criteria[code], data, TODAY)
        save_result(db, world.period_id, world.west, world.criteria[code], data, TODAY)
    for unit in (world.east, world.west):
        save_result(
            db, world.period_id, unit, count_id, ResultInput(Figure(value=Decimal(20))), TODAY
        )
        save_result(db, world.period_id, unit, yes_no_id, ResultInput(Figure(yes_no=True)), TODAY)
    east = insp.add_visit(db, world.round_id, world.east, VISIT_DAY)
    west = insp.add_visit(db, world.round_id, world.west, date(2026, 10, 15))

    def record(visit: int, figures: dict[str, Figure]) -> None:
        insp.record_visit(
            db,
            visit,
            VisitRecord(items=[ItemRecord(item_of(db, visit, c), f) for c, f in figures.items()]),
            TODAY,
        )

    record(
        east,
        {
            "CT01": ratio(85, 100),  # exactly 5 points: not a discrepancy
            "CT02": ratio(84, 100),  # 6 points
            "SL01": Figure(value=Decimal(19)),  # exactly 5 %: not a discrepancy
            "CK01": Figure(yes_no=True),  # the same
        },
    )
    record(
        west,
        {
            "CT05": ratio(70, 100),  # 20 points higher
            "SL01": Figure(value=Decimal(18)),  # 10 %
            "CK01": Figure(yes_no=False),  # changed: listed first
        },
    )
    rows = insp.discrepancies(db, world.period_id)
    assert [(r.unit_name, r.code) for r in rows] == [
        ("Thôn Tây", "CK01"),
        ("Thôn Tây", "CT05"),
        ("Thôn Tây", "SL01"),
        ("Thôn Đông", "CT02"),
    ]
    assert [r.difference_text for r in rows] == [
        "Khác nhau",
        "Cao hơn 20 điểm %",
        "Thấp hơn 2 (10% so với báo cáo)",
        "Thấp hơn 6 điểm %",
    ]
    assert [r.size for r in rows] == [None, Decimal(20), Decimal(10), Decimal(6)]
    assert (rows[0].reported_text, rows[0].verified_text) == ("Có", "Không")
    assert rows[3].round_name == "Kiểm tra việc thực hiện phong trào thi đua năm 2026"
    assert rows[3].verified_on_text == "12/10/2026" and rows[3].visit_id == east
    assert rows[3].size_text == "6 điểm %" and rows[2].size_text == "10%"

    # A wider tolerance passed in, or saved in the settings, lists less.
    wide = insp.discrepancies(db, world.period_id, Tolerance(Decimal(10), Decimal(20)))
    assert [r.code for r in wide] == ["CK01", "CT05"]
    settings = get_result_settings(db)
    save_result_settings(
        db,
        ResultSettings(
            **{**settings.__dict__, "discrepancy_rate_points": Decimal(6)},
        ),
    )
    assert [r.code for r in insp.discrepancies(db, world.period_id)] == ["CK01", "CT05", "SL01"]

    table = insp.export_discrepancies(db, world.period_id, Tolerance(Decimal(5), Decimal(5)))
    assert table.headers[:4] == ["STT", "Đơn vị", "Mã tiêu chí", "Tiêu chí"]
    assert table.rows[0][:3] == [1, "Thôn Tây", "CK01"]
    assert table.rows[-1][4:9] == [
        "90/100 (90%)",
        "84/100 (84%)",
        "Thấp hơn 6 điểm %",
        "6 điểm %",
        "12/10/2026",
    ]
    assert "5 điểm phần trăm" in table.subtitle and "Năm 2026" in table.title


def test_discrepancy_settings_round_trip_and_bounds() -> None:
    settings = ResultSettings(
        discrepancy_rate_points=Decimal("7.5"), discrepancy_count_percent=Decimal(10)
    )
    again = ResultSettings.from_json(settings.to_json())
    assert again.discrepancy_rate_points == Decimal("7.5")
    assert again.discrepancy_count_percent == Decimal(10)
    # Settings saved before the tolerance existed get the defaults.
    assert ResultSettings.from_json('{"scoring_mode": "proportional"}').discrepancy_rate_points == 5
    for bad in (
        ResultSettings(discrepancy_rate_points=Decimal(-1)),
        ResultSettings(discrepancy_count_percent=Decimal(101)),
    ):
        with pytest.raises(ValidationError, match="Ngưỡng chênh lệch"):
            validate_result_settings(bad)


# --- follow-up actions ---------------------------------------------------------------------


def test_actions_their_overdue_and_overview(db: Database, world: World) -> None:
    east = insp.add_visit(db, world.round_id, world.east, VISIT_DAY)
    west = insp.add_visit(db, world.round_id, world.west, date(2026, 10, 20))
    ct01 = item_of(db, east, "CT01")
    late = insp.add_action(
        db, east, "Cập nhật sổ theo dõi hồ sơ trực tuyến", date(2026, 11, 10), ct01, today=TODAY
    )
    soon = insp.add_action(db, east, "Bổ sung biên bản họp thôn", date(2026, 12, 15), today=TODAY)
    done = insp.add_action(db, west, "Niêm yết quy trình một cửa", date(2026, 11, 30), today=TODAY)
    insp.complete_action(db, done, date(2026, 11, 5), "Đã niêm yết tại nhà văn hóa.", TODAY)

    rows = insp.list_actions(db, world.period_id, today=TODAY)
    assert [r.id for r in rows] == [late, soon, done]
    assert [r.status_text for r in rows] == ["Quá hạn", "Đang thực hiện", "Đã hoàn thành"]
    assert [r.days_overdue for r in rows] == [14, 0, 0]
    assert rows[0].item_label == "CT01" and rows[0].unit_name == "Thôn Đông"
    assert rows[2].done_note == "Đã niêm yết tại nhà văn hóa."
    overview = insp.action_overview(db, world.period_id, TODAY)
    assert [(c.unit_name, c.open, c.overdue, c.done, c.in_progress) for c in overview] == [
        ("Thôn Đông", 2, 1, 0, 1),
        ("Thôn Tây", 0, 0, 1, 0),
    ]
    assert [r.id for r in insp.open_actions_for_unit(db, world.period_id, world.east, TODAY)] == [
        late,
        soon,
    ]
    assert insp.open_actions_for_unit(db, world.period_id, world.west, TODAY) == []

    insp.reopen_action(db, done)
    reopened = insp.list_actions(db, world.period_id, world.west, TODAY)
    assert [(r.status_text, r.done_on) for r in reopened] == [("Đang thực hiện", None)]
    insp.update_action(db, soon, "Bổ sung biên bản họp thôn quý IV", date(2026, 12, 20))
    insp.delete_action(db, soon)
    assert [r.id for r in insp.list_actions(db, world.period_id, world.east, TODAY)] == [late]

    message = refused(
        db,
        lambda: insp.add_action(db, east, "Sửa", date(2026, 10, 1), today=TODAY),
        ValidationError,
    )
    assert message == "Hạn hoàn thành 01/10/2026 trước ngày kiểm tra 12/10/2026."
    assert "tương lai" in refused(
        db, lambda: insp.complete_action(db, late, date(2026, 12, 1), "Xong", TODAY)
    )
    assert "trước ngày kiểm tra" in refused(
        db, lambda: insp.complete_action(db, late, date(2026, 10, 1), "Xong", TODAY)
    )
    assert "kết quả khắc phục" in refused(
        db, lambda: insp.complete_action(db, late, date(2026, 11, 1), " ", TODAY)
    )
    future = insp.add_visit(db, world.round_id, world.economy, date(2026, 12, 10))
    assert "chưa diễn ra" in refused(
        db, lambda: insp.add_action(db, future, "Sửa", date(2026, 12, 31), today=TODAY)
    )


# --- conflict of interest ------------------------------------------------------------------


def test_a_member_who_heads_a_visited_unit_cannot_be_on_the_team(
    db: Database, world: World
) -> None:
    insp.add_visit(db, world.round_id, world.economy, VISIT_DAY)
    insp.add_visit(db, world.round_id, world.east, date(2026, 10, 14))
    lan = MemberInput(world.lan, "", "", TeamRole.MEMBER, True)
    message = refused(db, lambda: insp.save_team(db, world.round_id, team(lan)), ValidationError)
    assert message == (
        "Xung đột lợi ích: “Lê Thị Lan” là trưởng phòng của “Phòng Kinh tế”, đơn vị được đoàn "
        "kiểm tra, nên không thể là thành viên đoàn kiểm tra đơn vị này."
    )
    # Named by hand, in capitals: the name is compared without case or marks.
    by_hand = MemberInput(None, "NGUYỄN VĂN HÙNG", "Bí thư chi bộ", TeamRole.MEMBER)
    message = refused(
        db, lambda: insp.save_team(db, world.round_id, team(by_hand)), ValidationError
    )
    assert "“Nguyễn Văn Hùng” là trưởng thôn của “Thôn Đông”" in message
    # A colleague who does not head the unit may serve.
    insp.save_team(db, world.round_id, team(MemberInput(world.hoa, "", "", TeamRole.MEMBER)))
    hoa = insp.get_round(db, world.round_id).team[-1]
    assert (hoa.full_name, hoa.position, hoa.person_id) == (
        "Trần Thị Hoa",
        "Chuyên viên",
        world.hoa,
    )


def test_adding_a_visit_to_a_unit_a_member_heads_is_refused(db: Database, world: World) -> None:
    lan = MemberInput(world.lan, "Lê Thị Lan", "Trưởng phòng Kinh tế", TeamRole.MEMBER, True)
    insp.save_team(db, world.round_id, team(lan))
    message = refused(
        db, lambda: insp.add_visit(db, world.round_id, world.economy, VISIT_DAY), ValidationError
    )
    assert message.startswith("Xung đột lợi ích: “Lê Thị Lan”")
    assert "“Phòng Kinh tế”" in message
    other = insp.add_visit(db, world.round_id, world.west, VISIT_DAY)
    assert "Xung đột lợi ích" in refused(
        db, lambda: insp.update_visit(db, other, world.economy, VISIT_DAY, today=TODAY)
    )


# --- bad input writes nothing --------------------------------------------------------------


def test_team_rules(db: Database, world: World) -> None:
    leaderless = [MemberInput(None, "Đỗ Thu Trang", "", TeamRole.SECRETARY)]
    assert (
        refused(db, lambda: insp.save_team(db, world.round_id, leaderless), ValidationError)
        == "Đoàn kiểm tra chưa có trưởng đoàn."
    )
    assert refused(db, lambda: insp.save_team(db, world.round_id, []), ValidationError) == (
        "Đoàn kiểm tra chưa có trưởng đoàn."
    )
    two = team(MemberInput(None, "Hoàng Minh Tuấn", "", TeamRole.LEADER))
    assert "chỉ có một trưởng đoàn" in refused(db, lambda: insp.save_team(db, world.round_id, two))
    two = team(MemberInput(None, "Hoàng Minh Tuấn", "", TeamRole.SECRETARY))
    assert "chỉ có một thư ký" in refused(db, lambda: insp.save_team(db, world.round_id, two))
    twice = team(MemberInput(None, "pham quang huy", ""))
    assert "có tên hai lần" in refused(db, lambda: insp.save_team(db, world.round_id, twice))
    same_person = team(MemberInput(world.hoa, ""), MemberInput(world.hoa, "Trần T. Hoa"))
    assert "có tên hai lần" in refused(db, lambda: insp.save_team(db, world.round_id, same_person))
    nameless = team(MemberInput(None, "  "))
    assert (
        refused(db, lambda: insp.save_team(db, world.round_id, nameless))
        == "Thành viên thứ 3 của đoàn chưa có họ và tên."
    )


def test_a_visit_outside_the_period_or_twice_in_a_round_is_refused(
    db: Database, world: World
) -> None:
    message = refused(
        db,
        lambda: insp.add_visit(db, world.round_id, world.east, date(2027, 1, 5)),
        ValidationError,
    )
    assert message == "Ngày kiểm tra 05/01/2027 nằm ngoài năm 2026 (01/01/2026 – 31/12/2026)."
    insp.add_visit(db, world.round_id, world.east, VISIT_DAY)
    message = refused(
        db, lambda: insp.add_visit(db, world.round_id, world.east, date(2026, 10, 20))
    )
    assert message == "“Thôn Đông” đã có trong lịch của đợt kiểm tra này (ngày 12/10/2026)."
    assert (
        refused(db, lambda: insp.add_visit(db, world.round_id, world.west, VISIT_DAY, "25:00"))
        == "Giờ bắt đầu “25:00” không hợp lệ."
    )
    set_unit_active(db, world.west, False)
    assert "ngừng hoạt động" in refused(
        db, lambda: insp.add_visit(db, world.round_id, world.west, VISIT_DAY)
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("8:00", "08:00"), ("08:30", "08:30"), ("8h", "08:00"), ("14h30", "14:30"), ("", "")],
)
def test_start_times(typed: str, stored: str) -> None:
    assert insp.normalize_time(typed) == stored


@pytest.mark.parametrize("typed", ["24:00", "8:75", "tám giờ", "8:5"])
def test_bad_start_times(typed: str) -> None:
    with pytest.raises(ValidationError):
        insp.normalize_time(typed)


def test_figures_of_the_wrong_kind_and_other_bad_minutes(db: Database, world: World) -> None:
    save_result(
        db,
        world.period_id,
        world.east,
        world.criteria["CT03"],
        ResultInput(not_applicable=True, not_applicable_reason="Thôn không có doanh nghiệp."),
        TODAY,
    )
    visit = insp.add_visit(db, world.round_id, world.east, VISIT_DAY)
    free = insp.add_free_item(db, visit, "Tủ sách pháp luật")
    ct01, ct03, tt01 = (item_of(db, visit, code) for code in ("CT01", "CT03", "TT01"))

    def record(*items: ItemRecord) -> str:
        return refused(
            db,
            lambda: insp.record_visit(
                db, visit, VisitRecord(findings="Có ghi", items=list(items)), TODAY
            ),
            ValidationError,
        )

    assert record(ItemRecord(ct01, Figure(yes_no=True))) == (
        "Kiểm tra – CT01: tiêu chí là tỷ lệ (tử số và mẫu số) nên không nhận câu trả lời Có/Không."
    )
    # A good item before the bad one is not kept either: one transaction.
    assert "Mẫu số (50) nhỏ hơn tử số (90)" in record(
        ItemRecord(tt01, None, Judgement.MET), ItemRecord(ct01, ratio(90, 50))
    )
    assert record(ItemRecord(ct01, ratio(90, 100), Judgement.NOT_APPLICABLE)).startswith(
        "Kiểm tra – CT01: đã đánh giá “Không áp dụng”"
    )
    assert "tiêu chí định tính" in record(ItemRecord(tt01, Figure(value=Decimal(5))))
    assert "chỉ ghi đánh giá và nhận xét" in record(ItemRecord(free, Figure(value=Decimal(1))))
    assert "đã báo “Không áp dụng”" in record(ItemRecord(ct03, ratio(1, 2)))
    future = insp.add_visit(db, world.round_id, world.west, date(2026, 12, 10))
    message = refused(
        db,
        lambda: insp.record_visit(
            db,
            future,
            VisitRecord(items=[ItemRecord(item_of(db, future, "CT01"), ratio(1, 2))]),
            TODAY,
        ),
    )
    assert message == "Cuộc kiểm tra ngày 10/12/2026 chưa diễn ra nên chưa ghi biên bản được."


def test_a_locked_period_refuses_the_minutes(db: Database, world: World) -> None:
    visit = insp.add_visit(db, world.round_id, world.east, VISIT_DAY)
    item = item_of(db, visit, "CT01")
    lock_period(db, world.period_id, "đã dùng trong Quyết định số 12/QĐ-UBND", TODAY)
    message = refused(
        db,
        lambda: insp.record_visit(
            db, visit, VisitRecord(items=[ItemRecord(item, ratio(1, 2))]), TODAY
        ),
    )
    assert "đã khóa" in message and "đã dùng trong Quyết định số 12/QĐ-UBND" in message


def test_statuses_step_by_step_and_closing_needs_a_verified_figure(
    db: Database, world: World
) -> None:
    visit = insp.add_visit(db, world.round_id, world.east, VISIT_DAY)
    assert insp.allowed_statuses(VisitStatus.PLANNED) == [VisitStatus.DONE]
    assert insp.allowed_statuses(VisitStatus.REPORT_SENT) == [
        VisitStatus.DONE,
        VisitStatus.CLOSED,
    ]
    assert insp.allowed_statuses(VisitStatus.CLOSED) == []
    message = refused(
        db, lambda: insp.set_visit_status(db, visit, VisitStatus.DONE, TODAY), ValidationError
    )
    assert message.startswith("Biên bản chưa có số liệu xác minh nào")
    # Notes without anything verified keep the visit planned.
    insp.record_visit(db, visit, VisitRecord(attendees="Ông Nguyễn Văn Hùng"), TODAY)
    assert insp.checklist(db, visit).status == VisitStatus.PLANNED
    assert "không chuyển thẳng" in refused(
        db, lambda: insp.set_visit_status(db, visit, VisitStatus.CLOSED, TODAY)
    )
    ct01 = item_of(db, visit, "CT01")
    insp.record_visit(db, visit, VisitRecord(items=[ItemRecord(ct01, ratio(8, 10))]), TODAY)
    assert insp.checklist(db, visit).status == VisitStatus.DONE
    insp.set_visit_status(db, visit, VisitStatus.REPORT_SENT, TODAY)
    insp.set_visit_status(db, visit, VisitStatus.DONE, TODAY)  # one step back
    insp.set_visit_status(db, visit, VisitStatus.REPORT_SENT, TODAY)
    # The figure removed afterwards: the visit can't be closed without one.
    insp.record_visit(db, visit, VisitRecord(items=[ItemRecord(ct01, None)]), TODAY)
    assert "Biên bản chưa có số liệu xác minh nào" in refused(
        db, lambda: insp.set_visit_status(db, visit, VisitStatus.CLOSED, TODAY)
    )
    insp.record_visit(db, visit, VisitRecord(items=[ItemRecord(ct01, ratio(9, 10))]), TODAY)
    insp.set_visit_status(db, visit, VisitStatus.CLOSED, TODAY)
    assert "đã kết thúc" in refused(
        db, lambda: insp.set_visit_status(db, visit, VisitStatus.REPORT_SENT, TODAY)
    )
    assert "đã kết thúc" in refused(
        db, lambda: insp.record_visit(db, visit, VisitRecord(findings="Sửa"), TODAY)
    )
    # A business is judged in words: a judgement of DK01 is what its minutes verify.
    business = insp.add_visit(db, world.round_id, world.business, VISIT_DAY)
    dk01 = item_of(db, business, "DK01")
    insp.record_visit(
        db, business, VisitRecord(items=[ItemRecord(dk01, None, Judgement.MET, "Tốt")]), TODAY
    )
    assert insp.checklist(db, business).status == VisitStatus.DONE


def test_deleting_rounds_and_visits(db: Database, world: World) -> None:
    planned = insp.add_visit(db, world.round_id, world.west, date(2026, 10, 20))
    insp.delete_visit(db, planned)
    assert insp.get_round(db, world.round_id).visits == []
    visit = insp.add_visit(db, world.round_id, world.east, VISIT_DAY)
    insp.add_action(db, visit, "Bổ sung hồ sơ", date(2026, 11, 30), today=TODAY)
    assert "đã có việc khắc phục" in refused(db, lambda: insp.delete_visit(db, visit))
    ct01 = item_of(db, visit, "CT01")
    insp.record_visit(db, visit, VisitRecord(items=[ItemRecord(ct01, ratio(8, 10))]), TODAY)
    assert "đã thực hiện" in refused(db, lambda: insp.delete_round(db, world.round_id))

    other = insp.create_round(db, world.period_id, "Kiểm tra chuyên đề chuyển đổi số", "")
    insp.save_team(db, other, team())
    insp.add_visit(db, other, world.west, VISIT_DAY)
    with db.session() as session:
        document = OutgoingDocument(
            kind=DocumentKind.DECISION,
            year=2026,
            number=3,
            symbol="QĐ-UBND",
            summary="Về việc thành lập Đoàn kiểm tra",
            state=DocumentState.ISSUED,
            issued_on=date(2026, 10, 1),
        )
        session.add(document)
        session.flush()
        found = session.get(InspectionRound, other)
        assert found is not None
        found.decision_document_id = document.id
        session.add(found)
    assert "đã có văn bản ban hành" in refused(db, lambda: insp.delete_round(db, other))
    with db.session() as session:
        found = session.get(InspectionRound, other)
        assert found is not None
        found.decision_document_id = None
        session.add(found)
    insp.delete_round(db, other)
    assert [r.id for r in insp.list_rounds(db, world.period_id)] == [world.round_id]
    assert "Kỳ này đã có đợt kiểm tra" in refused(
        db,
        lambda: insp.create_round(
            db, world.period_id, "kiểm tra việc thực hiện phong trào thi đua năm 2026", ""
        ),
    )


# --- evidence on items and actions ---------------------------------------------------------


def test_evidence_on_a_checklist_item_and_an_action(
    db: Database, world: World, tmp_path: Path
) -> None:
    visit = insp.add_visit(db, world.round_id, world.east, VISIT_DAY)
    ct01 = item_of(db, visit, "CT01")
    free = insp.add_free_item(db, visit, "Tủ sách pháp luật của thôn")
    action = insp.add_action(
        db, visit, "Cập nhật sổ theo dõi hồ sơ", date(2026, 11, 30), ct01, today=TODAY
    )
    photo = tmp_path / "ảnh sổ một cửa.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + os.urandom(200))
    proof = tmp_path / "báo cáo khắc phục.pdf"
    proof.write_bytes(b"%PDF-1.4\n" + os.urandom(200))
    shelf = tmp_path / "tủ sách.png"
    shelf.write_bytes(b"\x89PNG" + os.urandom(200))
    attach_file(db, EvidenceOwner.inspection_item(ct01), photo, "Ảnh chụp tại buổi kiểm tra")
    attach_file(db, EvidenceOwner.action(action), proof)
    attach_file(db, EvidenceOwner.inspection_item(free), shelf)

    assert [e.file_name for e in list_evidence(db, EvidenceOwner.inspection_item(ct01))] == [
        "ảnh sổ một cửa.jpg"
    ]
    rows = {row.code or row.wording: row for row in insp.checklist(db, visit).rows}
    assert rows["CT01"].evidence_count == 1 and rows["CT02"].evidence_count == 0
    assert insp.list_actions(db, world.period_id, today=TODAY)[0].evidence_count == 1
    assert "tệp minh chứng" in refused(db, lambda: insp.remove_free_item(db, free))
    assert "tệp minh chứng" in refused(db, lambda: insp.delete_action(db, action))

    target = tmp_path / "xuất"
    assert export_files(db, target, world.period_id) == 3
    assert sorted(p.name for p in (target / "Thôn Đông" / "Kiểm tra").iterdir()) == [
        "CT01 - ảnh sổ một cửa.jpg",
        "Khắc phục - báo cáo khắc phục.pdf",
        "Mục bổ sung - tủ sách.png",
    ]

    # The integrity report says where a damaged file is attached.
    stored = stored_path(db, hashlib.sha256(photo.read_bytes()).hexdigest())
    os.chmod(stored, 0o644)
    stored.unlink()
    report = check_integrity(db)
    assert report.missing[0].places == ("Thôn Đông – kiểm tra ngày 12/10/2026, mục CT01",)

    lock_period(db, world.period_id, "đã dùng trong Quyết định số 12/QĐ-UBND", TODAY)
    with pytest.raises(UserError, match="đã khóa"):
        attach_file(db, EvidenceOwner.action(action), photo)
    with pytest.raises(UserError, match="Mục kiểm tra này không còn"):
        attach_file(db, EvidenceOwner.inspection_item(999_999), photo)


# --- demo ----------------------------------------------------------------------------------


def test_the_demo_round(db: Database) -> None:
    import random

    from kt_desktop.services.demo import fill_demo_commune
    from kt_desktop.services.demo_inspections import ROUND_NAME, fill_demo_inspections

    fill_demo_commune(db)
    round_id = fill_demo_inspections(db, random.Random(8))
    assert round_id is not None
    assert fill_demo_inspections(db, random.Random(8)) == round_id  # once only
    period_id = next(p.id for p in list_periods(db) if p.name == "Năm 2026")
    view = insp.get_round(db, round_id)
    assert view.name == ROUND_NAME and 4 <= len(view.team) <= 5
    assert view.leader is not None and view.leader.position == "Phó Chủ tịch UBND xã"
    assert view.secretary is not None
    assert len(view.visits) == 6
    assert all(date(2026, 10, 1) <= v.visit_date <= date(2026, 11, 30) for v in view.visits)
    kinds = sorted(v.unit_kind.value for v in view.visits)
    assert kinds == ["business", "department", "department", "village", "village", "village"]
    statuses = [v.status for v in view.visits]
    assert statuses.count(VisitStatus.PLANNED) == 2
    assert {VisitStatus.DONE, VisitStatus.REPORT_SENT, VisitStatus.CLOSED} <= set(statuses)
    assert len(insp.discrepancies(db, period_id)) >= 2
    actions = insp.list_actions(db, period_id, today=date(2026, 11, 24))
    assert len(actions) == 5
    assert [a.status_text for a in actions].count("Quá hạn") == 1
    assert [a.status_text for a in actions].count("Đã hoàn thành") == 1
