"""Every message box and file dialog goes through here, so tests replace one function."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from kt_desktop.errors import UserError


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, detail: str = ""):
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    if detail:
        box.setInformativeText(detail)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    return box


def show_error(parent: QWidget | None, error: UserError | str, title: str = "Chưa thực hiện được"):
    if isinstance(error, UserError):
        text, detail = error.message, error.hint
    else:
        text, detail = str(error), ""
    _box(parent, QMessageBox.Icon.Warning, title, text, detail).exec()


def show_info(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    _box(parent, QMessageBox.Icon.Information, title, text, detail).exec()


def show_critical(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    _box(parent, QMessageBox.Icon.Critical, title, text, detail).exec()


def confirm(parent: QWidget | None, title: str, text: str, yes_text: str = "Đồng ý") -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Hủy", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes


def ask_save_path(
    parent: QWidget | None, title: str, suggested: Path, file_filter: str
) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    return Path(chosen) if chosen else None


def ask_date(parent: QWidget | None, title: str, text: str, initial: date) -> date | None:
    """Ask for one date (dd/mm/yyyy); None if the user cancels."""
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel, QVBoxLayout

    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    label = QLabel(text)
    label.setWordWrap(True)
    edit = QDateEdit(QDate(initial.year, initial.month, initial.day))
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    buttons = QDialogButtonBox()
    buttons.addButton("Đồng ý", QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(label)
    layout.addWidget(edit)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


def ask_text(
    parent: QWidget | None, title: str, text: str, initial: str = "", required: bool = True
) -> str | None:
    """Ask for a short text such as a reason; None if the user cancels."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.resize(460, 220)
    label = QLabel(text)
    label.setWordWrap(True)
    edit = QPlainTextEdit(initial)
    buttons = QDialogButtonBox()
    ok = buttons.addButton("Đồng ý", QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
    if required:
        edit.textChanged.connect(lambda: ok.setEnabled(bool(edit.toPlainText().strip())))
        ok.setEnabled(bool(initial.strip()))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(label)
    layout.addWidget(edit)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return edit.toPlainText().strip()
