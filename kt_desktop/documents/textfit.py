"""Line breaking measured in the document fonts, so no drawn line is wider than its box."""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

__all__ = ["longest_word_width", "text_width", "wrap_balanced", "wrap_text"]


# Lists repeat the same units, words and amounts row after row; ReportLab measures TrueType
# text in pure Python, so a cache pays for itself on the first annex.
@lru_cache(maxsize=16384)
def text_width(text: str, font: str, size: float) -> float:
    width: float = stringWidth(text, font, size)
    return width


def longest_word_width(text: str, font: str, size: float) -> float:
    return max((text_width(word, font, size) for word in text.split()), default=0.0)


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Break `text` into lines no wider than `width` points.

    Lines break at spaces; a word wider than the whole line (a pasted link, a run of dots) is
    cut between characters, since a too-long word must never cross the margin. Runs of spaces
    inside a line are kept ("Số:      /QĐ-UBND" is a draft number with room to write in).
    An empty text gives no lines.
    """
    if not text:
        return []
    if text_width(text, font, size) <= width:
        return [text]
    space = text_width(" ", font, size)
    lines: list[str] = []
    current = ""
    current_width = 0.0
    for word in _words(text, " "):
        word_width = text_width(word, font, size)
        if current and current_width + space + word_width <= width:
            current += " " + word
            current_width += space + word_width
            continue
        if current:
            lines.append(current)
        if word_width <= width:
            current, current_width = word, word_width
            continue
        pieces = _cut_word(word, font, size, width)
        lines.extend(pieces[:-1])
        current = pieces[-1]
        current_width = text_width(current, font, size)
    if current:
        lines.append(current)
    # A break falls on a space: the space itself is not printed at either end of a line.
    return [line.strip(" ") for line in lines if line.strip(" ")] or [""]


_DASHES = frozenset({"-", "–", "—"})


def _words(text: str, separator: str | None = None) -> list[str]:
    """The words of `text`, a free-standing dash kept with the word before it, so that no
    line starts with "- KHEN THƯỞNG"."""
    words: list[str] = []
    for word in text.split(separator):
        if word in _DASHES and words and words[-1]:
            words[-1] += " " + word
        else:
            words.append(word)
    return words


def _cut_word(word: str, font: str, size: float, width: float) -> list[str]:
    pieces: list[str] = []
    start = 0
    used = 0.0
    for index, char in enumerate(word):
        char_width = text_width(char, font, size)
        if used + char_width > width and index > start:
            pieces.append(word[start:index])
            start, used = index, 0.0
        used += char_width
    pieces.append(word[start:])
    return pieces


def wrap_balanced(text: str, font: str, size: float, width: float) -> list[str]:
    """Like wrap_text, but with the lines as even as possible: for centred titles and names,
    where "ỦY BAN NHÂN DÂN XÃ KIM" over a lone "THÀNH" looks broken.

    Keeps the number of lines wrap_text needs and picks the breaks that make the longest line
    shortest (then the most even). Falls back to wrap_text when a word must be cut.
    """
    greedy = wrap_text(text, font, size, width)
    words = _words(text)
    count = len(greedy)
    if count < 2 or len(words) > 400:
        return greedy
    widths = [text_width(word, font, size) for word in words]
    if max(widths) > width:
        return greedy
    space = text_width(" ", font, size)
    starts = [0.0]
    for word_width in widths:
        starts.append(starts[-1] + word_width)

    def span(first: int, stop: int) -> float:
        return starts[stop] - starts[first] + space * (stop - first - 1)

    # best[k][i]: (longest line, sum of squares) setting words[:i] on k lines; choice[k][i]: the
    # first word of the k-th line.
    worst = (float("inf"), float("inf"))
    words_count = len(words)
    best = [[worst] * (words_count + 1) for _ in range(count + 1)]
    choice = [[0] * (words_count + 1) for _ in range(count + 1)]
    best[0][0] = (0.0, 0.0)
    for lines in range(1, count + 1):
        for stop in range(1, words_count + 1):
            for first in range(lines - 1, stop):
                line = span(first, stop)
                if line > width:
                    continue
                previous = best[lines - 1][first]
                if previous == worst:
                    continue
                candidate = (max(previous[0], line), previous[1] + line * line)
                if candidate < best[lines][stop]:
                    best[lines][stop] = candidate
                    choice[lines][stop] = first
    if best[count][words_count] == worst:
        return greedy
    result: list[str] = []
    stop = words_count
    for lines in range(count, 0, -1):
        first = choice[lines][stop]
        result.append(" ".join(words[first:stop]))
        stop = first
    return result[::-1]
