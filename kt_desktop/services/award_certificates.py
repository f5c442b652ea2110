"""Giấy khen of an award round: the texts from the decision, batch printing with every print
recorded (reprints with their reason), the blank's layout (in the record) and each printer's
offsets (a preference of this PC, kept where the caller's OffsetStore keeps it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from sqlmodel import Session, col, select

from kt_desktop.documents.certificates import (
    CertificateLayout,
    CertificateText,
    PrintMode,
    check_layout,
    check_offsets,
    layout_from_json,
    layout_to_json,
    render_calibration_page,
    render_certificates,
    render_layout_preview,
)
from kt_desktop.domain import AppSetting
from kt_desktop.domain.awards import AwardProposal, AwardRound, CertificatePrint
from kt_desktop.domain.documents import OutgoingDocument
from kt_desktop.domain.enums import CertificatePrintKind, DocumentKind, RecipientKind
from kt_desktop.domain.labels import CERTIFICATE_PRINT_KIND_LABELS
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.awards import ProposalLine, RoundView, round_view, sorted_for_list
from kt_desktop.services.database import Database
from kt_desktop.services.outgoing import symbol_for
from kt_desktop.services.settings import CommuneIdentity, load_identity
from kt_desktop.text import (
    clean_text,
    collation_key,
    format_date_short,
    format_number,
    format_place_date,
)

CERTIFICATE_PRINT_KEY = "certificate_print"
MAX_PRINTER_NAME = 200
MAX_REPRINT_REASON = 1000
DEFAULT_CAPACITY = "CHỦ TỊCH"
BLANK = "……"  # what a draft prints where the decision's number and dates will go

Progress = Callable[[int, int], None]
ShouldStop = Callable[[], bool]


# --- settings: the blank's layout and each printer's offsets ------------------------------


def _load_settings(session: Session) -> dict[str, Any]:
    row = session.get(AppSetting, CERTIFICATE_PRINT_KEY)
    if row is None:
        return {}
    try:
        data = json.loads(row.value)
    except ValueError:
        return {}  # a damaged setting is as good as none: defaults, never a crash
    return data if isinstance(data, dict) else {}


def _store_settings(session: Session, data: dict[str, Any]) -> None:
    value = json.dumps(data, ensure_ascii=False)
    row = session.get(AppSetting, CERTIFICATE_PRINT_KEY)
    if row is None:
        row = AppSetting(key=CERTIFICATE_PRINT_KEY, value=value)
    else:
        row.value = value
    session.add(row)


def _layout_of(data: dict[str, Any]) -> CertificateLayout:
    saved = data.get("layout")
    return layout_from_json(json.dumps(saved) if isinstance(saved, dict) else None)


def _offsets_of(data: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """The saved offsets that still make sense; anything damaged is left out (0, 0)."""
    saved = data.get("offsets")
    offsets: dict[str, tuple[float, float]] = {}
    if not isinstance(saved, dict):
        return offsets
    for name, pair in saved.items():
        if not (isinstance(name, str) and isinstance(pair, list) and len(pair) == 2):
            continue
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in pair):
            continue
        x, y = float(pair[0]), float(pair[1])
        try:
            check_offsets(x, y)
        except ValueError:
            continue
        offsets[name] = (x, y)
    return offsets


def _clean_printer(printer_name: str) -> str:
    name = clean_text(printer_name)
    if len(name) > MAX_PRINTER_NAME:
        raise ValidationError(f"Tên máy in dài quá {MAX_PRINTER_NAME} ký tự.", field="printer_name")
    return name


def _checked_layout(layout: CertificateLayout) -> CertificateLayout:
    try:
        check_layout(layout)
    except ValueError as error:
        raise ValidationError(str(error), field="layout") from error
    return layout


def _checked_offsets(x_mm: float, y_mm: float) -> tuple[float, float]:
    try:
        check_offsets(float(x_mm), float(y_mm))
    except (TypeError, ValueError) as error:
        raise ValidationError(
            str(error) if isinstance(error, ValueError) else "Độ lệch máy in phải là số.",
            field="offsets",
            hint="Hãy in trang căn chỉnh, đặt phôi lên trên rồi đo lại độ lệch.",
        ) from error
    # Tenths of a millimetre: finer than any printer feeds paper.
    return round(float(x_mm), 1) + 0.0, round(float(y_mm), 1) + 0.0


def get_certificate_layout(db: Database) -> CertificateLayout:
    with db.session() as session:
        return _layout_of(_load_settings(session))


def save_certificate_layout(db: Database, layout: CertificateLayout) -> None:
    _checked_layout(layout)
    with db.session() as session:
        data = _load_settings(session)
        data["layout"] = json.loads(layout_to_json(layout))
        _store_settings(session, data)


def reset_certificate_layout(db: Database) -> None:
    """Back to the default A4 landscape layout (printers' offsets are this PC's own)."""
    with db.session() as session:
        data = _load_settings(session)
        data.pop("layout", None)
        _store_settings(session, data)


class OffsetStore(Protocol):
    """Where this PC keeps its printers' offsets: a printer feeds paper its own way, so the
    offsets are a per-PC preference (QSettings in the app, ARCHITECTURE.md), not a setting of
    the shared record. The store holds one JSON text: {printer name: [x mm, y mm]}."""

    def read(self) -> str: ...

    def write(self, raw: str) -> None: ...


class MemoryOffsetStore:
    """An OffsetStore in memory, for tests and tools without a PC profile."""

    def __init__(self, raw: str = "") -> None:
        self.raw = raw

    def read(self) -> str:
        return self.raw

    def write(self, raw: str) -> None:
        self.raw = raw


def _stored_offsets(store: OffsetStore) -> dict[str, tuple[float, float]]:
    try:
        saved = json.loads(store.read() or "{}")
    except ValueError:
        saved = {}  # a damaged preference is as good as none: zero offsets, never a crash
    return _offsets_of({"offsets": saved})


def get_printer_offsets(store: OffsetStore, printer_name: str) -> tuple[float, float]:
    """The printer's X/Y offsets in mm (positive: right, down); (0, 0) for one never set."""
    return _stored_offsets(store).get(_clean_printer(printer_name), (0.0, 0.0))


