"""Giấy khen of a round, read back from their PDFs: drafts before the decision is issued and
not after, register numbers, reprints with a reason, printer offsets, the saved layout, and a
stopped batch that records nothing."""

from __future__ import annotations

import io
import json
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pdfplumber
import pytest
from sqlmodel import func, select

from kt_desktop.documents.certificates import PrintMode, RenderingStopped, default_layout
from kt_desktop.domain import AppSetting, Person, Unit
from kt_desktop.domain.awards import AwardProposal, AwardRound, CertificatePrint, CouncilMember
from kt_desktop.domain.enums import (
    AwardOccasion,
    CertificatePrintKind,
    CouncilRole,
    DocumentKind,
    Gender,
    PersonKind,
    RecipientKind,
    UnitKind,
)
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services import awards
from kt_desktop.services.award_certificates import (
    CERTIFICATE_PRINT_KEY,
    MemoryOffsetStore,
    calibration_pdf,
    certificate_rows,
    certificate_texts,
    get_certificate_layout,
    get_printer_offsets,
    list_printers_with_offsets,
    print_certificates,
    print_history,
    reset_certificate_layout,
    save_certificate_layout,
    save_print_settings,
    save_printer_offsets,
)
from kt_desktop.services.award_money import COMMUNE_FORM_CODE, proposal_amount
from kt_desktop.services.database import Database
from kt_desktop.services.movement import list_periods
from kt_desktop.services.outgoing import create_draft, issue_document

ISSUED_ON = date(2026, 1, 20)
LONG_COLLECTIVE = (
    "Ban Chỉ đạo phong trào Bình dân học vụ số và chuyển đổi số của Hội Liên hiệp Phụ nữ "
    "xã Kim Thành"
)


@dataclass
class DemoRound:
    round_id: int
    proposal_ids: list[int]  # in the order added
    failed_id: int  # voted down: no certificate


def build_round(db: Database) -> DemoRound:
    """A 2025 round: two collectives and three people passed, one person voted down."""
    with db.session() as session:
        units = [
            Unit(code="T-BAC", name="Thôn Bắc", kind=UnitKind.VILLAGE),
            Unit(code="HPN", name=LONG_COLLECTIVE, kind=UnitKind.MASS_ORGANISATION),
            Unit(code="THCS", name="Trường THCS Kim Thành", kind=UnitKind.SCHOOL),
        ]
        session.add_all(units)
        session.flush()
        people = [
            Person(
                full_name=name,
                gender=gender,
                position=position,
                unit_id=units[unit].id,
                kind=PersonKind.OFFICIAL,
            )
            for name, gender, position, unit in (
                ("Nguyễn Văn An", Gender.MALE, "Trưởng thôn", 0),
                ("Lê Thị Ánh", Gender.FEMALE, "Giáo viên", 2),
                ("Trần Văn Bình", Gender.MALE, "Phó Trưởng thôn", 0),
                ("Đỗ Thị Hoa", Gender.FEMALE, "Giáo viên", 2),
            )
        ]
        session.add_all(people)
        for order, (name, gender, role) in enumerate(
            (
                ("Nguyễn Văn Nghiệp", Gender.MALE, CouncilRole.CHAIR),
                ("Trần Thị Hoa", Gender.FEMALE, CouncilRole.VICE_CHAIR),
                ("Lê Văn Bình", Gender.MALE, CouncilRole.STANDING),
            )
        ):
            session.add(
                CouncilMember(
                    full_name=name, gender=gender, position="", role=role, sort_order=order
                )
            )
        session.flush()
        unit_ids = [u.id or 0 for u in units[:2]]
        person_ids = [p.id or 0 for p in people]
    period = next(p for p in list_periods(db) if p.year == 2025)
    round_id = awards.create_round(db, period.id, AwardOccasion.ANNUAL)
    form_id = _commune_form(db)
    ids = [
        awards.add_proposal(
            db, round_id, awards.ProposalInput(form_id, RecipientKind.COLLECTIVE, unit_id=uid)
        )
        for uid in unit_ids
    ]
    ids += [
        awards.add_proposal(
            db, round_id, awards.ProposalInput(form_id, RecipientKind.INDIVIDUAL, person_id=pid)
        )
        for pid in person_ids
    ]
    view = awards.round_view(db, round_id)
    awards.set_attendance(db, round_id, {m.id for m in view.members})
    for proposal_id in ids[:-1]:
        assert awards.record_votes(db, proposal_id, 3, 0, 0)
    assert not awards.record_votes(db, ids[-1], 1, 2, 0)
    return DemoRound(round_id, ids[:-1], ids[-1])


