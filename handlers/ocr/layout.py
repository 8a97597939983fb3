"""What Tesseract found on a page: words grouped in lines, lines in paragraphs.

Both engines fill these from their own output (tesserocr's result iterator, the command
line's TSV), so the page text is built from them in one way: one text line a line, a
blank line between paragraphs, words separated by one space as Tesseract writes them
(`text.tidy_japanese` then removes the spaces inside Japanese).
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
