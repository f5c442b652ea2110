"""Bình dân học vụ số: each village's figures for a period, checked and saved, listed with
the rate of adults reaching the basic digital standard and the commune's totals."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

from sqlmodel import Session, select

from kt_desktop.domain import Period, Unit
from kt_desktop.domain.digital_literacy import DigitalLiteracy
from kt_desktop.domain.enums import UnitKind
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.movement import require_period
from kt_desktop.services.results import ensure_period_open
from kt_desktop.text import clean_text, collation_key, format_number

NOTE_LIMIT = 2000
HUNDRED = Decimal(100)

# The figures' names as a clerk reads them in a message, by input field.
COUNT_LABELS = {
    "classes_held": "Số lớp",
    "trained_officials": "Số cán bộ, công chức, viên chức được tập huấn",
    "trained_pupils": "Số học sinh được tập huấn",
    "trained_other_adults": "Số người dân khác được tập huấn",
    "team_members": "Số thành viên tổ công nghệ số cộng đồng",
    "team_visits": "Số lượt hỗ trợ",
    "adults_meeting_standard": "Số người trưởng thành đạt chuẩn",
    "adult_population": "Dân số trưởng thành",
}


@dataclass(frozen=True)
class DigitalLiteracyInput:
    classes_held: int = 0
    trained_officials: int = 0
    trained_pupils: int = 0
    trained_other_adults: int = 0
    team_members: int = 0
    team_visits: int = 0
    # Given together or not at all: the rate needs both.
    adults_meeting_standard: int | None = None
    adult_population: int | None = None
    # Only when a report gave the percentage without the counts behind it.
    reported_rate: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class VillageRow:
    unit_id: int
    unit_code: str
    unit_name: str
    active: bool
    figures: DigitalLiteracyInput | None  # None: nothing recorded for the period yet
    rate: Decimal | None  # percent: the counts' rate, else the reported one

    @property
    def recorded(self) -> bool:
        return self.figures is not None


@dataclass(frozen=True)
class VillageTotals:
    villages: int  # villages listed
    recorded: int  # of them, with figures for the period
    classes_held: int
    trained_officials: int
    trained_pupils: int
    trained_other_adults: int
    team_members: int
    team_visits: int
    # Sums over the villages that gave both counts; the rate is theirs, not an average of
    # percentages (a village of 200 adults must not weigh as much as one of 2,000).
    adults_meeting_standard: int
    adult_population: int
    rate: Decimal | None
    # Villages whose rate is only a reported percentage, left out of the overall rate.
    rate_only_reported: int


@dataclass(frozen=True)
class VillageTable:
    rows: list[VillageRow]
    totals: VillageTotals


def village_rate(figures: DigitalLiteracyInput) -> Decimal | None:
    """adults_meeting_standard / adult_population × 100, else the reported rate."""
    meeting, population = figures.adults_meeting_standard, figures.adult_population
    if meeting is not None and population:
        return Decimal(meeting) * HUNDRED / Decimal(population)
    return figures.reported_rate


def _refuse_if_locked(period: Period) -> None:
    # The figures feed the period's scored results (the Bình dân học vụ số criteria): once
    # those are locked, so are these, with the same message as a result's.
    ensure_period_open(period)


def _village(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise UserError(
            "Thôn này không còn trong cơ sở dữ liệu (có thể vừa bị xóa).",
            "Hãy mở lại danh sách để xem dữ liệu mới nhất.",
        )
    if unit.kind != UnitKind.VILLAGE:
        raise ValidationError(
            f"“{unit.name}” không phải là thôn, thị tứ: số liệu Bình dân học vụ số "
            "chỉ ghi cho các thôn, thị tứ.",
            field="unit_id",
        )
    return unit


def clean_figures(data: DigitalLiteracyInput) -> DigitalLiteracyInput:
    for name, label in COUNT_LABELS.items():
        value = getattr(data, name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"{label} phải là số nguyên.", field=name)
        if value < 0:
            raise ValidationError(f"{label} không được âm.", field=name)
    meeting, population = data.adults_meeting_standard, data.adult_population
    if meeting is not None and population is None:
        raise ValidationError(
            "Đã ghi số người trưởng thành đạt chuẩn thì hãy ghi cả dân số trưởng thành.",
            field="adult_population",
        )
    if population is not None and meeting is None:
        raise ValidationError(
            "Đã ghi dân số trưởng thành thì hãy ghi cả số người đạt chuẩn.",
            field="adults_meeting_standard",
        )
    if meeting is not None and population is not None:
        if population == 0 and meeting > 0:
            raise ValidationError(
                "Dân số trưởng thành bằng 0 thì không thể có người đạt chuẩn.",
                field="adult_population",
            )
        if meeting > population:
            raise ValidationError(
                f"Số người đạt chuẩn ({format_number(meeting)}) lớn hơn dân số trưởng thành "
                f"({format_number(population)}).",
                field="adults_meeting_standard",
            )
    rate = data.reported_rate
    if rate is not None:
        rate = Decimal(rate)
        if meeting is not None:
            raise ValidationError(
                "Đã có số người đạt chuẩn và dân số trưởng thành thì tỷ lệ được tính từ đó; "
                "hãy để trống tỷ lệ theo báo cáo.",
                field="reported_rate",
            )
        if not rate.is_finite() or not (0 <= rate <= HUNDRED):
            raise ValidationError("Tỷ lệ theo báo cáo phải từ 0% đến 100%.", field="reported_rate")
    note = clean_text(data.note)
    if len(note) > NOTE_LIMIT:
        raise ValidationError(f"Ghi chú dài quá {NOTE_LIMIT} ký tự.", field="note")
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    values.update(reported_rate=rate, note=note)
    return DigitalLiteracyInput(**values)


def save_figures(db: Database, period_id: int, unit_id: int, data: DigitalLiteracyInput) -> None:
    """Record (or replace) one village's figures for the period."""
    with db.session() as session:
        period = require_period(session, period_id)
        _refuse_if_locked(period)
        _village(session, unit_id)
        cleaned = clean_figures(data)
        record = session.exec(
            select(DigitalLiteracy)
            .where(DigitalLiteracy.period_id == period_id)
            .where(DigitalLiteracy.unit_id == unit_id)
        ).first()
        if record is None:
            record = DigitalLiteracy(period_id=period_id, unit_id=unit_id)
        for name, value in cleaned.__dict__.items():
            setattr(record, name, value)
        session.add(record)


