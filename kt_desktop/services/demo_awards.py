"""The demo commune's awards: the Emulation Council, a person under a complaint, yearly ratings
recorded by hand, the 2025 award round voted in January 2026 (one proposal failed, one member
abstaining for a conflict of interest, a Bằng khen proposed to the city) with its papers, and
the 2026 round just suggested, all through the real services."""

from __future__ import annotations

import random
from datetime import date

from sqlmodel import Session, col, select

from kt_desktop.domain import Person, Unit
from kt_desktop.domain.awards import CouncilMember, PersonRestriction, RecognitionRecord
from kt_desktop.domain.enums import (
    AwardOccasion,
    CouncilRole,
    Gender,
    RecipientKind,
    RecognitionKind,
    RestrictionKind,
)
from kt_desktop.services import awards
from kt_desktop.services.award_money import CITY_FORM_CODE, list_forms
from kt_desktop.services.database import Database
from kt_desktop.services.movement import list_periods

MEETING_DAY = date(2026, 1, 15)
DECISION_DAY = date(2026, 1, 20)
SUBMISSION_DAY = date(2026, 1, 22)
DOSSIER_SENT_DAY = date(2026, 1, 26)

# (name, gender, position, role, code of the unit the member heads)
COUNCIL = (
    ("Nguyễn Văn Nghiệp", Gender.MALE, "Chủ tịch UBND xã", CouncilRole.CHAIR, None),
    ("Phạm Quang Huy", Gender.MALE, "Phó Chủ tịch UBND xã", CouncilRole.VICE_CHAIR, None),
    ("Võ Quang Bình", Gender.MALE, "Trưởng phòng Văn hóa – Xã hội", CouncilRole.STANDING, "PVHXH"),
    (
        "Hoàng Thanh Hương",
        Gender.FEMALE,
        "Chủ tịch Ủy ban MTTQ Việt Nam xã",
        CouncilRole.MEMBER,
        "MTTQ",
    ),
    ("Cao Xuân Khải", Gender.MALE, "Chánh Văn phòng HĐND và UBND xã", CouncilRole.MEMBER, "VP"),
    ("Hoàng Hữu Ân", Gender.MALE, "Chủ tịch Hội Nông dân xã", CouncilRole.MEMBER, "HND"),
    ("Phạm Thị Giang", Gender.FEMALE, "Trưởng phòng Kinh tế", CouncilRole.MEMBER, "PKT"),
)
ABSENT_MEMBER = "Phạm Thị Giang"


def _add_council(session: Session) -> dict[str, int]:
    units = {u.code: u for u in session.exec(select(Unit))}
    ids: dict[str, int] = {}
    for order, (name, gender, position, role, unit_code) in enumerate(COUNCIL):
        unit = units.get(unit_code) if unit_code else None
        if unit is not None:
            # The register names the same head, so the conflict is visible on both sides.
            unit.head_name = name
            session.add(unit)
        member = CouncilMember(
            full_name=name,
            gender=gender,
            position=position,
            role=role,
            headed_unit_id=unit.id if unit else None,
            sort_order=order,
        )
        session.add(member)
        session.flush()
        assert member.id is not None
        ids[name] = member.id
    return ids


def _officials(session: Session) -> list[Person]:
    return list(
        session.exec(
            select(Person)
            .where(col(Person.active))
            .where(Person.kind == "official")
            .order_by(col(Person.id))
        )
    )


