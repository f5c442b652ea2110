"""Department packets: one workbook per unit written into a folder, and returned ones checked.

A packet holds the unit's applicable criteria, last period's figures and the office's identity
(gathered here in one read), written by kt_desktop.sheets.packets."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlmodel import Session, col, select

from kt_desktop.domain import Criterion, Period, Result, Unit
from kt_desktop.domain.digital_literacy import DigitalLiteracy
from kt_desktop.domain.enums import CriterionKind, PeriodKind, UnitKind
from kt_desktop.errors import UserError, ValidationError, describe_os_error
from kt_desktop.services.database import Database
from kt_desktop.services.evidence import sanitize_file_name
from kt_desktop.services.figures import Figure, applies_to_unit
from kt_desktop.services.movement import require_period
from kt_desktop.services.results import figure_text, target_text, verified_figure
from kt_desktop.services.settings import CommuneIdentity, load_identity
from kt_desktop.sheets.packets import (
    DIGITAL_FIELDS,
    TEMPLATE_VERSION,
    PacketContents,
    PacketCriterion,
    PacketData,
    criteria_checksum,
    write_packet,
)
from kt_desktop.text import clean_text, format_date_short, format_number, format_percent

# progress(done, total) after each packet; returning False stops the export.
Progress = Callable[[int, int], bool | None]

# The "Kỳ trước" column is narrow: a long assessment is cut there (the office has it all).
PREVIOUS_TEXT_LIMIT = 90


def packet_file_name(period_year: int, unit_code: str, unit_name: str) -> str:
    """ "Gói báo cáo 2026 – T01 – Thôn Đông.xlsx", safe for Windows."""
    return sanitize_file_name(
        f"Gói báo cáo {period_year} – {clean_text(unit_code)} – {clean_text(unit_name)}.xlsx",
        fallback=f"Gói báo cáo {period_year}.xlsx",
    )


def _previous_period(session: Session, period: Period) -> Period | None:
    """The last year before the period: the figures a unit compares itself with."""
    return session.exec(
        select(Period)
        .where(Period.movement_id == period.movement_id)
        .where(Period.kind == PeriodKind.ANNUAL)
        .where(Period.year < period.year)
        .order_by(col(Period.year).desc())
    ).first()


def _packet_criterion(criterion: Criterion) -> PacketCriterion:
    return PacketCriterion(
        code=criterion.code,
        wording=criterion.wording,
        kind=CriterionKind(criterion.kind),
        comparator=criterion.comparator,
        threshold=criterion.threshold,
        target_text=target_text(criterion.kind, criterion.comparator, criterion.threshold),
        numerator_label=criterion.numerator_label,
        denominator_label=criterion.denominator_label,
    )


def _period_criteria(session: Session, period_id: int) -> list[Criterion]:
    return list(
        session.exec(
            select(Criterion)
            .where(Criterion.period_id == period_id)
            .order_by(col(Criterion.sort_order), col(Criterion.id))
        ).all()
    )


def _applicable(criteria: list[Criterion], kind: UnitKind) -> tuple[PacketCriterion, ...]:
    return tuple(
        _packet_criterion(c) for c in criteria if applies_to_unit(c.subject, c.unit_kinds, kind)
    )


def _previous_text(kind: CriterionKind, result: Result) -> str:
    if result.not_applicable:
        return "Không áp dụng"
    verified = verified_figure(result)
    figure = verified or Figure(
        result.numerator, result.denominator, result.value, result.yes_no, result.assessment
    )
    text = clean_text(figure_text(kind, figure))
    if len(text) > PREVIOUS_TEXT_LIMIT:
        text = text[: PREVIOUS_TEXT_LIMIT - 1].rstrip() + "…"
    return text


def _previous_figures(
    session: Session, previous: Period | None, unit_ids: list[int]
) -> dict[int, dict[str, str]]:
    """Last period's figures by unit and criterion code (the codes are the plan's, so CT01
    last year is CT01 this year)."""
    found: dict[int, dict[str, str]] = {unit_id: {} for unit_id in unit_ids}
    if previous is None or not unit_ids:
        return found
    rows = session.exec(
        select(Result, Criterion.code, Criterion.kind)
        .join(Criterion, col(Criterion.id) == col(Result.criterion_id))
        .where(Result.period_id == previous.id)
        .where(col(Result.unit_id).in_(unit_ids))
    ).all()
    for result, code, kind in rows:
        found.setdefault(result.unit_id or 0, {})[code] = _previous_text(
            CriterionKind(kind), result
        )
    return found


def _previous_digital(
    session: Session, previous: Period | None, village_ids: list[int]
) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {}
    if previous is None or not village_ids:
        return found
    rows = session.exec(
        select(DigitalLiteracy)
        .where(DigitalLiteracy.period_id == previous.id)
        .where(col(DigitalLiteracy.unit_id).in_(village_ids))
    ).all()
    for row in rows:
        figures = {}
        for item in DIGITAL_FIELDS:
            value = getattr(row, item.name)
            if value is not None:
                figures[item.name] = format_number(value)
        if row.adults_meeting_standard is not None and row.adult_population:
            figures["rate"] = format_percent(
                Decimal(row.adults_meeting_standard) * 100 / Decimal(row.adult_population), 2
            )
        elif row.reported_rate is not None:
            figures["rate"] = format_percent(row.reported_rate, 2)
        found[row.unit_id] = figures
    return found


def _office(identity: CommuneIdentity) -> str:
    return f"{identity.office_name}, Ủy ban nhân dân xã {identity.commune_name}"


def _contact(identity: CommuneIdentity) -> str:
    """The office, and its head by name when Cài đặt has one among the signers."""
    office = identity.office_name.casefold()
    for signer in identity.signers:
        if signer.full_name and office and office in signer.title.casefold():
            return f"Đồng chí {signer.full_name}, {signer.title}"
    return _office(identity)


def _gather(
    session: Session,
    period: Period,
    units: Sequence[Unit],
    deadline: date,
    today: date,
    contact: str,
) -> list[PacketData]:
    identity = load_identity(session)
    criteria = _period_criteria(session, period.id or 0)
    previous = _previous_period(session, period)
    unit_ids = [u.id or 0 for u in units]
    figures = _previous_figures(session, previous, unit_ids)
    digital = _previous_digital(
        session, previous, [u.id or 0 for u in units if u.kind == UnitKind.VILLAGE]
    )
    by_kind: dict[UnitKind, tuple[PacketCriterion, ...]] = {}
    packets = []
    for unit in units:
        kind = UnitKind(unit.kind)
        if kind not in by_kind:
            by_kind[kind] = _applicable(criteria, kind)
        packets.append(
            PacketData(
                packet_id=uuid.uuid4().hex,
                period_id=period.id or 0,
                period_name=period.name,
                period_year=period.year,
                unit_id=unit.id or 0,
                unit_code=unit.code,
                unit_name=unit.name,
                unit_kind=kind,
                deadline=deadline,
                office_name=_office(identity),
                contact=clean_text(contact) or _contact(identity),
                criteria=by_kind[kind],
                previous_period_name=previous.name if previous is not None else "",
                previous_figures=figures.get(unit.id or 0, {}),
                previous_digital=digital.get(unit.id or 0, {}),
                created_on=today,
                template_version=TEMPLATE_VERSION,
            )
        )
    return packets


def _check_request(period: Period, deadline: date, today: date) -> None:
    if period.results_lock_reason:
        raise UserError(
            f"Kết quả của {period.name.lower()} đã khóa: {period.results_lock_reason}",
            "Số liệu gửi về sẽ không nhập được vào kỳ đã khóa; hãy chọn kỳ khác hoặc mở khóa "
            "kỳ (khi được phép).",
        )
    if deadline < today:
        raise ValidationError(
            f"Hạn gửi lại {format_date_short(deadline)} đã qua "
            f"(hôm nay là {format_date_short(today)}).",
            field="deadline",
            hint="Hãy chọn một ngày từ hôm nay trở đi để các đơn vị kịp điền.",
        )


def _units(session: Session, unit_ids: Sequence[int]) -> list[Unit]:
    wanted = list(dict.fromkeys(unit_ids))
    if not wanted:
        raise ValidationError(
            "Chưa chọn đơn vị nào để gửi gói báo cáo.",
            field="units",
            hint="Hãy đánh dấu ít nhất một đơn vị trong danh sách.",
        )
    found = {u.id: u for u in session.exec(select(Unit).where(col(Unit.id).in_(wanted))).all()}
    missing = [unit_id for unit_id in wanted if unit_id not in found]
    if missing:
        raise UserError(
            "Có đơn vị đã chọn không còn trong cơ sở dữ liệu (có thể vừa bị xóa).",
            "Hãy mở lại danh sách đơn vị rồi chọn lại.",
        )
    return [found[unit_id] for unit_id in wanted]


def packet_data_for(
    db: Database,
    period_id: int,
    unit_id: int,
    deadline: date,
    *,
    contact: str = "",
    today: date | None = None,
) -> PacketData:
    """What the packet of one unit for one period says (a fresh packet id each time)."""
    today = today or date.today()
    with db.session() as session:
        period = require_period(session, period_id)
        units = _units(session, [unit_id])
        return _gather(session, period, units, deadline, today, contact)[0]


def _check_folder(folder: Path) -> None:
    """Refuse a folder the packets cannot be written to, before writing any of them."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".kiem-tra-ghi-", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise UserError(
            f"Không ghi được vào thư mục “{folder}”: {describe_os_error(error)}.",
            "Hãy chọn thư mục khác (ví dụ trong Tài liệu hoặc trên màn hình nền) rồi thử lại.",
        ) from error


