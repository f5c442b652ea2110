"""The Khen thưởng page with the demo commune: a round made from the dialog, suggestions
from the register, proposals added by hand (a duplicate refused in the dialog), the council's
attendance and quorum, votes recorded from the table, and a decided proposal only shown."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlmodel import col, select

from kt_desktop.domain import Person
from kt_desktop.domain.awards import PersonRestriction
from kt_desktop.domain.enums import (
    AwardOccasion,
    Gender,
    RecipientKind,
    RestrictionKind,
)
from kt_desktop.gui.dialogs.award_round_dialog import AwardRoundDialog
from kt_desktop.gui.dialogs.proposal_dialog import ProposalDialog
from kt_desktop.gui.pages.awards_page import VOTE_FOR, VOTE_RESULT, AwardsPage
from kt_desktop.gui.pages.ranking_page import RankingPage
from kt_desktop.paths import DataPaths
from kt_desktop.services import award_money, awards
from kt_desktop.services.database import Database, open_record
from kt_desktop.services.demo import fill_demo_commune
from kt_desktop.services.movement import list_periods
from kt_desktop.services.participants import list_person_rows, list_unit_choices
from kt_desktop.services.seed import ensure_seeded
from tests.gui.conftest import MessageLog, answer_dialog, type_text

# After the demo council met (15/01/2026) on the 2025 round; the 2026 round is only suggested.
TODAY = date(2026, 1, 20)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo commune built once; each test works on its own copy."""
    root = tmp_path_factory.mktemp("awards") / "Dữ liệu mẫu"
    paths = DataPaths(root, demo=True)
    paths.ensure()
    database = open_record(
        paths.database_url, paths.backups_dir, demo=True, evidence_dir=paths.evidence_dir
    )
    ensure_seeded(database)
    fill_demo_commune(database)
    database.close()
    return root


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    root = tmp_path / "Dữ liệu Ánh"
    shutil.copytree(demo_template, root)
    paths = DataPaths(root, demo=True)
    database = open_record(
        paths.database_url, paths.backups_dir, demo=True, evidence_dir=paths.evidence_dir
    )
    yield database
    database.close()


@pytest.fixture
def periods(demo_db: Database) -> dict[str, int]:
    return {p.name: p.id for p in list_periods(demo_db)}


