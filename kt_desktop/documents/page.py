"""The official page layout of Decree 30/2020 (Appendix I): an OfficialDocument in, a PDF out."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus.doctemplate import LayoutError

from kt_desktop.documents.blocks import (
    BASELINE,
    LEADING,
    BottomBlock,
    Column,
    GridTable,
    Row,
    RowsBlock,
    TableStyle,
    TextLine,
    centred_rows,
)
from kt_desktop.documents.files import write_file_atomically
from kt_desktop.documents.fonts import FACES, register_document_fonts
from kt_desktop.documents.model import (
    Alignment,
    Annex,
    Article,
    BodyBlock,
    BodyTable,
    CentredHeading,
    OfficialDocument,
    Paragraph,
    Signature,
)
from kt_desktop.documents.textfit import longest_word_width, text_width, wrap_text
from kt_desktop.text import clean_text, nfc

__all__ = [
    "LEADING_DASH",
    "needs_landscape",
    "punctuated",
    "render_annexes_bytes",
    "render_document",
    "render_document_bytes",
    "render_documents_bytes",
    "text_lines",
]

# The fixed legal words; everything else printed comes from the caller.
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER_LABEL = "Số:"
LETTER_SUMMARY_LABEL = "V/v"
ADDRESSEES_LABEL = "Kính gửi:"
RECIPIENTS_LABEL = "Nơi nhận:"
ARTICLE_WORD = "Điều"

# Sizes Decree 30 fixes whatever the size set.
NUMBER_SIZE = 13.0
RECIPIENTS_LABEL_SIZE = 12.0
RECIPIENTS_SIZE = 11.0

FIRST_LINE_INDENT = 1 * cm
PARAGRAPH_GAP = 6.0  # Decree 30: at least 6 pt between paragraphs
SIGNATURE_SPACE = 30 * mm  # room for the signature and the seal
COLUMN_GAP = 6.0  # kept empty between the left and right columns of header and bottom block
RULE_SHARE = 0.4  # rules under the issuing body and summary: 1/3 to 1/2 of the text's width

_TRAILING_PUNCTUATION = re.compile(r"[\s;.,:]+$")
LEADING_DASH = re.compile(r"^[\s\-–—•+]+")


def render_document(doc: OfficialDocument, target: Path) -> Path:
    """Write `doc` as a PDF at `target` and return `target`.

    The file is written beside the target and then renamed over it, so a failure never
    leaves a half-written PDF (nor destroys the previous one). Raises ValueError for a
    document that breaks a rule, UserError when the file cannot be written.
    """
    data = render_document_bytes(doc)
    target = Path(target)
    write_file_atomically(target, data, f"văn bản ra tệp “{target.name}”")
    return target


def render_document_bytes(doc: OfficialDocument) -> bytes:
    """Lay `doc` out on A4 pages per Decree 30/2020 and return the PDF.

    Raises ValueError (a Vietnamese sentence) when the document breaks a rule, such as a
    missing signer's name or margins outside the decree's range.
    """
    return render_documents_bytes([doc])


def render_documents_bytes(docs: Sequence[OfficialDocument]) -> bytes:
    """Several documents in one PDF, each from a new page with its own page numbering (none
    on its first page), for printing a batch at once: every visit's blank minutes form.

    All take the first document's margins. Raises ValueError as render_document_bytes does.
    """
    if not docs:
        raise ValueError("Chưa có văn bản nào để in.")
    for doc in docs:
        doc.validate()
    register_document_fonts()
    buffer = io.BytesIO()
    template = _DocumentTemplate(buffer, docs[0])
    story: list[Flowable] = []
    for index, doc in enumerate(docs):
        if index:
            story += [
                NextPageTemplate("portrait"),
                PageBreak(),
                _SectionStart(template.numbering),
            ]
        story += _Story(doc, template).build()
    return _build(template, story, buffer)


def render_annexes_bytes(doc: OfficialDocument) -> bytes:
    """The document's annexes alone, each from a new page, numbered as in the document: the
    list of a dossier sent as a file of its own. Raises ValueError as render_document_bytes
    does, and when the document has no annex."""
    if not doc.annexes:
        raise ValueError("Văn bản không có phụ lục, danh sách kèm theo nào để in riêng.")
    doc.validate()
    register_document_fonts()
    buffer = io.BytesIO()
    template = _DocumentTemplate(buffer, doc)
    story: list[Flowable] = []
    for annex in doc.annexes:
        story += _Story(doc, template).annex(annex)
    # The first annex starts the file: its page template (portrait or landscape) is the
    # first page's, instead of a break after an empty page.
    first_template, first_break = story[:2]
    assert isinstance(first_template, NextPageTemplate) and isinstance(first_break, PageBreak)
    names = [page.id for page in template.pageTemplates]
    template._firstPageTemplateIndex = names.index(first_template.action[1])
    return _build(template, story[2:], buffer)


def _build(template: BaseDocTemplate, story: list[Flowable], buffer: io.BytesIO) -> bytes:
    try:
        template.build(story)
    except LayoutError as error:
        raise ValueError(
            "Có một phần văn bản quá lớn, không xếp vừa một trang giấy. Hãy rút ngắn nội dung đó."
        ) from error
    return buffer.getvalue()


@dataclass
class _Numbering:
    """The page where the current numbering starts: the document, then each annex."""

    first_page: int = 1


class _SectionStart(Flowable):  # type: ignore[misc]
    """Zero-size mark at the top of an annex: Decree 30 numbers each annex's pages apart."""

    _ZEROSIZE = True

    def __init__(self, numbering: _Numbering) -> None:
        super().__init__()
        self.numbering = numbering

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self.numbering.first_page = self.canv.getPageNumber()


