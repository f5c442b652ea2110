"""The results flow a clerk follows: enter a unit's results, attach a PDF, accept them, and
see the unit climb in the ranking; a locked period refuses edits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kt_desktop.domain.enums import ReviewStatus, UnitKind
from kt_desktop.gui.dialogs.result_dialog import ResultDialog
from kt_desktop.gui.pages.ranking_page import RankingPage
from kt_desktop.gui.pages.results_page import ResultsPage
from kt_desktop.services.criteria import period_criteria
from kt_desktop.services.database import Database
from kt_desktop.services.evidence import EvidenceOwner, list_evidence
from kt_desktop.services.figures import Figure
from kt_desktop.services.movement import list_periods
from kt_desktop.services.participants import UnitInput, create_unit
from kt_desktop.services.results import ResultInput, lock_period, save_result
from tests.gui.conftest import answer_dialog

TODAY = date(2026, 11, 24)


def cell(model, row: int, title: str) -> str:
    column = model.headers().index(title)
    return model.index(row, column).data()


def ranks(page: RankingPage) -> dict[str, str]:
    return {
        cell(page.model, row, "Đơn vị"): cell(page.model, row, "Hạng")
        for row in range(page.model.rowCount())
    }


@pytest.fixture
def two_villages(db: Database) -> tuple[int, int, int]:
    east = create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE))
    west = create_unit(db, UnitInput("THON02", "Thôn Tây", UnitKind.VILLAGE))
    period = next(p.id for p in list_periods(db) if p.name == "Năm 2026")
    ct02 = next(c.id for c in period_criteria(db, period).criteria if c.code == "CT02")
    save_result(
        db,
        period,
        west,
        ct02,
        ResultInput(figure=Figure(numerator=Decimal(95), denominator=Decimal(100))),
        TODAY,
    )
    return period, east, west


def test_enter_attach_accept_and_climb(
    qtbot, db: Database, monkeypatch, message_log, tmp_path: Path, two_villages
) -> None:
    period, east, _west = two_villages
    ranking = RankingPage(db, today=TODAY)
    qtbot.addWidget(ranking)
    ranking.ensure_loaded()
    ranking.kind_combo.setCurrentIndex(ranking.kind_combo.findData(UnitKind.VILLAGE))
    assert ranks(ranking) == {"Thôn Tây": "1", "Thôn Đông": "2"}

    page = ResultsPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.ensure_loaded()
    assert page.period_id() == period
    page.select_unit(east)
    assert page.unit_title.text() == "Thôn Đông"
    codes = [cell(page.line_model, r, "Mã") for r in range(page.line_model.rowCount())]
    assert codes[:2] == ["TT01", "TT02"] and "CT10" in codes and "DK01" not in codes
    page.line_table.selectRow(codes.index("CT01"))

    report = tmp_path / "Báo cáo dịch vụ công Thôn Đông.pdf"
    report.write_bytes(b"%PDF-1.4\n" + b"0" * 2048 + b"\n%%EOF\n")

    def fill(dialog: ResultDialog) -> None:
        dialog.reported.numerator.setText("1.068")
        dialog.reported.denominator.setText("1.250")
        assert dialog.judgement.text() == "Tỷ lệ: 85,44% · Đạt chỉ tiêu"
        dialog.apply()  # "Lưu, tiếp tục": the new result can now take its evidence
        monkeypatch.setattr(dialog.evidence, "ask_files", lambda: [report])
        dialog.evidence.attach_from_dialog()
        assert [row.file_name for row in dialog.evidence.rows()] == [report.name]

    answer_dialog(monkeypatch, ResultDialog, fill)
    page.edit_selected()
    row = codes.index("CT01")
    assert cell(page.line_model, row, "Số liệu") == "1.068/1.250 (85,44%)"
    assert cell(page.line_model, row, "Đánh giá") == "Đạt"
    assert cell(page.line_model, row, "Minh chứng") == "1"
    assert cell(page.line_model, row, "Trạng thái") == "Đã nhận"
    result_id = page.line_model.row_at(row).result_id
    assert result_id is not None
    assert [e.file_name for e in list_evidence(db, EvidenceOwner.result(result_id))] == [
        report.name
    ]

    # A second criterion met, then both accepted together.
    page.line_table.selectRow(codes.index("CT02"))

    def fill_second(dialog: ResultDialog) -> None:
        dialog.reported.numerator.setText("40")
        dialog.reported.denominator.setText("40")

    answer_dialog(monkeypatch, ResultDialog, fill_second)
    page.edit_selected()
    page.line_table.clearSelection()
    page.line_table.selectRow(codes.index("CT01"))
    page.line_table.selectionModel().select(
        page.line_model.index(codes.index("CT02"), 0),
        page.line_table.selectionModel().SelectionFlag.Select
        | page.line_table.selectionModel().SelectionFlag.Rows,
    )
    page.accept_button.click()
    assert cell(page.line_model, codes.index("CT01"), "Trạng thái") == "Đã chấp nhận"
    assert cell(page.line_model, codes.index("CT02"), "Trạng thái") == "Đã chấp nhận"
    assert "Hạng 1/2" in page.summary.text()

    ranking.ensure_loaded()
    assert ranks(ranking) == {"Thôn Đông": "1", "Thôn Tây": "2"}
    assert message_log.shown == []


def test_bad_figures_keep_the_dialog_open_with_a_message(
    qtbot, db: Database, monkeypatch, two_villages
) -> None:
    _period, east, _west = two_villages
    page = ResultsPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.ensure_loaded()
    page.select_unit(east)
    page.line_table.selectRow(6)  # CT01
    seen: list[str] = []

    def fill(dialog: ResultDialog) -> None:
        dialog.reported.numerator.setText("12")
        dialog.reported.denominator.setText("10")
        dialog.save()
        seen.append(dialog.error_label.text())
        dialog.reported.denominator.setText("0")
        dialog.reported.numerator.setText("0")

    answer_dialog(monkeypatch, ResultDialog, fill)
    page.edit_selected()
    assert "Mẫu số (10) nhỏ hơn tử số (12)" in seen[0]
    assert cell(page.line_model, 6, "Trạng thái") == "Chưa nộp"


def test_a_locked_period_shows_why_and_refuses(
    qtbot, db: Database, message_log, two_villages
) -> None:
    period, _east, west = two_villages
    lock_period(db, period, "Đã dùng tại Quyết định số 12/QĐ-UBND", TODAY, document_id=1)
    page = ResultsPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.ensure_loaded()
    page.select_unit(west)
    assert "Quyết định số 12/QĐ-UBND" in page.lock_banner.text()
    page.line_table.selectRow(7)
    assert not page.edit_button.isEnabled()
    assert not page.accept_button.isEnabled()
    page.edit_selected()
    assert "đã khóa" in message_log.texts()


def test_returning_asks_a_reason(qtbot, db: Database, monkeypatch, two_villages) -> None:
    _period, _east, west = two_villages
    from kt_desktop.gui import messages

    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: "Thiếu chữ ký")
    page = ResultsPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.ensure_loaded()
    page.select_unit(west)
    page.line_table.selectRow(7)  # CT02
    page.return_button.click()
    line = page.line_model.row_at(7)
    assert line.data is not None and line.data.review_status == ReviewStatus.RETURNED
    assert line.data.return_reason == "Thiếu chữ ký"
    assert cell(page.line_model, 7, "Điểm") == "0/7"


def test_a_rate_given_only_as_a_percentage_keeps_it_and_no_date_is_invented(
    qtbot, db: Database, monkeypatch, two_villages
) -> None:
    """A workbook gave "100%" without counts and no receipt date: accepting it in the dialog
    keeps both as they were."""
    period, east, _west = two_villages
    ct04 = next(c.id for c in period_criteria(db, period).criteria if c.code == "CT04")
    save_result(
        db,
        period,
        east,
        ct04,
        ResultInput(figure=Figure(value=Decimal(100)), received_on=None),
        TODAY,
    )
    page = ResultsPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.ensure_loaded()
    page.select_unit(east)
    row = page.line_model.find_row(lambda line: line.code == "CT04")
    page.line_table.selectRow(row)

    def fill(dialog: ResultDialog) -> None:
        assert "chỉ báo tỷ lệ 100%" in dialog.reported.reported_rate_label.text()
        dialog.status.setCurrentIndex(dialog.status.findData(ReviewStatus.ACCEPTED))

    answer_dialog(monkeypatch, ResultDialog, fill)
    page.edit_selected()
    line = page.line_model.row_at(row)
    assert line.data is not None
    assert line.data.figure == Figure(value=Decimal(100))
    assert line.data.received_on is None
    assert line.data.review_status == ReviewStatus.ACCEPTED
    assert cell(page.line_model, row, "Số liệu") == "100%"
