"""A written field read by the handwriting recognizer, decoded under the field's constraints.

`read` cuts the written ink out of the box (`ink.written`: the form's own lines and labels
are already gone) with a margin a quarter of the ink's height, and gives it to PP-OCRv5's
recogniser (`handlers.ocr.handwriting`), which is loaded once per process. Each kind is
decoded within what it may hold:

- digits: `0-9 - .`;
- date: digits, the era names, 元, 年月日 and `/ . -`, and the reading must be shaped
  like a date (whether the day exists is checked after, and flagged);
- text whose pattern is a character class (`^[ァ-ヴー・\\s　]+$`): the dictionary's
  characters the class admits (kana fields read only kana);
- other text: letters, digits and the punctuation people write (no `<` for a く);
- any field with a `pattern`: the most probable of the best few readings that fits it.

A field of several `lines` is cut at the gaps between its rows of ink and read row by row.
A name (`pii = "name"`) keeps the space between 姓 and 名: where the widest gap between the
written characters is clearly wider than the others, the characters the recognizer placed
on either side of it are separated by one space.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from handlers.forms.dates import date_shaped
from handlers.forms.ink import Image, Mask, Written
from handlers.forms.model import Field
from handlers.ocr import handwriting, lexicon, models

DIGITS = "0123456789-."
DATE_CHARACTERS = "0123456789元年月日令和平成昭和大正./-"
# A reading whose least sure character is at least this probable stands alone; below it,
# Tesseract reads the field too, and a reading no Tesseract reading confirms is flagged.
# Stroke-drawn forms benchmark (465 fields): none of the readings at or above 0.93 was
# wrong, and below it about one in four was; flagged 26 % of written fields.
SURE = 0.93
REVIEW_CONFIDENCE = SURE
# Small kana (ッ ャ ュ ョ ィ ゥ) are big ones written smaller, which the recognizer tells
# apart worst (ミツキ read as ミッキ, ハヤテ as ハャテ): a small kana less probable than this,
# or a small ャ ュ ョ that does not follow an i-row kana (キ シ チ ニ ヒ ミ リ ...), makes the
# reading unsure.
SMALL_SURE = 0.995
I_ROW = set("きしちにひみりぎじぢびぴキシチニヒミリギジヂビピ")
SMALL_Y = set("ゃゅょャュョ")
SMALL_VOWELS = set("ぁぃぅぇぉァィゥェォ")
_JAPANESE = "\u3040-\u30ff\u3400-\u9fff"
_SMALL_STARTS_WORD = re.compile("(?:^|\\s)[ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ]")
_LATIN_IN_JAPANESE = re.compile(f"[A-Za-z](?=[{_JAPANESE}])|(?<=[{_JAPANESE}])[A-Za-z]")
SMALL_KANA = set("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
# The confidence given to a reading that a Tesseract reading agrees with.
CONFIRMED = 0.95  # above REVIEW_CONFIDENCE: a confirmed reading is not flagged
# A gap between 姓 and 名: at least this many times the ink's height, and this many times
# wider than the next widest gap between characters.
NAME_GAP = 0.35
NAME_GAP_RATIO = 1.6
UNREAD = 0.9
"""A character's ink lies within about half the row's height of its middle (cells of 80 to
100 % of the height); ink farther than this from every character read is a character the
recognizer left out."""
UNREAD_INK = 0.3  # of the row's height: less unread ink is a stroke's tail, not a character
WRITTEN = "text"  # `_cached`'s key for the alphabet of text fields (`_written_character`)
WRITTEN_PUNCTUATION = "-ー・、。，．.,()（）/／々〆ヶ　 "
MARGIN = 0.25  # of the ink's height, white around the crop
STRETCH = 1.0  # the crop is widened by this factor: more steps per character


@dataclass(frozen=True)
class Reading:
    """A field's value as the recognizer read it, and its confidence 0..1."""

    value: str
    confidence: float
    implausible: bool = False
    """It holds what the recognizer gets wrong more often than people write it
    (`_implausible`): flagged even when Tesseract reads the same."""
    runners_up: frozenset[tuple[str, str]] = frozenset()
    """(character read, the character the recognizer found next most probable there)."""
    similar_word: bool = False
    """A kanji of it may be one of nearly the same shape that makes a word
    (`lexicon.similar_word`): flagged whatever Tesseract reads."""


def recognizer() -> handwriting.Recognizer | None:
    """The process's recognizer; None when its model files are not installed."""
    files = models.handwriting_files()
    return None if files is None else handwriting.load(*files)


