"""The council's members, restrictions and recognitions, award history and the yearly register of
awards with its workbook: rules and their Vietnamese messages, and what the clerk reads back."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from kt_desktop.domain.awards import AwardForm, AwardProposal, AwardRound, PersonRestriction
from kt_desktop.domain.enums import (
    AwardOccasion,
    CouncilRole,
    DocumentKind,
    Gender,
    PersonKind,
    RecipientKind,
    RecognitionKind,
    RestrictionKind,
    UnitKind,
)
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services import awards
from kt_desktop.services.award_money import CITY_FORM_CODE, COMMUNE_FORM_CODE, proposal_amount
from kt_desktop.services.award_register import (
    CouncilMemberInput,
    add_recognition,
    add_restriction,
    award_register,
    create_council_member,
    delete_council_member,
    delete_recognition,
    delete_restriction,
    export_award_register,
    list_council_members,
    list_recognitions,
    list_restrictions,
    person_history,
    register_totals_text,
    register_years,
    set_council_member_active,
    unit_history,
    update_council_member,
    update_recognition,
    update_restriction,
)
from kt_desktop.services.database import Database
from kt_desktop.services.movement import list_periods
from kt_desktop.services.outgoing import create_draft, issue_document
from kt_desktop.services.participants import (
    PersonInput,
    UnitInput,
    create_person,
    create_unit,
    delete_person,
    delete_unit,
)
from kt_desktop.sheets.award_register_sheet import RegisterEntry, RegisterSheet, write_register

TODAY = date(2026, 11, 24)
ISSUED_ON = date(2026, 1, 20)
DECISION_TEXT = "Quyết định số 01/QĐ-UBND ngày 20/01/2026"
COMMUNE_FORM = "Giấy khen của Chủ tịch Ủy ban nhân dân xã"


@dataclass(frozen=True)
class Awarded:
    """What `build_awarded` made: one round with an issued decision, one without."""

    round_id: int
    unit_id: int  # awarded as a collective
    other_unit_id: int  # proposed in the round without a decision only
    person_id: int  # awarded
    failed_person_id: int  # voted down
    city_person_id: int  # proposed to the city, dossier sent
    chair_id: int
    member_ids: list[int]


def _unit(db: Database, code: str, name: str) -> int:
    return create_unit(db, UnitInput(code=code, name=name, kind=UnitKind.VILLAGE))


def _person(db: Database, name: str, gender: Gender, position: str, unit_id: int) -> int:
    return create_person(
        db,
        PersonInput(
            full_name=name,
            gender=gender,
            kind=PersonKind.OFFICIAL,
            position=position,
            unit_id=unit_id,
        ),
    )


def _form_id(db: Database, code: str) -> int:
    with db.session() as session:
        form = session.exec(select(AwardForm).where(AwardForm.code == code)).one()
        assert form.id is not None
        return form.id


def _member(db: Database, name: str, role: CouncilRole, gender: Gender = Gender.MALE) -> int:
    return create_council_member(db, CouncilMemberInput(name, gender, "Chủ tịch UBND xã", role))


def issue_award_decision(db: Database, round_id: int, issued_on: date = ISSUED_ON) -> int:
    """Draft the round's decision with its passed commune proposals and issue it."""
    view = awards.round_view(db, round_id, today=TODAY)
    passed = [p.id for p in view.passed_here()]
    with db.session() as session:
        amounts = {
            str(pid): proposal_amount(session, session.get(AwardProposal, pid), issued_on)
            for pid in passed
        }
    document_id = create_draft(
        db,
        DocumentKind.DECISION,
        issued_on.year,
        "Về việc tặng Giấy khen",
        "Nguyễn Văn Nghiệp",
        "CHỦ TỊCH",
        {"award_round_id": round_id, "award_proposal_ids": passed, "award_amounts": amounts},
    )
    with db.session() as session:
        award_round = session.get(AwardRound, round_id)
        assert award_round is not None
        award_round.decision_document_id = document_id
        session.add(award_round)
    issue_document(db, document_id, issued_on, render=lambda _view, _stamp: b"%PDF-1.4 test")
    return document_id


