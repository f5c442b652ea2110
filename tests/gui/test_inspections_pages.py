"""The inspection screens as the office uses them: a round with its team and schedule, the visit
form filled in with the keyboard alone, the verified figure on the score sheet and in the
ranking, the discrepancy list, follow-up actions falling overdue, and the round's papers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kt_desktop.domain import Criterion
from kt_desktop.domain.enums import (
    Comparator,
    CriterionKind,
    CriterionSubject,
    DocumentKind,
    DocumentState,
    Gender,
    Judgement,
    PersonKind,
    ScoringMode,
    TeamRole,
    UnitKind,
    VisitStatus,
)
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs import pdf_preview
from kt_desktop.gui.dialogs.score_sheet_dialog import ScoreSheetDialog
from kt_desktop.gui.dialogs.visit_dialog import (
    JUDGEMENT,
    REMARKS,
    VERIFIED,
    ActionDialog,
    ActionDoneDialog,
    VisitDialog,
)
from kt_desktop.gui.pages.actions_page import ActionsPage
from kt_desktop.gui.pages.discrepancies_page import DiscrepanciesPage
from kt_desktop.gui.pages.inspections_page import (
    InspectionsPage,
    RoundDialog,
    TeamDialog,
    VisitScheduleDialog,
)
from kt_desktop.gui.pages.ranking_page import RankingPage
from kt_desktop.gui.pages.result_settings_page import ResultSettingsPage
from kt_desktop.gui.pages.results_page import ResultsPage
from kt_desktop.services import inspections as insp
from kt_desktop.services.criteria import period_criteria
from kt_desktop.services.database import Database
from kt_desktop.services.evidence import EvidenceOwner
from kt_desktop.services.figures import Figure
from kt_desktop.services.movement import list_periods
from kt_desktop.services.outgoing import list_register
from kt_desktop.services.participants import PersonInput, UnitInput, create_person, create_unit
from kt_desktop.services.result_settings import get_result_settings
from kt_desktop.services.results import ResultInput, lock_period, save_result
from tests.gui.conftest import MessageLog, answer_dialog

TODAY = date(2026, 11, 24)
VISIT_DAY = date(2026, 10, 12)
ROUND_NAME = "Kiểm tra việc thực hiện phong trào thi đua năm 2026"


@dataclass(frozen=True)
class Commune:
    period_id: int
    east: int  # Thôn Đông: CT01 and CT02 reported in full, first in the ranking
    west: int  # Thôn Tây: CT01 met, CT02 a little short


def rate(numerator: int, denominator: int) -> ResultInput:
    return ResultInput(
        figure=Figure(numerator=Decimal(numerator), denominator=Decimal(denominator)),
        received_on=date(2026, 3, 1),
    )


@pytest.fixture
def commune(db: Database) -> Commune:
    period = next(p.id for p in list_periods(db) if p.name == "Năm 2026")
    codes = {c.code: c.id for c in period_criteria(db, period).criteria}
    east = create_unit(
        db,
        UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE, "Nguyễn Văn Hùng", "Trưởng thôn"),
    )
    west = create_unit(
        db, UnitInput("THON02", "Thôn Tây", UnitKind.VILLAGE, "Bùi Thị Mai", "Trưởng thôn")
    )
    save_result(db, period, east, codes["CT01"], rate(100, 100), TODAY)
    save_result(db, period, east, codes["CT02"], rate(100, 100), TODAY)
    save_result(db, period, west, codes["CT01"], rate(90, 100), TODAY)
    save_result(db, period, west, codes["CT02"], rate(80, 100), TODAY)
    create_person(
        db,
        PersonInput(
            "Đỗ Thu Trang",
            Gender.FEMALE,
            PersonKind.OFFICIAL,
            position="Công chức Văn hóa – Xã hội",
        ),
        TODAY,
    )
    return Commune(period, east, west)


def loaded_page(qtbot, db: Database) -> InspectionsPage:
    page = InspectionsPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.ensure_loaded()
    assert page.period_combo.currentText() == "Năm 2026"
    return page


def planned_round(db: Database, commune: Commune) -> tuple[int, int]:
    """A round with its team and one visit to Thôn Đông, made through the services."""
    round_id = insp.create_round(db, commune.period_id, ROUND_NAME)
    insp.save_team(
        db,
        round_id,
        [
            insp.MemberInput(None, "Phạm Quang Huy", "Phó Chủ tịch UBND xã", TeamRole.LEADER, True),
            insp.MemberInput(None, "Đỗ Thu Trang", "Công chức", TeamRole.SECRETARY),
        ],
    )
    visit_id = insp.add_visit(db, round_id, commune.east, VISIT_DAY, "08:00", "Nhà văn hóa")
    return round_id, visit_id


def cell(model, row: int, title: str) -> str:
    return model.index(row, model.headers().index(title)).data()


def column(model, title: str) -> list[str]:
    return [cell(model, row, title) for row in range(model.rowCount())]


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key on whatever has the focus, as a person at the keyboard presses it."""
    widget = QApplication.focusWidget()
    assert widget is not None
    QTest.keyClick(widget, key, modifier)
    QApplication.processEvents()


