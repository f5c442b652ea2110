"""The shared frame of the register pages: search as you type, a kind filter, a table, actions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.record_table import RecordTableModel
from kt_desktop.gui.record_views import export_rows_to_excel, record_table_view
from kt_desktop.text import format_number


class RegisterPage(QWidget):
    """Subclasses supply the model, the kinds for the filter and the add/edit dialogs."""

    changed = Signal()  # the register changed; the home page's figures are stale

    title_text = ""
    noun = ""  # "đơn vị" / "cá nhân"
    search_placeholder = ""
    export_sheet = ""
    export_title = ""
    column_widths: list[int] = []
    stretch_column = 1

    def __init__(self, model: RecordTableModel, kinds: list[tuple[str, object]], parent=None):
        super().__init__(parent)
        self.model = model
        self._loaded = False

        title = QLabel(self.title_text)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.search_placeholder)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Tìm kiếm")
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Tất cả các loại", None)
        for label, value in kinds:
            self.kind_combo.addItem(label, value)
        self.inactive_check = QCheckBox("Hiện cả mục ngừng hoạt động")

        filter_row = QHBoxLayout()
        search_label = QLabel("Tìm:")
        search_label.setBuddy(self.search_edit)
        filter_row.addWidget(search_label)
        filter_row.addWidget(self.search_edit, 3)
        kind_label = QLabel("Loại:")
        kind_label.setBuddy(self.kind_combo)
        filter_row.addWidget(kind_label)
        filter_row.addWidget(self.kind_combo, 1)
        filter_row.addWidget(self.inactive_check)

        self.add_button = QPushButton(f"Thêm {self.noun}")
        self.edit_button = QPushButton("Sửa")
        self.toggle_button = QPushButton("Ngừng hoạt động")
        self.delete_button = QPushButton("Xóa")
        self.export_button = QPushButton("Xuất Excel")
        action_row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.toggle_button, self.delete_button):
            action_row.addWidget(button)
        action_row.addStretch(1)
        action_row.addWidget(self.export_button)

        self.table = record_table_view(self.model, self.column_widths, self.stretch_column)
        self.table.setSortingEnabled(True)
        # Start in the list's natural order (Vietnamese name order), not by a column.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

        self.count_label = QLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filter_row)
        layout.addLayout(action_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.search_edit.textChanged.connect(self.apply_filter)
        self.kind_combo.currentIndexChanged.connect(self.apply_filter)
        self.inactive_check.toggled.connect(self.apply_filter)
        self.add_button.clicked.connect(self.add_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button.clicked.connect(self.export_visible)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    # --- for subclasses --------------------------------------------------------------

    def load_rows(self) -> list:
        raise NotImplementedError

    def row_kind(self, row) -> object:
        raise NotImplementedError

    def row_id(self, row) -> int:
        return row.id

    def row_label(self, row) -> str:
        raise NotImplementedError

    def open_editor(self, record_id: int | None) -> int | None:
        """Show the add/edit dialog; the saved record's id, or None if cancelled."""
        raise NotImplementedError

    def set_active(self, record_id: int, active: bool) -> None:
        raise NotImplementedError

    def delete(self, record_id: int) -> None:
        raise NotImplementedError

    # --- behaviour -------------------------------------------------------------------

    def mark_stale(self) -> None:
        """Reload from the database the next time the page is shown."""
        self._loaded = False

    def ensure_loaded(self) -> None:
        """Load on first show: the home page must not pay for 20,000 people at start-up."""
        if not self._loaded:
            self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.model.set_rows(self.load_rows())
        self._loaded = True
        self.apply_filter()
        if select_id is not None:
            self.select_record(select_id)

    def apply_filter(self) -> None:
        kind = self.kind_combo.currentData()
        show_inactive = self.inactive_check.isChecked()

        def predicate(row) -> bool:
            if not show_inactive and not row.active:
                return False
            return kind is None or self.row_kind(row) == kind

        self.model.set_filter(self.search_edit.text(), predicate)
        self._update_count()

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        total = self.model.total_count()
        self.count_label.setText(
            f"Đang hiện {format_number(shown)} trong tổng số {format_number(total)} {self.noun}."
        )

    def selected_row(self):
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.row_at(indexes[0].row())

    def select_record(self, record_id: int) -> None:
        position = self.model.find_row(lambda row: self.row_id(row) == record_id)
        if position >= 0:
            self.table.selectRow(position)
            self.table.scrollTo(self.model.index(position, 0))

    def _update_buttons(self) -> None:
        row = self.selected_row()
        has_row = row is not None
        for button in (self.edit_button, self.toggle_button, self.delete_button):
            button.setEnabled(has_row)
        self.toggle_button.setText(
            "Cho hoạt động lại" if has_row and not row.active else "Ngừng hoạt động"
        )

    def add_record(self) -> None:
        saved_id = self.open_editor(None)
        if saved_id is not None:
            self.reload(select_id=saved_id)
            self.changed.emit()

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        saved_id = self.open_editor(self.row_id(row))
        if saved_id is not None:
            self.reload(select_id=saved_id)
            self.changed.emit()

    def toggle_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        try:
            self.set_active(self.row_id(row), not row.active)
        except UserError as error:
            messages.show_error(self, error)
            return
        if row.active and not self.inactive_check.isChecked():
            messages.show_info(
                self,
                "Đã ngừng hoạt động",
                f"“{self.row_label(row)}” đã chuyển sang ngừng hoạt động "
                "và được ẩn khỏi danh sách.",
                "Đánh dấu “Hiện cả mục ngừng hoạt động” để xem lại hoặc cho hoạt động lại.",
            )
        self.reload(select_id=self.row_id(row))
        self.changed.emit()

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if not messages.confirm(
            self,
            "Xóa khỏi danh sách",
            f"Xóa hẳn “{self.row_label(row)}” khỏi danh sách? Việc này không hoàn tác được.",
            yes_text="Xóa",
        ):
            return
        try:
            self.delete(self.row_id(row))
        except UserError as error:
            messages.show_error(self, error, title="Không xóa được")
            return
        self.reload()
        self.changed.emit()

    def export_visible(self) -> None:
        subtitle_parts = []
        if self.search_edit.text().strip():
            subtitle_parts.append(f"Tìm: “{self.search_edit.text().strip()}”")
        if self.kind_combo.currentData() is not None:
            subtitle_parts.append(f"Loại: {self.kind_combo.currentText()}")
        export_rows_to_excel(
            self, self.model, self.export_sheet, self.export_title, "; ".join(subtitle_parts)
        )

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.edit_selected()
            return
        super().keyPressEvent(event)