def _commune_form(db: Database) -> int:
    from kt_desktop.domain.awards import AwardForm

    with db.session() as session:
        form = session.exec(select(AwardForm).where(AwardForm.code == COMMUNE_FORM_CODE)).one()
        return form.id or 0


def draft_decision(db: Database, demo: DemoRound, signer: str = "Nguyễn Văn Nghiệp") -> int:
    """The round's decision as a draft in the register (what award_documents will do)."""
    with db.session() as session:
        amounts = {
            str(pid): proposal_amount(session, session.get(AwardProposal, pid), ISSUED_ON)  # type: ignore[arg-type]
            for pid in demo.proposal_ids
        }
    document_id = create_draft(
        db,
        DocumentKind.DECISION,
        ISSUED_ON.year,
        "Về việc tặng Giấy khen",
        signer,
        "CHỦ TỊCH",
        {
            "award_round_id": demo.round_id,
            "award_proposal_ids": demo.proposal_ids,
            "award_amounts": amounts,
        },
    )
    with db.session() as session:
        award_round = session.get(AwardRound, demo.round_id)
        assert award_round is not None
        award_round.decision_document_id = document_id
        session.add(award_round)
    return document_id


def issue_decision(db: Database, demo: DemoRound) -> None:
    document_id = draft_decision(db, demo)
    issue_document(db, document_id, ISSUED_ON, lambda _view, _stamp: b"%PDF-1.4")


def _straight(obj: dict[str, Any]) -> bool:
    """Not a character of the diagonal draft mark (drawn rotated)."""
    return obj.get("object_type") != "char" or abs(obj["matrix"][1]) < 1e-6


def pages_text(pdf: bytes) -> list[str]:
    """Each page's upright text (the diagonal draft mark left out), in NFC."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            unicodedata.normalize("NFC", page.filter(_straight).extract_text() or "")
            for page in document.pages
        ]


def draft_marks(pdf: bytes) -> list[str]:
    """Each page's diagonal text: "BẢN NHÁP" on a draft, "" otherwise."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            unicodedata.normalize("NFC", "".join(c["text"] for c in page.chars if not _straight(c)))
            for page in document.pages
        ]


def print_count(db: Database) -> int:
    with db.session() as session:
        return int(session.exec(select(func.count()).select_from(CertificatePrint)).one())


@pytest.fixture
def demo(db: Database) -> DemoRound:
    return build_round(db)


# --- texts ------------------------------------------------------------------------------------


@pytest.fixture
def store() -> MemoryOffsetStore:
    """This PC's printer offsets (QSettings in the app), empty for each test."""
    return MemoryOffsetStore()


def test_rows_are_the_passed_proposals_in_the_decision_order(db: Database, demo: DemoRound) -> None:
    rows = certificate_rows(db, demo.round_id)
    assert [r.recipient for r in rows] == [
        LONG_COLLECTIVE,
        "Thôn Bắc",
        "Ông Nguyễn Văn An",  # by given name: An, Ánh, Bình
        "Bà Lê Thị Ánh",
        "Ông Trần Văn Bình",
    ]
    assert demo.failed_id not in {r.proposal_id for r in rows}
    assert rows[2].unit == "Thôn Bắc" and rows[0].unit == ""
    assert all(r.form == "Giấy khen" and r.register_text == "" for r in rows)
    assert all(r.printed_count == 0 and r.printed_text == "Chưa in" for r in rows)


