"""The award round's paperwork tabs: the decision drafted and issued (and refused without harm),
the certificates with their register numbers and prints, the dossier to the city with its parts,
reports, export and the refusal to mark an incomplete dossier sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select

from kt_desktop.domain.awards import AwardRound, CouncilMember
from kt_desktop.domain.enums import (
    AwardOccasion,
    CouncilRole,
    Gender,
    RecipientKind,
    UnitKind,
)
from kt_desktop.gui import messages
from kt_desktop.gui.pages import award_papers
from kt_desktop.gui.pages.award_papers import (
    NO_ROUND_TEXT,
    CertificatesTab,
    DecisionTab,
    DossierTab,
)
from kt_desktop.services import award_money, awards
from kt_desktop.services.award_certificates import MemoryOffsetStore
from kt_desktop.services.database import Database
from kt_desktop.services.movement import list_periods
from kt_desktop.services.participants import UnitInput, create_unit
from kt_desktop.services.results import period_lock_reason
from tests.gui.conftest import MessageLog, answer_dialog

MEETING_DAY = date(2026, 1, 15)
TODAY = date(2026, 1, 20)


@dataclass
class Round:
    period_id: int
    round_id: int
    proposals: dict[str, int]  # name -> proposal id


def _form(db: Database, code: str) -> int:
    return next(f.id for f in award_money.list_forms(db) if f.code == code)


def _round(db: Database, with_city: bool = False, vote: bool = True) -> Round:
    """Năm 2025's round: two villages and two people for a Giấy khen (and, asked for, one
    person proposed to the city for a Bằng khen), voted by a five-member council."""
    period_id = next(p.id for p in list_periods(db) if p.name == "Năm 2025")
    east = create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    west = create_unit(db, UnitInput("THON02", "Thôn Bắc", UnitKind.VILLAGE))
    members = []
    with db.session() as session:
        for order, (name, gender, role) in enumerate(
            (
                ("Nguyễn Văn Nghiệp", Gender.MALE, CouncilRole.CHAIR),
                ("Phạm Thị Lan", Gender.FEMALE, CouncilRole.VICE_CHAIR),
                ("Lê Văn Bình", Gender.MALE, CouncilRole.STANDING),
                ("Vũ Văn Cường", Gender.MALE, CouncilRole.MEMBER),
                ("Đỗ Thị Mai", Gender.FEMALE, CouncilRole.MEMBER),
            )
        ):
            member = CouncilMember(
                full_name=name, gender=gender, position="Ủy viên", role=role, sort_order=order
            )
            session.add(member)
            session.flush()
            assert member.id is not None
            members.append(member.id)
    round_id = awards.create_round(db, period_id, AwardOccasion.ANNUAL)
    commune = _form(db, award_money.COMMUNE_FORM_CODE)
    added: dict[str, int] = {}
    for unit_id, name in ((east, "Thôn Đông"), (west, "Thôn Bắc")):
        added[name] = awards.add_proposal(
            db,
            round_id,
            awards.ProposalInput(commune, RecipientKind.COLLECTIVE, unit_id=unit_id),
        )
    people = [
        ("Nguyễn Văn Bình", Gender.MALE, "Trưởng thôn", "Thôn Đông", commune),
        ("Trần Văn Anh", Gender.MALE, "Công chức Văn hóa – Xã hội", "UBND xã", commune),
    ]
    if with_city:
        people.append(
            (
                "Lê Thị Ánh",
                Gender.FEMALE,
                "Phó Chủ tịch Hội Phụ nữ xã",
                "Hội Liên hiệp Phụ nữ xã",
                _form(db, award_money.CITY_FORM_CODE),
            )
        )
    for name, gender, position, unit_name, form in people:
        added[name] = awards.add_proposal(
            db,
            round_id,
            awards.ProposalInput(
                form,
                RecipientKind.INDIVIDUAL,
                name=name,
                gender=gender,
                position=position,
                unit_name=unit_name,
            ),
        )
    if not vote:
        return Round(period_id, round_id, added)
    awards.set_attendance(db, round_id, set(members))
    view = awards.round_view(db, round_id, MEETING_DAY)
    awards.update_round(
        db,
        round_id,
        view.name,
        view.achievement,
        MEETING_DAY,
        "14:00",
        "Hội trường Ủy ban nhân dân xã",
        "",
        members[2],
        today=MEETING_DAY,
    )
    for line in view.proposals:
        if line.failures:
            # The city's route is not met by a person outside the register: the office goes
            # ahead with a written reason, as the law lets it.
            awards.update_proposal(
                db, line.id, line.form_id, line.achievement, "Thành tích đột xuất được xác nhận"
            )
        awards.record_votes(db, line.id, 5, 0, 0, MEETING_DAY)
    return Round(period_id, round_id, added)


def cells(model, column: str) -> list[str]:
    index = model.headers().index(column)
    return [model.index(row, index).data() for row in range(model.rowCount())]


@pytest.fixture
def dates(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every date asked is answered with TODAY; the questions are kept."""
    asked: list[str] = []

    def answer(_parent, title, text, initial):
        asked.append(f"{title}: {text}")
        return TODAY

    monkeypatch.setattr(messages, "ask_date", answer)
    return asked


