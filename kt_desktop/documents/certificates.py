"""Giấy khen (certificates): field boxes on a blank, text fitted in them, calibration pages."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from typing import Any, Literal

from reportlab.pdfgen.canvas import Canvas

from kt_desktop.documents.fonts import FACES, register_document_fonts
from kt_desktop.documents.textfit import text_width, wrap_balanced, wrap_text
from kt_desktop.text import clean_text, nfc

__all__ = [
    "FIELD_KEYS",
    "MAX_OFFSET_MM",
    "CertificateLayout",
    "CertificateText",
    "FieldBox",
    "PrintMode",
    "RenderingStopped",
    "check_layout",
    "check_offsets",
    "default_layout",
    "layout_from_json",
    "layout_to_json",
    "render_calibration_page",
    "render_certificates",
    "render_layout_preview",
]

Align = Literal["center", "left", "right"]
ALIGNMENTS: tuple[Align, ...] = ("center", "left", "right")

MAX_OFFSET_MM = 20
mm = 72.0 / 25.4  # points in a millimetre
MIN_FONT_PT = 6.0
MAX_FONT_PT = 72.0
MIN_PAGE_MM = 100.0
MAX_PAGE_MM = 450.0
FONT_STEP = 0.5  # how far a too-long text's size is stepped down at a time
SMALLEST_MIN_FONT = 7.0

# Line height and the baseline's place in a line, as multiples of the size (as in blocks.py):
# the glyph box a PDF reader reports (0.78 of the size above the baseline, 0.22 below) stays
# inside each line's 1.2 × size slot.
LEADING = 1.2
BASELINE = 0.88
RULE_DROP = 0.3  # the rule under the motto, below its baseline, inside the line's slot
FUZZ = 1e-6

PDF_TITLE = "Giấy khen"
_FRAME_FORM = "KhungGiayKhen"
DRAFT_MARK = "BẢN NHÁP"
DRAFT_GREY = 0.86
CALIBRATION_HEADING = (
    "TRANG CĂN CHỈNH MÁY IN – đặt phôi Giấy khen lên trang này, soi dưới ánh sáng để kiểm tra"
)


@dataclass(frozen=True)
class FieldBox:
    """Where one field goes on the blank and how it is set.

    x_mm, y_mm: the box's top-left corner, from the page's top-left corner. `min_font_size`
    0 means the default: 60% of `font_size`, never below 7 pt (nor above `font_size`).
    `preprinted`: the shop-bought blank already carries this text, so text-only printing
    leaves it out.
    """

    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float
    font_size: float
    min_font_size: float = 0.0
    bold: bool = False
    italic: bool = False
    align: Align = "center"
    max_lines: int = 1
    preprinted: bool = False
    label: str = ""

    def __post_init__(self) -> None:
        if self.min_font_size <= 0:
            automatic = max(SMALLEST_MIN_FONT, round(self.font_size * 0.6 * 2) / 2)
            object.__setattr__(self, "min_font_size", min(self.font_size, automatic))

    @property
    def face(self) -> str:
        if self.bold and self.italic:
            return FACES["bold_italic"]
        if self.bold:
            return FACES["bold"]
        if self.italic:
            return FACES["italic"]
        return FACES["regular"]


FIELD_KEYS: tuple[str, ...] = (
    "national_title",
    "motto",
    "issuer",
    "award_title",
    "recipient",
    "position_unit",
    "achievement",
    "decision_line",
    "register_line",
    "place_date",
    "signer_capacity",
    "signer_name",
)

# Bottom-right block: place and date, the capacity, 35-40 mm for signature and seal, the name.
_SIGN_X, _SIGN_WIDTH = 168.0, 112.0
_SIGN_TOP = 137.0


def _default_fields() -> dict[str, FieldBox]:
    """A4 landscape, modelled on the commune's Giấy khen: centred heading and title, the
    recipient large in the middle, the decision and register number bottom left, the
    signature bottom right."""
    return {
        "national_title": FieldBox(
            48.5, 17, 200, 7, 13, bold=True, preprinted=True, label="Quốc hiệu"
        ),
        "motto": FieldBox(73.5, 24, 150, 7.5, 14, bold=True, preprinted=True, label="Tiêu ngữ"),
        "issuer": FieldBox(
            48.5,
            35,
            200,
            13,
            14,
            bold=True,
            max_lines=2,
            preprinted=True,
            label="Người khen (cơ quan ban hành)",
        ),
        "award_title": FieldBox(
            38.5, 51, 220, 16, 32, bold=True, preprinted=True, label="Dòng “TẶNG GIẤY KHEN”"
        ),
        "recipient": FieldBox(
            23.5,
            70,
            250,
            20,
            24,
            bold=True,
            max_lines=2,
            label="Tên người/tập thể được khen",
        ),
        "position_unit": FieldBox(
            23.5, 91, 250, 13, 15, max_lines=2, label="Chức vụ, đơn vị công tác"
        ),
        "achievement": FieldBox(23.5, 105, 250, 25, 15, max_lines=3, label="Thành tích được khen"),
        "decision_line": FieldBox(
            22, 145, 118, 12, 13, align="left", max_lines=2, label="Số, ngày quyết định khen"
        ),
        "register_line": FieldBox(22, 158, 118, 7, 13, align="left", label="Số vào sổ"),
        "place_date": FieldBox(
            _SIGN_X, _SIGN_TOP, _SIGN_WIDTH, 7.5, 14, italic=True, label="Địa danh, ngày tháng"
        ),
        "signer_capacity": FieldBox(
            _SIGN_X,
            _SIGN_TOP + 7.5,
            _SIGN_WIDTH,
            7.5,
            14,
            bold=True,
            label="Chức vụ người ký",
        ),
        "signer_name": FieldBox(
            _SIGN_X, _SIGN_TOP + 15 + 37, _SIGN_WIDTH, 8, 14, bold=True, label="Họ tên người ký"
        ),
    }


@dataclass(frozen=True)
class CertificateLayout:
    """A blank's size and its field boxes (keys FIELD_KEYS, in that order). Blank sizes vary by
    supplier, so they are data, saved as JSON by layout_to_json."""

    page_width_mm: float = 297.0
    page_height_mm: float = 210.0
    fields: dict[str, FieldBox] = field(default_factory=_default_fields)


def default_layout() -> CertificateLayout:
    return CertificateLayout()


@dataclass(frozen=True)
class CertificateText:
    """One certificate's strings, one per field; a "\\n" starts a new line."""

    national_title: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str = "Độc lập - Tự do - Hạnh phúc"
    issuer: str = "CHỦ TỊCH\nỦY BAN NHÂN DÂN XÃ KIM THÀNH"
    award_title: str = "TẶNG GIẤY KHEN"
    recipient: str = ""
    position_unit: str = ""
    achievement: str = ""
    decision_line: str = ""
    register_line: str = ""
    place_date: str = ""
    signer_capacity: str = "CHỦ TỊCH"
    signer_name: str = ""
    draft: bool = False

    def text(self, key: str) -> str:
        value: str = getattr(self, key)
        return value


