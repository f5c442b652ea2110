"""Giấy khen PDFs read back: every text where the clerk expects it, inside its box, shifted by
the printer's offsets, and the calibration page that finds those offsets."""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
import unicodedata
from collections.abc import Iterator
from typing import Any

import pdfplumber
import pytest

from kt_desktop.documents.certificates import (
    FIELD_KEYS,
    MAX_OFFSET_MM,
    CertificateLayout,
    CertificateText,
    FieldBox,
    PrintMode,
    RenderingStopped,
    check_layout,
    check_offsets,
    default_layout,
    layout_from_json,
    layout_to_json,
    render_calibration_page,
    render_certificates,
    render_layout_preview,
)
from kt_desktop.documents.fonts import FACES, register_document_fonts
from kt_desktop.documents.textfit import text_width

MM = 72 / 25.4
LONG_COLLECTIVE = (
    "Ban Chỉ đạo phong trào Bình dân học vụ số và chuyển đổi số của Hội Liên hiệp Phụ nữ "
    "xã Kim Thành cùng các chi hội phụ nữ thôn Đông, thôn Tây và thôn Nam"
)


def certificate(**changes: Any) -> CertificateText:
    base = CertificateText(
        recipient="Bà Nguyễn Thị Hồng Nhung",
        position_unit="Chi hội trưởng Chi hội Phụ nữ thôn Đông, xã Kim Thành",
        achievement=(
            "Đã có thành tích xuất sắc trong phong trào thi đua đổi mới sáng tạo, chuyển đổi "
            "số năm 2025"
        ),
        decision_line="Quyết định số 05/QĐ-UBND ngày 12/01/2026",
        register_line="Số vào sổ: 12/GK-2026",
        place_date="Kim Thành, ngày 12 tháng 01 năm 2026",
        signer_name="Trần Văn Quyết",
    )
    return dataclasses.replace(base, **changes)


@pytest.fixture
def pages() -> Iterator[Any]:
    """Opens PDF bytes and closes them at the end of the test."""
    opened: list[Any] = []

    def open_pdf(data: bytes) -> list[Any]:
        pdf = pdfplumber.open(io.BytesIO(data))
        opened.append(pdf)
        return list(pdf.pages)

    yield open_pdf
    for pdf in opened:
        pdf.close()


def straight(obj: Any) -> bool:
    """Not a character of the diagonal draft mark (drawn rotated)."""
    return obj.get("object_type") != "char" or abs(obj["matrix"][1]) < 1e-6


def upright_text(page: Any) -> str:
    """The page's text without the diagonal draft mark, in NFC."""
    text = page.filter(straight).extract_text()
    return unicodedata.normalize("NFC", text)


def flat(text: str) -> str:
    return " ".join(text.split())


def chars_in_box(page: Any, box: FieldBox, dx: float = 0.0, dy: float = 0.0) -> list[Any]:
    """The upright characters whose middle lies in `box` (shifted by dx, dy mm)."""
    left, top = (box.x_mm + dx) * MM, (box.y_mm + dy) * MM
    right, bottom = left + box.width_mm * MM, top + box.height_mm * MM
    return [
        char
        for char in page.chars
        if straight(char)
        and left <= (char["x0"] + char["x1"]) / 2 <= right
        and top <= (char["top"] + char["bottom"]) / 2 <= bottom
    ]


def box_text(chars: list[Any]) -> str:
    """Characters in reading order (line by line), words separated as pdfplumber does."""
    lines: dict[float, list[Any]] = {}
    for char in chars:
        lines.setdefault(round(char["top"], 1), []).append(char)
    out = []
    for top in sorted(lines):
        row = sorted(lines[top], key=lambda c: c["x0"])
        text = row[0]["text"]
        for before, char in itertools.pairwise(row):
            gap = char["x0"] - before["x1"]
            text += (" " if gap > 0.15 * char["size"] else "") + char["text"]
        out.append(text)
    return unicodedata.normalize("NFC", " ".join(out))


def test_the_field_keys_are_the_text_fields_in_order() -> None:
    names = tuple(f.name for f in dataclasses.fields(CertificateText) if f.name != "draft")
    assert names == FIELD_KEYS
    assert tuple(default_layout().fields) == FIELD_KEYS
    check_layout(default_layout())


def test_full_mode_prints_every_text_exactly(pages: Any) -> None:
    item = certificate()
    (page,) = pages(render_certificates([item], default_layout(), PrintMode.FULL))
    text = flat(upright_text(page))
    for key in FIELD_KEYS:
        for line in item.text(key).splitlines():
            assert line in text, key
    assert "BẢN NHÁP" not in unicodedata.normalize("NFC", page.extract_text())


