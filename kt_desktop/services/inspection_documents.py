"""The documents of an inspection round: the decision forming the team, the schedule notice, each
visit's minutes (drafted, or printed blank to fill in by hand) and the round's report."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from kt_desktop.documents.model import OfficialDocument
from kt_desktop.domain import Criterion, Movement, Period, Person, Result, Unit
from kt_desktop.domain.documents import OutgoingDocument
from kt_desktop.domain.enums import (
    ActionStatus,
    CriterionKind,
    DocumentKind,
    DocumentState,
    Gender,
    Judgement,
    TeamRole,
    UnitKind,
    VisitStatus,
)
from kt_desktop.domain.inspections import (
    FollowUpAction,
    InspectionItem,
    InspectionMember,
    InspectionRound,
    InspectionVisit,
)
from kt_desktop.domain.labels import (
    GENDER_HONORIFICS,
    JUDGEMENT_LABELS,
    TEAM_ROLE_LABELS,
    UNIT_KIND_LABELS,
)
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.completeness import period_phrase, short_wording
from kt_desktop.services.database import Database
from kt_desktop.services.document_builder import build_document, issuing_body_lines, render_draft
from kt_desktop.services.figures import Figure, measured
from kt_desktop.services.outgoing import (
    DraftView,
    clean_capacity,
    create_draft,
    delete_draft,
    issued_pdf,
    number_and_symbol,
    symbol_for,
    update_draft,
)
from kt_desktop.services.results import figure_text
from kt_desktop.services.settings import get_commune_identity, load_identity
from kt_desktop.services.wording import filled, load_margins, load_wording, placeholder_values
from kt_desktop.text import (
    clean_text,
    collation_key,
    format_date_long,
    format_date_short,
    format_number,
)

__all__ = [
    "RoundPapers",
    "blank_minutes_for_round",
    "blank_minutes_pdf",
    "draft_round_report",
    "draft_schedule_notice",
    "draft_team_decision",
    "draft_visit_minutes",
    "produce_round_papers",
]

Progress = Callable[[int, int], object]
"""Called with (done, total) as work goes on; returning False asks the work to stop."""

# --- the fixed wording of these documents, in one place -------------------------------------
# Blanks in braces are filled here; the clerk can still edit a draft's text in "Văn bản đi".
# What every document of a kind shares (legal bases, "Nơi nhận", the signer's capacity) stays
# in Cài đặt → Mẫu văn bản.

TEAM_NAME = "Đoàn kiểm tra"
TEAM_HEADING = "ĐOÀN KIỂM TRA"
LEADER_CAPACITY = "TRƯỞNG ĐOÀN"
SECRETARY_CAPACITY = "THƯ KÝ"
UNIT_CAPACITY = "ĐẠI DIỆN ĐƠN VỊ"
COUNCIL = "Hội đồng Thi đua – Khen thưởng xã"

DECISION_SUMMARY = "Về việc thành lập Đoàn kiểm tra {viec}"
DECISION_ARTICLES = (
    "Thành lập Đoàn kiểm tra {viec} gồm các ông, bà có tên tại danh sách kèm theo Quyết định này.",
    "Đoàn kiểm tra có nhiệm vụ kiểm tra tình hình triển khai, kết quả thực hiện các tiêu chí "
    "thi đua {ky} tại các cơ quan, đơn vị theo kế hoạch và lịch kiểm tra của Ủy ban nhân dân "
    "xã; đối chiếu, xác minh số liệu và tài liệu minh chứng đơn vị đã báo cáo; lập biên bản "
    "kiểm tra tại từng đơn vị; tổng hợp, báo cáo kết quả kiểm tra với Chủ tịch Ủy ban nhân dân "
    "xã và {hoi_dong}.{noi_dung} Trưởng đoàn phân công nhiệm vụ cụ thể cho các thành viên.",
    "Đoàn kiểm tra tự giải thể sau khi hoàn thành nhiệm vụ. Quyết định này có hiệu lực kể từ "
    "ngày ký.",
    "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã, Trưởng {co_quan_thuong_truc}, "
    "thủ trưởng các cơ quan, đơn vị liên quan và các ông, bà có tên tại Điều 1 chịu trách "
    "nhiệm thi hành Quyết định này.",
)
DECISION_RECIPIENTS = ("Như Điều 4", "Chủ tịch, các Phó Chủ tịch UBND xã")
DECISION_ANNEX_TITLE = "Thành viên Đoàn kiểm tra {viec}"
DECISION_ANNEX_HEADERS = ["STT", "Họ và tên", "Chức vụ", "Nhiệm vụ trong đoàn"]
DECISION_ANNEX_WIDTHS = [1.3, 4.4, 5.6, 2.9]
DECISION_ANNEX_ALIGNMENTS = ["center", "left", "left", "left"]

NOTICE_SUMMARY = "Lịch kiểm tra {viec}"
NOTICE_PARAGRAPHS = (
    "Thực hiện {ke_hoach}, Ủy ban nhân dân xã thông báo lịch kiểm tra {viec} như sau:",
    "1. Thành phần: {doan}.",
    "2. Nội dung kiểm tra: tình hình triển khai, kết quả thực hiện các tiêu chí thi đua {ky} "
    "của đơn vị; hồ sơ, tài liệu minh chứng cho số liệu đơn vị đã báo cáo.{noi_dung}",
    "3. Thời gian, địa điểm: {thoi_gian}, tại từng đơn vị theo lịch chi tiết kèm theo Thông "
    "báo này.",
    "4. Đề nghị các cơ quan, đơn vị có tên trong lịch chuẩn bị báo cáo, hồ sơ, tài liệu minh "
    "chứng; bố trí lãnh đạo đơn vị và người phụ trách làm việc với Đoàn kiểm tra. Trường hợp "
    "cần thay đổi thời gian, đơn vị báo về {co_quan_thuong_truc} trước ít nhất 01 ngày làm "
    "việc.",
)
NOTICE_ANNEX_TITLE = "LỊCH KIỂM TRA"
NOTICE_ANNEX_HEADERS = ["STT", "Đơn vị", "Ngày", "Giờ", "Địa điểm"]
NOTICE_ANNEX_WIDTHS = [1.3, 4.0, 4.5, 2.2, 4.2]
NOTICE_ANNEX_ALIGNMENTS = ["center", "left", "center", "center", "left"]
NOTICE_RECIPIENTS_BY_LIST = "Các đơn vị có tên tại lịch kèm theo"
NOTICE_TEAM_RECIPIENT = "Các thành viên Đoàn kiểm tra"
# Units named one by one in "Nơi nhận" up to this many; beyond, the schedule stands for them.
MAX_NAMED_RECIPIENTS = 6
DEFAULT_PLACE = "Trụ sở đơn vị"

MINUTES_SUMMARY = "Kiểm tra {viec} tại {don_vi}"
MINUTES_OPENING = (
    "Hôm nay, vào lúc {gio} {ngay}, tại {dia_diem}, Đoàn kiểm tra {viec}{quyet_dinh} tiến hành "
    "kiểm tra tại {don_vi}."
)
MINUTES_MEMBERS = "I. THÀNH PHẦN"
MINUTES_TEAM = "1. Đoàn kiểm tra:"
MINUTES_UNIT = "2. Đại diện {don_vi}:"
MINUTES_CONTENT = "II. NỘI DUNG KIỂM TRA"
MINUTES_CONTENT_INTRO = (
    "Đoàn kiểm tra đã nghe đơn vị báo cáo, đối chiếu số liệu đơn vị đã báo cáo với hồ sơ, tài "
    "liệu minh chứng tại đơn vị. Kết quả từng nội dung như sau:"
)
MINUTES_TABLE_MARKER = "[Bảng nội dung kiểm tra]"
MINUTES_FINDINGS = "III. NHẬN XÉT"
MINUTES_RECOMMENDATIONS = "IV. KIẾN NGHỊ"
MINUTES_CLOSING = (
    "Buổi kiểm tra kết thúc vào hồi …… giờ …… cùng ngày. Biên bản được lập thành 02 bản có giá "
    "trị như nhau, Đoàn kiểm tra giữ 01 bản, đơn vị được kiểm tra giữ 01 bản; biên bản đã được "
    "đọc lại cho những người dự cùng nghe, nhất trí và ký tên./."
)
MINUTES_TABLE_HEADERS = [
    "STT",
    "Tiêu chí",
    "Số liệu đơn vị báo cáo",
    "Số liệu kiểm tra xác minh",
    "Đánh giá",
    "Ghi chú",
]
MINUTES_TABLE_WIDTHS = [1.3, 5.4, 2.6, 2.6, 2.1, 2.3]
MINUTES_TABLE_ALIGNMENTS = ["center", "left", "center", "center", "center", "left"]
NO_RESULT_TEXT = "Chưa báo cáo"
NOT_APPLICABLE_TEXT = "Không áp dụng"
NOT_VERIFIED_TEXT = "—"
CRITERION_TEXT_LENGTH = 64
ASSESSMENT_TEXT_LENGTH = 90
# Hand-filled lines of the blank form.
BLANK_ATTENDEE_LINES = 3
BLANK_FINDING_LINES = 5
BLANK_RECOMMENDATION_LINES = 4

REPORT_SUMMARY = "Kết quả kiểm tra {viec}"
REPORT_ADDRESSEES = ("Chủ tịch Ủy ban nhân dân xã", COUNCIL)
REPORT_RECIPIENTS = ("Như trên", NOTICE_TEAM_RECIPIENT, "Các đơn vị được kiểm tra")
REPORT_INTRO = (
    "Thực hiện {ke_hoach}{quyet_dinh}, Đoàn kiểm tra đã kiểm tra {viec}. Đoàn kiểm tra báo cáo "
    "kết quả như sau:"
)
REPORT_DONE = "I. CÔNG TÁC KIỂM TRA"
REPORT_DONE_TEXT = (
    "{thoi_gian}, Đoàn kiểm tra do {truong_doan} làm Trưởng đoàn đã kiểm tra {so_don_vi} cơ "
    "quan, đơn vị, gồm: {theo_loai}.{chua_kiem_tra}"
)
REPORT_NOT_YET = " Còn {so} đơn vị chưa kiểm tra theo lịch: {don_vi}."
REPORT_RESULTS = "II. KẾT QUẢ KIỂM TRA"
REPORT_OVERALL = "1. Kết quả chung"
REPORT_ITEMS_TEXT = "Đoàn kiểm tra đã đánh giá {so_noi_dung} nội dung: {theo_danh_gia}."
# How the count of each judgement reads, in this order; a judgement no item got is left out.
REPORT_JUDGEMENT_PHRASES: tuple[tuple[Judgement | None, str], ...] = (
    (Judgement.MET, "{so} nội dung đạt"),
    (Judgement.NOT_MET, "{so} nội dung chưa đạt"),
    (Judgement.NOT_APPLICABLE, "{so} nội dung không áp dụng"),
    (None, "{so} nội dung chưa đánh giá"),
)
REPORT_VERIFIED_TEXT = (
    "Đoàn đã xác minh số liệu của {so_xac_minh} tiêu chí; {so_lech} tiêu chí có số liệu xác "
    "minh khác số liệu đơn vị báo cáo (chi tiết tại phụ lục kèm theo). Theo quy định của phong "
    "trào, số liệu xác minh được dùng thay số liệu báo cáo khi chấm điểm."
)
REPORT_NOTHING_VERIFIED = "Đoàn chưa ghi nhận số liệu xác minh nào khác với số liệu đơn vị báo cáo."
REPORT_FINDINGS = "2. Nhận xét tại các đơn vị"
REPORT_NO_FINDINGS = "Các biên bản kiểm tra chưa ghi nhận xét."
REPORT_RECOMMENDATIONS = "III. KIẾN NGHỊ"
REPORT_ACTIONS = (
    "Qua kiểm tra, Đoàn đã đề nghị các đơn vị thực hiện {so_viec} nội dung khắc phục; đến ngày "
    "{hom_nay} còn {dang_lam} nội dung chưa hoàn thành{qua_han}."
)
REPORT_NO_ACTIONS = "Qua kiểm tra, Đoàn chưa đề nghị nội dung khắc phục nào."
REPORT_CLOSING = (
    "Trên đây là báo cáo kết quả kiểm tra {viec}. Đoàn kiểm tra kính báo cáo Chủ tịch Ủy ban "
    "nhân dân xã, {hoi_dong} xem xét, chỉ đạo./."
)
REPORT_ANNEX_TITLE = "SỐ LIỆU ĐƠN VỊ BÁO CÁO VÀ SỐ LIỆU KIỂM TRA XÁC MINH"
REPORT_ANNEX_HEADERS = ["STT", "Đơn vị", "Tiêu chí", "Báo cáo", "Xác minh", "Chênh lệch"]
REPORT_ANNEX_WIDTHS = [1.3, 3.4, 4.8, 3.0, 3.0, 2.5]
REPORT_ANNEX_ALIGNMENTS = ["center", "left", "left", "center", "center", "center"]
MATCH_TEXT = "Khớp"
MISMATCH_TEXT = "Khác"
PERCENT_POINTS = "điểm %"

A4_WIDTH_MM = 210.0
POINTS_PER_MM = 72 / 25.4
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
ROLE_ORDER = {TeamRole.LEADER: 0, TeamRole.MEMBER: 1, TeamRole.SECRETARY: 2}
# How a sentence counts units of a kind ("05 thôn, thị tứ").
UNIT_KIND_PHRASES: dict[UnitKind, str] = {
    kind: label[:1].lower() + label[1:] for kind, label in UNIT_KIND_LABELS.items()
}
UNIT_KIND_PHRASES[UnitKind.OTHER] = "đơn vị khác"
_TIME = re.compile(r"^(\d{1,2})\s*(?:[:hg]|giờ)\s*(\d{1,2})?$")
_MOVEMENT_PERIOD = re.compile(r"\s+giai đoạn\s+\d{4}\s*[–-]\s*\d{4}$")


# --- what the documents are made of, read in one session ------------------------------------


@dataclass(frozen=True)
class DocumentRef:
    """A document of the register a round or visit points to."""

    id: int
    state: DocumentState
    number: int | None
    symbol: str
    issued_on: date | None

    @property
    def number_and_symbol(self) -> str:
        return number_and_symbol(self.number or 0, self.symbol)


@dataclass(frozen=True)
class MemberLine:
    full_name: str
    honorific: str  # "Ông", "Bà", or "" when the member isn't linked to a person
    position: str
    role: TeamRole

    @property
    def addressed(self) -> str:
        """ "Ông Nguyễn Văn An" as a list names them; a member named by hand has none."""
        return f"{self.honorific} {self.full_name}" if self.honorific else self.full_name

    @property
    def in_sentence(self) -> str:
        """ "ông Nguyễn Văn An": inside a sentence the honorific is not capitalised."""
        return f"{self.honorific.lower()} {self.full_name}" if self.honorific else self.full_name


@dataclass(frozen=True)
class ChecklistLine:
    label: str  # "CT01 – 80% trở lên thủ tục hành chính…", or a free item's text
    code: str
    kind: CriterionKind | None  # None for a free item
    reported: Figure | None  # None: nothing reported (or a free item)
    reported_text: str
    verified: Figure | None
    verified_text: str
    judgement: Judgement | None
    remarks: str


@dataclass(frozen=True)
class VisitData:
    id: int
    unit_id: int
    unit_name: str
    unit_kind: UnitKind
    head_name: str
    head_title: str
    visit_date: date
    start_time: str
    place: str
    status: VisitStatus
    attendees: str
    findings: str
    recommendations: str
    lines: tuple[ChecklistLine, ...]
    minutes: DocumentRef | None

    @property
    def done(self) -> bool:
        return self.status != VisitStatus.PLANNED


@dataclass(frozen=True)
class RoundData:
    id: int
    name: str
    purpose: str
    year: int
    subject: str  # "việc thực hiện phong trào thi đua “…” năm 2026"
    period: str  # "năm 2026"
    plan_reference: str
    members: tuple[MemberLine, ...]
    visits: tuple[VisitData, ...]
    decision: DocumentRef | None
    notice: DocumentRef | None
    report: DocumentRef | None
    actions: int
    open_actions: int
    overdue_actions: int

    @property
    def leader(self) -> MemberLine:
        return next(m for m in self.members if m.role == TeamRole.LEADER)

    @property
    def secretary(self) -> MemberLine | None:
        return next((m for m in self.members if m.role == TeamRole.SECRETARY), None)


@dataclass(frozen=True)
class RoundPapers:
    """What produce_round_papers made: the notice and the report are drafts in the register
    (or the issued ones, left as they were), with their PDFs; the blank forms are one PDF."""

    notice_id: int
    notice_pdf: bytes
    blank_forms_pdf: bytes
    report_id: int | None  # None while no visit has been made
    report_pdf: bytes | None


def movement_phrase(name: str) -> str:
    """ "“Kim Thành thi đua đổi mới sáng tạo, chuyển đổi số” và “Bình dân học vụ số”" from the
    movement's name, without its leading "Phong trào" and its span of years."""
    text = clean_text(name)
    if text.casefold().startswith("phong trào "):
        text = text[len("phong trào ") :]
    return _MOVEMENT_PERIOD.sub("", text)