def keys(text: str) -> None:
    """Type `text` into whatever has the focus, Vietnamese letters included; the first key
    on a table cell opens its editor, which takes the focus for the rest."""
    for character in text:
        widget = QApplication.focusWidget()
        assert widget is not None
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            )
        QApplication.processEvents()


def shown(qtbot, dialog: VisitDialog) -> VisitDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.table.setFocus()
    QApplication.processEvents()
    return dialog


# --- rounds, team, schedule ----------------------------------------------------------------


def test_round_team_and_schedule_with_refusals_in_place(
    qtbot, db: Database, monkeypatch, message_log: MessageLog, commune: Commune
) -> None:
    page = loaded_page(qtbot, db)
    assert "chưa có đợt kiểm tra nào" in page.empty_label.text()

    def name_round(dialog: RoundDialog) -> None:
        dialog.name.setText(ROUND_NAME)
        dialog.purpose.setPlainText("Xác minh số liệu đơn vị đã báo cáo.")

    answer_dialog(monkeypatch, RoundDialog, name_round)
    page.add_round()
    assert column(page.round_model, "Đợt kiểm tra") == [ROUND_NAME]
    assert page.round_title.text() == ROUND_NAME
    round_id = page.view.id if page.view else 0

    # A team without a leader: the message in the dialog, nothing saved.
    def team_without_leader(dialog: TeamDialog) -> None:
        dialog.search.setText("trang")  # accent-free search finds "Đỗ Thu Trang"
        assert dialog.people_model.rowCount() == 1
        dialog.people_table.selectRow(0)
        dialog.add_person_button.click()
        dialog.add_member(None, "Phạm Quang Huy", "Phó Chủ tịch UBND xã")
        dialog.add_member(None, "Nguyễn Văn Hùng", "Trưởng thôn Đông")

    opened = answer_dialog(monkeypatch, TeamDialog, team_without_leader)
    page.edit_team()
    assert "Đoàn kiểm tra chưa có trưởng đoàn." in opened[0].error_label.text()
    assert insp.get_round(db, round_id).team == []
    assert page.member_model.rowCount() == 0

    def full_team(dialog: TeamDialog) -> None:
        team_without_leader(dialog)
        dialog.set_role(1, TeamRole.LEADER)
        dialog.set_council(1, True)
        dialog.set_role(0, TeamRole.SECRETARY)

    answer_dialog(monkeypatch, TeamDialog, full_team)
    page.edit_team()
    assert column(page.member_model, "Họ và tên") == [
        "Đỗ Thu Trang",
        "Phạm Quang Huy",
        "Nguyễn Văn Hùng",
    ]
    assert column(page.member_model, "Nhiệm vụ trong đoàn") == [
        "Thư ký",
        "Trưởng đoàn",
        "Thành viên",
    ]
    assert column(page.member_model, "Ủy viên Hội đồng") == ["", "Có", ""]
    assert insp.get_round(db, round_id).team[0].person_id is not None

    # A visit outside the period is refused in the dialog; inside the period, the member
    # named as the village's head makes a conflict of interest, refused too.
    refusals: list[str] = []

    def schedule(dialog: VisitScheduleDialog) -> None:
        dialog.unit_search.setText("dong")
        assert dialog.unit.count() == 1 and "Thôn Đông" in dialog.unit.currentText()
        dialog.visit_date.setDate(date(2027, 1, 5))
        dialog.start_time.setText("8h")
        dialog.save()
        refusals.append(dialog.error_label.text())
        dialog.visit_date.setDate(VISIT_DAY)

    opened = answer_dialog(monkeypatch, VisitScheduleDialog, schedule)
    page.tabs.setCurrentIndex(1)
    page.add_visit()
    assert "05/01/2027 nằm ngoài năm 2026" in refusals[0]
    assert "Xung đột lợi ích" in opened[0].error_label.text()
    assert page.visit_model.rowCount() == 0

    def without_head(dialog: TeamDialog) -> None:
        dialog.members.selectRow(2)
        dialog.remove_button.click()

    answer_dialog(monkeypatch, TeamDialog, without_head)
    page.edit_team()
    answer_dialog(monkeypatch, VisitScheduleDialog, schedule)
    page.add_visit()
    assert column(page.visit_model, "Đơn vị") == ["Thôn Đông"]
    assert column(page.visit_model, "Ngày") == ["12/10/2026"]
    assert column(page.visit_model, "Giờ") == ["08:00"]
    assert column(page.visit_model, "Trạng thái") == ["Đã lên lịch"]
    assert cell(page.visit_model, 0, "Số mục đã xác minh") == "0/17"
    assert cell(page.round_model, 0, "Trưởng đoàn") == "Phạm Quang Huy"
    # Moving on to "Đã kiểm tra" needs verified figures first.
    page.visit_table.selectRow(0)
    assert page.next_status_button.text() == "Chuyển sang “Đã kiểm tra” →"
    assert not page.back_status_button.isEnabled()
    page.next_status_button.click()
    assert "chưa có số liệu xác minh" in str(message_log.shown[-1])
    assert insp.get_round(db, round_id).visits[0].status == VisitStatus.PLANNED


