"""The rules that turn one result into a judgement, with no database: which criteria apply to
a unit, the rate computed from its counts, met or not met by the criterion's comparator, the
checks on typed figures, and the points a result earns.

Scoring rules (the office can read them in the app's help and on each score page):
- a criterion marked "không áp dụng" for a unit leaves both the points and the maximum;
- a missing result, or one returned to the unit ("Trả lại"), earns 0 of its weight;
- verified figures (from an inspection) replace the reported ones once they exist;
- a rate or count with a target earns the whole weight when met; when missed it earns, by the
  scoring setting, nothing or a share of the weight in proportion to the figure
  (figure ÷ target for "≥"/">", target ÷ figure for "≤"; an "=" target missed earns nothing),
  never more than 99 % of the weight;
- a yes/no criterion answered "Không" earns nothing; "Có" earns what the reviewer set, else
  the whole weight; a qualitative criterion (or a figure with no target) earns what the
  reviewer set, 0 until then;
- the score is 100 × points ÷ the weights of the applicable criteria, rounded to 2 decimals
  before it is banded and ranked (the office compares the figures it sees).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from kt_desktop.domain.enums import (
    Comparator,
    CriterionKind,
    CriterionSubject,
    ReviewStatus,
    ScoringMode,
    UnitKind,
)
from kt_desktop.errors import ValidationError

HUNDRED = Decimal(100)
ZERO = Decimal(0)


class CellState(StrEnum):
    """A unit's standing on one criterion in the completeness view."""

    MISSING = "missing"
    RECEIVED = "received"
    IN_REVIEW = "in_review"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    NOT_APPLICABLE = "not_applicable"


CELL_STATE_LABELS: dict[CellState, str] = {
    CellState.MISSING: "Chưa nộp",
    CellState.RECEIVED: "Đã nhận",
    CellState.IN_REVIEW: "Đang xem xét",
    CellState.ACCEPTED: "Đã chấp nhận",
    CellState.RETURNED: "Trả lại",
    CellState.NOT_APPLICABLE: "Không áp dụng",
}

# States a reminder letter chases: nothing sent yet, or sent back to be redone.
OWED_STATES = frozenset({CellState.MISSING, CellState.RETURNED})


def cell_state(exists: bool, not_applicable: bool, review_status: str | None) -> CellState:
    if not exists:
        return CellState.MISSING
    if not_applicable:
        return CellState.NOT_APPLICABLE
    return CellState(ReviewStatus(review_status or ReviewStatus.RECEIVED).value)


def applies_to_unit(subject: str, unit_kinds: list[str] | tuple[str, ...], kind: str) -> bool:
    """Whether a criterion judges units of `kind` (the plan's III.1.1 and III.1.3 criteria)."""
    if subject not in (CriterionSubject.UNIT, CriterionSubject.OTHER_CONTRIBUTOR):
        return False
    return UnitKind(kind) in {UnitKind(k) for k in unit_kinds}


@dataclass(frozen=True)
class Figure:
    """The figures of one result in its criterion's kind: reported, or as verified."""

    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None
    yes_no: bool | None = None
    assessment: str = ""

    def is_empty(self) -> bool:
        return (
            self.numerator is None
            and self.denominator is None
            and self.value is None
            and self.yes_no is None
            and not self.assessment
        )


@dataclass(frozen=True)
class Target:
    """What scoring needs of a criterion."""

    kind: CriterionKind
    comparator: Comparator | None
    threshold: Decimal | None
    weight: Decimal
    # Whether a figure is compared with a threshold (else the reviewer awards the points);
    # computed once, as scoring asks it for every result.
    has_target: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "has_target",
            self.kind in (CriterionKind.RATE, CriterionKind.COUNT)
            and self.comparator is not None
            and self.threshold is not None,
        )