def fill_demo_awards(db: Database, rng: random.Random) -> None:
    periods = {p.name: p.id for p in list_periods(db)}
    with db.session() as session:
        members = _add_council(session)
        officials = _officials(session)
        # Two officials rated "Hoàn thành xuất sắc nhiệm vụ" in 2024 and 2025; one of them was
        # also "Chiến sĩ thi đua cơ sở" both years, which opens the city's Bằng khen to her.
        rated = rng.sample(officials[:30], 3)
        for person in rated:
            for year in (2024, 2025):
                session.add(
                    RecognitionRecord(
                        person_id=person.id,
                        year=year,
                        kind=RecognitionKind.EXCELLENT_RATING,
                        decision_text=f"Xếp loại chất lượng năm {year}",
                    )
                )
        soldier = rated[0]
        for year in (2024, 2025):
            session.add(
                RecognitionRecord(
                    person_id=soldier.id,
                    year=year,
                    kind=RecognitionKind.EMULATION_SOLDIER,
                    decision_text=f"Quyết định công nhận danh hiệu năm {year} của Chủ tịch UBND xã",
                )
            )
        soldier_id = soldier.id
        assert soldier_id is not None

    round_2025 = awards.create_round(db, periods["Năm 2025"], AwardOccasion.ANNUAL)
    awards.suggest_proposals(db, round_2025)
    view = awards.round_view(db, round_2025, MEETING_DAY)
    people = [p for p in view.proposals if p.recipient_kind == RecipientKind.INDIVIDUAL]
    with db.session() as session:
        # A nominee with a complaint being resolved: shown why, left out of the vote.
        if people and people[-1].person_id is not None:
            session.add(
                PersonRestriction(
                    person_id=people[-1].person_id,
                    kind=RestrictionKind.COMPLAINT,
                    start_date=date(2025, 12, 10),
                    note="Đơn phản ánh đang được xác minh",
                )
            )
    city_form = next(f.id for f in list_forms(db) if f.code == CITY_FORM_CODE)
    if not any(p.person_id == soldier_id for p in view.proposals):
        awards.add_proposal(
            db,
            round_2025,
            awards.ProposalInput(
                form_id=city_form,
                recipient_kind=RecipientKind.INDIVIDUAL,
                person_id=soldier_id,
                source_note="02 năm liên tục Chiến sĩ thi đua cơ sở (2024, 2025)",
            ),
        )
    present = {mid for name, mid in members.items() if name != ABSENT_MEMBER}
    awards.set_attendance(db, round_2025, present)
    secretary = members["Võ Quang Bình"]
    awards.update_round(
        db,
        round_2025,
        view.name,
        view.achievement,
        MEETING_DAY,
        "14:00",
        "Hội trường Ủy ban nhân dân xã Kim Thành",
        "",
        secretary,
        today=MEETING_DAY,
    )
    view = awards.round_view(db, round_2025, MEETING_DAY)
    failed_once = False
    for proposal in view.proposals:
        if proposal.blocked:
            continue
        recused = len(proposal.recused)
        votes_for = len(present) - recused
        if not failed_once and proposal.recipient_kind == RecipientKind.COLLECTIVE and not recused:
            # The council turned one suggestion down: its score was high, its report thin.
            failed_once = True
            awards.record_votes(db, proposal.id, 2, votes_for - 2, 0, MEETING_DAY)
            continue
        awards.record_votes(db, proposal.id, votes_for, 0, recused, MEETING_DAY)

    _issue_papers(db, round_2025)

    # The 2026 round has only begun: suggestions from this year's ranking so far.
    round_2026 = awards.create_round(db, periods["Năm 2026"], AwardOccasion.ANNUAL)
    awards.suggest_proposals(db, round_2026)


def _issue_papers(db: Database, round_id: int) -> None:
    """The 2025 round's papers as the office made them in January 2026: the minutes, the
    decision (which locked the 2025 scores), the certificates printed onto blanks, and the
    dossier to the city, sent."""
    from kt_desktop.documents.certificates import PrintMode
    from kt_desktop.services import award_documents
    from kt_desktop.services.award_certificates import (
        MemoryOffsetStore,
        certificate_rows,
        print_certificates,
    )
    from kt_desktop.services.document_builder import render_draft
    from kt_desktop.services.outgoing import issue_document

    def issue(document_id: int, day: date) -> None:
        issue_document(db, document_id, day, lambda draft, stamp: render_draft(db, draft, stamp))

    issue(award_documents.draft_minutes(db, round_id, today=MEETING_DAY), MEETING_DAY)
    award_documents.draft_decision(db, round_id, today=DECISION_DAY)
    award_documents.issue_decision(db, round_id, DECISION_DAY)
    print_certificates(
        db,
        round_id,
        [row.proposal_id for row in certificate_rows(db, round_id)],
        PrintMode.TEXT_ONLY,
        store=MemoryOffsetStore(),
    )
    view = awards.round_view(db, round_id, SUBMISSION_DAY)
    if not view.passed_for_city():
        return
    issue(award_documents.draft_submission(db, round_id, today=SUBMISSION_DAY), SUBMISSION_DAY)
    for proposal in view.passed_for_city():
        report = award_documents.achievement_report(db, proposal.id, today=SUBMISSION_DAY)
        award_documents.save_achievement_report(db, proposal.id, report, today=SUBMISSION_DAY)
    award_documents.mark_dossier_sent(db, round_id, DOSSIER_SENT_DAY, today=DOSSIER_SENT_DAY)
