"""Joining finished PDFs: every page kept as it was, a bookmark where each part begins."""

from __future__ import annotations

from io import BytesIO

import pdfplumber
import pytest
from reportlab.pdfgen.canvas import Canvas

from kt_desktop.documents.fonts import FACES, register_document_fonts
from kt_desktop.documents.merge import MergePart, merge_pdfs, page_count


def _pdf(*pages: str) -> bytes:
    register_document_fonts()
    out = BytesIO()
    canvas = Canvas(out)
    for text in pages:
        canvas.setFont(FACES["regular"], 14)
        canvas.drawString(72, 700, text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _outline(data: bytes) -> list[tuple[str, int]]:
    from pdfminer.pdftypes import resolve1

    with pdfplumber.open(BytesIO(data)) as pdf:
        pages = {page.page_obj.pageid: number for number, page in enumerate(pdf.pages, 1)}
        found = []
        for _level, title, dest, action, _se in pdf.doc.get_outlines():
            if dest is None and action is not None:
                dest = resolve1(action).get("D")
            found.append((title, pages[resolve1(dest)[0].objid]))
        return found


def test_parts_keep_their_pages_and_get_bookmarks() -> None:
    submission = _pdf("Tờ trình trang 1", "Danh sách đề nghị Bằng khen")
    report = _pdf("Báo cáo thành tích của bà Võ Thanh Chi")
    minutes = _pdf("Biên bản họp Hội đồng", "Trang ký")
    merged = merge_pdfs(
        [
            MergePart(submission, (("Tờ trình", 0), ("Danh sách", 1))),
            MergePart(report, (("Báo cáo thành tích – Võ Thanh Chi", 0),)),
            MergePart(minutes, (("Biên bản họp Hội đồng", 0),)),
        ],
        title="Hồ sơ đề nghị tặng Bằng khen năm 2025",
    )
    assert page_count(merged) == 5
    assert _outline(merged) == [
        ("Tờ trình", 1),
        ("Danh sách", 2),
        ("Báo cáo thành tích – Võ Thanh Chi", 3),
        ("Biên bản họp Hội đồng", 4),
    ]
    with pdfplumber.open(BytesIO(merged)) as pdf:
        texts = [page.extract_text() for page in pdf.pages]
        assert pdf.metadata["Title"] == "Hồ sơ đề nghị tặng Bằng khen năm 2025"
    assert texts == [
        "Tờ trình trang 1",
        "Danh sách đề nghị Bằng khen",
        "Báo cáo thành tích của bà Võ Thanh Chi",
        "Biên bản họp Hội đồng",
        "Trang ký",
    ]


def test_a_part_that_is_not_a_pdf_is_named() -> None:
    with pytest.raises(ValueError, match="Phần thứ 2 của hồ sơ không phải là tệp PDF"):
        merge_pdfs([MergePart(_pdf("Tờ trình"), (("Tờ trình", 0),)), MergePart(b"rubbish", ())])