def build_awarded(db: Database) -> Awarded:
    unit_id = _unit(db, "THON01", "Thôn Đông")
    other_unit_id = _unit(db, "THON02", "Thôn Tây")
    person_id = _person(db, "Nguyễn Văn An", Gender.MALE, "Trưởng thôn", unit_id)
    failed_id = _person(db, "Lê Thị Bình", Gender.FEMALE, "Công chức", unit_id)
    city_id = _person(db, "Trần Thị Cúc", Gender.FEMALE, "Hiệu trưởng", other_unit_id)
    chair = _member(db, "Nguyễn Văn Nghiệp", CouncilRole.CHAIR)
    members = [
        chair,
        _member(db, "Phạm Quang Huy", CouncilRole.VICE_CHAIR),
        _member(db, "Đỗ Thu Hạnh", CouncilRole.MEMBER, Gender.FEMALE),
    ]
    period = list_periods(db)[0]
    commune, city = _form_id(db, COMMUNE_FORM_CODE), _form_id(db, CITY_FORM_CODE)

    round_id = awards.create_round(db, period.id, AwardOccasion.ANNUAL)
    collective = awards.add_proposal(
        db, round_id, awards.ProposalInput(commune, RecipientKind.COLLECTIVE, unit_id=unit_id)
    )
    individual = awards.add_proposal(
        db, round_id, awards.ProposalInput(commune, RecipientKind.INDIVIDUAL, person_id=person_id)
    )
    failed = awards.add_proposal(
        db, round_id, awards.ProposalInput(commune, RecipientKind.INDIVIDUAL, person_id=failed_id)
    )
    to_city = awards.add_proposal(
        db, round_id, awards.ProposalInput(city, RecipientKind.INDIVIDUAL, person_id=city_id)
    )
    awards.update_proposal(
        db, to_city, city, "Đã có thành tích xuất sắc", "Hội đồng xét theo hồ sơ năm trước"
    )
    awards.set_attendance(db, round_id, set(members))
    for proposal_id, votes_for in ((collective, 3), (individual, 3), (failed, 1), (to_city, 3)):
        awards.record_votes(db, proposal_id, votes_for, 3 - votes_for, 0, today=TODAY)
    issue_award_decision(db, round_id)
    with db.session() as session:
        award_round = session.get(AwardRound, round_id)
        assert award_round is not None
        award_round.dossier_sent_on = date(2026, 2, 5)
        session.add(award_round)

    # A second round whose passed proposals wait for a decision: not an award yet.
    pending = awards.create_round(db, list_periods(db)[1].id, AwardOccasion.ANNUAL)
    for data in (
        awards.ProposalInput(commune, RecipientKind.COLLECTIVE, unit_id=other_unit_id),
        awards.ProposalInput(commune, RecipientKind.INDIVIDUAL, person_id=person_id),
    ):
        proposal_id = awards.add_proposal(db, pending, data)
        awards.record_votes(db, proposal_id, 3, 0, 0, today=TODAY)
    return Awarded(round_id, unit_id, other_unit_id, person_id, failed_id, city_id, chair, members)


# --- the council ------------------------------------------------------------------------


