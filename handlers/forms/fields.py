"""Reading one field of an aligned page, by its kind, with a confidence and a review flag.

- text: Japanese (the field's `languages`, default jpn), one line (psm 13, a raw line) or
  a block of `lines` lines (psm 6); lines are joined, Japanese without a space.
- digits: the English model limited to `0-9 - .` (the Japanese model reads 1 as ー).
- date: the Japanese model limited to digits, era names, 元, 年月日 and `/ . -`; the text
  is kept as `value` and `dates.parse_date` gives `normalized`.
- choice and checkbox: ink measured in the option boxes (`marks`).

Only the ink written in the box is recognised (`ink.written`): the crop is cut to that ink
with a white margin, so the form's lines and labels never reach the engine. Each field is
read by two models, and a third when they differ (`Variant`, `_consensus`; the second
-opinion models of `handlers.ocr.models`, or the system model on the crop drawn another
way when those are not installed). A field needs review when the readings disagree, the
engine is unsure (`REVIEW_CONFIDENCE`), its pattern fails, a date is not a valid date or
its era was guessed, a choice is ambiguous, a required box is empty, ink was found but
nothing was read, or the length read does not fit the width of the ink (`_length_fits`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

import cv2
import numpy as np

from handlers.forms import handwritten, marks
from handlers.forms.dates import parse_date
from handlers.forms.ink import Image, Mask, Written, written
from handlers.forms.model import Box, Field
from handlers.ocr import models
from handlers.ocr.engine import Engine, Recognition
from handlers.ocr.result import FieldResult
from handlers.ocr.text import tidy_japanese

PSM_LINE, PSM_BLOCK, PSM_RAW_LINE = 7, 6, 13
DIGITS = "0123456789-."
DATE_CHARACTERS = "0123456789元年月日令和平成昭和大正./-"
MARGIN = 8  # white pixels around the written ink; more makes psm 13 worse
AROUND = 60  # pixels at 300 dpi around a choice's options where its marks are looked for
# Pixels at 300 dpi (across, up and down): a stroke whose middle is further from the
# options is another field's. Rows of questions lie close; a tick beside a label reaches
# about 30 pixels right of it.
NEAR = (40, 16)
# Below this lowest word confidence (0..1) a reading goes to review. Tesseract's word
# confidences are loose (right readings at 0.5, wrong ones at 0.9), so the bar is high: on
# the forms benchmark 0.85 flags about one field in seven and nearly every wrong one.
REVIEW_CONFIDENCE = 0.85
# A first reading whose every word is this sure is not read again: on the forms benchmark
# under 1 % of such readings were wrong, and it saves a quarter of the engine calls.
SURE = 0.95
# Tesseract's second model is asked about an unsure handwriting reading only when the first
# model's reading is at most this many characters from the recognizer's: it settles a field
# (confirms the recognizer, or agrees with the first to overturn it) only by reading every
# character, which grows unlikely fast with what the first model missed. Stroke-drawn forms,
# three runs of 40 (411 second readings): within 2 characters 59 of 276 settled the field,
# beyond 2 only 6 of 135 (each confirming a reading that was right: 6 more fields of 3,600
# flagged) for 3.3 s of CPU, 27 ms a page and up to 0.14 s on one page.
SETTLE = 2
# Why a written field needs review (besides `marks.UNANSWERED`): the readings disagree or
# the recognizer is unsure; the value does not fit the field's pattern; no valid day.
UNSURE, PATTERN, DATE = "unsure", "pattern", "date"
# Characters that are a box's line or a speck read as text, never a value's own.
_STRAY = re.compile(r"[|｜\[\]{}「」『』【】<>_~^\\]")


@dataclass(frozen=True)
class Variant:
    """One way of showing a crop to the engine: scaled to `height` pixels (None: as is),
    strokes thickened by a pixel or not, Tesseract's page segmentation mode, and the model:
    "" for the system's, or a second-opinion model ("best", "std": `handlers.ocr.models`)."""

    height: int | None
    thicken: bool
    psm: int
    model: str = ""


