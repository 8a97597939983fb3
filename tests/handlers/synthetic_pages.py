"""Synthetic pages with a known answer for the preprocessing tests (IPAex Gothic, 300 dpi)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from scripts.make_samples import SAMPLES

FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
NOTICE = tuple(SAMPLES[0][2][0])  # the first sample notice's lines
SIZE = 46  # pixels: 11 pt at 300 dpi


def horizontal_page(lines: tuple[str, ...] = NOTICE) -> np.ndarray:
    """Black text on a white 1600 x 1100 sheet, one line per entry."""
    image = Image.new("L", (1600, 1100), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), SIZE)
    for index, line in enumerate(lines):
        draw.text((140, 140 + index * SIZE * 17 // 10), line, font=font, fill=0)
    return np.asarray(image).copy()


def vertical_page(lines: tuple[str, ...] = NOTICE[:4]) -> np.ndarray:
    """The lines as vertical columns (縦書き), right to left, on a 1100 x 1600 sheet."""
    image = Image.new("L", (1100, 1600), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), SIZE)
    for column, line in enumerate(lines):
        x = 900 - column * SIZE * 17 // 10
        for row, char in enumerate(line.replace(" ", "")):
            draw.text((x, 140 + row * (SIZE + 4)), char, font=font, fill=0)
    return np.asarray(image).copy()


def tilted(image: np.ndarray, degrees: float) -> np.ndarray:
    """`image` turned `degrees` counter-clockwise about its centre, as a crooked sheet."""
    height, width = image.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                          borderValue=255)