class PrintMode(StrEnum):
    FULL = "full"  # plain paper: a printed frame and every field
    TEXT_ONLY = "text_only"  # a pre-printed blank: no frame, pre-printed fields left out


class RenderingStopped(Exception):
    """The caller's should_stop() asked to stop before the last certificate."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__(f"Đã dừng tạo Giấy khen theo yêu cầu ({done}/{total} giấy đã xếp).")
        self.done = done
        self.total = total


# --- checks -----------------------------------------------------------------------------------


def _mm_text(value: float) -> str:
    """A length in millimetres with a decimal comma: "1,5", "20", "148,5"."""
    rounded = round(value, 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}".replace(".", ",")


def _signed_mm(value: float) -> str:
    if round(value, 1) == 0:
        return "0 mm"
    sign = "+" if value > 0 else "−"
    return f"{sign}{_mm_text(abs(value))} mm"


def check_offsets(x_mm: float, y_mm: float) -> None:
    """Raise ValueError (Vietnamese) unless both printer offsets are within ±MAX_OFFSET_MM."""
    for value, direction in ((x_mm, "ngang"), (y_mm, "dọc")):
        if not math.isfinite(value) or abs(value) > MAX_OFFSET_MM:
            shown = _mm_text(value) if math.isfinite(value) else str(value)
            raise ValueError(
                f"Độ lệch máy in phải trong khoảng ±{MAX_OFFSET_MM} mm; "
                f"đã nhập {shown} mm theo chiều {direction}."
            )


def _box_problem(box: FieldBox) -> str:
    """What is wrong with a box on its own (sizes, fonts), or ""."""
    numbers = (box.x_mm, box.y_mm, box.width_mm, box.height_mm, box.font_size, box.min_font_size)
    if not all(isinstance(n, int | float) and math.isfinite(n) for n in numbers):
        return "có số đo không hợp lệ"
    if box.width_mm <= 0 or box.height_mm <= 0:
        return "phải có chiều rộng và chiều cao lớn hơn 0 mm"
    if not MIN_FONT_PT <= box.font_size <= MAX_FONT_PT:
        return (
            f"có cỡ chữ {_mm_text(box.font_size)} pt, ngoài khoảng "
            f"{_mm_text(MIN_FONT_PT)}–{_mm_text(MAX_FONT_PT)} pt"
        )
    if not MIN_FONT_PT <= box.min_font_size <= box.font_size:
        return (
            f"có cỡ chữ nhỏ nhất {_mm_text(box.min_font_size)} pt, phải từ "
            f"{_mm_text(MIN_FONT_PT)} pt đến cỡ chữ chính ({_mm_text(box.font_size)} pt)"
        )
    if box.align not in ALIGNMENTS:
        return "có kiểu căn lề không hợp lệ"
    if not 1 <= box.max_lines <= 10:
        return "phải có từ 1 đến 10 dòng"
    return ""


def _placement_problem(box: FieldBox, width: float, height: float) -> str:
    if box.x_mm < 0 or box.y_mm < 0:
        return "nằm ra ngoài mép trái hoặc mép trên của trang giấy"
    if box.x_mm + box.width_mm > width + FUZZ:
        return (
            f"vượt ra ngoài mép phải của trang giấy (mép phải của ô ở "
            f"{_mm_text(box.x_mm + box.width_mm)} mm, khổ giấy rộng {_mm_text(width)} mm)"
        )
    if box.y_mm + box.height_mm > height + FUZZ:
        return (
            f"vượt ra ngoài mép dưới của trang giấy (mép dưới của ô ở "
            f"{_mm_text(box.y_mm + box.height_mm)} mm, khổ giấy cao {_mm_text(height)} mm)"
        )
    return ""


def check_layout(layout: CertificateLayout) -> None:
    """Raise ValueError (Vietnamese, naming the field) for a layout that cannot be printed."""
    width, height = layout.page_width_mm, layout.page_height_mm
    for value, name in ((width, "rộng"), (height, "cao")):
        if not (math.isfinite(value) and MIN_PAGE_MM <= value <= MAX_PAGE_MM):
            raise ValueError(
                f"Khổ phôi Giấy khen phải {name} từ {_mm_text(MIN_PAGE_MM)} đến "
                f"{_mm_text(MAX_PAGE_MM)} mm; đã nhập {_mm_text(value)} mm."
            )
    missing = [key for key in FIELD_KEYS if key not in layout.fields]
    if missing:
        raise ValueError(f"Mẫu Giấy khen thiếu ô “{missing[0]}”.")
    for key in FIELD_KEYS:
        box = layout.fields[key]
        problem = _box_problem(box) or _placement_problem(box, width, height)
        if problem:
            raise ValueError(f"Ô “{box.label or key}” {problem}.")


# --- JSON -------------------------------------------------------------------------------------

_JSON_VERSION = 1
_NUMBER_ATTRS = ("x_mm", "y_mm", "width_mm", "height_mm", "font_size", "min_font_size")
_BOOL_ATTRS = ("bold", "italic", "preprinted")


def layout_to_json(layout: CertificateLayout) -> str:
    data = {
        "version": _JSON_VERSION,
        "page_width_mm": layout.page_width_mm,
        "page_height_mm": layout.page_height_mm,
        "fields": {key: asdict(box) for key, box in layout.fields.items()},
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _box_from_data(data: Any, default: FieldBox) -> FieldBox:
    """`default` with the valid values of `data` laid over it; damaged values are ignored, and
    a box that is still wrong in itself is the default."""
    if not isinstance(data, dict):
        return default
    changes: dict[str, Any] = {}
    for name in _NUMBER_ATTRS:
        number = _number(data.get(name))
        if number is not None:
            changes[name] = number
    for name in _BOOL_ATTRS:
        if isinstance(data.get(name), bool):
            changes[name] = data[name]
    if data.get("align") in ALIGNMENTS:
        changes["align"] = data["align"]
    lines = data.get("max_lines")
    if isinstance(lines, int) and not isinstance(lines, bool):
        changes["max_lines"] = lines
    if "font_size" in changes and "min_font_size" not in changes:
        changes["min_font_size"] = 0.0  # follow the new size
    try:
        box = replace(default, **changes)
    except (TypeError, ValueError):
        return default
    return default if _box_problem(box) else box


def layout_from_json(raw: str | bytes | None) -> CertificateLayout:
    """The layout saved by layout_to_json. Never raises: missing, unknown or damaged parts take
    the defaults, and a layout that still cannot be printed is the default layout."""
    default = default_layout()
    try:
        data = json.loads(raw) if raw else {}
    except (TypeError, ValueError):
        return default
    if not isinstance(data, dict):
        return default
    width = _number(data.get("page_width_mm"))
    height = _number(data.get("page_height_mm"))
    saved = data.get("fields")
    saved = saved if isinstance(saved, dict) else {}
    layout = CertificateLayout(
        page_width_mm=width if width is not None else default.page_width_mm,
        page_height_mm=height if height is not None else default.page_height_mm,
        fields={key: _box_from_data(saved.get(key), default.fields[key]) for key in FIELD_KEYS},
    )
    try:
        check_layout(layout)
    except ValueError:
        return default
    return layout


# --- fitting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fit:
    """A text set in its box: the size, the horizontal scale (1.0 unless squeezed) and each
    line with its place relative to the box's top-left corner."""

    size: float
    scale: float
    lines: tuple[str, ...]
    widths: tuple[float, ...]  # each line's drawn width, squeeze included
    xs: tuple[float, ...]  # from the box's left edge to the line's start, points
    drops: tuple[float, ...]  # from the box's top edge down to the line's baseline, points


