"""Each unit's results for a period: entered and checked, reviewed by the office, verified by
inspections, and the period lock that keeps results used in an issued decision unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, col, select

from kt_desktop.domain import Criterion, Period, Result, Unit
from kt_desktop.domain.enums import (
    Comparator,
    CriterionKind,
    ResultSource,
    ReviewStatus,
    UnitKind,
)
from kt_desktop.domain.labels import (
    COMPARATOR_SYMBOLS,
    RESULT_SOURCE_LABELS,
    REVIEW_STATUS_LABELS,
)
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.figures import (
    Figure,
    Target,
    applies_to_unit,
    earned_points,
    is_met,
    measured,
    validate_figure,
)
from kt_desktop.services.movement import require_period
from kt_desktop.services.result_settings import get_result_settings
from kt_desktop.text import clean_text, format_date_short, format_number, format_percent

NOTE_LIMIT = 2000


@dataclass(frozen=True)
class ResultInput:
    """What the office records for one unit and criterion."""

    figure: Figure = field(default_factory=Figure)
    note: str = ""
    not_applicable: bool = False
    not_applicable_reason: str = ""
    source: ResultSource = ResultSource.MANUAL
    source_file: str = ""
    source_row: int | None = None
    received_on: date | None = None
    review_status: ReviewStatus = ReviewStatus.RECEIVED
    return_reason: str = ""
    reviewer_points: Decimal | None = None


@dataclass(frozen=True)
class Verification:
    """What an inspection verified of a result."""

    figure: Figure
    verified_on: date
    note: str = ""


@dataclass(frozen=True)
class ResultLine:
    """One applicable criterion of a unit's period, with whatever was recorded for it."""

    criterion_id: int
    code: str
    wording: str
    kind: CriterionKind
    target_text: str
    weight: Decimal
    numerator_label: str
    denominator_label: str
    comparator: Comparator | None = None
    threshold: Decimal | None = None
    result_id: int | None = None
    data: ResultInput | None = None
    verified: Figure | None = None
    verified_on: date | None = None
    verified_note: str = ""
    figure_text: str = ""
    met: bool | None = None
    points: Decimal | None = None
    evidence_count: int = 0

    @property
    def target(self) -> Target:
        return Target(self.kind, self.comparator, self.threshold, self.weight)

    @property
    def status_text(self) -> str:
        if self.data is None:
            return "Chưa nộp"
        if self.data.not_applicable:
            return "Không áp dụng"
        return REVIEW_STATUS_LABELS[self.data.review_status]

    @property
    def met_text(self) -> str:
        data = self.data
        if data is None:
            return ""
        if data.not_applicable or data.review_status == ReviewStatus.RETURNED:
            return "—"
        if not self.target.has_target and data.reviewer_points is not None:
            return "Đã chấm"
        if self.met is None:
            return "Chưa chấm"
        return "Đạt" if self.met else "Không đạt"

    @property
    def source_text(self) -> str:
        if self.data is None:
            return ""
        return source_text(self.data.source, self.data.source_file, self.data.source_row)


@dataclass(frozen=True)
class UnitResults:
    period_id: int
    period_name: str
    unit_id: int
    unit_name: str
    unit_kind: UnitKind
    lock_reason: str
    lines: list[ResultLine] = field(default_factory=list)


def source_text(source: ResultSource, source_file: str, source_row: int | None) -> str:
    text = RESULT_SOURCE_LABELS[ResultSource(source)]
    if source == ResultSource.IMPORTED and source_file:
        text += f": {source_file}"
        if source_row:
            text += f", dòng {source_row}"
    return text


def target_text(
    kind: CriterionKind, comparator: Comparator | None, threshold: Decimal | None
) -> str:
    """ "≥ 80%" for a rate, "≥ 3" for a count, "" for criteria judged by the reviewer."""
    if comparator is None or threshold is None:
        return ""
    symbol = COMPARATOR_SYMBOLS[Comparator(comparator)]
    if kind == CriterionKind.RATE:
        return f"{symbol} {format_percent(threshold, 2)}"
    return f"{symbol} {format_number(threshold)}"


