# Generated from forms/unit_dialog.ui by .ci/forms.py (pyside6-uic). Do not edit.
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

class Ui_UnitDialog(object):
    def setupUi(self, UnitDialog):
        if not UnitDialog.objectName():
            UnitDialog.setObjectName(u"UnitDialog")
        UnitDialog.resize(520, 340)
        self.mainLayout = QVBoxLayout(UnitDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.codeLabel = QLabel(UnitDialog)
        self.codeLabel.setObjectName(u"codeLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.codeLabel)

        self.codeEdit = QLineEdit(UnitDialog)
        self.codeEdit.setObjectName(u"codeEdit")
        self.codeEdit.setMaxLength(30)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.codeEdit)

        self.nameLabel = QLabel(UnitDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(UnitDialog)
        self.nameEdit.setObjectName(u"nameEdit")
        self.nameEdit.setMaxLength(300)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.kindLabel = QLabel(UnitDialog)
        self.kindLabel.setObjectName(u"kindLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindCombo = QComboBox(UnitDialog)
        self.kindCombo.setObjectName(u"kindCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.headNameLabel = QLabel(UnitDialog)
        self.headNameLabel.setObjectName(u"headNameLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.headNameLabel)

        self.headNameEdit = QLineEdit(UnitDialog)
        self.headNameEdit.setObjectName(u"headNameEdit")
        self.headNameEdit.setMaxLength(200)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.headNameEdit)

        self.headTitleLabel = QLabel(UnitDialog)
        self.headTitleLabel.setObjectName(u"headTitleLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.headTitleLabel)

        self.headTitleEdit = QLineEdit(UnitDialog)
        self.headTitleEdit.setObjectName(u"headTitleEdit")
        self.headTitleEdit.setMaxLength(200)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.headTitleEdit)

        self.phoneLabel = QLabel(UnitDialog)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.phoneLabel)

        self.phoneEdit = QLineEdit(UnitDialog)
        self.phoneEdit.setObjectName(u"phoneEdit")
        self.phoneEdit.setMaxLength(20)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.phoneEdit)

        self.activeCheck = QCheckBox(UnitDialog)
        self.activeCheck.setObjectName(u"activeCheck")
        self.activeCheck.setChecked(True)

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.activeCheck)


        self.mainLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(UnitDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #b00020;")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.verticalSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.verticalSpacer)

        self.buttonBox = QDialogButtonBox(UnitDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.codeLabel.setBuddy(self.codeEdit)
        self.nameLabel.setBuddy(self.nameEdit)
        self.kindLabel.setBuddy(self.kindCombo)
        self.headNameLabel.setBuddy(self.headNameEdit)
        self.headTitleLabel.setBuddy(self.headTitleEdit)
        self.phoneLabel.setBuddy(self.phoneEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.codeEdit, self.nameEdit)
        QWidget.setTabOrder(self.nameEdit, self.kindCombo)
        QWidget.setTabOrder(self.kindCombo, self.headNameEdit)
        QWidget.setTabOrder(self.headNameEdit, self.headTitleEdit)
        QWidget.setTabOrder(self.headTitleEdit, self.phoneEdit)
        QWidget.setTabOrder(self.phoneEdit, self.activeCheck)

        self.retranslateUi(UnitDialog)

        QMetaObject.connectSlotsByName(UnitDialog)
    # setupUi

    def retranslateUi(self, UnitDialog):
        UnitDialog.setWindowTitle(QCoreApplication.translate("UnitDialog", u"\u0110\u01a1n v\u1ecb", None))
        self.codeLabel.setText(QCoreApplication.translate("UnitDialog", u"M\u00e3 \u0111\u01a1n v\u1ecb (*):", None))
        self.codeEdit.setPlaceholderText(QCoreApplication.translate("UnitDialog", u"V\u00ed d\u1ee5: THON01", None))
        self.nameLabel.setText(QCoreApplication.translate("UnitDialog", u"T\u00ean \u0111\u01a1n v\u1ecb (*):", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("UnitDialog", u"V\u00ed d\u1ee5: Th\u00f4n \u0110\u00f4ng", None))
        self.kindLabel.setText(QCoreApplication.translate("UnitDialog", u"Lo\u1ea1i \u0111\u01a1n v\u1ecb:", None))
        self.headNameLabel.setText(QCoreApplication.translate("UnitDialog", u"Ng\u01b0\u1eddi \u0111\u1ee9ng \u0111\u1ea7u:", None))
        self.headNameEdit.setPlaceholderText(QCoreApplication.translate("UnitDialog", u"H\u1ecd v\u00e0 t\u00ean", None))
        self.headTitleLabel.setText(QCoreApplication.translate("UnitDialog", u"Ch\u1ee9c v\u1ee5 ng\u01b0\u1eddi \u0111\u1ee9ng \u0111\u1ea7u:", None))
        self.headTitleEdit.setPlaceholderText(QCoreApplication.translate("UnitDialog", u"V\u00ed d\u1ee5: Tr\u01b0\u1edfng th\u00f4n", None))
        self.phoneLabel.setText(QCoreApplication.translate("UnitDialog", u"\u0110i\u1ec7n tho\u1ea1i:", None))
        self.activeCheck.setText(QCoreApplication.translate("UnitDialog", u"\u0110ang tham gia phong tr\u00e0o (ho\u1ea1t \u0111\u1ed9ng)", None))
    # retranslateUi