# --- the decision ---------------------------------------------------------------------------


def test_no_round_and_no_vote_say_what_to_do(qtbot, db: Database) -> None:
    tab = DecisionTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_round(None)
    assert tab.status.text() == NO_ROUND_TEXT
    assert tab.body.isHidden()
    unvoted = _round(db, vote=False)
    tab.set_round(unvoted.round_id)
    assert "Hội đồng Thi đua – Khen thưởng xã phải họp và biểu quyết" in tab.status.text()
    assert not tab.draft_button.isEnabled()
    assert not tab.issue_button.isEnabled()
    assert tab.model.rowCount() == 0


def test_draft_then_issue_locks_and_says_so(
    qtbot, db: Database, message_log: MessageLog, dates: list[str]
) -> None:
    voted = _round(db)
    tab = DecisionTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_round(voted.round_id)
    assert "Chưa lập dự thảo quyết định" in tab.status.text()
    assert not tab.issue_button.isEnabled()
    # The decision's order: collectives in Vietnamese order, then people by given name.
    assert cells(tab.model, "Tên") == [
        "Thôn Bắc",
        "Thôn Đông",
        "Ông Trần Văn Anh",
        "Ông Nguyễn Văn Bình",
    ]

    with qtbot.waitSignal(tab.changed):
        tab.draft_button.click()
    assert tab.status.text() == (
        "Dự thảo quyết định: 2 tập thể, 2 cá nhân, tổng tiền thưởng 2.100.000 đồng"
    )
    assert cells(tab.model, "Số tiền (đồng)") == ["700.000", "700.000", "350.000", "350.000"]
    assert cells(tab.model, "Chức vụ, đơn vị")[3] == "Trưởng thôn, Thôn Đông"
    assert tab.issue_button.isEnabled() and tab.view_button.isEnabled()

    with qtbot.waitSignal(tab.changed):
        tab.issue_button.click()
    warning = message_log.shown[0][1]
    assert "KHÓA VĨNH VIỄN" in warning and "Năm 2025" in warning
    assert tab.status.text() == (
        "Đã ban hành Quyết định số 01/QĐ-UBND ngày 20/01/2026 — đã khóa đề nghị và điểm của "
        "kỳ Năm 2025"
    )
    assert message_log.shown[-1][0] == "Đã ban hành"
    assert not tab.draft_button.isEnabled() and not tab.issue_button.isEnabled()
    assert tab.view_button.isEnabled()
    assert period_lock_reason(db, voted.period_id)


def test_cancelling_the_warning_issues_nothing(
    qtbot, db: Database, message_log: MessageLog, dates: list[str]
) -> None:
    voted = _round(db)
    tab = DecisionTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_round(voted.round_id)
    tab.draft_button.click()
    message_log.confirm_answer = False
    tab.issue_button.click()
    assert tab.status.text().startswith("Dự thảo quyết định:")
    assert not awards.round_view(db, voted.round_id, TODAY).decision_issued
    assert period_lock_reason(db, voted.period_id) == ""


