"""Alignment of a scanned page to a template's reference image.

Both images are brought to `WORK_DPI` (150 dots per inch) and described with ORB features;
the page's features are matched to the reference's (Lowe's ratio test), and the pairs that
agree on one turn, scale and shift are found with RANSAC (`_similarity`). That similarity,
or an affine map fitted to the same pairs where it explains the printing better (a feeder's
slightly different scale along and across the sheet), takes up skew, shift and scale,
whatever the page's own preprocessing did or did not correct.
The map is kept as a 3 x 3 `homography`, as corner marks give it too (`corners`).

The `match` score says how much of the reference's printed ink (ruled lines, labels) is
found on the page where the map puts it: 0..1, about 0.9 or more for the right
form, whatever was written on it (writing adds ink but hides none of the printing), and far
lower for another form or a page of text, where RANSAC either fails or fits a chance
map. Work is done at 150 dpi, where a form line is still one or two pixels wide, so
the score and the fit cost about 0.1 s per page and template on one core.

Where this finds no good fit (under GOOD_MATCH), a template's corner marks are tried too
(`corners.align_by_marks`), and the better fit is kept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from handlers.forms.model import FormTemplate

WORK_DPI = 150.0
MIN_INLIERS = 20  # fewer matched features than this is no evidence of the form at all
ATTEMPTS = 3  # homographies tried per page and template, see `align`
GOOD_MATCH = 0.9  # a fit this good is not worth a second attempt
MIN_RETRY_INLIERS = 8  # for the fits after the first, see `align`
RATIO = 0.8  # Lowe's ratio test: best match clearly better than the second best
REPROJECTION = 3.0  # RANSAC inlier threshold, pixels at WORK_DPI
_ORB = {"nfeatures": 1500, "scaleFactor": 1.2, "nlevels": 6, "fastThreshold": 12}
# A sheet's axes stay square to within about 3 degrees (cosine 0.05), and its scale changes
# by under 3 % from top to bottom of an A4 page at WORK_DPI (1754 px): fits beyond these
# come from matches gathered in one part of the page, not from a scanner.
MAX_SHEAR = 0.05
MAX_PERSPECTIVE = 1.5e-5
# Scale a scan may have against the reference after both are brought to WORK_DPI; a wider
# range comes from a fit to a few chance matches, not from a real page.
_SCALE_RANGE = (0.7, 1.4)

Image = npt.NDArray[np.uint8]


@dataclass(frozen=True, eq=False)
class Features:
    """ORB keypoints (N x 2, pixels at WORK_DPI) and descriptors of an image at WORK_DPI."""

    image: Image
    scale: float
    """WORK_DPI pixels per pixel of the full-resolution image."""
    points: npt.NDArray[np.float32]
    descriptors: npt.NDArray[np.uint8] | None


@dataclass(frozen=True, eq=False)
class Reference:
    """A template's reference image prepared once for alignment."""

    features: Features
    ink: npt.NDArray[np.bool_]
    """Printed pixels of the reference at WORK_DPI."""
    size: tuple[int, int]
    """Width and height of the full-resolution reference, pixels."""


@dataclass(frozen=True, eq=False)
class Alignment:
    """Where a page lies on the reference: `homography` maps page pixels to reference
    pixels (both at full resolution); `match` 0..1 as in the module docstring."""

    homography: npt.NDArray[np.float64]
    match: float
    inliers: int

    @property
    def angle(self) -> float:
        """Degrees the homography turns the page by to lay it on the reference, clockwise as
        displayed (image rows run downwards)."""
        return math.degrees(math.atan2(self.homography[1, 0], self.homography[0, 0]))


def features(image: Image, dpi: float) -> Features:
    """ORB features of `image` (uint8 grayscale, scanned at `dpi`) at WORK_DPI."""
    scale = WORK_DPI / dpi
    size = (max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale)))
    small = cv2.resize(image, size, interpolation=cv2.INTER_AREA) if scale != 1 else image
    orb = cv2.ORB_create(**_ORB)  # type: ignore[attr-defined]
    keypoints, descriptors = orb.detectAndCompute(small, None)
    points = np.array([k.pt for k in keypoints], dtype=np.float32).reshape(-1, 2)
    return Features(np.asarray(small, dtype=np.uint8), scale, points, descriptors)


@lru_cache(maxsize=64)
def reference_for(template: FormTemplate) -> Reference:
    """The template's reference prepared for `align`; computed once per loaded template."""
    prepared = features(template.reference, template.dpi)
    return Reference(prepared, _ink(prepared.image, 170), template.size)


