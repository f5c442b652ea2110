"""Inspection rounds of the Emulation Council (plan section IV.4): the team, the visits and their
checklists, the verified figures (mirrored into the units' results, where scoring prefers them),
the discrepancies between reported and verified figures, and the follow-up actions.

Rules kept here, each refused with a Vietnamese sentence and nothing written:
- a team has exactly one leader, at most one secretary, each person and name once;
- nobody who heads a visited unit is on the team that visits it (conflict of interest);
- a visit falls within its period, a unit is visited once per round, at a valid "HH:MM";
- a verified figure has its criterion's kind; free items and qualitative criteria carry a
  judgement and remarks only; "không áp dụng" carries no figure;
- a visit is recorded on or after its date, never in a locked period, never once closed;
- a visit is marked done (or closed) only when its minutes verify something: a figure, or a
  judgement of an item that carries no figure (a qualitative criterion, a free item).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, col, select

from kt_desktop.domain import Criterion, Person, Result, Unit
from kt_desktop.domain.documents import OutgoingDocument
from kt_desktop.domain.enums import (
    ActionStatus,
    CriterionKind,
    DocumentState,
    Judgement,
    ResultSource,
    ReviewStatus,
    TeamRole,
    UnitKind,
    VisitStatus,
)
from kt_desktop.domain.evidence import EvidenceLink
from kt_desktop.domain.inspections import (
    FollowUpAction,
    InspectionItem,
    InspectionMember,
    InspectionRound,
    InspectionVisit,
)
from kt_desktop.domain.labels import (
    ACTION_STATUS_LABELS,
    JUDGEMENT_LABELS,
    OVERDUE_LABEL,
    TEAM_ROLE_LABELS,
    VISIT_STATUS_LABELS,
)
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.figures import (
    HUNDRED,
    Figure,
    applies_to_unit,
    measured,
    validate_figure,
)
from kt_desktop.services.movement import require_period
from kt_desktop.services.result_settings import get_result_settings
from kt_desktop.services.results import ensure_period_open, figure_text, target_text
from kt_desktop.sheets.table_export import CellValue, TableExport
from kt_desktop.text import (
    capitalize_name,
    clean_text,
    collation_key,
    fold,
    format_date_short,
    format_number,
    format_percent,
)

NAME_LIMIT = 300
PURPOSE_LIMIT = 5000
PERSON_NAME_LIMIT = 200
POSITION_LIMIT = 300
PLACE_LIMIT = 500
MINUTES_TEXT_LIMIT = 10000
REMARKS_LIMIT = 2000
ITEM_TEXT_LIMIT = 1000
ACTION_TEXT_LIMIT = 2000
SHORT_TEXT = 60

NOT_SENT_TEXT = "Chưa nộp"
NOT_APPLICABLE_TEXT = "Không áp dụng"
# Kinds whose verified figure is stored; a qualitative criterion is judged in words only.
FIGURE_KINDS = frozenset({CriterionKind.RATE, CriterionKind.COUNT, CriterionKind.YES_NO})
STATUS_ORDER: tuple[VisitStatus, ...] = (
    VisitStatus.PLANNED,
    VisitStatus.DONE,
    VisitStatus.REPORT_SENT,
    VisitStatus.CLOSED,
)
DISCREPANCY_HEADERS = [
    "STT",
    "Đơn vị",
    "Mã tiêu chí",
    "Tiêu chí",
    "Số liệu báo cáo",
    "Số liệu xác minh",
    "Chênh lệch",
    "Mức chênh lệch",
    "Ngày kiểm tra",
    "Đợt kiểm tra",
]
_TIME = re.compile(r"([0-9]{1,2})(?:\s*(?:[:hHgG.]|giờ)\s*([0-9]{2})?)?(?:\s*phút)?")


# --- data in and out -----------------------------------------------------------------------


@dataclass(frozen=True)
class MemberInput:
    """One member of a round's team: a person of the register (person_id), or someone named
    by hand (person_id None). An empty name or position takes the person's own."""

    person_id: int | None
    full_name: str
    position: str = ""
    role: TeamRole = TeamRole.MEMBER
    council_member: bool = False


@dataclass(frozen=True)
class MemberRow:
    id: int
    person_id: int | None
    full_name: str
    position: str
    role: TeamRole
    council_member: bool

    @property
    def role_text(self) -> str:
        return TEAM_ROLE_LABELS[self.role]


@dataclass(frozen=True)
class RoundRow:
    """A round in the period's list, with its counts."""

    id: int
    period_id: int
    name: str
    purpose: str
    created_at: datetime
    visit_count: int
    status_counts: dict[VisitStatus, int]
    team_size: int
    leader_name: str
    first_date: date | None
    last_date: date | None

    @property
    def dates_text(self) -> str:
        """ "12/10/2026 – 20/11/2026", one date, or "" with no visit."""
        if self.first_date is None or self.last_date is None:
            return ""
        if self.first_date == self.last_date:
            return format_date_short(self.first_date)
        return f"{format_date_short(self.first_date)} – {format_date_short(self.last_date)}"


@dataclass(frozen=True)
class VisitRow:
    """A visit in its round's schedule."""

    id: int
    round_id: int
    unit_id: int
    unit_code: str
    unit_name: str
    unit_kind: UnitKind
    visit_date: date
    start_time: str
    place: str
    status: VisitStatus
    item_count: int
    verified_count: int
    action_count: int
    open_action_count: int
    minutes_document_id: int | None

    @property
    def status_text(self) -> str:
        return VISIT_STATUS_LABELS[self.status]

    @property
    def date_text(self) -> str:
        return format_date_short(self.visit_date)


@dataclass(frozen=True)
class RoundView:
    id: int
    period_id: int
    period_name: str
    name: str
    purpose: str
    decision_document_id: int | None
    notice_document_id: int | None
    report_document_id: int | None
    lock_reason: str  # the period's results lock; "" when open
    team: list[MemberRow]
    visits: list[VisitRow]  # by date, time, then unit name

    @property
    def leader(self) -> MemberRow | None:
        return next((m for m in self.team if m.role == TeamRole.LEADER), None)

    @property
    def secretary(self) -> MemberRow | None:
        return next((m for m in self.team if m.role == TeamRole.SECRETARY), None)


@dataclass(frozen=True)
class ChecklistRow:
    """One line of a visit's checklist: a criterion with the unit's reported figure beside the
    verified one, or a free item the team added (code "", kind None)."""

    item_id: int
    criterion_id: int | None
    code: str
    wording: str
    kind: CriterionKind | None
    target_text: str
    numerator_label: str
    denominator_label: str
    reported: Figure | None  # None: nothing reported (or not applicable, or a free item)
    reported_text: str  # the figure, "Chưa nộp", "Không áp dụng", or "" for a free item
    verified: Figure | None
    verified_text: str
    judgement: Judgement | None
    remarks: str
    evidence_count: int

    @property
    def is_free(self) -> bool:
        return self.criterion_id is None

    @property
    def takes_figure(self) -> bool:
        """Whether a verified figure can be typed (rates, counts, yes/no)."""
        return self.kind in FIGURE_KINDS

    @property
    def judgement_text(self) -> str:
        return JUDGEMENT_LABELS[self.judgement] if self.judgement is not None else ""

    @property
    def counts_as_verified(self) -> bool:
        """A verified figure, or a judgement of an item that carries no figure."""
        return _verifies(self.verified, self.kind, self.judgement)


@dataclass(frozen=True)
class VisitSheet:
    """Everything the visit form and the minutes need."""

    visit_id: int
    round_id: int
    round_name: str
    period_id: int
    period_name: str
    unit_id: int
    unit_code: str
    unit_name: str
    unit_kind: UnitKind
    unit_head_name: str
    unit_head_title: str
    visit_date: date
    start_time: str
    place: str
    status: VisitStatus
    attendees: str  # who attended for the unit
    findings: str
    recommendations: str
    minutes_document_id: int | None
    lock_reason: str
    team: list[MemberRow]
    rows: list[ChecklistRow]

    @property
    def status_text(self) -> str:
        return VISIT_STATUS_LABELS[self.status]

    @property
    def has_verification(self) -> bool:
        return any(row.counts_as_verified for row in self.rows)


@dataclass(frozen=True)
class ItemRecord:
    """What the team recorded for one checklist item; a None or empty figure clears it."""

    item_id: int
    figure: Figure | None = None
    judgement: Judgement | None = None
    remarks: str = ""


@dataclass(frozen=True)
class VisitRecord:
    """The minutes of a visit. Items not listed keep what they had."""

    attendees: str = ""
    findings: str = ""
    recommendations: str = ""
    items: Sequence[ItemRecord] = field(default_factory=list)


@dataclass(frozen=True)
class Tolerance:
    """How far a verified figure may differ before it is a discrepancy."""

    rate_points: Decimal  # percentage points
    count_percent: Decimal  # percent of the reported value