def time_text(start_time: str) -> str:
    """ "08 giờ 00" from "08:00" or "8h"; "" when no time was set."""
    match = _TIME.match(clean_text(start_time))
    if not match:
        return clean_text(start_time)
    return f"{int(match.group(1)):02d} giờ {int(match.group(2) or 0):02d}"


def day_text(day: date) -> str:
    """ "12/10/2026 (Thứ Hai)"."""
    return f"{format_date_short(day)} ({WEEKDAYS[day.weekday()]})"


def count_text(count: int) -> str:
    """Counts in documents below ten take a leading zero ("05 đơn vị")."""
    return f"{count:02d}" if count < 10 else format_number(count)


def _document_ref(session: Session, document_id: int | None) -> DocumentRef | None:
    if document_id is None:
        return None
    # Only what is needed: an issued document's row also holds its PDF.
    row = session.exec(
        select(
            col(OutgoingDocument.state),
            col(OutgoingDocument.number),
            col(OutgoingDocument.symbol),
            col(OutgoingDocument.issued_on),
        ).where(OutgoingDocument.id == document_id)
    ).first()
    if row is None:
        return None
    return DocumentRef(document_id, DocumentState(row[0]), row[1], row[2], row[3])


def _reported(kind: CriterionKind, result: Result | None) -> tuple[Figure | None, str]:
    if result is None:
        return None, NO_RESULT_TEXT
    if result.not_applicable:
        return None, NOT_APPLICABLE_TEXT
    figure = Figure(
        result.numerator, result.denominator, result.value, result.yes_no, result.assessment
    )
    text = figure_text(kind, figure)
    if kind == CriterionKind.QUALITATIVE:
        text = short_wording(text, ASSESSMENT_TEXT_LENGTH)
    return figure, text or NO_RESULT_TEXT


