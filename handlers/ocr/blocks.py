"""Text blocks of an upright page, the direction each runs in, and their reading order.

A page may mix directions: a horizontal title and footer round a vertical (縦書き) body,
or a vertical notice with a horizontal table. Tesseract reads one direction per call, so
the page is cut into blocks first:

- Blocks are the ink joined across gaps under `JOIN_MM`, or `JOIN_CHARACTERS` of a
  character for large type (the gap between lines is about two thirds of a character,
  between columns, or a title and the body, it is wider).
- A block's direction: a block of one line (thinner than `ONE_LINE` characters) runs
  along its longer side. Otherwise its projection profiles tell: lines are separated by
  gaps of at least `LINE_GAP` of a character, characters within a line by much less, so
  the axis whose profile shows more such gaps (`GAPS` of its length at least) runs
  across the lines. A block that shows neither gets the page's main direction.
- Reading order: blocks whose heights overlap form a band; bands are read top to bottom,
  and within a band vertical blocks right to left, horizontal ones left to right.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from handlers.ocr.ink import InkMap
from handlers.ocr.textlines import Direction

JOIN_MM = 4.0
JOIN_CHARACTERS = 1.5  # large type has wider gaps between its lines: join those too
LINE_GAP = 0.3  # share of a character's size
GAPS = 0.15  # share of a profile's length in line gaps that shows the lines' direction
ONE_LINE = 1.8  # a block thinner than this many characters holds one line
LONG = 2.5  # a line at least this many times longer than wide shows its direction
SPECK_MM = 1.5  # blocks smaller than this both ways are specks, not text
COLUMN_MM = 15.0  # a block this tall holds several lines of body text
_MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Block:
    """A text block: `box` (x0, y0, x1, y1) in page pixels and the `direction` it runs in."""

    box: tuple[int, int, int, int]
    direction: Direction


def _character_size(mask: npt.NDArray[np.bool_]) -> float:
    """Size in map pixels of a typical character: the 75th percentile of the larger side of
    ink components (parts of a kanji are smaller, whole kana and kanji about that)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    sides = np.maximum(stats[1:count, 2], stats[1:count, 3])
    sides = sides[sides >= 3]
    return float(np.percentile(sides, 75)) if sides.size else 0.0


def _gap_share(profile: npt.NDArray[np.int64], least: float) -> float:
    """Share of the profile's length in runs of empty bins at least `least` long."""
    empty = np.concatenate(([False], profile == 0, [False]))
    edges = np.flatnonzero(np.diff(empty.astype(np.int8)))
    runs = edges[1::2] - edges[::2]
    return float(runs[runs >= least].sum()) / max(1, profile.size)


def direction_of(mask: npt.NDArray[np.bool_], character: float,
                 default: Direction) -> Direction:
    """The direction of the text in `mask` (one block's ink), characters `character` map
    pixels in size (see the module docstring); `default` for a block too short to tell
    (one line of under `LONG` characters' length to its width)."""
    height, width = mask.shape
    if min(height, width) < ONE_LINE * character:  # one line: its long side runs along it
        if max(height, width) < LONG * min(height, width):
            return default
        return "horizontal" if width >= height else "vertical"
    least = max(1.0, LINE_GAP * character)
    across_rows = _gap_share(mask.sum(axis=1), least)  # gaps between horizontal lines
    across_columns = _gap_share(mask.sum(axis=0), least)  # gaps between vertical columns
    if max(across_rows, across_columns) >= GAPS:
        return "horizontal" if across_rows >= across_columns else "vertical"
    return default


def find_blocks(ink: InkMap, dpi: float, default: Direction = "horizontal") -> list[Block]:
    """The text blocks of the upright page whose ink map is `ink` (page scanned at `dpi`),
    in reading order; a block whose shape cannot tell its direction gets `default`, the
    direction of the page's main text."""
    mask = ink.mask
    character = _character_size(mask)
    if character == 0:
        return []
    map_dpi = dpi * ink.scale
    join = max(3, round(JOIN_MM / _MM_PER_INCH * map_dpi), round(JOIN_CHARACTERS * character))
    joined = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE,
                              np.ones((join, join), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    speck = SPECK_MM / _MM_PER_INCH * map_dpi
    blocks: list[Block] = []
    for x, y, w, h, _ in stats[1:count]:
        if w < speck and h < speck:
            continue
        direction = direction_of(mask[y:y + h, x:x + w], character, default)
        box = tuple(round(v / ink.scale) for v in (x, y, x + w, y + h))
        blocks.append(Block((box[0], box[1], box[2], box[3]), direction))
    return reading_order(blocks)


def reading_order(blocks: list[Block]) -> list[Block]:
    """`blocks` in reading order (see the module docstring)."""
    bands: list[list[Block]] = []
    for block in sorted(blocks, key=lambda b: b.box[1]):
        band = bands[-1] if bands else None
        if band is not None and block.box[1] < max(b.box[3] for b in band):
            band.append(block)
        else:
            bands.append([block])
    ordered: list[Block] = []
    for band in bands:
        vertical = sum(b.direction == "vertical" for b in band) * 2 > len(band)
        ordered += sorted(band, key=lambda b: -b.box[2] if vertical else b.box[0])
    return ordered


def main_block(blocks: list[Block]) -> Block | None:
    """The largest block (by its box's area): the page's main text."""
    return max(blocks, key=lambda b: (b.box[2] - b.box[0]) * (b.box[3] - b.box[1]),
               default=None)


def within(ink: InkMap, box: tuple[int, int, int, int]) -> InkMap:
    """`ink` with everything outside `box` (page pixels) cleared."""
    x0, y0, x1, y1 = (round(v * ink.scale) for v in box)
    mask = np.zeros_like(ink.mask)
    mask[y0:y1, x0:x1] = ink.mask[y0:y1, x0:x1]
    return InkMap(mask, ink.scale)


def multi_column(blocks: list[Block], dpi: float) -> bool:
    """Whether two blocks of several lines each stand side by side (their heights overlap
    by half the shorter): columns, which a whole-page reading may interleave."""
    tall = [b for b in blocks if b.box[3] - b.box[1] >= COLUMN_MM / _MM_PER_INCH * dpi]
    for index, a in enumerate(tall):
        for b in tall[index + 1:]:
            overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
            shorter = min(a.box[3] - a.box[1], b.box[3] - b.box[1])
            if overlap > 0.5 * shorter and (a.box[2] <= b.box[0] or b.box[2] <= a.box[0]):
                return True
    return False


def page_direction(blocks: list[Block]) -> Direction | str:
    """"horizontal", "vertical", or "mixed" when the page has blocks of both."""
    directions = {block.direction for block in blocks}
    if len(directions) == 2:
        return "mixed"
    return directions.pop() if directions else "horizontal"
