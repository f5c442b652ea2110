"""Initiatives and solutions with their authors, and other people's and organisations'
contributions to the movement (plan section III.1.3): checked, saved, listed, deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, col, select

from kt_desktop.domain import Person, Unit
from kt_desktop.domain.enums import (
    ContributorKind,
    InitiativeKind,
    PrioritySector,
    RecognitionLevel,
)
from kt_desktop.domain.evidence import EvidenceLink
from kt_desktop.domain.initiatives import Contribution, Initiative, InitiativeAuthor
from kt_desktop.domain.labels import PRIORITY_SECTOR_LABELS, RECOGNITION_LEVEL_LABELS
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.movement import require_period
from kt_desktop.text import clean_text, collation_key, format_date_short

# Initiatives and contributions are records of what happened, not scored results: a locked
# period (Period.results_lock_reason) still accepts them, so an initiative recognised after
# the council met can be written down. What they later earn is decided where results are.

# The plan runs from 2025 to 2030: nothing it records happened before it began.
MOVEMENT_START = date(2025, 1, 1)
TITLE_LIMIT = 500
CONTRIBUTOR_NAME_LIMIT = 300
TEXT_LIMIT = 5000
# Recognition levels from the lowest up, for "recognised at this level or higher".
LEVEL_ORDER = (RecognitionLevel.GRASSROOTS, RecognitionLevel.CITY, RecognitionLevel.NATIONAL)


@dataclass(frozen=True)
class InitiativeInput:
    title: str
    kind: InitiativeKind = InitiativeKind.INITIATIVE
    unit_id: int | None = None
    sector: PrioritySector | None = None
    applied_on: date | None = None
    summary: str = ""
    benefits: str = ""
    recognised_on: date | None = None
    recognition_level: RecognitionLevel | None = None
    # People of the register, in the order their names are written.
    author_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class InitiativeRow:
    id: int
    kind: InitiativeKind
    title: str
    authors: str  # names joined by ", " in the authors' order
    author_ids: tuple[int, ...]
    unit_id: int | None
    unit_name: str
    sector: PrioritySector | None
    sector_label: str  # "" when outside the priority sectors
    applied_on: date | None
    recognised_on: date | None
    recognition_level: RecognitionLevel | None
    recognition_text: str  # "Cấp cơ sở (xã), 15/11/2025", or ""
    summary: str
    benefits: str
    evidence_count: int


@dataclass(frozen=True)
class ContributionInput:
    contributor_kind: ContributorKind
    contributor_name: str
    description: str
    given_on: date | None = None
    address: str = ""
    # Whole đồng; None when what was given has no money value stated (effort, expertise).
    value_vnd: Decimal | None = None
    # Set when the contributor is in the register (a person, or a unit for an organisation).
    person_id: int | None = None
    unit_id: int | None = None


@dataclass(frozen=True)
class ContributionRow:
    id: int
    contributor_kind: ContributorKind
    contributor_name: str
    address: str
    given_on: date | None
    description: str
    value_vnd: Decimal | None
    person_id: int | None
    unit_id: int | None


def _gone(what: str) -> UserError:
    return UserError(
        f"{what} này không còn trong cơ sở dữ liệu (có thể vừa bị xóa).",
        "Hãy mở lại danh sách để xem dữ liệu mới nhất.",
    )


def _check_date(value: date | None, label: str, field: str, today: date) -> None:
    if value is None:
        return
    if value > today:
        raise ValidationError(f"{label} {format_date_short(value)} ở tương lai.", field=field)
    if value < MOVEMENT_START:
        raise ValidationError(
            f"{label} {format_date_short(value)} trước khi phong trào bắt đầu "
            f"({format_date_short(MOVEMENT_START)}).",
            field=field,
        )


def _check_length(value: str, limit: int, label: str, field: str) -> None:
    if len(value) > limit:
        raise ValidationError(f"{label} dài quá {limit} ký tự.", field=field)


def recognition_text(level: RecognitionLevel | None, recognised_on: date | None) -> str:
    """How a list shows the recognition: "Cấp cơ sở (xã), 15/11/2025"; "" if none."""
    if level is None:
        return ""
    text = RECOGNITION_LEVEL_LABELS[level]
    return f"{text}, {format_date_short(recognised_on)}" if recognised_on else text


# --- initiatives -------------------------------------------------------------------------


def _same_title(title: str) -> str:
    # Case and spacing do not make a different title; diacritics do, as they change the
    # Vietnamese word.
    return " ".join(title.split()).casefold()


def clean_initiative(session: Session, data: InitiativeInput, today: date) -> InitiativeInput:
    title = clean_text(data.title)
    if not title:
        raise ValidationError("Tên sáng kiến, giải pháp không được để trống.", field="title")
    _check_length(title, TITLE_LIMIT, "Tên sáng kiến, giải pháp", "title")
    kind = InitiativeKind(data.kind)
    sector = PrioritySector(data.sector) if data.sector is not None else None
    level = RecognitionLevel(data.recognition_level) if data.recognition_level else None
    summary = clean_text(data.summary)
    benefits = clean_text(data.benefits)
    _check_length(summary, TEXT_LIMIT, "Tóm tắt nội dung", "summary")
    _check_length(benefits, TEXT_LIMIT, "Hiệu quả, lợi ích", "benefits")

    author_ids = tuple(data.author_ids)
    if not author_ids and data.unit_id is None:
        raise ValidationError(
            "Hãy chọn ít nhất một tác giả hoặc đơn vị có sáng kiến, giải pháp.",
            field="author_ids",
        )
    seen: set[int] = set()
    for person_id in author_ids:
        person = session.get(Person, person_id)
        if person is None:
            raise ValidationError(
                "Một tác giả đã chọn không còn trong danh sách cá nhân.",
                field="author_ids",
                hint="Hãy bỏ tác giả đó và chọn lại.",
            )
        if person_id in seen:
            raise ValidationError(
                f"Tác giả “{person.full_name}” được chọn hai lần.", field="author_ids"
            )
        seen.add(person_id)
    if data.unit_id is not None and session.get(Unit, data.unit_id) is None:
        raise ValidationError("Đơn vị đã chọn không còn trong cơ sở dữ liệu.", field="unit_id")

    _check_date(data.applied_on, "Ngày áp dụng", "applied_on", today)
    _check_date(data.recognised_on, "Ngày công nhận", "recognised_on", today)
    if level is not None and data.recognised_on is None:
        raise ValidationError(
            "Đã chọn cấp công nhận thì hãy ghi cả ngày công nhận.", field="recognised_on"
        )
    if level is None and data.recognised_on is not None:
        raise ValidationError(
            "Đã ghi ngày công nhận thì hãy chọn cả cấp công nhận.", field="recognition_level"
        )
    if (
        data.recognised_on is not None
        and data.applied_on is not None
        and data.recognised_on < data.applied_on
    ):
        raise ValidationError(
            f"Ngày công nhận {format_date_short(data.recognised_on)} trước ngày áp dụng "
            f"{format_date_short(data.applied_on)}.",
            field="recognised_on",
        )
    return InitiativeInput(
        title=title,
        kind=kind,
        unit_id=data.unit_id,
        sector=sector,
        applied_on=data.applied_on,
        summary=summary,
        benefits=benefits,
        recognised_on=data.recognised_on,
        recognition_level=level,
        author_ids=author_ids,
    )


def check_title_free(
    session: Session, period_id: int, data: InitiativeInput, own_id: int | None
) -> None:
    """One unit does not report the same initiative twice in a period (nor do unitless
    authors: an initiative without a unit counts as the "no unit" group's)."""
    wanted = _same_title(data.title)
    query = select(Initiative.id, Initiative.title).where(Initiative.period_id == period_id)
    if data.unit_id is None:
        query = query.where(col(Initiative.unit_id).is_(None))
    else:
        query = query.where(Initiative.unit_id == data.unit_id)
    for other_id, other_title in session.exec(query).all():
        if other_id != own_id and _same_title(other_title) == wanted:
            owner = "đơn vị này" if data.unit_id is not None else "kỳ này (không gắn đơn vị)"
            raise ValidationError(
                f"Sáng kiến, giải pháp “{data.title}” đã có trong danh sách của {owner}.",
                field="title",
                hint="Hãy mở sáng kiến đã có để sửa thay vì thêm lần nữa.",
            )


def save_initiative(
    db: Database,
    period_id: int,
    data: InitiativeInput,
    initiative_id: int | None = None,
    today: date | None = None,
) -> int:
    """Add (initiative_id None) or update an initiative and its authors; return its id."""
    with db.session() as session:
        require_period(session, period_id)
        if initiative_id is None:
            initiative = Initiative(period_id=period_id, title="")
        else:
            found = session.get(Initiative, initiative_id)
            if found is None:
                raise _gone("Sáng kiến, giải pháp")
            initiative = found
        cleaned = clean_initiative(session, data, today or date.today())
        check_title_free(session, period_id, cleaned, initiative_id)
        initiative.period_id = period_id
        initiative.kind = cleaned.kind
        initiative.title = cleaned.title
        initiative.unit_id = cleaned.unit_id
        initiative.sector = cleaned.sector.value if cleaned.sector else None
        initiative.applied_on = cleaned.applied_on
        initiative.summary = cleaned.summary
        initiative.benefits = cleaned.benefits
        initiative.recognised_on = cleaned.recognised_on
        initiative.recognition_level = cleaned.recognition_level
        session.add(initiative)
        session.flush()
        assert initiative.id is not None
        old_authors = session.exec(
            select(InitiativeAuthor).where(InitiativeAuthor.initiative_id == initiative.id)
        ).all()
        for author in old_authors:
            session.delete(author)
        # Deletes first: re-adding a kept author in the same flush would hit the unique pair.
        session.flush()
        for position, person_id in enumerate(cleaned.author_ids):
            session.add(
                InitiativeAuthor(
                    initiative_id=initiative.id, person_id=person_id, position=position
                )
            )
        return initiative.id


def get_initiative(db: Database, initiative_id: int) -> InitiativeInput:
    with db.session() as session:
        initiative = session.get(Initiative, initiative_id)
        if initiative is None:
            raise _gone("Sáng kiến, giải pháp")
        author_ids = session.exec(
            select(InitiativeAuthor.person_id)
            .where(InitiativeAuthor.initiative_id == initiative_id)
            .order_by(col(InitiativeAuthor.position), col(InitiativeAuthor.id))
        ).all()
        return InitiativeInput(
            title=initiative.title,
            kind=initiative.kind,
            unit_id=initiative.unit_id,
            sector=PrioritySector(initiative.sector) if initiative.sector else None,
            applied_on=initiative.applied_on,
            summary=initiative.summary,
            benefits=initiative.benefits,
            recognised_on=initiative.recognised_on,
            recognition_level=initiative.recognition_level,
            author_ids=tuple(author_ids),
        )


def delete_initiative(db: Database, initiative_id: int) -> None:
    """Delete an initiative and its authors; refused while evidence files are attached."""
    with db.session() as session:
        initiative = session.get(Initiative, initiative_id)
        if initiative is None:
            return
        files = int(
            session.exec(
                select(func.count()).where(EvidenceLink.initiative_id == initiative_id)
            ).one()
        )
        if files:
            raise UserError(
                f"Không xóa được “{initiative.title}” vì còn {files} tệp minh chứng "
                "gắn với sáng kiến, giải pháp này.",
                "Hãy gỡ các tệp minh chứng trước rồi xóa lại.",
            )
        for author in session.exec(
            select(InitiativeAuthor).where(InitiativeAuthor.initiative_id == initiative_id)
        ).all():
            session.delete(author)
        session.flush()
        session.delete(initiative)


def list_initiatives(db: Database, period_id: int) -> list[InitiativeRow]:
    """The period's initiatives in Vietnamese order of their titles."""
    with db.session() as session:
        require_period(session, period_id)
        initiatives = session.exec(
            select(Initiative).where(Initiative.period_id == period_id)
        ).all()
        ids = [i.id for i in initiatives]
        authors: dict[int, list[tuple[int, str]]] = {}
        for initiative_id, person_id, full_name in session.exec(
            select(InitiativeAuthor.initiative_id, InitiativeAuthor.person_id, Person.full_name)
            .join(Person, col(Person.id) == col(InitiativeAuthor.person_id))
            .where(col(InitiativeAuthor.initiative_id).in_(ids))
            .order_by(col(InitiativeAuthor.position), col(InitiativeAuthor.id))
        ).all():
            authors.setdefault(initiative_id, []).append((person_id, full_name))
        evidence = dict(
            session.exec(
                select(EvidenceLink.initiative_id, func.count())
                .where(col(EvidenceLink.initiative_id).in_(ids))
                .group_by(col(EvidenceLink.initiative_id))
            ).all()
        )
        unit_names = dict(session.exec(select(Unit.id, Unit.name)).all())
    rows = []
    for initiative in initiatives:
        own = initiative.id or 0
        named = authors.get(own, [])
        sector = PrioritySector(initiative.sector) if initiative.sector else None
        rows.append(
            InitiativeRow(
                id=own,
                kind=initiative.kind,
                title=initiative.title,
                authors=", ".join(name for _id, name in named),
                author_ids=tuple(person_id for person_id, _name in named),
                unit_id=initiative.unit_id,
                unit_name=unit_names.get(initiative.unit_id, "") if initiative.unit_id else "",
                sector=sector,
                sector_label=PRIORITY_SECTOR_LABELS[sector] if sector else "",
                applied_on=initiative.applied_on,
                recognised_on=initiative.recognised_on,
                recognition_level=initiative.recognition_level,
                recognition_text=recognition_text(
                    initiative.recognition_level, initiative.recognised_on
                ),
                summary=initiative.summary,
                benefits=initiative.benefits,
                evidence_count=int(evidence.get(own, 0)),
            )
        )
    return sorted(rows, key=lambda r: collation_key(r.title))


def recognised_initiative_count(
    session: Session,
    person_id: int,
    level: RecognitionLevel,
    *,
    or_higher: bool = False,
    period_ids: tuple[int, ...] | None = None,
) -> int:
    """How many initiatives the person co-authored that were recognised at `level` (or, with
    or_higher, at that level or above), optionally only in the given periods. For awards,
    whose standards ask for an initiative recognised at a level."""
    levels = LEVEL_ORDER[LEVEL_ORDER.index(level) :] if or_higher else (level,)
    query = (
        select(func.count(func.distinct(col(Initiative.id))))
        .select_from(InitiativeAuthor)
        .join(Initiative, col(Initiative.id) == col(InitiativeAuthor.initiative_id))
        .where(InitiativeAuthor.person_id == person_id)
        .where(col(Initiative.recognition_level).in_([str(v.value) for v in levels]))
    )
    if period_ids is not None:
        query = query.where(col(Initiative.period_id).in_(period_ids))
    return int(session.exec(query).one())


# --- contributions -----------------------------------------------------------------------


def _clean_contribution(
    session: Session, data: ContributionInput, today: date
) -> ContributionInput:
    kind = ContributorKind(data.contributor_kind)
    name = clean_text(data.contributor_name)
    who = "cá nhân" if kind == ContributorKind.PERSON else "tổ chức"
    if not name:
        raise ValidationError(f"Tên {who} đóng góp không được để trống.", field="contributor_name")
    _check_length(name, CONTRIBUTOR_NAME_LIMIT, f"Tên {who} đóng góp", "contributor_name")
    description = clean_text(data.description)
    if not description:
        raise ValidationError(
            "Hãy ghi nội dung đóng góp (công sức, trí tuệ, vật chất, sáng kiến…).",
            field="description",
        )
    _check_length(description, TEXT_LIMIT, "Nội dung đóng góp", "description")
    address = clean_text(data.address)
    _check_length(address, 500, "Địa chỉ", "address")
    _check_date(data.given_on, "Ngày đóng góp", "given_on", today)
    value = data.value_vnd
    if value is not None:
        value = Decimal(value)
        if not value.is_finite() or value < 0:
            raise ValidationError("Giá trị đóng góp không được âm.", field="value_vnd")
        if value != value.to_integral_value():
            raise ValidationError(
                "Giá trị đóng góp tính bằng đồng, không có phần lẻ.", field="value_vnd"
            )
        value = value.quantize(Decimal(1))
    person_id, unit_id = data.person_id, data.unit_id
    if person_id is not None and unit_id is not None:
        raise ValidationError("Người đóng góp chỉ gắn với một cá nhân hoặc một đơn vị.")
    if person_id is not None:
        if kind != ContributorKind.PERSON:
            raise ValidationError("Tổ chức đóng góp không gắn với một cá nhân trong danh sách.")
        if session.get(Person, person_id) is None:
            raise ValidationError("Cá nhân đã chọn không còn trong cơ sở dữ liệu.")
    if unit_id is not None:
        if kind != ContributorKind.ORGANISATION:
            raise ValidationError("Cá nhân đóng góp không gắn với một đơn vị trong danh sách.")
        if session.get(Unit, unit_id) is None:
            raise ValidationError("Đơn vị đã chọn không còn trong cơ sở dữ liệu.")
    return ContributionInput(
        contributor_kind=kind,
        contributor_name=name,
        description=description,
        given_on=data.given_on,
        address=address,
        value_vnd=value,
        person_id=person_id,
        unit_id=unit_id,
    )


def save_contribution(
    db: Database,
    period_id: int,
    data: ContributionInput,
    contribution_id: int | None = None,
    today: date | None = None,
) -> int:
    """Add (contribution_id None) or update a contribution; return its id."""
    with db.session() as session:
        require_period(session, period_id)
        cleaned = _clean_contribution(session, data, today or date.today())
        if contribution_id is None:
            contribution = Contribution(
                period_id=period_id,
                contributor_kind=cleaned.contributor_kind,
                contributor_name="",
                description="",
            )
        else:
            found = session.get(Contribution, contribution_id)
            if found is None:
                raise _gone("Đóng góp")
            contribution = found
        contribution.period_id = period_id
        contribution.contributor_kind = cleaned.contributor_kind
        contribution.contributor_name = cleaned.contributor_name
        contribution.description = cleaned.description
        contribution.given_on = cleaned.given_on
        contribution.address = cleaned.address
        contribution.value_vnd = cleaned.value_vnd
        contribution.person_id = cleaned.person_id
        contribution.unit_id = cleaned.unit_id
        session.add(contribution)
        session.flush()
        assert contribution.id is not None
        return contribution.id


def get_contribution(db: Database, contribution_id: int) -> ContributionInput:
    with db.session() as session:
        contribution = session.get(Contribution, contribution_id)
        if contribution is None:
            raise _gone("Đóng góp")
        return ContributionInput(
            contributor_kind=contribution.contributor_kind,
            contributor_name=contribution.contributor_name,
            description=contribution.description,
            given_on=contribution.given_on,
            address=contribution.address,
            value_vnd=contribution.value_vnd,
            person_id=contribution.person_id,
            unit_id=contribution.unit_id,
        )


def delete_contribution(db: Database, contribution_id: int) -> None:
    with db.session() as session:
        contribution = session.get(Contribution, contribution_id)
        if contribution is not None:
            session.delete(contribution)


def list_contributions(db: Database, period_id: int) -> list[ContributionRow]:
    """The period's contributions, in Vietnamese order of the contributors' names."""
    with db.session() as session:
        require_period(session, period_id)
        contributions = session.exec(
            select(Contribution).where(Contribution.period_id == period_id)
        ).all()
    rows = [
        ContributionRow(
            id=c.id or 0,
            contributor_kind=c.contributor_kind,
            contributor_name=c.contributor_name,
            address=c.address,
            given_on=c.given_on,
            description=c.description,
            value_vnd=c.value_vnd,
            person_id=c.person_id,
            unit_id=c.unit_id,
        )
        for c in contributions
    ]
    return sorted(rows, key=lambda r: (collation_key(r.contributor_name), r.id))
