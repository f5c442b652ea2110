"""The documents of an award round: the council's minutes, the chairman's Giấy khen decision
and its issue, the committee's submission (tờ trình) to the city with its list, each nominee's
achievement report (báo cáo thành tích), and the dossier to the city as one bookmarked PDF
plus each part on its own."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from kt_desktop.documents.files import write_files_together
from kt_desktop.documents.model import (
    BodyBlock,
    BodyTable,
    Margins,
    OfficialDocument,
    Paragraph,
    Signature,
)
from kt_desktop.domain import Period, Person, Unit
from kt_desktop.domain.awards import (
    AchievementReport,
    AwardForm,
    AwardProposal,
    AwardRound,
    RecognitionRecord,
)
from kt_desktop.domain.documents import OutgoingDocument
from kt_desktop.domain.enums import (
    CouncilRole,
    DocumentKind,
    DocumentState,
    Gender,
    RecipientKind,
    RecognitionKind,
)
from kt_desktop.domain.initiatives import Initiative, InitiativeAuthor
from kt_desktop.domain.labels import (
    DOCUMENT_KIND_CODES,
    GENDER_HONORIFICS,
    GENDER_LABELS,
    RECOGNITION_KIND_LABELS,
    RECOGNITION_LEVEL_LABELS,
    UNIT_KIND_LABELS,
)
from kt_desktop.domain.nominations import Nomination
from kt_desktop.errors import UserError, ValidationError, describe_os_error
from kt_desktop.services.award_money import amount_on
from kt_desktop.services.awards import (
    MemberLine,
    ProposalLine,
    RoundView,
    default_achievement,
    proposal_locked,
    require_proposal,
    round_view,
    sorted_for_list,
)
from kt_desktop.services.completeness import period_phrase, short_wording
from kt_desktop.services.database import Database
from kt_desktop.services.document_builder import document_for, issuing_body_lines, render_draft
from kt_desktop.services.inspection_documents import count_text, time_text
from kt_desktop.services.outgoing import (
    DraftView,
    IssueStamp,
    create_draft,
    delete_draft,
    get_draft,
    issue_document,
    issued_pdf,
    number_and_symbol,
    number_text,
    update_draft,
)
from kt_desktop.services.results import unit_results
from kt_desktop.services.scoring import PeriodScores, UnitScore, compute_period_scores
from kt_desktop.services.settings import CommuneIdentity, get_commune_identity
from kt_desktop.services.wording import load_margins
from kt_desktop.text import (
    amount_in_words,
    clean_text,
    format_date_long,
    format_date_short,
    format_number,
    nfc,
)

__all__ = [
    "AchievementReportContent",
    "DossierCancelled",
    "DossierPart",
    "EarlierAward",
    "achievement_report",
    "build_dossier",
    "document_pdf",
    "dossier_parts",
    "draft_decision",
    "draft_minutes",
    "draft_submission",
    "issue_decision",
    "mark_dossier_sent",
    "render_achievement_report",
    "save_achievement_report",
]

Progress = Callable[[int, int], object]
"""Called with (done, total) as work goes on; returning False asks the work to stop."""

# --- the fixed wording of these documents, in one place -------------------------------------
# What every document of a kind shares (legal bases, "Nơi nhận", the signer's capacity) stays
# in Cài đặt → Mẫu văn bản; the clerk can still edit a draft's text in "Văn bản đi".

COUNCIL_NAME = "Hội đồng Thi đua – Khen thưởng xã"
COUNCIL_HEADING = "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"
# The council's abbreviation in its documents' symbol ("01/BB-HĐTĐKT").
COUNCIL_CODE = "HĐTĐKT"
DEFAULT_SUBJECT = "phong trào thi đua đổi mới sáng tạo, chuyển đổi số"

MINUTES_SUMMARY = "Họp Hội đồng Thi đua – Khen thưởng xã xét đề nghị khen thưởng {viec}"
MINUTES_TIME_HEADING = "I. THỜI GIAN, ĐỊA ĐIỂM"
MINUTES_OPENING = (
    "Vào hồi {gio}, {ngay}, tại {dia_diem}, Hội đồng Thi đua – Khen thưởng xã {ten_xa} họp "
    "xét đề nghị khen thưởng {viec}."
)
MINUTES_TIME_BLANK = "…… giờ …… phút"
MINUTES_DEFAULT_PLACE = "trụ sở Ủy ban nhân dân xã {ten_xa}"
MINUTES_MEMBERS_HEADING = "II. THÀNH PHẦN"
MINUTES_CHAIR = "1. Chủ trì: {nguoi}."
MINUTES_SECRETARY = "2. Thư ký: {nguoi}."
MINUTES_PRESENT = "3. Thành viên Hội đồng có mặt: {co_mat}/{tong} thành viên, gồm:"
MINUTES_ABSENT = "Vắng mặt: {so} thành viên ({ten})."
MINUTES_NO_ABSENT = "Vắng mặt: không."
MINUTES_QUORUM = (
    "Số thành viên dự họp bảo đảm tỷ lệ theo quy định ({co_mat}/{tong}, tối thiểu {can})."
)
MINUTES_CONTENT_HEADING = "III. NỘI DUNG CUỘC HỌP"
MINUTES_CONTENT_INTRO = (
    "Thường trực Hội đồng ({co_quan}) báo cáo danh sách {so} đề nghị khen thưởng; Hội đồng "
    "thảo luận, biểu quyết từng trường hợp. Kết quả biểu quyết như sau:"
)
MINUTES_TABLE_MARKER = "[Bảng kết quả biểu quyết]"
MINUTES_TABLE_HEADERS = [
    "STT",
    "Tên tập thể, cá nhân",
    "Hình thức",
    "Có mặt",
    "Tán thành",
    "Không tán thành",
    "Không biểu quyết",
    "Kết quả",
]
MINUTES_TABLE_WIDTHS = [11.8, 47.4, 23.0, 12.0, 14.8, 16.5, 16.5, 23.0]  # mm of 165
MINUTES_TABLE_ALIGNMENTS = [
    "center",
    "left",
    "left",
    "center",
    "center",
    "center",
    "center",
    "left",
]
PASSED_TEXT = "Thông qua"
FAILED_TEXT = "Không thông qua"
MINUTES_RECUSAL = "{thanh_vien} không biểu quyết đối với đề nghị khen thưởng {doi_tuong} ({ly_do})."
MINUTES_NO_RECUSAL = (
    "Không có thành viên nào thuộc trường hợp không biểu quyết do có liên quan đến đề nghị "
    "khen thưởng."
)
MINUTES_CONCLUSION_HEADING = "IV. KẾT LUẬN"
MINUTES_PROPOSE = "đề nghị {nguoi_tang} tặng {hinh_thuc} cho {so_luong}"
MINUTES_CONCLUSION = "Hội đồng thống nhất {de_nghi}."
MINUTES_FAILED = "{so} đề nghị không được Hội đồng thông qua."
MINUTES_CLOSING = (
    "Cuộc họp kết thúc vào hồi …… giờ …… phút cùng ngày. Biên bản đã được thông qua trước các "
    "thành viên dự họp./."
)
CHAIR_CAPACITY = "CHỦ TỊCH HỘI ĐỒNG"
PRESIDING_CAPACITY = "CHỦ TRÌ"
COMMUNE_CHAIRMAN = "Chủ tịch Ủy ban nhân dân xã"
CITY_CHAIRMAN = "Chủ tịch Ủy ban nhân dân thành phố"

DECISION_SUMMARY = "Về việc tặng {hinh_thuc} cho {doi_tuong} {thanh_tich}"
DECISION_MINUTES_BASIS = "Căn cứ Biên bản họp Hội đồng Thi đua – Khen thưởng xã {ngay}"
DECISION_MINUTES_BASIS_ISSUED = (
    "Căn cứ Biên bản số {so} {ngay} của Hội đồng Thi đua – Khen thưởng xã"
)
DECISION_ARTICLE_1 = "Tặng {hinh_thuc} cho {so_luong} (có danh sách kèm theo) {thanh_tich}."
DECISION_EACH = "Mỗi {doi_tuong} được thưởng {so_tien}"
DECISION_BY_LIST = "Tiền thưởng của mỗi tập thể, cá nhân theo mức ghi trong danh sách kèm theo"
DECISION_ARTICLE_2 = (
    "{muc_thuong}. Tổng số tiền thưởng là {tong} (Bằng chữ: {bang_chu}), từ nguồn Quỹ thi đua, "
    "khen thưởng của xã."
)
DECISION_ARTICLE_3 = (
    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân "
    "dân xã, Trưởng {co_quan} xã, các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi "
    "hành Quyết định này."
)
DECISION_ANNEX_TITLE = "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG {HINH_THUC}"
DECISION_ANNEX_HEADERS = ["STT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Số tiền (đồng)"]
DECISION_ANNEX_WIDTHS = [0.8, 3.8, 2.9, 1.4]
DECISION_ANNEX_ALIGNMENTS = ["center", "left", "left", "right"]
# When the proposals' achievement lines differ, each is printed in the list and Article 1
# refers to it.
DECISION_ANNEX_HEADERS_WITH_ACHIEVEMENT = [
    "STT",
    "Tên tập thể, cá nhân",
    "Chức vụ, đơn vị",
    "Thành tích",
    "Số tiền (đồng)",
]
DECISION_ANNEX_WIDTHS_WITH_ACHIEVEMENT = [0.8, 3.2, 2.6, 3.6, 1.4]
DECISION_ANNEX_ALIGNMENTS_WITH_ACHIEVEMENT = ["center", "left", "left", "left", "right"]
ACHIEVEMENT_BY_LIST = "đã có thành tích ghi trong danh sách kèm theo"
COLLECTIVES_HEADING = ("I", "TẬP THỂ")
INDIVIDUALS_HEADING = ("II", "CÁ NHÂN")
TOTAL_TEXT = "Tổng cộng"
IN_WORDS = "Bằng chữ: {bang_chu}"
CHAIRMAN_CAPACITY = "CHỦ TỊCH"
DEPUTY_CAPACITY = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"

SUBMISSION_SUMMARY = "Về việc đề nghị tặng {hinh_thuc} cho {doi_tuong} {thanh_tich}"
SUBMISSION_ADDRESSEE = "Chủ tịch Ủy ban nhân dân thành phố {thanh_pho}"
SUBMISSION_GROUNDS = (
    "Trên cơ sở kết quả chấm điểm, xếp hạng {viec} và đề nghị của {hoi_dong} tại cuộc họp "
    "{ngay_hop},"
)
SUBMISSION_PROPOSAL = (
    "Ủy ban nhân dân xã {ten_xa} đề nghị Chủ tịch Ủy ban nhân dân thành phố xem xét, tặng "
    "{hinh_thuc} cho {so_luong} (có danh sách kèm theo) {thanh_tich}, gồm:"
)
SUBMISSION_PROPOSAL_SHORT = (
    "Ủy ban nhân dân xã {ten_xa} đề nghị Chủ tịch Ủy ban nhân dân thành phố xem xét, tặng "
    "{hinh_thuc} cho {so_luong} (có danh sách kèm theo) {thanh_tich}."
)
# Names are listed in the text up to this many; beyond, the list attached stands for them.
MAX_NAMED_IN_SUBMISSION = 10
SUBMISSION_COLLECTIVES = "- Tập thể: {ten}"
SUBMISSION_INDIVIDUALS = "- Cá nhân: {ten}"
SUBMISSION_DOSSIER = (
    "Hồ sơ kèm theo gồm: Danh sách đề nghị khen thưởng; {so_bao_cao} báo cáo thành tích của "
    "các tập thể, cá nhân được đề nghị; Biên bản họp Hội đồng Thi đua – Khen thưởng xã."
)
SUBMISSION_CLOSING = (
    "Ủy ban nhân dân xã {ten_xa} kính trình Chủ tịch Ủy ban nhân dân thành phố xem xét, quyết "
    "định./."
)
SUBMISSION_RECIPIENTS = ("Như trên",)
SUBMISSION_CAPACITY = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
SUBMISSION_ANNEX_TITLE = "DANH SÁCH ĐỀ NGHỊ CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ TẶNG {HINH_THUC}"
SUBMISSION_ANNEX_SUBTITLE = "(Các tập thể, cá nhân {thanh_tich})"
SUBMISSION_ANNEX_HEADERS = [
    "STT",
    "Tên tập thể, cá nhân",
    "Chức vụ, đơn vị",
    "Thành tích tóm tắt",
]
SUBMISSION_ANNEX_WIDTHS = [0.8, 2.7, 3.0, 5.5]
SUBMISSION_ANNEX_ALIGNMENTS = ["center", "left", "left", "left"]

REPORT_TITLE = "BÁO CÁO THÀNH TÍCH\nĐỀ NGHỊ TẶNG {HINH_THUC}"
# Titles a person's yearly ratings list first: the higher title before the rating it implies.
RATING_ORDER = {
    RECOGNITION_KIND_LABELS[kind]: order
    for order, kind in enumerate(
        (
            RecognitionKind.EMULATION_SOLDIER,
            RecognitionKind.EXCELLENT_RATING,
            RecognitionKind.ADVANCED_WORKER,
        )
    )
}
REPORT_OVERVIEW_COLLECTIVE = "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"
REPORT_OVERVIEW_INDIVIDUAL = "I. SƠ LƯỢC LÝ LỊCH, ĐẶC ĐIỂM, TÌNH HÌNH"
REPORT_ACHIEVEMENTS = "II. THÀNH TÍCH ĐẠT ĐƯỢC"
REPORT_AWARDS = "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"
REPORT_NO_AWARDS = "Chưa có."
REPORT_AWARD_HEADERS = [
    "Năm",
    "Danh hiệu thi đua, hình thức khen thưởng",
    "Số, ngày, tháng, năm của quyết định; cơ quan ban hành",
]
REPORT_AWARD_WIDTHS = [1.2, 4.6, 5.4]
REPORT_AWARD_ALIGNMENTS = ["center", "left", "left"]
REPORT_CONFIRM_CAPACITY = ("XÁC NHẬN CỦA", "ỦY BAN NHÂN DÂN XÃ", "CHỦ TỊCH")
REPORT_PERSON_CAPACITY = "NGƯỜI BÁO CÁO THÀNH TÍCH"
REPORT_HEAD_CAPACITY = "THỦ TRƯỞNG ĐƠN VỊ"
NAME_BLANK = "……………………………"

PART_SUBMISSION = "Tờ trình"
PART_LIST = "Danh sách"
PART_REPORT = "Báo cáo thành tích – {ten}"
PART_MINUTES = "Biên bản họp Hội đồng"
DOSSIER_FILE = "Ho-so-de-nghi-Bang-khen-{nam}.pdf"

MAX_OVERVIEW = 5_000
MAX_ACHIEVEMENTS = 20_000
MAX_AWARD_ROWS = 100
MAX_AWARD_NAME = 300
MAX_AWARD_DECISION = 500
EARLIEST_YEAR = 1945


# --- small pieces of wording ------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _achievement_line(view: RoundView) -> str:
    """The round's achievement line, "Đã có thành tích xuất sắc trong …", without its dot."""
    line = clean_text(view.achievement) or default_achievement(
        view.occasion, view.period_year, view.theme
    )
    return line.rstrip(" .")


