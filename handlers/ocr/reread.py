"""A second reading of the lines Tesseract is unsure of, each cut out on its own.

In page mode Tesseract sometimes reads a whole line as nonsense: a title set larger than
the body ("子育て支援センターだより" as "ee Cwie ンズパーでまり"), or a line that the
`eng` model of "jpn+eng" claims ("持ち物 STERIC eS"). Cut out with a margin and read as a
single line (psm 7), the same line reads correctly with high confidence. So each line whose
mean word confidence is under `DOUBTFUL` is read again alone, and the reading with the
higher mean confidence is kept. Both are readings of the image: nothing is guessed, and a
line Tesseract is sure of is never touched.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from handlers.ocr.layout import Line, Word

DOUBTFUL = 0.8  # mean word confidence under which a line is read again
_MARGIN = 0.3  # of the line's height, around the cut-out; less than the gap between lines

ReadLine = Callable[[npt.NDArray[np.uint8]], list[Line]]
"""Reads an image holding one line of text; returns what it found (boxes in its pixels)."""


def _moved(word: Word, dx: int, dy: int) -> Word:
    x0, y0, x1, y1 = word.box
    return Word(word.text, word.confidence, (x0 + dx, y0 + dy, x1 + dx, y1 + dy))


def reread(image: npt.NDArray[np.uint8], line: Line, read_line: ReadLine) -> Line:
    """`line` of `image` read again on its own; the better of both readings."""
    x0, y0, x1, y1 = line.box
    margin = max(4, round((y1 - y0) * _MARGIN))
    left, top = max(0, x0 - margin), max(0, y0 - margin)
    crop = np.ascontiguousarray(image[top:y1 + margin, left:x1 + margin])
    if crop.size == 0:
        return line
    words = [_moved(word, left, top) for found in read_line(crop) for word in found.words]
    again = Line(line.box, line.paragraph, words)
    return again if again.confidence > line.confidence else line


def reread_doubtful(image: npt.NDArray[np.uint8], lines: list[Line],
                    read_line: ReadLine) -> list[Line]:
    """`lines` of `image`, each one under `DOUBTFUL` confidence read again (see `reread`)."""
    return [line if line.confidence >= DOUBTFUL else reread(image, line, read_line)
            for line in lines]
