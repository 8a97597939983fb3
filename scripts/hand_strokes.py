"""Handwriting drawn stroke by stroke, every character a little different.

A character is a list of strokes in writing order, each a path in a 109 x 109 square (the
frame of stroke-order data such as KanjiVG's SVG files; `parse_path` reads their `d`
attribute). `draw_line` writes a string with a `Hand`: each stroke's points move, the
stroke bends, its end is cut short or runs on, the pen's width changes along it, the
character leans, is squeezed or stretched, and the baseline wanders. The few characters
stroke-order sets leave out (`-`, `/`) are drawn from strokes given here.

Only used to make test and benchmark pages; the glyph data comes from the caller.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

Point = tuple[float, float]
Strokes = list[list[Point]]
Glyphs = Callable[[str], Strokes | None]
FRAME = 109.0  # side of the square strokes are given in
SIMPLE: dict[str, Strokes] = {  # characters stroke-order sets lack
    "-": [[(22, 56), (54, 55), (86, 56)]],
    "/": [[(74, 16), (54, 55), (34, 94)]],
}
_TOKEN = re.compile(r"[MmCcSsLlHhVvZz]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")


@dataclass(frozen=True)
class Hand:
    """How much a writer varies (fractions of a character's size unless said)."""

    jitter: float = 0.025  # each control point moves
    bend: float = 0.04  # a stroke's middle bows sideways
    ends: float = 0.12  # a stroke's end is cut or extended by up to this share of it
    lean: float = 0.12  # shear, either way
    squeeze: tuple[float, float] = (0.82, 1.08)  # width scale
    size: tuple[float, float] = (0.88, 1.06)
    wander: float = 0.06  # baseline drift between characters
    pen: tuple[float, float] = (0.045, 0.085)  # pen width as a share of the size
    pressure: float = 0.35  # width change along a stroke


def parse_path(d: str) -> list[Point]:
    """An SVG path's points (moves, lines and cubic Béziers, absolute or relative), the
    curves sampled every few units."""
    tokens = _TOKEN.findall(d)
    points: list[Point] = []
    x = y = 0.0
    command = "M"
    last_control: Point | None = None
    index = 0
    while index < len(tokens):
        if tokens[index].isalpha():
            command = tokens[index]
            index += 1
            if command in "Zz":
                continue
        count = {"M": 2, "L": 2, "C": 6, "S": 4, "H": 1, "V": 1}[command.upper()]
        numbers = [float(t) for t in tokens[index:index + count]]
        index += count
        relative = command.islower()
        x, y, last_control = _segment(command.upper(), numbers, relative, (x, y),
                                      last_control, points)
        if command == "M":
            command = "L"
        elif command == "m":
            command = "l"
    return points


def _segment(kind: str, n: list[float], relative: bool, at: Point,
             last_control: Point | None, points: list[Point]) -> tuple[float, float, Point | None]:
    x, y = at

    def absolute(px: float, py: float) -> Point:
        return (x + px, y + py) if relative else (px, py)

    if kind in "ML":
        end = absolute(n[0], n[1])
        points.append(end)
        return end[0], end[1], None
    if kind in "HV":
        end = (x + n[0] if relative else n[0], y) if kind == "H" else \
            (x, y + n[0] if relative else n[0])
        points.append(end)
        return end[0], end[1], None
    if kind == "C":
        c1, c2, end = absolute(n[0], n[1]), absolute(n[2], n[3]), absolute(n[4], n[5])
    else:  # S: the first control point mirrors the previous curve's second
        c1 = (2 * x - last_control[0], 2 * y - last_control[1]) if last_control else (x, y)
        c2, end = absolute(n[0], n[1]), absolute(n[2], n[3])
    steps = max(3, int(math.dist((x, y), end) / 3))
    for step in range(1, steps + 1):
        t = step / steps
        a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
        points.append((a * x + b * c1[0] + c * c2[0] + e * end[0],
                       a * y + b * c1[1] + c * c2[1] + e * end[1]))
    return end[0], end[1], c2


def _varied(stroke: list[Point], hand: Hand, rng: random.Random) -> list[Point]:
    """One stroke as this writer draws it this time (in the 109 frame)."""
    points = np.array(stroke, dtype=float)
    if len(points) < 2:
        return [(float(p[0]), float(p[1])) for p in points.tolist()]
    points += rng.gauss(0, hand.jitter * FRAME) * np.array([1.0, 0.0]) \
        + rng.gauss(0, hand.jitter * FRAME) * np.array([0.0, 1.0])
    direction = points[-1] - points[0]
    length = float(np.hypot(*direction)) or 1.0
    normal = np.array([-direction[1], direction[0]]) / length
    t = np.linspace(0, 1, len(points))
    points += np.outer(np.sin(np.pi * t) * rng.uniform(-hand.bend, hand.bend) * FRAME, normal)
    change = rng.uniform(-hand.ends, hand.ends)
    if change < 0:  # cut short
        keep = max(2, round(len(points) * (1 + change)))
        points = points[:keep]
    else:  # runs on along its last direction
        tail = points[-1] - points[-2]
        norm = float(np.hypot(*tail)) or 1.0
        points = np.vstack([points, points[-1] + tail / norm * change * length])
    return [(float(px), float(py)) for px, py in points]


def draw_line(page: Image.Image, text: str, x: float, middle: float, size: float,
              glyphs: Glyphs, hand: Hand, rng: random.Random, ink: int = 30) -> float:
    """Write `text` from (`x`, `middle`) in characters about `size` pixels high; the x
    after the last character. Characters with no strokes anywhere are skipped."""
    draw = ImageDraw.Draw(page)
    baseline = 0.0
    for char in text:
        strokes = SIMPLE.get(char)
        if strokes is None:
            strokes = glyphs(char)
        if not strokes:  # a space, or a character no set has
            x += size * rng.uniform(0.45, 0.7)
            continue
        baseline += rng.gauss(0, hand.wander * size)
        baseline = max(-0.2 * size, min(0.2 * size, baseline))
        scale = size * rng.uniform(*hand.size) / FRAME
        wide = scale * rng.uniform(*hand.squeeze)
        lean = rng.uniform(-hand.lean, hand.lean)
        pen = size * rng.uniform(*hand.pen)
        top = middle + baseline - FRAME * scale / 2
        drawn = [[(px - lean * (py - FRAME / 2), py) for px, py in _varied(stroke, hand, rng)]
                 for stroke in strokes]
        left = min(px for stroke in drawn for px, _ in stroke)
        right = max(px for stroke in drawn for px, _ in stroke)
        # Each character is written in a cell of its own, as on squared paper: a full-width
        # one about as wide as it is high, a digit or Latin letter about half that; a narrow
        # character (く, 1) sits in its cell with room either side.
        cell = size * (rng.uniform(0.8, 1.0) if not char.isascii() else rng.uniform(0.42, 0.55))
        cell = max(cell, (right - left) * wide + size * 0.06)
        offset = (cell - (right - left) * wide) / 2 + rng.uniform(-0.04, 0.04) * size
        for stroke in drawn:
            _pen_line(draw, [(x + offset + (px - left) * wide, top + py * scale)
                             for px, py in stroke], pen, hand, rng, ink)
        x += cell + size * rng.uniform(0.0, 0.1)
    return x


def _pen_line(draw: ImageDraw.ImageDraw, points: list[Point], pen: float, hand: Hand,
              rng: random.Random, ink: int) -> None:
    """A stroke whose width swells and thins along it, like pen pressure."""
    phase = rng.uniform(0, math.pi)
    for index in range(len(points) - 1):
        t = index / max(1, len(points) - 1)
        width = pen * (1 + hand.pressure * math.sin(math.pi * t + phase) * rng.uniform(0.5, 1))
        draw.line([points[index], points[index + 1]], fill=ink, width=max(1, round(width)))
        radius = width / 2
        px, py = points[index + 1]
        draw.ellipse((px - radius, py - radius, px + radius, py + radius), fill=ink)
