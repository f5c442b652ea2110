"""Cài đặt → Chấm điểm, minh chứng: how missed targets score, the bands' thresholds, how far a
verified figure may differ from the reported one before it is a discrepancy, the largest
evidence file accepted, and the check that every stored evidence file is intact."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import ScoringMode
from kt_desktop.domain.labels import SCORING_MODE_LABELS
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.services.database import Database
from kt_desktop.services.result_settings import (
    MAX_EVIDENCE_LIMIT_MB,
    ResultSettings,
    get_result_settings,
    save_result_settings,
)
from kt_desktop.services.scoring import COMPLETE, EXCELLENT, GOOD, NOT_COMPLETE, TIE_RULE_TEXT


def _threshold_box(suffix: str = " điểm") -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    # Decimal comma, as Vietnamese write numbers ("89,5 điểm").
    box.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    box.setRange(0, 100)
    box.setDecimals(1)
    box.setSuffix(suffix)
    box.setMinimumWidth(130)
    return box


class ResultSettingsPage(QWidget):
    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self.mode = QComboBox()
        for mode, label in SCORING_MODE_LABELS.items():
            self.mode.addItem(label, mode)
        self.excellent = _threshold_box()
        self.good = _threshold_box()
        self.complete = _threshold_box()
        self.rate_tolerance = _threshold_box(" điểm %")
        self.count_tolerance = _threshold_box("%")
        self.limit = QSpinBox()
        self.limit.setRange(1, MAX_EVIDENCE_LIMIT_MB)
        self.limit.setSuffix(" MB")
        self.save_button = QPushButton("Lưu cài đặt")
        self.check_button = QPushButton("Kiểm tra tệp minh chứng…")

        scoring = QGroupBox("Chấm điểm")
        form = QFormLayout(scoring)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("Tiêu chí có chỉ tiêu mà chưa đạt:", self.mode)
        form.addRow(f"“{EXCELLENT}” từ:", self.excellent)
        form.addRow(f"“{GOOD}” từ:", self.good)
        form.addRow(f"“{COMPLETE}” từ:", self.complete)
        below = QLabel(f"Dưới ngưỡng “{COMPLETE}”: “{NOT_COMPLETE}”. {TIE_RULE_TEXT}")
        below.setWordWrap(True)
        form.addRow(below)

        tolerance = QGroupBox("Chênh lệch số liệu kiểm tra")
        tolerance_form = QFormLayout(tolerance)
        tolerance_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        tolerance_form.addRow("Tỷ lệ xác minh lệch báo cáo quá:", self.rate_tolerance)
        tolerance_form.addRow("Số lượng xác minh lệch báo cáo quá:", self.count_tolerance)
        tolerance_note = QLabel(
            "Số liệu đoàn kiểm tra xác minh khác số liệu đơn vị báo cáo quá các ngưỡng này thì "
            "được liệt kê ở trang Chênh lệch số liệu (tỷ lệ tính bằng điểm phần trăm, số lượng "
            "tính bằng phần trăm của số báo cáo; câu trả lời Có/Không khác nhau luôn được liệt "
            "kê). Điểm và xếp hạng luôn theo số liệu xác minh, dù chênh lệch nhiều hay ít."
        )
        tolerance_note.setWordWrap(True)
        tolerance_form.addRow(tolerance_note)

        evidence = QGroupBox("Tệp minh chứng")
        evidence_form = QFormLayout(evidence)
        evidence_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.limit.setMinimumWidth(130)
        evidence_form.addRow("Dung lượng tối đa một tệp:", self.limit)
        where = QLabel(
            "Tệp minh chứng được chép vào thư mục dữ liệu của chương trình (mỗi nội dung lưu "
            "một lần), không phụ thuộc vào tệp gốc. Nút kiểm tra đối chiếu từng tệp với dấu "
            "vân tay SHA-256 đã ghi để phát hiện tệp bị mất hoặc bị sửa."
        )
        where.setWordWrap(True)
        evidence_form.addRow(where)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addStretch(1)
        evidence_form.addRow(check_row)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scoring)
        layout.addWidget(tolerance)
        layout.addWidget(evidence)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        self.check_button.clicked.connect(self.check_files)
        self._loaded = False

    def ensure_loaded(self) -> None:
        if self._loaded:
            return
        self.show_settings(get_result_settings(self.db))
        self._loaded = True

    def show_settings(self, settings: ResultSettings) -> None:
        self.mode.setCurrentIndex(self.mode.findData(settings.scoring_mode))
        self.excellent.setValue(float(settings.excellent_from))
        self.good.setValue(float(settings.good_from))
        self.complete.setValue(float(settings.complete_from))
        self.limit.setValue(settings.evidence_limit_mb)
        self.rate_tolerance.setValue(float(settings.discrepancy_rate_points))
        self.count_tolerance.setValue(float(settings.discrepancy_count_percent))

    def settings(self) -> ResultSettings:
        def exact(box: QDoubleSpinBox) -> Decimal:
            return Decimal(str(round(box.value(), 1))).normalize()

        return ResultSettings(
            # Qt hands the enum back as its plain string value.
            scoring_mode=ScoringMode(self.mode.currentData()),
            excellent_from=exact(self.excellent),
            good_from=exact(self.good),
            complete_from=exact(self.complete),
            evidence_limit_mb=self.limit.value(),
            discrepancy_rate_points=exact(self.rate_tolerance),
            discrepancy_count_percent=exact(self.count_tolerance),
        )

    def save(self) -> None:
        try:
            save_result_settings(self.db, self.settings())
        except UserError as error:
            messages.show_error(self, error)
            return
        messages.show_info(
            self,
            "Đã lưu",
            "Đã lưu cài đặt chấm điểm, chênh lệch số liệu và minh chứng.",
            "Điểm, xếp hạng và danh sách chênh lệch được tính lại theo cài đặt mới ở lần mở "
            "trang tiếp theo.",
        )

    def check_files(self) -> None:
        from kt_desktop.gui.dialogs.evidence_tools import run_integrity_check

        run_integrity_check(self, self.db)