def export_packets(
    db: Database,
    period_id: int,
    unit_ids: Sequence[int],
    folder: Path,
    deadline: date,
    progress: Progress | None = None,
    *,
    contact: str = "",
    today: date | None = None,
) -> list[Path]:
    """Write one packet per unit into `folder`; returns the files written, in order.

    `progress(done, total)` is called before the first packet (done = 0) and after each;
    returning False stops the export: the packets already written are complete and kept.
    Refused before anything is written: no unit chosen, a deadline in the past, a locked
    period, a folder that cannot be written to. A file of the same name is replaced."""
    today = today or date.today()
    with db.session() as session:
        period = require_period(session, period_id)
        _check_request(period, deadline, today)
        units = _units(session, unit_ids)
        packets = _gather(session, period, units, deadline, today, contact)
    _check_folder(folder)
    total = len(packets)
    written: list[Path] = []
    if progress is not None and progress(0, total) is False:
        return written
    used: set[str] = set()
    for data in packets:
        name = packet_file_name(data.period_year, data.unit_code, data.unit_name)
        stem = name.removesuffix(".xlsx")
        counter = 2
        # Codes are unique, but Windows folds case: "t01" and "T01" would share a file.
        while name.casefold() in used:
            name = f"{stem} ({counter}).xlsx"
            counter += 1
        used.add(name.casefold())
        written.append(write_packet(data, folder / name))
        if progress is not None and progress(len(written), total) is False:
            break
    return written