def _own_achievement(view: RoundView, line: ProposalLine) -> str:
    """A proposal's achievement line (the round's when it has none), without its dot."""
    return (clean_text(line.achievement) or _achievement_line(view)).rstrip(" .")


def subject_phrase(view: RoundView) -> str:
    """What the round rewards: "phong trào thi đua đổi mới sáng tạo, chuyển đổi số năm 2025",
    read from the achievement line after its "… trong"."""
    line = _achievement_line(view)
    marker = " trong "
    if marker in line:
        return line.split(marker, 1)[1]
    return f"{DEFAULT_SUBJECT} năm {view.period_year}"


def merit_phrase(view: RoundView) -> str:
    """ "có thành tích xuất sắc trong …" (a summary's words, without the "Đã")."""
    line = _lower_first(_achievement_line(view))
    return line.removeprefix("đã ").strip()


def _counts_phrase(collectives: int, individuals: int) -> str:
    """ "17 tập thể và 05 cá nhân", "05 cá nhân"."""
    parts = []
    if collectives:
        parts.append(f"{count_text(collectives)} tập thể")
    if individuals:
        parts.append(f"{count_text(individuals)} cá nhân")
    return " và ".join(parts)


def _whom_phrase(lines: Sequence[ProposalLine]) -> str:
    kinds = {line.recipient_kind for line in lines}
    if kinds == {RecipientKind.COLLECTIVE}:
        return "các tập thể"
    if kinds == {RecipientKind.INDIVIDUAL}:
        return "các cá nhân"
    return "các tập thể, cá nhân"


def _split_kinds(lines: Sequence[ProposalLine]) -> tuple[list[ProposalLine], list[ProposalLine]]:
    collectives = [p for p in lines if p.recipient_kind == RecipientKind.COLLECTIVE]
    individuals = [p for p in lines if p.recipient_kind == RecipientKind.INDIVIDUAL]
    return collectives, individuals


def _form_words(lines: Sequence[ProposalLine], full: bool = False) -> str:
    """The forms of `lines` as a sentence names them ("Giấy khen"), in their order."""
    names = [line.form_name if full else line.form_short_name for line in lines]
    return " và ".join(dict.fromkeys(names))


def _in_sentence(line: ProposalLine) -> str:
    """ "Thôn Bắc", "ông Nguyễn Văn An": a collective by its name, a person with a lower-case
    honorific inside a sentence."""
    name = line.addressed_name
    if line.recipient_kind == RecipientKind.INDIVIDUAL and line.gender is not None:
        return _lower_first(name)
    return name


def _member_text(member: MemberLine, with_role: bool = True) -> str:
    text = f"{member.honorific} {member.full_name}"
    if member.position:
        text += f", {member.position}"
    if with_role:
        text += f", {member.role_label}"
    return text


def _listed(items: Sequence[str]) -> list[str]:
    """ "- item;" lines, the last ending with "."."""
    cleaned = [clean_text(item).rstrip(" ;.,") for item in items if clean_text(item)]
    return [f"- {item}{';' if i < len(cleaned) - 1 else '.'}" for i, item in enumerate(cleaned)]


def _position_and_unit(line: ProposalLine) -> str:
    return ", ".join(
        part for part in (clean_text(line.position), clean_text(line.unit_name)) if part
    )


# --- the register's documents of the round -----------------------------------------------------


@dataclass(frozen=True)
class DocumentRef:
    """A document of the register the round points to."""

    id: int
    kind: DocumentKind
    state: DocumentState
    number: int | None
    symbol: str
    issued_on: date | None

    @property
    def issued(self) -> bool:
        return self.state == DocumentState.ISSUED

    @property
    def number_and_symbol(self) -> str:
        return number_and_symbol(self.number or 0, self.symbol)

    @property
    def stamp(self) -> IssueStamp | None:
        if not self.issued or self.number is None or self.issued_on is None:
            return None
        return IssueStamp(self.number, number_text(self.number, self.symbol), self.issued_on)


def _document_ref(session: Session, document_id: int | None) -> DocumentRef | None:
    if document_id is None:
        return None
    # Only what is needed: an issued document's row also holds its PDF.
    document = session.exec(
        select(OutgoingDocument)
        .options(defer(OutgoingDocument.pdf))  # type: ignore[arg-type]
        .where(OutgoingDocument.id == document_id)
    ).first()
    if document is None:
        return None
    return DocumentRef(
        document_id,
        DocumentKind(document.kind),
        DocumentState(document.state),
        document.number,
        document.symbol,
        document.issued_on,
    )


def _ref(db: Database, document_id: int | None) -> DocumentRef | None:
    with db.session() as session:
        return _document_ref(session, document_id)


def _refuse_issued(ref: DocumentRef | None, what: str) -> None:
    if ref is not None and ref.issued:
        when = f" ngày {format_date_short(ref.issued_on)}" if ref.issued_on else ""
        raise UserError(
            f"{what} đã ban hành (số {ref.number_and_symbol}{when}) nên không soạn lại được.",
            "Muốn sửa đổi, hãy tạo văn bản thay thế văn bản đó trong trang Văn bản đi.",
        )


def _store(
    db: Database,
    existing: DocumentRef | None,
    kind: DocumentKind,
    year: int,
    summary: str,
    signer_name: str,
    signer_capacity: str,
    content: dict[str, Any],
    round_id: int,
    round_field: str,
    symbol: str = "",
) -> int:
    """Create the draft (or rewrite the draft already recorded on the round), give it its
    symbol when not the register's default, and record it on the round; a draft made here is
    removed again when recording fails, so a refusal leaves nothing behind."""
    if existing is not None and not existing.issued:
        update_draft(db, existing.id, summary, signer_name, signer_capacity, content)
        document_id = existing.id
        created = False
    else:
        document_id = create_draft(db, kind, year, summary, signer_name, signer_capacity, content)
        created = True
    try:
        with db.session() as session:
            award_round = session.get(AwardRound, round_id)
            if award_round is None:
                raise UserError("Đợt khen thưởng này không còn trong cơ sở dữ liệu.")
            if symbol:
                document = session.get(OutgoingDocument, document_id)
                assert document is not None
                document.symbol = symbol
                session.add(document)
            setattr(award_round, round_field, document_id)
            session.add(award_round)
    except BaseException:
        if created:
            delete_draft(db, document_id)
        raise
    return document_id


