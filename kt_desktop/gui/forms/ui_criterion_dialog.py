# Generated from forms/criterion_dialog.ui by .ci/forms.py (pyside6-uic). Do not edit.
# -*- coding: utf-8 -*-


from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_CriterionDialog(object):
    def setupUi(self, CriterionDialog):
        if not CriterionDialog.objectName():
            CriterionDialog.setObjectName(u"CriterionDialog")
        CriterionDialog.resize(760, 640)
        self.mainLayout = QVBoxLayout(CriterionDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.frozenLabel = QLabel(CriterionDialog)
        self.frozenLabel.setObjectName(u"frozenLabel")
        self.frozenLabel.setWordWrap(True)
        self.frozenLabel.setStyleSheet(u"background: #fff4e5; border: 1px solid #f0b46a; padding: 6px;")

        self.mainLayout.addWidget(self.frozenLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.codeLabel = QLabel(CriterionDialog)
        self.codeLabel.setObjectName(u"codeLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.codeLabel)

        self.codeRow = QHBoxLayout()
        self.codeRow.setObjectName(u"codeRow")
        self.codeEdit = QLineEdit(CriterionDialog)
        self.codeEdit.setObjectName(u"codeEdit")
        self.codeEdit.setMaxLength(20)

        self.codeRow.addWidget(self.codeEdit)

        self.sectionLabel = QLabel(CriterionDialog)
        self.sectionLabel.setObjectName(u"sectionLabel")

        self.codeRow.addWidget(self.sectionLabel)

        self.sectionEdit = QLineEdit(CriterionDialog)
        self.sectionEdit.setObjectName(u"sectionEdit")
        self.sectionEdit.setMaxLength(40)

        self.codeRow.addWidget(self.sectionEdit)


        self.formLayout.setLayout(0, QFormLayout.ItemRole.FieldRole, self.codeRow)

        self.subjectLabel = QLabel(CriterionDialog)
        self.subjectLabel.setObjectName(u"subjectLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.subjectLabel)

        self.subjectCombo = QComboBox(CriterionDialog)
        self.subjectCombo.setObjectName(u"subjectCombo")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.subjectCombo)

        self.wordingLabel = QLabel(CriterionDialog)
        self.wordingLabel.setObjectName(u"wordingLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.wordingLabel)

        self.wordingEdit = QPlainTextEdit(CriterionDialog)
        self.wordingEdit.setObjectName(u"wordingEdit")
        self.wordingEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.wordingEdit)

        self.kindLabel = QLabel(CriterionDialog)
        self.kindLabel.setObjectName(u"kindLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindCombo = QComboBox(CriterionDialog)
        self.kindCombo.setObjectName(u"kindCombo")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.targetLabel = QLabel(CriterionDialog)
        self.targetLabel.setObjectName(u"targetLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.targetLabel)

        self.targetRow = QHBoxLayout()
        self.targetRow.setObjectName(u"targetRow")
        self.comparatorCombo = QComboBox(CriterionDialog)
        self.comparatorCombo.setObjectName(u"comparatorCombo")

        self.targetRow.addWidget(self.comparatorCombo)

        self.thresholdEdit = QLineEdit(CriterionDialog)
        self.thresholdEdit.setObjectName(u"thresholdEdit")

        self.targetRow.addWidget(self.thresholdEdit)

        self.thresholdUnitLabel = QLabel(CriterionDialog)
        self.thresholdUnitLabel.setObjectName(u"thresholdUnitLabel")

        self.targetRow.addWidget(self.thresholdUnitLabel)

        self.targetSpacer = QSpacerItem(40, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.targetRow.addItem(self.targetSpacer)


        self.formLayout.setLayout(4, QFormLayout.ItemRole.FieldRole, self.targetRow)

        self.numeratorLabel = QLabel(CriterionDialog)
        self.numeratorLabel.setObjectName(u"numeratorLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.numeratorLabel)

        self.numeratorEdit = QLineEdit(CriterionDialog)
        self.numeratorEdit.setObjectName(u"numeratorEdit")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.numeratorEdit)

        self.denominatorLabel = QLabel(CriterionDialog)
        self.denominatorLabel.setObjectName(u"denominatorLabel")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.denominatorLabel)

        self.denominatorEdit = QLineEdit(CriterionDialog)
        self.denominatorEdit.setObjectName(u"denominatorEdit")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.denominatorEdit)

        self.weightLabel = QLabel(CriterionDialog)
        self.weightLabel.setObjectName(u"weightLabel")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.weightLabel)

        self.weightEdit = QLineEdit(CriterionDialog)
        self.weightEdit.setObjectName(u"weightEdit")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.weightEdit)

        self.areaLabel = QLabel(CriterionDialog)
        self.areaLabel.setObjectName(u"areaLabel")

        self.formLayout.setWidget(8, QFormLayout.ItemRole.LabelRole, self.areaLabel)

        self.areaCombo = QComboBox(CriterionDialog)
        self.areaCombo.setObjectName(u"areaCombo")

        self.formLayout.setWidget(8, QFormLayout.ItemRole.FieldRole, self.areaCombo)

        self.sectorLabel = QLabel(CriterionDialog)
        self.sectorLabel.setObjectName(u"sectorLabel")

        self.formLayout.setWidget(9, QFormLayout.ItemRole.LabelRole, self.sectorLabel)

        self.sectorCombo = QComboBox(CriterionDialog)
        self.sectorCombo.setObjectName(u"sectorCombo")

        self.formLayout.setWidget(9, QFormLayout.ItemRole.FieldRole, self.sectorCombo)


        self.mainLayout.addLayout(self.formLayout)

        self.appliesRow = QHBoxLayout()
        self.appliesRow.setObjectName(u"appliesRow")
        self.unitKindsColumn = QVBoxLayout()
        self.unitKindsColumn.setObjectName(u"unitKindsColumn")
        self.unitKindsLabel = QLabel(CriterionDialog)
        self.unitKindsLabel.setObjectName(u"unitKindsLabel")

        self.unitKindsColumn.addWidget(self.unitKindsLabel)

        self.unitKindsList = QListWidget(CriterionDialog)
        self.unitKindsList.setObjectName(u"unitKindsList")

        self.unitKindsColumn.addWidget(self.unitKindsList)


        self.appliesRow.addLayout(self.unitKindsColumn)

        self.personKindsColumn = QVBoxLayout()
        self.personKindsColumn.setObjectName(u"personKindsColumn")
        self.personKindsLabel = QLabel(CriterionDialog)
        self.personKindsLabel.setObjectName(u"personKindsLabel")

        self.personKindsColumn.addWidget(self.personKindsLabel)

        self.personKindsList = QListWidget(CriterionDialog)
        self.personKindsList.setObjectName(u"personKindsList")

        self.personKindsColumn.addWidget(self.personKindsList)


        self.appliesRow.addLayout(self.personKindsColumn)


        self.mainLayout.addLayout(self.appliesRow)

        self.errorLabel = QLabel(CriterionDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #b00020;")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(CriterionDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.codeLabel.setBuddy(self.codeEdit)
        self.sectionLabel.setBuddy(self.sectionEdit)
        self.subjectLabel.setBuddy(self.subjectCombo)
        self.wordingLabel.setBuddy(self.wordingEdit)
        self.kindLabel.setBuddy(self.kindCombo)
        self.targetLabel.setBuddy(self.comparatorCombo)
        self.numeratorLabel.setBuddy(self.numeratorEdit)
        self.denominatorLabel.setBuddy(self.denominatorEdit)
        self.weightLabel.setBuddy(self.weightEdit)
        self.areaLabel.setBuddy(self.areaCombo)
        self.sectorLabel.setBuddy(self.sectorCombo)
        self.unitKindsLabel.setBuddy(self.unitKindsList)
        self.personKindsLabel.setBuddy(self.personKindsList)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(CriterionDialog)

        QMetaObject.connectSlotsByName(CriterionDialog)
    # setupUi

    def retranslateUi(self, CriterionDialog):
        CriterionDialog.setWindowTitle(QCoreApplication.translate("CriterionDialog", u"Ti\u00eau ch\u00ed thi \u0111ua", None))
        self.codeLabel.setText(QCoreApplication.translate("CriterionDialog", u"M\u00e3 ti\u00eau ch\u00ed (*):", None))
        self.sectionLabel.setText(QCoreApplication.translate("CriterionDialog", u"M\u1ee5c trong k\u1ebf ho\u1ea1ch:", None))
        self.subjectLabel.setText(QCoreApplication.translate("CriterionDialog", u"\u0110\u1ed1i t\u01b0\u1ee3ng \u00e1p d\u1ee5ng:", None))
        self.wordingLabel.setText(QCoreApplication.translate("CriterionDialog", u"N\u1ed9i dung (*):", None))
        self.kindLabel.setText(QCoreApplication.translate("CriterionDialog", u"Lo\u1ea1i ti\u00eau ch\u00ed:", None))
        self.targetLabel.setText(QCoreApplication.translate("CriterionDialog", u"Ch\u1ec9 ti\u00eau:", None))
        self.thresholdEdit.setPlaceholderText(QCoreApplication.translate("CriterionDialog", u"V\u00ed d\u1ee5: 80", None))
        self.thresholdUnitLabel.setText(QCoreApplication.translate("CriterionDialog", u"%", None))
        self.numeratorLabel.setText(QCoreApplication.translate("CriterionDialog", u"T\u1eed s\u1ed1:", None))
        self.denominatorLabel.setText(QCoreApplication.translate("CriterionDialog", u"M\u1eabu s\u1ed1:", None))
        self.weightLabel.setText(QCoreApplication.translate("CriterionDialog", u"Tr\u1ecdng s\u1ed1 (\u0111i\u1ec3m):", None))
        self.areaLabel.setText(QCoreApplication.translate("CriterionDialog", u"N\u1ed9i dung thi \u0111ua (m\u1ee5c II):", None))
        self.sectorLabel.setText(QCoreApplication.translate("CriterionDialog", u"L\u0129nh v\u1ef1c tr\u1ecdng t\u00e2m (II.7):", None))
        self.unitKindsLabel.setText(QCoreApplication.translate("CriterionDialog", u"\u00c1p d\u1ee5ng cho lo\u1ea1i \u0111\u01a1n v\u1ecb:", None))
        self.personKindsLabel.setText(QCoreApplication.translate("CriterionDialog", u"\u00c1p d\u1ee5ng cho c\u00e1 nh\u00e2n:", None))
    # retranslateUi