class _Bookmark(Flowable):  # type: ignore[misc]
    """Zero-size mark where a part of the file starts: an entry in the PDF's outline (the
    reader's bookmarks pane) pointing at this page."""

    _ZEROSIZE = True

    def __init__(self, title: str, key: str) -> None:
        super().__init__()
        self.title = title
        self.key = key

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=0)
        # A file with bookmarks opens with the bookmarks pane shown.
        self.canv.showOutline()


class _DocumentTemplate(BaseDocTemplate):  # type: ignore[misc]
    """A4 portrait pages, and landscape ones for wide annexes, with the same margins."""

    def __init__(self, buffer: io.BytesIO, doc: OfficialDocument) -> None:
        margins = doc.margins
        self.top = margins.top * mm
        self.bottom = margins.bottom * mm
        self.left = margins.left * mm
        self.right = margins.right * mm
        self.page_number_size = doc.sizes.page_number
        self.numbering = _Numbering()
        self.bookmarks = 0
        title = " ".join(part for part in (clean_text(doc.kind_title), clean_text(doc.summary)))
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=self.left,
            rightMargin=self.right,
            topMargin=self.top,
            bottomMargin=self.bottom,
            title=title.strip(),
            author=clean_text(doc.issuing_body.replace("\n", " ")),
            creator="kt_desktop",
            invariant=1,
            # Otherwise the canvas lists Helvetica, a font the PDF would not embed.
            initialFontName=FACES["regular"],
        )
        self.addPageTemplates(
            [self._page_template("portrait", A4), self._page_template("landscape", landscape(A4))]
        )

    def bookmark(self, title: str) -> list[Flowable]:
        """The outline entry for `title` ("" gives none), under a key unique in the file."""
        title = clean_text(title)
        if not title:
            return []
        self.bookmarks += 1
        return [_Bookmark(title, f"part-{self.bookmarks}")]

    def frame_size(self, pagesize: tuple[float, float]) -> tuple[float, float]:
        width, height = pagesize
        return width - self.left - self.right, height - self.top - self.bottom

    def _page_template(self, name: str, pagesize: tuple[float, float]) -> Any:
        width, height = self.frame_size(pagesize)
        frame = Frame(
            self.left,
            self.bottom,
            width,
            height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=name,
        )
        return PageTemplate(name, [frame], onPageEnd=self._number_page, pagesize=pagesize)

    def _number_page(self, canvas: Any, _template: Any) -> None:
        """Arabic page number centred in the top margin; none on the first page."""
        number = canvas.getPageNumber() - self.numbering.first_page + 1
        if number < 2:
            return
        page_width, page_height = self.pageTemplate.pagesize
        size = self.page_number_size
        x = self.left + (page_width - self.left - self.right) / 2
        # Centre the glyphs (about 0.78 of the size above the baseline, 0.22 below) in the margin.
        y = page_height - self.top / 2 - 0.28 * size
        canvas.setFont(FACES["regular"], size)
        canvas.drawCentredString(x, y, str(number))