def save_printer_offsets(store: OffsetStore, printer_name: str, x_mm: float, y_mm: float) -> None:
    name = _clean_printer(printer_name)
    x, y = _checked_offsets(x_mm, y_mm)
    offsets = _stored_offsets(store)
    offsets[name] = (x, y)
    store.write(
        json.dumps({key: [vx, vy] for key, (vx, vy) in offsets.items()}, ensure_ascii=False)
    )


def save_print_settings(
    db: Database,
    store: OffsetStore,
    layout: CertificateLayout,
    printer_name: str,
    x_mm: float,
    y_mm: float,
) -> None:
    """The layout (in the record) and one printer's offsets (on this PC) together, as the
    layout dialog saves them: both are checked first, so a refusal of either writes neither."""
    _checked_layout(layout)
    _clean_printer(printer_name)
    _checked_offsets(x_mm, y_mm)
    save_certificate_layout(db, layout)
    save_printer_offsets(store, printer_name, x_mm, y_mm)


def list_printers_with_offsets(store: OffsetStore) -> list[tuple[str, float, float]]:
    """(printer name, x mm, y mm) of every printer with saved offsets, in Vietnamese order
    ("" is the default printer, first)."""
    offsets = _stored_offsets(store)
    return [
        (name, x, y)
        for name, (x, y) in sorted(offsets.items(), key=lambda item: collation_key(item[0]))
    ]


# --- the round's certificates ---------------------------------------------------------------


