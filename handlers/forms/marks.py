"""Marks in option boxes and check boxes: which is marked, how sure that is, and why not.

A mark is measured as the written ink (see `ink.written`), in pixels at 300 dpi, so a tick,
a cross, a filled square and a circle all count, whatever pen. A box with at least `MARKED`
pixels of ink is marked; one with less than `EMPTY` is not; one in between (a faint or tiny
stroke, a neighbour's circle straying in, an erased mark) is doubtful, and a doubtful box
always sends its field to review.

People mark a choice in more ways than inside its box, so a choice is read from the ink in
and around all its options (`read_options`), stroke by stroke (`strokes`):

- a stroke whose outline holds an option's check square or the middle of its label (a
  circle round the label or the box, a cross over the box) belongs to that option;
- a flat stroke across an option's label (二重線, one line or two) strikes it out;
- any other stroke (a tick, a fill, a tick beside the label) belongs to the option nearest
  to its middle.

- choice: exactly one marked option that is not struck out gives that option (a struck-out
  answer with another marked is a correction, read as the other). Several marked options
  give None, `TWO_ANSWERS`; none give None, `UNANSWERED` (or `CORRECTED` when an answer was
  struck out and nothing else marked); a doubtful option alone is taken but flagged `FAINT`.
- checkbox: marked is True, empty is False, doubtful is decided by the middle of the band
  and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from handlers.forms.ink import Mask
from handlers.forms.model import Box

# Pixels of ink at 300 dpi. Measured on the forms benchmark: the faintest tick of a thin
# pen leaves about 220, an empty box after the printing is taken out leaves 0 to 20.
MARKED = 150.0
EMPTY = 40.0
# A stroke at most this share of an option box's height and at least `FLAT_LENGTH` times as
# wide as high is flat; flat strokes through the middle of a label (`BAND`) that cover over
# `FLAT_SPAN` of its width strike it out (what is left of two lines once the printed label
# is taken out of them).
FLAT_HEIGHT = 0.3
FLAT_LENGTH = 3.0
FLAT_SPAN = 0.25
THIN = 0.12  # of an option box's height: a piece this low in a label's band is a line's
RUN_ON = 20  # pixels at 300 dpi: strike lines run on past the label, where nothing hides them
BAND = 0.2  # of an option box's height, either side of its middle: where strike lines run
BRIDGE = 21  # pixels at 300 dpi: gaps in a line where it crossed printed ink are closed
SQUARE = 46  # the check square's side at 300 dpi, at the left of every option box

# Why a field needs review (result.json's `reason`, docs/forms.md)
UNANSWERED = "unanswered"
TWO_ANSWERS = "two_answers"
CORRECTED = "corrected"
FAINT = "faint"


@dataclass(frozen=True)
class MarkReading:
    """A choice's option (or None) or a check box's state, confidence 0..1, review, and
    the reason for review (None when there is none)."""

    value: str | bool | None
    confidence: float
    needs_review: bool
    reason: str | None = None


@dataclass(frozen=True)
class Stroke:
    """One connected stroke of written ink: its box (page pixels), its ink in pixels at 300
    dpi, and whether it is flat (a line across)."""

    box: Box
    amount: float
    flat: bool


def ink_at_300dpi(pixels: int, dpi: float) -> float:
    """A pixel count at `dpi` as the count it would be at 300 dpi."""
    return pixels * (300.0 / dpi) ** 2


def _certainty(amount: float) -> float:
    """How clearly `amount` lies outside the doubtful band: 0 at its edges, 1 far away."""
    if amount >= MARKED:
        return min(1.0, 0.5 + 0.5 * (amount - MARKED) / MARKED)
    if amount < EMPTY:
        return min(1.0, 0.5 + 0.5 * (EMPTY - amount) / EMPTY)
    return 0.0


def strokes(mask: Mask, origin: tuple[int, int], dpi: float, height: int) -> list[Stroke]:
    """The strokes of `mask` (written ink of a region whose top left is `origin`); lines
    broken where they crossed printed ink are joined first. `height` is an option box's."""
    bridge = max(3, round(BRIDGE * dpi / 300))
    joined = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE,
                              np.ones((1, bridge), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    found = []
    for label in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[label])
        pixels = int((mask & (labels == label)).sum())
        if pixels == 0:
            continue
        flat = h <= FLAT_HEIGHT * height and w >= FLAT_LENGTH * h
        box = (origin[0] + x, origin[1] + y, origin[0] + x + w, origin[1] + y + h)
        found.append(Stroke(box, ink_at_300dpi(pixels, dpi), flat))
    return found


