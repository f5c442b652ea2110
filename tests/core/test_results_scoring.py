"""Results and scores: computed rates, comparators, not applicable, verified over reported,
review statuses, bands, ties and the period lock."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from kt_desktop.domain.enums import (
    Comparator,
    CriterionKind,
    ResultSource,
    ReviewStatus,
    ScoringMode,
    UnitKind,
)
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.criteria import period_criteria, update_criterion
from kt_desktop.services.database import Database
from kt_desktop.services.figures import Figure, Target, earned_points, is_met, rate_percent
from kt_desktop.services.movement import list_periods
from kt_desktop.services.participants import UnitInput, create_unit
from kt_desktop.services.result_settings import (
    ResultSettings,
    get_result_settings,
    save_result_settings,
)
from kt_desktop.services.results import (
    ResultInput,
    lock_period,
    record_verification,
    save_result,
    set_review_status,
    unit_results,
    unlock_period,
)
from kt_desktop.services.scoring import (
    COMPLETE,
    EXCELLENT,
    GOOD,
    NOT_COMPLETE,
    band_for,
    compute_period_scores,
)

TODAY = date(2026, 11, 24)


def period_id(db: Database, name: str = "Năm 2026") -> int:
    return next(p.id for p in list_periods(db) if p.name == name)


def criteria(db: Database, period: int) -> dict[str, int]:
    return {c.code: c.id for c in period_criteria(db, period).criteria}


def rate(numerator: int, denominator: int, **extra) -> ResultInput:
    return ResultInput(
        figure=Figure(numerator=Decimal(numerator), denominator=Decimal(denominator)),
        received_on=date(2026, 3, 1),
        **extra,
    )


def graded(points: int | str, **extra) -> ResultInput:
    return ResultInput(
        figure=Figure(assessment="Hoàn thành tốt, đúng hạn"),
        reviewer_points=Decimal(points),
        received_on=date(2026, 3, 1),
        **extra,
    )


# --- pure rules ---------------------------------------------------------------------------


def test_rate_is_computed_from_counts() -> None:
    assert rate_percent(Decimal(1068), Decimal(1250)) == Decimal("85.44")
    assert rate_percent(None, Decimal(3)) is None


@pytest.mark.parametrize(
    ("comparator", "value", "met"),
    [
        (Comparator.AT_LEAST, "80", True),
        (Comparator.AT_LEAST, "79.99", False),
        (Comparator.MORE_THAN, "80", False),
        (Comparator.MORE_THAN, "80.01", True),
        (Comparator.AT_MOST, "80", True),
        (Comparator.AT_MOST, "80.5", False),
        (Comparator.EQUAL, "80", True),
        (Comparator.EQUAL, "81", False),
    ],
)
def test_met_follows_the_comparator(comparator: Comparator, value: str, met: bool) -> None:
    target = Target(CriterionKind.COUNT, comparator, Decimal(80), Decimal(7))
    assert is_met(target, Figure(value=Decimal(value))) is met


def test_missed_target_earns_a_share_or_nothing_by_setting() -> None:
    target = Target(CriterionKind.RATE, Comparator.AT_LEAST, Decimal(80), Decimal(8))
    half = Figure(numerator=Decimal(40), denominator=Decimal(100))
    assert earned_points(target, half) == Decimal(4)
    assert earned_points(target, half, mode=ScoringMode.ALL_OR_NOTHING) == 0
    met = Figure(numerator=Decimal(90), denominator=Decimal(100))
    assert earned_points(target, met, mode=ScoringMode.ALL_OR_NOTHING) == Decimal(8)
    at_most = Target(CriterionKind.COUNT, Comparator.AT_MOST, Decimal(5), Decimal(10))
    assert earned_points(at_most, Figure(value=Decimal(10))) == Decimal(5)
    assert earned_points(target, met, returned=True) == 0
    assert earned_points(target, None) == 0


def test_yes_no_and_qualitative_earn_what_the_reviewer_set() -> None:
    yes_no = Target(CriterionKind.YES_NO, None, None, Decimal(5))
    assert earned_points(yes_no, Figure(yes_no=True)) == 5
    assert earned_points(yes_no, Figure(yes_no=False)) == 0
    assert earned_points(yes_no, Figure(yes_no=True), reviewer_points=Decimal(3)) == 3
    qualitative = Target(CriterionKind.QUALITATIVE, None, None, Decimal(5))
    assert earned_points(qualitative, Figure(assessment="Tốt")) == 0
    assert earned_points(qualitative, Figure(assessment="Tốt"), reviewer_points=Decimal(4)) == 4


# --- recording results --------------------------------------------------------------------


@pytest.fixture
def village(db: Database) -> int:
    return create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))


@pytest.mark.parametrize(
    ("figure", "words"),
    [
        (Figure(numerator=Decimal(5), denominator=Decimal(0)), "Mẫu số bằng 0"),
        (Figure(numerator=Decimal(12), denominator=Decimal(10)), "nhỏ hơn tử số"),
        (Figure(numerator=Decimal(-1), denominator=Decimal(10)), "không được âm"),
        (Figure(numerator=Decimal(5)), "cả tử số và mẫu số"),
        (Figure(value=Decimal(101)), "từ 0% đến 100%"),
        (Figure(), "Chưa nhập số liệu"),
    ],
)
def test_bad_rate_figures_are_refused_and_nothing_is_written(
    db: Database, village: int, figure: Figure, words: str
) -> None:
    period = period_id(db)
    ct01 = criteria(db, period)["CT01"]
    with pytest.raises(ValidationError, match=words):
        save_result(db, period, village, ct01, ResultInput(figure=figure), TODAY)
    assert unit_results(db, period, village).lines[6].result_id is None


def test_a_future_receipt_date_is_refused(db: Database, village: int) -> None:
    period = period_id(db)
    ct01 = criteria(db, period)["CT01"]
    with pytest.raises(ValidationError, match="tương lai"):
        save_result(
            db, period, village, ct01, replace(rate(1, 2), received_on=date(2026, 12, 1)), TODAY
        )


def test_a_negative_count_is_refused(db: Database, village: int) -> None:
    period = period_id(db)
    codes = criteria(db, period)
    ct01 = next(c for c in period_criteria(db, period).criteria if c.code == "CT01")
    update_criterion(
        db,
        ct01.id,
        replace(ct01.as_input(), kind=CriterionKind.COUNT, threshold=Decimal(3)),
    )
    with pytest.raises(ValidationError, match="không được âm"):
        save_result(
            db, period, village, codes["CT01"], ResultInput(figure=Figure(value=Decimal(-2))), TODAY
        )


def test_a_result_shows_its_rate_target_and_met(db: Database, village: int) -> None:
    period = period_id(db)
    ct01 = criteria(db, period)["CT01"]
    save_result(
        db,
        period,
        village,
        ct01,
        rate(1068, 1250, source=ResultSource.IMPORTED, source_file="ket-qua.xlsx", source_row=6),
        TODAY,
    )
    line = next(line for line in unit_results(db, period, village).lines if line.code == "CT01")
    assert line.figure_text == "1.068/1.250 (85,44%)"
    assert line.target_text == "≥ 80%"
    assert line.met is True and line.met_text == "Đạt"
    assert line.points == Decimal(7)
    assert line.source_text == "Nhập từ tệp Excel: ket-qua.xlsx, dòng 6"
    assert line.status_text == "Đã nhận"


def test_not_applicable_needs_a_reason_and_clears_figures(db: Database, village: int) -> None:
    period = period_id(db)
    ct03 = criteria(db, period)["CT03"]
    with pytest.raises(ValidationError, match="lý do"):
        save_result(db, period, village, ct03, ResultInput(not_applicable=True), TODAY)
    save_result(
        db,
        period,
        village,
        ct03,
        replace(
            rate(3, 4), not_applicable=True, not_applicable_reason="Thôn không có doanh nghiệp"
        ),
        TODAY,
    )
    line = next(line for line in unit_results(db, period, village).lines if line.code == "CT03")
    assert line.status_text == "Không áp dụng"
    assert line.data is not None and line.data.figure.is_empty()


def test_returning_needs_a_reason(db: Database, village: int) -> None:
    period = period_id(db)
    result = save_result(db, period, village, criteria(db, period)["CT01"], rate(9, 10), TODAY)
    with pytest.raises(ValidationError, match="lý do"):
        set_review_status(db, [result], ReviewStatus.RETURNED)
    set_review_status(db, [result], ReviewStatus.RETURNED, "Thiếu biểu mẫu có chữ ký")
    line = unit_results(db, period, village).lines[6]
    assert line.status_text == "Trả lại" and line.points == 0


def test_reviewer_points_are_limited_to_the_weight(db: Database, village: int) -> None:
    period = period_id(db)
    codes = criteria(db, period)
    with pytest.raises(ValidationError, match="từ 0 đến 5"):
        save_result(db, period, village, codes["TT01"], graded(6), TODAY)
    with pytest.raises(ValidationError, match="không chấm tay"):
        save_result(
            db,
            period,
            village,
            codes["CT01"],
            replace(rate(1, 2), reviewer_points=Decimal(1)),
            TODAY,
        )


def test_a_criterion_for_another_kind_is_refused(db: Database) -> None:
    school = create_unit(db, UnitInput("THCS", "Trường THCS Kim Thành", UnitKind.SCHOOL))
    period = period_id(db)
    with pytest.raises(ValidationError, match="không áp dụng cho loại đơn vị"):
        save_result(db, period, school, criteria(db, period)["CT01"], rate(1, 2), TODAY)


# --- scores and ranks ---------------------------------------------------------------------


def fill_everything(db: Database, unit: int, period: int, points: int = 5) -> None:
    for code, criterion in criteria(db, period).items():
        if code.startswith("TT"):
            save_result(db, period, unit, criterion, graded(points), TODAY)
        elif code.startswith("CT"):
            save_result(db, period, unit, criterion, rate(100, 100), TODAY)


def test_score_counts_missing_as_zero_and_leaves_not_applicable_out(
    db: Database, village: int
) -> None:
    period = period_id(db)
    codes = criteria(db, period)
    save_result(db, period, village, codes["CT01"], rate(90, 100), TODAY)  # met: 7 of 7
    unit = compute_period_scores(db, period).by_unit(village)
    assert unit is not None and unit.score == Decimal(7)  # 7 of the plan's 100
    save_result(
        db,
        period,
        village,
        codes["CT02"],
        ResultInput(not_applicable=True, not_applicable_reason="Không có thủ tục"),
        TODAY,
    )
    unit = compute_period_scores(db, period).by_unit(village)
    assert unit is not None
    assert unit.maximum == Decimal(93) and unit.points == Decimal(7)
    assert unit.not_applicable == 1 and unit.met == 1


def test_verified_figures_outrank_reported_ones(db: Database, village: int) -> None:
    period = period_id(db)
    result = save_result(db, period, village, criteria(db, period)["CT01"], rate(95, 100), TODAY)
    assert compute_period_scores(db, period).by_unit(village).points == Decimal(7)
    record_verification(
        db,
        result,
        Figure(numerator=Decimal(40), denominator=Decimal(100)),
        date(2026, 10, 2),
        "Đoàn kiểm tra đối chiếu sổ một cửa",
        today=TODAY,
    )
    unit = compute_period_scores(db, period).by_unit(village)
    assert unit is not None and unit.points == Decimal("3.5")  # 40 % of an 80 % target
    line = unit_results(db, period, village).lines[6]
    assert "xác minh: 40/100 (40%)" in line.figure_text
    with pytest.raises(ValidationError, match="Số liệu xác minh: Mẫu số"):
        record_verification(
            db, result, Figure(numerator=Decimal(5), denominator=Decimal(2)), TODAY, today=TODAY
        )


def test_all_or_nothing_setting_changes_the_score(db: Database, village: int) -> None:
    period = period_id(db)
    save_result(db, period, village, criteria(db, period)["CT01"], rate(40, 100), TODAY)
    assert compute_period_scores(db, period).by_unit(village).points == Decimal("3.5")
    save_result_settings(db, ResultSettings(scoring_mode=ScoringMode.ALL_OR_NOTHING))
    assert compute_period_scores(db, period).by_unit(village).points == 0


def test_bands_follow_the_settings() -> None:
    settings = ResultSettings()
    assert band_for(Decimal(90), settings) == EXCELLENT
    assert band_for(Decimal("89.99"), settings) == GOOD
    assert band_for(Decimal(70), settings) == GOOD
    assert band_for(Decimal(50), settings) == COMPLETE
    assert band_for(Decimal("49.9"), settings) == NOT_COMPLETE
    assert (
        band_for(Decimal(85), replace(settings, good_from=Decimal(60), excellent_from=Decimal(85)))
        == EXCELLENT
    )


def test_band_settings_must_rise(db: Database) -> None:
    with pytest.raises(ValidationError, match="tăng dần"):
        save_result_settings(db, ResultSettings(good_from=Decimal(95)))
    assert get_result_settings(db) == ResultSettings()


def test_ranks_within_kind_with_the_tie_rule(db: Database) -> None:
    period = period_id(db)
    codes = criteria(db, period)
    east = create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    west = create_unit(db, UnitInput("THON02", "Thôn Tây", UnitKind.VILLAGE))
    south = create_unit(db, UnitInput("THON03", "Thôn Nam", UnitKind.VILLAGE))
    office = create_unit(db, UnitInput("PVHXH", "Phòng Văn hóa – Xã hội", UnitKind.DEPARTMENT))
    fill_everything(db, east, period)
    fill_everything(db, west, period)
    fill_everything(db, office, period, points=2)
    # West misses CT01 but earns the same points back nowhere: east ranks first.
    save_result(db, period, west, codes["CT01"], rate(79, 100), TODAY)
    scores = compute_period_scores(db, period)
    assert [(u.name, u.rank) for u in scores.of_kind(UnitKind.VILLAGE)] == [
        ("Thôn Đông", 1),
        ("Thôn Nam", 3),
        ("Thôn Tây", 2),
    ]
    assert scores.by_unit(east).score == 100 and scores.by_unit(east).band == EXCELLENT
    assert scores.by_unit(office).rank == 1  # ranked among departments only
    assert scores.by_unit(south).score == 0 and scores.by_unit(south).band == NOT_COMPLETE

    # Equal scores: more results accepted ranks first; then the earlier finisher.
    save_result(db, period, west, codes["CT01"], rate(100, 100), TODAY)
    scores = compute_period_scores(db, period)
    assert scores.by_unit(east).rank == scores.by_unit(west).rank == 1
    assert scores.by_unit(east).shared_rank
    west_results = [line.result_id for line in unit_results(db, period, west).lines]
    set_review_status(db, [r for r in west_results if r], ReviewStatus.ACCEPTED)
    scores = compute_period_scores(db, period)
    assert (scores.by_unit(west).rank, scores.by_unit(east).rank) == (1, 2)
    east_results = [line.result_id for line in unit_results(db, period, east).lines]
    set_review_status(db, [r for r in east_results if r], ReviewStatus.ACCEPTED)
    save_result(
        db,
        period,
        west,
        codes["CT10"],
        replace(rate(100, 100), received_on=date(2026, 9, 30), review_status=ReviewStatus.ACCEPTED),
        TODAY,
    )
    scores = compute_period_scores(db, period)
    assert (scores.by_unit(east).rank, scores.by_unit(west).rank) == (1, 2)


# --- the lock -----------------------------------------------------------------------------


def test_a_locked_period_refuses_edits_with_the_reason(db: Database, village: int) -> None:
    period = period_id(db)
    codes = criteria(db, period)
    result = save_result(db, period, village, codes["CT01"], rate(9, 10), TODAY)
    lock_period(db, period, "Đã dùng tại Quyết định số 12/QĐ-UBND", TODAY, document_id=1)
    for attempt in (
        lambda: save_result(db, period, village, codes["CT02"], rate(1, 2), TODAY),
        lambda: set_review_status(db, [result], ReviewStatus.ACCEPTED),
        lambda: record_verification(
            db, result, Figure(numerator=Decimal(1), denominator=Decimal(2)), TODAY, today=TODAY
        ),
    ):
        with pytest.raises(UserError, match="Quyết định số 12/QĐ-UBND"):
            attempt()
    with pytest.raises(UserError, match="Không mở khóa"):
        unlock_period(db, period)
    assert unit_results(db, period, village).lines[7].result_id is None


def test_a_hand_lock_can_be_lifted(db: Database, village: int) -> None:
    period = period_id(db)
    lock_period(db, period, "Hội đồng đã họp xét", TODAY)
    with pytest.raises(UserError, match="Hội đồng đã họp xét"):
        save_result(db, period, village, criteria(db, period)["CT01"], rate(1, 2), TODAY)
    unlock_period(db, period)
    save_result(db, period, village, criteria(db, period)["CT01"], rate(1, 2), TODAY)
