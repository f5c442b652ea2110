"""The award flow a clerk follows with the demo commune: from the ranking's "Đề nghị khen
thưởng…" to the Khen thưởng page, a new round, suggestions, the council's attendance and votes,
the decision drafted and issued; then the certificates carry register numbers, the proposals
are read-only and the period's results are locked."""

from __future__ import annotations

import re
from datetime import date

import pytest

from kt_desktop.domain.enums import AwardOccasion
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs.award_round_dialog import AwardRoundDialog
from kt_desktop.gui.main_window import MainWindow
from kt_desktop.gui.pages.awards_page import AwardsPage
from kt_desktop.gui.pages.ranking_page import RankingPage
from kt_desktop.services import awards
from kt_desktop.services.database import Database
from kt_desktop.services.demo import fill_demo_commune
from kt_desktop.services.movement import list_periods
from kt_desktop.services.results import period_lock_reason
from tests.gui.conftest import MessageLog, answer_dialog

# The pages the main window builds read the clock; the flow happens today.
TODAY = date.today()
ABSENT = "Phạm Thị Giang"


def column(model, title: str) -> list[str]:
    index = model.headers().index(title)
    return [model.index(row, index).data() for row in range(model.rowCount())]


def awards_page_from_ranking(qtbot, window: MainWindow, ranking: RankingPage) -> AwardsPage:
    """Click "Đề nghị khen thưởng…": the main window opens the Khen thưởng page on the
    ranking's period."""
    with qtbot.waitSignal(ranking.propose_awards):
        ranking.propose_button.click()
    shown = window.stack.currentWidget()
    assert isinstance(shown, AwardsPage)
    assert shown is window.awards_page
    assert window.nav.currentItem().text() == "Khen thưởng"
    return shown


def test_from_the_ranking_to_an_issued_decision(
    qtbot, db: Database, monkeypatch: pytest.MonkeyPatch, message_log: MessageLog
) -> None:
    db.demo = True
    fill_demo_commune(db)
    period = next(p for p in list_periods(db) if p.name == "Năm 2026")
    monkeypatch.setattr(messages, "ask_date", lambda *_args: TODAY)

    window = MainWindow(db, today=TODAY)
    qtbot.addWidget(window)
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    window.nav.setCurrentRow(labels.index("Chấm điểm, xếp hạng"))
    ranking = window.ranking_page
    assert isinstance(ranking, RankingPage)
    ranking.period_combo.setCurrentIndex(ranking.period_combo.findData(period.id))
    assert ranking.model.rowCount() > 0 and ranking.lock_banner.isHidden()

    page = awards_page_from_ranking(qtbot, window, ranking)
    assert page.period_id() == period.id
    # The demo's own 2026 round (suggested only) is shown first; the clerk starts afresh.
    assert page.round_id() is not None
    page.delete_round_button.click()
    assert page.round_id() is None
    assert "chưa có đợt khen thưởng nào" in page.empty_label.text()

    def new_round(dialog: AwardRoundDialog) -> None:
        dialog.set_occasion(AwardOccasion.ANNUAL)

    answer_dialog(monkeypatch, AwardRoundDialog, new_round)
    page.empty_new_button.click()
    round_id = page.round_id()
    assert round_id is not None

    page.suggest_button.click()
    assert "Đã thêm" in message_log.shown[-1][1]
    suggested = page.proposal_model.rowCount()
    assert suggested >= 5

    # The meeting: one member absent, the secretary chosen, everyone else votes for.
    page.tabs.setCurrentIndex(1)
    view = awards.round_view(db, round_id, TODAY)
    for member in view.members:
        page.set_present(member.id, member.full_name != ABSENT)
    standing = next(m for m in view.members if m.full_name == "Võ Quang Bình")
    page.secretary_combo.setCurrentIndex(page.secretary_combo.findData(standing.id))
    page.all_for_button.click()
    page.record_button.click()
    errors = [text for title, text in message_log.shown if title.startswith("Chưa")]
    assert errors == []
    view = awards.round_view(db, round_id, TODAY)
    passed = view.passed_here()
    assert len(view.present) == len(view.members) - 1
    assert len(passed) >= 5
    assert all(p.passed for p in view.proposals if not p.blocked)

    # The decision.
    decision = page.decision_tab
    page.tabs.setCurrentWidget(decision)
    decision.draft_button.click()
    assert decision.status.text().startswith("Dự thảo quyết định: ")
    assert decision.model.rowCount() == len(passed)
    with qtbot.waitSignal(decision.changed):
        decision.issue_button.click()
    assert "KHÓA VĨNH VIỄN" in message_log.texts()
    issued = re.fullmatch(
        r"Đã ban hành Quyết định số (\d{2,})/QĐ-UBND ngày (\d{2}/\d{2}/\d{4}) — đã khóa đề "
        r"nghị và điểm của kỳ Năm 2026",
        decision.status.text(),
    )
    assert issued is not None, decision.status.text()
    assert issued.group(2) == TODAY.strftime("%d/%m/%Y")

    # Certificates: one per awardee, each with its own register number of the year.
    certificates = page.certificates_tab
    numbers = column(certificates.model, "Số vào sổ")
    assert len(numbers) == len(passed)
    assert all(re.fullmatch(rf"\d{{2,}}/{TODAY.year}", n) for n in numbers), numbers
    assert len(set(numbers)) == len(numbers)
    assert certificates.note.isHidden()  # no BẢN NHÁP note any more

    # The proposals are read-only now.
    page.tabs.setCurrentIndex(0)
    assert not page.suggest_button.isEnabled()
    page.proposal_table.selectRow(0)
    assert page.edit_button.text() == "Xem…"
    assert not page.remove_button.isEnabled()
    assert page.selection_note.isVisibleTo(page)

    # The ranking this rests on is locked.
    assert period_lock_reason(db, period.id)
    window.nav.setCurrentRow(labels.index("Chấm điểm, xếp hạng"))
    assert window.stack.currentWidget() is ranking
    assert not ranking.lock_banner.isHidden()
    assert "khen thưởng" in ranking.lock_banner.text()
    assert page.stack.currentIndex() == 1
    assert decision.model.rowCount() == len(passed)
