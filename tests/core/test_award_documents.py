"""The documents of an award round, read back from their PDFs: the council's minutes, the Giấy
khen decision (its annex, totals in figures and words, order of names) and what issuing it
fixes, the submission to the city, achievement reports and the dossier with its bookmarks."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1
from sqlmodel import select

from kt_desktop.domain.awards import (
    AwardForm,
    AwardProposal,
    AwardRound,
    CouncilMember,
    RecognitionRecord,
)
from kt_desktop.domain.documents import OutgoingDocument
from kt_desktop.domain.enums import (
    AwardOccasion,
    CouncilRole,
    DocumentState,
    Gender,
    MoneyRounding,
    PersonKind,
    RecipientKind,
    RecognitionKind,
    RecognitionLevel,
    UnitKind,
)
from kt_desktop.domain.initiatives import Initiative, InitiativeAuthor
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services import awards
from kt_desktop.services.award_documents import (
    DossierCancelled,
    EarlierAward,
    achievement_report,
    build_dossier,
    document_pdf,
    dossier_parts,
    draft_decision,
    draft_minutes,
    draft_submission,
    issue_decision,
    mark_dossier_sent,
    render_achievement_report,
    save_achievement_report,
)
from kt_desktop.services.award_money import CITY_FORM_CODE, COMMUNE_FORM_CODE, add_base_salary
from kt_desktop.services.database import Database
from kt_desktop.services.document_builder import render_draft
from kt_desktop.services.movement import list_periods
from kt_desktop.services.outgoing import get_draft, issue_document, list_register
from kt_desktop.services.participants import PersonInput, UnitInput, create_person, create_unit
from kt_desktop.services.results import period_lock_reason
from kt_desktop.text import amount_in_words

MEETING_DAY = date(2026, 1, 15)
DRAFT_DAY = date(2026, 1, 16)
ISSUE_DAY = date(2026, 1, 20)
SUBMISSION_DAY = date(2026, 1, 22)
MONEY = re.compile(r"^\d{1,3}(?:\.\d{3})+$")

COUNCIL = (
    ("Nguyễn Văn Nghiệp", Gender.MALE, "Chủ tịch Ủy ban nhân dân xã", CouncilRole.CHAIR),
    ("Trần Thị Hoa", Gender.FEMALE, "Phó Chủ tịch Ủy ban nhân dân xã", CouncilRole.VICE_CHAIR),
    ("Lê Văn Bình", Gender.MALE, "Trưởng thôn Bắc", CouncilRole.STANDING),
    ("Phạm Thị Lan", Gender.FEMALE, "Công chức Văn hóa – Xã hội", CouncilRole.MEMBER),
    ("Vũ Văn Cường", Gender.MALE, "Trưởng Công an xã", CouncilRole.MEMBER),
)
ABSENT = "Vũ Văn Cường"
SECRETARY = "Phạm Thị Lan"


@dataclass(frozen=True)
class Setup:
    round_id: int
    period_id: int
    proposals: dict[str, int]  # by name
    members: dict[str, int]
    commune_form: int
    city_form: int


def period_2025(db: Database) -> int:
    return next(p.id for p in list_periods(db) if p.name == "Năm 2025")


def forms(db: Database) -> tuple[int, int]:
    with db.session() as session:
        by_code = {f.code: f.id or 0 for f in session.exec(select(AwardForm))}
    return by_code[COMMUNE_FORM_CODE], by_code[CITY_FORM_CODE]


def build_round(db: Database, vote: bool = True, secretary: bool = True) -> Setup:
    """Four collectives and five people proposed for the 2025 round; the council of five
    met on 15/01/2026 with one member absent. Lê Văn Bình heads Thôn Bắc and abstains on it;
    Phạm Thị Hoa's proposal fails; Đỗ Văn Cường and Trường THCS Kim Thành go to the city."""
    period = period_2025(db)
    commune, city = forms(db)
    units = {
        name: create_unit(db, UnitInput(code, name, kind, head, title))
        for code, name, kind, head, title in (
            ("THON-BAC", "Thôn Bắc", UnitKind.VILLAGE, "Lê Văn Bình", "Trưởng thôn"),
            ("THON-DONG", "Thôn Đông", UnitKind.VILLAGE, "Hà Văn Tư", "Trưởng thôn"),
            ("PKT", "Phòng Kinh tế", UnitKind.DEPARTMENT, "Mai Thị Giang", "Trưởng phòng"),
            ("THCS", "Trường THCS Kim Thành", UnitKind.SCHOOL, "Hồ Tiến Trung", "Hiệu trưởng"),
        )
    }
    people = {
        name: create_person(
            db,
            PersonInput(
                name,
                gender,
                PersonKind.OFFICIAL,
                birth_year=1980,
                position=position,
                unit_id=units[unit],
            ),
        )
        for name, gender, position, unit in (
            ("Nguyễn Văn Bình", Gender.MALE, "Chuyên viên", "Phòng Kinh tế"),
            ("Lê Thị Ánh", Gender.FEMALE, "Công an viên", "Thôn Đông"),
            ("Trần Văn Anh", Gender.MALE, "Giáo viên", "Trường THCS Kim Thành"),
            ("Phạm Thị Hoa", Gender.FEMALE, "Kế toán", "Phòng Kinh tế"),
            ("Đỗ Văn Cường", Gender.MALE, "Phó Hiệu trưởng", "Trường THCS Kim Thành"),
        )
    }
    with db.session() as session:
        members = {}
        for order, (name, gender, position, role) in enumerate(COUNCIL):
            member = CouncilMember(
                full_name=name,
                gender=gender,
                position=position,
                role=role,
                sort_order=order,
                headed_unit_id=units["Thôn Bắc"] if name == "Lê Văn Bình" else None,
            )
            session.add(member)
            session.flush()
            members[name] = member.id or 0
        # The city's route for Đỗ Văn Cường: two years as Chiến sĩ thi đua cơ sở.
        for year in (2024, 2025):
            session.add(
                RecognitionRecord(
                    person_id=people["Đỗ Văn Cường"],
                    year=year,
                    kind=RecognitionKind.EMULATION_SOLDIER,
                    decision_text=f"Quyết định công nhận danh hiệu năm {year}",
                )
            )
        initiative = Initiative(
            period_id=period,
            unit_id=units["Trường THCS Kim Thành"],
            title="Kho học liệu số dùng chung cho ba trường",
            recognition_level=RecognitionLevel.GRASSROOTS,
            recognised_on=date(2025, 11, 20),
        )
        session.add(initiative)
        session.flush()
        session.add(
            InitiativeAuthor(
                initiative_id=initiative.id or 0, person_id=people["Đỗ Văn Cường"], position=0
            )
        )
    round_id = awards.create_round(db, period, AwardOccasion.ANNUAL)
    proposals: dict[str, int] = {}
    for name in ("Thôn Đông", "Phòng Kinh tế", "Thôn Bắc"):
        proposals[name] = awards.add_proposal(
            db,
            round_id,
            awards.ProposalInput(commune, RecipientKind.COLLECTIVE, unit_id=units[name]),
        )
    proposals["Trường THCS Kim Thành"] = awards.add_proposal(
        db,
        round_id,
        awards.ProposalInput(
            city, RecipientKind.COLLECTIVE, unit_id=units["Trường THCS Kim Thành"]
        ),
    )
    for name in ("Nguyễn Văn Bình", "Lê Thị Ánh", "Trần Văn Anh", "Phạm Thị Hoa"):
        proposals[name] = awards.add_proposal(
            db,
            round_id,
            awards.ProposalInput(commune, RecipientKind.INDIVIDUAL, person_id=people[name]),
        )
    proposals["Đỗ Văn Cường"] = awards.add_proposal(
        db,
        round_id,
        awards.ProposalInput(city, RecipientKind.INDIVIDUAL, person_id=people["Đỗ Văn Cường"]),
    )
    view = awards.round_view(db, round_id, MEETING_DAY)
    awards.update_round(
        db,
        round_id,
        view.name,
        view.achievement,
        MEETING_DAY,
        "14:00",
        "Hội trường Ủy ban nhân dân xã Kim Thành",
        "",
        members[SECRETARY] if secretary else None,
        today=MEETING_DAY,
    )
    awards.set_attendance(db, round_id, {mid for name, mid in members.items() if name != ABSENT})
    if vote:
        for name, proposal_id in proposals.items():
            if name == "Phạm Thị Hoa":
                awards.record_votes(db, proposal_id, 2, 2, 0, MEETING_DAY)
            elif name == "Thôn Bắc":
                awards.record_votes(db, proposal_id, 3, 0, 1, MEETING_DAY)
            else:
                awards.record_votes(db, proposal_id, 4, 0, 0, MEETING_DAY)
    return Setup(round_id, period, proposals, members, commune, city)