def _verified(kind: CriterionKind | None, item: InspectionItem) -> tuple[Figure | None, str]:
    figure = Figure(
        item.verified_numerator,
        item.verified_denominator,
        item.verified_value,
        item.verified_yes_no,
    )
    if figure.is_empty():
        return None, ""
    if kind is None:
        # A free item: whatever the team wrote down, as a count or yes/no.
        if figure.yes_no is not None:
            return figure, figure_text(CriterionKind.YES_NO, figure)
        if figure.value is not None:
            return figure, format_number(figure.value)
        return figure, figure_text(CriterionKind.RATE, figure)
    return figure, figure_text(kind, figure)


def _load_round(
    session: Session, round_id: int, today: date, visit_id: int | None = None
) -> RoundData:
    """Everything the round's documents print, in a handful of queries (one visit's only,
    with `visit_id`)."""
    inspection = session.get(InspectionRound, round_id)
    if inspection is None:
        raise UserError("Đợt kiểm tra này không còn trong cơ sở dữ liệu.")
    period = session.get(Period, inspection.period_id)
    if period is None:
        raise UserError(
            f"Kỳ thi đua của đợt kiểm tra “{inspection.name}” không còn trong cơ sở dữ liệu."
        )
    movement = session.get(Movement, period.movement_id)
    phrase = period_phrase(period.kind, period.year, period.name)
    subject = "việc thực hiện phong trào thi đua"
    if movement is not None and movement_phrase(movement.name):
        subject += f" {movement_phrase(movement.name)}"
    subject += f" {phrase}"

    member_rows = session.exec(
        select(InspectionMember, Person.gender)
        .join(Person, col(Person.id) == col(InspectionMember.person_id), isouter=True)
        .where(InspectionMember.round_id == round_id)
    ).all()
    members = sorted(
        member_rows,
        key=lambda row: (ROLE_ORDER[TeamRole(row[0].role)], row[0].sort_order, row[0].id or 0),
    )
    member_lines = tuple(
        MemberLine(
            clean_text(member.full_name),
            GENDER_HONORIFICS[Gender(gender)] if gender is not None else "",
            clean_text(member.position),
            TeamRole(member.role),
        )
        for member, gender in members
    )

    query = select(InspectionVisit, Unit).join(Unit, col(Unit.id) == col(InspectionVisit.unit_id))
    query = query.where(InspectionVisit.round_id == round_id)
    if visit_id is not None:
        query = query.where(InspectionVisit.id == visit_id)
    visit_rows = session.exec(query).all()
    visit_ids = [visit.id for visit, _ in visit_rows]
    unit_ids = [unit.id for _, unit in visit_rows]
    items: dict[int, list[InspectionItem]] = {}
    for item in session.exec(
        select(InspectionItem).where(col(InspectionItem.visit_id).in_(visit_ids))
    ).all():
        items.setdefault(item.visit_id, []).append(item)
    criteria = {
        c.id: c
        for c in session.exec(select(Criterion).where(Criterion.period_id == period.id)).all()
    }
    results = {
        (r.unit_id or 0, r.criterion_id): r
        for r in session.exec(
            select(Result)
            .where(Result.period_id == period.id)
            .where(col(Result.unit_id).in_(unit_ids))
        ).all()
    }
    minutes_refs = {
        ref.id: ref
        for ref in (
            _document_ref(session, visit.minutes_document_id)
            for visit, _ in visit_rows
            if visit.minutes_document_id is not None
        )
        if ref is not None
    }

    visits: list[VisitData] = []
    for visit, unit in visit_rows:
        lines: list[ChecklistLine] = []
        for item in sorted(items.get(visit.id or 0, []), key=lambda i: (i.sort_order, i.id or 0)):
            criterion = criteria.get(item.criterion_id) if item.criterion_id else None
            judgement = Judgement(item.judgement) if item.judgement else None
            if criterion is None:
                verified, verified_text = _verified(None, item)
                lines.append(
                    ChecklistLine(
                        clean_text(item.text),
                        "",
                        None,
                        None,
                        "",
                        verified,
                        verified_text,
                        judgement,
                        clean_text(item.remarks),
                    )
                )
                continue
            kind = CriterionKind(criterion.kind)
            reported, reported_text = _reported(
                kind, results.get((unit.id or 0, criterion.id or 0))
            )
            verified, verified_text = _verified(kind, item)
            lines.append(
                ChecklistLine(
                    f"{criterion.code} – {short_wording(criterion.wording, CRITERION_TEXT_LENGTH)}",
                    criterion.code,
                    kind,
                    reported,
                    reported_text,
                    verified,
                    verified_text,
                    judgement,
                    clean_text(item.remarks),
                )
            )
        visits.append(
            VisitData(
                id=visit.id or 0,
                unit_id=unit.id or 0,
                unit_name=clean_text(unit.name),
                unit_kind=UnitKind(unit.kind),
                head_name=clean_text(unit.head_name),
                head_title=clean_text(unit.head_title),
                visit_date=visit.visit_date,
                start_time=clean_text(visit.start_time),
                place=clean_text(visit.place),
                status=VisitStatus(visit.status),
                attendees=visit.unit_attendees,
                findings=visit.findings,
                recommendations=visit.recommendations,
                lines=tuple(lines),
                minutes=minutes_refs.get(visit.minutes_document_id or 0),
            )
        )
    visits.sort(key=lambda v: (v.visit_date, time_text(v.start_time), collation_key(v.unit_name)))

    actions = (
        session.exec(
            select(col(FollowUpAction.status), col(FollowUpAction.due_date)).where(
                col(FollowUpAction.visit_id).in_(visit_ids)
            )
        ).all()
        if visit_id is None
        else []
    )
    open_actions = [due for status, due in actions if status == ActionStatus.OPEN]
    return RoundData(
        id=round_id,
        name=clean_text(inspection.name),
        purpose=clean_text(inspection.purpose),
        year=period.year,
        subject=subject,
        period=phrase,
        plan_reference=clean_text(movement.plan_reference) if movement is not None else "",
        members=member_lines,
        visits=tuple(visits),
        decision=_document_ref(session, inspection.decision_document_id),
        notice=_document_ref(session, inspection.notice_document_id),
        report=_document_ref(session, inspection.report_document_id),
        actions=len(actions),
        open_actions=len(open_actions),
        overdue_actions=sum(1 for due in open_actions if due < today),
    )