# --- the visit form, with the keyboard alone -----------------------------------------------


def test_visit_form_by_keyboard_changes_score_rank_and_discrepancies(
    qtbot, db: Database, monkeypatch, message_log: MessageLog, commune: Commune
) -> None:
    _round_id, visit_id = planned_round(db, commune)
    ranking = RankingPage(db, today=TODAY)
    qtbot.addWidget(ranking)
    ranking.ensure_loaded()
    ranking.kind_combo.setCurrentIndex(ranking.kind_combo.findData(UnitKind.VILLAGE))
    ranks = dict(zip(column(ranking.model, "Đơn vị"), column(ranking.model, "Hạng"), strict=True))
    assert ranks == {"Thôn Đông": "1", "Thôn Tây": "2"}

    page = loaded_page(qtbot, db)
    page.tabs.setCurrentIndex(1)
    page.visit_table.selectRow(0)
    filled: list[VisitDialog] = []

    def by_keyboard(dialog: VisitDialog) -> None:
        shown(qtbot, dialog)
        filled.append(dialog)
        codes = [row.code for row in dialog.sheet.rows]
        assert codes[:6] == ["TT01", "TT02", "TT03", "TT04", "TT05", "TT06"]
        ct02 = codes.index("CT02")
        assert dialog.table.item(ct02, 3).text() == "100/100 (100%)"  # reported, read-only
        assert not dialog.table.item(ct02, 3).flags() & Qt.ItemFlag.ItemIsEditable
        # The cursor starts on the first editable cell; Tab goes only through editable ones.
        assert (dialog.table.currentRow(), dialog.table.currentColumn()) == (0, JUDGEMENT)
        press(Qt.Key.Key_Tab)
        assert (dialog.table.currentRow(), dialog.table.currentColumn()) == (0, REMARKS)
        press(Qt.Key.Key_Tab)
        assert (dialog.table.currentRow(), dialog.table.currentColumn()) == (1, JUDGEMENT)
        dialog.table.setCurrentCell(ct02, VERIFIED)
        keys("50")
        press(Qt.Key.Key_Tab)  # commits, opens the denominator
        keys("100")
        press(Qt.Key.Key_Tab)  # commits, opens the judgement
        keys("C")  # "Chưa đạt"
        press(Qt.Key.Key_Return)
        assert dialog.isVisible()  # Enter commits the cell, never closes the form
        press(Qt.Key.Key_Tab)
        keys("Sổ theo dõi chỉ ghi 50 hồ sơ")
        press(Qt.Key.Key_Return)
        assert dialog.table.item(ct02, 4).text() == "50"
        assert dialog.table.item(ct02, 5).text() == "100"
        assert dialog.table.item(ct02, 6).text() == "50%"
        assert dialog.table.item(ct02, JUDGEMENT).text() == "Chưa đạt"
        assert dialog.table.item(ct02, REMARKS).text() == "Sổ theo dõi chỉ ghi 50 hồ sơ"
        assert "Đoàn xác minh:</i> 50/100 (50%)" in dialog.detail.text()
        press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    def exec_(self) -> int:
        by_keyboard(self)
        return self.result()

    monkeypatch.setattr(VisitDialog, "exec", exec_)
    page.record_visit()
    assert filled and filled[0].saved and filled[0].error_label.isHidden()
    sheet = insp.checklist(db, visit_id)
    ct02 = next(row for row in sheet.rows if row.code == "CT02")
    assert ct02.verified == Figure(numerator=Decimal(50), denominator=Decimal(100))
    assert ct02.judgement == Judgement.NOT_MET
    assert ct02.remarks == "Sổ theo dõi chỉ ghi 50 hồ sơ"
    assert cell(page.visit_model, 0, "Trạng thái") == "Đã kiểm tra"
    assert cell(page.visit_model, 0, "Số mục đã xác minh") == "1/17"
    assert page.next_status_button.text() == "Chuyển sang “Đã gửi báo cáo” →"
    page.next_status_button.click()
    assert cell(page.visit_model, 0, "Trạng thái") == "Đã gửi báo cáo"
    assert page.back_status_button.text() == "← Trả về “Đã kiểm tra”"

    # The score sheet shows both figures; the verified one counts.
    results = ResultsPage(db, today=TODAY)
    qtbot.addWidget(results)
    results.ensure_loaded()
    results.select_unit(commune.east)
    sheets: list[ScoreSheetDialog] = []
    monkeypatch.setattr(ScoreSheetDialog, "exec", lambda self: sheets.append(self) or 0)
    results.show_score_sheet()
    row = column(sheets[0].model, "Mã").index("CT02")
    assert cell(sheets[0].model, row, "Số liệu báo cáo") == "100/100 (100%)"
    assert cell(sheets[0].model, row, "Số liệu xác minh") == "50/100 (50%) (12/10/2026)"
    assert cell(sheets[0].model, row, "Đánh giá") == "Không đạt"

    ranking.ensure_loaded()
    ranks = dict(zip(column(ranking.model, "Đơn vị"), column(ranking.model, "Hạng"), strict=True))
    assert ranks == {"Thôn Tây": "1", "Thôn Đông": "2"}

    # The discrepancy list, with the tolerance in use and the way to the unit's results.
    discrepancies = DiscrepanciesPage(db)
    qtbot.addWidget(discrepancies)
    discrepancies.ensure_loaded()
    discrepancies.period_combo.setCurrentIndex(discrepancies.period_combo.findText("Năm 2026"))
    assert "tỷ lệ lệch quá 5 điểm phần trăm" in discrepancies.tolerance_label.text()
    model = discrepancies.model
    assert column(model, "Đơn vị") == ["Thôn Đông"]
    assert cell(model, 0, "Tiêu chí").startswith("CT02 – ")
    assert cell(model, 0, "Báo cáo") == "100/100 (100%)"
    assert cell(model, 0, "Xác minh") == "50/100 (50%)"
    assert cell(model, 0, "Chênh lệch") == "Thấp hơn 50 điểm %"
    assert cell(model, 0, "Đợt kiểm tra") == ROUND_NAME
    assert cell(model, 0, "Ngày") == "12/10/2026"
    opened: list[tuple[int, int]] = []
    discrepancies.open_unit_results.connect(lambda p, u: opened.append((p, u)))
    discrepancies.table.doubleClicked.emit(model.index(0, 0))
    assert opened == [(commune.period_id, commune.east)]
    assert message_log.shown == []