# --- reading PDFs back ------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def annex_pages(data: bytes) -> list[list[dict[str, object]]]:
    """The words of each page of the annex (from the page whose title starts it)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [page.extract_words() for page in pdf.pages]
        texts = [page.extract_text() or "" for page in pdf.pages]
    start = next(i for i, text in enumerate(texts) if "DANH SÁCH" in text)
    return pages[start:]


def annex_amounts(data: bytes) -> tuple[list[int], int, str]:
    """Every amount of the annex's rows, the "Tổng cộng" amount and the words of "Bằng chữ"."""
    amounts: list[int] = []
    words_text = ""
    total = -1
    for words in annex_pages(data):
        money = [w for w in words if MONEY.match(str(w["text"]))]
        label = next((w for w in words if w["text"] == "Bằng"), None)
        if label is not None:
            total_word = max(money, key=lambda w: float(w["top"]))  # type: ignore[arg-type]
            money.remove(total_word)
            total = int(str(total_word["text"]).replace(".", ""))
            cell = [
                w
                for w in words
                if float(w["x0"]) >= float(label["x0"]) - 1  # type: ignore[arg-type]
                and float(w["x1"]) < float(total_word["x0"])  # type: ignore[arg-type]
                and float(w["top"]) >= float(label["top"]) - 1  # type: ignore[arg-type]
            ]
            cell.sort(key=lambda w: (round(float(w["top"])), float(w["x0"])))  # type: ignore[arg-type]
            words_text = " ".join(str(w["text"]) for w in cell)
        amounts += [int(str(w["text"]).replace(".", "")) for w in money]
    return amounts, total, words_text


