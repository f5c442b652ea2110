"""The people and records around awards: the council's members, restrictions on people, the
recognitions recorded by hand, every unit's and person's award history across years, and the
yearly register of awards (sổ khen thưởng) with its Excel export."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, func, select

from kt_desktop.domain import Person, Unit
from kt_desktop.domain.awards import (
    AwardForm,
    AwardProposal,
    AwardRound,
    CouncilAttendance,
    CouncilMember,
    CouncilRecusal,
    PersonRestriction,
    RecognitionRecord,
)
from kt_desktop.domain.documents import OutgoingDocument
from kt_desktop.domain.enums import (
    AwardOccasion,
    CouncilRole,
    DocumentState,
    Gender,
    RecipientKind,
    RecognitionKind,
    RestrictionKind,
)
from kt_desktop.domain.labels import (
    AWARD_OCCASION_LABELS,
    COUNCIL_ROLE_LABELS,
    GENDER_HONORIFICS,
    RECIPIENT_KIND_LABELS,
    RECOGNITION_KIND_LABELS,
    RESTRICTION_KIND_LABELS,
)
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.awards import meeting_closed, refresh_open_rounds
from kt_desktop.services.database import Database
from kt_desktop.services.settings import get_commune_identity
from kt_desktop.sheets.award_register_sheet import RegisterEntry, RegisterSheet, write_register
from kt_desktop.text import (
    capitalize_name,
    clean_text,
    collation_key,
    format_date_short,
    format_money,
    format_number,
)

MAX_NAME = 200
MAX_POSITION = 300
MAX_NOTE = 1000
MAX_DECISION_TEXT = 500
MAX_AWARD_NAME = 300
EARLIEST_YEAR = 2000

# What a history row is, in the words of its "Loại" column.
KIND_AWARD = "Khen thưởng"
KIND_TITLE = "Danh hiệu"
KIND_RATING = "Xếp loại"
KIND_PROPOSAL = "Đề nghị"
SOURCE_APP = "Trong phần mềm"
SOURCE_HAND = "Nhập tay"
_KIND_ORDER = (KIND_AWARD, KIND_PROPOSAL, KIND_TITLE, KIND_RATING)

_RECOGNITION_HISTORY_KIND = {
    RecognitionKind.AWARD: KIND_AWARD,
    RecognitionKind.EMULATION_SOLDIER: KIND_TITLE,
    RecognitionKind.ADVANCED_WORKER: KIND_TITLE,
    RecognitionKind.EXCELLENT_RATING: KIND_RATING,
}


def _today(today: date | None) -> date:
    return today or date.today()


# --- the council's members ----------------------------------------------------------------


@dataclass(frozen=True)
class CouncilMemberInput:
    full_name: str
    gender: Gender
    position: str
    role: CouncilRole
    person_id: int | None = None
    headed_unit_id: int | None = None
    active: bool = True


@dataclass(frozen=True)
class CouncilMemberRow:
    id: int
    full_name: str
    gender: Gender
    position: str
    role: CouncilRole
    person_id: int | None
    person_name: str
    headed_unit_id: int | None
    headed_unit_name: str
    active: bool
    sort_order: int

    @property
    def role_label(self) -> str:
        return COUNCIL_ROLE_LABELS[self.role]


def _role_rank(role: CouncilRole) -> int:
    return list(CouncilRole).index(role)


def list_council_members(db: Database, active_only: bool = False) -> list[CouncilMemberRow]:
    """The council as the minutes list it: chair, vice-chairs, standing member, members."""
    with db.session() as session:
        query = select(CouncilMember)
        if active_only:
            query = query.where(col(CouncilMember.active))
        members = list(session.exec(query))
        people = dict(session.exec(select(Person.id, Person.full_name)).all())
        units = dict(session.exec(select(Unit.id, Unit.name)).all())
    rows = [
        CouncilMemberRow(
            id=m.id or 0,
            full_name=m.full_name,
            gender=m.gender,
            position=m.position,
            role=m.role,
            person_id=m.person_id,
            person_name=people.get(m.person_id, "") if m.person_id else "",
            headed_unit_id=m.headed_unit_id,
            headed_unit_name=units.get(m.headed_unit_id, "") if m.headed_unit_id else "",
            active=m.active,
            sort_order=m.sort_order,
        )
        for m in members
    ]
    return sorted(rows, key=lambda r: (_role_rank(r.role), r.sort_order, r.id))


def get_council_member(db: Database, member_id: int) -> CouncilMemberInput:
    with db.session() as session:
        member = _require_member(session, member_id)
        return CouncilMemberInput(
            full_name=member.full_name,
            gender=member.gender,
            position=member.position,
            role=member.role,
            person_id=member.person_id,
            headed_unit_id=member.headed_unit_id,
            active=member.active,
        )


def _require_member(session: Session, member_id: int) -> CouncilMember:
    member = session.get(CouncilMember, member_id)
    if member is None:
        raise UserError(
            "Thành viên Hội đồng này không còn trong cơ sở dữ liệu (có thể vừa bị xóa).",
            "Hãy mở lại danh sách để xem dữ liệu mới nhất.",
        )
    return member


def _clean_member(session: Session, data: CouncilMemberInput) -> CouncilMemberInput:
    full_name = clean_text(data.full_name)
    if not full_name:
        raise ValidationError("Hãy nhập họ và tên thành viên Hội đồng.", field="full_name")
    if len(full_name) > MAX_NAME:
        raise ValidationError(f"Họ và tên dài quá {MAX_NAME} ký tự.", field="full_name")
    if any(ch.isdigit() for ch in full_name):
        raise ValidationError(f"Họ và tên “{full_name}” không được chứa chữ số.", field="full_name")
    position = clean_text(data.position)
    if len(position) > MAX_POSITION:
        raise ValidationError(f"Chức vụ dài quá {MAX_POSITION} ký tự.", field="position")
    if data.person_id is not None and session.get(Person, data.person_id) is None:
        raise ValidationError("Cá nhân đã chọn không còn trong danh sách.", field="person_id")
    if data.headed_unit_id is not None and session.get(Unit, data.headed_unit_id) is None:
        raise ValidationError("Đơn vị đã chọn không còn trong danh sách.", field="headed_unit_id")
    return CouncilMemberInput(
        full_name=capitalize_name(full_name),
        gender=Gender(data.gender),
        position=position,
        role=CouncilRole(data.role),
        person_id=data.person_id,
        headed_unit_id=data.headed_unit_id,
        active=data.active,
    )


def _check_member_clashes(
    session: Session, data: CouncilMemberInput, own_id: int | None, role: CouncilRole
) -> None:
    """One active chair; one member per person of the register (a conflict of interest is
    read from that link, so two members for one person would confuse it)."""
    others = [m for m in session.exec(select(CouncilMember)) if m.id != own_id]
    if role == CouncilRole.CHAIR and data.active:
        chair = next((m for m in others if m.active and m.role == CouncilRole.CHAIR), None)
        if chair is not None:
            raise ValidationError(
                f"Hội đồng đã có Chủ tịch Hội đồng: {chair.full_name}.",
                field="role",
                hint="Hãy chọn vai trò khác, hoặc cho người đó “Ngừng” trước.",
            )
    if data.person_id is not None:
        twin = next((m for m in others if m.person_id == data.person_id), None)
        if twin is not None:
            raise ValidationError(
                f"Cá nhân này đã gắn với thành viên Hội đồng “{twin.full_name}”.",
                field="person_id",
            )


def create_council_member(db: Database, data: CouncilMemberInput) -> int:
    with db.session() as session:
        cleaned = _clean_member(session, data)
        _check_member_clashes(session, cleaned, None, cleaned.role)
        last = session.exec(select(func.max(CouncilMember.sort_order))).one()
        member = CouncilMember(**cleaned.__dict__, sort_order=int(last or 0) + 1)
        session.add(member)
        session.flush()
        assert member.id is not None
        refresh_open_rounds(session)
        return member.id


def update_council_member(db: Database, member_id: int, data: CouncilMemberInput) -> None:
    with db.session() as session:
        member = _require_member(session, member_id)
        cleaned = _clean_member(session, data)
        _check_member_clashes(session, cleaned, member_id, cleaned.role)
        for name, value in cleaned.__dict__.items():
            setattr(member, name, value)
        session.add(member)
        session.flush()
        refresh_open_rounds(session)


def set_council_member_active(db: Database, member_id: int, active: bool) -> None:
    """A member who leaves the council stops ("Ngừng"): no longer invited to a new round,
    still named in the minutes of the rounds they attended."""
    with db.session() as session:
        member = _require_member(session, member_id)
        if active:
            current = CouncilMemberInput(
                member.full_name,
                member.gender,
                member.position,
                member.role,
                member.person_id,
                member.headed_unit_id,
                True,
            )
            _check_member_clashes(session, current, member_id, member.role)
        member.active = active
        session.add(member)
        session.flush()
        refresh_open_rounds(session)


def delete_council_member(db: Database, member_id: int) -> None:
    """Delete a member no round refers to; one on a round's attendance list must stop."""
    with db.session() as session:
        member = session.get(CouncilMember, member_id)
        if member is None:
            return
        # Marked absent from a meeting still open, the member is only invited: that row goes
        # with the member. Present at a meeting, or named absent in issued minutes, he stays.
        invitations = []
        rounds = 0
        for row in session.exec(
            select(CouncilAttendance).where(CouncilAttendance.member_id == member_id)
        ):
            award_round = session.get(AwardRound, row.round_id)
            if row.present or award_round is None or meeting_closed(session, award_round):
                rounds += 1
            else:
                invitations.append(row)
        recusals = session.exec(
            select(func.count())
            .select_from(CouncilRecusal)
            .where(CouncilRecusal.member_id == member_id)
        ).one()
        secretary = session.exec(
            select(func.count())
            .select_from(AwardRound)
            .where(AwardRound.secretary_member_id == member_id)
        ).one()
        if rounds or recusals or secretary:
            count = int(rounds) or 1
            raise UserError(
                f"Không xóa được “{member.full_name}” vì đã có tên trong danh sách dự họp của "
                f"{format_number(count)} đợt khen thưởng.",
                "Hãy dùng “Ngừng” để thành viên không còn được mời họp mà vẫn giữ biên bản cũ.",
            )
        for row in invitations:
            session.delete(row)
        session.flush()
        session.delete(member)
        session.flush()
        refresh_open_rounds(session)


