"""Exporting a visible list to .xlsx: what the clerk saw, atomically written."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from kt_desktop.errors import UserError
from kt_desktop.sheets.table_export import TableExport, write_table_xlsx

TABLE = TableExport(
    sheet_title="Đơn vị",
    title="DANH SÁCH ĐƠN VỊ",
    headers=["STT", "Mã", "Tên đơn vị"],
    rows=[[1, "001", "Văn phòng HĐND và UBND xã"], [2, "THON01", "Thôn Đông"]],
    subtitle="Tìm: “thon”",
)


def test_the_workbook_reads_back(tmp_path: Path) -> None:
    target = write_table_xlsx(TABLE, tmp_path / "Danh sách đơn vị")
    assert target.name == "Danh sách đơn vị.xlsx"
    sheet = load_workbook(target).active
    assert sheet.title == "Đơn vị"
    assert sheet["A1"].value == "DANH SÁCH ĐƠN VỊ"
    assert sheet["A2"].value == "Tìm: “thon”"
    assert [c.value for c in sheet[4]] == ["STT", "Mã", "Tên đơn vị"]
    assert [c.value for c in sheet[5]] == [1, "001", "Văn phòng HĐND và UBND xã"]
    assert [c.value for c in sheet[6]] == [2, "THON01", "Thôn Đông"]
    assert sheet.freeze_panes == "A5"
    assert list(tmp_path.iterdir()) == [target]


def test_an_unwritable_target_leaves_nothing_behind(tmp_path: Path) -> None:
    blocker = tmp_path / "không phải thư mục"
    blocker.write_text("tệp thường")
    with pytest.raises(UserError) as caught:
        write_table_xlsx(TABLE, blocker / "ds.xlsx")
    assert "Không ghi được tệp" in caught.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["không phải thư mục"]


def test_text_that_looks_like_a_formula_stays_text_and_numbers_stay_numbers(tmp_path: Path) -> None:
    table = TableExport(
        "Đơn vị",
        "DANH SÁCH",
        ["Tên", "Số cá nhân"],
        [["=1+2", 12], ["@SUM(A1)", 0], ["+84 912 345 678", -3], ["-cmd|' /C calc'!A0", 1]],
    )
    target = write_table_xlsx(table, tmp_path / "ds.xlsx")
    sheet = load_workbook(target).active
    assert sheet["A4"].value == "=1+2" and sheet["A4"].data_type == "s"
    assert sheet["B4"].value == 12 and sheet["B4"].data_type == "n"
    assert sheet["A5"].value == "@SUM(A1)"
    for row in (5, 6, 7):
        assert sheet[f"A{row}"].data_type == "s", row
    assert sheet["A6"].value == "+84 912 345 678" and sheet["B6"].value == -3
    assert sheet["A7"].value == "-cmd|' /C calc'!A0"