def test_texts_before_issue_have_blanks_and_are_drafts(db: Database, demo: DemoRound) -> None:
    texts = certificate_texts(db, demo.round_id)
    an = texts[2]
    assert an.recipient == "Ông Nguyễn Văn An"
    assert an.position_unit == "Trưởng thôn, Thôn Bắc"
    assert texts[0].position_unit == ""
    assert an.issuer == "CHỦ TỊCH\nỦY BAN NHÂN DÂN XÃ KIM THÀNH"
    assert an.award_title == "TẶNG GIẤY KHEN"
    assert an.achievement.startswith("Đã có thành tích xuất sắc")
    assert an.decision_line == "Quyết định số ……/QĐ-UBND ngày ……/……/……"
    assert an.register_line == "Số vào sổ: ……"
    assert an.place_date == "Kim Thành, ngày …… tháng …… năm ……"
    assert an.signer_capacity == "CHỦ TỊCH"
    assert an.signer_name == "Nguyễn Văn Nghiệp"  # the commune's chairman, no draft yet
    assert all(t.draft for t in texts)


def test_texts_after_issue_carry_the_decision(db: Database, demo: DemoRound) -> None:
    issue_decision(db, demo)
    texts = certificate_texts(db, demo.round_id)
    assert {t.decision_line for t in texts} == {"Quyết định số 01/QĐ-UBND ngày 20/01/2026"}
    assert {t.place_date for t in texts} == {"Kim Thành, ngày 20 tháng 01 năm 2026"}
    assert not any(t.draft for t in texts)
    registers = [t.register_line for t in texts]
    assert len(set(registers)) == len(registers) == 5
    assert all(r.startswith("Số vào sổ: ") and r.endswith("/2026") for r in registers)
    rows = certificate_rows(db, demo.round_id)
    assert [r.register_text for r in rows] == registers


def test_a_proposal_outside_the_passed_list_is_refused(
    db: Database, demo: DemoRound, store: MemoryOffsetStore
) -> None:
    with pytest.raises(UserError, match="không còn trong danh sách được khen"):
        certificate_texts(db, demo.round_id, [demo.failed_id])
    with pytest.raises(UserError, match="không còn trong danh sách được khen"):
        print_certificates(db, demo.round_id, [demo.failed_id], PrintMode.FULL, store=store)
    assert print_count(db) == 0


# --- printing ---------------------------------------------------------------------------------


def test_draft_mark_before_issue_and_not_after(
    db: Database, demo: DemoRound, store: MemoryOffsetStore
) -> None:
    pdf = print_certificates(db, demo.round_id, demo.proposal_ids, PrintMode.FULL, store=store)
    pages = pages_text(pdf)
    assert draft_marks(pdf) == ["BẢN NHÁP"] * 5
    assert "Ông Nguyễn Văn An" in "".join(pages)
    with db.session() as session:
        kinds = set(session.exec(select(CertificatePrint.kind)))
    assert kinds == {CertificatePrintKind.DRAFT}
    # Drafts again: no reason asked.
    print_certificates(db, demo.round_id, demo.proposal_ids[:1], PrintMode.FULL, store=store)
    assert print_count(db) == 6

    issue_decision(db, demo)
    pdf = print_certificates(db, demo.round_id, demo.proposal_ids, PrintMode.FULL, store=store)
    pages = pages_text(pdf)
    assert draft_marks(pdf) == [""] * 5
    assert not any("NHÁP" in page for page in pages)
    numbers = [line for page in pages for line in page.splitlines() if "Số vào sổ:" in line]
    assert len(numbers) == 5 and len(set(numbers)) == 5
    assert all("Quyết định số 01/QĐ-UBND ngày 20/01/2026" in page for page in pages)
    with db.session() as session:
        official = session.exec(
            select(CertificatePrint).where(CertificatePrint.kind == CertificatePrintKind.FULL)
        ).all()
    assert len(official) == 5 and not any(p.reprint for p in official)


