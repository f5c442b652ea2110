"""Enter or correct one village's Bình dân học vụ số figures for a period, seeing the rate of
adults reaching the standard as the counts are typed."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.errors import ValidationError
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.services.database import Database
from kt_desktop.services.digital_literacy import (
    COUNT_LABELS,
    DigitalLiteracyInput,
    VillageRow,
    save_figures,
    village_rate,
)
from kt_desktop.text import clean_text, format_number, format_percent, parse_number, parse_percent

FORM_LABELS = {
    "classes_held": "Số lớp đã mở:",
    "trained_officials": "Cán bộ, công chức, viên chức được tập huấn:",
    "trained_pupils": "Học sinh được tập huấn:",
    "trained_other_adults": "Người dân khác được tập huấn:",
    "team_members": "Thành viên tổ công nghệ số cộng đồng:",
    "team_visits": "Lượt hỗ trợ người dân của tổ:",
    "adults_meeting_standard": "Số người đạt chuẩn:",
    "adult_population": "Dân số trưởng thành của thôn:",
}


def parse_count(text: str, label: str, field: str) -> int | None:
    """A count typed the Vietnamese way ("1.250"); None when empty."""
    cleaned = clean_text(text)
    if not cleaned:
        return None
    try:
        number = parse_number(cleaned)
    except ValueError as error:
        raise ValidationError(f"{label}: {error}", field=field) from None
    if number != number.to_integral_value():
        raise ValidationError(f"{label} phải là số nguyên, không có phần lẻ.", field=field)
    return int(number)


class DigitalLiteracyDialog(RecordDialog):
    def __init__(
        self,
        db: Database,
        period_id: int,
        period_name: str,
        row: VillageRow,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.period_id = period_id
        self.unit_id = row.unit_id
        self.setWindowTitle(f"Số liệu Bình dân học vụ số – {row.unit_name} – {period_name}")
        self.resize(620, 560)

        village = QLabel(row.unit_name)
        village.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.edits: dict[str, QLineEdit] = {}
        for name in COUNT_LABELS:
            edit = QLineEdit()
            edit.setMaximumWidth(140)
            self.edits[name] = edit

        training = QGroupBox("Lớp học và tập huấn")
        training_form = QFormLayout(training)
        team = QGroupBox("Tổ công nghệ số cộng đồng")
        team_form = QFormLayout(team)
        standard = QGroupBox("Người trưởng thành đạt chuẩn kỹ năng số cơ bản")
        standard_form = QFormLayout(standard)
        for name in ("classes_held", "trained_officials", "trained_pupils", "trained_other_adults"):
            training_form.addRow(FORM_LABELS[name], self.edits[name])
        for name in ("team_members", "team_visits"):
            team_form.addRow(FORM_LABELS[name], self.edits[name])
        for name in ("adults_meeting_standard", "adult_population"):
            standard_form.addRow(FORM_LABELS[name], self.edits[name])
        self.rate_label = QLabel()
        standard_form.addRow("Tỷ lệ đạt chuẩn:", self.rate_label)
        self.reported_rate_edit = QLineEdit()
        self.reported_rate_edit.setMaximumWidth(140)
        self.reported_rate_edit.setPlaceholderText("ví dụ 61,5")
        standard_form.addRow("Tỷ lệ theo báo cáo (%):", self.reported_rate_edit)
        hint = QLabel(
            "Chỉ ghi tỷ lệ theo báo cáo khi thôn báo tỷ lệ mà không có số người; "
            "có đủ hai số thì tỷ lệ được tính tự động."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        standard_form.addRow(hint)
        self.note_edit = QLineEdit()
        note_form = QFormLayout()
        note_form.addRow("Ghi chú:", self.note_edit)
        # One label width in every group, so the fields line up down the dialog.
        labels: list[QWidget] = []
        for form in (training_form, team_form, standard_form):
            for line in range(form.rowCount()):
                item = form.itemAt(line, QFormLayout.ItemRole.LabelRole)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    labels.append(widget)
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(width)

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(village)
        layout.addWidget(training)
        layout.addWidget(team)
        layout.addWidget(standard)
        layout.addLayout(note_form)
        layout.addStretch(1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)
        self.setup_record_dialog(
            self.button_box,
            self.error_label,
            {**self.edits, "reported_rate": self.reported_rate_edit, "note": self.note_edit},
        )
        for name in ("adults_meeting_standard", "adult_population"):
            self.edits[name].textChanged.connect(self._update_rate)
        self.reported_rate_edit.textChanged.connect(self._update_rate)
        if row.figures is not None:
            self.load(row.figures)
        self._update_rate()

    def load(self, data: DigitalLiteracyInput) -> None:
        for name, edit in self.edits.items():
            value = getattr(data, name)
            edit.setText("" if value is None else format_number(value))
        self.reported_rate_edit.setText(
            "" if data.reported_rate is None else format_number(data.reported_rate)
        )
        self.note_edit.setText(data.note)

    def _count(self, name: str) -> int | None:
        return parse_count(self.edits[name].text(), COUNT_LABELS[name], name)

    def _reported_rate(self) -> Decimal | None:
        text = clean_text(self.reported_rate_edit.text())
        if not text:
            return None
        try:
            return parse_percent(text)
        except ValueError as error:
            raise ValidationError(str(error), field="reported_rate") from None

    def _update_rate(self) -> None:
        try:
            data = DigitalLiteracyInput(
                adults_meeting_standard=self._count("adults_meeting_standard"),
                adult_population=self._count("adult_population"),
                reported_rate=self._reported_rate(),
            )
        except ValidationError:
            self.rate_label.setText("–")
            return
        rate = village_rate(data)
        if rate is None:
            self.rate_label.setText("chưa tính được (cần đủ hai số)")
        elif data.adult_population:
            self.rate_label.setText(format_percent(rate))
        else:
            self.rate_label.setText(f"{format_percent(rate)} (theo báo cáo)")

    def collect(self) -> DigitalLiteracyInput:
        # An empty count is zero, except the two behind the rate: those stay "not given".
        counts = {name: self._count(name) for name in COUNT_LABELS}
        return DigitalLiteracyInput(
            classes_held=counts["classes_held"] or 0,
            trained_officials=counts["trained_officials"] or 0,
            trained_pupils=counts["trained_pupils"] or 0,
            trained_other_adults=counts["trained_other_adults"] or 0,
            team_members=counts["team_members"] or 0,
            team_visits=counts["team_visits"] or 0,
            adults_meeting_standard=counts["adults_meeting_standard"],
            adult_population=counts["adult_population"],
            reported_rate=self._reported_rate(),
            note=self.note_edit.text(),
        )

    def persist(self) -> int:
        save_figures(self.db, self.period_id, self.unit_id, self.collect())
        return self.unit_id
