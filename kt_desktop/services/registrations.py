"""Registration for a period's emulation (đăng ký thi đua): every active unit's status, what it
aims for and commits to; the office approves or rejects with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from kt_desktop.domain import Period, Unit
from kt_desktop.domain.enums import RegistrationStatus, UnitKind
from kt_desktop.domain.registrations import Registration
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.text import clean_text, collation_key


@dataclass(frozen=True)
class RegistrationInput:
    status: RegistrationStatus
    registered_on: date | None = None
    aims: str = ""
    commitments: str = ""
    rejection_reason: str = ""


@dataclass(frozen=True)
class RegistrationRow:
    unit_id: int
    unit_code: str
    unit_name: str
    unit_kind: UnitKind
    status: RegistrationStatus
    registered_on: date | None
    aims: str
    commitments: str
    rejection_reason: str

    def as_input(self) -> RegistrationInput:
        return RegistrationInput(
            self.status, self.registered_on, self.aims, self.commitments, self.rejection_reason
        )


def _period(session: Session, period_id: int) -> Period:
    period = session.get(Period, period_id)
    if period is None:
        raise UserError("Kỳ thi đua này không còn trong cơ sở dữ liệu.")
    return period


def _clean(data: RegistrationInput, period: Period, today: date) -> RegistrationInput:
    status = RegistrationStatus(data.status)
    aims = clean_text(data.aims)
    commitments = clean_text(data.commitments)
    reason = clean_text(data.rejection_reason)
    registered_on = data.registered_on
    if status == RegistrationStatus.NOT_SENT:
        # Nothing was received: keep no stray date or reason behind.
        return RegistrationInput(status, None, aims, commitments, "")
    if registered_on is None:
        raise ValidationError("Hãy ghi ngày đơn vị gửi bản đăng ký.", field="registered_on")
    if registered_on > today:
        raise ValidationError(
            f"Ngày đăng ký {registered_on:%d/%m/%Y} ở tương lai.", field="registered_on"
        )
    # A year's registration arrives late in the year before at the earliest.
    if registered_on.year < period.start_date.year - 1 or registered_on > period.end_date:
        raise ValidationError(
            f"Ngày đăng ký {registered_on:%d/%m/%Y} không thuộc {period.name.lower()}.",
            field="registered_on",
        )
    if status == RegistrationStatus.REJECTED and not reason:
        raise ValidationError("Khi từ chối, hãy ghi rõ lý do.", field="rejection_reason")
    if status != RegistrationStatus.REJECTED:
        reason = ""
    return RegistrationInput(status, registered_on, aims, commitments, reason)


def save_registration(
    db: Database, period_id: int, unit_id: int, data: RegistrationInput, today: date | None = None
) -> None:
    with db.session() as session:
        period = _period(session, period_id)
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise UserError("Đơn vị này không còn trong cơ sở dữ liệu.")
        cleaned = _clean(data, period, today or date.today())
        registration = session.exec(
            select(Registration)
            .where(Registration.period_id == period_id)
            .where(Registration.unit_id == unit_id)
        ).first()
        if registration is None:
            registration = Registration(period_id=period_id, unit_id=unit_id)
        registration.status = cleaned.status
        registration.registered_on = cleaned.registered_on
        registration.aims = cleaned.aims
        registration.commitments = cleaned.commitments
        registration.rejection_reason = cleaned.rejection_reason
        session.add(registration)


def list_registrations(db: Database, period_id: int) -> list[RegistrationRow]:
    """Every active unit (and any inactive one that registered), by kind then name."""
    with db.session() as session:
        _period(session, period_id)
        registrations = {
            r.unit_id: r
            for r in session.exec(select(Registration).where(Registration.period_id == period_id))
        }
        units = session.exec(select(Unit).order_by(col(Unit.id))).all()
    kinds = list(UnitKind)
    rows = []
    for unit in units:
        registration = registrations.get(unit.id or 0)
        if not unit.active and registration is None:
            continue
        rows.append(
            RegistrationRow(
                unit_id=unit.id or 0,
                unit_code=unit.code,
                unit_name=unit.name,
                unit_kind=unit.kind,
                status=registration.status if registration else RegistrationStatus.NOT_SENT,
                registered_on=registration.registered_on if registration else None,
                aims=registration.aims if registration else "",
                commitments=registration.commitments if registration else "",
                rejection_reason=registration.rejection_reason if registration else "",
            )
        )
    return sorted(rows, key=lambda r: (kinds.index(r.unit_kind), collation_key(r.unit_name)))


def status_counts(rows: list[RegistrationRow]) -> dict[RegistrationStatus, int]:
    counts = dict.fromkeys(RegistrationStatus, 0)
    for row in rows:
        counts[row.status] += 1
    return counts
