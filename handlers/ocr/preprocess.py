"""Page preprocessing before recognition: resolution, borders, orientation, deskew.

Each step is a function over a grayscale image (uint8, H×W) in its own module, so it can be
tested and timed on its own; `prepare` chains them and says what it did:

1. `resolution.normalise_resolution`: scans finer than 300 dpi reduced to 300 dpi.
2. `borders.clean_borders`: scanner backing around the sheet painted white.
3. `textlines.measure_lines` on the ink map: the lines' direction and tilt.
4. `orientation.quarter_turn`: a sideways page turned upright (90°).
5. `deskew.deskew`: the tilt undone (±10°, to about 0.1°).
6. `orientation.upside_down`: a strip of lines read both ways up (needs the engine).

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

from handlers.ocr.borders import clean_borders
from handlers.ocr.deskew import MIN_TILT, deskew
from handlers.ocr.engine import Engine
from handlers.ocr.ink import ink_map
from handlers.ocr.orientation import (
    expected_direction,
    line_strip,
    quarter_turn,
    turn,
    upside_down,
)
from handlers.ocr.resolution import normalise_resolution
from handlers.ocr.textlines import measure_lines

STEPS = ("resolution", "borders", "orientation", "deskew")
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
    languages: str = "jpn+eng",
    steps: Collection[str] = STEPS,
) -> Prepared:
    """The page as the engine should see it, and what was done to it.

    `image` is the decoded page (uint8 grayscale) scanned at `dpi`. `languages` says which
    way text runs ("jpn_vert": vertical). Without `engine` an upside-down page is not
    detected (sideways pages still are). `steps` names the steps to run (see `STEPS`).
    """
    clock = _Clock()
    if "resolution" in steps:
        image, dpi = normalise_resolution(image, dpi)
        clock.tick("resolution")
    if image.size == 0:
        return Prepared(image, 0, 0.0, dpi, clock.timings)
    ink = ink_map(image, dpi)
    if "borders" in steps:
        cleaned = clean_borders(image, ink)
        if cleaned is not image:
            image, ink = cleaned, ink_map(cleaned, dpi)
        clock.tick("borders")
    geometry = measure_lines(ink)
    clock.tick("lines")
    direction = expected_direction(languages)
    rotation = quarter_turn(geometry, direction) if "orientation" in steps else 0
    image = turn(image, rotation)
    clock.tick("orientation")
    skew = geometry.tilt if "deskew" in steps and abs(geometry.tilt) >= MIN_TILT else 0.0
    image = deskew(image, skew)
    clock.tick("deskew")
    if "orientation" in steps and engine is not None:
        straight = ink_map(image, dpi) if rotation or skew else ink
        strip = line_strip(image, straight, direction)
        if strip is not None and upside_down(strip, engine, languages, round(dpi)):
            image = turn(image, 180)
            rotation = (rotation + 180) % 360
        clock.tick("orientation")
    return Prepared(image, rotation, skew, dpi, clock.timings)
