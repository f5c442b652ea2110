"""The units register: list, search, filter by kind, add, edit, deactivate, export."""

from __future__ import annotations

from kt_desktop.domain.labels import UNIT_KIND_LABELS
from kt_desktop.gui.dialogs.award_history_dialog import add_history_button
from kt_desktop.gui.pages.register_page import RegisterPage
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.services.database import Database
from kt_desktop.services.participants import (
    UnitRow,
    delete_unit,
    list_unit_rows,
    set_unit_active,
)
from kt_desktop.text import collation_key, format_number


def unit_columns() -> list[Column[UnitRow]]:
    return [
        Column("Mã", lambda u: u.code),
        Column("Tên đơn vị", lambda u: u.name, tooltip=True),
        Column("Loại", lambda u: UNIT_KIND_LABELS[u.kind]),
        Column("Người đứng đầu", lambda u: u.head_name),
        Column("Chức vụ", lambda u: u.head_title),
        Column("Điện thoại", lambda u: u.phone),
        Column(
            "Số cá nhân",
            lambda u: format_number(u.people_count),
            sort_key=lambda u: u.people_count,
            align_right=True,
            value=lambda u: u.people_count,
        ),
        Column("Trạng thái", lambda u: "Hoạt động" if u.active else "Ngừng hoạt động"),
    ]


def unit_model() -> RecordTableModel[UnitRow]:
    return RecordTableModel(
        unit_columns(),
        search_text=lambda u: f"{u.code} {u.name} {u.head_name} {u.head_title} {u.phone}",
        default_sort=lambda u: collation_key(u.name),
        is_dimmed=lambda u: not u.active,
    )


class UnitsPage(RegisterPage):
    title_text = "Đơn vị tham gia phong trào"
    noun = "đơn vị"
    search_placeholder = "Gõ mã, tên đơn vị hoặc tên người đứng đầu (không cần dấu)"
    export_sheet = "Đơn vị"
    export_title = "DANH SÁCH ĐƠN VỊ THAM GIA PHONG TRÀO THI ĐUA"
    column_widths = [70, 0, 135, 150, 130, 115, 80, 90]
    stretch_column = 1

    def __init__(self, db: Database, parent=None):
        self.db = db
        super().__init__(
            unit_model(), [(label, kind) for kind, label in UNIT_KIND_LABELS.items()], parent
        )
        self.history_button = add_history_button(self, "Lịch sử khen thưởng…", for_people=False)

    def load_rows(self) -> list[UnitRow]:
        return list_unit_rows(self.db)

    def row_kind(self, row: UnitRow) -> object:
        return row.kind

    def row_label(self, row: UnitRow) -> str:
        return row.name

    def open_editor(self, record_id: int | None) -> int | None:
        from kt_desktop.gui.dialogs.unit_dialog import UnitDialog

        return UnitDialog(self.db, record_id, self).ask()

    def set_active(self, record_id: int, active: bool) -> None:
        set_unit_active(self.db, record_id, active)

    def delete(self, record_id: int) -> None:
        delete_unit(self.db, record_id)
