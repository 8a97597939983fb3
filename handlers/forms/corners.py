"""Alignment by corner marks: solid squares printed near the corners of a form.

A template may name the boxes of three or four such marks (`[form] corner_marks`). They
align a page even where the form has too little printing of its own for feature matching,
or where the writing covers most of it. On the page (at the alignment's WORK_DPI), marks
are the solid, square blobs about as large as the reference's (`_blobs`). Each quarter turn
of the sheet is tried: the reference's marks are carried to where that turn puts them on the
page, each takes the nearest blob, and the affine fit through the pairs is scored like feature
matching (`align.match_score`); the best-scoring turn wins.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from handlers.forms.align import (
    Alignment,
    Features,
    Reference,
    affine_through,
    full_resolution,
    match_score,
    plausible,
)
from handlers.forms.template import Box

AREA_RANGE = (0.45, 2.2)  # a blob's area against the reference mark's (scale, blur, ink)
ASPECT_RANGE = (0.7, 1.45)  # width over height of a blob's bounding box
MIN_FILL = 0.6  # share of its bounding box a solid square fills, even tilted a few degrees
SEARCH = 0.12  # a mark is looked for this far from where it should be (share of diagonal)

Points = npt.NDArray[np.float64]


def align_by_marks(page: Features, reference: Reference,
                   marks: tuple[Box, ...]) -> Alignment | None:
    """Fit the page onto the reference through its corner marks; None when they are not
    all found or the fit is not one a scanner makes."""
    if len(marks) < 3:
        return None
    scale = reference.features.scale
    centres = np.array([((x0 + x1) / 2 * scale, (y0 + y1) / 2 * scale)
                        for x0, y0, x1, y1 in marks])
    area = float(np.mean([(x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in marks])) * scale ** 2
    blobs = _blobs(page.image, area)
    if len(blobs) < len(marks):
        return None
    ref_height, ref_width = reference.features.image.shape[:2]
    height, width = page.image.shape[:2]
    reach = SEARCH * float(np.hypot(width, height))
    best: Alignment | None = None
    for turn in range(4):
        expected = _turned(centres / (ref_width, ref_height), turn) * (width, height)
        found = [int(np.argmin(np.hypot(*(blobs - point).T))) for point in expected]
        if len(set(found)) < len(marks) or any(
                np.hypot(*(blobs[i] - point)) > reach for i, point in zip(found, expected,
                                                                         strict=True)):
            continue
        # Affine, least squares: a mark cut at the sheet's edge moves its centre a little,
        # which a homography through four points would turn into a tilt of the whole page.
        small = affine_through(blobs[found], centres)
        if not plausible(small):
            continue
        score = match_score(page, small, reference)
        if best is None or score > best.match:
            best = Alignment(full_resolution(small, page, reference.features), score,
                             len(marks))
    return best


def mark_problem(reference: npt.NDArray[np.uint8], box: Box) -> str | None:
    """Why `box` of the reference image holds no corner mark, or None when it does."""
    x0, y0, x1, y1 = box
    crop = reference[y0:y1, x0:x1]
    if (crop < 128).mean() < 0.8:
        return "holds no solid dark square in the reference image (80 % of it must be ink)"
    if not 0.8 <= (x1 - x0) / (y1 - y0) <= 1.25:
        return "must be about square"
    return None


def _blobs(image: npt.NDArray[np.uint8], area: float) -> Points:
    """Centres (x, y) of the solid, square blobs of `image` about `area` pixels large."""
    _, ink = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, _, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = []
    for label in range(1, count):
        w, h, pixels = stats[label][2:5]
        if (AREA_RANGE[0] * area <= pixels <= AREA_RANGE[1] * area
                and ASPECT_RANGE[0] <= w / h <= ASPECT_RANGE[1] and pixels >= MIN_FILL * w * h):
            keep.append(centroids[label])
    return np.array(keep, dtype=np.float64).reshape(-1, 2)


def _turned(points: Points, turn: int) -> Points:
    """Points given as shares (u, v) of the reference, where a sheet turned `turn` quarter
    turns clockwise has them, as shares of the page."""
    u, v = points[:, 0], points[:, 1]
    return np.stack([(u, v), (1 - v, u), (1 - u, 1 - v), (v, 1 - u)][turn], axis=1)