def _placed(box: FieldBox, size: float, scale: float, lines: Sequence[str]) -> _Fit:
    """The lines centred vertically in the box and aligned in it."""
    face = box.face
    width = box.width_mm * mm
    widths = tuple(text_width(line, face, size) * scale for line in lines)
    if box.align == "center":
        xs = tuple((width - w) / 2 for w in widths)
    elif box.align == "right":
        xs = tuple(width - w for w in widths)
    else:
        xs = tuple(0.0 for _ in widths)
    first = (box.height_mm * mm - len(lines) * LEADING * size) / 2 + BASELINE * size
    drops = tuple(first + index * LEADING * size for index in range(len(lines)))
    return _Fit(size, scale, tuple(lines), widths, xs, drops)


def _paragraphs(text: str) -> list[str]:
    return [line for line in (clean_text(part) for part in nfc(text).splitlines()) if line]


def _wrap(paragraphs: Sequence[str], box: FieldBox, size: float, width: float) -> list[str]:
    wrap = wrap_balanced if box.align == "center" else wrap_text
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += wrap(paragraph, box.face, size, width)
    return lines


def _fits(count: int, box: FieldBox, size: float, height: float, limit: int) -> bool:
    return count <= limit and count * LEADING * size <= height + FUZZ


@lru_cache(maxsize=8192)
def _fit(text: str, box: FieldBox) -> _Fit:
    """Set `text` in `box`: at most max_lines lines at font_size, else stepped down by
    FONT_STEP to min_font_size, else squeezed sideways until each line fits the width."""
    paragraphs = _paragraphs(text)
    if not paragraphs:
        return _Fit(box.font_size, 1.0, (), (), (), ())
    width, height = box.width_mm * mm, box.height_mm * mm
    face = box.face
    size = box.font_size
    while True:
        lines = _wrap(paragraphs, box, size, width)
        if _fits(len(lines), box, size, height, box.max_lines):
            return _placed(box, size, 1.0, lines)
        if size - FONT_STEP < box.min_font_size - FUZZ:
            break
        size -= FONT_STEP
    # Still too long at the smallest size: as many lines as the box holds, the breaks chosen to
    # keep the widest line narrowest, then every line squeezed to the width.
    size = min(box.min_font_size, height / LEADING)
    limit = max(1, min(box.max_lines, int((height + FUZZ) / (LEADING * size))))
    if len(paragraphs) > limit:
        paragraphs = [*paragraphs[: limit - 1], " ".join(paragraphs[limit - 1 :])]
    low, high = width, max(text_width(p, face, size) for p in paragraphs) + 1.0
    for _ in range(24):  # the narrowest wrapping width that still gives `limit` lines
        if high - low < 0.5:
            break
        middle = (low + high) / 2
        if len(_wrap(paragraphs, box, size, middle)) <= limit:
            high = middle
        else:
            low = middle
    lines = _wrap(paragraphs, box, size, high)
    natural = [text_width(line, face, size) for line in lines]
    widest = max(natural)
    scale = min(1.0, width / widest) if widest > 0 else 1.0
    return _placed(box, size, scale, lines)


