"""Page preprocessing before recognition: colour, resolution, borders, deskew, orientation.

Each step is a function over a grayscale image (uint8, H×W) in its own module, so it can be
tested and timed on its own; `prepare` chains them and says what it did. Pages come from
`decode` with square pixels already (a fax's unequal X and Y resolutions are undone there).

1. `dropout.choose`: for a colour scan, seals, stamps and coloured paper taken out.
2. `resolution.normalise_resolution`: scans finer than 300 dpi reduced to 300 dpi.
3. `borders.clean_borders`: scanner backing around the sheet painted white.
4. `textlines.measure_lines` on the ink map: the axis the lines run along, and their tilt.
5. `deskew.deskew`: the tilt undone (±10°, to about 0.1°).
6. `orientation.way_up`: the fullest line of the largest text block
   (`blocks.main_block`) read the four ways a page can lie (needs the engine); this also
   says whether the text is horizontal or vertical. Without the
   engine, `orientation.quarter_turn` turns a page whose lines run across the direction
   `languages` expects.

No denoising step: Tesseract's own binarisation copes with the benchmark's scanner noise
(sigma up to 14 gray levels, JPEG quality 60 to 90). A median filter made the character
error rate worse, and a light Gaussian blur's gain on one page set was within the
page-to-page noise and did not hold on a larger one (docs/benchmarks.md).
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from handlers.ocr.blocks import Block, find_blocks, main_block, within
from handlers.ocr.borders import clean_borders
from handlers.ocr.deskew import MIN_TILT, deskew
from handlers.ocr.dropout import Method, choose
from handlers.ocr.engine import Engine
from handlers.ocr.ink import ink_map
from handlers.ocr.orientation import expected_direction, quarter_turn, turn, way_up
from handlers.ocr.resolution import normalise_resolution
from handlers.ocr.textlines import Direction, measure_lines

STEPS = ("colour", "resolution", "borders", "orientation", "deskew")
"""Every step, in the order `prepare` runs them."""


@dataclass(frozen=True, eq=False)
class Prepared:
    image: npt.NDArray[np.uint8]
    rotation: int
    """Degrees clockwise the page was turned to read it upright: 0, 90, 180 or 270."""
    skew: float
    """Degrees the text lines were tilted counter-clockwise (as displayed) and were turned
    back by; 0.0 when the page was not turned (tilt under 0.1°)."""
    dpi: float
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds each step took."""
    direction: Direction = "horizontal"
    """The way the page's main text runs once upright."""
    dropout: Method = "luminance"
    """How the gray page was made from a colour scan (`dropout.choose`)."""
    blocks: tuple[Block, ...] | None = None
    """The text blocks of `image` (`blocks.find_blocks` with `direction` as the default),
    when finding the way up already found them on the same pixels; None otherwise."""


class _Clock:
    """Adds the seconds since the last tick to a named step."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def tick(self, step: str) -> None:
        now = time.perf_counter()
        self.timings[step] = self.timings.get(step, 0.0) + now - self._last
        self._last = now


def prepare(
    image: npt.NDArray[np.uint8],
    dpi: float,
    *,
    engine: Engine | None = None,
    languages: str = "jpn",
    steps: Collection[str] = STEPS,
    colour: npt.NDArray[np.uint8] | None = None,
) -> Prepared:
    """The page as the engine should see it, and what was done to it.

    `image` is the decoded page (uint8 grayscale) scanned at `dpi`, `colour` its colour
    pixels for a colour scan (see `dropout`). With `engine`, the way up and the direction
    of the text are found by reading (`orientation.way_up`); without it an upside-down page
    is not detected and `languages` says which way text runs ("jpn_vert": vertical).
    `steps` names the steps to run (see `STEPS`).
    """
    clock = _Clock()
    method: Method = "luminance"
    if "colour" in steps:
        image, method = choose(colour, image)
        clock.tick("colour")
    if "resolution" in steps:
        image, dpi = normalise_resolution(image, dpi)
        clock.tick("resolution")
    if image.size == 0:
        return Prepared(image, 0, 0.0, dpi, clock.timings, "horizontal", method)
    ink = ink_map(image, dpi)
    if "borders" in steps:
        cleaned = clean_borders(image, ink)
        if cleaned is not image:
            image, ink = cleaned, ink_map(cleaned, dpi)
        clock.tick("borders")
    geometry = measure_lines(ink)
    clock.tick("lines")
    skew = geometry.tilt if "deskew" in steps and abs(geometry.tilt) >= MIN_TILT else 0.0
    if "orientation" in steps and engine is not None:
        image = deskew(image, skew)  # turns commute: straighten first, then find the way up
        clock.tick("deskew")
        straight = ink_map(image, dpi) if skew else ink
        axis, lines = geometry.direction, straight
        blocks = find_blocks(straight, dpi, axis)
        main = main_block(blocks)
        if main is not None:  # its lines, not a mixed page's, show the way up
            axis, lines = main.direction, within(straight, main.box)
        rotation, direction = way_up(image, lines, axis, engine, languages, round(dpi))
        image = turn(image, rotation)
        clock.tick("orientation")
        # An upright page's blocks are those of the page as read: no second ink map and
        # block search in `directions.read_page` (about 0.15 s of an A4 page).
        same = rotation == 0 and direction == geometry.direction
        return Prepared(image, rotation, skew, dpi, clock.timings, direction, method,
                        tuple(blocks) if same else None)
    direction = expected_direction(languages)
    rotation = quarter_turn(geometry, direction) if "orientation" in steps else 0
    image = turn(image, rotation)
    clock.tick("orientation")
    image = deskew(image, skew)
    clock.tick("deskew")
    return Prepared(image, rotation, skew, dpi, clock.timings, direction, method)