def test_visit_form_refusals_write_nothing(
    qtbot, db: Database, message_log: MessageLog, commune: Commune
) -> None:
    _round_id, visit_id = planned_round(db, commune)
    before = insp.checklist(db, visit_id)
    assert before.rows and all(row.verified is None for row in before.rows)

    # A figure that is not a number: the cell is pointed at, nothing written.
    dialog = shown(qtbot, VisitDialog(db, visit_id, today=TODAY))
    ct01 = [row.code for row in dialog.sheet.rows].index("CT01")
    dialog.table.setCurrentCell(ct01, VERIFIED)
    keys("mười")
    press(Qt.Key.Key_Return)
    dialog.save()
    assert "CT01 – Tử số xác minh" in dialog.error_label.text()
    assert (dialog.table.currentRow(), dialog.table.currentColumn()) == (ct01, VERIFIED)
    assert not dialog.saved and dialog.isVisible()

    # A numerator with no denominator: the service's message, in place.
    dialog.table.item(ct01, VERIFIED).setText("12")
    dialog.save()
    assert "CT01" in dialog.error_label.text() and "mẫu số" in dialog.error_label.text().lower()
    assert insp.checklist(db, visit_id).rows == before.rows

    # A visit still to come: refused in place, with a warning from the start.
    early = shown(qtbot, VisitDialog(db, visit_id, today=date(2026, 10, 1)))
    assert "chưa đến" in early.banner.text()
    early.table.item(ct01, VERIFIED).setText("40")
    early.table.item(ct01, VERIFIED + 1).setText("50")
    early.save()
    assert "chưa diễn ra nên chưa ghi biên bản được" in early.error_label.text()
    assert insp.checklist(db, visit_id).rows == before.rows

    # The period locked while the form was open: refused in place; opened again, read-only.
    late = shown(qtbot, VisitDialog(db, visit_id, today=TODAY))
    late.table.item(ct01, VERIFIED).setText("40")
    late.table.item(ct01, VERIFIED + 1).setText("50")
    lock_period(db, commune.period_id, "Hội đồng đã họp xét", TODAY)
    late.save()
    assert "đã khóa" in late.error_label.text()
    assert insp.checklist(db, visit_id).rows == before.rows
    locked = shown(qtbot, VisitDialog(db, visit_id, today=TODAY))
    assert "đã khóa" in locked.banner.text()
    assert not locked.save_button.isEnabled()
    assert locked.table.editable_cells() == []
    assert message_log.shown == []


