"""Award rounds: proposals suggested from the ranking, initiatives and nominee lists and edited
by hand, the eligibility rules each is checked against, the council's meeting (members
present, quorum, conflicts of interest, votes), and what issuing the decision fixes for ever.

The documents of a round (minutes, decision, certificates, dossier) are made from
`round_view`, in award_documents and award_certificates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from sqlmodel import Session, col, func, select

from kt_desktop.domain import Period, Person, Unit
from kt_desktop.domain.awards import (
    AchievementReport,
    AwardForm,
    AwardProposal,
    AwardRound,
    CertificatePrint,
    CouncilAttendance,
    CouncilMember,
    CouncilRecusal,
    PersonRestriction,
    RecognitionRecord,
)
from kt_desktop.domain.documents import OutgoingDocument
from kt_desktop.domain.enums import (
    MERIT_OCCASIONS,
    ActionStatus,
    AwardOccasion,
    CouncilRole,
    DocumentState,
    Gender,
    ProposalSource,
    RecipientKind,
    RecognitionKind,
    RecognitionLevel,
)
from kt_desktop.domain.inspections import FollowUpAction, InspectionRound, InspectionVisit
from kt_desktop.domain.labels import (
    AWARD_OCCASION_LABELS,
    COUNCIL_ROLE_LABELS,
    RESTRICTION_KIND_LABELS,
    UNIT_KIND_LABELS,
)
from kt_desktop.domain.nominations import Nomination
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.award_settings import AwardSettings, get_award_settings
from kt_desktop.services.database import Database
from kt_desktop.services.movement import require_period
from kt_desktop.text import (
    clean_text,
    collation_key,
    fold,
    format_date_short,
    format_number,
    name_sort_key,
)

MAX_ACHIEVEMENT = 1000
MAX_REASON = 1000


# --- read models --------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleFailure:
    code: str  # a key of RULE_TITLES, or "duplicate"
    text: str  # the failing condition in words


@dataclass
class MemberLine:
    id: int
    full_name: str
    gender: Gender
    position: str
    role: CouncilRole
    present: bool
    person_id: int | None
    headed_unit_id: int | None

    @property
    def honorific(self) -> str:
        return "Ông" if self.gender == Gender.MALE else "Bà"

    @property
    def role_label(self) -> str:
        return COUNCIL_ROLE_LABELS[self.role]


@dataclass
class ProposalLine:
    id: int
    form_id: int
    form_name: str
    form_short_name: str
    awarded_here: bool
    recipient_kind: RecipientKind
    unit_id: int | None
    person_id: int | None
    name: str
    gender: Gender | None
    position: str
    unit_name: str
    achievement: str
    source: ProposalSource
    source_note: str
    override_reason: str
    failures: list[RuleFailure]
    recused: list[tuple[int, str, str]]  # (member id, member name, reason)
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    passed: bool | None
    amount: int | None
    register_year: int | None
    register_number: int | None
    locked: bool

    @property
    def addressed_name(self) -> str:
        """ "Ông Nguyễn Văn An" for a person; a collective is named without honorific."""
        if self.recipient_kind == RecipientKind.COLLECTIVE or self.gender is None:
            return self.name
        return f"{'Ông' if self.gender == Gender.MALE else 'Bà'} {self.name}"

    @property
    def blocked(self) -> bool:
        """Failing a rule without a written reason of the office to go ahead."""
        return bool(self.failures) and not self.override_reason

    @property
    def voted(self) -> bool:
        return self.votes_for is not None

    @property
    def register_text(self) -> str:
        if self.register_number is None or self.register_year is None:
            return ""
        return f"{self.register_number:02d}/{self.register_year}"


@dataclass
class RoundView:
    id: int
    period_id: int
    period_name: str
    period_year: int
    occasion: AwardOccasion
    name: str
    theme: str
    achievement: str
    meeting_date: date | None
    meeting_time: str
    meeting_place: str
    conclusions: str
    secretary_member_id: int | None
    minutes_document_id: int | None
    decision_document_id: int | None
    submission_document_id: int | None
    decision_issued: bool
    decision_number_text: str
    decision_issued_on: date | None
    dossier_sent_on: date | None
    members: list[MemberLine]
    proposals: list[ProposalLine]
    settings: AwardSettings = field(default_factory=AwardSettings)

    @property
    def occasion_label(self) -> str:
        return AWARD_OCCASION_LABELS[self.occasion]

    @property
    def present(self) -> list[MemberLine]:
        return [m for m in self.members if m.present]

    @property
    def quorum_needed(self) -> int:
        return quorum_needed(len(self.members), self.settings)

    @property
    def has_quorum(self) -> bool:
        return bool(self.members) and len(self.present) >= self.quorum_needed

    @property
    def votes_needed(self) -> int:
        return votes_needed(len(self.members), len(self.present), self.settings)

    @property
    def chair(self) -> MemberLine | None:
        present = self.present
        for role in (CouncilRole.CHAIR, CouncilRole.VICE_CHAIR):
            for member in present:
                if member.role == role:
                    return member
        return present[0] if present else None

    @property
    def secretary(self) -> MemberLine | None:
        return next((m for m in self.members if m.id == self.secretary_member_id), None)

    def passed_here(self) -> list[ProposalLine]:
        """Passed proposals of forms awarded by the commune: the decision's list."""
        return [p for p in self.proposals if p.passed and p.awarded_here]

    def passed_for_city(self) -> list[ProposalLine]:
        """Passed proposals of forms the city awards: the dossier's list."""
        return [p for p in self.proposals if p.passed and not p.awarded_here]


def quorum_needed(members: int, settings: AwardSettings) -> int:
    """The fewest members present for a valid meeting (2/3 of 9 members is 6)."""
    fraction = Fraction(settings.quorum_numerator, settings.quorum_denominator)
    needed = fraction * members
    return int(needed) + (0 if needed.denominator == 1 else 1)


def votes_needed(members: int, present: int, settings: AwardSettings) -> int:
    """The fewest votes for that pass a proposal: strictly more than the threshold's share of
    all members (or of those present), so "more than half of 9" is 5."""
    base = present if settings.pass_of_present else members
    threshold = Fraction(settings.pass_numerator, settings.pass_denominator) * base
    return int(threshold) + 1


def default_achievement(occasion: AwardOccasion, year: int, theme: str = "") -> str:
    """The achievement line proposals start from."""
    movement = "phong trào thi đua đổi mới sáng tạo, chuyển đổi số"
    if occasion == AwardOccasion.MID_TERM_REVIEW:
        return f"Đã có thành tích xuất sắc trong {movement} giai đoạn 2025 – {year}"
    if occasion == AwardOccasion.FINAL_REVIEW:
        return f"Đã có thành tích xuất sắc trong {movement} giai đoạn 2025 – {year}"
    if occasion == AwardOccasion.ONE_OFF:
        return f"Đã có thành tích đột xuất trong {movement} năm {year}"
    if occasion == AwardOccasion.THEMATIC:
        subject = f" {clean_text(theme)}" if clean_text(theme) else ""
        return f"Đã có thành tích xuất sắc trong thực hiện chuyên đề{subject} năm {year}"
    return f"Đã có thành tích xuất sắc trong {movement} năm {year}"


# --- lookups ------------------------------------------------------------------------------


def _require_round(session: Session, round_id: int) -> AwardRound:
    award_round = session.get(AwardRound, round_id)
    if award_round is None:
        raise UserError("Đợt khen thưởng này không còn trong cơ sở dữ liệu.")
    return award_round