def test_council_members_cleaned_ordered_and_one_active_chair(db: Database) -> None:
    decomposed = unicodedata.normalize("NFD", "nguyễn  văn nghiệp")
    member_id = _member(db, "Võ Quang Bình", CouncilRole.MEMBER)
    chair_id = create_council_member(
        db, CouncilMemberInput(decomposed, Gender.MALE, " Chủ tịch UBND xã ", CouncilRole.CHAIR)
    )
    _member(db, "Phạm Quang Huy", CouncilRole.VICE_CHAIR)
    rows = list_council_members(db)
    assert [r.role for r in rows] == [CouncilRole.CHAIR, CouncilRole.VICE_CHAIR, CouncilRole.MEMBER]
    chair = rows[0]
    assert chair.full_name == "Nguyễn Văn Nghiệp"
    assert unicodedata.is_normalized("NFC", chair.full_name)
    assert chair.position == "Chủ tịch UBND xã"
    assert chair.role_label == "Chủ tịch Hội đồng"

    with pytest.raises(ValidationError) as error:
        _member(db, "Trần Văn Cường", CouncilRole.CHAIR)
    assert error.value.message == "Hội đồng đã có Chủ tịch Hội đồng: Nguyễn Văn Nghiệp."
    with pytest.raises(ValidationError, match="đã có Chủ tịch Hội đồng"):
        update_council_member(
            db, member_id, CouncilMemberInput("Võ Quang Bình", Gender.MALE, "", CouncilRole.CHAIR)
        )
    with pytest.raises(ValidationError, match="Hãy nhập họ và tên"):
        _member(db, "   ", CouncilRole.MEMBER)
    assert len(list_council_members(db)) == 3

    # A chair who stopped leaves the place free; coming back then clashes.
    set_council_member_active(db, chair_id, False)
    new_chair = _member(db, "Trần Văn Cường", CouncilRole.CHAIR)
    assert next(r.id for r in list_council_members(db, active_only=True)) == new_chair
    with pytest.raises(ValidationError, match="Trần Văn Cường"):
        set_council_member_active(db, chair_id, True)


def test_a_member_on_an_attendance_list_is_not_deleted(db: Database) -> None:
    data = build_awarded(db)
    with pytest.raises(UserError) as error:
        delete_council_member(db, data.member_ids[2])
    assert "danh sách dự họp" in error.value.message
    assert "Ngừng" in error.value.hint
    assert len(list_council_members(db)) == 3
    # One added after the rounds were made is on no list and goes.
    newcomer = _member(db, "Bùi Thị Lụa", CouncilRole.MEMBER, Gender.FEMALE)
    delete_council_member(db, newcomer)
    assert len(list_council_members(db)) == 3


# --- restrictions -----------------------------------------------------------------------


def test_restriction_dates_and_note_checked(db: Database) -> None:
    unit_id = _unit(db, "THON01", "Thôn Đông")
    person_id = _person(db, "Nguyễn Văn An", Gender.MALE, "Trưởng thôn", unit_id)
    with pytest.raises(ValidationError) as error:
        add_restriction(
            db,
            person_id,
            RestrictionKind.DISCIPLINE,
            date(2026, 5, 1),
            date(2026, 4, 30),
            today=TODAY,
        )
    assert error.value.message == ("Ngày kết thúc 30/04/2026 sớm hơn ngày bắt đầu 01/05/2026.")
    with pytest.raises(ValidationError, match="quá xa"):
        add_restriction(
            db, person_id, RestrictionKind.INVESTIGATION, date(2027, 11, 25), today=TODAY
        )
    with pytest.raises(ValidationError, match=r"Ghi chú dài quá 1\.000 ký tự"):
        add_restriction(
            db,
            person_id,
            RestrictionKind.COMPLAINT,
            date(2026, 5, 1),
            note="x" * 1001,
            today=TODAY,
        )
    assert list_restrictions(db, person_id) == []

    first = add_restriction(
        db,
        person_id,
        RestrictionKind.DISCIPLINE,
        date(2025, 3, 1),
        date(2025, 9, 1),
        "Khiển trách",
        today=TODAY,
    )
    second = add_restriction(
        db, person_id, RestrictionKind.COMPLAINT, date(2027, 11, 24), today=TODAY
    )  # a year ahead at most: allowed
    rows = list_restrictions(db, person_id)
    assert [r.id for r in rows] == [second, first]
    assert rows[1].period_text == "Từ 01/03/2025 đến 01/09/2025"
    assert rows[0].period_text == "Từ 24/11/2027 đến nay"
    assert not rows[1].in_force(TODAY) and rows[1].in_force(date(2025, 5, 1))

    update_restriction(
        db,
        first,
        RestrictionKind.INVESTIGATION,
        date(2025, 3, 1),
        None,
        "Đang xác minh",
        today=TODAY,
    )
    updated = next(r for r in list_restrictions(db, person_id) if r.id == first)
    assert updated.kind_label == "Đang bị điều tra, xem xét"
    assert updated.end_date is None and updated.in_force(TODAY)
    delete_restriction(db, second)
    assert [r.id for r in list_restrictions(db, person_id)] == [first]


