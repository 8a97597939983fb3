"""Straighten a tilted page.

The tilt comes from `textlines.measure_lines`; this turns the page back by that angle
about its centre on a canvas large enough to keep the corners, filling with white (the
colour of paper, so the new corners read as margin, not as ink).
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import numpy.typing as npt

MIN_TILT = 0.1  # degrees; below this a turn only blurs the page (it resamples every pixel)
PAPER = 255


def rotate(image: npt.NDArray[np.uint8], degrees: float) -> npt.NDArray[np.uint8]:
    """`image` turned `degrees` counter-clockwise (as displayed), canvas grown to fit."""
    height, width = image.shape[:2]
    radians = math.radians(degrees)
    cos, sin = abs(math.cos(radians)), abs(math.sin(radians))
    new_width = math.ceil(width * cos + height * sin)
    new_height = math.ceil(width * sin + height * cos)
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    matrix[0, 2] += (new_width - width) / 2
    matrix[1, 2] += (new_height - height) / 2
    turned = cv2.warpAffine(
        image, matrix, (new_width, new_height), flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT, borderValue=PAPER,
    )
    return np.asarray(turned, dtype=np.uint8)


def deskew(image: npt.NDArray[np.uint8], tilt: float) -> npt.NDArray[np.uint8]:
    """The page with lines tilted by `tilt` degrees (counter-clockwise) made straight.

    Pages tilted by less than `MIN_TILT` are returned as they are.
    """
    if abs(tilt) < MIN_TILT:
        return image
    return rotate(image, -tilt)