def require_proposal(session: Session, proposal_id: int) -> AwardProposal:
    proposal = session.get(AwardProposal, proposal_id)
    if proposal is None:
        raise UserError("Đề nghị khen thưởng này không còn trong cơ sở dữ liệu.")
    return proposal


def _issued_decision(session: Session, award_round: AwardRound) -> OutgoingDocument | None:
    return _issued_document(session, award_round.decision_document_id)


def _decision_label(document: OutgoingDocument) -> str:
    from kt_desktop.services.outgoing import number_and_symbol

    issued = format_date_short(document.issued_on) if document.issued_on else ""
    numbered = number_and_symbol(document.number or 0, document.symbol)
    return f"Quyết định số {numbered} ngày {issued}"


def proposal_locked(session: Session, award_round: AwardRound, form: AwardForm) -> bool:
    """A proposal of a commune form is fixed once the round's decision is issued; one to the
    city once the dossier was sent."""
    if form.awarded_here:
        return _issued_decision(session, award_round) is not None
    return award_round.dossier_sent_on is not None


def _ensure_editable(session: Session, award_round: AwardRound, form: AwardForm) -> None:
    if not proposal_locked(session, award_round, form):
        return
    if form.awarded_here:
        decision = _issued_decision(session, award_round)
        assert decision is not None
        raise UserError(
            f"Đợt khen thưởng này đã có {_decision_label(decision)}; các đề nghị trong quyết "
            "định không thể thay đổi.",
            "Muốn khen thêm, hãy lập một đợt khen thưởng mới.",
        )
    raise UserError(
        "Hồ sơ đề nghị thành phố của đợt này đã gửi; các đề nghị trong hồ sơ không thể thay đổi."
    )


def _issued_document(session: Session, document_id: int | None) -> OutgoingDocument | None:
    document = session.get(OutgoingDocument, document_id) if document_id else None
    if document is None or document.state != DocumentState.ISSUED:
        return None
    return document


def _ensure_meeting_open(session: Session, award_round: AwardRound) -> None:
    """Once the meeting's minutes are issued (or the decision, or the dossier sent), who
    attended, what was proposed and how the council voted are on record and can't change:
    a decision must never cite minutes that say something else."""
    from kt_desktop.services.outgoing import number_and_symbol

    minutes = _issued_document(session, award_round.minutes_document_id)
    if minutes is not None:
        issued = format_date_short(minutes.issued_on) if minutes.issued_on else ""
        raise UserError(
            f"Biên bản họp Hội đồng số {number_and_symbol(minutes.number or 0, minutes.symbol)} "
            f"ngày {issued} đã ban hành: người dự họp, các đề nghị và kết quả biểu quyết của "
            "đợt này không thể thay đổi.",
            "Muốn xét thêm, hãy lập một đợt khen thưởng mới.",
        )
    decision = _issued_decision(session, award_round)
    if decision is not None:
        raise UserError(
            f"Đợt khen thưởng này đã có {_decision_label(decision)}; cuộc họp, các đề nghị và kết "
            "quả biểu quyết không thể thay đổi.",
            "Muốn khen thêm, hãy lập một đợt khen thưởng mới.",
        )
    if award_round.dossier_sent_on is not None:
        raise UserError(
            "Hồ sơ đề nghị thành phố của đợt này đã gửi; cuộc họp, các đề nghị và kết quả biểu "
            "quyết không thể thay đổi."
        )


# --- rounds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundRow:
    id: int
    period_id: int
    period_name: str
    occasion: AwardOccasion
    name: str
    proposals: int
    passed: int
    decision_text: str  # "" until issued

    @property
    def label(self) -> str:
        return f"{self.name} ({self.period_name})"


def list_rounds(db: Database, period_id: int | None = None) -> list[RoundRow]:
    with db.session() as session:
        query = select(AwardRound).order_by(col(AwardRound.created_at).desc())
        if period_id is not None:
            query = query.where(AwardRound.period_id == period_id)
        rows = []
        for award_round in session.exec(query):
            period = session.get(Period, award_round.period_id)
            proposals = list(
                session.exec(
                    select(AwardProposal.passed).where(AwardProposal.round_id == award_round.id)
                )
            )
            decision = _issued_decision(session, award_round)
            rows.append(
                RoundRow(
                    award_round.id or 0,
                    award_round.period_id,
                    period.name if period else "",
                    award_round.occasion,
                    award_round.name,
                    len(proposals),
                    sum(1 for passed in proposals if passed),
                    _decision_label(decision) if decision else "",
                )
            )
        return rows


def _clean_round_name(name: str) -> str:
    name = clean_text(name)
    if not name:
        raise ValidationError("Hãy đặt tên cho đợt khen thưởng.", field="name")
    if len(name) > 300:
        raise ValidationError("Tên đợt khen thưởng dài quá 300 ký tự.", field="name")
    return name


def create_round(
    db: Database,
    period_id: int,
    occasion: AwardOccasion,
    name: str = "",
    theme: str = "",
) -> int:
    """A new round of the period; its name and achievement line follow the occasion."""
    occasion = AwardOccasion(occasion)
    theme = clean_text(theme)
    if occasion == AwardOccasion.THEMATIC and not theme:
        raise ValidationError("Đợt khen thưởng chuyên đề cần ghi tên chuyên đề.", field="theme")
    with db.session() as session:
        period = require_period(session, period_id)
        if not clean_text(name):
            label = AWARD_OCCASION_LABELS[occasion].lower()
            name = f"Khen thưởng {label} phong trào thi đua – {period.name}"
        award_round = AwardRound(
            period_id=period_id,
            occasion=occasion,
            name=_clean_round_name(name),
            theme=theme,
            achievement=default_achievement(occasion, period.year, theme),
        )
        session.add(award_round)
        session.flush()
        assert award_round.id is not None
        # Every active council member is expected; the clerk unticks the absent.
        for member in session.exec(select(CouncilMember).where(col(CouncilMember.active))):
            assert member.id is not None
            session.add(CouncilAttendance(round_id=award_round.id, member_id=member.id))
        return award_round.id


def update_round(
    db: Database,
    round_id: int,
    name: str,
    achievement: str,
    meeting_date: date | None,
    meeting_time: str,
    meeting_place: str,
    conclusions: str,
    secretary_member_id: int | None,
    today: date | None = None,
) -> None:
    today = today or date.today()
    achievement = clean_text(achievement)
    if len(achievement) > MAX_ACHIEVEMENT:
        raise ValidationError("Dòng thành tích dài quá 1.000 ký tự.", field="achievement")
    meeting_time = clean_text(meeting_time)
    if meeting_time and not _valid_time(meeting_time):
        raise ValidationError(
            f"Giờ họp “{meeting_time}” không hợp lệ; hãy ghi dạng 14:00.", field="meeting_time"
        )
    if meeting_date is not None and meeting_date > today:
        # The minutes record a meeting held; a future date is for the notice, not here.
        raise ValidationError(
            f"Ngày họp {format_date_short(meeting_date)} chưa tới; biên bản ghi cuộc họp "
            "đã diễn ra.",
            field="meeting_date",
        )
    with db.session() as session:
        award_round = _require_round(session, round_id)
        _ensure_meeting_open(session, award_round)
        if (
            secretary_member_id is not None
            and session.get(CouncilMember, secretary_member_id) is None
        ):
            raise UserError("Thư ký được chọn không còn trong danh sách Hội đồng.")
        award_round.name = _clean_round_name(name)
        award_round.achievement = achievement
        award_round.meeting_date = meeting_date
        award_round.meeting_time = meeting_time
        award_round.meeting_place = clean_text(meeting_place)
        award_round.conclusions = clean_text(conclusions)
        award_round.secretary_member_id = secretary_member_id
        session.add(award_round)