def _anchors(box: Box, dpi: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """An option's check square's middle and its label's middle."""
    x0, y0, x1, y1 = box
    side = SQUARE * dpi / 300
    middle = (y0 + y1) / 2
    square = x0 + side / 2 + 14 * dpi / 300
    label = (x0 + side + 14 * dpi / 300 + x1) / 2
    return (square, middle), (label, middle)


def _holds(stroke: Box, point: tuple[float, float]) -> bool:
    return stroke[0] <= point[0] <= stroke[2] and stroke[1] <= point[1] <= stroke[3]


def _owner(stroke: Stroke, options: dict[str, Box], dpi: float) -> str:
    """The option a (not flat) stroke marks: the one whose square or label middle its
    outline holds (the nearer, when it holds several), else the nearest to its middle."""
    cx = (stroke.box[0] + stroke.box[2]) / 2
    cy = (stroke.box[1] + stroke.box[3]) / 2
    held = [label for label, box in options.items()
            if any(_holds(stroke.box, point) for point in _anchors(box, dpi))]
    candidates = held or list(options)
    return min(candidates, key=lambda label: _distance(options[label], cx, cy))


def _distance(box: Box, x: float, y: float) -> float:
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return float(np.hypot(dx, dy))


def _label_band(box: Box, dpi: float) -> Box:
    """Where lines striking out an option's label run: across the label and `RUN_ON`
    past it, through the middle `BAND` of the box's height either side of its middle."""
    x0, y0, x1, y1 = box
    middle, half = (y0 + y1) / 2, BAND * (y1 - y0)
    return (round(x0 + (SQUARE + 14) * dpi / 300), round(middle - half),
            round(x1 + RUN_ON * dpi / 300), round(middle + half))


def _in_band(stroke: Stroke, band: Box) -> bool:
    cx = (stroke.box[0] + stroke.box[2]) / 2
    cy = (stroke.box[1] + stroke.box[3]) / 2
    return band[0] - 8 <= cx <= band[2] + 8 and band[1] <= cy <= band[3]


def _struck(found: list[Stroke], options: dict[str, Box], dpi: float) -> set[str]:
    """The options whose label is struck out: flat strokes in its band cover, together,
    over `FLAT_SPAN` of the label's width (in pieces: the printed label cuts the lines)."""
    struck = set()
    for label, box in options.items():
        band = _label_band(box, dpi)
        thin = THIN * (box[3] - box[1])
        spans = sorted((max(s.box[0], band[0]), min(s.box[2], band[2])) for s in found
                       if (s.flat or s.box[3] - s.box[1] <= thin) and _in_band(s, band))
        covered, reach = 0, band[0]
        for start, end in spans:
            start = max(start, reach)
            if end > start:
                covered += end - start
                reach = end
        if covered >= FLAT_SPAN * (band[2] - band[0]):
            struck.add(label)
    return struck


def read_options(found: list[Stroke], options: dict[str, Box], dpi: float) -> MarkReading:
    """The chosen option from the strokes around a choice's `options` (module docstring)."""
    amounts = dict.fromkeys(options, 0.0)
    struck = _struck(found, options, dpi)
    bands = [_label_band(options[label], dpi) for label in struck]
    for stroke in found:
        if any(_in_band(stroke, band) for band in bands):
            continue  # a piece of the lines striking a label out
        amounts[_owner(stroke, options, dpi)] += stroke.amount
    left = {label: amount for label, amount in amounts.items() if label not in struck}
    reading = read_choice(left) if left else MarkReading(None, 0.0, True, UNANSWERED)
    if struck and reading.reason == UNANSWERED:
        return MarkReading(None, 0.0, True, CORRECTED)
    return reading


def read_choice(amounts: dict[str, float]) -> MarkReading:
    """The chosen option from each option's ink (pixels at 300 dpi), in template order."""
    marked = [label for label, amount in amounts.items() if amount >= MARKED]
    doubtful = [label for label, amount in amounts.items() if EMPTY <= amount < MARKED]
    ranked = sorted(amounts.values(), reverse=True)
    if len(marked) == 1 and not doubtful:
        others = ranked[1] if len(ranked) > 1 else 0.0
        confidence = min(_certainty(ranked[0]), _certainty(others))
        return MarkReading(marked[0], round(confidence, 3), False)
    if len(marked) == 1 or (not marked and len(doubtful) == 1):
        best = max(amounts, key=lambda label: amounts[label])
        return MarkReading(best, 0.3, True, FAINT)
    if not marked and not doubtful:
        return MarkReading(None, round(min(_certainty(a) for a in amounts.values()), 3), True,
                           UNANSWERED)
    if len(marked) > 1:
        return MarkReading(None, 0.0, True, TWO_ANSWERS)
    return MarkReading(None, 0.0, True, FAINT)  # several faint strokes


def read_checkbox(amount: float) -> MarkReading:
    """A check box's state from its ink (pixels at 300 dpi)."""
    if amount >= MARKED:
        return MarkReading(True, round(_certainty(amount), 3), False)
    if amount < EMPTY:
        return MarkReading(False, round(_certainty(amount), 3), False)
    return MarkReading(amount >= (MARKED + EMPTY) / 2, 0.3, True, FAINT)
