"""The register of outgoing documents: drafts without a number, issuing (number, date, the
PDF as issued, locked), corrections that supersede, and the register's list."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, SQLModel, col, select

from kt_desktop.domain.documents import OutgoingDocument
from kt_desktop.domain.enums import DocumentKind, DocumentState
from kt_desktop.domain.labels import DOCUMENT_KIND_CODES, DOCUMENT_KIND_LABELS
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.settings import load_identity
from kt_desktop.text import clean_text, format_date_long

log = logging.getLogger(__name__)

# Issuing retries when another issue took the same number first (a unique-constraint
# failure) or held the write lock (SQLite's "database is locked" on a stale snapshot).
ISSUE_ATTEMPTS = 5
EARLIEST_YEAR = 2000


@dataclass(frozen=True)
class IssueStamp:
    """What issuing adds to a draft: handed to the renderer so the PDF carries it."""

    number: int
    number_text: str  # "Số: 05/QĐ-UBND"
    issued_on: date


@dataclass(frozen=True)
class DraftView:
    id: int
    kind: DocumentKind
    year: int
    symbol: str
    summary: str
    signer_name: str
    signer_capacity: str
    content: dict[str, Any]
    supersedes_id: int | None
    # "Quyết định số 01/QĐ-UBND ngày 05 tháng 8 năm 2025": what a correction replaces.
    supersedes_text: str = ""


@dataclass(frozen=True)
class RegisterRow:
    id: int
    kind: DocumentKind
    year: int
    number: int | None
    number_text: str
    issued_on: date | None
    summary: str
    signer_name: str
    state: DocumentState
    supersedes_number: str
    superseded_by_number: str


Renderer = Callable[[DraftView, IssueStamp | None], bytes]


def number_and_symbol(number: int, symbol: str) -> str:
    """ "05/QĐ-UBND": numbers below 10 take a leading zero (Decree 30)."""
    return f"{number:02d}/{symbol}"


def number_text(number: int | None, symbol: str) -> str:
    """ "Số: 05/QĐ-UBND"; a draft keeps the gap offices print ("Số:      /QĐ-UBND")."""
    if number is None:
        return f"Số:      /{symbol}"
    return f"Số: {number_and_symbol(number, symbol)}"


def symbol_for(session: Session, kind: DocumentKind) -> str:
    identity = load_identity(session)
    code = DOCUMENT_KIND_CODES[kind]
    if kind == DocumentKind.SUBMISSION:
        # A submission is the office's own document to the chairman.
        return f"{code}-{identity.office_code}"
    if code:
        return f"{code}-{identity.body_code}"
    # An official letter: the body, then the office that drafted it ("UBND-VHXH").
    return f"{identity.body_code}-{identity.office_code}"


def _view(document: OutgoingDocument, session: Session) -> DraftView:
    supersedes_text = ""
    if document.supersedes_id is not None:
        replaced = session.get(OutgoingDocument, document.supersedes_id)
        if replaced is not None and replaced.number is not None and replaced.issued_on:
            supersedes_text = (
                f"{DOCUMENT_KIND_LABELS[replaced.kind]} số "
                f"{number_and_symbol(replaced.number, replaced.symbol)} "
                f"{format_date_long(replaced.issued_on)}"
            )
    return DraftView(
        id=document.id or 0,
        kind=document.kind,
        year=document.year,
        symbol=document.symbol,
        summary=document.summary,
        signer_name=document.signer_name,
        signer_capacity=document.signer_capacity,
        content=json.loads(document.content),
        supersedes_id=document.supersedes_id,
        supersedes_text=supersedes_text,
    )


def _get(session: Session, document_id: int) -> OutgoingDocument:
    document = session.get(OutgoingDocument, document_id)
    if document is None:
        raise UserError("Văn bản này không còn trong sổ văn bản đi.")
    return document


def _locked_error(document: OutgoingDocument) -> UserError:
    return UserError(
        f"Văn bản {number_and_symbol(document.number or 0, document.symbol)} đã ban hành nên không "
        "sửa hay xóa được.",
        "Muốn đính chính, hãy tạo văn bản mới thay thế văn bản này.",
    )


def clean_capacity(capacity: str) -> str:
    """Capacity lines ("TM. ỦY BAN NHÂN DÂN" over "CHỦ TỊCH") kept as lines, each cleaned."""
    lines = (clean_text(line).upper() for line in capacity.splitlines())
    return "\n".join(line for line in lines if line)


def _clean(summary: str, signer_name: str, year: int) -> tuple[str, str]:
    summary = clean_text(summary)
    signer_name = clean_text(signer_name)
    if not summary:
        raise ValidationError("Trích yếu nội dung văn bản không được để trống.", field="summary")
    if len(summary) > 600:
        raise ValidationError("Trích yếu dài quá 600 ký tự.", field="summary")
    if not signer_name:
        raise ValidationError("Văn bản phải có người ký.", field="signer_name")
    if year < EARLIEST_YEAR or year > date.today().year + 1:
        raise ValidationError(f"Năm {year} không hợp lệ cho văn bản của phong trào.", field="year")
    return summary, signer_name


def create_draft(
    db: Database,
    kind: DocumentKind,
    year: int,
    summary: str,
    signer_name: str,
    signer_capacity: str,
    content: dict[str, Any],
    supersedes_id: int | None = None,
) -> int:
    summary, signer_name = _clean(summary, signer_name, year)
    with db.session() as session:
        if supersedes_id is not None:
            replaced = _get(session, supersedes_id)
            if replaced.state != DocumentState.ISSUED:
                raise UserError("Chỉ văn bản đã ban hành mới cần văn bản thay thế.")
            existing = session.exec(
                select(OutgoingDocument).where(OutgoingDocument.supersedes_id == supersedes_id)
            ).first()
            if existing is not None:
                raise UserError(
                    "Văn bản này đã có văn bản thay thế"
                    + (
                        f" ({number_and_symbol(existing.number, existing.symbol)})."
                        if existing.number
                        else " đang ở dạng dự thảo."
                    ),
                    "Hãy sửa hoặc ban hành văn bản thay thế đó.",
                )
        document = OutgoingDocument(
            kind=kind,
            year=year,
            symbol=symbol_for(session, kind),
            summary=summary,
            signer_name=signer_name,
            signer_capacity=clean_capacity(signer_capacity),
            content=json.dumps(content, ensure_ascii=False),
            supersedes_id=supersedes_id,
        )
        session.add(document)
        session.flush()
        assert document.id is not None
        return document.id


def update_draft(
    db: Database,
    document_id: int,
    summary: str,
    signer_name: str,
    signer_capacity: str,
    content: dict[str, Any],
) -> None:
    with db.session() as session:
        document = _get(session, document_id)
        if document.state == DocumentState.ISSUED:
            raise _locked_error(document)
        document.summary, document.signer_name = _clean(summary, signer_name, document.year)
        document.signer_capacity = clean_capacity(signer_capacity)
        document.content = json.dumps(content, ensure_ascii=False)
        session.add(document)


def delete_draft(db: Database, document_id: int) -> None:
    with db.session() as session:
        document = _get(session, document_id)
        if document.state == DocumentState.ISSUED:
            raise _locked_error(document)
        _forget_draft(session, document_id)
        session.delete(document)


def _forget_draft(session: Session, document_id: int) -> None:
    """Clear every reference to a draft being deleted (an inspection round's decision, an
    award round's minutes …): the work that drafted it can simply draft it again."""
    import kt_desktop.domain.tables  # noqa: F401  (registers every table)

    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if table.name == OutgoingDocument.__tablename__:
                continue
            target = OutgoingDocument.__tablename__
            if any(fk.column.table.name == target for fk in column.foreign_keys):
                session.execute(
                    update(table).where(column == document_id).values({column.name: None})
                )
    session.flush()


def get_draft(db: Database, document_id: int) -> DraftView:
    with db.session() as session:
        return _view(_get(session, document_id), session)


def _next_number(session: Session, kind: DocumentKind, year: int) -> int:
    highest = session.exec(
        select(func.max(OutgoingDocument.number))
        .where(OutgoingDocument.kind == kind)
        .where(OutgoingDocument.year == year)
    ).one()
    return int(highest or 0) + 1


def issue_document(db: Database, document_id: int, issued_on: date, render: Renderer) -> IssueStamp:
    """Give the draft the next number of its year and kind, render and store its PDF, lock it.

    Two clerks issuing at once never get one number: the database's unique constraint (and,
    on SQLite, its single writer) turns the loser's attempt into a retry with the next number.
    """
    if issued_on.year < EARLIEST_YEAR or issued_on > date.today():
        raise ValidationError(
            f"Ngày ban hành {issued_on:%d/%m/%Y} không hợp lệ: phải từ năm {EARLIEST_YEAR} "
            "đến hôm nay.",
            field="issued_on",
        )
    for attempt in range(1, ISSUE_ATTEMPTS + 1):
        try:
            with db.session() as session:
                document = _get(session, document_id)
                if document.state == DocumentState.ISSUED:
                    raise _locked_error(document)
                _check_issue_date(session, document, issued_on)
                _check_not_replaced_twice(session, document)
                number = _next_number(session, document.kind, issued_on.year)
                stamp = IssueStamp(number, number_text(number, document.symbol), issued_on)
                view = _view(document, session)
                pdf = render(view, stamp)
                # Compare and set: the draft must still be exactly what was rendered, or a
                # clerk's save made in the meantime would be locked under an older PDF.
                updated = session.execute(
                    update(OutgoingDocument)
                    .where(col(OutgoingDocument.id) == document_id)
                    .where(col(OutgoingDocument.state) == DocumentState.DRAFT)
                    .where(col(OutgoingDocument.summary) == view.summary)
                    .where(col(OutgoingDocument.signer_name) == view.signer_name)
                    .where(col(OutgoingDocument.signer_capacity) == view.signer_capacity)
                    .where(col(OutgoingDocument.content) == document.content)
                    .values(
                        year=issued_on.year,
                        number=number,
                        issued_on=issued_on,
                        state=DocumentState.ISSUED,
                        pdf=pdf,
                        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
                    )
                    .execution_options(synchronize_session=False)
                )
                if updated.rowcount != 1:  # type: ignore[attr-defined]
                    raise DraftChanged
                if document.kind == DocumentKind.DECISION:
                    # An award decision fixes its amounts, register numbers and the period's
                    # scores in this same transaction, whichever page issues it.
                    from kt_desktop.services.awards import on_decision_issued

                    on_decision_issued(session, document, issued_on)
            return stamp
        except DraftChanged:
            log.info("The draft changed while it was being issued; retrying (attempt %s)", attempt)
        except IntegrityError:
            log.info("Number taken by a parallel issue; retrying (attempt %s)", attempt)
        except UserError as error:
            # A lock held by a parallel issue surfaces as "database is locked": try again.
            if not isinstance(error.__cause__, OperationalError) or attempt == ISSUE_ATTEMPTS:
                raise
            log.info("Register busy; retrying the issue (attempt %s)", attempt)
    raise UserError(
        "Chưa cấp được số cho văn bản vì sổ văn bản đi đang bận.", "Hãy thử lại sau giây lát."
    )


class DraftChanged(Exception):
    """The draft was saved by someone else between reading and locking it."""


def _check_issue_date(session: Session, document: OutgoingDocument, issued_on: date) -> None:
    """Numbers follow dates: a document can't be dated before the last one of its series."""
    latest = session.exec(
        select(func.max(OutgoingDocument.issued_on))
        .where(OutgoingDocument.kind == document.kind)
        .where(OutgoingDocument.year == issued_on.year)
        .where(OutgoingDocument.state == DocumentState.ISSUED)
    ).one()
    if latest is not None and issued_on < latest:
        raise ValidationError(
            f"Ngày ban hành {issued_on:%d/%m/%Y} sớm hơn văn bản cùng loại ban hành gần nhất "
            f"({latest:%d/%m/%Y}); số văn bản phải tăng theo ngày.",
            field="issued_on",
        )


def _check_not_replaced_twice(session: Session, document: OutgoingDocument) -> None:
    if document.supersedes_id is None:
        return
    other = session.exec(
        select(OutgoingDocument)
        .where(OutgoingDocument.supersedes_id == document.supersedes_id)
        .where(OutgoingDocument.id != document.id)
    ).first()
    if other is not None:
        raise UserError(
            "Văn bản này đã có một văn bản thay thế khác"
            + (
                f" ({number_and_symbol(other.number, other.symbol)})."
                if other.number
                else " (dự thảo)."
            )
        )


def issued_pdf(db: Database, document_id: int) -> bytes:
    """The PDF exactly as issued; refuses one whose bytes no longer match their hash."""
    with db.session() as session:
        document = _get(session, document_id)
        if document.state != DocumentState.ISSUED or document.pdf is None:
            raise UserError("Văn bản này chưa ban hành nên chưa có bản chính thức.")
        if hashlib.sha256(document.pdf).hexdigest() != document.pdf_sha256:
            raise UserError(
                "Bản lưu của văn bản đã ban hành không còn khớp mã kiểm tra (có thể tệp dữ liệu "
                "bị hỏng).",
                "Hãy khôi phục cơ sở dữ liệu từ bản sao lưu.",
            )
        return document.pdf


def list_register(db: Database, year: int | None = None) -> list[RegisterRow]:
    """Every document, issued ones by year, kind and number, then drafts newest first."""
    with db.session() as session:
        # Every year is read: a correction may be issued in the year after what it replaces.
        every = session.exec(select(OutgoingDocument)).all()
    documents = [d for d in every if year is None or d.year == year]
    by_id = {d.id: d for d in every}
    superseded_by: dict[int, OutgoingDocument] = {}
    for document in every:
        if document.supersedes_id is not None and document.state == DocumentState.ISSUED:
            superseded_by[document.supersedes_id] = document

    def label(document: OutgoingDocument | None) -> str:
        if document is None or document.number is None:
            return ""
        return number_and_symbol(document.number, document.symbol)

    rows = [
        RegisterRow(
            id=d.id or 0,
            kind=d.kind,
            year=d.year,
            number=d.number,
            number_text=label(d) or "(dự thảo)",
            issued_on=d.issued_on,
            summary=d.summary,
            signer_name=d.signer_name,
            state=d.state,
            supersedes_number=label(by_id.get(d.supersedes_id)) if d.supersedes_id else "",
            superseded_by_number=label(superseded_by.get(d.id or 0)),
        )
        for d in documents
    ]
    kinds = list(DOCUMENT_KIND_LABELS)
    return sorted(
        rows,
        key=lambda r: (
            r.state == DocumentState.DRAFT,
            r.year,
            kinds.index(r.kind),
            r.number or 0,
            -r.id,
        ),
    )


def register_years(db: Database) -> list[int]:
    with db.session() as session:
        years = session.exec(
            select(OutgoingDocument.year).distinct().order_by(col(OutgoingDocument.year))
        ).all()
    return [int(y) for y in years]
