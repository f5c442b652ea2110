"""The register of outgoing documents: numbering, locking, corrections, and the race."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from datetime import date, timedelta

import pytest

from kt_desktop.domain.enums import DocumentKind, DocumentState
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services import outgoing
from kt_desktop.services.database import Database
from kt_desktop.services.outgoing import (
    DraftView,
    IssueStamp,
    create_draft,
    delete_draft,
    issue_document,
    issued_pdf,
    list_register,
    number_text,
    update_draft,
)


def fake_pdf(draft: DraftView, stamp: IssueStamp | None) -> bytes:
    # Stands in for the document engine: the bytes carry what issuing stamped.
    stamped = stamp.number_text if stamp else "dự thảo"
    return f"%PDF-1.4 {draft.summary} {stamped}".encode()


def draft(db: Database, kind: DocumentKind = DocumentKind.DECISION, summary: str = "") -> int:
    return create_draft(
        db,
        kind,
        2025,
        summary or "Về việc tặng Giấy khen năm 2025",
        "Nguyễn Văn Nghiệp",
        "CHỦ TỊCH",
        {"bodies": []},
    )


def test_numbers_run_per_year_and_kind_from_01(db: Database) -> None:
    first, second, letter = draft(db), draft(db), draft(db, DocumentKind.OFFICIAL_LETTER)
    assert issue_document(db, first, date(2025, 8, 5), fake_pdf).number_text == "Số: 01/QĐ-UBND"
    assert issue_document(db, second, date(2025, 8, 6), fake_pdf).number_text == "Số: 02/QĐ-UBND"
    assert issue_document(db, letter, date(2025, 8, 6), fake_pdf).number_text == "Số: 01/UBND-VHXH"
    next_year = draft(db)
    assert issue_document(db, next_year, date(2026, 1, 2), fake_pdf).number == 1
    rows = list_register(db)
    assert [(r.number_text, r.year, r.state) for r in rows] == [
        ("01/QĐ-UBND", 2025, DocumentState.ISSUED),
        ("02/QĐ-UBND", 2025, DocumentState.ISSUED),
        ("01/UBND-VHXH", 2025, DocumentState.ISSUED),
        ("01/QĐ-UBND", 2026, DocumentState.ISSUED),
    ]


def test_a_draft_has_the_gap_and_can_change(db: Database) -> None:
    document = draft(db)
    assert number_text(None, "QĐ-UBND") == "Số:      /QĐ-UBND"
    update_draft(db, document, "Về việc khen thưởng đột xuất", "Nguyễn Văn Nghiệp", "CHỦ TỊCH", {})
    assert list_register(db)[0].summary == "Về việc khen thưởng đột xuất"
    assert list_register(db)[0].number_text == "(dự thảo)"
    delete_draft(db, document)
    assert list_register(db) == []


def test_an_issued_document_is_locked_and_keeps_its_bytes(db: Database) -> None:
    document = draft(db)
    issue_document(db, document, date(2025, 8, 5), fake_pdf)
    issued = issued_pdf(db, document)
    assert issued == "%PDF-1.4 Về việc tặng Giấy khen năm 2025 Số: 01/QĐ-UBND".encode()
    with pytest.raises(UserError) as caught:
        update_draft(db, document, "Nội dung khác", "Nguyễn Văn Nghiệp", "CHỦ TỊCH", {})
    assert "01/QĐ-UBND đã ban hành" in caught.value.message
    assert "văn bản mới thay thế" in caught.value.hint
    with pytest.raises(UserError):
        delete_draft(db, document)
    with pytest.raises(UserError):
        issue_document(db, document, date(2025, 8, 9), fake_pdf)
    # Not even a direct write to the file can change or remove it.
    path = db.engine.url.database
    assert path is not None
    connection = sqlite3.connect(path)
    for statement in (
        "UPDATE outgoing_document SET summary = 'sửa lén' WHERE id = ?",
        "UPDATE outgoing_document SET pdf = x'00' WHERE id = ?",
        "DELETE FROM outgoing_document WHERE id = ?",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="issued document is locked"):
            connection.execute(statement, (document,))
    connection.close()
    assert issued_pdf(db, document) == issued


def test_a_correction_supersedes_the_issued_document(db: Database) -> None:
    original = draft(db)
    issue_document(db, original, date(2025, 8, 5), fake_pdf)
    correction = create_draft(
        db,
        DocumentKind.DECISION,
        2025,
        "Về việc đính chính Quyết định số 01/QĐ-UBND",
        "Nguyễn Văn Nghiệp",
        "CHỦ TỊCH",
        {},
        supersedes_id=original,
    )
    issue_document(db, correction, date(2025, 8, 20), fake_pdf)
    rows = {r.id: r for r in list_register(db)}
    assert rows[original].superseded_by_number == "02/QĐ-UBND"
    assert rows[correction].supersedes_number == "01/QĐ-UBND"


def test_drafts_need_a_signer_and_a_sane_year(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        create_draft(db, DocumentKind.NOTICE, 2025, "Thông báo lịch kiểm tra", "  ", "", {})
    assert caught.value.message == "Văn bản phải có người ký."
    with pytest.raises(ValidationError):
        create_draft(db, DocumentKind.NOTICE, 1999, "Thông báo", "Nguyễn Văn Nghiệp", "", {})
    assert list_register(db) == []


def test_issuing_twice_in_parallel_never_gives_one_number_twice(db: Database, monkeypatch) -> None:
    first, second = (
        draft(db, summary="Quyết định thứ nhất"),
        draft(db, summary="Quyết định thứ hai"),
    )
    both_read = threading.Barrier(2, timeout=10)
    real_next_number = outgoing._next_number
    raced = []

    def next_number_after_both_have_read(session, kind, year):  # type: ignore[no-untyped-def]
        number = real_next_number(session, kind, year)
        if not raced:  # force the race once: both see the same highest number
            with contextlib.suppress(threading.BrokenBarrierError):
                both_read.wait()
        raced.append(number)
        return number

    monkeypatch.setattr(outgoing, "_next_number", next_number_after_both_have_read)
    stamps: dict[int, IssueStamp] = {}
    errors: list[BaseException] = []

    def issue(document_id: int) -> None:
        try:
            stamps[document_id] = issue_document(db, document_id, date(2025, 8, 5), fake_pdf)
        except BaseException as error:  # collected and re-raised in the main thread
            errors.append(error)

    threads = [threading.Thread(target=issue, args=(d,)) for d in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert raced[:2] == [1, 1]  # both really computed the same next number
    assert sorted(s.number for s in stamps.values()) == [1, 2]
    assert sorted(r.number_text for r in list_register(db)) == ["01/QĐ-UBND", "02/QĐ-UBND"]


def test_capacity_lines_stay_lines(db: Database) -> None:
    from kt_desktop.services.outgoing import get_draft

    document = create_draft(
        db,
        DocumentKind.NOTICE,
        2025,
        "Thông báo",
        "Nguyễn Văn Nghiệp",
        " tm. ủy ban nhân dân \n\n chủ tịch ",
        {},
    )
    assert get_draft(db, document).signer_capacity == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"


def test_issue_dates_follow_the_numbers_and_never_the_future(db: Database) -> None:
    first, second = draft(db), draft(db)
    issue_document(db, first, date(2025, 8, 20), fake_pdf)
    with pytest.raises(ValidationError) as caught:
        issue_document(db, second, date(2025, 8, 1), fake_pdf)
    assert "sớm hơn văn bản cùng loại ban hành gần nhất (20/08/2025)" in caught.value.message
    with pytest.raises(ValidationError):
        issue_document(db, second, date.today() + timedelta(days=1), fake_pdf)
    assert [r.number_text for r in list_register(db)] == ["01/QĐ-UBND", "(dự thảo)"]


def test_a_document_is_replaced_once_and_the_correction_says_so(db: Database) -> None:
    from kt_desktop.services.outgoing import get_draft

    original = draft(db)
    issue_document(db, original, date(2025, 8, 5), fake_pdf)
    correction = create_draft(
        db,
        DocumentKind.DECISION,
        2025,
        "Về việc đính chính",
        "Nguyễn Văn Nghiệp",
        "",
        {},
        supersedes_id=original,
    )
    assert (
        get_draft(db, correction).supersedes_text
        == "Quyết định số 01/QĐ-UBND ngày 05 tháng 8 năm 2025"
    )
    with pytest.raises(UserError) as caught:
        create_draft(
            db,
            DocumentKind.DECISION,
            2025,
            "Đính chính lần hai",
            "Nguyễn Văn Nghiệp",
            "",
            {},
            supersedes_id=original,
        )
    assert "đã có văn bản thay thế" in caught.value.message


def test_an_edit_made_while_issuing_is_never_locked_under_the_old_pdf(db: Database) -> None:
    document = draft(db, summary="Thông báo cũ")

    def render_while_someone_saves(view: DraftView, stamp: IssueStamp | None) -> bytes:
        if view.summary == "Thông báo cũ":
            # Another clerk saves the draft between our reading and our locking it.
            update_draft(db, document, "Thông báo mới", "Nguyễn Văn Nghiệp", "CHỦ TỊCH", {})
        return fake_pdf(view, stamp)

    issue_document(db, document, date(2025, 8, 5), render_while_someone_saves)
    row = list_register(db)[0]
    assert row.summary == "Thông báo mới"
    assert "Thông báo mới".encode() in issued_pdf(db, document)
