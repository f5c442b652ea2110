"""Sáng kiến, giải pháp and contributions of organisations and people: one tab each, for the
chosen period, searched, added, edited, deleted and exported to Excel."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.labels import CONTRIBUTOR_KIND_LABELS, INITIATIVE_KIND_LABELS
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.period_combo import fill_period_combo
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.gui.record_views import export_rows_to_excel, record_table_view
from kt_desktop.services.database import Database
from kt_desktop.services.initiatives import (
    ContributionRow,
    InitiativeRow,
    delete_contribution,
    delete_initiative,
    list_contributions,
    list_initiatives,
)
from kt_desktop.text import collation_key, format_date_short, format_number

OTHER_SECTOR_TEXT = "Khác"
OTHER_SECTOR_LABEL = "Khác, không thuộc lĩnh vực ưu tiên"


def _date_text(value: date | None) -> str:
    return format_date_short(value) if value else ""


def _date_order(value: date | None) -> int:
    return value.toordinal() if value else 0


def initiative_columns() -> list[Column[InitiativeRow]]:
    return [
        Column("Tên sáng kiến, giải pháp", lambda r: r.title, tooltip=True),
        Column("Loại", lambda r: INITIATIVE_KIND_LABELS[r.kind]),
        Column("Tác giả", lambda r: r.authors, tooltip=True),
        Column("Đơn vị", lambda r: r.unit_name, tooltip=True),
        Column("Lĩnh vực", lambda r: r.sector_label or OTHER_SECTOR_TEXT, tooltip=True),
        Column(
            "Ngày áp dụng",
            lambda r: _date_text(r.applied_on),
            sort_key=lambda r: _date_order(r.applied_on),
        ),
        Column(
            "Công nhận",
            lambda r: r.recognition_text,
            sort_key=lambda r: _date_order(r.recognised_on),
            tooltip=True,
        ),
        Column(
            "Minh chứng",
            lambda r: format_number(r.evidence_count) if r.evidence_count else "",
            sort_key=lambda r: r.evidence_count,
            align_right=True,
            value=lambda r: r.evidence_count,
        ),
    ]


def contribution_columns() -> list[Column[ContributionRow]]:
    return [
        Column("Tổ chức, cá nhân", lambda r: r.contributor_name, tooltip=True),
        Column("Đối tượng", lambda r: CONTRIBUTOR_KIND_LABELS[r.contributor_kind]),
        Column("Địa chỉ", lambda r: r.address, tooltip=True),
        Column(
            "Ngày đóng góp",
            lambda r: _date_text(r.given_on),
            sort_key=lambda r: _date_order(r.given_on),
        ),
        Column("Nội dung đóng góp", lambda r: r.description, tooltip=True),
        Column(
            "Giá trị (đồng)",
            lambda r: "" if r.value_vnd is None else format_number(r.value_vnd),
            sort_key=lambda r: r.value_vnd if r.value_vnd is not None else -1,
            align_right=True,
            value=lambda r: None if r.value_vnd is None else int(r.value_vnd),
        ),
    ]


class RecordListTab(QWidget):
    """One tab's list: search, Thêm / Sửa / Xóa / Xuất Excel, the table and a count."""

    changed = Signal()

    noun = ""
    search_placeholder = ""
    export_sheet = ""
    export_title = ""

    def __init__(self, page: InitiativesPage, model: RecordTableModel, widths: list[int], stretch):
        super().__init__()
        self.page = page
        self.model = model
        self._all_rows: list = []
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.search_placeholder)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Tìm kiếm")
        search_label = QLabel("Tìm:")
        search_label.setBuddy(self.search_edit)
        self.add_button = QPushButton("Thêm")
        self.edit_button = QPushButton("Sửa")
        self.delete_button = QPushButton("Xóa")
        self.export_button = QPushButton("Xuất Excel")
        actions = QHBoxLayout()
        actions.addWidget(search_label)
        actions.addWidget(self.search_edit, 1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            actions.addWidget(button)
        actions.addWidget(self.export_button)
        self.table = record_table_view(model, widths, stretch)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        # The selected row in full: long titles and descriptions are cut in the table.
        self.detail_label = QLabel()
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label.setStyleSheet("background: #f6f8fa; padding: 6px;")
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.count_label)

        self.search_edit.textChanged.connect(self.apply_filter)
        self.add_button.clicked.connect(self.add_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button.clicked.connect(self.export_visible)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    # --- for subclasses --------------------------------------------------------------

    def load_rows(self, period_id: int) -> list:
        raise NotImplementedError

    def open_editor(self, record_id: int | None) -> int | None:
        raise NotImplementedError

    def delete(self, record_id: int) -> None:
        raise NotImplementedError

    def row_label(self, row) -> str:
        raise NotImplementedError

    def detail(self, row) -> str:
        """The selected row in full, a few plain-text lines."""
        return ""

    def summary(self, rows: list) -> str:
        """A clause about all the period's rows, after the count ("; 3 đã được công nhận")."""
        return ""

    # --- behaviour -------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        period_id = self.page.period_id()
        self._all_rows = self.load_rows(period_id) if period_id is not None else []
        self.model.set_rows(self._all_rows)
        self.apply_filter()
        if select_id is not None:
            position = self.model.find_row(lambda row: row.id == select_id)
            if position >= 0:
                self.table.selectRow(position)
                self.table.scrollTo(self.model.index(position, 0))

    def apply_filter(self) -> None:
        self.model.set_filter(self.search_edit.text())
        shown, total = self.model.rowCount(), self.model.total_count()
        if total == 0:
            text = f"Kỳ này chưa có {self.noun} nào. Bấm “Thêm” để ghi nhận."
        elif shown == total:
            text = f"{format_number(total)} {self.noun}{self.summary(self._all_rows)}."
        else:
            text = (
                f"Đang hiện {format_number(shown)} trong tổng số {format_number(total)} "
                f"{self.noun}."
            )
        self.count_label.setText(text)

    def selected_row(self):
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        has_row = row is not None
        self.detail_label.setText(self.detail(row) if has_row else "")
        self.detail_label.setVisible(has_row)
        self.edit_button.setEnabled(has_row)
        self.delete_button.setEnabled(has_row)
        self.add_button.setEnabled(self.page.period_id() is not None)

    def add_record(self) -> None:
        if self.page.period_id() is None:
            return
        saved = self.open_editor(None)
        if saved is not None:
            self.reload(select_id=saved)
            self.changed.emit()

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        saved = self.open_editor(row.id)
        if saved is not None:
            self.reload(select_id=saved)
            self.changed.emit()

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if not messages.confirm(
            self,
            "Xóa khỏi danh sách",
            f"Xóa hẳn “{self.row_label(row)}”? Việc này không hoàn tác được.",
            yes_text="Xóa",
        ):
            return
        try:
            self.delete(row.id)
        except UserError as error:
            messages.show_error(self, error, title="Không xóa được")
            return
        self.reload()
        self.changed.emit()

    def export_visible(self) -> None:
        query = self.search_edit.text().strip()
        export_rows_to_excel(
            self,
            self.model,
            self.export_sheet,
            f"{self.export_title} – {self.page.period_name().upper()}",
            f"Tìm: “{query}”" if query else "",
        )

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.edit_selected()
            return
        super().keyPressEvent(event)


class InitiativesTab(RecordListTab):
    noun = "sáng kiến, giải pháp"
    search_placeholder = "Gõ tên, tác giả, đơn vị hoặc lĩnh vực (không cần dấu)"
    export_sheet = "Sáng kiến, giải pháp"
    export_title = "DANH SÁCH SÁNG KIẾN, GIẢI PHÁP"

    def __init__(self, page: InitiativesPage):
        model: RecordTableModel[InitiativeRow] = RecordTableModel(
            initiative_columns(),
            search_text=lambda r: f"{r.title} {r.authors} {r.unit_name} {r.sector_label}",
            default_sort=lambda r: collation_key(r.title),
        )
        super().__init__(page, model, [0, 70, 145, 115, 110, 105, 185, 90], 0)

    def load_rows(self, period_id: int) -> list[InitiativeRow]:
        return list_initiatives(self.page.db, period_id)

    def open_editor(self, record_id: int | None) -> int | None:
        from kt_desktop.gui.dialogs.initiative_dialog import InitiativeDialog

        period_id = self.page.period_id()
        if period_id is None:
            return None
        dialog = InitiativeDialog(self.page.db, period_id, self.page.period_name(), record_id, self)
        return dialog.ask()

    def delete(self, record_id: int) -> None:
        delete_initiative(self.page.db, record_id)

    def row_label(self, row: InitiativeRow) -> str:
        return row.title

    def detail(self, row: InitiativeRow) -> str:
        lines = [f"{INITIATIVE_KIND_LABELS[row.kind]}: {row.title}"]
        who = [part for part in (row.authors, row.unit_name) if part]
        lines.append("Tác giả, đơn vị: " + (" – ".join(who) if who else "chưa ghi"))
        lines.append(f"Lĩnh vực: {row.sector_label or OTHER_SECTOR_LABEL}")
        if row.recognition_text:
            lines.append(f"Công nhận: {row.recognition_text}")
        if row.summary:
            lines.append(f"Nội dung: {row.summary}")
        if row.benefits:
            lines.append(f"Hiệu quả: {row.benefits}")
        return "\n".join(lines)

    def summary(self, rows: list[InitiativeRow]) -> str:
        recognised = sum(1 for r in rows if r.recognition_level is not None)
        return f", trong đó {format_number(recognised)} đã được công nhận"


class ContributionsTab(RecordListTab):
    noun = "đóng góp"
    search_placeholder = "Gõ tên, địa chỉ hoặc nội dung đóng góp (không cần dấu)"
    export_sheet = "Đóng góp"
    export_title = "DANH SÁCH ĐÓNG GÓP CỦA TỔ CHỨC, CÁ NHÂN"

    def __init__(self, page: InitiativesPage):
        model: RecordTableModel[ContributionRow] = RecordTableModel(
            contribution_columns(),
            search_text=lambda r: f"{r.contributor_name} {r.address} {r.description}",
            default_sort=lambda r: collation_key(r.contributor_name),
        )
        super().__init__(page, model, [230, 80, 170, 105, 0, 120], 4)

    def load_rows(self, period_id: int) -> list[ContributionRow]:
        return list_contributions(self.page.db, period_id)

    def open_editor(self, record_id: int | None) -> int | None:
        from kt_desktop.gui.dialogs.contribution_dialog import ContributionDialog

        period_id = self.page.period_id()
        if period_id is None:
            return None
        dialog = ContributionDialog(
            self.page.db, period_id, self.page.period_name(), record_id, self
        )
        return dialog.ask()

    def delete(self, record_id: int) -> None:
        delete_contribution(self.page.db, record_id)

    def row_label(self, row: ContributionRow) -> str:
        return f"đóng góp của {row.contributor_name}"

    def detail(self, row: ContributionRow) -> str:
        who = CONTRIBUTOR_KIND_LABELS[row.contributor_kind]
        lines = [f"{who}: {row.contributor_name}" + (f", {row.address}" if row.address else "")]
        lines.append(f"Nội dung đóng góp: {row.description}")
        if row.value_vnd is not None:
            lines.append(f"Giá trị quy đổi: {format_number(row.value_vnd)} đồng")
        return "\n".join(lines)

    def summary(self, rows: list[ContributionRow]) -> str:
        total = sum(int(r.value_vnd) for r in rows if r.value_vnd is not None)
        return f", tổng giá trị quy đổi {format_number(total)} đồng" if total else ""


class InitiativesPage(QWidget):
    """Both lists share the period picker; `changed` tells that a record was saved or deleted."""

    changed = Signal()

    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self._loaded = False
        title = QLabel("Sáng kiến, giải pháp và đóng góp")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        note = QLabel(
            "Sáng kiến, giải pháp của tập thể, cá nhân và đóng góp về công sức, trí tuệ, "
            "vật chất cho chuyển đổi số của xã (Kế hoạch, mục III.1)."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(260)
        period_label = QLabel("Kỳ:")
        period_label.setBuddy(self.period_combo)
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period_combo)
        top.addStretch(1)

        self.initiatives_tab = InitiativesTab(self)
        self.contributions_tab = ContributionsTab(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.initiatives_tab, "Sáng kiến, giải pháp")
        self.tabs.addTab(self.contributions_tab, "Đóng góp của tổ chức, cá nhân")

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.period_combo.currentIndexChanged.connect(lambda _index: self.reload())
        for tab in (self.initiatives_tab, self.contributions_tab):
            tab.changed.connect(self.changed)

    def ensure_loaded(self) -> None:
        """Fill the period picker on first show; reload the lists every time."""
        if not self._loaded:
            fill_period_combo(self.period_combo, self.db, date.today())
            self._loaded = True
        self.reload()

    def period_id(self) -> int | None:
        data = self.period_combo.currentData()
        return int(data) if data is not None else None

    def period_name(self) -> str:
        return self.period_combo.currentText()

    def reload(self) -> None:
        self.initiatives_tab.reload()
        self.contributions_tab.reload()
