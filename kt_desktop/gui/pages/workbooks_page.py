"""Trao đổi Excel: send report packets to the units, read back the workbooks they return (also
dropped onto the page), and import the registers of units and people."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.gui.dialogs import import_dialogs
from kt_desktop.services.database import Database
from kt_desktop.services.import_preview import ImportKind, ImportOutcome

BUTTON_STYLE = "QPushButton { font-size: 12pt; padding: 14px 18px; text-align: left; }"
DROP_STYLE = (
    "QLabel { border: 2px dashed #9aa7b8; border-radius: 8px; padding: 18px; color: #44546a; "
    "background: #f6f8fb; }"
)
DROP_ACTIVE_STYLE = (
    "QLabel { border: 2px dashed #2f6db5; border-radius: 8px; padding: 18px; color: #1d4f8c; "
    "background: #e6effa; }"
)
DROP_TEXT = "Kéo thả tệp Excel (.xlsx) đơn vị gửi về vào đây để đọc"


def _workbooks_of(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    data = event.mimeData()
    if not data.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
    return [path for path in paths if path.suffix.lower() in (".xlsx", ".xlsm", ".xls")]


class WorkbooksPage(QWidget):
    """Big buttons for the four exchanges, each with a sentence on what it does.

    ``changed`` is emitted after an import wrote something, so other pages reload."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.last_outcome: ImportOutcome | None = None
        self.setAcceptDrops(True)

        title = QLabel("Trao đổi Excel")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        intro = QLabel(
            "Các đơn vị báo cáo bằng Excel. Gửi cho mỗi đơn vị một gói báo cáo làm sẵn; khi đơn "
            "vị gửi lại (gói đã điền, hoặc bảng theo mẫu riêng của đơn vị), chương trình đọc "
            "tệp, cho xem trước từng dòng sẽ thêm hay sửa gì, và chỉ ghi khi bấm “Nhập dữ liệu”."
        )
        intro.setWordWrap(True)

        self.export_button = self._button("Gửi gói báo cáo cho các đơn vị…", self.export_packets)
        self.import_button = self._button("Nhập tệp Excel đơn vị gửi về…", self.import_workbook)
        self.units_button = self._button(
            "Nhập danh sách đơn vị…", lambda: self.import_register(ImportKind.UNITS)
        )
        self.people_button = self._button(
            "Nhập danh sách cá nhân…", lambda: self.import_register(ImportKind.PEOPLE)
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        rows = (
            (
                self.export_button,
                "Tạo một tệp Excel cho mỗi đơn vị được chọn: hướng dẫn, hạn gửi lại, các chỉ "
                "tiêu của đơn vị với ô để điền, kết quả năm trước để đối chiếu.",
            ),
            (
                self.import_button,
                "Đọc gói báo cáo đơn vị đã điền, hoặc bảng theo mẫu riêng của đơn vị (kết quả "
                "chỉ tiêu, Bình dân học vụ số, đề nghị khen thưởng, sáng kiến). Lỗi được chỉ rõ "
                "từng ô và có thể lưu thành tệp gửi lại đơn vị.",
            ),
            (
                self.units_button,
                "Thêm hoặc cập nhật đơn vị theo mã từ một tệp danh sách (Mã, Tên đơn vị, Loại, "
                "Người đứng đầu, Chức vụ, Điện thoại).",
            ),
            (
                self.people_button,
                "Thêm hoặc cập nhật cá nhân theo họ tên, năm sinh và đơn vị (Họ và tên, Giới "
                "tính, Năm sinh, Chức vụ, Đơn vị, Đối tượng).",
            ),
        )
        for row, (button, text) in enumerate(rows):
            note = QLabel(text)
            note.setWordWrap(True)
            note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(button, row, 0)
            grid.addWidget(note, row, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, 340)

        self.drop_area = QLabel(DROP_TEXT)
        self.drop_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_area.setStyleSheet(DROP_STYLE)
        self.drop_area.setMinimumHeight(90)

        self.outcome_label = QLabel()
        self.outcome_label.setWordWrap(True)
        self.outcome_label.setVisible(False)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(line)
        layout.addLayout(grid)
        layout.addWidget(self.drop_area)
        layout.addWidget(self.outcome_label)
        layout.addStretch(1)

    def _button(self, text: str, action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setStyleSheet(BUTTON_STYLE)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.clicked.connect(lambda _checked=False: action())
        return button

    def reload(self) -> None:
        """Nothing on this page shows the record; kept for the window's reload calls."""

    # --- actions -----------------------------------------------------------------------

    def export_packets(self) -> None:
        dialog = import_dialogs.ExportPacketsDialog(self.db, self)
        dialog.exec()
        dialog.deleteLater()

    def import_workbook(self, path: Path | None = None) -> ImportOutcome | None:
        return self._after(import_dialogs.run_import(self, self.db, path))

    def import_register(self, kind: ImportKind, path: Path | None = None) -> ImportOutcome | None:
        return self._after(import_dialogs.run_register_import(self, self.db, kind, path))

    def _after(self, outcome: ImportOutcome | None) -> ImportOutcome | None:
        if outcome is not None:
            self.last_outcome = outcome
            self.outcome_label.setText(f"Lần nhập vừa rồi: {outcome.message}")
            self.outcome_label.setVisible(True)
            if outcome.written:
                self.changed.emit()
        return outcome

    # --- drag and drop -----------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _workbooks_of(event):
            event.acceptProposedAction()
            self.drop_area.setStyleSheet(DROP_ACTIVE_STYLE)
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.drop_area.setStyleSheet(DROP_STYLE)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.drop_area.setStyleSheet(DROP_STYLE)
        paths = _workbooks_of(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.drop_files(paths)

    def drop_files(self, paths: list[Path]) -> None:
        """Read each dropped workbook in turn; an old .xls is let through so the safe reader
        can say what it is and how to save it as .xlsx."""
        for path in paths:
            self.import_workbook(path)