@dataclass(frozen=True)
class CertificateRow:
    proposal_id: int
    recipient: str  # "Ông Nguyễn Văn An", or the collective's name
    unit: str
    form: str  # "Giấy khen"
    register_text: str  # "Số vào sổ: 05/2026", "" before the decision is issued
    printed_count: int  # prints after the decision was issued (drafts not counted)
    last_printed: datetime | None  # the latest of those, local time
    draft_count: int = 0  # "BẢN NHÁP" prints before the issue

    @property
    def printed_text(self) -> str:
        """ "2 lần, gần nhất 20/01/2026"; "Chưa in"; drafts mentioned only when alone."""
        if self.printed_count and self.last_printed is not None:
            return (
                f"{self.printed_count} lần, gần nhất {format_date_short(self.last_printed.date())}"
            )
        if self.draft_count:
            return f"Chưa in (đã in nháp {self.draft_count} lần)"
        return "Chưa in"


@dataclass(frozen=True)
class PrintRecord:
    printed_at: datetime  # local time
    kind_label: str
    reprint: bool
    reason: str


def _local(moment: datetime) -> datetime:
    # SQLite gives back the stored UTC time without its zone.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def _certificate_lines(view: RoundView) -> list[ProposalLine]:
    """The round's certificates: every passed proposal of a form awarded by the commune; once
    the decision is issued, those it lists (each then has its register number)."""
    lines = view.passed_here()
    if view.decision_issued:
        lines = [p for p in lines if p.register_number is not None]
    return sorted_for_list(lines)


def _prints_by_proposal(
    session: Session, proposal_ids: list[int]
) -> dict[int, list[CertificatePrint]]:
    prints: dict[int, list[CertificatePrint]] = {pid: [] for pid in proposal_ids}
    if not proposal_ids:
        return prints
    for row in session.exec(
        select(CertificatePrint)
        .where(col(CertificatePrint.proposal_id).in_(proposal_ids))
        .order_by(col(CertificatePrint.printed_at), col(CertificatePrint.id))
    ):
        prints[row.proposal_id].append(row)
    return prints


def _register_text(line: ProposalLine) -> str:
    return f"Số vào sổ: {line.register_text}" if line.register_text else ""


def _unit_text(line: ProposalLine) -> str:
    return line.unit_name if line.recipient_kind == RecipientKind.INDIVIDUAL else ""


def certificate_rows(db: Database, round_id: int) -> list[CertificateRow]:
    """One row per certificate of the round, in the decision's order, with what was printed."""
    view = round_view(db, round_id)
    lines = _certificate_lines(view)
    with db.session() as session:
        prints = _prints_by_proposal(session, [p.id for p in lines])
    rows = []
    for line in lines:
        official = [p for p in prints[line.id] if p.kind != CertificatePrintKind.DRAFT]
        rows.append(
            CertificateRow(
                proposal_id=line.id,
                recipient=line.addressed_name,
                unit=_unit_text(line),
                form=line.form_short_name,
                register_text=_register_text(line),
                printed_count=len(official),
                last_printed=_local(official[-1].printed_at) if official else None,
                draft_count=len(prints[line.id]) - len(official),
            )
        )
    return rows


def _decision(session: Session, view: RoundView) -> OutgoingDocument | None:
    if view.decision_document_id is None:
        return None
    return session.get(OutgoingDocument, view.decision_document_id)


def _position_unit(line: ProposalLine) -> str:
    """ "Trưởng thôn, Thôn Bắc" for a person; a collective's name says it all."""
    if line.recipient_kind != RecipientKind.INDIVIDUAL:
        return ""
    return ", ".join(part for part in (line.position, line.unit_name) if part)