def test_free_item_judged_by_keyboard_with_its_evidence(
    qtbot, db: Database, monkeypatch, message_log: MessageLog, commune: Commune
) -> None:
    _round_id, visit_id = planned_round(db, commune)
    dialog = shown(qtbot, VisitDialog(db, visit_id, today=TODAY))
    text = "Sổ theo dõi lớp “Bình dân học vụ số” và danh sách học viên"
    monkeypatch.setattr(messages, "ask_text", lambda *_args, **_kwargs: text)
    dialog.add_item_button.click()
    last = dialog.table.rowCount() - 1
    assert dialog.table.item(last, 1).text() == text
    assert dialog.table.editable[last] == (JUDGEMENT, REMARKS)
    assert (dialog.table.currentRow(), dialog.table.currentColumn()) == (last, JUDGEMENT)
    keys("Đ")  # "Đạt"
    press(Qt.Key.Key_Return)
    assert dialog.table.item(last, JUDGEMENT).text() == "Đạt"
    item_id = dialog.sheet.rows[last].item_id
    assert dialog.item_evidence.owner == EvidenceOwner.inspection_item(item_id)
    assert dialog.remove_item_button.isEnabled()
    dialog.save()
    assert dialog.saved
    sheet = insp.checklist(db, visit_id)
    assert sheet.rows[-1].wording == text and sheet.rows[-1].judgement == Judgement.MET
    # A judged free item is something verified: the visit counts as carried out.
    assert sheet.status == VisitStatus.DONE

    again = shown(qtbot, VisitDialog(db, visit_id, today=TODAY))
    again.table.setCurrentCell(0, JUDGEMENT)
    assert not again.remove_item_button.isEnabled()  # a criterion's line stays
    again.table.setCurrentCell(again.table.rowCount() - 1, JUDGEMENT)
    again.remove_item_button.click()
    assert [row.wording for row in insp.checklist(db, visit_id).rows].count(text) == 0
    assert again.table.rowCount() == 17 and again.changed


