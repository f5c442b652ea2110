"""The serif family every document is set in: Times New Roman where Windows has it, else the
bundled, metric-compatible Liberation Serif. Fonts are embedded in every PDF."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kt_desktop.errors import UserError
from kt_desktop.paths import resources_dir

# ReportLab names: the family and its four faces.
FAMILY = "VanBan"
FACES = {
    "regular": FAMILY,
    "bold": f"{FAMILY}-Bold",
    "italic": f"{FAMILY}-Italic",
    "bold_italic": f"{FAMILY}-BoldItalic",
}
TIMES_NEW_ROMAN_FILES = {
    "regular": "times.ttf",
    "bold": "timesbd.ttf",
    "italic": "timesi.ttf",
    "bold_italic": "timesbi.ttf",
}
LIBERATION_SERIF_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}


@dataclass(frozen=True)
class FontSet:
    name: str  # as shown to users: "Times New Roman" or "Liberation Serif"
    files: dict[str, Path]


def windows_fonts_dir() -> Path | None:
    if sys.platform != "win32":
        return None
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def times_new_roman(fonts_dir: Path | None) -> FontSet | None:
    """Times New Roman's four faces in `fonts_dir`, if all are there."""
    if fonts_dir is None:
        return None
    files = {face: fonts_dir / name for face, name in TIMES_NEW_ROMAN_FILES.items()}
    if all(path.is_file() for path in files.values()):
        return FontSet("Times New Roman", files)
    return None


def bundled_serif() -> FontSet:
    folder = resources_dir() / "fonts"
    return FontSet(
        "Liberation Serif",
        {face: folder / name for face, name in LIBERATION_SERIF_FILES.items()},
    )


def document_font_set(fonts_dir: Path | None = None) -> FontSet:
    """Times New Roman from the system when present (Decree 30's font), else the bundled one."""
    return times_new_roman(fonts_dir or windows_fonts_dir()) or bundled_serif()


@cache
def register_document_fonts() -> FontSet:
    """Register the four faces with ReportLab once per process, as the family FAMILY."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    font_set = document_font_set()
    try:
        for face, path in font_set.files.items():
            pdfmetrics.registerFont(TTFont(FACES[face], str(path)))
    except (OSError, TTFError) as error:
        raise UserError(
            f"Không nạp được phông chữ {font_set.name} để tạo văn bản "
            f"(tệp phông chữ bị thiếu hoặc hỏng: {Path(str(path)).name}).",
            "Hãy cài lại chương trình để khôi phục các tệp phông chữ.",
        ) from error
    for bold, italic, face in (
        (0, 0, "regular"),
        (1, 0, "bold"),
        (0, 1, "italic"),
        (1, 1, "bold_italic"),
    ):
        addMapping(FAMILY, bold, italic, FACES[face])
    return font_set