def _valid_time(text: str) -> bool:
    parts = text.split(":")
    if len(parts) != 2 or not all(part.isdigit() for part in parts):
        return False
    return 0 <= int(parts[0]) <= 23 and 0 <= int(parts[1]) <= 59


def delete_round(db: Database, round_id: int) -> None:
    """A round with an issued document (decision, minutes, tờ trình) stays on record."""
    with db.session() as session:
        award_round = _require_round(session, round_id)
        for document_id in (
            award_round.decision_document_id,
            award_round.minutes_document_id,
            award_round.submission_document_id,
        ):
            document = session.get(OutgoingDocument, document_id) if document_id else None
            if document is not None and document.state == DocumentState.ISSUED:
                raise UserError(
                    "Không xóa được đợt khen thưởng đã có văn bản ban hành.",
                    "Văn bản đã ban hành là hồ sơ lưu trữ.",
                )
        proposals = list(
            session.exec(select(AwardProposal).where(AwardProposal.round_id == round_id))
        )
        for proposal in proposals:
            _delete_proposal_rows(session, proposal)
        for row in session.exec(
            select(CouncilAttendance).where(CouncilAttendance.round_id == round_id)
        ):
            session.delete(row)
        session.flush()
        session.delete(award_round)
        session.flush()
        for document_id in (
            award_round.decision_document_id,
            award_round.minutes_document_id,
            award_round.submission_document_id,
        ):
            document = session.get(OutgoingDocument, document_id) if document_id else None
            if document is not None:
                session.delete(document)


def _delete_proposal_rows(session: Session, proposal: AwardProposal) -> None:
    for table in (CouncilRecusal, CertificatePrint, AchievementReport):
        for row in session.exec(select(table).where(table.proposal_id == proposal.id)):
            session.delete(row)
    session.flush()
    session.delete(proposal)


# --- proposals ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalInput:
    form_id: int
    recipient_kind: RecipientKind
    unit_id: int | None = None
    person_id: int | None = None
    # For an individual not in the register (from a nominee list): as the unit wrote them.
    name: str = ""
    gender: Gender | None = None
    position: str = ""
    unit_name: str = ""
    achievement: str = ""
    source: ProposalSource = ProposalSource.MANUAL
    source_note: str = ""
    nomination_id: int | None = None


def _recipient_key(
    kind: RecipientKind, unit_id: int | None, person_id: int | None, name: str, unit_name: str
) -> tuple[str, ...]:
    if kind == RecipientKind.COLLECTIVE:
        return ("unit", str(unit_id))
    if person_id is not None:
        return ("person", str(person_id))
    return ("name", fold(name), fold(unit_name))


def _key_of(proposal: AwardProposal) -> tuple[str, ...]:
    return _recipient_key(
        proposal.recipient_kind,
        proposal.unit_id,
        proposal.person_id,
        proposal.name,
        proposal.unit_name,
    )


def _fill_recipient(session: Session, data: ProposalInput, proposal: AwardProposal) -> None:
    """Copy the recipient's names from the register (or as given for one outside it)."""
    kind = RecipientKind(data.recipient_kind)
    proposal.recipient_kind = kind
    if kind == RecipientKind.COLLECTIVE:
        unit = session.get(Unit, data.unit_id) if data.unit_id else None
        if unit is None:
            raise ValidationError("Hãy chọn tập thể được đề nghị khen thưởng.", field="unit_id")
        proposal.unit_id, proposal.person_id = unit.id, None
        proposal.name, proposal.gender = unit.name, None
        proposal.position, proposal.unit_name = "", ""
        return
    if data.person_id is not None:
        person = session.get(Person, data.person_id)
        if person is None:
            raise UserError("Cá nhân này không còn trong danh sách.")
        unit = session.get(Unit, person.unit_id) if person.unit_id else None
        proposal.person_id, proposal.unit_id = person.id, person.unit_id
        proposal.name, proposal.gender = person.full_name, person.gender
        proposal.position = person.position
        proposal.unit_name = unit.name if unit else clean_text(data.unit_name)
        return
    name = clean_text(data.name)
    if not name:
        raise ValidationError("Hãy chọn hoặc ghi tên cá nhân được đề nghị.", field="person_id")
    if len(name) > 200:
        raise ValidationError("Họ và tên dài quá 200 ký tự.", field="name")
    if data.gender is None:
        raise ValidationError(f"Hãy chọn giới tính của {name} (để in “Ông”/“Bà”).", field="gender")
    proposal.person_id, proposal.unit_id = None, data.unit_id
    proposal.name, proposal.gender = name, Gender(data.gender)
    proposal.position = clean_text(data.position)[:300]
    proposal.unit_name = clean_text(data.unit_name)[:300]


def _name_key(proposal: AwardProposal) -> tuple[str, ...] | None:
    """An individual by folded name and unit: the register's person and the same person typed
    by hand from a nominee list are one recipient."""
    if proposal.recipient_kind != RecipientKind.INDIVIDUAL:
        return None
    return ("name", fold(proposal.name), fold(proposal.unit_name))


def _keys_of(proposal: AwardProposal) -> set[tuple[str, ...]]:
    keys = {_key_of(proposal)}
    name_key = _name_key(proposal)
    if name_key is not None:
        keys.add(name_key)
    return keys


def _check_duplicate(session: Session, proposal: AwardProposal) -> None:
    """One recipient once per round: "a person proposed twice in one decision"."""
    keys = _keys_of(proposal)
    for other in session.exec(
        select(AwardProposal).where(AwardProposal.round_id == proposal.round_id)
    ):
        if other.id != proposal.id and keys & _keys_of(other):
            who = "Tập thể" if proposal.recipient_kind == RecipientKind.COLLECTIVE else "Cá nhân"
            raise ValidationError(
                f"{who} “{proposal.name}” đã có trong danh sách đề nghị của đợt này.",
                field="person_id",
                hint="Mỗi tập thể, cá nhân chỉ được đề nghị một lần trong một đợt khen thưởng.",
            )


def add_proposal(db: Database, round_id: int, data: ProposalInput) -> int:
    achievement = clean_text(data.achievement)
    if len(achievement) > MAX_ACHIEVEMENT:
        raise ValidationError("Dòng thành tích dài quá 1.000 ký tự.", field="achievement")
    with db.session() as session:
        award_round = _require_round(session, round_id)
        form = session.get(AwardForm, data.form_id)
        if form is None:
            raise ValidationError("Hãy chọn hình thức khen thưởng.", field="form_id")
        _ensure_editable(session, award_round, form)
        _ensure_meeting_open(session, award_round)
        proposal = AwardProposal(
            round_id=round_id,
            form_id=data.form_id,
            recipient_kind=data.recipient_kind,
            name="",
            achievement=achievement or award_round.achievement,
            source=ProposalSource(data.source),
            source_note=clean_text(data.source_note),
            nomination_id=data.nomination_id,
        )
        _fill_recipient(session, data, proposal)
        _check_duplicate(session, proposal)
        last = session.exec(
            select(func.max(AwardProposal.sort_order)).where(AwardProposal.round_id == round_id)
        ).one()
        proposal.sort_order = int(last or 0) + 1
        session.add(proposal)
        session.flush()
        _refresh_recusals(session, award_round)
        assert proposal.id is not None
        return proposal.id