def align(page: Features, reference: Reference) -> Alignment | None:
    """Fit the page onto the reference; None when no plausible map is found."""
    ref = reference.features
    if (page.descriptors is None or ref.descriptors is None
            or len(page.points) < MIN_INLIERS or len(ref.points) < MIN_INLIERS):
        return None
    matcher = cv2.BFMatcher(cv2.NORM_HAMMING)
    pairs = matcher.knnMatch(page.descriptors, ref.descriptors, k=2)
    good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < RATIO * p[1].distance]
    if len(good) < MIN_INLIERS:
        return None
    source = page.points[[m.queryIdx for m in good]]
    target = ref.points[[m.trainIdx for m in good]]
    best: tuple[float, int, npt.NDArray[np.float64]] | None = None
    # A form repeats itself (ten rows of はい／いいえ), so the largest consensus can be the
    # page shifted by a row: when the fit explains the printing badly, set its inliers
    # aside and fit the rest, and keep the fit with the best match.
    # A later fit may rest on a few matches (the ratio test drops most repeated features):
    # the match score, not the number of matches, says whether it is right.
    for attempt in range(ATTEMPTS):
        least = MIN_INLIERS if attempt == 0 else MIN_RETRY_INLIERS
        if len(source) < least:
            break
        fitted = _similarity(source, target)
        if fitted is None:
            break
        similar, inliers = fitted
        if inliers.sum() < least:
            break
        # The affine fit to the same pairs where it explains the printing better.
        for small in (similar, affine_through(source[inliers], target[inliers])):
            if plausible(small):
                score = match_score(page, small, reference)
                if best is None or score > best[0]:
                    best = (score, int(inliers.sum()), small)
        if best is not None and best[0] >= GOOD_MATCH:
            break
        source, target = source[~inliers], target[~inliers]
    if best is None:
        return None
    score, count, small = best
    return Alignment(full_resolution(small, page, ref), score, count)


def full_resolution(small: npt.NDArray[np.float64], page: Features,
                    reference: Features) -> npt.NDArray[np.float64]:
    """A map between the images at WORK_DPI as one between them at full resolution: page
    pixels -> page at WORK_DPI -> reference at WORK_DPI -> reference pixels."""
    to_small = np.diag([page.scale, page.scale, 1.0])
    from_small = np.diag([1 / reference.scale, 1 / reference.scale, 1.0])
    homography = np.asarray(from_small @ small @ to_small, dtype=np.float64)
    return np.asarray(homography / homography[2, 2], dtype=np.float64)


def affine_through(source: npt.NDArray[Any], target: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    """The affine map (3 x 3) taking `source` points to `target`, least squares; exact
    through three points."""
    design = np.hstack([source, np.ones((len(source), 1))])
    solution, *_ = np.linalg.lstsq(design, target, rcond=None)
    return np.vstack([solution.T, [0.0, 0.0, 1.0]])


def warp(image: Image, alignment: Alignment, size: tuple[int, int]) -> Image:
    """The page drawn in the reference's frame, `size` (width, height) pixels, white outside."""
    warped = cv2.warpPerspective(image, alignment.homography, size, flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    return np.asarray(warped, dtype=np.uint8)


def _similarity(source: npt.NDArray[np.float32], target: npt.NDArray[np.float32]
                ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]] | None:
    """The similarity (turn, one scale, shift: what a scanner does) taking `source` points
    onto `target`, as 3 x 3, and which pairs fit it; RANSAC.

    It decides which pairs are right: few chance pairs can mimic it, where a full
    homography fitted to the same pairs could lean and bend to fit matches gathered in one
    part of the page.
    """
    similar, mask = cv2.estimateAffinePartial2D(source, target, method=cv2.RANSAC,
                                                ransacReprojThreshold=REPROJECTION,
                                                maxIters=5000, confidence=0.999)
    if similar is None or mask is None:
        return None
    inliers = mask.ravel().astype(bool)
    return np.vstack([np.asarray(similar, dtype=np.float64), [0.0, 0.0, 1.0]]), inliers


def plausible(homography: npt.NDArray[np.float64]) -> bool:
    """False for fits no scanner makes: mirrored, squashed, sheared, or in perspective."""
    linear = homography[:2, :2] / homography[2, 2]
    det = float(np.linalg.det(linear))
    if det <= 0:
        return False
    scale = math.sqrt(det)
    sx, sy = np.linalg.norm(linear[:, 0]), np.linalg.norm(linear[:, 1])
    shear = abs(float(linear[:, 0] @ linear[:, 1])) / (sx * sy)  # cosine of the axes' angle
    perspective = abs(homography[2, 0]) + abs(homography[2, 1])
    return bool(_SCALE_RANGE[0] <= scale <= _SCALE_RANGE[1] and 0.8 <= sx / sy <= 1.25
                and shear < MAX_SHEAR and perspective < MAX_PERSPECTIVE)


def match_score(page: Features, small: npt.NDArray[np.float64], reference: Reference) -> float:
    """Share of the reference's printed pixels that have ink on the warped page (0..1)."""
    width, height = reference.features.image.shape[1], reference.features.image.shape[0]
    warped = cv2.warpPerspective(page.image, small, (width, height), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    threshold, _ = cv2.threshold(page.image, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # A pixel's width of slack: the fit is good to about a pixel at WORK_DPI.
    level = min(max(threshold, 120), 200)
    found = cv2.dilate(_ink(np.asarray(warped, np.uint8), level).astype(np.uint8),
                       np.ones((3, 3), np.uint8)) > 0
    printed = int(reference.ink.sum())
    return round(float((found & reference.ink).sum()) / printed, 4) if printed else 0.0


def _ink(image: Image, threshold: float) -> npt.NDArray[np.bool_]:
    return np.asarray(image < threshold)