def _read_round(db: Database, round_id: int, today: date, visit_id: int | None = None) -> RoundData:
    with db.session() as session:
        return _load_round(session, round_id, today, visit_id)


def _visit_round_id(db: Database, visit_id: int) -> int:
    with db.session() as session:
        visit = session.get(InspectionVisit, visit_id)
        if visit is None:
            raise UserError("Buổi kiểm tra này không còn trong cơ sở dữ liệu.")
        return visit.round_id


# --- refusals -------------------------------------------------------------------------------


def _require_leader(data: RoundData) -> None:
    leaders = [m for m in data.members if m.role == TeamRole.LEADER]
    if not leaders:
        raise UserError(
            f"Đoàn kiểm tra của đợt “{data.name}” chưa có trưởng đoàn nên chưa soạn được văn bản.",
            "Hãy chọn một thành viên làm Trưởng đoàn trong danh sách thành viên đoàn.",
        )
    if len(leaders) > 1:
        names = ", ".join(m.full_name for m in leaders)
        raise UserError(
            f"Đoàn kiểm tra của đợt “{data.name}” có {len(leaders)} trưởng đoàn ({names}).",
            "Mỗi đoàn chỉ có một Trưởng đoàn; hãy đổi nhiệm vụ của những người còn lại.",
        )


def _require_visits(data: RoundData) -> None:
    if not data.visits:
        raise UserError(
            f"Đợt kiểm tra “{data.name}” chưa có đơn vị nào trong lịch kiểm tra.",
            "Hãy thêm các đơn vị được kiểm tra cùng ngày, giờ, địa điểm trước.",
        )


def _require_checklists(visits: Sequence[VisitData]) -> None:
    empty = [v.unit_name for v in visits if not v.lines]
    if not empty:
        return
    quoted = ", ".join(f"“{name}”" for name in empty[:5])
    more = f" và {format_number(len(empty) - 5)} đơn vị khác" if len(empty) > 5 else ""
    raise UserError(
        f"Buổi kiểm tra tại {quoted}{more} chưa có nội dung kiểm tra nào.",
        "Hãy lập danh sách nội dung kiểm tra (các tiêu chí áp dụng cho đơn vị) trước khi in "
        "biên bản.",
    )


def _refuse_issued(ref: DocumentRef | None, what: str) -> None:
    if ref is not None and ref.state == DocumentState.ISSUED:
        raise UserError(
            f"{what} đã ban hành (số {ref.number_and_symbol}) nên không soạn lại được.",
            "Muốn sửa đổi, hãy tạo văn bản thay thế văn bản đó trong trang Văn bản đi.",
        )


