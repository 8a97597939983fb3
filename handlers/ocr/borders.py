"""Border cleanup: paint white the dark scanner backing around a sheet.

When the scan area is larger than the sheet, or the sheet went in at an angle, the
scanner's backing (often black on document feeders) shows as dark bands and wedges along
the edges. Tesseract reads their ragged edges as characters, and they outweigh the text
in the projection profiles that find the tilt. A band is ink that touches the edge of the
image and is long (spans a good share of the side it lies on); text does not touch the edge
of a scan, and a character is short.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from handlers.ocr.ink import InkMap

MIN_SPAN = 0.2  # share of the image's width or height a band spans at least
_PAPER = 255
_GROW = 3  # map pixels; also whitens the shaded rim of the sheet's edge


def backing_mask(ink: InkMap) -> npt.NDArray[np.bool_]:
    """True where the map shows scanner backing (see the module docstring)."""
    edges = (ink.mask[0], ink.mask[-1], ink.mask[:, 0], ink.mask[:, -1])
    if not any(edge.any() for edge in edges):  # nothing touches the edge: no band (most pages)
        return np.zeros(ink.mask.shape, dtype=bool)
    mask = ink.mask.astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    height, width = mask.shape
    x, y, w, h = (stats[:, i] for i in range(4))
    touches = (x == 0) | (y == 0) | (x + w == width) | (y + h == height)
    long = (w >= MIN_SPAN * width) | (h >= MIN_SPAN * height)
    band = touches & long
    band[0] = False  # label 0 is the paper
    if not band.any():
        return np.zeros(mask.shape, dtype=bool)
    grown = cv2.dilate(band[labels].astype(np.uint8), np.ones((2 * _GROW + 1,) * 2, np.uint8))
    result: npt.NDArray[np.bool_] = grown > 0
    return result


def clean_borders(image: npt.NDArray[np.uint8], ink: InkMap) -> npt.NDArray[np.uint8]:
    """`image` with the scanner backing found in `ink` (its ink map) painted white.

    Returns `image` itself when there is no backing to remove.
    """
    band = backing_mask(ink)
    if not band.any():
        return image
    height, width = image.shape
    full = cv2.resize(band.astype(np.uint8), (width, height), interpolation=cv2.INTER_NEAREST)
    cleaned = image.copy()
    cleaned[full > 0] = _PAPER
    return cleaned