def outline_titles(path: Path) -> list[tuple[str, int]]:
    with pdfplumber.open(path) as pdf:
        pages = {page.page_obj.pageid: number for number, page in enumerate(pdf.pages, 1)}
        found = []
        for _level, title, dest, action, _se in pdf.doc.get_outlines():
            if dest is None and action is not None:
                dest = resolve1(action).get("D")
            target = resolve1(dest)[0]
            found.append((title, pages[target.objid]))
        return found


def issue(db: Database, document_id: int, day: date) -> None:
    issue_document(db, document_id, day, lambda draft, stamp: render_draft(db, draft, stamp))


def round_row(db: Database, round_id: int) -> AwardRound:
    with db.session() as session:
        row = session.get(AwardRound, round_id)
        assert row is not None
        return row


# --- the minutes ----------------------------------------------------------------------------


def test_minutes_record_attendance_votes_and_the_conflict(db: Database) -> None:
    setup = build_round(db)
    document_id = draft_minutes(db, setup.round_id, today=MEETING_DAY)
    assert round_row(db, setup.round_id).minutes_document_id == document_id
    text = flat(pdf_text(document_pdf(db, document_id)))
    assert "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in text
    assert "Số: /BB-HĐTĐKT" in text
    assert "Kim Thành, ngày 15 tháng 01 năm 2026" in text
    assert "Vào hồi 14 giờ 00 phút, ngày 15 tháng 01 năm 2026, tại Hội trường" in text
    assert "Chủ trì: Ông Nguyễn Văn Nghiệp, Chủ tịch Ủy ban nhân dân xã, Chủ tịch Hội đồng" in text
    assert "Thư ký: Bà Phạm Thị Lan" in text
    assert "có mặt: 04/05 thành viên" in text
    assert "Vắng mặt: 01 thành viên (Ông Vũ Văn Cường)" in text
    assert "bảo đảm tỷ lệ theo quy định (4/5, tối thiểu 4)" in text
    assert "STT Tên tập thể, cá nhân Hình thức" in text and "Kết quả" in text
    assert "2 Thôn Bắc Giấy khen 4 3 0 1 Thông qua" in text
    # "Không thông qua" wraps in its cell: its first word prints above the row's line.
    assert "Không 7 Bà Phạm Thị Hoa Giấy khen 4 2 2 0 thông qua" in text
    assert "Ông Đỗ Văn Cường Bằng khen 4 4 0 0 Thông qua" in text
    assert (
        "Ông Lê Văn Bình không biểu quyết đối với đề nghị khen thưởng Thôn Bắc (là người "
        "đứng đầu tập thể được đề nghị khen thưởng)."
    ) in text
    assert "tặng Giấy khen cho 03 tập thể và 03 cá nhân" in text
    assert "tặng Bằng khen cho 01 tập thể và 01 cá nhân" in text
    assert "01 đề nghị không được Hội đồng thông qua" in text
    assert "THƯ KÝ CHỦ TỊCH HỘI ĐỒNG" in text
    assert "Phạm Thị Lan Nguyễn Văn Nghiệp" in text
    # Redrafting a draft rewrites it in place.
    assert draft_minutes(db, setup.round_id, today=MEETING_DAY) == document_id