def _default_signer(db: Database, signer_name: str | None) -> str:
    if signer_name is None:
        identity = get_commune_identity(db)
        signer_name = next((s.full_name for s in identity.signers if s.full_name), "")
    if not clean_text(signer_name):
        raise UserError(
            "Chưa có người ký trong Cài đặt nên chưa soạn được văn bản.",
            "Hãy nhập họ tên người ký ở Cài đặt → Thông tin cơ quan và người ký.",
        )
    return clean_text(signer_name)


# --- storing drafts -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Draft:
    """A document ready to go into the register, and where its id is recorded."""

    kind: DocumentKind
    year: int
    summary: str
    signer_name: str
    signer_capacity: str
    content: dict[str, Any]
    existing: DocumentRef | None
    record: Callable[[Session, int], None]


def _store(db: Database, draft: _Draft) -> int:
    """Create the draft, or rewrite the draft already recorded, then record its id; a draft
    made here is removed again when recording fails, so a refusal leaves nothing behind."""
    existing = draft.existing
    if existing is not None and existing.state == DocumentState.DRAFT:
        update_draft(
            db, existing.id, draft.summary, draft.signer_name, draft.signer_capacity, draft.content
        )
        return existing.id
    document_id = create_draft(
        db,
        draft.kind,
        draft.year,
        draft.summary,
        draft.signer_name,
        draft.signer_capacity,
        draft.content,
    )
    try:
        with db.session() as session:
            draft.record(session, document_id)
    except BaseException:
        delete_draft(db, document_id)
        raise
    return document_id


def _preview(db: Database, draft: _Draft) -> bytes:
    """The PDF `draft` will print as, before it is stored."""
    with db.session() as session:
        symbol = symbol_for(session, draft.kind)
    view = DraftView(
        id=0,
        kind=draft.kind,
        year=draft.year,
        symbol=symbol,
        summary=draft.summary,
        signer_name=draft.signer_name,
        signer_capacity=clean_capacity(draft.signer_capacity),
        content=draft.content,
        supersedes_id=None,
    )
    return render_draft(db, view, None)


def _record_on_round(field: str, round_id: int) -> Callable[[Session, int], None]:
    def record(session: Session, document_id: int) -> None:
        inspection = session.get(InspectionRound, round_id)
        if inspection is None:
            raise UserError("Đợt kiểm tra này không còn trong cơ sở dữ liệu.")
        setattr(inspection, field, document_id)
        session.add(inspection)

    return record


def _record_on_visit(visit_id: int) -> Callable[[Session, int], None]:
    def record(session: Session, document_id: int) -> None:
        visit = session.get(InspectionVisit, visit_id)
        if visit is None:
            raise UserError("Buổi kiểm tra này không còn trong cơ sở dữ liệu.")
        visit.minutes_document_id = document_id
        session.add(visit)

    return record


def _identity_parts(db: Database) -> tuple[str, str]:
    """The office's name ("Phòng Văn hóa – Xã hội") and the committee's heading lines."""
    identity = get_commune_identity(db)
    return identity.office_name, issuing_body_lines(identity)


def _decision_phrase(data: RoundData, subject: bool = True) -> str:
    """ "Quyết định số 05/QĐ-UBND ngày … của Chủ tịch Ủy ban nhân dân xã" (with `subject`,
    followed by "về việc thành lập Đoàn kiểm tra …"), once the decision is issued; "" before,
    as a draft has no number to cite."""
    decision = data.decision
    if decision is None or decision.state != DocumentState.ISSUED or not decision.issued_on:
        return ""
    phrase = (
        f"Quyết định số {decision.number_and_symbol} {format_date_long(decision.issued_on)} "
        "của Chủ tịch Ủy ban nhân dân xã"
    )
    return phrase + (f" về việc thành lập Đoàn kiểm tra {data.subject}" if subject else "")


def _dates_phrase(visits: Sequence[VisitData]) -> str:
    first, last = visits[0].visit_date, visits[-1].visit_date
    if first == last:
        return f"ngày {format_date_short(first)}"
    return f"từ ngày {format_date_short(first)} đến ngày {format_date_short(last)}"


def _office_head(office_name: str) -> str:
    """ "phòng Văn hóa – Xã hội" for "Trưởng phòng Văn hóa – Xã hội"."""
    return office_name[:1].lower() + office_name[1:]


# --- the decision forming the team ----------------------------------------------------------


def team_decision_content(data: RoundData, office_name: str) -> dict[str, Any]:
    values = {
        "viec": data.subject,
        "ky": data.period,
        "hoi_dong": COUNCIL,
        "co_quan_thuong_truc": _office_head(office_name),
        "noi_dung": f" Nội dung trọng tâm: {data.purpose.rstrip('.')}." if data.purpose else "",
    }
    rows = [
        [str(number), member.addressed, member.position, TEAM_ROLE_LABELS[member.role]]
        for number, member in enumerate(data.members, start=1)
    ]
    return {
        "paragraphs": [text.format_map(values) for text in DECISION_ARTICLES],
        "recipients": list(DECISION_RECIPIENTS),
        "annex": {
            "title_lines": ["DANH SÁCH", DECISION_ANNEX_TITLE.format_map(values)],
            "headers": DECISION_ANNEX_HEADERS,
            "rows": rows,
            "column_widths": DECISION_ANNEX_WIDTHS,
            "alignments": DECISION_ANNEX_ALIGNMENTS,
        },
        "inspection": {"round_id": data.id, "document": "team_decision"},
    }


def draft_team_decision(
    db: Database,
    round_id: int,
    signer_name: str | None = None,
    signer_capacity: str = "",
    today: date | None = None,
) -> int:
    """The Chairman's decision forming the round's team (its members in the annex), drafted
    into the register and recorded on the round; a draft already made is rewritten. Returns
    the document's id. The signer defaults to the first signer named in the settings."""
    today = today or date.today()
    data = _read_round(db, round_id, today)
    _require_leader(data)
    _refuse_issued(data.decision, "Quyết định thành lập Đoàn kiểm tra")
    signer = _default_signer(db, signer_name)
    office_name, _ = _identity_parts(db)
    draft = _Draft(
        DocumentKind.DECISION,
        today.year,
        DECISION_SUMMARY.format(viec=data.subject),
        signer,
        signer_capacity,
        team_decision_content(data, office_name),
        data.decision,
        _record_on_round("decision_document_id", round_id),
    )
    return _store(db, draft)


# --- the schedule notice --------------------------------------------------------------------


def schedule_rows(visits: Sequence[VisitData]) -> list[list[str]]:
    return [
        [
            str(number),
            visit.unit_name,
            day_text(visit.visit_date),
            time_text(visit.start_time),
            visit.place or DEFAULT_PLACE,
        ]
        for number, visit in enumerate(visits, start=1)
    ]