def update_proposal(
    db: Database, proposal_id: int, form_id: int, achievement: str, override_reason: str
) -> None:
    """Change the form, the achievement line, or the office's reason to go ahead despite a
    failing rule. A change of form or achievement clears the votes: the council voted on the
    proposal as it was."""
    achievement = clean_text(achievement)
    override_reason = clean_text(override_reason)
    if not achievement:
        raise ValidationError("Hãy ghi thành tích được khen.", field="achievement")
    if len(achievement) > MAX_ACHIEVEMENT:
        raise ValidationError("Dòng thành tích dài quá 1.000 ký tự.", field="achievement")
    if len(override_reason) > MAX_REASON:
        raise ValidationError("Lý do dài quá 1.000 ký tự.", field="override_reason")
    with db.session() as session:
        proposal = require_proposal(session, proposal_id)
        award_round = _require_round(session, proposal.round_id)
        old_form = session.get(AwardForm, proposal.form_id)
        form = session.get(AwardForm, form_id)
        if form is None or old_form is None:
            raise ValidationError("Hãy chọn hình thức khen thưởng.", field="form_id")
        _ensure_editable(session, award_round, old_form)
        _ensure_editable(session, award_round, form)
        if form.id != proposal.form_id or achievement != proposal.achievement:
            # What the council voted on is on record once the minutes are issued; the office's
            # reason to go ahead despite a rule (until the decision) is the office's own.
            _ensure_meeting_open(session, award_round)
        if form.id != proposal.form_id or achievement != proposal.achievement:
            _clear_votes(proposal)
        proposal.form_id = form_id
        proposal.achievement = achievement
        proposal.override_reason = override_reason
        session.add(proposal)


def _clear_votes(proposal: AwardProposal) -> None:
    proposal.votes_for = proposal.votes_against = proposal.votes_abstain = None
    proposal.passed = None


def _proposal_open_to_change(
    session: Session, proposal_id: int
) -> tuple[AwardProposal, AwardRound]:
    """The proposal and its round, once it is sure the proposal may still change: not in an
    issued decision or a sent dossier, its meeting not on record yet."""
    proposal = require_proposal(session, proposal_id)
    award_round = _require_round(session, proposal.round_id)
    form = session.get(AwardForm, proposal.form_id)
    assert form is not None
    _ensure_editable(session, award_round, form)
    _ensure_meeting_open(session, award_round)
    return proposal, award_round


def remove_proposal(db: Database, proposal_id: int) -> None:
    with db.session() as session:
        proposal, _round = _proposal_open_to_change(session, proposal_id)
        _delete_proposal_rows(session, proposal)


def _form_by_code(session: Session, code: str) -> AwardForm | None:
    return session.exec(select(AwardForm).where(AwardForm.code == code)).first()


def _form_for_nomination(session: Session, proposed_award: str) -> AwardForm | None:
    """The form a unit's nominee list asks for: "Bằng khen …" goes to the city, anything
    else (usually "Giấy khen") is the commune's."""
    from kt_desktop.services.award_money import CITY_FORM_CODE, COMMUNE_FORM_CODE

    wanted = fold(proposed_award)
    forms = list(session.exec(select(AwardForm).where(col(AwardForm.active))))
    for form in forms:
        if wanted and (fold(form.name) == wanted or fold(form.short_name) == wanted):
            return form
    if "bang khen" in wanted:
        return _form_by_code(session, CITY_FORM_CODE)
    return _form_by_code(session, COMMUNE_FORM_CODE)


def suggest_proposals(db: Database, round_id: int) -> int:
    """Add the round's suggested proposals, skipping recipients already in it; the count added.

    From the ranking: the first N units of each kind and the units in the top band (a
    collective Giấy khen); from initiatives: co-authors of an initiative of the period
    recognised at grassroots level or above; from the units' nominee lists: each nominee,
    for the form the unit asked for."""
    from kt_desktop.services.award_money import COMMUNE_FORM_CODE
    from kt_desktop.services.scoring import EXCELLENT, compute_period_scores

    settings = get_award_settings(db)
    with db.session() as session:
        award_round = _require_round(session, round_id)
        period_id = award_round.period_id
        commune_form = _form_by_code(session, COMMUNE_FORM_CODE)
        if commune_form is None:
            raise UserError(
                "Chưa có hình thức “Giấy khen của Chủ tịch Ủy ban nhân dân xã”.",
                "Hãy kiểm tra Cài đặt › Khen thưởng.",
            )
        _ensure_editable(session, award_round, commune_form)
        _ensure_meeting_open(session, award_round)
    scores = compute_period_scores(db, period_id)
    candidates: list[ProposalInput] = []
    for unit in scores.units:
        if unit.score is None:
            continue
        kind_label = UNIT_KIND_LABELS[unit.kind]
        score_text = format_number(unit.score, 2)
        if unit.rank is not None and unit.rank <= settings.suggest_top_per_kind:
            note = f"Hạng {unit.rank} khối {kind_label}, {score_text} điểm"
            source = ProposalSource.RANKING
        elif settings.suggest_top_band and unit.band == EXCELLENT:
            note = f"Xếp loại {unit.band}, {score_text} điểm"
            source = ProposalSource.BAND
        else:
            continue
        candidates.append(
            ProposalInput(
                form_id=commune_form.id or 0,
                recipient_kind=RecipientKind.COLLECTIVE,
                unit_id=unit.unit_id,
                source=source,
                source_note=note,
            )
        )
    with db.session() as session:
        candidates += _initiative_candidates(session, period_id, commune_form.id or 0)
        candidates += _nomination_candidates(session, period_id)
    added = 0
    with db.session() as session:
        award_round = _require_round(session, round_id)
        taken: set[tuple[str, ...]] = set()
        for existing in session.exec(
            select(AwardProposal).where(AwardProposal.round_id == round_id)
        ):
            taken |= _keys_of(existing)
        order = session.exec(
            select(func.max(AwardProposal.sort_order)).where(AwardProposal.round_id == round_id)
        ).one()
        order = int(order or 0)
        for data in candidates:
            proposal = AwardProposal(
                round_id=round_id,
                form_id=data.form_id,
                recipient_kind=data.recipient_kind,
                name="",
                achievement=award_round.achievement,
                source=data.source,
                source_note=data.source_note,
                nomination_id=data.nomination_id,
            )
            try:
                _fill_recipient(session, data, proposal)
            except UserError:
                continue  # a nominee without the facts to print (no gender): left to the clerk
            keys = _keys_of(proposal)
            if keys & taken:
                continue
            taken |= keys
            order += 1
            proposal.sort_order = order
            session.add(proposal)
            added += 1
        session.flush()
        _refresh_recusals(session, award_round)
    return added


def _initiative_candidates(session: Session, period_id: int, form_id: int) -> list[ProposalInput]:
    from kt_desktop.domain.initiatives import Initiative, InitiativeAuthor

    rows = session.exec(
        select(InitiativeAuthor.person_id, Initiative.title, Initiative.recognition_level)
        .join(Initiative, col(Initiative.id) == col(InitiativeAuthor.initiative_id))
        .where(Initiative.period_id == period_id)
        .where(col(Initiative.recognition_level).is_not(None))
        .order_by(col(Initiative.id), col(InitiativeAuthor.position))
    ).all()
    level_words = {
        RecognitionLevel.GRASSROOTS: "cấp cơ sở",
        RecognitionLevel.CITY: "cấp thành phố",
        RecognitionLevel.NATIONAL: "cấp toàn quốc",
    }
    found: dict[int, ProposalInput] = {}
    for person_id, title, level in rows:
        if person_id in found:
            continue
        words = level_words.get(RecognitionLevel(level), "") if level else ""
        found[person_id] = ProposalInput(
            form_id=form_id,
            recipient_kind=RecipientKind.INDIVIDUAL,
            person_id=person_id,
            source=ProposalSource.INITIATIVE,
            source_note=f"Đồng tác giả sáng kiến “{title}” (công nhận {words})",
        )
    return list(found.values())