def figure_text(kind: CriterionKind, figure: Figure) -> str:
    """The figure as the office reads it: "1.068/1.250 (85,44%)", "12", "Có", or the text."""
    if kind == CriterionKind.RATE:
        rate = measured(kind, figure)
        if figure.numerator is not None and figure.denominator is not None and rate is not None:
            counts = f"{format_number(figure.numerator)}/{format_number(figure.denominator)}"
            return f"{counts} ({format_percent(rate, 2)})"
        return format_percent(rate, 2) if rate is not None else ""
    if kind == CriterionKind.COUNT:
        return format_number(figure.value) if figure.value is not None else ""
    if kind == CriterionKind.YES_NO:
        return {True: "Có", False: "Không", None: ""}[figure.yes_no]
    return figure.assessment


def locked_error(period: Period) -> UserError:
    since = (
        f" từ ngày {format_date_short(period.results_locked_on)}"
        if period.results_locked_on
        else ""
    )
    return UserError(
        f"Kết quả của {period.name.lower()} đã khóa{since}: {period.results_lock_reason}",
        "Kết quả đã dùng để xét khen thưởng không được sửa. Nếu cần điều chỉnh, hãy mở khóa kỳ "
        "(khi được phép) hoặc ghi nhận ở kỳ sau.",
    )


def ensure_period_open(period: Period) -> None:
    if period.results_lock_reason:
        raise locked_error(period)


def _figure_of(result: Result) -> Figure:
    return Figure(
        result.numerator, result.denominator, result.value, result.yes_no, result.assessment
    )


def verified_figure(result: Result) -> Figure | None:
    """What an inspection verified, or None when nothing was verified."""
    figure = Figure(
        result.verified_numerator,
        result.verified_denominator,
        result.verified_value,
        result.verified_yes_no,
    )
    if figure.is_empty() and result.verified_on is None:
        return None
    return figure


def _input_of(result: Result) -> ResultInput:
    return ResultInput(
        figure=_figure_of(result),
        note=result.note,
        not_applicable=result.not_applicable,
        not_applicable_reason=result.not_applicable_reason,
        source=result.source,
        source_file=result.source_file,
        source_row=result.source_row,
        received_on=result.received_on,
        review_status=result.review_status,
        return_reason=result.return_reason,
        reviewer_points=result.reviewer_points,
    )


def _target(criterion: Criterion) -> Target:
    return Target(criterion.kind, criterion.comparator, criterion.threshold, criterion.weight)


def clean_result(
    data: ResultInput, criterion: Criterion, period: Period, today: date
) -> ResultInput:
    note = clean_text(data.note)
    if len(note) > NOTE_LIMIT:
        raise ValidationError(f"Ghi chú dài quá {NOTE_LIMIT} ký tự.", field="note")
    received_on = data.received_on
    if received_on is not None:
        if received_on > today:
            raise ValidationError(
                f"Ngày nhận {received_on:%d/%m/%Y} ở tương lai.", field="received_on"
            )
        if received_on < period.start_date:
            raise ValidationError(
                f"Ngày nhận {received_on:%d/%m/%Y} trước khi {period.name.lower()} bắt đầu.",
                field="received_on",
            )
    if data.not_applicable:
        reason = clean_text(data.not_applicable_reason)
        if not reason:
            raise ValidationError(
                "Khi đánh dấu “Không áp dụng”, hãy ghi rõ lý do.", field="not_applicable_reason"
            )
        # Nothing to score: keep no stray figures behind.
        return ResultInput(
            note=note,
            not_applicable=True,
            not_applicable_reason=reason,
            source=data.source,
            source_file=clean_text(data.source_file),
            source_row=data.source_row,
            received_on=received_on,
            review_status=ReviewStatus(data.review_status),
        )
    figure = validate_figure(criterion.kind, data.figure)
    if criterion.kind == CriterionKind.QUALITATIVE:
        figure = Figure(assessment=clean_text(figure.assessment))
    if figure.is_empty():
        raise ValidationError(
            f"Chưa nhập số liệu cho tiêu chí {criterion.code}.",
            field="figure",
            hint="Nếu tiêu chí không áp dụng cho đơn vị, hãy đánh dấu “Không áp dụng” kèm lý do.",
        )
    status = ReviewStatus(data.review_status)
    return_reason = clean_text(data.return_reason)
    if status == ReviewStatus.RETURNED and not return_reason:
        raise ValidationError("Khi trả lại kết quả, hãy ghi rõ lý do.", field="return_reason")
    if status != ReviewStatus.RETURNED:
        return_reason = ""
    points = data.reviewer_points
    if points is not None:
        if _target(criterion).has_target:
            raise ValidationError(
                f"Tiêu chí {criterion.code} có chỉ tiêu: điểm được tính từ số liệu, "
                "không chấm tay.",
                field="reviewer_points",
            )
        if not Decimal(0) <= points <= criterion.weight:
            raise ValidationError(
                f"Điểm chấm phải từ 0 đến {format_number(criterion.weight)} "
                f"(trọng số của tiêu chí {criterion.code}).",
                field="reviewer_points",
            )
    source = ResultSource(data.source)
    return ResultInput(
        figure=figure,
        note=note,
        source=source,
        source_file=clean_text(data.source_file) if source == ResultSource.IMPORTED else "",
        source_row=data.source_row if source == ResultSource.IMPORTED else None,
        received_on=received_on,
        review_status=status,
        return_reason=return_reason,
        reviewer_points=points,
    )


