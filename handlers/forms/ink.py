"""What was written in a box: the aligned page's ink minus the form's printed ink.

The reference image says where the form itself is printed (ruled lines, check squares,
labels, units). Those pixels, widened by `PRINTED_SLACK` to absorb the last pixel or two
of alignment error and the blur of a scan, are taken out of every field crop before
anything is measured or recognised: otherwise a box's own lines turn into `[`, `|` or `」`
in the text and into false marks in check boxes. Specks smaller than `SPECK_AREA` (scanner
dust, salt noise) are dropped too. What is left is the ink the person added.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
import numpy.typing as npt

from handlers.forms.model import Box, FormTemplate

PRINTED_LEVEL = 200  # reference pixels darker than this are printed (gray level 0..255)
PRINTED_SLACK = 4  # pixels at 300 dpi the printed ink is widened by
SPECK_AREA = 12  # pixels at 300 dpi: smaller connected blobs are dust, not writing
INK_LEVELS = (110, 200)  # bounds of the page's ink threshold (gray levels)

Image = npt.NDArray[np.uint8]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Written:
    """The ink written in one box (crop coordinates, pixels of the reference image)."""

    image: Image
    """The crop with everything but the written strokes (and their edges) made white."""
    mask: Mask
    """Written pixels."""
    box: Box | None
    """Bounding box of the written ink within the crop; None when nothing is written."""

    @property
    def pixels(self) -> int:
        return int(self.mask.sum())


@lru_cache(maxsize=64)
def printed(template: FormTemplate) -> Mask:
    """The template's printed ink, widened by PRINTED_SLACK; computed once per template."""
    radius = max(1, round(PRINTED_SLACK * template.dpi / 300))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    ink = (template.reference < PRINTED_LEVEL).astype(np.uint8)
    return np.asarray(cv2.dilate(ink, kernel) > 0)


def ink_level(page: Image) -> int:
    """Gray level under which a pixel of `page` is ink (Otsu's, within INK_LEVELS)."""
    sample = np.ascontiguousarray(page[::4, ::4])  # every 16th pixel is plenty for Otsu
    level, _ = cv2.threshold(sample, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return int(min(max(level, INK_LEVELS[0]), INK_LEVELS[1]))


def written(aligned: Image, box: Box, printed_ink: Mask, level: int, dpi: float) -> Written:
    """The ink added inside `box` of the `aligned` page (in the reference's frame)."""
    x0, y0, x1, y1 = box
    crop = aligned[y0:y1, x0:x1]
    mask = (crop < level) & ~printed_ink[y0:y1, x0:x1]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8),
                                                               connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= SPECK_AREA * (dpi / 300) ** 2
    keep[0] = False  # label 0 is the background
    mask = keep[labels] if count > 1 else np.zeros_like(mask)
    if not mask.any():
        return Written(np.full_like(crop, 255), mask, None)
    # Keep the strokes' anti-aliased edges: recognition is better on gray than on a cut-out.
    near = cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    image = np.where(near & ~printed_ink[y0:y1, x0:x1], crop, 255).astype(np.uint8)
    ys, xs = np.nonzero(mask)
    return Written(image, mask, (int(xs.min()), int(ys.min()), int(xs.max()) + 1,
                                 int(ys.max()) + 1))
