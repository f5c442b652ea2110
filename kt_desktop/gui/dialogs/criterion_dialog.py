"""Add, edit or (for a frozen period) view one criterion."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QListWidgetItem, QWidget

from kt_desktop.domain.enums import (
    Comparator,
    CriterionKind,
    CriterionSubject,
    PersonKind,
    PrioritySector,
    UnitKind,
)
from kt_desktop.domain.labels import (
    COMPARATOR_SYMBOLS,
    CONTENT_AREA_LABELS,
    CRITERION_KIND_LABELS,
    CRITERION_SUBJECT_LABELS,
    PERSON_KIND_LABELS,
    PRIORITY_SECTOR_LABELS,
    UNIT_KIND_LABELS,
)
from kt_desktop.errors import ValidationError
from kt_desktop.gui.dialogs.record_dialog import RecordDialog
from kt_desktop.gui.forms.ui_criterion_dialog import Ui_CriterionDialog
from kt_desktop.services.criteria import CriterionInput, add_criterion, update_criterion
from kt_desktop.services.database import Database
from kt_desktop.text import clean_text, format_number, parse_number

COMPARATOR_WORDS = {
    Comparator.AT_LEAST: "≥ (từ … trở lên)",
    Comparator.MORE_THAN: "> (trên …)",
    Comparator.AT_MOST: "≤ (không quá …)",
    Comparator.EQUAL: "= (đúng bằng …)",
}


class CriterionDialog(RecordDialog):
    def __init__(
        self,
        db: Database,
        period_id: int,
        criterion: CriterionInput | None = None,
        criterion_id: int | None = None,
        frozen_reason: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.period_id = period_id
        self.criterion_id = criterion_id
        self.ui = Ui_CriterionDialog()
        self.ui.setupUi(self)
        for subject, label in CRITERION_SUBJECT_LABELS.items():
            self.ui.subjectCombo.addItem(label, subject)
        for kind, label in CRITERION_KIND_LABELS.items():
            self.ui.kindCombo.addItem(label, kind)
        for comparator, words in COMPARATOR_WORDS.items():
            self.ui.comparatorCombo.addItem(words, comparator)
        for number, label in CONTENT_AREA_LABELS.items():
            self.ui.areaCombo.addItem(f"{number}. {label}", number)
        self.ui.sectorCombo.addItem("Chung, không riêng lĩnh vực nào", None)
        for sector, label in PRIORITY_SECTOR_LABELS.items():
            self.ui.sectorCombo.addItem(label, sector)
        for unit_kind, unit_label in UNIT_KIND_LABELS.items():
            self._add_check(self.ui.unitKindsList, unit_label, unit_kind)
        for person_kind, person_label in PERSON_KIND_LABELS.items():
            self._add_check(self.ui.personKindsList, person_label, person_kind)
        self.ui.kindCombo.currentIndexChanged.connect(self._update_kind_fields)
        self.setup_record_dialog(
            self.ui.buttonBox,
            self.ui.errorLabel,
            {
                "code": self.ui.codeEdit,
                "section_ref": self.ui.sectionEdit,
                "wording": self.ui.wordingEdit,
                "threshold": self.ui.thresholdEdit,
                "numerator_label": self.ui.numeratorEdit,
                "weight": self.ui.weightEdit,
                "area": self.ui.areaCombo,
                "unit_kinds": self.ui.unitKindsList,
                "person_kinds": self.ui.personKindsList,
            },
        )
        if criterion is not None:
            self.load(criterion)
        else:
            self.ui.weightEdit.setText("1")
            self.ui.sectionEdit.setText("III.1.1")
        if criterion_id is None:
            self.setWindowTitle("Thêm tiêu chí")
        else:
            self.setWindowTitle(f"Tiêu chí {criterion.code if criterion else ''}")
        self.frozen = bool(frozen_reason)
        self.ui.frozenLabel.setText(frozen_reason)
        self.ui.frozenLabel.setVisible(self.frozen)
        if self.frozen:
            self._make_read_only()
        self._update_kind_fields()

    @staticmethod
    def _add_check(widget, label: str, value: object) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)

    @staticmethod
    def _checked(widget) -> list:
        return [
            widget.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked
        ]

    @staticmethod
    def _set_checked(widget, values) -> None:
        wanted = {str(v) for v in values}
        for i in range(widget.count()):
            item = widget.item(i)
            state = str(item.data(Qt.ItemDataRole.UserRole)) in wanted
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)

    def _make_read_only(self) -> None:
        for edit in (
            self.ui.codeEdit,
            self.ui.sectionEdit,
            self.ui.thresholdEdit,
            self.ui.numeratorEdit,
            self.ui.denominatorEdit,
            self.ui.weightEdit,
        ):
            edit.setReadOnly(True)
        self.ui.wordingEdit.setReadOnly(True)
        for combo in (
            self.ui.subjectCombo,
            self.ui.kindCombo,
            self.ui.comparatorCombo,
            self.ui.areaCombo,
            self.ui.sectorCombo,
        ):
            combo.setEnabled(False)
        self.ui.unitKindsList.setEnabled(False)
        self.ui.personKindsList.setEnabled(False)
        self.ui.buttonBox.clear()
        # RejectRole: the box's rejected signal, already wired to reject(), closes the dialog.
        self.ui.buttonBox.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)

    def _update_kind_fields(self) -> None:
        kind = self.ui.kindCombo.currentData()
        measured = kind in (CriterionKind.RATE, CriterionKind.COUNT)
        rate = kind == CriterionKind.RATE
        editable = not getattr(self, "frozen", False)
        self.ui.comparatorCombo.setEnabled(measured and editable)
        self.ui.thresholdEdit.setEnabled(measured)
        self.ui.thresholdUnitLabel.setText("%" if rate else "")
        for widget in (
            self.ui.numeratorEdit,
            self.ui.denominatorEdit,
            self.ui.numeratorLabel,
            self.ui.denominatorLabel,
        ):
            widget.setEnabled(rate)

    def load(self, data: CriterionInput) -> None:
        self.ui.codeEdit.setText(data.code)
        self.ui.sectionEdit.setText(data.section_ref)
        self.ui.subjectCombo.setCurrentIndex(self.ui.subjectCombo.findData(data.subject))
        self.ui.wordingEdit.setPlainText(data.wording)
        self.ui.kindCombo.setCurrentIndex(self.ui.kindCombo.findData(data.kind))
        if data.comparator is not None:
            self.ui.comparatorCombo.setCurrentIndex(
                self.ui.comparatorCombo.findData(data.comparator)
            )
        self.ui.thresholdEdit.setText(
            "" if data.threshold is None else format_number(data.threshold)
        )
        self.ui.numeratorEdit.setText(data.numerator_label)
        self.ui.denominatorEdit.setText(data.denominator_label)
        self.ui.weightEdit.setText(format_number(data.weight))
        self.ui.areaCombo.setCurrentIndex(self.ui.areaCombo.findData(data.content_area))
        self.ui.sectorCombo.setCurrentIndex(
            max(self.ui.sectorCombo.findData(data.priority_sector), 0)
        )
        self._set_checked(self.ui.unitKindsList, data.unit_kinds)
        self._set_checked(self.ui.personKindsList, data.person_kinds)

    def _number(self, text: str, label: str, field: str) -> Decimal | None:
        text = clean_text(text)
        if not text:
            return None
        try:
            return parse_number(text.rstrip("%").strip())
        except ValueError as error:
            raise ValidationError(f"{label}: {error}", field=field) from error

    def collect(self) -> CriterionInput:
        kind = CriterionKind(self.ui.kindCombo.currentData())
        measured = kind in (CriterionKind.RATE, CriterionKind.COUNT)
        weight = self._number(self.ui.weightEdit.text(), "Trọng số", "weight")
        if weight is None:
            raise ValidationError("Trọng số không được để trống.", field="weight")
        sector = self.ui.sectorCombo.currentData()
        return CriterionInput(
            code=self.ui.codeEdit.text(),
            subject=CriterionSubject(self.ui.subjectCombo.currentData()),
            kind=kind,
            wording=self.ui.wordingEdit.toPlainText(),
            section_ref=self.ui.sectionEdit.text(),
            comparator=Comparator(self.ui.comparatorCombo.currentData()) if measured else None,
            threshold=self._number(self.ui.thresholdEdit.text(), "Mức chỉ tiêu", "threshold")
            if measured
            else None,
            numerator_label=self.ui.numeratorEdit.text(),
            denominator_label=self.ui.denominatorEdit.text(),
            weight=weight,
            unit_kinds=tuple(UnitKind(k) for k in self._checked(self.ui.unitKindsList)),
            person_kinds=tuple(PersonKind(k) for k in self._checked(self.ui.personKindsList)),
            content_area=int(self.ui.areaCombo.currentData()),
            priority_sector=PrioritySector(sector) if sector else None,
        )

    def persist(self) -> int:
        data = self.collect()
        if self.criterion_id is None:
            return add_criterion(self.db, self.period_id, data)
        update_criterion(self.db, self.criterion_id, data)
        return self.criterion_id


def target_text(
    comparator: Comparator | None, threshold: Decimal | None, kind: CriterionKind
) -> str:
    """ "≥ 80%" for a rate, "≥ 3" for a count, "" for the rest."""
    if comparator is None or threshold is None:
        return ""
    suffix = "%" if kind == CriterionKind.RATE else ""
    return f"{COMPARATOR_SYMBOLS[comparator]} {format_number(threshold)}{suffix}"
