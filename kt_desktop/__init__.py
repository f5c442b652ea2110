"""Desktop app for Kim Thành's 2025–2030 innovation and digital-transformation movement."""

__version__ = "0.1.0"

# The app's name as users see it (window titles, shortcuts, the About dialog).
APP_DISPLAY_NAME = "Thi đua Đổi mới sáng tạo – Chuyển đổi số Kim Thành"
# Folder and file-system name: ASCII so every tool on Windows copes with it.
APP_DIR_NAME = "KimThanhThiDua"