def test_text_only_leaves_out_the_preprinted_words(
    db: Database, demo: DemoRound, store: MemoryOffsetStore
) -> None:
    issue_decision(db, demo)
    pdf = print_certificates(
        db, demo.round_id, demo.proposal_ids[2:3], PrintMode.TEXT_ONLY, store=store
    )
    (page,) = pages_text(pdf)
    assert "CỘNG HÒA" not in page and "TẶNG GIẤY KHEN" not in page
    assert "Ông Nguyễn Văn An" in page and "Trưởng thôn, Thôn Bắc" in page
    with db.session() as session:
        assert session.exec(select(CertificatePrint.kind)).one() == CertificatePrintKind.TEXT_ONLY


def test_reprint_needs_a_reason_and_is_recorded(
    db: Database, demo: DemoRound, store: MemoryOffsetStore
) -> None:
    issue_decision(db, demo)
    an = demo.proposal_ids[2]
    print_certificates(db, demo.round_id, demo.proposal_ids, PrintMode.TEXT_ONLY, store=store)
    assert print_count(db) == 5
    with pytest.raises(ValidationError) as refused:
        print_certificates(
            db, demo.round_id, [an], PrintMode.TEXT_ONLY, reprint_reason="  ", store=store
        )
    assert "Giấy khen của Ông Nguyễn Văn An đã in ngày" in refused.value.message
    assert "hãy ghi lý do in lại" in refused.value.message
    assert print_count(db) == 5
    with pytest.raises(ValidationError, match="đã được in; hãy ghi lý do in lại"):
        print_certificates(db, demo.round_id, demo.proposal_ids, PrintMode.FULL, store=store)
    assert print_count(db) == 5

    print_certificates(
        db,
        demo.round_id,
        [an],
        PrintMode.TEXT_ONLY,
        reprint_reason="Phôi bị kẹt giấy, in hỏng",
        store=store,
    )
    history = print_history(db, an)
    assert [(h.kind_label, h.reprint, h.reason) for h in history] == [
        ("In chữ lên phôi", False, ""),
        ("In chữ lên phôi", True, "Phôi bị kẹt giấy, in hỏng"),
    ]
    row = next(r for r in certificate_rows(db, demo.round_id) if r.proposal_id == an)
    assert row.printed_count == 2 and row.printed_text.startswith("2 lần, gần nhất ")


def test_a_stopped_batch_records_nothing(
    db: Database, demo: DemoRound, store: MemoryOffsetStore
) -> None:
    issue_decision(db, demo)
    seen: list[tuple[int, int]] = []
    with pytest.raises(RenderingStopped):
        print_certificates(
            db,
            demo.round_id,
            demo.proposal_ids,
            PrintMode.FULL,
            progress=lambda done, total: seen.append((done, total)),
            should_stop=lambda: len(seen) >= 2,
            store=store,
        )
    assert seen == [(1, 5), (2, 5)]
    assert print_count(db) == 0


def test_nothing_chosen_is_refused(db: Database, demo: DemoRound, store: MemoryOffsetStore) -> None:
    with pytest.raises(ValidationError, match="ít nhất một Giấy khen"):
        print_certificates(db, demo.round_id, [], PrintMode.FULL, store=store)


def test_the_printer_offsets_move_the_text(
    db: Database, demo: DemoRound, store: MemoryOffsetStore
) -> None:
    def recipient_left(pdf: bytes) -> float:
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            words = document.pages[0].extract_words()
        return float(min(w["x0"] for w in words if w["text"] == "Nguyễn"))

    chosen = demo.proposal_ids[2:3]
    plain = recipient_left(
        print_certificates(db, demo.round_id, chosen, PrintMode.TEXT_ONLY, store=store)
    )
    save_printer_offsets(store, "Canon LBP2900", 5, -2)
    moved = print_certificates(
        db, demo.round_id, chosen, PrintMode.TEXT_ONLY, printer_name="Canon LBP2900", store=store
    )
    assert recipient_left(moved) - plain == pytest.approx(5 * 72 / 25.4, abs=0.5)
    assert "ngang +5 mm; dọc −2 mm" in pages_text(calibration_pdf(db, store, "Canon LBP2900"))[0]