def _nomination_candidates(session: Session, period_id: int) -> list[ProposalInput]:
    candidates = []
    for nomination in session.exec(
        select(Nomination).where(Nomination.period_id == period_id).order_by(col(Nomination.id))
    ):
        form = _form_for_nomination(session, nomination.proposed_award)
        if form is None:
            continue
        proposing = session.get(Unit, nomination.proposing_unit_id)
        candidates.append(
            ProposalInput(
                form_id=form.id or 0,
                recipient_kind=RecipientKind.INDIVIDUAL,
                person_id=nomination.person_id,
                name=nomination.full_name,
                gender=nomination.gender,
                position=nomination.position,
                unit_name=nomination.unit_name or (proposing.name if proposing else ""),
                unit_id=nomination.proposing_unit_id if nomination.person_id is None else None,
                achievement="",
                source=ProposalSource.NOMINATION,
                source_note=f"{proposing.name if proposing else 'Đơn vị'} đề nghị"
                + (f": {nomination.achievements}" if nomination.achievements else ""),
                nomination_id=nomination.id,
            )
        )
    return candidates


# --- eligibility --------------------------------------------------------------------------


def _reference_date(award_round: AwardRound, today: date) -> date:
    return award_round.meeting_date or today


@dataclass
class RuleFacts:
    """What the eligibility rules read about a set of proposals, loaded in a few queries
    rather than a few per proposal (a round may hold hundreds)."""

    people: dict[int, Person]
    units: dict[int, Unit]
    restrictions: dict[int, list[PersonRestriction]]
    # Passed proposals of the period's other rounds, with their round.
    earlier: list[tuple[AwardProposal, AwardRound]]
    open_actions: dict[int, int]  # unit id -> open follow-up actions in the period
    # For the city route: each person's recorded (year, kind), and recognised initiatives.
    recognitions: dict[int, list[tuple[int, RecognitionKind]]]
    initiatives: dict[int, int]


def rule_facts(
    session: Session, award_round: AwardRound, proposals: list[AwardProposal]
) -> RuleFacts:
    person_ids = {p.person_id for p in proposals if p.person_id is not None}
    unit_ids = {p.unit_id for p in proposals if p.unit_id is not None}
    people = (
        {p.id or 0: p for p in session.exec(select(Person).where(col(Person.id).in_(person_ids)))}
        if person_ids
        else {}
    )
    units = (
        {u.id or 0: u for u in session.exec(select(Unit).where(col(Unit.id).in_(unit_ids)))}
        if unit_ids
        else {}
    )
    restrictions: dict[int, list[PersonRestriction]] = {}
    if person_ids:
        for restriction in session.exec(
            select(PersonRestriction)
            .where(col(PersonRestriction.person_id).in_(person_ids))
            .order_by(col(PersonRestriction.start_date))
        ):
            restrictions.setdefault(restriction.person_id, []).append(restriction)
    earlier = list(
        session.exec(
            select(AwardProposal, AwardRound)
            .join(AwardRound, col(AwardRound.id) == col(AwardProposal.round_id))
            .where(AwardRound.period_id == award_round.period_id)
            .where(AwardRound.id != award_round.id)
            .where(AwardProposal.passed == True)  # noqa: E712
        ).all()
    )
    open_actions = {
        int(unit_id): int(count)
        for unit_id, count in session.exec(
            select(InspectionVisit.unit_id, func.count())
            .select_from(FollowUpAction)
            .join(InspectionVisit, col(InspectionVisit.id) == col(FollowUpAction.visit_id))
            .join(InspectionRound, col(InspectionRound.id) == col(InspectionVisit.round_id))
            .where(InspectionRound.period_id == award_round.period_id)
            .where(FollowUpAction.status == ActionStatus.OPEN)
            .group_by(col(InspectionVisit.unit_id))
        ).all()
    }
    recognitions: dict[int, list[tuple[int, RecognitionKind]]] = {}
    initiatives: dict[int, int] = {}
    if person_ids:
        from kt_desktop.domain.initiatives import Initiative, InitiativeAuthor
        from kt_desktop.services.initiatives import LEVEL_ORDER

        for person_id, year, kind in session.exec(
            select(
                RecognitionRecord.person_id, RecognitionRecord.year, RecognitionRecord.kind
            ).where(col(RecognitionRecord.person_id).in_(person_ids))
        ).all():
            if person_id is not None:
                recognitions.setdefault(person_id, []).append((year, RecognitionKind(kind)))
        # As initiatives.recognised_initiative_count, for every person at once.
        for person_id, count in session.exec(
            select(InitiativeAuthor.person_id, func.count(func.distinct(col(Initiative.id))))
            .join(Initiative, col(Initiative.id) == col(InitiativeAuthor.initiative_id))
            .where(col(InitiativeAuthor.person_id).in_(person_ids))
            .where(col(Initiative.recognition_level).in_([str(v.value) for v in LEVEL_ORDER]))
            .group_by(col(InitiativeAuthor.person_id))
        ).all():
            initiatives[int(person_id)] = int(count)
    return RuleFacts(people, units, restrictions, earlier, open_actions, recognitions, initiatives)


def check_proposal(
    session: Session,
    proposal: AwardProposal,
    award_round: AwardRound,
    settings: AwardSettings,
    today: date,
    on_day: date | None = None,
    facts: RuleFacts | None = None,
) -> list[RuleFailure]:
    """Each enabled eligibility rule the proposal fails, in words, on the meeting's day (or
    `on_day`: the issue of the decision checks again on its own date). `facts` come from
    rule_facts for the round's proposals, when many are checked at once."""
    if facts is None:
        facts = rule_facts(session, award_round, [proposal])
    failures: list[RuleFailure] = []
    period = session.get(Period, award_round.period_id)
    form = session.get(AwardForm, proposal.form_id)
    assert period is not None and form is not None
    day = on_day or _reference_date(award_round, today)
    person = facts.people.get(proposal.person_id) if proposal.person_id else None
    unit = facts.units.get(proposal.unit_id) if proposal.unit_id else None
    individual = proposal.recipient_kind == RecipientKind.INDIVIDUAL

    if settings.rule_enabled("restriction") and person is not None and person.id is not None:
        for restriction in facts.restrictions.get(person.id, []):
            if restriction.start_date <= day and (
                restriction.end_date is None or restriction.end_date >= day
            ):
                until = (
                    f"đến {format_date_short(restriction.end_date)}"
                    if restriction.end_date
                    else "đến nay"
                )
                note = f": {restriction.note}" if restriction.note else ""
                failures.append(
                    RuleFailure(
                        "restriction",
                        f"{RESTRICTION_KIND_LABELS[restriction.kind]} "
                        f"(từ {format_date_short(restriction.start_date)} {until}){note}",
                    )
                )

    if settings.rule_enabled("already_awarded"):
        earlier = _earlier_award_of_form(session, proposal, award_round, form, facts)
        if earlier:
            failures.append(RuleFailure("already_awarded", earlier))

    if settings.rule_enabled("city_route") and individual and not form.awarded_here:
        failures += _city_route_failures(proposal, period.year, settings, facts)

    if settings.rule_enabled("open_actions") and not individual and unit is not None:
        open_count = facts.open_actions.get(unit.id or 0, 0)
        if open_count:
            failures.append(
                RuleFailure(
                    "open_actions",
                    f"Còn {open_count} việc khắc phục sau kiểm tra chưa hoàn thành",
                )
            )

    if settings.rule_enabled("inactive"):
        if person is not None and not person.active:
            failures.append(RuleFailure("inactive", "Cá nhân đã thôi tham gia phong trào"))
        if not individual and unit is not None and not unit.active:
            failures.append(RuleFailure("inactive", "Đơn vị đã ngừng tham gia phong trào"))
    return failures