def _require_applicable(
    session: Session, period_id: int, unit_id: int, criterion_id: int
) -> tuple[Unit, Criterion]:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise UserError("Đơn vị này không còn trong cơ sở dữ liệu.")
    criterion = session.get(Criterion, criterion_id)
    if criterion is None or criterion.period_id != period_id:
        raise UserError("Tiêu chí này không thuộc kỳ đang chọn.")
    if not applies_to_unit(criterion.subject, criterion.unit_kinds, unit.kind):
        raise ValidationError(
            f"Tiêu chí {criterion.code} không áp dụng cho loại đơn vị của “{unit.name}”."
        )
    return unit, criterion


def _find(session: Session, period_id: int, unit_id: int, criterion_id: int) -> Result | None:
    return session.exec(
        select(Result)
        .where(Result.period_id == period_id)
        .where(Result.unit_id == unit_id)
        .where(Result.criterion_id == criterion_id)
    ).first()


def save_result(
    db: Database,
    period_id: int,
    unit_id: int,
    criterion_id: int,
    data: ResultInput,
    today: date | None = None,
    *,
    verification: Verification | None = None,
    clear_verified: bool = False,
) -> int:
    """Record (or replace) a unit's result on one criterion; returns the result's id.

    `verification` records what an inspection verified in the same transaction;
    `clear_verified` removes an earlier verification. Without either it stays as it was."""
    today = today or date.today()
    with db.session() as session:
        period = require_period(session, period_id)
        ensure_period_open(period)
        _unit, criterion = _require_applicable(session, period_id, unit_id, criterion_id)
        cleaned = clean_result(data, criterion, period, today)
        checked = None
        if verification is not None and not cleaned.not_applicable:
            checked = _check_verification(criterion, verification, today)
        result = _find(session, period_id, unit_id, criterion_id)
        if result is None:
            result = Result(period_id=period_id, unit_id=unit_id, criterion_id=criterion_id)
        figure = cleaned.figure
        result.numerator = figure.numerator
        result.denominator = figure.denominator
        result.value = figure.value
        result.yes_no = figure.yes_no
        result.assessment = figure.assessment
        result.note = cleaned.note
        result.not_applicable = cleaned.not_applicable
        result.not_applicable_reason = cleaned.not_applicable_reason
        result.source = cleaned.source
        result.source_file = cleaned.source_file
        result.source_row = cleaned.source_row
        result.received_on = cleaned.received_on
        result.review_status = cleaned.review_status
        result.return_reason = cleaned.return_reason
        result.reviewer_points = cleaned.reviewer_points
        if checked is not None:
            _apply_verification(result, checked)
        elif clear_verified or cleaned.not_applicable:
            _apply_verification(result, None)
        session.add(result)
        session.flush()
        return result.id or 0


def _check_verification(
    criterion: Criterion, verification: Verification, today: date
) -> Verification:
    if verification.verified_on > today:
        raise ValidationError(
            f"Ngày xác minh {verification.verified_on:%d/%m/%Y} ở tương lai.", field="verified_on"
        )
    checked = validate_figure(
        criterion.kind, verification.figure, what="Số liệu xác minh: ", field_prefix="verified_"
    )
    if checked.is_empty():
        raise ValidationError("Chưa nhập số liệu xác minh.", field="verified_figure")
    return Verification(checked, verification.verified_on, clean_text(verification.note))


