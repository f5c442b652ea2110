"""One award proposal: a collective or an individual (from the register, or typed for someone
outside it) for a form, with the achievement line; when editing, the rules it fails and the
office's written reason to go ahead. A proposal in an issued decision is only shown."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kt_desktop.domain.enums import Gender, RecipientKind
from kt_desktop.domain.labels import GENDER_LABELS, PROPOSAL_SOURCE_LABELS
from kt_desktop.errors import ValidationError
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.gui.dialogs.visit_dialog import BANNER_STYLE, ERROR_STYLE, plain_text
from kt_desktop.services.award_money import list_forms
from kt_desktop.services.awards import (
    ProposalInput,
    ProposalLine,
    RoundView,
    add_proposal,
    update_proposal,
)
from kt_desktop.services.database import Database
from kt_desktop.services.participants import list_person_rows, list_unit_choices
from kt_desktop.text import (
    collation_key,
    format_money,
    key_matches,
    name_sort_key,
    search_key,
    search_needles,
)

OVERRIDE_LABEL = "Lý do vẫn đề nghị (bắt buộc nếu chưa đạt điều kiện):"
PASSED_STYLE = "color: #1b6e1b;"


def votes_text(line: ProposalLine) -> str:
    """ "7/1/1" (for, against, not voting), or "" before the vote."""
    if not line.voted:
        return ""
    return f"{line.votes_for}/{line.votes_against or 0}/{line.votes_abstain or 0}"


def result_text(line: ProposalLine) -> str:
    if line.passed is None:
        return "Chưa biểu quyết"
    return "Thông qua" if line.passed else "Không thông qua"


def lock_reason(view: RoundView, line: ProposalLine) -> str:
    """Why a locked proposal can't be changed, in a sentence."""
    if line.awarded_here and view.decision_number_text:
        return (
            f"Đề nghị này thuộc {view.decision_number_text} đã ban hành nên chỉ xem, không "
            "sửa hoặc bỏ được. Muốn khen thêm, hãy lập một đợt khen thưởng mới."
        )
    return "Hồ sơ đề nghị thành phố của đợt này đã gửi nên đề nghị chỉ xem, không sửa hoặc bỏ được."


