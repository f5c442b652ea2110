"""Enter or correct one unit's result on one criterion: the figure in the criterion's kind,
not applicable, source, review status, what an inspection verified, and the evidence files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import CriterionKind, ResultSource, ReviewStatus
from kt_desktop.domain.labels import RESULT_SOURCE_LABELS, REVIEW_STATUS_LABELS
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.services.database import Database
from kt_desktop.services.figures import Figure, is_met, measured
from kt_desktop.services.results import ResultInput, ResultLine, Verification, save_result
from kt_desktop.text import format_number, format_percent, parse_number

YES_NO_CHOICES = (("Chưa chọn", None), ("Có", True), ("Không", False))


def _number(edit: QLineEdit, label: str, field: str) -> Decimal | None:
    text = edit.text().strip()
    if not text:
        return None
    try:
        return parse_number(text)
    except ValueError as error:
        raise ValidationError(f"{label}: {error}", field=field) from None


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


class FigureFields(QWidget):
    """The inputs of one figure in a criterion's kind (used for reported and verified)."""

    def __init__(self, line: ResultLine, with_assessment: bool, parent=None) -> None:
        super().__init__(parent)
        self.kind = line.kind
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.numerator = QLineEdit()
        self.denominator = QLineEdit()
        self.value = QLineEdit()
        self.yes_no = QComboBox()
        for text, data in YES_NO_CHOICES:
            self.yes_no.addItem(text, data)
        self.assessment = QPlainTextEdit()
        self.assessment.setFixedHeight(70)
        # A rate read from a workbook that gave only its percentage: kept as reported until
        # the counts are typed (then the rate is computed from them).
        self.reported_rate: Decimal | None = None
        self.reported_rate_label = QLabel()
        self.reported_rate_label.hide()
        if line.kind == CriterionKind.RATE:
            form.addRow(self._label(line.numerator_label or "Tử số"), self.numerator)
            form.addRow(self._label(line.denominator_label or "Mẫu số"), self.denominator)
            form.addRow(self.reported_rate_label)
        elif line.kind == CriterionKind.COUNT:
            form.addRow("Số lượng:", self.value)
        elif line.kind == CriterionKind.YES_NO:
            form.addRow("Kết quả:", self.yes_no)
        elif with_assessment:
            form.addRow("Đánh giá, kết quả:", self.assessment)

    @staticmethod
    def _label(text: str) -> QLabel:
        label = QLabel(f"{text}:")
        label.setWordWrap(True)
        label.setMaximumWidth(300)
        return label

    def fields(self, prefix: str = "") -> dict[str, QWidget]:
        return {
            f"{prefix}numerator": self.numerator,
            f"{prefix}denominator": self.denominator,
            f"{prefix}value": self.value,
            f"{prefix}figure": self.numerator if self.kind == CriterionKind.RATE else self.value,
        }

    def show_figure(self, figure: Figure) -> None:
        for edit, number in (
            (self.numerator, figure.numerator),
            (self.denominator, figure.denominator),
            (self.value, figure.value),
        ):
            edit.setText(format_number(number) if number is not None else "")
        self.yes_no.setCurrentIndex(self.yes_no.findData(figure.yes_no))
        self.assessment.setPlainText(figure.assessment)
        if (
            self.kind == CriterionKind.RATE
            and figure.numerator is None
            and figure.value is not None
        ):
            self.reported_rate = figure.value
            self.reported_rate_label.setText(
                f"Đơn vị chỉ báo tỷ lệ {format_percent(figure.value, 2)} (không kèm tử số, mẫu "
                "số); nhập tử số và mẫu số nếu có để tính lại."
            )
            self.reported_rate_label.setWordWrap(True)
            self.reported_rate_label.show()

    def figure(self) -> Figure:
        if self.kind == CriterionKind.RATE:
            # A rate typed with only its percentage comes from old workbooks; here the
            # counts are asked for, so the rate is always computed.
            numerator = _number(self.numerator, "Tử số", "numerator")
            denominator = _number(self.denominator, "Mẫu số", "denominator")
            if numerator is None and denominator is None and self.reported_rate is not None:
                return Figure(value=self.reported_rate)
            return Figure(numerator=numerator, denominator=denominator)
        if self.kind == CriterionKind.COUNT:
            return Figure(value=_number(self.value, "Số lượng", "value"))
        if self.kind == CriterionKind.YES_NO:
            return Figure(yes_no=self.yes_no.currentData())
        return Figure(assessment=self.assessment.toPlainText())