@pytest.mark.parametrize("fault", ["date", "secretary", "quorum", "votes"])
def test_minutes_refused_without_what_they_record(db: Database, fault: str) -> None:
    setup = build_round(db, vote=fault != "votes", secretary=fault != "secretary")
    view = awards.round_view(db, setup.round_id, MEETING_DAY)
    if fault == "date":
        awards.update_round(
            db, setup.round_id, view.name, view.achievement, None, "", "", "",
            setup.members[SECRETARY], today=MEETING_DAY,
        )  # fmt: skip
    if fault == "quorum":
        awards.set_attendance(db, setup.round_id, set(list(setup.members.values())[:3]))
    words = {
        "date": "ngày họp",
        "secretary": "thư ký",
        "quorum": "chưa đủ số thành viên",
        "votes": "biểu quyết",
    }[fault]
    with pytest.raises(ValidationError, match=words):
        draft_minutes(db, setup.round_id, today=MEETING_DAY)
    assert round_row(db, setup.round_id).minutes_document_id is None
    assert list_register(db) == []


# --- the decision ---------------------------------------------------------------------------


def test_decision_annex_totals_words_and_order(db: Database) -> None:
    setup = build_round(db)
    draft_minutes(db, setup.round_id, today=MEETING_DAY)
    document_id = draft_decision(db, setup.round_id, today=DRAFT_DAY)
    data = document_pdf(db, document_id)
    text = flat(pdf_text(data))
    assert "QUYẾT ĐỊNH" in text and "Số: /QĐ-UBND" in text
    assert (
        "Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc trong phong "
        "trào thi đua đổi mới sáng tạo, chuyển đổi số năm 2025"
    ) in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ KIM THÀNH" in text
    assert (
        "Căn cứ Biên bản họp Hội đồng Thi đua – Khen thưởng xã ngày 15 tháng 01 năm 2026; "
        "Xét đề nghị của Trưởng phòng Văn hóa – Xã hội xã."
    ) in text
    assert "Điều 1. Tặng Giấy khen cho 03 tập thể và 03 cá nhân (có danh sách kèm theo)" in text
    assert (
        "Mỗi tập thể được thưởng 700.000 đồng, mỗi cá nhân được thưởng 350.000 đồng. Tổng số "
        "tiền thưởng là 3.150.000 đồng (Bằng chữ: Ba triệu một trăm năm mươi nghìn đồng), từ "
        "nguồn Quỹ thi đua, khen thưởng của xã."
    ) in text
    assert "Điều 3." in text and "chịu trách nhiệm thi hành Quyết định này" in text
    assert "Như Điều 3;" in text and "Lưu: VT, VHXH." in text
    signature = text[text.index("Nơi nhận") :]
    assert "CHỦ TỊCH" in signature and "Nguyễn Văn Nghiệp" in signature

    amounts, total, words = annex_amounts(data)
    assert sorted(amounts) == [350_000] * 3 + [700_000] * 3
    assert total == sum(amounts) == 3_150_000
    assert words == f"Bằng chữ: {amount_in_words(total)}"

    annex = flat(" ".join(str(w["text"]) for page in annex_pages(data) for w in page))
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN" in annex
    assert annex.index("I TẬP THỂ") < annex.index("II CÁ NHÂN")
    # Collectives in Vietnamese order, people by given name.
    assert annex.index("Phòng Kinh tế") < annex.index("Thôn Bắc") < annex.index("Thôn Đông")
    assert (
        annex.index("Ông Trần Văn Anh")
        < annex.index("Bà Lê Thị Ánh")
        < annex.index("Ông Nguyễn Văn Bình")
    )
    # The failed vote and the city's proposals stay out.
    for absent in ("Phạm Thị Hoa", "Đỗ Văn Cường", "Bằng khen"):
        assert absent not in text
    content = get_draft(db, document_id).content
    assert content["award_round_id"] == setup.round_id
    assert setup.proposals["Phạm Thị Hoa"] not in content["award_proposal_ids"]
    assert content["award_amounts"][str(setup.proposals["Thôn Bắc"])] == 700_000


