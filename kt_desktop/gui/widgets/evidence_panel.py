"""The evidence files (minh chứng) of one result, registration or initiative: list, attach by
file dialog or drag and drop, view, open in another program, describe and remove."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.record_table import Column, RecordTableModel
from kt_desktop.gui.record_views import record_table_view
from kt_desktop.services.database import Database
from kt_desktop.services.evidence import (
    ALLOWED_EXTENSIONS,
    MAX_DESCRIPTION_LENGTH,
    MEDIA_EXCEL,
    MEDIA_IMAGE,
    MEDIA_PDF,
    MEDIA_WORD,
    EvidenceOwner,
    EvidenceRow,
    attach_file,
    format_size,
    list_evidence,
    remove_link,
    safe_copy_for_viewing,
    update_description,
)
from kt_desktop.text import format_date_short, format_number

NO_OWNER_NOTE = "Lưu kết quả trước khi đính kèm minh chứng."
DROP_HINT = "Có thể kéo thả tệp vào đây để đính kèm."


def _patterns(kind: str | None = None) -> str:
    return " ".join(
        f"*.{extension}"
        for extension, media in ALLOWED_EXTENSIONS.items()
        if kind is None or media == kind
    )


FILE_FILTER = ";;".join(
    [
        f"Tệp minh chứng ({_patterns()})",
        f"Tệp PDF ({_patterns(MEDIA_PDF)})",
        f"Ảnh ({_patterns(MEDIA_IMAGE)})",
        f"Văn bản Word ({_patterns(MEDIA_WORD)})",
        f"Bảng tính Excel ({_patterns(MEDIA_EXCEL)})",
    ]
)


def evidence_columns() -> list[Column[EvidenceRow]]:
    return [
        Column("Tên tệp", lambda r: r.file_name, tooltip=True),
        Column("Loại", lambda r: r.media_kind),
        Column(
            "Dung lượng",
            lambda r: format_size(r.size_bytes),
            sort_key=lambda r: r.size_bytes,
            align_right=True,
        ),
        Column("Mô tả", lambda r: r.description, tooltip=True),
        Column(
            "Ngày đính kèm",
            lambda r: format_date_short(r.attached_on),
            sort_key=lambda r: r.attached_at,
        ),
    ]


class ImagePreviewDialog(QDialog):
    """An attached picture, fitted to the window or at its own size."""

    def __init__(self, image_path: Path, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Xem ảnh – {title}")
        self.pixmap = QPixmap(str(image_path))
        if self.pixmap.isNull():
            raise UserError(
                f"Không hiển thị được ảnh “{title}”: tệp ảnh không đọc được hoặc định dạng này "
                "chưa xem được trong chương trình.",
                "Hãy dùng nút “Mở bằng chương trình khác”.",
            )
        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.image_label)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.size_label = QLabel(
            f"{format_number(self.pixmap.width())} × {format_number(self.pixmap.height())} điểm ảnh"
        )
        self.fit_button = QPushButton("Vừa khung")
        self.actual_button = QPushButton("Kích thước thật")
        close_button = QPushButton("Đóng")
        bar = QHBoxLayout()
        bar.addWidget(self.fit_button)
        bar.addWidget(self.actual_button)
        bar.addWidget(self.size_label)
        bar.addStretch(1)
        bar.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)
        self.fit_button.clicked.connect(self.fit)
        self.actual_button.clicked.connect(self.actual_size)
        close_button.clicked.connect(self.reject)
        self._fitted = True
        screen = QGuiApplication.primaryScreen()
        room = screen.availableSize() * 0.8 if screen is not None else QSize(1000, 800)
        self.resize(
            (self.pixmap.size() + QSize(60, 100)).boundedTo(room).expandedTo(QSize(480, 360))
        )
        self.fit()

    def fit(self) -> None:
        self._fitted = True
        self.scroll_area.setWidgetResizable(True)
        self._show_fitted()

    def actual_size(self) -> None:
        self._fitted = False
        self.scroll_area.setWidgetResizable(False)
        self.image_label.setPixmap(self.pixmap)
        self.image_label.adjustSize()

    def _show_fitted(self) -> None:
        room = self.scroll_area.viewport().size() - QSize(4, 4)
        if self.pixmap.width() <= room.width() and self.pixmap.height() <= room.height():
            self.image_label.setPixmap(self.pixmap)
            return
        self.image_label.setPixmap(
            self.pixmap.scaled(
                room,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self._show_fitted()


class DescriptionDialog(QDialog):
    def __init__(self, file_name: str, current: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Sửa mô tả tệp minh chứng")
        self.setMinimumWidth(480)
        label = QLabel(f"Mô tả cho tệp “{file_name}”:")
        label.setWordWrap(True)
        self.edit = QLineEdit(current)
        self.edit.setMaxLength(MAX_DESCRIPTION_LENGTH)
        self.edit.setPlaceholderText("Ví dụ: Biên bản họp thôn tháng 3, bản chụp có dấu")
        label.setBuddy(self.edit)
        buttons = QDialogButtonBox()
        buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)


class EvidencePanel(QWidget):
    """Files attached to `owner`; with no owner (a record not saved yet) everything is off."""

    # After a file is attached or removed, so the owner's page can refresh its counts.
    changed = Signal()

    def __init__(
        self,
        db: Database,
        owner: EvidenceOwner | None,
        parent: QWidget | None = None,
        no_owner_note: str = NO_OWNER_NOTE,
    ):
        super().__init__(parent)
        self.db = db
        self.owner: EvidenceOwner | None = None
        self.last_folder = Path.home()
        self.note_label = QLabel(no_owner_note)
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("color: #8a5a00; font-style: italic;")
        self.model: RecordTableModel[EvidenceRow] = RecordTableModel(
            evidence_columns(),
            search_text=lambda r: f"{r.file_name} {r.description}",
            default_sort=lambda r: (r.attached_at, r.link_id),
        )
        self.table = record_table_view(self.model, [230, 64, 90, 0, 120], 3)
        self.table.setMinimumHeight(120)
        self.attach_button = QPushButton("Đính kèm tệp…")
        self.view_button = QPushButton("Xem")
        self.open_button = QPushButton("Mở bằng chương trình khác")
        self.describe_button = QPushButton("Sửa mô tả…")
        self.remove_button = QPushButton("Gỡ tệp")
        self.count_label = QLabel()
        self.drop_label = QLabel(DROP_HINT)
        self.drop_label.setStyleSheet("color: #6a6a6a;")
        buttons = QHBoxLayout()
        for button in (
            self.attach_button,
            self.view_button,
            self.open_button,
            self.describe_button,
            self.remove_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        footer.addWidget(self.drop_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note_label)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self.setAcceptDrops(True)

        self.attach_button.clicked.connect(self.attach_from_dialog)
        self.view_button.clicked.connect(self.view_selected)
        self.open_button.clicked.connect(self.open_selected_externally)
        self.describe_button.clicked.connect(self.edit_description)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.doubleClicked.connect(lambda _index: self.view_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.set_owner(owner)

    # --- owner and list ------------------------------------------------------------------

    def set_owner(self, owner: EvidenceOwner | None) -> None:
        self.owner = owner
        self.note_label.setVisible(owner is None)
        self.drop_label.setVisible(owner is not None)
        self.reload()

    def reload(self, select_link: int | None = None) -> None:
        rows = list_evidence(self.db, self.owner) if self.owner is not None else []
        self.model.set_rows(rows)
        if select_link is not None:
            position = self.model.find_row(lambda r: r.link_id == select_link)
            if position >= 0:
                self.table.selectRow(position)
        total = sum(r.size_bytes for r in rows)
        self.count_label.setText(
            f"{format_number(len(rows))} tệp, {format_size(total)}" if rows else "Chưa có tệp nào."
        )
        self.count_label.setVisible(self.owner is not None)
        self._update_buttons()

    def rows(self) -> list[EvidenceRow]:
        return [self.model.row_at(i) for i in range(self.model.rowCount())]

    def selected_row(self) -> EvidenceRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    def _update_buttons(self, *_args) -> None:
        has_owner = self.owner is not None
        has_row = has_owner and self.selected_row() is not None
        self.attach_button.setEnabled(has_owner)
        for button in (
            self.view_button,
            self.open_button,
            self.describe_button,
            self.remove_button,
        ):
            button.setEnabled(has_row)
        self.table.setEnabled(has_owner)

    # --- attaching -----------------------------------------------------------------------

    def ask_files(self) -> list[Path]:
        """The files the clerk picks (a separate method so tests can answer it)."""
        chosen, _ = QFileDialog.getOpenFileNames(
            self, "Chọn tệp minh chứng", str(self.last_folder), FILE_FILTER
        )
        return [Path(name) for name in chosen]

    def attach_from_dialog(self) -> None:
        if self.owner is None:
            return
        paths = self.ask_files()
        if paths:
            self.last_folder = paths[0].parent
            self.attach_paths(paths)

    def attach_paths(self, paths: Sequence[Path]) -> int:
        """Attach each file; report every failure in one message. Returns how many attached."""
        if self.owner is None or not paths:
            return 0
        attached: list[int] = []
        failures: list[tuple[str, UserError]] = []
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            for path in paths:
                try:
                    attached.append(attach_file(self.db, self.owner, path))
                except UserError as error:
                    failures.append((path.name, error))
        finally:
            QGuiApplication.restoreOverrideCursor()
        if attached:
            self.reload(select_link=attached[-1])
            self.changed.emit()
        if len(failures) == 1 and len(paths) == 1:
            messages.show_error(self, failures[0][1], title="Chưa đính kèm được")
        elif failures:
            done = f"Đã đính kèm {format_number(len(attached))} tệp; " if attached else ""
            messages.show_error(
                self,
                UserError(
                    f"{done}{format_number(len(failures))} trong {format_number(len(paths))} "
                    "tệp chưa đính kèm được:",
                    "\n".join(f"• {name}: {error.message}" for name, error in failures),
                ),
                title="Chưa đính kèm được",
            )
        return len(attached)

    @staticmethod
    def _local_files(event) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event) -> None:
        if self.owner is not None and self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        paths = self._local_files(event)
        if self.owner is None or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.attach_paths(paths)

    # --- viewing -------------------------------------------------------------------------

    def show_dialog(self, dialog: QDialog) -> None:
        """Run a viewer dialog (a separate method so tests never block on exec())."""
        dialog.exec()

    def open_url(self, url: QUrl) -> bool:
        """Hand a file to the system's program for it (a separate method for tests)."""
        return QDesktopServices.openUrl(url)

    def _safe_copy(self, row: EvidenceRow) -> Path | None:
        try:
            return safe_copy_for_viewing(self.db, row.link_id)
        except UserError as error:
            messages.show_error(self, error, title="Chưa mở được tệp")
            return None

    def view_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if row.media_kind not in (MEDIA_PDF, MEDIA_IMAGE):
            # Word and Excel files have no viewer inside the program.
            self.open_selected_externally()
            return
        copy = self._safe_copy(row)
        if copy is None:
            return
        try:
            if row.media_kind == MEDIA_PDF:
                from kt_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog

                dialog: QDialog = PdfPreviewDialog(
                    copy.read_bytes(), row.file_name, row.file_name, self
                )
            else:
                dialog = ImagePreviewDialog(copy, row.file_name, self)
        except UserError as error:
            messages.show_error(self, error, title="Chưa xem được tệp")
            return
        except OSError:
            messages.show_error(self, f"Không đọc được bản sao của tệp “{row.file_name}”.")
            return
        self.show_dialog(dialog)

    def open_selected_externally(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        copy = self._safe_copy(row)
        if copy is None:
            return
        if not self.open_url(QUrl.fromLocalFile(str(copy))):
            messages.show_error(
                self,
                UserError(
                    f"Không mở được tệp “{row.file_name}” bằng chương trình khác.",
                    "Máy tính có thể chưa cài chương trình đọc loại tệp này "
                    "(trình xem PDF, Word hoặc Excel).",
                ),
                title="Chưa mở được tệp",
            )

    # --- describing and removing -----------------------------------------------------------

    def ask_description(self, row: EvidenceRow) -> str | None:
        """The new description, or None if the clerk cancels (a separate method for tests)."""
        dialog = DescriptionDialog(row.file_name, row.description, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.edit.text()

    def edit_description(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        text = self.ask_description(row)
        if text is None:
            return
        try:
            update_description(self.db, row.link_id, text)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.reload(select_link=row.link_id)

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if not messages.confirm(
            self,
            "Gỡ tệp minh chứng",
            f"Gỡ tệp “{row.file_name}” khỏi danh sách minh chứng? "
            "Tệp gốc trên máy của bạn không bị ảnh hưởng.",
            yes_text="Gỡ tệp",
        ):
            return
        try:
            remove_link(self.db, row.link_id)
        except UserError as error:
            messages.show_error(self, error, title="Chưa gỡ được tệp")
            return
        self.reload()
        self.changed.emit()