def test_a_refused_issue_shows_the_reason_and_changes_nothing(
    qtbot, db: Database, message_log: MessageLog, dates: list[str]
) -> None:
    """The issue date asked (20/01) comes before the council's meeting as recorded (25/01):
    the service refuses and the tab shows why."""
    voted = _round(db)
    tab = DecisionTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_round(voted.round_id)
    tab.draft_button.click()
    with db.session() as session:
        award_round = session.get(AwardRound, voted.round_id)
        assert award_round is not None
        award_round.meeting_date = date(2026, 1, 25)
        session.add(award_round)
    tab.issue_button.click()
    titles = [title for title, _text in message_log.shown]
    assert "Chưa ban hành được" in titles
    assert "trước ngày họp Hội đồng 25/01/2026" in message_log.texts()
    assert tab.status.text().startswith("Dự thảo quyết định:")
    assert not awards.round_view(db, voted.round_id, TODAY).decision_issued
    assert period_lock_reason(db, voted.period_id) == ""


def test_a_list_changed_after_the_draft_asks_for_a_new_draft(
    qtbot, db: Database, message_log: MessageLog, dates: list[str]
) -> None:
    voted = _round(db)
    tab = DecisionTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_round(voted.round_id)
    tab.draft_button.click()
    awards.clear_votes(db, voted.proposals["Thôn Đông"])
    tab.refresh()
    assert "đã thay đổi sau khi lập dự thảo" in tab.note.text()
    tab.issue_button.click()
    assert "đã thay đổi sau khi lập dự thảo" in message_log.texts()
    assert dates == []  # refused before asking anything
    assert not awards.round_view(db, voted.round_id, TODAY).decision_issued


def test_the_decision_is_previewed_and_saved_as_word(
    qtbot,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    message_log: MessageLog,
    dates: list[str],
    tmp_path: Path,
) -> None:
    import io

    import pdfplumber

    from kt_desktop.gui.dialogs import pdf_preview
    from kt_desktop.services.outgoing import issued_pdf

    shown: list[tuple[bytes, str]] = []
    monkeypatch.setattr(
        pdf_preview.PdfPreviewDialog, "exec", lambda self: shown.append((self.pdf, self.file_name))
    )
    voted = _round(db)
    tab = DecisionTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_round(voted.round_id)
    tab.draft_button.click()
    tab.view_button.click()
    with pdfplumber.open(io.BytesIO(shown[-1][0])) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Thôn Bắc" in text and "Trần Văn Anh" in text

    message_log.save_path = tmp_path / "Quyết định dự thảo.docx"
    tab.word_button.click()
    assert (tmp_path / "Quyết định dự thảo.docx").stat().st_size > 0
    assert message_log.shown[-1][0] == "Đã lưu Word"

    tab.issue_button.click()
    assert not tab.word_button.isEnabled()
    tab.view_button.click()
    view = awards.round_view(db, voted.round_id, TODAY)
    assert view.decision_document_id is not None
    assert shown[-1][0] == issued_pdf(db, view.decision_document_id)
    assert "/" not in shown[-1][1]


def test_the_deputy_signs_for_the_chairman(
    qtbot, db: Database, message_log: MessageLog, dates: list[str]
) -> None:
    from kt_desktop.services.outgoing import get_draft

    voted = _round(db)
    tab = DecisionTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_round(voted.round_id)
    assert tab.signer_name.text() == "Nguyễn Văn Nghiệp"
    tab.signer_combo.setCurrentIndex(1)
    tab.signer_name.setText("Phạm Quang Huy")
    tab.draft_button.click()
    view = awards.round_view(db, voted.round_id, TODAY)
    assert view.decision_document_id is not None
    draft = get_draft(db, view.decision_document_id)
    assert "KT. CHỦ TỊCH" in draft.signer_capacity.upper()
    assert draft.signer_name == "Phạm Quang Huy"
    # Opened again, the tab shows who signs the draft.
    again = DecisionTab(db, today=TODAY)
    qtbot.addWidget(again)
    again.set_round(voted.round_id)
    assert again.signer_combo.currentIndex() == 1
    assert again.signer_name.text() == "Phạm Quang Huy"
    assert "người ký vừa chọn khác" not in again.note.text()
    # Choosing another signer after the draft: the draft must be made again before issuing.
    again.signer_combo.setCurrentIndex(0)
    assert again.signer_name.text() == "Nguyễn Văn Nghiệp"
    assert "người ký vừa chọn khác" in again.note.text()
    again.issue_button.click()
    assert "người ký vừa chọn khác" in message_log.texts()
    assert dates == []
    again.draft_button.click()
    assert "người ký vừa chọn khác" not in again.note.text()
    view = awards.round_view(db, voted.round_id, TODAY)
    assert view.decision_document_id is not None
    assert get_draft(db, view.decision_document_id).signer_capacity == "CHỦ TỊCH"


