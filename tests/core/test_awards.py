"""Award rounds: reward money, proposals and their eligibility rules, the council's quorum,
conflicts of interest and votes, and what issuing the decision fixes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import Session, col, select

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
from kt_desktop.domain.enums import (
    AwardOccasion,
    CouncilRole,
    DocumentKind,
    Gender,
    MoneyRounding,
    PersonKind,
    ProposalSource,
    RecipientKind,
    RecognitionKind,
    RecognitionLevel,
    RestrictionKind,
    UnitKind,
)
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services import award_money, awards
from kt_desktop.services.award_settings import (
    AwardSettings,
    get_award_settings,
    save_award_settings,
)
from kt_desktop.services.awards import refresh_open_rounds
from kt_desktop.services.database import Database
from kt_desktop.services.movement import list_periods
from kt_desktop.services.outgoing import create_draft, issue_document
from kt_desktop.services.participants import (
    PersonInput,
    UnitInput,
    create_person,
    create_unit,
)
from kt_desktop.services.results import period_lock_reason

TODAY = date(2026, 11, 24)


@dataclass
class World:
    period_id: int
    round_id: int
    east: int
    west: int
    an: int  # Nguyễn Văn An, of Thôn Đông
    hoa: int  # Trần Thị Hoa, of Thôn Tây
    members: list[int]
    commune_form: int
    city_form: int


def _form_id(db: Database, code: str) -> int:
    return next(f.id for f in award_money.list_forms(db) if f.code == code)


@pytest.fixture
def world(db: Database) -> World:
    period_id = next(p.id for p in list_periods(db) if p.name == "Năm 2025")
    east = create_unit(
        db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE, "Nguyễn Văn Hùng", "Trưởng thôn")
    )
    west = create_unit(
        db, UnitInput("THON02", "Thôn Tây", UnitKind.VILLAGE, "Bùi Thị Mai", "Trưởng thôn")
    )
    an = create_person(
        db,
        PersonInput(
            "Nguyễn Văn An", Gender.MALE, PersonKind.CITIZEN, position="Công an viên", unit_id=east
        ),
        TODAY,
    )
    hoa = create_person(
        db,
        PersonInput("Trần Thị Hoa", Gender.FEMALE, PersonKind.OFFICIAL, unit_id=west),
        TODAY,
    )
    members = []
    with db.session() as session:
        for order, (name, gender, role) in enumerate(
            (
                ("Nguyễn Văn Nghiệp", Gender.MALE, CouncilRole.CHAIR),
                ("Phạm Thị Lan", Gender.FEMALE, CouncilRole.VICE_CHAIR),
                ("Lê Văn Bình", Gender.MALE, CouncilRole.STANDING),
                ("Vũ Văn Cường", Gender.MALE, CouncilRole.MEMBER),
                ("Đỗ Thị Mai", Gender.FEMALE, CouncilRole.MEMBER),
            )
        ):
            member = CouncilMember(
                full_name=name, gender=gender, position="Ủy viên", role=role, sort_order=order
            )
            # Lê Văn Bình heads Thôn Đông; Đỗ Thị Mai is the register's Trần Thị Hoa's
            # stand-in for a member who is herself a nominee.
            if name == "Lê Văn Bình":
                member.headed_unit_id = east
            session.add(member)
            session.flush()
            assert member.id is not None
            members.append(member.id)
    round_id = awards.create_round(db, period_id, AwardOccasion.ANNUAL)
    return World(
        period_id,
        round_id,
        east,
        west,
        an,
        hoa,
        members,
        _form_id(db, award_money.COMMUNE_FORM_CODE),
        _form_id(db, award_money.CITY_FORM_CODE),
    )


def collective(world: World, unit_id: int, form_id: int | None = None) -> awards.ProposalInput:
    return awards.ProposalInput(
        form_id=form_id or world.commune_form,
        recipient_kind=RecipientKind.COLLECTIVE,
        unit_id=unit_id,
    )


def individual(world: World, person_id: int, form_id: int | None = None) -> awards.ProposalInput:
    return awards.ProposalInput(
        form_id=form_id or world.commune_form,
        recipient_kind=RecipientKind.INDIVIDUAL,
        person_id=person_id,
    )


def snapshot(db: Database) -> list[list[dict[str, Any]]]:
    tables = (AwardRound, AwardProposal, CouncilAttendance, CouncilRecusal)
    with db.session() as session:
        return [
            [row.model_dump() for row in session.exec(select(table).order_by(col(table.id)))]
            for table in tables
        ]


def refused(db: Database, action: Any) -> str:
    before = snapshot(db)
    with pytest.raises(UserError) as caught:
        action()
    assert snapshot(db) == before, "a refused change must write nothing"
    return str(caught.value)


def line(db: Database, world: World, proposal_id: int) -> awards.ProposalLine:
    view = awards.round_view(db, world.round_id, TODAY)
    return next(p for p in view.proposals if p.id == proposal_id)


# --- money -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "rounding", "amount"),
    [
        ("223500", MoneyRounding.NEAREST, 220_000),
        ("447000", MoneyRounding.NEAREST, 450_000),
        ("351000", MoneyRounding.NEAREST, 350_000),
        ("702000", MoneyRounding.NEAREST, 700_000),
        ("225000", MoneyRounding.NEAREST, 230_000),
        ("223500", MoneyRounding.UP, 230_000),
        ("447000", MoneyRounding.DOWN, 440_000),
        ("440000", MoneyRounding.UP, 440_000),
    ],
)
def test_amounts_round_to_the_ten_thousand(raw: str, rounding: MoneyRounding, amount: int) -> None:
    assert award_money.round_amount(Decimal(raw), rounding) == amount


def test_the_rates_in_force_on_the_decision_date_apply(db: Database, world: World) -> None:
    with db.session() as session:
        form = session.get(AwardForm, world.commune_form)
        assert form is not None
        assert award_money.amount_on(session, form, RecipientKind.INDIVIDUAL, TODAY) == 350_000
        assert award_money.amount_on(session, form, RecipientKind.COLLECTIVE, TODAY) == 700_000
    award_money.add_base_salary(db, 2_530_000, date(2026, 7, 1), MoneyRounding.NEAREST)
    award_money.add_rate(
        db, world.commune_form, RecipientKind.INDIVIDUAL, Decimal("0.2"), date(2027, 1, 1)
    )
    with db.session() as session:
        form = session.get(AwardForm, world.commune_form)
        assert form is not None
        # A decision of June 2026 keeps the old salary; one of 2026-11 takes the new one.
        assert (
            award_money.amount_on(session, form, RecipientKind.INDIVIDUAL, date(2026, 6, 30))
            == 350_000
        )
        # 0,15 × 2.530.000 = 379.500 -> 380.000
        assert award_money.amount_on(session, form, RecipientKind.INDIVIDUAL, TODAY) == 380_000
        # 0,2 × 2.530.000 = 506.000 -> 510.000
        assert (
            award_money.amount_on(session, form, RecipientKind.INDIVIDUAL, date(2027, 2, 1))
            == 510_000
        )


def test_bad_money_settings_are_refused(db: Database, world: World) -> None:
    with pytest.raises(ValidationError, match="lớn hơn 0 đồng"):
        award_money.add_base_salary(db, 0, date(2026, 7, 1), MoneyRounding.NEAREST)
    with pytest.raises(ValidationError, match="Đã có mức lương cơ sở"):
        award_money.add_base_salary(db, 2_500_000, date(2024, 7, 1), MoneyRounding.NEAREST)
    with pytest.raises(ValidationError, match="Hệ số"):
        award_money.add_rate(
            db, world.commune_form, RecipientKind.INDIVIDUAL, Decimal(0), date(2027, 1, 1)
        )
    assert len(award_money.list_base_salaries(db)) == 1
    with pytest.raises(UserError, match="đã có hiệu lực"):
        award_money.delete_future_base_salary(db, award_money.list_base_salaries(db)[0].id, TODAY)


# --- the council's arithmetic ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "quorum", "votes"),
    [(9, 6, 5), (5, 4, 3), (7, 5, 4), (10, 7, 6), (1, 1, 1)],
)
def test_quorum_and_pass_threshold(members: int, quorum: int, votes: int) -> None:
    settings = AwardSettings()
    assert awards.quorum_needed(members, settings) == quorum
    assert awards.votes_needed(members, members, settings) == votes


def test_settings_round_trip_and_survive_damage(db: Database) -> None:
    settings = AwardSettings(quorum_numerator=1, quorum_denominator=2, route_initiatives=1)
    save_award_settings(db, settings)
    assert get_award_settings(db) == settings
    assert AwardSettings.from_json("not json") == AwardSettings()
    assert AwardSettings.from_json('{"rules": [{"code": "restriction", "enabled": false}]}')
    damaged = AwardSettings.from_json('{"rules": [{"code": "restriction", "enabled": false}]}')
    assert not damaged.rule_enabled("restriction") and damaged.rule_enabled("city_route")
    with pytest.raises(ValidationError):
        save_award_settings(db, AwardSettings(pass_numerator=2, pass_denominator=2))


# --- proposals and rules ---------------------------------------------------------------------


def test_a_recipient_is_proposed_once_per_round(db: Database, world: World) -> None:
    awards.add_proposal(db, world.round_id, individual(world, world.an))
    message = refused(
        db,
        lambda: awards.add_proposal(
            db, world.round_id, individual(world, world.an, world.city_form)
        ),
    )
    assert "“Nguyễn Văn An” đã có trong danh sách đề nghị" in message
    awards.add_proposal(db, world.round_id, collective(world, world.east))
    assert "Thôn Đông" in refused(
        db, lambda: awards.add_proposal(db, world.round_id, collective(world, world.east))
    )


def test_a_person_under_discipline_is_shown_why(db: Database, world: World) -> None:
    with db.session() as session:
        session.add(
            PersonRestriction(
                person_id=world.an,
                kind=RestrictionKind.DISCIPLINE,
                start_date=date(2026, 3, 1),
                note="Khiển trách",
            )
        )
    proposal = awards.add_proposal(db, world.round_id, individual(world, world.an))
    failures = line(db, world, proposal).failures
    assert [f.text for f in failures] == ["Đang bị kỷ luật (từ 01/03/2026 đến nay): Khiển trách"]
    # A restriction that ended before the meeting doesn't count.
    with db.session() as session:
        row = session.exec(select(PersonRestriction)).one()
        row.end_date = date(2026, 6, 30)
        session.add(row)
    assert line(db, world, proposal).failures == []


def test_the_city_route_names_each_missing_condition(db: Database, world: World) -> None:
    proposal = awards.add_proposal(
        db, world.round_id, individual(world, world.hoa, world.city_form)
    )
    texts = [f.text for f in line(db, world, proposal).failures]
    assert texts == [
        "Chưa đủ 02 năm liên tục “Hoàn thành xuất sắc nhiệm vụ” hoặc “Chiến sĩ thi đua cơ sở” "
        "(2024–2025; có: chưa có năm nào)",
        "Chưa đủ 02 sáng kiến được công nhận (có: 0)",
    ]
    with db.session() as session:
        for year in (2024, 2025):
            session.add(
                RecognitionRecord(
                    person_id=world.hoa, year=year, kind=RecognitionKind.EXCELLENT_RATING
                )
            )
    texts = [f.text for f in line(db, world, proposal).failures]
    assert texts == ["Chưa đủ 02 sáng kiến được công nhận (có: 0)"]
    # Two years as "Chiến sĩ thi đua cơ sở" is a route of its own.
    with db.session() as session:
        for year in (2024, 2025):
            session.add(
                RecognitionRecord(
                    person_id=world.hoa, year=year, kind=RecognitionKind.EMULATION_SOLDIER
                )
            )
    assert line(db, world, proposal).failures == []
    # The commune's Giấy khen has no such route.
    assert awards.add_proposal(db, world.round_id, individual(world, world.an)) > 0


def test_recognised_initiatives_complete_the_city_route(db: Database, world: World) -> None:
    from kt_desktop.domain.initiatives import Initiative, InitiativeAuthor

    with db.session() as session:
        for year in (2024, 2025):
            session.add(
                RecognitionRecord(
                    person_id=world.hoa, year=year, kind=RecognitionKind.EXCELLENT_RATING
                )
            )
        for title in ("Số hóa sổ hộ tịch", "Zalo OA tiếp nhận phản ánh"):
            initiative = Initiative(
                period_id=world.period_id,
                title=title,
                recognised_on=date(2025, 12, 1),
                recognition_level=RecognitionLevel.GRASSROOTS,
            )
            session.add(initiative)
            session.flush()
            assert initiative.id is not None
            session.add(InitiativeAuthor(initiative_id=initiative.id, person_id=world.hoa))
    proposal = awards.add_proposal(
        db, world.round_id, individual(world, world.hoa, world.city_form)
    )
    assert line(db, world, proposal).failures == []


def test_a_member_heading_a_proposed_unit_abstains(db: Database, world: World) -> None:
    proposal = awards.add_proposal(db, world.round_id, collective(world, world.east))
    recused = line(db, world, proposal).recused
    assert [(name, reason) for _, name, reason in recused] == [
        ("Lê Văn Bình", "Là người đứng đầu tập thể được đề nghị khen thưởng")
    ]
    # Absent from the meeting, he has nothing to abstain from.
    awards.set_attendance(db, world.round_id, set(world.members) - {world.members[2]})
    assert line(db, world, proposal).recused == []


# --- votes -------------------------------------------------------------------------------------


def test_votes_need_a_quorum_and_fit_the_members_present(db: Database, world: World) -> None:
    proposal = awards.add_proposal(db, world.round_id, collective(world, world.east))
    awards.set_attendance(db, world.round_id, set(world.members[:3]))
    assert "có mặt 3/5, cần ít nhất 4" in refused(
        db, lambda: awards.record_votes(db, proposal, 3, 0, 0, TODAY)
    )
    awards.set_attendance(db, world.round_id, set(world.members))
    assert "lớn hơn số thành viên có mặt (5)" in refused(
        db, lambda: awards.record_votes(db, proposal, 5, 1, 0, TODAY)
    )
    # Lê Văn Bình heads Thôn Đông: at most four members vote on it.
    assert "tối đa là 4" in refused(db, lambda: awards.record_votes(db, proposal, 5, 0, 0, TODAY))
    assert awards.record_votes(db, proposal, 4, 0, 1, TODAY) is True
    assert awards.record_votes(db, proposal, 2, 2, 1, TODAY) is False
    assert line(db, world, proposal).passed is False


def test_a_proposal_failing_a_rule_needs_a_written_reason(db: Database, world: World) -> None:
    with db.session() as session:
        session.add(
            PersonRestriction(
                person_id=world.an, kind=RestrictionKind.COMPLAINT, start_date=date(2025, 1, 1)
            )
        )
    proposal = awards.add_proposal(db, world.round_id, individual(world, world.an))
    message = refused(db, lambda: awards.record_votes(db, proposal, 5, 0, 0, TODAY))
    assert "chưa đạt điều kiện" in message and "khiếu nại" in message
    awards.update_proposal(
        db,
        proposal,
        world.commune_form,
        "Đã có thành tích xuất sắc",
        "Đơn thư đã được xác minh là không có cơ sở",
    )
    assert awards.record_votes(db, proposal, 5, 0, 0, TODAY) is True
    kept = line(db, world, proposal)
    assert kept.override_reason == "Đơn thư đã được xác minh là không có cơ sở"
    assert kept.failures and not kept.blocked


def test_changing_what_was_voted_clears_the_vote(db: Database, world: World) -> None:
    proposal = awards.add_proposal(db, world.round_id, individual(world, world.an))
    awards.record_votes(db, proposal, 5, 0, 0, TODAY)
    awards.update_proposal(db, proposal, world.commune_form, "Thành tích khác", "")
    assert line(db, world, proposal).passed is None


# --- issuing the decision -----------------------------------------------------------------------


def _proposal(session: Session, proposal_id: int) -> AwardProposal:
    proposal = session.get(AwardProposal, proposal_id)
    assert proposal is not None
    return proposal


def _issue(db: Database, world: World, proposal_ids: list[int], on: date) -> int:
    with db.session() as session:
        amounts = {
            str(pid): award_money.proposal_amount(session, _proposal(session, pid), on)
            for pid in proposal_ids
        }
    document = create_draft(
        db,
        DocumentKind.DECISION,
        on.year,
        "Về việc tặng Giấy khen",
        "Nguyễn Văn Nghiệp",
        "CHỦ TỊCH",
        {
            "paragraphs": ["Tặng Giấy khen."],
            "award_round_id": world.round_id,
            "award_proposal_ids": proposal_ids,
            "award_amounts": amounts,
        },
    )
    issue_document(db, document, on, lambda view, stamp: b"%PDF-1.4 test")
    with db.session() as session:
        award_round = session.get(AwardRound, world.round_id)
        assert award_round is not None
        award_round.decision_document_id = document
        session.add(award_round)
    return document


def test_issuing_fixes_amounts_numbers_and_locks(db: Database, world: World) -> None:
    east = awards.add_proposal(db, world.round_id, collective(world, world.east))
    an = awards.add_proposal(db, world.round_id, individual(world, world.an))
    hoa = awards.add_proposal(db, world.round_id, individual(world, world.hoa))
    awards.record_votes(db, east, 4, 0, 1, TODAY)
    awards.record_votes(db, an, 5, 0, 0, TODAY)
    awards.record_votes(db, hoa, 1, 4, 0, TODAY)
    _issue(db, world, [east, an], TODAY)
    view = awards.round_view(db, world.round_id, TODAY)
    by_id = {p.id: p for p in view.proposals}
    assert (by_id[east].amount, by_id[an].amount) == (700_000, 350_000)
    assert (by_id[east].register_text, by_id[an].register_text) == ("01/2026", "02/2026")
    assert by_id[hoa].register_number is None
    assert view.decision_issued and view.decision_number_text.startswith("Quyết định số 01/")
    assert period_lock_reason(db, world.period_id).startswith("Điểm đã dùng để khen thưởng")
    assert "không thể thay đổi" in refused(db, lambda: awards.remove_proposal(db, an))
    assert "không thể thay đổi" in refused(
        db, lambda: awards.record_votes(db, east, 5, 0, 0, TODAY)
    )
    assert "không thể thay đổi" in refused(
        db, lambda: awards.add_proposal(db, world.round_id, collective(world, world.west))
    )


def test_register_numbers_continue_across_decisions_of_a_year(db: Database, world: World) -> None:
    east = awards.add_proposal(db, world.round_id, collective(world, world.east))
    awards.record_votes(db, east, 4, 0, 1, TODAY)
    _issue(db, world, [east], TODAY)
    second = awards.create_round(db, world.period_id, AwardOccasion.ONE_OFF)
    west = awards.add_proposal(db, second, collective(world, world.west))
    awards.record_votes(db, west, 5, 0, 0, TODAY)
    world.round_id = second
    _issue(db, world, [west], TODAY)
    assert line(db, world, west).register_text == "02/2026"


def test_an_issue_with_stale_amounts_is_undone_whole(db: Database, world: World) -> None:
    east = awards.add_proposal(db, world.round_id, collective(world, world.east))
    awards.record_votes(db, east, 4, 0, 1, TODAY)
    amounts = {str(east): 1}
    document = create_draft(
        db,
        DocumentKind.DECISION,
        2026,
        "Về việc tặng Giấy khen",
        "Nguyễn Văn Nghiệp",
        "CHỦ TỊCH",
        {"award_round_id": world.round_id, "award_proposal_ids": [east], "award_amounts": amounts},
    )
    with pytest.raises(UserError, match="Mức tiền thưởng"):
        issue_document(db, document, TODAY, lambda view, stamp: b"%PDF-1.4")
    assert line(db, world, east).register_number is None
    assert period_lock_reason(db, world.period_id) == ""
    from kt_desktop.domain.documents import OutgoingDocument
    from kt_desktop.domain.enums import DocumentState

    with db.session() as session:
        stored = session.get(OutgoingDocument, document)
        assert stored is not None
        assert (stored.state, stored.number) == (DocumentState.DRAFT, None)


def test_an_award_already_given_for_the_period_is_flagged(db: Database, world: World) -> None:
    east = awards.add_proposal(db, world.round_id, collective(world, world.east))
    awards.record_votes(db, east, 4, 0, 1, TODAY)
    _issue(db, world, [east], TODAY)
    # Another merit round of the same period: flagged; a one-off award doesn't count.
    annual = awards.create_round(db, world.period_id, AwardOccasion.ANNUAL, "Đợt bổ sung")
    again = awards.add_proposal(db, annual, collective(world, world.east))
    world.round_id = annual
    texts = [f.text for f in line(db, world, again).failures]
    assert len(texts) == 1 and texts[0].startswith("Đã được đề nghị và thông qua Giấy khen")
    one_off = awards.create_round(db, world.period_id, AwardOccasion.ONE_OFF)
    other = awards.add_proposal(db, one_off, collective(world, world.east))
    world.round_id = one_off
    assert line(db, world, other).failures == []


# --- suggestions --------------------------------------------------------------------------------


def test_suggestions_come_from_ranking_initiatives_and_nominees(db: Database) -> None:
    from kt_desktop.domain.nominations import Nomination
    from kt_desktop.services.demo import fill_demo_commune

    fill_demo_commune(db)
    period_id = next(p.id for p in list_periods(db) if p.name == "Năm 2025")
    with db.session() as session:
        unit_id = session.exec(select(AwardForm.id)).first()
        from kt_desktop.domain import Unit

        unit = session.exec(select(Unit).order_by(col(Unit.id))).first()
        assert unit is not None and unit_id is not None
        session.add(
            Nomination(
                period_id=period_id,
                proposing_unit_id=unit.id or 0,
                full_name="Hoàng Thị Thu",
                gender=Gender.FEMALE,
                position="Cán bộ văn hóa",
                proposed_award="Bằng khen của Chủ tịch UBND thành phố",
                achievements="Dẫn đầu phong trào",
            )
        )
    round_id = awards.create_round(db, period_id, AwardOccasion.ANNUAL)
    added = awards.suggest_proposals(db, round_id)
    view = awards.round_view(db, round_id, TODAY)
    assert added == len(view.proposals) > 5
    sources = {p.source for p in view.proposals}
    assert {ProposalSource.RANKING, ProposalSource.INITIATIVE, ProposalSource.NOMINATION} <= sources
    ranked = [p for p in view.proposals if p.source == ProposalSource.RANKING]
    assert all(p.source_note.startswith("Hạng 1 khối") for p in ranked)
    nominee = next(p for p in view.proposals if p.source == ProposalSource.NOMINATION)
    assert nominee.addressed_name == "Bà Hoàng Thị Thu"
    assert nominee.form_short_name == "Bằng khen" and not nominee.awarded_here
    # Suggesting again adds nobody twice.
    assert awards.suggest_proposals(db, round_id) == 0
    assert json.dumps([p.name for p in view.proposals], ensure_ascii=False)


def test_deleting_a_drafted_decision_forgets_it(db: Database, world: World) -> None:
    from kt_desktop.services.outgoing import delete_draft

    document = create_draft(
        db, DocumentKind.DECISION, 2026, "Về việc tặng Giấy khen", "Nguyễn Văn Nghiệp", "", {}
    )
    with db.session() as session:
        award_round = session.get(AwardRound, world.round_id)
        assert award_round is not None
        award_round.decision_document_id = document
        session.add(award_round)
    delete_draft(db, document)
    assert awards.round_view(db, world.round_id, TODAY).decision_document_id is None


# --- what the review found: issues and locks that every path must respect ---------------------


def _voted(db: Database, world: World) -> tuple[int, int]:
    east = awards.add_proposal(db, world.round_id, collective(world, world.east))
    an = awards.add_proposal(db, world.round_id, individual(world, world.an))
    awards.record_votes(db, east, 4, 0, 1, TODAY)
    awards.record_votes(db, an, 5, 0, 0, TODAY)
    return east, an


def test_a_form_in_an_issued_decision_keeps_its_words(db: Database, world: World) -> None:
    east, an = _voted(db, world)
    _issue(db, world, [east, an], TODAY)
    form = next(f for f in award_money.list_forms(db) if f.id == world.commune_form)
    with pytest.raises(ValidationError, match="không sửa được"):
        award_money.save_form(db, form.id, form.code, form.name, form.short_name, False)
    with pytest.raises(ValidationError, match="không sửa được"):
        award_money.save_form(db, form.id, form.code, form.name, "Giấy khen mới", True)
    # Stopping its use is allowed, and changes nothing decided.
    award_money.save_form(db, form.id, form.code, form.name, form.short_name, True, False)
    assert line(db, world, an).locked and line(db, world, an).register_text == "02/2026"


def test_an_issue_from_the_register_checks_the_list_again(db: Database, world: World) -> None:
    east = awards.add_proposal(db, world.round_id, collective(world, world.east))
    awards.record_votes(db, east, 4, 0, 1, TODAY)
    an = awards.add_proposal(db, world.round_id, individual(world, world.an))
    awards.record_votes(db, an, 5, 0, 0, TODAY)
    with pytest.raises(UserError, match="Danh sách được Hội đồng thông qua đã thay đổi"):
        _issue(db, world, [east], TODAY)
    assert line(db, world, east).register_number is None
    assert period_lock_reason(db, world.period_id) == ""


def test_a_restriction_after_the_meeting_stops_the_issue(db: Database, world: World) -> None:
    east, an = _voted(db, world)
    with db.session() as session:
        session.add(
            PersonRestriction(
                person_id=world.an,
                kind=RestrictionKind.DISCIPLINE,
                start_date=date(2026, 11, 20),
                note="Cảnh cáo",
            )
        )
    with pytest.raises(UserError, match="“Nguyễn Văn An” chưa đạt điều kiện"):
        _issue(db, world, [east, an], TODAY)
    assert line(db, world, an).register_number is None
    # The office's written reason lets the decision go ahead, and is kept.
    awards.update_proposal(
        db, an, world.commune_form, line(db, world, an).achievement, "Thành tích trước kỷ luật"
    )
    _issue(db, world, [east, an], TODAY)
    assert line(db, world, an).register_text == "02/2026"


def test_a_decision_dated_before_the_meeting_is_refused(db: Database, world: World) -> None:
    east, an = _voted(db, world)
    view = awards.round_view(db, world.round_id, TODAY)
    awards.update_round(
        db,
        world.round_id,
        view.name,
        view.achievement,
        TODAY,
        "14:00",
        "Hội trường",
        "",
        None,
        today=TODAY,
    )
    with pytest.raises(ValidationError, match="trước ngày họp Hội đồng 24/11/2026"):
        _issue(db, world, [east, an], date(2026, 11, 23))


def test_a_changed_attendance_clears_the_votes(db: Database, world: World) -> None:
    east, an = _voted(db, world)
    awards.set_attendance(db, world.round_id, set(world.members))  # unchanged: votes stay
    assert line(db, world, an).passed is True
    awards.set_attendance(db, world.round_id, set(world.members[:4]))
    assert line(db, world, an).passed is None and line(db, world, east).votes_for is None


def test_a_member_who_left_no_longer_counts(db: Database, world: World) -> None:
    from kt_desktop.services.award_register import set_council_member_active

    set_council_member_active(db, world.members[4], False)
    # Marked present before he left, he still stands until the clerk unticks him.
    assert len(awards.round_view(db, world.round_id, TODAY).members) == 5
    an = awards.add_proposal(db, world.round_id, individual(world, world.an))
    awards.set_attendance(db, world.round_id, set(world.members[:3]))
    view = awards.round_view(db, world.round_id, TODAY)
    assert len(view.members) == 4 and view.quorum_needed == 3
    assert awards.record_votes(db, an, 3, 0, 0, TODAY) is True


def test_a_new_conflict_clears_the_vote_it_touches(db: Database, world: World) -> None:
    from kt_desktop.services.award_register import (
        CouncilMemberInput,
        update_council_member,
    )

    _east, an = _voted(db, world)
    west = awards.add_proposal(db, world.round_id, collective(world, world.west))
    awards.record_votes(db, west, 5, 0, 0, TODAY)
    update_council_member(
        db,
        world.members[3],
        CouncilMemberInput(
            "Vũ Văn Cường", Gender.MALE, "Ủy viên", CouncilRole.MEMBER, headed_unit_id=world.west
        ),
    )
    assert line(db, world, west).passed is None
    assert [name for _, name, _ in line(db, world, west).recused] == ["Vũ Văn Cường"]
    assert line(db, world, an).passed is True


def test_a_person_typed_by_hand_is_the_registers_person(db: Database, world: World) -> None:
    awards.add_proposal(db, world.round_id, individual(world, world.an))
    typed = awards.ProposalInput(
        form_id=world.commune_form,
        recipient_kind=RecipientKind.INDIVIDUAL,
        name="nguyễn văn an",
        gender=Gender.MALE,
        unit_name="Thôn Đông",
    )
    assert "đã có trong danh sách đề nghị" in refused(
        db, lambda: awards.add_proposal(db, world.round_id, typed)
    )


def test_a_member_not_linked_is_matched_by_the_units_head(db: Database, world: World) -> None:
    with db.session() as session:
        session.add(
            CouncilMember(full_name="Bùi Thị Mai", gender=Gender.FEMALE, position="Trưởng thôn Tây")
        )
    # Added after the round was created: the meeting's list takes her in when saved.
    with db.session() as session:
        refresh_open_rounds(session)
    view = awards.round_view(db, world.round_id, TODAY)
    awards.set_attendance(db, world.round_id, {m.id for m in view.members})
    west = awards.add_proposal(db, world.round_id, collective(world, world.west))
    assert [(n, r) for _, n, r in line(db, world, west).recused] == [
        ("Bùi Thị Mai", "Là người đứng đầu tập thể được đề nghị khen thưởng")
    ]


def test_issued_minutes_freeze_the_meeting(db: Database, world: World) -> None:
    _east, an = _voted(db, world)
    minutes = create_draft(
        db, DocumentKind.MINUTES, 2026, "Họp Hội đồng", "Nguyễn Văn Nghiệp", "", {}
    )
    issue_document(db, minutes, TODAY, lambda view, stamp: b"%PDF-1.4")
    with db.session() as session:
        award_round = session.get(AwardRound, world.round_id)
        assert award_round is not None
        award_round.minutes_document_id = minutes
        session.add(award_round)
    for action in (
        lambda: awards.record_votes(db, an, 1, 4, 0, TODAY),
        lambda: awards.set_attendance(db, world.round_id, set(world.members[:4])),
        lambda: awards.remove_proposal(db, an),
        lambda: awards.add_proposal(db, world.round_id, collective(world, world.west)),
        lambda: awards.update_proposal(db, an, world.commune_form, "Thành tích khác", ""),
    ):
        assert "Biên bản họp Hội đồng số 01/" in refused(db, action)
    # The office's own reason is not the council's vote: it may still be written.
    awards.update_proposal(db, an, world.commune_form, line(db, world, an).achievement, "Lý do")
    assert line(db, world, an).override_reason == "Lý do"
