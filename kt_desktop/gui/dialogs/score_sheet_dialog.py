"""Bảng điểm: every figure behind one unit's score, where each came from, and the total."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from kt_desktop.domain.enums import CriterionKind
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.gui.record_views import export_rows_to_excel, record_table_view
from kt_desktop.services.database import Database
from kt_desktop.services.figures import round_score
from kt_desktop.services.results import ResultLine, UnitResults, figure_text
from kt_desktop.services.scoring import TIE_RULE_TEXT, PeriodScores
from kt_desktop.text import format_date_short, format_number

SCORING_RULES_TEXT = (
    "Cách tính: tiêu chí đạt chỉ tiêu được trọn trọng số; chưa đạt được điểm theo cài đặt "
    "(theo tỷ lệ hoặc 0 điểm); tiêu chí Có/Không và định tính được điểm do người xét chấm; "
    "kết quả chưa nộp hoặc bị trả lại được 0 điểm; tiêu chí không áp dụng không tính vào điểm "
    "tối đa; số liệu xác minh của đoàn kiểm tra thay cho số liệu báo cáo. "
    "Điểm = điểm đạt ÷ điểm tối đa × 100."
)


def _reported(line: ResultLine) -> str:
    if line.data is None or line.data.not_applicable:
        return ""
    return figure_text(line.kind, line.data.figure)


def _verified(line: ResultLine) -> str:
    if line.verified is None:
        return ""
    when = f" ({format_date_short(line.verified_on)})" if line.verified_on else ""
    return figure_text(line.kind, line.verified) + when


def _remark(line: ResultLine) -> str:
    data = line.data
    if data is None:
        return "Đơn vị chưa nộp kết quả"
    parts = []
    if data.not_applicable:
        parts.append(f"Không áp dụng: {data.not_applicable_reason}")
    if data.return_reason:
        parts.append(f"Trả lại: {data.return_reason}")
    if data.reviewer_points is not None:
        parts.append(f"Người xét chấm {format_number(data.reviewer_points)} điểm")
    elif line.kind == CriterionKind.QUALITATIVE:
        parts.append("Chưa chấm điểm")
    if line.verified_note:
        parts.append(f"Xác minh: {line.verified_note}")
    if data.note:
        parts.append(data.note)
    return "; ".join(parts)


def sheet_columns() -> list[Column[ResultLine]]:
    return [
        Column("Mã", lambda r: r.code),
        Column("Tiêu chí", lambda r: r.wording, tooltip=True),
        Column("Trọng số", lambda r: format_number(r.weight), align_right=True),
        Column("Chỉ tiêu", lambda r: r.target_text),
        Column("Số liệu báo cáo", _reported, tooltip=True),
        Column("Số liệu xác minh", _verified, tooltip=True),
        Column("Đánh giá", lambda r: r.met_text),
        Column(
            "Điểm đạt",
            lambda r: format_number(round_score(r.points)) if r.points is not None else "—",
            align_right=True,
        ),
        Column("Trạng thái", lambda r: r.status_text),
        Column("Nguồn", lambda r: r.source_text, tooltip=True),
        Column("Minh chứng", lambda r: format_number(r.evidence_count), align_right=True),
        Column("Ghi chú", _remark, tooltip=True),
    ]


class ScoreSheetDialog(QDialog):
    def __init__(
        self, db: Database, scores: PeriodScores, results: UnitResults, parent=None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.results = results
        self.setWindowTitle(f"Bảng điểm – {results.unit_name} – {results.period_name}")
        self.resize(1360, 660)
        score = scores.by_unit(results.unit_id)
        title = QLabel(f"<b>{results.unit_name}</b> · {results.period_name}")
        title.setStyleSheet("font-size: 13pt;")
        if score is not None and score.score is not None:
            total = (
                f"Điểm đạt {format_number(score.points, 2)} / tối đa "
                f"{format_number(score.maximum, 2)} → <b>{format_number(score.score, 2)} điểm</b>"
                f" – {score.band}. Hạng {score.rank}"
                + (" (đồng hạng)" if score.shared_rank else "")
                + f". Đạt {score.met} chỉ tiêu; {score.accepted} kết quả đã chấp nhận; "
                f"{score.not_applicable} tiêu chí không áp dụng."
            )
        else:
            total = "Đơn vị chưa có tiêu chí nào để chấm điểm."
        self.total_label = QLabel(total)
        self.total_label.setWordWrap(True)
        rules = QLabel(f"{SCORING_RULES_TEXT} {TIE_RULE_TEXT}")
        rules.setWordWrap(True)
        rules.setStyleSheet("color: #444;")
        self.model: RecordTableModel[ResultLine] = RecordTableModel(
            sheet_columns(), search_text=lambda r: r.code, default_sort=lambda r: 0
        )
        self.model.set_rows(results.lines)
        self.table = record_table_view(
            self.model, [48, 0, 60, 62, 140, 120, 78, 65, 100, 100, 78, 180], 1
        )
        export = QPushButton("Xuất Excel")
        export.clicked.connect(self.export)
        buttons = QDialogButtonBox()
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(export)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.total_label)
        layout.addWidget(rules)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def export(self) -> None:
        export_rows_to_excel(
            self,
            self.model,
            "Bảng điểm",
            f"BẢNG ĐIỂM – {self.results.unit_name.upper()} – {self.results.period_name.upper()}",
            self.total_label.text().replace("<b>", "").replace("</b>", ""),
        )
