"""The way-up test reads a body line, not a large title (which Tesseract misreads most),
and reads it as a raw line where Tesseract finds no text in it as a line."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from ocr_sheets_small import MINCHO
from PIL import Image, ImageDraw, ImageFont

from handlers.ocr.engine import PSM_LINE, PSM_RAW_LINE, create_engine
from handlers.ocr.ink import ink_map
from handlers.ocr.layout import Line, Word
from handlers.ocr.orientation import line_strip, upside_down, way_up


def notice() -> np.ndarray:
    """A page with a 14 pt title and five 8 pt body lines, at 300 dpi."""
    page = Image.new("L", (1400, 700), 255)
    draw = ImageDraw.Draw(page)
    title = ImageFont.truetype(MINCHO[0], 58)  # 14 pt at 300 dpi
    body = ImageFont.truetype(MINCHO[0], 33)  # 8 pt
    draw.text((100, 80), "子育て支援センターだより", font=title, fill=0)
    for row in range(5):
        draw.text((100, 200 + row * 55), "受付時間は午前八時三十分から午後五時までです", font=body,
                  fill=0)
    return np.asarray(page).copy()


def test_the_strip_is_a_body_line_not_the_title() -> None:
    image = notice()
    strip = line_strip(image, ink_map(image, 300), "horizontal")
    assert strip is not None
    assert strip.shape[0] < 1.5 * 1.5 * 33  # a body line and its gap, not the 58 px title


def line_blind(upright: np.ndarray) -> Callable[..., list[Line]]:
    """Tesseract 5 as it read a fax's 開庁時間 line (`_read` of an engine): as a line (psm
    7) nothing at all when upright and nonsense at 0.31 upside down; as a raw line (psm 13)
    0.84 upright."""
    def read(image: np.ndarray, languages: str, psm: int, dpi: int, whitelist: str,
             invert: bool = True) -> list[Line]:
        right = image.shape == upright.shape and bool((image == upright).all())
        if psm == PSM_LINE:
            return [] if right else [_line("SI 開削", 0.31)]
        if psm == PSM_RAW_LINE:
            return [_line("開庁時間", 0.84)] if right else [_line("些", 0.2)]
        return [_line("ぐれ", 0.08)]  # a vertical reading
    return read


def _line(text: str, confidence: float) -> Line:
    return Line((0, 0, 10, 10), (1, 1), [Word(text, confidence, (0, 0, 10, 10))])


def test_a_line_tesseract_finds_no_text_in_is_read_again_as_a_raw_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    image = notice()
    ink = ink_map(image, 300)
    strip = line_strip(image, ink, "horizontal")
    assert strip is not None
    engine = create_engine("tesserocr")
    monkeypatch.setattr(engine, "_read", line_blind(strip))
    try:
        assert way_up(image, ink, "horizontal", engine, "jpn", 300) == (0, "horizontal")
        assert not upside_down(strip, engine, "jpn", 300)
        assert upside_down(np.ascontiguousarray(strip[::-1, ::-1]), engine, "jpn", 300)
    finally:
        engine.close()
