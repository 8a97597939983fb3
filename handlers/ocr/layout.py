"""What Tesseract found on a page: words grouped in lines, lines in paragraphs.

Both engines fill these from their own output (tesserocr's result iterator, the command
line's TSV), so the page text is built from them in one way: one text line a line, a
blank line between paragraphs, words separated by one space as Tesseract writes them
(`text.tidy_japanese` then removes the spaces inside Japanese).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

MERGED = 1.8  # a line this many times taller than the page's median line holds two


@dataclass(frozen=True)
class Word:
    """One recognised word: confidence 0..1, box (x0, y0, x1, y1) in image pixels."""

    text: str
    confidence: float
    box: tuple[int, int, int, int]


@dataclass
class Line:
    """One text line: its box (x0, y0, x1, y1) in image pixels, the (block, paragraph)
    numbers it belongs to, and its words in reading order."""

    box: tuple[int, int, int, int]
    paragraph: tuple[int, int]
    words: list[Word] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        """Mean word confidence 0..1; 0.0 without words."""
        if not self.words:
            return 0.0
        return sum(word.confidence for word in self.words) / len(self.words)


def page_text(lines: list[Line]) -> str:
    """The text of `lines`: a line per line, a blank line where a paragraph ends."""
    parts: list[str] = []
    for index, line in enumerate(lines):
        if index and line.paragraph != lines[index - 1].paragraph:
            parts.append("")
        parts.append(" ".join(word.text for word in line.words))
    return "\n".join(parts)


def mean_confidence(lines: list[Line]) -> float:
    """Mean confidence 0..1 over all words of `lines`; 0.0 without words."""
    words = [word.confidence for line in lines for word in line.words]
    return sum(words) / len(words) if words else 0.0


def _height(line: Line) -> int:
    return line.box[3] - line.box[1]


def has_merged_lines(lines: list[Line]) -> bool:
    """Whether one of `lines` is `MERGED` times taller than their median: Tesseract's page
    layout then joined the end of one text line with words of the next (needs 3 lines)."""
    if len(lines) < 3:
        return False
    typical = median(_height(line) for line in lines)
    return any(_height(line) > MERGED * typical for line in lines)


def _same_row(a: Line, b: Line) -> bool:
    """Whether `a` and `b` overlap in height by more than half the lower one."""
    overlap_y = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
    return overlap_y > 0.5 * min(_height(a), _height(b))


def one_column(lines: list[Line]) -> bool:
    """Whether no two of `lines` stand side by side (overlap in height, not in width), so
    reading the page as one block cannot interleave columns."""
    for index, a in enumerate(lines):
        for b in lines[index + 1:]:
            overlap_x = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
            if _same_row(a, b) and overlap_x <= 0:
                return False
    return True


def one_row(lines: list[Line]) -> bool:
    """Whether `lines` are pieces of one row of text side by side (at least two, each
    overlapping every other in height by half the lower one): Tesseract's block layout
    cut a title in four so, and read one piece as nonsense."""
    return len(lines) >= 2 and all(_same_row(a, b) for index, a in enumerate(lines)
                                   for b in lines[index + 1:])