def _apply_verification(result: Result, verification: Verification | None) -> None:
    figure = verification.figure if verification is not None else Figure()
    result.verified_numerator = figure.numerator
    result.verified_denominator = figure.denominator
    result.verified_value = figure.value
    result.verified_yes_no = figure.yes_no
    result.verified_on = verification.verified_on if verification is not None else None
    result.verified_note = verification.note if verification is not None else ""


def set_review_status(
    db: Database, result_ids: list[int], status: ReviewStatus, reason: str = ""
) -> int:
    """Accept, return or move several results at once; all or none. Returns how many."""
    status = ReviewStatus(status)
    reason = clean_text(reason)
    if status == ReviewStatus.RETURNED and not reason:
        raise ValidationError("Khi trả lại kết quả, hãy ghi rõ lý do.", field="return_reason")
    with db.session() as session:
        results = session.exec(select(Result).where(col(Result.id).in_(result_ids))).all()
        if len(results) != len(set(result_ids)):
            raise UserError("Có kết quả vừa bị xóa ở nơi khác; hãy tải lại danh sách.")
        for period_id in {r.period_id for r in results}:
            ensure_period_open(require_period(session, period_id))
        for result in results:
            if result.not_applicable:
                continue
            result.review_status = status
            result.return_reason = reason if status == ReviewStatus.RETURNED else ""
            session.add(result)
        return len(results)


def record_verification(
    db: Database,
    result_id: int,
    figure: Figure,
    verified_on: date,
    note: str = "",
    today: date | None = None,
) -> None:
    """Record what an inspection verified; from then on it outranks the reported figure."""
    with db.session() as session:
        result = session.get(Result, result_id)
        if result is None:
            raise UserError("Kết quả này không còn trong cơ sở dữ liệu.")
        ensure_period_open(require_period(session, result.period_id))
        criterion = session.get(Criterion, result.criterion_id)
        assert criterion is not None
        checked = _check_verification(
            criterion, Verification(figure, verified_on, note), today or date.today()
        )
        _apply_verification(result, checked)
        session.add(result)


def delete_result(db: Database, result_id: int) -> None:
    """Remove a result typed by mistake; one with evidence attached keeps its files first."""
    from kt_desktop.domain.evidence import EvidenceLink

    with db.session() as session:
        result = session.get(Result, result_id)
        if result is None:
            return
        ensure_period_open(require_period(session, result.period_id))
        links = int(
            session.exec(select(func.count()).where(EvidenceLink.result_id == result_id)).one()
        )
        if links:
            raise UserError(
                f"Kết quả này đang có {links} tệp minh chứng.",
                "Hãy gỡ các tệp minh chứng trước khi xóa kết quả.",
            )
        session.delete(result)


def _evidence_counts(session: Session, period_id: int, unit_id: int) -> dict[int, int]:
    from kt_desktop.domain.evidence import EvidenceLink

    rows = session.exec(
        select(Result.criterion_id, func.count())
        .join(EvidenceLink, col(EvidenceLink.result_id) == col(Result.id))
        .where(Result.period_id == period_id)
        .where(Result.unit_id == unit_id)
        .group_by(col(Result.criterion_id))
    ).all()
    return {criterion_id: int(count) for criterion_id, count in rows}