def test_count_and_yes_no_items_take_their_own_kind(
    qtbot, db: Database, message_log: MessageLog, commune: Commune
) -> None:
    ids = {}
    with db.session() as session:
        for code, kind in (("SL01", CriterionKind.COUNT), ("CK01", CriterionKind.YES_NO)):
            criterion = Criterion(
                period_id=commune.period_id,
                code=code,
                subject=CriterionSubject.UNIT,
                kind=kind,
                wording=f"Tiêu chí thử {code}",
                section_ref="III.1.1",
                comparator=Comparator.AT_LEAST if kind == CriterionKind.COUNT else None,
                threshold=Decimal(10) if kind == CriterionKind.COUNT else None,
                weight=Decimal(5),
                unit_kinds=[UnitKind.VILLAGE.value],
                sort_order=900,
            )
            session.add(criterion)
            session.flush()
            ids[code] = criterion.id or 0
    save_result(
        db,
        commune.period_id,
        commune.east,
        ids["SL01"],
        ResultInput(Figure(value=Decimal(20))),
        TODAY,
    )
    save_result(
        db, commune.period_id, commune.east, ids["CK01"], ResultInput(Figure(yes_no=True)), TODAY
    )
    _round_id, visit_id = planned_round(db, commune)
    dialog = shown(qtbot, VisitDialog(db, visit_id, today=TODAY))
    codes = [row.code for row in dialog.sheet.rows]
    count, yes_no = codes.index("SL01"), codes.index("CK01")
    assert dialog.table.editable[count] == (VERIFIED, JUDGEMENT, REMARKS)
    assert dialog.table.item(count, 3).text() == "20"
    assert dialog.table.item(yes_no, 3).text() == "Có"
    dialog.table.setCurrentCell(count, VERIFIED)
    keys("1234")
    press(Qt.Key.Key_Tab)  # a count has no denominator: on to the judgement
    assert (dialog.table.currentRow(), dialog.table.currentColumn()) == (count, JUDGEMENT)
    press(Qt.Key.Key_Escape)
    assert dialog.table.item(count, VERIFIED).text() == "1.234"
    dialog.table.setCurrentCell(yes_no, VERIFIED)
    keys("K")  # "Không"
    press(Qt.Key.Key_Return)
    assert dialog.table.item(yes_no, VERIFIED).text() == "Không"
    # Delete clears a cell without opening it.
    dialog.table.setCurrentCell(count, VERIFIED)
    press(Qt.Key.Key_Delete)
    assert dialog.table.item(count, VERIFIED).text() == ""
    dialog.table.setCurrentCell(count, VERIFIED)
    keys("12")
    press(Qt.Key.Key_Return)
    dialog.save()
    assert dialog.saved, dialog.error_label.text()
    rows = {row.code: row for row in insp.checklist(db, visit_id).rows}
    assert rows["SL01"].verified == Figure(value=Decimal(12))
    assert rows["CK01"].verified == Figure(yes_no=False)
    found = {row.code: row.difference_text for row in insp.discrepancies(db, commune.period_id)}
    assert found == {"CK01": "Khác nhau", "SL01": "Thấp hơn 8 (40% so với báo cáo)"}