def get_figures(db: Database, period_id: int, unit_id: int) -> DigitalLiteracyInput | None:
    with db.session() as session:
        record = session.exec(
            select(DigitalLiteracy)
            .where(DigitalLiteracy.period_id == period_id)
            .where(DigitalLiteracy.unit_id == unit_id)
        ).first()
        return _as_input(record) if record is not None else None


def delete_figures(db: Database, period_id: int, unit_id: int) -> None:
    """Take one village's figures for the period back to "not recorded"."""
    with db.session() as session:
        period = require_period(session, period_id)
        _refuse_if_locked(period)
        record = session.exec(
            select(DigitalLiteracy)
            .where(DigitalLiteracy.period_id == period_id)
            .where(DigitalLiteracy.unit_id == unit_id)
        ).first()
        if record is not None:
            session.delete(record)


def _as_input(record: DigitalLiteracy) -> DigitalLiteracyInput:
    return DigitalLiteracyInput(
        **{f.name: getattr(record, f.name) for f in fields(DigitalLiteracyInput)}
    )


def list_village_rows(db: Database, period_id: int) -> VillageTable:
    """Every active village (and any inactive one with figures) in Vietnamese name order,
    each with its figures or None, and the commune's totals."""
    with db.session() as session:
        require_period(session, period_id)
        records = {
            r.unit_id: _as_input(r)
            for r in session.exec(
                select(DigitalLiteracy).where(DigitalLiteracy.period_id == period_id)
            )
        }
        villages = session.exec(select(Unit).where(Unit.kind == UnitKind.VILLAGE)).all()
    rows = []
    for unit in villages:
        figures = records.get(unit.id or 0)
        if not unit.active and figures is None:
            continue
        rows.append(
            VillageRow(
                unit_id=unit.id or 0,
                unit_code=unit.code,
                unit_name=unit.name,
                active=unit.active,
                figures=figures,
                rate=village_rate(figures) if figures else None,
            )
        )
    rows.sort(key=lambda r: (collation_key(r.unit_name), r.unit_code))
    return VillageTable(rows, village_totals(rows))


def village_totals(rows: list[VillageRow]) -> VillageTotals:
    recorded = [r.figures for r in rows if r.figures is not None]
    counted = [f for f in recorded if f.adults_meeting_standard is not None and f.adult_population]
    meeting = sum(f.adults_meeting_standard or 0 for f in counted)
    population = sum(f.adult_population or 0 for f in counted)
    return VillageTotals(
        villages=len(rows),
        recorded=len(recorded),
        classes_held=sum(f.classes_held for f in recorded),
        trained_officials=sum(f.trained_officials for f in recorded),
        trained_pupils=sum(f.trained_pupils for f in recorded),
        trained_other_adults=sum(f.trained_other_adults for f in recorded),
        team_members=sum(f.team_members for f in recorded),
        team_visits=sum(f.team_visits for f in recorded),
        adults_meeting_standard=meeting,
        adult_population=population,
        rate=Decimal(meeting) * HUNDRED / Decimal(population) if population else None,
        rate_only_reported=sum(
            1 for f in recorded if f.adults_meeting_standard is None and f.reported_rate is not None
        ),
    )
