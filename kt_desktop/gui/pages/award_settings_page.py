"""Cài đặt → Khen thưởng: the award forms, their reward multiples and the base salary (each
dated), the Emulation and Commendation Council's members, and how the council meets and votes
(quorum, pass threshold, eligibility rules, what the suggestions take)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import MoneyRounding, RecipientKind
from kt_desktop.domain.labels import MONEY_ROUNDING_LABELS, RECIPIENT_KIND_LABELS
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.gui import messages
from kt_desktop.gui.dialogs.award_history_dialog import fill_table, read_only_table, selected_key
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.gui.dialogs.visit_dialog import date_edit, pydate
from kt_desktop.services.award_money import (
    BaseSalaryRow,
    FormRow,
    RateRow,
    add_base_salary,
    add_rate,
    delete_future_base_salary,
    delete_future_rate,
    list_base_salaries,
    list_forms,
    list_rates,
    save_form,
)
from kt_desktop.services.award_register import (
    CouncilMemberRow,
    delete_council_member,
    list_council_members,
    set_council_member_active,
)
from kt_desktop.services.award_settings import (
    RULE_TITLES,
    AwardSettings,
    EligibilityRule,
    get_award_settings,
    save_award_settings,
)
from kt_desktop.services.awards import quorum_needed, votes_needed
from kt_desktop.services.database import Database
from kt_desktop.services.scoring import EXCELLENT
from kt_desktop.text import clean_text, format_date_short, format_money, format_number, parse_number

ERROR_STYLE = "color: #b00020;"
NOTE_STYLE = "color: #555;"
HERE_TEXT = "Khen tại xã"
CITY_TEXT = "Đề nghị thành phố"
OF_ALL_TEXT = "tổng số thành viên Hội đồng"
OF_PRESENT_TEXT = "số thành viên có mặt"
TABLE_ROWS_SHOWN = 5


def _fit_rows(table: QTableWidget, rows: int) -> None:
    """A table inside the scrolling page shows its rows without a scroll bar of its own, up
    to a few; more scroll inside the table."""
    shown = max(2, min(rows, TABLE_ROWS_SHOWN))
    height = table.horizontalHeader().sizeHint().height() + 26 * shown + 2 * table.frameWidth()
    table.verticalHeader().setDefaultSectionSize(26)
    table.setFixedHeight(height + 2)


def _button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


def _dialog_frame(dialog: RecordDialog, form: QFormLayout, fields: dict[str, QWidget]) -> QLabel:
    """The form, the error line and Lưu/Hủy under it; the error label is returned."""
    error_label = QLabel()
    error_label.setStyleSheet(ERROR_STYLE)
    error_label.setWordWrap(True)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addStretch(1)
    layout.addWidget(error_label)
    layout.addWidget(buttons)
    dialog.setup_record_dialog(buttons, error_label, fields)
    return error_label


# --- the small editors --------------------------------------------------------------------


class AwardFormDialog(RecordDialog):
    def __init__(
        self, db: Database, form_row: FormRow | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.db = db
        self.form_row = form_row
        self.setWindowTitle(
            "Thêm hình thức khen thưởng" if form_row is None else "Sửa hình thức khen thưởng"
        )
        self.resize(620, 260)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("Ví dụ: GK-XA")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Ví dụ: Giấy khen của Chủ tịch Ủy ban nhân dân xã")
        self.short_edit = QLineEdit()
        self.short_edit.setPlaceholderText("Ví dụ: Giấy khen")
        self.where_combo = QComboBox()
        self.where_combo.addItem(HERE_TEXT, True)
        self.where_combo.addItem(CITY_TEXT, False)
        self.active_check = QCheckBox("Đang dùng")
        self.active_check.setChecked(True)
        form = QFormLayout()
        form.addRow("Mã:", self.code_edit)
        form.addRow("Tên hình thức:", self.name_edit)
        form.addRow("Tên in trên Giấy khen:", self.short_edit)
        form.addRow("Nơi quyết định:", self.where_combo)
        form.addRow("", self.active_check)
        self.error_label = _dialog_frame(
            self,
            form,
            {"code": self.code_edit, "name": self.name_edit, "short_name": self.short_edit},
        )
        if form_row is not None:
            self.code_edit.setText(form_row.code)
            self.name_edit.setText(form_row.name)
            self.short_edit.setText(form_row.short_name)
            self.where_combo.setCurrentIndex(0 if form_row.awarded_here else 1)
            self.active_check.setChecked(form_row.active)

    def persist(self) -> int:
        return save_form(
            self.db,
            self.form_row.id if self.form_row is not None else None,
            self.code_edit.text(),
            self.name_edit.text(),
            self.short_edit.text(),
            bool(self.where_combo.currentData()),
            self.active_check.isChecked(),
        )


class RateDialog(RecordDialog):
    """A new reward multiple from a date on; the older one keeps applying before it."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Thêm hệ số tiền thưởng mới")
        self.resize(560, 260)
        self.form_combo = QComboBox()
        for choice in list_forms(db, active_only=True):
            self.form_combo.addItem(choice.name, choice.id)
        self.kind_combo = QComboBox()
        for kind, label in RECIPIENT_KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.multiple_edit = QLineEdit()
        self.multiple_edit.setPlaceholderText("Ví dụ: 0,15")
        self.valid_from = date_edit(date.today())
        form = QFormLayout()
        form.addRow("Hình thức khen thưởng:", self.form_combo)
        form.addRow("Đối tượng:", self.kind_combo)
        form.addRow("Hệ số (lần mức lương cơ sở):", self.multiple_edit)
        form.addRow("Áp dụng từ ngày:", self.valid_from)
        form.addRow(
            _note(
                "Quyết định ban hành trước ngày này vẫn tính theo hệ số cũ; hệ số đã áp dụng "
                "không sửa, không xóa."
            )
        )
        self.error_label = _dialog_frame(
            self, form, {"multiple": self.multiple_edit, "valid_from": self.valid_from}
        )

    def persist(self) -> int:
        text = clean_text(self.multiple_edit.text())
        if not text:
            raise ValidationError("Hãy nhập hệ số, ví dụ 0,15.", field="multiple")
        try:
            multiple = parse_number(text)
        except ValueError as error:
            raise ValidationError(str(error), field="multiple") from error
        if self.form_combo.currentData() is None:
            raise ValidationError("Chưa có hình thức khen thưởng nào đang dùng.", field="form")
        add_rate(
            self.db,
            int(self.form_combo.currentData()),
            RecipientKind(self.kind_combo.currentData()),
            Decimal(multiple),
            pydate(self.valid_from),
        )
        return 0  # rates are listed again whole; any int says "saved"


