"""The criteria of each period: listed, edited until the period has results, copied forward."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from kt_desktop.domain import Criterion, Period, Result
from kt_desktop.domain.enums import (
    Comparator,
    CriterionKind,
    CriterionSubject,
    PeriodKind,
    PersonKind,
    PrioritySector,
    UnitKind,
)
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.movement import require_period
from kt_desktop.text import clean_text, fold

MEASURED_KINDS = (CriterionKind.RATE, CriterionKind.COUNT)


@dataclass(frozen=True)
class CriterionInput:
    code: str
    subject: CriterionSubject
    kind: CriterionKind
    wording: str
    section_ref: str
    comparator: Comparator | None = None
    threshold: Decimal | None = None
    numerator_label: str = ""
    denominator_label: str = ""
    weight: Decimal = Decimal(1)
    unit_kinds: tuple[UnitKind, ...] = ()
    person_kinds: tuple[PersonKind, ...] = ()
    content_area: int = 1
    priority_sector: PrioritySector | None = None


@dataclass(frozen=True)
class CriterionRow:
    id: int
    period_id: int
    code: str
    subject: CriterionSubject
    kind: CriterionKind
    wording: str
    section_ref: str
    comparator: Comparator | None
    threshold: Decimal | None
    numerator_label: str
    denominator_label: str
    weight: Decimal
    unit_kinds: tuple[UnitKind, ...]
    person_kinds: tuple[PersonKind, ...]
    content_area: int
    priority_sector: PrioritySector | None
    sort_order: int = 0

    def as_input(self) -> CriterionInput:
        return CriterionInput(
            code=self.code,
            subject=self.subject,
            kind=self.kind,
            wording=self.wording,
            section_ref=self.section_ref,
            comparator=self.comparator,
            threshold=self.threshold,
            numerator_label=self.numerator_label,
            denominator_label=self.denominator_label,
            weight=self.weight,
            unit_kinds=self.unit_kinds,
            person_kinds=self.person_kinds,
            content_area=self.content_area,
            priority_sector=self.priority_sector,
        )


@dataclass(frozen=True)
class PeriodCriteria:
    period_id: int
    period_name: str
    frozen: bool
    result_count: int
    criteria: list[CriterionRow] = field(default_factory=list)


def _row(criterion: Criterion) -> CriterionRow:
    return CriterionRow(
        id=criterion.id or 0,
        period_id=criterion.period_id,
        code=criterion.code,
        subject=criterion.subject,
        kind=criterion.kind,
        wording=criterion.wording,
        section_ref=criterion.section_ref,
        comparator=criterion.comparator,
        threshold=criterion.threshold,
        numerator_label=criterion.numerator_label,
        denominator_label=criterion.denominator_label,
        weight=criterion.weight,
        unit_kinds=tuple(UnitKind(k) for k in criterion.unit_kinds),
        person_kinds=tuple(PersonKind(k) for k in criterion.person_kinds),
        content_area=criterion.content_area,
        priority_sector=PrioritySector(criterion.priority_sector)
        if criterion.priority_sector
        else None,
        sort_order=criterion.sort_order,
    )


def result_count(session: Session, period_id: int) -> int:
    return int(session.exec(select(func.count()).where(Result.period_id == period_id)).one())


def _frozen_error(period_name: str, count: int) -> UserError:
    return UserError(
        f"Tiêu chí của kỳ “{period_name}” đã khóa vì kỳ này đã có {count} kết quả được ghi nhận; "
        "sửa tiêu chí lúc này sẽ làm sai điểm đã chấm.",
        "Muốn dùng bộ tiêu chí khác, hãy sửa ở kỳ sau.",
    )


def _ensure_editable(session: Session, period: Period) -> None:
    count = result_count(session, period.id or 0)
    if count:
        raise _frozen_error(period.name, count)


def period_criteria(db: Database, period_id: int) -> PeriodCriteria:
    with db.session() as session:
        period = require_period(session, period_id)
        count = result_count(session, period_id)
        criteria = session.exec(
            select(Criterion)
            .where(Criterion.period_id == period_id)
            .order_by(col(Criterion.sort_order), col(Criterion.id))
        ).all()
        return PeriodCriteria(
            period_id=period_id,
            period_name=period.name,
            frozen=count > 0,
            result_count=count,
            criteria=[_row(c) for c in criteria],
        )


def _clean_criterion(data: CriterionInput) -> CriterionInput:
    code = clean_text(data.code).replace(" ", "").upper()
    wording = clean_text(data.wording)
    if not code:
        raise ValidationError("Mã tiêu chí không được để trống.", field="code")
    if len(code) > 20:
        raise ValidationError("Mã tiêu chí dài quá 20 ký tự.", field="code")
    if not wording:
        raise ValidationError("Nội dung tiêu chí không được để trống.", field="wording")
    section_ref = clean_text(data.section_ref)
    if not section_ref:
        raise ValidationError(
            "Hãy ghi mục của kế hoạch mà tiêu chí dựa vào (ví dụ III.1.1).", field="section_ref"
        )
    kind = CriterionKind(data.kind)
    subject = CriterionSubject(data.subject)
    comparator = data.comparator
    threshold = data.threshold
    numerator_label = clean_text(data.numerator_label)
    denominator_label = clean_text(data.denominator_label)
    if kind in MEASURED_KINDS:
        if comparator is None or threshold is None:
            raise ValidationError(
                "Tiêu chí định lượng phải có phép so sánh và mức chỉ tiêu.", field="threshold"
            )
        if not threshold.is_finite() or threshold < 0:
            raise ValidationError("Mức chỉ tiêu không được âm.", field="threshold")
        if kind == CriterionKind.RATE:
            if threshold > 100:
                raise ValidationError(
                    "Chỉ tiêu tỷ lệ phải nằm trong khoảng 0 đến 100 %.", field="threshold"
                )
            if not numerator_label or not denominator_label:
                raise ValidationError(
                    "Tiêu chí tỷ lệ phải ghi rõ tử số và mẫu số.", field="numerator_label"
                )
    else:
        comparator, threshold = None, None
    if kind != CriterionKind.RATE:
        numerator_label = denominator_label = ""
    if not data.weight.is_finite() or data.weight <= 0 or data.weight > 1000:
        raise ValidationError("Trọng số phải lớn hơn 0 và không quá 1.000.", field="weight")
    if not 1 <= data.content_area <= 7:
        raise ValidationError("Nội dung thi đua phải là một trong các mục 1 đến 7.", field="area")
    unit_kinds = tuple(UnitKind(k) for k in data.unit_kinds)
    person_kinds = tuple(PersonKind(k) for k in data.person_kinds)
    # A criterion for units judges no person, and one for individuals judges no unit.
    if subject == CriterionSubject.UNIT:
        person_kinds = ()
    elif subject == CriterionSubject.INDIVIDUAL:
        unit_kinds = ()
    if subject == CriterionSubject.UNIT and not unit_kinds:
        raise ValidationError(
            "Tiêu chí dành cho tập thể phải áp dụng cho ít nhất một loại đơn vị.",
            field="unit_kinds",
        )
    if subject == CriterionSubject.INDIVIDUAL and not person_kinds:
        raise ValidationError(
            "Tiêu chí dành cho cá nhân phải áp dụng cho ít nhất một loại cá nhân.",
            field="person_kinds",
        )
    if subject == CriterionSubject.OTHER_CONTRIBUTOR and not (unit_kinds or person_kinds):
        raise ValidationError(
            "Tiêu chí cho đối tượng khác phải áp dụng cho ít nhất một loại đơn vị hoặc cá nhân.",
            field="unit_kinds",
        )
    return CriterionInput(
        code=code,
        subject=subject,
        kind=kind,
        wording=wording,
        section_ref=section_ref,
        comparator=comparator,
        threshold=threshold,
        numerator_label=numerator_label,
        denominator_label=denominator_label,
        weight=data.weight,
        unit_kinds=unit_kinds,
        person_kinds=person_kinds,
        content_area=data.content_area,
        priority_sector=data.priority_sector,
    )


def _apply(criterion: Criterion, data: CriterionInput) -> None:
    criterion.code = data.code
    criterion.subject = data.subject
    criterion.kind = data.kind
    criterion.wording = data.wording
    criterion.section_ref = data.section_ref
    criterion.comparator = data.comparator
    criterion.threshold = data.threshold
    criterion.numerator_label = data.numerator_label
    criterion.denominator_label = data.denominator_label
    criterion.weight = data.weight
    criterion.unit_kinds = [str(k) for k in data.unit_kinds]
    criterion.person_kinds = [str(k) for k in data.person_kinds]
    criterion.content_area = data.content_area
    criterion.priority_sector = str(data.priority_sector) if data.priority_sector else None


def _check_code_free(session: Session, period_id: int, code: str, own_id: int | None) -> None:
    for other_id, other_code in session.exec(
        select(Criterion.id, Criterion.code).where(Criterion.period_id == period_id)
    ):
        if other_id != own_id and fold(other_code) == fold(code):
            raise ValidationError(f"Mã tiêu chí “{code}” đã có trong kỳ này.", field="code")


def update_criterion(db: Database, criterion_id: int, data: CriterionInput) -> None:
    cleaned = _clean_criterion(data)
    with db.session() as session:
        criterion = session.get(Criterion, criterion_id)
        if criterion is None:
            raise UserError("Tiêu chí này không còn trong cơ sở dữ liệu.")
        _ensure_editable(session, require_period(session, criterion.period_id))
        _check_code_free(session, criterion.period_id, cleaned.code, criterion_id)
        _apply(criterion, cleaned)
        session.add(criterion)


def add_criterion(db: Database, period_id: int, data: CriterionInput) -> int:
    cleaned = _clean_criterion(data)
    with db.session() as session:
        _ensure_editable(session, require_period(session, period_id))
        _check_code_free(session, period_id, cleaned.code, None)
        last = session.exec(
            select(func.max(Criterion.sort_order)).where(Criterion.period_id == period_id)
        ).one()
        criterion = Criterion(
            period_id=period_id,
            code=cleaned.code,
            subject=cleaned.subject,
            kind=cleaned.kind,
            wording=cleaned.wording,
            section_ref=cleaned.section_ref,
            sort_order=int(last or 0) + 10,
        )
        _apply(criterion, cleaned)
        session.add(criterion)
        session.flush()
        assert criterion.id is not None
        return criterion.id


def delete_criterion(db: Database, criterion_id: int) -> None:
    with db.session() as session:
        criterion = session.get(Criterion, criterion_id)
        if criterion is None:
            return
        _ensure_editable(session, require_period(session, criterion.period_id))
        session.delete(criterion)


def _copy_source(session: Session, period: Period) -> Period | None:
    """The period whose criteria a new one starts from: for a year, the year before (not
    the review that sits between them); for a review, whatever comes just before it."""
    query = (
        select(Period)
        .where(Period.movement_id == period.movement_id)
        .where(Period.sort_order < period.sort_order)
    )
    if period.kind == PeriodKind.ANNUAL:
        query = query.where(Period.kind == PeriodKind.ANNUAL)
    return session.exec(query.order_by(col(Period.sort_order).desc())).first()


def copy_source_name(db: Database, period_id: int) -> str | None:
    """The name of the period copy_criteria_from_previous would copy from, if any."""
    with db.session() as session:
        source = _copy_source(session, require_period(session, period_id))
        return source.name if source is not None else None


def copy_criteria_from_previous(db: Database, period_id: int) -> int:
    """Replace the period's criteria with a copy of the previous period's; returns the count."""
    with db.session() as session:
        period = require_period(session, period_id)
        _ensure_editable(session, period)
        source_period = _copy_source(session, period)
        source_id = source_period.id if source_period is not None else None
        if source_id is None:
            raise UserError(f"Kỳ “{period.name}” là kỳ đầu tiên nên không có kỳ trước để sao chép.")
        source = session.exec(
            select(Criterion)
            .where(Criterion.period_id == source_id)
            .order_by(col(Criterion.sort_order), col(Criterion.id))
        ).all()
        if not source:
            raise UserError("Kỳ trước chưa có tiêu chí nào để sao chép.")
        session.execute(delete(Criterion).where(col(Criterion.period_id) == period_id))
        for criterion in source:
            session.add(
                Criterion(
                    **criterion.model_dump(exclude={"id", "period_id"}),
                    period_id=period_id,
                )
            )
        return len(source)
