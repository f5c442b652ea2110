"""Flowables that place measured lines and rules: the header, centred titles, the signature and
recipients block, and a fast annex table that repeats its header row."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from reportlab.platypus import Flowable

from kt_desktop.documents.textfit import text_width, wrap_balanced, wrap_text

__all__ = [
    "LEADING",
    "BottomBlock",
    "Column",
    "GridTable",
    "Row",
    "RowsBlock",
    "Rule",
    "TextLine",
    "centred_rows",
]

Align = Literal["left", "center", "right"]

# Line height as a multiple of the font size: Word's "single" for Times is about 1.15, Decree 30
# allows single to 1.5 lines.
LEADING = 1.2
# Where the baseline sits in a line box, as a multiple of the size: centres the glyph box a PDF
# reader reports (about 0.78 of the size above the baseline and 0.22 below, in Times and
# Liberation Serif) in the box, so a line never pokes out of the block that placed it.
BASELINE = 0.88
RULE_WIDTH = 0.6
# Distance from a baseline down to a rule under that line: clear of the descenders (0.22).
RULE_DROP = 0.5
FUZZ = 1e-6


@dataclass(frozen=True)
class TextLine:
    """One line of text; `x` is its left edge, centre or right edge as `align` says, and `y` its
    baseline, measured down from the top of the row that holds it."""

    text: str
    font: str
    size: float
    x: float
    y: float
    align: Align = "left"


@dataclass(frozen=True)
class Rule:
    """A solid horizontal rule from x1 to x2 at `y` (down from the row's top)."""

    x1: float
    x2: float
    y: float


Op = TextLine | Rule


@dataclass
class Row:
    """A slice of a block that is never split between pages."""

    height: float
    ops: list[Op] = field(default_factory=list)


def draw_ops(canv: Any, ops: Sequence[Op], left: float, top: float) -> None:
    """Draw `ops` on a ReportLab canvas with (left, top) as the origin of their coordinates."""
    for op in ops:
        if isinstance(op, TextLine):
            canv.setFont(op.font, op.size)
            x, y = left + op.x, top - op.y
            if op.align == "center":
                canv.drawCentredString(x, y, op.text)
            elif op.align == "right":
                canv.drawRightString(x, y, op.text)
            else:
                canv.drawString(x, y, op.text)
        else:
            canv.setLineWidth(RULE_WIDTH)
            canv.line(left + op.x1, top - op.y, left + op.x2, top - op.y)


class Column:
    """Lays lines out top to bottom inside one column of a block; placing text returns its
    widest line, so a rule can be sized from the text above it."""

    def __init__(self, x: float, width: float, top: float = 0.0) -> None:
        self.x = x
        self.width = width
        self.cursor = top
        self.ops: list[Op] = []

    @property
    def centre(self) -> float:
        return self.x + self.width / 2

    def add_lines(
        self, lines: Sequence[str], font: str, size: float, align: Align = "center"
    ) -> float:
        """Place already-wrapped lines; return the widest line's width."""
        widest = 0.0
        anchor = {"left": self.x, "center": self.centre, "right": self.x + self.width}[align]
        for line in lines:
            self.ops.append(
                TextLine(line, font, size, anchor, self.cursor + BASELINE * size, align)
            )
            self.cursor += LEADING * size
            widest = max(widest, text_width(line, font, size))
        return widest

    def add_text(self, text: str, font: str, size: float, align: Align = "center") -> float:
        """Wrap `text` to the column in even lines and place it; return the widest line's
        width."""
        return self.add_lines(wrap_balanced(text, font, size, self.width), font, size, align)

    def add_rule(self, length: float, size_above: float) -> None:
        """A rule centred in the column under the line just placed."""
        y = self.cursor - LEADING * size_above + BASELINE * size_above + RULE_DROP * size_above
        length = min(length, self.width)
        self.ops.append(Rule(self.centre - length / 2, self.centre + length / 2, y))
        self.cursor = max(self.cursor, y + RULE_WIDTH)

    def skip(self, points: float) -> None:
        self.cursor += points


def centred_rows(
    lines: Sequence[str],
    font: str,
    size: float,
    width: float,
    rule_fraction: float = 0.0,
    align: Align = "center",
) -> list[Row]:
    """One row per wrapped line; with `rule_fraction`, a rule that long (as a share of the
    widest line) under the last line, centred."""
    rows: list[Row] = []
    widest = 0.0
    for text in lines:
        for line in wrap_balanced(text, font, size, width):
            column = Column(0.0, width)
            widest = max(widest, column.add_lines([line], font, size, align))
            rows.append(Row(column.cursor, column.ops))
    if rows and rule_fraction > 0:
        last = rows[-1]
        column = Column(0.0, width, last.height)
        column.add_rule(widest * rule_fraction, size)
        last.ops.extend(column.ops)
        last.height = column.cursor + 0.3 * size
    return rows


class RowsBlock(Flowable):  # type: ignore[misc]
    """Rows stacked top to bottom. Kept whole when it fits a page; split between rows only when
    it is taller than a whole frame (a 600-character summary, forty addressees)."""

    def __init__(
        self,
        rows: Sequence[Row],
        frame_height: float,
        space_before: float = 0.0,
        space_after: float = 0.0,
    ) -> None:
        super().__init__()
        self.rows = list(rows)
        self.frame_height = frame_height
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.height = sum(row.height for row in self.rows)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self.height <= self.frame_height + FUZZ:
            return []  # fits a fresh page: move it there whole
        used = 0.0
        count = 0
        for row in self.rows:
            if used + row.height > avail_height + FUZZ:
                break
            used += row.height
            count += 1
        if count == 0:
            return []
        return [
            RowsBlock(self.rows[:count], self.frame_height, self.spaceBefore),
            RowsBlock(self.rows[count:], self.frame_height, 0.0, self.spaceAfter),
        ]

    def draw(self) -> None:
        top = self.height
        for row in self.rows:
            draw_ops(self.canv, row.ops, 0.0, top)
            top -= row.height


class BottomBlock(Flowable):  # type: ignore[misc]
    """The signature area with the recipients list ("Nơi nhận:") either beside it on the left
    (one signature) or under it (two signatures side by side).

    Kept whole: when it does not fit under the body it moves to the next page. Only a list
    taller than a whole frame is split between recipient lines; the signature stays with the
    first part.
    """

    def __init__(
        self,
        signature: Row | None,
        recipients: Sequence[Row],
        beside: bool,
        frame_height: float,
        space_before: float = 0.0,
    ) -> None:
        super().__init__()
        self.signature = signature
        self.recipients = list(recipients)
        self.beside = beside
        self.frame_height = frame_height
        self.spaceBefore = space_before
        self.gap = 12.0 if signature is not None and recipients and not beside else 0.0
        self.height = self._height_of(len(self.recipients))

    def _height_of(self, count: int) -> float:
        listed = sum(row.height for row in self.recipients[:count])
        signed = self.signature.height if self.signature is not None else 0.0
        return max(signed, listed) if self.beside else signed + self.gap + listed

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self.height <= self.frame_height + FUZZ:
            return []
        count = 0
        while count < len(self.recipients) and self._height_of(count + 1) <= avail_height + FUZZ:
            count += 1
        if count == 0 and self.signature is None:
            return []
        if self.signature is not None and self._height_of(count) > avail_height + FUZZ:
            return []
        head = BottomBlock(
            self.signature,
            self.recipients[:count],
            self.beside,
            self.frame_height,
            self.spaceBefore,
        )
        tail = BottomBlock(None, self.recipients[count:], True, self.frame_height)
        return [head, tail]

    def draw(self) -> None:
        top = self.height
        if self.signature is not None:
            draw_ops(self.canv, self.signature.ops, 0.0, top)
            if not self.beside:
                top -= self.signature.height + self.gap
        for row in self.recipients:
            draw_ops(self.canv, row.ops, 0.0, top)
            top -= row.height


@dataclass(frozen=True)
class TableStyle:
    """Fonts and spacing of an annex table."""

    font: str
    header_font: str
    size: float
    padding_x: float = 4.0
    padding_y: float = 2.5
    line_width: float = 0.5


@dataclass
class _Cell:
    lines: list[str]
    widths: list[float]


@dataclass
class _TableRow:
    cells: list[_Cell]
    height: float


class GridTable(Flowable):  # type: ignore[misc]
    """A ruled table drawn straight on the canvas, with the header row repeated on every page.

    Row heights are measured once, so splitting a 500-row list over 20 pages needs no
    measuring again, only a bisect over the rows' running heights; a cell is wrapped (long
    words cut) only when its text is wider than its column, and the text is drawn as plain
    strings in one text object per page.
    """

    def __init__(
        self,
        header: _TableRow,
        rows: Sequence[_TableRow],
        column_widths: Sequence[float],
        alignments: Sequence[Align],
        style: TableStyle,
        frame_height: float,
        offsets: list[float] | None = None,
    ) -> None:
        super().__init__()
        self.header = header
        self.rows = list(rows)
        self.column_widths = list(column_widths)
        self.alignments = list(alignments)
        self.style = style
        self.frame_height = frame_height
        # Running bottom of each row below the header, for a bisect when splitting.
        self.offsets = (
            offsets
            if offsets is not None
            else list(itertools.accumulate(row.height for row in self.rows))
        )
        self.height = header.height + (self.offsets[-1] if self.offsets else 0.0)

    @classmethod
    def build(
        cls,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        column_widths: Sequence[float],
        alignments: Sequence[Align],
        style: TableStyle,
        frame_height: float,
        measured: Sequence[Sequence[float]] | None = None,
    ) -> GridTable:
        """Lay out every cell; `measured` may hold each body cell's one-line width already."""
        header = cls._layout_row(headers, None, column_widths, style, style.header_font)
        body = [
            cls._layout_row(row, measured[index] if measured else None, column_widths, style)
            for index, row in enumerate(rows)
        ]
        return cls(header, body, column_widths, alignments, style, frame_height)

    @staticmethod
    def _layout_row(
        texts: Sequence[str],
        widths: Sequence[float] | None,
        column_widths: Sequence[float],
        style: TableStyle,
        font: str | None = None,
    ) -> _TableRow:
        font = font or style.font
        cells: list[_Cell] = []
        most = 1
        for index, text in enumerate(texts):
            room = column_widths[index] - 2 * style.padding_x
            width = widths[index] if widths is not None else text_width(text, font, style.size)
            if width <= room:
                cell = _Cell([text], [width]) if text else _Cell([], [])
            else:
                lines = wrap_text(text, font, style.size, room)
                cell = _Cell(lines, [text_width(line, font, style.size) for line in lines])
            most = max(most, len(cell.lines))
            cells.append(cell)
        return _TableRow(cells, most * LEADING * style.size + 2 * style.padding_y)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = sum(self.column_widths)
        return self.width, self.height

    def _part(self, start: int, stop: int) -> GridTable:
        rows = self.rows[start:stop]
        base = self.offsets[start - 1] if start > 0 else 0.0
        offsets = [offset - base for offset in self.offsets[start:stop]]
        return GridTable(
            self.header,
            rows,
            self.column_widths,
            self.alignments,
            self.style,
            self.frame_height,
            offsets,
        )

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - self.header.height
        # Never all of them: split is only asked when the whole table does not fit.
        count = min(bisect.bisect_right(self.offsets, room + FUZZ), len(self.rows) - 1)
        if count >= 1:
            head, tail = self._part(0, count), self._part(count, len(self.rows))
            # A table in the body keeps its gap to the text above and below across the break.
            head.spaceBefore = getattr(self, "spaceBefore", 0)
            tail.spaceAfter = getattr(self, "spaceAfter", 0)
            return [head, tail]
        if not self.rows or self.header.height + self.rows[0].height <= self.frame_height:
            return []  # the first row fits a fresh page: go there
        return self._split_first_row(room)

    def _split_first_row(self, room: float) -> list[Flowable]:
        """A single row taller than a page: cut it between lines, as a last resort."""
        leading = LEADING * self.style.size
        fit = int((room - 2 * self.style.padding_y) // leading)
        if fit < 1:
            return []
        first = self.rows[0]
        head_cells = [_Cell(cell.lines[:fit], cell.widths[:fit]) for cell in first.cells]
        tail_cells = [_Cell(cell.lines[fit:], cell.widths[fit:]) for cell in first.cells]
        most = max(len(cell.lines) for cell in tail_cells)
        head = _TableRow(head_cells, fit * leading + 2 * self.style.padding_y)
        tail = _TableRow(tail_cells, most * leading + 2 * self.style.padding_y)
        rest = [tail, *self.rows[1:]]
        return [
            GridTable(
                self.header,
                [head],
                self.column_widths,
                self.alignments,
                self.style,
                self.frame_height,
            ),
            GridTable(
                self.header,
                rest,
                self.column_widths,
                self.alignments,
                self.style,
                self.frame_height,
            ),
        ]

    def draw(self) -> None:
        canv = self.canv
        style = self.style
        edges = [0.0, *itertools.accumulate(self.column_widths)]
        text = canv.beginText()
        top = self.height
        for row, font in itertools.chain(
            [(self.header, style.header_font)], ((row, style.font) for row in self.rows)
        ):
            text.setFont(font, style.size)
            aligns: Sequence[Align] = (
                ["center"] * len(edges) if row is self.header else self.alignments
            )
            for index, cell in enumerate(row.cells):
                if not cell.lines:
                    continue
                block = len(cell.lines) * LEADING * style.size
                # Middle-aligned: one-line cells sit level with the middle of a taller row.
                y = top - (row.height - block) / 2 - BASELINE * style.size
                for line, width in zip(cell.lines, cell.widths, strict=True):
                    align = aligns[index]
                    if align == "center":
                        x = (edges[index] + edges[index + 1] - width) / 2
                    elif align == "right":
                        x = edges[index + 1] - style.padding_x - width
                    else:
                        x = edges[index] + style.padding_x
                    text.setTextOrigin(x, y)
                    text.textOut(line)
                    y -= LEADING * style.size
            top -= row.height
        canv.drawText(text)
        # The grid: one path for all the rules of this page's part.
        path = canv.beginPath()
        y = self.height
        for row in itertools.chain([self.header], self.rows):
            path.moveTo(0, y)
            path.lineTo(edges[-1], y)
            y -= row.height
        path.moveTo(0, y)
        path.lineTo(edges[-1], y)
        for x in edges:
            path.moveTo(x, 0)
            path.lineTo(x, self.height)
        canv.setLineWidth(style.line_width)
        canv.drawPath(path, stroke=1, fill=0)