# Each model makes its own mistakes on hand-writing, so a field is read by the system model,
# then by a second model, and by a third when the two differ; the readings are voted on.
# Measured on the forms benchmark (docs/benchmarks.md), text is read best by the standard
# and best Japanese models as second and third opinions; digits and dates, whose best
# second opinion is the best model, by the system model again without thickening as third.
# psm 13 (a raw line), since psm 7 now and then returns nothing for a short line with a gap.
TEXT_LINE = (Variant(40, True, PSM_RAW_LINE), Variant(40, True, PSM_RAW_LINE, "std"),
             Variant(40, True, PSM_RAW_LINE, "best"))
SHORT_LINE = (Variant(40, True, PSM_RAW_LINE), Variant(40, True, PSM_RAW_LINE, "best"),
              Variant(40, False, PSM_RAW_LINE))
TEXT_BLOCK = (Variant(None, True, PSM_BLOCK), Variant(None, True, PSM_BLOCK, "std"),
              Variant(None, True, PSM_BLOCK, "best"))
# Without the second-opinion models: the system model alone, on the crop drawn three ways
# (its answer on a short line changes with the size and weight of the strokes).
LINE = (Variant(40, True, PSM_RAW_LINE), Variant(None, False, PSM_RAW_LINE),
        Variant(40, False, PSM_RAW_LINE))
DIGIT_LINE = (Variant(40, False, PSM_RAW_LINE), Variant(None, False, PSM_RAW_LINE),
              Variant(40, False, PSM_LINE))
BLOCK = (Variant(None, False, PSM_BLOCK), Variant(None, True, PSM_BLOCK))


def read_field(field: Field, aligned: Image, printed: Mask, level: int, dpi: float,
               engine: Engine) -> FieldResult:
    """Read `field` from `aligned` (the page in the reference's frame, `dpi` dots per inch);
    `printed` is the template's printed ink and `level` the page's ink threshold."""
    if field.kind in ("choice", "checkbox"):
        return _read_marks(field, aligned, printed, level, dpi)
    return read_written(field, written(aligned, field.box, printed, level, dpi), dpi, engine)


def read_written(field: Field, ink: Written, dpi: float, engine: Engine) -> FieldResult:
    """Read a text, digits or date `field` from the `ink` written in its box."""
    if ink.box is None:
        empty_confidence = 0.0 if field.required else 1.0
        return FieldResult(value="", confidence=empty_confidence, needs_review=field.required,
                           normalized=None,
                           reason=marks.UNANSWERED if field.required else None,
                           reasons=[marks.UNANSWERED] if field.required else [])
    first = handwritten.read(field, ink)
    if first is not None:
        value, confidence, agreed = _with_handwriting(field, ink, dpi, engine, first)
        bar = handwritten.REVIEW_CONFIDENCE
    else:
        value, confidence, agreed = _consensus(field, ink, dpi, engine)
        bar = REVIEW_CONFIDENCE
    reasons = _reasons(field, ink, value, confidence, agreed, bar)
    if first is not None and first.similar_word and value == first.value:
        reasons.append("similar_word")
    reason = UNSURE if set(reasons) - {"pattern"} else (PATTERN if reasons else None)
    normalized = None
    if field.kind == "date":
        parsed = parse_date(value)
        normalized = parsed.iso
        if parsed.iso is None:
            reasons.append("date_invalid")
        elif parsed.guessed:
            reasons.append("era_guessed")
        if parsed.iso is None or parsed.guessed:
            reason = reason or DATE
    return FieldResult(value=value, confidence=round(confidence, 3),
                       needs_review=reason is not None, normalized=normalized, reason=reason,
                       reasons=reasons)


def _reasons(field: Field, ink: Written, value: str, confidence: float, agreed: bool,
             bar: float) -> list[str]:
    """Why a reading of written ink needs review (`result.REASONS`); [] when it does not.
    All but `pattern` make the field's one-word `reason` "unsure"."""
    checks = (
        ("disagreed", not agreed),
        ("nothing_read", not value),
        ("low_confidence", bool(value) and confidence < bar),
        ("length", not _length_fits(field, ink, value)),
        ("stray", bool(_STRAY.search(value))),
        ("pattern", field.pattern is not None
         and not field.pattern.fullmatch(unicodedata.normalize("NFKC", value))),
    )
    return [reason for reason, failed in checks if failed]