# --- recognitions -----------------------------------------------------------------------


def test_recognition_rules(db: Database) -> None:
    unit_id = _unit(db, "THON01", "Thôn Đông")
    person_id = _person(db, "Nguyễn Văn An", Gender.MALE, "Trưởng thôn", unit_id)
    kind = RecognitionKind.EXCELLENT_RATING
    with pytest.raises(ValidationError, match="đúng một cá nhân hoặc một tập thể"):
        add_recognition(db, person_id, unit_id, 2024, kind, today=TODAY)
    with pytest.raises(ValidationError, match="đúng một cá nhân hoặc một tập thể"):
        add_recognition(db, None, None, 2024, kind, today=TODAY)
    for year in (1999, 2027):
        with pytest.raises(ValidationError, match=f"Năm {year} không hợp lệ"):
            add_recognition(db, person_id, None, year, kind, today=TODAY)
    with pytest.raises(ValidationError, match="Hãy ghi hình thức khen thưởng"):
        add_recognition(db, person_id, None, 2024, RecognitionKind.AWARD, today=TODAY)
    with pytest.raises(ValidationError, match="danh hiệu của cá nhân"):
        add_recognition(db, None, unit_id, 2024, RecognitionKind.EMULATION_SOLDIER, today=TODAY)

    rating = add_recognition(
        db, person_id, None, 2024, kind, decision_text="Quyết định số 15/QĐ-UBND", today=TODAY
    )
    with pytest.raises(ValidationError) as error:
        add_recognition(db, person_id, None, 2024, kind, today=TODAY)
    assert error.value.message == "“Nguyễn Văn An” đã có “Hoàn thành xuất sắc nhiệm vụ” năm 2024."
    # The unit may hold the same rating the same year; awards may repeat.
    add_recognition(db, None, unit_id, 2024, kind, today=TODAY)
    award_name = "Giấy khen của Chủ tịch UBND huyện Kim Thành"
    for occasion in (AwardOccasion.ANNUAL, AwardOccasion.ONE_OFF):
        add_recognition(
            db, person_id, None, 2024, RecognitionKind.AWARD, award_name, occasion, today=TODAY
        )
    other = add_recognition(db, person_id, None, 2023, kind, today=TODAY)
    with pytest.raises(ValidationError, match="đã có"):
        update_recognition(db, other, 2024, kind, today=TODAY)

    rows = list_recognitions(db, person_id=person_id)
    assert [r.year for r in rows] == [2024, 2024, 2024, 2023]
    assert rows[0].title == "Hoàn thành xuất sắc nhiệm vụ"
    assert {r.title for r in rows[1:3]} == {award_name}
    assert {r.occasion_label for r in rows[1:3]} == {"Hằng năm", "Đột xuất"}
    # A title named by its kind keeps neither a form nor an occasion.
    update_recognition(
        db, rating, 2024, kind, "tên thừa", AwardOccasion.ANNUAL, "Quyết định số 16", today=TODAY
    )
    row = next(r for r in list_recognitions(db, person_id=person_id) if r.id == rating)
    assert (row.name, row.occasion, row.decision_text) == ("", None, "Quyết định số 16")
    delete_recognition(db, other)
    assert len(list_recognitions(db, unit_id=unit_id)) == 1


# --- history ----------------------------------------------------------------------------


