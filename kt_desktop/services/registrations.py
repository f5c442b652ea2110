"""Registration for a period's emulation (đăng ký thi đua): every active unit's status, what it
aims for and commits to; the office approves or rejects with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from kt_desktop.domain import Period, Unit
from kt_desktop.domain.enums import RegistrationStatus, UnitKind
from kt_desktop.domain.registrations import Registration
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.movement import require_period
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
    registration_id: int | None = None  # None until the unit's registration is first saved

    def as_input(self) -> RegistrationInput:
        return RegistrationInput(
            self.status, self.registered_on, self.aims, self.commitments, self.rejection_reason
        )


def _clean(data: RegistrationInput, period: Period, today: date) -> RegistrationInput:
    status = RegistrationStatus(data.status)
    aims = clean_text(data.aims)
    commitments = clean_text(data.commitments)
    reason = clean_text(data.rejection_reason)
    registered_on = data.registered_on
    if status == RegistrationStatus.NOT_SENT:
        # Nothing was received: keep no stray date, aims or reason behind.
        return RegistrationInput(status)
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
) -> int:
    """Record (or replace) a unit's registration; returns the registration's id."""
    with db.session() as session:
        period = require_period(session, period_id)
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
        session.flush()
        return registration.id or 0


def list_registrations(db: Database, period_id: int) -> list[RegistrationRow]:
    """Every active unit (and any inactive one that registered), by kind then name."""
    with db.session() as session:
        require_period(session, period_id)
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
                registration_id=registration.id if registration else None,
            )
        )
    return sorted(rows, key=lambda r: (kinds.index(r.unit_kind), collation_key(r.unit_name)))


def status_counts(rows: list[RegistrationRow]) -> dict[RegistrationStatus, int]:
    counts = dict.fromkeys(RegistrationStatus, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def registration_summary_pdf(db: Database, period_id: int, today: date | None = None) -> bytes:
    """The printable summary: a report with the counts, and the list of units as its annex
    (landscape, repeating header), in the Decree 30 format."""
    from kt_desktop.documents.model import Annex, OfficialDocument, Paragraph, Signature
    from kt_desktop.documents.page import render_document_bytes
    from kt_desktop.domain.labels import REGISTRATION_STATUS_LABELS, UNIT_KIND_LABELS
    from kt_desktop.services.document_builder import issuing_body_lines
    from kt_desktop.services.settings import load_identity
    from kt_desktop.text import format_date_short, format_number, format_place_date

    today = today or date.today()
    rows = list_registrations(db, period_id)
    with db.session() as session:
        period = require_period(session, period_id)
        identity = load_identity(session)
    counts = status_counts(rows)
    signer = next((s for s in identity.signers if s.full_name), None)
    if signer is None:
        raise UserError(
            "Chưa có người ký trong Cài đặt nên chưa in được bảng tổng hợp.",
            "Hãy nhập họ tên người ký ở Cài đặt → Thông tin cơ quan và người ký.",
        )
    summary = (
        f"Tính đến {format_date_short(today)}, có {format_number(len(rows))} đơn vị tham gia: "
        + ", ".join(
            f"{format_number(counts[status])} {REGISTRATION_STATUS_LABELS[status].lower()}"
            for status in RegistrationStatus
        )
        + "."
    )
    annex = Annex(
        title_lines=["BẢNG TỔNG HỢP", f"Đăng ký thi đua {period.name.lower()}"],
        headers=["STT", "Đơn vị", "Loại", "Trạng thái", "Ngày đăng ký", "Đăng ký", "Cam kết"],
        rows=[
            [
                str(number),
                row.unit_name,
                UNIT_KIND_LABELS[row.unit_kind],
                REGISTRATION_STATUS_LABELS[row.status]
                + (f" ({row.rejection_reason})" if row.rejection_reason else ""),
                format_date_short(row.registered_on) if row.registered_on else "",
                row.aims,
                row.commitments,
            ]
            for number, row in enumerate(rows, start=1)
        ],
        column_widths=[1.0, 3.6, 2.2, 1.6, 1.9, 2.8, 3.4],
        landscape=True,
    )
    document = OfficialDocument(
        issuing_body=issuing_body_lines(identity),
        number_text=f"Số:      /BC-{identity.body_code}",
        place_date_text=format_place_date(identity.place_name, today),
        kind_title="BÁO CÁO",
        summary=f"Tổng hợp đăng ký thi đua {period.name.lower()}",
        body=[Paragraph(summary), Paragraph("Danh sách chi tiết kèm theo báo cáo này.")],
        recipients=["Lãnh đạo UBND xã", f"Lưu: VT, {identity.office_code}"],
        signatures=[Signature(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], signer.full_name)],
        annexes=[annex],
    )
    return render_document_bytes(document)
