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
ways of `ATTEMPTS`, until one reads with confidence, and last read as a raw line (psm 13,
no layout at all): a 14 pt Mincho title on tinted paper read as nonsense in every cut-out
as a line (0.18 to 0.41) read right as a raw line at 0.91. Every
reading is a reading of the image: nothing is guessed, and a line Tesseract is sure of is
never touched.

Tesseract's layout of a vertical block can also leave a whole column out: on a benchmark
page it read two of three columns, and the third was read or not as the margin round the
block changed by a few pixels (24.7% CER for the page). So the ink of a block of columns is
checked against the columns read (`missed_columns`), and ink across which no column lies
is read on its own like a doubtful column. A column cut out is one column: its words are
put top to bottom, as Tesseract's layout of the cut-out once put the column's last four
characters first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import median

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
COLUMN_PADDING = 0.75
"""White added round a cut-out column, as a share of its width. Tesseract's vertical layout
(psm 5) read nothing from a column with 12 to 22 pixels of white round 42-pixel-wide
characters, and the column right with 32 and more; a wider cut-out would take in the
neighbouring columns instead, so the white is added."""

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
    if vertical:  # white round the column, not its neighbours' ink (see COLUMN_PADDING)
        pad = round(COLUMN_PADDING * thickness * scale)
        crop = np.asarray(cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT,
                                             value=255), dtype=np.uint8)
        left, top = left - round(pad / scale), top - round(pad / scale)
    parts = [[_placed(word, scale, left, top) for word in part.words]
             for part in read_line(crop)]
    if not vertical:
        return Line(line.box, line.paragraph, [word for part in parts for word in part])
    # One column reads top to bottom, however its pieces were laid out.
    return Line(line.box, line.paragraph, _column_words([part for part in parts if part]))


def _column_words(parts: list[list[Word]]) -> list[Word]:
    """The words of a column read in `parts` (Tesseract's text lines of one cut-out
    column), top to bottom. Tesseract sometimes cuts a column into two lines that overlap
    down the column and both hold the characters where they overlap (ご…までに出 and
    でに出して…): a part that starts above the end of those before it and repeats their
    last characters at its start loses those characters (…までに出して…, not
    まででにに出出して)."""
    parts = sorted((sorted(part, key=_top) for part in parts), key=lambda part: _top(part[0]))
    words = list(parts[0]) if parts else []
    for part in parts[1:]:
        end = max(word.box[3] for word in words)
        if part[0].box[1] < end:
            done, coming = _text(words), _text(part)
            repeated = next((k for k in range(min(len(done), len(coming)), 0, -1)
                             if done.endswith(coming[:k])), 0)
            if repeated:
                words += _without_first(part, repeated)
                continue
        words = sorted([*words, *part], key=_top)
    return words


def _top(word: Word) -> int:
    return word.box[1]


def _text(words: list[Word]) -> str:
    return "".join(word.text for word in words)


def _without_first(words: list[Word], count: int) -> list[Word]:
    """`words` without their first `count` characters."""
    kept = []
    for word in words:
        cut = min(count, len(word.text))
        count -= cut
        if word.text[cut:]:
            kept.append(Word(word.text[cut:], word.confidence, word.box))
    return kept


def reread(image: npt.NDArray[np.uint8], line: Line, read_line: ReadLine,
           vertical: bool = False, read_raw: ReadLine | None = None) -> Line:
    """`line` of `image` (a column when `vertical`) read again on its own (see
    `ATTEMPTS`), and, still doubtful, once more by `read_raw` (as a raw line, psm 13); the
    best reading."""
    best = line
    attempts: list[tuple[float, int | None, ReadLine]] = [
        (share, height, read_line) for share, height in ATTEMPTS]
    if read_raw is not None:
        attempts.append((ATTEMPTS[0][0], None, read_raw))
    for share, height, read in attempts:
        again = _cut_out(image, line, share, height, read, vertical)
        if again.confidence > best.confidence:
            best = again
        if not doubtful(best):
            break
    return best


def reread_doubtful(image: npt.NDArray[np.uint8], lines: list[Line],
                    read_line: ReadLine, vertical: bool = False,
                    read_raw: ReadLine | None = None) -> list[Line]:
    """`lines` of `image` (columns when `vertical`), each doubtful one read again (see
    `doubtful` and `reread`)."""
    return [reread(image, line, read_line, vertical, read_raw) if doubtful(line) else line
            for line in lines]


def doubtful(line: Line) -> bool:
    """Whether Tesseract is unsure of `line`: its mean word confidence is under `DOUBTFUL`,
    or one of its words is under `WEAK_WORD` (a Latin misreading inside Japanese)."""
    weakest = min((word.confidence for word in line.words), default=0.0)
    return line.confidence < DOUBTFUL or weakest < WEAK_WORD


