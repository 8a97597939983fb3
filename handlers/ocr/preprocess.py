"""Page preprocessing before recognition: orientation, deskew, clean-up.

Each step is a function over a grayscale image (uint8, HxW) so it can be tested and timed
on its own; `prepare` chains them and says what it did.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Prepared:
    image: np.ndarray
    rotation: int
    """Degrees clockwise the page was turned: 0, 90, 180 or 270."""
    skew: float
    """Degrees the page was deskewed by."""
    dpi: float


def prepare(image: np.ndarray, dpi: float) -> Prepared:
    """The page as the engine should see it (no correction yet: the steps come next)."""
    return Prepared(image=image, rotation=0, skew=0.0, dpi=dpi)
