"""The wording the office edits: defaults for every kind, named blanks, bad blanks refused."""

from __future__ import annotations

import pytest

from kt_desktop.domain.enums import DocumentKind
from kt_desktop.errors import ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.seed import PLAN_REFERENCE
from kt_desktop.services.settings import get_commune_identity
from kt_desktop.services.wording import (
    PLACEHOLDERS,
    Wording,
    check_wording,
    default_wordings,
    filled,
    get_wording,
    placeholder_values,
    reset_wording,
    save_wording,
)


def test_every_kind_has_default_wording_using_known_blanks() -> None:
    defaults = default_wordings()
    assert set(defaults) == set(DocumentKind)
    for wording in defaults.values():
        check_wording(wording)
    decision = defaults[DocumentKind.DECISION]
    assert (
        decision.legal_bases[0]
        == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"
    )
    assert decision.signer_capacity == ("CHỦ TỊCH",)


def test_blanks_are_filled_from_the_commune_identity(db: Database) -> None:
    decision = filled(
        get_wording(db, DocumentKind.DECISION),
        placeholder_values(get_commune_identity(db), 2025, PLAN_REFERENCE),
    )
    assert decision.authority == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ KIM THÀNH"
    assert decision.legal_bases[-1] == "Xét đề nghị của Trưởng phòng Văn hóa – Xã hội xã"
    assert decision.recipients[-1] == "Lưu: VT, VHXH"
    assert "{" not in " ".join(decision.texts())


def test_an_edit_is_kept_and_can_be_reset(db: Database) -> None:
    edited = Wording(
        legal_bases=(
            "  Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022 ",
            "",
            "Căn cứ {ke_hoach}",
        ),
        recipients=("Như trên", "Lưu: VT, {viet_tat_thuong_truc}"),
        signer_capacity=("kt. chủ tịch", "phó chủ tịch"),
    )
    saved = save_wording(db, DocumentKind.NOTICE, edited)
    assert saved.legal_bases == (
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "Căn cứ {ke_hoach}",
    )
    assert saved.signer_capacity == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert get_wording(db, DocumentKind.NOTICE) == saved
    assert get_wording(db, DocumentKind.REPORT) == default_wordings()[DocumentKind.REPORT]
    assert reset_wording(db, DocumentKind.NOTICE) == default_wordings()[DocumentKind.NOTICE]
    assert get_wording(db, DocumentKind.NOTICE) == default_wordings()[DocumentKind.NOTICE]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Căn cứ {ten_huyen}", "Chỗ điền {ten_huyen} không có"),
        ("Căn cứ {ten_xa", "Dấu ngoặc nhọn không khớp"),
        ("Căn cứ ten_xa}", "Dấu ngoặc nhọn không khớp"),
        ("Căn cứ {ten_xa:d}", "không đúng dạng"),
        ("Căn cứ {ten_xa!r}", "không đúng dạng"),
        ("Căn cứ {0}", "không đúng dạng"),
    ],
)
def test_a_wrong_blank_is_reported_not_printed(db: Database, text: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        save_wording(db, DocumentKind.DECISION, Wording(legal_bases=(text,)))
    assert words in caught.value.message
    assert get_wording(db, DocumentKind.DECISION) == default_wordings()[DocumentKind.DECISION]


def test_every_blank_is_explained_in_vietnamese() -> None:
    assert all(description for description in PLACEHOLDERS.values())


def test_page_margins_are_a_setting_within_decree_30(db: Database) -> None:
    from kt_desktop.services.wording import PageMargins, get_margins, save_margins

    assert get_margins(db) == PageMargins(20, 20, 30, 15)
    save_margins(db, PageMargins(25, 20, 35, 15))
    assert get_margins(db) == PageMargins(25, 20, 35, 15)
    with pytest.raises(ValidationError) as caught:
        save_margins(db, PageMargins(20, 20, 25, 15))
    assert "Lề trái phải từ 30 đến 35 mm" in caught.value.message
    assert get_margins(db) == PageMargins(25, 20, 35, 15)


def test_documents_use_the_saved_margins(db: Database) -> None:
    import io

    import pdfplumber

    from kt_desktop.services.document_builder import preview_wording
    from kt_desktop.services.wording import PageMargins, save_margins

    save_margins(db, PageMargins(25, 20, 35, 20))
    pdf = preview_wording(db, DocumentKind.NOTICE, default_wordings()[DocumentKind.NOTICE], 2025)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        left = min(char["x0"] for char in page.chars)
    assert left >= 35 / 25.4 * 72 - 0.5
