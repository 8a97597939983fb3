"""Direction and tilt of the text lines on a page, from projection profiles of its ink.

Project the ink onto the page's vertical axis and the text lines of a horizontal page
show as tall peaks with empty rows between them; tilt the projection by the wrong angle
and the peaks smear into each other. So the tilt is the angle whose row (or column)
profile is sharpest (largest sum of squares), searched coarsely over ±`limit` degrees and
then finely around the best coarse angle. The direction is the axis whose sharpest
profile has more empty bins between the first and the last ink: the gaps between lines
are much wider than the gaps between the characters of a line, in Japanese as well.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from handlers.ocr.ink import InkMap

Direction = Literal["horizontal", "vertical"]
COARSE_STEP = 0.5  # degrees; a profile's peak is about 2° wide for a 5 cm line
FINE_STEP = 0.05  # degrees
_EMPTY = 0.02  # a bin is a gap when it holds at most this share of the fullest bin
_MIN_POINTS = 50  # fewer ink pixels than this: nothing to measure
COARSE_POINTS = 20_000
"""Ink pixels (evenly strided) the coarse search looks at: it only has to land within the
fine search's ±0.6°, which then looks at every point; a quarter of the points takes a
quarter of the time."""


@dataclass(frozen=True)
class LineGeometry:
    """`tilt`: degrees the lines are turned counter-clockwise (as displayed) from straight.
    `gaps`: share of empty bins between the lines, per direction (0..1)."""

    tilt: float
    direction: Direction
    gaps: dict[Direction, float]


def _profile(coords: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """Counts of ink pixels per bin of one map pixel along one axis."""
    if coords.size == 0:
        return np.zeros(1, dtype=np.int64)
    return np.bincount(np.rint(coords - coords.min()).astype(np.int64))


def _along(xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64], degrees: float,
           direction: Direction) -> npt.NDArray[np.float64]:
    """Where each point falls across lines tilted by `degrees`: the row of a horizontal line,
    the column of a vertical one (the points turned clockwise by `degrees`)."""
    radians = math.radians(degrees)
    cos, sin = math.cos(radians), math.sin(radians)
    if direction == "horizontal":
        return ys * cos + xs * sin
    return xs * cos - ys * sin


def _sharpness(xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64], degrees: float,
               direction: Direction) -> float:
    profile = _profile(_along(xs, ys, degrees, direction)).astype(np.float64)
    return float(np.dot(profile, profile))


def _gap_share(profile: npt.NDArray[np.int64]) -> float:
    """Share of empty bins between the first and the last bin with ink."""
    if profile.size < 3 or profile.max() == 0:
        return 0.0
    inked = np.nonzero(profile)[0]
    inner = profile[inked[0]:inked[-1] + 1]
    return float(np.mean(inner <= _EMPTY * inner.max()))


def _best_angle(xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64],
                direction: Direction, angles: npt.NDArray[np.float64]) -> tuple[float, float]:
    """The angle among `angles` with the sharpest profile, refined between its neighbours
    by a parabola through the three scores; and that best score."""
    scores = np.array([_sharpness(xs, ys, float(a), direction) for a in angles])
    best = int(np.argmax(scores))
    angle = float(angles[best])
    if 0 < best < len(angles) - 1:
        left, mid, right = scores[best - 1:best + 2]
        curvature = left - 2 * mid + right
        if curvature < 0:
            step = float(angles[1] - angles[0])
            angle += step * 0.5 * (left - right) / curvature
    return angle, float(scores[best])


def measure_lines(ink: InkMap, limit: float = 10.0) -> LineGeometry:
    """Direction and tilt (within ±`limit` degrees, to about 0.05°) of the text lines."""
    xs, ys = ink.points()
    if xs.size < _MIN_POINTS:
        return LineGeometry(0.0, "horizontal", {"horizontal": 0.0, "vertical": 0.0})
    xs, ys = xs - xs.mean(), ys - ys.mean()  # turn about the ink's centre
    coarse = np.arange(-limit - COARSE_STEP, limit + 2 * COARSE_STEP, COARSE_STEP)
    found: dict[Direction, float] = {}
    gaps: dict[Direction, float] = {}
    axes: tuple[Direction, Direction] = ("horizontal", "vertical")
    stride = max(1, xs.size // COARSE_POINTS)
    for axis in axes:
        angle, _ = _best_angle(xs[::stride], ys[::stride], axis, coarse)
        found[axis] = angle
        gaps[axis] = _gap_share(_profile(_along(xs, ys, angle, axis)))
    direction: Direction = "horizontal" if gaps["horizontal"] >= gaps["vertical"] else "vertical"
    fine = np.arange(-0.6, 0.6 + FINE_STEP / 2, FINE_STEP) + round(found[direction], 2)
    tilt, _ = _best_angle(xs, ys, direction, fine)
    tilt = min(max(tilt, -limit), limit)
    return LineGeometry(round(float(tilt), 2), direction, gaps)