def _signer(identity: CommuneIdentity, deputy: bool, signer_name: str = "") -> str:
    """The chairman's name (or the first deputy's) from the settings; `signer_name` wins."""
    name = clean_text(signer_name)
    if name:
        return name
    wanted = "phó chủ tịch" if deputy else "chủ tịch"
    for signer in identity.signers:
        if clean_text(signer.title).casefold().startswith(wanted) and clean_text(signer.full_name):
            return clean_text(signer.full_name)
    who = "Phó Chủ tịch" if deputy else "Chủ tịch"
    raise UserError(
        f"Chưa có họ tên {who} Ủy ban nhân dân xã trong Cài đặt nên chưa soạn được văn bản.",
        "Hãy nhập họ tên người ký ở Cài đặt → Thông tin cơ quan và người ký.",
    )


def _refuse_blocked(lines: Sequence[ProposalLine]) -> None:
    """A passed proposal that now fails a rule (a restriction recorded after the vote) must
    not be awarded without the office's written reason."""
    blocked = [line for line in lines if line.blocked]
    if not blocked:
        return
    first = blocked[0]
    more = f" (và {count_text(len(blocked) - 1)} đề nghị khác)" if len(blocked) > 1 else ""
    reasons = "; ".join(failure.text for failure in first.failures)
    raise ValidationError(
        f"Đề nghị “{first.name}”{more} chưa đạt điều kiện khen thưởng: {reasons}.",
        field="override_reason",
        hint="Hãy bỏ đề nghị, hoặc ghi lý do vẫn đề nghị khen thưởng, rồi soạn lại.",
    )


def _minutes_basis(view: RoundView, minutes: DocumentRef | None) -> list[str]:
    """The minutes the decision or submission rests on, once there are minutes."""
    if minutes is None:
        return []
    if minutes.issued and minutes.issued_on is not None:
        return [
            DECISION_MINUTES_BASIS_ISSUED.format(
                so=minutes.number_and_symbol, ngay=format_date_long(minutes.issued_on)
            )
        ]
    if view.meeting_date is None:
        return []
    return [DECISION_MINUTES_BASIS.format(ngay=format_date_long(view.meeting_date))]


# --- the council's minutes ----------------------------------------------------------------------


def _require_meeting(view: RoundView) -> None:
    if view.meeting_date is None:
        raise ValidationError(
            f"Đợt “{view.name}” chưa ghi ngày họp Hội đồng nên chưa lập được biên bản.",
            field="meeting_date",
            hint="Hãy ghi ngày, giờ, địa điểm họp ở phần Cuộc họp Hội đồng.",
        )
    if not view.members:
        raise ValidationError(
            "Chưa có danh sách thành viên Hội đồng nên chưa lập được biên bản.",
            field="attendance",
            hint="Hãy nhập thành viên ở Cài đặt › Khen thưởng, rồi đánh dấu người dự họp.",
        )
    if not view.has_quorum:
        raise ValidationError(
            f"Cuộc họp chưa đủ số thành viên: có mặt {len(view.present)}/{len(view.members)}, "
            f"cần ít nhất {view.quorum_needed}. Chưa lập được biên bản.",
            field="attendance",
        )
    if view.secretary is None:
        raise ValidationError(
            "Chưa chọn thư ký cuộc họp nên chưa lập được biên bản.",
            field="secretary_member_id",
            hint="Hãy chọn thư ký trong danh sách thành viên Hội đồng ở phần Cuộc họp Hội đồng.",
        )
    if not view.secretary.present:
        raise ValidationError(
            f"Thư ký {view.secretary.full_name} không có mặt tại cuộc họp.",
            field="secretary_member_id",
            hint="Hãy chọn thư ký trong số thành viên có mặt.",
        )
    if not any(line.voted for line in view.proposals):
        raise ValidationError(
            "Chưa có đề nghị nào được Hội đồng biểu quyết nên chưa lập được biên bản.",
            field="votes",
            hint="Hãy ghi kết quả biểu quyết từng đề nghị trước.",
        )


def _voted_in_order(view: RoundView) -> list[ProposalLine]:
    """Voted proposals as the minutes list them: the commune's forms first, then the city's,
    each as a decision's list orders them."""
    voted = [line for line in view.proposals if line.voted]
    return sorted_for_list([p for p in voted if p.awarded_here]) + sorted_for_list(
        [p for p in voted if not p.awarded_here]
    )


def _propose_phrases(lines: Sequence[ProposalLine]) -> list[str]:
    """ "đề nghị Chủ tịch Ủy ban nhân dân xã tặng Giấy khen cho 15 tập thể và 05 cá nhân", one
    per form in the order met."""
    phrases = []
    forms = dict.fromkeys((line.form_id, line.awarded_here, line.form_short_name) for line in lines)
    for form_id, here, short_name in forms:
        of_form = [line for line in lines if line.form_id == form_id]
        collectives, individuals = _split_kinds(of_form)
        phrases.append(
            MINUTES_PROPOSE.format(
                nguoi_tang=COMMUNE_CHAIRMAN if here else CITY_CHAIRMAN,
                hinh_thuc=short_name,
                so_luong=_counts_phrase(len(collectives), len(individuals)),
            )
        )
    return phrases


def default_conclusions(view: RoundView) -> list[str]:
    """What the council concluded, in words, from the votes recorded."""
    passed = [line for line in _voted_in_order(view) if line.passed]
    failed = [line for line in view.proposals if line.voted and not line.passed]
    paragraphs = []
    if passed:
        paragraphs.append(MINUTES_CONCLUSION.format(de_nghi="; ".join(_propose_phrases(passed))))
    if failed:
        paragraphs.append(MINUTES_FAILED.format(so=count_text(len(failed))))
    return paragraphs


def minutes_content(view: RoundView, identity: CommuneIdentity) -> dict[str, Any]:
    assert view.meeting_date is not None and view.secretary is not None
    chair = view.chair
    assert chair is not None
    present, absent = view.present, [m for m in view.members if not m.present]
    hour = time_text(view.meeting_time)
    opening = MINUTES_OPENING.format(
        gio=f"{hour} phút" if hour else MINUTES_TIME_BLANK,
        ngay=format_date_long(view.meeting_date),
        dia_diem=clean_text(view.meeting_place)
        or MINUTES_DEFAULT_PLACE.format(ten_xa=identity.commune_name),
        ten_xa=identity.commune_name,
        viec=subject_phrase(view),
    )
    members = _listed([_member_text(m) for m in present])
    absent_text = (
        MINUTES_ABSENT.format(
            so=count_text(len(absent)),
            ten=", ".join(f"{m.honorific} {m.full_name}" for m in absent),
        )
        if absent
        else MINUTES_NO_ABSENT
    )
    voted = _voted_in_order(view)
    rows = [
        [
            str(number),
            line.addressed_name,
            line.form_short_name,
            str(len(present)),
            str(line.votes_for or 0),
            str(line.votes_against or 0),
            str(line.votes_abstain or 0),
            PASSED_TEXT if line.passed else FAILED_TEXT,
        ]
        for number, line in enumerate(voted, start=1)
    ]
    by_id = {m.id: m for m in view.members}
    recusals = []
    for line in voted:
        for member_id, member_name, reason in line.recused:
            member = by_id.get(member_id)
            who = f"{member.honorific} {member.full_name}" if member else member_name
            recusals.append(
                MINUTES_RECUSAL.format(
                    thanh_vien=who,
                    doi_tuong=_in_sentence(line),
                    ly_do=_lower_first(clean_text(reason)),
                )
            )
    conclusions = (
        [clean_text(view.conclusions)]
        if clean_text(view.conclusions)
        else default_conclusions(view)
    )
    paragraphs = [
        MINUTES_TIME_HEADING,
        opening,
        MINUTES_MEMBERS_HEADING,
        MINUTES_CHAIR.format(nguoi=_member_text(chair)),
        MINUTES_SECRETARY.format(nguoi=_member_text(view.secretary)),
        MINUTES_PRESENT.format(co_mat=count_text(len(present)), tong=count_text(len(view.members))),
        *members,
        absent_text,
        MINUTES_QUORUM.format(co_mat=len(present), tong=len(view.members), can=view.quorum_needed),
        MINUTES_CONTENT_HEADING,
        MINUTES_CONTENT_INTRO.format(co_quan=identity.office_name, so=count_text(len(voted))),
        MINUTES_TABLE_MARKER,
        *(recusals or [MINUTES_NO_RECUSAL]),
        MINUTES_CONCLUSION_HEADING,
        *conclusions,
    ]
    return {
        "parent_body": identity.issuing_body,
        "issuing_body": COUNCIL_HEADING,
        "issuer_name": COUNCIL_NAME,
        "dated_on": view.meeting_date.isoformat(),
        "bold_headings": True,
        "paragraphs": paragraphs,
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
        "secretary": view.secretary.full_name,
        "award": {"round_id": view.id, "document": "minutes"},
    }


def draft_minutes(db: Database, round_id: int, today: date | None = None) -> int:
    """The minutes of the council's meeting (time and place, who attended and the quorum,
    each voted proposal with its votes and result, conflicts of interest, conclusions; signed
    by the secretary and the chair), drafted into the register, or rewritten while still a
    draft, and recorded on the round. Returns the document's id."""
    today = today or date.today()
    view = round_view(db, round_id, today)
    minutes = _ref(db, view.minutes_document_id)
    _refuse_issued(minutes, "Biên bản họp Hội đồng Thi đua – Khen thưởng")
    _require_meeting(view)
    assert view.meeting_date is not None
    identity = get_commune_identity(db)
    chair = view.chair
    assert chair is not None
    capacity = CHAIR_CAPACITY if chair.role == CouncilRole.CHAIR else PRESIDING_CAPACITY
    return _store(
        db,
        minutes,
        DocumentKind.MINUTES,
        view.meeting_date.year,
        MINUTES_SUMMARY.format(viec=subject_phrase(view)),
        chair.full_name,
        capacity,
        minutes_content(view, identity),
        round_id,
        "minutes_document_id",
        f"{DOCUMENT_KIND_CODES[DocumentKind.MINUTES]}-{COUNCIL_CODE}",
    )