def text_lines(text: str, upper: bool = False) -> list[str]:
    """Caller's text split at its explicit line breaks, each cleaned, empty ones dropped."""
    lines = [clean_text(line) for line in nfc(text).splitlines()]
    return [line.upper() if upper else line for line in lines if line]


def punctuated(items: Sequence[str]) -> list[str]:
    """Each item ends with ";" and the last with "." (legal bases, recipients)."""
    cleaned = [_TRAILING_PUNCTUATION.sub("", clean_text(item)) for item in items]
    cleaned = [item for item in cleaned if item]
    return [item + (";" if index < len(cleaned) - 1 else ".") for index, item in enumerate(cleaned)]


class _Story:
    """Turns the document's data into flowables, measuring with the registered fonts."""

    def __init__(self, doc: OfficialDocument, template: _DocumentTemplate) -> None:
        self.doc = doc
        self.template = template
        self.sizes = doc.sizes
        self.width, self.height = template.frame_size(A4)
        # The right column holds the national title on one line; the left gets the rest.
        title_width = text_width(NATIONAL_TITLE, FACES["bold"], self.sizes.national_title)
        self.right_width = max(0.6 * self.width, title_width + 2 * COLUMN_GAP)
        self.left_width = self.width - self.right_width
        body = self.sizes.body
        self.body_style = ParagraphStyle(
            "body",
            fontName=FACES["regular"],
            fontSize=body,
            leading=LEADING * body,
            alignment=TA_JUSTIFY,
            firstLineIndent=FIRST_LINE_INDENT,
            spaceAfter=PARAGRAPH_GAP,
            splitLongWords=1,
        )
        self.flush_style = ParagraphStyle("flush", parent=self.body_style, firstLineIndent=0)
        # A section heading in the body: bold, never left alone at the foot of a page.
        self.bold_style = ParagraphStyle(
            "bold", parent=self.body_style, fontName=FACES["bold"], keepWithNext=1
        )
        self.bold_flush_style = ParagraphStyle(
            "bold_flush", parent=self.bold_style, firstLineIndent=0
        )
        self.legal_style = ParagraphStyle("legal", parent=self.body_style, fontName=FACES["italic"])
        self.heading_style = ParagraphStyle(
            "heading",
            parent=self.body_style,
            fontName=FACES["bold"],
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceBefore=PARAGRAPH_GAP,
            keepWithNext=1,  # never a heading alone at the foot of a page
        )

    def build(self) -> list[Flowable]:
        doc = self.doc
        story: list[Flowable] = [*self.template.bookmark(doc.bookmark), self.header()]
        if not doc.is_letter:
            story.append(self.title_block())
        if doc.addressees:
            story.append(self.addressees_block())
        if clean_text(doc.authority):
            rows = centred_rows(
                text_lines(doc.authority, upper=True), FACES["bold"], self.sizes.body, self.width
            )
            story.append(RowsBlock(rows, self.height, space_before=12, space_after=6))
        story.extend(
            RLParagraph(escape(text), self.legal_style) for text in punctuated(doc.legal_bases)
        )
        story.extend(self.body_block(block) for block in doc.body)
        bottom = self.bottom_block()
        if len(story) > 1 and isinstance(story[-1], RLParagraph):
            # Offices never let the signature stand alone on a page (a page of text could be
            # swapped under it): the last paragraph moves over with it.
            story[-1].keepWithNext = 1
        elif (
            len(story) > 1
            and isinstance(story[-1], GridTable)
            and story[-1].height + bottom.height < self.height
        ):
            # A short table ending the body (an achievement report's earlier awards) moves
            # over with the signature too; a longer one splits as it must.
            story[-1].keepWithNext = 1
        story.append(bottom)
        for annex in doc.annexes:
            story.extend(self.annex(annex))
        return story

    # The header: issuing body and number on the left, national title, motto and date right.
    def header(self) -> RowsBlock:
        doc, sizes = self.doc, self.sizes
        left = Column(0.0, self.left_width - COLUMN_GAP)
        for line in text_lines(doc.parent_body, upper=True):
            left.add_text(line, FACES["regular"], sizes.header)
        body_width = 0.0
        for line in text_lines(doc.issuing_body, upper=True):
            body_width = max(body_width, left.add_text(line, FACES["bold"], sizes.header))
        left.add_rule(RULE_SHARE * body_width, sizes.header)

        right = Column(self.left_width, self.right_width)
        right.add_text(NATIONAL_TITLE, FACES["bold"], sizes.national_title)
        motto_width = right.add_text(MOTTO, FACES["bold"], sizes.motto)
        right.add_rule(motto_width, sizes.motto)

        # The number and the place-and-date line share a baseline, as in the decree's model.
        lower = max(left.cursor, right.cursor) + 6
        left.cursor = lower + (sizes.date_line - NUMBER_SIZE) * BASELINE
        right.cursor = lower
        number = nfc(doc.number_text).strip()
        if not number.startswith(NUMBER_LABEL[:-1]):
            number = f"{NUMBER_LABEL} {number}"
        if doc.numbered:
            left.add_text(number, FACES["regular"], NUMBER_SIZE)
        if doc.is_letter:
            summary = clean_text(doc.summary)
            if not summary.startswith(LETTER_SUMMARY_LABEL):
                summary = f"{LETTER_SUMMARY_LABEL} {summary}"
            left.skip(2)
            left.add_text(summary, FACES["regular"], sizes.header)
        right.add_text(clean_text(doc.place_date_text), FACES["italic"], sizes.date_line)
        row = Row(max(left.cursor, right.cursor), left.ops + right.ops)
        return RowsBlock([row], self.height)

    def title_block(self) -> RowsBlock:
        body = self.sizes.body
        rows = centred_rows(
            text_lines(self.doc.kind_title, upper=True), FACES["bold"], body, self.width
        )
        summary = clean_text(self.doc.summary)
        if summary:
            rows += centred_rows([summary], FACES["bold"], body, self.width, RULE_SHARE)
        return RowsBlock(rows, self.height, space_before=18, space_after=6)

    def addressees_block(self) -> RowsBlock:
        """ "Kính gửi: X" on one line, or "Kính gửi:" with one "- X;" line per addressee."""
        body = self.sizes.body
        font = FACES["regular"]
        label_width = text_width(ADDRESSEES_LABEL + " ", font, body)
        addressees = [clean_text(item) for item in self.doc.addressees if clean_text(item)]
        if len(addressees) > 1:
            addressees = [
                "- " + item for item in punctuated([LEADING_DASH.sub("", a) for a in addressees])
            ]
        rows: list[Row] = []
        if len(addressees) == 1:
            line = f"{ADDRESSEES_LABEL} {addressees[0]}"
            if text_width(line, font, body) <= self.width:
                rows = centred_rows([line], font, body, self.width)
                return RowsBlock(rows, self.height, space_before=12, space_after=6)
        # The label starts a fifth of the way in, the names hang after it.
        start = 0.2 * self.width
        room = self.width - start - label_width
        for index, item in enumerate(addressees):
            ops: list[TextLine] = []
            column = Column(start + label_width, room)
            lines = wrap_text(item, font, body, room)
            if index == 0:
                ops.append(TextLine(ADDRESSEES_LABEL, font, body, start, BASELINE * body))
            column.add_lines(lines, font, body, "left")
            rows.append(Row(column.cursor, [*ops, *column.ops]))
        return RowsBlock(rows, self.height, space_before=12, space_after=6)

    def body_block(self, block: BodyBlock) -> Flowable:
        if isinstance(block, Article):
            label = f"{ARTICLE_WORD} {block.number}."
            text = clean_text(block.text)
            markup = f'<font name="{FACES["bold"]}">{escape(label)}</font>'
            return RLParagraph(f"{markup} {escape(text)}" if text else markup, self.body_style)
        if isinstance(block, CentredHeading):
            return RLParagraph(escape(clean_text(block.text)), self.heading_style)
        if isinstance(block, BodyTable):
            return self.body_table(block)
        assert isinstance(block, Paragraph)
        if block.bold:
            style = self.bold_style if block.indent else self.bold_flush_style
        else:
            style = self.body_style if block.indent else self.flush_style
        return RLParagraph(escape(clean_text(block.text)), style)

    def body_table(self, block: BodyTable) -> GridTable:
        """A table as wide as the text, in the annexes' style; no wider page for it."""
        size = self.sizes.table
        style = TableStyle(FACES["regular"], FACES["bold"], size)
        headers = [clean_text(text) for text in block.headers]
        rows = [[clean_text(text) for text in row] for row in block.rows]
        relative = list(block.column_widths) or [1.0] * len(headers)
        widths = [self.width * share / sum(relative) for share in relative]
        alignments: list[Alignment] = list(block.alignments) or ["left"] * len(headers)
        table = GridTable.build(headers, rows, widths, alignments, style, self.height)
        table.spaceBefore = PARAGRAPH_GAP / 2
        table.spaceAfter = PARAGRAPH_GAP
        return table

    # The bottom: "Nơi nhận:" and the signature(s).
    def bottom_block(self) -> BottomBlock:
        signatures = self.doc.signatures
        if len(signatures) == 1:
            columns = [Column(self.left_width, self.right_width)]
        else:
            columns = signature_columns(self.width, len(signatures))
        signature = self.signature_row(signatures, columns)
        recipients = self.recipient_rows(self.left_width - COLUMN_GAP)
        return BottomBlock(
            signature, recipients, len(signatures) == 1, self.height, space_before=12
        )

    def signature_row(self, signatures: Sequence[Signature], columns: list[Column]) -> Row:
        body = self.sizes.body
        for signature, column in zip(signatures, columns, strict=True):
            for line in signature.capacity:
                for part in text_lines(line, upper=True):
                    column.add_text(part, FACES["bold"], body)
        # Names level with each other even when one capacity has more lines.
        names_at = max(column.cursor for column in columns) + SIGNATURE_SPACE
        for signature, column in zip(signatures, columns, strict=True):
            column.cursor = names_at
            column.add_text(clean_text(signature.name), FACES["bold"], body)
        return Row(
            max(column.cursor for column in columns),
            [op for column in columns for op in column.ops],
        )

    def recipient_rows(self, width: float) -> list[Row]:
        items = [LEADING_DASH.sub("", clean_text(item)) for item in self.doc.recipients]
        items = punctuated(items)
        if not items:
            return []
        heading = Column(0.0, width)
        heading.add_lines([RECIPIENTS_LABEL], FACES["bold_italic"], RECIPIENTS_LABEL_SIZE, "left")
        rows = [Row(heading.cursor, heading.ops)]
        font, size = FACES["regular"], RECIPIENTS_SIZE
        dash = "- "
        indent = text_width(dash, font, size)
        for item in items:
            lines = wrap_text(item, font, size, width - indent)
            column = Column(0.0, width)
            column.add_lines([dash + lines[0]], font, size, "left")
            hanging = Column(indent, width - indent, column.cursor)
            hanging.add_lines(lines[1:], font, size, "left")
            rows.append(Row(hanging.cursor, column.ops + hanging.ops))
        return rows

    # Annexes: each from a new page, landscape when its columns need it.
    def annex(self, annex: Annex) -> list[Flowable]:
        size = self.sizes.table
        style = TableStyle(FACES["regular"], FACES["bold"], size)
        headers = [clean_text(text) for text in annex.headers]
        rows = [[clean_text(text) for text in row] for row in annex.rows]
        measured = [[text_width(text, style.font, size) for text in row] for row in rows]
        portrait = self.template.frame_size(A4)
        wide = annex.landscape
        if wide is None:
            wide = needs_landscape(annex, headers, rows, measured, style, portrait[0])
        width, height = self.template.frame_size(landscape(A4)) if wide else portrait
        relative = list(annex.column_widths) or [1.0] * len(headers)
        column_widths = [width * share / sum(relative) for share in relative]
        alignments: list[Alignment] = list(annex.alignments) or ["left"] * len(headers)

        body = self.sizes.body
        title_lines = [line for text in annex.title_lines for line in text_lines(text)]
        title_rows = centred_rows(title_lines, FACES["bold"], body, width)
        attachment = clean_text(annex.attachment_line)
        if attachment:
            title_rows += centred_rows([attachment], FACES["italic"], body, width)
        if title_rows:
            title_rows[-1] = self._with_rule(title_rows[-1], width, body)
        table = GridTable.build(headers, rows, column_widths, alignments, style, height, measured)
        return [
            NextPageTemplate("landscape" if wide else "portrait"),
            PageBreak(),
            _SectionStart(self.template.numbering),
            *self.template.bookmark(annex.bookmark),
            RowsBlock(title_rows, height, space_after=12),
            table,
        ]

    @staticmethod
    def _with_rule(row: Row, width: float, size: float) -> Row:
        """The short rule under an annex's heading, sized from its last line."""
        widest = max(
            (text_width(op.text, op.font, op.size) for op in row.ops if isinstance(op, TextLine)),
            default=0.0,
        )
        column = Column(0.0, width, row.height)
        column.add_rule(RULE_SHARE * widest, size)
        return Row(column.cursor + 0.3 * size, [*row.ops, *column.ops])


def signature_columns(width: float, count: int) -> list[Column]:
    """`count` equal columns side by side over `width`, a gap between neighbours."""
    share = width / count
    columns = []
    for index in range(count):
        left_gap = COLUMN_GAP if index > 0 else 0.0
        right_gap = COLUMN_GAP if index < count - 1 else 0.0
        columns.append(Column(index * share + left_gap, share - left_gap - right_gap))
    return columns


def needs_landscape(
    annex: Annex,
    headers: list[str],
    rows: list[list[str]],
    measured: list[list[float]],
    style: TableStyle,
    portrait_width: float,
) -> bool:
    """True when some word of a column is wider than that column on a portrait page, so
    it would have to be cut."""
    relative = list(annex.column_widths) or [1.0] * len(headers)
    for index, share in enumerate(relative):
        room = portrait_width * share / sum(relative) - 2 * style.padding_x
        if longest_word_width(headers[index], style.header_font, style.size) > room:
            return True
        for row, widths in zip(rows, measured, strict=True):
            if widths[index] > room and (
                longest_word_width(row[index], style.font, style.size) > room
            ):
                return True
    return False
