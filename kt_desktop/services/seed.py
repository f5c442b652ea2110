"""The movement as the plan lays it out: seeded at first start, idempotently."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from kt_desktop.domain import Criterion, Movement, Period, Phase
from kt_desktop.domain.enums import Comparator, CriterionKind, CriterionSubject, PeriodKind
from kt_desktop.paths import resources_dir
from kt_desktop.services.database import Database
from kt_desktop.services.settings import COMMUNE_IDENTITY_KEY, ensure_default_identity
from kt_desktop.text import nfc

MOVEMENT_CODE = "KT-DMST-CDS-2025-2030"
MOVEMENT_NAME = (
    "Phong trào “Kim Thành thi đua đổi mới sáng tạo, chuyển đổi số” và “Bình dân học vụ số” "
    "giai đoạn 2025–2030"
)
PLAN_REFERENCE = (
    "Kế hoạch phát động, triển khai phong trào “Kim Thành thi đua đổi mới sáng tạo, chuyển đổi "
    "số” và “Bình dân học vụ số” của Ủy ban nhân dân xã Kim Thành"
)
PLAN_CRITERIA_FILE = "plan/tieu-chi-ke-hoach.json"


@dataclass(frozen=True)
class PhaseSpec:
    number: int
    name: str
    start_year: int
    end_year: int
    description: str


# Section V of the plan: the two phases overlap in 2027, as the plan writes them.
PHASES = (
    PhaseSpec(
        1,
        "Giai đoạn 1 (2025–2027)",
        2025,
        2027,
        "Ban hành Kế hoạch và tổ chức triển khai thực hiện phong trào thi đua hiệu quả, thiết "
        "thực; tiến hành sơ kết, đánh giá, rút kinh nghiệm vào năm 2027.",
    ),
    PhaseSpec(
        2,
        "Giai đoạn 2 (2027–2030)",
        2027,
        2030,
        "Tiếp tục triển khai giai đoạn 2 của phong trào thi đua và tổng kết vào năm 2030.",
    ),
)


@dataclass(frozen=True)
class PeriodSpec:
    kind: PeriodKind
    year: int
    phase_number: int
    name: str
    start_date: date
    end_date: date


def plan_periods() -> list[PeriodSpec]:
    """Each year 2025–2030, the sơ kết 2027 (phase 1) and the tổng kết 2030 (whole movement)."""
    periods = [
        PeriodSpec(
            PeriodKind.ANNUAL,
            year,
            1 if year <= 2027 else 2,
            f"Năm {year}",
            date(year, 1, 1),
            date(year, 12, 31),
        )
        for year in range(2025, 2031)
    ]
    periods.append(
        PeriodSpec(
            PeriodKind.MID_TERM_REVIEW,
            2027,
            1,
            "Sơ kết giai đoạn 1 (2025–2027)",
            date(2025, 1, 1),
            date(2027, 12, 31),
        )
    )
    periods.append(
        PeriodSpec(
            PeriodKind.FINAL_REVIEW,
            2030,
            2,
            "Tổng kết phong trào (2025–2030)",
            date(2025, 1, 1),
            date(2030, 12, 31),
        )
    )
    return periods


def period_sort_order(kind: PeriodKind, year: int) -> int:
    # Reviews sort right after the year they close.
    offset = {PeriodKind.ANNUAL: 0, PeriodKind.MID_TERM_REVIEW: 1, PeriodKind.FINAL_REVIEW: 2}
    return year * 10 + offset[kind]


@cache
def plan_criteria_data() -> dict[str, Any]:
    path = resources_dir() / PLAN_CRITERIA_FILE
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def plan_criteria_for(period_id: int) -> list[Criterion]:
    """Fresh Criterion rows for `period_id`, as the plan's section III.1 states them."""
    rows = []
    for item in plan_criteria_data()["criteria"]:
        rows.append(
            Criterion(
                period_id=period_id,
                code=item["code"],
                subject=CriterionSubject(item["subject"]),
                kind=CriterionKind(item["kind"]),
                wording=nfc(item["wording"]),
                section_ref=item["section_ref"],
                comparator=Comparator(item["comparator"]) if item["comparator"] else None,
                threshold=Decimal(item["threshold"]) if item["threshold"] is not None else None,
                numerator_label=nfc(item["numerator_label"]),
                denominator_label=nfc(item["denominator_label"]),
                weight=Decimal(item["weight"]),
                unit_kinds=list(item["unit_kinds"]),
                person_kinds=list(item["person_kinds"]),
                content_area=int(item["content_area"]),
                priority_sector=item["priority_sector"],
                sort_order=int(item["sort_order"]),
            )
        )
    return rows


def seed_plan(session: Session) -> bool:
    """Create whatever part of the movement is missing; True if anything was added."""
    added = False
    movement = session.exec(select(Movement).where(Movement.code == MOVEMENT_CODE)).first()
    if movement is None:
        movement = Movement(
            code=MOVEMENT_CODE,
            name=MOVEMENT_NAME,
            start_year=2025,
            end_year=2030,
            plan_reference=PLAN_REFERENCE,
        )
        session.add(movement)
        session.flush()
        added = True
    assert movement.id is not None
    phases: dict[int, Phase] = {
        phase.number: phase
        for phase in session.exec(select(Phase).where(Phase.movement_id == movement.id))
    }
    for spec in PHASES:
        if spec.number not in phases:
            phase = Phase(
                movement_id=movement.id,
                number=spec.number,
                name=spec.name,
                start_year=spec.start_year,
                end_year=spec.end_year,
                description=spec.description,
            )
            session.add(phase)
            session.flush()
            phases[spec.number] = phase
            added = True
    existing = {
        (period.kind, period.year)
        for period in session.exec(select(Period).where(Period.movement_id == movement.id))
    }
    for period_spec in plan_periods():
        if (period_spec.kind, period_spec.year) in existing:
            continue
        phase_id = phases[period_spec.phase_number].id
        assert phase_id is not None
        period = Period(
            movement_id=movement.id,
            phase_id=phase_id,
            kind=period_spec.kind,
            year=period_spec.year,
            name=period_spec.name,
            start_date=period_spec.start_date,
            end_date=period_spec.end_date,
            sort_order=period_sort_order(period_spec.kind, period_spec.year),
        )
        session.add(period)
        session.flush()
        assert period.id is not None
        # A new period starts with the plan's criteria; the office edits them per period.
        session.add_all(plan_criteria_for(period.id))
        added = True
    ensure_default_identity(session)
    from kt_desktop.services.award_money import ensure_award_defaults

    added = ensure_award_defaults(session) or added
    return added


def ensure_seeded(db: Database) -> bool:
    """Seed what is missing; True if anything was added. Cheap when all is there already."""
    # Runs at every start: plain SQL skips compiling ORM statements (about 10 ms).
    with db.engine.connect() as connection:
        periods = connection.execute(text("SELECT count(*) FROM period")).scalar()
        identity = connection.execute(
            text("SELECT count(*) FROM app_setting WHERE key = :key"),
            {"key": COMMUNE_IDENTITY_KEY},
        ).scalar()
        award_forms = connection.execute(text("SELECT count(*) FROM award_form")).scalar()
    if (periods or 0) >= len(plan_periods()) and identity and award_forms:
        return False
    with db.session() as session:
        return seed_plan(session)
