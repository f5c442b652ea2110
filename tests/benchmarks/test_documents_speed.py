"""Speed of the official-document engine: a decision with a 500-row annex against ReportLab
drawing the same strings on bare canvas pages (run: pytest -m benchmark -s).

Figures are printed, not asserted, so a busy machine cannot fail the suite. The budget they
are read against: the engine at most 3 × the bare canvas.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from kt_desktop.documents.fonts import FACES, register_document_fonts
from kt_desktop.documents.model import OfficialDocument, Paragraph
from kt_desktop.documents.page import render_document_bytes
from kt_desktop.documents.textfit import text_width
from tests.core.test_documents_layout import award_annex, decision

pytestmark = pytest.mark.benchmark

ROWS = 500
RUNS = 5
BUDGET_RATIO = 3.0
MM = 72 / 25.4


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def document_strings(doc: OfficialDocument) -> list[str]:
    """The text of the decision before its annex, one string per block."""
    strings = [doc.issuing_body, doc.number_text, doc.place_date_text, doc.kind_title]
    strings += [doc.summary, doc.authority, *doc.legal_bases]
    strings += [block.text for block in doc.body if isinstance(block, Paragraph)]
    strings += list(doc.recipients)
    strings += [line for s in doc.signatures for line in (*s.capacity, s.name)]
    return strings


def bare_canvas(doc: OfficialDocument) -> bytes:
    """The floor: every string of the document and its annex drawn at fixed places on A4
    pages, no measuring, wrapping or grid."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    _, height = A4
    left, top, bottom = 30 * MM, height - 20 * MM, 20 * MM
    y = top
    canvas.setFont(FACES["regular"], 14)
    for text in document_strings(doc):
        canvas.drawString(left, y, text[:90])
        y -= 17
    annex = doc.annexes[0]
    edges = [left, left + 40, left + 180, left + 360]
    for index, row in enumerate([tuple(annex.headers), *annex.rows]):
        if index % 25 == 0:
            canvas.showPage()
            y = top
            canvas.setFont(FACES["regular"], 13)
        for x, cell in zip(edges, row, strict=True):
            canvas.drawString(x, y, cell)
        y -= 20
        assert y > bottom
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def fodt(doc: OfficialDocument) -> str:
    """A flat OpenDocument text with the same paragraphs and the annex as a table."""
    annex = doc.annexes[0]
    paragraphs = "".join(f"<text:p>{escape(text)}</text:p>" for text in document_strings(doc))
    columns = len(annex.headers)
    rows = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(cell)}</text:p>'
            "</table:table-cell>"
            for cell in row
        )
        + "</table:table-row>"
        for row in [tuple(annex.headers), *annex.rows]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">'
        "<office:body><office:text>"
        f"{paragraphs}"
        f'<table:table table:name="DanhSach"><table:table-column '
        f'table:number-columns-repeated="{columns}"/>{rows}</table:table>'
        "</office:text></office:body></office:document>"
    )


def test_decision_with_a_500_row_annex_against_the_bare_canvas() -> None:
    register_document_fonts()
    doc = decision(annex_rows=0, annexes=(award_annex(ROWS),))
    engine_bytes = render_document_bytes(doc)  # warm up: imports, font subsets
    bare_canvas(doc)

    def render_cold() -> bytes:
        # Each run measures text afresh, as the first print of a new list would.
        text_width.cache_clear()
        return render_document_bytes(doc)

    engine = best_of(RUNS, render_cold)
    floor = best_of(RUNS, lambda: bare_canvas(doc))
    ratio = engine / floor
    print(
        f"\ndecision + {ROWS}-row annex ({len(engine_bytes) // 1024} KiB): engine "
        f"{engine * 1000:.0f} ms, bare canvas {floor * 1000:.0f} ms, ratio {ratio:.2f} × "
        f"(budget {BUDGET_RATIO:.0f} ×, best of {RUNS})"
    )

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        print("LibreOffice not on PATH: the .fodt → PDF comparison was skipped.")
        return
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "quyet-dinh.fodt"
        source.write_text(fodt(doc), encoding="utf-8")
        profile = Path(folder) / "profile"
        command = [
            office,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            folder,
            str(source),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=300)  # first start
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        converted = time.perf_counter() - start
    print(
        f"LibreOffice converting the same text as .fodt: {converted * 1000:.0f} ms "
        f"({converted / engine:.1f} × the engine)"
    )