def _variants(field: Field, block: bool | None = None) -> tuple[Variant, ...]:
    """How `field` is read: with the second-opinion models when they are installed; as a
    block of lines when `block` (None: when the field has several lines)."""
    if field.kind in ("digits", "date"):
        if models.second_opinion(_languages(field), "best"):
            return SHORT_LINE
        return DIGIT_LINE if field.kind == "digits" else LINE
    block = field.lines > 1 if block is None else block
    if all(models.second_opinion(field.languages, model) for model in ("std", "best")):
        return TEXT_BLOCK if block else TEXT_LINE
    return BLOCK if block else LINE


def _languages(field: Field, model: str = "") -> str:
    """The languages a field is read with: English digits, Japanese dates, else the field's
    own; by the system's models, or by `model`'s (`_variants` checked they exist)."""
    base = {"digits": "eng", "date": "jpn"}.get(field.kind, field.languages)
    return (models.second_opinion(base, model) or base) if model else base


def model_languages(fields: Iterable[Field]) -> set[str]:
    """The language sets (Tesseract models) that reading `fields` may load: each is loaded
    on its first use, 50 to 90 ms of CPU once per process, which a worker or a benchmark can
    pay before its first page."""
    written_fields = [field for field in fields if field.kind in ("text", "digits", "date")]
    return {_languages(field, variant.model) for field in written_fields
            for variant in (*_variants(field), *_variants(field, block=False))}


def _consensus(field: Field, ink: Written, dpi: float,
               engine: Engine) -> tuple[str, float, bool]:
    """The value most readings agree on, its confidence 0..1, and whether all agreed.

    Readings agree when they are the same text, whitespace aside (dates: the same day); a
    reading that fails the field's `pattern`, or a date that is no day, agrees with nothing.
    When no two agree, a text field takes each character most readings have at its place
    (`_vote_characters`); other kinds keep the reading the engine is surest of.
    """
    readings: list[tuple[str, float, str | None]] = []  # value, confidence, `_key`
    for number, variant in enumerate(_variants(field)):
        if number == 1 and readings[0][1] >= SURE:
            break
        keys = {key for _, _, key in readings}
        if number >= 2 and len(keys) == 1 and None not in keys:
            break  # the first two agree: a third reading would not change the answer
        reading = _recognize(field, ink, dpi, engine, variant)
        value = _value(field.kind, reading.text)
        lowest = min((word.confidence for word in reading.words), default=0.0)
        readings.append((value, lowest if value else 0.0, _key(field, value)))
    if len(readings) == 1:
        return readings[0][0], readings[0][1], True
    votes = Counter(key for _, _, key in readings if key is not None)
    top, count = votes.most_common(1)[0] if votes else (None, 0)
    if count < 2:  # no two readings agree
        if field.kind == "text":
            voted = _vote_characters([text for text, _, _ in readings])
            return voted, min(confidence for _, confidence, _ in readings), False
        # A reading that is a day and fits the pattern beats one that is not or does not,
        # however sure the engine was of it.
        text, confidence, _ = max(readings, key=lambda r: (r[2] is not None, r[1]))
        return text, confidence, False
    text, confidence, _ = max((r for r in readings if r[2] == top), key=lambda r: r[1])
    return text, confidence, count == len(readings)