# --- the decision -------------------------------------------------------------------------------


def _amounts(db: Database, lines: Sequence[ProposalLine], day: date) -> dict[int, int]:
    """Each proposal's reward at the rates in force on `day`, one look-up per form and kind."""
    found: dict[tuple[int, RecipientKind], int] = {}
    amounts: dict[int, int] = {}
    with db.session() as session:
        for line in lines:
            key = (line.form_id, line.recipient_kind)
            if key not in found:
                form = session.get(AwardForm, line.form_id)
                assert form is not None
                found[key] = amount_on(session, form, line.recipient_kind, day)
            amounts[line.id] = found[key]
    return amounts


def _group_rows(
    lines: Sequence[ProposalLine], cells: Callable[[ProposalLine], list[str]], columns: int
) -> list[list[str]]:
    """Rows grouped "I. TẬP THỂ" then "II. CÁ NHÂN", each group numbered from 1; a group
    heading only when both kinds are listed."""
    collectives, individuals = _split_kinds(lines)
    both = bool(collectives) and bool(individuals)
    rows: list[list[str]] = []
    for heading, group in ((COLLECTIVES_HEADING, collectives), (INDIVIDUALS_HEADING, individuals)):
        if not group:
            continue
        if both:
            rows.append([*heading, *([""] * (columns - 2))])
        rows += [[str(n), *cells(line)] for n, line in enumerate(group, start=1)]
    return rows


def _money_clause(lines: Sequence[ProposalLine], amounts: dict[int, int]) -> str:
    """ "Mỗi tập thể được thưởng 700.000 đồng, mỗi cá nhân được thưởng 350.000 đồng" when every
    award of a kind carries the same amount; else the list's amounts stand."""
    collectives, individuals = _split_kinds(lines)
    clauses = []
    for whom, group in (("tập thể", collectives), ("cá nhân", individuals)):
        if not group:
            continue
        values = {amounts[line.id] for line in group}
        if len(values) != 1:
            return DECISION_BY_LIST
        clauses.append(
            DECISION_EACH.format(doi_tuong=whom, so_tien=f"{format_number(values.pop())} đồng")
        )
    return _upper_first(", ".join(_lower_first(clause) for clause in clauses))


def decision_content(
    view: RoundView,
    lines: Sequence[ProposalLine],
    amounts: dict[int, int],
    identity: CommuneIdentity,
    minutes: DocumentRef | None,
) -> dict[str, Any]:
    collectives, individuals = _split_kinds(lines)
    form = _form_words(lines)
    total = sum(amounts[line.id] for line in lines)
    # The certificate prints each proposal's own line, so the decision must say the same.
    achievements = {line.id: _own_achievement(view, line) for line in lines}
    shared = len(set(achievements.values())) == 1
    articles = [
        DECISION_ARTICLE_1.format(
            hinh_thuc=form,
            so_luong=_counts_phrase(len(collectives), len(individuals)),
            thanh_tich=(
                _lower_first(next(iter(achievements.values()))) if shared else ACHIEVEMENT_BY_LIST
            ),
        ),
        DECISION_ARTICLE_2.format(
            muc_thuong=_money_clause(lines, amounts),
            tong=f"{format_number(total)} đồng",
            bang_chu=amount_in_words(total),
        ),
        DECISION_ARTICLE_3.format(co_quan=_lower_first(identity.office_name)),
    ]
    headers, widths, alignments = (
        (DECISION_ANNEX_HEADERS, DECISION_ANNEX_WIDTHS, DECISION_ANNEX_ALIGNMENTS)
        if shared
        else (
            DECISION_ANNEX_HEADERS_WITH_ACHIEVEMENT,
            DECISION_ANNEX_WIDTHS_WITH_ACHIEVEMENT,
            DECISION_ANNEX_ALIGNMENTS_WITH_ACHIEVEMENT,
        )
    )
    rows = _group_rows(
        lines,
        lambda line: [
            line.addressed_name,
            _position_and_unit(line),
            *([] if shared else [achievements[line.id]]),
            format_number(amounts[line.id]),
        ],
        len(headers),
    )
    in_words = IN_WORDS.format(bang_chu=amount_in_words(total))
    rows.append(["", TOTAL_TEXT, in_words, *([] if shared else [""]), format_number(total)])
    return {
        "paragraphs": articles,
        "legal_bases_added": _minutes_basis(view, minutes),
        "annex": {
            "title_lines": [DECISION_ANNEX_TITLE.format(HINH_THUC=form.upper())],
            "headers": headers,
            "rows": rows,
            "column_widths": widths,
            "alignments": alignments,
        },
        # Read by awards.on_decision_issued when the decision is issued.
        "award_round_id": view.id,
        "award_proposal_ids": [line.id for line in lines],
        "award_amounts": {str(line.id): amounts[line.id] for line in lines},
        "award_achievements": {str(line.id): line.achievement for line in lines},
    }


def draft_decision(
    db: Database,
    round_id: int,
    deputy_signs: bool = False,
    signer_name: str = "",
    today: date | None = None,
) -> int:
    """The chairman's decision awarding the commune's Giấy khen to the proposals the council
    passed (the list attached, grouped collectives then individuals, with each reward at the
    rates in force `today`, the total in figures and words), drafted into the register, or
    rewritten while still a draft, and recorded on the round. Returns the document's id.

    Signed "CHỦ TỊCH" by the chairman named in the settings, or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    by the deputy with `deputy_signs`; `signer_name` names someone else."""
    today = today or date.today()
    view = round_view(db, round_id, today)
    with db.session() as session:
        decision = _document_ref(session, view.decision_document_id)
        minutes = _document_ref(session, view.minutes_document_id)
    _refuse_issued(decision, "Quyết định khen thưởng của đợt")
    lines = sorted_for_list(view.passed_here())
    if not lines:
        raise ValidationError(
            "Chưa có đề nghị nào được Hội đồng thông qua để tặng Giấy khen nên chưa soạn được "
            "quyết định.",
            field="votes",
            hint="Hãy ghi kết quả biểu quyết của Hội đồng cho các đề nghị trước.",
        )
    _refuse_blocked(lines)
    identity = get_commune_identity(db)
    signer = _signer(identity, deputy_signs, signer_name)
    amounts = _amounts(db, lines, today)
    form = _form_words(lines)
    summary = DECISION_SUMMARY.format(
        hinh_thuc=form, doi_tuong=_whom_phrase(lines), thanh_tich=merit_phrase(view)
    )
    return _store(
        db,
        decision,
        DocumentKind.DECISION,
        today.year,
        summary,
        signer,
        DEPUTY_CAPACITY if deputy_signs else CHAIRMAN_CAPACITY,
        decision_content(view, lines, amounts, identity, minutes),
        round_id,
        "decision_document_id",
    )


def issue_decision(db: Database, round_id: int, issued_on: date) -> IssueStamp:
    """Issue the round's decision draft: the next number of the register, the PDF as issued;
    in the same transaction every listed proposal gets its amount at the rates of `issued_on`
    and its register number, and the period's scores are locked (awards.on_decision_issued).
    Refused when the list passed by the council changed since the draft was made."""
    view = round_view(db, round_id, issued_on)
    decision = _ref(db, view.decision_document_id)
    if decision is None:
        raise UserError(
            f"Đợt “{view.name}” chưa có dự thảo quyết định khen thưởng.",
            "Hãy soạn dự thảo quyết định trước khi ban hành.",
        )
    _refuse_issued(decision, "Quyết định khen thưởng của đợt")
    draft = get_draft(db, decision.id)
    listed = draft.content.get("award_proposal_ids", [])
    if sorted(int(i) for i in listed) != sorted(line.id for line in view.passed_here()):
        raise UserError(
            "Danh sách được Hội đồng thông qua đã thay đổi sau khi soạn dự thảo quyết định.",
            "Hãy soạn lại dự thảo quyết định rồi ban hành.",
        )
    # The amounts are those in force on the issue date: a draft priced on another day, across
    # a change of rate or base salary, is priced again (same list, same signer) before issue.
    lines = sorted_for_list(view.passed_here())
    priced = {int(k): int(v) for k, v in draft.content.get("award_amounts", {}).items()}
    if priced != _amounts(db, lines, issued_on):
        draft_decision(
            db,
            round_id,
            deputy_signs=draft.signer_capacity.startswith("KT."),
            signer_name=draft.signer_name,
            today=issued_on,
        )

    def render(draft: DraftView, stamp: IssueStamp | None) -> bytes:
        return render_draft(db, draft, stamp)

    return issue_document(db, decision.id, issued_on, render)


# --- the submission to the city ------------------------------------------------------------------


def _city_lines(view: RoundView) -> list[ProposalLine]:
    lines = sorted_for_list(view.passed_for_city())
    if not lines:
        raise ValidationError(
            "Chưa có đề nghị Bằng khen nào được Hội đồng thông qua nên chưa lập được tờ trình "
            "đề nghị thành phố.",
            field="votes",
            hint="Hãy ghi kết quả biểu quyết của Hội đồng cho các đề nghị Bằng khen trước.",
        )
    return lines


def _names_phrase(lines: Sequence[ProposalLine]) -> str:
    names = [line.addressed_name for line in lines]
    described = []
    for line, name in zip(lines, names, strict=True):
        where = _position_and_unit(line)
        described.append(f"{name} ({where})" if where else name)
    return "; ".join(described)