def _chosen_lines(view: RoundView, proposal_ids: list[int] | None) -> list[ProposalLine]:
    lines = _certificate_lines(view)
    if proposal_ids is None:
        return lines
    known = {line.id for line in lines}
    for proposal_id in proposal_ids:
        if proposal_id not in known:
            raise UserError(
                "Có người, tập thể được chọn không còn trong danh sách được khen của đợt này "
                "(chưa được Hội đồng thông qua hoặc không có trong quyết định).",
                "Hãy đóng rồi mở lại cửa sổ in Giấy khen để cập nhật danh sách.",
            )
    wanted = set(proposal_ids)
    return [line for line in lines if line.id in wanted]


def _texts(session: Session, view: RoundView, lines: list[ProposalLine]) -> list[CertificateText]:
    identity: CommuneIdentity = load_identity(session)
    decision = _decision(session, view)
    issued_on = view.decision_issued_on if view.decision_issued else None
    if issued_on is not None:
        decision_line = view.decision_number_text
        place_date = format_place_date(identity.place_name, issued_on)
    else:
        symbol = decision.symbol if decision else symbol_for(session, DocumentKind.DECISION)
        decision_line = f"Quyết định số {BLANK}/{symbol} ngày {BLANK}/{BLANK}/{BLANK}"
        place_date = f"{identity.place_name}, ngày {BLANK} tháng {BLANK} năm {BLANK}"
    chairman = identity.signers[0].full_name if identity.signers else ""
    signer_name = decision.signer_name if decision and decision.signer_name else chairman
    # The certificate is signed as the decision is ("CHỦ TỊCH", or "KT. CHỦ TỊCH" over
    # "PHÓ CHỦ TỊCH" when a deputy signs).
    capacity = decision.signer_capacity if decision and decision.signer_capacity else ""
    return [
        CertificateText(
            issuer=f"CHỦ TỊCH\n{identity.issuing_body}",
            award_title=f"TẶNG {line.form_short_name.upper()}",
            recipient=line.addressed_name,
            position_unit=_position_unit(line),
            achievement=line.achievement,
            decision_line=decision_line,
            register_line=_register_text(line) or f"Số vào sổ: {BLANK}",
            place_date=place_date,
            signer_capacity=capacity or DEFAULT_CAPACITY,
            signer_name=signer_name,
            draft=not view.decision_issued,
        )
        for line in lines
    ]


def certificate_texts(
    db: Database, round_id: int, proposal_ids: list[int] | None = None
) -> list[CertificateText]:
    """The words of each chosen certificate (all of the round's when None), in the decision's
    order. Before the decision is issued they carry blanks for its number and dates and are
    drafts ("BẢN NHÁP")."""
    view = round_view(db, round_id)
    lines = _chosen_lines(view, proposal_ids)
    with db.session() as session:
        return _texts(session, view, lines)


def _render_error(error: ValueError) -> ValidationError:
    return ValidationError(str(error), hint="Hãy kiểm tra mẫu Giấy khen và độ lệch máy in.")


def _reprint_refusal(session: Session, lines: list[ProposalLine]) -> str:
    """The sentence refusing a reprint without a reason, or "" when none is a reprint."""
    prints = _prints_by_proposal(session, [line.id for line in lines])
    earlier = []
    for line in lines:
        official = [p for p in prints[line.id] if p.kind != CertificatePrintKind.DRAFT]
        if official:
            when = format_date_short(_local(official[-1].printed_at).date())
            earlier.append((line.addressed_name, when))
    if not earlier:
        return ""
    if len(earlier) == 1:
        name, when = earlier[0]
        return f"Giấy khen của {name} đã in ngày {when}; hãy ghi lý do in lại."
    shown = ", ".join(f"{name} (in ngày {when})" for name, when in earlier[:3])
    more = f" và {len(earlier) - 3} người, tập thể khác" if len(earlier) > 3 else ""
    return f"Giấy khen của {shown}{more} đã được in; hãy ghi lý do in lại."


def _settings_for(
    session: Session, store: OffsetStore, printer_name: str
) -> tuple[CertificateLayout, float, float]:
    x, y = _stored_offsets(store).get(printer_name, (0.0, 0.0))
    return _layout_of(_load_settings(session)), x, y