def packet_problems(db: Database, contents: PacketContents) -> list[str]:
    """Why a returned packet may not fit the record any more, in Vietnamese (empty: none):
    its period or unit gone, or the criteria set changed since it was sent."""
    problems = list(contents.problems)
    identity = contents.identity
    if identity.template_version > TEMPLATE_VERSION:
        problems.append(
            f"Gói được tạo bởi phiên bản mới hơn của phần mềm (mẫu số {identity.template_version})"
            "; hãy cập nhật phần mềm trước khi nhập."
        )
    with db.session() as session:
        period = session.get(Period, identity.period_id)
        unit = session.get(Unit, identity.unit_id)
        if period is None or period.year != identity.period_year:
            problems.append(f"Kỳ “{identity.period_name}” của gói không còn trong cơ sở dữ liệu.")
            return problems
        if unit is None or unit.code != identity.unit_code:
            problems.append(
                f"Đơn vị “{identity.unit_name}” (mã {identity.unit_code}) của gói không còn "
                "trong cơ sở dữ liệu hoặc đã đổi mã."
            )
            return problems
        current = _applicable(_period_criteria(session, period.id or 0), UnitKind(unit.kind))
    if criteria_checksum(current) != identity.criteria_checksum:
        sent = set(identity.criterion_kinds)
        now = {c.code for c in current}
        detail = []
        if now - sent:
            detail.append("thêm " + ", ".join(sorted(now - sent)))
        if sent - now:
            detail.append("bỏ " + ", ".join(sorted(sent - now)))
        changed = f" ({'; '.join(detail)})" if detail else " (sửa nội dung hoặc mức chỉ tiêu)"
        problems.append(
            f"Bộ tiêu chí của {period.name.lower()} đã thay đổi sau khi gửi gói này{changed}: "
            "hãy kiểm tra kỹ từng dòng trước khi nhập."
        )
    return problems