def submission_content(
    view: RoundView,
    lines: Sequence[ProposalLine],
    summaries: dict[int, str],
    identity: CommuneIdentity,
    minutes: DocumentRef | None,
) -> dict[str, Any]:
    collectives, individuals = _split_kinds(lines)
    form = _form_words(lines, full=True)
    counts = _counts_phrase(len(collectives), len(individuals))
    achievement = _lower_first(_achievement_line(view))
    meeting = format_date_long(view.meeting_date) if view.meeting_date else "gần nhất"
    grounds = SUBMISSION_GROUNDS.format(
        viec=subject_phrase(view),
        hoi_dong=COUNCIL_NAME,
        ngay_hop=meeting,
    )
    named = len(lines) <= MAX_NAMED_IN_SUBMISSION
    proposal = SUBMISSION_PROPOSAL if named else SUBMISSION_PROPOSAL_SHORT
    proposal = proposal.format(
        ten_xa=identity.commune_name, hinh_thuc=form, so_luong=counts, thanh_tich=achievement
    )
    paragraphs = [f"{grounds} {proposal}"]
    if named:
        listed = []
        if collectives:
            listed.append(SUBMISSION_COLLECTIVES.format(ten=_names_phrase(collectives)))
        if individuals:
            listed.append(SUBMISSION_INDIVIDUALS.format(ten=_names_phrase(individuals)))
        paragraphs += _listed_keep_dash(listed)
    paragraphs.append(SUBMISSION_DOSSIER.format(so_bao_cao=count_text(len(lines))))
    rows = _group_rows(
        lines,
        lambda line: [line.addressed_name, _position_and_unit(line), summaries[line.id]],
        len(SUBMISSION_ANNEX_HEADERS),
    )
    return {
        "parent_body": "",
        "issuing_body": issuing_body_lines(identity),
        "issuer_name": f"Ủy ban nhân dân xã {identity.commune_name}",
        "addressees": [SUBMISSION_ADDRESSEE.format(thanh_pho=identity.city_name)],
        "legal_bases_added": _minutes_basis(view, minutes),
        "paragraphs": paragraphs,
        "closing": SUBMISSION_CLOSING.format(ten_xa=identity.commune_name),
        "recipients": list(SUBMISSION_RECIPIENTS),
        "annex": {
            "title_lines": [
                SUBMISSION_ANNEX_TITLE.format(HINH_THUC=_form_words(lines).upper()),
                SUBMISSION_ANNEX_SUBTITLE.format(thanh_tich=merit_phrase(view)),
            ],
            "headers": SUBMISSION_ANNEX_HEADERS,
            "rows": rows,
            "column_widths": SUBMISSION_ANNEX_WIDTHS,
            "alignments": SUBMISSION_ANNEX_ALIGNMENTS,
            # A column of sentences reads best across a landscape page (Decree 30 allows it
            # for a wide table).
            "landscape": True,
        },
        "award_city_round_id": view.id,
        "award_proposal_ids": [line.id for line in lines],
    }


def _listed_keep_dash(items: Sequence[str]) -> list[str]:
    """Items already starting "- ": each ends with ";" and the last with "."."""
    cleaned = [clean_text(item).rstrip(" ;.,") for item in items if clean_text(item)]
    return [f"{item}{';' if i < len(cleaned) - 1 else '.'}" for i, item in enumerate(cleaned)]


def draft_submission(db: Database, round_id: int, today: date | None = None) -> int:
    """The committee's submission (tờ trình) to the city chairman proposing the Bằng khen the
    council passed, with the list attached (each nominee's achievements in brief), drafted
    into the register, or rewritten while still a draft, and recorded on the round. Signed
    "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" by the chairman named in the settings."""
    today = today or date.today()
    view = round_view(db, round_id, today)
    with db.session() as session:
        submission = _document_ref(session, view.submission_document_id)
        minutes = _document_ref(session, view.minutes_document_id)
    _refuse_issued(submission, "Tờ trình đề nghị khen thưởng của đợt")
    lines = _city_lines(view)
    _refuse_blocked(lines)
    identity = get_commune_identity(db)
    signer = _signer(identity, deputy=False)
    scores = compute_period_scores(db, view.period_id)
    summaries = {line.id: _brief(_facts(db, line.id, scores, today)) for line in lines}
    summary = SUBMISSION_SUMMARY.format(
        hinh_thuc=_form_words(lines, full=True),
        doi_tuong=_whom_phrase(lines),
        thanh_tich=merit_phrase(view),
    )
    return _store(
        db,
        submission,
        DocumentKind.SUBMISSION,
        today.year,
        summary,
        signer,
        SUBMISSION_CAPACITY,
        submission_content(view, lines, summaries, identity, minutes),
        round_id,
        "submission_document_id",
        # Issued by the committee itself, not by the office as a tờ trình to the chairman is.
        f"{DOCUMENT_KIND_CODES[DocumentKind.SUBMISSION]}-{identity.body_code}",
    )


# --- achievement reports -----------------------------------------------------------------------


@dataclass
class EarlierAward:
    """One line of "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG": a title or award of a year."""

    year: int
    name: str  # "Chiến sĩ thi đua cơ sở", "Giấy khen của Chủ tịch Ủy ban nhân dân xã"
    decision: str = ""  # "Quyết định số 05/QĐ-UBND ngày 20/01/2026 của Chủ tịch UBND xã …"


@dataclass
class AchievementReportContent:
    """A nominee's achievement report (báo cáo thành tích) as the standard form has it: who
    (a person: name, birth year, gender, position, unit; a collective: its name and head),
    then I. the outline, II. the achievements, III. the titles and awards received before.
    Texts keep their line breaks: each line prints as a paragraph."""

    proposal_id: int
    recipient_kind: RecipientKind
    name: str
    gender: Gender | None = None
    birth_year: int | None = None
    position: str = ""
    unit_name: str = ""
    head_name: str = ""
    head_title: str = ""
    overview: str = ""  # I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH
    achievements: str = ""  # II. THÀNH TÍCH ĐẠT ĐƯỢC
    earlier_awards: list[EarlierAward] = field(default_factory=list)
    form_name: str = ""  # "Bằng khen của Chủ tịch Ủy ban nhân dân thành phố", from the proposal
    saved: bool = False  # False: filled from the record, not yet saved by the office

    @property
    def addressed_name(self) -> str:
        if self.recipient_kind == RecipientKind.COLLECTIVE or self.gender is None:
            return self.name
        return f"{GENDER_HONORIFICS[self.gender]} {self.name}"


@dataclass(frozen=True)
class _Initiative:
    title: str
    year: int
    level: str  # "Cấp cơ sở (xã)"
    recognised_on: date | None


@dataclass(frozen=True)
class _Facts:
    """What the record knows about a proposal's nominee, read for its report and its line in
    the submission's list."""

    proposal_id: int
    kind: RecipientKind
    form_name: str
    awarded_here: bool
    name: str
    gender: Gender | None
    birth_year: int | None
    position: str
    unit_name: str
    unit_kind: str  # "Thôn, thị tứ"
    head_name: str
    head_title: str
    achievement: str  # the proposal's line, as the council voted it
    period_text: str  # "năm 2025"
    score: UnitScore | None  # the collective's, or the person's unit's
    kind_count: int  # units ranked in the same kind
    criteria_met: tuple[str, ...]  # "CT01 – … : 45/50 (90,00%)"
    initiatives: tuple[_Initiative, ...]
    ratings: tuple[EarlierAward, ...]  # yearly titles recorded (Chiến sĩ thi đua cơ sở …)
    awards: tuple[EarlierAward, ...]  # every title and award, for section III
    nomination_text: str
    locked: bool


def _decision_text(document: OutgoingDocument, identity: CommuneIdentity) -> str:
    issued = format_date_short(document.issued_on) if document.issued_on else ""
    return (
        f"Quyết định số {number_and_symbol(document.number or 0, document.symbol)} ngày {issued} "
        f"của Chủ tịch Ủy ban nhân dân xã {identity.commune_name}"
    )


def _earlier_awards(
    session: Session, proposal: AwardProposal, identity: CommuneIdentity
) -> tuple[list[EarlierAward], list[EarlierAward]]:
    """The nominee's yearly titles, and every title and award on record: recognitions typed
    in, and proposals of other rounds awarded by an issued decision."""
    query = select(RecognitionRecord)
    if proposal.recipient_kind == RecipientKind.COLLECTIVE:
        query = query.where(RecognitionRecord.unit_id == proposal.unit_id).where(
            col(RecognitionRecord.person_id).is_(None)
        )
    elif proposal.person_id is not None:
        query = query.where(RecognitionRecord.person_id == proposal.person_id)
    else:
        query = query.where(col(RecognitionRecord.id).is_(None))
    ratings: list[EarlierAward] = []
    awards: list[EarlierAward] = []
    for record in session.exec(query):
        kind = RecognitionKind(record.kind)
        name = clean_text(record.name) if kind == RecognitionKind.AWARD else ""
        line = EarlierAward(
            record.year, name or RECOGNITION_KIND_LABELS[kind], clean_text(record.decision_text)
        )
        awards.append(line)
        if kind != RecognitionKind.AWARD:
            ratings.append(line)
    earlier = (
        select(AwardProposal, AwardRound, AwardForm)
        .join(AwardRound, col(AwardRound.id) == col(AwardProposal.round_id))
        .join(AwardForm, col(AwardForm.id) == col(AwardProposal.form_id))
        .where(AwardProposal.id != proposal.id)
        .where(col(AwardProposal.register_number).is_not(None))
    )
    if proposal.recipient_kind == RecipientKind.COLLECTIVE:
        earlier = earlier.where(AwardProposal.unit_id == proposal.unit_id).where(
            AwardProposal.recipient_kind == RecipientKind.COLLECTIVE
        )
    elif proposal.person_id is not None:
        earlier = earlier.where(AwardProposal.person_id == proposal.person_id)
    else:
        earlier = earlier.where(AwardProposal.name == proposal.name).where(
            AwardProposal.unit_name == proposal.unit_name
        )
    for _other, other_round, form in session.exec(earlier):
        document = (
            session.get(OutgoingDocument, other_round.decision_document_id)
            if other_round.decision_document_id
            else None
        )
        if document is None or document.state != DocumentState.ISSUED or not document.issued_on:
            continue
        awards.append(
            EarlierAward(document.issued_on.year, form.name, _decision_text(document, identity))
        )
    order = lambda a: (a.year, a.name)  # noqa: E731
    return sorted(ratings, key=order), sorted(awards, key=order)


def _initiatives(session: Session, proposal: AwardProposal) -> list[_Initiative]:
    """Recognised initiatives: a person's as author, a collective's as its unit's."""
    query = select(Initiative, Period.year).join(
        Period, col(Period.id) == col(Initiative.period_id)
    )
    if proposal.recipient_kind == RecipientKind.INDIVIDUAL:
        if proposal.person_id is None:
            return []
        query = query.join(
            InitiativeAuthor, col(InitiativeAuthor.initiative_id) == col(Initiative.id)
        ).where(InitiativeAuthor.person_id == proposal.person_id)
    else:
        query = query.where(Initiative.unit_id == proposal.unit_id)
    query = query.where(col(Initiative.recognition_level).is_not(None))
    found = []
    for initiative, year in session.exec(query):
        assert initiative.recognition_level is not None
        found.append(
            _Initiative(
                clean_text(initiative.title),
                int(year),
                RECOGNITION_LEVEL_LABELS[initiative.recognition_level],
                initiative.recognised_on,
            )
        )
    return sorted(found, key=lambda i: (i.year, i.recognised_on or date.min, i.title))


