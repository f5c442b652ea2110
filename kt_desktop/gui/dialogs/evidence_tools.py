"""Tools for the evidence files as a whole: check that every stored file is intact, and copy a
period's files (one unit's, if chosen) to a folder for an inspection or a USB stick."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.services.database import Database
from kt_desktop.services.evidence import (
    IntegrityEntry,
    IntegrityReport,
    check_integrity,
    export_files,
    period_file_count,
)
from kt_desktop.text import format_number

CHECK_TITLE = "Kiểm tra tệp minh chứng"
EXPORT_TITLE = "Xuất tệp minh chứng"


class _Progress:
    """A progress dialog with a stop button, fed by a service's (done, total) callback."""

    def __init__(self, parent: QWidget | None, text: str) -> None:
        self.dialog = QProgressDialog(text, "Dừng", 0, 0, parent)
        self.dialog.setWindowTitle(text.rstrip("…"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)

    def __call__(self, done: int, total: int) -> bool:
        if self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        QApplication.processEvents()
        return not self.dialog.wasCanceled()

    def close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()


def _entry_lines(entries: list[IntegrityEntry]) -> list[str]:
    lines = []
    for entry in entries:
        where = "; ".join(entry.places) if entry.places else "không còn gắn với bản ghi nào"
        lines.append(f"• “{entry.file_name}” – {where}")
    return lines


def integrity_report_text(report: IntegrityReport) -> str:
    """The result of a check as the clerk reads it."""
    checked = format_number(report.checked)
    parts: list[str] = []
    if not report.complete:
        parts.append(f"Đã dừng sau khi kiểm tra {checked} trong {format_number(report.total)} tệp.")
    if report.total == 0:
        parts.append("Chưa có tệp minh chứng nào để kiểm tra.")
    elif not report.missing and not report.changed:
        if report.complete:
            parts.append(f"Đã kiểm tra {checked} tệp: tất cả nguyên vẹn.")
        else:
            parts.append("Các tệp đã kiểm tra đều nguyên vẹn.")
    else:
        problems = []
        if report.missing:
            problems.append(f"{format_number(len(report.missing))} tệp bị mất")
        if report.changed:
            problems.append(f"{format_number(len(report.changed))} tệp đã bị thay đổi")
        parts.append(
            f"Đã kiểm tra {checked} tệp: {format_number(report.intact)} tệp nguyên vẹn, "
            + ", ".join(problems)
            + "."
        )
    if report.missing:
        parts.append(
            "Tệp bị mất (không còn trong thư mục dữ liệu; hãy đính kèm lại bản gốc):\n"
            + "\n".join(_entry_lines(report.missing))
        )
    if report.changed:
        parts.append(
            "Tệp đã bị thay đổi (nội dung khác lúc đính kèm; hãy gỡ và đính kèm lại bản gốc):\n"
            + "\n".join(_entry_lines(report.changed))
        )
    if report.stray:
        folder = report.stray[0].parent
        parts.append(
            f"Có {format_number(len(report.stray))} tệp thừa trong thư mục minh chứng không "
            "thuộc bản ghi nào (có thể còn lại sau một lần đính kèm bị gián đoạn). Chúng không "
            f"ảnh hưởng đến dữ liệu. Thư mục: {folder}"
        )
    return "\n\n".join(parts)


class ReportDialog(QDialog):
    """A long report, readable and copyable, with a Close button."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 480)
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        copy_button = QPushButton("Chép nội dung")
        close_button = QPushButton("Đóng")
        copy_button.clicked.connect(lambda: QApplication.clipboard().setText(text))
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(copy_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)


def show_report(parent: QWidget | None, title: str, text: str) -> None:
    """Show a report dialog (a separate function so tests can record it)."""
    ReportDialog(title, text, parent).exec()


def ask_folder(parent: QWidget | None, title: str) -> Path | None:
    """The folder the clerk picks, or None (a separate function so tests can answer it)."""
    chosen = QFileDialog.getExistingDirectory(parent, title, str(Path.home()))
    return Path(chosen) if chosen else None


def run_integrity_check(parent: QWidget | None, db: Database) -> IntegrityReport | None:
    """Re-hash every stored file, showing progress; then say what was found."""
    progress = _Progress(parent, "Đang kiểm tra tệp minh chứng…")
    try:
        report = check_integrity(db, progress)
    except UserError as error:
        messages.show_error(parent, error, title="Chưa kiểm tra được")
        return None
    finally:
        progress.close()
    text = integrity_report_text(report)
    if report.missing or report.changed or report.stray or not report.complete:
        show_report(parent, CHECK_TITLE, text)
    else:
        messages.show_info(parent, CHECK_TITLE, text)
    return report


def export_period_files(
    parent: QWidget | None, db: Database, period_id: int, unit_id: int | None = None
) -> int | None:
    """Ask for a folder and copy the period's files into it; returns how many were copied."""
    try:
        total = period_file_count(db, period_id, unit_id)
    except UserError as error:
        messages.show_error(parent, error, title="Chưa xuất được")
        return None
    if total == 0:
        whose = "Đơn vị này" if unit_id is not None else "Kỳ này"
        messages.show_info(
            parent, "Không có tệp để xuất", f"{whose} chưa có tệp minh chứng nào được đính kèm."
        )
        return None
    folder = ask_folder(parent, "Chọn thư mục để chép tệp minh chứng vào")
    if folder is None:
        return None
    progress = _Progress(parent, "Đang chép tệp minh chứng…")
    try:
        copied = export_files(db, folder, period_id, unit_id, progress)
    except UserError as error:
        messages.show_error(parent, error, title="Chưa xuất được")
        return None
    finally:
        progress.close()
    if copied < total:
        messages.show_info(
            parent,
            EXPORT_TITLE,
            f"Đã dừng: đã chép {format_number(copied)} trong {format_number(total)} tệp "
            f"minh chứng vào thư mục “{folder.name}”.",
            str(folder),
        )
    else:
        messages.show_info(
            parent,
            EXPORT_TITLE,
            f"Đã chép {format_number(copied)} tệp minh chứng vào thư mục “{folder.name}”, "
            "mỗi đơn vị một thư mục con.",
            str(folder),
        )
    return copied
