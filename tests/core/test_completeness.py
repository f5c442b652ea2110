"""The completeness view of a period and the reminder letter to units that still owe results."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from datetime import date

import pdfplumber
import pytest
from sqlmodel import select

from kt_desktop.domain import Criterion, Result
from kt_desktop.domain.enums import DocumentKind, DocumentState, ReviewStatus, UnitKind
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.completeness import (
    ADDRESSEES_BY_LIST,
    ANNEX_HEADERS,
    completeness_matrix,
    create_reminder_letter,
    late_units,
    short_wording,
)
from kt_desktop.services.database import Database
from kt_desktop.services.document_builder import render_draft
from kt_desktop.services.figures import CellState
from kt_desktop.services.movement import list_periods
from kt_desktop.services.outgoing import get_draft, list_register
from kt_desktop.services.participants import UnitInput, create_unit, set_unit_active
from kt_desktop.services.settings import Signer, get_commune_identity, save_commune_identity

TODAY = date(2026, 11, 24)
DEADLINE = date(2026, 12, 15)
UNIT_CRITERIA = 17  # TT01–TT06 and CT01–CT11 of the plan judge departments and villages

S = CellState


def period_id(db: Database, name: str = "Năm 2026") -> int:
    return next(p.id for p in list_periods(db) if p.name == name)


def add_results(
    db: Database, period: int, unit_id: int, states: dict[str, tuple[object, ...]]
) -> None:
    """Results of one unit by criterion code: (ReviewStatus, not_applicable, return reason)."""
    with db.session() as session:
        ids = {
            c.code: c.id
            for c in session.exec(select(Criterion).where(Criterion.period_id == period))
        }
        for code, (status, not_applicable, reason) in states.items():
            session.add(
                Result(
                    period_id=period,
                    criterion_id=ids[code],
                    unit_id=unit_id,
                    review_status=status,
                    not_applicable=bool(not_applicable),
                    not_applicable_reason="Không phát sinh" if not_applicable else "",
                    return_reason=str(reason),
                    received_on=date(2026, 10, 1),
                )
            )


def all_sent(status: ReviewStatus = ReviewStatus.ACCEPTED) -> dict[str, tuple[object, ...]]:
    codes = [f"TT{n:02d}" for n in range(1, 7)] + [f"CT{n:02d}" for n in range(1, 12)]
    return {code: (status, False, "") for code in codes}


@dataclass(frozen=True)
class Commune:
    period: int
    office: int  # Phòng Kinh tế: sent everything
    east: int  # Thôn Đông: a mix of every state
    west: int  # Thôn Tây: sent nothing
    young: int  # Đoàn Thanh niên: a mass organisation, only DK01 is meant for it
    closed: int  # an inactive village, never listed


@pytest.fixture
def commune(db: Database) -> Commune:
    period = period_id(db)
    office = create_unit(db, UnitInput("PKT", "Phòng Kinh tế", UnitKind.DEPARTMENT))
    east = create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    west = create_unit(db, UnitInput("THON02", "Thôn Tây", UnitKind.VILLAGE))
    young = create_unit(db, UnitInput("DTN", "Đoàn Thanh niên xã", UnitKind.MASS_ORGANISATION))
    closed = create_unit(db, UnitInput("THON09", "Thôn Cũ", UnitKind.VILLAGE))
    set_unit_active(db, closed, False)
    add_results(db, period, office, all_sent())
    add_results(
        db,
        period,
        east,
        {
            "TT01": (ReviewStatus.RECEIVED, False, ""),
            "TT02": (ReviewStatus.IN_REVIEW, False, ""),
            "TT03": (ReviewStatus.ACCEPTED, False, ""),
            "TT04": (ReviewStatus.RETURNED, False, "Thiếu tài liệu minh chứng"),
            "TT05": (ReviewStatus.RECEIVED, True, ""),
            **{f"CT{n:02d}": (ReviewStatus.ACCEPTED, False, "") for n in range(1, 11)},
            # CT11 and TT06 are missing
        },
    )
    # A result of another period never shows in this one.
    add_results(db, period_id(db, "Năm 2025"), west, all_sent())
    return Commune(period, office, east, west, young, closed)


def test_each_cell_has_its_state_and_criteria_follow_the_units_listed(
    db: Database, commune: Commune
) -> None:
    matrix = completeness_matrix(db, commune.period)
    # By kind (departments, mass organisations, villages), then Vietnamese name order.
    assert [u.name for u in matrix.units] == [
        "Phòng Kinh tế",
        "Đoàn Thanh niên xã",
        "Thôn Đông",
        "Thôn Tây",
    ]
    codes = [c.code for c in matrix.criteria]
    # CN01 judges individuals: never a column. DK01 is for the mass organisation listed.
    assert codes[:6] == ["TT01", "TT02", "TT03", "TT04", "TT05", "TT06"]
    assert "CN01" not in codes and codes[-1] == "DK01" and len(codes) == UNIT_CRITERIA + 1
    east = matrix.cells[matrix.row_of(commune.east)]
    assert east[:6] == [
        S.RECEIVED,
        S.IN_REVIEW,
        S.ACCEPTED,
        S.RETURNED,
        S.NOT_APPLICABLE,
        S.MISSING,
    ]
    assert east[codes.index("CT11")] == S.MISSING
    # Not meant for a village (None) is not the same as marked "không áp dụng".
    assert east[codes.index("DK01")] is None
    young = matrix.cells[matrix.row_of(commune.young)]
    assert young[:-1] == [None] * UNIT_CRITERIA and young[-1] == S.MISSING
    assert matrix.row_of(commune.closed) == -1
    assert matrix.return_reason(matrix.row_of(commune.east), codes.index("TT04")) == (
        "Thiếu tài liệu minh chứng"
    )


def test_counts_overall_per_unit_and_what_is_owed(db: Database, commune: Commune) -> None:
    matrix = completeness_matrix(db, commune.period)
    assert matrix.counts == {
        S.MISSING: 2 + UNIT_CRITERIA + 1,  # Thôn Đông 2, Thôn Tây all 17, Đoàn Thanh niên 1
        S.RECEIVED: 1,
        S.IN_REVIEW: 1,
        S.ACCEPTED: UNIT_CRITERIA + 11,
        S.RETURNED: 1,
        S.NOT_APPLICABLE: 1,
    }
    row = matrix.row_of(commune.east)
    assert matrix.unit_counts[row] == {
        S.RECEIVED: 1,
        S.IN_REVIEW: 1,
        S.ACCEPTED: 11,
        S.RETURNED: 1,
        S.NOT_APPLICABLE: 1,
        S.MISSING: 2,
    }
    codes = [c.code for c in matrix.criteria]
    assert [codes[i] for i in matrix.owed[row]] == ["TT04", "TT06", "CT11"]
    assert matrix.owed[matrix.row_of(commune.office)] == ()
    assert matrix.late_unit_count() == 3


def test_filter_by_kind_keeps_only_its_units_and_criteria(db: Database, commune: Commune) -> None:
    villages = completeness_matrix(db, commune.period, UnitKind.VILLAGE)
    assert [u.name for u in villages.units] == ["Thôn Đông", "Thôn Tây"]
    assert "DK01" not in [c.code for c in villages.criteria]
    assert villages.counts[S.MISSING] == 2 + UNIT_CRITERIA
    organisations = completeness_matrix(db, commune.period, UnitKind.MASS_ORGANISATION)
    assert [c.code for c in organisations.criteria] == ["DK01"]
    assert completeness_matrix(db, commune.period, UnitKind.SCHOOL).units == []


def test_vietnamese_name_order_within_a_kind(db: Database) -> None:
    for code, name in (
        ("T1", "Thôn Tây"),
        ("T2", "Thôn Đông"),
        ("T3", "Thôn Dương"),
        ("T4", "Thôn Ấp"),
    ):
        create_unit(db, UnitInput(code, name, UnitKind.VILLAGE))
    matrix = completeness_matrix(db, period_id(db))
    assert [u.name for u in matrix.units] == ["Thôn Ấp", "Thôn Dương", "Thôn Đông", "Thôn Tây"]


def test_late_units_list_what_each_owes(db: Database, commune: Commune) -> None:
    matrix = completeness_matrix(db, commune.period)
    late = late_units(matrix)
    assert [entry.unit.name for entry in late] == ["Đoàn Thanh niên xã", "Thôn Đông", "Thôn Tây"]
    east = late[1]
    assert [(i.criterion.code, i.state, i.return_reason) for i in east.owed] == [
        ("TT04", S.RETURNED, "Thiếu tài liệu minh chứng"),
        ("TT06", S.MISSING, ""),
        ("CT11", S.MISSING, ""),
    ]
    assert not east.sent_nothing and late[2].sent_nothing
    assert [e.unit.id for e in late_units(matrix, [commune.west, commune.office])] == [commune.west]


def test_short_wording_cuts_at_a_word() -> None:
    assert short_wording("Ngắn gọn") == "Ngắn gọn"
    text = "80% trở lên thủ tục hành chính sử dụng dịch vụ công trực tuyến của người dân"
    cut = short_wording(text, 40)
    assert cut == "80% trở lên thủ tục hành chính sử dụng…" and len(cut) <= 40


def pdf_text(db: Database, document_id: int) -> list[str]:
    pdf = render_draft(db, get_draft(db, document_id), None)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            " ".join(unicodedata.normalize("NFC", page.extract_text()).split())
            for page in document.pages
        ]


def test_the_reminder_letter_is_a_draft_with_its_list(db: Database, commune: Commune) -> None:
    document_id = create_reminder_letter(
        db, commune.period, [commune.west, commune.east], DEADLINE, today=TODAY
    )
    draft = get_draft(db, document_id)
    assert draft.kind == DocumentKind.OFFICIAL_LETTER
    assert draft.summary == "V/v đôn đốc gửi kết quả thực hiện phong trào thi đua năm 2026"
    assert draft.symbol == "UBND-VHXH" and draft.signer_name == "Nguyễn Văn Nghiệp"
    # The matrix's order, not the order of selection.
    assert draft.content["addressees"] == ["Thôn Đông", "Thôn Tây"]
    body = " ".join(draft.content["paragraphs"])
    assert "Tính đến ngày 24 tháng 11 năm 2026" in body
    assert "còn 02 đơn vị chưa gửi đầy đủ" in body
    assert "về Phòng Văn hóa – Xã hội trước ngày 15 tháng 12 năm 2026" in body
    assert "đã bị trả lại" in body  # Thôn Đông has a returned result
    annex = draft.content["annex"]
    assert annex["title_lines"][0] == "DANH SÁCH"
    assert (
        annex["headers"] == ANNEX_HEADERS == ["STT", "Đơn vị", "Tiêu chí còn thiếu", "Tình trạng"]
    )
    rows = annex["rows"]
    assert rows[0][:2] == ["1", "Thôn Đông"] and rows[0][2].startswith("TT04 – ")
    assert rows[0][3] == "Trả lại: Thiếu tài liệu minh chứng"
    assert [r[:2] for r in rows[1:3]] == [["", "Thôn Đông"], ["", "Thôn Đông"]]
    assert [r[2][:4] for r in rows[1:3]] == ["TT06", "CT11"]
    assert [r[3] for r in rows[1:3]] == ["Chưa nộp", "Chưa nộp"]
    # A unit that sent nothing takes one row.
    assert rows[3] == ["2", "Thôn Tây", "Chưa gửi kết quả tiêu chí nào (17 tiêu chí)", "Chưa nộp"]
    assert len(rows) == 4
    register = list_register(db)
    assert [(r.id, r.state) for r in register] == [(document_id, DocumentState.DRAFT)]

    pages = pdf_text(db, document_id)
    first = pages[0]
    assert "V/v đôn đốc gửi kết quả thực hiện phong trào thi đua năm 2026" in first
    assert "Kính gửi:" in first and "Thôn Đông" in first
    assert "QUYẾT ĐỊNH" not in first and "CÔNG VĂN" not in first  # a letter has no kind title
    assert "Đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./." in first
    annex_text = pages[-1]
    for words in ("DANH SÁCH", "Thôn Tây", "Trả lại:", "Tình trạng", "Chưa nộp"):
        assert words in annex_text


def test_more_than_six_units_are_addressed_by_the_list(db: Database) -> None:
    period = period_id(db)
    ids = [
        create_unit(db, UnitInput(f"THON{n:02d}", f"Thôn số {n}", UnitKind.VILLAGE))
        for n in range(1, 8)
    ]
    document_id = create_reminder_letter(db, period, ids, DEADLINE, today=TODAY)
    draft = get_draft(db, document_id)
    assert draft.content["addressees"] == [ADDRESSEES_BY_LIST]
    assert len(draft.content["annex"]["rows"]) == 7
    assert "còn 07 đơn vị" in " ".join(draft.content["paragraphs"])
    # Nobody's result was returned: no sentence about returned results.
    assert "trả lại" not in " ".join(draft.content["paragraphs"])
    six = create_reminder_letter(db, period, ids[:6], DEADLINE, today=TODAY)
    assert len(get_draft(db, six).content["addressees"]) == 6


def test_the_office_head_is_the_contact_when_named(db: Database, commune: Commune) -> None:
    identity = get_commune_identity(db)
    save_commune_identity(
        db,
        identity.__class__(
            **{
                **identity.__dict__,
                "signers": (
                    Signer("Chủ tịch Ủy ban nhân dân xã", "Nguyễn Văn Nghiệp"),
                    Signer("Trưởng phòng Văn hóa – Xã hội", "Trần Thị Hoa"),
                ),
            }
        ),
    )
    document_id = create_reminder_letter(db, commune.period, [commune.west], DEADLINE, today=TODAY)
    body = " ".join(get_draft(db, document_id).content["paragraphs"])
    assert "liên hệ Phòng Văn hóa – Xã hội (đồng chí Trần Thị Hoa, Trưởng phòng" in body
    assert "đề nghị đơn vị khẩn trương" in body  # one unit: not "các đơn vị"


def test_refusals(db: Database, commune: Commune) -> None:
    with pytest.raises(UserError, match="Chưa chọn đơn vị nào"):
        create_reminder_letter(db, commune.period, [], DEADLINE, today=TODAY)
    with pytest.raises(UserError, match="“Phòng Kinh tế” đã gửi đủ kết quả năm 2026"):
        create_reminder_letter(
            db, commune.period, [commune.east, commune.office], DEADLINE, today=TODAY
        )
    with pytest.raises(ValidationError, match="Hạn gửi 23/11/2026 đã qua") as raised:
        create_reminder_letter(db, commune.period, [commune.east], date(2026, 11, 23), today=TODAY)
    assert raised.value.field == "deadline"
    with pytest.raises(UserError, match="ngừng hoạt động"):
        create_reminder_letter(db, commune.period, [commune.closed], DEADLINE, today=TODAY)
    assert list_register(db) == []
    # The deadline may be today.
    create_reminder_letter(db, commune.period, [commune.east], TODAY, today=TODAY)


def test_no_reminder_once_the_periods_results_are_locked(db: Database, commune: Commune) -> None:
    from kt_desktop.domain import Period

    with db.session() as session:
        period = session.get(Period, commune.period)
        assert period is not None
        period.results_lock_reason = "Đã dùng trong Quyết định khen thưởng"
        session.add(period)
    assert completeness_matrix(db, commune.period).results_locked
    with pytest.raises(UserError, match="Kết quả năm 2026 đã khóa"):
        create_reminder_letter(db, commune.period, [commune.west], DEADLINE, today=TODAY)


def test_an_unknown_period_is_a_user_error(db: Database) -> None:
    with pytest.raises(UserError, match="Kỳ thi đua này không còn"):
        completeness_matrix(db, 999_999)
