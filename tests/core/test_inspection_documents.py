"""The documents of an inspection round, read back from their PDFs: the decision forming the
team, the schedule notice, a visit's minutes (drafted and blank) and the round's report."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pdfplumber
import pytest
from sqlmodel import select

from kt_desktop.domain import Criterion, Result
from kt_desktop.domain.documents import OutgoingDocument
from kt_desktop.domain.enums import (
    ActionStatus,
    DocumentKind,
    DocumentState,
    Gender,
    Judgement,
    PersonKind,
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
from kt_desktop.errors import UserError
from kt_desktop.services.database import Database
from kt_desktop.services.document_builder import render_draft
from kt_desktop.services.inspection_documents import (
    blank_minutes_for_round,
    blank_minutes_pdf,
    draft_round_report,
    draft_schedule_notice,
    draft_team_decision,
    draft_visit_minutes,
    produce_round_papers,
)
from kt_desktop.services.movement import list_periods
from kt_desktop.services.outgoing import get_draft, issue_document, list_register
from kt_desktop.services.participants import (
    PersonInput,
    UnitInput,
    create_person,
    create_unit,
)

TODAY = date(2026, 11, 24)
SUBJECT = (
    "việc thực hiện phong trào thi đua “Kim Thành thi đua đổi mới sáng tạo, chuyển đổi số” "
    "và “Bình dân học vụ số” năm 2026"
)


@dataclass(frozen=True)
class Member:
    full_name: str
    position: str
    role: TeamRole
    gender: Gender | None  # None: named by hand, not linked to a person


TEAM = (
    # Listed out of order on purpose: documents put the leader first and the secretary last.
    Member("Đỗ Thu Hạnh", "Công chức Văn hóa – Xã hội", TeamRole.SECRETARY, Gender.FEMALE),
    Member("Vũ Minh Bình", "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã", TeamRole.MEMBER, None),
    Member("Phạm Quang Dũng", "Phó Chủ tịch Ủy ban nhân dân xã", TeamRole.LEADER, Gender.MALE),
    Member("Bùi Thị Lụa", "Phó Trưởng phòng Văn hóa – Xã hội", TeamRole.MEMBER, Gender.FEMALE),
)


@dataclass(frozen=True)
class Round:
    id: int
    period: int
    dong_tam: int  # visited 12/10/2026 08:00, figures verified
    kinh_te: int  # 12/10/2026 14:00, done, one item verified
    phu_loc: int  # 14/10/2026, still planned


def period_id(db: Database, name: str = "Năm 2026") -> int:
    return next(p.id for p in list_periods(db) if p.name == name)


def criterion_ids(db: Database, period: int) -> dict[str, int]:
    with db.session() as session:
        rows = session.exec(select(Criterion).where(Criterion.period_id == period)).all()
        return {c.code: c.id or 0 for c in rows}


def add_result(db: Database, period: int, unit: int, criterion: int, **figures: Any) -> None:
    with db.session() as session:
        session.add(Result(period_id=period, unit_id=unit, criterion_id=criterion, **figures))


def add_item(db: Database, visit: int, order: int, **fields: Any) -> None:
    with db.session() as session:
        session.add(InspectionItem(visit_id=visit, sort_order=order, **fields))


def build_round(db: Database, leader: bool = True) -> Round:
    """A round of three visits, built straight through the tables."""
    period = period_id(db)
    codes = criterion_ids(db, period)
    dong_tam_unit = create_unit(
        db, UnitInput("THON-DT", "Thôn Đồng Tâm", UnitKind.VILLAGE, "Lê Thị Ánh", "Trưởng thôn")
    )
    kinh_te_unit = create_unit(
        db,
        UnitInput("PKT", "Phòng Kinh tế", UnitKind.DEPARTMENT, "Trần Văn Hùng", "Trưởng phòng"),
    )
    phu_loc_unit = create_unit(db, UnitInput("THON-PL", "Thôn Phú Lộc", UnitKind.VILLAGE))
    person_ids = {
        m.full_name: create_person(
            db, PersonInput(m.full_name, m.gender, PersonKind.OFFICIAL, position=m.position)
        )
        for m in TEAM
        if m.gender is not None
    }
    with db.session() as session:
        inspection = InspectionRound(
            period_id=period,
            name="Kiểm tra phong trào thi đua năm 2026 – đợt 1",
            purpose="Việc cung cấp dịch vụ công trực tuyến và số hóa hồ sơ",
        )
        session.add(inspection)
        session.flush()
        round_id = inspection.id or 0
        for order, member in enumerate(TEAM):
            if member.role == TeamRole.LEADER and not leader:
                continue
            session.add(
                InspectionMember(
                    round_id=round_id,
                    person_id=person_ids.get(member.full_name),
                    full_name=member.full_name,
                    position=member.position,
                    role=member.role,
                    council_member=member.role != TeamRole.SECRETARY,
                    sort_order=order,
                )
            )
        visits = {}
        for unit, day, time, place, status in (
            (phu_loc_unit, date(2026, 10, 14), "8:30", "Nhà văn hóa thôn Phú Lộc", "planned"),
            (kinh_te_unit, date(2026, 10, 12), "14:00", "", "done"),
            (dong_tam_unit, date(2026, 10, 12), "08:00", "Nhà văn hóa thôn Đồng Tâm", "done"),
        ):
            visit = InspectionVisit(
                round_id=round_id,
                unit_id=unit,
                visit_date=day,
                start_time=time,
                place=place,
                status=VisitStatus(status),
            )
            session.add(visit)
            session.flush()
            visits[unit] = visit.id or 0
        visited = session.get(InspectionVisit, visits[dong_tam_unit])
        assert visited is not None
        visited.unit_attendees = "Bà Lê Thị Ánh, Trưởng thôn\nÔng Ngô Văn Yến, Công an viên"
        visited.findings = (
            "Thôn triển khai tốt việc hướng dẫn người dân sử dụng dịch vụ công trực tuyến.\n"
            "Số hồ sơ trực tuyến báo cáo cao hơn số ghi nhận trên hệ thống."
        )
        visited.recommendations = "Rà soát, báo cáo lại số liệu tiêu chí CT01 trước 30/11/2026."
        session.add(visited)

    # Thôn Đồng Tâm reported; the team verified two rates and judged a free item.
    dong_tam = visits[dong_tam_unit]
    add_result(db, period, dong_tam_unit, codes["CT01"], numerator=Decimal(45), denominator=50)
    add_result(db, period, dong_tam_unit, codes["CT02"], numerator=Decimal(88), denominator=100)
    add_result(db, period, dong_tam_unit, codes["TT01"], assessment="Hoàn thành tốt nhiệm vụ")
    add_item(
        db,
        dong_tam,
        1,
        criterion_id=codes["CT01"],
        text="CT01",
        verified_numerator=Decimal(40),
        verified_denominator=Decimal(50),
        judgement=Judgement.NOT_MET,
        remarks="Thiếu 5 hồ sơ",
    )
    add_item(
        db,
        dong_tam,
        2,
        criterion_id=codes["CT02"],
        text="CT02",
        verified_numerator=Decimal(88),
        verified_denominator=Decimal(100),
        judgement=Judgement.NOT_MET,
    )
    add_item(db, dong_tam, 3, criterion_id=codes["TT01"], text="TT01", judgement=Judgement.MET)
    add_item(
        db,
        dong_tam,
        4,
        text="Lưu trữ hồ sơ điện tử",
        judgement=Judgement.NOT_MET,
        remarks="Chưa số hóa hồ sơ năm 2025",
    )
    kinh_te = visits[kinh_te_unit]
    add_result(db, period, kinh_te_unit, codes["CT07"], numerator=Decimal(120), denominator=120)
    add_item(
        db,
        kinh_te,
        1,
        criterion_id=codes["CT07"],
        text="CT07",
        verified_numerator=Decimal(114),
        verified_denominator=Decimal(120),
        judgement=Judgement.NOT_MET,
    )
    add_item(db, kinh_te, 2, criterion_id=codes["CT08"], text="CT08")
    phu_loc = visits[phu_loc_unit]
    add_result(db, period, phu_loc_unit, codes["CT03"], numerator=Decimal(7), denominator=8)
    add_item(db, phu_loc, 1, criterion_id=codes["CT03"], text="CT03")
    add_item(db, phu_loc, 2, criterion_id=codes["CT04"], text="CT04")
    with db.session() as session:
        session.add(
            FollowUpAction(
                visit_id=dong_tam,
                unit_id=dong_tam_unit,
                description="Báo cáo lại số liệu CT01",
                due_date=date(2026, 11, 30),
            )
        )
        session.add(
            FollowUpAction(
                visit_id=dong_tam,
                unit_id=dong_tam_unit,
                description="Số hóa hồ sơ năm 2025",
                due_date=date(2026, 11, 15),
            )
        )
        session.add(
            FollowUpAction(
                visit_id=kinh_te,
                unit_id=kinh_te_unit,
                description="Cập nhật phần mềm",
                due_date=date(2026, 11, 1),
                status=ActionStatus.DONE,
                done_on=date(2026, 10, 30),
            )
        )
    return Round(round_id, period, dong_tam, kinh_te, phu_loc)


@pytest.fixture
def inspection(db: Database) -> Round:
    return build_round(db)


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text, whitespace squashed, checked to come back as NFC."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            text = page.extract_text()
            assert unicodedata.is_normalized("NFC", text), "text must extract as NFC"
            pages.append(" ".join(text.split()))
    return pages


def pdf_rows(pdf: bytes) -> list[list[str]]:
    """The rows of every ruled table in the PDF, page after page; a header row repeated on a
    following page is kept once."""
    rows: list[list[str]] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for table in page.extract_tables():
                for row in table:
                    cells = [" ".join(unicodedata.normalize("NFC", c or "").split()) for c in row]
                    if not rows or cells != rows[0]:
                        rows.append(cells)
    return rows


def draft_pdf(db: Database, document_id: int) -> bytes:
    return render_draft(db, get_draft(db, document_id), None)


def draft_pages(db: Database, document_id: int) -> list[str]:
    return pdf_pages(draft_pdf(db, document_id))


def round_row(db: Database, round_id: int) -> InspectionRound:
    with db.session() as session:
        row = session.get(InspectionRound, round_id)
        assert row is not None
        return row


def test_the_decision_lists_the_team_with_their_roles(db: Database, inspection: Round) -> None:
    document_id = draft_team_decision(db, inspection.id, today=TODAY)
    assert round_row(db, inspection.id).decision_document_id == document_id
    draft = get_draft(db, document_id)
    assert draft.kind == DocumentKind.DECISION
    assert draft.summary == f"Về việc thành lập Đoàn kiểm tra {SUBJECT}"
    assert draft.signer_name == "Nguyễn Văn Nghiệp"  # the chairman, first signer in settings
    rows = draft.content["annex"]["rows"]
    assert rows == [
        ["1", "Ông Phạm Quang Dũng", "Phó Chủ tịch Ủy ban nhân dân xã", "Trưởng đoàn"],
        # Named by hand, not linked to a person: no honorific.
        ["2", "Vũ Minh Bình", "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Thành viên"],
        ["3", "Bà Bùi Thị Lụa", "Phó Trưởng phòng Văn hóa – Xã hội", "Thành viên"],
        ["4", "Bà Đỗ Thu Hạnh", "Công chức Văn hóa – Xã hội", "Thư ký"],
    ]

    pages = draft_pages(db, document_id)
    first = pages[0]
    assert "QUYẾT ĐỊNH" in first and "Về việc thành lập Đoàn kiểm tra" in first
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ KIM THÀNH" in first
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in first
    body = " ".join(pages[:-1])
    for article in ("Điều 1.", "Điều 2.", "Điều 3.", "Điều 4."):
        assert article in body
    assert "tự giải thể" in body and "lập biên bản" in body
    assert "- Như Điều 4;" in body and "- Lưu: VT, VHXH." in body
    annex = pages[-1]
    assert "DANH SÁCH" in annex and "(Kèm theo Quyết định số …/QĐ-UBND" in annex
    # The annex as printed: the members with their roles, the leader first.
    assert pdf_rows(draft_pdf(db, document_id)) == [
        ["STT", "Họ và tên", "Chức vụ", "Nhiệm vụ trong đoàn"],
        *rows,
    ]

    # Drafting again rewrites the same draft, never a second one.
    assert draft_team_decision(db, inspection.id, today=TODAY) == document_id
    assert len(list_register(db)) == 1


def test_the_notice_lists_units_with_dates_and_times_in_order(
    db: Database, inspection: Round
) -> None:
    document_id = draft_schedule_notice(db, inspection.id, today=TODAY)
    assert round_row(db, inspection.id).notice_document_id == document_id
    draft = get_draft(db, document_id)
    assert draft.kind == DocumentKind.NOTICE
    assert draft.summary == f"Lịch kiểm tra {SUBJECT}"
    assert draft.content["annex"]["rows"] == [
        ["1", "Thôn Đồng Tâm", "12/10/2026 (Thứ Hai)", "08 giờ 00", "Nhà văn hóa thôn Đồng Tâm"],
        ["2", "Phòng Kinh tế", "12/10/2026 (Thứ Hai)", "14 giờ 00", "Trụ sở đơn vị"],
        ["3", "Thôn Phú Lộc", "14/10/2026 (Thứ Tư)", "08 giờ 30", "Nhà văn hóa thôn Phú Lộc"],
    ]
    pages = draft_pages(db, document_id)
    first = pages[0]
    assert "THÔNG BÁO" in first and "Lịch kiểm tra việc thực hiện phong trào thi đua" in first
    assert "từ ngày 12/10/2026 đến ngày 14/10/2026" in " ".join(pages).lower()
    body = " ".join(pages[:-1])
    # The units are the recipients; the office's filing line stays last.
    for recipient in ("- Thôn Đồng Tâm;", "- Phòng Kinh tế;", "- Thôn Phú Lộc;"):
        assert recipient in body
    assert "- Lưu: VT, VHXH." in body
    assert "LỊCH KIỂM TRA" in pages[-1]
    printed = pdf_rows(draft_pdf(db, document_id))
    assert printed[0] == ["STT", "Đơn vị", "Ngày", "Giờ", "Địa điểm"]
    assert [row[1:4] for row in printed[1:]] == [
        ["Thôn Đồng Tâm", "12/10/2026 (Thứ Hai)", "08 giờ 00"],
        ["Phòng Kinh tế", "12/10/2026 (Thứ Hai)", "14 giờ 00"],
        ["Thôn Phú Lộc", "14/10/2026 (Thứ Tư)", "08 giờ 30"],
    ]


def test_the_minutes_show_both_figures_findings_and_signatures(
    db: Database, inspection: Round
) -> None:
    document_id = draft_visit_minutes(db, inspection.dong_tam, today=TODAY)
    with db.session() as session:
        visit = session.get(InspectionVisit, inspection.dong_tam)
        assert visit is not None and visit.minutes_document_id == document_id
    draft = get_draft(db, document_id)
    assert draft.kind == DocumentKind.MINUTES and draft.signer_name == "Phạm Quang Dũng"
    assert draft.summary == f"Kiểm tra {SUBJECT} tại Thôn Đồng Tâm"
    rows = draft.content["tables"][0]["rows"]
    assert [row[2:5] for row in rows] == [
        ["45/50 (90%)", "40/50 (80%)", "Chưa đạt"],
        ["88/100 (88%)", "88/100 (88%)", "Chưa đạt"],
        ["Hoàn thành tốt nhiệm vụ", "—", "Đạt"],
        ["—", "—", "Chưa đạt"],
    ]

    pdf = draft_pdf(db, document_id)
    pages = pdf_pages(pdf)
    text = " ".join(pages)
    assert "BIÊN BẢN" in text and "ĐOÀN KIỂM TRA" in text
    assert "Kim Thành, ngày 12 tháng 10 năm 2026" in text  # dated the day of the visit
    assert (
        "Hôm nay, vào lúc 08 giờ 00 ngày 12 tháng 10 năm 2026, tại Nhà văn hóa thôn Đồng Tâm"
        in text
    )
    for heading in ("I. THÀNH PHẦN", "II. NỘI DUNG KIỂM TRA", "III. NHẬN XÉT", "IV. KIẾN NGHỊ"):
        assert heading in text
    assert "- Ông Phạm Quang Dũng, Phó Chủ tịch Ủy ban nhân dân xã – Trưởng đoàn;" in text
    assert "- Bà Lê Thị Ánh, Trưởng thôn;" in text
    # Both figures of each item side by side on its row, as printed.
    printed = pdf_rows(pdf)
    assert printed[0] == [
        "STT",
        "Tiêu chí",
        "Số liệu đơn vị báo cáo",
        "Số liệu kiểm tra xác minh",
        "Đánh giá",
        "Ghi chú",
    ]
    assert [row[0] for row in printed[1:]] == ["1", "2", "3", "4"]
    assert [row[1][:4] for row in printed[1:4]] == ["CT01", "CT02", "TT01"]
    assert [row[2:] for row in printed[1:]] == [
        ["45/50 (90%)", "40/50 (80%)", "Chưa đạt", "Thiếu 5 hồ sơ"],
        ["88/100 (88%)", "88/100 (88%)", "Chưa đạt", ""],
        ["Hoàn thành tốt nhiệm vụ", "—", "Đạt", ""],
        ["—", "—", "Chưa đạt", "Chưa số hóa hồ sơ năm 2025"],
    ]
    assert printed[4][1] == "Lưu trữ hồ sơ điện tử"
    assert "Số hồ sơ trực tuyến báo cáo cao hơn số ghi nhận trên hệ thống." in text
    assert "Rà soát, báo cáo lại số liệu tiêu chí CT01" in text
    last = pages[-1]
    for title in ("ĐẠI DIỆN ĐƠN VỊ", "THƯ KÝ", "TRƯỞNG ĐOÀN"):
        assert title in last
    for name in ("Lê Thị Ánh", "Đỗ Thu Hạnh", "Phạm Quang Dũng"):
        assert name in last
    assert "Nơi nhận:" not in text


def test_the_minutes_signatures_sit_side_by_side(db: Database, inspection: Round) -> None:
    pdf = render_draft(db, get_draft(db, draft_visit_minutes(db, inspection.dong_tam)), None)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[-1]
        words = page.extract_words(keep_blank_chars=True)

        def box(text: str) -> dict[str, float]:
            return next(w for w in words if w["text"].startswith(text))

        unit, clerk, leader = box("ĐẠI DIỆN"), box("THƯ KÝ"), box("TRƯỞNG ĐOÀN")
        assert unit["top"] == pytest.approx(clerk["top"]) == pytest.approx(leader["top"])
        assert unit["x1"] < clerk["x0"] < clerk["x1"] < leader["x0"]
        assert leader["x0"] > page.width / 2 > unit["x1"]


def test_the_blank_form_has_dotted_blanks_and_the_reported_figures(
    db: Database, inspection: Round
) -> None:
    pdf = blank_minutes_pdf(db, inspection.phu_loc)
    text = " ".join(pdf_pages(pdf))
    assert "BIÊN BẢN" in text and "tại Thôn Phú Lộc" in text
    assert "Số:" in text and "/BB-UBND" in text  # no number: it isn't registered
    assert "vào lúc 08 giờ 30 ngày 14 tháng 10 năm 2026" in text
    # The reported figures printed, the team's columns dotted to write in.
    printed = pdf_rows(pdf)
    assert [row[2] for row in printed[1:]] == ["7/8 (87,50%)", "Chưa báo cáo"]
    for row in printed[1:]:
        assert all(re.fullmatch("…{3,}", cell) for cell in row[3:])
    assert "Phạm Quang Dũng" in text and "Trưởng đoàn" in text
    # Dotted runs to write on: the attendees, findings, recommendations and table cells.
    assert len(re.findall("…{10,}", text)) >= 12
    assert list_register(db) == []
    with db.session() as session:
        visit = session.get(InspectionVisit, inspection.phu_loc)
        assert visit is not None and visit.minutes_document_id is None

    # The round's forms: one per visit, in schedule order, each from its own page.
    pdf = blank_minutes_for_round(db, inspection.id)
    pages = pdf_pages(pdf)
    starts = [p for p in pages if p.startswith("ỦY BAN NHÂN DÂN")]
    assert len(starts) == 3
    units = [re.search(r"tại (Thôn Đồng Tâm|Phòng Kinh tế|Thôn Phú Lộc)", p) for p in starts]
    assert [m.group(1) for m in units if m] == ["Thôn Đồng Tâm", "Phòng Kinh tế", "Thôn Phú Lộc"]


def test_the_report_shows_the_discrepancies(db: Database, inspection: Round) -> None:
    document_id = draft_round_report(db, inspection.id, today=TODAY)
    assert round_row(db, inspection.id).report_document_id == document_id
    draft = get_draft(db, document_id)
    assert draft.kind == DocumentKind.REPORT and draft.signer_name == "Phạm Quang Dũng"
    rows = draft.content["annex"]["rows"]
    # Departments before villages; each unit numbered on its first row.
    assert [row[:2] for row in rows] == [
        ["1", "Phòng Kinh tế"],
        ["2", "Thôn Đồng Tâm"],
        ["", "Thôn Đồng Tâm"],
    ]
    assert [row[3:] for row in rows] == [
        ["120/120 (100%)", "114/120 (95%)", "-5 điểm %"],
        ["45/50 (90%)", "40/50 (80%)", "-10 điểm %"],
        ["88/100 (88%)", "88/100 (88%)", "Khớp"],
    ]
    pdf = draft_pdf(db, document_id)
    pages = pdf_pages(pdf)
    body = " ".join(pages[:-1])
    assert "BÁO CÁO" in body and "Kết quả kiểm tra việc thực hiện phong trào thi đua" in body
    assert "Kính gửi:" in body
    assert "đã kiểm tra 02 cơ quan, đơn vị, gồm: 01 phòng, ban, ngành; 01 thôn, thị tứ." in body
    assert "Còn 01 đơn vị chưa kiểm tra theo lịch: Thôn Phú Lộc." in body
    assert "xác minh số liệu của 03 tiêu chí; 02 tiêu chí có số liệu xác minh khác" in body
    assert "- Thôn Đồng Tâm: Thôn triển khai tốt" in body
    assert "- Đối với Thôn Đồng Tâm: Rà soát" in body
    # Three actions, one done; of the two open, the one due 15/11 is overdue on 24/11.
    assert "03 nội dung khắc phục; đến ngày 24/11/2026 còn 02 nội dung" in body
    assert "01 nội dung đã quá hạn" in body
    assert "(Kèm theo Báo cáo số …/BC-UBND" in pages[-1] and "của Đoàn kiểm tra)" in pages[-1]
    assert pdf_rows(pdf) == [
        ["STT", "Đơn vị", "Tiêu chí", "Báo cáo", "Xác minh", "Chênh lệch"],
        *rows,
    ]


def test_a_round_without_a_leader_is_refused_and_nothing_is_written(db: Database) -> None:
    inspection = build_round(db, leader=False)
    for attempt in (
        lambda: draft_team_decision(db, inspection.id, today=TODAY),
        lambda: draft_schedule_notice(db, inspection.id, today=TODAY),
        lambda: draft_visit_minutes(db, inspection.dong_tam, today=TODAY),
        lambda: draft_round_report(db, inspection.id, today=TODAY),
        lambda: blank_minutes_pdf(db, inspection.phu_loc),
        lambda: produce_round_papers(db, inspection.id, today=TODAY),
    ):
        with pytest.raises(UserError, match="chưa có trưởng đoàn") as refused:
            attempt()
        assert "Trưởng đoàn" in (refused.value.hint or "")
    assert list_register(db) == []


def test_refusals_name_what_is_wrong(db: Database, inspection: Round) -> None:
    with db.session() as session:
        for item in session.exec(
            select(InspectionItem).where(InspectionItem.visit_id == inspection.phu_loc)
        ):
            session.delete(item)
    with pytest.raises(UserError, match="“Thôn Phú Lộc” chưa có nội dung kiểm tra"):
        blank_minutes_pdf(db, inspection.phu_loc)
    with pytest.raises(UserError, match="Thôn Phú Lộc"):
        blank_minutes_for_round(db, inspection.id)
    with pytest.raises(UserError, match="không còn trong cơ sở dữ liệu"):
        draft_team_decision(db, 9999, today=TODAY)
    with pytest.raises(UserError, match="không còn trong cơ sở dữ liệu"):
        draft_visit_minutes(db, 9999, today=TODAY)
    # Minutes of a visit still to come: the blank form is for that.
    with pytest.raises(UserError, match="chưa đến"):
        draft_visit_minutes(db, inspection.dong_tam, today=date(2026, 10, 1))
    assert list_register(db) == []


def test_an_issued_document_is_not_redrafted(db: Database, inspection: Round) -> None:
    document_id = draft_team_decision(db, inspection.id, today=TODAY)
    issue_document(db, document_id, TODAY, lambda view, stamp: render_draft(db, view, stamp))
    with pytest.raises(UserError, match="đã ban hành \\(số 01/QĐ-UBND\\)") as refused:
        draft_team_decision(db, inspection.id, today=TODAY)
    assert "văn bản thay thế" in (refused.value.hint or "")
    assert len(list_register(db)) == 1
    # Once issued, the notice and the minutes cite the decision by its number.
    notice = get_draft(db, draft_schedule_notice(db, inspection.id, today=TODAY))
    team = notice.content["paragraphs"][1]
    assert team.startswith(
        "1. Thành phần: Đoàn kiểm tra thành lập theo Quyết định số 01/QĐ-UBND ngày 24 tháng 11 "
        "năm 2026 của Chủ tịch Ủy ban nhân dân xã, do ông Phạm Quang Dũng"
    )
    minutes = get_draft(db, draft_visit_minutes(db, inspection.dong_tam, today=TODAY))
    assert "(thành lập theo Quyết định số 01/QĐ-UBND" in minutes.content["paragraphs"][0]


def test_the_round_papers_in_one_go_with_progress_and_cancel(
    db: Database, inspection: Round
) -> None:
    seen: list[tuple[int, int]] = []

    def stop_at_second_form(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 2

    assert produce_round_papers(db, inspection.id, stop_at_second_form, today=TODAY) is None
    assert list_register(db) == []  # cancelled: nothing written
    assert round_row(db, inspection.id).notice_document_id is None

    seen.clear()
    papers = produce_round_papers(
        db, inspection.id, lambda done, total: seen.append((done, total)), today=TODAY
    )
    assert papers is not None
    assert seen[-1] == (5, 5)  # the notice, three forms, the report
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    row = round_row(db, inspection.id)
    assert (row.notice_document_id, row.report_document_id) == (
        papers.notice_id,
        papers.report_id,
    )
    with db.session() as session:
        kinds = {d.kind: d.state for d in session.exec(select(OutgoingDocument)).all()}
    assert kinds == {
        DocumentKind.NOTICE: DocumentState.DRAFT,
        DocumentKind.REPORT: DocumentState.DRAFT,
    }
    assert "LỊCH KIỂM TRA" in " ".join(pdf_pages(papers.notice_pdf))
    assert papers.report_pdf is not None
    assert "Chênh lệch" in " ".join(pdf_pages(papers.report_pdf))
    forms = pdf_pages(papers.blank_forms_pdf)
    assert sum(1 for p in forms if p.startswith("ỦY BAN NHÂN DÂN")) == 3


def test_each_blank_form_numbers_its_own_pages(db: Database, inspection: Round) -> None:
    with pdfplumber.open(io.BytesIO(blank_minutes_for_round(db, inspection.id))) as document:
        tops = []
        for page in document.pages:
            # What is printed in the top margin: the page number, from a form's second page.
            header = page.crop((0, 0, page.width, 20 * 72 / 25.4)).extract_text() or ""
            tops.append(header.strip())
    firsts = [index for index, top in enumerate(tops) if top == ""]
    assert len(firsts) == 3 and firsts[0] == 0
    for start, end in zip(firsts, [*firsts[1:], len(tops)], strict=True):
        assert tops[start + 1 : end] == [str(n) for n in range(2, end - start + 1)]


def test_the_minutes_word_copy_keeps_the_table_and_signatures(
    db: Database, inspection: Round
) -> None:
    import docx

    from kt_desktop.services.document_builder import draft_as_word

    data = draft_as_word(db, get_draft(db, draft_visit_minutes(db, inspection.dong_tam)))
    word = docx.Document(io.BytesIO(data))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in word.tables]
    checklist = next(t for t in tables if t[0][0] == "STT")
    assert checklist[1][2:4] == ["45/50 (90%)", "40/50 (80%)"]
    assert ["ĐẠI DIỆN ĐƠN VỊ", "THƯ KÝ", "TRƯỞNG ĐOÀN"] in tables[-1]
    headings = [p for p in word.paragraphs if p.text == "II. NỘI DUNG KIỂM TRA"]
    assert headings and all(run.bold for run in headings[0].runs)


def test_no_report_before_any_visit_is_made(db: Database, inspection: Round) -> None:
    with db.session() as session:
        for visit in session.exec(select(InspectionVisit)):
            visit.status = VisitStatus.PLANNED
            session.add(visit)
    with pytest.raises(UserError, match="chưa có buổi kiểm tra nào được ghi kết quả"):
        draft_round_report(db, inspection.id, today=TODAY)
    # In one go before the visits: the notice and the forms, no report yet.
    papers = produce_round_papers(db, inspection.id, today=TODAY)
    assert papers is not None and papers.report_id is None and papers.report_pdf is None
    assert [r.kind for r in list_register(db)] == [DocumentKind.NOTICE]