def test_every_field_lands_in_its_own_box(pages: Any) -> None:
    item = certificate()
    layout = default_layout()
    (page,) = pages(render_certificates([item], layout, PrintMode.FULL))
    for key, box in layout.fields.items():
        expected = " ".join(item.text(key).split())
        assert box_text(chars_in_box(page, box)) == expected, key


def test_a_draft_carries_the_draft_mark_and_a_final_copy_does_not(pages: Any) -> None:
    data = render_certificates(
        [certificate(draft=True), certificate()], default_layout(), PrintMode.FULL
    )
    draft, final = pages(data)
    mark = [c for c in draft.chars if not straight(c)]
    assert unicodedata.normalize("NFC", "".join(c["text"] for c in mark)) == "BẢN NHÁP"
    assert all(c["size"] > 60 and c["non_stroking_color"] != (0,) for c in mark)
    assert not [c for c in final.chars if not straight(c)]
    assert "NHÁP" not in unicodedata.normalize("NFC", final.extract_text())
    # The mark is behind the text and the text is still all there.
    assert "Bà Nguyễn Thị Hồng Nhung" in upright_text(draft)


def test_text_only_leaves_out_the_preprinted_words_and_the_frame(pages: Any) -> None:
    item = certificate()
    (full,) = pages(render_certificates([item], default_layout(), PrintMode.FULL))
    (page,) = pages(render_certificates([item], default_layout(), PrintMode.TEXT_ONLY))
    text = flat(upright_text(page))
    assert "CỘNG HÒA" not in text
    assert "Độc lập" not in text
    assert "ỦY BAN NHÂN DÂN" not in text
    assert "GIẤY KHEN" not in text
    for key in ("recipient", "position_unit", "achievement", "place_date", "signer_name"):
        assert flat(item.text(key)) in text, key
    assert "CHỦ TỊCH" in text  # the signer's capacity is typed, not pre-printed
    assert not page.rects and not page.lines
    assert full.rects or full.lines  # the frame is printed on plain paper only


def test_a_long_collective_name_stays_in_its_box_at_a_smaller_size(pages: Any) -> None:
    assert 140 <= len(LONG_COLLECTIVE) <= 170
    layout = default_layout()
    box = layout.fields["recipient"]
    data = render_certificates(
        [certificate(), certificate(recipient=LONG_COLLECTIVE)], layout, PrintMode.FULL
    )
    short_page, long_page = pages(data)
    short = chars_in_box(short_page, box)
    long = chars_in_box(long_page, box)
    assert box_text(long) == LONG_COLLECTIVE
    left, right = box.x_mm * MM, (box.x_mm + box.width_mm) * MM
    top, bottom = box.y_mm * MM, (box.y_mm + box.height_mm) * MM
    # Every character between the title above and the position line below, wherever it is.
    title, position = layout.fields["award_title"], layout.fields["position_unit"]
    band = ((title.y_mm + title.height_mm) * MM, position.y_mm * MM)
    named = [
        c
        for c in long_page.chars
        if straight(c) and c["text"] != " " and band[0] < (c["top"] + c["bottom"]) / 2 < band[1]
    ]
    assert len(named) == len(LONG_COLLECTIVE.replace(" ", ""))
    for char in named:
        assert char["x0"] >= left - 0.01 and char["x1"] <= right + 0.01, char["text"]
        assert char["top"] >= top - 0.01 and char["bottom"] <= bottom + 0.01, char["text"]
    assert max(c["size"] for c in long) < min(c["size"] for c in short)
    # The position line below is untouched: nothing of the name wrapped into it.
    assert box_text(chars_in_box(long_page, position)) == certificate().position_unit


def test_a_text_too_long_even_at_the_smallest_size_is_squeezed_into_the_width(
    pages: Any,
) -> None:
    layout = default_layout()
    box = dataclasses.replace(
        layout.fields["register_line"], width_mm=40, font_size=13, min_font_size=12
    )
    fields = {**layout.fields, "register_line": box}
    narrow = CertificateLayout(fields=fields)
    text = "Số vào sổ vàng của xã: 12/GK-2026, quyển số 03, trang 45"
    (page,) = pages(render_certificates([certificate(register_line=text)], narrow, PrintMode.FULL))
    chars = chars_in_box(page, box)
    assert box_text(chars) == text
    left, right = box.x_mm * MM, (box.x_mm + box.width_mm) * MM
    assert min(c["x0"] for c in chars) >= left - 0.01
    assert max(c["x1"] for c in chars) <= right + 0.01
    assert {round(c["size"], 1) for c in chars} == {12.0}
    # Squeezed, not cut: one line, narrower than the same letters at their natural width.
    assert len({round(c["top"], 1) for c in chars}) == 1
    register_document_fonts()
    assert text_width(text, FACES["regular"], 12) > box.width_mm * MM * 1.2


