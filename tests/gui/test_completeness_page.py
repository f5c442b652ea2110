"""The completeness page: the matrix on screen, its filters, and the reminder letter."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt

from kt_desktop.domain.enums import DocumentKind, DocumentState, ReviewStatus, UnitKind
from kt_desktop.gui.pages.completeness_page import (
    NOT_MEANT_COLOUR,
    STATE_COLOURS,
    CompletenessPage,
)
from kt_desktop.services.database import Database
from kt_desktop.services.figures import CellState
from kt_desktop.services.outgoing import get_draft, list_register
from kt_desktop.services.participants import UnitInput, create_unit
from tests.core.test_completeness import add_results, all_sent, period_id
from tests.gui.conftest import MessageLog


def fill(db: Database) -> dict[str, int]:
    period = period_id(db)
    ids = {
        "PKT": create_unit(db, UnitInput("PKT", "Phòng Kinh tế", UnitKind.DEPARTMENT)),
        "THON01": create_unit(db, UnitInput("THON01", "Thôn Đông", UnitKind.VILLAGE)),
        "THON02": create_unit(db, UnitInput("THON02", "Thôn Tây", UnitKind.VILLAGE)),
        "DTN": create_unit(db, UnitInput("DTN", "Đoàn Thanh niên xã", UnitKind.MASS_ORGANISATION)),
    }
    add_results(db, period, ids["PKT"], all_sent())
    add_results(
        db,
        period,
        ids["THON01"],
        {
            "TT01": (ReviewStatus.RETURNED, False, "Thiếu tài liệu minh chứng"),
            "TT02": (ReviewStatus.RECEIVED, True, ""),
        },
    )
    return ids


def loaded_page(qtbot, db: Database) -> CompletenessPage:
    page = CompletenessPage(db)
    qtbot.addWidget(page)
    page.ensure_loaded()
    page.period_combo.setCurrentIndex(page.period_combo.findText("Năm 2026"))
    return page


def column_of(page: CompletenessPage, code: str) -> int:
    headers = [
        page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())
    ]
    return headers.index(code)


def test_rows_and_cells_after_loading(qtbot, db: Database) -> None:
    fill(db)
    page = loaded_page(qtbot, db)
    model = page.model
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == [
        "Phòng Kinh tế",
        "Đoàn Thanh niên xã",
        "Thôn Đông",
        "Thôn Tây",
    ]
    assert [model.index(r, 2).data() for r in range(model.rowCount())] == ["0", "1", "16", "17"]
    tt01, tt02, dk01 = (column_of(page, code) for code in ("TT01", "TT02", "DK01"))
    assert model.headerData(
        tt01, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    ).startswith("TT01 – Hoàn thành")
    east = model.index(2, tt01)
    assert east.data() == "Trả"
    assert (
        east.data(Qt.ItemDataRole.BackgroundRole).color().name()
        == STATE_COLOURS[CellState.RETURNED]
    )
    assert "Lý do trả lại: Thiếu tài liệu minh chứng" in east.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(2, tt02).data() == "KAD"
    # The village has no DK01: blank on dark grey, unlike a result marked "không áp dụng".
    assert model.index(2, dk01).data() == ""
    assert model.index(2, dk01).data(Qt.ItemDataRole.BackgroundRole).color().name() == (
        NOT_MEANT_COLOUR
    )
    assert model.index(3, tt01).data() == "Thiếu"
    assert model.index(0, tt01).data() == "Duyệt"
    counts = page.counts_label.text()
    assert counts.startswith("Chưa nộp: 33 · Đã nhận: 0 · Đang xem xét: 0 · Đã chấp nhận: 17")
    assert "Còn 3 trong 4 đơn vị chưa gửi đủ kết quả." in counts


def test_filters_by_kind_and_by_what_is_owed(qtbot, db: Database) -> None:
    fill(db)
    page = loaded_page(qtbot, db)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(UnitKind.VILLAGE))
    assert page.model.rowCount() == 2
    assert page.model.columnCount() == 3 + 17  # no DK01 column for villages
    page.kind_combo.setCurrentIndex(0)
    assert page.kind_combo.currentText() == "Tất cả loại đơn vị"
    page.only_owed_check.setChecked(True)
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == [
        "DTN",
        "THON01",
        "THON02",
    ]


def test_double_click_asks_for_the_units_results(qtbot, db: Database) -> None:
    ids = fill(db)
    page = loaded_page(qtbot, db)
    with qtbot.waitSignal(page.open_unit_results) as signal:
        page.table.doubleClicked.emit(page.model.index(2, 4))
    assert signal.args == [period_id(db), ids["THON01"]]


def test_two_late_units_get_a_reminder_letter(
    qtbot, db: Database, monkeypatch, message_log: MessageLog
) -> None:
    fill(db)
    page = loaded_page(qtbot, db)
    assert not page.reminder_button.isEnabled()
    selection = page.table.selectionModel()
    for row in (2, 3):
        selection.select(
            page.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    assert page.reminder_button.isEnabled()
    assert "đã chọn 2" in page.status_label.text()
    asked: list[date] = []

    def answer_date(_parent, _title, _text, initial: date) -> date:
        asked.append(initial)
        return date.today() + timedelta(days=10)

    monkeypatch.setattr("kt_desktop.gui.messages.ask_date", answer_date)
    previewed: list[bytes] = []
    from kt_desktop.gui.dialogs import pdf_preview

    class FakePreview:
        def __init__(self, pdf, _title, _file_name, _parent) -> None:
            previewed.append(pdf)

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(pdf_preview, "PdfPreviewDialog", FakePreview)
    created: list[int] = []
    page.reminder_created.connect(created.append)
    page.compose_reminder()

    assert asked == [date.today() + timedelta(days=7)]
    [row] = list_register(db)
    assert (row.kind, row.state) == (DocumentKind.OFFICIAL_LETTER, DocumentState.DRAFT)
    assert created == [row.id]
    draft = get_draft(db, row.id)
    assert draft.content["addressees"] == ["Thôn Đông", "Thôn Tây"]
    assert previewed and previewed[0].startswith(b"%PDF")
    assert "Đã soạn công văn đôn đốc" in message_log.texts()
    assert "sổ “Văn bản đi”" in message_log.texts()


def test_a_unit_that_owes_nothing_is_refused(
    qtbot, db: Database, monkeypatch, message_log: MessageLog
) -> None:
    fill(db)
    page = loaded_page(qtbot, db)
    page.table.selectRow(0)  # Phòng Kinh tế sent everything
    monkeypatch.setattr(
        "kt_desktop.gui.messages.ask_date", lambda *_args: date.today() + timedelta(days=7)
    )
    page.compose_reminder()
    assert "“Phòng Kinh tế” đã gửi đủ kết quả" in message_log.texts()
    assert list_register(db) == []


def test_export_to_excel_writes_the_states_in_words(
    qtbot, db: Database, tmp_path: Path, message_log: MessageLog
) -> None:
    from openpyxl import load_workbook

    fill(db)
    page = loaded_page(qtbot, db)
    message_log.save_path = tmp_path / "tinh-hinh.xlsx"
    page.export()
    sheet = load_workbook(message_log.save_path).active
    assert sheet["A1"].value == "TÌNH HÌNH NỘP KẾT QUẢ – NĂM 2026"
    header = [c.value for c in sheet[4]]
    assert header[:6] == ["STT", "Mã", "Đơn vị", "Loại đơn vị", "Còn thiếu", "TT01"]
    east = [c.value for c in sheet[7]]
    assert east[:6] == [3, "THON01", "Thôn Đông", "Thôn, thị tứ", 16, "Trả lại"]
    assert east[6] == "Không áp dụng"
    assert "Đã xuất 4 đơn vị" in message_log.texts()