def _with_handwriting(field: Field, ink: Written, dpi: float, engine: Engine,
                      first: handwritten.Reading) -> tuple[str, float, bool]:
    """The handwriting recognizer's reading, voted on with Tesseract's when it is unsure.

    A reading the recognizer is sure of (`handwritten.SURE`) stands alone. Otherwise
    Tesseract reads the field too (up to two ways; the second only when the first came
    within `SETTLE` characters of the recognizer's): a Tesseract reading that agrees
    confirms it, unless the other Tesseract reading put the recognizer's own runner-up
    where it differs (`_contested`); two Tesseract readings that agree with each other and
    not with it win, flagged; else the recognizer's reading stands, flagged
    (`handwritten.REVIEW_CONFIDENCE`).

    The runner-up rule was written for the font set's 恵 read as its old form 惠 (恵 the
    runner-up at 0.32), which Tesseract's system model read as 恵 and its second model as
    惠: there it catches that field (review recall 91.3 % to 95.7 %, seed 20240418) and
    flags 3.2 % of fields instead of 3.1 % (seed 7: 3.0 % instead of 2.9 %, recall as it
    was); on the three stroke-drawn runs it flags 6 more right fields of 3,600.
    """
    own = _key(field, first.value)
    if first.confidence >= handwritten.SURE and own is not None:
        return first.value, first.confidence, True
    others: list[tuple[str, float, str | None]] = []
    for variant in _variants(field, block=False)[:2]:
        if others and _differences(others[0][0], first.value) > SETTLE:
            break
        value, lowest = _read_rows(field, ink, dpi, engine, variant)
        key = _key(field, value)
        if key is not None and key == own:  # confirmed, unless implausible or contested
            agreed = not first.implausible and not any(
                _contested(first, other) for other, _, _ in others)
            return first.value, max(first.confidence, handwritten.CONFIRMED), agreed
        others.append((value, lowest if value else 0.0, key))
    if len(others) == 2 and others[0][2] is not None and others[0][2] == others[1][2]:
        return others[0][0], min(others[0][1], others[1][1]), False
    return first.value, first.confidence, own is not None


def _contested(first: handwritten.Reading, other: str) -> bool:
    """Whether Tesseract's `other` reading put, where it differs from the recognizer's, the
    character the recognizer itself found next most probable there (惠 read, 恵 its
    runner-up, and one Tesseract model read 恵): then a second model that agrees with the
    recognizer does not settle it."""
    mine, theirs = _squashed(first.value), _squashed(other)
    matcher = SequenceMatcher(None, mine, theirs, autojunk=False)
    return any((mine[start + at], theirs[begin + at]) in first.runners_up
               for op, start, end, begin, stop in matcher.get_opcodes()
               if op == "replace" and end - start == stop - begin
               for at in range(end - start))


def _key(field: Field, text: str) -> str | None:
    """What two readings must share to agree: the day for a date, else the text without
    whitespace; None (agrees with nothing) for a reading that fails the field's pattern or
    is no valid date."""
    if field.pattern is not None and not field.pattern.fullmatch(
            unicodedata.normalize("NFKC", text)):
        return None
    if field.kind == "date":
        return parse_date(text).iso
    return _squashed(text)


def _vote_characters(texts: list[str]) -> str:
    """Character by character, what most of `texts` read (each a different model's).

    The reading closest to all others is the pivot; every reading is aligned to it
    (difflib), and at each of the pivot's characters the character most readings put there
    wins, the pivot's on a tie. Readings that add or drop characters there take no part
    at that place. Only used when no two whole readings agree, and always flagged.
    """
    squashed = [_squashed(text) for text in texts]

    def closeness(text: str) -> float:
        return sum(SequenceMatcher(None, text, other, autojunk=False).ratio()
                   for other in squashed)

    pivot = max(squashed, key=closeness)
    places: list[Counter[str]] = [Counter() for _ in pivot]
    for text in squashed:
        matcher = SequenceMatcher(None, pivot, text, autojunk=False)
        for op, p0, p1, t0, t1 in matcher.get_opcodes():
            if op == "equal" or (op == "replace" and p1 - p0 == t1 - t0):
                for offset in range(p1 - p0):
                    places[p0 + offset][text[t0 + offset]] += 1
    chosen = []
    for own, place in zip(pivot, places, strict=True):
        most = max(place.values(), default=0)
        chosen.append(own if place[own] == most else place.most_common(1)[0][0])
    return "".join(chosen)