def schedule_notice_content(data: RoundData, office_name: str) -> dict[str, Any]:
    leader = data.leader
    decision = _decision_phrase(data, subject=False)
    team = "Đoàn kiểm tra" + (f" thành lập theo {decision}," if decision else "")
    team += f" do {leader.in_sentence}"
    if leader.position:
        team += f", {leader.position},"
    team += " làm Trưởng đoàn và các thành viên"
    values = {
        "ke_hoach": data.plan_reference or "kế hoạch phát động phong trào thi đua của xã",
        "viec": data.subject,
        "ky": data.period,
        "doan": team,
        "noi_dung": f" Nội dung trọng tâm: {data.purpose.rstrip('.')}." if data.purpose else "",
        "thoi_gian": _dates_phrase(data.visits),
        "co_quan_thuong_truc": office_name,
    }
    names = list(dict.fromkeys(v.unit_name for v in data.visits))
    units = names if len(names) <= MAX_NAMED_RECIPIENTS else [NOTICE_RECIPIENTS_BY_LIST]
    return {
        "paragraphs": [text.format_map(values) for text in NOTICE_PARAGRAPHS],
        "recipients": [*units, NOTICE_TEAM_RECIPIENT],
        "annex": {
            "title_lines": [NOTICE_ANNEX_TITLE, data.subject[:1].upper() + data.subject[1:]],
            "headers": NOTICE_ANNEX_HEADERS,
            "rows": schedule_rows(data.visits),
            "column_widths": NOTICE_ANNEX_WIDTHS,
            "alignments": NOTICE_ANNEX_ALIGNMENTS,
        },
        "inspection": {"round_id": data.id, "document": "schedule_notice"},
    }


def _notice_draft(
    db: Database, data: RoundData, signer_name: str | None, signer_capacity: str, today: date
) -> _Draft:
    _require_leader(data)
    _require_visits(data)
    _refuse_issued(data.notice, "Thông báo lịch kiểm tra")
    signer = _default_signer(db, signer_name)
    office_name, _ = _identity_parts(db)
    return _Draft(
        DocumentKind.NOTICE,
        today.year,
        NOTICE_SUMMARY.format(viec=data.subject),
        signer,
        signer_capacity,
        schedule_notice_content(data, office_name),
        data.notice,
        _record_on_round("notice_document_id", data.id),
    )


def draft_schedule_notice(
    db: Database,
    round_id: int,
    signer_name: str | None = None,
    signer_capacity: str = "",
    today: date | None = None,
) -> int:
    """The notice of the round's schedule to the units (the schedule by date and time in the
    annex), drafted into the register and recorded on the round. Returns its id."""
    today = today or date.today()
    data = _read_round(db, round_id, today)
    return _store(db, _notice_draft(db, data, signer_name, signer_capacity, today))


# --- a visit's minutes ----------------------------------------------------------------------


def _listed(lines: Sequence[str]) -> list[str]:
    """ "- item;" lines, the last ending with "."."""
    items = [clean_text(line).lstrip("-–• ").rstrip(" ;.,") for line in lines]
    items = [item for item in items if item]
    return [f"- {item}{';' if i < len(items) - 1 else '.'}" for i, item in enumerate(items)]


def _text_lines(text: str) -> list[str]:
    return [clean_text(line) for line in text.splitlines() if clean_text(line)]


def _member_line(member: MemberLine) -> str:
    described = member.addressed
    if member.position:
        described += f", {member.position}"
    return f"{described} – {TEAM_ROLE_LABELS[member.role]}"


@dataclass(frozen=True)
class _Blanks:
    """Dotted runs that fill a line of the page or a table cell, for writing in by hand."""

    line: str
    listed_line: str
    cells: tuple[str, ...]


def _blanks(margins_width: float) -> _Blanks:
    from kt_desktop.documents.fonts import FACES, register_document_fonts
    from kt_desktop.documents.model import SizeSet
    from kt_desktop.documents.page import FIRST_LINE_INDENT
    from kt_desktop.documents.textfit import text_width

    register_document_fonts()
    sizes = SizeSet()
    dot = text_width("…", FACES["regular"], sizes.body)
    line = "…" * int((margins_width - FIRST_LINE_INDENT) / dot - 1)
    listed = "- " + "…" * int((margins_width - FIRST_LINE_INDENT) / dot - 3)
    cell_dot = text_width("…", FACES["regular"], sizes.table)
    total = sum(MINUTES_TABLE_WIDTHS)
    # Table cells keep 4 pt of padding on each side (documents.blocks.TableStyle).
    cells = tuple(
        "…" * max(int((margins_width * share / total - 8) / cell_dot), 1)
        for share in MINUTES_TABLE_WIDTHS
    )
    return _Blanks(line, listed, cells)


def minutes_content(
    data: RoundData, visit: VisitData, parent_body: str, blanks: _Blanks | None = None
) -> dict[str, Any]:
    """The minutes of `visit`, headed by the team under `parent_body` (the committee); with
    `blanks`, the form to fill in by hand on the visit (what the team finds left as dotted
    lines, the reported figures printed)."""
    decision = _decision_phrase(data, subject=False)
    opening = MINUTES_OPENING.format_map(
        {
            "gio": time_text(visit.start_time) or "…… giờ ……",
            "ngay": format_date_long(visit.visit_date),
            "dia_diem": visit.place or f"trụ sở {visit.unit_name}",
            "viec": data.subject,
            "quyet_dinh": f" (thành lập theo {decision})" if decision else "",
            "don_vi": visit.unit_name,
        }
    )
    members = _listed([_member_line(m) for m in data.members])
    if blanks is not None:
        attendees = [blanks.listed_line] * BLANK_ATTENDEE_LINES
        findings = [blanks.line] * BLANK_FINDING_LINES
        recommendations = [blanks.line] * BLANK_RECOMMENDATION_LINES
    else:
        dotted = "……………………………………"
        attendees = _listed(_text_lines(visit.attendees)) or [f"- {dotted}"]
        findings = _text_lines(visit.findings) or [dotted]
        recommendations = _text_lines(visit.recommendations) or [dotted]
    rows = []
    for number, line in enumerate(visit.lines, start=1):
        if blanks is not None:
            verified, judgement, remarks = blanks.cells[3], blanks.cells[4], blanks.cells[5]
        else:
            verified = line.verified_text or NOT_VERIFIED_TEXT
            judgement = JUDGEMENT_LABELS[line.judgement] if line.judgement else ""
            remarks = line.remarks
        reported = line.reported_text if line.kind is not None else NOT_VERIFIED_TEXT
        rows.append([str(number), line.label, reported, verified, judgement, remarks])
    co_signers = [{"capacity": [UNIT_CAPACITY], "name": visit.head_name or "……………………"}]
    secretary = data.secretary
    if secretary is not None:
        co_signers.append({"capacity": [SECRETARY_CAPACITY], "name": secretary.full_name})
    return {
        "parent_body": parent_body,
        "issuing_body": TEAM_HEADING,
        "issuer_name": TEAM_NAME,
        "dated_on": visit.visit_date.isoformat(),
        "bold_headings": True,
        "paragraphs": [
            opening,
            MINUTES_MEMBERS,
            MINUTES_TEAM,
            *members,
            MINUTES_UNIT.format(don_vi=visit.unit_name),
            *attendees,
            MINUTES_CONTENT,
            MINUTES_CONTENT_INTRO,
            MINUTES_TABLE_MARKER,
            MINUTES_FINDINGS,
            *findings,
            MINUTES_RECOMMENDATIONS,
            *recommendations,
        ],
        "tables": [
            {
                "marker": MINUTES_TABLE_MARKER,
                "headers": MINUTES_TABLE_HEADERS,
                "rows": rows,
                "column_widths": MINUTES_TABLE_WIDTHS,
                "alignments": MINUTES_TABLE_ALIGNMENTS,
            }
        ],
        "closing": MINUTES_CLOSING,
        "recipients": [],
        "co_signers": co_signers,
        "inspection": {"round_id": data.id, "visit_id": visit.id, "document": "minutes"},
    }


