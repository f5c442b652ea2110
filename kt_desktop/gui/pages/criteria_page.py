"""The criteria of each period: shown as the plan states them, editable until results exist."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.labels import (
    CONTENT_AREA_LABELS,
    CRITERION_KIND_LABELS,
    CRITERION_SUBJECT_LABELS,
)
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs.criterion_dialog import CriterionDialog, target_text
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.gui.record_views import record_table_view
from kt_desktop.services.criteria import (
    CriterionRow,
    PeriodCriteria,
    copy_criteria_from_previous,
    copy_source_name,
    delete_criterion,
    period_criteria,
)
from kt_desktop.services.database import Database
from kt_desktop.services.movement import current_period, list_periods
from kt_desktop.text import format_number


def criterion_columns() -> list[Column[CriterionRow]]:
    return [
        Column("Mã", lambda c: c.code, sort_key=lambda c: c.sort_order),
        Column("Mục", lambda c: c.section_ref),
        Column("Đối tượng", lambda c: CRITERION_SUBJECT_LABELS[c.subject].split(" (")[0]),
        Column("Loại", lambda c: CRITERION_KIND_LABELS[c.kind]),
        Column("Chỉ tiêu", lambda c: target_text(c.comparator, c.threshold, c.kind)),
        Column(
            "Trọng số",
            lambda c: format_number(c.weight),
            sort_key=lambda c: c.weight,
            align_right=True,
        ),
        Column(
            "Nội dung thi đua",
            lambda c: f"{c.content_area}. {CONTENT_AREA_LABELS[c.content_area]}",
            tooltip=True,
        ),
        Column("Nội dung tiêu chí", lambda c: c.wording, tooltip=True),
    ]


class CriteriaPage(QWidget):
    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self.current: PeriodCriteria | None = None
        title = QLabel("Tiêu chí thi đua theo kỳ")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(280)
        period_label = QLabel("Kỳ:")
        period_label.setBuddy(self.period_combo)
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period_combo)
        top.addStretch(1)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        self.add_button = QPushButton("Thêm tiêu chí")
        self.edit_button = QPushButton("Xem / sửa")
        self.delete_button = QPushButton("Xóa tiêu chí")
        self.copy_button = QPushButton("Sao chép bộ tiêu chí từ kỳ trước")
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.copy_button)

        self.model: RecordTableModel[CriterionRow] = RecordTableModel(
            criterion_columns(),
            search_text=lambda c: f"{c.code} {c.wording}",
            default_sort=lambda c: c.sort_order,
        )
        self.table = record_table_view(
            self.model, [60, 60, 115, 85, 75, 70, 220, 0], stretch_column=7
        )
        self.summary_label = QLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)

        self.period_combo.currentIndexChanged.connect(self.reload)
        self.add_button.clicked.connect(self.add_criterion)
        self.edit_button.clicked.connect(self.open_selected)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.delete_button.clicked.connect(self.delete_selected)
        self.copy_button.clicked.connect(self.copy_previous)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._loaded = False

    def ensure_loaded(self) -> None:
        if self._loaded:
            return
        periods = list_periods(self.db)
        self.period_combo.blockSignals(True)
        for period in periods:
            self.period_combo.addItem(period.name, period.id)
        default = current_period(periods, date.today())
        if default is not None:
            self.period_combo.setCurrentIndex(self.period_combo.findData(default.id))
        self.period_combo.blockSignals(False)
        self._loaded = True
        self.reload()

    def reload(self) -> None:
        period_id = self.period_combo.currentData()
        if period_id is None:
            return
        self.current = period_criteria(self.db, period_id)
        self.model.set_rows(self.current.criteria)
        self.model.set_filter("")
        if self.current.frozen:
            count = format_number(self.current.result_count)
            self.status_label.setText(
                f"Bộ tiêu chí của kỳ này đã khóa vì đã có {count} kết quả được ghi nhận: "
                "sửa lúc này sẽ làm sai điểm đã chấm. "
                "Có thể xem từng tiêu chí; muốn thay đổi hãy sửa ở kỳ sau."
            )
            self.status_label.setStyleSheet(
                "background: #fff4e5; border: 1px solid #f0b46a; padding: 6px;"
            )
        else:
            self.status_label.setText(
                "Bộ tiêu chí của kỳ này còn sửa được. Khi kỳ đã có kết quả, bộ tiêu chí sẽ "
                "tự động khóa để điểm đã chấm không bị thay đổi."
            )
            self.status_label.setStyleSheet("color: #555;")
        criteria = self.current.criteria
        measured = sum(1 for c in criteria if c.comparator is not None)
        self.summary_label.setText(
            f"{format_number(len(criteria))} tiêu chí, trong đó {format_number(measured)} "
            "chỉ tiêu định lượng. Nhấp đúp vào một dòng để xem đầy đủ."
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        frozen = self.current is not None and self.current.frozen
        has_row = bool(self.table.selectionModel().selectedRows())
        self.add_button.setEnabled(not frozen)
        self.delete_button.setEnabled(has_row and not frozen)
        self.copy_button.setEnabled(not frozen)
        self.edit_button.setEnabled(has_row)
        self.edit_button.setText("Xem" if frozen else "Xem / sửa")
        tip = "Kỳ này đã có kết quả nên bộ tiêu chí đã khóa." if frozen else ""
        for button in (self.add_button, self.delete_button, self.copy_button):
            button.setToolTip(tip)

    def _frozen_reason(self) -> str:
        if self.current is None or not self.current.frozen:
            return ""
        return (
            f"Kỳ “{self.current.period_name}” đã có {format_number(self.current.result_count)} "
            "kết quả nên tiêu chí chỉ được xem, không sửa được."
        )

    def selected(self) -> CriterionRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def add_criterion(self) -> None:
        if self.current is None:
            return
        dialog = CriterionDialog(self.db, self.current.period_id, parent=self)
        if dialog.ask() is not None:
            self.reload()

    def open_selected(self) -> None:
        row = self.selected()
        if row is None or self.current is None:
            return
        dialog = CriterionDialog(
            self.db,
            self.current.period_id,
            criterion=row.as_input(),
            criterion_id=row.id,
            frozen_reason=self._frozen_reason(),
            parent=self,
        )
        if dialog.ask() is not None:
            self.reload()

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        if not messages.confirm(
            self, "Xóa tiêu chí", f"Xóa tiêu chí {row.code} khỏi kỳ này?", yes_text="Xóa"
        ):
            return
        try:
            delete_criterion(self.db, row.id)
        except UserError as error:
            messages.show_error(self, error)
        self.reload()

    def copy_previous(self) -> None:
        if self.current is None:
            return
        try:
            source = copy_source_name(self.db, self.current.period_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        if source is None:
            messages.show_info(
                self,
                "Không có kỳ trước",
                f"Kỳ “{self.current.period_name}” là kỳ đầu tiên nên không có bộ tiêu chí nào "
                "để sao chép.",
            )
            return
        if not messages.confirm(
            self,
            "Sao chép bộ tiêu chí từ kỳ trước",
            f"Thay toàn bộ tiêu chí của kỳ “{self.current.period_name}” bằng bản sao bộ tiêu "
            f"chí của kỳ “{source}”?",
            yes_text="Thay",
        ):
            return
        try:
            count = copy_criteria_from_previous(self.db, self.current.period_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.reload()
        messages.show_info(
            self,
            "Đã sao chép",
            f"Đã sao chép {format_number(count)} tiêu chí từ kỳ “{source}”.",
        )
