"""Importing the register of units or of people from a workbook: preview first, then upsert.

Units are matched by code (compared without case and diacritics), people by name (folded),
birth year and unit. Every row of the sheet shows up in the preview as new, changed (old →
new), unchanged, skipped (why) or in error (sheet, cell, value, reason). The register's rules
are those of :mod:`kt_desktop.services.participants` (its cleaning and validation functions run
on each row). A blank cell keeps what the record already holds: a register sent round the
office often lacks a phone number or a title, and that must not erase the one on record.

:func:`apply_register_import` writes what the preview showed, in one transaction: rows in error
are left out (and said so), and if the record changed since the preview (someone edited a unit
meanwhile), nothing is written and the clerk is asked to preview again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from kt_desktop.domain import Person, Unit
from kt_desktop.domain.enums import Gender, PersonKind, UnitKind
from kt_desktop.domain.labels import GENDER_LABELS, PERSON_KIND_LABELS, UNIT_KIND_LABELS
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.import_preview import (
    CellProblem,
    FieldChange,
    ImportKind,
    ImportOutcome,
    ImportPreview,
    PreviewRow,
    RowStatus,
)
from kt_desktop.services.participants import (
    PersonInput,
    UnitInput,
    _clean_person,
    _clean_unit,
)
from kt_desktop.sheets.cells import CellError, raw_text
from kt_desktop.sheets.layout import (
    PEOPLE_LAYOUT,
    UNITS_LAYOUT,
    HeaderGuess,
    TableLayout,
    find_header,
    header_at,
    propose_mapping,
)
from kt_desktop.sheets.safety import OpenedWorkbook, SheetSource, open_workbook
from kt_desktop.sheets.table_reader import ReadRow, TableRead, read_table
from kt_desktop.text import fold, format_number

__all__ = [
    "REGISTER_LAYOUTS",
    "RegisterSource",
    "apply_register_import",
    "inspect_register",
    "preview_register_import",
    "sample_values",
]

UNIT_TARGET = "Đơn vị"
PERSON_TARGET = "Cá nhân"

REGISTER_LAYOUTS: dict[ImportKind, TableLayout] = {
    ImportKind.UNITS: UNITS_LAYOUT,
    ImportKind.PEOPLE: PEOPLE_LAYOUT,
}

# progress(rows_done, rows_total); returning False stops the reading (ReadCancelled).
Progress = Callable[[int, int], "bool | None"]

# Fields of the register, in the order the preview lists them.
_UNIT_FIELDS = ("code", "name", "kind", "head_name", "head_title", "phone")
_PERSON_FIELDS = ("full_name", "gender", "birth_year", "position", "unit", "kind")
# ValidationError.field of participants' rules -> the layout field whose cell is at fault.
_PERSON_ERROR_FIELDS = {"unit_id": "unit"}


def _kind_of(kind: ImportKind) -> TableLayout:
    layout = REGISTER_LAYOUTS.get(ImportKind(kind))
    if layout is None:
        raise ValueError(f"not a register import: {kind}")
    return layout


# ---------------------------------------------------------------------------------------------
# Which sheet and columns


@dataclass(frozen=True)
class RegisterSource:
    """The sheet a register is read from, its header and the proposed column mapping."""

    path: Path
    kind: ImportKind
    sheet: str
    header: HeaderGuess
    mapping: dict[str, str]  # column letter -> field
    sheet_names: tuple[str, ...]


def _best_sheet(book: OpenedWorkbook, layout: TableLayout) -> tuple[SheetSource, HeaderGuess]:
    """The visible sheet whose header fits the register best (required fields first)."""
    best: tuple[tuple[int, float], SheetSource, HeaderGuess] | None = None
    first_error: UserError | None = None
    for sheet in book.sheets:
        if sheet.state != "visible":
            continue
        try:
            header = find_header(sheet)
        except UserError as error:
            first_error = first_error or error
            continue
        proposal = propose_mapping(header, layout.synonyms)
        mapped = set(proposal.mapping().values())
        score = (sum(1 for name in layout.required if name in mapped), len(mapped))
        if best is None or score > best[0]:
            best = (score, sheet, header)
    if best is None:
        if first_error is not None:
            raise first_error
        raise UserError(
            f"Tệp “{book.path.name}” không có trang tính nào đang hiện để đọc.",
            "Hãy hiện trang tính có danh sách rồi lưu lại tệp.",
        )
    return best[1], best[2]


def inspect_register(
    db: Database,
    path: str | Path,
    kind: ImportKind,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
) -> RegisterSource:
    """Find the register's sheet and header, and propose which column feeds which field.

    Refuses (WorkbookRefused) a file that is not a readable .xlsx, before reading anything."""
    del db  # the register's layout is fixed: nothing remembered to look up
    layout = _kind_of(kind)
    path = Path(path)
    with open_workbook(path) as book:
        if sheet is None:
            chosen, header = _best_sheet(book, layout)
        else:
            chosen = book.sheet(sheet)
            header = find_header(chosen)
        if header_row is not None and header_row != header.header_row:
            header = header_at(chosen, header_row)
        mapping = propose_mapping(header, layout.synonyms).mapping()
        return RegisterSource(
            path, ImportKind(kind), chosen.title, header, mapping, tuple(book.sheet_names)
        )


def sample_values(
    path: str | Path, sheet: str, first_row: int, *, rows: int = 3, max_columns: int = 60
) -> dict[str, tuple[str, ...]]:
    """The first non-blank values under the header of ``sheet``, per column letter, as typed:
    what the mapping dialog shows beside each column so the clerk recognises it."""
    from openpyxl.utils import get_column_letter

    found: dict[str, list[str]] = {}
    with open_workbook(path) as book:
        worksheet = book.sheet(sheet).worksheet
        first_row = max(first_row, 1)
        # Fifty rows are enough to find a few values even under blank and section rows.
        for values in worksheet.iter_rows(
            min_row=first_row, max_row=first_row + 49, max_col=max_columns, values_only=True
        ):
            for index, value in enumerate(values, start=1):
                text = raw_text(value)
                if text:
                    column = found.setdefault(get_column_letter(index), [])
                    if len(column) < rows:
                        column.append(text)
    return {letter: tuple(texts) for letter, texts in found.items()}


# ---------------------------------------------------------------------------------------------
# The plan the preview carries to apply


@dataclass(frozen=True)
class _Item:
    """One row to write: the record it updates (None: a new one), what that record held when
    the preview was made (to notice a change since), and the values to write."""

    sheet: str
    row: int
    record_id: int | None
    seen: tuple[Any, ...] | None
    values: UnitInput | PersonInput


@dataclass(frozen=True)
class _RegisterPlan:
    kind: ImportKind
    items: tuple[_Item, ...]
    error_rows: int


def _unit_state(unit: Unit) -> tuple[Any, ...]:
    return (unit.code, unit.name, unit.kind, unit.head_name, unit.head_title, unit.phone)


def _person_state(person: Person) -> tuple[Any, ...]:
    return (
        person.full_name,
        person.gender,
        person.birth_year,
        person.position,
        person.unit_id,
        person.kind,
    )


# ---------------------------------------------------------------------------------------------
# Preview


def preview_register_import(
    db: Database,
    path: str | Path,
    kind: ImportKind,
    *,
    mapping: Mapping[str, str] | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> ImportPreview:
    """What importing the register in ``path`` would do, row by row; writes nothing.

    ``kind`` is ImportKind.UNITS or ImportKind.PEOPLE. ``mapping`` (column letter -> field,
    fields of :data:`REGISTER_LAYOUTS`) overrides the proposed one; ``sheet`` and
    ``header_row`` override the sheet and header found. Raises WorkbookRefused for a file that
    can't be read, ValidationError when a required column (code and name; full name) has no
    column, and ReadCancelled when ``progress`` returns False."""
    layout = _kind_of(kind)
    kind = ImportKind(kind)
    path = Path(path)
    today = today or date.today()
    with open_workbook(path) as book:
        if sheet is None and header_row is None:
            chosen, header = _best_sheet(book, layout)
        else:
            chosen = book.sheet(sheet)
            header = header_at(chosen, header_row) if header_row else find_header(chosen)
        if mapping is None:
            mapping = propose_mapping(header, layout.synonyms).mapping()
        mapping = {letter: name for letter, name in mapping.items() if name}
        unknown = sorted(set(mapping.values()) - set(layout.labels))
        if unknown:
            raise ValueError(f"fields not in the {layout.name} layout: {unknown}")
        table = read_table(book, chosen.title, header, mapping, layout=layout, on_progress=progress)
        sha256 = book.fingerprint.sha256
    with db.session() as session:
        if kind == ImportKind.UNITS:
            rows, items = _preview_units(session, table)
        else:
            rows, items = _preview_people(session, table, today)
    error_rows = sum(1 for row in rows if row.status == RowStatus.ERROR)
    problems: list[str] = []
    missing = [layout.labels[name] for name in _optional_unmapped(kind, table.mapping)]
    if missing:
        problems.append(
            "Tệp không có cột " + ", ".join(f"“{label}”" for label in missing) + ": "
            "với những dòng đã có trong cơ sở dữ liệu, các thông tin này được giữ nguyên."
        )
        if kind == ImportKind.PEOPLE and "kind" in _optional_unmapped(kind, table.mapping):
            problems.append(
                "Đối tượng của người mới được suy ra từ loại đơn vị: thôn là người dân, "
                "doanh nghiệp, hợp tác xã là doanh nhân, các đơn vị khác là cán bộ, công chức, "
                "viên chức."
            )
    if not any(row.status != RowStatus.SKIPPED for row in rows):
        problems.append(
            f"Trang tính “{table.sheet}” không có dòng dữ liệu nào dưới dòng tiêu đề "
            f"{table.header.last_header_row}."
        )
    return ImportPreview(
        file_name=path.name,
        file_sha256=sha256,
        kind=kind,
        rows=tuple(rows),
        problems=tuple(problems),
        plan=_RegisterPlan(kind, tuple(items), error_rows),
    )


def _optional_unmapped(kind: ImportKind, mapping: Mapping[str, str]) -> list[str]:
    fields = _UNIT_FIELDS if kind == ImportKind.UNITS else _PERSON_FIELDS
    mapped = set(mapping.values())
    return [name for name in fields if name not in mapped]


def _problem(error: CellError) -> CellProblem:
    return CellProblem(error.sheet, error.row, error.column, error.raw_text, error.reason)


def _field_problem(
    row: ReadRow, columns: Mapping[str, str], field: str, value: Any, reason: str
) -> CellProblem:
    shown = "" if value is None else str(value)
    return CellProblem(row.sheet, row.row_number, columns.get(field, ""), shown, reason)


def _error_row(row: ReadRow, target: str, key: str, problems: list[CellProblem]) -> PreviewRow:
    return PreviewRow(
        sheet=row.sheet,
        row=row.row_number,
        target=target,
        key=key,
        status=RowStatus.ERROR,
        reason=" ".join(p.reason for p in problems),
        problems=tuple(problems),
    )


def _skipped(row: ReadRow, target: str) -> PreviewRow:
    return PreviewRow(
        sheet=row.sheet,
        row=row.row_number,
        target=target,
        key="",
        status=RowStatus.SKIPPED,
        reason=row.skipped_reason or f"Dòng {row.row_number} không có dữ liệu.",
    )


def _changes(
    labels: Mapping[str, str], old: Mapping[str, str], new: Mapping[str, str]
) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(labels[name], old[name], new[name]) for name in new if old[name] != new[name]
    )


# --- units -------------------------------------------------------------------------------


def _unit_shown(data: UnitInput) -> dict[str, str]:
    return {
        "code": data.code,
        "name": data.name,
        "kind": UNIT_KIND_LABELS[UnitKind(data.kind)],
        "head_name": data.head_name,
        "head_title": data.head_title,
        "phone": data.phone,
    }


def _preview_units(session: Session, table: TableRead) -> tuple[list[PreviewRow], list[_Item]]:
    labels = UNITS_LAYOUT.labels
    columns = table.columns
    units = list(session.exec(select(Unit)).all())
    by_code = {fold(unit.code): unit for unit in units}
    seen_codes: dict[str, int] = {}
    rows: list[PreviewRow] = []
    items: list[_Item] = []
    for row in table.rows:
        if not row.is_data:
            rows.append(_skipped(row, UNIT_TARGET))
            continue
        values = row.values
        code_text = str(values.get("code") or "")
        key = " – ".join(part for part in (code_text, str(values.get("name") or "")) if part)
        problems = [_problem(error) for error in row.errors]
        if problems:
            rows.append(_error_row(row, UNIT_TARGET, key, problems))
            continue
        existing = by_code.get(fold(code_text.replace(" ", "")))
        kind = values.get("kind") or (existing.kind if existing else None)
        if kind is None:
            reason = (
                "Chưa ghi loại đơn vị (phòng, ban; đoàn thể; thôn; trường học; cơ sở y tế; "
                "doanh nghiệp; hợp tác xã; khác)."
            )
            problem = _field_problem(row, columns, "kind", None, reason)
            rows.append(_error_row(row, UNIT_TARGET, key, [problem]))
            continue

        try:
            cleaned = _clean_unit(
                UnitInput(
                    code=code_text,
                    name=_kept(values, existing, "name"),
                    kind=UnitKind(kind),
                    head_name=_kept(values, existing, "head_name"),
                    head_title=_kept(values, existing, "head_title"),
                    phone=_kept(values, existing, "phone"),
                    active=existing.active if existing else True,
                )
            )
        except ValidationError as error:
            field = error.field or "code"
            problem = _field_problem(row, columns, field, values.get(field), error.message)
            rows.append(_error_row(row, UNIT_TARGET, key, [problem]))
            continue
        folded = fold(cleaned.code)
        key = f"{cleaned.code} – {cleaned.name}"
        if folded in seen_codes:
            reason = f"Mã đơn vị “{cleaned.code}” trùng với dòng {seen_codes[folded]} của tệp."
            problem = _field_problem(row, columns, "code", code_text, reason)
            rows.append(_error_row(row, UNIT_TARGET, key, [problem]))
            continue
        seen_codes[folded] = row.row_number
        new = _unit_shown(cleaned)
        values_shown = tuple((labels[name], new[name]) for name in _UNIT_FIELDS if new[name])
        old = None
        if existing is not None:
            # The record keeps its own code spelling: the code is the key, not data.
            cleaned = replace(cleaned, code=existing.code)
            new["code"] = existing.code
            old = _unit_shown(_unit_input(existing))
        _add_preview(
            rows,
            items,
            row,
            UNIT_TARGET,
            key,
            labels,
            old,
            new,
            values_shown,
            existing.id if existing else None,
            _unit_state(existing) if existing else None,
            cleaned,
        )
    return rows, items


def _add_preview(
    rows: list[PreviewRow],
    items: list[_Item],
    row: Any,
    target: str,
    key: str,
    labels: Mapping[str, str],
    old: Mapping[str, str] | None,
    new: Mapping[str, str],
    values_shown: tuple[tuple[str, str], ...],
    existing_id: int | None,
    state: Any,
    cleaned: Any,
) -> None:
    """One row of a register preview: new, changed (old → new) or unchanged; what will be
    written is kept for apply."""
    changes: tuple[FieldChange, ...] = ()
    status = RowStatus.NEW
    if old is not None:
        changes = _changes(labels, old, new)
        status = RowStatus.CHANGED if changes else RowStatus.UNCHANGED
    rows.append(
        PreviewRow(
            sheet=row.sheet,
            row=row.row_number,
            target=target,
            key=key,
            status=status,
            changes=changes,
            values=values_shown,
        )
    )
    if status != RowStatus.UNCHANGED:
        items.append(_Item(row.sheet, row.row_number, existing_id, state, cleaned))


def _kept(values: Mapping[str, Any], existing: Unit | None, name: str) -> str:
    """The cell's value, or for a blank cell the record's (see the module's docstring)."""
    value = values.get(name)
    if value is None and existing is not None:
        return str(getattr(existing, name))
    return "" if value is None else str(value)


def _unit_input(unit: Unit) -> UnitInput:
    return UnitInput(
        code=unit.code,
        name=unit.name,
        kind=UnitKind(unit.kind),
        head_name=unit.head_name,
        head_title=unit.head_title,
        phone=unit.phone,
        active=unit.active,
    )


# --- people ------------------------------------------------------------------------------


def _default_person_kind(unit: Unit | None) -> PersonKind:
    """A person's group when the register doesn't say: staff of an office or school are
    officials, people of a village are citizens, of a business business people."""
    if unit is None:
        return PersonKind.CITIZEN
    kind = UnitKind(unit.kind)
    if kind == UnitKind.VILLAGE:
        return PersonKind.CITIZEN
    if kind in (UnitKind.BUSINESS, UnitKind.COOPERATIVE):
        return PersonKind.BUSINESS_PERSON
    if kind == UnitKind.OTHER:
        return PersonKind.OTHER
    return PersonKind.OFFICIAL


def _person_key(name: str, birth_year: int | None, unit_id: int | None) -> tuple[Any, ...]:
    return (fold(name), birth_year, unit_id)


def _person_label(name: str, birth_year: int | None) -> str:
    """ "Lê Thị Hoà (1992)": how the clerk recognises a person in the preview."""
    return f"{name} ({birth_year})" if birth_year is not None else name


def _person_shown(data: PersonInput, unit_names: Mapping[int, str]) -> dict[str, str]:
    return {
        "full_name": data.full_name,
        "gender": GENDER_LABELS[Gender(data.gender)],
        "birth_year": str(data.birth_year) if data.birth_year is not None else "",
        "position": data.position,
        "unit": unit_names.get(data.unit_id, "") if data.unit_id is not None else "",
        "kind": PERSON_KIND_LABELS[PersonKind(data.kind)],
    }


def _unit_lookup(units: list[Unit]) -> dict[str, list[Unit]]:
    """Folded code and folded name -> the units answering to it."""
    lookup: dict[str, list[Unit]] = {}
    for unit in units:
        for word in {fold(unit.code), fold(unit.name)}:
            lookup.setdefault(word, []).append(unit)
    return lookup


def _preview_people(
    session: Session, table: TableRead, today: date
) -> tuple[list[PreviewRow], list[_Item]]:
    labels = PEOPLE_LAYOUT.labels
    columns = table.columns
    units = list(session.exec(select(Unit)).all())
    unit_names = {unit.id or 0: unit.name for unit in units}
    lookup = _unit_lookup(units)
    people = list(session.exec(select(Person)).all())
    by_key: dict[tuple[Any, ...], Person] = {}
    for person in people:
        by_key.setdefault(_person_key(person.full_name, person.birth_year, person.unit_id), person)
    seen_keys: dict[tuple[Any, ...], int] = {}
    rows: list[PreviewRow] = []
    items: list[_Item] = []
    for row in table.rows:
        if not row.is_data:
            rows.append(_skipped(row, PERSON_TARGET))
            continue
        values = row.values
        name_text = str(values.get("full_name") or "")
        problems = [_problem(error) for error in row.errors]
        unit: Unit | None = None
        unit_text = values.get("unit")
        if unit_text:
            found = lookup.get(fold(str(unit_text).replace("  ", " ")), [])
            if len(found) == 1:
                unit = found[0]
            elif not found:
                reason = (
                    f"Không có đơn vị “{unit_text}” trong danh sách đơn vị (ghi đúng tên hoặc "
                    "mã đơn vị, hoặc nhập danh sách đơn vị trước)."
                )
                problems.append(_field_problem(row, columns, "unit", unit_text, reason))
            else:
                reason = f"Có {len(found)} đơn vị cùng tên “{unit_text}”: hãy ghi mã đơn vị."
                problems.append(_field_problem(row, columns, "unit", unit_text, reason))
        if problems:
            rows.append(_error_row(row, PERSON_TARGET, name_text, problems))
            continue
        unit_id = unit.id if unit else None
        birth_year = values.get("birth_year")
        existing = by_key.get(_person_key(name_text, birth_year, unit_id))
        gender = values.get("gender") or (existing.gender if existing else None)
        if gender is None:
            reason = "Chưa ghi giới tính (ghi “Nam” hoặc “Nữ”)."
            problem = _field_problem(row, columns, "gender", None, reason)
            rows.append(_error_row(row, PERSON_TARGET, name_text, [problem]))
            continue
        person_kind = values.get("kind") or (
            existing.kind if existing else _default_person_kind(unit)
        )
        position = values.get("position")
        if position is None:
            position = existing.position if existing else ""
        try:
            cleaned = _clean_person(
                session,
                PersonInput(
                    full_name=name_text,
                    gender=Gender(gender),
                    kind=PersonKind(person_kind),
                    birth_year=birth_year,
                    position=str(position),
                    unit_id=unit_id,
                    active=existing.active if existing else True,
                ),
                today,
                existing.unit_id if existing else None,
            )
        except ValidationError as error:
            field = _PERSON_ERROR_FIELDS.get(error.field, error.field or "full_name")
            problem = _field_problem(row, columns, field, values.get(field), error.message)
            rows.append(_error_row(row, PERSON_TARGET, name_text, [problem]))
            continue
        key = _person_key(cleaned.full_name, cleaned.birth_year, cleaned.unit_id)
        shown_key = _person_label(cleaned.full_name, cleaned.birth_year)
        if key in seen_keys:
            reason = (
                f"“{shown_key}” của cùng đơn vị đã có ở dòng {seen_keys[key]} của tệp "
                "(trùng họ tên, năm sinh và đơn vị)."
            )
            problem = _field_problem(row, columns, "full_name", name_text, reason)
            rows.append(_error_row(row, PERSON_TARGET, shown_key, [problem]))
            continue
        seen_keys[key] = row.row_number
        if existing is not None:
            # The name is the key: the record keeps its own spelling of it.
            cleaned = replace(cleaned, full_name=existing.full_name)
            shown_key = _person_label(existing.full_name, cleaned.birth_year)
        new = _person_shown(cleaned, unit_names)
        values_shown = tuple((labels[name], new[name]) for name in _PERSON_FIELDS if new[name])
        _add_preview(
            rows,
            items,
            row,
            PERSON_TARGET,
            shown_key,
            labels,
            _person_shown(_person_input(existing), unit_names) if existing else None,
            new,
            values_shown,
            existing.id if existing else None,
            _person_state(existing) if existing else None,
            cleaned,
        )
    return rows, items


def _person_input(person: Person) -> PersonInput:
    return PersonInput(
        full_name=person.full_name,
        gender=Gender(person.gender),
        kind=PersonKind(person.kind),
        birth_year=person.birth_year,
        position=person.position,
        unit_id=person.unit_id,
        active=person.active,
    )


# ---------------------------------------------------------------------------------------------
# Apply


def _stale(preview: ImportPreview) -> UserError:
    what = "đơn vị" if preview.kind == ImportKind.UNITS else "cá nhân"
    return UserError(
        f"Danh sách {what} trong cơ sở dữ liệu đã thay đổi sau khi xem trước tệp "
        f"“{preview.file_name}”, nên chưa nhập gì.",
        "Hãy xem trước lại tệp rồi nhập.",
    )


def apply_register_import(
    db: Database, preview: ImportPreview, today: date | None = None
) -> ImportOutcome:
    """Write the new and changed rows of ``preview`` in one transaction (all or nothing).

    Rows in error are not written. Refused, writing nothing, when a record the preview
    compared with has changed since, or a new one appeared under the same key."""
    plan = preview.plan
    if not isinstance(plan, _RegisterPlan) or plan.kind != preview.kind:
        raise ValueError("apply_register_import needs a preview from preview_register_import")
    today = today or date.today()
    new = changed = 0
    units: list[Unit] = []
    with db.session() as session:
        if plan.kind == ImportKind.UNITS:
            codes = {fold(code) for code in session.exec(select(Unit.code)).all()}
        else:
            # Held for the whole write: the session's identity map keeps rows only while
            # something refers to them, and each person's rules look up the person's unit.
            units = list(session.exec(select(Unit)).all())
            keys = {
                _person_key(name, year, unit_id)
                for name, year, unit_id in session.exec(
                    select(Person.full_name, Person.birth_year, Person.unit_id)
                ).all()
            }
        for item in plan.items:
            if item.record_id is None:
                if isinstance(item.values, UnitInput):
                    if fold(item.values.code) in codes:
                        raise _stale(preview)
                    session.add(Unit(**_clean_unit(item.values).__dict__))
                else:
                    values = item.values
                    if _person_key(values.full_name, values.birth_year, values.unit_id) in keys:
                        raise _stale(preview)
                    session.add(Person(**_clean_person(session, values, today).__dict__))
                new += 1
            else:
                if isinstance(item.values, UnitInput):
                    unit = session.get(Unit, item.record_id)
                    if unit is None or _unit_state(unit) != item.seen:
                        raise _stale(preview)
                    record: Unit | Person = unit
                    cleaned: UnitInput | PersonInput = _clean_unit(item.values)
                else:
                    person = session.get(Person, item.record_id)
                    if person is None or _person_state(person) != item.seen:
                        raise _stale(preview)
                    record = person
                    cleaned = _clean_person(session, item.values, today, person.unit_id)
                for name, value in cleaned.__dict__.items():
                    setattr(record, name, value)
                session.add(record)
                changed += 1
            if plan.kind == ImportKind.PEOPLE:
                continue  # nothing unique to refuse a person: one flush at the commit
            # Unit codes are unique: flushed row by row so a refusal names its row.
            try:
                session.flush()
            except IntegrityError as error:
                raise UserError(
                    f"Không ghi được dòng {item.row} của trang “{item.sheet}”, nên chưa nhập gì.",
                    "Hãy xem trước lại tệp; nếu lỗi vẫn còn, hãy báo người hỗ trợ kỹ thuật.",
                ) from error
    del units
    return ImportOutcome(
        written=new + changed,
        new=new,
        changed=changed,
        message=_outcome_message(preview.kind, new, changed, plan.error_rows),
    )


def _outcome_message(kind: ImportKind, new: int, changed: int, error_rows: int) -> str:
    what = "đơn vị" if kind == ImportKind.UNITS else "cá nhân"
    if not new and not changed:
        sentence = f"Không có {what} nào cần thêm hoặc cập nhật; chưa ghi gì."
    else:
        parts = []
        if new:
            parts.append(f"thêm {format_number(new)} {what} mới")
        if changed:
            parts.append(f"cập nhật {format_number(changed)} {what}")
        sentence = "Đã " + " và ".join(parts) + "."
    if error_rows:
        sentence += (
            f" {format_number(error_rows)} dòng lỗi chưa được nhập: hãy sửa trong tệp rồi "
            "nhập lại (các dòng đã nhập sẽ hiện là không đổi)."
        )
    return sentence