class BaseSalaryDialog(RecordDialog):
    """A new base salary (and rounding of reward amounts) from a date on."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Thêm mức lương cơ sở mới")
        self.resize(560, 280)
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText("Ví dụ: 2.340.000")
        self.valid_from = date_edit(date.today())
        self.rounding_combo = QComboBox()
        for rounding, label in MONEY_ROUNDING_LABELS.items():
            self.rounding_combo.addItem(label, rounding)
        self.basis_edit = QLineEdit()
        self.basis_edit.setPlaceholderText("Ví dụ: Nghị định số 73/2024/NĐ-CP")
        form = QFormLayout()
        form.addRow("Mức lương cơ sở (đồng/tháng):", self.amount_edit)
        form.addRow("Áp dụng từ ngày:", self.valid_from)
        form.addRow("Làm tròn tiền thưởng:", self.rounding_combo)
        form.addRow("Căn cứ:", self.basis_edit)
        self.error_label = _dialog_frame(
            self, form, {"amount": self.amount_edit, "valid_from": self.valid_from}
        )

    def persist(self) -> int:
        text = clean_text(self.amount_edit.text())
        if not text:
            raise ValidationError("Hãy nhập mức lương cơ sở, ví dụ 2.340.000.", field="amount")
        try:
            amount = parse_number(text)
        except ValueError as error:
            raise ValidationError(str(error), field="amount") from error
        if amount != amount.to_integral_value():
            raise ValidationError(
                f"Mức lương cơ sở “{text}” phải là số đồng tròn, ví dụ 2.340.000.", field="amount"
            )
        add_base_salary(
            self.db,
            int(amount),
            pydate(self.valid_from),
            MoneyRounding(self.rounding_combo.currentData()),
            self.basis_edit.text(),
        )
        return 0  # listed again whole; any int says "saved"


# --- the tab ------------------------------------------------------------------------------


class AwardSettingsTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self._loaded = False
        self._forms: dict[int, FormRow] = {}
        self._rates: dict[int, RateRow] = {}
        self._salaries: dict[int, BaseSalaryRow] = {}
        self._members: dict[int, CouncilMemberRow] = {}

        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self._forms_box())
        column.addWidget(self._rates_box())
        column.addWidget(self._salary_box())
        column.addWidget(self._council_box())
        column.addWidget(self._meeting_box())
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)

    # --- sections ---------------------------------------------------------------------

    def _forms_box(self) -> QGroupBox:
        box = QGroupBox("Hình thức khen thưởng")
        self.forms_table = read_only_table(
            ["Mã", "Tên hình thức", "Tên in trên Giấy khen", "Nơi quyết định", "Đang dùng"],
            [80, 0, 160, 140, 90],
        )
        self.add_form_button = QPushButton("Thêm hình thức…")
        self.edit_form_button = QPushButton("Sửa…")
        layout = QVBoxLayout(box)
        layout.addLayout(_button_row(self.add_form_button, self.edit_form_button))
        layout.addWidget(self.forms_table)
        self.add_form_button.clicked.connect(self.add_form)
        self.edit_form_button.clicked.connect(self.edit_form)
        self.forms_table.doubleClicked.connect(lambda _index: self.edit_form())
        return box

    def _rates_box(self) -> QGroupBox:
        box = QGroupBox("Hệ số tiền thưởng")
        self.rates_table = read_only_table(
            ["Hình thức khen thưởng", "Đối tượng", "Hệ số", "Áp dụng từ"], [0, 110, 90, 110]
        )
        self.add_rate_button = QPushButton("Thêm hệ số mới…")
        self.delete_rate_button = QPushButton("Xóa hệ số chưa áp dụng")
        layout = QVBoxLayout(box)
        layout.addWidget(
            _note(
                "Tiền thưởng = hệ số × mức lương cơ sở, làm tròn đến hàng chục nghìn đồng. Mỗi "
                "hệ số áp dụng từ một ngày, nên quyết định cũ giữ nguyên số tiền đã tính."
            )
        )
        layout.addLayout(_button_row(self.add_rate_button, self.delete_rate_button))
        layout.addWidget(self.rates_table)
        self.add_rate_button.clicked.connect(self.add_rate)
        self.delete_rate_button.clicked.connect(self.delete_rate)
        return box

    def _salary_box(self) -> QGroupBox:
        box = QGroupBox("Mức lương cơ sở")
        self.salary_table = read_only_table(
            ["Mức lương cơ sở", "Áp dụng từ", "Làm tròn tiền thưởng", "Căn cứ"],
            [150, 110, 300, 0],
        )
        self.add_salary_button = QPushButton("Thêm mức mới…")
        self.delete_salary_button = QPushButton("Xóa mức chưa áp dụng")
        layout = QVBoxLayout(box)
        layout.addLayout(_button_row(self.add_salary_button, self.delete_salary_button))
        layout.addWidget(self.salary_table)
        self.add_salary_button.clicked.connect(self.add_base_salary)
        self.delete_salary_button.clicked.connect(self.delete_base_salary)
        return box

    def _council_box(self) -> QGroupBox:
        box = QGroupBox("Hội đồng Thi đua – Khen thưởng")
        self.council_table = read_only_table(
            ["Họ và tên", "Chức vụ", "Vai trò", "Là cá nhân", "Đứng đầu đơn vị", "Trạng thái"],
            [170, 0, 160, 150, 170, 110],
        )
        self.add_member_button = QPushButton("Thêm…")
        self.edit_member_button = QPushButton("Sửa…")
        self.toggle_member_button = QPushButton("Ngừng")
        self.delete_member_button = QPushButton("Xóa")
        layout = QVBoxLayout(box)
        layout.addLayout(
            _button_row(
                self.add_member_button,
                self.edit_member_button,
                self.toggle_member_button,
                self.delete_member_button,
            )
        )
        layout.addWidget(self.council_table)
        self.add_member_button.clicked.connect(self.add_member)
        self.edit_member_button.clicked.connect(self.edit_member)
        self.toggle_member_button.clicked.connect(self.toggle_member)
        self.delete_member_button.clicked.connect(self.delete_member)
        self.council_table.doubleClicked.connect(lambda _index: self.edit_member())
        self.council_table.itemSelectionChanged.connect(self._update_member_buttons)
        return box

    def _meeting_box(self) -> QGroupBox:
        box = QGroupBox("Họp và biểu quyết")
        self.quorum_numerator = self._spin(1, 100)
        self.quorum_denominator = self._spin(1, 100)
        quorum_row = QHBoxLayout()
        quorum_row.addWidget(QLabel("tối thiểu"))
        quorum_row.addWidget(self.quorum_numerator)
        quorum_row.addWidget(QLabel("/"))
        quorum_row.addWidget(self.quorum_denominator)
        quorum_row.addWidget(QLabel("số thành viên Hội đồng"))
        quorum_row.addStretch(1)

        self.pass_numerator = self._spin(1, 99)
        self.pass_denominator = self._spin(2, 100)
        self.pass_base_combo = QComboBox()
        self.pass_base_combo.addItem(OF_ALL_TEXT, False)
        self.pass_base_combo.addItem(OF_PRESENT_TEXT, True)
        pass_row = QHBoxLayout()
        pass_row.addWidget(QLabel("số phiếu tán thành quá"))
        pass_row.addWidget(self.pass_numerator)
        pass_row.addWidget(QLabel("/"))
        pass_row.addWidget(self.pass_denominator)
        pass_row.addWidget(self.pass_base_combo)
        pass_row.addStretch(1)
        self.meeting_summary = _note("")
        self.meeting_summary.setWordWrap(False)

        self.rule_checks: dict[str, QCheckBox] = {}
        rules = QVBoxLayout()
        rules.setSpacing(4)
        for code, title in RULE_TITLES.items():
            check = QCheckBox()
            label = QLabel(title)
            label.setWordWrap(True)
            label.setBuddy(check)
            # A long rule wraps in its label; clicking the words ticks the box.
            label.mousePressEvent = lambda _event, box=check: box.toggle()  # type: ignore
            line = QHBoxLayout()
            line.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(label, 1)
            rules.addLayout(line)
            self.rule_checks[code] = check

        self.route_years = self._spin(1, 10)
        self.route_initiatives = self._spin(0, 10)
        route_row = QHBoxLayout()
        route_row.addWidget(self.route_years)
        route_row.addWidget(QLabel("năm liên tục đạt danh hiệu, xếp loại, và"))
        route_row.addWidget(self.route_initiatives)
        route_row.addWidget(QLabel("sáng kiến được công nhận"))
        route_row.addStretch(1)
        self.top_per_kind = self._spin(0, 50)
        top_row = QHBoxLayout()
        top_row.addWidget(self.top_per_kind)
        top_row.addWidget(QLabel("đơn vị dẫn đầu mỗi khối trong bảng xếp hạng"))
        top_row.addStretch(1)
        self.top_band_check = QCheckBox(f"Gợi ý cả các đơn vị xếp loại “{EXCELLENT}”")
        self.save_meeting_button = QPushButton("Lưu cài đặt họp và biểu quyết")

        form = QFormLayout()
        form.addRow("Cuộc họp hợp lệ khi có mặt:", quorum_row)
        form.addRow("Đề nghị được thông qua khi:", pass_row)
        form.addRow("", self.meeting_summary)
        form.addRow("Điều kiện được kiểm tra:", rules)
        form.addRow("Bằng khen thành phố (cá nhân):", route_row)
        form.addRow("Gợi ý khen tập thể:", top_row)
        form.addRow("", self.top_band_check)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_meeting_button)
        layout.addLayout(save_row)
        for spin in (
            self.quorum_numerator,
            self.quorum_denominator,
            self.pass_numerator,
            self.pass_denominator,
        ):
            spin.valueChanged.connect(lambda _value: self._update_summary())
        self.pass_base_combo.currentIndexChanged.connect(lambda _index: self._update_summary())
        self.save_meeting_button.clicked.connect(self.save_meeting)
        return box

    @staticmethod
    def _spin(low: int, high: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setMinimumWidth(60)
        return spin

    # --- loading ----------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.refresh()

    def mark_stale(self) -> None:
        self._loaded = False

    def refresh(self) -> None:
        self._load_forms()
        self._load_rates()
        self._load_salaries()
        self._load_members()
        self.show_settings(get_award_settings(self.db))
        self._loaded = True

    def _load_forms(self) -> None:
        self._forms = {f.id: f for f in list_forms(self.db)}
        fill_table(
            self.forms_table,
            [
                [
                    f.code,
                    f.name,
                    f.short_name,
                    HERE_TEXT if f.awarded_here else CITY_TEXT,
                    "Có" if f.active else "Không",
                ]
                for f in self._forms.values()
            ],
            keys=list(self._forms),
        )
        _fit_rows(self.forms_table, len(self._forms))

    def _load_rates(self) -> None:
        self._rates = {r.id: r for r in list_rates(self.db)}
        fill_table(
            self.rates_table,
            [
                [
                    r.form_name,
                    RECIPIENT_KIND_LABELS[r.recipient_kind],
                    format_number(r.multiple),
                    format_date_short(r.valid_from),
                ]
                for r in self._rates.values()
            ],
            keys=list(self._rates),
            right_aligned=(2,),
        )
        _fit_rows(self.rates_table, len(self._rates))

    def _load_salaries(self) -> None:
        self._salaries = {s.id: s for s in list_base_salaries(self.db)}
        fill_table(
            self.salary_table,
            [
                [
                    format_money(s.amount),
                    format_date_short(s.valid_from),
                    MONEY_ROUNDING_LABELS[s.rounding],
                    s.legal_basis,
                ]
                for s in self._salaries.values()
            ],
            keys=list(self._salaries),
            right_aligned=(0,),
        )
        _fit_rows(self.salary_table, len(self._salaries))

    def _load_members(self) -> None:
        self._members = {m.id: m for m in list_council_members(self.db)}
        fill_table(
            self.council_table,
            [
                [
                    m.full_name,
                    m.position,
                    m.role_label,
                    m.person_name,
                    m.headed_unit_name,
                    "Đang tham gia" if m.active else "Đã ngừng",
                ]
                for m in self._members.values()
            ],
            keys=list(self._members),
        )
        _fit_rows(self.council_table, len(self._members) + 1)
        self._update_member_buttons()
        self._update_summary()

    def show_settings(self, settings: AwardSettings) -> None:
        self.quorum_numerator.setValue(settings.quorum_numerator)
        self.quorum_denominator.setValue(settings.quorum_denominator)
        self.pass_numerator.setValue(settings.pass_numerator)
        self.pass_denominator.setValue(settings.pass_denominator)
        self.pass_base_combo.setCurrentIndex(1 if settings.pass_of_present else 0)
        for code, check in self.rule_checks.items():
            check.setChecked(settings.rule_enabled(code))
        self.route_years.setValue(settings.route_years)
        self.route_initiatives.setValue(settings.route_initiatives)
        self.top_per_kind.setValue(settings.suggest_top_per_kind)
        self.top_band_check.setChecked(settings.suggest_top_band)
        self._update_summary()

    def settings(self) -> AwardSettings:
        return AwardSettings(
            quorum_numerator=self.quorum_numerator.value(),
            quorum_denominator=self.quorum_denominator.value(),
            pass_numerator=self.pass_numerator.value(),
            pass_denominator=self.pass_denominator.value(),
            pass_of_present=bool(self.pass_base_combo.currentData()),
            rules=tuple(
                EligibilityRule(code, check.isChecked()) for code, check in self.rule_checks.items()
            ),
            route_years=self.route_years.value(),
            route_initiatives=self.route_initiatives.value(),
            suggest_top_per_kind=self.top_per_kind.value(),
            suggest_top_band=self.top_band_check.isChecked(),
        )

    def _update_summary(self) -> None:
        """What the fractions mean for the council as it is now, in whole people."""
        members = sum(1 for m in self._members.values() if m.active)
        if not members:
            self.meeting_summary.setText("Chưa có thành viên Hội đồng nào đang tham gia.")
            return
        settings = self.settings()
        if not (
            settings.quorum_numerator <= settings.quorum_denominator
            and settings.pass_numerator < settings.pass_denominator
        ):
            self.meeting_summary.setText("")
            return
        quorum = quorum_needed(members, settings)
        votes = votes_needed(members, quorum, settings)
        when = f" (khi có {quorum} người dự họp)" if settings.pass_of_present else ""
        self.meeting_summary.setText(
            f"Hội đồng hiện có {members} thành viên: cần ít nhất {quorum} người dự họp; một đề "
            f"nghị cần ít nhất {votes} phiếu tán thành{when}."
        )

    # --- forms, rates, base salary ----------------------------------------------------

    def _selected(self, table: QTableWidget, rows: dict) -> object | None:
        key = selected_key(table)
        return rows.get(key) if isinstance(key, int) else None

    def add_form(self) -> None:
        if AwardFormDialog(self.db, None, self).ask() is not None:
            self._load_forms()

    def edit_form(self) -> None:
        form = self._selected(self.forms_table, self._forms)
        if not isinstance(form, FormRow):
            messages.show_info(self, "Chưa chọn", "Hãy chọn một hình thức khen thưởng để sửa.")
            return
        if AwardFormDialog(self.db, form, self).ask() is not None:
            self._load_forms()
            self._load_rates()

    def add_rate(self) -> None:
        if RateDialog(self.db, self).ask() is not None:
            self._load_rates()

    def delete_rate(self) -> None:
        rate = self._selected(self.rates_table, self._rates)
        if not isinstance(rate, RateRow):
            messages.show_info(self, "Chưa chọn", "Hãy chọn hệ số chưa áp dụng cần xóa.")
            return
        self._write(lambda: delete_future_rate(self.db, rate.id, self.today), self._load_rates)

    def add_base_salary(self) -> None:
        if BaseSalaryDialog(self.db, self).ask() is not None:
            self._load_salaries()

    def delete_base_salary(self) -> None:
        salary = self._selected(self.salary_table, self._salaries)
        if not isinstance(salary, BaseSalaryRow):
            messages.show_info(self, "Chưa chọn", "Hãy chọn mức lương cơ sở chưa áp dụng cần xóa.")
            return
        self._write(
            lambda: delete_future_base_salary(self.db, salary.id, self.today), self._load_salaries
        )

    # --- the council --------------------------------------------------------------------

    def _selected_member(self) -> CouncilMemberRow | None:
        member = self._selected(self.council_table, self._members)
        return member if isinstance(member, CouncilMemberRow) else None

    def _update_member_buttons(self) -> None:
        member = self._selected_member()
        for button in (
            self.edit_member_button,
            self.toggle_member_button,
            self.delete_member_button,
        ):
            button.setEnabled(member is not None)
        self.toggle_member_button.setText(
            "Cho tham gia lại" if member is not None and not member.active else "Ngừng"
        )

    def add_member(self) -> None:
        from kt_desktop.gui.dialogs.council_member_dialog import CouncilMemberDialog

        if CouncilMemberDialog(self.db, None, self).ask() is not None:
            self._load_members()

    def edit_member(self) -> None:
        from kt_desktop.gui.dialogs.council_member_dialog import CouncilMemberDialog

        member = self._selected_member()
        if member is not None and CouncilMemberDialog(self.db, member.id, self).ask() is not None:
            self._load_members()

    def toggle_member(self) -> None:
        member = self._selected_member()
        if member is not None:
            self._write(
                lambda: set_council_member_active(self.db, member.id, not member.active),
                self._load_members,
            )

    def delete_member(self) -> None:
        member = self._selected_member()
        if member is None:
            return
        if not messages.confirm(
            self,
            "Xóa thành viên Hội đồng",
            f"Xóa hẳn “{member.full_name}” khỏi danh sách Hội đồng?",
            yes_text="Xóa",
        ):
            return
        self._write(lambda: delete_council_member(self.db, member.id), self._load_members)

    # --- meeting settings ---------------------------------------------------------------

    def save_meeting(self) -> None:
        try:
            save_award_settings(self.db, self.settings())
        except UserError as error:
            messages.show_error(self, error)
            return
        messages.show_info(
            self,
            "Đã lưu",
            "Đã lưu cài đặt họp và biểu quyết của Hội đồng Thi đua – Khen thưởng.",
            "Kết quả biểu quyết đã ghi không đổi; cài đặt mới áp dụng cho lần ghi phiếu sau.",
        )

    def _write(self, action, reload) -> None:
        try:
            action()
        except UserError as error:
            messages.show_error(self, error)
            return
        reload()
