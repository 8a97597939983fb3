"""Distinct A4 pages for the pipeline benchmark: full-page fictional notices, scanned.

Each page is a title and 24 body lines of the OCR benchmark's notice text
(`benchmarks.ocr_pages`), set in one of the Debian Japanese fonts at 10.5 to 12 pt on A4
at 300 dpi, slightly tilted and noisy like an office scanner's output, saved with its
resolution as a JPEG at quality 85 (about 0.7 MB), as office scanners send them. Every
page differs (different lines, numbers and font), so no cache can help. The output is
deterministic for a given seed.
"""

from __future__ import annotations

import random
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from benchmarks.ocr_pages import BODY_PT, FONTS, LINE_PITCH, notice_lines

A4_MM = (210.0, 297.0)
MARGIN_MM = 20.0
DPI = 300
BODY_LINES = 24


def page_lines(rng: random.Random) -> list[str]:
    """A title and `BODY_LINES` lines, drawn from several notices."""
    lines = notice_lines(rng)
    while len(lines) < BODY_LINES + 1:
        lines += notice_lines(rng)[1:]
    return lines[: BODY_LINES + 1]


def render_a4(lines: list[str], font: str, body_pt: float) -> np.ndarray:
    """The clean A4 sheet at `DPI`, black on white, uint8 grayscale."""
    mm = DPI / 25.4
    page = Image.new("L", (round(A4_MM[0] * mm), round(A4_MM[1] * mm)), 255)
    draw = ImageDraw.Draw(page)
    path, index = FONTS[font]
    y = MARGIN_MM * mm
    for number, line in enumerate(lines):
        points = 16.0 if number == 0 else body_pt
        face = ImageFont.truetype(path, round(points / 72 * DPI), index=index)
        draw.text((MARGIN_MM * mm, y), line, font=face, fill=0)
        y += points / 72 * DPI * LINE_PITCH * (1.4 if number == 0 else 1.0)
    return np.asarray(page, dtype=np.uint8)


def scanned(sheet: np.ndarray, skew: float, noise: np.random.Generator) -> np.ndarray:
    """`sheet` tilted by `skew` degrees, lightly blurred, with sensor noise."""
    height, width = sheet.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), skew, 1.0)
    image = cv2.warpAffine(sheet, matrix, (width, height), borderValue=255)
    image = cv2.GaussianBlur(image, (0, 0), 0.5)
    noisy = image.astype(np.float32) + noise.normal(0.0, 3.0, image.shape)
    return np.asarray(np.clip(noisy, 0, 255), dtype=np.uint8)


def generate(folder: Path, count: int, seed: int = 20261129) -> list[Path]:
    """Write `count` distinct A4 scans into `folder` (kept when already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    fonts = sorted(FONTS)
    made = []
    for number in range(count):
        lines = page_lines(rng)
        font, body_pt = fonts[number % len(fonts)], rng.choice(BODY_PT)
        skew = round(rng.uniform(-1.5, 1.5), 2)
        path = folder / f"a4-{seed}-{number:04d}.jpg"
        if not path.exists():
            noise = np.random.default_rng((seed, number))
            image = scanned(render_a4(lines, font, body_pt), skew, noise)
            Image.fromarray(image).save(path, quality=85, dpi=(DPI, DPI))
        made.append(path)
    return made