def test_decision_signed_by_a_deputy(db: Database) -> None:
    setup = build_round(db)
    with pytest.raises(UserError, match="Phó Chủ tịch"):
        draft_decision(db, setup.round_id, deputy_signs=True, today=DRAFT_DAY)
    document_id = draft_decision(
        db, setup.round_id, deputy_signs=True, signer_name="Trần Thị Hoa", today=DRAFT_DAY
    )
    text = flat(pdf_text(document_pdf(db, document_id)))
    signature = text[text.index("Nơi nhận") :]
    assert "KT. CHỦ TỊCH" in signature and "PHÓ CHỦ TỊCH" in signature
    assert "Trần Thị Hoa" in signature


def test_no_passed_proposal_refused_and_nothing_written(db: Database) -> None:
    setup = build_round(db, vote=False)
    with pytest.raises(ValidationError, match="Chưa có đề nghị nào được Hội đồng thông qua"):
        draft_decision(db, setup.round_id, today=DRAFT_DAY)
    with pytest.raises(ValidationError, match="Bằng khen"):
        draft_submission(db, setup.round_id, today=DRAFT_DAY)
    assert list_register(db) == []
    row = round_row(db, setup.round_id)
    assert row.decision_document_id is None and row.submission_document_id is None


def test_issue_fixes_amounts_and_numbers_and_locks(db: Database) -> None:
    setup = build_round(db)
    document_id = draft_decision(db, setup.round_id, today=DRAFT_DAY)
    stamp = issue_decision(db, setup.round_id, ISSUE_DAY)
    assert stamp.number_text == "Số: 01/QĐ-UBND"
    listed = get_draft(db, document_id).content["award_proposal_ids"]
    with db.session() as session:
        rows = {p.id: p for p in session.exec(select(AwardProposal))}
    numbers = [rows[pid].register_number for pid in listed]
    assert numbers == list(range(1, len(listed) + 1))
    assert {rows[pid].register_year for pid in listed} == {2026}
    # 0,3 × 2.340.000 = 702.000 -> 700.000; 0,15 × = 351.000 -> 350.000.
    assert rows[setup.proposals["Thôn Bắc"]].amount == 700_000
    assert rows[setup.proposals["Trần Văn Anh"]].amount == 350_000
    assert rows[setup.proposals["Phạm Thị Hoa"]].register_number is None

    issued = flat(pdf_text(document_pdf(db, document_id)))
    assert "Số: 01/QĐ-UBND" in issued and "ngày 20 tháng 01 năm 2026" in issued

    thon_bac = setup.proposals["Thôn Bắc"]
    with pytest.raises(UserError, match="Quyết định số 01/QĐ-UBND"):
        awards.update_proposal(db, thon_bac, setup.commune_form, "Thành tích khác", "")
    with pytest.raises(UserError):
        awards.remove_proposal(db, thon_bac)
    with pytest.raises(UserError):
        awards.record_votes(db, thon_bac, 4, 0, 0, MEETING_DAY)
    assert period_lock_reason(db, setup.period_id)
    with pytest.raises(UserError, match="01/QĐ-UBND"):
        draft_decision(db, setup.round_id, today=ISSUE_DAY)
    with pytest.raises(UserError, match="01/QĐ-UBND"):
        issue_decision(db, setup.round_id, ISSUE_DAY)