# --- drawing ----------------------------------------------------------------------------------


class _Page:
    """Draws on one canvas in the layout's millimetres, y from the top, offsets applied."""

    def __init__(self, canvas: Canvas, layout: CertificateLayout) -> None:
        self.canvas = canvas
        self.layout = layout
        self.height = layout.page_height_mm * mm

    def start(self, offset_x_mm: float, offset_y_mm: float) -> None:
        """Each page starts with a fresh graphics state: shift it by the printer's offsets."""
        if offset_x_mm or offset_y_mm:
            self.canvas.translate(offset_x_mm * mm, -offset_y_mm * mm)

    def y(self, y_mm: float) -> float:
        return self.height - y_mm * mm

    def draw_fields(self, item: CertificateText, boxes: Sequence[tuple[str, FieldBox]]) -> None:
        """Every field's lines in one text object; then the rule under the motto."""
        canvas = self.canvas
        text = canvas.beginText()
        rules: list[tuple[float, float, float, float]] = []
        for key, box in boxes:
            fit = _fit(item.text(key), box)
            if not fit.lines:
                continue
            left, top = box.x_mm * mm, self.y(box.y_mm)
            text.setFont(box.face, fit.size)
            if fit.scale < 1.0:
                text.setHorizScale(fit.scale * 100)
            for line, x, drop, width in zip(fit.lines, fit.xs, fit.drops, fit.widths, strict=True):
                text.setTextOrigin(left + x, top - drop)
                text.textLine(line)  # not textOut, which measures the line again
                if key == "motto":
                    y = top - drop - RULE_DROP * fit.size
                    rules.append((left + x, y, left + x + width, y))
            if fit.scale < 1.0:
                text.setHorizScale(100)
        canvas.drawText(text)
        if rules:
            canvas.setLineWidth(0.6)
            canvas.lines(rules)

    def draw_frame(self) -> None:
        """The decorative frame of plain-paper printing: a thick outer and a thin inner
        rectangle, and corner ornaments of lines."""
        canvas = self.canvas
        width = self.layout.page_width_mm * mm
        height = self.height
        outer, inner = 8 * mm, 11 * mm
        canvas.setStrokeGray(0)
        canvas.setLineWidth(2.4)
        canvas.rect(outer, outer, width - 2 * outer, height - 2 * outer)
        canvas.setLineWidth(0.7)
        canvas.rect(inner, inner, width - 2 * inner, height - 2 * inner)
        lines: list[tuple[float, float, float, float]] = []
        a, b, c, d = 13 * mm, 16 * mm, 26 * mm, 20 * mm
        for sx, sy, ox, oy in (
            (1, 1, 0.0, 0.0),
            (-1, 1, width, 0.0),
            (1, -1, 0.0, height),
            (-1, -1, width, height),
        ):

            def at(
                u: float, v: float, sx: float = sx, sy: float = sy, ox: float = ox, oy: float = oy
            ) -> tuple[float, float]:
                return ox + sx * u, oy + sy * v

            # Two nested L-shapes and a small diamond between them.
            for p, q, r, s in (
                (a, a, c, a),
                (a, a, a, c),
                (b, b, d, b),
                (b, b, b, d),
                (outer, outer, inner, inner),
            ):
                lines.append((*at(p, q), *at(r, s)))
            centre, half = 21.5 * mm, 1.8 * mm
            diamond = [
                at(centre, centre - half),
                at(centre + half, centre),
                at(centre, centre + half),
                at(centre - half, centre),
            ]
            for index in range(4):
                lines.append((*diamond[index], *diamond[(index + 1) % 4]))
        canvas.setLineWidth(0.9)
        canvas.lines(lines)

    def draw_draft_mark(self) -> None:
        canvas = self.canvas
        width = self.layout.page_width_mm * mm
        height = self.height
        diagonal = math.hypot(width, height)
        face = FACES["bold"]
        size = min(MAX_FONT_PT * 2, 0.55 * diagonal / text_width(DRAFT_MARK, face, 1.0))
        canvas.saveState()
        canvas.setFillGray(DRAFT_GREY)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(math.degrees(math.atan2(height, width)))
        canvas.setFont(face, size)
        canvas.drawCentredString(0, -0.35 * size, DRAFT_MARK)
        canvas.restoreState()

    def draw_box_outline(self, box: FieldBox, label_size: float = 0.0) -> None:
        """The box dashed; with a label_size, its label inside, top left, on white."""
        canvas = self.canvas
        canvas.saveState()
        canvas.setStrokeColorRGB(0.1, 0.35, 0.75)
        canvas.setFillColorRGB(0.1, 0.35, 0.75)
        canvas.setLineWidth(0.5)
        canvas.setDash(3, 2)
        top = self.y(box.y_mm)
        canvas.rect(box.x_mm * mm, top - box.height_mm * mm, box.width_mm * mm, box.height_mm * mm)
        if label_size and box.label and box.height_mm * mm >= label_size + 1:
            x, y = box.x_mm * mm + 1.2, top - label_size - 0.6
            label_width = min(
                text_width(box.label, FACES["italic"], label_size), box.width_mm * mm - 2.4
            )
            canvas.setFillGray(1)
            canvas.rect(
                x - 0.5, y - 0.25 * label_size, label_width + 1, 1.1 * label_size, stroke=0, fill=1
            )
            canvas.setFillColorRGB(0.1, 0.35, 0.75)
            canvas.setFont(FACES["italic"], label_size)
            canvas.drawString(x, y, box.label)
        canvas.restoreState()