def read(field: Field, ink: Written) -> Reading | None:
    """`field`'s written `ink` read by the recognizer; None without the recognizer."""
    model = recognizer()
    if model is None or ink.box is None:
        return None
    alphabet = _alphabet(model, field)
    fits = _fits(field)
    boxes = row_boxes(field, ink)
    texts, confidences, odd, similar = [], [], False, False
    runners_up: set[tuple[str, str]] = set()
    for box in boxes:
        crop = _crop(ink.image, box)
        line = model.read(crop, alphabet, fits if len(boxes) == 1 else None)
        runners_up.update(zip(line.text, line.runners_up, strict=False))
        text = line.text.strip()
        if field.pii == "name" and field.kind == "text" and len(boxes) == 1:
            text = _spaced(line, ink.mask, box, crop.shape[1])
            odd = odd or bool(_SMALL_STARTS_WORD.search(text))
        texts.append(text)
        odd = odd or _implausible(line, field.pii == "name") or unread_ink(
            line, ink.mask, box, crop.shape[1])
        confidences.append(line.confidence / 2 if odd else line.confidence)
        similar = similar or (field.kind == "text"
                              and lexicon.similar_word(line.text, line.alternatives))
    value = joined(field, texts)
    return Reading(value, round(min(confidences, default=0.0), 3), odd, frozenset(runners_up),
                   similar)


def _confidence(line: handwriting.Reading, name: bool = False) -> float:
    """The reading's confidence: its least sure character's, halved when the reading is
    implausible (`_implausible`)."""
    return line.confidence / 2 if _implausible(line, name) else line.confidence


def _implausible(line: handwriting.Reading, name: bool) -> bool:
    """Whether a reading holds what the recognizer gets wrong more than people write it:
    a small kana it is not quite sure of (`SMALL_SURE`), one at the start of a word, a small
    ャュョ after a kana that is not of the i-row, a small vowel (ァィゥェォ, in loanwords
    only) in a name, or a Latin letter against kana or kanji (丁 read as T)."""
    text = line.text
    if _LATIN_IN_JAPANESE.search(text):
        return True
    if len(text) != len(line.characters):
        return False
    for at, (char, confidence) in enumerate(zip(text, line.characters, strict=True)):
        if char not in SMALL_KANA:
            continue
        before = text[at - 1] if at else " "
        if (confidence < SMALL_SURE or before.isspace()
                or (char in SMALL_Y and before not in I_ROW)
                or (name and char in SMALL_VOWELS)):
            return True
    return False


def unread_ink(line: handwriting.Reading, mask: Mask, box: tuple[int, int, int, int],
               width: int) -> bool:
    """Whether ink of the row in `box` lies where the recognizer read no character: ink
    columns farther than `UNREAD` of the row's height from every character it read, at
    least `UNREAD_INK` of the height wide in all. A character it left out (木村 read as 村,
    ハセガワ as ハセワ, with confidence) leaves its ink so; a space between 姓 and 名 leaves
    no ink. `width` is the crop's, whose spans the reading's are."""
    read_at = np.array(_middles(line, box, width))
    x0, y0, x1, y1 = box
    inked = np.flatnonzero(mask[y0:y1, x0:x1].any(axis=0))
    if not len(read_at) or not len(inked):
        return False
    distance = np.abs(inked[:, None] - read_at[None, :]).min(axis=1)
    height = y1 - y0
    return int((distance > UNREAD * height).sum()) >= UNREAD_INK * height


def _middles(line: handwriting.Reading, box: tuple[int, int, int, int],
             width: int) -> list[float]:
    """The middle of each character of `line` but spaces, in pixels from the left of
    `box`, whose ink was read from a crop `width` pixels wide (the ink centred in it)."""
    margin = (width - (box[2] - box[0])) / 2
    return [(start + end) / 2 * width - margin
            for char, (start, end) in zip(line.text, line.spans, strict=False)
            if not char.isspace()]


def joined(field: Field, texts: list[str]) -> str:
    """The rows `texts` of `field` as one value: digits and dates run together as read;
    Japanese rows run on without a space."""
    if field.kind in ("digits", "date"):
        return "".join(texts)
    return "".join(re.sub(r"\s+", " ", text).strip() for text in texts if text.strip())


def _alphabet(model: handwriting.Recognizer, field: Field) -> handwriting.Alphabet | None:
    if field.kind == "digits":
        return _cached(model, DIGITS)
    if field.kind == "date":
        return _cached(model, DATE_CHARACTERS)
    if field.pattern is not None and _character_class(field.pattern.pattern):
        return _cached(model, field.pattern.pattern)
    return _cached(model, WRITTEN)


