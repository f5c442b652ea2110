"""Settings → Mẫu văn bản: the fixed wording of each document kind, edited with a live preview
of a sample document; blanks are checked before anything is saved or printed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import DocumentKind
from kt_desktop.domain.labels import DOCUMENT_KIND_LABELS
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.services.database import Database
from kt_desktop.services.document_builder import preview_wording
from kt_desktop.services.wording import (
    PLACEHOLDERS,
    PageMargins,
    Wording,
    get_margins,
    get_wording,
    reset_wording,
    save_margins,
    save_wording,
)

PREVIEW_DELAY_MS = 400


def lines_of(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())


class WordingPage(QWidget):
    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self.kind_combo = QComboBox()
        for kind, label in DOCUMENT_KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.authority_edit = QLineEdit()
        self.bases_edit = QPlainTextEdit()
        self.closing_edit = QPlainTextEdit()
        self.recipients_edit = QPlainTextEdit()
        self.capacity_edit = QPlainTextEdit()
        for edit in (self.bases_edit, self.recipients_edit):
            edit.setTabChangesFocus(True)
        for edit in (self.closing_edit, self.capacity_edit):
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(70)
        self.margin_spins: dict[str, QDoubleSpinBox] = {}
        margins_row = QHBoxLayout()
        margins_row.addWidget(QLabel("Lề trang (mm):"))
        for name, label, low, high in (
            ("top", "trên", 20, 25),
            ("bottom", "dưới", 20, 25),
            ("left", "trái", 30, 35),
            ("right", "phải", 15, 20),
        ):
            spin = QDoubleSpinBox()
            spin.setRange(low, high)  # Decree 30's ranges: nothing else can be typed
            spin.setDecimals(0)
            spin.setSuffix(" mm")
            spin.valueChanged.connect(self._margins_changed)
            self.margin_spins[name] = spin
            caption = QLabel(label)
            caption.setBuddy(spin)
            margins_row.addWidget(caption)
            margins_row.addWidget(spin)
        self.save_margins_button = QPushButton("Lưu lề trang")
        self.save_margins_button.setEnabled(False)
        margins_row.addWidget(self.save_margins_button)
        margins_row.addStretch(1)

        form = QFormLayout()
        form.addRow("Loại văn bản:", self.kind_combo)
        form.addRow("Dòng thẩm quyền (nếu có):", self.authority_edit)
        form.addRow("Căn cứ (mỗi dòng một căn cứ):", self.bases_edit)
        form.addRow("Đoạn kết:", self.closing_edit)
        form.addRow("Nơi nhận (mỗi dòng một nơi):", self.recipients_edit)
        form.addRow("Thẩm quyền ký (mỗi dòng một dòng in):", self.capacity_edit)
        help_label = QLabel(
            "Chỗ điền dùng được: "
            + "; ".join(f"{{{name}}} – {meaning}" for name, meaning in PLACEHOLDERS.items())
            + ". Dấu “;” và “.” cuối mỗi căn cứ, mỗi nơi nhận được thêm tự động."
        )
        help_label.setWordWrap(True)
        help_label.setStyleSheet("color: #555;")
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        self.save_button = QPushButton("Lưu mẫu")
        self.reset_button = QPushButton("Khôi phục mẫu gốc")
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(margins_row)
        left_layout.addLayout(form)
        left_layout.addWidget(help_label)
        left_layout.addWidget(self.error_label)
        left_layout.addLayout(buttons)

        self._pdf_bytes = QByteArray()
        self._buffer: QBuffer | None = None
        self.preview_document = QPdfDocument(self)
        self.preview = QPdfView()
        self.preview.setDocument(self.preview_document)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(QLabel("Xem trước (văn bản mẫu):"))
        right_layout.addWidget(self.preview, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([520, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self._shown_kind: DocumentKind | None = None
        self._shown_wording: Wording | None = None
        self.authority_edit.textChanged.connect(self._timer.start)
        for edit in (self.bases_edit, self.closing_edit, self.recipients_edit, self.capacity_edit):
            edit.textChanged.connect(self._timer.start)
        self.save_button.clicked.connect(self.save)
        self.save_margins_button.clicked.connect(self.save_page_margins)
        self.reset_button.clicked.connect(self.reset)
        self._loaded = False

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.show_margins(get_margins(self.db))
            self.load_kind()

    def show_margins(self, margins: PageMargins) -> None:
        for name, spin in self.margin_spins.items():
            spin.blockSignals(True)
            spin.setValue(getattr(margins, name))
            spin.blockSignals(False)
        self.save_margins_button.setEnabled(False)

    def margins(self) -> PageMargins:
        return PageMargins(**{name: spin.value() for name, spin in self.margin_spins.items()})

    def _margins_changed(self) -> None:
        self.save_margins_button.setEnabled(True)
        self._timer.start()

    def save_page_margins(self) -> None:
        try:
            saved = save_margins(self.db, self.margins())
        except UserError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self.show_margins(saved)
        messages.show_info(self, "Đã lưu lề trang", "Các văn bản soạn từ nay dùng lề trang mới.")

    def kind(self) -> DocumentKind:
        return DocumentKind(self.kind_combo.currentData())

    def has_unsaved_changes(self) -> bool:
        return self._shown_wording is not None and self.collect() != self._shown_wording

    def _kind_changed(self) -> None:
        if self._shown_kind is not None and self.has_unsaved_changes():
            label = DOCUMENT_KIND_LABELS[self._shown_kind].lower()
            if not messages.confirm(
                self,
                "Mẫu chưa lưu",
                f"Mẫu {label} có sửa đổi chưa lưu. Bỏ các sửa đổi đó?",
                yes_text="Bỏ sửa đổi",
            ):
                self.kind_combo.blockSignals(True)
                self.kind_combo.setCurrentIndex(self.kind_combo.findData(self._shown_kind))
                self.kind_combo.blockSignals(False)
                return
        self.load_kind()

    def show_wording(self, wording: Wording) -> None:
        self.authority_edit.setText(wording.authority)
        self.authority_edit.setCursorPosition(0)
        self.bases_edit.setPlainText("\n".join(wording.legal_bases))
        self.closing_edit.setPlainText(wording.closing)
        self.recipients_edit.setPlainText("\n".join(wording.recipients))
        self.capacity_edit.setPlainText("\n".join(wording.signer_capacity))
        self._shown_kind = self.kind()
        # What the form shows, as collect() reads it back: the baseline for "unsaved".
        self._shown_wording = self.collect()
        self.refresh_preview()

    def load_kind(self) -> None:
        self.show_wording(get_wording(self.db, self.kind()))

    def collect(self) -> Wording:
        return Wording(
            authority=self.authority_edit.text(),
            legal_bases=lines_of(self.bases_edit),
            closing=self.closing_edit.toPlainText(),
            recipients=lines_of(self.recipients_edit),
            signer_capacity=lines_of(self.capacity_edit),
        )

    def refresh_preview(self) -> None:
        self._timer.stop()
        try:
            pdf = preview_wording(
                self.db, self.kind(), self.collect(), date.today().year, self.margins()
            )
        except UserError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self.error_label.hide()
        self.preview_document.close()
        self._pdf_bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._pdf_bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.preview_document.load(self._buffer)

    def save(self) -> None:
        try:
            saved = save_wording(self.db, self.kind(), self.collect())
        except UserError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self.show_wording(saved)
        messages.show_info(
            self,
            "Đã lưu mẫu",
            f"Đã lưu mẫu {DOCUMENT_KIND_LABELS[self.kind()].lower()}.",
            "Văn bản đã ban hành giữ nguyên lời văn lúc ban hành.",
        )

    def reset(self) -> None:
        label = DOCUMENT_KIND_LABELS[self.kind()].lower()
        if not messages.confirm(
            self, "Khôi phục mẫu gốc", f"Bỏ các sửa đổi và dùng lại mẫu {label} ban đầu?"
        ):
            return
        self.show_wording(reset_wording(self.db, self.kind()))