def _new_canvas(buffer: io.BytesIO, layout: CertificateLayout, title: str) -> Canvas:
    canvas = Canvas(
        buffer,
        pagesize=(layout.page_width_mm * mm, layout.page_height_mm * mm),
        invariant=1,
        initialFontName=FACES["regular"],
        pageCompression=1,
    )
    canvas.setTitle(title)
    canvas.setCreator("kt_desktop")
    return canvas


def _render(
    items: Iterable[CertificateText],
    layout: CertificateLayout,
    mode: PrintMode,
    offset_x_mm: float,
    offset_y_mm: float,
    progress: Callable[[int, int], None] | None,
    should_stop: Callable[[], bool] | None,
    outline_boxes: bool,
) -> bytes:
    mode = PrintMode(mode)
    check_layout(layout)
    check_offsets(offset_x_mm, offset_y_mm)
    certificates = list(items)
    if not certificates:
        raise ValueError("Chưa có Giấy khen nào để in.")
    register_document_fonts()
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, layout, PDF_TITLE)
    page = _Page(canvas, layout)
    full = mode is PrintMode.FULL
    boxes = [
        (key, box)
        for key, box in layout.fields.items()
        if key in FIELD_KEYS and (full or not box.preprinted)
    ]
    if full:
        # Drawn once, placed on every page.
        canvas.beginForm(_FRAME_FORM)
        page.draw_frame()
        canvas.endForm()
    total = len(certificates)
    for done, item in enumerate(certificates):
        if should_stop is not None and should_stop():
            raise RenderingStopped(done, total)
        page.start(offset_x_mm, offset_y_mm)
        if item.draft:
            page.draw_draft_mark()
        if full:
            canvas.doForm(_FRAME_FORM)
        if outline_boxes:
            for _, box in boxes:
                page.draw_box_outline(box)
        page.draw_fields(item, boxes)
        canvas.showPage()
        if progress is not None:
            progress(done + 1, total)
    canvas.save()
    return buffer.getvalue()