def test_a_draft_priced_before_a_new_base_salary_is_priced_again_at_issue(
    db: Database,
) -> None:
    """DOMAIN.md: a decision carries the amounts in force on its date. A draft made before a
    new base salary took effect and issued after it is priced again, and the issued PDF says
    so (0,3 × 2.530.000 = 759.000 -> 760.000)."""
    setup = build_round(db)
    document_id = draft_decision(db, setup.round_id, today=DRAFT_DAY)
    add_base_salary(db, 2_530_000, date(2026, 1, 18), MoneyRounding.NEAREST)
    issue_decision(db, setup.round_id, ISSUE_DAY)
    with db.session() as session:
        thon_bac = session.get(AwardProposal, setup.proposals["Thôn Bắc"])
        assert thon_bac is not None and thon_bac.amount == 760_000
        document = session.get(OutgoingDocument, document_id)
        assert document is not None and document.state == DocumentState.ISSUED
        assert document.pdf is not None
    text = pdf_text(document.pdf)
    assert "760.000" in text and "700.000" not in text


def test_issue_refused_when_votes_changed_after_the_draft(db: Database) -> None:
    setup = build_round(db)
    draft_decision(db, setup.round_id, today=DRAFT_DAY)
    awards.record_votes(db, setup.proposals["Phạm Thị Hoa"], 4, 0, 0, MEETING_DAY)
    with pytest.raises(UserError, match="đã thay đổi"):
        issue_decision(db, setup.round_id, ISSUE_DAY)


def test_issue_without_a_draft(db: Database) -> None:
    setup = build_round(db)
    with pytest.raises(UserError, match="chưa có dự thảo quyết định"):
        issue_decision(db, setup.round_id, ISSUE_DAY)


# --- the submission, reports and the dossier --------------------------------------------------


def test_submission_to_the_city(db: Database) -> None:
    setup = build_round(db)
    draft_minutes(db, setup.round_id, today=MEETING_DAY)
    document_id = draft_submission(db, setup.round_id, today=SUBMISSION_DAY)
    text = flat(pdf_text(document_pdf(db, document_id)))
    # Issued by the committee, not by its office.
    assert text.startswith("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM XÃ KIM THÀNH")
    assert "PHÒNG VĂN HÓA" not in text
    assert "TỜ TRÌNH" in text and "Số: /TTr-UBND" in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" in text
    assert (
        "tặng Bằng khen của Chủ tịch Ủy ban nhân dân thành phố cho 01 tập thể và 01 cá nhân" in text
    )
    assert "- Tập thể: Trường THCS Kim Thành;" in text
    assert "- Cá nhân: Ông Đỗ Văn Cường (Phó Hiệu trưởng, Trường THCS Kim Thành)." in text
    signature = text[text.index("Nơi nhận") :]
    assert "TM. ỦY BAN NHÂN DÂN" in signature and "CHỦ TỊCH" in signature
    assert "DANH SÁCH ĐỀ NGHỊ CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ TẶNG BẰNG KHEN" in text
    assert "Thành tích tóm tắt" in text
    rows = get_draft(db, document_id).content["annex"]["rows"]
    assert [row[:2] for row in rows] == [
        ["I", "TẬP THỂ"],
        ["1", "Trường THCS Kim Thành"],
        ["II", "CÁ NHÂN"],
        ["1", "Ông Đỗ Văn Cường"],
    ]
    assert "01 sáng kiến, giải pháp được công nhận" in rows[3][3]
    assert "Chiến sĩ thi đua cơ sở năm 2024, 2025" in rows[3][3]
    assert "khối Trường học" in rows[1][3]
    assert (
        "(Kèm theo Tờ trình số …/TTr-UBND" in text and "của Ủy ban nhân dân xã Kim Thành)" in text
    )


