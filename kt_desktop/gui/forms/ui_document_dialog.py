# Generated from forms/document_dialog.ui by .ci/forms.py (pyside6-uic). Do not edit.
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
    QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy,
    QSpacerItem, QSpinBox, QVBoxLayout, QWidget)

class Ui_DocumentDialog(object):
    def setupUi(self, DocumentDialog):
        if not DocumentDialog.objectName():
            DocumentDialog.setObjectName(u"DocumentDialog")
        DocumentDialog.resize(820, 680)
        self.mainLayout = QVBoxLayout(DocumentDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.kindLabel = QLabel(DocumentDialog)
        self.kindLabel.setObjectName(u"kindLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindRow = QHBoxLayout()
        self.kindRow.setObjectName(u"kindRow")
        self.kindCombo = QComboBox(DocumentDialog)
        self.kindCombo.setObjectName(u"kindCombo")

        self.kindRow.addWidget(self.kindCombo)

        self.yearLabel = QLabel(DocumentDialog)
        self.yearLabel.setObjectName(u"yearLabel")

        self.kindRow.addWidget(self.yearLabel)

        self.yearSpin = QSpinBox(DocumentDialog)
        self.yearSpin.setObjectName(u"yearSpin")
        self.yearSpin.setMinimum(2025)
        self.yearSpin.setMaximum(2035)

        self.kindRow.addWidget(self.yearSpin)

        self.kindSpacer = QSpacerItem(40, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.kindRow.addItem(self.kindSpacer)


        self.formLayout.setLayout(0, QFormLayout.ItemRole.FieldRole, self.kindRow)

        self.summaryLabel = QLabel(DocumentDialog)
        self.summaryLabel.setObjectName(u"summaryLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.summaryLabel)

        self.summaryEdit = QLineEdit(DocumentDialog)
        self.summaryEdit.setObjectName(u"summaryEdit")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.summaryEdit)

        self.addresseesLabel = QLabel(DocumentDialog)
        self.addresseesLabel.setObjectName(u"addresseesLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.addresseesLabel)

        self.addresseesEdit = QPlainTextEdit(DocumentDialog)
        self.addresseesEdit.setObjectName(u"addresseesEdit")
        self.addresseesEdit.setMaximumSize(QSize(16777215, 70))
        self.addresseesEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.addresseesEdit)

        self.bodyLabel = QLabel(DocumentDialog)
        self.bodyLabel.setObjectName(u"bodyLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.bodyLabel)

        self.bodyEdit = QPlainTextEdit(DocumentDialog)
        self.bodyEdit.setObjectName(u"bodyEdit")
        self.bodyEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.bodyEdit)

        self.signerLabel = QLabel(DocumentDialog)
        self.signerLabel.setObjectName(u"signerLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.signerLabel)

        self.signerCombo = QComboBox(DocumentDialog)
        self.signerCombo.setObjectName(u"signerCombo")
        self.signerCombo.setEditable(True)
        self.signerCombo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.signerCombo)

        self.capacityLabel = QLabel(DocumentDialog)
        self.capacityLabel.setObjectName(u"capacityLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.capacityLabel)

        self.capacityCombo = QComboBox(DocumentDialog)
        self.capacityCombo.setObjectName(u"capacityCombo")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.capacityCombo)

        self.secretaryLabel = QLabel(DocumentDialog)
        self.secretaryLabel.setObjectName(u"secretaryLabel")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.secretaryLabel)

        self.secretaryEdit = QLineEdit(DocumentDialog)
        self.secretaryEdit.setObjectName(u"secretaryEdit")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.secretaryEdit)


        self.mainLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(DocumentDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #b00020;")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setObjectName(u"buttonRow")
        self.previewButton = QPushButton(DocumentDialog)
        self.previewButton.setObjectName(u"previewButton")

        self.buttonRow.addWidget(self.previewButton)

        self.buttonSpacer = QSpacerItem(40, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.buttonBox = QDialogButtonBox(DocumentDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.buttonRow.addWidget(self.buttonBox)


        self.mainLayout.addLayout(self.buttonRow)

#if QT_CONFIG(shortcut)
        self.kindLabel.setBuddy(self.kindCombo)
        self.yearLabel.setBuddy(self.yearSpin)
        self.summaryLabel.setBuddy(self.summaryEdit)
        self.addresseesLabel.setBuddy(self.addresseesEdit)
        self.bodyLabel.setBuddy(self.bodyEdit)
        self.signerLabel.setBuddy(self.signerCombo)
        self.capacityLabel.setBuddy(self.capacityCombo)
        self.secretaryLabel.setBuddy(self.secretaryEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(DocumentDialog)

        QMetaObject.connectSlotsByName(DocumentDialog)
    # setupUi

    def retranslateUi(self, DocumentDialog):
        DocumentDialog.setWindowTitle(QCoreApplication.translate("DocumentDialog", u"V\u0103n b\u1ea3n", None))
        self.kindLabel.setText(QCoreApplication.translate("DocumentDialog", u"Lo\u1ea1i v\u0103n b\u1ea3n:", None))
        self.yearLabel.setText(QCoreApplication.translate("DocumentDialog", u"N\u0103m:", None))
        self.summaryLabel.setText(QCoreApplication.translate("DocumentDialog", u"Tr\u00edch y\u1ebfu (*):", None))
        self.summaryEdit.setPlaceholderText(QCoreApplication.translate("DocumentDialog", u"V\u00ed d\u1ee5: V\u1ec1 vi\u1ec7c t\u1eb7ng Gi\u1ea5y khen cho c\u00e1c t\u1eadp th\u1ec3, c\u00e1 nh\u00e2n\u2026", None))
        self.addresseesLabel.setText(QCoreApplication.translate("DocumentDialog", u"K\u00ednh g\u1eedi (m\u1ed7i d\u00f2ng m\u1ed9t n\u01a1i):", None))
        self.bodyLabel.setText(QCoreApplication.translate("DocumentDialog", u"N\u1ed9i dung:", None))
        self.bodyEdit.setPlaceholderText(QCoreApplication.translate("DocumentDialog", u"M\u1ed7i \u0111o\u1ea1n c\u00e1ch nhau m\u1ed9t d\u00f2ng tr\u1ed1ng. V\u1edbi quy\u1ebft \u0111\u1ecbnh, m\u1ed7i \u0111o\u1ea1n l\u00e0 m\u1ed9t \u0110i\u1ec1u.", None))
        self.signerLabel.setText(QCoreApplication.translate("DocumentDialog", u"Ng\u01b0\u1eddi k\u00fd (*):", None))
        self.capacityLabel.setText(QCoreApplication.translate("DocumentDialog", u"Th\u1ea9m quy\u1ec1n k\u00fd:", None))
        self.secretaryLabel.setText(QCoreApplication.translate("DocumentDialog", u"Th\u01b0 k\u00fd (bi\u00ean b\u1ea3n):", None))
        self.previewButton.setText(QCoreApplication.translate("DocumentDialog", u"Xem tr\u01b0\u1edbc\u2026", None))
    # retranslateUi

