"""Speed of printing through Word: a decision with a 500-row annex written as .docx and
converted to PDF by LibreOffice, against the PDF engine rendering the same document (run:
pytest -m benchmark -s tests/benchmarks/test_documents_libreoffice.py).

Figures are printed, not asserted, so a busy machine cannot fail the suite.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kt_desktop.documents.fonts import register_document_fonts
from kt_desktop.documents.page import render_document_bytes
from kt_desktop.documents.textfit import text_width
from kt_desktop.documents.word import render_docx, render_docx_bytes
from tests.core.test_documents_layout import award_annex, decision, official_letter

pytestmark = pytest.mark.benchmark

ROWS = 500
RUNS = 3


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def test_libreoffice_converting_the_docx_against_the_pdf_engine() -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed: nothing to compare the engine with.")
    register_document_fonts()
    doc = decision(annex_rows=0, annexes=(award_annex(ROWS),))

    def render_cold() -> bytes:
        # Each run measures text afresh, as the first print of a new list would.
        text_width.cache_clear()
        return render_document_bytes(doc)

    render_cold()  # warm up: imports, font subsets
    engine = best_of(RUNS, render_cold)
    docx_bytes = render_docx_bytes(doc)
    writing = best_of(RUNS, lambda: render_docx_bytes(doc))

    with tempfile.TemporaryDirectory() as folder:
        # A profile of its own: never the user's, and never locked by an office already open.
        profile = Path(folder) / "profile"

        def convert(source: Path) -> None:
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
            subprocess.run(command, check=True, capture_output=True, timeout=600)

        source = render_docx(doc, Path(folder) / "quyet-dinh.docx")
        letter = render_docx(official_letter(), Path(folder) / "cong-van.docx")
        convert(letter)  # the first start creates the profile; it is not counted
        if not (Path(folder) / "cong-van.pdf").exists():
            # Only part of LibreOffice is installed (Calc without Writer, say).
            pytest.skip("LibreOffice Writer is not installed: it can't convert a .docx.")
        start_up = best_of(RUNS, lambda: convert(letter))
        converted = best_of(RUNS, lambda: convert(source))
        pdf = Path(folder) / "quyet-dinh.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
        pdf_size = pdf.stat().st_size

    ratio = converted / engine
    print(
        f"\ndecision + {ROWS}-row annex, best of {RUNS}:\n"
        f"  PDF engine (render_document_bytes): {engine * 1000:.0f} ms\n"
        f"  .docx writing (render_docx_bytes, {len(docx_bytes) // 1024} KiB): "
        f"{writing * 1000:.0f} ms\n"
        f"  LibreOffice .docx → PDF (soffice --headless --convert-to pdf, "
        f"{pdf_size // 1024} KiB): {converted * 1000:.0f} ms\n"
        f"  LibreOffice converting a one-page letter (mostly its start-up): "
        f"{start_up * 1000:.0f} ms\n"
        f"  ratio LibreOffice / engine: {ratio:.1f} ×"
    )
