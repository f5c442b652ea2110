"""Excel exchange screens: the preview of an import, the column mapping, packets out, and the
preview computed off the GUI thread."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtWidgets import QDialog

from kt_desktop.domain.enums import UnitKind
from kt_desktop.gui.dialogs import import_dialogs
from kt_desktop.gui.dialogs.import_dialogs import (
    BackgroundTask,
    ExportPacketsDialog,
    MappingDialog,
    PreviewDialog,
    UnsureRow,
    change_text,
    unsure_rows_of,
)
from kt_desktop.gui.pages.workbooks_page import WorkbooksPage
from kt_desktop.services.database import Database
from kt_desktop.services.import_preview import CellProblem, ImportKind, RowStatus
from kt_desktop.services.imports import (
    ImportTarget,
    error_workbook,
    inspect_workbook,
    preview_import,
)
from kt_desktop.services.participants import UnitInput, create_unit, list_unit_rows
from kt_desktop.services.register_import import apply_register_import, preview_register_import
from kt_desktop.sheets.packets import ID_SHEET
from tests.conftest import SHARED
from tests.gui.conftest import MessageLog

SAMPLES = SHARED / "samples"
UNITS_SAMPLE = SAMPLES / "danh-sach-don-vi.xlsx"


def table_texts(dialog: PreviewDialog) -> list[list[str]]:
    model = dialog.model
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_preview_dialog_shows_counts_and_rows_and_imports(
    qtbot, db: Database, message_log: MessageLog
) -> None:
    preview = preview_register_import(db, UNITS_SAMPLE, ImportKind.UNITS)
    dialog = PreviewDialog(preview, lambda p: apply_register_import(db, p))
    qtbot.addWidget(dialog)

    assert dialog.chips[RowStatus.NEW].text() == "7 mới"
    assert dialog.chips[RowStatus.ERROR].text() == "0 lỗi"
    rows = table_texts(dialog)
    assert len(rows) == 7
    assert rows[0][:5] == ["Đơn vị", "2", "Đơn vị", "001 – Văn phòng HĐND và UBND xã", "Mới"]
    assert "Loại đơn vị: Phòng, ban, ngành" in rows[0][5]
    assert "Văn phòng HĐND và UBND xã" in dialog.detail.toPlainText()
    assert dialog.import_button.isEnabled()
    assert not dialog.error_copy_button.isVisibleTo(dialog)
    assert list_unit_rows(db) == []  # nothing written before "Nhập dữ liệu"

    dialog.import_button.click()

    assert dialog.outcome is not None and dialog.outcome.new == 7
    assert "Đã thêm 7 đơn vị mới." in message_log.texts()
    assert len(list_unit_rows(db)) == 7


def test_preview_dialog_of_an_unchanged_file_offers_nothing_to_import(
    qtbot, db: Database, message_log: MessageLog
) -> None:
    apply_register_import(db, preview_register_import(db, UNITS_SAMPLE, ImportKind.UNITS))
    preview = preview_register_import(db, UNITS_SAMPLE, ImportKind.UNITS)
    dialog = PreviewDialog(preview, lambda p: apply_register_import(db, p))
    qtbot.addWidget(dialog)

    assert dialog.chips[RowStatus.UNCHANGED].text() == "7 không đổi"
    assert not dialog.import_button.isEnabled()
    assert "không có gì để nhập" in dialog.nothing_note.text()


def test_preview_dialog_lists_errors_filters_and_saves_the_error_copy(
    qtbot, db: Database, message_log: MessageLog, tmp_path: Path
) -> None:
    book = load_workbook(UNITS_SAMPLE)
    book.active["C3"] = "Quán cà phê"
    bad = tmp_path / "don-vi-loi.xlsx"
    book.save(bad)
    preview = preview_register_import(db, bad, ImportKind.UNITS)
    saved: list[Path] = []

    def error_copy(target: Path) -> Path:
        saved.append(target)
        return error_workbook(bad, preview, target)

    dialog = PreviewDialog(preview, lambda p: apply_register_import(db, p), error_copy)
    qtbot.addWidget(dialog)
    index = dialog.status_filter.findData(RowStatus.ERROR)
    dialog.status_filter.setCurrentIndex(index)

    rows = table_texts(dialog)
    assert len(rows) == 1
    assert rows[0][1] == "3" and rows[0][4] == "Lỗi"
    assert "không phải là loại đơn vị" in rows[0][6]
    detail = dialog.detail.toPlainText()
    assert "C3" in detail and "Quán cà phê" in detail

    message_log.save_path = tmp_path / "gui-lai.xlsx"
    assert dialog.error_copy_button.isVisibleTo(dialog)
    dialog.error_copy_button.click()
    assert saved == [tmp_path / "gui-lai.xlsx"]
    copy = load_workbook(saved[0])
    assert copy["Đơn vị"]["C3"].comment is not None
    assert "không phải là loại đơn vị" in copy["Đơn vị"]["C3"].comment.text
    assert "Đã lưu tệp “gui-lai.xlsx”" in message_log.texts()


def test_change_text_shows_old_and_new(db: Database, tmp_path: Path) -> None:
    apply_register_import(db, preview_register_import(db, UNITS_SAMPLE, ImportKind.UNITS))
    book = load_workbook(UNITS_SAMPLE)
    book.active["D5"] = "Trần Thị Hoa"
    changed = tmp_path / "sua.xlsx"
    book.save(changed)
    preview = preview_register_import(db, changed, ImportKind.UNITS)
    row = next(r for r in preview.rows if r.status == RowStatus.CHANGED)
    assert change_text(row) == "Người đứng đầu: Nguyễn Thị Hồng Nhung → Trần Thị Hoa"


# --- packets out -------------------------------------------------------------------------


def test_export_dialog_writes_packets_for_two_units(
    qtbot, db: Database, message_log: MessageLog, tmp_path: Path
) -> None:
    village = create_unit(db, UnitInput("T01", "Thôn Đông", UnitKind.VILLAGE))
    department = create_unit(db, UnitInput("PKT", "Phòng Kinh tế", UnitKind.DEPARTMENT))
    create_unit(db, UnitInput("T02", "Thôn Tây", UnitKind.VILLAGE))
    dialog = ExportPacketsDialog(db, today=date(2026, 3, 2))
    qtbot.addWidget(dialog)
    folder = tmp_path / "Gói gửi đơn vị"
    dialog.ask_folder = lambda: folder  # type: ignore[method-assign]

    assert dialog.period.currentText() == "Năm 2026"
    assert dialog.deadline.date().toString("dd/MM/yyyy") == "16/03/2026"
    dialog.kind_filter.setCurrentIndex(dialog.kind_filter.findData(UnitKind.VILLAGE))
    dialog.select_all.click()
    assert len(dialog.checked_unit_ids()) == 2  # the two villages shown
    dialog.set_checked([village, department])
    assert dialog.count_label.text() == "Đã chọn 2/3 đơn vị."

    dialog.export_button.click()

    files = sorted(p.name for p in folder.iterdir())
    assert files == [
        "Gói báo cáo 2026 – PKT – Phòng Kinh tế.xlsx",
        "Gói báo cáo 2026 – T01 – Thôn Đông.xlsx",
    ]
    assert ID_SHEET in load_workbook(folder / files[1]).sheetnames
    assert "Đã ghi 2 tệp gói báo cáo vào thư mục “Gói gửi đơn vị”" in message_log.texts()
    assert dialog.written and len(dialog.written) == 2


def test_export_dialog_refusal_is_shown_in_the_dialog(
    qtbot, db: Database, message_log: MessageLog, tmp_path: Path
) -> None:
    create_unit(db, UnitInput("T01", "Thôn Đông", UnitKind.VILLAGE))
    dialog = ExportPacketsDialog(db, today=date(2026, 3, 2))
    qtbot.addWidget(dialog)
    folder = tmp_path / "goi"
    dialog.ask_folder = lambda: folder  # type: ignore[method-assign]

    dialog.export_button.click()  # no unit chosen

    assert "Chưa chọn đơn vị nào" in dialog.error.text()
    assert not folder.exists()
    assert message_log.shown == []


# --- background work ---------------------------------------------------------------------


def big_people_register(path: Path, rows: int) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Cá nhân"
    sheet.append(["STT", "Họ và tên", "Giới tính", "Năm sinh", "Chức vụ"])
    for number in range(1, rows + 1):
        sheet.append([number, f"Nguyễn Văn An {number}", "Nam", 1980 + number % 30, "Công dân"])
    book.save(path)
    return path


def test_preview_runs_off_the_gui_thread(qtbot, db: Database) -> None:
    task = BackgroundTask(
        lambda progress: preview_register_import(
            db, UNITS_SAMPLE, ImportKind.UNITS, progress=progress
        )
    )
    task.start()
    qtbot.waitUntil(lambda: task.done, timeout=10_000)

    assert task.error is None
    assert task.thread_id != threading.get_ident()
    assert task.result.counts[RowStatus.NEW] == 7


def test_preview_in_the_background_can_be_cancelled(qtbot, db: Database, tmp_path: Path) -> None:
    path = big_people_register(tmp_path / "ca-nhan.xlsx", 3000)
    seen: list[tuple[int, int]] = []
    task = BackgroundTask(
        lambda progress: preview_register_import(db, path, ImportKind.PEOPLE, progress=progress)
    )
    task.progressed.connect(lambda done, total: seen.append((done, total)))
    task.cancel()
    task.start()
    qtbot.waitUntil(lambda: task.done, timeout=10_000)

    assert task.cancelled
    assert type(task.error).__name__ == "ReadCancelled"
    assert task.result is None
    assert seen and seen[0][1] >= 3000


def test_run_with_progress_waits_and_returns_the_task(qtbot, db: Database) -> None:
    task = import_dialogs.run_with_progress(
        None,
        "Đọc tệp",
        "Đang đọc tệp…",
        lambda progress: preview_register_import(db, UNITS_SAMPLE, ImportKind.UNITS),
    )
    assert task.done and task.result.counts[RowStatus.NEW] == 7


# --- the mapping dialog and the whole flow -------------------------------------------------

RESULTS_SAMPLE = SAMPLES / "ket-qua-chi-tieu-2025-bo-phan-mot-cua.xlsx"


def period_id(db: Database, name: str) -> int:
    from kt_desktop.services.movement import list_periods

    return next(p.id for p in list_periods(db) if p.name == name)


@pytest.fixture
def one_stop_shop(db: Database) -> int:
    return create_unit(db, UnitInput("BPMC", "Bộ phận Một cửa", UnitKind.DEPARTMENT))


def test_mapping_dialog_shows_columns_and_changes_a_field(
    qtbot, db: Database, one_stop_shop: int
) -> None:
    source = inspect_workbook(db, RESULTS_SAMPLE)
    dialog = MappingDialog(db, source)
    qtbot.addWidget(dialog)
    assert dialog.unit.currentData() == one_stop_shop
    assert dialog.period.currentText() == "Năm 2025"
    assert "Bộ phận Một cửa" in dialog.unit_guess.text()
    tab = dialog.tab("Kết quả 2025")
    assert tab.header_row.value() == 5
    assert tab.table.item(3, 1).text() == "Tổng số (mẫu số)"
    assert tab.table.item(3, 2).text() == "1.250 · 180 · 42"
    assert tab.combos["D"].currentData() == "denominator"
    assert tab.table.item(3, 4).text() == "Chắc chắn"

    tab.set_field("G", "evidence")  # the note column read as the evidence reference
    tab.set_field("C", None)
    tab.set_field("D", "numerator")  # a field comes from one column: E gives it up

    assert tab.table.item(6, 4).text() == "Đã chọn"
    assert tab.combos["E"].currentData() is None
    (choice,) = dialog.choices()
    mapping = choice.mapping()
    assert mapping["G"] == "evidence"
    assert mapping["D"] == "numerator"
    assert "C" not in mapping and "E" not in mapping


def test_mapping_dialog_confirms_unsure_criteria_and_changes_the_target(
    qtbot, db: Database, one_stop_shop: int
) -> None:
    source = inspect_workbook(db, RESULTS_SAMPLE)
    unsure = [UnsureRow("Kết quả 2025", 7, "Tỷ lệ dịch vụ công trực tuyến toàn trình", "CT02")]
    dialog = MappingDialog(db, source, unsure_rows=unsure)
    qtbot.addWidget(dialog)
    assert dialog.unsure_combos[0].currentData() == "CT02"
    dialog.unsure_combos[0].setCurrentIndex(dialog.unsure_combos[0].findData("CT05"))
    (choice,) = dialog.choices()
    assert dict(choice.confirmed) == {7: "CT05"}

    tab = dialog.tab("Kết quả 2025")
    tab.target.setCurrentIndex(tab.target.findData(ImportTarget.NONE))
    assert dialog.no_sheet_note.isVisibleTo(dialog)
    dialog.save()
    assert "Chưa có trang nào được chọn để nhập." in dialog.error.text()
    assert dialog.result() != dialog.DialogCode.Accepted


def test_unsure_rows_are_read_from_a_preview(db: Database, one_stop_shop: int) -> None:
    source = inspect_workbook(db, RESULTS_SAMPLE)
    preview = preview_import(db, source)
    reworded = replace(
        preview.rows[1],
        status=RowStatus.ERROR,
        problems=(
            CellProblem(
                "Kết quả 2025",
                7,
                "B",
                "Tỷ lệ dịch vụ công",
                "Không chắc “Tỷ lệ dịch vụ công” là tiêu chí CT02 “90% …” (khớp 40%); hãy xác "
                "nhận hoặc chọn đúng tiêu chí.",
            ),
        ),
    )
    rows = unsure_rows_of(replace(preview, rows=(preview.rows[0], reworded)))
    assert rows == [UnsureRow("Kết quả 2025", 7, "Tỷ lệ dịch vụ công", "CT02")]


def test_run_import_reads_the_public_sample_through_the_dialogs(
    qtbot, db: Database, one_stop_shop: int, message_log: MessageLog, monkeypatch
) -> None:
    shown: list[str] = []

    def accept_mapping(dialog: MappingDialog) -> int:
        shown.append("mapping")
        return QDialog.DialogCode.Accepted

    def import_now(dialog: PreviewDialog) -> int:
        shown.append(f"preview {dialog.preview.summary}")
        dialog.import_button.click()
        return dialog.result()

    monkeypatch.setattr(MappingDialog, "exec", accept_mapping)
    monkeypatch.setattr(PreviewDialog, "exec", import_now)
    monkeypatch.setattr(import_dialogs, "ask_workbook_path", lambda *_a: RESULTS_SAMPLE)

    outcome = import_dialogs.run_import(None, db)

    assert shown == ["mapping", "preview 6 mới · 0 thay đổi · 0 không đổi · 2 bỏ qua · 0 lỗi"]
    assert outcome is not None and outcome.new == 6
    assert "Đã nhập 6 dòng" in message_log.texts()

    # The mapping is remembered: the same file again needs no mapping dialog.
    shown.clear()
    outcome = import_dialogs.run_import(None, db, RESULTS_SAMPLE)
    assert shown == ["preview 0 mới · 0 thay đổi · 6 không đổi · 2 bỏ qua · 0 lỗi"]
    assert outcome is None


def test_run_import_shows_a_refusal(qtbot, db: Database, message_log: MessageLog) -> None:
    outcome = import_dialogs.run_import(None, db, SAMPLES / "hong" / "dinh-dang-cu.xls")
    assert outcome is None
    assert "Excel 97-2003" in message_log.texts()


# --- the page ------------------------------------------------------------------------------


def test_workbooks_page_imports_the_register_and_says_it_changed(
    qtbot, db: Database, message_log: MessageLog, monkeypatch
) -> None:
    page = WorkbooksPage(db)
    qtbot.addWidget(page)
    monkeypatch.setattr(import_dialogs, "ask_workbook_path", lambda *_a: UNITS_SAMPLE)
    monkeypatch.setattr(
        PreviewDialog, "exec", lambda dialog: dialog.import_button.click() or dialog.result()
    )

    with qtbot.waitSignal(page.changed, timeout=5000):
        page.units_button.click()

    assert len(list_unit_rows(db)) == 7
    assert "Đã thêm 7 đơn vị mới." in page.outcome_label.text()


def test_workbooks_page_takes_a_dropped_workbook(
    qtbot, db: Database, message_log: MessageLog, monkeypatch
) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    create_unit(db, UnitInput("T01", "Thôn Đông", UnitKind.VILLAGE))
    create_unit(db, UnitInput("T02", "Thôn Tây", UnitKind.VILLAGE))
    create_unit(db, UnitInput("T03", "Thôn Nam", UnitKind.VILLAGE))
    page = WorkbooksPage(db)
    qtbot.addWidget(page)
    opened: list[str] = []
    monkeypatch.setattr(MappingDialog, "exec", lambda d: QDialog.DialogCode.Accepted)

    def import_now(dialog: PreviewDialog) -> int:
        opened.append(dialog.preview.file_name)
        dialog.import_button.click()
        return dialog.result()

    monkeypatch.setattr(PreviewDialog, "exec", import_now)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(SAMPLES / "binh-dan-hoc-vu-so-2025.xlsx"))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(page.changed, timeout=5000):
        page.dropEvent(event)

    assert opened == ["binh-dan-hoc-vu-so-2025.xlsx"]
    assert "Đã nhập 3 dòng" in page.outcome_label.text()


def test_run_import_into_a_locked_period_says_why(
    qtbot, db: Database, one_stop_shop: int, message_log: MessageLog, monkeypatch
) -> None:
    from kt_desktop.services.results import lock_period

    monkeypatch.setattr(MappingDialog, "exec", lambda d: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(PreviewDialog, "exec", lambda d: pytest.fail("no preview expected"))
    lock_period(db, period_id(db, "Năm 2025"), "Đã tổng kết năm 2025.")

    assert import_dialogs.run_import(None, db, RESULTS_SAMPLE) is None
    assert "Đã tổng kết năm 2025." in message_log.texts()
