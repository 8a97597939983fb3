"""Reading one field of an aligned page, by its kind, with a confidence and a review flag.

- text: Japanese (the field's `languages`, default jpn), one line (psm 7) or a block of
  `lines` lines (psm 6); lines are joined, Japanese without a space.
- digits: the English model limited to `0-9 - .` (the Japanese model reads 1 as ー).
- date: the Japanese model limited to digits, era names, 元, 年月日 and `/ . -`; the text
  is kept as `value` and `dates.parse_date` gives `normalized`.
- choice and checkbox: ink measured in the option boxes (`marks`).

Only the ink written in the box is recognised (`ink.written`): the crop is cut to that ink
with a white margin, so the form's lines and labels never reach the engine. A field needs
review when the engine is unsure (`REVIEW_CONFIDENCE`), its pattern fails, a date is not a
valid date, a choice is ambiguous, a required box is empty, ink was found but nothing was
read, or the length read does not fit the width of the ink (`_length_fits`).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from handlers.forms import marks
from handlers.forms.dates import parse_date
from handlers.forms.ink import Image, Mask, Written, written
from handlers.forms.template import Field
from handlers.ocr.engine import Engine, Recognition
from handlers.ocr.result import FieldResult
from handlers.ocr.text import tidy_japanese

PSM_LINE, PSM_BLOCK = 7, 6
DIGITS = "0123456789-."
DATE_CHARACTERS = "0123456789元年月日令和平成昭和大正./-"
MARGIN = 16  # white pixels around the written ink handed to the engine
# Below this lowest word confidence (0..1) a reading goes to review; per kind, because
# Tesseract is less sure of itself on Japanese than on digits when it is right.
REVIEW_CONFIDENCE = {"text": 0.75, "digits": 0.8, "date": 0.75}
# Characters that are a box's line or a speck read as text, never a value's own.
_STRAY = re.compile(r"[|｜\[\]{}「」『』【】<>_~^\\]")


def read_field(field: Field, aligned: Image, printed: Mask, level: int, dpi: float,
               engine: Engine) -> FieldResult:
    """Read `field` from `aligned` (the page in the reference's frame, `dpi` dots per inch);
    `printed` is the template's printed ink and `level` the page's ink threshold."""
    if field.kind in ("choice", "checkbox"):
        return _read_marks(field, aligned, printed, level, dpi)
    ink = written(aligned, field.box, printed, level, dpi)
    if ink.box is None:
        empty_confidence = 0.0 if field.required else 1.0
        return FieldResult(value="", confidence=empty_confidence, needs_review=field.required,
                           normalized=None)
    reading = _recognize(field, ink, dpi, engine)
    value = _value(field.kind, reading.text)
    confidence = min((word.confidence for word in reading.words), default=0.0)
    review = (not value or confidence < REVIEW_CONFIDENCE[field.kind]
              or not _length_fits(field, ink, value) or bool(_STRAY.search(value)))
    if field.pattern is not None and not field.pattern.fullmatch(
            unicodedata.normalize("NFKC", value)):
        review = True
    normalized = None
    if field.kind == "date":
        parsed = parse_date(value)
        normalized = parsed.iso
        review = review or parsed.iso is None
    return FieldResult(value=value, confidence=round(confidence, 3), needs_review=review,
                       normalized=normalized)


def _recognize(field: Field, ink: Written, dpi: float, engine: Engine) -> Recognition:
    """Run the engine on the written ink, cut out with a white margin."""
    assert ink.box is not None
    x0, y0, x1, y1 = ink.box
    crop = ink.image[y0:y1, x0:x1]
    padded = np.pad(crop, MARGIN, mode="constant", constant_values=255)
    psm = PSM_BLOCK if field.lines > 1 else PSM_LINE
    if field.kind == "digits":
        return engine.recognize(padded, languages="eng", psm=psm, dpi=round(dpi),
                                whitelist=DIGITS)
    if field.kind == "date":
        return engine.recognize(padded, languages="jpn", psm=psm, dpi=round(dpi),
                                whitelist=DATE_CHARACTERS)
    return engine.recognize(padded, languages=field.languages, psm=psm, dpi=round(dpi))


def _value(kind: str, text: str) -> str:
    """The engine's text as a field value: one line; digits and dates without spaces."""
    if kind in ("digits", "date"):
        return re.sub(r"\s+", "", text)
    return tidy_japanese(" ".join(line.strip() for line in text.splitlines() if line.strip()))


def _length_fits(field: Field, ink: Written, value: str) -> bool:
    """Whether the number of characters read is plausible for the width of the ink.

    A written character is about as wide as it is high (full-width) or half that (digits,
    Latin), so a single line of ink w pixels wide and h high holds roughly w/h to 2w/h
    characters. Far fewer means characters were dropped; far more, noise was read.
    """
    if field.lines > 1 or ink.box is None:
        return True
    x0, y0, x1, y1 = ink.box
    height = max(1, y1 - y0)
    squares = (x1 - x0) / height
    count = len(re.sub(r"\s+", "", value))
    return 0.5 * squares - 1 <= count <= 2.5 * squares + 2


def _read_marks(field: Field, aligned: Image, printed: Mask, level: int,
                dpi: float) -> FieldResult:
    if field.kind == "checkbox":
        ink = written(aligned, field.box, printed, level, dpi)
        reading = marks.read_checkbox(marks.ink_at_300dpi(ink.pixels, dpi))
    else:
        amounts = {
            label: marks.ink_at_300dpi(written(aligned, box, printed, level, dpi).pixels, dpi)
            for label, box in field.options.items()
        }
        reading = marks.read_choice(amounts)
    return FieldResult(value=reading.value, confidence=reading.confidence,
                       needs_review=reading.needs_review)