@dataclass(frozen=True)
class DiscrepancyRow:
    result_id: int
    unit_id: int
    unit_code: str
    unit_name: str
    criterion_id: int
    code: str
    wording: str
    kind: CriterionKind
    reported_text: str
    verified_text: str
    difference_text: str  # "Thấp hơn 12,5 điểm %", "Thấp hơn 4 (16,7% so với báo cáo)"…
    # The size compared with the tolerance: percentage points for a rate, percent of the
    # reported value for a count; None for a yes/no that changed (listed first).
    size: Decimal | None
    verified_on: date | None
    visit_id: int | None  # the visit that verified it, if it came from one
    round_name: str

    @property
    def size_text(self) -> str:
        if self.size is None:
            return "Khác"
        if self.kind == CriterionKind.RATE:
            return f"{format_number(_two_places(self.size))} điểm %"
        return format_percent(self.size, 1)

    @property
    def verified_on_text(self) -> str:
        return format_date_short(self.verified_on) if self.verified_on else ""


@dataclass(frozen=True)
class ActionRow:
    id: int
    visit_id: int
    round_id: int
    round_name: str
    visit_date: date
    unit_id: int
    unit_code: str
    unit_name: str
    item_id: int | None
    item_label: str  # "CT01", a free item's text, or ""
    description: str
    due_date: date
    status: ActionStatus
    done_on: date | None
    done_note: str
    overdue: bool
    days_overdue: int  # 0 unless overdue
    evidence_count: int

    @property
    def status_text(self) -> str:
        """ "Đang thực hiện", "Đã hoàn thành" or "Quá hạn"."""
        return OVERDUE_LABEL if self.overdue else ACTION_STATUS_LABELS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN


@dataclass(frozen=True)
class UnitActionCounts:
    """A unit's follow-up actions: `open` counts every action not done, overdue ones included;
    `overdue` those of them past their deadline."""

    unit_id: int
    unit_code: str
    unit_name: str
    open: int
    overdue: int
    done: int

    @property
    def in_progress(self) -> int:
        """Open and still within the deadline."""
        return self.open - self.overdue

    @property
    def total(self) -> int:
        return self.open + self.done