def print_certificates(
    db: Database,
    round_id: int,
    proposal_ids: list[int],
    mode: PrintMode,
    printer_name: str = "",
    reprint_reason: str = "",
    progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
    record: bool = True,
    *,
    store: OffsetStore,
) -> bytes:
    """The chosen certificates as one PDF (saved layout, the printer's offsets), each print
    recorded: a draft before the decision is issued, after it the mode printed, a reprint
    (with its reason, required) when the certificate was printed before.

    Nothing is recorded unless the whole PDF was made: a stop (should_stop() returning True
    raises RenderingStopped) or a failure leaves the record as it was. With record=False the
    checks run but the caller records (record_prints) once the print or file succeeded."""
    mode = PrintMode(mode)
    name = _clean_printer(printer_name)
    reason = clean_text(reprint_reason)
    if len(reason) > MAX_REPRINT_REASON:
        raise ValidationError(
            f"Lý do in lại dài quá {format_number(MAX_REPRINT_REASON)} ký tự.",
            field="reprint_reason",
        )
    if not proposal_ids:
        raise ValidationError("Hãy chọn ít nhất một Giấy khen để in.", field="proposal_ids")
    view = round_view(db, round_id)
    lines = _chosen_lines(view, proposal_ids)
    with db.session() as session:
        if view.decision_issued and not reason:
            refusal = _reprint_refusal(session, lines)
            if refusal:
                raise ValidationError(refusal, field="reprint_reason")
        texts = _texts(session, view, lines)
        layout, offset_x, offset_y = _settings_for(session, store, name)
    # Rendering holds no session: a batch of hundreds takes seconds.
    try:
        pdf = render_certificates(texts, layout, mode, offset_x, offset_y, progress, should_stop)
    except ValueError as error:
        raise _render_error(error) from error
    if record:
        _record(db, round_id, view, lines, mode, reason)
    return pdf


def record_prints(
    db: Database,
    round_id: int,
    proposal_ids: list[int],
    mode: PrintMode,
    reprint_reason: str = "",
) -> None:
    """Record certificates made with print_certificates(..., record=False) once they reached
    the printer or their file: a print that failed is not on record as printed."""
    view = round_view(db, round_id)
    lines = _chosen_lines(view, proposal_ids)
    _record(db, round_id, view, lines, PrintMode(mode), clean_text(reprint_reason))


def _record(
    db: Database,
    round_id: int,
    view: RoundView,
    lines: list[ProposalLine],
    mode: PrintMode,
    reason: str,
) -> None:
    kind = CertificatePrintKind(mode.value) if view.decision_issued else CertificatePrintKind.DRAFT
    with db.session() as session:
        award_round = session.get(AwardRound, round_id)
        if award_round is None:
            raise UserError("Đợt khen thưởng này không còn trong cơ sở dữ liệu.")
        if view.decision_issued and not reason:
            # Printed by someone else while this batch was being made.
            refusal = _reprint_refusal(session, lines)
            if refusal:
                raise ValidationError(refusal, field="reprint_reason")
        prints = _prints_by_proposal(session, [line.id for line in lines])
        now = datetime.now(UTC)
        for line in lines:
            if session.get(AwardProposal, line.id) is None:
                raise UserError(f"Đề nghị khen thưởng “{line.name}” không còn trong dữ liệu.")
            reprint = kind != CertificatePrintKind.DRAFT and any(
                p.kind != CertificatePrintKind.DRAFT for p in prints[line.id]
            )
            session.add(
                CertificatePrint(
                    proposal_id=line.id,
                    kind=kind,
                    reprint=reprint,
                    reason=reason if reprint else "",
                    printed_at=now,
                )
            )


