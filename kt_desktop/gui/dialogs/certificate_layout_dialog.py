"""Mẫu Giấy khen: the blank's size, where each field goes and the printer's offsets, with a
live preview of a sample certificate; saved only when every value can be printed."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.documents.certificates import (
    FIELD_KEYS,
    MAX_OFFSET_MM,
    CertificateLayout,
    CertificateText,
    FieldBox,
    PrintMode,
    default_layout,
)
from kt_desktop.errors import UserError
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs.certificate_print_dialog import (
    DEFAULT_PRINTER,
    offer_to_open,
    save_pdf,
)
from kt_desktop.gui.printer_offsets import SettingsOffsetStore
from kt_desktop.services.award_certificates import (
    calibration_preview,
    get_certificate_layout,
    get_printer_offsets,
    layout_preview,
    sample_certificate_text,
    save_print_settings,
)
from kt_desktop.services.database import Database

PREVIEW_DELAY_MS = 250  # typing 1, 2, 5 in a box makes one preview, not three
PAGE_RANGE = (100.0, 450.0)
BOX_COLUMNS = ("x_mm", "y_mm", "width_mm", "height_mm", "font_size")
HEADERS = (
    "Ô",
    "X (mm)",
    "Y (mm)",
    "Rộng (mm)",
    "Cao (mm)",
    "Cỡ chữ (pt)",
    "In sẵn\ntrên phôi",
)
PRINTED_COLUMN = len(HEADERS) - 1
ERROR_STYLE = "color: #b00020;"
VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)


def _spin(low: float, high: float, step: float = 0.5, suffix: str = "") -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setLocale(VIETNAMESE)  # a decimal comma, as the clerk writes "1,5"
    box.setDecimals(1)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setSuffix(suffix)
    box.setKeyboardTracking(False)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    return box


class CertificateLayoutDialog(QDialog):
    """Edit the layout and one printer's offsets; Lưu checks and writes both or neither."""

    def __init__(self, db: Database, parent: QWidget | None = None, printer_name: str = "") -> None:
        super().__init__(parent)
        self.db = db
        self.printer_name = printer_name
        self.layout_value = get_certificate_layout(db)
        offset_x, offset_y = get_printer_offsets(SettingsOffsetStore(), printer_name)
        self.sample: CertificateText = sample_certificate_text(db)
        self.dirty = False
        self.preview_count = 0  # previews made, for tests and the curious
        self.preview_image: QImage | None = None
        self._pdf_bytes = QByteArray()
        self._pdf_buffer: QBuffer | None = None
        self._pdf = QPdfDocument(self)
        self.setWindowTitle("Mẫu Giấy khen và căn chỉnh máy in")
        self.resize(1460, 820)

        # --- the blank and its fields
        self.page_width = _spin(*PAGE_RANGE, suffix=" mm")
        self.page_height = _spin(*PAGE_RANGE, suffix=" mm")
        page_box = QGroupBox("Khổ phôi Giấy khen")
        page_form = QHBoxLayout(page_box)
        page_form.addWidget(QLabel("Rộng:"))
        page_form.addWidget(self.page_width)
        page_form.addSpacing(16)
        page_form.addWidget(QLabel("Cao:"))
        page_form.addWidget(self.page_height)
        page_form.addStretch(1)

        self.table = QTableWidget(len(FIELD_KEYS), len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(1, len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, 86 if column < PRINTED_COLUMN else 76)
        header.setStretchLastSection(True)
        self.spins: dict[str, dict[str, QDoubleSpinBox]] = {}
        for row, key in enumerate(FIELD_KEYS):
            box = self.layout_value.fields[key]
            label = QTableWidgetItem(box.label or key)
            label.setFlags(Qt.ItemFlag.ItemIsEnabled)
            label.setToolTip(box.label or key)
            self.table.setItem(row, 0, label)
            spins: dict[str, QDoubleSpinBox] = {}
            for column, name in enumerate(BOX_COLUMNS, start=1):
                spin = _spin(6.0, 72.0) if name == "font_size" else _spin(0.0, PAGE_RANGE[1])
                spin.setFrame(False)
                spin.valueChanged.connect(self._changed)
                self.table.setCellWidget(row, column, spin)
                spins[name] = spin
            self.spins[key] = spins
            printed = QTableWidgetItem()
            printed.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            printed.setToolTip(
                "Đánh dấu khi chữ này đã in sẵn trên phôi mua về: khi in chữ lên phôi sẽ bỏ qua."
            )
            self.table.setItem(row, PRINTED_COLUMN, printed)
        self.table.itemChanged.connect(lambda _item: self._changed())
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The whole table in view: no sideways scrolling to reach a field's numbers.
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.resizeColumnToContents(0)
        self.table.setMinimumWidth(
            self.table.horizontalHeader().length() + 2 * self.table.frameWidth() + 20
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeRowsToContents()
        rows_height = sum(self.table.rowHeight(row) for row in range(self.table.rowCount()))
        self.table.setMinimumHeight(
            self.table.horizontalHeader().sizeHint().height()
            + rows_height
            + 2 * self.table.frameWidth()
            + 2
        )
        fields_box = QGroupBox("Vị trí các ô (mm, tính từ góc trên bên trái của phôi)")
        fields_layout = QVBoxLayout(fields_box)
        fields_layout.addWidget(self.table)

        printer_label = printer_name or DEFAULT_PRINTER
        self.offset_x = _spin(-MAX_OFFSET_MM, MAX_OFFSET_MM, step=0.5, suffix=" mm")
        self.offset_y = _spin(-MAX_OFFSET_MM, MAX_OFFSET_MM, step=0.5, suffix=" mm")
        self.offset_x.setValue(offset_x)
        self.offset_y.setValue(offset_y)
        self.offset_x.valueChanged.connect(self._changed)
        self.offset_y.valueChanged.connect(self._changed)
        for spin in (self.offset_x, self.offset_y):
            spin.setMinimumWidth(110)
        offsets_box = QGroupBox(f"Độ lệch của máy in: {printer_label}")
        offsets_form = QVBoxLayout(offsets_box)
        offsets_row = QHBoxLayout()
        offsets_row.addWidget(QLabel("Ngang (+ sang phải):"))
        offsets_row.addWidget(self.offset_x)
        offsets_row.addSpacing(24)
        offsets_row.addWidget(QLabel("Dọc (+ xuống dưới):"))
        offsets_row.addWidget(self.offset_y)
        offsets_row.addStretch(1)
        offsets_form.addLayout(offsets_row)
        hint = QLabel(
            "In trang căn chỉnh, đặt phôi lên trên và soi dưới ánh sáng: chữ lệch sang phải "
            "bao nhiêu mm thì ghi độ lệch ngang âm bấy nhiêu."
        )
        hint.setWordWrap(True)
        offsets_form.addWidget(hint)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(page_box)
        left_layout.addWidget(fields_box)
        left_layout.addWidget(offsets_box)
        left_layout.addStretch(1)

        # --- the preview
        self.full_radio = QRadioButton("Như in đầy đủ trên giấy trắng")
        self.text_only_radio = QRadioButton("Như in chữ lên phôi")
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.full_radio)
        self.mode_group.addButton(self.text_only_radio)
        self.full_radio.setChecked(True)
        self.full_radio.toggled.connect(lambda _on: self.schedule_preview())
        modes = QHBoxLayout()
        modes.addWidget(QLabel("Xem trước:"))
        modes.addWidget(self.full_radio)
        modes.addWidget(self.text_only_radio)
        modes.addStretch(1)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(480, 340)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.preview.setStyleSheet("background: #8a8a8a;")
        self.preview_error = QLabel()
        self.preview_error.setWordWrap(True)
        self.preview_error.setStyleSheet(ERROR_STYLE)
        self.preview_error.hide()
        right = QGroupBox("Xem trước (mẫu chữ dài để thử)")
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(modes)
        right_layout.addWidget(self.preview, 1)
        right_layout.addWidget(self.preview_error)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        self.default_button = QPushButton("Mặc định")
        self.calibration_button = QPushButton("In trang căn chỉnh…")
        self.save_button = QPushButton("Lưu")
        self.close_button = QPushButton("Đóng")
        self.default_button.setToolTip("Đưa các ô về mẫu A4 ngang mặc định (chưa lưu).")
        self.default_button.clicked.connect(self.use_defaults)
        self.calibration_button.clicked.connect(self.save_calibration)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.default_button)
        buttons.addWidget(self.calibration_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        for button in (self.default_button, self.calibration_button, self.close_button):
            button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.page_width.valueChanged.connect(self._changed)
        self.page_height.valueChanged.connect(self._changed)
        self.fill(self.layout_value)
        self.dirty = False
        self.refresh_preview()

    # --- the form -------------------------------------------------------------------------

    def fill(self, layout: CertificateLayout) -> None:
        """Show `layout` in the form (one preview afterwards, not one per box)."""
        widgets: list[QWidget] = [self.page_width, self.page_height, self.table]
        widgets += [spin for spins in self.spins.values() for spin in spins.values()]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.page_width.setValue(layout.page_width_mm)
            self.page_height.setValue(layout.page_height_mm)
            for row, key in enumerate(FIELD_KEYS):
                box = layout.fields[key]
                for name, spin in self.spins[key].items():
                    spin.setValue(float(getattr(box, name)))
                item = self.table.item(row, PRINTED_COLUMN)
                if item is not None:
                    item.setCheckState(
                        Qt.CheckState.Checked if box.preprinted else Qt.CheckState.Unchecked
                    )
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.layout_value = layout
        self._changed()

    def current_layout(self) -> CertificateLayout:
        """The layout as the form shows it (not checked: the service does that)."""
        fields: dict[str, FieldBox] = {}
        for row, key in enumerate(FIELD_KEYS):
            base = self.layout_value.fields[key]
            spins = self.spins[key]
            item = self.table.item(row, PRINTED_COLUMN)
            preprinted = item is not None and item.checkState() == Qt.CheckState.Checked
            font_size = spins["font_size"].value()
            # A new size brings its own smallest size (60 %), as a new blank would.
            smallest = base.min_font_size if font_size == base.font_size else 0.0
            fields[key] = replace(
                base,
                x_mm=spins["x_mm"].value(),
                y_mm=spins["y_mm"].value(),
                width_mm=spins["width_mm"].value(),
                height_mm=spins["height_mm"].value(),
                font_size=font_size,
                min_font_size=smallest,
                preprinted=preprinted,
            )
        return CertificateLayout(
            page_width_mm=self.page_width.value(),
            page_height_mm=self.page_height.value(),
            fields=fields,
        )

    def offsets(self) -> tuple[float, float]:
        return self.offset_x.value(), self.offset_y.value()

    def mode(self) -> PrintMode:
        return PrintMode.FULL if self.full_radio.isChecked() else PrintMode.TEXT_ONLY

    def _changed(self, *_args: object) -> None:
        self.dirty = True
        self.schedule_preview()

    # --- the preview ------------------------------------------------------------------------

    def schedule_preview(self) -> None:
        self._timer.start()

    def refresh_preview(self) -> None:
        self._timer.stop()
        try:
            pdf = layout_preview(self.current_layout(), self.sample, self.mode(), *self.offsets())
        except UserError as error:
            # What can't be printed is said where the picture would be, without a box popping up
            # at every keystroke.
            self.preview_error.setText(error.message)
            self.preview_error.show()
            return
        self.preview_error.hide()
        self._pdf_bytes = QByteArray(pdf)
        buffer = QBuffer(self._pdf_bytes, self)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._pdf.load(buffer)
        if self._pdf_buffer is not None:
            self._pdf_buffer.deleteLater()
        self._pdf_buffer = buffer
        if self._pdf.status() != QPdfDocument.Status.Ready:
            self.preview_error.setText("Không hiển thị được bản xem trước.")
            self.preview_error.show()
            return
        points = self._pdf.pagePointSize(0)
        width = 1400  # sharp enough to read a 7 pt label when the dialog is maximised
        height = round(width * points.height() / points.width())
        # Pages render transparent: lay them on white paper.
        page = self._pdf.render(0, QSize(width, height))
        paper = QImage(page.size(), QImage.Format.Format_RGB32)
        paper.fill(Qt.GlobalColor.white)
        painter = QPainter(paper)
        painter.drawImage(0, 0, page)
        painter.end()
        self.preview_image = paper
        self.preview_count += 1
        self._show_image()

    def _show_image(self) -> None:
        if self.preview_image is None:
            return
        ratio = self.devicePixelRatioF()
        target = self.preview.size() * ratio
        pixmap = QPixmap.fromImage(self.preview_image).scaled(
            target,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        pixmap.setDevicePixelRatio(ratio)
        self.preview.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_image()

    # --- actions ----------------------------------------------------------------------------

    def use_defaults(self) -> None:
        self.fill(default_layout())

    def save_calibration(self) -> None:
        """The calibration page of what the form shows now, saved or not."""
        try:
            pdf = calibration_preview(self.current_layout(), *self.offsets())
        except UserError as error:
            messages.show_error(self, error)
            return
        target = save_pdf(self, pdf, "Lưu trang căn chỉnh máy in", "Trang căn chỉnh Giấy khen.pdf")
        if target is not None:
            offer_to_open(
                self,
                target,
                "Đã lưu trang căn chỉnh. Hãy in ở tỷ lệ 100% (không chọn “vừa trang”).",
            )

    def save(self) -> None:
        try:
            save_print_settings(
                self.db,
                SettingsOffsetStore(),
                self.current_layout(),
                self.printer_name,
                *self.offsets(),
            )
        except UserError as error:
            messages.show_error(self, error, title="Chưa lưu được mẫu Giấy khen")
            return
        self.dirty = False
        self.accept()

    def reject(self) -> None:
        if self.dirty and not messages.confirm(
            self,
            "Bỏ thay đổi?",
            "Mẫu Giấy khen và độ lệch máy in đã sửa nhưng chưa lưu. Đóng và bỏ các thay đổi?",
            yes_text="Bỏ thay đổi",
        ):
            return
        super().reject()