# --- small helpers -------------------------------------------------------------------------


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def _short(text: str, limit: int = SHORT_TEXT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip(" ,;:.") + "…"


def _limited(text: str, limit: int, label: str, field_name: str) -> str:
    cleaned = clean_text(text)
    if len(cleaned) > limit:
        raise ValidationError(
            f"{label} dài {format_number(len(cleaned))} ký tự; tối đa "
            f"{format_number(limit)} ký tự.",
            field=field_name,
        )
    return cleaned


def _multiline(text: str, limit: int, label: str, field_name: str) -> str:
    """Longer text (findings, attendees) keeps its lines; each is cleaned."""
    lines = [clean_text(line) for line in (text or "").splitlines()]
    cleaned = "\n".join(lines).strip("\n")
    if len(cleaned) > limit:
        raise ValidationError(
            f"{label} dài {format_number(len(cleaned))} ký tự; tối đa "
            f"{format_number(limit)} ký tự.",
            field=field_name,
        )
    return cleaned


def normalize_time(text: str) -> str:
    """A start time as "HH:MM" from "8:00", "08:00", "8h", "8h30", "14 giờ 30"; "" stays "".

    Raises ValidationError for anything else."""
    cleaned = clean_text(text)
    if not cleaned:
        return ""
    match = _TIME.fullmatch(cleaned)
    hours = int(match.group(1)) if match else -1
    minutes = int(match.group(2) or 0) if match else -1
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        raise ValidationError(
            f"Giờ bắt đầu “{cleaned}” không hợp lệ.",
            field="start_time",
            hint="Hãy nhập giờ theo dạng giờ:phút, ví dụ 08:00 hoặc 14:30.",
        )
    return f"{hours:02d}:{minutes:02d}"


def verification_note(round_name: str, visit_date: date) -> str:
    """The note a verified figure carries in the unit's result."""
    return f"Đoàn kiểm tra “{round_name}”, ngày {format_date_short(visit_date)}"


def _item_figure(item: InspectionItem) -> Figure | None:
    figure = Figure(
        item.verified_numerator,
        item.verified_denominator,
        item.verified_value,
        item.verified_yes_no,
    )
    return None if figure.is_empty() else figure


def _set_item_figure(item: InspectionItem, figure: Figure | None) -> None:
    figure = figure or Figure()
    item.verified_numerator = figure.numerator
    item.verified_denominator = figure.denominator
    item.verified_value = figure.value
    item.verified_yes_no = figure.yes_no


def _verifies(
    figure: Figure | None, kind: CriterionKind | None, judgement: Judgement | None
) -> bool:
    if figure is not None:
        return True
    return kind not in FIGURE_KINDS and judgement in (Judgement.MET, Judgement.NOT_MET)


def _result_verified(result: Result) -> Figure | None:
    figure = Figure(
        result.verified_numerator,
        result.verified_denominator,
        result.verified_value,
        result.verified_yes_no,
    )
    return None if figure.is_empty() else figure


def _result_reported(result: Result) -> Figure:
    return Figure(
        result.numerator, result.denominator, result.value, result.yes_no, result.assessment
    )


def _mirror(result: Result, figure: Figure | None, verified_on: date | None, note: str) -> None:
    figure = figure or Figure()
    result.verified_numerator = figure.numerator
    result.verified_denominator = figure.denominator
    result.verified_value = figure.value
    result.verified_yes_no = figure.yes_no
    result.verified_on = verified_on
    result.verified_note = note


def _holds(result: Result, figure: Figure | None, visit_date: date) -> bool:
    """Whether the result's verification is still this visit's (a later round may have
    verified the same criterion since)."""
    return (
        figure is not None
        and result.verified_on == visit_date
        and _result_verified(result) == figure
    )


def _round(session: Session, round_id: int) -> InspectionRound:
    found = session.get(InspectionRound, round_id)
    if found is None:
        raise UserError(
            "Đợt kiểm tra này không còn trong cơ sở dữ liệu.", "Hãy tải lại danh sách đợt kiểm tra."
        )
    return found


def _visit(session: Session, visit_id: int) -> InspectionVisit:
    found = session.get(InspectionVisit, visit_id)
    if found is None:
        raise UserError(
            "Cuộc kiểm tra này không còn trong lịch.", "Hãy tải lại lịch kiểm tra của đợt."
        )
    return found


def _action(session: Session, action_id: int) -> FollowUpAction:
    found = session.get(FollowUpAction, action_id)
    if found is None:
        raise UserError(
            "Việc khắc phục này không còn trong danh sách.", "Hãy tải lại danh sách việc khắc phục."
        )
    return found


def _unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise UserError("Đơn vị này không còn trong cơ sở dữ liệu.")
    return unit


def _visit_label(unit_name: str, visit_date: date) -> str:
    return f"“{unit_name}” ngày {format_date_short(visit_date)}"


def _issued_documents(session: Session, document_ids: list[int | None]) -> list[OutgoingDocument]:
    wanted = [d for d in document_ids if d is not None]
    if not wanted:
        return []
    return list(
        session.exec(
            select(OutgoingDocument)
            .where(col(OutgoingDocument.id).in_(wanted))
            .where(OutgoingDocument.state == DocumentState.ISSUED)
        ).all()
    )


def _delete_drafts(session: Session, document_ids: list[int | None]) -> None:
    """Drafts drawn up for what is being deleted describe nothing any more."""
    for document_id in document_ids:
        if document_id is None:
            continue
        document = session.get(OutgoingDocument, document_id)
        if document is not None and document.state == DocumentState.DRAFT:
            session.delete(document)


# --- rounds --------------------------------------------------------------------------------


def _clean_round(
    session: Session, period_id: int, name: str, purpose: str, own_id: int | None
) -> tuple[str, str]:
    cleaned = clean_text(name)
    if not cleaned:
        raise ValidationError("Tên đợt kiểm tra không được để trống.", field="name")
    if len(cleaned) > NAME_LIMIT:
        raise ValidationError(f"Tên đợt kiểm tra dài quá {NAME_LIMIT} ký tự.", field="name")
    for other_id, other_name in session.exec(
        select(InspectionRound.id, InspectionRound.name).where(
            InspectionRound.period_id == period_id
        )
    ).all():
        if other_id != own_id and fold(other_name) == fold(cleaned):
            raise ValidationError(
                f"Kỳ này đã có đợt kiểm tra “{other_name}”.",
                field="name",
                hint="Hãy đặt tên khác, ví dụ thêm “đợt 2”.",
            )
    return cleaned, _multiline(purpose, PURPOSE_LIMIT, "Mục đích, yêu cầu", "purpose")


def create_round(db: Database, period_id: int, name: str, purpose: str = "") -> int:
    """A new inspection round of the period, without team or visits yet; returns its id."""
    with db.session() as session:
        require_period(session, period_id)
        cleaned, purpose_text = _clean_round(session, period_id, name, purpose, None)
        found = InspectionRound(period_id=period_id, name=cleaned, purpose=purpose_text)
        session.add(found)
        session.flush()
        return found.id or 0


def update_round(db: Database, round_id: int, name: str, purpose: str = "") -> None:
    """Rename a round or change its purpose. The notes of the figures it verified follow the
    new name while the period is open (a locked period keeps them as they were)."""
    with db.session() as session:
        found = _round(session, round_id)
        cleaned, purpose_text = _clean_round(session, found.period_id, name, purpose, round_id)
        if cleaned != found.name:
            period = require_period(session, found.period_id)
            if not period.results_lock_reason:
                for visit in session.exec(
                    select(InspectionVisit).where(InspectionVisit.round_id == round_id)
                ).all():
                    _move_mirrors(
                        session,
                        found.period_id,
                        visit,
                        visit.visit_date,
                        verification_note(found.name, visit.visit_date),
                        verification_note(cleaned, visit.visit_date),
                    )
        found.name = cleaned
        found.purpose = purpose_text
        session.add(found)


def _visit_holds_data(session: Session, visit: InspectionVisit) -> str:
    """What recorded data a visit holds, in words; "" when it holds none."""
    items = session.exec(select(InspectionItem).where(InspectionItem.visit_id == visit.id)).all()
    if any(_item_figure(item) is not None for item in items):
        return "số liệu xác minh"
    actions = session.exec(
        select(FollowUpAction.id).where(FollowUpAction.visit_id == visit.id)
    ).all()
    if actions:
        return "việc khắc phục"
    item_ids = [item.id for item in items]
    if (
        item_ids
        and session.exec(
            select(func.count()).where(col(EvidenceLink.inspection_item_id).in_(item_ids))
        ).one()
    ):
        return "tệp minh chứng"
    return ""


def _check_visit_deletable(session: Session, visit: InspectionVisit, unit_name: str) -> None:
    label = _visit_label(unit_name, visit.visit_date)
    if visit.status != VisitStatus.PLANNED:
        raise UserError(
            f"Cuộc kiểm tra {label} đã thực hiện "
            f"(“{VISIT_STATUS_LABELS[visit.status]}”) nên không xóa được.",
            "Cuộc kiểm tra đã thực hiện là một phần hồ sơ của đợt kiểm tra.",
        )
    held = _visit_holds_data(session, visit)
    if held:
        raise UserError(
            f"Cuộc kiểm tra {label} đã có {held} nên không xóa được.",
            "Hãy xóa các nội dung đã ghi của cuộc kiểm tra trước.",
        )
    issued = _issued_documents(session, [visit.minutes_document_id])
    if issued:
        raise UserError(
            f"Biên bản kiểm tra {label} đã ban hành nên không xóa được cuộc kiểm tra.",
        )


def _delete_visit_rows(session: Session, visit: InspectionVisit) -> None:
    for item in session.exec(
        select(InspectionItem).where(InspectionItem.visit_id == visit.id)
    ).all():
        session.delete(item)
    session.flush()
    minutes = visit.minutes_document_id
    session.delete(visit)
    session.flush()
    _delete_drafts(session, [minutes])


def delete_round(db: Database, round_id: int) -> None:
    """Delete a round still being planned, with its team, visits and draft documents; refused
    once a visit was carried out or one of its documents issued."""
    with db.session() as session:
        found = session.get(InspectionRound, round_id)
        if found is None:
            return
        visits = session.exec(
            select(InspectionVisit).where(InspectionVisit.round_id == round_id)
        ).all()
        units = _unit_names(session, [v.unit_id for v in visits])
        for visit in visits:
            _check_visit_deletable(session, visit, units.get(visit.unit_id, ""))
        documents = [
            found.decision_document_id,
            found.notice_document_id,
            found.report_document_id,
        ]
        issued = _issued_documents(session, documents)
        if issued:
            raise UserError(
                f"Đợt kiểm tra “{found.name}” đã có văn bản ban hành "
                f"({issued[0].summary}) nên không xóa được.",
                "Văn bản đã ban hành không thay đổi được; đợt kiểm tra là căn cứ của văn bản đó.",
            )
        for visit in visits:
            _delete_visit_rows(session, visit)
        for member in session.exec(
            select(InspectionMember).where(InspectionMember.round_id == round_id)
        ).all():
            session.delete(member)
        session.flush()
        session.delete(found)
        session.flush()
        _delete_drafts(session, documents)


def _unit_names(session: Session, unit_ids: list[int]) -> dict[int, str]:
    if not unit_ids:
        return {}
    return {
        unit_id or 0: name
        for unit_id, name in session.exec(
            select(Unit.id, Unit.name).where(col(Unit.id).in_(set(unit_ids)))
        ).all()
    }


def list_rounds(db: Database, period_id: int) -> list[RoundRow]:
    """The period's rounds in the order they were created, with visit and team counts."""
    with db.session() as session:
        require_period(session, period_id)
        rounds = session.exec(
            select(InspectionRound)
            .where(InspectionRound.period_id == period_id)
            .order_by(col(InspectionRound.created_at), col(InspectionRound.id))
        ).all()
        round_ids = [r.id for r in rounds]
        visits = (
            session.exec(
                select(
                    col(InspectionVisit.round_id),
                    col(InspectionVisit.status),
                    col(InspectionVisit.visit_date),
                ).where(col(InspectionVisit.round_id).in_(round_ids))
            ).all()
            if round_ids
            else []
        )
        members = (
            session.exec(
                select(InspectionMember).where(col(InspectionMember.round_id).in_(round_ids))
            ).all()
            if round_ids
            else []
        )
    rows = []
    for found in rounds:
        own = [(status, visit_date) for rid, status, visit_date in visits if rid == found.id]
        team = [m for m in members if m.round_id == found.id]
        counted = Counter(VisitStatus(status) for status, _ in own)
        dates = [visit_date for _, visit_date in own]
        leader = next((m.full_name for m in team if m.role == TeamRole.LEADER), "")
        rows.append(
            RoundRow(
                id=found.id or 0,
                period_id=found.period_id,
                name=found.name,
                purpose=found.purpose,
                created_at=found.created_at,
                visit_count=len(own),
                status_counts={status: counted.get(status, 0) for status in STATUS_ORDER},
                team_size=len(team),
                leader_name=leader,
                first_date=min(dates) if dates else None,
                last_date=max(dates) if dates else None,
            )
        )
    return rows


def _member_rows(session: Session, round_id: int) -> list[MemberRow]:
    members = session.exec(
        select(InspectionMember)
        .where(InspectionMember.round_id == round_id)
        .order_by(col(InspectionMember.sort_order), col(InspectionMember.id))
    ).all()
    return [
        MemberRow(
            id=m.id or 0,
            person_id=m.person_id,
            full_name=m.full_name,
            position=m.position,
            role=TeamRole(m.role),
            council_member=m.council_member,
        )
        for m in members
    ]


def get_round(db: Database, round_id: int) -> RoundView:
    """A round with its team (in the order saved) and its schedule of visits."""
    with db.session() as session:
        found = _round(session, round_id)
        period = require_period(session, found.period_id)
        team = _member_rows(session, round_id)
        visits = _visit_rows(session, round_id)
        return RoundView(
            id=found.id or 0,
            period_id=found.period_id,
            period_name=period.name,
            name=found.name,
            purpose=found.purpose,
            decision_document_id=found.decision_document_id,
            notice_document_id=found.notice_document_id,
            report_document_id=found.report_document_id,
            lock_reason=period.results_lock_reason,
            team=team,
            visits=visits,
        )


def _visit_rows(session: Session, round_id: int) -> list[VisitRow]:
    rows = session.exec(
        select(InspectionVisit, Unit)
        .join(Unit, col(Unit.id) == col(InspectionVisit.unit_id))
        .where(InspectionVisit.round_id == round_id)
    ).all()
    visit_ids = [visit.id for visit, _ in rows]
    items = (
        session.exec(
            select(InspectionItem).where(col(InspectionItem.visit_id).in_(visit_ids))
        ).all()
        if visit_ids
        else []
    )
    kinds = _criterion_kinds(session, [i.criterion_id for i in items if i.criterion_id])
    actions = (
        session.exec(
            select(FollowUpAction.visit_id, FollowUpAction.status).where(
                col(FollowUpAction.visit_id).in_(visit_ids)
            )
        ).all()
        if visit_ids
        else []
    )
    result = []
    for visit, unit in rows:
        own_items = [i for i in items if i.visit_id == visit.id]
        own_actions = [status for vid, status in actions if vid == visit.id]
        result.append(
            VisitRow(
                id=visit.id or 0,
                round_id=visit.round_id,
                unit_id=visit.unit_id,
                unit_code=unit.code,
                unit_name=unit.name,
                unit_kind=UnitKind(unit.kind),
                visit_date=visit.visit_date,
                start_time=visit.start_time,
                place=visit.place,
                status=VisitStatus(visit.status),
                item_count=len(own_items),
                verified_count=sum(
                    1
                    for i in own_items
                    if _verifies(
                        _item_figure(i),
                        kinds.get(i.criterion_id) if i.criterion_id else None,
                        i.judgement,
                    )
                ),
                action_count=len(own_actions),
                open_action_count=sum(1 for s in own_actions if s == ActionStatus.OPEN),
                minutes_document_id=visit.minutes_document_id,
            )
        )
    result.sort(key=lambda r: (r.visit_date, r.start_time or "99:99", collation_key(r.unit_name)))
    return result


def _criterion_kinds(session: Session, criterion_ids: list[int]) -> dict[int, CriterionKind]:
    if not criterion_ids:
        return {}
    return {
        criterion_id or 0: CriterionKind(kind)
        for criterion_id, kind in session.exec(
            select(Criterion.id, Criterion.kind).where(col(Criterion.id).in_(set(criterion_ids)))
        ).all()
    }


# --- the team ------------------------------------------------------------------------------


def _heads(unit: Unit, person: Person | None, full_name: str) -> bool:
    """Whether a team member heads `unit`: their person belongs to it and is named as its
    head, or, for a member named by hand, their name is the unit's head's."""
    if not clean_text(unit.head_name):
        return False
    if person is not None:
        return person.unit_id == unit.id and fold(person.full_name) == fold(unit.head_name)
    return fold(full_name) == fold(unit.head_name)


def _conflict_error(full_name: str, unit: Unit) -> ValidationError:
    title = clean_text(unit.head_title) or "người đứng đầu"
    return ValidationError(
        f"Xung đột lợi ích: “{full_name}” là {title.lower()} của “{unit.name}”, đơn vị được "
        "đoàn kiểm tra, nên không thể là thành viên đoàn kiểm tra đơn vị này.",
        field="team",
        hint="Hãy thay người khác vào đoàn, hoặc để đơn vị này cho một đợt kiểm tra khác.",
    )


@dataclass(frozen=True)
class _Member:
    person: Person | None
    full_name: str


def _check_conflicts(members: list[_Member], units: list[Unit]) -> None:
    for member in members:
        for unit in units:
            if _heads(unit, member.person, member.full_name):
                raise _conflict_error(member.full_name, unit)


def _team_of(session: Session, round_id: int) -> list[_Member]:
    members = session.exec(
        select(InspectionMember).where(InspectionMember.round_id == round_id)
    ).all()
    return [
        _Member(session.get(Person, m.person_id) if m.person_id is not None else None, m.full_name)
        for m in members
    ]


def _clean_members(
    session: Session, round_id: int, members: Sequence[MemberInput]
) -> list[InspectionMember]:
    cleaned: list[InspectionMember] = []
    names: dict[str, str] = {}
    people: set[int] = set()
    for number, data in enumerate(members, start=1):
        person = None
        if data.person_id is not None:
            person = session.get(Person, data.person_id)
            if person is None:
                raise ValidationError(
                    f"Người được chọn ở dòng {number} của đoàn không còn trong danh sách cá nhân.",
                    field="team",
                    hint="Hãy chọn lại người đó.",
                )
        full_name = clean_text(data.full_name) or (person.full_name if person else "")
        if not full_name:
            raise ValidationError(
                f"Thành viên thứ {number} của đoàn chưa có họ và tên.", field="team"
            )
        if len(full_name) > PERSON_NAME_LIMIT:
            raise ValidationError(
                f"Họ và tên ở dòng {number} của đoàn dài quá {PERSON_NAME_LIMIT} ký tự.",
                field="team",
            )
        if any(ch.isdigit() for ch in full_name):
            raise ValidationError(f"Họ và tên “{full_name}” không được chứa chữ số.", field="team")
        full_name = capitalize_name(full_name)
        if person is not None:
            if person.id in people:
                raise ValidationError(
                    f"“{person.full_name}” có tên hai lần trong đoàn kiểm tra.", field="team"
                )
            people.add(person.id or 0)
        key = fold(full_name)
        if key in names:
            raise ValidationError(
                f"“{full_name}” có tên hai lần trong đoàn kiểm tra.",
                field="team",
                hint="Nếu là hai người trùng họ tên, hãy ghi thêm chức vụ vào cột chức vụ "
                "và chọn đúng người trong danh sách cá nhân.",
            )
        names[key] = full_name
        position = _limited(
            data.position or (person.position if person else ""),
            POSITION_LIMIT,
            f"Chức vụ của “{full_name}”",
            "team",
        )
        cleaned.append(
            InspectionMember(
                round_id=round_id,
                person_id=data.person_id,
                full_name=full_name,
                position=position,
                role=TeamRole(data.role),
                council_member=bool(data.council_member),
                sort_order=number,
            )
        )
    leaders = [m.full_name for m in cleaned if m.role == TeamRole.LEADER]
    if not leaders:
        raise ValidationError(
            "Đoàn kiểm tra chưa có trưởng đoàn.",
            field="team",
            hint="Hãy chọn một thành viên làm Trưởng đoàn.",
        )
    if len(leaders) > 1:
        raise ValidationError(
            f"Đoàn kiểm tra chỉ có một trưởng đoàn, nhưng đang chọn {len(leaders)} người: "
            f"{', '.join(leaders)}.",
            field="team",
        )
    secretaries = [m.full_name for m in cleaned if m.role == TeamRole.SECRETARY]
    if len(secretaries) > 1:
        raise ValidationError(
            f"Đoàn kiểm tra chỉ có một thư ký, nhưng đang chọn {len(secretaries)} người: "
            f"{', '.join(secretaries)}.",
            field="team",
        )
    return cleaned


def save_team(db: Database, round_id: int, members: Sequence[MemberInput]) -> None:
    """Replace the round's team, in the order given, in one transaction."""
    with db.session() as session:
        _round(session, round_id)
        cleaned = _clean_members(session, round_id, members)
        visited = session.exec(
            select(Unit)
            .join(InspectionVisit, col(InspectionVisit.unit_id) == col(Unit.id))
            .where(InspectionVisit.round_id == round_id)
        ).all()
        _check_conflicts(
            [
                _Member(
                    session.get(Person, m.person_id) if m.person_id is not None else None,
                    m.full_name,
                )
                for m in cleaned
            ],
            list(visited),
        )
        for old in session.exec(
            select(InspectionMember).where(InspectionMember.round_id == round_id)
        ).all():
            session.delete(old)
        session.flush()
        session.add_all(cleaned)


# --- visits --------------------------------------------------------------------------------


def _check_schedule(
    session: Session,
    found: InspectionRound,
    unit: Unit,
    visit_date: date,
    own_visit_id: int | None,
) -> None:
    period = require_period(session, found.period_id)
    if not period.start_date <= visit_date <= period.end_date:
        raise ValidationError(
            f"Ngày kiểm tra {format_date_short(visit_date)} nằm ngoài {period.name.lower()} "
            f"({format_date_short(period.start_date)} – {format_date_short(period.end_date)}).",
            field="visit_date",
            hint="Hãy chọn ngày trong kỳ của đợt kiểm tra.",
        )
    twice = session.exec(
        select(InspectionVisit)
        .where(InspectionVisit.round_id == found.id)
        .where(InspectionVisit.unit_id == unit.id)
    ).first()
    if twice is not None and twice.id != own_visit_id:
        raise ValidationError(
            f"“{unit.name}” đã có trong lịch của đợt kiểm tra này "
            f"(ngày {format_date_short(twice.visit_date)}).",
            field="unit_id",
            hint="Mỗi đơn vị chỉ được kiểm tra một lần trong một đợt; hãy sửa lịch đã có.",
        )
    _check_conflicts(_team_of(session, found.id or 0), [unit])


def _active_unit(session: Session, unit_id: int) -> Unit:
    unit = _unit(session, unit_id)
    if not unit.active:
        raise ValidationError(
            f"Đơn vị “{unit.name}” đã ngừng hoạt động nên không lên lịch kiểm tra được.",
            field="unit_id",
        )
    return unit


def _add_checklist(session: Session, visit_id: int, unit: Unit, period_id: int) -> int:
    """One item per criterion that applies to the unit's kind, in the criteria's order;
    returns how many."""
    criteria = session.exec(
        select(Criterion)
        .where(Criterion.period_id == period_id)
        .order_by(col(Criterion.sort_order), col(Criterion.id))
    ).all()
    position = 0
    for criterion in criteria:
        if applies_to_unit(criterion.subject, criterion.unit_kinds, unit.kind):
            position += 1
            session.add(
                InspectionItem(
                    visit_id=visit_id,
                    criterion_id=criterion.id,
                    text=criterion.code,
                    sort_order=position,
                )
            )
    return position


def add_visit(
    db: Database,
    round_id: int,
    unit_id: int,
    visit_date: date,
    start_time: str = "",
    place: str = "",
) -> int:
    """Schedule a visit to a unit and draw up its checklist; returns the visit's id.
    `start_time` is "HH:MM" (or "" while not yet fixed)."""
    time_text = normalize_time(start_time)
    place_text = _limited(place, PLACE_LIMIT, "Địa điểm", "place")
    with db.session() as session:
        found = _round(session, round_id)
        unit = _active_unit(session, unit_id)
        _check_schedule(session, found, unit, visit_date, None)
        visit = InspectionVisit(
            round_id=round_id,
            unit_id=unit_id,
            visit_date=visit_date,
            start_time=time_text,
            place=place_text,
        )
        session.add(visit)
        session.flush()
        _add_checklist(session, visit.id or 0, unit, found.period_id)
        return visit.id or 0


def _move_mirrors(
    session: Session,
    period_id: int,
    visit: InspectionVisit,
    new_date: date,
    old_note: str,
    new_note: str,
) -> None:
    """Keep the results' verification date and note in step with the visit they came from."""
    items = session.exec(
        select(InspectionItem)
        .where(InspectionItem.visit_id == visit.id)
        .where(col(InspectionItem.criterion_id).is_not(None))
    ).all()
    for item in items:
        figure = _item_figure(item)
        if figure is None:
            continue
        result = _find_result(session, period_id, visit.unit_id, item.criterion_id or 0)
        if result is None or not _holds(result, figure, visit.visit_date):
            continue
        result.verified_on = new_date
        if result.verified_note == old_note:
            result.verified_note = new_note
        session.add(result)


def update_visit(
    db: Database,
    visit_id: int,
    unit_id: int,
    visit_date: date,
    start_time: str = "",
    place: str = "",
    today: date | None = None,
) -> None:
    """Change a visit's unit, date, time or place. The unit can change only while nothing is
    recorded (its checklist is drawn up again); a visit carried out can't move into the
    future; verified figures follow a new date into the unit's results."""
    today = today or date.today()
    time_text = normalize_time(start_time)
    place_text = _limited(place, PLACE_LIMIT, "Địa điểm", "place")
    with db.session() as session:
        visit = _visit(session, visit_id)
        found = _round(session, visit.round_id)
        unit = (
            _active_unit(session, unit_id) if unit_id != visit.unit_id else _unit(session, unit_id)
        )
        _check_schedule(session, found, unit, visit_date, visit_id)
        if visit.status != VisitStatus.PLANNED and visit_date > today:
            raise ValidationError(
                f"Cuộc kiểm tra đã thực hiện nên ngày kiểm tra không thể là "
                f"{format_date_short(visit_date)} (sau hôm nay).",
                field="visit_date",
            )
        if unit_id != visit.unit_id:
            old_name = _unit(session, visit.unit_id).name
            held = _visit_holds_data(session, visit)
            if visit.status != VisitStatus.PLANNED or held or _has_notes(session, visit):
                raise ValidationError(
                    f"Cuộc kiểm tra {_visit_label(old_name, visit.visit_date)} đã có nội dung "
                    "biên bản nên không đổi sang đơn vị khác được.",
                    field="unit_id",
                    hint="Hãy thêm một cuộc kiểm tra mới cho đơn vị kia.",
                )
            free_items = []
            for item in session.exec(
                select(InspectionItem)
                .where(InspectionItem.visit_id == visit_id)
                .order_by(col(InspectionItem.sort_order), col(InspectionItem.id))
            ).all():
                if item.criterion_id is None:
                    free_items.append(item)
                else:
                    session.delete(item)
            session.flush()
            count = _add_checklist(session, visit_id, unit, found.period_id)
            # The team's own lines stay after the new unit's criteria.
            for position, item in enumerate(free_items, start=count + 1):
                item.sort_order = position
                session.add(item)
            visit.unit_id = unit_id
        if visit_date != visit.visit_date:
            period = require_period(session, found.period_id)
            if _has_figures(session, visit_id):
                ensure_period_open(period)
            _move_mirrors(
                session,
                found.period_id,
                visit,
                visit_date,
                verification_note(found.name, visit.visit_date),
                verification_note(found.name, visit_date),
            )
            visit.visit_date = visit_date
        visit.start_time = time_text
        visit.place = place_text
        session.add(visit)


def _has_figures(session: Session, visit_id: int) -> bool:
    items = session.exec(select(InspectionItem).where(InspectionItem.visit_id == visit_id)).all()
    return any(_item_figure(item) is not None for item in items)


def _has_notes(session: Session, visit: InspectionVisit) -> bool:
    if visit.unit_attendees or visit.findings or visit.recommendations:
        return True
    items = session.exec(select(InspectionItem).where(InspectionItem.visit_id == visit.id)).all()
    return any(item.judgement is not None or item.remarks for item in items)


def delete_visit(db: Database, visit_id: int) -> None:
    """Take a planned visit off the schedule; refused once it was carried out or holds
    verified figures, actions or evidence files."""
    with db.session() as session:
        visit = session.get(InspectionVisit, visit_id)
        if visit is None:
            return
        _check_visit_deletable(session, visit, _unit(session, visit.unit_id).name)
        _delete_visit_rows(session, visit)


def add_free_item(db: Database, visit_id: int, text: str) -> int:
    """A line the team adds to the checklist (judged in words, no figure); returns its id."""
    cleaned = _limited(text, ITEM_TEXT_LIMIT, "Nội dung kiểm tra", "text")
    if not cleaned:
        raise ValidationError("Nội dung mục kiểm tra không được để trống.", field="text")
    with db.session() as session:
        visit = _visit(session, visit_id)
        if visit.status == VisitStatus.CLOSED:
            raise _closed_error(session, visit)
        items = session.exec(
            select(InspectionItem).where(InspectionItem.visit_id == visit_id)
        ).all()
        for item in items:
            if item.criterion_id is None and fold(item.text) == fold(cleaned):
                raise ValidationError(f"Biên bản đã có mục “{_short(item.text)}”.", field="text")
        item = InspectionItem(
            visit_id=visit_id,
            criterion_id=None,
            text=cleaned,
            sort_order=max((i.sort_order for i in items), default=0) + 1,
        )
        session.add(item)
        session.flush()
        return item.id or 0


def remove_free_item(db: Database, item_id: int) -> None:
    """Remove a line the team added; a criterion's line stays, and so does one with evidence
    files or follow-up actions."""
    with db.session() as session:
        item = session.get(InspectionItem, item_id)
        if item is None:
            return
        if item.criterion_id is not None:
            raise UserError(
                "Mục này là một tiêu chí của kỳ thi đua nên không xóa khỏi biên bản được.",
                "Nếu tiêu chí không áp dụng cho đơn vị, hãy đánh giá “Không áp dụng”.",
            )
        visit = _visit(session, item.visit_id)
        if visit.status == VisitStatus.CLOSED:
            raise _closed_error(session, visit)
        files = int(
            session.exec(
                select(func.count()).where(EvidenceLink.inspection_item_id == item_id)
            ).one()
        )
        if files:
            raise UserError(
                f"Mục “{_short(item.text)}” đang có {files} tệp minh chứng nên không xóa được.",
                "Hãy gỡ các tệp minh chứng trước.",
            )
        actions = int(
            session.exec(select(func.count()).where(FollowUpAction.item_id == item_id)).one()
        )
        if actions:
            raise UserError(
                f"Mục “{_short(item.text)}” đang có {actions} việc khắc phục nên không xóa được.",
                "Hãy xóa hoặc bỏ liên kết các việc khắc phục trước.",
            )
        session.delete(item)


def _closed_error(session: Session, visit: InspectionVisit) -> UserError:
    name = _unit(session, visit.unit_id).name
    return UserError(
        f"Cuộc kiểm tra {_visit_label(name, visit.visit_date)} đã kết thúc nên biên bản không "
        "sửa được nữa.",
    )


# --- the checklist -------------------------------------------------------------------------


def _find_result(
    session: Session, period_id: int, unit_id: int, criterion_id: int
) -> Result | None:
    return session.exec(
        select(Result)
        .where(Result.period_id == period_id)
        .where(Result.unit_id == unit_id)
        .where(Result.criterion_id == criterion_id)
    ).first()


def _reported(result: Result | None, kind: CriterionKind) -> tuple[Figure | None, str]:
    if result is None:
        return None, NOT_SENT_TEXT
    if result.not_applicable:
        return None, NOT_APPLICABLE_TEXT
    figure = _result_reported(result)
    if figure.is_empty():
        return None, NOT_SENT_TEXT  # a row the inspection made, with nothing reported
    return figure, figure_text(kind, figure)


def checklist(db: Database, visit_id: int) -> VisitSheet:
    """A visit with its checklist: each item with the unit's reported figure and the verified
    one side by side, its judgement, remarks and evidence count."""
    with db.session() as session:
        visit = _visit(session, visit_id)
        found = _round(session, visit.round_id)
        period = require_period(session, found.period_id)
        unit = _unit(session, visit.unit_id)
        items = session.exec(
            select(InspectionItem)
            .where(InspectionItem.visit_id == visit_id)
            .order_by(col(InspectionItem.sort_order), col(InspectionItem.id))
        ).all()
        criteria = {
            c.id: c
            for c in session.exec(
                select(Criterion).where(
                    col(Criterion.id).in_([i.criterion_id for i in items if i.criterion_id])
                )
            ).all()
        }
        results = {
            r.criterion_id: r
            for r in session.exec(
                select(Result)
                .where(Result.period_id == found.period_id)
                .where(Result.unit_id == visit.unit_id)
            ).all()
        }
        item_ids = [i.id for i in items]
        evidence = (
            dict(
                session.exec(
                    select(EvidenceLink.inspection_item_id, func.count())
                    .where(col(EvidenceLink.inspection_item_id).in_(item_ids))
                    .group_by(col(EvidenceLink.inspection_item_id))
                ).all()
            )
            if item_ids
            else {}
        )
        rows = []
        for item in items:
            verified = _item_figure(item)
            criterion = criteria.get(item.criterion_id) if item.criterion_id else None
            judgement = Judgement(item.judgement) if item.judgement is not None else None
            count = int(evidence.get(item.id, 0))
            if criterion is None:
                rows.append(
                    ChecklistRow(
                        item_id=item.id or 0,
                        criterion_id=None,
                        code="",
                        wording=item.text,
                        kind=None,
                        target_text="",
                        numerator_label="",
                        denominator_label="",
                        reported=None,
                        reported_text="",
                        verified=None,
                        verified_text="",
                        judgement=judgement,
                        remarks=item.remarks,
                        evidence_count=count,
                    )
                )
                continue
            kind = CriterionKind(criterion.kind)
            reported, reported_text = _reported(results.get(criterion.id or 0), kind)
            rows.append(
                ChecklistRow(
                    item_id=item.id or 0,
                    criterion_id=criterion.id,
                    code=criterion.code,
                    wording=criterion.wording,
                    kind=kind,
                    target_text=target_text(kind, criterion.comparator, criterion.threshold),
                    numerator_label=criterion.numerator_label,
                    denominator_label=criterion.denominator_label,
                    reported=reported,
                    reported_text=reported_text,
                    verified=verified,
                    verified_text=figure_text(kind, verified) if verified else "",
                    judgement=judgement,
                    remarks=item.remarks,
                    evidence_count=count,
                )
            )
        return VisitSheet(
            visit_id=visit.id or 0,
            round_id=found.id or 0,
            round_name=found.name,
            period_id=found.period_id,
            period_name=period.name,
            unit_id=unit.id or 0,
            unit_code=unit.code,
            unit_name=unit.name,
            unit_kind=UnitKind(unit.kind),
            unit_head_name=unit.head_name,
            unit_head_title=unit.head_title,
            visit_date=visit.visit_date,
            start_time=visit.start_time,
            place=visit.place,
            status=VisitStatus(visit.status),
            attendees=visit.unit_attendees,
            findings=visit.findings,
            recommendations=visit.recommendations,
            minutes_document_id=visit.minutes_document_id,
            lock_reason=period.results_lock_reason,
            team=_member_rows(session, found.id or 0),
            rows=rows,
        )


# --- recording a visit ---------------------------------------------------------------------

_KIND_NOUNS = {
    CriterionKind.RATE: "tỷ lệ (tử số và mẫu số)",
    CriterionKind.COUNT: "số lượng",
    CriterionKind.YES_NO: "Có/Không",
}


def _check_kind(kind: CriterionKind, figure: Figure, what: str) -> None:
    """Refuse a figure of another kind than the criterion's (validate_figure would silently
    drop it)."""
    if kind == CriterionKind.QUALITATIVE:
        raise ValidationError(
            f"{what}tiêu chí định tính không có số liệu xác minh.",
            field="verified_figure",
            hint="Hãy ghi đánh giá (Đạt / Chưa đạt) và nhận xét của đoàn.",
        )
    given = []
    if figure.numerator is not None or figure.denominator is not None:
        given.append((CriterionKind.RATE, "tử số, mẫu số"))
    if figure.value is not None:
        given.append((CriterionKind.COUNT, "một con số"))
    if figure.yes_no is not None:
        given.append((CriterionKind.YES_NO, "câu trả lời Có/Không"))
    if figure.assessment:
        given.append((CriterionKind.QUALITATIVE, "nhận xét bằng lời"))
    for given_kind, words in given:
        # A rate may also come as its percentage alone (value), like a reported one.
        fits = given_kind == kind or (
            kind == CriterionKind.RATE and given_kind == CriterionKind.COUNT
        )
        if not fits:
            raise ValidationError(
                f"{what}tiêu chí là {_KIND_NOUNS[kind]} nên không nhận {words}.",
                field="verified_figure",
            )


def record_visit(
    db: Database, visit_id: int, record: VisitRecord, today: date | None = None
) -> None:
    """Record a visit's minutes in one transaction: who attended, findings, recommendations,
    and for each listed item the verified figure, judgement and remarks. Each verified figure
    is also written to the unit's result (created, from the inspection, if the unit reported
    nothing), where scoring prefers it. A planned visit becomes done once its minutes verify
    something."""
    today = today or date.today()
    attendees = _multiline(record.attendees, MINUTES_TEXT_LIMIT, "Thành phần dự", "attendees")
    findings = _multiline(record.findings, MINUTES_TEXT_LIMIT, "Kết quả kiểm tra", "findings")
    recommendations = _multiline(
        record.recommendations, MINUTES_TEXT_LIMIT, "Kiến nghị", "recommendations"
    )
    with db.session() as session:
        visit = _visit(session, visit_id)
        found = _round(session, visit.round_id)
        period = require_period(session, found.period_id)
        ensure_period_open(period)
        if visit.status == VisitStatus.CLOSED:
            raise _closed_error(session, visit)
        if visit.visit_date > today:
            raise ValidationError(
                f"Cuộc kiểm tra ngày {format_date_short(visit.visit_date)} chưa diễn ra nên "
                "chưa ghi biên bản được.",
                field="visit_date",
                hint="Hãy ghi biên bản sau buổi kiểm tra, hoặc sửa ngày kiểm tra nếu đã nhập nhầm.",
            )
        items = {
            i.id: i
            for i in session.exec(
                select(InspectionItem).where(InspectionItem.visit_id == visit_id)
            ).all()
        }
        criteria = {
            c.id: c
            for c in session.exec(
                select(Criterion).where(
                    col(Criterion.id).in_(
                        [i.criterion_id for i in items.values() if i.criterion_id]
                    )
                )
            ).all()
        }
        results: dict[int, Result] = {
            r.criterion_id: r
            for r in session.exec(
                select(Result)
                .where(Result.period_id == found.period_id)
                .where(Result.unit_id == visit.unit_id)
            ).all()
        }
        note = verification_note(found.name, visit.visit_date)
        seen: set[int] = set()
        for entry in record.items:
            item = items.get(entry.item_id)
            if item is None:
                raise UserError(
                    "Có mục trong biên bản không thuộc cuộc kiểm tra này.",
                    "Hãy tải lại biên bản rồi nhập lại.",
                )
            if entry.item_id in seen:
                raise UserError("Một mục của biên bản được ghi hai lần trong cùng một lần lưu.")
            seen.add(entry.item_id)
            criterion = criteria.get(item.criterion_id) if item.criterion_id else None
            label = criterion.code if criterion is not None else f"mục “{_short(item.text)}”"
            what = f"Kiểm tra – {label}: "
            judgement = Judgement(entry.judgement) if entry.judgement is not None else None
            remarks = _multiline(entry.remarks, REMARKS_LIMIT, f"{what}Nhận xét", "remarks")
            figure = (
                entry.figure if entry.figure is not None and not entry.figure.is_empty() else None
            )
            if figure is not None:
                if judgement == Judgement.NOT_APPLICABLE:
                    raise ValidationError(
                        f"{what}đã đánh giá “Không áp dụng” thì không ghi số liệu xác minh.",
                        field="judgement",
                        hint="Hãy xóa số liệu xác minh, hoặc chọn đánh giá Đạt / Chưa đạt.",
                    )
                if criterion is None:
                    raise ValidationError(
                        f"{what}mục do đoàn bổ sung chỉ ghi đánh giá và nhận xét, không có số liệu "
                        "xác minh.",
                        field="verified_figure",
                    )
                kind = CriterionKind(criterion.kind)
                _check_kind(kind, figure, what)
                figure = validate_figure(kind, figure, what=what)
                existing = results.get(criterion.id or 0)
                if existing is not None and existing.not_applicable:
                    raise ValidationError(
                        f"{what}đơn vị đã báo “Không áp dụng” cho tiêu chí này "
                        f"({existing.not_applicable_reason}) nên số liệu xác minh không được "
                        "tính.",
                        field="verified_figure",
                        hint="Nếu đoàn xác định tiêu chí có áp dụng, hãy sửa kết quả của đơn vị "
                        "trước, rồi ghi số liệu xác minh.",
                    )
            old = _item_figure(item)
            _set_item_figure(item, figure)
            item.judgement = judgement
            item.remarks = remarks
            session.add(item)
            if criterion is not None and figure != old:
                _update_mirror(
                    session, results, criterion, found.period_id, visit, figure, old, note
                )
        visit.unit_attendees = attendees
        visit.findings = findings
        visit.recommendations = recommendations
        if visit.status == VisitStatus.PLANNED and _visit_verifies(list(items.values()), criteria):
            visit.status = VisitStatus.DONE
        session.add(visit)


def _update_mirror(
    session: Session,
    results: dict[int, Result],
    criterion: Criterion,
    period_id: int,
    visit: InspectionVisit,
    figure: Figure | None,
    old: Figure | None,
    note: str,
) -> None:
    criterion_id = criterion.id or 0
    result = results.get(criterion_id)
    if figure is not None:
        if result is None:
            result = Result(
                period_id=period_id,
                criterion_id=criterion_id,
                unit_id=visit.unit_id,
                source=ResultSource.INSPECTION,
                review_status=ReviewStatus.RECEIVED,
            )
            results[criterion_id] = result
        _mirror(result, figure, visit.visit_date, note)
        session.add(result)
        return
    if result is None or not _holds(result, old, visit.visit_date):
        return  # a later verification replaced this visit's: it stays
    _mirror(result, None, None, "")
    made_here = (
        result.source == ResultSource.INSPECTION
        and _result_reported(result).is_empty()
        and not result.not_applicable
    )
    linked = (
        result.id is not None
        and session.exec(select(func.count()).where(EvidenceLink.result_id == result.id)).one()
    )
    if made_here and not linked and result.id is not None:
        # The row existed only to carry this visit's figure: without it the unit has not
        # reported this criterion, as before the visit.
        session.delete(result)
        del results[criterion_id]
    else:
        session.add(result)


def _visit_verifies(items: list[InspectionItem], criteria: dict[int | None, Criterion]) -> bool:
    for item in items:
        criterion = criteria.get(item.criterion_id) if item.criterion_id else None
        kind = CriterionKind(criterion.kind) if criterion is not None else None
        if _verifies(_item_figure(item), kind, item.judgement):
            return True
    return False


# --- statuses ------------------------------------------------------------------------------


def allowed_statuses(status: VisitStatus) -> list[VisitStatus]:
    """Where a visit can go from `status`: the next step, or back one (never from closed)."""
    position = STATUS_ORDER.index(VisitStatus(status))
    if STATUS_ORDER[position] == VisitStatus.CLOSED:
        return []
    allowed = [STATUS_ORDER[position + 1]]
    if position > 0:
        allowed.insert(0, STATUS_ORDER[position - 1])
    return allowed


def set_visit_status(
    db: Database, visit_id: int, status: VisitStatus, today: date | None = None
) -> None:
    """Move a visit one step: Đã lên lịch → Đã kiểm tra → Đã gửi báo cáo → Đã kết thúc, or
    back one step (a closed visit stays closed)."""
    today = today or date.today()
    status = VisitStatus(status)
    with db.session() as session:
        visit = _visit(session, visit_id)
        current = VisitStatus(visit.status)
        if status == current:
            return
        unit_name = _unit(session, visit.unit_id).name
        label = _visit_label(unit_name, visit.visit_date)
        if status not in allowed_statuses(current):
            if current == VisitStatus.CLOSED:
                raise UserError(
                    f"Cuộc kiểm tra {label} đã kết thúc; trạng thái không đổi được nữa."
                )
            raise UserError(
                f"Cuộc kiểm tra {label} đang ở trạng thái “{VISIT_STATUS_LABELS[current]}” nên "
                f"không chuyển thẳng sang “{VISIT_STATUS_LABELS[status]}” được.",
                "Trạng thái đi lần lượt: Đã lên lịch → Đã kiểm tra → Đã gửi báo cáo → Đã kết thúc.",
            )
        if status in (VisitStatus.DONE, VisitStatus.CLOSED) and STATUS_ORDER.index(
            status
        ) > STATUS_ORDER.index(current):
            if status == VisitStatus.DONE and visit.visit_date > today:
                raise ValidationError(
                    f"Cuộc kiểm tra ngày {format_date_short(visit.visit_date)} chưa diễn ra nên "
                    "chưa ghi là đã kiểm tra được.",
                    field="status",
                )
            items = session.exec(
                select(InspectionItem).where(InspectionItem.visit_id == visit_id)
            ).all()
            criteria = {
                c.id: c
                for c in session.exec(
                    select(Criterion).where(
                        col(Criterion.id).in_([i.criterion_id for i in items if i.criterion_id])
                    )
                ).all()
            }
            if not _visit_verifies(list(items), criteria):
                raise ValidationError(
                    f"Biên bản chưa có số liệu xác minh nào: cuộc kiểm tra {label} chưa ghi là "
                    f"“{VISIT_STATUS_LABELS[status]}” được.",
                    field="status",
                    hint="Hãy nhập số liệu xác minh (hoặc đánh giá của các tiêu chí định tính) "
                    "vào biên bản trước.",
                )
        visit.status = status
        session.add(visit)


# --- discrepancies -------------------------------------------------------------------------


def default_tolerance(db: Database) -> Tolerance:
    settings = get_result_settings(db)
    return Tolerance(settings.discrepancy_rate_points, settings.discrepancy_count_percent)


def _difference(
    kind: CriterionKind, reported: Figure, verified: Figure, tolerance: Tolerance
) -> tuple[bool, Decimal | None, str]:
    """Whether the two differ by more than the tolerance, the size, and the words."""
    if kind == CriterionKind.YES_NO:
        if reported.yes_no is None or verified.yes_no is None:
            return False, None, ""
        return reported.yes_no != verified.yes_no, None, "Khác nhau"
    before, after = measured(kind, reported), measured(kind, verified)
    if before is None or after is None or before == after:
        return False, Decimal(0), ""
    direction = "Thấp hơn" if after < before else "Cao hơn"
    gap = abs(after - before)
    if kind == CriterionKind.RATE:
        return (
            gap > tolerance.rate_points,
            gap,
            f"{direction} {format_number(_two_places(gap))} điểm %",
        )
    if before == 0:
        # Any change from nothing is out of proportion to it.
        return True, HUNDRED, f"{direction} {format_number(gap)} (báo cáo 0)"
    share = gap * HUNDRED / abs(before)
    return (
        share > tolerance.count_percent,
        share,
        f"{direction} {format_number(gap)} ({format_percent(share, 1)} so với báo cáo)",
    )


def discrepancies(
    db: Database, period_id: int, tolerance: Tolerance | None = None
) -> list[DiscrepancyRow]:
    """Every unit result of the period whose verified figure differs from the reported one by
    more than the tolerance (the settings' by default): rates in percentage points, counts in
    percent of the reported value, yes/no when they differ. Largest first, yes/no first of
    all; exactly the tolerance is not a discrepancy."""
    tolerance = tolerance or default_tolerance(db)
    with db.session() as session:
        require_period(session, period_id)
        rows = session.exec(
            select(Result, Unit, Criterion)
            .join(Unit, col(Unit.id) == col(Result.unit_id))
            .join(Criterion, col(Criterion.id) == col(Result.criterion_id))
            .where(Result.period_id == period_id)
            .where(col(Result.not_applicable).is_(False))
        ).all()
        sources = _verification_sources(session, period_id)
    found = []
    for result, unit, criterion in rows:
        verified = _result_verified(result)
        reported = _result_reported(result)
        if verified is None or reported.is_empty():
            continue
        kind = CriterionKind(criterion.kind)
        over, size, words = _difference(kind, reported, verified, tolerance)
        if not over:
            continue
        source = sources.get((unit.id or 0, criterion.id or 0, result.verified_on))
        found.append(
            DiscrepancyRow(
                result_id=result.id or 0,
                unit_id=unit.id or 0,
                unit_code=unit.code,
                unit_name=unit.name,
                criterion_id=criterion.id or 0,
                code=criterion.code,
                wording=criterion.wording,
                kind=kind,
                reported_text=figure_text(kind, reported),
                verified_text=figure_text(kind, verified),
                difference_text=words,
                size=size,
                verified_on=result.verified_on,
                visit_id=source[0] if source else None,
                round_name=source[1] if source else "",
            )
        )
    found.sort(key=lambda r: (collation_key(r.unit_name), r.code))
    found.sort(key=lambda r: (r.size is not None, -(r.size or Decimal(0))))
    return found


def _verification_sources(
    session: Session, period_id: int
) -> dict[tuple[int, int, date | None], tuple[int, str]]:
    """(unit, criterion, date) → (visit id, round name) for every figure a visit verified."""
    rows = session.exec(
        select(InspectionItem.criterion_id, InspectionVisit, InspectionRound.name)
        .join(InspectionVisit, col(InspectionVisit.id) == col(InspectionItem.visit_id))
        .join(InspectionRound, col(InspectionRound.id) == col(InspectionVisit.round_id))
        .where(InspectionRound.period_id == period_id)
        .where(col(InspectionItem.criterion_id).is_not(None))
    ).all()
    return {
        (visit.unit_id, criterion_id or 0, visit.visit_date): (visit.id or 0, round_name)
        for criterion_id, visit, round_name in rows
    }


def export_discrepancies(
    db: Database, period_id: int, tolerance: Tolerance | None = None
) -> TableExport:
    """The discrepancy list as a table for write_table_xlsx."""
    tolerance = tolerance or default_tolerance(db)
    rows = discrepancies(db, period_id, tolerance)
    with db.session() as session:
        period_name = require_period(session, period_id).name
    table: list[list[CellValue]] = [
        [
            number,
            row.unit_name,
            row.code,
            row.wording,
            row.reported_text,
            row.verified_text,
            row.difference_text,
            row.size_text,
            row.verified_on_text,
            row.round_name,
        ]
        for number, row in enumerate(rows, start=1)
    ]
    return TableExport(
        sheet_title="Chênh lệch số liệu",
        title=f"Chênh lệch giữa số liệu báo cáo và số liệu xác minh – {period_name}",
        headers=DISCREPANCY_HEADERS,
        rows=table,
        subtitle=(
            f"Liệt kê khi tỷ lệ lệch quá {format_number(tolerance.rate_points)} điểm phần trăm, "
            f"số lượng lệch quá {format_percent(tolerance.count_percent)} so với số báo cáo, "
            "hoặc câu trả lời Có/Không khác nhau."
        ),
    )


# --- follow-up actions ---------------------------------------------------------------------


def _clean_action(
    session: Session,
    visit: InspectionVisit,
    description: str,
    due_date: date,
    item_id: int | None,
) -> str:
    cleaned = _multiline(description, ACTION_TEXT_LIMIT, "Nội dung việc khắc phục", "description")
    if not cleaned:
        raise ValidationError("Hãy ghi nội dung việc cần khắc phục.", field="description")
    if due_date < visit.visit_date:
        raise ValidationError(
            f"Hạn hoàn thành {format_date_short(due_date)} trước ngày kiểm tra "
            f"{format_date_short(visit.visit_date)}.",
            field="due_date",
            hint="Hạn khắc phục phải từ ngày kiểm tra trở đi.",
        )
    if item_id is not None:
        item = session.get(InspectionItem, item_id)
        if item is None or item.visit_id != visit.id:
            raise ValidationError(
                "Mục kiểm tra được chọn không thuộc cuộc kiểm tra này.", field="item_id"
            )
    return cleaned


def add_action(
    db: Database,
    visit_id: int,
    description: str,
    due_date: date,
    item_id: int | None = None,
    today: date | None = None,
) -> int:
    """A follow-up action for the visited unit, from a finding (or one checklist item);
    returns its id. Only a visit that has taken place gives actions."""
    today = today or date.today()
    with db.session() as session:
        visit = _visit(session, visit_id)
        if visit.visit_date > today:
            raise ValidationError(
                f"Cuộc kiểm tra ngày {format_date_short(visit.visit_date)} chưa diễn ra nên "
                "chưa giao việc khắc phục được.",
                field="visit_id",
            )
        cleaned = _clean_action(session, visit, description, due_date, item_id)
        action = FollowUpAction(
            visit_id=visit_id,
            item_id=item_id,
            unit_id=visit.unit_id,
            description=cleaned,
            due_date=due_date,
        )
        session.add(action)
        session.flush()
        return action.id or 0


def update_action(
    db: Database,
    action_id: int,
    description: str,
    due_date: date,
    item_id: int | None = None,
) -> None:
    with db.session() as session:
        action = _action(session, action_id)
        visit = _visit(session, action.visit_id)
        action.description = _clean_action(session, visit, description, due_date, item_id)
        action.due_date = due_date
        action.item_id = item_id
        session.add(action)


def complete_action(
    db: Database, action_id: int, done_on: date, note: str, today: date | None = None
) -> None:
    """Mark an action done on `done_on` with what the unit did."""
    today = today or date.today()
    cleaned = _multiline(note, ACTION_TEXT_LIMIT, "Kết quả khắc phục", "note")
    if not cleaned:
        raise ValidationError(
            "Hãy ghi kết quả khắc phục (đơn vị đã làm gì, căn cứ nào).", field="note"
        )
    with db.session() as session:
        action = _action(session, action_id)
        visit = _visit(session, action.visit_id)
        if done_on > today:
            raise ValidationError(
                f"Ngày hoàn thành {format_date_short(done_on)} ở tương lai.", field="done_on"
            )
        if done_on < visit.visit_date:
            raise ValidationError(
                f"Ngày hoàn thành {format_date_short(done_on)} trước ngày kiểm tra "
                f"{format_date_short(visit.visit_date)}.",
                field="done_on",
            )
        action.status = ActionStatus.DONE
        action.done_on = done_on
        action.done_note = cleaned
        session.add(action)


def reopen_action(db: Database, action_id: int) -> None:
    """An action marked done by mistake (or not really done) is open again."""
    with db.session() as session:
        action = _action(session, action_id)
        action.status = ActionStatus.OPEN
        action.done_on = None
        action.done_note = ""
        session.add(action)


def delete_action(db: Database, action_id: int) -> None:
    """Delete an action entered by mistake; one with evidence files keeps them first."""
    with db.session() as session:
        action = session.get(FollowUpAction, action_id)
        if action is None:
            return
        files = int(
            session.exec(select(func.count()).where(EvidenceLink.action_id == action_id)).one()
        )
        if files:
            raise UserError(
                f"Việc khắc phục này đang có {files} tệp minh chứng nên không xóa được.",
                "Hãy gỡ các tệp minh chứng trước.",
            )
        session.delete(action)


def _action_rows(
    session: Session,
    period_id: int,
    today: date,
    unit_id: int | None = None,
    open_only: bool = False,
) -> list[ActionRow]:
    query = (
        select(FollowUpAction, InspectionVisit, InspectionRound, Unit)
        .join(InspectionVisit, col(InspectionVisit.id) == col(FollowUpAction.visit_id))
        .join(InspectionRound, col(InspectionRound.id) == col(InspectionVisit.round_id))
        .join(Unit, col(Unit.id) == col(FollowUpAction.unit_id))
        .where(InspectionRound.period_id == period_id)
    )
    if unit_id is not None:
        query = query.where(FollowUpAction.unit_id == unit_id)
    if open_only:
        query = query.where(FollowUpAction.status == ActionStatus.OPEN)
    rows = session.exec(query).all()
    item_ids = [a.item_id for a, _v, _r, _u in rows if a.item_id is not None]
    labels: dict[int, str] = {}
    if item_ids:
        for item_id, text, code in session.exec(
            select(InspectionItem.id, InspectionItem.text, Criterion.code)
            .outerjoin(Criterion, col(Criterion.id) == col(InspectionItem.criterion_id))
            .where(col(InspectionItem.id).in_(item_ids))
        ).all():
            labels[item_id or 0] = code or _short(text)
    action_ids = [a.id for a, _v, _r, _u in rows]
    evidence = (
        dict(
            session.exec(
                select(EvidenceLink.action_id, func.count())
                .where(col(EvidenceLink.action_id).in_(action_ids))
                .group_by(col(EvidenceLink.action_id))
            ).all()
        )
        if action_ids
        else {}
    )
    result = []
    for action, visit, found, unit in rows:
        status = ActionStatus(action.status)
        overdue = status == ActionStatus.OPEN and action.due_date < today
        result.append(
            ActionRow(
                id=action.id or 0,
                visit_id=visit.id or 0,
                round_id=found.id or 0,
                round_name=found.name,
                visit_date=visit.visit_date,
                unit_id=unit.id or 0,
                unit_code=unit.code,
                unit_name=unit.name,
                item_id=action.item_id,
                item_label=labels.get(action.item_id or 0, "") if action.item_id else "",
                description=action.description,
                due_date=action.due_date,
                status=status,
                done_on=action.done_on,
                done_note=action.done_note,
                overdue=overdue,
                days_overdue=(today - action.due_date).days if overdue else 0,
                evidence_count=int(evidence.get(action.id, 0)),
            )
        )
    # Open actions first, the most urgent deadline first; then those done.
    result.sort(key=lambda r: (collation_key(r.unit_name), r.id))
    result.sort(key=lambda r: (not r.is_open, r.due_date))
    return result


def list_actions(
    db: Database, period_id: int, unit_id: int | None = None, today: date | None = None
) -> list[ActionRow]:
    """The period's follow-up actions (one unit's, if given): open ones first, by deadline."""
    today = today or date.today()
    with db.session() as session:
        require_period(session, period_id)
        return _action_rows(session, period_id, today, unit_id)


def action_overview(
    db: Database, period_id: int, today: date | None = None
) -> list[UnitActionCounts]:
    """Per unit with any action: how many are open (overdue included), overdue and done;
    units with the most overdue first, then by name."""
    rows = list_actions(db, period_id, today=today)
    counts: dict[int, UnitActionCounts] = {}
    for row in rows:
        old = counts.get(row.unit_id) or UnitActionCounts(
            row.unit_id, row.unit_code, row.unit_name, 0, 0, 0
        )
        counts[row.unit_id] = UnitActionCounts(
            old.unit_id,
            old.unit_code,
            old.unit_name,
            old.open + (1 if row.is_open else 0),
            old.overdue + (1 if row.overdue else 0),
            old.done + (0 if row.is_open else 1),
        )
    overview = sorted(counts.values(), key=lambda c: collation_key(c.unit_name))
    overview.sort(key=lambda c: (-c.overdue, -c.open))
    return overview


def open_actions_for_unit(
    db: Database, period_id: int, unit_id: int, today: date | None = None
) -> list[ActionRow]:
    """The unit's actions still open in the period (shown beside an award proposal)."""
    today = today or date.today()
    with db.session() as session:
        require_period(session, period_id)
        return _action_rows(session, period_id, today, unit_id, open_only=True)
