"""Documents' fonts: Times New Roman when the system has it, the bundled serif otherwise."""

from __future__ import annotations

from pathlib import Path

from kt_desktop.documents.fonts import (
    TIMES_NEW_ROMAN_FILES,
    bundled_serif,
    document_font_set,
    register_document_fonts,
)


def test_the_bundled_serif_and_its_licence_ship_with_the_app() -> None:
    font_set = bundled_serif()
    assert font_set.name == "Liberation Serif"
    for path in font_set.files.values():
        assert path.is_file() and path.stat().st_size > 100_000
    licence = next(iter(font_set.files.values())).parent / "LICENSE-LiberationSerif.txt"
    assert "SIL Open Font License" in licence.read_text(encoding="utf-8")


def test_times_new_roman_is_preferred_when_all_four_faces_exist(tmp_path: Path) -> None:
    for name in TIMES_NEW_ROMAN_FILES.values():
        (tmp_path / name).write_bytes(b"font")
    assert document_font_set(tmp_path).name == "Times New Roman"
    (tmp_path / "timesbi.ttf").unlink()
    assert document_font_set(tmp_path).name == "Liberation Serif"


def test_vietnamese_text_is_drawn_with_an_embedded_font(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from kt_desktop.documents.fonts import FACES

    font_set = register_document_fonts()
    target = tmp_path / "thử.pdf"
    canvas = Canvas(str(target))
    canvas.setFont(FACES["bold"], 13)
    canvas.drawString(72, 720, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    canvas.save()
    data = target.read_bytes()
    assert b"/FontFile2" in data  # the TrueType program is embedded, not referenced
    assert font_set.name.replace(" ", "").encode() in data