# --- settings ---------------------------------------------------------------------------------


def test_an_offset_of_80_mm_is_refused_and_nothing_written(
    db: Database, store: MemoryOffsetStore
) -> None:
    with pytest.raises(ValidationError) as refused:
        save_printer_offsets(store, "Canon LBP2900", 80, 0)
    assert "±20 mm" in refused.value.message and "80 mm" in refused.value.message
    assert "ngang" in refused.value.message
    with pytest.raises(ValidationError, match="dọc"):
        save_print_settings(db, store, default_layout(), "Canon LBP2900", 0, -25)
    with db.session() as session:
        assert session.get(AppSetting, CERTIFICATE_PRINT_KEY) is None
    assert store.raw == "" and get_printer_offsets(store, "Canon LBP2900") == (0.0, 0.0)


def test_offsets_per_printer(db: Database, store: MemoryOffsetStore) -> None:
    save_printer_offsets(store, "HP LaserJet P1102", 1.25, -3)
    save_printer_offsets(store, "", -0.5, 0)
    save_printer_offsets(store, "Canon LBP2900", 2, 2)
    assert get_printer_offsets(store, "HP LaserJet P1102") == (1.2, -3.0)
    assert get_printer_offsets(store, " HP LaserJet P1102 ") == (1.2, -3.0)
    assert get_printer_offsets(store, "Brother") == (0.0, 0.0)
    assert list_printers_with_offsets(store) == [
        ("", -0.5, 0.0),
        ("Canon LBP2900", 2.0, 2.0),
        ("HP LaserJet P1102", 1.2, -3.0),
    ]


def test_layout_round_trip_and_reset(db: Database, store: MemoryOffsetStore) -> None:
    assert get_certificate_layout(db) == default_layout()
    layout = default_layout()
    fields = dict(layout.fields)
    fields["recipient"] = replace(fields["recipient"], y_mm=72.5, font_size=26, min_font_size=0)
    changed = replace(layout, page_width_mm=290, fields=fields)
    save_certificate_layout(db, changed)
    save_printer_offsets(store, "Canon LBP2900", 1, 1)
    assert get_certificate_layout(db) == changed
    reset_certificate_layout(db)
    assert get_certificate_layout(db) == default_layout()
    assert get_printer_offsets(store, "Canon LBP2900") == (1.0, 1.0)


def test_a_layout_off_the_page_is_refused_naming_the_field(
    db: Database, store: MemoryOffsetStore
) -> None:
    layout = default_layout()
    fields = dict(layout.fields)
    fields["recipient"] = replace(fields["recipient"], x_mm=200)
    with pytest.raises(ValidationError, match="Tên người/tập thể được khen"):
        save_certificate_layout(db, replace(layout, fields=fields))
    with pytest.raises(ValidationError, match="Tên người/tập thể được khen"):
        save_print_settings(db, store, replace(layout, fields=fields), "", 1, 1)
    with db.session() as session:
        assert session.get(AppSetting, CERTIFICATE_PRINT_KEY) is None


def test_a_damaged_setting_falls_back_to_defaults(db: Database) -> None:
    with db.session() as session:
        session.add(AppSetting(key=CERTIFICATE_PRINT_KEY, value=json.dumps({"layout": "rác"})))
    assert get_certificate_layout(db) == default_layout()
    with db.session() as session:
        row = session.get(AppSetting, CERTIFICATE_PRINT_KEY)
        assert row is not None
        row.value = "{không phải JSON"
        session.add(row)
    assert get_certificate_layout(db) == default_layout()
    # This PC's offsets, damaged: zero offsets, and saving mends them.
    damaged = MemoryOffsetStore(json.dumps({"A": [99, 0], "B": "x"}))
    assert get_printer_offsets(damaged, "A") == (0.0, 0.0)
    assert list_printers_with_offsets(damaged) == []
    garbage = MemoryOffsetStore("{không phải JSON")
    save_printer_offsets(garbage, "A", 1, 2)
    assert get_printer_offsets(garbage, "A") == (1.0, 2.0)