def test_achievement_report_filled_edited_and_printed(db: Database) -> None:
    setup = build_round(db)
    person = setup.proposals["Đỗ Văn Cường"]
    report = achievement_report(db, person, today=SUBMISSION_DAY)
    assert not report.saved
    assert (report.name, report.gender, report.birth_year) == ("Đỗ Văn Cường", Gender.MALE, 1980)
    assert report.unit_name == "Trường THCS Kim Thành"
    assert "“Kho học liệu số dùng chung cho ba trường”" in report.achievements
    assert "Chiến sĩ thi đua cơ sở năm 2024, 2025" in report.achievements
    assert [a.year for a in report.earlier_awards] == [2024, 2025]

    school = achievement_report(db, setup.proposals["Trường THCS Kim Thành"], today=SUBMISSION_DAY)
    assert school.head_name == "Hồ Tiến Trung" and school.head_title == "Hiệu trưởng"
    assert "điểm" in school.achievements and "khối Trường học" in school.achievements

    with pytest.raises(ValidationError, match="không được để trống"):
        save_achievement_report(db, person, replace(report, overview="  \n "))
    with pytest.raises(ValidationError, match="năm 1890"):
        save_achievement_report(
            db, person, replace(report, earlier_awards=[EarlierAward(1890, "Giấy khen")])
        )
    edited = replace(
        report,
        overview="Ông Đỗ Văn Cường, Phó Hiệu trưởng.\n\n  Quê quán: xã Kim Thành.  ",
        earlier_awards=[*report.earlier_awards, EarlierAward(2023, "Giấy khen của UBND huyện")],
    )
    save_achievement_report(db, person, edited)
    saved = achievement_report(db, person)
    assert saved.saved
    assert saved.overview == "Ông Đỗ Văn Cường, Phó Hiệu trưởng.\nQuê quán: xã Kim Thành."
    # Listed by year, as the form has them.
    assert [a.year for a in saved.earlier_awards] == [2023, 2024, 2025]

    text = flat(pdf_text(render_achievement_report(db, person)))
    assert (
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ" in text
    )
    assert "Số:" not in text
    assert "I. SƠ LƯỢC" in text and "II. THÀNH TÍCH ĐẠT ĐƯỢC" in text
    assert "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in text
    assert "Quê quán: xã Kim Thành." in text
    assert "XÁC NHẬN CỦA" in text and "NGƯỜI BÁO CÁO THÀNH TÍCH" in text
    assert "2023 Giấy khen của UBND huyện" in text


def test_dossier_sent_only_when_complete(db: Database, tmp_path: Path) -> None:
    setup = build_round(db)
    city = [setup.proposals["Trường THCS Kim Thành"], setup.proposals["Đỗ Văn Cường"]]
    minutes = draft_minutes(db, setup.round_id, today=MEETING_DAY)
    submission = draft_submission(db, setup.round_id, today=SUBMISSION_DAY)
    parts = dossier_parts(db, setup.round_id)
    assert [p.title for p in parts] == [
        "Tờ trình",
        "Danh sách",
        "Báo cáo thành tích – Trường THCS Kim Thành",
        "Báo cáo thành tích – Đỗ Văn Cường",
        "Biên bản họp Hội đồng",
    ]
    assert not any(p.ready for p in parts)
    with pytest.raises(ValidationError, match="Hồ sơ còn thiếu: Tờ trình; Danh sách;"):
        mark_dossier_sent(db, setup.round_id, SUBMISSION_DAY)

    issue(db, minutes, MEETING_DAY)
    issue(db, submission, SUBMISSION_DAY)
    save_achievement_report(db, city[0], achievement_report(db, city[0]))
    with pytest.raises(ValidationError, match="Báo cáo thành tích – Đỗ Văn Cường") as refused:
        mark_dossier_sent(db, setup.round_id, SUBMISSION_DAY)
    assert "Tờ trình" not in refused.value.message
    assert round_row(db, setup.round_id).dossier_sent_on is None

    save_achievement_report(db, city[1], achievement_report(db, city[1]))
    parts = dossier_parts(db, setup.round_id)
    assert all(p.ready for p in parts)
    # Each ready part says what stands for it, as the checklist shows it.
    assert [p.done for p in parts] == [
        "Số 01/TTr-UBND ngày 22/01/2026",
        "Kèm theo tờ trình số 01/TTr-UBND ngày 22/01/2026",
        "Đã lưu sau khi văn phòng xem lại",
        "Đã lưu sau khi văn phòng xem lại",
        "Số 01/BB-HĐTĐKT ngày 15/01/2026",
    ]
    mark_dossier_sent(db, setup.round_id, SUBMISSION_DAY)
    assert round_row(db, setup.round_id).dossier_sent_on == SUBMISSION_DAY
    # The proposals sent to the city are locked; what the council voted on is on record since
    # its minutes were issued.
    with pytest.raises(UserError, match="đã gửi"):
        awards.update_proposal(db, city[1], setup.city_form, "Thành tích khác", "")
    with pytest.raises(UserError, match="đã gửi"):
        save_achievement_report(db, city[1], achievement_report(db, city[1]))
    with pytest.raises(UserError, match="Biên bản họp Hội đồng số 01/"):
        awards.update_proposal(
            db, setup.proposals["Thôn Đông"], setup.commune_form, "Thành tích khác", ""
        )
    with pytest.raises(UserError, match="đã ghi là gửi"):
        mark_dossier_sent(db, setup.round_id, SUBMISSION_DAY)