# --- the certificates -----------------------------------------------------------------------


def test_certificates_before_and_after_the_issue(
    qtbot, db: Database, monkeypatch: pytest.MonkeyPatch, message_log: MessageLog, dates
) -> None:
    from kt_desktop.documents.certificates import PrintMode
    from kt_desktop.gui.dialogs.certificate_print_dialog import CertificatePrintDialog
    from kt_desktop.services.award_certificates import print_certificates

    voted = _round(db)
    tab = CertificatesTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_round(voted.round_id)
    assert "BẢN NHÁP" in tab.note.text()
    assert cells(tab.model, "Số vào sổ") == ["Chưa có"] * 4

    decision = DecisionTab(db, today=TODAY)
    qtbot.addWidget(decision)
    decision.set_round(voted.round_id)
    decision.draft_button.click()
    decision.issue_button.click()
    tab.refresh()
    assert tab.note.isHidden()
    assert cells(tab.model, "Số vào sổ") == ["01/2026", "02/2026", "03/2026", "04/2026"]
    assert tab.status.text().startswith("4 Giấy khen theo Quyết định số 01/QĐ-UBND")

    def print_two(dialog) -> int:
        print_certificates(
            db,
            dialog.round_id,
            [voted.proposals["Thôn Bắc"]],
            PrintMode.FULL,
            "Máy in A",
            store=MemoryOffsetStore(),
        )
        return 0

    monkeypatch.setattr(CertificatePrintDialog, "exec", print_two)
    with qtbot.waitSignal(tab.changed):
        tab.print_button.click()
    assert cells(tab.model, "Đã in")[0] == "1 lần, gần nhất " + date.today().strftime("%d/%m/%Y")
    assert cells(tab.model, "Đã in")[1] == "Chưa in"


