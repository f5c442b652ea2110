"""The movement seeded from the plan: phases, periods and every criterion as the plan states it."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import select

from kt_desktop.domain import Criterion, Movement, Period, Phase
from kt_desktop.domain.enums import Comparator, CriterionKind, CriterionSubject, PeriodKind
from kt_desktop.services.criteria import period_criteria
from kt_desktop.services.database import Database
from kt_desktop.services.movement import list_periods
from kt_desktop.services.seed import ensure_seeded
from tests.conftest import SHARED

PLAN_FILE = SHARED / "plan" / "ke-hoach-phong-trao-thi-dua-kim-thanh.txt"


def plan_text() -> str:
    raw = PLAN_FILE.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", raw))


def test_movement_phases_and_periods_follow_the_plan(db: Database) -> None:
    with db.session() as session:
        movements = session.exec(select(Movement)).all()
        phases = session.exec(select(Phase).order_by(Phase.number)).all()
    assert len(movements) == 1
    assert (movements[0].start_year, movements[0].end_year) == (2025, 2030)
    assert [(p.number, p.start_year, p.end_year) for p in phases] == [
        (1, 2025, 2027),
        (2, 2027, 2030),
    ]

    periods = list_periods(db)
    assert [p.name for p in periods] == [
        "Năm 2025",
        "Năm 2026",
        "Năm 2027",
        "Sơ kết giai đoạn 1 (2025–2027)",
        "Năm 2028",
        "Năm 2029",
        "Năm 2030",
        "Tổng kết phong trào (2025–2030)",
    ]
    review = next(p for p in periods if p.kind == PeriodKind.MID_TERM_REVIEW)
    assert (review.year, review.phase_name) == (2027, "Giai đoạn 1 (2025–2027)")
    final = next(p for p in periods if p.kind == PeriodKind.FINAL_REVIEW)
    assert (final.start_date, final.end_date) == (date(2025, 1, 1), date(2030, 12, 31))
    assert next(p for p in periods if p.year == 2028).phase_name == "Giai đoạn 2 (2027–2030)"


def test_the_eleven_targets_have_the_plan_thresholds(db: Database) -> None:
    first = list_periods(db)[0]
    criteria = period_criteria(db, first.id).criteria
    targets = [c for c in criteria if c.kind == CriterionKind.RATE]
    # The plan's third bullet holds two targets (businesses; any commune): CT03 and CT04.
    assert len(targets) == 11
    assert [c.threshold for c in targets] == [
        Decimal(v) for v in (80, 90, 100, 100, 100, 100, 100, 100, 100, 100, 70)
    ]
    assert {c.comparator for c in targets} == {Comparator.AT_LEAST}
    assert targets[0].wording.startswith("80% trở lên thủ tục hành chính sử dụng dịch vụ công")
    assert targets[-1].wording.startswith("Tối thiểu 70% có hệ thống cơ sở dữ liệu dùng chung")
    assert "LGSP" in targets[-1].wording
    assert all(c.numerator_label and c.denominator_label for c in targets)


def test_every_criterion_is_worded_exactly_as_in_the_plan(db: Database) -> None:
    plan = plan_text()
    criteria = period_criteria(db, list_periods(db)[0].id).criteria
    assert len(criteria) == 19
    for criterion in criteria:
        assert unicodedata.is_normalized("NFC", criterion.wording)
        assert criterion.wording in plan, criterion.code
    by_section: dict[str, list[str]] = {}
    for criterion in criteria:
        by_section.setdefault(criterion.section_ref, []).append(criterion.code)
    assert len(by_section["III.1.1"]) == 17  # six qualitative + eleven targets
    assert by_section["III.1.2"] == ["CN01"]
    assert by_section["III.1.3"] == ["DK01"]
    qualitative = [
        c
        for c in criteria
        if c.subject == CriterionSubject.UNIT and c.kind == CriterionKind.QUALITATIVE
    ]
    assert len(qualitative) == 6
    assert qualitative[0].wording.startswith("Hoàn thành có chất lượng, đúng thời hạn")
    individual = next(c for c in criteria if c.code == "CN01")
    assert individual.subject == CriterionSubject.INDIVIDUAL
    assert individual.wording.startswith("Cán bộ, công chức, viên chức có sáng kiến")
    assert all(1 <= c.content_area <= 7 for c in criteria)
    # Unit criteria weigh 100 points in all, so a unit's score reads as points out of 100.
    assert sum(c.weight for c in criteria if c.subject == CriterionSubject.UNIT) == 100


def test_seeding_again_changes_nothing(db: Database) -> None:
    def counts() -> tuple[int, int, int, int]:
        with db.session() as session:
            return tuple(  # type: ignore[return-value]
                session.exec(select(func.count()).select_from(table)).one()
                for table in (Movement, Phase, Period, Criterion)
            )

    before = counts()
    assert before == (1, 2, 8, 8 * 19)
    assert ensure_seeded(db) is False
    assert counts() == before
