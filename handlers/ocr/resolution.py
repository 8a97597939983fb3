"""Bring a fine scan down to the resolution Tesseract reads well.

Measured on the benchmark's notices (10.5 to 14 pt, docs/benchmarks.md):

- 600 dpi reduced to 300 dpi reads far better than as scanned (0.31% against 9.66% CER
  on 12 pages) and twice as fast. Reduction averages pixels (INTER_AREA), which also
  averages sensor noise away.
- Coarser scans read better as they are: 200 dpi 0.36% as scanned against 0.72% enlarged
  to 300 dpi (32 pages), 150 dpi 0.94% against 1.46% (16 pages). Tesseract scales each
  text line to its recogniser's height anyway; enlarging only adds interpolation blur.

So pages up to `TARGET_DPI` (+`TOLERANCE`) pass unchanged and finer ones are reduced.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

TARGET_DPI = 300.0
TOLERANCE = 0.15  # relative; up to 345 dpi passes unchanged


def normalise_resolution(
    image: npt.NDArray[np.uint8], dpi: float, target: float = TARGET_DPI
) -> tuple[npt.NDArray[np.uint8], float]:
    """`image` scanned at `dpi` dots per inch, reduced to `target` when it is finer than
    `target` (+`TOLERANCE`); and its dpi after that."""
    if image.size == 0 or dpi <= target * (1 + TOLERANCE):
        return image, dpi
    factor = target / dpi
    resized = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    return np.asarray(resized, dtype=np.uint8), target


SQUARE_TOLERANCE = 0.02  # relative; X and Y resolutions closer than this are taken as equal
BILEVEL_BLUR = 1.0  # pixels at `TARGET_DPI`: smooths the steps of a bilevel page enlarged


def equal_resolutions(dpi_x: float, dpi_y: float) -> bool:
    """Whether the X and Y resolutions are the same (within `SQUARE_TOLERANCE`)."""
    return abs(dpi_x - dpi_y) <= SQUARE_TOLERANCE * max(dpi_x, dpi_y)


def square_pixels(image: npt.NDArray[np.uint8], dpi_x: float, dpi_y: float,
                  bilevel: bool = False) -> tuple[npt.NDArray[np.uint8], float]:
    """`image` (gray H×W or colour H×W×3) scanned at `dpi_x` across and `dpi_y` down, with
    square pixels; and its resolution then.

    A fax at 200×100 dpi (G3/G4 "normal") would otherwise be read squashed to half its
    height. A gray page has its coarser axis stretched to the finer one's resolution. A
    `bilevel` page (1-bit: a fax) is enlarged to `TARGET_DPI` both ways, each pixel
    repeated, then blurred by `BILEVEL_BLUR`: on 16 benchmark faxes at 200×100 and 204×98
    that read at 0.97% mean CER (worst 2.5%), against 1.7% (worst 4.3%) stretched to
    200 dpi by cubic interpolation, whose overshoot draws halos round the black and white
    steps (docs/benchmarks.md).
    """
    if image.size == 0 or equal_resolutions(dpi_x, dpi_y):
        return image, dpi_x
    dpi = max(dpi_x, dpi_y, TARGET_DPI) if bilevel else max(dpi_x, dpi_y)
    height, width = image.shape[:2]
    size = (round(width * dpi / dpi_x), round(height * dpi / dpi_y))
    if bilevel:
        repeated = np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_NEAREST),
                              dtype=np.uint8)
        return smooth_bilevel(repeated, dpi), dpi
    stretched = cv2.resize(image, size, interpolation=cv2.INTER_CUBIC)
    return np.asarray(stretched, dtype=np.uint8), dpi


def smooth_bilevel(image: npt.NDArray[np.uint8], dpi: float) -> npt.NDArray[np.uint8]:
    """A bilevel page enlarged by repeating its pixels, at `dpi`, blurred by `BILEVEL_BLUR`
    (see `square_pixels`)."""
    return np.asarray(cv2.GaussianBlur(image, (0, 0), BILEVEL_BLUR * dpi / TARGET_DPI),
                      dtype=np.uint8)