# --- follow-up actions ---------------------------------------------------------------------


def test_action_from_the_visit_becomes_overdue_then_done(
    qtbot, db: Database, monkeypatch, message_log: MessageLog, commune: Commune, tmp_path: Path
) -> None:
    _round_id, visit_id = planned_round(db, commune)
    dialog = shown(qtbot, VisitDialog(db, visit_id, today=TODAY))
    ct02 = [row.code for row in dialog.sheet.rows].index("CT02")
    dialog.table.setCurrentCell(ct02, VERIFIED)

    def give(action: ActionDialog) -> None:
        assert action.item.currentText().startswith("CT02 – ")
        action.description.setPlainText("Rà soát, điều chỉnh số liệu báo cáo tiêu chí CT02")
        action.due.setDate(date(2026, 11, 10))

    answer_dialog(monkeypatch, ActionDialog, give)
    dialog.add_item_action_button.click()
    assert dialog.tabs.currentIndex() == 2
    assert column(dialog.action_model, "Mục") == ["CT02"]
    assert column(dialog.action_model, "Trạng thái") == ["Quá hạn 14 ngày"]

    before_deadline = ActionsPage(db, today=date(2026, 11, 1))
    qtbot.addWidget(before_deadline)
    before_deadline.ensure_loaded()
    assert column(before_deadline.model, "Trạng thái") == ["Đang thực hiện"]
    assert "0 quá hạn" in before_deadline.summary.text()

    page = ActionsPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.ensure_loaded()
    assert column(page.model, "Đơn vị") == ["Thôn Đông"]
    assert column(page.model, "Hạn") == ["10/11/2026"]
    status = page.model.index(0, page.model.headers().index("Trạng thái"))
    assert status.data() == "Quá hạn 14 ngày"
    assert status.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    assert column(page.overview_model, "Quá hạn") == ["1"]
    page.filter_combo.setCurrentIndex(page.filter_combo.findText("Đã hoàn thành"))
    assert page.model.rowCount() == 0
    page.filter_combo.setCurrentIndex(page.filter_combo.findText("Quá hạn"))
    assert page.model.rowCount() == 1

    page.table.selectRow(0)
    assert page.evidence.owner is not None and page.evidence.owner.kind == "action"

    def done(finished: ActionDoneDialog) -> None:
        finished.done_on.setDate(date(2026, 11, 20))
        finished.note.setPlainText("Thôn đã gửi lại báo cáo CT02 ngày 20/11/2026.")

    answer_dialog(monkeypatch, ActionDoneDialog, done)
    page.mark_done()
    page.filter_combo.setCurrentIndex(page.filter_combo.findText("Đã hoàn thành"))
    assert column(page.model, "Trạng thái") == ["Đã hoàn thành"]
    assert column(page.model, "Ngày hoàn thành") == ["20/11/2026"]
    assert column(page.model, "Ghi chú") == ["Thôn đã gửi lại báo cáo CT02 ngày 20/11/2026."]
    assert column(page.overview_model, "Xong") == ["1"]

    page.table.selectRow(0)
    page.reopen()
    page.filter_combo.setCurrentIndex(0)
    assert column(page.model, "Trạng thái") == ["Quá hạn 14 ngày"]

    message_log.save_path = tmp_path / "Việc khắc phục.xlsx"
    page.export()
    sheet = load_workbook(message_log.save_path).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Rà soát, điều chỉnh số liệu báo cáo tiêu chí CT02" in values
    assert "Quá hạn 14 ngày" in values


# --- the round's papers --------------------------------------------------------------------