def rate_percent(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """The rate in percent from its counts, or None when either count is missing."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator * HUNDRED / denominator


def measured(kind: CriterionKind, figure: Figure) -> Decimal | None:
    """The number a target is compared with: the rate in percent, or the count."""
    if kind == CriterionKind.RATE:
        computed = rate_percent(figure.numerator, figure.denominator)
        return computed if computed is not None else figure.value
    if kind == CriterionKind.COUNT:
        return figure.value
    return None


def is_met(target: Target, figure: Figure) -> bool | None:
    """Met or not met by the comparator; None when there is nothing to compare."""
    if target.kind == CriterionKind.YES_NO:
        return figure.yes_no
    if not target.has_target:
        return None
    value = measured(target.kind, figure)
    if value is None:
        return None
    assert target.threshold is not None
    threshold = target.threshold
    match target.comparator:
        case Comparator.AT_LEAST:
            return value >= threshold
        case Comparator.MORE_THAN:
            return value > threshold
        case Comparator.AT_MOST:
            return value <= threshold
        case _:
            return value == threshold


# A missed target never earns the whole weight, even when its figure equals a strict ("> t")
# threshold: at most this share of it.
MISSED_SHARE_CAP = Decimal("0.99")


def _proportional_share(target: Target, value: Decimal) -> Decimal:
    """The share of the weight a missed target earns by the proportional setting."""
    assert target.threshold is not None
    threshold = target.threshold
    if target.comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN):
        share = value / threshold if threshold > 0 else ZERO
    elif target.comparator == Comparator.AT_MOST:
        share = threshold / value if value > 0 else ZERO
    else:
        share = ZERO
    return min(max(share, ZERO), MISSED_SHARE_CAP)


def judge(
    target: Target,
    figure: Figure | None,
    *,
    returned: bool = False,
    reviewer_points: Decimal | None = None,
    mode: ScoringMode = ScoringMode.PROPORTIONAL,
) -> tuple[Decimal, bool | None]:
    """Points out of `target.weight` for one applicable result (None figure: not reported),
    and whether it met its target (None: nothing to compare, or returned to the unit)."""
    if figure is None or returned:
        return ZERO, None
    met = is_met(target, figure)
    if target.kind == CriterionKind.YES_NO:
        # "Không" (reported, or verified by an inspection) earns nothing, whatever points a
        # reviewer gave an earlier "Có"; "Có" earns the reviewer's points or the weight.
        if not figure.yes_no:
            return ZERO, met
        if reviewer_points is not None:
            return min(max(reviewer_points, ZERO), target.weight), met
        return target.weight, met
    if reviewer_points is not None and not target.has_target:
        return min(max(reviewer_points, ZERO), target.weight), met
    if met is None:
        return ZERO, None
    if met:
        return target.weight, True
    if mode == ScoringMode.ALL_OR_NOTHING:
        return ZERO, False
    value = measured(target.kind, figure)
    assert value is not None
    return target.weight * _proportional_share(target, value), False


def earned_points(
    target: Target,
    figure: Figure | None,
    *,
    returned: bool = False,
    reviewer_points: Decimal | None = None,
    mode: ScoringMode = ScoringMode.PROPORTIONAL,
) -> Decimal:
    """Points out of `target.weight` for one applicable result (see judge)."""
    return judge(target, figure, returned=returned, reviewer_points=reviewer_points, mode=mode)[0]


def score_from(points: Decimal, maximum: Decimal) -> Decimal | None:
    """A score out of 100, or None when no criterion applies."""
    if maximum <= 0:
        return None
    return points * HUNDRED / maximum


def round_score(score: Decimal) -> Decimal:
    return score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _whole(value: Decimal) -> bool:
    return value == value.to_integral_value()


MAX_DIGITS = 15


def _check_size(figure: Figure, what: str, prefix: str) -> None:
    for name in ("numerator", "denominator", "value"):
        number = getattr(figure, name)
        if number is not None and len(number.as_tuple().digits) > MAX_DIGITS:
            raise ValidationError(
                f"{what}Số {number} dài quá {MAX_DIGITS} chữ số.", field=f"{prefix}{name}"
            )


def validate_figure(
    kind: CriterionKind, figure: Figure, *, what: str = "", field_prefix: str = ""
) -> Figure:
    """Check typed figures; returns the figure with the columns of other kinds cleared.

    `what` prefixes messages ("Số liệu xác minh: ") and `field_prefix` the fields they name
    ("verified_"), when a form holds several figures."""
    _check_size(figure, what, field_prefix)
    try:
        return _validate(kind, figure, what)
    except ValidationError as error:
        if field_prefix and error.field:
            error.field = f"{field_prefix}{error.field}"
        raise


def _validate(kind: CriterionKind, figure: Figure, what: str) -> Figure:
    if kind == CriterionKind.RATE:
        numerator, denominator = figure.numerator, figure.denominator
        if (numerator is None) != (denominator is None):
            raise ValidationError(
                f"{what}Tỷ lệ cần cả tử số và mẫu số.",
                field="denominator" if denominator is None else "numerator",
            )
        if numerator is not None and denominator is not None:
            if numerator < 0 or denominator < 0:
                raise ValidationError(f"{what}Tử số và mẫu số không được âm.", field="numerator")
            if not (_whole(numerator) and _whole(denominator)):
                raise ValidationError(
                    f"{what}Tử số và mẫu số là số đếm, phải là số nguyên.", field="numerator"
                )
            if denominator == 0:
                raise ValidationError(
                    f"{what}Mẫu số bằng 0: không tính được tỷ lệ.",
                    field="denominator",
                    hint="Nếu đơn vị không phát sinh việc này, hãy đánh dấu “Không áp dụng”.",
                )
            if denominator < numerator:
                raise ValidationError(
                    f"{what}Mẫu số ({denominator}) nhỏ hơn tử số ({numerator}): "
                    "tỷ lệ sẽ vượt 100%.",
                    field="denominator",
                )
            return Figure(numerator=numerator, denominator=denominator)
        if figure.value is not None and not ZERO <= figure.value <= HUNDRED:
            raise ValidationError(f"{what}Tỷ lệ phải từ 0% đến 100%.", field="value")
        return Figure(value=figure.value)
    if kind == CriterionKind.COUNT:
        if figure.value is not None:
            if figure.value < 0:
                raise ValidationError(f"{what}Số lượng không được âm.", field="value")
            if not _whole(figure.value):
                raise ValidationError(f"{what}Số lượng phải là số nguyên.", field="value")
        return Figure(value=figure.value)
    if kind == CriterionKind.YES_NO:
        return Figure(yes_no=figure.yes_no)
    return Figure(assessment=figure.assessment)
