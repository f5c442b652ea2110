"""The people register: sorted by given name, searched without diacritics."""

from __future__ import annotations

from kt_desktop.domain.labels import GENDER_LABELS, PERSON_KIND_LABELS
from kt_desktop.gui.dialogs.award_history_dialog import add_history_button
from kt_desktop.gui.pages.register_page import RegisterPage
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.services.database import Database
from kt_desktop.services.participants import (
    PersonRow,
    delete_person,
    list_person_rows,
    set_person_active,
)
from kt_desktop.text import name_sort_key


def person_columns() -> list[Column[PersonRow]]:
    return [
        Column("Họ và tên", lambda p: p.full_name, sort_key=lambda p: name_sort_key(p.full_name)),
        Column("Giới tính", lambda p: GENDER_LABELS[p.gender]),
        Column(
            "Năm sinh",
            lambda p: "" if p.birth_year is None else str(p.birth_year),
            sort_key=lambda p: p.birth_year or 0,
            align_right=True,
            value=lambda p: p.birth_year,
        ),
        Column("Chức vụ, nghề nghiệp", lambda p: p.position),
        Column("Đơn vị", lambda p: p.unit_name, tooltip=True),
        Column("Đối tượng", lambda p: PERSON_KIND_LABELS[p.kind]),
        Column("Trạng thái", lambda p: "Hoạt động" if p.active else "Ngừng hoạt động"),
    ]


def person_model() -> RecordTableModel[PersonRow]:
    return RecordTableModel(
        person_columns(),
        search_text=lambda p: f"{p.full_name} {p.position} {p.unit_name}",
        default_sort=lambda p: name_sort_key(p.full_name),
        is_dimmed=lambda p: not p.active,
    )


class PeoplePage(RegisterPage):
    title_text = "Cá nhân tham gia phong trào"
    noun = "cá nhân"
    search_placeholder = "Gõ họ tên, chức vụ hoặc đơn vị (không cần dấu)"
    export_sheet = "Cá nhân"
    export_title = "DANH SÁCH CÁ NHÂN THAM GIA PHONG TRÀO THI ĐUA"
    column_widths = [0, 60, 70, 150, 235, 175, 110]
    stretch_column = 0

    def __init__(self, db: Database, parent=None):
        self.db = db
        super().__init__(
            person_model(), [(label, kind) for kind, label in PERSON_KIND_LABELS.items()], parent
        )
        self.history_button = add_history_button(self, "Khen thưởng, kỷ luật…", for_people=True)

    def load_rows(self) -> list[PersonRow]:
        return list_person_rows(self.db)

    def row_kind(self, row: PersonRow) -> object:
        return row.kind

    def row_label(self, row: PersonRow) -> str:
        return row.full_name

    def open_editor(self, record_id: int | None) -> int | None:
        from kt_desktop.gui.dialogs.person_dialog import PersonDialog

        return PersonDialog(self.db, record_id, self).ask()

    def set_active(self, record_id: int, active: bool) -> None:
        set_person_active(self.db, record_id, active)

    def delete(self, record_id: int) -> None:
        delete_person(self.db, record_id)
