"""Join finished PDFs into one, each kept byte-for-byte in its pages, with a bookmark (PDF
outline entry) where each part begins: a dossier must carry its documents exactly as issued."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError


@dataclass(frozen=True)
class MergePart:
    pdf: bytes
    # (title, page index inside this part) for each bookmark the part begins or contains.
    bookmarks: tuple[tuple[str, int], ...]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def merge_pdfs(parts: Sequence[MergePart], title: str = "") -> bytes:
    """The parts one after another, with their bookmarks pointing at the right pages.

    Raises ValueError (in Vietnamese) when a part is not a readable PDF."""
    writer = PdfWriter()
    for number, part in enumerate(parts, start=1):
        try:
            reader = PdfReader(BytesIO(part.pdf))
            start = len(writer.pages)
            # Parts may carry outlines of their own (an annex's); the dossier's are set here.
            writer.append(reader, import_outline=False)
        except (PdfReadError, ValueError, OSError) as error:
            raise ValueError(
                f"Phần thứ {number} của hồ sơ không phải là tệp PDF đọc được."
            ) from error
        count = len(reader.pages)
        for name, page in part.bookmarks:
            writer.add_outline_item(title=name, page_number=start + min(max(page, 0), count - 1))
    if title:
        writer.add_metadata({"/Title": title})
    # Open with the bookmarks panel showing: a reviewer at the city finds each part at once.
    writer.page_mode = "/UseOutlines"
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
