"""A second reading of the lines Tesseract is unsure of, each cut out on its own.

In page mode Tesseract sometimes reads a whole line as nonsense: a title set larger than
the body ("子育て支援センターだより" as "ee Cwie ンズパーでまり"), or a line that the
`eng` model of "jpn+eng" claims ("持ち物 STERIC eS"). Cut out with a margin and read as a
single line (psm 7), the same line reads correctly with high confidence. So each line whose
mean word confidence is under `DOUBTFUL` is read again alone, and the reading with the
highest mean confidence is kept. Tesseract's reading of a line can flip with a few pixels of
margin (a title read right with 4, 8 or 16 pixels around it, as "{ERROR AIC OUT" with 11)
or with its size (large titles, 50 pixels and more at 300 dpi, fail most and read right at
about 32 pixels high), so a line still doubtful after one cut-out is tried in the other
ways of `ATTEMPTS`, until one reads with confidence. Every
reading is a reading of the image: nothing is guessed, and a line Tesseract is sure of is
never touched.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import numpy.typing as npt

from handlers.ocr.layout import Line, Word

DOUBTFUL = 0.8  # mean word confidence under which a line is read again
WEAK_WORD = 0.4  # a line with a word under this confidence is read again as well
ATTEMPTS = ((0.3, None), (0.3, 32), (0.15, None))
"""Cut-outs to try in turn: margin around the line (share of its height, under the gap
between lines) and the line height in pixels to scale a taller line to (None: as it is)."""
_TALLER = 1.15  # scale only lines this much taller than the height asked for

ReadLine = Callable[[npt.NDArray[np.uint8]], list[Line]]
"""Reads an image holding one line of text; returns what it found (boxes in its pixels)."""


def _placed(word: Word, scale: float, dx: int, dy: int) -> Word:
    """`word` of a cut-out scaled by `scale` whose corner is at (dx, dy) on the page."""
    x0, y0, x1, y1 = (round(v / scale) for v in word.box)
    return Word(word.text, word.confidence, (x0 + dx, y0 + dy, x1 + dx, y1 + dy))


def _cut_out(image: npt.NDArray[np.uint8], line: Line, share: float, height: int | None,
             read_line: ReadLine, vertical: bool = False) -> Line:
    """`line` read from a cut-out with a margin of `share` of its height (a `vertical`
    column's width) around it, scaled to `height` pixels high (wide) when it is taller
    (boxes are given back in page pixels)."""
    x0, y0, x1, y1 = line.box
    thickness = (x1 - x0) if vertical else (y1 - y0)
    margin = max(4, round(thickness * share))
    left, top = max(0, x0 - margin), max(0, y0 - margin)
    crop = np.ascontiguousarray(image[top:y1 + margin, left:x1 + margin])
    if crop.size == 0:
        return Line(line.box, line.paragraph, [])
    scale = 1.0
    if height is not None and thickness > _TALLER * height:
        scale = height / thickness
        crop = np.asarray(cv2.resize(crop, None, fx=scale, fy=scale,
                                     interpolation=cv2.INTER_AREA), dtype=np.uint8)
    words = [_placed(word, scale, left, top) for part in read_line(crop) for word in part.words]
    return Line(line.box, line.paragraph, words)


def reread(image: npt.NDArray[np.uint8], line: Line, read_line: ReadLine,
           vertical: bool = False) -> Line:
    """`line` of `image` (a column when `vertical`) read again on its own (see
    `ATTEMPTS`); the best reading."""
    best = line
    for share, height in ATTEMPTS:
        again = _cut_out(image, line, share, height, read_line, vertical)
        if again.confidence > best.confidence:
            best = again
        if not doubtful(best):
            break
    return best


def reread_doubtful(image: npt.NDArray[np.uint8], lines: list[Line],
                    read_line: ReadLine, vertical: bool = False) -> list[Line]:
    """`lines` of `image` (columns when `vertical`), each doubtful one read again (see
    `doubtful` and `reread`)."""
    return [reread(image, line, read_line, vertical) if doubtful(line) else line
            for line in lines]


def doubtful(line: Line) -> bool:
    """Whether Tesseract is unsure of `line`: its mean word confidence is under `DOUBTFUL`,
    or one of its words is under `WEAK_WORD` (a Latin misreading inside Japanese)."""
    weakest = min((word.confidence for word in line.words), default=0.0)
    return line.confidence < DOUBTFUL or weakest < WEAK_WORD