def draft_visit_minutes(db: Database, visit_id: int, today: date | None = None) -> int:
    """The minutes of one visit (who attended, each checklist item with the reported and the
    verified figure, findings, recommendations; signed by the unit's representative, the
    secretary and the team leader), drafted into the register and recorded on the visit.
    Returns its id. A visit still to come is refused: print its blank form instead."""
    today = today or date.today()
    data = _read_round(db, _visit_round_id(db, visit_id), today, visit_id)
    _require_leader(data)
    _require_visits(data)
    visit = data.visits[0]
    _require_checklists([visit])
    _refuse_issued(visit.minutes, f"Biên bản kiểm tra tại “{visit.unit_name}”")
    if visit.visit_date > today:
        raise UserError(
            f"Buổi kiểm tra tại “{visit.unit_name}” diễn ra ngày "
            f"{format_date_short(visit.visit_date)}, chưa đến nên chưa lập biên bản được.",
            "Hãy in mẫu biên bản để ghi tay trong buổi kiểm tra, rồi nhập kết quả sau.",
        )
    _, parent = _identity_parts(db)
    draft = _Draft(
        DocumentKind.MINUTES,
        visit.visit_date.year,
        MINUTES_SUMMARY.format(viec=data.subject, don_vi=visit.unit_name),
        data.leader.full_name,
        LEADER_CAPACITY,
        minutes_content(data, visit, parent),
        visit.minutes,
        _record_on_visit(visit_id),
    )
    return _store(db, draft)


# --- blank minutes forms --------------------------------------------------------------------


def _blank_documents(db: Database, data: RoundData) -> Callable[[VisitData], OfficialDocument]:
    """A maker of each visit's blank form, with the settings read once."""
    from kt_desktop.services.seed import PLAN_REFERENCE

    with db.session() as session:
        identity = load_identity(session)
        wording = load_wording(session, DocumentKind.MINUTES)
        margins = load_margins(session)
        symbol = symbol_for(session, DocumentKind.MINUTES)
    blanks = _blanks((A4_WIDTH_MM - margins.left - margins.right) * POINTS_PER_MM)
    parent = issuing_body_lines(identity)

    def make(visit: VisitData) -> OfficialDocument:
        values = placeholder_values(identity, visit.visit_date.year, PLAN_REFERENCE)
        draft = DraftView(
            id=0,
            kind=DocumentKind.MINUTES,
            year=visit.visit_date.year,
            symbol=symbol,
            summary=MINUTES_SUMMARY.format(viec=data.subject, don_vi=visit.unit_name),
            signer_name=data.leader.full_name,
            signer_capacity=LEADER_CAPACITY,
            content=minutes_content(data, visit, parent, blanks),
            supersedes_id=None,
        )
        return build_document(draft, None, identity, filled(wording, values), margins)

    return make


def _render(documents: Sequence[OfficialDocument]) -> bytes:
    from kt_desktop.documents.page import render_documents_bytes

    try:
        return render_documents_bytes(documents)
    except ValueError as error:
        raise ValidationError(str(error)) from error


def blank_minutes_pdf(db: Database, visit_id: int) -> bytes:
    """The visit's minutes as a form to fill in by hand on the visit: the unit, date, team and
    checklist (with the reported figures) printed, dotted lines for the rest. Not registered:
    the typed minutes get their number when issued."""
    today = date.today()
    data = _read_round(db, _visit_round_id(db, visit_id), today, visit_id)
    _require_leader(data)
    _require_checklists(data.visits)
    make = _blank_documents(db, data)
    return _render([make(data.visits[0])])


def blank_minutes_for_round(db: Database, round_id: int) -> bytes:
    """Every visit's blank minutes form, in schedule order, in one PDF."""
    data = _read_round(db, round_id, date.today())
    _require_leader(data)
    _require_visits(data)
    _require_checklists(data.visits)
    make = _blank_documents(db, data)
    return _render([make(visit) for visit in data.visits])


# --- the round's report ---------------------------------------------------------------------


def _difference(line: ChecklistLine) -> str:
    """Verified minus reported: percentage points for a rate, the count's difference,
    "Khớp"/"Khác" for a yes/no; "—" when either side has no figure."""
    kind, reported, verified = line.kind, line.reported, line.verified
    if kind is None or reported is None or verified is None:
        return NOT_VERIFIED_TEXT
    if kind == CriterionKind.YES_NO:
        if reported.yes_no is None or verified.yes_no is None:
            return NOT_VERIFIED_TEXT
        return MATCH_TEXT if reported.yes_no == verified.yes_no else MISMATCH_TEXT
    before, after = measured(kind, reported), measured(kind, verified)
    if before is None or after is None:
        return NOT_VERIFIED_TEXT
    difference = (after - before).quantize(Decimal("0.01"))
    if difference == 0:
        return MATCH_TEXT
    text = ("+" if difference > 0 else "") + format_number(difference)
    return f"{text} {PERCENT_POINTS}" if kind == CriterionKind.RATE else text


def comparison_rows(visits: Sequence[VisitData]) -> tuple[list[list[str]], int, int]:
    """The annex's rows (units by kind, then name; each unit numbered on its first row), how
    many criteria were verified and how many differ from the report."""
    kinds = list(UnitKind)
    ordered = sorted(
        (v for v in visits if v.done),
        key=lambda v: (kinds.index(v.unit_kind), collation_key(v.unit_name)),
    )
    rows: list[list[str]] = []
    verified = differing = 0
    number = 0
    for visit in ordered:
        lines = [line for line in visit.lines if line.kind is not None and line.verified]
        if lines:
            number += 1
        for position, line in enumerate(lines):
            difference = _difference(line)
            verified += 1
            differing += difference not in (MATCH_TEXT, NOT_VERIFIED_TEXT)
            rows.append(
                [
                    str(number) if position == 0 else "",
                    visit.unit_name,
                    line.label,
                    line.reported_text,
                    line.verified_text,
                    difference,
                ]
            )
    return rows, verified, differing


def _kinds_phrase(visits: Sequence[VisitData]) -> str:
    counts = Counter(v.unit_kind for v in visits)
    return "; ".join(
        f"{count_text(counts[kind])} {UNIT_KIND_PHRASES[kind]}" for kind in UnitKind if counts[kind]
    )


