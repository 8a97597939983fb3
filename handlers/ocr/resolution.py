"""Bring a page to the resolution Tesseract reads best.

Tesseract's recogniser is most accurate when the body text is 20 to 30 pixels high
(x-height); Japanese notices at 10.5 to 12 pt have that at 300 dpi. A 200 dpi scan is
enlarged to 300 dpi (cubic: it keeps strokes sharp), a 400 or 600 dpi scan reduced (area
averaging: it also averages sensor noise away, and the engine then reads a quarter of the
pixels). Within `TOLERANCE` of the target the page is left alone: resampling costs time and
blurs a little.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

TARGET_DPI = 300.0
TOLERANCE = 0.15  # relative; 260 to 340 dpi pass unchanged


def normalise_resolution(
    image: npt.NDArray[np.uint8], dpi: float, target: float = TARGET_DPI
) -> tuple[npt.NDArray[np.uint8], float]:
    """`image` scanned at `dpi` dots per inch, resampled to `target`; and its new dpi."""
    factor = target / dpi
    if abs(factor - 1.0) <= TOLERANCE or image.size == 0:
        return image, dpi
    method = cv2.INTER_CUBIC if factor > 1.0 else cv2.INTER_AREA
    resized: npt.NDArray[np.uint8] = cv2.resize(
        image, None, fx=factor, fy=factor, interpolation=method
    )
    return resized, target
