"""Fax pages: doubtful text lines read a second time, and the readings joined by the words.

A fax sent in normal or fine mode (200×100, 204×98, 204×196 dpi) keeps a thin stroke only
where it happens to fall on one of the fax's lines: in Mincho type, 日 loses its middle, 車
and 申 their crossbars, 天 its top. Tesseract then reads 十 for 手, 大 for 天, 県 for 票,
and no setting of the image brings the strokes back (docs/benchmarks.md, "What the fax pages
lack"). What is left to tell them apart is a second reader that errs elsewhere and the
words around them:

- each line Tesseract found and doubts (`DOUBTFUL`) is read again by the line
  recognizer of form fields (PP-OCRv5, `handwriting`), within the characters of
  Shift_JIS (cp932: what a Japanese document holds, so no simplified Chinese 顺 for 順);
- where the two readings differ, each differing piece is taken from the reading whose line
  then leaves fewer characters outside the words (`lexicon.uncovered`), the recognizer's
  on a tie (it reads the thin strokes that are there better);
- where the line is then the recognizer's, a kanji is replaced by one of its alternatives
  (at least `LIKELY` probable) when that makes a word (待 → 特 in 特に).

Measured on the benchmark's 64 fax pages (docs/benchmarks.md): mean CER 1.34 % → 0.77 %,
worst page 9.3 % → 4.7 %. Without the recognizer's files (`yomitori models install`) faxes
are read by Tesseract alone.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

import cv2
import numpy as np
import numpy.typing as npt

from handlers.ocr import handwriting, lexicon, models
from handlers.ocr.layout import Line, Word
from handlers.ocr.text import in_cp932

DOUBTFUL = 0.85
"""A line is read again when Tesseract is less sure than this of one of its words, and
some of its katakana or kanji make no word (`_doubtful`). On the benchmark's 64 fax pages
this reads 41 % of the lines again, at about 0.14 s of CPU a page instead of 0.36 for
every line, and reads them better (mean CER 0.77 % against 0.81 %: a line whose words all
check out is Tesseract's, right, more often than the recognizer's); a bar of 0.8 lets one
page more over 3 %."""
LIKELY = 0.01
"""An alternative at least this probable may replace a kanji of the recognizer's reading."""
PADDING = 4  # pixels of the page round a line's box, cut out for the recognizer
_SPACE = re.compile(r"\s+")


def read_again(pixels: npt.NDArray[np.uint8], lines: list[Line]) -> list[Line]:
    """`lines` (Tesseract's, of the fax page `pixels`) with each line's text chosen between
    Tesseract's reading and the recognizer's (see the module docstring); as they are when
    the recognizer is not installed."""
    files = models.handwriting_files()
    model = None if files is None else handwriting.load(*files)
    if model is None:
        return lines
    gray = pixels if pixels.ndim == 2 else np.asarray(
        cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY), dtype=np.uint8)
    again = []
    for line in lines:
        crop = _cut(gray, line.box) if _doubtful(line) else None
        if crop is not None and min(crop.shape) >= PADDING:
            line = _joined(line, model.read(crop, _shift_jis(model)))
        again.append(line)
    return again


def _doubtful(line: Line) -> bool:
    """Whether `line` is worth reading again: Tesseract is less sure than `DOUBTFUL` of one
    of its words, and some katakana or kanji of it is part of no word (when every one is,
    the words have nothing to choose)."""
    return (min((word.confidence for word in line.words), default=1.0) < DOUBTFUL
            and lexicon.uncovered(_SPACE.sub("", "".join(w.text for w in line.words))) > 0)


def _cut(gray: npt.NDArray[np.uint8], box: tuple[int, int, int, int]) -> npt.NDArray[np.uint8]:
    x0, y0, x1, y1 = box
    return np.ascontiguousarray(gray[max(0, y0 - PADDING):y1 + PADDING,
                                     max(0, x0 - PADDING):x1 + PADDING])


@lru_cache(maxsize=2)
def _shift_jis(model: handwriting.Recognizer) -> handwriting.Alphabet:
    return model.alphabet(in_cp932)


def _joined(line: Line, reading: handwriting.Reading) -> Line:
    """`line` with its words' text chosen between its own and `reading`'s; each word keeps
    its box, and takes the chosen text of the characters it held."""
    own = [_SPACE.sub("", word.text) for word in line.words]
    theirs = _SPACE.sub("", reading.text)
    if not own or not theirs or "".join(own) == theirs:
        return line
    pieces = choose("".join(own), theirs)
    chosen = "".join(text for _, _, text in pieces)
    if chosen == theirs and len(reading.alternatives) == len(reading.text) == len(theirs):
        fixed = with_words(chosen, reading.alternatives)
        pieces = _cut_like(pieces, fixed)
    if "".join(text for _, _, text in pieces) == "".join(own):
        return line
    texts = [""] * len(own)
    ends = np.cumsum([len(text) for text in own])
    for start, end, text in pieces:
        # A piece as long as what it replaces goes character by character to the words
        # those were in; another goes whole to the word of its first character (an added
        # one: the word before it).
        parts = ([(start + k, char) for k, char in enumerate(text)]
                 if len(text) == end - start else [(start if end > start else start - 1, text)])
        for position, part in parts:
            at = int(np.searchsorted(ends, max(0, position), side="right"))
            texts[min(at, len(own) - 1)] += part
    words = [Word(text, word.confidence, word.box)
             for word, text in zip(line.words, texts, strict=True) if text]
    return Line(line.box, line.paragraph, words)


def choose(own: str, theirs: str) -> list[tuple[int, int, str]]:
    """`own` (Tesseract's line) as pieces (start, end in `own`, text): where `theirs` (the
    recognizer's) differs, each piece is the text of the reading that leaves fewer of the
    line's characters outside words, `theirs` on a tie."""
    matcher = SequenceMatcher(None, own, theirs, autojunk=False)
    codes = matcher.get_opcodes()
    texts = [own[start:end] if op == "equal" else theirs[first:last]
             for op, start, end, first, last in codes]
    for number, (op, start, end, _, _) in enumerate(codes):
        if op == "equal":
            continue
        mine = [*texts[:number], own[start:end], *texts[number + 1:]]
        if lexicon.uncovered("".join(mine)) < lexicon.uncovered("".join(texts)):
            texts[number] = own[start:end]
    return [(start, end, text) for (_, start, end, _, _), text in zip(codes, texts, strict=True)]


def with_words(text: str, alternatives: tuple[tuple[tuple[str, float], ...], ...]) -> str:
    """`text` (the recognizer's line) with a kanji replaced by one of its alternatives, or a
    character by a kanji, one at a time while that leaves fewer characters outside words."""
    chars = list(text)
    for _ in range(len(chars)):
        left_over = lexicon.uncovered("".join(chars))
        best: tuple[int, int, str] | None = None  # characters left over, where, which
        for at, others in enumerate(alternatives):
            for other, probability in others:
                if probability < LIKELY or not lexicon.judged(chars[at], other):
                    continue
                tried = lexicon.uncovered("".join([*chars[:at], other, *chars[at + 1:]]))
                if tried < left_over and (best is None or tried < best[0]):
                    best = (tried, at, other)
        if best is None:
            break
        chars[best[1]] = best[2]
    return "".join(chars)


def _cut_like(pieces: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """`pieces` with their texts replaced by `text` cut at the same lengths."""
    cut, at = [], 0
    for start, end, piece in pieces:
        cut.append((start, end, text[at:at + len(piece)]))
        at += len(piece)
    return cut