def _facts(db: Database, proposal_id: int, scores: PeriodScores | None, today: date) -> _Facts:
    identity = get_commune_identity(db)
    with db.session() as session:
        proposal = require_proposal(session, proposal_id)
        award_round = session.get(AwardRound, proposal.round_id)
        assert award_round is not None
        period = session.get(Period, award_round.period_id)
        form = session.get(AwardForm, proposal.form_id)
        assert period is not None and form is not None
        person = session.get(Person, proposal.person_id) if proposal.person_id else None
        unit_id = proposal.unit_id
        if person is not None:
            unit_id = person.unit_id
        unit = session.get(Unit, unit_id) if unit_id else None
        nomination = (
            session.get(Nomination, proposal.nomination_id) if proposal.nomination_id else None
        )
        ratings, awards = _earlier_awards(session, proposal, identity)
        initiatives = _initiatives(session, proposal)
        locked = proposal_locked(session, award_round, form)
        birth_year = (
            person.birth_year if person else (nomination.birth_year if nomination else None)
        )
        period_id, period_kind, period_year, period_name = (
            period.id or 0,
            period.kind,
            period.year,
            period.name,
        )
        kind = RecipientKind(proposal.recipient_kind)
        name, gender = clean_text(proposal.name), proposal.gender
        position, unit_name = clean_text(proposal.position), clean_text(proposal.unit_name)
        achievement = clean_text(proposal.achievement) or clean_text(award_round.achievement)
        form_name, awarded_here = form.name, form.awarded_here
        unit_kind = UNIT_KIND_LABELS[unit.kind] if unit else ""
        head_name = clean_text(unit.head_name) if unit else ""
        head_title = clean_text(unit.head_title) if unit else ""
        nomination_text = clean_text(nomination.achievements) if nomination else ""
    if scores is None:
        scores = compute_period_scores(db, period_id)
    score = scores.by_unit(unit_id) if unit_id else None
    kind_count = (
        sum(1 for u in scores.units if u.kind == score.kind and u.score is not None)
        if score is not None
        else 0
    )
    criteria_met: tuple[str, ...] = ()
    if kind == RecipientKind.COLLECTIVE and unit_id:
        criteria_met = tuple(
            f"{line.code} – {short_wording(line.wording, 90)}: {line.figure_text}"
            if line.figure_text
            else f"{line.code} – {short_wording(line.wording, 90)}"
            for line in unit_results(db, period_id, unit_id).lines
            if line.met
        )
    return _Facts(
        proposal_id=proposal_id,
        kind=kind,
        form_name=form_name,
        awarded_here=awarded_here,
        name=name,
        gender=gender,
        birth_year=birth_year,
        position=position,
        unit_name=unit_name if kind == RecipientKind.INDIVIDUAL else "",
        unit_kind=unit_kind,
        head_name=head_name,
        head_title=head_title,
        achievement=achievement.rstrip(" ."),
        period_text=period_phrase(period_kind, period_year, period_name),
        score=score,
        kind_count=kind_count,
        criteria_met=criteria_met,
        initiatives=tuple(initiatives),
        ratings=tuple(ratings),
        awards=tuple(awards),
        nomination_text=nomination_text.rstrip(" ."),
        locked=locked,
    )


def _score_phrase(score: UnitScore, kind_count: int) -> str:
    """ "95,77 điểm, xếp loại “Hoàn thành xuất sắc nhiệm vụ”, xếp hạng 1/12 khối Thôn, thị tứ"."""
    assert score.score is not None
    text = f"{format_number(score.score, 2)} điểm"
    if score.band:
        text += f", xếp loại “{score.band}”"
    if score.rank is not None:
        shared = " (đồng hạng)" if score.shared_rank else ""
        text += f", xếp hạng {score.rank}/{kind_count}{shared} khối {UNIT_KIND_LABELS[score.kind]}"
    return text


def _initiative_text(item: _Initiative) -> str:
    when = f", {format_date_short(item.recognised_on)}" if item.recognised_on else ""
    return f"“{item.title}” (năm {item.year}; công nhận {_lower_first(item.level)}{when})"


def _ratings_text(ratings: Sequence[EarlierAward]) -> str:
    """ "Chiến sĩ thi đua cơ sở năm 2024, 2025; Hoàn thành xuất sắc nhiệm vụ năm 2024, 2025"."""
    years: dict[str, list[int]] = {}
    for rating in ratings:
        years.setdefault(rating.name, []).append(rating.year)
    ranked = sorted(years, key=lambda name: RATING_ORDER.get(name, len(RATING_ORDER)))
    return "; ".join(
        f"{name} năm {', '.join(str(y) for y in sorted(set(years[name])))}" for name in ranked
    )


def _filled_overview(facts: _Facts, identity: CommuneIdentity) -> str:
    """Section I from the record: where the nominee works or what the collective is."""
    where = f"xã {identity.commune_name}, thành phố {identity.city_name}"
    if facts.kind == RecipientKind.COLLECTIVE:
        first = f"{facts.name} ({where})"
        if facts.unit_kind:
            first += f" thuộc khối {facts.unit_kind} của phong trào thi đua của xã"
        lines = [first + "."]
        if facts.score is not None and facts.score.applicable:
            lines.append(
                f"{_upper_first(facts.period_text)}, đơn vị thực hiện "
                f"{count_text(facts.score.applicable)} tiêu chí thi đua áp dụng cho khối "
                f"{facts.unit_kind}."
            )
        return "\n".join(lines)
    honorific = f"{GENDER_HONORIFICS[facts.gender]} " if facts.gender else ""
    duty = f", {_lower_first(facts.position)}" if facts.position else ""
    unit = f" {facts.unit_name}," if facts.unit_name else ""
    return f"{honorific}{facts.name}{duty}, công tác tại{unit} {where}."


def _filled_achievements(facts: _Facts) -> str:
    """Section II from the record: the scores and criteria met (a collective), the
    initiatives, the unit's nominee list; numbered, each on its own line."""
    items: list[str] = []
    lines: list[str] = []
    if facts.kind == RecipientKind.COLLECTIVE:
        if facts.score is not None and facts.score.score is not None:
            items.append(
                f"Kết quả chấm điểm thi đua {facts.period_text}: "
                f"{_score_phrase(facts.score, facts.kind_count)}."
            )
        if facts.score is not None and facts.score.applicable:
            met = (
                f"Đạt {count_text(facts.score.met)}/{count_text(facts.score.applicable)} chỉ "
                "tiêu của các tiêu chí thi đua"
            )
            items.append(met + (", gồm:" if facts.criteria_met else "."))
    for number, item in enumerate(items, start=1):
        lines.append(f"{number}. {item}")
        if item.endswith("gồm:"):
            lines += _listed(facts.criteria_met)
    number = len(items)
    if facts.initiatives:
        number += 1
        whose = (
            "Là tác giả, đồng tác giả" if facts.kind == RecipientKind.INDIVIDUAL else "Đơn vị có"
        )
        lines.append(
            f"{number}. {whose} {count_text(len(facts.initiatives))} sáng kiến, giải pháp được "
            "công nhận:"
        )
        lines += _listed([_initiative_text(item) for item in facts.initiatives])
    if facts.kind == RecipientKind.INDIVIDUAL and facts.ratings:
        number += 1
        lines.append(f"{number}. Kết quả đánh giá, xếp loại: {_ratings_text(facts.ratings)}.")
    if facts.kind == RecipientKind.INDIVIDUAL and facts.score is not None and facts.score.score:
        number += 1
        lines.append(
            f"{number}. Đơn vị công tác ({facts.unit_name}) {facts.period_text} đạt "
            f"{_score_phrase(facts.score, facts.kind_count)}."
        )
    if facts.nomination_text:
        number += 1
        lines.append(f"{number}. Đơn vị đề nghị ghi nhận: {facts.nomination_text}.")
    if not lines:
        # What the council voted on is all the record holds.
        lines.append(f"{_upper_first(facts.achievement)}.")
    return "\n".join(lines)


def _brief(facts: _Facts) -> str:
    """A nominee's achievements in one line, for the list attached to the submission."""
    parts: list[str] = []
    if facts.kind == RecipientKind.COLLECTIVE and facts.score and facts.score.score is not None:
        parts.append(
            f"{_upper_first(facts.period_text)}: {_score_phrase(facts.score, facts.kind_count)}"
        )
        if facts.score.applicable:
            parts.append(
                f"đạt {count_text(facts.score.met)}/{count_text(facts.score.applicable)} chỉ tiêu"
            )
    if facts.initiatives:
        parts.append(f"{count_text(len(facts.initiatives))} sáng kiến, giải pháp được công nhận")
    if facts.ratings:
        parts.append(_ratings_text(facts.ratings))
    if not parts:
        return f"{_upper_first(facts.achievement)}."
    return _upper_first("; ".join(parts)) + "."


def _from_json(raw: str, facts: _Facts) -> AchievementReportContent:
    data: dict[str, Any] = json.loads(raw or "{}")
    gender = data.get("gender")
    return AchievementReportContent(
        proposal_id=facts.proposal_id,
        recipient_kind=facts.kind,
        name=str(data.get("name", facts.name)),
        gender=Gender(gender) if gender else None,
        birth_year=int(data["birth_year"]) if data.get("birth_year") else None,
        position=str(data.get("position", "")),
        unit_name=str(data.get("unit_name", "")),
        head_name=str(data.get("head_name", "")),
        head_title=str(data.get("head_title", "")),
        overview=str(data.get("overview", "")),
        achievements=str(data.get("achievements", "")),
        earlier_awards=[
            EarlierAward(int(item["year"]), str(item["name"]), str(item.get("decision", "")))
            for item in data.get("earlier_awards", [])
        ],
        form_name=facts.form_name,
        saved=True,
    )


def _filled(facts: _Facts, identity: CommuneIdentity) -> AchievementReportContent:
    return AchievementReportContent(
        proposal_id=facts.proposal_id,
        recipient_kind=facts.kind,
        name=facts.name,
        gender=facts.gender if facts.kind == RecipientKind.INDIVIDUAL else None,
        birth_year=facts.birth_year if facts.kind == RecipientKind.INDIVIDUAL else None,
        position=facts.position,
        unit_name=facts.unit_name,
        head_name=facts.head_name if facts.kind == RecipientKind.COLLECTIVE else "",
        head_title=facts.head_title if facts.kind == RecipientKind.COLLECTIVE else "",
        overview=_filled_overview(facts, identity),
        achievements=_filled_achievements(facts),
        earlier_awards=list(facts.awards),
        form_name=facts.form_name,
        saved=False,
    )


