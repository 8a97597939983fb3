"""Alignment by corner marks: solid squares printed near the corners of a form.

A template may name the boxes of three or four such marks (`[form] corner_marks`). They
align a page where feature matching (`align`) finds no good fit: a form with too little
printing of its own, or one that writing covers. On the page (at the alignment's
WORK_DPI), marks are the solid, square blobs about as large as the reference's (`_blobs`).
Each quarter turn of the sheet is tried: the reference's marks are carried to where that
turn puts them on the page, each takes the nearest blob, and the affine fit through the
pairs (three at least) is scored like feature matching (`align.match_score`); the
best-scoring turn wins.
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
from handlers.forms.model import Box

AREA_RANGE = (0.6, 1.8)  # a blob's area against the reference mark's (scale, blur, ink)
ASPECT_RANGE = (0.7, 1.45)  # width over height of a blob's bounding box
MIN_FILL = 0.6  # share of its bounding box a solid square fills, even tilted a few degrees
SEARCH = 0.12  # a mark is looked for this far from where it should be (share of diagonal)

Points = npt.NDArray[np.float64]


def align_by_marks(page: Features, reference: Reference,
                   marks: tuple[Box, ...]) -> Alignment | None:
    """Fit the page onto the reference through its corner marks; None when fewer than three
    are found where they belong, or the fit is not one a scanner makes."""
    if len(marks) < 3:
        return None
    scale = reference.features.scale
    centres = np.array([((x0 + x1) / 2 * scale, (y0 + y1) / 2 * scale)
                        for x0, y0, x1, y1 in marks])
    area = float(np.mean([(x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in marks])) * scale ** 2
    blobs = _blobs(page.image, area)
    if len(blobs) < 3:
        return None
    ref_height, ref_width = reference.features.image.shape[:2]
    height, width = page.image.shape[:2]
    reach = SEARCH * float(np.hypot(width, height))
    best: Alignment | None = None
    for turn in range(4):
        expected = _turned(centres / (ref_width, ref_height), turn) * (width, height)
        pairs = {}  # blob index -> mark index, for the marks found near where they belong
        for mark, point in enumerate(expected):
            distances = np.hypot(*(blobs - point).T)
            nearest = int(np.argmin(distances))
            if distances[nearest] <= reach and nearest not in pairs:
                pairs[nearest] = mark
        if len(pairs) < 3:
            continue
        # Affine, least squares: exact through three marks, and a fourth checks them.
        small = affine_through(blobs[list(pairs)], centres[list(pairs.values())])
        if not plausible(small):
            continue
        score = match_score(page, small, reference)
        if best is None or score > best.match:
            best = Alignment(full_resolution(small, page, reference.features), score,
                             len(pairs))
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
    """Centres (x, y) of the solid, square blobs of `image` about `area` pixels large. A
    blob touching the edge of the image is left out: a mark cut off by the edge of the scan
    has its centre in the wrong place."""
    _, ink = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, _, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    height, width = image.shape[:2]
    keep = []
    for label in range(1, count):
        x, y, w, h, pixels = stats[label]
        inside = x > 1 and y > 1 and x + w < width - 1 and y + h < height - 1
        if (inside and AREA_RANGE[0] * area <= pixels <= AREA_RANGE[1] * area
                and ASPECT_RANGE[0] <= w / h <= ASPECT_RANGE[1] and pixels >= MIN_FILL * w * h):
            keep.append(centroids[label])
    return np.array(keep, dtype=np.float64).reshape(-1, 2)


def _turned(points: Points, turn: int) -> Points:
    """Points given as shares (u, v) of the reference, where a sheet turned `turn` quarter
    turns clockwise has them, as shares of the page."""
    u, v = points[:, 0], points[:, 1]
    return np.stack([(u, v), (1 - v, u), (1 - u, 1 - v), (v, 1 - u)][turn], axis=1)