def preview_certificates(
    db: Database,
    round_id: int,
    proposal_ids: list[int],
    mode: PrintMode,
    printer_name: str = "",
    *,
    store: OffsetStore,
) -> bytes:
    """The same PDF as print_certificates would make, for a look only: nothing recorded."""
    view = round_view(db, round_id)
    lines = _chosen_lines(view, proposal_ids)
    if not lines:
        raise ValidationError("Hãy chọn ít nhất một Giấy khen để xem.", field="proposal_ids")
    with db.session() as session:
        texts = _texts(session, view, lines)
        layout, offset_x, offset_y = _settings_for(session, store, _clean_printer(printer_name))
    try:
        return render_certificates(texts, layout, PrintMode(mode), offset_x, offset_y)
    except ValueError as error:
        raise _render_error(error) from error


def calibration_pdf(db: Database, store: OffsetStore, printer_name: str = "") -> bytes:
    """The calibration page (grid, crosshairs, field boxes) with the saved layout, shifted by
    the printer's saved offsets."""
    with db.session() as session:
        layout, offset_x, offset_y = _settings_for(session, store, _clean_printer(printer_name))
    try:
        return render_calibration_page(layout, offset_x, offset_y)
    except ValueError as error:
        raise _render_error(error) from error


def print_history(db: Database, proposal_id: int) -> list[PrintRecord]:
    """Every print of one certificate, oldest first."""
    with db.session() as session:
        if session.get(AwardProposal, proposal_id) is None:
            raise UserError("Đề nghị khen thưởng này không còn trong cơ sở dữ liệu.")
        rows = _prints_by_proposal(session, [proposal_id])[proposal_id]
        return [
            PrintRecord(
                _local(row.printed_at),
                CERTIFICATE_PRINT_KIND_LABELS[row.kind],
                row.reprint,
                row.reason,
            )
            for row in rows
        ]


# --- the layout dialog's sample ---------------------------------------------------------------


def sample_certificate_text(db: Database, draft: bool = False) -> CertificateText:
    """A certificate with long, realistic words, to see a layout with: what fits this fits
    most."""
    with db.session() as session:
        identity = load_identity(session)
    chairman = identity.signers[0].full_name if identity.signers else ""
    today = date.today()
    return CertificateText(
        issuer=f"CHỦ TỊCH\n{identity.issuing_body}",
        recipient="Bà Nguyễn Thị Phương Thảo",
        position_unit=(
            "Phó Bí thư Chi bộ, Trưởng Ban công tác Mặt trận thôn, "
            f"Thôn Tuấn Hưng, xã {identity.commune_name}"
        ),
        achievement=(
            "Đã có thành tích xuất sắc trong phong trào thi đua đổi mới sáng tạo, chuyển đổi "
            f"số và “Bình dân học vụ số” năm {today.year - 1}"
        ),
        decision_line=f"Quyết định số 05/QĐ-{identity.body_code} ngày 20/01/{today.year}",
        register_line=f"Số vào sổ: 12/{today.year}",
        place_date=format_place_date(identity.place_name, date(today.year, 1, 20)),
        signer_name=chairman,
        draft=draft,
    )


def layout_preview(
    layout: CertificateLayout,
    sample: CertificateText,
    mode: PrintMode,
    offset_x_mm: float,
    offset_y_mm: float,
) -> bytes:
    """One sample certificate with an unsaved layout, for the live preview; a layout or offset
    that can't be printed is refused with the renderer's Vietnamese message."""
    try:
        return render_layout_preview(layout, sample, PrintMode(mode), offset_x_mm, offset_y_mm)
    except ValueError as error:
        raise ValidationError(str(error), field="layout") from error


def calibration_preview(layout: CertificateLayout, offset_x_mm: float, offset_y_mm: float) -> bytes:
    """The calibration page of an unsaved layout and offsets (the layout dialog's button)."""
    try:
        return render_calibration_page(layout, offset_x_mm, offset_y_mm)
    except ValueError as error:
        raise ValidationError(str(error), field="layout") from error
