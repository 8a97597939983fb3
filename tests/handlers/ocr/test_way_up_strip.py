"""The way-up test reads a body line, not a large title (which Tesseract misreads most)."""

from __future__ import annotations

import numpy as np
from ocr_sheets_small import MINCHO
from PIL import Image, ImageDraw, ImageFont

from handlers.ocr.ink import ink_map
from handlers.ocr.orientation import line_strip


def test_the_strip_is_a_body_line_not_the_title() -> None:
    page = Image.new("L", (1400, 700), 255)
    draw = ImageDraw.Draw(page)
    title = ImageFont.truetype(MINCHO[0], 58)  # 14 pt at 300 dpi
    body = ImageFont.truetype(MINCHO[0], 33)  # 8 pt
    draw.text((100, 80), "子育て支援センターだより", font=title, fill=0)
    for row in range(5):
        draw.text((100, 200 + row * 55), "受付時間は午前八時三十分から午後五時までです", font=body,
                  fill=0)
    image = np.asarray(page).copy()
    strip = line_strip(image, ink_map(image, 300), "horizontal")
    assert strip is not None
    assert strip.shape[0] < 1.5 * 1.5 * 33  # a body line and its gap, not the 58 px title
