"""Speed of the Giấy khen decision (run: pytest -m benchmark -s tests/benchmarks/...).

A round of 320 passed proposals (20 collectives, 300 individuals in 20 units): drafting the
decision (the round read with every proposal's eligibility rules, amounts at the day's rates,
the annex sorted by given name) and rendering it to PDF, against the issue's bound of 2 s.
"""

from __future__ import annotations

import io
import random
import time
from datetime import date

import pdfplumber
import pytest
from sqlalchemy import insert
from sqlmodel import select

from kt_desktop.domain import Person, Unit
from kt_desktop.domain.awards import AwardForm, AwardProposal
from kt_desktop.domain.enums import (
    AwardOccasion,
    Gender,
    PersonKind,
    ProposalSource,
    RecipientKind,
    UnitKind,
)
from kt_desktop.services import awards
from kt_desktop.services.award_documents import document_pdf, draft_decision
from kt_desktop.services.award_money import COMMUNE_FORM_CODE
from kt_desktop.services.database import Database
from kt_desktop.services.movement import list_periods

pytestmark = pytest.mark.benchmark

COLLECTIVES = 20
INDIVIDUALS = 300
BOUND_S = 2.0
TODAY = date(2026, 1, 16)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Thanh", "Minh", "Quang", "Thu", "Đức", "Ngọc")
GIVEN = ("An", "Anh", "Ánh", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hoa", "Lan", "Long", "Yến")
POSITIONS = ("Chuyên viên", "Công chức Văn hóa – Xã hội", "Giáo viên", "Kế toán", "Trưởng thôn")


def fill_round(db: Database) -> int:
    """20 units, 300 people in them, and a round where the council passed each unit and
    each person: bulk inserts, votes written straight into the proposals."""
    rng = random.Random(320)
    period = next(p.id for p in list_periods(db) if p.name == "Năm 2025")
    round_id = awards.create_round(db, period, AwardOccasion.ANNUAL)
    with db.session() as session:
        form = session.exec(select(AwardForm).where(AwardForm.code == COMMUNE_FORM_CODE)).one()
        session.execute(
            insert(Unit),
            [
                {
                    "code": f"TH{n:02d}",
                    "name": f"Thôn số {n} xã Kim Thành",
                    "kind": UnitKind.VILLAGE,
                    "head_name": "",
                    "head_title": "",
                    "phone": "",
                    "active": True,
                }
                for n in range(1, COLLECTIVES + 1)
            ],
        )
        units = list(session.exec(select(Unit).where(Unit.code.startswith("TH"))))  # type: ignore[attr-defined]
        session.execute(
            insert(Person),
            [
                {
                    "full_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                    "gender": rng.choice(list(Gender)),
                    "birth_year": rng.randint(1965, 2000),
                    "position": rng.choice(POSITIONS),
                    "unit_id": units[n % COLLECTIVES].id,
                    "kind": PersonKind.OFFICIAL,
                    "active": True,
                }
                for n in range(INDIVIDUALS)
            ],
        )
        people = list(session.exec(select(Person)))
        names = {unit.id: unit.name for unit in units}
        common = {
            "round_id": round_id,
            "form_id": form.id,
            "achievement": "Đã có thành tích xuất sắc trong phong trào thi đua năm 2025",
            "source": ProposalSource.MANUAL,
            "source_note": "",
            "override_reason": "",
            "votes_for": 7,
            "votes_against": 0,
            "votes_abstain": 0,
            "passed": True,
        }
        rows = [
            {
                **common,
                "recipient_kind": RecipientKind.COLLECTIVE,
                "unit_id": unit.id,
                "person_id": None,
                "name": unit.name,
                "gender": None,
                "position": "",
                "unit_name": "",
                "sort_order": order,
            }
            for order, unit in enumerate(units)
        ]
        rows += [
            {
                **common,
                "recipient_kind": RecipientKind.INDIVIDUAL,
                "unit_id": person.unit_id,
                "person_id": person.id,
                "name": person.full_name,
                "gender": person.gender,
                "position": person.position,
                "unit_name": names[person.unit_id],
                "sort_order": COLLECTIVES + order,
            }
            for order, person in enumerate(people)
        ]
        session.execute(insert(AwardProposal), rows)
    return round_id


def test_decision_with_a_320_row_annex(db: Database) -> None:
    round_id = fill_round(db)
    start = time.perf_counter()
    document_id = draft_decision(db, round_id, today=TODAY)
    drafted = time.perf_counter()
    pdf = document_pdf(db, document_id)
    elapsed = time.perf_counter() - start
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
        last = document.pages[-1].extract_text() or ""
    assert "Tổng cộng" in last and "119.000.000" in last  # 20 × 700.000 + 300 × 350.000
    print(
        f"\nDecision with {COLLECTIVES + INDIVIDUALS}-row annex: {elapsed:.2f} s "
        f"(draft {drafted - start:.2f} s, render {elapsed - (drafted - start):.2f} s; "
        f"{pages} pages; bound {BOUND_S:.0f} s)"
    )
    assert elapsed < BOUND_S