def test_an_offset_moves_everything(pages: Any) -> None:
    layout = default_layout()
    box = layout.fields["recipient"]
    item = certificate()
    (plain,) = pages(render_certificates([item], layout, PrintMode.TEXT_ONLY))
    (shifted,) = pages(render_certificates([item], layout, PrintMode.TEXT_ONLY, 5, -3))
    before = chars_in_box(plain, box)
    after = chars_in_box(shifted, box, dx=5, dy=-3)
    assert box_text(after) == item.recipient
    assert abs(after[0]["x0"] - before[0]["x0"] - 5 * MM) < 0.5
    assert abs(after[0]["x0"] - before[0]["x0"] - 14.17) < 0.5
    assert abs(after[0]["top"] - before[0]["top"] + 3 * MM) < 0.5
    name = layout.fields["signer_name"]
    assert box_text(chars_in_box(shifted, name, dx=5, dy=-3)) == item.signer_name
    # The frame of plain-paper printing moves with the text.
    (framed,) = pages(render_certificates([item], layout, PrintMode.FULL))
    (framed_shifted,) = pages(render_certificates([item], layout, PrintMode.FULL, 5, -3))
    outer, outer_shifted = framed.rects[0], framed_shifted.rects[0]
    assert outer_shifted["x0"] - outer["x0"] == pytest.approx(5 * MM, abs=0.01)
    assert outer_shifted["top"] - outer["top"] == pytest.approx(-3 * MM, abs=0.01)


def test_offsets_are_limited_to_twenty_millimetres() -> None:
    for x, y in ((-20, 20), (20, -20), (0, 0), (1.5, -2)):
        check_offsets(x, y)
    with pytest.raises(ValueError, match="±20 mm; đã nhập 80 mm theo chiều ngang"):
        check_offsets(80, 0)
    with pytest.raises(ValueError, match="đã nhập -20,5 mm theo chiều dọc"):
        check_offsets(0, -20.5)
    with pytest.raises(ValueError, match="±20 mm"):
        render_certificates([certificate()], default_layout(), PrintMode.FULL, 0, 21)
    assert MAX_OFFSET_MM == 20


def test_check_layout_names_the_field_that_leaves_the_page() -> None:
    layout = default_layout()
    box = layout.fields["recipient"]
    off_page = CertificateLayout(fields={**layout.fields, "recipient": replace_x(box, 100)})
    with pytest.raises(ValueError, match="Tên người/tập thể được khen"):
        check_layout(off_page)
    with pytest.raises(ValueError, match="Tên người/tập thể được khen"):
        render_certificates([certificate()], off_page, PrintMode.FULL)
    flat_box = dataclasses.replace(layout.fields["signer_name"], height_mm=0)
    with pytest.raises(ValueError, match=r"Họ tên người ký.*lớn hơn 0"):
        check_layout(CertificateLayout(fields={**layout.fields, "signer_name": flat_box}))
    huge = dataclasses.replace(layout.fields["award_title"], font_size=80)
    with pytest.raises(ValueError, match=r"TẶNG GIẤY KHEN.*80 pt"):
        check_layout(CertificateLayout(fields={**layout.fields, "award_title": huge}))
    with pytest.raises(ValueError, match="từ 100 đến 450 mm"):
        check_layout(CertificateLayout(page_width_mm=90))


def replace_x(box: FieldBox, x_mm: float) -> FieldBox:
    return dataclasses.replace(box, x_mm=x_mm)


def test_min_font_size_defaults_to_sixty_percent_never_below_seven() -> None:
    assert FieldBox(0, 0, 10, 10, 20).min_font_size == 12
    assert FieldBox(0, 0, 10, 10, 10).min_font_size == 7
    assert FieldBox(0, 0, 10, 10, 6).min_font_size == 6
    assert FieldBox(0, 0, 10, 10, 20, min_font_size=15).min_font_size == 15


def test_layout_json_round_trips_and_survives_garbage() -> None:
    layout = default_layout()
    moved = dataclasses.replace(layout.fields["recipient"], x_mm=20.5, font_size=26, bold=False)
    custom = CertificateLayout(
        page_width_mm=280, page_height_mm=200, fields={**layout.fields, "recipient": moved}
    )
    assert layout_from_json(layout_to_json(custom)) == custom
    assert layout_from_json(layout_to_json(layout)) == layout

    for garbage in ("", "not json", "[1, 2]", "null", '{"fields": 5}', None, b"\xff\xfe"):
        assert layout_from_json(garbage) == layout

    data = json.loads(layout_to_json(custom))
    data["fields"]["recipient"]["width_mm"] = "rộng"  # damaged value: the saved one is kept
    data["fields"]["achievement"] = {"font_size": 500}  # damaged box: the default
    data["fields"]["motto"] = "?"
    del data["fields"]["signer_name"]  # older file without a field
    data["fields"]["seal"] = {"x_mm": 1}  # a field this version does not know
    data["page_height_mm"] = "A4"
    loaded = layout_from_json(json.dumps(data))
    assert tuple(loaded.fields) == FIELD_KEYS
    assert loaded.page_width_mm == 280 and loaded.page_height_mm == 210
    assert loaded.fields["recipient"].width_mm == moved.width_mm
    assert loaded.fields["recipient"].x_mm == 20.5
    assert loaded.fields["achievement"] == layout.fields["achievement"]
    assert loaded.fields["motto"] == layout.fields["motto"]
    assert loaded.fields["signer_name"] == layout.fields["signer_name"]

    data = json.loads(layout_to_json(layout))
    data["page_width_mm"] = 150  # the saved boxes no longer fit: the default layout
    assert layout_from_json(json.dumps(data)) == layout