def _same_recipient(other: AwardProposal, proposal: AwardProposal) -> bool:
    if proposal.recipient_kind == RecipientKind.COLLECTIVE:
        return (
            other.recipient_kind == RecipientKind.COLLECTIVE and other.unit_id == proposal.unit_id
        )
    if proposal.person_id is not None:
        return other.person_id == proposal.person_id
    return other.name == proposal.name and other.unit_name == proposal.unit_name


def _earlier_award_of_form(
    session: Session,
    proposal: AwardProposal,
    award_round: AwardRound,
    form: AwardForm,
    facts: RuleFacts,
) -> str:
    """The same form for the same period in another round whose decision was issued, for an
    occasion of the same standing: one-off and thematic awards don't count toward merit, so
    they neither block nor are blocked by a merit award."""
    merit = award_round.occasion in MERIT_OCCASIONS
    for other, other_round in facts.earlier:
        if other.form_id != form.id or not _same_recipient(other, proposal):
            continue
        if (other_round.occasion in MERIT_OCCASIONS) != merit:
            continue
        if not merit and other_round.theme != award_round.theme:
            continue
        decision = _issued_decision(session, other_round)
        if decision is None and form.awarded_here:
            continue
        where = _decision_label(decision) if decision else other_round.name
        return f"Đã được đề nghị và thông qua {form.short_name} cho kỳ này ({where})"
    return ""


def _city_route_failures(
    proposal: AwardProposal, year: int, settings: AwardSettings, facts: RuleFacts
) -> list[RuleFailure]:
    """The individual route to the city's Bằng khen: N consecutive years as "Chiến sĩ thi đua
    cơ sở", or N consecutive years "Hoàn thành xuất sắc nhiệm vụ" plus M initiatives
    recognised at grassroots level or above. Each failing condition is named."""
    years = settings.route_years
    if proposal.person_id is None:
        return [
            RuleFailure(
                "city_route",
                "Cá nhân chưa có trong danh sách cá nhân nên chưa xét được thành tích các năm "
                "và sáng kiến",
            )
        ]
    records = facts.recognitions.get(proposal.person_id, [])
    soldier_years = {y for y, kind in records if kind == RecognitionKind.EMULATION_SOLDIER}
    excellent_years = {
        y
        for y, kind in records
        if kind in (RecognitionKind.EXCELLENT_RATING, RecognitionKind.EMULATION_SOLDIER)
    }
    wanted = set(range(year - years + 1, year + 1))
    if wanted <= soldier_years:
        return []
    initiatives = facts.initiatives.get(proposal.person_id, 0)
    failures = []
    span = f"{min(wanted)}–{max(wanted)}" if years > 1 else str(year)
    if not wanted <= excellent_years:
        have = ", ".join(str(y) for y in sorted(excellent_years & wanted)) or "chưa có năm nào"
        failures.append(
            RuleFailure(
                "city_route",
                f"Chưa đủ {years:02d} năm liên tục “Hoàn thành xuất sắc nhiệm vụ” hoặc “Chiến sĩ "
                f"thi đua cơ sở” ({span}; có: {have})",
            )
        )
    if initiatives < settings.route_initiatives:
        failures.append(
            RuleFailure(
                "city_route",
                f"Chưa đủ {settings.route_initiatives:02d} sáng kiến được công nhận "
                f"(có: {initiatives})",
            )
        )
    return failures


# --- the council's meeting ----------------------------------------------------------------


def set_attendance(db: Database, round_id: int, present_member_ids: set[int]) -> None:
    """Who attended the meeting; conflicts of interest are worked out again."""
    with db.session() as session:
        award_round = _require_round(session, round_id)
        _ensure_meeting_open(session, award_round)
        _apply_attendance(session, award_round, present_member_ids)


def _apply_attendance(
    session: Session, award_round: AwardRound, present_member_ids: set[int] | None
) -> None:
    """Write the round's attendance (None keeps who was marked present): every active member
    has a row; a member who left the council and was absent has none, since he no longer
    counts toward the quorum. Votes counted under another attendance are cleared."""
    round_id = award_round.id or 0
    rows = {
        row.member_id: row
        for row in session.exec(
            select(CouncilAttendance).where(CouncilAttendance.round_id == round_id)
        )
    }
    if present_member_ids is None:
        present_member_ids = {member_id for member_id, row in rows.items() if row.present}
    before = {(row.member_id, row.present) for row in rows.values()}
    for member in session.exec(select(CouncilMember)):
        assert member.id is not None
        row = rows.get(member.id)
        here = member.id in present_member_ids
        if not member.active and not here:
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            row = CouncilAttendance(round_id=round_id, member_id=member.id)
        row.present = here
        session.add(row)
    session.flush()
    after = {
        (row.member_id, row.present)
        for row in session.exec(
            select(CouncilAttendance).where(CouncilAttendance.round_id == round_id)
        )
    }
    if after != before:
        for proposal in session.exec(
            select(AwardProposal).where(AwardProposal.round_id == round_id)
        ):
            if proposal.votes_for is not None:
                _clear_votes(proposal)
                session.add(proposal)
    _refresh_recusals(session, award_round)


def _round_members(session: Session, round_id: int) -> list[tuple[CouncilMember, bool]]:
    rows = session.exec(
        select(CouncilMember, CouncilAttendance.present)
        .join(CouncilAttendance, col(CouncilAttendance.member_id) == col(CouncilMember.id))
        .where(CouncilAttendance.round_id == round_id)
        .order_by(col(CouncilMember.sort_order), col(CouncilMember.id))
    ).all()
    role_order = list(CouncilRole)
    return sorted(
        ((member, bool(present)) for member, present in rows),
        key=lambda item: (role_order.index(item[0].role), item[0].sort_order, item[0].id or 0),
    )


def _conflict(member: CouncilMember, proposal: AwardProposal, unit: Unit | None) -> str:
    """Why `member` may not vote on `proposal`, or "": the member is the nominee, or heads the
    nominated collective. Linked records decide; a member not linked to the register is
    matched by name (the unit's head as the register names them). The head of an individual
    nominee's unit is the normal channel of the proposal, not a party to it, and votes."""
    same_name = fold(member.full_name)
    if proposal.recipient_kind == RecipientKind.INDIVIDUAL:
        if member.person_id is not None:
            linked = member.person_id == proposal.person_id
        else:
            linked = same_name == fold(proposal.name) and member.gender == proposal.gender
        return "Là người được đề nghị khen thưởng" if linked else ""
    if member.headed_unit_id is not None:
        heads = member.headed_unit_id == proposal.unit_id
    else:
        heads = unit is not None and bool(unit.head_name) and same_name == fold(unit.head_name)
    return "Là người đứng đầu tập thể được đề nghị khen thưởng" if heads else ""


