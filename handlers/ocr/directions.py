"""Read an upright page in the direction its text runs, block by block where it mixes.

A page of horizontal text in one column is read whole, as one block (psm 6). A page with
vertical text, or with columns side by side (which Tesseract's layout interleaved on the
benchmark's two-column pages), is cut into blocks (`blocks.find_blocks`): each vertical
block is read with `jpn_vert` as a vertical block (psm 5: columns right to left),
each horizontal one with the page's other languages as a block (psm 6), and the texts are
joined in reading order with a blank line between blocks.

`jpn_vert` gives the brackets of a column as ASCII "(" and ")". Vertical Japanese is set
with full-width brackets only (a half-width bracket has no vertical form), so in a vertical
block they are written as （ and ）: on the benchmark's vertical pages these two
characters were most of the errors left (docs/benchmarks.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from handlers.ocr.blocks import Block, find_blocks, multi_column, page_direction
from handlers.ocr.engine import (
    PSM_AUTO,
    PSM_BLOCK,
    PSM_VERTICAL_BLOCK,
    Engine,
    Recognition,
    Word,
)
from handlers.ocr.ink import ink_map
from handlers.ocr.orientation import VERTICAL, horizontal_languages, vertical_languages
from handlers.ocr.text import tidy_japanese
from handlers.ocr.textlines import Direction

MARGIN_MM = 2.0  # white kept round a block's ink when it is cut out
_VERTICAL_BRACKETS = str.maketrans({"(": "（", ")": "）"})


@dataclass(frozen=True)
class PageReading:
    """The page's text and words (`recognition`), its `direction` ("horizontal",
    "vertical" or "mixed") and its blocks in reading order."""

    recognition: Recognition
    direction: str
    blocks: tuple[Block, ...]


def read_page(image: npt.NDArray[np.uint8], dpi: float, engine: Engine, languages: str,
              direction: Direction, known: tuple[Block, ...] | None = None,
              fax: bool = False) -> PageReading:
    """Read the upright `image` (scanned at `dpi`) whose main text runs in `direction`;
    `known` are its blocks when they were already found (`Prepared.blocks`); a `fax`
    page's horizontal lines are read twice (`handlers.ocr.fax`)."""
    blocks: list[Block] = []
    if vertical_languages(languages):
        blocks = list(known) if known is not None else find_blocks(
            ink_map(image, dpi), dpi, direction)
    kind = page_direction(blocks) if blocks else direction
    if kind == "horizontal" and not multi_column(blocks, dpi):
        # One column (no blocks side by side): one uniform block. Tesseract's page layout
        # (psm 3) split a line of a coloured-paper page into a block of its own and read
        # it as nonsense; as a block the same pages read no worse anywhere (docs/benchmarks.md).
        psm = PSM_BLOCK if blocks else PSM_AUTO
        reading = engine.recognize(image, languages=horizontal_languages(languages),
                                   dpi=round(dpi), psm=psm, fax=fax, mend=True)
        return PageReading(reading, "horizontal", tuple(blocks))
    readings = [_read_block(image, block, dpi, engine, languages, fax) for block in blocks]
    words = tuple(word for reading in readings for word in reading.words)
    confidence = (sum(w.confidence for w in words) / len(words)) if words else 0.0
    text = tidy_japanese("\n\n".join(r.text for r in readings if r.text))
    return PageReading(Recognition(text, confidence, words), kind, tuple(blocks))


def _read_block(image: npt.NDArray[np.uint8], block: Block, dpi: float, engine: Engine,
                languages: str, fax: bool = False) -> Recognition:
    """One block cut out with a margin; word boxes given back in page pixels."""
    margin = round(MARGIN_MM / 25.4 * dpi)
    x0, y0, x1, y1 = block.box
    left, top = max(0, x0 - margin), max(0, y0 - margin)
    crop = np.ascontiguousarray(image[top:y1 + margin, left:x1 + margin])
    characters: dict[int, str] = {}  # what the text's characters are written as
    if block.direction == "vertical":
        reading = engine.recognize(crop, languages=VERTICAL, psm=PSM_VERTICAL_BLOCK,
                                   dpi=round(dpi))
        characters = _VERTICAL_BRACKETS
    else:
        reading = engine.recognize(crop, languages=horizontal_languages(languages),
                                   psm=PSM_BLOCK, dpi=round(dpi), fax=fax, mend=True)
    words = tuple(Word(w.text.translate(characters), w.confidence,
                       (w.box[0] + left, w.box[1] + top, w.box[2] + left, w.box[3] + top))
                  for w in reading.words)
    return Recognition(reading.text.translate(characters), reading.confidence, words)
