"""Speed of the Giấy khen renderer: 300 varied certificates in one PDF against ReportLab drawing
the same strings at fixed places on bare canvas pages (run: pytest -m benchmark -s).

The budget: the renderer (fitting every field in its box, the frame) at most 2 × the bare
canvas, in the same run.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

import pytest

from kt_desktop.documents import certificates
from kt_desktop.documents.certificates import (
    FIELD_KEYS,
    CertificateLayout,
    CertificateText,
    PrintMode,
    default_layout,
    render_certificates,
)
from kt_desktop.documents.fonts import register_document_fonts
from kt_desktop.documents.textfit import text_width

pytestmark = pytest.mark.benchmark

COUNT = 300
RUNS = 5
BUDGET_RATIO = 2.0
MM = 72 / 25.4

FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Thị Thu", "Minh", "Quốc", "Thị Hồng", "Xuân", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hằng", "Hương", "Khánh", "Lan", "Mạnh", "Nhung", "Phúc"]
GIVEN += ["Quyết", "Sơn", "Thảo", "Tuấn", "Uyên", "Việt", "Xuyến", "Yến", "Thắng", "Ánh"]
VILLAGES = ["Đông", "Tây", "Nam", "Bắc", "Trung", "Hạ", "Thượng", "Kim Lũ", "Cổ Dũng", "Đồng Tâm"]
POSITIONS = [
    "Trưởng thôn {v}, xã Kim Thành",
    "Bí thư Chi bộ thôn {v}, xã Kim Thành",
    "Chi hội trưởng Chi hội Phụ nữ thôn {v}",
    "Giáo viên Trường Tiểu học Kim Thành",
    "Thành viên Tổ công nghệ số cộng đồng thôn {v}",
    "Công chức Văn phòng - Thống kê, Ủy ban nhân dân xã Kim Thành",
    "Đoàn viên Chi đoàn thôn {v}",
]
COLLECTIVES = [
    "Tổ công nghệ số cộng đồng thôn {v}",
    "Chi hội Nông dân thôn {v}",
    "Ban Chỉ đạo phong trào Bình dân học vụ số và chuyển đổi số của Hội Liên hiệp Phụ nữ "
    "xã Kim Thành cùng các chi hội phụ nữ thôn {v}",
    "Trường Mầm non Kim Thành",
]
ACHIEVEMENTS = [
    "Đã có thành tích xuất sắc trong phong trào thi đua đổi mới sáng tạo, chuyển đổi số năm 2025",
    "Đã có thành tích tiêu biểu trong phong trào “Bình dân học vụ số”, hướng dẫn {n} người dân "
    "thôn {v} sử dụng dịch vụ công trực tuyến và thanh toán không dùng tiền mặt",
    "Đã có sáng kiến “Sổ tay điện tử tổ dân vận” được Hội đồng sáng kiến xã công nhận, "
    "góp phần nâng cao hiệu quả công tác dân vận tại thôn {v}",
    "Đã hoàn thành xuất sắc nhiệm vụ năm 2025",
]


def sample_certificates(count: int) -> list[CertificateText]:
    items = []
    for index in range(count):
        village = VILLAGES[index % len(VILLAGES)]
        if index % 9 == 4:
            recipient = COLLECTIVES[index % len(COLLECTIVES)].format(v=village)
            position = "Xã Kim Thành, tỉnh Hải Dương"
        else:
            name = " ".join(
                (
                    FAMILIES[index % len(FAMILIES)],
                    MIDDLES[(index // 3) % len(MIDDLES)],
                    GIVEN[(index * 7) % len(GIVEN)],
                )
            )
            recipient = ("Bà " if "Thị" in name else "Ông ") + name
            position = POSITIONS[index % len(POSITIONS)].format(v=village)
        items.append(
            CertificateText(
                recipient=recipient,
                position_unit=position,
                achievement=ACHIEVEMENTS[index % len(ACHIEVEMENTS)].format(
                    v=village, n=20 + index % 80
                ),
                decision_line=f"Quyết định số {5 + index // 100:02d}/QĐ-UBND ngày 12/01/2026",
                register_line=f"Số vào sổ: {index + 1:03d}/GK-2026",
                place_date="Kim Thành, ngày 12 tháng 01 năm 2026",
                signer_name="Trần Văn Quyết",
            )
        )
    return items


def bare_canvas(items: list[CertificateText], layout: CertificateLayout) -> bytes:
    """The floor: each field's string in its font and size at its box's corner, one page per
    certificate; no measuring, wrapping, frame or centring."""
    from reportlab.pdfgen.canvas import Canvas

    page_height = layout.page_height_mm * MM
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=(layout.page_width_mm * MM, page_height), invariant=1, pageCompression=1
    )
    canvas.setTitle("Giấy khen")
    boxes = [layout.fields[key] for key in FIELD_KEYS]
    for item in items:
        for key, box in zip(FIELD_KEYS, boxes, strict=True):
            canvas.setFont(box.face, box.font_size)
            y = page_height - box.y_mm * MM - box.font_size
            canvas.drawString(box.x_mm * MM, y, item.text(key).replace("\n", " "))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def test_300_certificates_against_the_bare_canvas() -> None:
    register_document_fonts()
    layout = default_layout()
    items = sample_certificates(COUNT)
    rendered = render_certificates(items, layout, PrintMode.FULL)  # warm up: imports, fonts
    bare_canvas(items, layout)

    def render_cold() -> bytes:
        # Each run measures and fits afresh, as the first print of a new list would.
        text_width.cache_clear()
        certificates._fit.cache_clear()
        return render_certificates(items, layout, PrintMode.FULL)

    engine = best_of(RUNS, render_cold)
    floor = best_of(RUNS, lambda: bare_canvas(items, layout))
    ratio = engine / floor
    print(
        f"\n{COUNT} certificates ({len(rendered) // 1024} KiB): {engine:.2f} s; "
        f"bare canvas {floor:.2f} s; ratio {ratio:.2f} (bound {BUDGET_RATIO}, best of {RUNS})"
    )
    assert ratio <= BUDGET_RATIO
