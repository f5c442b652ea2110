"""Scores, ranks and bands of a period's units, computed from the recorded results.

Ranking is within each kind of unit. Ties are broken, in order, by:
1. the score (exact, before rounding), higher first;
2. the number of targets met, more first;
3. the number of results the office accepted, more first;
4. the date the unit's last result was received, earlier first (it finished sooner).
Units equal on all four share a rank ("đồng hạng") and are listed by name.
A unit with no applicable criterion has no score and no rank.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from sqlalchemy import Table
from sqlalchemy import select as core_select
from sqlmodel import col, select

from kt_desktop.domain import Criterion, Period, Result, Unit
from kt_desktop.domain.enums import ReviewStatus, UnitKind
from kt_desktop.errors import UserError
from kt_desktop.services.database import Database
from kt_desktop.services.figures import (
    Figure,
    Target,
    applies_to_unit,
    earned_points,
    is_met,
    score_from,
)
from kt_desktop.services.result_settings import ResultSettings, get_result_settings
from kt_desktop.text import collation_key

EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"
GOOD = "Hoàn thành tốt nhiệm vụ"
COMPLETE = "Hoàn thành nhiệm vụ"
NOT_COMPLETE = "Không hoàn thành nhiệm vụ"
BANDS = (EXCELLENT, GOOD, COMPLETE, NOT_COMPLETE)

TIE_RULE_TEXT = (
    "Bằng điểm thì xếp trên: đơn vị đạt nhiều chỉ tiêu hơn, rồi đơn vị có nhiều kết quả "
    "được chấp nhận hơn, rồi đơn vị nộp đủ kết quả sớm hơn; nếu vẫn bằng nhau thì đồng hạng."
)


def band_for(score: Decimal | None, settings: ResultSettings) -> str:
    if score is None:
        return ""
    if score >= settings.excellent_from:
        return EXCELLENT
    if score >= settings.good_from:
        return GOOD
    if score >= settings.complete_from:
        return COMPLETE
    return NOT_COMPLETE


@dataclass
class UnitScore:
    unit_id: int
    code: str
    name: str
    kind: UnitKind
    points: Decimal = Decimal(0)
    maximum: Decimal = Decimal(0)
    applicable: int = 0
    not_applicable: int = 0
    reported: int = 0
    accepted: int = 0
    met: int = 0
    last_received: date | None = None
    score: Decimal | None = None
    band: str = ""
    rank: int | None = None
    shared_rank: bool = False

    def tie_key(self) -> tuple[Decimal, int, int, int]:
        """Higher ranks first; an earlier last-received date is the higher (negated) ordinal."""
        return (
            self.score if self.score is not None else Decimal(-1),
            self.met,
            self.accepted,
            -(self.last_received or date.max).toordinal(),
        )


@dataclass(frozen=True)
class PeriodScores:
    period_id: int
    period_name: str
    lock_reason: str
    settings: ResultSettings
    units: list[UnitScore]

    def of_kind(self, kind: UnitKind | None) -> list[UnitScore]:
        return [u for u in self.units if kind is None or u.kind == kind]

    def by_unit(self, unit_id: int) -> UnitScore | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)


def _rank(units: list[UnitScore]) -> None:
    """Rank units of one kind in place (see the module docstring for the tie rule)."""
    scored = [u for u in units if u.score is not None]
    scored.sort(key=lambda u: collation_key(u.name))
    scored.sort(key=UnitScore.tie_key, reverse=True)
    previous: UnitScore | None = None
    for position, unit in enumerate(scored, start=1):
        if previous is not None and previous.tie_key() == unit.tie_key():
            unit.rank = previous.rank
            unit.shared_rank = previous.shared_rank = True
        else:
            unit.rank = position
        previous = unit


def compute_period_scores(db: Database, period_id: int) -> PeriodScores:
    """Every active unit's score, band and rank in the period, from the results as they are.

    Reads plain rows (no ORM objects): a period of 3,000 units × 30 criteria is 90,000
    results, and this runs each time the ranking page opens."""
    settings = get_result_settings(db)
    with db.session() as session:
        period = session.get(Period, period_id)
        if period is None:
            raise UserError("Kỳ thi đua này không còn trong cơ sở dữ liệu.")
        criteria = session.exec(select(Criterion).where(Criterion.period_id == period_id)).all()
        units = session.exec(select(Unit).where(col(Unit.active))).all()
        result_table = cast(Table, Result.__table__)  # type: ignore[attr-defined]
        rows = session.execute(
            core_select(
                result_table.c.unit_id,
                result_table.c.criterion_id,
                result_table.c.numerator,
                result_table.c.denominator,
                result_table.c.value,
                result_table.c.yes_no,
                result_table.c.not_applicable,
                result_table.c.review_status,
                result_table.c.reviewer_points,
                result_table.c.received_on,
                result_table.c.verified_numerator,
                result_table.c.verified_denominator,
                result_table.c.verified_value,
                result_table.c.verified_yes_no,
                result_table.c.verified_on,
            ).where(result_table.c.period_id == period_id)
        ).all()
        period_name, lock_reason = period.name, period.results_lock_reason

    targets = {c.id: Target(c.kind, c.comparator, c.threshold, c.weight) for c in criteria if c.id}
    # Which criteria apply to each kind of unit, computed once per kind.
    by_kind: dict[str, list[int]] = {}
    for unit in units:
        if unit.kind not in by_kind:
            by_kind[unit.kind] = [
                c.id
                for c in criteria
                if c.id and applies_to_unit(c.subject, c.unit_kinds, unit.kind)
            ]
    scores = {u.id: UnitScore(u.id or 0, u.code, u.name, u.kind) for u in units if u.id is not None}
    seen: dict[int, set[int]] = {}
    mode = settings.scoring_mode
    for row in rows:
        unit_score = scores.get(row.unit_id)
        if unit_score is None or row.criterion_id not in targets:
            continue
        if row.criterion_id not in by_kind[unit_score.kind]:
            continue  # a result left from before the criterion stopped applying
        seen.setdefault(row.unit_id, set()).add(row.criterion_id)
        target = targets[row.criterion_id]
        if row.not_applicable:
            unit_score.not_applicable += 1
            continue
        unit_score.reported += 1
        unit_score.maximum += target.weight
        status = row.review_status
        if status == ReviewStatus.ACCEPTED:
            unit_score.accepted += 1
        verified = row.verified_on is not None or any(
            v is not None
            for v in (
                row.verified_numerator,
                row.verified_denominator,
                row.verified_value,
                row.verified_yes_no,
            )
        )
        figure = (
            Figure(
                row.verified_numerator,
                row.verified_denominator,
                row.verified_value,
                row.verified_yes_no,
            )
            if verified
            else Figure(row.numerator, row.denominator, row.value, row.yes_no)
        )
        returned = status == ReviewStatus.RETURNED
        unit_score.points += earned_points(
            target, figure, returned=returned, reviewer_points=row.reviewer_points, mode=mode
        )
        if not returned and is_met(target, figure):
            unit_score.met += 1
        if row.received_on is not None and (
            unit_score.last_received is None or row.received_on > unit_score.last_received
        ):
            unit_score.last_received = row.received_on

    for unit_id, unit_score in scores.items():
        applicable = by_kind[unit_score.kind]
        unit_score.applicable = len(applicable) - unit_score.not_applicable
        done = seen.get(unit_id, set())
        # Missing results stay in the maximum: a unit that sent nothing scores 0, not "none".
        for criterion_id in applicable:
            if criterion_id not in done:
                unit_score.maximum += targets[criterion_id].weight
        unit_score.score = score_from(unit_score.points, unit_score.maximum)
        unit_score.band = band_for(unit_score.score, settings)

    ordered = sorted(scores.values(), key=lambda u: (u.kind, collation_key(u.name)))
    for kind in {u.kind for u in ordered}:
        _rank([u for u in ordered if u.kind == kind])
    return PeriodScores(period_id, period_name, lock_reason, settings, ordered)