@lru_cache(maxsize=32)
def _cached(model: handwriting.Recognizer, allowed: str) -> handwriting.Alphabet:
    if allowed in (DIGITS, DATE_CHARACTERS):
        return model.alphabet(allowed)
    if allowed == WRITTEN:
        return model.alphabet(_written_character)
    single = re.compile(allowed)
    return model.alphabet(lambda char: single.fullmatch(char) is not None)


def _written_character(char: str) -> bool:
    """Whether a person writes `char` in a text field: letters (kana, kanji, Latin),
    digits and the punctuation of addresses and sentences; not the symbols (<, ≤, |, ~)
    that a recognizer takes a stroke for."""
    return len(char) == 1 and (unicodedata.category(char)[0] in "LN"
                               or char in WRITTEN_PUNCTUATION)


def _character_class(pattern: str) -> bool:
    """Whether `pattern` is one character class repeated (`^[...]+$`): then every
    character of a match matches it alone."""
    return re.fullmatch(r"\^?\[[^\]]+\][+*]\$?", pattern) is not None


def _fits(field: Field) -> handwriting.Fits | None:
    pattern = field.pattern
    if field.kind == "date":
        return lambda text: date_shaped(text) and (
            pattern is None or pattern.fullmatch(unicodedata.normalize("NFKC", text)) is not None)
    if pattern is None:
        return None
    return lambda text: pattern.fullmatch(unicodedata.normalize("NFKC", text)) is not None


def _crop(image: Image, box: tuple[int, int, int, int]) -> Image:
    x0, y0, x1, y1 = box
    margin = max(4, round((y1 - y0) * MARGIN))
    crop = image[y0:y1, x0:x1]
    if STRETCH != 1.0:
        crop = np.asarray(cv2.resize(crop, (round((x1 - x0) * STRETCH), y1 - y0),
                                     interpolation=cv2.INTER_CUBIC), dtype=np.uint8)
    return np.pad(crop, margin, mode="constant", constant_values=255)


def row_boxes(field: Field, ink: Written) -> list[tuple[int, int, int, int]]:
    """The boxes `field`'s written `ink` is read in: the whole ink for a one-line field,
    each row of ink for a field of several lines (`_rows`)."""
    return _rows(ink) if field.lines > 1 else [ink.box] if ink.box is not None else []


def _rows(ink: Written) -> list[tuple[int, int, int, int]]:
    """The written rows of a several-line field, top to bottom: runs of pixel rows with
    ink, cut where no ink is; each as the bounding box of its ink."""
    filled = [bool(v) for v in np.any(ink.mask, axis=1).tolist()]
    found, start = [], None
    for y, full in enumerate([*filled, False]):
        if full and start is None:
            start = y
        elif not full and start is not None:
            if y - start >= 6:  # a stroke's stray tail is no row
                found.append(_box_of(ink.mask, start, y))
            start = None
    return found or ([ink.box] if ink.box is not None else [])


def _box_of(mask: Mask, y0: int, y1: int) -> tuple[int, int, int, int]:
    xs = np.nonzero(mask[y0:y1].any(axis=0))[0]
    return int(xs.min()), y0, int(xs.max()) + 1, y1


def _spaced(line: handwriting.Reading, mask: Mask, box: tuple[int, int, int, int],
            width: int) -> str:
    """`line`'s text without spaces, and one space where the ink's widest gap is a gap
    between 姓 and 名 (see the module docstring)."""
    text = "".join(line.text.split())
    middles = _middles(line, box, width)
    x0, y0, x1, y1 = box
    gap = _name_gap(mask[y0:y1, x0:x1])
    if gap is None or len(middles) < 2:
        return text
    split = sum(middle < gap for middle in middles)
    if not 0 < split < len(middles):
        return text
    return f"{text[:split]} {text[split:]}"


def _name_gap(mask: Mask) -> float | None:
    """The middle (pixels from the left) of the widest run of empty columns inside the
    ink, when it is a gap between words; else None."""
    height = mask.shape[0]
    filled = [bool(v) for v in np.any(mask, axis=0).tolist()]
    gaps: list[tuple[int, int]] = []  # (width, start)
    start = None
    for x, full in enumerate(filled):
        if not full and start is None:
            start = x
        elif full and start is not None:
            gaps.append((x - start, start))
            start = None
    if not gaps:
        return None
    gaps.sort(reverse=True)
    widest, at = gaps[0]
    second = gaps[1][0] if len(gaps) > 1 else 0
    if widest < NAME_GAP * height or widest < NAME_GAP_RATIO * second:
        return None
    return at + widest / 2