def test_build_dossier_one_pdf_with_bookmarks_and_each_part(db: Database, tmp_path: Path) -> None:
    setup = build_round(db)
    with pytest.raises(UserError, match="Chưa soạn tờ trình và biên bản"):
        build_dossier(db, setup.round_id, tmp_path / "x")
    minutes = draft_minutes(db, setup.round_id, today=MEETING_DAY)
    issue(db, minutes, MEETING_DAY)
    draft_submission(db, setup.round_id, today=SUBMISSION_DAY)

    folder = tmp_path / "Hồ sơ gửi thành phố"
    with pytest.raises(DossierCancelled):
        build_dossier(db, setup.round_id, folder, progress=lambda done, total: done < 2)
    assert not folder.exists()

    steps: list[tuple[int, int]] = []
    path = build_dossier(
        db, setup.round_id, folder, progress=lambda done, total: steps.append((done, total))
    )
    assert steps[-1] == (5, 5)
    assert path == folder / "Ho-so-de-nghi-Bang-khen-2025.pdf"
    titles = outline_titles(path)
    assert [title for title, _ in titles] == [p.title for p in dossier_parts(db, setup.round_id)]
    pages = [page for _, page in titles]
    assert pages == sorted(pages) and pages[0] == 1 and len(set(pages)) == len(pages)
    with pdfplumber.open(path) as pdf:
        last = pdf.pages[pages[-1] - 1].extract_text() or ""
        list_page = pdf.pages[pages[1] - 1].extract_text() or ""
    assert "BIÊN BẢN" in last and "Số: 01/BB-HĐTĐKT" in last
    assert "DANH SÁCH ĐỀ NGHỊ" in list_page

    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "01-To-trinh.pdf",
        "02-Danh-sach.pdf",
        "03-Bao-cao-thanh-tich-Truong-THCS-Kim-Thanh.pdf",
        "04-Bao-cao-thanh-tich-Do-Van-Cuong.pdf",
        "05-Bien-ban-hop-Hoi-dong.pdf",
        "Ho-so-de-nghi-Bang-khen-2025.pdf",
    ]
    assert all(name.isascii() for name in names)
    # The minutes as issued, byte for byte; the list alone starts with its title.
    assert (folder / "05-Bien-ban-hop-Hoi-dong.pdf").read_bytes() == document_pdf(db, minutes)
    list_text = pdf_text((folder / "02-Danh-sach.pdf").read_bytes())
    assert list_text.lstrip().startswith("DANH SÁCH ĐỀ NGHỊ")
    assert "TỜ TRÌNH" not in list_text
    report = pdf_text((folder / "04-Bao-cao-thanh-tich-Do-Van-Cuong.pdf").read_bytes())
    assert "BÁO CÁO THÀNH TÍCH" in report and "Đỗ Văn Cường" in report


def test_a_proposal_with_its_own_achievement_is_listed_with_it(db: Database) -> None:
    """The certificate prints each proposal's own line; the decision must say the same."""
    setup = build_round(db)
    own = "Đã có thành tích xuất sắc trong số hóa hồ sơ hộ tịch năm 2025"
    awards.update_proposal(db, setup.proposals["Thôn Đông"], setup.commune_form, own, "")
    awards.record_votes(db, setup.proposals["Thôn Đông"], 4, 0, 0, MEETING_DAY)
    document_id = draft_decision(db, setup.round_id, today=DRAFT_DAY)
    text = pdf_text(document_pdf(db, document_id))
    flat = " ".join(text.split())
    assert "đã có thành tích ghi trong danh sách kèm theo" in flat
    assert "Thành tích" in flat and "hồ sơ hộ tịch năm 2025" in flat
    issue_decision(db, setup.round_id, ISSUE_DAY)
    with db.session() as session:
        listed = session.get(AwardProposal, setup.proposals["Thôn Đông"])
        assert listed is not None and listed.register_number is not None