@pytest.fixture
def page(qtbot, demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> AwardsPage:
    made = AwardsPage(demo_db, today=TODAY)
    qtbot.addWidget(made)
    made.resize(1070, 740)
    return made


def cell(page: AwardsPage, row: int, title: str) -> str:
    model = page.proposal_model
    return str(model.index(row, model.headers().index(title)).data())


def column(page: AwardsPage, title: str) -> list[str]:
    return [cell(page, row, title) for row in range(page.proposal_model.rowCount())]


def vote_cell(page: AwardsPage, proposal_id: int, col: int) -> str:
    item = page.votes.item(page.vote_row(proposal_id), col)
    return item.text() if item is not None else ""


def current_view(page: AwardsPage) -> awards.RoundView:
    assert page.view is not None
    return awards.round_view(page.db, page.view.id, today=TODAY)


# --- rounds --------------------------------------------------------------------------------


def test_empty_period_then_a_round_from_the_dialog(
    page: AwardsPage, periods: dict[str, int], monkeypatch, message_log: MessageLog
) -> None:
    page.open_period(periods["Năm 2027"])
    assert page.stack.currentIndex() == 0
    assert "Năm 2027 chưa có đợt khen thưởng nào" in page.empty_label.text()
    assert page.empty_new_button.isEnabled() and not page.delete_round_button.isEnabled()

    attempts = iter(["", "Chuyển đổi số trong trường học"])

    def fill(dialog: AwardRoundDialog) -> None:
        assert not dialog.theme.isEnabled()  # an annual round has no theme
        dialog.set_occasion(AwardOccasion.THEMATIC)
        assert dialog.theme.isEnabled()
        dialog.theme.setText(next(attempts))

    opened = answer_dialog(monkeypatch, AwardRoundDialog, fill)
    page.empty_new_button.click()
    # Without its theme a thematic round is refused in the dialog, and nothing is made.
    assert "cần ghi tên chuyên đề" in opened[0].error_label.text()
    assert awards.list_rounds(page.db, periods["Năm 2027"]) == []
    assert page.stack.currentIndex() == 0

    page.new_round_button.click()
    assert page.stack.currentIndex() == 1
    assert page.round_combo.count() == 1
    assert page.round_combo.currentText() == ("Khen thưởng chuyên đề phong trào thi đua – Năm 2027")
    assert page.view is not None and page.view.occasion == AwardOccasion.THEMATIC
    assert "Chuyển đổi số trong trường học" in page.round_info.text()
    assert page.summary_label.text() == "Chưa có đề nghị nào."


def test_open_period_shows_the_newest_round_and_delete_asks(
    page: AwardsPage, periods: dict[str, int], message_log: MessageLog
) -> None:
    newer = awards.create_round(page.db, periods["Năm 2025"], AwardOccasion.ONE_OFF)
    page.open_period(periods["Năm 2025"])
    assert page.round_id() == newer
    assert page.round_combo.count() == 2
    page.delete_round_button.click()
    assert message_log.shown[-1][0] == "Xóa đợt khen thưởng"
    assert newer not in [r.id for r in awards.list_rounds(page.db, periods["Năm 2025"])]
    assert page.round_combo.count() == 1 and page.round_id() != newer


def test_ranking_page_asks_to_propose_awards(qtbot, demo_db: Database, periods) -> None:
    ranking = RankingPage(demo_db, today=TODAY)
    qtbot.addWidget(ranking)
    ranking.ensure_loaded()
    ranking.period_combo.setCurrentIndex(ranking.period_combo.findData(periods["Năm 2025"]))
    with qtbot.waitSignal(ranking.propose_awards) as signal:
        ranking.propose_button.click()
    assert signal.args == [periods["Năm 2025"]]


# --- proposals -----------------------------------------------------------------------------


def test_suggestions_fill_the_table_from_the_register(
    page: AwardsPage, periods: dict[str, int], message_log: MessageLog
) -> None:
    round_id = awards.create_round(page.db, periods["Năm 2025"], AwardOccasion.ONE_OFF)
    page.open_period(periods["Năm 2025"])
    assert page.round_id() == round_id
    assert page.proposal_model.rowCount() == 0
    page.suggest_button.click()
    assert message_log.shown[-1][0] == "Gợi ý đề nghị khen thưởng"
    added = page.proposal_model.rowCount()
    assert added > 10
    assert f"Đã thêm {added} đề nghị" in message_log.shown[-1][1]

    units = {u.name for u in list_unit_choices(page.db)}
    people = {p.full_name for p in list_person_rows(page.db)}
    kinds = column(page, "Tập thể/Cá nhân")
    names = column(page, "Tên")
    collectives = [n for n, k in zip(names, kinds, strict=True) if k == "Tập thể"]
    individuals = [n for n, k in zip(names, kinds, strict=True) if k == "Cá nhân"]
    assert collectives and set(collectives) <= units
    assert individuals and all(n.split(" ", 1)[0] in ("Ông", "Bà") for n in individuals)
    assert {n.split(" ", 1)[1] for n in individuals} <= people
    assert column(page, "STT")[:3] == ["1", "2", "3"]
    assert set(column(page, "Kết quả")) == {"Chưa biểu quyết"}
    assert page.summary_label.text().startswith(
        f"{added} đề nghị: {len(collectives)} tập thể, {len(individuals)} cá nhân; "
    )
    # The demo's nominee under a complaint fails a rule, in red words.
    conditions = column(page, "Điều kiện")
    failing = [c for c in conditions if c != "Đạt"]
    assert failing and "Có đơn thư khiếu nại, tố cáo đang giải quyết" in failing[0]
    assert f"{len(failing)} chưa đạt điều kiện" in page.summary_label.text()

    page.suggest_button.click()
    assert "Không có đề nghị mới nào." in message_log.shown[-1][1]
    assert page.proposal_model.rowCount() == added


def test_add_a_person_by_hand_and_a_duplicate_is_refused(
    page: AwardsPage, periods: dict[str, int], monkeypatch, message_log: MessageLog
) -> None:
    page.open_period(periods["Năm 2026"])
    before = page.proposal_model.rowCount()
    person = next(p for p in list_person_rows(page.db) if p.active and p.unit_name)
    commune_form = next(f for f in award_money.list_forms(page.db) if f.awarded_here)

    def pick_person(dialog: ProposalDialog) -> None:
        assert dialog.person_picker is not None
        type_text(dialog.person_picker.search, person.full_name)
        assert dialog.person_picker.current_id() == person.id
        dialog.select_form(commune_form.id)
        assert dialog.achievement.toPlainText().endswith("năm 2026")

    opened = answer_dialog(monkeypatch, ProposalDialog, pick_person)
    page.add_person_button.click()
    assert page.proposal_model.rowCount() == before + 1
    chosen = page.selected_proposal()
    assert chosen is not None and chosen.person_id == person.id
    honorific = "Ông" if person.gender == Gender.MALE else "Bà"
    assert f"{honorific} {person.full_name}" in column(page, "Tên")
    assert column(page, "Nguồn")[-1] == "Thêm tay"

    page.add_person_button.click()
    assert len(opened) == 2
    error = opened[1].error_label.text()
    assert f"Cá nhân “{person.full_name}” đã có trong danh sách đề nghị của đợt này." in error
    assert opened[1].result() != ProposalDialog.DialogCode.Accepted
    assert page.proposal_model.rowCount() == before + 1

    def outsider(dialog: ProposalDialog) -> None:
        dialog.outside.setChecked(True)
        dialog.full_name.setText("Nguyễn Thị Hạnh")
        dialog.position.setText("Giáo viên")
        dialog.unit_name.setText("Trường Mầm non Kim Thành")

    opened = answer_dialog(monkeypatch, ProposalDialog, outsider)
    page.add_person_button.click()
    # No gender, no "Ông"/"Bà": refused with the reason, nothing saved.
    assert "Hãy chọn giới tính của Nguyễn Thị Hạnh" in opened[0].error_label.text()
    assert page.proposal_model.rowCount() == before + 1

    def outsider_with_gender(dialog: ProposalDialog) -> None:
        outsider(dialog)
        dialog.gender.setCurrentIndex(dialog.gender.findData(Gender.FEMALE))

    answer_dialog(monkeypatch, ProposalDialog, outsider_with_gender)
    page.add_person_button.click()
    assert page.proposal_model.rowCount() == before + 2
    row = column(page, "Tên").index("Bà Nguyễn Thị Hạnh")
    assert cell(page, row, "Chức vụ, đơn vị") == "Giáo viên, Trường Mầm non Kim Thành"


def test_an_override_reason_lets_a_failing_proposal_be_voted(
    page: AwardsPage, periods: dict[str, int], monkeypatch, message_log: MessageLog
) -> None:
    # This year's round: a nominee with a complaint being resolved.
    round_id = next(r.id for r in awards.list_rounds(page.db, periods["Năm 2026"]))
    with page.db.session() as session:
        person = session.exec(select(Person).order_by(col(Person.id))).first()
        assert person is not None and person.id is not None
        session.add(
            PersonRestriction(
                person_id=person.id,
                kind=RestrictionKind.COMPLAINT,
                start_date=date(2025, 12, 1),
                note="Đơn phản ánh đang được xác minh",
            )
        )
    commune = next(
        f.id for f in award_money.list_forms(page.db) if f.code == award_money.COMMUNE_FORM_CODE
    )
    awards.add_proposal(
        page.db,
        round_id,
        awards.ProposalInput(commune, RecipientKind.INDIVIDUAL, person_id=person.id),
    )
    page.open_period(periods["Năm 2026"])
    view = page.view
    assert view is not None
    blocked = next(p for p in view.proposals if p.blocked)
    assert vote_cell(page, blocked.id, VOTE_RESULT) == "Chưa đạt điều kiện"
    item = page.votes.item(page.vote_row(blocked.id), VOTE_FOR)
    assert item is not None and not item.flags() & Qt.ItemFlag.ItemIsEditable

    page.select_proposal(blocked.id)

    def give_reason(dialog: ProposalDialog) -> None:
        assert "Có đơn thư khiếu nại" in dialog.failures_label.text()
        assert dialog.override_reason.isVisibleTo(dialog)
        dialog.override_reason.setPlainText("Đơn phản ánh không liên quan đến thành tích")

    answer_dialog(monkeypatch, ProposalDialog, give_reason)
    page.edit_button.click()
    row = page.proposal_model.find_row(lambda p: p.id == blocked.id)
    assert cell(page, row, "Điều kiện") == "Chấp nhận: Đơn phản ánh không liên quan đến thành tích"
    assert vote_cell(page, blocked.id, VOTE_RESULT) == "Chưa biểu quyết"
    item = page.votes.item(page.vote_row(blocked.id), VOTE_FOR)
    assert item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable


# --- the meeting ---------------------------------------------------------------------------


def test_below_quorum_no_vote_is_written(
    page: AwardsPage, periods: dict[str, int], message_log: MessageLog
) -> None:
    page.open_period(periods["Năm 2026"])
    view = page.view
    assert view is not None and len(view.members) == 7
    assert page.quorum_label.text() == "Có mặt 7/7 thành viên — đủ tỷ lệ tối thiểu (5)"
    for member in view.members[-3:]:
        page.set_present(member.id, False)
    assert page.quorum_label.text().startswith("Chưa đủ tỷ lệ tối thiểu: có mặt 4/7 thành viên")
    first = view.proposals[0]
    page.set_counts(first.id, 4, 0, 0)
    page.record_button.click()
    title, text = message_log.shown[-1]
    assert title == "Chưa ghi được kết quả biểu quyết"
    assert "Cuộc họp chưa đủ số thành viên: có mặt 4/7, cần ít nhất 5." in text
    assert not any(p.voted for p in current_view(page).proposals)
    # What was typed stays on screen to be recorded once the quorum is there.
    assert vote_cell(page, first.id, VOTE_FOR) == "4"


def test_all_in_favour_then_record_passes_every_row(
    page: AwardsPage, periods: dict[str, int], message_log: MessageLog
) -> None:
    page.open_period(periods["Năm 2026"])
    view = page.view
    assert view is not None
    absent = view.members[-1]
    page.set_present(absent.id, False)
    page.meeting_time.setText("14:00")
    page.meeting_place.setText("Hội trường Ủy ban nhân dân xã Kim Thành")
    page.all_for_button.click()
    # The attendance on screen was saved first: six present.
    saved = current_view(page)
    assert len(saved.present) == 6 and saved.meeting_time == "14:00"
    recused = next(p for p in saved.proposals if p.recused)
    assert page.row_counts(page.vote_row(recused.id)) == (5, 0, 1)
    other = next(p for p in saved.proposals if not p.recused)
    assert page.row_counts(page.vote_row(other.id)) == (6, 0, 0)
    assert not any(p.voted for p in saved.proposals)

    page.record_button.click()
    assert set(column(page, "Kết quả")) == {"Thông qua"}
    assert "6/0/0" in column(page, "Biểu quyết")
    assert all(p.passed for p in current_view(page).proposals)
    assert page.tabs.tabText(1).startswith("Họp Hội đồng (7/7 đã biểu quyết)")


def test_a_failed_vote_and_a_count_above_those_present(
    page: AwardsPage, periods: dict[str, int], message_log: MessageLog
) -> None:
    page.open_period(periods["Năm 2026"])
    view = page.view
    assert view is not None
    first, second = [p for p in view.proposals if not p.recused][:2]
    page.set_counts(first.id, 1, 5, 1)
    page.record_button.click()
    row = page.proposal_model.find_row(lambda p: p.id == first.id)
    assert cell(page, row, "Kết quả") == "Không thông qua"
    assert cell(page, row, "Biểu quyết") == "1/5/1"
    assert vote_cell(page, first.id, VOTE_RESULT) == "Không thông qua"

    page.set_counts(second.id, 9, 0, 0)
    page.record_button.click()
    title, text = message_log.shown[-1]
    assert title == "Chưa ghi được kết quả biểu quyết"
    assert "Tổng số phiếu (9) lớn hơn số thành viên có mặt (7)." in text
    assert not next(p for p in current_view(page).proposals if p.id == second.id).voted


def test_minutes_button_drafts_and_previews(
    page: AwardsPage, periods: dict[str, int], monkeypatch, message_log: MessageLog
) -> None:
    import importlib
    import sys
    import types

    drafted: list[int] = []

    def draft_minutes(db: Database, round_id: int, today: date | None = None) -> int:
        drafted.append(round_id)
        return 99

    try:
        module = importlib.import_module("kt_desktop.services.award_documents")
    except ModuleNotFoundError:
        module = types.ModuleType("kt_desktop.services.award_documents")
        monkeypatch.setitem(sys.modules, "kt_desktop.services.award_documents", module)
    monkeypatch.setattr(module, "draft_minutes", draft_minutes, raising=False)
    monkeypatch.setattr(
        module, "document_pdf", lambda db, document_id: b"%PDF-1.4 minutes", raising=False
    )
    previewed: list[bytes] = []

    class Preview:
        def __init__(self, pdf: bytes, title: str, file_name: str, parent=None) -> None:
            previewed.append(pdf)

        def exec(self) -> int:
            return 0

    from kt_desktop.gui.dialogs import pdf_preview

    monkeypatch.setattr(pdf_preview, "PdfPreviewDialog", Preview)
    page.open_period(periods["Năm 2025"])
    page.minutes_button.click()
    assert page.view is not None and drafted == [page.view.id]
    assert previewed == [b"%PDF-1.4 minutes"]


# --- after the decision --------------------------------------------------------------------


def test_a_decided_proposal_is_only_shown(
    page: AwardsPage, periods: dict[str, int], monkeypatch, message_log: MessageLog
) -> None:
    round_id = next(r.id for r in awards.list_rounds(page.db, periods["Năm 2025"]))
    view = awards.round_view(page.db, round_id, today=TODAY)
    # The demo's 2025 round was decided in January 2026 (demo_awards).
    passed = [p.id for p in view.passed_here()]
    assert view.decision_issued and passed
    page.open_period(periods["Năm 2025"])
    assert "(đã có QĐ số 01/QĐ-UBND" in page.round_combo.currentText()
    assert page.lock_banner.isVisibleTo(page)
    assert not page.save_meeting_button.isEnabled()
    page.select_proposal(passed[0])
    assert page.edit_button.text() == "Xem…" and not page.remove_button.isEnabled()
    assert "chỉ xem, không sửa hoặc bỏ được" in page.selection_note.text()

    def look(dialog: ProposalDialog) -> None:
        assert dialog.read_only and not dialog.form_combo.isEnabled()

    opened = answer_dialog(monkeypatch, ProposalDialog, look)
    page.edit_button.click()
    assert opened and "chỉ xem" in opened[0].error_label.text()
    item = page.votes.item(page.vote_row(passed[0]), VOTE_FOR)
    assert item is not None and not item.flags() & Qt.ItemFlag.ItemIsEditable
    assert RecipientKind.COLLECTIVE in {p.recipient_kind for p in view.passed_here()}


def test_paper_tabs_follow_the_round_and_their_changes_reload_the_page(
    qtbot, page: AwardsPage, periods: dict[str, int], monkeypatch
) -> None:
    calls: list[tuple[str, int | None]] = []
    for tab in page.paper_tabs:
        name = type(tab).__name__
        monkeypatch.setattr(
            tab, "set_round", lambda round_id, name=name: calls.append((name, round_id))
        )
    assert [page.tabs.tabText(i) for i in range(2, 5)] == [
        "Quyết định",
        "Giấy khen",
        "Hồ sơ gửi thành phố",
    ]
    page.open_period(periods["Năm 2027"])
    assert {round_id for _name, round_id in calls} == {None}
    page.open_period(periods["Năm 2026"])
    shown = page.round_id()
    assert sorted(calls[-3:]) == sorted(
        [("DecisionTab", shown), ("CertificatesTab", shown), ("DossierTab", shown)]
    )
    calls.clear()
    with qtbot.waitSignal(page.changed):
        page.decision_tab.changed.emit()
    # The tab that wrote keeps its state; the others read the round again.
    assert sorted(calls) == [("CertificatesTab", shown), ("DossierTab", shown)]