def test_round_papers_drafted_and_previewed(
    qtbot, db: Database, monkeypatch, message_log: MessageLog, commune: Commune
) -> None:
    round_id, visit_id = planned_round(db, commune)
    insp.add_visit(db, round_id, commune.west, date(2026, 12, 3), "14:00", "")
    ct01 = next(r.item_id for r in insp.checklist(db, visit_id).rows if r.code == "CT01")
    insp.record_visit(
        db,
        visit_id,
        insp.VisitRecord(items=[insp.ItemRecord(ct01, Figure(Decimal(90), Decimal(100)))]),
        TODAY,
    )
    previews: list[tuple[str, int]] = []

    def exec_(self) -> int:
        previews.append((self.windowTitle(), self.page_count()))
        return 0

    monkeypatch.setattr(pdf_preview.PdfPreviewDialog, "exec", exec_)
    page = loaded_page(qtbot, db)
    page.tabs.setCurrentIndex(2)
    drafted: list[int] = []
    page.document_created.connect(drafted.append)
    page.all_button.click()
    titles = [title for title, _pages in previews]
    assert titles == [
        "Xem trước – Thông báo lịch kiểm tra",
        "Xem trước – Biên bản kiểm tra (mẫu trắng) – 2 cuộc kiểm tra",
        "Xem trước – Báo cáo kết quả kiểm tra",
    ]
    assert previews[1][1] >= 2  # one form per visit
    register = {row.id: row for row in list_register(db)}
    assert sorted(register[i].kind for i in drafted) == sorted(
        [DocumentKind.NOTICE, DocumentKind.REPORT]
    )
    assert all(register[i].state == DocumentState.DRAFT for i in drafted)
    view = insp.get_round(db, round_id)
    assert {view.notice_document_id, view.report_document_id} == set(drafted)
    assert "Đã có dự thảo" in page.notice_state.text()
    assert "Đã soạn giấy tờ của đợt" in message_log.texts()

    page.blank_button.click()
    assert previews[-1][0] == "Xem trước – Biên bản kiểm tra (mẫu trắng) – 2 cuộc kiểm tra"

    # One document at a time: the decision forming the team, then the visit's minutes.
    page.decision_button.click()
    assert previews[-1][0] == "Xem trước – Quyết định thành lập Đoàn kiểm tra (dự thảo)"
    assert insp.get_round(db, round_id).decision_document_id is not None
    page.tabs.setCurrentIndex(1)
    page.select_visit(visit_id)
    page.minutes_button.click()
    assert previews[-1][0] == "Xem trước – Biên bản kiểm tra – Thôn Đông (dự thảo)"
    assert "Thôn Đông, 12/10/2026: đã có dự thảo" in page.minutes_state.text()
    # The visit still to come has no minutes yet: the service's refusal is shown.
    page.select_visit(next(v.id for v in page.view.visits if v.unit_id == commune.west))
    page.minutes_button.click()
    assert "chưa đến nên chưa lập biên bản được" in message_log.texts()


# --- settings ------------------------------------------------------------------------------


def test_tolerances_in_settings(qtbot, db: Database, message_log: MessageLog) -> None:
    page = ResultSettingsPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    assert page.rate_tolerance.value() == 5 and page.count_tolerance.value() == 5
    assert page.rate_tolerance.text() == "5,0 điểm %"
    page.rate_tolerance.setValue(7.5)
    page.count_tolerance.setValue(10)
    page.save()
    settings = get_result_settings(db)
    assert settings.scoring_mode == ScoringMode.PROPORTIONAL
    assert settings.discrepancy_rate_points == Decimal("7.5")
    assert settings.discrepancy_count_percent == Decimal(10)
    discrepancies = DiscrepanciesPage(db)
    qtbot.addWidget(discrepancies)
    discrepancies.ensure_loaded()
    assert "tỷ lệ lệch quá 7,5 điểm phần trăm" in discrepancies.tolerance_label.text()
    assert "số lượng lệch quá 10%" in discrepancies.tolerance_label.text()
    assert "Chưa có chênh lệch nào" in discrepancies.status_label.text()
