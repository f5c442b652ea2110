"""The register of participants: units and people, added, edited, deactivated, listed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from kt_desktop.domain import Person, Result, Unit
from kt_desktop.domain.enums import Gender, PersonKind, UnitKind
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.text import capitalize_name, clean_text, fold

UNIT_CODE_PATTERN = re.compile(r"^[0-9A-Za-zĐđ._\-/]+$")
PHONE_PATTERN = re.compile(r"^[0-9+().\-\s]{6,20}$")
EARLIEST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class UnitInput:
    code: str
    name: str
    kind: UnitKind
    head_name: str = ""
    head_title: str = ""
    phone: str = ""
    active: bool = True


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    kind: UnitKind
    head_name: str
    head_title: str
    phone: str
    active: bool
    people_count: int


@dataclass(frozen=True)
class PersonInput:
    full_name: str
    gender: Gender
    kind: PersonKind
    birth_year: int | None = None
    position: str = ""
    unit_id: int | None = None
    active: bool = True


@dataclass(frozen=True)
class PersonRow:
    id: int
    full_name: str
    gender: Gender
    birth_year: int | None
    position: str
    unit_id: int | None
    unit_name: str
    kind: PersonKind
    active: bool


def _gone(what: str) -> UserError:
    return UserError(
        f"{what} này không còn trong cơ sở dữ liệu (có thể vừa bị xóa).",
        "Hãy mở lại danh sách để xem dữ liệu mới nhất.",
    )


def _require(session: Session, table: type[Unit] | type[Person], record_id: int) -> Any:
    """The row, or the Vietnamese "no longer there" error a clerk sees after a delete."""
    record = session.get(table, record_id)
    if record is None:
        raise _gone("Đơn vị" if table is Unit else "Cá nhân")
    return record


def _check_length(value: str, limit: int, label: str, field: str) -> None:
    if len(value) > limit:
        raise ValidationError(f"{label} dài quá {limit} ký tự.", field=field)


# --- units -------------------------------------------------------------------------------


def _clean_unit(data: UnitInput) -> UnitInput:
    code = clean_text(data.code).replace(" ", "")
    name = clean_text(data.name)
    if not code:
        raise ValidationError("Mã đơn vị không được để trống.", field="code")
    if len(code) > 30:
        raise ValidationError("Mã đơn vị dài quá 30 ký tự.", field="code")
    if not UNIT_CODE_PATTERN.match(code):
        raise ValidationError(
            f"Mã đơn vị “{code}” chỉ được gồm chữ cái không dấu, chữ số và các dấu . _ - /.",
            field="code",
        )
    if not name:
        raise ValidationError("Tên đơn vị không được để trống.", field="name")
    if len(name) > 300:
        raise ValidationError("Tên đơn vị dài quá 300 ký tự.", field="name")
    phone = clean_text(data.phone)
    if phone and not PHONE_PATTERN.match(phone):
        raise ValidationError(
            f"Số điện thoại “{phone}” không hợp lệ: chỉ gồm chữ số (6 đến 20 ký tự), "
            "có thể có dấu cách, dấu chấm, gạch ngang hoặc dấu +.",
            field="phone",
        )
    head_name = clean_text(data.head_name)
    head_title = clean_text(data.head_title)
    _check_length(head_name, 200, "Tên người đứng đầu", "head_name")
    _check_length(head_title, 200, "Chức vụ người đứng đầu", "head_title")
    return UnitInput(
        code=code.upper(),
        name=name,
        kind=UnitKind(data.kind),
        head_name=capitalize_name(head_name) if head_name else "",
        head_title=head_title,
        phone=phone,
        active=data.active,
    )


def _check_code_free(session: Session, code: str, own_id: int | None) -> None:
    # Codes compare without case and diacritics: "tdong" and "TĐONG" would confuse a clerk.
    folded = fold(code)
    for other_id, other_code in session.exec(select(Unit.id, Unit.code)):
        if other_id != own_id and fold(other_code) == folded:
            raise ValidationError(
                f"Mã đơn vị “{code}” đã được dùng cho một đơn vị khác.", field="code"
            )


def create_unit(db: Database, data: UnitInput) -> int:
    cleaned = _clean_unit(data)
    with db.session() as session:
        _check_code_free(session, cleaned.code, None)
        unit = Unit(**cleaned.__dict__)
        session.add(unit)
        session.flush()
        assert unit.id is not None
        return unit.id


def update_unit(db: Database, unit_id: int, data: UnitInput) -> None:
    cleaned = _clean_unit(data)
    with db.session() as session:
        unit = _require(session, Unit, unit_id)
        _check_code_free(session, cleaned.code, unit_id)
        for name, value in cleaned.__dict__.items():
            setattr(unit, name, value)
        session.add(unit)


def get_unit(db: Database, unit_id: int) -> UnitInput:
    with db.session() as session:
        unit = _require(session, Unit, unit_id)
        return UnitInput(
            code=unit.code,
            name=unit.name,
            kind=unit.kind,
            head_name=unit.head_name,
            head_title=unit.head_title,
            phone=unit.phone,
            active=unit.active,
        )


def set_unit_active(db: Database, unit_id: int, active: bool) -> None:
    with db.session() as session:
        unit = _require(session, Unit, unit_id)
        unit.active = active
        session.add(unit)


def unit_references(session: Session, unit_id: int) -> list[str]:
    """What refers to the unit, in words ("3 cá nhân"); empty if nothing does."""
    from kt_desktop.domain.awards import AwardProposal, CouncilMember, RecognitionRecord
    from kt_desktop.domain.digital_literacy import DigitalLiteracy
    from kt_desktop.domain.initiatives import Contribution, Initiative
    from kt_desktop.domain.inspections import FollowUpAction, InspectionVisit
    from kt_desktop.domain.nominations import ImportMapping, Nomination
    from kt_desktop.domain.registrations import Registration

    counts = (
        (Person.unit_id, "cá nhân"),
        (Result.unit_id, "kết quả thi đua"),
        (Registration.unit_id, "bản đăng ký thi đua"),
        (Initiative.unit_id, "sáng kiến, giải pháp"),
        (Contribution.unit_id, "đóng góp"),
        (DigitalLiteracy.unit_id, "kỳ số liệu Bình dân học vụ số"),
        (InspectionVisit.unit_id, "cuộc kiểm tra"),
        (FollowUpAction.unit_id, "việc khắc phục sau kiểm tra"),
        (Nomination.proposing_unit_id, "đề nghị khen thưởng"),
        (ImportMapping.unit_id, "cách đọc tệp Excel đã ghi nhớ"),
        (AwardProposal.unit_id, "đề nghị trong các đợt xét khen thưởng"),
        (CouncilMember.headed_unit_id, "thành viên Hội đồng Thi đua – Khen thưởng"),
        (RecognitionRecord.unit_id, "danh hiệu, khen thưởng đã ghi nhận"),
    )
    parts = []
    for column, words in counts:
        count = int(session.exec(select(func.count()).where(column == unit_id)).one())
        if count:
            parts.append(f"{count} {words}")
    return parts


def delete_unit(db: Database, unit_id: int) -> None:
    """Delete a unit nothing refers to; a referenced unit must be deactivated instead."""
    with db.session() as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            return
        parts = unit_references(session, unit_id)
        if parts:
            raise UserError(
                f"Không xóa được đơn vị “{unit.name}” vì đang có {' và '.join(parts)} "
                "gắn với đơn vị này.",
                "Hãy dùng “Ngừng hoạt động” để ẩn đơn vị mà vẫn giữ lịch sử.",
            )
        session.delete(unit)


def list_unit_rows(db: Database) -> list[UnitRow]:
    with db.session() as session:
        counts = dict(
            session.execute(
                sa_select(col(Person.unit_id), func.count())
                .where(col(Person.unit_id).is_not(None))
                .group_by(col(Person.unit_id))
            ).all()
        )
        rows = session.execute(
            sa_select(
                col(Unit.id),
                col(Unit.code),
                col(Unit.name),
                col(Unit.kind),
                col(Unit.head_name),
                col(Unit.head_title),
                col(Unit.phone),
                col(Unit.active),
            )
        ).all()
    return [
        UnitRow(
            id=row[0] or 0,
            code=row[1],
            name=row[2],
            kind=UnitKind(row[3]),
            head_name=row[4],
            head_title=row[5],
            phone=row[6],
            active=bool(row[7]),
            people_count=counts.get(row[0], 0),
        )
        for row in rows
    ]


# --- people ------------------------------------------------------------------------------


def _clean_person(
    session: Session, data: PersonInput, today: date, current_unit_id: int | None = None
) -> PersonInput:
    full_name = clean_text(data.full_name)
    if not full_name:
        raise ValidationError("Họ và tên không được để trống.", field="full_name")
    if len(full_name) > 200:
        raise ValidationError("Họ và tên dài quá 200 ký tự.", field="full_name")
    if any(ch.isdigit() for ch in full_name):
        raise ValidationError(f"Họ và tên “{full_name}” không được chứa chữ số.", field="full_name")
    if data.birth_year is not None and not (EARLIEST_BIRTH_YEAR <= data.birth_year <= today.year):
        raise ValidationError(
            f"Năm sinh {data.birth_year} không hợp lệ: phải từ {EARLIEST_BIRTH_YEAR} "
            f"đến {today.year}.",
            field="birth_year",
        )
    if data.unit_id is not None:
        unit = session.get(Unit, data.unit_id)
        if unit is None:
            raise ValidationError("Đơn vị đã chọn không còn trong cơ sở dữ liệu.", field="unit_id")
        # A person already in a unit that later stopped keeps it; nobody new joins one.
        if not unit.active and data.unit_id != current_unit_id:
            raise ValidationError(
                f"Đơn vị “{unit.name}” đã ngừng hoạt động nên không nhận thêm cá nhân.",
                field="unit_id",
                hint="Hãy chọn đơn vị khác, hoặc cho đơn vị hoạt động lại trước.",
            )
    position = clean_text(data.position)
    _check_length(position, 200, "Chức vụ, nghề nghiệp", "position")
    return PersonInput(
        full_name=capitalize_name(full_name),
        gender=Gender(data.gender),
        kind=PersonKind(data.kind),
        birth_year=data.birth_year,
        position=position,
        unit_id=data.unit_id,
        active=data.active,
    )


def create_person(db: Database, data: PersonInput, today: date | None = None) -> int:
    with db.session() as session:
        cleaned = _clean_person(session, data, today or date.today())
        person = Person(**cleaned.__dict__)
        session.add(person)
        session.flush()
        assert person.id is not None
        return person.id


def update_person(
    db: Database, person_id: int, data: PersonInput, today: date | None = None
) -> None:
    with db.session() as session:
        person = _require(session, Person, person_id)
        cleaned = _clean_person(session, data, today or date.today(), person.unit_id)
        for name, value in cleaned.__dict__.items():
            setattr(person, name, value)
        session.add(person)


def get_person(db: Database, person_id: int) -> PersonInput:
    with db.session() as session:
        person = _require(session, Person, person_id)
        return PersonInput(
            full_name=person.full_name,
            gender=person.gender,
            kind=person.kind,
            birth_year=person.birth_year,
            position=person.position,
            unit_id=person.unit_id,
            active=person.active,
        )


def set_person_active(db: Database, person_id: int, active: bool) -> None:
    with db.session() as session:
        person = _require(session, Person, person_id)
        person.active = active
        session.add(person)


def delete_person(db: Database, person_id: int) -> None:
    """Delete a person nothing refers to; otherwise they must be deactivated instead."""
    with db.session() as session:
        person = session.get(Person, person_id)
        if person is None:
            return
        from kt_desktop.domain.awards import (
            AwardProposal,
            CouncilMember,
            PersonRestriction,
            RecognitionRecord,
        )
        from kt_desktop.domain.initiatives import Contribution, InitiativeAuthor
        from kt_desktop.domain.inspections import InspectionMember
        from kt_desktop.domain.nominations import Nomination

        parts = []
        for column, words in (
            (Result.person_id, "kết quả thi đua"),
            (InitiativeAuthor.person_id, "sáng kiến, giải pháp đứng tên tác giả"),
            (Contribution.person_id, "đóng góp"),
            (InspectionMember.person_id, "lần tham gia đoàn kiểm tra"),
            (Nomination.person_id, "đề nghị khen thưởng"),
            (AwardProposal.person_id, "đề nghị trong các đợt xét khen thưởng"),
            (CouncilMember.person_id, "thành viên Hội đồng Thi đua – Khen thưởng"),
            (PersonRestriction.person_id, "ghi nhận kỷ luật, điều tra, khiếu nại"),
            (RecognitionRecord.person_id, "danh hiệu, khen thưởng đã ghi nhận"),
        ):
            count = int(session.exec(select(func.count()).where(column == person_id)).one())
            if count:
                parts.append(f"{count} {words}")
        if parts:
            raise UserError(
                f"Không xóa được “{person.full_name}” vì đã có {' và '.join(parts)} "
                "gắn với người này.",
                "Hãy dùng “Ngừng hoạt động” để ẩn mà vẫn giữ lịch sử.",
            )
        session.delete(person)


def list_person_rows(db: Database) -> list[PersonRow]:
    with db.session() as session:
        unit_names = dict(session.exec(select(Unit.id, Unit.name)).all())
        rows = session.execute(
            sa_select(
                col(Person.id),
                col(Person.full_name),
                col(Person.gender),
                col(Person.birth_year),
                col(Person.position),
                col(Person.unit_id),
                col(Person.kind),
                col(Person.active),
            )
        ).all()
    return [
        PersonRow(
            id=row[0] or 0,
            full_name=row[1],
            gender=Gender(row[2]),
            birth_year=row[3],
            position=row[4],
            unit_id=row[5],
            unit_name=unit_names.get(row[5], "") if row[5] is not None else "",
            kind=PersonKind(row[6]),
            active=bool(row[7]),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class UnitChoice:
    id: int
    code: str
    name: str
    active: bool


def list_unit_choices(db: Database) -> list[UnitChoice]:
    with db.session() as session:
        rows = session.exec(select(Unit.id, Unit.code, Unit.name, Unit.active)).all()
    return [UnitChoice(row[0] or 0, row[1], row[2], bool(row[3])) for row in rows]
