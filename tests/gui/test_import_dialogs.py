"""Excel exchange screens: the preview of an import, the column mapping, packets out, and the
preview computed off the GUI thread."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook

from kt_desktop.domain.enums import UnitKind
from kt_desktop.gui.dialogs import import_dialogs
from kt_desktop.gui.dialogs.import_dialogs import (
    BackgroundTask,
    ExportPacketsDialog,
    PreviewDialog,
    change_text,
)
from kt_desktop.services.database import Database
from kt_desktop.services.import_preview import ImportKind, RowStatus
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
        target.write_bytes(b"copy")
        return target

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