# --- restrictions on a person -------------------------------------------------------------


@dataclass(frozen=True)
class RestrictionRow:
    id: int
    person_id: int
    kind: RestrictionKind
    start_date: date
    end_date: date | None
    note: str

    @property
    def kind_label(self) -> str:
        return RESTRICTION_KIND_LABELS[self.kind]

    @property
    def period_text(self) -> str:
        until = format_date_short(self.end_date) if self.end_date else "nay"
        return f"Từ {format_date_short(self.start_date)} đến {until}"

    def in_force(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


def _require_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise UserError(
            "Cá nhân này không còn trong cơ sở dữ liệu (có thể vừa bị xóa).",
            "Hãy mở lại danh sách để xem dữ liệu mới nhất.",
        )
    return person


def _clean_restriction(
    kind: RestrictionKind, start_date: date, end_date: date | None, note: str, today: date
) -> tuple[RestrictionKind, str]:
    latest = today.replace(year=today.year + 1) if (today.month, today.day) != (2, 29) else today
    if start_date.year < EARLIEST_YEAR:
        raise ValidationError(
            f"Ngày bắt đầu {format_date_short(start_date)} không hợp lệ.", field="start_date"
        )
    if start_date > latest:
        raise ValidationError(
            f"Ngày bắt đầu {format_date_short(start_date)} quá xa: chỉ ghi trước tối đa một "
            f"năm (đến {format_date_short(latest)}).",
            field="start_date",
        )
    if end_date is not None and end_date < start_date:
        raise ValidationError(
            f"Ngày kết thúc {format_date_short(end_date)} sớm hơn ngày bắt đầu "
            f"{format_date_short(start_date)}.",
            field="end_date",
        )
    note = clean_text(note)
    if len(note) > MAX_NOTE:
        raise ValidationError(f"Ghi chú dài quá {format_number(MAX_NOTE)} ký tự.", field="note")
    return RestrictionKind(kind), note


def add_restriction(
    db: Database,
    person_id: int,
    kind: RestrictionKind,
    start_date: date,
    end_date: date | None = None,
    note: str = "",
    today: date | None = None,
) -> int:
    """A period during which the person may not be awarded; `end_date` None: still in force."""
    kind, note = _clean_restriction(kind, start_date, end_date, note, _today(today))
    with db.session() as session:
        _require_person(session, person_id)
        row = PersonRestriction(
            person_id=person_id, kind=kind, start_date=start_date, end_date=end_date, note=note
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def _require_restriction(session: Session, restriction_id: int) -> PersonRestriction:
    row = session.get(PersonRestriction, restriction_id)
    if row is None:
        raise UserError("Thông tin kỷ luật, điều tra, khiếu nại này không còn trong dữ liệu.")
    return row


def update_restriction(
    db: Database,
    restriction_id: int,
    kind: RestrictionKind,
    start_date: date,
    end_date: date | None = None,
    note: str = "",
    today: date | None = None,
) -> None:
    kind, note = _clean_restriction(kind, start_date, end_date, note, _today(today))
    with db.session() as session:
        row = _require_restriction(session, restriction_id)
        row.kind, row.start_date, row.end_date, row.note = kind, start_date, end_date, note
        session.add(row)


def delete_restriction(db: Database, restriction_id: int) -> None:
    with db.session() as session:
        row = session.get(PersonRestriction, restriction_id)
        if row is not None:
            session.delete(row)


def list_restrictions(db: Database, person_id: int) -> list[RestrictionRow]:
    """The person's restrictions, the latest first."""
    with db.session() as session:
        rows = session.exec(
            select(PersonRestriction).where(PersonRestriction.person_id == person_id)
        ).all()
    found = [
        RestrictionRow(r.id or 0, r.person_id, r.kind, r.start_date, r.end_date, r.note)
        for r in rows
    ]
    return sorted(found, key=lambda r: (r.start_date, r.id), reverse=True)


# --- recognitions recorded by hand ----------------------------------------------------------


@dataclass(frozen=True)
class RecognitionRow:
    id: int
    person_id: int | None
    unit_id: int | None
    year: int
    kind: RecognitionKind
    name: str
    occasion: AwardOccasion | None
    decision_text: str
    note: str

    @property
    def kind_label(self) -> str:
        return RECOGNITION_KIND_LABELS[self.kind]

    @property
    def title(self) -> str:
        """An award's form as written; a title or rating by its name."""
        return self.name if self.kind == RecognitionKind.AWARD else self.kind_label

    @property
    def occasion_label(self) -> str:
        return AWARD_OCCASION_LABELS[self.occasion] if self.occasion else ""


def _recipient_name(session: Session, person_id: int | None, unit_id: int | None) -> str:
    if person_id is not None:
        return _require_person(session, person_id).full_name
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None:
        raise UserError(
            "Đơn vị này không còn trong cơ sở dữ liệu (có thể vừa bị xóa).",
            "Hãy mở lại danh sách để xem dữ liệu mới nhất.",
        )
    return unit.name


def _check_recognition(
    session: Session,
    record_id: int | None,
    person_id: int | None,
    unit_id: int | None,
    year: int,
    kind: RecognitionKind,
    name: str,
    occasion: AwardOccasion | None,
    decision_text: str,
    note: str,
    today: date,
) -> RecognitionRecord:
    """A checked record (not added to the session) with its text cleaned."""
    if (person_id is None) == (unit_id is None):
        raise ValidationError(
            "Danh hiệu, khen thưởng phải gắn với đúng một cá nhân hoặc một tập thể.",
            field="recipient",
        )
    if not EARLIEST_YEAR <= year <= today.year:
        raise ValidationError(
            f"Năm {year} không hợp lệ: phải từ {EARLIEST_YEAR} đến {today.year}.", field="year"
        )
    kind = RecognitionKind(kind)
    name, decision_text, note = clean_text(name), clean_text(decision_text), clean_text(note)
    if kind == RecognitionKind.AWARD:
        if not name:
            raise ValidationError(
                "Hãy ghi hình thức khen thưởng, ví dụ “Giấy khen của Chủ tịch UBND huyện Kim "
                "Thành”.",
                field="name",
            )
        if len(name) > MAX_AWARD_NAME:
            raise ValidationError(
                f"Hình thức khen thưởng dài quá {MAX_AWARD_NAME} ký tự.", field="name"
            )
    else:
        # A title or rating is named by its kind; an occasion belongs to an award only.
        name, occasion = "", None
    if len(decision_text) > MAX_DECISION_TEXT:
        raise ValidationError(
            f"Số, ngày quyết định dài quá {MAX_DECISION_TEXT} ký tự.", field="decision_text"
        )
    if len(note) > MAX_NOTE:
        raise ValidationError(f"Ghi chú dài quá {format_number(MAX_NOTE)} ký tự.", field="note")
    who = _recipient_name(session, person_id, unit_id)
    if unit_id is not None and kind == RecognitionKind.EMULATION_SOLDIER:
        raise ValidationError(
            "“Chiến sĩ thi đua cơ sở” là danh hiệu của cá nhân, không ghi cho tập thể.",
            field="kind",
        )
    if kind != RecognitionKind.AWARD:
        query = (
            select(RecognitionRecord)
            .where(RecognitionRecord.year == year)
            .where(RecognitionRecord.kind == kind)
        )
        if person_id is not None:
            query = query.where(RecognitionRecord.person_id == person_id)
        else:
            query = query.where(RecognitionRecord.unit_id == unit_id)
        if any(other.id != record_id for other in session.exec(query)):
            raise ValidationError(
                f"“{who}” đã có “{RECOGNITION_KIND_LABELS[kind]}” năm {year}.",
                field="kind",
            )
    return RecognitionRecord(
        person_id=person_id,
        unit_id=unit_id,
        year=year,
        kind=kind,
        name=name,
        occasion=AwardOccasion(occasion) if occasion else None,
        decision_text=decision_text,
        note=note,
    )


def add_recognition(
    db: Database,
    person_id: int | None,
    unit_id: int | None,
    year: int,
    kind: RecognitionKind,
    name: str = "",
    occasion: AwardOccasion | None = None,
    decision_text: str = "",
    note: str = "",
    today: date | None = None,
) -> int:
    """A rating, title or award of a person or unit, recorded by hand (earlier years, awards
    decided outside this app). The eligibility rules and the history read these."""
    with db.session() as session:
        record = _check_recognition(
            session,
            None,
            person_id,
            unit_id,
            year,
            kind,
            name,
            occasion,
            decision_text,
            note,
            _today(today),
        )
        session.add(record)
        session.flush()
        assert record.id is not None
        return record.id


def update_recognition(
    db: Database,
    record_id: int,
    year: int,
    kind: RecognitionKind,
    name: str = "",
    occasion: AwardOccasion | None = None,
    decision_text: str = "",
    note: str = "",
    today: date | None = None,
) -> None:
    with db.session() as session:
        record = session.get(RecognitionRecord, record_id)
        if record is None:
            raise UserError("Danh hiệu, khen thưởng này không còn trong dữ liệu.")
        checked = _check_recognition(
            session,
            record_id,
            record.person_id,
            record.unit_id,
            year,
            kind,
            name,
            occasion,
            decision_text,
            note,
            _today(today),
        )
        for field in ("year", "kind", "name", "occasion", "decision_text", "note"):
            setattr(record, field, getattr(checked, field))
        session.add(record)


def delete_recognition(db: Database, record_id: int) -> None:
    with db.session() as session:
        record = session.get(RecognitionRecord, record_id)
        if record is not None:
            session.delete(record)


def list_recognitions(
    db: Database, person_id: int | None = None, unit_id: int | None = None
) -> list[RecognitionRow]:
    """The recognitions of one person or one unit, the newest year first."""
    with db.session() as session:
        query = select(RecognitionRecord)
        if person_id is not None:
            query = query.where(RecognitionRecord.person_id == person_id)
        elif unit_id is not None:
            query = query.where(RecognitionRecord.unit_id == unit_id)
        else:
            return []
        records = session.exec(query).all()
    rows = [
        RecognitionRow(
            r.id or 0,
            r.person_id,
            r.unit_id,
            r.year,
            r.kind,
            r.name,
            r.occasion,
            r.decision_text,
            r.note,
        )
        for r in records
    ]
    kinds = list(RecognitionKind)
    return sorted(rows, key=lambda r: (-r.year, kinds.index(r.kind), collation_key(r.name), r.id))


# --- history ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    year: int
    kind_label: str  # "Khen thưởng" / "Danh hiệu" / "Xếp loại" / "Đề nghị"
    title: str  # the form's name, or the recognition's
    occasion_label: str
    decision_text: str  # "Quyết định số 05/QĐ-UBND ngày 20/01/2026"
    amount: int | None
    register_text: str  # "05/2026"
    source: str  # "Trong phần mềm" / "Nhập tay"

    @property
    def amount_text(self) -> str:
        return format_money(self.amount) if self.amount is not None else ""


def _document_number(document: OutgoingDocument) -> str:
    from kt_desktop.services.outgoing import number_and_symbol

    return number_and_symbol(document.number or 0, document.symbol)


def _decision_text(document: OutgoingDocument) -> str:
    issued = format_date_short(document.issued_on) if document.issued_on else ""
    return f"Quyết định số {_document_number(document)} ngày {issued}"


def _issued(session: Session, document_id: int | None) -> OutgoingDocument | None:
    document = session.get(OutgoingDocument, document_id) if document_id else None
    if document is None or document.state != DocumentState.ISSUED:
        return None
    return document


def _register_text(proposal: AwardProposal) -> str:
    if proposal.register_number is None or proposal.register_year is None:
        return ""
    return f"{proposal.register_number:02d}/{proposal.register_year}"


def _proposal_history(
    session: Session, proposals: list[AwardProposal], forms: dict[int | None, AwardForm]
) -> list[HistoryRow]:
    """Awards decided here (in an issued decision) and proposals sent to the city."""
    from kt_desktop.domain import Period

    rows = []
    for proposal in proposals:
        award_round = session.get(AwardRound, proposal.round_id)
        form = forms.get(proposal.form_id)
        if award_round is None or form is None or not proposal.passed:
            continue
        period = session.get(Period, award_round.period_id)
        year = period.year if period is not None else award_round.created_at.year
        occasion = AWARD_OCCASION_LABELS[award_round.occasion]
        if form.awarded_here:
            decision = _issued(session, award_round.decision_document_id)
            # A register number is given only to those listed in the decision when it issued.
            if decision is None or proposal.register_number is None:
                continue
            rows.append(
                HistoryRow(
                    year,
                    KIND_AWARD,
                    form.name,
                    occasion,
                    _decision_text(decision),
                    proposal.amount,
                    _register_text(proposal),
                    SOURCE_APP,
                )
            )
        elif award_round.dossier_sent_on is not None:
            sent = f"gửi thành phố ngày {format_date_short(award_round.dossier_sent_on)}"
            submission = _issued(session, award_round.submission_document_id)
            if submission is not None and submission.issued_on is not None:
                text = (
                    f"Tờ trình số {_document_number(submission)} ngày "
                    f"{format_date_short(submission.issued_on)}, {sent}"
                )
            else:
                text = f"Hồ sơ {sent}"
            rows.append(
                HistoryRow(
                    year,
                    KIND_PROPOSAL,
                    f"Đề nghị {form.name}",
                    occasion,
                    text,
                    None,
                    "",
                    SOURCE_APP,
                )
            )
    return rows


def _recognition_history(records: list[RecognitionRecord]) -> list[HistoryRow]:
    rows = []
    for record in records:
        row = RecognitionRow(
            record.id or 0,
            record.person_id,
            record.unit_id,
            record.year,
            record.kind,
            record.name,
            record.occasion,
            record.decision_text,
            record.note,
        )
        rows.append(
            HistoryRow(
                row.year,
                _RECOGNITION_HISTORY_KIND[row.kind],
                row.title,
                row.occasion_label,
                row.decision_text,
                None,
                "",
                SOURCE_HAND,
            )
        )
    return rows


def _sorted_history(rows: list[HistoryRow]) -> list[HistoryRow]:
    return sorted(
        rows,
        key=lambda r: (
            -r.year,
            _KIND_ORDER.index(r.kind_label),
            r.register_text == "",
            r.register_text,
            collation_key(r.title),
        ),
    )


def person_history(db: Database, person_id: int) -> list[HistoryRow]:
    """Every award of the person across years, the newest year first: awards in issued
    decisions, proposals sent to the city, and recognitions recorded by hand."""
    with db.session() as session:
        _require_person(session, person_id)
        forms: dict[int | None, AwardForm] = {f.id: f for f in session.exec(select(AwardForm))}
        proposals = list(
            session.exec(
                select(AwardProposal)
                .where(AwardProposal.person_id == person_id)
                .where(AwardProposal.recipient_kind == RecipientKind.INDIVIDUAL)
            )
        )
        rows = _proposal_history(session, proposals, forms)
        records = list(
            session.exec(select(RecognitionRecord).where(RecognitionRecord.person_id == person_id))
        )
    return _sorted_history(rows + _recognition_history(records))


def unit_history(db: Database, unit_id: int) -> list[HistoryRow]:
    """Every award of the unit as a collective across years (its people's are theirs)."""
    with db.session() as session:
        _recipient_name(session, None, unit_id)
        forms: dict[int | None, AwardForm] = {f.id: f for f in session.exec(select(AwardForm))}
        proposals = list(
            session.exec(
                select(AwardProposal)
                .where(AwardProposal.unit_id == unit_id)
                .where(AwardProposal.recipient_kind == RecipientKind.COLLECTIVE)
            )
        )
        rows = _proposal_history(session, proposals, forms)
        records = list(
            session.exec(select(RecognitionRecord).where(RecognitionRecord.unit_id == unit_id))
        )
    return _sorted_history(rows + _recognition_history(records))


# --- the register of awards (sổ khen thưởng) ---------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    register_number: int
    register_text: str  # "05/2026"
    name: str  # "Ông Nguyễn Văn An"; a collective without honorific
    recipient_kind_label: str  # "Tập thể" / "Cá nhân"
    position_unit: str  # "Hiệu trưởng, Trường THCS Kim Thành"
    form_name: str
    form_short_name: str  # "Giấy khen": what the totals count
    decision_number: str  # "05/QĐ-UBND"
    decision_date: date
    amount: int

    @property
    def decision_text(self) -> str:
        return f"Quyết định số {self.decision_number} ngày {format_date_short(self.decision_date)}"


def register_years(db: Database) -> list[int]:
    """The years that have awards in the register, the newest first."""
    with db.session() as session:
        years = session.exec(
            select(AwardProposal.register_year)
            .where(col(AwardProposal.register_year).is_not(None))
            .where(col(AwardProposal.register_number).is_not(None))
            .distinct()
        ).all()
    return sorted((int(y) for y in years if y is not None), reverse=True)


def _addressed(proposal: AwardProposal) -> str:
    if proposal.recipient_kind == RecipientKind.COLLECTIVE or proposal.gender is None:
        return proposal.name
    return f"{GENDER_HONORIFICS[proposal.gender]} {proposal.name}"


def _position_unit(proposal: AwardProposal) -> str:
    if proposal.recipient_kind == RecipientKind.COLLECTIVE:
        return ""
    return ", ".join(part for part in (proposal.position, proposal.unit_name) if part)


def award_register(db: Database, year: int) -> list[RegisterRow]:
    """The year's register of awards: every award of an issued decision, by register number."""
    with db.session() as session:
        forms = {f.id: f for f in session.exec(select(AwardForm))}
        found = session.exec(
            select(AwardProposal, AwardRound)
            .join(AwardRound, col(AwardRound.id) == col(AwardProposal.round_id))
            .where(AwardProposal.register_year == year)
            .where(col(AwardProposal.register_number).is_not(None))
        ).all()
        decisions: dict[int, OutgoingDocument | None] = {}
        rows = []
        for proposal, award_round in found:
            document_id = award_round.decision_document_id or 0
            if document_id not in decisions:
                decisions[document_id] = _issued(session, document_id)
            decision = decisions[document_id]
            if decision is None or decision.issued_on is None:
                continue
            form = forms[proposal.form_id]
            rows.append(
                RegisterRow(
                    register_number=proposal.register_number or 0,
                    register_text=_register_text(proposal),
                    name=_addressed(proposal),
                    recipient_kind_label=RECIPIENT_KIND_LABELS[proposal.recipient_kind],
                    position_unit=_position_unit(proposal),
                    form_name=form.name,
                    form_short_name=form.short_name,
                    decision_number=_document_number(decision),
                    decision_date=decision.issued_on,
                    amount=proposal.amount or 0,
                )
            )
    return sorted(rows, key=lambda r: r.register_number)


def register_totals_text(rows: list[RegisterRow]) -> str:
    """ "12 Giấy khen, tổng tiền thưởng 5.600.000 đồng"."""
    counts = Counter(row.form_short_name for row in rows)
    forms = ", ".join(f"{format_number(n)} {name}" for name, n in counts.items())
    total = sum(row.amount for row in rows)
    return f"{forms}, tổng tiền thưởng {format_money(total)}"


def empty_register_text(year: int) -> str:
    return f"Năm {year} chưa có quyết định khen thưởng nào được ban hành."


def export_award_register(db: Database, year: int, path: Path, today: date | None = None) -> Path:
    """Write the year's register to an .xlsx workbook; returns the path written."""
    rows = award_register(db, year)
    if not rows:
        raise UserError(empty_register_text(year), "Không có gì để xuất ra Excel.")
    identity = get_commune_identity(db)
    sheet = RegisterSheet(
        year=year,
        issuing_body=identity.issuing_body,
        made_on=_today(today),
        entries=[
            RegisterEntry(
                register_text=row.register_text,
                name=row.name,
                recipient_kind=row.recipient_kind_label,
                position_unit=row.position_unit,
                form_name=row.form_name,
                decision_number=row.decision_number,
                decision_date=row.decision_date,
                amount=row.amount,
            )
            for row in rows
        ],
        totals_text=register_totals_text(rows),
    )
    return write_register(sheet, path)