def test_history_holds_issued_awards_city_proposals_and_recognitions(db: Database) -> None:
    data = build_awarded(db)
    add_recognition(
        db,
        data.person_id,
        None,
        2024,
        RecognitionKind.EXCELLENT_RATING,
        decision_text="Quyết định số 15/QĐ-UBND ngày 10/01/2025",
        today=TODAY,
    )
    rows = person_history(db, data.person_id)
    # The award of the issued decision, then the 2024 rating; the passed proposal of the
    # round without a decision is not an award.
    assert [(r.year, r.kind_label) for r in rows] == [(2025, "Khen thưởng"), (2024, "Xếp loại")]
    award = rows[0]
    assert award.title == COMMUNE_FORM
    assert award.occasion_label == "Hằng năm"
    assert award.decision_text == DECISION_TEXT
    assert award.amount == 350_000  # 0,15 × 2.340.000 = 351.000, to the nearest ten thousand
    assert award.amount_text == "350.000 đồng"
    assert award.register_text == "02/2026"
    assert award.source == "Trong phần mềm"
    assert rows[1].source == "Nhập tay"
    assert rows[1].title == "Hoàn thành xuất sắc nhiệm vụ"

    assert person_history(db, data.failed_person_id) == []

    city = person_history(db, data.city_person_id)
    assert [(r.kind_label, r.title) for r in city] == [
        ("Đề nghị", "Đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân thành phố")
    ]
    assert city[0].decision_text == "Hồ sơ gửi thành phố ngày 05/02/2026"
    assert city[0].amount is None

    unit_rows = unit_history(db, data.unit_id)
    assert [(r.kind_label, r.amount, r.register_text) for r in unit_rows] == [
        ("Khen thưởng", 700_000, "01/2026")
    ]
    assert unit_history(db, data.other_unit_id) == []


# --- the register -------------------------------------------------------------------------


def test_register_numbered_by_year_with_totals(db: Database) -> None:
    build_awarded(db)
    assert register_years(db) == [2026]
    rows = award_register(db, 2026)
    assert [(r.register_number, r.register_text) for r in rows] == [(1, "01/2026"), (2, "02/2026")]
    collective, person = rows
    assert (collective.name, collective.recipient_kind_label, collective.position_unit) == (
        "Thôn Đông",
        "Tập thể",
        "",
    )
    assert (person.name, person.recipient_kind_label, person.position_unit) == (
        "Ông Nguyễn Văn An",
        "Cá nhân",
        "Trưởng thôn, Thôn Đông",
    )
    assert {r.form_name for r in rows} == {COMMUNE_FORM}
    assert {(r.decision_number, r.decision_date) for r in rows} == {("01/QĐ-UBND", ISSUED_ON)}
    assert person.decision_text == DECISION_TEXT
    assert [r.amount for r in rows] == [700_000, 350_000]
    assert register_totals_text(rows) == "2 Giấy khen, tổng tiền thưởng 1.050.000 đồng"
    assert award_register(db, 2025) == []


def test_exported_register_reads_back(db: Database, tmp_path: Path) -> None:
    build_awarded(db)
    target = export_award_register(db, 2026, tmp_path / "So-khen-thuong-2026", today=TODAY)
    assert target.name == "So-khen-thuong-2026.xlsx"
    assert not list(tmp_path.glob("*.partial"))
    sheet = openpyxl.load_workbook(target).active
    assert sheet.title == "Sổ khen thưởng năm 2026"
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN XÃ KIM THÀNH"
    assert sheet["A2"].value == "SỔ KHEN THƯỞNG NĂM 2026"
    assert sheet["A3"].value == "Lập ngày 24/11/2026"
    assert sheet.freeze_panes == "A6"
    header = [cell.value for cell in sheet[5]]
    assert header[:3] == ["STT", "Số vào sổ", "Tập thể, cá nhân được khen thưởng"]
    assert header[-1] == "Tiền thưởng (đồng)"
    first, second, total = (list(row) for row in sheet.iter_rows(min_row=6, max_row=8))
    assert [c.value for c in second] == [
        2,
        "02/2026",
        "Ông Nguyễn Văn An",
        "Cá nhân",
        "Trưởng thôn, Thôn Đông",
        COMMUNE_FORM,
        "01/QĐ-UBND",
        datetime(2026, 1, 20),
        350_000,
    ]
    assert first[2].value == "Thôn Đông" and first[8].value == 700_000
    assert second[7].number_format == "dd/mm/yyyy"
    assert second[8].number_format == "#,##0"
    assert total[0].value == "Tổng cộng"
    assert total[2].value == "2 Giấy khen, tổng tiền thưởng 1.050.000 đồng"
    assert total[8].value == 1_050_000 == first[8].value + second[8].value
    assert sheet.max_row == 8
    assert sheet.column_dimensions["C"].width >= 30


