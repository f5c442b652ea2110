"""Scores, ranks and bands of a period's units, computed from the recorded results.

Ranking is within each kind of unit. Ties are broken, in order, by:
1. the score as shown (rounded to 2 decimals), higher first;
2. the number of targets met, more first;
3. the number of results the office accepted, more first;
4. the date the unit's last result was received, earlier first (it finished sooner); a unit
   that has not sent every result ranks after those that have.
Units equal on all four share a rank ("đồng hạng") and are listed by name.
A unit with no applicable criterion has no score and no rank.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, text
from sqlmodel import col, select

from kt_desktop.domain import Criterion, Period, Result, Unit
from kt_desktop.domain.enums import ReviewStatus, UnitKind
from kt_desktop.errors import UserError
from kt_desktop.services.database import Database
from kt_desktop.services.figures import (
    Figure,
    Target,
    applies_to_unit,
    judge,
    round_score,
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


def _as_date(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


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
        if period.results_lock_reason and period.results_locked_settings:
            settings = ResultSettings.from_json(period.results_locked_settings)
        criteria = session.exec(select(Criterion).where(Criterion.period_id == period_id)).all()
        # Active units, and any unit that took part in the period (deactivating a unit later
        # must not drop it from a ranking already used).
        took_part = select(Result.unit_id).where(Result.period_id == period_id)
        units = session.exec(
            select(Unit).where(or_(col(Unit.active), col(Unit.id).in_(took_part)))
        ).all()
        # Raw column values, converted here only where needed: the column types' per-value
        # conversions would cost more than the scoring itself.
        rows = (
            session.connection()
            .execute(
                text(
                    "SELECT unit_id, criterion_id, numerator, denominator, value, yes_no,"
                    " not_applicable, review_status, reviewer_points, received_on,"
                    " verified_numerator, verified_denominator, verified_value, verified_yes_no,"
                    " verified_on FROM result WHERE period_id = :period"
                ),
                {"period": period_id},
            )
            .all()
        )
        period_name, lock_reason = period.name, period.results_lock_reason

    targets = {c.id: Target(c.kind, c.comparator, c.threshold, c.weight) for c in criteria if c.id}
    # Which criteria apply to each kind of unit, computed once per kind.
    by_kind: dict[str, frozenset[int]] = {}
    for unit in units:
        if unit.kind not in by_kind:
            by_kind[unit.kind] = frozenset(
                c.id
                for c in criteria
                if c.id and applies_to_unit(c.subject, c.unit_kinds, unit.kind)
            )
    scores = {u.id: UnitScore(u.id or 0, u.code, u.name, u.kind) for u in units if u.id is not None}
    # The whole weight a kind of unit can earn; a result marked "không áp dụng" takes its
    # criterion's weight back out. Missing results stay in: a unit that sent nothing scores 0.
    kind_weight = {
        kind: sum((targets[c].weight for c in applicable), Decimal(0))
        for kind, applicable in by_kind.items()
    }
    rows_seen: dict[int, int] = {}
    mode = settings.scoring_mode
    decimals: dict[str, Decimal] = {}
    accepted, returned = ReviewStatus.ACCEPTED, ReviewStatus.RETURNED

    def exact(raw: str | None) -> Decimal | None:
        if raw is None:
            return None
        number = decimals.get(raw)
        if number is None:
            number = decimals[raw] = Decimal(raw)
        return number

    last_received: dict[int, Any] = {}
    for (
        unit_id,
        criterion_id,
        numerator,
        denominator,
        value,
        yes_no,
        not_applicable,
        status,
        reviewer_points,
        received_on,
        verified_numerator,
        verified_denominator,
        verified_value,
        verified_yes_no,
        verified_on,
    ) in rows:
        unit_score = scores.get(unit_id)
        if unit_score is None or criterion_id not in by_kind[unit_score.kind]:
            continue  # an inactive unit, or a criterion that no longer applies
        # One result per unit and criterion (a unique constraint), so a count will do.
        rows_seen[unit_id] = rows_seen.get(unit_id, 0) + 1
        target = targets[criterion_id]
        if not_applicable:
            unit_score.not_applicable += 1
            unit_score.maximum -= target.weight
            continue
        unit_score.reported += 1
        if status == accepted:
            unit_score.accepted += 1
        if verified_on is not None or not (
            verified_numerator is None
            and verified_denominator is None
            and verified_value is None
            and verified_yes_no is None
        ):
            figure = Figure(
                exact(verified_numerator),
                exact(verified_denominator),
                exact(verified_value),
                None if verified_yes_no is None else bool(verified_yes_no),
            )
        else:
            figure = Figure(
                exact(numerator),
                exact(denominator),
                exact(value),
                None if yes_no is None else bool(yes_no),
            )
        points, met = judge(
            target,
            figure,
            returned=status == returned,
            reviewer_points=exact(reviewer_points),
            mode=mode,
        )
        unit_score.points += points
        if met:
            unit_score.met += 1
        # ISO text on SQLite, dates on PostgreSQL: either compares in date order.
        if received_on is not None and (
            unit_id not in last_received or received_on > last_received[unit_id]
        ):
            last_received[unit_id] = received_on

    for unit_id, unit_score in scores.items():
        applicable = by_kind[unit_score.kind]
        unit_score.applicable = len(applicable) - unit_score.not_applicable
        unit_score.maximum += kind_weight[unit_score.kind]
        if unit_id in last_received and rows_seen.get(unit_id, 0) >= len(applicable):
            unit_score.last_received = _as_date(last_received[unit_id])
        # A unit that hasn't sent every result can't win the "finished sooner" tie-break.
        score = score_from(unit_score.points, unit_score.maximum)
        unit_score.score = round_score(score) if score is not None else None
        unit_score.band = band_for(unit_score.score, settings)

    kind_order = {kind: position for position, kind in enumerate(UnitKind)}
    ordered = sorted(scores.values(), key=lambda u: (kind_order[u.kind], collation_key(u.name)))
    for kind in {u.kind for u in ordered}:
        _rank([u for u in ordered if u.kind == kind])
    return PeriodScores(period_id, period_name, lock_reason, settings, ordered)