def round_report_content(data: RoundData, today: date, parent_body: str) -> dict[str, Any]:
    done = [v for v in data.visits if v.done]
    pending = [v for v in data.visits if not v.done]
    leader = data.leader
    leader_text = leader.in_sentence + (f", {leader.position}," if leader.position else "")
    decision = _decision_phrase(data)
    not_yet = ""
    if pending:
        not_yet = REPORT_NOT_YET.format(
            so=count_text(len(pending)), don_vi=", ".join(v.unit_name for v in pending)
        )
    when = _dates_phrase(done)
    paragraphs = [
        REPORT_INTRO.format_map(
            {
                "ke_hoach": data.plan_reference or "kế hoạch phát động phong trào thi đua của xã",
                "quyet_dinh": f" và {decision}" if decision else "",
                "viec": data.subject,
            }
        ),
        REPORT_DONE,
        REPORT_DONE_TEXT.format_map(
            {
                "thoi_gian": when[:1].upper() + when[1:],
                "truong_doan": leader_text,
                "so_don_vi": count_text(len(done)),
                "theo_loai": _kinds_phrase(done),
                "chua_kiem_tra": not_yet,
            }
        ),
        REPORT_RESULTS,
        REPORT_OVERALL,
    ]
    judged = Counter(line.judgement for v in done for line in v.lines)
    by_judgement = ", ".join(
        phrase.format(so=count_text(judged[judgement]))
        for judgement, phrase in REPORT_JUDGEMENT_PHRASES
        if judged[judgement]
    )
    paragraphs.append(
        REPORT_ITEMS_TEXT.format(
            so_noi_dung=count_text(sum(judged.values())), theo_danh_gia=by_judgement
        )
    )
    rows, verified, differing = comparison_rows(done)
    if verified:
        paragraphs.append(
            REPORT_VERIFIED_TEXT.format(
                so_xac_minh=count_text(verified), so_lech=count_text(differing)
            )
        )
    else:
        paragraphs.append(REPORT_NOTHING_VERIFIED)
    paragraphs.append(REPORT_FINDINGS)
    findings = [
        f"- {v.unit_name}: {' '.join(_text_lines(v.findings))}" for v in done if v.findings.strip()
    ]
    paragraphs += findings or [REPORT_NO_FINDINGS]
    paragraphs.append(REPORT_RECOMMENDATIONS)
    paragraphs += [
        f"- Đối với {v.unit_name}: {' '.join(_text_lines(v.recommendations))}"
        for v in done
        if v.recommendations.strip()
    ]
    if data.actions:
        overdue = (
            f", trong đó {count_text(data.overdue_actions)} nội dung đã quá hạn"
            if data.overdue_actions
            else ""
        )
        paragraphs.append(
            REPORT_ACTIONS.format_map(
                {
                    "so_viec": count_text(data.actions),
                    "hom_nay": format_date_short(today),
                    "dang_lam": count_text(data.open_actions),
                    "qua_han": overdue,
                }
            )
        )
    else:
        paragraphs.append(REPORT_NO_ACTIONS)
    content: dict[str, Any] = {
        "parent_body": parent_body,
        "issuing_body": TEAM_HEADING,
        "issuer_name": TEAM_NAME,
        "bold_headings": True,
        "addressees": list(REPORT_ADDRESSEES),
        "paragraphs": paragraphs,
        "closing": REPORT_CLOSING.format(viec=data.subject, hoi_dong=COUNCIL),
        "recipients": list(REPORT_RECIPIENTS),
        "inspection": {"round_id": data.id, "document": "round_report"},
    }
    if rows:
        content["annex"] = {
            "title_lines": [REPORT_ANNEX_TITLE, data.subject[:1].upper() + data.subject[1:]],
            "headers": REPORT_ANNEX_HEADERS,
            "rows": rows,
            "column_widths": REPORT_ANNEX_WIDTHS,
            "alignments": REPORT_ANNEX_ALIGNMENTS,
            # Six columns of figures read best across a landscape page (Decree 30 allows it
            # for a wide table).
            "landscape": True,
        }
    return content


def _require_done(data: RoundData) -> None:
    if not any(v.done for v in data.visits):
        raise UserError(
            f"Đợt kiểm tra “{data.name}” chưa có buổi kiểm tra nào được ghi kết quả nên chưa "
            "lập được báo cáo.",
            "Hãy ghi kết quả các buổi kiểm tra đã diễn ra (trạng thái “Đã kiểm tra”) trước.",
        )


def _report_draft(db: Database, data: RoundData, today: date) -> _Draft:
    _require_leader(data)
    _require_visits(data)
    _require_done(data)
    _refuse_issued(data.report, "Báo cáo kết quả kiểm tra")
    _, parent = _identity_parts(db)
    return _Draft(
        DocumentKind.REPORT,
        today.year,
        REPORT_SUMMARY.format(viec=data.subject),
        data.leader.full_name,
        LEADER_CAPACITY,
        round_report_content(data, today, parent),
        data.report,
        _record_on_round("report_document_id", data.id),
    )


def draft_round_report(db: Database, round_id: int, today: date | None = None) -> int:
    """The team's report on the round (what was done, findings across units, the reported
    and verified figures side by side in the annex, recommendations, follow-up actions still
    open), signed by the team leader, drafted into the register and recorded on the round."""
    today = today or date.today()
    return _store(db, _report_draft(db, _read_round(db, round_id, today), today))


# --- all at once ----------------------------------------------------------------------------


def produce_round_papers(
    db: Database,
    round_id: int,
    progress: Progress | None = None,
    today: date | None = None,
) -> RoundPapers | None:
    """The notice, every visit's blank minutes form and the round's report in one go, for
    printing together. Notice and report are drafted into the register (an issued one is
    used as it was issued); the report only once some visit has been made.

    `progress(done, total)` follows each paper; when it returns False the work stops, None is
    returned and nothing is written: the drafts are stored only once every paper printed."""
    today = today or date.today()
    data = _read_round(db, round_id, today)
    _require_leader(data)
    _require_visits(data)
    _require_checklists(data.visits)
    with_report = any(v.done for v in data.visits)
    total = len(data.visits) + 1 + int(with_report)
    done = 0

    def carry_on() -> bool:
        return progress is None or progress(done, total) is not False

    notice: _Draft | None = None
    if data.notice is not None and data.notice.state == DocumentState.ISSUED:
        notice_pdf = issued_pdf(db, data.notice.id)
    else:
        notice = _notice_draft(db, data, None, "", today)
        notice_pdf = _preview(db, notice)
    done += 1
    make = _blank_documents(db, data)
    forms: list[OfficialDocument] = []
    for visit in data.visits:
        if not carry_on():
            return None
        forms.append(make(visit))
        done += 1
    blank_forms = _render(forms)
    report: _Draft | None = None
    report_pdf: bytes | None = None
    if with_report:
        if not carry_on():
            return None
        if data.report is not None and data.report.state == DocumentState.ISSUED:
            report_pdf = issued_pdf(db, data.report.id)
        else:
            report = _report_draft(db, data, today)
            report_pdf = _preview(db, report)
        done += 1
    if not carry_on():
        return None
    if notice is not None:
        notice_id = _store(db, notice)
    else:
        assert data.notice is not None
        notice_id = data.notice.id
    report_id: int | None = None
    if report is not None:
        report_id = _store(db, report)
    elif with_report:
        assert data.report is not None
        report_id = data.report.id
    return RoundPapers(notice_id, notice_pdf, blank_forms, report_id, report_pdf)