def unit_results(db: Database, period_id: int, unit_id: int) -> UnitResults:
    """Every criterion that applies to the unit in the period, with its result if any."""
    settings = get_result_settings(db)
    with db.session() as session:
        period = require_period(session, period_id)
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise UserError("Đơn vị này không còn trong cơ sở dữ liệu.")
        criteria = session.exec(
            select(Criterion)
            .where(Criterion.period_id == period_id)
            .order_by(col(Criterion.sort_order), col(Criterion.id))
        ).all()
        results = {
            r.criterion_id: r
            for r in session.exec(
                select(Result).where(Result.period_id == period_id).where(Result.unit_id == unit_id)
            ).all()
        }
        evidence = _evidence_counts(session, period_id, unit_id)
        lines = []
        for criterion in criteria:
            if not applies_to_unit(criterion.subject, criterion.unit_kinds, unit.kind):
                continue
            target = _target(criterion)
            result = results.get(criterion.id or 0)
            base = ResultLine(
                criterion_id=criterion.id or 0,
                code=criterion.code,
                wording=criterion.wording,
                kind=criterion.kind,
                target_text=target_text(criterion.kind, criterion.comparator, criterion.threshold),
                weight=criterion.weight,
                numerator_label=criterion.numerator_label,
                denominator_label=criterion.denominator_label,
                comparator=criterion.comparator,
                threshold=criterion.threshold,
                points=Decimal(0),
            )
            if result is None:
                lines.append(base)
                continue
            data = _input_of(result)
            verified = verified_figure(result)
            used = verified if verified is not None else data.figure
            shown = figure_text(criterion.kind, data.figure)
            if verified is not None:
                shown = f"{shown} → xác minh: {figure_text(criterion.kind, verified)}"
            lines.append(
                replace(
                    base,
                    result_id=result.id,
                    data=data,
                    verified=verified,
                    verified_on=result.verified_on,
                    verified_note=result.verified_note,
                    figure_text="" if data.not_applicable else shown,
                    met=None
                    if data.not_applicable or data.review_status == ReviewStatus.RETURNED
                    else is_met(target, used),
                    points=None
                    if data.not_applicable
                    else earned_points(
                        target,
                        used,
                        returned=data.review_status == ReviewStatus.RETURNED,
                        reviewer_points=data.reviewer_points,
                        mode=settings.scoring_mode,
                    ),
                    evidence_count=evidence.get(criterion.id or 0, 0),
                )
            )
        return UnitResults(
            period_id=period_id,
            period_name=period.name,
            unit_id=unit_id,
            unit_name=unit.name,
            unit_kind=unit.kind,
            lock_reason=period.results_lock_reason,
            lines=lines,
        )


# --- the period lock ---------------------------------------------------------------------


def lock_period(
    db: Database,
    period_id: int,
    reason: str,
    today: date | None = None,
    document_id: int | None = None,
) -> None:
    """Lock a period's results: by hand after the council's review, or by the issue of a
    decision that used its scores (document_id), which no one can undo."""
    reason = clean_text(reason)
    if not reason:
        raise ValidationError("Hãy ghi lý do khóa kết quả của kỳ.", field="reason")
    with db.session() as session:
        apply_period_lock(session, period_id, reason, today or date.today(), document_id)


def apply_period_lock(
    session: Session, period_id: int, reason: str, today: date, document_id: int | None
) -> None:
    """lock_period inside the caller's transaction (the issue of an award decision)."""
    from kt_desktop.domain import AppSetting
    from kt_desktop.services.result_settings import RESULT_SETTINGS_KEY, ResultSettings

    period = require_period(session, period_id)
    if period.results_lock_reason and period.results_locked_by_document_id:
        return  # a decision's lock stays as it was first written
    if not (period.results_lock_reason and period.results_locked_settings):
        # The scoring settings as they are: a later change of settings must not rescore a
        # period whose ranking was already used. A period locked by hand before keeps the
        # settings it was locked (and ranked) under.
        row = session.get(AppSetting, RESULT_SETTINGS_KEY)
        settings = ResultSettings() if row is None else ResultSettings.from_json(row.value)
        period.results_locked_settings = settings.to_json()
    period.results_lock_reason = reason
    period.results_locked_on = today
    period.results_locked_by_document_id = document_id
    session.add(period)


def unlock_period(db: Database, period_id: int) -> None:
    with db.session() as session:
        period = require_period(session, period_id)
        if period.results_locked_by_document_id:
            raise UserError(
                f"Không mở khóa được: {period.results_lock_reason}",
                "Điểm của kỳ này đã dùng trong một quyết định đã ban hành; "
                "quyết định đó không thể thay đổi.",
            )
        period.results_lock_reason = ""
        period.results_locked_on = None
        period.results_locked_settings = ""
        session.add(period)


def period_lock_reason(db: Database, period_id: int) -> str:
    with db.session() as session:
        return require_period(session, period_id).results_lock_reason
