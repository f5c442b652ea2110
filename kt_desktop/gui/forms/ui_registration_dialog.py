# Generated from forms/registration_dialog.ui by .ci/forms.py (pyside6-uic). Do not edit.
# -*- coding: utf-8 -*-


from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDateEdit,
    QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QLineEdit, QPlainTextEdit, QSizePolicy, QVBoxLayout,
    QWidget)

class Ui_RegistrationDialog(object):
    def setupUi(self, RegistrationDialog):
        if not RegistrationDialog.objectName():
            RegistrationDialog.setObjectName(u"RegistrationDialog")
        RegistrationDialog.resize(620, 420)
        self.mainLayout = QVBoxLayout(RegistrationDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.unitLabel = QLabel(RegistrationDialog)
        self.unitLabel.setObjectName(u"unitLabel")
        self.unitLabel.setStyleSheet(u"font-weight: bold;")
        self.unitLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.unitLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.statusLabel = QLabel(RegistrationDialog)
        self.statusLabel.setObjectName(u"statusLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.statusLabel)

        self.statusCombo = QComboBox(RegistrationDialog)
        self.statusCombo.setObjectName(u"statusCombo")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.statusCombo)

        self.dateLabel = QLabel(RegistrationDialog)
        self.dateLabel.setObjectName(u"dateLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.dateLabel)

        self.dateEdit = QDateEdit(RegistrationDialog)
        self.dateEdit.setObjectName(u"dateEdit")
        self.dateEdit.setCalendarPopup(True)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.dateEdit)

        self.aimsLabel = QLabel(RegistrationDialog)
        self.aimsLabel.setObjectName(u"aimsLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.aimsLabel)

        self.aimsCombo = QComboBox(RegistrationDialog)
        self.aimsCombo.setObjectName(u"aimsCombo")
        self.aimsCombo.setEditable(True)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.aimsCombo)

        self.commitmentsLabel = QLabel(RegistrationDialog)
        self.commitmentsLabel.setObjectName(u"commitmentsLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.commitmentsLabel)

        self.commitmentsEdit = QPlainTextEdit(RegistrationDialog)
        self.commitmentsEdit.setObjectName(u"commitmentsEdit")
        self.commitmentsEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.commitmentsEdit)

        self.reasonLabel = QLabel(RegistrationDialog)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.reasonLabel)

        self.reasonEdit = QLineEdit(RegistrationDialog)
        self.reasonEdit.setObjectName(u"reasonEdit")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.reasonEdit)


        self.mainLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(RegistrationDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #b00020;")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(RegistrationDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.statusLabel.setBuddy(self.statusCombo)
        self.dateLabel.setBuddy(self.dateEdit)
        self.aimsLabel.setBuddy(self.aimsCombo)
        self.commitmentsLabel.setBuddy(self.commitmentsEdit)
        self.reasonLabel.setBuddy(self.reasonEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(RegistrationDialog)

        QMetaObject.connectSlotsByName(RegistrationDialog)
    # setupUi

    def retranslateUi(self, RegistrationDialog):
        RegistrationDialog.setWindowTitle(QCoreApplication.translate("RegistrationDialog", u"\u0110\u0103ng k\u00fd thi \u0111ua", None))
        self.statusLabel.setText(QCoreApplication.translate("RegistrationDialog", u"Tr\u1ea1ng th\u00e1i:", None))
        self.dateLabel.setText(QCoreApplication.translate("RegistrationDialog", u"Ng\u00e0y g\u1eedi \u0111\u0103ng k\u00fd:", None))
        self.dateEdit.setDisplayFormat(QCoreApplication.translate("RegistrationDialog", u"dd/MM/yyyy", None))
        self.aimsLabel.setText(QCoreApplication.translate("RegistrationDialog", u"Danh hi\u1ec7u, h\u00ecnh th\u1ee9c khen th\u01b0\u1edfng \u0111\u0103ng k\u00fd:", None))
        self.commitmentsLabel.setText(QCoreApplication.translate("RegistrationDialog", u"N\u1ed9i dung cam k\u1ebft:", None))
        self.reasonLabel.setText(QCoreApplication.translate("RegistrationDialog", u"L\u00fd do t\u1eeb ch\u1ed1i:", None))
    # retranslateUi