def achievement_report(
    db: Database, proposal_id: int, today: date | None = None
) -> AchievementReportContent:
    """The nominee's achievement report: as the office saved it, or else filled from the
    record (the unit's score, band and rank in the round's period, the criteria met, the
    recognised initiatives, the nominee list's words, the titles and awards of earlier
    years), with `saved` False."""
    today = today or date.today()
    with db.session() as session:
        stored = session.exec(
            select(AchievementReport).where(AchievementReport.proposal_id == proposal_id)
        ).first()
        raw = stored.content if stored is not None else None
    facts = _facts(db, proposal_id, None, today)
    if raw is not None:
        return _from_json(raw, facts)
    return _filled(facts, get_commune_identity(db))


def _clean_lines(text: str) -> str:
    """Each line cleaned, empty lines dropped: the line breaks are the paragraphs."""
    lines = (clean_text(line) for line in nfc(text or "").splitlines())
    return "\n".join(line for line in lines if line)


def _clean_report(
    content: AchievementReportContent, kind: RecipientKind, today: date
) -> AchievementReportContent:
    name = clean_text(content.name)
    if not name:
        raise ValidationError(
            "Hãy ghi tên tập thể, cá nhân trong báo cáo thành tích.", field="name"
        )
    if len(name) > 300:
        raise ValidationError("Tên trong báo cáo thành tích dài quá 300 ký tự.", field="name")
    individual = kind == RecipientKind.INDIVIDUAL
    if individual and content.gender is None:
        raise ValidationError(f"Hãy chọn giới tính của {name}.", field="gender")
    birth_year = content.birth_year if individual else None
    if birth_year is not None and not 1900 <= birth_year <= today.year - 15:
        raise ValidationError(
            f"Năm sinh {birth_year} không hợp lệ; hãy kiểm tra lại.", field="birth_year"
        )
    short_fields = {
        "position": (content.position, "Chức vụ"),
        "unit_name": (content.unit_name, "Đơn vị công tác"),
        "head_name": (content.head_name, "Họ tên người đứng đầu"),
        "head_title": (content.head_title, "Chức vụ người đứng đầu"),
    }
    cleaned = {key: clean_text(value) for key, (value, _) in short_fields.items()}
    for key, (_, label) in short_fields.items():
        if len(cleaned[key]) > 300:
            raise ValidationError(f"{label} dài quá 300 ký tự.", field=key)
    overview = _clean_lines(content.overview)
    achievements = _clean_lines(content.achievements)
    heading = REPORT_OVERVIEW_INDIVIDUAL if individual else REPORT_OVERVIEW_COLLECTIVE
    for text, limit, label, key in (
        (overview, MAX_OVERVIEW, heading, "overview"),
        (achievements, MAX_ACHIEVEMENTS, REPORT_ACHIEVEMENTS, "achievements"),
    ):
        if not text:
            raise ValidationError(f"Mục “{label}” không được để trống.", field=key)
        if len(text) > limit:
            raise ValidationError(f"Mục “{label}” dài quá {format_number(limit)} ký tự.", field=key)
    if len(content.earlier_awards) > MAX_AWARD_ROWS:
        raise ValidationError(
            f"Mục “{REPORT_AWARDS}” có quá {MAX_AWARD_ROWS} dòng.", field="earlier_awards"
        )
    awards = []
    for number, award in enumerate(content.earlier_awards, start=1):
        award_name, decision = clean_text(award.name), clean_text(award.decision)
        if not award_name:
            raise ValidationError(
                f"Dòng {number} mục “{REPORT_AWARDS}” chưa ghi danh hiệu, hình thức khen thưởng.",
                field="earlier_awards",
            )
        if not isinstance(award.year, int) or not EARLIEST_YEAR <= award.year <= today.year:
            raise ValidationError(
                f"Dòng {number} mục “{REPORT_AWARDS}”: năm {award.year} không hợp lệ.",
                field="earlier_awards",
            )
        if len(award_name) > MAX_AWARD_NAME or len(decision) > MAX_AWARD_DECISION:
            raise ValidationError(
                f"Dòng {number} mục “{REPORT_AWARDS}” dài quá {MAX_AWARD_DECISION} ký tự.",
                field="earlier_awards",
            )
        awards.append(EarlierAward(award.year, award_name, decision))
    return replace(
        content,
        name=name,
        recipient_kind=kind,
        gender=content.gender if individual else None,
        birth_year=birth_year,
        overview=overview,
        achievements=achievements,
        earlier_awards=sorted(awards, key=lambda award: award.year),
        position=cleaned["position"],
        unit_name=cleaned["unit_name"],
        head_name=cleaned["head_name"],
        head_title=cleaned["head_title"],
    )


def save_achievement_report(
    db: Database, proposal_id: int, content: AchievementReportContent, today: date | None = None
) -> None:
    """Store the report as the office edited it; refused once its proposal is locked (the
    dossier sent, or the decision issued)."""
    today = today or date.today()
    with db.session() as session:
        proposal = require_proposal(session, proposal_id)
        award_round = session.get(AwardRound, proposal.round_id)
        form = session.get(AwardForm, proposal.form_id)
        assert award_round is not None and form is not None
        kind = RecipientKind(proposal.recipient_kind)
        if proposal_locked(session, award_round, form):
            raise UserError(
                f"Hồ sơ của “{proposal.name}” đã gửi hoặc đã có quyết định nên báo cáo thành "
                "tích không sửa được nữa."
            )
    cleaned = _clean_report(content, kind, today)
    data = asdict(cleaned)
    for key in ("proposal_id", "recipient_kind", "saved", "form_name"):
        data.pop(key)
    data["gender"] = cleaned.gender.value if cleaned.gender else None
    raw = json.dumps(data, ensure_ascii=False)
    with db.session() as session:
        stored = session.exec(
            select(AchievementReport).where(AchievementReport.proposal_id == proposal_id)
        ).first()
        if stored is None:
            stored = AchievementReport(proposal_id=proposal_id)
        stored.content = raw
        stored.updated_at = datetime.now(UTC)
        session.add(stored)


def _paragraphs(text: str) -> list[BodyBlock]:
    return [Paragraph(line) for line in text.splitlines() if clean_text(line)]


def report_document(
    content: AchievementReportContent,
    identity: CommuneIdentity,
    chairman: str,
    margins: Margins,
    year: int,
) -> OfficialDocument:
    """The report as the engine prints it: headed by the nominee's unit (or the committee),
    no number, signed by the nominee (or the unit's head) and confirmed by the committee."""
    individual = content.recipient_kind == RecipientKind.INDIVIDUAL
    heading = clean_text(content.unit_name if individual else content.name)
    body: list[BodyBlock] = [
        Paragraph(
            REPORT_OVERVIEW_INDIVIDUAL if individual else REPORT_OVERVIEW_COLLECTIVE, bold=True
        )
    ]
    if individual:
        gender = GENDER_LABELS[content.gender] if content.gender else ""
        born = str(content.birth_year) if content.birth_year else "……"
        body += [
            Paragraph(f"- Họ và tên: {content.name}"),
            Paragraph(f"- Năm sinh: {born}; giới tính: {gender or '……'}"),
            Paragraph(f"- Chức vụ: {content.position or '……'}"),
            Paragraph(f"- Đơn vị công tác: {content.unit_name or '……'}"),
        ]
    else:
        head = content.head_name + (f", {content.head_title}" if content.head_title else "")
        body += [
            Paragraph(f"- Tên tập thể: {content.name}"),
            Paragraph(f"- Người đứng đầu: {head or '……'}"),
        ]
    body += _paragraphs(content.overview)
    body.append(Paragraph(REPORT_ACHIEVEMENTS, bold=True))
    body += _paragraphs(content.achievements)
    body.append(Paragraph(REPORT_AWARDS, bold=True))
    if content.earlier_awards:
        body.append(
            BodyTable(
                REPORT_AWARD_HEADERS,
                [[str(a.year), a.name, a.decision] for a in content.earlier_awards],
                REPORT_AWARD_WIDTHS,
                REPORT_AWARD_ALIGNMENTS,  # type: ignore[arg-type]
            )
        )
    else:
        body.append(Paragraph(REPORT_NO_AWARDS))
    signer = content.name if individual else content.head_name
    capacity = REPORT_PERSON_CAPACITY
    if not individual:
        capacity = clean_text(content.head_title).upper() or REPORT_HEAD_CAPACITY
    own = Signature([capacity], signer or NAME_BLANK)
    form = clean_text(content.form_name) or "Bằng khen của Chủ tịch Ủy ban nhân dân thành phố"
    # "BẰNG KHEN" over "CỦA CHỦ TỊCH …": the title breaks where the awarding office starts.
    form = form.replace(" của ", "\ncủa ", 1)
    return OfficialDocument(
        parent_body="",
        issuing_body=heading.upper() if heading else issuing_body_lines(identity),
        number_text="",
        numbered=False,
        place_date_text=f"{identity.place_name}, ngày …… tháng …… năm {year}",
        signatures=[Signature(list(REPORT_CONFIRM_CAPACITY), chairman or NAME_BLANK), own],
        kind_title=REPORT_TITLE.format(HINH_THUC=form.upper()),
        summary=content.addressed_name,
        body=body,
        margins=margins,
    )


def _report_document(
    db: Database, proposal_id: int, today: date, bookmark: str = ""
) -> OfficialDocument:
    content = achievement_report(db, proposal_id, today)
    identity = get_commune_identity(db)
    with db.session() as session:
        margins = load_margins(session)
    try:
        chairman = _signer(identity, deputy=False)
    except UserError:
        chairman = ""
    document = report_document(
        content,
        identity,
        chairman,
        Margins(margins.top, margins.bottom, margins.left, margins.right),
        today.year,
    )
    return replace(document, bookmark=bookmark)


def _render(documents: Sequence[OfficialDocument]) -> bytes:
    from kt_desktop.documents.page import render_documents_bytes

    try:
        return render_documents_bytes(documents)
    except ValueError as error:
        raise ValidationError(str(error)) from error


def render_achievement_report(db: Database, proposal_id: int, today: date | None = None) -> bytes:
    """The report's PDF (as saved, or as filled from the record)."""
    return _render([_report_document(db, proposal_id, today or date.today())])


# --- the dossier to the city --------------------------------------------------------------------