def test_closing_the_print_dialog_without_printing_changes_nothing(
    qtbot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kt_desktop.gui.dialogs.certificate_print_dialog import CertificatePrintDialog

    voted = _round(db)
    tab = CertificatesTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_round(voted.round_id)
    monkeypatch.setattr(CertificatePrintDialog, "exec", lambda _self: 0)
    with qtbot.assertNotEmitted(tab.changed):
        tab.print_button.click()


# --- the dossier to the city ----------------------------------------------------------------


def test_a_round_without_city_proposals_says_so(qtbot, db: Database) -> None:
    voted = _round(db)
    tab = DossierTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_round(voted.round_id)
    assert tab.status.text() == "Đợt này không có đề nghị Bằng khen của Chủ tịch UBND thành phố."
    assert tab.body.isHidden()


def _ready(tab: DossierTab) -> list[str]:
    return [tab.parts_table.item(row, 0).text() for row in range(tab.parts_table.rowCount())]


def test_the_dossier_is_completed_part_by_part_then_sent(
    qtbot,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    message_log: MessageLog,
    dates: list[str],
    tmp_path: Path,
) -> None:
    from kt_desktop.gui.dialogs.achievement_report_dialog import AchievementReportDialog
    from kt_desktop.services.award_documents import achievement_report, draft_minutes

    voted = _round(db, with_city=True)
    tab = DossierTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_round(voted.round_id)
    assert "Lê Thị Ánh" in cells(tab.nominee_model, "Tên")[0]
    assert all(text.startswith("✗") for text in _ready(tab))
    assert "còn thiếu" in tab.status.text()

    # Marking an incomplete dossier sent is refused with the missing parts named.
    tab.sent_button.click()
    refusal = message_log.texts()
    assert "Tờ trình" in refusal and "Báo cáo thành tích" in refusal
    assert awards.round_view(db, voted.round_id, TODAY).dossier_sent_on is None

    # The dossier can't be exported before its documents were drafted.
    folder = tmp_path / "Hồ sơ gửi thành phố"
    folder.mkdir()
    monkeypatch.setattr(award_papers, "ask_folder", lambda *_args: folder)
    tab.export_button.click()
    assert message_log.shown[-1][0] == "Chưa xuất được hồ sơ"
    assert "tờ trình" in message_log.shown[-1][1]
    assert list(folder.iterdir()) == []

    # The submission, drafted and issued at once.
    message_log.confirm_answer = True
    with qtbot.waitSignal(tab.changed):
        tab.submission_button.click()
    assert not tab.submission_button.isEnabled()  # issued: no new draft
    assert any(text.startswith("✓") and "Tờ trình" in text for text in _ready(tab))

    # The nominee's report, opened on what the app knows, edited and saved.
    tab.nominee_table.selectRow(0)

    def edit(dialog) -> None:
        # Opened on the report filled from the record, not saved yet.
        assert "CHƯA LƯU" in dialog.note.text()
        assert dialog.name_edit.text() == "Lê Thị Ánh"
        assert dialog.position_edit.text() == "Phó Chủ tịch Hội Phụ nữ xã"
        assert dialog.overview_edit.toPlainText()
        dialog.achievements_edit.setPlainText(
            "1. Chủ trì triển khai Bình dân học vụ số cho 320 hội viên năm 2025."
        )
        dialog.birth_year_edit.setText("198x")
        dialog.save()
        assert "Năm sinh “198x” phải là số" in dialog.error_label.text()
        dialog.birth_year_edit.setText("1984")

    answer_dialog(monkeypatch, AchievementReportDialog, edit)
    with qtbot.waitSignal(tab.changed):
        tab.report_button.click()
    assert cells(tab.nominee_model, "Báo cáo thành tích") == ["Đã lưu"]
    saved = achievement_report(db, voted.proposals["Lê Thị Ánh"], TODAY)
    assert (saved.saved, saved.birth_year) == (True, 1984)
    assert saved.achievements.startswith("1. Chủ trì triển khai Bình dân học vụ số")

    # The council's minutes, drafted from the meeting tab, issued here.
    assert not tab.minutes_issue_button.isEnabled()
    draft_minutes(db, voted.round_id, today=TODAY)
    tab.refresh()
    with qtbot.waitSignal(tab.changed):
        tab.minutes_issue_button.click()
    assert message_log.shown[-1][1].startswith("Biên bản họp Hội đồng đã được cấp số ")
    assert not tab.minutes_issue_button.isEnabled()
    assert all(text.startswith("✓") for text in _ready(tab)), _ready(tab)

    tab.export_button.click()
    written = sorted(p.name for p in folder.iterdir())
    assert any(name.startswith("Ho-so-de-nghi-Bang-khen") for name in written), written
    assert len(written) >= 4
    assert message_log.shown[-1][0] == "Đã xuất hồ sơ"

    with qtbot.waitSignal(tab.changed):
        tab.sent_button.click()
    assert tab.status.text().endswith("đã gửi ngày 20/01/2026.")
    assert not tab.sent_button.isEnabled()
    with db.session() as session:
        from kt_desktop.domain.awards import AwardRound

        stored = session.exec(select(AwardRound).where(col(AwardRound.id) == voted.round_id)).one()
        assert stored.dossier_sent_on == TODAY
    # Once sent, the report opens to be read only.
    opened: list = []
    monkeypatch.setattr(AchievementReportDialog, "exec", lambda self: opened.append(self) or 0)
    tab.report_button.click()
    assert opened[-1].read_only and opened[-1].save_button.isHidden()
    assert "không sửa được nữa" in opened[-1].note.text()
