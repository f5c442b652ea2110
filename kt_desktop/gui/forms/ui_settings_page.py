# Generated from forms/settings_page.ui by .ci/forms.py (pyside6-uic). Do not edit.
# -*- coding: utf-8 -*-


from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QFormLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPushButton,
    QSizePolicy, QSpacerItem, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget)

class Ui_SettingsPage(object):
    def setupUi(self, SettingsPage):
        if not SettingsPage.objectName():
            SettingsPage.setObjectName(u"SettingsPage")
        SettingsPage.resize(820, 640)
        self.mainLayout = QVBoxLayout(SettingsPage)
        self.mainLayout.setObjectName(u"mainLayout")
        self.titleLabel = QLabel(SettingsPage)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setStyleSheet(u"font-size: 16pt; font-weight: bold;")

        self.mainLayout.addWidget(self.titleLabel)

        self.introLabel = QLabel(SettingsPage)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.identityGroup = QGroupBox(SettingsPage)
        self.identityGroup.setObjectName(u"identityGroup")
        self.identityForm = QFormLayout(self.identityGroup)
        self.identityForm.setObjectName(u"identityForm")
        self.identityForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.communeLabel = QLabel(self.identityGroup)
        self.communeLabel.setObjectName(u"communeLabel")

        self.identityForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.communeLabel)

        self.communeEdit = QLineEdit(self.identityGroup)
        self.communeEdit.setObjectName(u"communeEdit")

        self.identityForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.communeEdit)

        self.cityLabel = QLabel(self.identityGroup)
        self.cityLabel.setObjectName(u"cityLabel")

        self.identityForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.cityLabel)

        self.cityEdit = QLineEdit(self.identityGroup)
        self.cityEdit.setObjectName(u"cityEdit")

        self.identityForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.cityEdit)

        self.issuingBodyLabel = QLabel(self.identityGroup)
        self.issuingBodyLabel.setObjectName(u"issuingBodyLabel")

        self.identityForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.issuingBodyLabel)

        self.issuingBodyEdit = QLineEdit(self.identityGroup)
        self.issuingBodyEdit.setObjectName(u"issuingBodyEdit")

        self.identityForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.issuingBodyEdit)

        self.bodyCodeLabel = QLabel(self.identityGroup)
        self.bodyCodeLabel.setObjectName(u"bodyCodeLabel")

        self.identityForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.bodyCodeLabel)

        self.bodyCodeEdit = QLineEdit(self.identityGroup)
        self.bodyCodeEdit.setObjectName(u"bodyCodeEdit")

        self.identityForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.bodyCodeEdit)

        self.placeLabel = QLabel(self.identityGroup)
        self.placeLabel.setObjectName(u"placeLabel")

        self.identityForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.placeLabel)

        self.placeEdit = QLineEdit(self.identityGroup)
        self.placeEdit.setObjectName(u"placeEdit")

        self.identityForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.placeEdit)

        self.officeLabel = QLabel(self.identityGroup)
        self.officeLabel.setObjectName(u"officeLabel")

        self.identityForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.officeLabel)

        self.officeEdit = QLineEdit(self.identityGroup)
        self.officeEdit.setObjectName(u"officeEdit")

        self.identityForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.officeEdit)

        self.officeCodeLabel = QLabel(self.identityGroup)
        self.officeCodeLabel.setObjectName(u"officeCodeLabel")

        self.identityForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.officeCodeLabel)

        self.officeCodeEdit = QLineEdit(self.identityGroup)
        self.officeCodeEdit.setObjectName(u"officeCodeEdit")

        self.identityForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.officeCodeEdit)

        self.previewLabel = QLabel(self.identityGroup)
        self.previewLabel.setObjectName(u"previewLabel")
        self.previewLabel.setWordWrap(True)
        self.previewLabel.setStyleSheet(u"color: #555;")

        self.identityForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.previewLabel)


        self.mainLayout.addWidget(self.identityGroup)

        self.signersGroup = QGroupBox(SettingsPage)
        self.signersGroup.setObjectName(u"signersGroup")
        self.signersLayout = QVBoxLayout(self.signersGroup)
        self.signersLayout.setObjectName(u"signersLayout")
        self.signersTable = QTableWidget(self.signersGroup)
        self.signersTable.setObjectName(u"signersTable")

        self.signersLayout.addWidget(self.signersTable)

        self.signerButtons = QHBoxLayout()
        self.signerButtons.setObjectName(u"signerButtons")
        self.addSignerButton = QPushButton(self.signersGroup)
        self.addSignerButton.setObjectName(u"addSignerButton")

        self.signerButtons.addWidget(self.addSignerButton)

        self.removeSignerButton = QPushButton(self.signersGroup)
        self.removeSignerButton.setObjectName(u"removeSignerButton")

        self.signerButtons.addWidget(self.removeSignerButton)

        self.signerSpacer = QSpacerItem(40, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.signerButtons.addItem(self.signerSpacer)


        self.signersLayout.addLayout(self.signerButtons)


        self.mainLayout.addWidget(self.signersGroup)

        self.errorLabel = QLabel(SettingsPage)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #b00020;")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.saveRow = QHBoxLayout()
        self.saveRow.setObjectName(u"saveRow")
        self.saveSpacer = QSpacerItem(40, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.saveRow.addItem(self.saveSpacer)

        self.revertButton = QPushButton(SettingsPage)
        self.revertButton.setObjectName(u"revertButton")

        self.saveRow.addWidget(self.revertButton)

        self.saveButton = QPushButton(SettingsPage)
        self.saveButton.setObjectName(u"saveButton")

        self.saveRow.addWidget(self.saveButton)


        self.mainLayout.addLayout(self.saveRow)

#if QT_CONFIG(shortcut)
        self.communeLabel.setBuddy(self.communeEdit)
        self.cityLabel.setBuddy(self.cityEdit)
        self.issuingBodyLabel.setBuddy(self.issuingBodyEdit)
        self.bodyCodeLabel.setBuddy(self.bodyCodeEdit)
        self.placeLabel.setBuddy(self.placeEdit)
        self.officeLabel.setBuddy(self.officeEdit)
        self.officeCodeLabel.setBuddy(self.officeCodeEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(SettingsPage)

        self.saveButton.setDefault(True)


        QMetaObject.connectSlotsByName(SettingsPage)
    # setupUi

    def retranslateUi(self, SettingsPage):
        self.titleLabel.setText(QCoreApplication.translate("SettingsPage", u"Th\u00f4ng tin c\u01a1 quan v\u00e0 ng\u01b0\u1eddi k\u00fd", None))
        self.introLabel.setText(QCoreApplication.translate("SettingsPage", u"C\u00e1c th\u00f4ng tin d\u01b0\u1edbi \u0111\u00e2y \u0111\u01b0\u1ee3c d\u00f9ng trong ti\u00eau \u0111\u1ec1 v\u0103n b\u1ea3n, d\u00f2ng \u0111\u1ecba danh \u2013 ng\u00e0y th\u00e1ng, s\u1ed1 k\u00fd hi\u1ec7u v\u00e0 kh\u1ed1i ch\u1eef k\u00fd.", None))
        self.identityGroup.setTitle(QCoreApplication.translate("SettingsPage", u"C\u01a1 quan", None))
        self.communeLabel.setText(QCoreApplication.translate("SettingsPage", u"T\u00ean x\u00e3:", None))
        self.cityLabel.setText(QCoreApplication.translate("SettingsPage", u"Th\u00e0nh ph\u1ed1:", None))
        self.issuingBodyLabel.setText(QCoreApplication.translate("SettingsPage", u"C\u01a1 quan ban h\u00e0nh v\u0103n b\u1ea3n:", None))
        self.bodyCodeLabel.setText(QCoreApplication.translate("SettingsPage", u"Ch\u1eef vi\u1ebft t\u1eaft c\u01a1 quan (trong s\u1ed1 k\u00fd hi\u1ec7u):", None))
        self.placeLabel.setText(QCoreApplication.translate("SettingsPage", u"\u0110\u1ecba danh ghi ng\u00e0y th\u00e1ng:", None))
        self.officeLabel.setText(QCoreApplication.translate("SettingsPage", u"C\u01a1 quan th\u01b0\u1eddng tr\u1ef1c phong tr\u00e0o:", None))
        self.officeCodeLabel.setText(QCoreApplication.translate("SettingsPage", u"Ch\u1eef vi\u1ebft t\u1eaft c\u01a1 quan th\u01b0\u1eddng tr\u1ef1c:", None))
        self.signersGroup.setTitle(QCoreApplication.translate("SettingsPage", u"Ng\u01b0\u1eddi k\u00fd v\u0103n b\u1ea3n", None))
        self.addSignerButton.setText(QCoreApplication.translate("SettingsPage", u"Th\u00eam ng\u01b0\u1eddi k\u00fd", None))
        self.removeSignerButton.setText(QCoreApplication.translate("SettingsPage", u"B\u1ecf ng\u01b0\u1eddi k\u00fd \u0111\u00e3 ch\u1ecdn", None))
        self.revertButton.setText(QCoreApplication.translate("SettingsPage", u"Ho\u00e0n t\u00e1c", None))
        self.saveButton.setText(QCoreApplication.translate("SettingsPage", u"L\u01b0u c\u00e0i \u0111\u1eb7t", None))
        pass
    # retranslateUi

