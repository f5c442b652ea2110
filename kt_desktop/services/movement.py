"""The movement at a glance: its periods, the current one, and the home page's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from kt_desktop.domain import Movement, Period, Person, Phase, Unit
from kt_desktop.domain.enums import PeriodKind, UnitKind
from kt_desktop.errors import UserError
from kt_desktop.services.database import Database


@dataclass(frozen=True)
class PeriodInfo:
    id: int
    name: str
    kind: PeriodKind
    year: int
    start_date: date
    end_date: date
    phase_name: str


@dataclass(frozen=True)
class HomeSummary:
    movement_name: str
    plan_reference: str
    current_period: PeriodInfo | None
    # Days of the period still to work, today included (1 on its last day, 0 once over);
    # None before the period starts, when days_to_start says how long until it does.
    days_left: int | None
    days_to_start: int | None
    units_by_kind: dict[UnitKind, int]
    active_units: int
    inactive_units: int
    active_people: int
    inactive_people: int


def _period_infos(session: Session) -> list[PeriodInfo]:
    rows = session.exec(
        select(Period, Phase.name)
        .join(Phase, col(Phase.id) == col(Period.phase_id))
        .order_by(col(Period.sort_order))
    ).all()
    return [
        PeriodInfo(
            id=period.id or 0,
            name=period.name,
            kind=period.kind,
            year=period.year,
            start_date=period.start_date,
            end_date=period.end_date,
            phase_name=phase_name,
        )
        for period, phase_name in rows
    ]


def list_periods(db: Database) -> list[PeriodInfo]:
    with db.session() as session:
        return _period_infos(session)


def current_period(periods: list[PeriodInfo], today: date) -> PeriodInfo | None:
    """The year being worked on: the annual period containing `today`, else the nearest one."""
    annual = [p for p in periods if p.kind == PeriodKind.ANNUAL]
    if not annual:
        return None
    for period in annual:
        if period.start_date <= today <= period.end_date:
            return period
    if today < annual[0].start_date:
        return annual[0]
    return annual[-1]


def home_summary(db: Database, today: date | None = None) -> HomeSummary:
    today = today or date.today()
    with db.session() as session:
        movement = session.exec(select(Movement).order_by(col(Movement.id))).first()
        if movement is None:
            raise UserError("Cơ sở dữ liệu chưa có phong trào thi đua nào.")
        period = current_period(_period_infos(session), today)
        unit_rows = session.exec(
            select(col(Unit.kind), col(Unit.active), func.count()).group_by(
                col(Unit.kind), col(Unit.active)
            )
        ).all()
        person_rows = session.exec(
            select(col(Person.active), func.count()).group_by(col(Person.active))
        ).all()
    units_by_kind = dict.fromkeys(UnitKind, 0)
    active_units = inactive_units = 0
    for kind, active, count in unit_rows:
        if active:
            units_by_kind[UnitKind(kind)] += count
            active_units += count
        else:
            inactive_units += count
    people = {bool(active): count for active, count in person_rows}
    days_left = days_to_start = None
    if period is not None:
        if today < period.start_date:
            days_to_start = (period.start_date - today).days
        else:
            days_left = max((period.end_date - today).days + 1, 0)
    return HomeSummary(
        movement_name=movement.name,
        plan_reference=movement.plan_reference,
        current_period=period,
        days_left=days_left,
        days_to_start=days_to_start,
        units_by_kind=units_by_kind,
        active_units=active_units,
        inactive_units=inactive_units,
        active_people=people.get(True, 0),
        inactive_people=people.get(False, 0),
    )


def require_period(session: Session, period_id: int) -> Period:
    """The period, or a message that it is gone (deleted on another PC meanwhile)."""
    period = session.get(Period, period_id)
    if period is None:
        raise UserError("Kỳ thi đua này không còn trong cơ sở dữ liệu.")
    return period
