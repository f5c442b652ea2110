"""What every add/edit dialog shares: Vietnamese buttons, saving through a service, showing
the service's message in place (the dialog stays open), and ask() for its caller."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

from kt_desktop.errors import UserError, ValidationError


class RecordDialog(QDialog):
    """Subclasses call `setup_record_dialog` after building their form and implement
    `persist`, which saves through a service and returns the record's id."""

    def setup_record_dialog(
        self, buttons: QDialogButtonBox, error_label: QLabel, fields: dict[str, QWidget]
    ) -> None:
        self.saved_id: int | None = None
        self._error_label = error_label
        self._fields = fields
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if save is not None:
            save.setText("Lưu")
        if cancel is not None:
            cancel.setText("Hủy")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        error_label.hide()

    def persist(self) -> int:
        raise NotImplementedError

    def show_error(self, error: UserError) -> None:
        self._error_label.setText(str(error))
        self._error_label.show()
        if isinstance(error, ValidationError) and error.field in self._fields:
            widget = self._fields[error.field]
            widget.setFocus()
            select_all = getattr(widget, "selectAll", None)
            if callable(select_all):
                select_all()

    def save(self) -> None:
        try:
            self.saved_id = self.persist()
        except UserError as error:
            self.show_error(error)
            return
        self.accept()

    def ask(self) -> int | None:
        """Run the dialog; the saved record's id, or None if the user cancelled."""
        return self.saved_id if self.exec() == QDialog.DialogCode.Accepted else None