def _refresh_recusals(session: Session, award_round: AwardRound) -> None:
    """Record every present member's conflict of interest (see _conflict). A voted proposal
    whose conflicts changed loses its vote: it was counted with other members voting."""
    members = [m for m, present in _round_members(session, award_round.id or 0) if present]
    proposals = list(
        session.exec(select(AwardProposal).where(AwardProposal.round_id == award_round.id))
    )
    units = {u.id: u for u in session.exec(select(Unit))}
    for proposal in proposals:
        existing = {
            row.member_id: row
            for row in session.exec(
                select(CouncilRecusal).where(CouncilRecusal.proposal_id == proposal.id)
            )
        }
        unit = units.get(proposal.unit_id) if proposal.unit_id else None
        wanted: dict[int, str] = {}
        for member in members:
            assert member.id is not None
            reason = _conflict(member, proposal, unit)
            if reason:
                wanted[member.id] = reason
        if set(wanted) != set(existing) and proposal.votes_for is not None:
            _clear_votes(proposal)
            session.add(proposal)
        for member_id, row in existing.items():
            if member_id not in wanted:
                session.delete(row)
        for member_id, reason in wanted.items():
            row = existing.get(member_id) or CouncilRecusal(
                proposal_id=proposal.id or 0, member_id=member_id, reason=reason
            )
            row.reason = reason
            session.add(row)


def meeting_closed(session: Session, award_round: AwardRound) -> bool:
    """True once the round's minutes or decision are issued or its dossier sent."""
    try:
        _ensure_meeting_open(session, award_round)
    except UserError:
        return True
    return False


def refresh_open_rounds(session: Session) -> None:
    """After the council or the register changed (a member added, stopped, linked, heading a
    unit): the members and conflicts of interest of every round whose meeting is still open,
    worked out again; votes they invalidate are cleared."""
    for award_round in session.exec(select(AwardRound)):
        if not meeting_closed(session, award_round):
            _apply_attendance(session, award_round, None)


def record_votes(
    db: Database,
    proposal_id: int,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    today: date | None = None,
) -> bool:
    """Record the council's vote on a proposal; True if it passed.

    The meeting must have its quorum; the counts can't exceed the members present; members
    with a conflict of interest are among the abstentions; a proposal failing a rule needs
    the office's written reason before the council votes on it."""
    today = today or date.today()
    settings = get_award_settings(db)
    for label, value in (
        ("tán thành", votes_for),
        ("không tán thành", votes_against),
        ("không biểu quyết", votes_abstain),
    ):
        if not isinstance(value, int) or value < 0:
            raise ValidationError(f"Số phiếu {label} phải là số nguyên không âm.", field="votes")
    with db.session() as session:
        proposal, award_round = _proposal_open_to_change(session, proposal_id)
        members = _round_members(session, award_round.id or 0)
        present = sum(1 for _, here in members if here)
        needed = quorum_needed(len(members), settings)
        if not members:
            raise UserError(
                "Chưa có danh sách thành viên Hội đồng.",
                "Hãy nhập thành viên ở Cài đặt › Khen thưởng, rồi đánh dấu người dự họp.",
            )
        if present < needed:
            raise ValidationError(
                f"Cuộc họp chưa đủ số thành viên: có mặt {present}/{len(members)}, cần ít nhất "
                f"{needed}. Chưa ghi được kết quả biểu quyết.",
                field="attendance",
            )
        total = votes_for + votes_against + votes_abstain
        if total > present:
            raise ValidationError(
                f"Tổng số phiếu ({total}) lớn hơn số thành viên có mặt ({present}).",
                field="votes",
            )
        recused = session.exec(
            select(func.count())
            .select_from(CouncilRecusal)
            .where(CouncilRecusal.proposal_id == proposal_id)
        ).one()
        if votes_for + votes_against > present - recused:
            raise ValidationError(
                f"{recused} thành viên có liên quan đến đề nghị này không được biểu quyết; số "
                f"phiếu tán thành và không tán thành cộng lại tối đa là {present - recused}.",
                field="votes",
            )
        failures = check_proposal(session, proposal, award_round, settings, today)
        if failures and not proposal.override_reason:
            raise ValidationError(
                f"Đề nghị “{proposal.name}” chưa đạt điều kiện: "
                + "; ".join(f.text for f in failures)
                + ".",
                field="override_reason",
                hint="Hãy bỏ đề nghị, hoặc ghi lý do vẫn trình Hội đồng xét.",
            )
        proposal.votes_for = votes_for
        proposal.votes_against = votes_against
        proposal.votes_abstain = max(votes_abstain, present - votes_for - votes_against)
        proposal.passed = votes_for >= votes_needed(len(members), present, settings)
        session.add(proposal)
        return proposal.passed


def clear_votes(db: Database, proposal_id: int) -> None:
    with db.session() as session:
        proposal, _round = _proposal_open_to_change(session, proposal_id)
        _clear_votes(proposal)
        session.add(proposal)


# --- the round as documents and screens read it ---------------------------------------------


def round_view(db: Database, round_id: int, today: date | None = None) -> RoundView:
    today = today or date.today()
    settings = get_award_settings(db)
    with db.session() as session:
        return read_round(session, round_id, settings, today)


def read_round(session: Session, round_id: int, settings: AwardSettings, today: date) -> RoundView:
    award_round = _require_round(session, round_id)
    period = require_period(session, award_round.period_id)
    forms = {f.id: f for f in session.exec(select(AwardForm))}
    members = [
        MemberLine(
            m.id or 0,
            m.full_name,
            m.gender,
            m.position,
            m.role,
            present,
            m.person_id,
            m.headed_unit_id,
        )
        for m, present in _round_members(session, round_id)
    ]
    names = {m.id: m.full_name for m in members}
    recusals: dict[int, list[tuple[int, str, str]]] = {}
    for row in session.exec(
        select(CouncilRecusal)
        .join(AwardProposal, col(AwardProposal.id) == col(CouncilRecusal.proposal_id))
        .where(AwardProposal.round_id == round_id)
    ):
        recusals.setdefault(row.proposal_id, []).append(
            (row.member_id, names.get(row.member_id, ""), row.reason)
        )
    decision = _issued_decision(session, award_round)
    rows = list(
        session.exec(
            select(AwardProposal)
            .where(AwardProposal.round_id == round_id)
            .order_by(col(AwardProposal.sort_order), col(AwardProposal.id))
        )
    )
    facts = rule_facts(session, award_round, rows)
    proposals = []
    for p in rows:
        form = forms[p.form_id]
        locked = proposal_locked(session, award_round, form)
        # A locked proposal is shown as it was decided; its rules were read then.
        failures = (
            [] if locked else check_proposal(session, p, award_round, settings, today, facts=facts)
        )
        proposals.append(
            ProposalLine(
                id=p.id or 0,
                form_id=p.form_id,
                form_name=form.name,
                form_short_name=form.short_name,
                awarded_here=form.awarded_here,
                recipient_kind=p.recipient_kind,
                unit_id=p.unit_id,
                person_id=p.person_id,
                name=p.name,
                gender=p.gender,
                position=p.position,
                unit_name=p.unit_name,
                achievement=p.achievement,
                source=p.source,
                source_note=p.source_note,
                override_reason=p.override_reason,
                failures=failures,
                recused=recusals.get(p.id or 0, []),
                votes_for=p.votes_for,
                votes_against=p.votes_against,
                votes_abstain=p.votes_abstain,
                passed=p.passed,
                amount=p.amount,
                register_year=p.register_year,
                register_number=p.register_number,
                locked=locked,
            )
        )
    return RoundView(
        id=award_round.id or 0,
        period_id=period.id or 0,
        period_name=period.name,
        period_year=period.year,
        occasion=award_round.occasion,
        name=award_round.name,
        theme=award_round.theme,
        achievement=award_round.achievement,
        meeting_date=award_round.meeting_date,
        meeting_time=award_round.meeting_time,
        meeting_place=award_round.meeting_place,
        conclusions=award_round.conclusions,
        secretary_member_id=award_round.secretary_member_id,
        minutes_document_id=award_round.minutes_document_id,
        decision_document_id=award_round.decision_document_id,
        submission_document_id=award_round.submission_document_id,
        decision_issued=decision is not None,
        decision_number_text=_decision_label(decision) if decision else "",
        decision_issued_on=decision.issued_on if decision else None,
        dossier_sent_on=award_round.dossier_sent_on,
        members=members,
        proposals=proposals,
        settings=settings,
    )