def test_register_export_refusals(db: Database, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Năm 2026 chưa có quyết định khen thưởng nào"):
        export_award_register(db, 2026, tmp_path / "x.xlsx")
    build_awarded(db)
    out = tmp_path / "out"
    folder = out / "taken.xlsx"
    folder.mkdir(parents=True)
    with pytest.raises(UserError, match=r"Không ghi được tệp “taken\.xlsx”"):
        export_award_register(db, 2026, folder)
    assert list(out.iterdir()) == [folder]  # no half-written file left


def test_register_sheet_writes_formula_like_text_as_text(tmp_path: Path) -> None:
    entry = RegisterEntry(
        "01/2026", "=1+2", "Tập thể", "-Thôn Đông", "@Giấy khen", "01/QĐ-UBND", ISSUED_ON, 1
    )
    sheet_data = RegisterSheet(2026, "ỦY BAN NHÂN DÂN XÃ KIM THÀNH", TODAY, [entry], "1 Giấy khen")
    sheet = openpyxl.load_workbook(write_register(sheet_data, tmp_path / "a.xlsx")).active
    row = next(iter(sheet.iter_rows(min_row=6, max_row=6)))
    assert [(row[i].value, row[i].data_type) for i in (2, 4, 5)] == [
        ("=1+2", "s"),
        ("-Thôn Đông", "s"),
        ("@Giấy khen", "s"),
    ]


# --- delete guards ------------------------------------------------------------------------


def test_units_and_people_in_awards_are_not_deleted(db: Database) -> None:
    data = build_awarded(db)
    with pytest.raises(UserError) as error:
        delete_unit(db, data.other_unit_id)
    assert "đề nghị trong các đợt xét khen thưởng" in error.value.message
    with pytest.raises(UserError, match="đề nghị trong các đợt xét khen thưởng"):
        delete_person(db, data.person_id)

    loner_unit = _unit(db, "THON09", "Thôn Chín")
    loner = create_person(
        db, PersonInput(full_name="Hà Văn Chín", gender=Gender.MALE, kind=PersonKind.CITIZEN)
    )
    add_restriction(db, loner, RestrictionKind.COMPLAINT, date(2026, 1, 1), today=TODAY)
    add_recognition(db, None, loner_unit, 2025, RecognitionKind.EXCELLENT_RATING, today=TODAY)
    with pytest.raises(UserError, match="1 ghi nhận kỷ luật, điều tra, khiếu nại"):
        delete_person(db, loner)
    with pytest.raises(UserError, match="1 danh hiệu, khen thưởng đã ghi nhận"):
        delete_unit(db, loner_unit)
    update_council_member(
        db,
        data.member_ids[2],
        CouncilMemberInput(
            "Đỗ Thu Hạnh",
            Gender.FEMALE,
            "",
            CouncilRole.MEMBER,
            person_id=None,
            headed_unit_id=loner_unit,
        ),
    )
    with db.session() as session:
        for row in session.exec(select(PersonRestriction)):
            session.delete(row)
    delete_person(db, loner)  # nothing else refers to them
    with pytest.raises(UserError, match="thành viên Hội đồng Thi đua – Khen thưởng"):
        delete_unit(db, loner_unit)