def test_calibration_page_shows_grid_labels_boxes_and_offsets(pages: Any) -> None:
    layout = default_layout()
    (page,) = pages(render_calibration_page(layout, 1.5, -2))
    assert page.width == pytest.approx(297 * MM) and page.height == pytest.approx(210 * MM)
    text = flat(unicodedata.normalize("NFC", page.extract_text()))
    assert "TRANG CĂN CHỈNH MÁY IN" in text
    assert "Độ lệch đang dùng: ngang +1,5 mm; dọc −2 mm" in text
    for label in ("X 20 mm, Y 20 mm", "X 277 mm, Y 190 mm", "X 148,5 mm, Y 105 mm"):
        assert label in text
    for box in layout.fields.values():
        assert box.label in text
    # The grid: 298 vertical and 211 horizontal millimetre lines, shifted by the offsets.
    assert len(page.lines) >= 297 + 210
    xs = {round(line["x0"], 2) for line in page.lines if line["x0"] == line["x1"]}
    assert round(10 * MM + 1.5 * MM, 2) in xs
    (plain,) = pages(render_calibration_page(layout))
    assert "ngang 0 mm; dọc 0 mm" in flat(plain.extract_text())


def test_progress_is_reported_per_page_and_stopping_stops() -> None:
    items = [certificate(recipient=f"Ông Lê Văn {name}") for name in ("An", "Bình", "Cường")]
    calls: list[tuple[int, int]] = []
    render_certificates(
        items, default_layout(), PrintMode.FULL, progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]

    calls.clear()
    with pytest.raises(RenderingStopped) as stopped:
        render_certificates(
            items,
            default_layout(),
            PrintMode.FULL,
            progress=lambda d, t: calls.append((d, t)),
            should_stop=lambda: len(calls) >= 2,
        )
    assert calls == [(1, 3), (2, 3)]
    assert stopped.value.done == 2 and "dừng" in str(stopped.value)


def test_no_certificates_is_an_error() -> None:
    with pytest.raises(ValueError, match="Chưa có Giấy khen"):
        render_certificates([], default_layout(), PrintMode.FULL)


def test_pages_take_the_layout_size_and_the_pdf_is_titled(pages: Any) -> None:
    layout = CertificateLayout(page_width_mm=300, page_height_mm=212)
    data = render_certificates([certificate(), certificate()], layout, PrintMode("text_only"))
    first, second = pages(data)
    assert first.width == pytest.approx(300 * MM) and second.height == pytest.approx(212 * MM)
    pdf = pdfplumber.open(io.BytesIO(data))
    try:
        assert pdf.metadata["Title"] == "Giấy khen"
    finally:
        pdf.close()


def test_decomposed_input_prints_as_precomposed_letters(pages: Any) -> None:
    name = unicodedata.normalize("NFD", "Ông Đặng Quốc Việt")
    data = render_certificates([certificate(recipient=name)], default_layout(), PrintMode.FULL)
    (page,) = pages(data)
    box = default_layout().fields["recipient"]
    assert box_text(chars_in_box(page, box)) == "Ông Đặng Quốc Việt"


def test_the_preview_outlines_the_boxes_only_on_a_preprinted_blank(pages: Any) -> None:
    layout = default_layout()
    (text_only,) = pages(render_layout_preview(layout, certificate(), PrintMode.TEXT_ONLY))
    (full,) = pages(render_layout_preview(layout, certificate(), PrintMode.FULL))
    outlined = [r for r in text_only.rects if r.get("dash") and r["dash"][0]]
    assert len(outlined) == sum(not b.preprinted for b in layout.fields.values())
    box = layout.fields["recipient"]
    assert any(
        abs(r["x0"] - box.x_mm * MM) < 0.1 and abs(r["top"] - box.y_mm * MM) < 0.1 for r in outlined
    )
    assert not [r for r in full.rects if r.get("dash") and r["dash"][0]]
    assert "Bà Nguyễn Thị Hồng Nhung" in upright_text(text_only)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in upright_text(full)