def sorted_for_list(proposals: list[ProposalLine]) -> list[ProposalLine]:
    """A decision's list: collectives first (in Vietnamese order of their names), then
    individuals by given name, middle name, family name (DOMAIN.md section 4)."""
    collectives = sorted(
        (p for p in proposals if p.recipient_kind == RecipientKind.COLLECTIVE),
        key=lambda p: collation_key(p.name),
    )
    people = sorted(
        (p for p in proposals if p.recipient_kind == RecipientKind.INDIVIDUAL),
        key=lambda p: (name_sort_key(p.name), collation_key(p.unit_name)),
    )
    return collectives + people


# --- what issuing the decision fixes -------------------------------------------------------


def next_register_number(session: Session, year: int) -> int:
    """The next number of the year's register of awards (sổ khen thưởng). Issued proposals
    are never deleted, so the highest number given stays taken: numbers are never reused."""
    highest = session.exec(
        select(func.max(AwardProposal.register_number)).where(AwardProposal.register_year == year)
    ).one()
    return int(highest or 0) + 1


REDRAFT_HINT = "Hãy lập lại dự thảo quyết định ở trang Khen thưởng rồi ban hành."


def _settings_in(session: Session) -> AwardSettings:
    from kt_desktop.domain import AppSetting
    from kt_desktop.services.award_settings import AWARD_SETTINGS_KEY

    row = session.get(AppSetting, AWARD_SETTINGS_KEY)
    return AwardSettings() if row is None else AwardSettings.from_json(row.value)


def _check_issue(
    session: Session,
    award_round: AwardRound,
    listed: list[int],
    content: dict[str, object],
    issued_on: date,
) -> None:
    """Everything that must still hold when the decision is issued, whichever page issues
    it: the list is exactly the proposals the council passed, as they were drafted; the
    meeting had its quorum and came before the decision; nobody in the list fails a rule on
    the issue date without the office's written reason."""
    from kt_desktop.services.outgoing import number_and_symbol

    settings = _settings_in(session)
    forms = {f.id: f for f in session.exec(select(AwardForm))}
    passed = {
        p.id
        for p in session.exec(
            select(AwardProposal)
            .where(AwardProposal.round_id == award_round.id)
            .where(AwardProposal.passed == True)  # noqa: E712
        )
        if forms[p.form_id].awarded_here
    }
    if set(listed) != passed:
        raise UserError(
            "Danh sách được Hội đồng thông qua đã thay đổi sau khi soạn dự thảo quyết định; "
            "quyết định chưa ban hành được.",
            REDRAFT_HINT,
        )
    members = _round_members(session, award_round.id or 0)
    present = sum(1 for _, here in members if here)
    if present < quorum_needed(len(members), settings):
        raise UserError(
            f"Cuộc họp Hội đồng chưa đủ số thành viên (có mặt {present}/{len(members)}); "
            "quyết định chưa ban hành được.",
            "Hãy kiểm tra danh sách dự họp và kết quả biểu quyết.",
        )
    if award_round.meeting_date is not None and issued_on < award_round.meeting_date:
        raise ValidationError(
            f"Ngày ban hành {format_date_short(issued_on)} trước ngày họp Hội đồng "
            f"{format_date_short(award_round.meeting_date)}.",
            field="issued_on",
        )
    minutes = _issued_document(session, award_round.minutes_document_id)
    if minutes is not None and minutes.issued_on and issued_on < minutes.issued_on:
        raise ValidationError(
            f"Ngày ban hành {format_date_short(issued_on)} trước ngày của Biên bản họp số "
            f"{number_and_symbol(minutes.number or 0, minutes.symbol)} "
            f"({format_date_short(minutes.issued_on)}).",
            field="issued_on",
        )
    drafted = content.get("award_achievements")
    for proposal_id in listed:
        proposal = require_proposal(session, proposal_id)
        if isinstance(drafted, dict) and drafted.get(str(proposal_id)) != proposal.achievement:
            raise UserError(
                f"Thành tích của “{proposal.name}” đã sửa sau khi soạn dự thảo quyết định.",
                REDRAFT_HINT,
            )
        if proposal.override_reason:
            continue
        failures = check_proposal(
            session, proposal, award_round, settings, issued_on, on_day=issued_on
        )
        if failures:
            raise UserError(
                f"“{proposal.name}” chưa đạt điều kiện khen thưởng vào ngày "
                f"{format_date_short(issued_on)}: " + "; ".join(f.text for f in failures) + ".",
                "Hãy ghi lý do vẫn khen ở đề nghị này (Sửa đề nghị), hoặc bỏ đề nghị nếu biên "
                "bản họp chưa ban hành.",
            )


def on_decision_issued(session: Session, document: OutgoingDocument, issued_on: date) -> None:
    """Called by the register of outgoing documents inside the transaction that issues a
    decision: for an award decision, fix each listed proposal's amount at the rates of the
    issue date and give it the next register number, and lock the period's scores. Any
    failure here undoes the issue as a whole."""
    import json

    from kt_desktop.services.award_money import proposal_amount
    from kt_desktop.services.results import apply_period_lock

    content = json.loads(document.content or "{}")
    round_id = content.get("award_round_id")
    if round_id is None:
        return
    award_round = _require_round(session, int(round_id))
    listed = [int(pid) for pid in content.get("award_proposal_ids", [])]
    if not listed:
        raise UserError("Quyết định khen thưởng không có tập thể, cá nhân nào trong danh sách.")
    _check_issue(session, award_round, listed, content, issued_on)
    amounts = {int(k): int(v) for k, v in content.get("award_amounts", {}).items()}
    number = next_register_number(session, issued_on.year)
    for proposal_id in listed:
        proposal = require_proposal(session, proposal_id)
        amount = proposal_amount(session, proposal, issued_on)
        if amounts.get(proposal_id) != amount:
            raise UserError(
                "Mức tiền thưởng áp dụng ngày ban hành khác với số tiền trong dự thảo.",
                "Hãy lập lại dự thảo quyết định (trang Khen thưởng) để cập nhật số tiền.",
            )
        proposal.amount = amount
        proposal.register_year = issued_on.year
        proposal.register_number = number
        number += 1
        session.add(proposal)
    apply_period_lock(
        session,
        award_round.period_id,
        f"Điểm đã dùng để khen thưởng ({award_round.name}).",
        issued_on,
        document.id,
    )
