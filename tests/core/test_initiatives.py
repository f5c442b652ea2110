"""Initiatives with their authors, and contributions: the rules, the list, deleting."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from kt_desktop.domain.enums import (
    ContributorKind,
    Gender,
    InitiativeKind,
    PersonKind,
    PrioritySector,
    RecognitionLevel,
    UnitKind,
)
from kt_desktop.domain.evidence import EvidenceFile, EvidenceLink
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.initiatives import (
    ContributionInput,
    InitiativeInput,
    delete_contribution,
    delete_initiative,
    get_contribution,
    get_initiative,
    list_contributions,
    list_initiatives,
    recognised_initiative_count,
    save_contribution,
    save_initiative,
)
from kt_desktop.services.movement import list_periods
from kt_desktop.services.participants import (
    PersonInput,
    UnitInput,
    create_person,
    create_unit,
    delete_person,
    delete_unit,
)
from kt_desktop.services.results import lock_period

TODAY = date(2026, 11, 24)


def year(db: Database, name: str = "Năm 2026") -> int:
    return next(p.id for p in list_periods(db) if p.name == name)


def people(db: Database) -> tuple[int, int, int]:
    """A village and two of its people, as (village, Hoa, Bình)."""
    village = create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    hoa = create_person(
        db, PersonInput("Nguyễn Thị Hoa", Gender.FEMALE, PersonKind.OFFICIAL, unit_id=village)
    )
    binh = create_person(db, PersonInput("Trần Văn Bình", Gender.MALE, PersonKind.CITIZEN))
    return village, hoa, binh


ZALO = InitiativeInput(
    title="  Ứng dụng Zalo OA tiếp nhận  phản ánh của người dân thôn Đông ",
    kind=InitiativeKind.SOLUTION,
    sector=PrioritySector.ECONOMY,
    applied_on=date(2025, 9, 1),
    summary="Người dân gửi phản ánh qua Zalo OA của thôn.",
    benefits="Trả lời trong 24 giờ.",
    recognised_on=date(2025, 11, 15),
    recognition_level=RecognitionLevel.GRASSROOTS,
)


def test_an_initiative_is_saved_and_listed_with_its_authors_in_order(db: Database) -> None:
    village, hoa, binh = people(db)
    period = year(db)
    saved = save_initiative(
        db, period, replace(ZALO, unit_id=village, author_ids=(binh, hoa)), today=TODAY
    )
    (row,) = list_initiatives(db, period)
    assert row.id == saved
    assert row.title == "Ứng dụng Zalo OA tiếp nhận phản ánh của người dân thôn Đông"
    assert row.authors == "Trần Văn Bình, Nguyễn Thị Hoa"
    assert row.author_ids == (binh, hoa)
    assert row.unit_name == "Thôn Đông"
    assert row.sector_label == "Kinh tế"
    assert row.recognition_text == "Cấp cơ sở (xã), 15/11/2025"
    assert row.evidence_count == 0
    assert get_initiative(db, saved).author_ids == (binh, hoa)

    # Editing reorders and drops authors without tripping over the unique pair.
    save_initiative(
        db, period, replace(ZALO, unit_id=village, author_ids=(hoa,)), saved, today=TODAY
    )
    (row,) = list_initiatives(db, period)
    assert row.authors == "Nguyễn Thị Hoa"
    assert list_initiatives(db, year(db, "Năm 2025")) == []


def test_initiatives_are_listed_in_vietnamese_order(db: Database) -> None:
    village, hoa, _ = people(db)
    period = year(db)
    for title in ("Số hóa hồ sơ", "Ứng dụng AI", "Đăng ký trực tuyến", "Bản đồ số"):
        save_initiative(db, period, InitiativeInput(title, author_ids=(hoa,)), today=TODAY)
    assert [r.title for r in list_initiatives(db, period)] == [
        "Bản đồ số",
        "Đăng ký trực tuyến",
        "Số hóa hồ sơ",
        "Ứng dụng AI",
    ]
    assert village


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"title": "   "}, "title", "không được để trống"),
        ({"title": "x" * 501}, "title", "dài quá 500 ký tự"),
        ({"author_ids": (), "unit_id": None}, "author_ids", "ít nhất một tác giả"),
        ({"applied_on": date(2026, 12, 1)}, "applied_on", "ở tương lai"),
        ({"applied_on": date(2024, 12, 31)}, "applied_on", "trước khi phong trào bắt đầu"),
        ({"recognised_on": None}, "recognised_on", "ghi cả ngày công nhận"),
        ({"recognition_level": None}, "recognition_level", "chọn cả cấp công nhận"),
        ({"recognised_on": date(2025, 8, 1)}, "recognised_on", "trước ngày áp dụng"),
        ({"recognised_on": date(2027, 1, 1)}, "recognised_on", "ở tương lai"),
    ],
)
def test_bad_initiatives_are_refused_and_nothing_is_written(
    db: Database, change: dict[str, object], field: str, words: str
) -> None:
    _, hoa, _ = people(db)
    period = year(db)
    data = replace(replace(ZALO, author_ids=(hoa,)), **change)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        save_initiative(db, period, data, today=TODAY)
    assert caught.value.field == field
    assert words in caught.value.message
    assert list_initiatives(db, period) == []


def test_authors_must_exist_and_be_distinct(db: Database) -> None:
    _, hoa, _ = people(db)
    period = year(db)
    with pytest.raises(ValidationError) as caught:
        save_initiative(db, period, replace(ZALO, author_ids=(hoa, hoa)), today=TODAY)
    assert caught.value.message == "Tác giả “Nguyễn Thị Hoa” được chọn hai lần."
    with pytest.raises(ValidationError) as caught:
        save_initiative(db, period, replace(ZALO, author_ids=(hoa, 9999)), today=TODAY)
    assert "không còn trong danh sách cá nhân" in caught.value.message
    assert list_initiatives(db, period) == []


def test_a_unit_alone_is_enough_and_the_same_title_twice_is_refused(db: Database) -> None:
    village, hoa, _ = people(db)
    period = year(db)
    save_initiative(db, period, replace(ZALO, unit_id=village), today=TODAY)
    twice = replace(
        ZALO,
        unit_id=village,
        title="ứng dụng zalo OA tiếp nhận phản ánh của người dân thôn Đông",
        author_ids=(hoa,),
    )
    with pytest.raises(ValidationError) as caught:
        save_initiative(db, period, twice, today=TODAY)
    assert caught.value.field == "title"
    assert "đã có trong danh sách của đơn vị này" in caught.value.message
    # Another period, or no unit, is a different list.
    save_initiative(db, year(db, "Năm 2025"), twice, today=TODAY)
    save_initiative(db, period, replace(twice, unit_id=None), today=TODAY)
    assert len(list_initiatives(db, period)) == 2


def test_an_initiative_with_evidence_is_not_deleted(db: Database) -> None:
    village, hoa, _ = people(db)
    period = year(db)
    saved = save_initiative(
        db, period, replace(ZALO, unit_id=village, author_ids=(hoa,)), today=TODAY
    )
    with db.session() as session:
        stored = EvidenceFile(sha256="a" * 64, size_bytes=10, original_name="QĐ công nhận.pdf")
        session.add(stored)
        session.flush()
        assert stored.id is not None
        link = EvidenceLink(file_id=stored.id, initiative_id=saved, file_name="QĐ.pdf")
        session.add(link)
    assert list_initiatives(db, period)[0].evidence_count == 1
    with pytest.raises(UserError) as caught:
        delete_initiative(db, saved)
    assert "còn 1 tệp minh chứng" in caught.value.message
    assert "gỡ các tệp minh chứng trước" in caught.value.hint
    with db.session() as session:
        session.delete(session.get(EvidenceLink, link.id))
    delete_initiative(db, saved)
    assert list_initiatives(db, period) == []
    delete_initiative(db, saved)  # already gone: nothing to do


def test_authors_and_units_of_initiatives_cannot_be_deleted(db: Database) -> None:
    village, hoa, binh = people(db)
    save_initiative(db, year(db), replace(ZALO, unit_id=village, author_ids=(binh,)), today=TODAY)
    with pytest.raises(UserError) as caught:
        delete_person(db, binh)
    assert "1 sáng kiến, giải pháp đứng tên tác giả" in caught.value.message
    with pytest.raises(UserError) as caught:
        delete_unit(db, village)
    assert "1 sáng kiến, giải pháp" in caught.value.message
    assert hoa


def test_a_locked_period_still_takes_initiatives(db: Database) -> None:
    _, hoa, _ = people(db)
    period = year(db)
    lock_period(db, period, "Đã dùng để xét khen thưởng", today=TODAY)
    save_initiative(db, period, replace(ZALO, author_ids=(hoa,)), today=TODAY)
    assert len(list_initiatives(db, period)) == 1


def test_recognised_initiatives_are_counted_per_author_and_level(db: Database) -> None:
    _, hoa, binh = people(db)
    period = year(db)
    save_initiative(db, period, replace(ZALO, author_ids=(hoa, binh)), today=TODAY)
    save_initiative(
        db,
        period,
        replace(
            ZALO,
            title="Bản đồ số di tích",
            recognition_level=RecognitionLevel.CITY,
            author_ids=(hoa,),
        ),
        today=TODAY,
    )
    save_initiative(
        db,
        period,
        replace(
            ZALO, title="Sổ tay số", recognition_level=None, recognised_on=None, author_ids=(hoa,)
        ),
        today=TODAY,
    )
    with db.session() as session:
        grassroots = RecognitionLevel.GRASSROOTS
        assert recognised_initiative_count(session, hoa, grassroots) == 1
        assert recognised_initiative_count(session, hoa, grassroots, or_higher=True) == 2
        assert recognised_initiative_count(session, hoa, RecognitionLevel.CITY) == 1
        assert recognised_initiative_count(session, binh, RecognitionLevel.CITY) == 0
        assert (
            recognised_initiative_count(session, hoa, grassroots, period_ids=(period + 100,)) == 0
        )


# --- contributions -----------------------------------------------------------------------

GIFT = ContributionInput(
    contributor_kind=ContributorKind.ORGANISATION,
    contributor_name="Công ty TNHH Viễn thông Kim Thành",
    description="Tặng 20 máy tính bảng cho lớp Bình dân học vụ số thôn Tây",
    given_on=date(2026, 3, 8),
    address="Thôn Tây, xã Kim Thành",
    value_vnd=Decimal(60_000_000),
)


def test_a_contribution_is_saved_edited_listed_and_deleted(db: Database) -> None:
    period = year(db)
    saved = save_contribution(db, period, GIFT, today=TODAY)
    second = save_contribution(
        db,
        period,
        ContributionInput(
            ContributorKind.PERSON,
            "Ông Đỗ Văn An",
            "Hướng dẫn người cao tuổi cài đặt VNeID",
        ),
        today=TODAY,
    )
    assert [r.contributor_name for r in list_contributions(db, period)] == [
        "Công ty TNHH Viễn thông Kim Thành",
        "Ông Đỗ Văn An",
    ]
    save_contribution(db, period, replace(GIFT, value_vnd=Decimal("65000000")), saved, TODAY)
    assert get_contribution(db, saved).value_vnd == Decimal(65_000_000)
    delete_contribution(db, second)
    assert [r.id for r in list_contributions(db, period)] == [saved]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"contributor_name": " "}, "contributor_name"),
        ({"description": ""}, "description"),
        ({"value_vnd": Decimal(-1)}, "value_vnd"),
        ({"value_vnd": Decimal("1000.5")}, "value_vnd"),
        ({"given_on": date(2026, 12, 1)}, "given_on"),
    ],
)
def test_bad_contributions_are_refused(db: Database, change: dict[str, object], field: str) -> None:
    period = year(db)
    with pytest.raises(ValidationError) as caught:
        save_contribution(db, period, replace(GIFT, **change), today=TODAY)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert list_contributions(db, period) == []


def test_a_contribution_linked_to_a_person_keeps_them_from_deletion(db: Database) -> None:
    _, hoa, _ = people(db)
    period = year(db)
    with pytest.raises(ValidationError):
        save_contribution(db, period, replace(GIFT, person_id=hoa), today=TODAY)
    save_contribution(
        db,
        period,
        replace(GIFT, contributor_kind=ContributorKind.PERSON, person_id=hoa),
        today=TODAY,
    )
    with pytest.raises(UserError) as caught:
        delete_person(db, hoa)
    assert "1 đóng góp" in caught.value.message