MISSED_WIDTH = 0.6
"""Of the median line's height (a column's width): ink thinner than this outside every line
is a speck, a rule, a stray mark or furigana, not a line left out."""
MISSED_CONFIDENCE = 0.5  # a missed line read with less is taken for noise and left out
MISSED_TALLEST = 3.0
"""Of the median line's height: ink outside every line taller than this is a picture, a logo
or a seal, not a line left out (a title is set at most about twice the body's size)."""


def missed_columns(image: npt.NDArray[np.uint8], lines: list[Line]
                   ) -> list[tuple[int, int, int, int]]:
    """Boxes of the ink of `image` (a vertical block, dark ink on white) that lies across
    none of the columns `lines` read: runs of ink columns outside every line's width, at
    least `MISSED_WIDTH` of a median column wide and one column's width tall."""
    return _missed(image, lines, vertical=True)


def missed_lines(image: npt.NDArray[np.uint8], lines: list[Line]
                 ) -> list[tuple[int, int, int, int]]:
    """Boxes of the ink of `image` (a page or block of horizontal lines) that lies across
    none of the lines read: runs of ink rows outside every line's height, at least
    `MISSED_WIDTH` and at most `MISSED_TALLEST` of a median line high and one line's height
    wide."""
    return _missed(image, lines, vertical=False, thickest=MISSED_TALLEST)


def _missed(image: npt.NDArray[np.uint8], lines: list[Line], vertical: bool,
            thickest: float = math.inf) -> list[tuple[int, int, int, int]]:
    """The boxes of `missed_columns` or `missed_lines`, at most `thickest` lines thick."""
    if not lines:
        return []
    across = 0 if vertical else 1  # the box coordinate along which lines lie side by side
    size = median(line.box[across + 2] - line.box[across] for line in lines)
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    if not vertical:
        ink = ink.T  # columns of ink, as for a vertical block
    profile = ink.sum(axis=0)
    covered = np.zeros(len(profile), dtype=bool)
    for line in lines:
        covered[max(0, line.box[across]):line.box[across + 2]] = True
    loose = (profile > 0) & ~covered
    edges = np.flatnonzero(np.diff(np.concatenate(([0], loose.astype(np.int8), [0]))))
    boxes = []
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        along = np.flatnonzero(ink[:, start:end].any(axis=1))
        if (MISSED_WIDTH * size <= end - start <= thickest * size and len(along)
                and along[-1] - along[0] >= size):
            first, last = int(along[0]), int(along[-1]) + 1
            boxes.append((int(start), first, int(end), last) if vertical
                         else (first, int(start), last, int(end)))
    return boxes


def add_missed_columns(image: npt.NDArray[np.uint8], lines: list[Line],
                       read_line: ReadLine) -> list[Line]:
    """`lines` (the columns of a vertical block, right to left) with each of
    `missed_columns` read on its own and put in its place; a missed column that reads as
    nothing, or under `MISSED_CONFIDENCE`, is left out."""
    found = []
    for box in missed_columns(image, lines):
        right = min((line for line in lines if line.box[0] >= box[2]),
                    key=lambda line: line.box[0], default=lines[0])
        again = _cut_out(image, Line(box, right.paragraph), ATTEMPTS[0][0], None, read_line,
                         vertical=True)
        if again.words and again.confidence >= MISSED_CONFIDENCE:
            found.append(again)
    if not found:
        return lines
    return sorted([*lines, *found], key=lambda line: -line.box[2])


def add_missed_lines(image: npt.NDArray[np.uint8], lines: list[Line],
                     read_line: ReadLine) -> list[Line]:
    """`lines` (horizontal, in reading order) with each of `missed_lines` read on its own
    (`reread`) and put before the first line below it that it lies over; a missed line that
    reads as nothing, under `MISSED_CONFIDENCE`, or as marks alone (|| from a picture's
    edge: no letter, digit, kana or kanji) is left out."""
    lines = list(lines)
    for box in missed_lines(image, lines):
        below = [at for at, line in enumerate(lines)
                 if line.box[1] >= box[3] and line.box[0] < box[2] and box[0] < line.box[2]]
        at = below[0] if below else len(lines)
        neighbour = lines[at] if below else lines[-1]
        again = reread(image, Line(box, neighbour.paragraph), read_line)
        if (again.confidence >= MISSED_CONFIDENCE
                and any(char.isalnum() for word in again.words for char in word.text)):
            lines.insert(at, again)
    return lines