def plain_label(text: str) -> QLabel:
    """A wrapped label shown as typed (a name with "<" or "&" is not read as markup)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class _Picker(QWidget):
    """A search box over a combo: typing part of a name (accents optional) narrows the list."""

    def __init__(self, items: list[tuple[int, str, str]], placeholder: str) -> None:
        super().__init__()
        self._items = items  # (id, label, folded search text)
        self.search = QLineEdit()
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.combo = QComboBox()
        self.combo.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.combo)
        self.search.textChanged.connect(lambda text: self.fill(text, self.current_id()))
        self.fill("", None)

    def fill(self, query: str, keep: int | None) -> None:
        needles = search_needles(query)
        self.combo.blockSignals(True)
        self.combo.clear()
        for item_id, label, folded in self._items:
            if not needles or key_matches(needles, folded):
                self.combo.addItem(label, item_id)
        index = self.combo.findData(keep) if keep is not None else -1
        self.combo.setCurrentIndex(index if index >= 0 else (0 if self.combo.count() else -1))
        self.combo.blockSignals(False)

    def current_id(self) -> int | None:
        data = self.combo.currentData()
        return int(data) if data is not None else None

    def select(self, item_id: int) -> None:
        self.search.clear()
        self.combo.setCurrentIndex(self.combo.findData(item_id))


class ProposalDialog(RecordDialog):
    """Add a collective (`kind` COLLECTIVE), add an individual (INDIVIDUAL), or edit
    `existing` (only its form, achievement and the reason to go ahead can change)."""

    def __init__(
        self,
        db: Database,
        view: RoundView,
        kind: RecipientKind,
        existing: ProposalLine | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.view = view
        self.kind = existing.recipient_kind if existing is not None else RecipientKind(kind)
        self.existing = existing
        self.read_only = existing is not None and existing.locked
        collective = self.kind == RecipientKind.COLLECTIVE
        if existing is None:
            self.setWindowTitle("Thêm tập thể được đề nghị" if collective else "Thêm cá nhân")
        elif self.read_only:
            self.setWindowTitle("Xem đề nghị khen thưởng")
        else:
            self.setWindowTitle("Sửa đề nghị khen thưởng")
        self.resize(720, 480 if existing is not None else 420)

        form = QFormLayout()
        form.addRow(QLabel(f"Đợt: <b>{escape(view.name)}</b>"))
        self.unit_picker: _Picker | None = None
        self.person_picker: _Picker | None = None
        self.outside_box: QWidget | None = None
        fields: dict[str, QWidget] = {}
        if existing is not None:
            self._recipient_rows(form, existing)
        elif collective:
            self.unit_picker = self._unit_picker()
            form.addRow("Tập thể:", self.unit_picker)
            fields["unit_id"] = fields["person_id"] = self.unit_picker.combo
        else:
            self._person_rows(form, fields)

        self.form_combo = QComboBox()
        forms = list_forms(db, active_only=True)
        if existing is not None and all(f.id != existing.form_id for f in forms):
            forms = [f for f in list_forms(db) if f.id == existing.form_id] + forms
        for award_form in forms:
            self.form_combo.addItem(award_form.name, award_form.id)
        if existing is not None:
            self.form_combo.setCurrentIndex(max(self.form_combo.findData(existing.form_id), 0))
        form.addRow("Hình thức khen thưởng:", self.form_combo)
        fields["form_id"] = self.form_combo

        self.achievement = plain_text(
            existing.achievement if existing is not None else view.achievement, 74
        )
        form.addRow("Thành tích:", self.achievement)
        fields["achievement"] = self.achievement

        self.override_reason = plain_text(existing.override_reason if existing else "", 64)
        self.failures_label = QLabel()
        self.failures_label.setWordWrap(True)
        if existing is not None and existing.locked:
            self._decided_rows(form, existing)
        elif existing is not None:
            self._rules_rows(form, existing)
            fields["override_reason"] = self.override_reason

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        if self.read_only and existing is not None:
            banner = QLabel(lock_reason(view, existing))
            banner.setWordWrap(True)
            banner.setStyleSheet(BANNER_STYLE)
            layout.addWidget(banner)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setup_record_dialog(buttons, self.error_label, fields)
        if self.read_only:
            save = buttons.button(QDialogButtonBox.StandardButton.Save)
            if save is not None:
                save.hide()
            cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
            if cancel is not None:
                cancel.setText("Đóng")
            self.form_combo.setEnabled(False)
            # Read-only rather than disabled: the text stays as legible as when it was decided.
            self.achievement.setReadOnly(True)

    # --- building ------------------------------------------------------------------------

    def _unit_picker(self) -> _Picker:
        units = [u for u in list_unit_choices(self.db) if u.active]
        units.sort(key=lambda u: collation_key(u.name))
        return _Picker(
            [(u.id, f"{u.name} ({u.code})", search_key(f"{u.code} {u.name}")) for u in units],
            "Gõ một phần tên hoặc mã đơn vị để lọc (gõ không dấu cũng được)…",
        )

    def _person_rows(self, form: QFormLayout, fields: dict[str, QWidget]) -> None:
        self.in_register = QRadioButton("Trong danh sách cá nhân")
        self.outside = QRadioButton("Người ngoài danh sách")
        self.in_register.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.in_register)
        group.addButton(self.outside)
        choice = QHBoxLayout()
        choice.addWidget(self.in_register)
        choice.addWidget(self.outside)
        choice.addStretch(1)
        form.addRow("Cá nhân:", choice)

        people = [p for p in list_person_rows(self.db) if p.active]
        people.sort(key=lambda p: name_sort_key(p.full_name))
        self.person_picker = _Picker(
            [
                (
                    p.id,
                    f"{p.full_name} – {p.unit_name}" if p.unit_name else p.full_name,
                    search_key(f"{p.full_name} {p.position} {p.unit_name}"),
                )
                for p in people
            ],
            "Gõ họ tên, chức vụ hoặc đơn vị để lọc (gõ không dấu cũng được)…",
        )
        form.addRow("", self.person_picker)

        self.outside_box = QWidget()
        outside_form = QFormLayout(self.outside_box)
        outside_form.setContentsMargins(0, 0, 0, 0)
        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText("Ví dụ: Nguyễn Thị Hạnh")
        self.gender = QComboBox()
        self.gender.addItem("(chọn)", None)
        for gender, label in GENDER_LABELS.items():
            self.gender.addItem(label, gender)
        self.position = QLineEdit()
        self.position.setPlaceholderText("Ví dụ: Giáo viên")
        self.unit_name = QLineEdit()
        self.unit_name.setPlaceholderText("Ví dụ: Trường Mầm non Kim Thành")
        outside_form.addRow("Họ và tên:", self.full_name)
        outside_form.addRow("Giới tính:", self.gender)
        outside_form.addRow("Chức vụ:", self.position)
        outside_form.addRow("Đơn vị công tác:", self.unit_name)
        form.addRow("", self.outside_box)
        fields["person_id"] = self.person_picker.combo
        fields["name"] = self.full_name
        fields["gender"] = self.gender
        # The same dict becomes the dialog's field map: which box a "person_id" error points
        # at follows the choice between the register and a person outside it.
        self._field_map = fields
        self.outside.toggled.connect(lambda _on: self._person_mode_changed())
        self._person_mode_changed()

    def _person_mode_changed(self) -> None:
        outside = self.outside.isChecked()
        assert self.person_picker is not None and self.outside_box is not None
        self.person_picker.setVisible(not outside)
        self.outside_box.setVisible(outside)
        self._field_map["person_id"] = self.full_name if outside else self.person_picker.combo

    def _recipient_rows(self, form: QFormLayout, line: ProposalLine) -> None:
        name = QLabel(f"<b>{escape(line.addressed_name)}</b>")
        name.setWordWrap(True)
        what = "Tập thể:" if line.recipient_kind == RecipientKind.COLLECTIVE else "Cá nhân:"
        form.addRow(what, name)
        details = ", ".join(part for part in (line.position, line.unit_name) if part)
        if details:
            form.addRow("Chức vụ, đơn vị:", plain_label(details))
        source = PROPOSAL_SOURCE_LABELS[line.source]
        if line.source_note:
            source = f"{source}: {line.source_note}"
        form.addRow("Nguồn đề nghị:", plain_label(source))
        if line.voted and not line.locked:
            note = QLabel(
                f"Hội đồng đã biểu quyết ({votes_text(line)}: {result_text(line).lower()}). "
                "Đổi hình thức hoặc thành tích thì kết quả biểu quyết bị xóa để Hội đồng "
                "biểu quyết lại."
            )
            note.setWordWrap(True)
            note.setStyleSheet("color: #6b3d00;")
            form.addRow("", note)

    def _decided_rows(self, form: QFormLayout, line: ProposalLine) -> None:
        """What was decided: the vote, and once issued the amount and the register number."""
        if line.voted:
            form.addRow("Biểu quyết:", QLabel(f"{votes_text(line)} – {result_text(line)}"))
        else:
            form.addRow("Biểu quyết:", QLabel("Không được Hội đồng biểu quyết."))
        if line.amount is not None:
            form.addRow("Tiền thưởng:", QLabel(format_money(line.amount)))
        if line.register_text:
            form.addRow("Số vào sổ khen thưởng:", QLabel(line.register_text))
        if line.override_reason:
            form.addRow("Lý do vẫn đề nghị:", plain_label(line.override_reason))
        self.override_reason.hide()

    def _rules_rows(self, form: QFormLayout, line: ProposalLine) -> None:
        if line.failures:
            items = "".join(f"<li>{escape(f.text)}</li>" for f in line.failures)
            self.failures_label.setText(
                f"<b>Chưa đạt điều kiện:</b><ul style='margin: 0'>{items}</ul>"
            )
            self.failures_label.setStyleSheet(ERROR_STYLE)
        else:
            self.failures_label.setText("Đạt các điều kiện khen thưởng.")
            self.failures_label.setStyleSheet(PASSED_STYLE)
        form.addRow("Điều kiện:", self.failures_label)
        if line.failures or line.override_reason:
            caption = QLabel(OVERRIDE_LABEL)
            caption.setWordWrap(True)
            caption.setMinimumWidth(170)
            form.addRow(caption, self.override_reason)
        else:
            self.override_reason.hide()

    # --- saving --------------------------------------------------------------------------

    def form_id(self) -> int | None:
        data = self.form_combo.currentData()
        return int(data) if data is not None else None

    def select_form(self, form_id: int) -> None:
        self.form_combo.setCurrentIndex(self.form_combo.findData(form_id))

    def persist(self) -> int:
        if self.read_only and self.existing is not None:
            raise ValidationError(lock_reason(self.view, self.existing))
        form_id = self.form_id()
        if form_id is None:
            raise ValidationError("Hãy chọn hình thức khen thưởng.", field="form_id")
        if self.existing is not None:
            update_proposal(
                self.db,
                self.existing.id,
                form_id,
                self.achievement.toPlainText(),
                self.override_reason.toPlainText(),
            )
            return self.existing.id
        return add_proposal(self.db, self.view.id, self._input(form_id))

    def _input(self, form_id: int) -> ProposalInput:
        achievement = self.achievement.toPlainText()
        if self.kind == RecipientKind.COLLECTIVE:
            assert self.unit_picker is not None
            unit_id = self.unit_picker.current_id()
            if unit_id is None:
                raise ValidationError(
                    "Hãy chọn tập thể được đề nghị khen thưởng.",
                    field="unit_id",
                    hint="Xóa bớt chữ ở ô tìm nếu danh sách đang trống.",
                )
            return ProposalInput(
                form_id, RecipientKind.COLLECTIVE, unit_id=unit_id, achievement=achievement
            )
        if self.outside.isChecked():
            gender = self.gender.currentData()
            return ProposalInput(
                form_id,
                RecipientKind.INDIVIDUAL,
                name=self.full_name.text(),
                gender=Gender(gender) if gender is not None else None,
                position=self.position.text(),
                unit_name=self.unit_name.text(),
                achievement=achievement,
            )
        assert self.person_picker is not None
        person_id = self.person_picker.current_id()
        if person_id is None:
            raise ValidationError(
                "Hãy chọn cá nhân được đề nghị khen thưởng.",
                field="person_id",
                hint="Xóa bớt chữ ở ô tìm, hoặc chọn “Người ngoài danh sách”.",
            )
        return ProposalInput(
            form_id, RecipientKind.INDIVIDUAL, person_id=person_id, achievement=achievement
        )
