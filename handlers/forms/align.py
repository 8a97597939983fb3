"""Alignment of a scanned page to a template's reference image.

Both images are brought to `WORK_DPI` (150 dots per inch) and described with ORB features;
the page's features are matched to the reference's (Lowe's ratio test), and a homography
is fitted with RANSAC. A homography takes up skew, shift, scale and the slight keystone of
a sheet fed at an angle, whatever the page's own preprocessing did or did not correct.

The `match` score says how much of the reference's printed ink (ruled lines, labels) is
found on the page where the homography puts it: 0..1, about 0.9 or more for the right
form, whatever was written on it (writing adds ink but hides none of the printing), and far
lower for another form or a page of text, where RANSAC either fails or fits a chance
transform. Work is done at 150 dpi, where a form line is still one or two pixels wide, so
the score and the fit cost about 0.1 s per page and template on one core.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
import numpy.typing as npt

from handlers.forms.template import FormTemplate

WORK_DPI = 150.0
MIN_INLIERS = 20  # fewer matched features than this is no evidence of the form at all
ATTEMPTS = 3  # homographies tried per page and template, see `align`
GOOD_MATCH = 0.9  # a fit this good is not worth a second attempt
MIN_RETRY_INLIERS = 8  # for the fits after the first, see `align`
RATIO = 0.8  # Lowe's ratio test: best match clearly better than the second best
REPROJECTION = 3.0  # RANSAC inlier threshold, pixels at WORK_DPI
_ORB = {"nfeatures": 1500, "scaleFactor": 1.2, "nlevels": 6, "fastThreshold": 12}
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
    """Fit the page onto the reference; None when no plausible homography is found."""
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
        fitted, mask = cv2.findHomography(source, target, cv2.USAC_MAGSAC, REPROJECTION,
                                          maxIters=5000, confidence=0.999)
        if fitted is None or mask is None:
            break
        small = np.asarray(fitted, dtype=np.float64)
        inliers = mask.ravel().astype(bool)
        if inliers.sum() < least:
            break
        if _plausible(small):
            score = _match(page, small, reference)
            if best is None or score > best[0]:
                best = (score, int(inliers.sum()), small)
            if score >= GOOD_MATCH:
                break
        source, target = source[~inliers], target[~inliers]
    if best is None:
        return None
    score, count, small = best
    # Full resolution: page pixels -> page at WORK_DPI -> reference at WORK_DPI -> reference.
    to_small = np.diag([page.scale, page.scale, 1.0])
    from_small = np.diag([1 / ref.scale, 1 / ref.scale, 1.0])
    homography = from_small @ small @ to_small
    return Alignment(homography / homography[2, 2], score, count)


def warp(image: Image, alignment: Alignment, size: tuple[int, int]) -> Image:
    """The page drawn in the reference's frame, `size` (width, height) pixels, white outside."""
    warped = cv2.warpPerspective(image, alignment.homography, size, flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    return np.asarray(warped, dtype=np.uint8)


def _plausible(homography: npt.NDArray[np.float64]) -> bool:
    """False for fits no scanner makes: mirrored, squashed, or strongly perspective."""
    linear = homography[:2, :2] / homography[2, 2]
    det = float(np.linalg.det(linear))
    if det <= 0:
        return False
    scale = math.sqrt(det)
    sx, sy = np.linalg.norm(linear[:, 0]), np.linalg.norm(linear[:, 1])
    perspective = abs(homography[2, 0]) + abs(homography[2, 1])
    return bool(_SCALE_RANGE[0] <= scale <= _SCALE_RANGE[1] and 0.8 <= sx / sy <= 1.25
                and perspective < 1e-3)


def _match(page: Features, small: npt.NDArray[np.float64], reference: Reference) -> float:
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
