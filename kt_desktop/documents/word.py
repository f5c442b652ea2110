"""The official document as an editable Word file (.docx), laid out after the PDF engine."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import cast
from xml.sax.saxutils import escape

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.table import CT_Tbl
from docx.oxml.text.paragraph import CT_P
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as WordParagraph
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as landscape_size
from reportlab.lib.units import mm

from kt_desktop.documents.blocks import TableStyle
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
)
from kt_desktop.documents.page import (
    ADDRESSEES_LABEL,
    ARTICLE_WORD,
    COLUMN_GAP,
    FIRST_LINE_INDENT,
    LEADING_DASH,
    LETTER_SUMMARY_LABEL,
    MOTTO,
    NATIONAL_TITLE,
    NUMBER_LABEL,
    NUMBER_SIZE,
    PARAGRAPH_GAP,
    RECIPIENTS_LABEL,
    RECIPIENTS_LABEL_SIZE,
    RECIPIENTS_SIZE,
    RULE_SHARE,
    SIGNATURE_SPACE,
    needs_landscape,
    punctuated,
    text_lines,
)
from kt_desktop.documents.textfit import text_width, wrap_balanced, wrap_text
from kt_desktop.text import clean_text, nfc

__all__ = ["FONT_NAME", "render_docx", "render_docx_bytes"]

# Decree 30's font; named on every run, for every script slot, so that Word never falls back to
# the theme's Calibri or to an East-Asian font for Vietnamese letters it files under another slot.
FONT_NAME = "Times New Roman"
# Body line spacing as Word's "Multiple": Decree 30 allows single to 1.5 lines.
LINE_SPACING = 1.2
# ½ pt: the nearest width Word offers to the PDF's 0.6 pt rules and 0.5 pt table grid.
BORDER_EIGHTHS = 4
# How much of a page's height the bottom block may take and still be kept on one page: a row
# marked not to split that is taller than a page is not reliably broken by Word (its end can be
# hidden), so only a block that surely fits is marked.
KEEP_WHOLE_SHARE = 0.85

# Longest title or author the file's properties take (python-docx refuses longer ones).
PROPERTY_LIMIT = 255

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# The w:pPr children in schema order (ECMA-376 §17.3.1.26); only those used here and after.
_PPR_ORDER = (
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
# The w:sectPr children that follow w:pgNumType, in schema order.
_AFTER_PGNUMTYPE = (
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def render_docx(doc: OfficialDocument, target: Path) -> Path:
    """Write `doc` as a Word document at `target` and return `target`.

    The file is written beside the target and then renamed over it, so a failure never leaves
    a half-written file (nor destroys the previous one). Raises ValueError for a document that
    breaks a rule, UserError when the file cannot be written.
    """
    data = render_docx_bytes(doc)
    target = Path(target)
    write_file_atomically(
        target,
        data,
        f"văn bản Word ra tệp “{target.name}”",
        "Hãy chọn thư mục khác hoặc đóng chương trình đang mở tệp này (ví dụ Word) rồi thử lại.",
    )
    return target


def render_docx_bytes(doc: OfficialDocument) -> bytes:
    """Lay `doc` out as a .docx per Decree 30/2020 and return the file's bytes.

    Raises ValueError (a Vietnamese sentence) when the document breaks a rule, exactly as the
    PDF engine does.
    """
    doc.validate()
    # Column widths and the landscape decision are measured with the PDF engine's fonts
    # (metric-compatible with Times New Roman), so both files break the same way.
    register_document_fonts()
    word = new_document()
    _Builder(doc, word).build()
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# Low-level WordprocessingML pieces python-docx has no API for.


def _twips(points: float) -> int:
    return round(points * 20)


def _half_points(size: float) -> int:
    return round(size * 2)


def _run_properties(size: float, bold: bool = False, italic: bool = False) -> str:
    """A run's w:rPr with the font named for all four script slots and the size for both
    the Latin and the complex-script slot."""
    half = _half_points(size)
    return (
        f"<w:rPr {nsdecls('w')}>"
        f'<w:rFonts w:ascii="{FONT_NAME}" w:hAnsi="{FONT_NAME}" w:eastAsia="{FONT_NAME}" '
        f'w:cs="{FONT_NAME}"/>'
        + ("<w:b/><w:bCs/>" if bold else "")
        + ("<w:i/><w:iCs/>" if italic else "")
        + f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>'
    )


def _insert_in_ppr(paragraph: WordParagraph, xml: str) -> None:
    """Insert one child of w:pPr (given as XML) at the place the schema orders it."""
    element = parse_xml(xml)
    ppr = paragraph._p.get_or_add_pPr()
    tag = element.tag.split("}")[1]
    successors = _PPR_ORDER[_PPR_ORDER.index(f"w:{tag}") + 1 :]
    ppr.insert_element_before(element, *successors)


def _table_xml(
    widths: Sequence[float],
    rows: Sequence[str],
    *,
    borders: bool,
    margin_x: float = 0.0,
    margin_y: float = 0.0,
) -> str:
    """A w:tbl of fixed column widths (pt) around already-built w:tr elements."""
    if borders:
        line = f'w:val="single" w:sz="{BORDER_EIGHTHS}" w:space="0" w:color="000000"'
    else:
        line = 'w:val="nil"'
    sides = "".join(
        f"<w:{side} {line}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    mx, my = _twips(margin_x), _twips(margin_y)
    grid = "".join(f'<w:gridCol w:w="{_twips(width)}"/>' for width in widths)
    return (
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{_twips(sum(widths))}" w:type="dxa"/>'
        '<w:tblInd w:w="0" w:type="dxa"/>'
        f"<w:tblBorders>{sides}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="{my}" w:type="dxa"/><w:left w:w="{mx}" w:type="dxa"/>'
        f'<w:bottom w:w="{my}" w:type="dxa"/><w:right w:w="{mx}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _row_xml(cells: Sequence[str], *, keep_whole: bool, repeat: bool = False) -> str:
    properties = ("<w:cantSplit/>" if keep_whole else "") + ("<w:tblHeader/>" if repeat else "")
    return f"<w:tr><w:trPr>{properties}</w:trPr>{''.join(cells)}</w:tr>"


def _cell_xml(
    width: float,
    paragraphs: str = "<w:p/>",
    *,
    middle: bool = False,
    gap: tuple[float, float] = (0.0, 0.0),
) -> str:
    """A w:tc; `gap` (left, right, pt) is kept empty inside the cell, beside its neighbour."""
    margins = (
        f'<w:tcMar><w:left w:w="{_twips(gap[0])}" w:type="dxa"/>'
        f'<w:right w:w="{_twips(gap[1])}" w:type="dxa"/></w:tcMar>'
        if any(gap)
        else ""
    )
    valign = '<w:vAlign w:val="center"/>' if middle else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{_twips(width)}" w:type="dxa"/>{margins}{valign}</w:tcPr>'
        f"{paragraphs}</w:tc>"
    )


class _Flow:
    """Adds formatted paragraphs to the document body or to a table cell; a new cell's own
    empty paragraph is used first, so no blank line is left at its top."""

    def __init__(self, container: WordDocument | _Cell, width: float) -> None:
        self.container = container
        self.width = width  # of the text column, pt: for centred rules
        self.spare = container.paragraphs[0] if isinstance(container, _Cell) else None

    def paragraph(
        self,
        align: str = "left",
        *,
        first_line: float = 0.0,
        left: float = 0.0,
        right: float = 0.0,
        before: float = 0.0,
        after: float = 0.0,
        spacing: float | None = None,
        keep_next: bool = False,
    ) -> WordParagraph:
        paragraph: WordParagraph
        if self.spare is not None:
            paragraph, self.spare = self.spare, None
        else:
            paragraph = self.container.add_paragraph()
        paragraph.alignment = _ALIGN[align]
        fmt = paragraph.paragraph_format
        if first_line:
            fmt.first_line_indent = Pt(first_line)
        if left:
            fmt.left_indent = Pt(left)
        if right:
            fmt.right_indent = Pt(right)
        if before:
            fmt.space_before = Pt(before)
        if after:
            fmt.space_after = Pt(after)
        if spacing is not None:
            fmt.line_spacing = spacing
        if keep_next:
            fmt.keep_with_next = True
        return paragraph

    def text(
        self,
        text: str,
        size: float,
        *,
        bold: bool = False,
        italic: bool = False,
        align: str = "left",
        first_line: float = 0.0,
        left: float = 0.0,
        right: float = 0.0,
        before: float = 0.0,
        after: float = 0.0,
        spacing: float | None = None,
        keep_next: bool = False,
        balanced: bool = False,
    ) -> WordParagraph:
        """A paragraph of one run. `balanced`: broken into lines of even length at the places
        the PDF breaks it (line breaks inside one paragraph), instead of Word's greedy
        filling that can leave one word alone on the last line ("XÃ KIM / THÀNH")."""
        if balanced:
            room = self.width - max(left, 0.0) - right
            text = "\n".join(_balanced_lines(text, size, room, bold=bold, italic=italic))
        paragraph = self.paragraph(
            align,
            first_line=first_line,
            left=left,
            right=right,
            before=before,
            after=after,
            spacing=spacing,
            keep_next=keep_next,
        )
        _add_run(paragraph, text, size, bold=bold, italic=italic)
        return paragraph

    def rule(self, length: float, after: float = 0.0, keep_next: bool = False) -> None:
        """A solid rule `length` pt long, centred under the paragraph above: the bottom border
        of an empty, 2 pt high paragraph indented to that length. Unlike a drawn line it moves
        with the text when the office edits it."""
        length = min(length, self.width)
        indent = (self.width - length) / 2
        # 2 pt before: clear of the descenders above, about where the PDF draws it.
        paragraph = self.paragraph(
            "center", left=indent, right=indent, before=2, after=after, keep_next=keep_next
        )
        _insert_in_ppr(
            paragraph,
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="{BORDER_EIGHTHS}" '
            'w:space="0" w:color="000000"/></w:pBdr>',
        )
        _tiny(paragraph)


def _face(bold: bool, italic: bool) -> str:
    key = {(False, False): "regular", (True, False): "bold", (False, True): "italic"}
    return FACES[key.get((bold, italic), "bold_italic")]


def _balanced_lines(
    text: str, size: float, width: float, *, bold: bool = False, italic: bool = False
) -> list[str]:
    """`text` in lines of even length no wider than `width` pt, as the PDF engine wraps it."""
    return wrap_balanced(nfc(text), _face(bold, italic), size, width)


def _add_run(
    paragraph: WordParagraph, text: str, size: float, *, bold: bool = False, italic: bool = False
) -> None:
    """A run with explicit font, size and face (never left to a style), in NFC."""
    run = paragraph.add_run(nfc(text))
    run._r.insert(0, parse_xml(_run_properties(size, bold, italic)))


def _tiny(paragraph: WordParagraph) -> None:
    """Make an empty paragraph 2 pt high: its mark at 1 pt, its line spacing exact."""
    paragraph.paragraph_format.line_spacing = Pt(2)
    _insert_in_ppr(paragraph, _run_properties(1))


class _Builder:
    """Turns the document's data into Word paragraphs and tables, in the PDF engine's order."""

    def __init__(self, doc: OfficialDocument, word: WordDocument) -> None:
        self.doc = doc
        self.word = word
        self.sizes = doc.sizes
        margins = doc.margins
        # The same expressions as the PDF engine's frame, so the landscape decision matches.
        self.width = A4[0] - margins.left * mm - margins.right * mm
        self.height = A4[1] - margins.top * mm - margins.bottom * mm
        # The right column holds the national title on one line; the left gets the rest.
        title_width = text_width(NATIONAL_TITLE, FACES["bold"], self.sizes.national_title)
        self.right_width = max(0.6 * self.width, title_width + 2 * COLUMN_GAP)
        self.left_width = self.width - self.right_width
        self.body = _Flow(word, self.width)

    def build(self) -> None:
        doc = self.doc
        self.setup_styles()
        first = self.word.sections[0]
        self.setup_section(first, landscape=False, restart=False)
        self.page_number_header(first)
        self.header()
        if not doc.is_letter:
            self.title_block()
        if doc.addressees:
            self.addressees_block()
        self.authority()
        for text in punctuated(doc.legal_bases):
            _add_run(self.body_paragraph(), text, self.sizes.body, italic=True)
        for block in doc.body:
            self.body_block(block)
        self.bottom_block()
        for annex in doc.annexes:
            self.annex(annex)
        # Word needs a paragraph after a closing table; one too small to spill onto a new page.
        _tiny(self.body.paragraph())
        self.properties()

    # Document-wide settings.
    def setup_styles(self) -> None:
        """Times New Roman, the body size, Vietnamese and no paragraph spacing as the document's
        defaults, so text the office types into the file later matches the rest."""
        styles = self.word.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        assert defaults is not None  # python-docx's own template has them
        for name in ("w:rPrDefault", "w:pPrDefault"):
            old = defaults.find(qn(name))
            if old is not None:
                defaults.remove(old)
        run = _run_properties(self.sizes.body).replace(
            "</w:rPr>", '<w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr>'
        )
        defaults.insert(0, parse_xml(f"<w:rPrDefault {nsdecls('w')}>{_bare(run)}</w:rPrDefault>"))
        defaults.insert(
            1,
            parse_xml(
                f"<w:pPrDefault {nsdecls('w')}><w:pPr>"
                '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
            ),
        )
        # Theme fonts outrank named ones in Word: name Times New Roman in every style instead.
        for fonts in styles.iter(qn("w:rFonts")):
            for slot in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                fonts.attrib.pop(qn(f"w:{slot}"), None)
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                fonts.set(qn(f"w:{slot}"), FONT_NAME)
        # Word 2013+ layout (no "compatibility mode" bar; table edges sit on the margin).
        for setting in self.word.settings.element.iter(qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                setting.set(qn("w:val"), "15")

    def setup_section(self, section: Section, *, landscape: bool, restart: bool) -> None:
        """A4 with the document's margins; numbering restarts at each annex as in the PDF."""
        margins = self.doc.margins
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (
            (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
        )
        section.top_margin = Mm(margins.top)
        section.bottom_margin = Mm(margins.bottom)
        section.left_margin = Mm(margins.left)
        section.right_margin = Mm(margins.right)
        section.gutter = Mm(0)
        # The page number's line centred in the top margin, where the PDF draws it (a line of
        # Times is about 1.15 × its size high).
        size = self.sizes.page_number
        section.header_distance = Pt(max(margins.top * mm / 2 - 0.575 * size, 0.0))
        section.footer_distance = Mm(margins.bottom / 2)
        # No number on a first page: the first-page header stays empty.
        section.different_first_page_header_footer = True
        sect_pr = section._sectPr
        for old in sect_pr.findall(qn("w:pgNumType")):
            sect_pr.remove(old)
        if restart:
            sect_pr.insert_element_before(
                parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'), *_AFTER_PGNUMTYPE
            )

    def page_number_header(self, section: Section) -> None:
        """A centred PAGE field in the header of pages 2 on; annex sections inherit it."""
        first = section.first_page_header
        first.is_linked_to_previous = False
        _tiny(first.paragraphs[0])
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = _bare(_run_properties(self.sizes.page_number))
        field = "".join(
            f"<w:r>{run}{part}</w:r>"
            for part in (
                '<w:fldChar w:fldCharType="begin"/>',
                '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
                '<w:fldChar w:fldCharType="separate"/>',
                "<w:t>2</w:t>",  # shown until Word updates the field, which it does on open
                '<w:fldChar w:fldCharType="end"/>',
            )
        )
        for element in list(parse_xml(f"<w:p {nsdecls('w')}>{field}</w:p>")):
            paragraph._p.append(element)

    def properties(self) -> None:
        """The file's properties, as the PDF engine fills its metadata."""
        doc = self.doc
        core = self.word.core_properties
        title = " ".join(
            part for part in (clean_text(doc.kind_title), clean_text(doc.summary)) if part
        )
        core.title = _property_text(title)
        core.author = _property_text(clean_text(doc.issuing_body.replace("\n", " ")))
        core.last_modified_by = core.author
        # python-docx's template says "generated by python-docx" there.
        core.comments = ""
        # The template's thumbnail is a blank page: file browsers would show it as the preview.
        package_rels = self.word.part.package.rels
        for rid in [rid for rid, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
            del package_rels[rid]

    # Tables holding the layout (header and bottom block): borderless, fixed columns.
    def layout_table(
        self,
        widths: Sequence[float],
        gaps: Sequence[tuple[float, float]],
        rows: int = 1,
        keep_whole: bool = True,
    ) -> Table:
        cells = "".join(_cell_xml(width, gap=gap) for width, gap in zip(widths, gaps, strict=True))
        xml = _table_xml(
            widths, [_row_xml([cells], keep_whole=keep_whole) for _ in range(rows)], borders=False
        )
        return self.append_table(xml)

    def append_table(self, xml: str) -> Table:
        table = cast(CT_Tbl, parse_xml(xml))
        self.word.element.body.get_or_add_sectPr().addprevious(table)
        return Table(table, self.word._body)

    # The header: issuing body and number on the left, national title, motto and date right.
    def header(self) -> None:
        doc, sizes = self.doc, self.sizes
        table = self.layout_table(
            (self.left_width, self.right_width), ((0.0, COLUMN_GAP), (0.0, 0.0)), rows=2
        )
        left = _Flow(table.cell(0, 0), self.left_width - COLUMN_GAP)
        for line in text_lines(doc.parent_body, upper=True):
            left.text(line, sizes.header, align="center", balanced=True)
        body_width = 0.0
        for line in text_lines(doc.issuing_body, upper=True):
            left.text(line, sizes.header, bold=True, align="center", balanced=True)
            for part in _balanced_lines(line, sizes.header, left.width, bold=True):
                body_width = max(body_width, text_width(part, FACES["bold"], sizes.header))
        left.rule(RULE_SHARE * body_width)

        right = _Flow(table.cell(0, 1), self.right_width)
        right.text(NATIONAL_TITLE, sizes.national_title, bold=True, align="center")
        right.text(MOTTO, sizes.motto, bold=True, align="center")
        right.rule(text_width(MOTTO, FACES["bold"], sizes.motto))

        # The number and the place-and-date line start level, in the table's second row.
        lower = _Flow(table.cell(1, 0), self.left_width - COLUMN_GAP)
        number = nfc(doc.number_text).strip()
        if not number.startswith(NUMBER_LABEL[:-1]):
            number = f"{NUMBER_LABEL} {number}"
        # As typed: a draft's run of spaces ("Số:      /QĐ-UBND") is where the number goes.
        lower.text(number, NUMBER_SIZE, align="center", before=6)
        if doc.is_letter:
            summary = clean_text(doc.summary)
            if not summary.startswith(LETTER_SUMMARY_LABEL):
                summary = f"{LETTER_SUMMARY_LABEL} {summary}"
            lower.text(summary, sizes.header, align="center", before=2, balanced=True)
        date = _Flow(table.cell(1, 1), self.right_width)
        place_date = clean_text(doc.place_date_text)
        date.text(place_date, sizes.date_line, italic=True, align="center", before=6, balanced=True)

    def title_block(self) -> None:
        body = self.sizes.body
        lines = text_lines(self.doc.kind_title, upper=True)
        summary = clean_text(self.doc.summary)
        for index, line in enumerate(lines):
            last = index == len(lines) - 1
            self.body.text(
                line,
                body,
                bold=True,
                align="center",
                before=18 if index == 0 else 0,
                after=6 if last and not summary else 0,
                keep_next=True,
                balanced=True,
            )
        if summary:
            self.body.text(summary, body, bold=True, align="center", keep_next=True, balanced=True)
            widest = max(
                text_width(line, FACES["bold"], body)
                for line in _balanced_lines(summary, body, self.width, bold=True)
            )
            self.body.rule(RULE_SHARE * widest, after=6)

    def addressees_block(self) -> None:
        """ "Kính gửi: X" centred on one line, or "Kính gửi:" with one "- X;" line per
        addressee hanging after it, as the PDF prints them."""
        body = self.sizes.body
        font = FACES["regular"]
        label_width = text_width(ADDRESSEES_LABEL + " ", font, body)
        addressees = [clean_text(item) for item in self.doc.addressees if clean_text(item)]
        if not addressees:
            return
        if len(addressees) > 1:
            addressees = [
                "- " + item for item in punctuated([LEADING_DASH.sub("", a) for a in addressees])
            ]
        elif text_width(f"{ADDRESSEES_LABEL} {addressees[0]}", font, body) <= self.width:
            line = f"{ADDRESSEES_LABEL} {addressees[0]}"
            self.body.text(line, body, align="center", before=12, after=6)
            return
        # The label starts a fifth of the way in, the names hang after it.
        start = 0.2 * self.width + label_width
        last = len(addressees) - 1
        for index, item in enumerate(addressees):
            paragraph = self.body.paragraph(
                left=start,
                first_line=-label_width if index == 0 else 0.0,
                before=12 if index == 0 else 0,
                after=6 if index == last else 0,
            )
            if index == 0:
                paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(start))
                _add_run(paragraph, ADDRESSEES_LABEL + "\t", body)
            _add_run(paragraph, item, body)

    def authority(self) -> None:
        lines = text_lines(self.doc.authority, upper=True)
        for index, line in enumerate(lines):
            self.body.text(
                line,
                self.sizes.body,
                bold=True,
                align="center",
                before=12 if index == 0 else 0,
                after=6 if index == len(lines) - 1 else 0,
                keep_next=True,
                balanced=True,
            )

    def body_paragraph(self, indent: bool = True) -> WordParagraph:
        """Justified, first line indented 1 cm, 6 pt after, line spacing 1.2 (Decree 30)."""
        return self.body.paragraph(
            "justify",
            first_line=FIRST_LINE_INDENT if indent else 0.0,
            after=PARAGRAPH_GAP,
            spacing=LINE_SPACING,
        )

    def body_block(self, block: BodyBlock) -> None:
        size = self.sizes.body
        if isinstance(block, Article):
            paragraph = self.body_paragraph()
            _add_run(paragraph, f"{ARTICLE_WORD} {block.number}.", size, bold=True)
            text = clean_text(block.text)
            if text:
                _add_run(paragraph, f" {text}", size)
        elif isinstance(block, CentredHeading):
            self.body.text(
                clean_text(block.text),
                size,
                bold=True,
                align="center",
                before=PARAGRAPH_GAP,
                after=PARAGRAPH_GAP,
                spacing=LINE_SPACING,
                keep_next=True,  # never a heading alone at the foot of a page
            )
        elif isinstance(block, BodyTable):
            headers = [clean_text(text) for text in block.headers]
            rows = [[clean_text(text) for text in row] for row in block.rows]
            relative = list(block.column_widths) or [1.0] * len(headers)
            widths = [self.width * share / sum(relative) for share in relative]
            alignments: list[Alignment] = list(block.alignments) or ["left"] * len(headers)
            self.grid_table(headers, rows, widths, alignments, self.height)
            # Word needs a paragraph between a table and what follows; the PDF's gap after it.
            _tiny(self.body.paragraph(after=PARAGRAPH_GAP))
        else:
            assert isinstance(block, Paragraph)
            paragraph = self.body_paragraph(block.indent)
            if block.bold:
                paragraph.paragraph_format.keep_with_next = True
            _add_run(paragraph, clean_text(block.text), size, bold=block.bold)

    # The bottom: "Nơi nhận:" and the signature(s).
    def bottom_block(self) -> None:
        signatures = self.doc.signatures
        recipients = punctuated(
            [LEADING_DASH.sub("", clean_text(item)) for item in self.doc.recipients]
        )
        recipients_width = self.left_width - COLUMN_GAP
        if len(signatures) == 1:
            capacity = self.capacity_lines(signatures[0].capacity)
            signed = (len(capacity) + 1) * 1.15 * self.sizes.body + SIGNATURE_SPACE
            listed = self.recipients_height(recipients, recipients_width)
            # Kept on one page, as the PDF keeps it, unless the list is longer than a page.
            keep_whole = 12 + max(signed, listed) <= KEEP_WHOLE_SHARE * self.height
            table = self.layout_table(
                (self.left_width, self.right_width),
                ((0.0, COLUMN_GAP), (0.0, 0.0)),
                keep_whole=keep_whole,
            )
            self.recipients(_Flow(table.cell(0, 0), recipients_width), recipients)
            flow = _Flow(table.cell(0, 1), self.right_width)
            self.signature(flow, capacity)
            self.signer(flow, signatures[0].name)
            return
        # Minutes: two or three signatures side by side, capacities in one row and names in
        # the next, so the names stay level however many lines each capacity has.
        count = len(signatures)
        share = self.width / count
        gaps = [
            (COLUMN_GAP if index > 0 else 0.0, COLUMN_GAP if index < count - 1 else 0.0)
            for index in range(count)
        ]
        table = self.layout_table([share] * count, gaps, rows=2)
        for column, (signature, gap) in enumerate(zip(signatures, gaps, strict=True)):
            capacity = self.capacity_lines(signature.capacity)
            room = share - sum(gap)
            self.signature(_Flow(table.cell(0, column), room), capacity)
            self.signer(_Flow(table.cell(1, column), room), signature.name)
        if recipients:
            right = self.width - recipients_width
            self.recipients(self.body, recipients, right=right)

    @staticmethod
    def capacity_lines(capacity: Sequence[str]) -> list[str]:
        return [part for line in capacity for part in text_lines(line, upper=True)]

    def signature(self, flow: _Flow, capacity: list[str]) -> None:
        """Capacity lines, bold, then the room for the signature and the seal."""
        for index, line in enumerate(capacity):
            last = index == len(capacity) - 1
            flow.text(
                line,
                self.sizes.body,
                bold=True,
                align="center",
                before=12 if index == 0 else 0,
                after=SIGNATURE_SPACE if last else 0,
                balanced=True,
            )

    def signer(self, flow: _Flow, name: str) -> None:
        flow.text(clean_text(name), self.sizes.body, bold=True, align="center", balanced=True)

    def recipients(self, flow: _Flow, items: list[str], right: float = 0.0) -> None:
        """ "Nơi nhận:" (12 pt bold italic), then one "- …;" per line (11 pt), hanging."""
        if not items:
            return
        flow.text(
            RECIPIENTS_LABEL,
            RECIPIENTS_LABEL_SIZE,
            bold=True,
            italic=True,
            before=12,
            right=right,
        )
        dash = "- "
        hanging = text_width(dash, FACES["regular"], RECIPIENTS_SIZE)
        for item in items:
            flow.text(dash + item, RECIPIENTS_SIZE, left=hanging, first_line=-hanging, right=right)

    @staticmethod
    def recipients_height(items: list[str], width: float) -> float:
        """Roughly how tall the recipients list is in Word (single spacing, 1.15 lines)."""
        lines = 1 + sum(
            len(wrap_text(item, FACES["regular"], RECIPIENTS_SIZE, width)) for item in items
        )
        return lines * 1.15 * RECIPIENTS_SIZE

    # Annexes: each in a section of its own, landscape when the PDF's would be.
    def annex(self, annex: Annex) -> None:
        size = self.sizes.table
        style = TableStyle(FACES["regular"], FACES["bold"], size)
        headers = [clean_text(text) for text in annex.headers]
        rows = [[clean_text(text) for text in row] for row in annex.rows]
        measured = [[text_width(text, style.font, size) for text in row] for row in rows]
        wide = annex.landscape
        if wide is None:
            wide = needs_landscape(annex, headers, rows, measured, style, self.width)

        self.word.add_section()
        self.setup_section(self.word.sections[-1], landscape=wide, restart=True)
        # The paragraph python-docx adds to end the previous section: tiny, like the others.
        _tiny(WordParagraph(cast(CT_P, self.word.element.body[-2]), self.word._body))
        margins = self.doc.margins
        page_width, page_height = landscape_size(A4) if wide else A4
        width = page_width - margins.left * mm - margins.right * mm
        height = page_height - margins.top * mm - margins.bottom * mm
        flow = _Flow(self.word, width)

        body = self.sizes.body
        lines = [(line, False) for text in annex.title_lines for line in text_lines(text)]
        attachment = clean_text(annex.attachment_line)
        if attachment:
            lines.append((attachment, True))
        for line, italic in lines:
            flow.text(
                line,
                body,
                bold=not italic,
                italic=italic,
                align="center",
                keep_next=True,
                balanced=True,
            )
        if lines:
            # The PDF sizes the rule from the last printed line only.
            last, italic = lines[-1]
            printed = _balanced_lines(last, body, width, bold=not italic, italic=italic)[-1]
            widest = text_width(printed, _face(not italic, italic), body)
            flow.rule(RULE_SHARE * widest, after=12, keep_next=True)

        relative = list(annex.column_widths) or [1.0] * len(headers)
        widths = [width * share / sum(relative) for share in relative]
        alignments: list[Alignment] = list(annex.alignments) or ["left"] * len(headers)
        self.grid_table(headers, rows, widths, alignments, height, measured)

    def grid_table(
        self,
        headers: list[str],
        rows: list[list[str]],
        widths: list[float],
        alignments: list[Alignment],
        height: float,
        measured: list[list[float]] | None = None,
    ) -> None:
        """A ruled table with its header row repeated on every page (an annex's list, or a
        table in the body)."""
        size = self.sizes.table
        style = TableStyle(FACES["regular"], FACES["bold"], size)
        if measured is None:
            measured = [[text_width(text, style.font, size) for text in row] for row in rows]
        header_run = _bare(_run_properties(size, bold=True))
        body_run = _bare(_run_properties(size))
        rooms = [column - 2 * style.padding_x for column in widths]
        lines_per_page = height / (1.15 * size)

        def cell(text: str, column: float, align: Alignment, run: str) -> str:
            content = (
                f'<w:r>{run}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
            )
            paragraph = f'<w:p><w:pPr><w:jc w:val="{align}"/></w:pPr>{content}</w:p>'
            return _cell_xml(column, paragraph, middle=True)

        table_rows = [
            _row_xml(
                [
                    cell(text, column, "center", header_run)
                    for text, column in zip(headers, widths, strict=True)
                ],
                keep_whole=True,
                repeat=True,  # w:tblHeader: Word repeats the row at the top of every page
            )
        ]
        for row, row_widths in zip(rows, measured, strict=True):
            # Rows stay whole across a page break, except one so tall Word would cut it off.
            lines_needed = max(
                math.ceil(used / room) if room > 0 else 1
                for used, room in zip(row_widths, rooms, strict=True)
            )
            cells = [
                cell(text, column, align, body_run)
                for text, column, align in zip(row, widths, alignments, strict=True)
            ]
            table_rows.append(_row_xml(cells, keep_whole=lines_needed < lines_per_page / 2))
        self.append_table(
            _table_xml(
                widths,
                table_rows,
                borders=True,
                margin_x=style.padding_x,
                margin_y=style.padding_y,
            )
        )


def _property_text(text: str) -> str:
    """`text` cut to the 255 characters a .docx property may hold, at a word, with "…"."""
    if len(text) <= PROPERTY_LIMIT:
        return text
    return text[: PROPERTY_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _bare(xml: str) -> str:
    """An element's XML without its namespace declaration, to nest inside another."""
    return xml.replace(f" {nsdecls('w')}", "")
