"""Vietnamese for Qt's own words (context menus, standard buttons): Qt ships no Vietnamese."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

# Qt's source strings (with their & accelerators) by context; only what our widgets show.
# The context menu of every text field.
EDIT_MENU = {
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "&Cắt",
    "&Copy": "&Sao chép",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
}

QT_STRINGS: dict[str, dict[str, str]] = {
    "QLineEdit": EDIT_MENU,
    "QWidgetTextControl": {**EDIT_MENU, "Copy &Link Location": "Sao chép địa chỉ &liên kết"},
    "QPlatformTheme": {
        "OK": "Đồng ý",
        "Save": "Lưu",
        "Save All": "Lưu tất cả",
        "Open": "Mở",
        "&Yes": "&Có",
        "Yes to &All": "Có với &tất cả",
        "&No": "&Không",
        "N&o to All": "Không với tấ&t cả",
        "Abort": "Hủy bỏ",
        "Retry": "Thử lại",
        "Ignore": "Bỏ qua",
        "Close": "Đóng",
        "Cancel": "Hủy",
        "Discard": "Bỏ",
        "Help": "Trợ giúp",
        "Apply": "Áp dụng",
        "Reset": "Đặt lại",
        "Restore Defaults": "Khôi phục mặc định",
    },
    "QDialogButtonBox": {"OK": "Đồng ý", "Cancel": "Hủy", "Save": "Lưu", "Close": "Đóng"},
    "QMessageBox": {"Show Details...": "Xem chi tiết...", "Hide Details...": "Ẩn chi tiết..."},
    "QAbstractSpinBox": {"&Step up": "&Tăng", "Step &down": "&Giảm", "&Select All": "&Chọn tất cả"},
}


class VietnameseQtTranslator(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):
        # None (a null string) means "not translated here": Qt then keeps the source text.
        # An empty string would blank every label of our own forms.
        return QT_STRINGS.get(context, {}).get(source_text)

    def isEmpty(self) -> bool:
        return False


def install_vietnamese_qt_strings(app: QCoreApplication) -> QTranslator:
    translator = VietnameseQtTranslator(app)
    app.installTranslator(translator)
    return translator