@dataclass(frozen=True)
class DossierPart:
    key: str  # "submission", "list", "report-<proposal id>", "minutes"
    title: str
    ready: bool
    missing: str  # what is missing in words; "" when ready
    # What stands for the part when ready: "Số 01/TTr-UBND ngày 22/01/2026", "Đã lưu".
    done: str = ""


@dataclass(frozen=True)
class _Dossier:
    view: RoundView
    lines: list[ProposalLine]
    submission: DocumentRef | None
    minutes: DocumentRef | None
    saved_reports: frozenset[int]


def _read_dossier(db: Database, round_id: int, today: date) -> _Dossier:
    view = round_view(db, round_id, today)
    lines = sorted_for_list(view.passed_for_city())
    with db.session() as session:
        submission = _document_ref(session, view.submission_document_id)
        minutes = _document_ref(session, view.minutes_document_id)
        saved = frozenset(
            session.exec(
                select(AchievementReport.proposal_id).where(
                    col(AchievementReport.proposal_id).in_([line.id for line in lines])
                )
            ).all()
        )
    return _Dossier(view, lines, submission, minutes, saved)


def _document_missing(ref: DocumentRef | None, what: str) -> str:
    if ref is None:
        return f"Chưa soạn {what}."
    if not ref.issued:
        return f"{_upper_first(what)} còn là dự thảo, chưa ban hành."
    return ""


def _issued_text(ref: DocumentRef | None) -> str:
    """ "Số 01/TTr-UBND ngày 22/01/2026" for an issued document, else ""."""
    if ref is None or not ref.issued or ref.issued_on is None:
        return ""
    return f"Số {ref.number_and_symbol} ngày {format_date_short(ref.issued_on)}"


def _parts(dossier: _Dossier) -> list[DossierPart]:
    submission_missing = _document_missing(dossier.submission, "tờ trình")
    submission_done = _issued_text(dossier.submission)
    parts = [
        DossierPart(
            "submission",
            PART_SUBMISSION,
            not submission_missing,
            submission_missing,
            submission_done,
        ),
        DossierPart(
            "list",
            PART_LIST,
            not submission_missing,
            "Danh sách kèm theo tờ trình; " + _lower_first(submission_missing)
            if submission_missing
            else "",
            f"Kèm theo tờ trình {_lower_first(submission_done)}" if submission_done else "",
        ),
    ]
    for line in dossier.lines:
        saved = line.id in dossier.saved_reports
        parts.append(
            DossierPart(
                f"report-{line.id}",
                PART_REPORT.format(ten=line.name),
                saved,
                ""
                if saved
                else "Báo cáo chưa được lưu (đang là bản điền sẵn từ dữ liệu, cần kiểm tra, "
                "bổ sung rồi lưu).",
                "Đã lưu sau khi văn phòng xem lại" if saved else "",
            )
        )
    minutes_missing = _document_missing(dossier.minutes, "biên bản họp Hội đồng")
    parts.append(
        DossierPart(
            "minutes",
            PART_MINUTES,
            not minutes_missing,
            minutes_missing,
            _issued_text(dossier.minutes),
        )
    )
    return parts


def dossier_parts(db: Database, round_id: int, today: date | None = None) -> list[DossierPart]:
    """The parts of the dossier proposing the city's Bằng khen, in order, each ready or not
    with what is missing: the submission (issued), its list, one achievement report per
    nominee the council passed (saved by the office), the council's minutes (issued)."""
    return _parts(_read_dossier(db, round_id, today or date.today()))


class DossierCancelled(Exception):
    """The dossier's building was stopped by its progress callback; nothing was written."""


def ascii_file_stem(text: str) -> str:
    """ "Nguyen-Van-An" from "Nguyễn Văn An": letters without marks and digits, words joined by
    hyphens, for file names every system and e-mail accepts."""
    bare = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in bare if not unicodedata.combining(ch))
    words = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in bare).split()
    return "-".join(words)[:80].rstrip("-") or "tep"


def _registered_document(
    db: Database, ref: DocumentRef, bookmark: str = "", annex_bookmark: str = ""
) -> OfficialDocument:
    document = document_for(db, get_draft(db, ref.id), ref.stamp)
    annexes = tuple(replace(annex, bookmark=annex_bookmark) for annex in document.annexes)
    return replace(document, bookmark=bookmark, annexes=annexes)


def _own_file(db: Database, ref: DocumentRef, document: OfficialDocument) -> bytes:
    """An issued document exactly as issued; a draft rendered as it stands."""
    if ref.issued:
        return issued_pdf(db, ref.id)
    return _render([replace(document, bookmark="")])


def build_dossier(
    db: Database,
    round_id: int,
    folder: Path,
    progress: Progress | None = None,
    today: date | None = None,
) -> Path:
    """Write the dossier to `folder`: "Ho-so-de-nghi-Bang-khen-<year>.pdf" with every part in
    order and a bookmark per part, plus each part as its own PDF (issued documents exactly as
    issued). Returns the combined file's path. Drafts may be built for checking: they print
    with a blank number. Refused while the submission or the minutes were never drafted.

    `progress(done, total)` follows each part; when it returns False, DossierCancelled is
    raised and nothing is written: the files are written only once every part rendered."""
    today = today or date.today()
    dossier = _read_dossier(db, round_id, today)
    if not dossier.lines:
        _city_lines(dossier.view)
    absent = [
        what
        for what, ref in (
            ("tờ trình", dossier.submission),
            ("biên bản họp Hội đồng", dossier.minutes),
        )
        if ref is None
    ]
    if absent:
        raise UserError(
            f"Chưa soạn {' và '.join(absent)} nên chưa xuất được hồ sơ.",
            "Hãy soạn các văn bản đó trước (có thể xuất hồ sơ khi còn dự thảo để kiểm tra).",
        )
    assert dossier.submission is not None and dossier.minutes is not None
    total = len(dossier.lines) + 3
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None and progress(done, total) is False:
            raise DossierCancelled

    from kt_desktop.documents.merge import MergePart, merge_pdfs, page_count
    from kt_desktop.documents.page import render_annexes_bytes

    files: list[tuple[str, bytes]] = []
    parts: list[MergePart] = []
    submission = _registered_document(db, dossier.submission, PART_SUBMISSION, PART_LIST)
    submission_file = _own_file(db, dossier.submission, submission)
    try:
        list_file = render_annexes_bytes(replace(submission, bookmark=""))
    except ValueError as error:
        raise ValidationError(str(error)) from error
    files.append(("01-To-trinh.pdf", submission_file))
    files.append(("02-Danh-sach.pdf", list_file))
    # The list is the submission's annex: in the combined file it is the submission's last
    # pages, bookmarked where it begins, rather than printed twice.
    list_start = page_count(submission_file) - page_count(list_file)
    parts.append(
        MergePart(submission_file, ((PART_SUBMISSION, 0), (PART_LIST, max(list_start, 0))))
    )
    step()
    number = 3
    for line in dossier.lines:
        title = PART_REPORT.format(ten=line.name)
        report = _report_document(db, line.id, today, title)
        stem = ascii_file_stem(f"Bao cao thanh tich {line.name}")
        report_file = _render([replace(report, bookmark="")])
        files.append((f"{number:02d}-{stem}.pdf", report_file))
        parts.append(MergePart(report_file, ((title, 0),)))
        number += 1
        step()
    minutes = _registered_document(db, dossier.minutes, PART_MINUTES)
    minutes_file = _own_file(db, dossier.minutes, minutes)
    files.append((f"{number:02d}-Bien-ban-hop-Hoi-dong.pdf", minutes_file))
    parts.append(MergePart(minutes_file, ((PART_MINUTES, 0),)))
    step()
    try:
        combined = merge_pdfs(
            parts, title=f"Hồ sơ đề nghị tặng Bằng khen năm {dossier.view.period_year}"
        )
    except ValueError as error:
        raise UserError(str(error)) from error
    step()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(
            f"Không tạo được thư mục “{folder}”: {describe_os_error(error)}.",
            "Hãy chọn thư mục khác.",
        ) from error
    combined_name = DOSSIER_FILE.format(nam=dossier.view.period_year)
    written = write_files_together(
        folder, [*files, (combined_name, combined)], f"hồ sơ vào thư mục “{folder}”"
    )
    return written[-1]


def mark_dossier_sent(
    db: Database, round_id: int, sent_on: date, today: date | None = None
) -> None:
    """Record the day the dossier went to the city; its proposals are locked from then on.
    Refused, naming the parts, while any part is missing."""
    today = today or date.today()
    if sent_on > today:
        raise ValidationError(f"Ngày gửi {format_date_short(sent_on)} chưa tới.", field="sent_on")
    dossier = _read_dossier(db, round_id, today)
    if dossier.view.dossier_sent_on is not None:
        raise UserError(
            f"Hồ sơ đề nghị của đợt này đã ghi là gửi ngày "
            f"{format_date_short(dossier.view.dossier_sent_on)}."
        )
    _city_lines(dossier.view)
    missing = [part for part in _parts(dossier) if not part.ready]
    if missing:
        raise ValidationError(
            "Hồ sơ còn thiếu: " + "; ".join(part.title for part in missing) + ".",
            field="dossier",
            hint=" ".join(part.missing for part in missing[:3]),
        )
    assert dossier.submission is not None and dossier.submission.issued_on is not None
    listed = get_draft(db, dossier.submission.id).content.get("award_proposal_ids", [])
    if sorted(int(i) for i in listed) != sorted(line.id for line in dossier.lines):
        raise UserError(
            "Danh sách đề nghị Bằng khen đã thay đổi sau khi ban hành tờ trình.",
            "Hãy lập tờ trình thay thế cho đúng danh sách được Hội đồng thông qua.",
        )
    if sent_on < dossier.submission.issued_on:
        raise ValidationError(
            f"Ngày gửi {format_date_short(sent_on)} sớm hơn ngày ban hành tờ trình "
            f"({format_date_short(dossier.submission.issued_on)}).",
            field="sent_on",
        )
    with db.session() as session:
        award_round = session.get(AwardRound, round_id)
        if award_round is None:
            raise UserError("Đợt khen thưởng này không còn trong cơ sở dữ liệu.")
        award_round.dossier_sent_on = sent_on
        session.add(award_round)


# --- previews -----------------------------------------------------------------------------------


def document_pdf(db: Database, document_id: int) -> bytes:
    """The document's PDF for a preview: exactly as issued, or the draft rendered now."""
    ref = _ref(db, document_id)
    if ref is None:
        raise UserError("Văn bản này không còn trong sổ văn bản đi.")
    if ref.issued:
        return issued_pdf(db, document_id)
    return render_draft(db, get_draft(db, document_id), None)