def _differences(text: str, other: str) -> int:
    """Characters to change, add or drop to turn `text` into `other`, whitespace aside."""
    matcher = SequenceMatcher(None, _squashed(text), _squashed(other), autojunk=False)
    return sum(max(end - start, last - first) for op, start, end, first, last
               in matcher.get_opcodes() if op != "equal")


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _read_rows(field: Field, ink: Written, dpi: float, engine: Engine,
               variant: Variant) -> tuple[str, float]:
    """Tesseract's reading of the written ink as `variant` says, a row at a time (the rows
    the recognizer read, `handwritten.row_boxes`) for a field of several lines; and its least
    sure word's confidence (0.0 when nothing was read).

    Row by row rather than as a block (psm 6): a block's doubtful lines are read again up
    to three times each (`reread`), which made a two-line notes field cost 0.1 to 0.36 s
    of Tesseract (its two readings), the largest part of the slowest stroke-drawn pages; a
    row read as a raw line (psm 13) costs about 12 ms, and the notes field a third as much.
    """
    boxes = handwritten.row_boxes(field, ink)
    texts: list[str] = []
    confidences: list[float] = []
    for box in boxes:
        reading = _recognize(field, ink, dpi, engine, variant, box)
        texts.append(_value(field.kind, reading.text))
        confidences += [word.confidence for word in reading.words]
    value = handwritten.joined(field, texts)
    return value, min(confidences, default=0.0) if value else 0.0


def _recognize(field: Field, ink: Written, dpi: float, engine: Engine, variant: Variant,
               box: Box | None = None) -> Recognition:
    """Run the engine on the written ink in `box` (None: all of it), cut out with a white
    margin, as `variant` says."""
    assert ink.box is not None
    x0, y0, x1, y1 = box or ink.box
    crop = ink.image[y0:y1, x0:x1]
    if variant.height is not None:
        scale = variant.height / crop.shape[0]
        crop = np.asarray(cv2.resize(crop, None, fx=scale, fy=scale,
                                     interpolation=cv2.INTER_AREA if scale < 1
                                     else cv2.INTER_CUBIC), dtype=np.uint8)
    if variant.thicken:  # thin pen and light strokes lose pixels when Tesseract binarises
        crop = np.asarray(cv2.erode(crop, np.ones((2, 2), np.uint8)), dtype=np.uint8)
    padded = np.pad(crop, MARGIN, mode="constant", constant_values=255)
    whitelist = {"digits": DIGITS, "date": DATE_CHARACTERS}.get(field.kind)
    return engine.recognize(padded, languages=_languages(field, variant.model),
                            psm=variant.psm, dpi=round(dpi), whitelist=whitelist)


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
    if field.kind == "checkbox":  # its one box, and a tick beside its label
        near = _option_strokes({"": field.box}, aligned, printed, level, dpi)
        reading = marks.read_checkbox(sum(stroke.amount for stroke in near))
    else:
        reading = marks.read_options(
            _option_strokes(field.options, aligned, printed, level, dpi),
            field.options, dpi)
    return FieldResult(value=reading.value, confidence=reading.confidence,
                       needs_review=reading.needs_review, reason=reading.reason,
                       reasons=[reading.reason] if reading.reason else [])


def _option_strokes(options: dict[str, Box], aligned: Image, printed: Mask,
                    level: int, dpi: float) -> list[marks.Stroke]:
    """The strokes written in and around a field's `options` (a check box: its box): found
    in their box widened by `AROUND` (so a circle drawn round a label is whole), kept when
    their middle lies within `NEAR` of it (so a neighbouring question's circle is not)."""
    boxes = list(options.values())
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    around = round(AROUND * dpi / 300)
    across, near = round(NEAR[0] * dpi / 300), round(NEAR[1] * dpi / 300)
    height, width = aligned.shape[:2]
    region = (max(0, x0 - around), max(0, y0 - around), min(width, x1 + around),
              min(height, y1 + around))
    ink = written(aligned, region, printed, level, dpi)
    found = marks.strokes(ink.mask, region[:2], dpi, min(b[3] - b[1] for b in boxes))
    return [stroke for stroke in found
            if x0 - across <= (stroke.box[0] + stroke.box[2]) / 2 <= x1 + across
            and y0 - near <= (stroke.box[1] + stroke.box[3]) / 2 <= y1 + near]
