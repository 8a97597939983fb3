"""Synthetic pages with a known answer for the preprocessing tests (IPAex Gothic, 300 dpi)."""

from __future__ import annotations

import re
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
NOTICE = (
    "乳幼児健康診査のお知らせ",
    "対象 令和5年10月生まれのお子さん",
    "日時 令和6年4月18日 午後1時30分",
    "会場 さくら区保健センター 2階",
    "持ち物 母子健康手帳と問診票",
    "問合せ TEL 03-1234-5678",
)
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


def error_rate(read: str, truth: str) -> float:
    """Character error rate, whitespace removed (Levenshtein over the truth's length)."""
    a, b = re.sub(r"\s+", "", read), re.sub(r"\s+", "", truth)
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1] / max(1, len(b))
