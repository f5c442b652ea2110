# Generated from forms/person_dialog.ui by .ci/forms.py (pyside6-uic). Do not edit.
# -*- coding: utf-8 -*-


from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QLineEdit, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_PersonDialog(object):
    def setupUi(self, PersonDialog):
        if not PersonDialog.objectName():
            PersonDialog.setObjectName(u"PersonDialog")
        PersonDialog.resize(540, 360)
        self.mainLayout = QVBoxLayout(PersonDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.fullNameLabel = QLabel(PersonDialog)
        self.fullNameLabel.setObjectName(u"fullNameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.fullNameLabel)

        self.fullNameEdit = QLineEdit(PersonDialog)
        self.fullNameEdit.setObjectName(u"fullNameEdit")
        self.fullNameEdit.setMaxLength(200)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.fullNameEdit)

        self.genderLabel = QLabel(PersonDialog)
        self.genderLabel.setObjectName(u"genderLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.genderLabel)

        self.genderCombo = QComboBox(PersonDialog)
        self.genderCombo.setObjectName(u"genderCombo")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.genderCombo)

        self.birthYearLabel = QLabel(PersonDialog)
        self.birthYearLabel.setObjectName(u"birthYearLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.birthYearLabel)

        self.birthYearEdit = QLineEdit(PersonDialog)
        self.birthYearEdit.setObjectName(u"birthYearEdit")
        self.birthYearEdit.setMaxLength(4)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.birthYearEdit)

        self.kindLabel = QLabel(PersonDialog)
        self.kindLabel.setObjectName(u"kindLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindCombo = QComboBox(PersonDialog)
        self.kindCombo.setObjectName(u"kindCombo")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.positionLabel = QLabel(PersonDialog)
        self.positionLabel.setObjectName(u"positionLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.positionLabel)

        self.positionEdit = QLineEdit(PersonDialog)
        self.positionEdit.setObjectName(u"positionEdit")
        self.positionEdit.setMaxLength(200)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.positionEdit)

        self.unitLabel = QLabel(PersonDialog)
        self.unitLabel.setObjectName(u"unitLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.unitLabel)

        self.unitCombo = QComboBox(PersonDialog)
        self.unitCombo.setObjectName(u"unitCombo")
        self.unitCombo.setEditable(True)
        self.unitCombo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.unitCombo)

        self.activeCheck = QCheckBox(PersonDialog)
        self.activeCheck.setObjectName(u"activeCheck")
        self.activeCheck.setChecked(True)

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.activeCheck)


        self.mainLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(PersonDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #b00020;")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.verticalSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.verticalSpacer)

        self.buttonBox = QDialogButtonBox(PersonDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.fullNameLabel.setBuddy(self.fullNameEdit)
        self.genderLabel.setBuddy(self.genderCombo)
        self.birthYearLabel.setBuddy(self.birthYearEdit)
        self.kindLabel.setBuddy(self.kindCombo)
        self.positionLabel.setBuddy(self.positionEdit)
        self.unitLabel.setBuddy(self.unitCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.fullNameEdit, self.genderCombo)
        QWidget.setTabOrder(self.genderCombo, self.birthYearEdit)
        QWidget.setTabOrder(self.birthYearEdit, self.kindCombo)
        QWidget.setTabOrder(self.kindCombo, self.positionEdit)
        QWidget.setTabOrder(self.positionEdit, self.unitCombo)
        QWidget.setTabOrder(self.unitCombo, self.activeCheck)

        self.retranslateUi(PersonDialog)

        QMetaObject.connectSlotsByName(PersonDialog)
    # setupUi

    def retranslateUi(self, PersonDialog):
        PersonDialog.setWindowTitle(QCoreApplication.translate("PersonDialog", u"C\u00e1 nh\u00e2n", None))
        self.fullNameLabel.setText(QCoreApplication.translate("PersonDialog", u"H\u1ecd v\u00e0 t\u00ean (*):", None))
        self.fullNameEdit.setPlaceholderText(QCoreApplication.translate("PersonDialog", u"V\u00ed d\u1ee5: Nguy\u1ec5n Th\u1ecb H\u1ed3ng Nhung", None))
        self.genderLabel.setText(QCoreApplication.translate("PersonDialog", u"Gi\u1edbi t\u00ednh:", None))
        self.birthYearLabel.setText(QCoreApplication.translate("PersonDialog", u"N\u0103m sinh:", None))
        self.birthYearEdit.setPlaceholderText(QCoreApplication.translate("PersonDialog", u"\u0110\u1ec3 tr\u1ed1ng n\u1ebfu kh\u00f4ng r\u00f5", None))
        self.kindLabel.setText(QCoreApplication.translate("PersonDialog", u"\u0110\u1ed1i t\u01b0\u1ee3ng:", None))
        self.positionLabel.setText(QCoreApplication.translate("PersonDialog", u"Ch\u1ee9c v\u1ee5, ngh\u1ec1 nghi\u1ec7p:", None))
        self.unitLabel.setText(QCoreApplication.translate("PersonDialog", u"\u0110\u01a1n v\u1ecb:", None))
        self.activeCheck.setText(QCoreApplication.translate("PersonDialog", u"\u0110ang tham gia phong tr\u00e0o (ho\u1ea1t \u0111\u1ed9ng)", None))
    # retranslateUi