def render_certificates(
    items: Iterable[CertificateText],
    layout: CertificateLayout,
    mode: PrintMode,
    offset_x_mm: float = 0,
    offset_y_mm: float = 0,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> bytes:
    """One page per certificate, the layout's page size, as a PDF.

    Offsets (mm) shift everything drawn: positive x to the right, positive y down. Every text
    stays inside its box (smaller, then squeezed, when long). progress(done, total) is called
    after each page; should_stop() returning True raises RenderingStopped. Raises ValueError
    (Vietnamese) for a bad layout, offsets out of range or no certificates.
    """
    return _render(
        items, layout, mode, offset_x_mm, offset_y_mm, progress, should_stop, outline_boxes=False
    )


def render_layout_preview(
    layout: CertificateLayout,
    sample: CertificateText,
    mode: PrintMode,
    offset_x_mm: float = 0,
    offset_y_mm: float = 0,
) -> bytes:
    """One certificate as it will print; in text-only mode with the field boxes dashed, to show
    where the text falls on the blank."""
    outline = PrintMode(mode) is PrintMode.TEXT_ONLY
    return _render(
        [sample], layout, mode, offset_x_mm, offset_y_mm, None, None, outline_boxes=outline
    )


# --- calibration ------------------------------------------------------------------------------


def _offsets_line(offset_x_mm: float, offset_y_mm: float) -> str:
    return f"Độ lệch đang dùng: ngang {_signed_mm(offset_x_mm)}; dọc {_signed_mm(offset_y_mm)}"


def render_calibration_page(
    layout: CertificateLayout, offset_x_mm: float = 0, offset_y_mm: float = 0
) -> bytes:
    """A millimetre grid, crosshairs and the field boxes on one page of the blank's size,
    shifted by the offsets as the text would be: print it, lay a blank on it against the light,
    and read off how far the printer is out."""
    check_layout(layout)
    check_offsets(offset_x_mm, offset_y_mm)
    register_document_fonts()
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, layout, "Trang căn chỉnh máy in Giấy khen")
    page = _Page(canvas, layout)
    width_mm, height_mm = layout.page_width_mm, layout.page_height_mm
    width, height = width_mm * mm, height_mm * mm

    canvas.saveState()
    page.start(offset_x_mm, offset_y_mm)
    _draw_grid(canvas, width_mm, height_mm)
    for box in layout.fields.values():
        page.draw_box_outline(box, label_size=7)
    marks = [
        (20.0, 20.0),
        (width_mm - 20, 20.0),
        (20.0, height_mm - 20),
        (width_mm - 20, height_mm - 20),
        (width_mm / 2, height_mm / 2),
    ]
    for x_mm, y_mm in marks:
        _draw_crosshair(canvas, x_mm * mm, height - y_mm * mm)
        label = f"X {_mm_text(x_mm)} mm, Y {_mm_text(y_mm)} mm"
        label_width = text_width(label, FACES["regular"], 7)
        x, y = x_mm * mm, height - y_mm * mm - 5.5 * mm
        # Right of the mark, or left of it near the right edge; on white over the grid.
        start = x + 6 * mm if x_mm < width_mm - 60 else x - 6 * mm - label_width
        canvas.setFillGray(1)
        canvas.rect(start - 1, y - 2, label_width + 2, 8.5, stroke=0, fill=1)
        canvas.setFillGray(0)
        canvas.setFont(FACES["regular"], 7)
        canvas.drawString(start, y, label)
    canvas.restoreState()

    # The heading and the offsets stay put: they describe the page, not the blank.
    for text, face, size, y_mm in (
        (CALIBRATION_HEADING, FACES["bold"], 9.5, 9.0),
        (_offsets_line(offset_x_mm, offset_y_mm), FACES["regular"], 9.0, 13.5),
    ):
        line_width = text_width(text, face, size)
        canvas.setFillGray(1)
        canvas.rect(
            (width - line_width) / 2 - 2,
            height - y_mm * mm - 0.3 * size,
            line_width + 4,
            1.2 * size,
            stroke=0,
            fill=1,
        )
        canvas.setFillGray(0)
        canvas.setFont(face, size)
        canvas.drawCentredString(width / 2, height - y_mm * mm, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_grid(canvas: Canvas, width_mm: float, height_mm: float) -> None:
    """1 mm lines very light, 5 mm light, 10 mm darker and numbered along the top and left."""
    width, height = width_mm * mm, height_mm * mm
    columns = range(int(width_mm) + 1)
    rows = range(int(height_mm) + 1)

    def weight(index: int) -> int:
        return 10 if index % 10 == 0 else 5 if index % 5 == 0 else 1

    for step, grey, line_width in ((1, 0.88, 0.15), (5, 0.7, 0.3), (10, 0.4, 0.45)):
        lines = [(i * mm, 0.0, i * mm, height) for i in columns if weight(i) == step]
        lines += [(0.0, height - j * mm, width, height - j * mm) for j in rows if weight(j) == step]
        canvas.setStrokeGray(grey)
        canvas.setLineWidth(line_width)
        canvas.lines(lines)
    canvas.setFillGray(0.2)
    canvas.setFont(FACES["regular"], 6)
    for i in columns:
        if i % 10 == 0 and 0 < i < width_mm:
            canvas.drawCentredString(i * mm, height - 4.2 * mm, str(i))
    for j in rows:
        if j % 10 == 0 and 0 < j < height_mm:
            canvas.drawString(4 * mm, height - j * mm - 2.2, str(j))


def _draw_crosshair(canvas: Canvas, x: float, y: float) -> None:
    canvas.setStrokeColorRGB(0.8, 0, 0)
    canvas.setLineWidth(0.5)
    canvas.circle(x, y, 4 * mm)
    canvas.lines([(x - 7 * mm, y, x + 7 * mm, y), (x, y - 7 * mm, x, y + 7 * mm)])