class ResultDialog(RecordDialog):
    def __init__(
        self,
        db: Database,
        period_id: int,
        unit_id: int,
        unit_name: str,
        line: ResultLine,
        parent=None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.period_id = period_id
        self.unit_id = unit_id
        self.line = line
        self.today = today or date.today()
        self.setWindowTitle(f"Kết quả {line.code} – {unit_name}")
        self.resize(760, 780)

        heading = QLabel(f"<b>{unit_name}</b> · Tiêu chí <b>{line.code}</b>")
        wording = QLabel(line.wording)
        wording.setWordWrap(True)
        wording.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        target_words = f"Chỉ tiêu: {line.target_text}" if line.target_text else "Do người xét chấm"
        target = QLabel(f"{target_words} · Trọng số: {format_number(line.weight)} điểm")

        self.not_applicable = QCheckBox("Tiêu chí không áp dụng cho đơn vị này")
        self.not_applicable_reason = QLineEdit()
        self.not_applicable_reason.setPlaceholderText("Lý do không áp dụng")

        self.reported = FigureFields(line, with_assessment=True)
        self.judgement = QLabel()
        self.reviewer_points = QLineEdit()
        self.reviewer_points.setPlaceholderText(f"từ 0 đến {format_number(line.weight)}")
        self.received_on = QDateEdit(_qdate(self.today))
        self.received_on.setDisplayFormat("dd/MM/yyyy")
        self.received_on.setCalendarPopup(True)
        self.source = QComboBox()
        for source, label in RESULT_SOURCE_LABELS.items():
            self.source.addItem(label, source)
        self.source_file = QLineEdit()
        self.source_file.setPlaceholderText("Tên tệp Excel")
        self.source_row = QSpinBox()
        self.source_row.setRange(0, 1_000_000)
        self.source_row.setSpecialValueText("—")
        self.status = QComboBox()
        for status, label in REVIEW_STATUS_LABELS.items():
            self.status.addItem(label, status)
        self.return_reason = QLineEdit()
        self.return_reason.setPlaceholderText("Lý do trả lại")
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(60)

        figure_box = QGroupBox("Số liệu đơn vị báo cáo")
        figure_form = QFormLayout(figure_box)
        figure_form.addRow(self.reported)
        figure_form.addRow(self.judgement)
        if not line.target.has_target:
            figure_form.addRow("Điểm chấm:", self.reviewer_points)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source)
        source_row.addWidget(self.source_file, 1)
        source_row.addWidget(QLabel("dòng"))
        source_row.addWidget(self.source_row)
        figure_form.addRow("Ngày nhận:", self.received_on)
        figure_form.addRow("Nguồn số liệu:", source_row)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status)
        status_row.addWidget(self.return_reason, 1)
        figure_form.addRow("Trạng thái xem xét:", status_row)
        figure_form.addRow("Ghi chú:", self.note)

        self.verified_box = QGroupBox("Số liệu đoàn kiểm tra xác minh (nếu có)")
        self.verified_box.setCheckable(True)
        self.verified_box.setChecked(False)
        verified_form = QFormLayout(self.verified_box)
        self.verified = FigureFields(line, with_assessment=False)
        self.verified_on = QDateEdit(_qdate(self.today))
        self.verified_on.setDisplayFormat("dd/MM/yyyy")
        self.verified_on.setCalendarPopup(True)
        self.verified_note = QLineEdit()
        verified_form.addRow(self.verified)
        verified_form.addRow("Ngày xác minh:", self.verified_on)
        verified_form.addRow("Ghi chú xác minh:", self.verified_note)
        if line.kind == CriterionKind.QUALITATIVE:
            self.verified_box.hide()  # a qualitative criterion is judged by points, not figures

        from kt_desktop.gui.widgets.evidence_panel import EvidencePanel
        from kt_desktop.services.evidence import EvidenceOwner

        owner = EvidenceOwner("result", line.result_id) if line.result_id else None
        self.evidence = EvidencePanel(db, owner)
        self.evidence.setMinimumHeight(170)
        self.evidence_changed = False
        self.evidence.changed.connect(self._note_evidence_changed)
        evidence_box = QGroupBox("Minh chứng")
        QVBoxLayout(evidence_box).addWidget(self.evidence)

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.apply_button = buttons.addButton(
            "Lưu, tiếp tục", QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.apply_button.clicked.connect(self.apply)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(heading)
        layout.addWidget(wording)
        layout.addWidget(target)
        na_row = QHBoxLayout()
        na_row.addWidget(self.not_applicable)
        na_row.addWidget(self.not_applicable_reason, 1)
        layout.addLayout(na_row)
        layout.addWidget(figure_box)
        layout.addWidget(self.verified_box)
        layout.addWidget(evidence_box, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.error_label)
        outer.addWidget(buttons)

        fields: dict[str, QWidget] = {
            **self.reported.fields(),
            "reviewer_points": self.reviewer_points,
            "received_on": self.received_on,
            "return_reason": self.return_reason,
            "not_applicable_reason": self.not_applicable_reason,
            "note": self.note,
            "verified_on": self.verified_on,
            **self.verified.fields("verified_"),
        }
        self.setup_record_dialog(buttons, self.error_label, fields)
        self._fill()
        self.not_applicable.toggled.connect(self._update_state)
        self.source.currentIndexChanged.connect(self._update_state)
        self.status.currentIndexChanged.connect(self._update_state)
        for edit in (self.reported.numerator, self.reported.denominator, self.reported.value):
            edit.textChanged.connect(self._update_judgement)
        self.reported.yes_no.currentIndexChanged.connect(self._update_judgement)
        self._update_state()
        self._update_judgement()

    def _note_evidence_changed(self) -> None:
        self.evidence_changed = True

    # --- showing ---------------------------------------------------------------------

    def _fill(self) -> None:
        # A result saved without a receipt date keeps none unless the clerk sets one (the
        # date counts in the ranking's tie-break).
        self._unknown_received: QDate | None = None
        data = self.line.data
        if data is None:
            return
        self.not_applicable.setChecked(data.not_applicable)
        self.not_applicable_reason.setText(data.not_applicable_reason)
        self.reported.show_figure(data.figure)
        if data.reviewer_points is not None:
            self.reviewer_points.setText(format_number(data.reviewer_points))
        if data.received_on is not None:
            self.received_on.setDate(_qdate(data.received_on))
        else:
            self._unknown_received = self.received_on.date()
        self.source.setCurrentIndex(self.source.findData(data.source))
        self.source_file.setText(data.source_file)
        self.source_row.setValue(data.source_row or 0)
        self.status.setCurrentIndex(self.status.findData(data.review_status))
        self.return_reason.setText(data.return_reason)
        self.note.setPlainText(data.note)
        if self.line.verified is not None:
            self.verified_box.setChecked(True)
            self.verified.show_figure(self.line.verified)
            if self.line.verified_on is not None:
                self.verified_on.setDate(_qdate(self.line.verified_on))
            self.verified_note.setText(self.line.verified_note)

    def _update_state(self) -> None:
        applicable = not self.not_applicable.isChecked()
        self.not_applicable_reason.setEnabled(not applicable)
        self.reported.setEnabled(applicable)
        self.reviewer_points.setEnabled(applicable)
        self.verified_box.setEnabled(applicable)
        imported = self.source.currentData() == ResultSource.IMPORTED
        self.source_file.setEnabled(imported)
        self.source_row.setEnabled(imported)
        self.return_reason.setEnabled(self.status.currentData() == ReviewStatus.RETURNED)

    def _update_judgement(self) -> None:
        """Show the computed rate and met / not met as the user types."""
        if self.line.kind not in (CriterionKind.RATE, CriterionKind.COUNT, CriterionKind.YES_NO):
            self.judgement.hide()
            return
        try:
            figure = self.reported.figure()
        except UserError:
            self.judgement.setText("")
            return
        parts = []
        value = measured(self.line.kind, figure)
        if self.line.kind == CriterionKind.RATE and value is not None:
            parts.append(f"Tỷ lệ: {format_percent(value, 2)}")
        met = is_met(self.line.target, figure)
        if met is not None:
            parts.append("Đạt chỉ tiêu" if met else "Chưa đạt chỉ tiêu")
        self.judgement.setText(" · ".join(parts))

    # --- saving ----------------------------------------------------------------------

    def _input(self) -> ResultInput:
        points_text = self.reviewer_points.text().strip()
        points = None
        if points_text and self.reviewer_points.isVisibleTo(self):
            points = _number(self.reviewer_points, "Điểm chấm", "reviewer_points")
        row = self.source_row.value()
        return ResultInput(
            figure=self.reported.figure() if not self.not_applicable.isChecked() else Figure(),
            note=self.note.toPlainText(),
            not_applicable=self.not_applicable.isChecked(),
            not_applicable_reason=self.not_applicable_reason.text(),
            source=self.source.currentData(),
            source_file=self.source_file.text(),
            source_row=row or None,
            received_on=None
            if self.received_on.date() == self._unknown_received
            else _pydate(self.received_on),
            review_status=self.status.currentData(),
            return_reason=self.return_reason.text(),
            reviewer_points=points,
        )

    def persist(self) -> int:
        verifying = (
            self.line.kind != CriterionKind.QUALITATIVE
            and self.verified_box.isChecked()
            and not self.not_applicable.isChecked()
        )
        verification = None
        if verifying:
            verification = Verification(
                self.verified.figure(), _pydate(self.verified_on), self.verified_note.text()
            )
        return save_result(
            self.db,
            self.period_id,
            self.unit_id,
            self.line.criterion_id,
            self._input(),
            self.today,
            verification=verification,
            clear_verified=not verifying,
        )

    def apply(self) -> None:
        """Save and stay: a new result can then take its evidence files."""
        try:
            self.saved_id = self.persist()
        except UserError as error:
            self.show_error(error)
            return
        self.error_label.hide()
        from kt_desktop.services.evidence import EvidenceOwner

        self.evidence.set_owner(EvidenceOwner("result", self.saved_id))
        self.apply_button.setText("Đã lưu")

    def ask(self) -> int | None:
        """The result's id if anything was saved (also by "Lưu, tiếp tục"), else None."""
        accepted = self.exec() == QDialog.DialogCode.Accepted
        return self.saved_id if accepted or self.saved_id else None
