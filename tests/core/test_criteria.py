"""Criteria per period: editable, frozen once the period has results, copied forward."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from kt_desktop.domain import Result
from kt_desktop.domain.enums import Comparator, CriterionKind, CriterionSubject, UnitKind
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.criteria import (
    CriterionInput,
    add_criterion,
    copy_criteria_from_previous,
    delete_criterion,
    period_criteria,
    update_criterion,
)
from kt_desktop.services.database import Database
from kt_desktop.services.movement import PeriodInfo, list_periods


def period(db: Database, name: str) -> PeriodInfo:
    return next(p for p in list_periods(db) if p.name == name)


def add_result(db: Database, period_id: int, criterion_id: int) -> None:
    with db.session() as session:
        session.add(Result(period_id=period_id, criterion_id=criterion_id))


def test_editing_a_target_changes_only_that_period(db: Database) -> None:
    year_2026 = period(db, "Năm 2026")
    year_2027 = period(db, "Năm 2027")
    target = period_criteria(db, year_2026.id).criteria[6]
    assert target.code == "CT01"
    update_criterion(db, target.id, replace(target.as_input(), threshold=Decimal("85")))
    assert period_criteria(db, year_2026.id).criteria[6].threshold == Decimal("85")
    assert period_criteria(db, year_2027.id).criteria[6].threshold == Decimal("80")


def test_criteria_freeze_once_the_period_has_results(db: Database) -> None:
    year_2025 = period(db, "Năm 2025")
    criteria = period_criteria(db, year_2025.id)
    assert not criteria.frozen
    first = criteria.criteria[0]
    add_result(db, year_2025.id, first.id)
    frozen = period_criteria(db, year_2025.id)
    assert frozen.frozen and frozen.result_count == 1
    with pytest.raises(UserError) as caught:
        update_criterion(db, first.id, replace(first.as_input(), wording="Nội dung mới"))
    assert "đã khóa" in caught.value.message
    assert "1 kết quả" in caught.value.message
    with pytest.raises(UserError):
        delete_criterion(db, first.id)
    with pytest.raises(UserError):
        add_criterion(db, year_2025.id, replace(first.as_input(), code="MOI01"))
    with pytest.raises(UserError):
        copy_criteria_from_previous(db, year_2025.id)
    assert period_criteria(db, year_2025.id).criteria[0].wording == first.wording


def test_a_new_period_can_take_the_previous_set(db: Database) -> None:
    year_2026 = period(db, "Năm 2026")
    year_2027 = period(db, "Năm 2027")
    target = period_criteria(db, year_2026.id).criteria[6]
    update_criterion(db, target.id, replace(target.as_input(), threshold=Decimal("88")))
    extra = add_criterion(
        db,
        year_2026.id,
        CriterionInput(
            code="BD01",
            subject=CriterionSubject.UNIT,
            kind=CriterionKind.COUNT,
            wording="Số lớp “Bình dân học vụ số” tổ chức trong năm",
            section_ref="II.3",
            comparator=Comparator.AT_LEAST,
            threshold=Decimal(4),
            unit_kinds=(UnitKind.VILLAGE,),
            content_area=3,
        ),
    )
    assert period_criteria(db, year_2026.id).criteria[-1].id == extra
    copied = copy_criteria_from_previous(db, year_2027.id)
    assert copied == 20
    after = period_criteria(db, year_2027.id).criteria
    assert [c.code for c in after][-1] == "BD01"
    assert after[6].threshold == Decimal("88")
    assert after[-1].unit_kinds == (UnitKind.VILLAGE,)


def test_the_first_period_has_nothing_to_copy(db: Database) -> None:
    with pytest.raises(UserError) as caught:
        copy_criteria_from_previous(db, period(db, "Năm 2025").id)
    assert "kỳ đầu tiên" in caught.value.message


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"threshold": Decimal("120")}, "threshold"),
        ({"threshold": None}, "threshold"),
        ({"wording": "   "}, "wording"),
        ({"code": ""}, "code"),
        ({"weight": Decimal(0)}, "weight"),
        ({"unit_kinds": ()}, "unit_kinds"),
        ({"code": "CT02"}, "code"),
    ],
)
def test_bad_criteria_are_refused(db: Database, change: dict[str, object], field: str) -> None:
    year = period(db, "Năm 2026")
    target = period_criteria(db, year.id).criteria[6]
    with pytest.raises(ValidationError) as caught:
        update_criterion(db, target.id, replace(target.as_input(), **change))  # type: ignore[arg-type]
    assert caught.value.field == field
    assert period_criteria(db, year.id).criteria[6] == target


def test_a_year_copies_the_year_before_not_the_review_between(db: Database) -> None:
    from kt_desktop.services.criteria import copy_source_name

    year_2027 = period(db, "Năm 2027")
    target = period_criteria(db, year_2027.id).criteria[6]
    update_criterion(db, target.id, replace(target.as_input(), threshold=Decimal("95")))
    year_2028 = period(db, "Năm 2028")
    assert copy_source_name(db, year_2028.id) == "Năm 2027"
    copy_criteria_from_previous(db, year_2028.id)
    assert period_criteria(db, year_2028.id).criteria[6].threshold == Decimal("95")
    review = period(db, "Sơ kết giai đoạn 1 (2025–2027)")
    assert copy_source_name(db, review.id) == "Năm 2027"
    assert copy_source_name(db, period(db, "Năm 2025").id) is None


def test_changing_whom_a_criterion_judges_drops_the_other_kinds(db: Database) -> None:
    year = period(db, "Năm 2026")
    target = period_criteria(db, year.id).criteria[0]
    from kt_desktop.domain.enums import PersonKind

    update_criterion(
        db,
        target.id,
        replace(
            target.as_input(),
            subject=CriterionSubject.INDIVIDUAL,
            person_kinds=(PersonKind.OFFICIAL,),
        ),
    )
    changed = period_criteria(db, year.id).criteria[0]
    assert changed.subject == CriterionSubject.INDIVIDUAL
    assert (changed.unit_kinds, changed.person_kinds) == ((), (PersonKind.OFFICIAL,))


def test_a_criterion_needs_its_section_of_the_plan(db: Database) -> None:
    year = period(db, "Năm 2026")
    target = period_criteria(db, year.id).criteria[0]
    with pytest.raises(ValidationError) as caught:
        update_criterion(db, target.id, replace(target.as_input(), section_ref="  "))
    assert caught.value.field == "section_ref"
