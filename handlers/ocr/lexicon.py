"""Japanese words, to tell a misread kanji from a written one.

The handwriting recognizer is sometimes sure of a kanji of nearly the same shape as the one
written: 丁目 read as 丁日, 前田 as 前由, 特に as 待に. No confidence and no second model
(Tesseract reads the same 由) tells these apart; the words around them do. A reading is
doubtful when putting one of a character's alternatives (the characters the recognizer
itself found next most probable there, `handwriting.Reading.alternatives`) in its place
turns characters that are part of no word into a word, or when a kanji's look-alike came
close and makes as good a word (阪本 and 坂本: `similar_word`).

The words are the 124,505 of Tesseract's own Japanese word list (the `lstm-word-dawg` of
`jpn.traineddata`, which every installation has: common words, place names, family and
given names), read from the traineddata file once per process (`words`: about 0.1 s of
CPU; the 90,314 words of two to eight characters kept take 11 MB), and the words of a
ward office's paper that list lacks (`ward_words.txt`: 区民, 開庁, 事務所, 住民票...).

Measured on the stroke-drawn forms benchmark (docs/benchmarks.md, issue #17): on five runs
of 40 forms (1,937 written text fields) the first test caught 5 of the 8 wrong fields
nothing else flagged, for 1 right field more flagged; the second (`CLOSE`) caught two of a
sixth run's, for 16 right fields more in 2,318. Over ten runs, 369 of 372 wrong fields
were flagged.
"""

from __future__ import annotations

import logging
import math
import re
import struct
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from handlers.ocr import models
from handlers.ocr.text import KANA_OR_KANJI

LIKELY = 1e-3
"""An alternative at least this probable is tried; less probable ones (most characters
have some) are noise."""
CLOSE = 0.03
"""A kanji whose look-alike is at least this probable and makes as good a word (阪本 read,
坂本 at 0.04) is doubtful too: both are names, and the recognizer hesitated."""
LONGEST = 8  # characters: longer words of the list are left out of the search
WARD_WORDS = Path(__file__).with_name("ward_words.txt")
# Sections of a traineddata file (Tesseract's TessdataType).
_WORD_DAWG, _UNICHARSET = 19, 21
_DAWG_MAGIC = 42
_MARKER, _WORD_END = 1, 4  # an edge's flags: last edge of its node; a word ends here
_KANJI = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_KANA_OR_KANJI = re.compile(f"[{KANA_OR_KANJI}]")
_HIRAGANA = re.compile("[\u3041-\u309f]")
_COUNTED = re.compile("[\u30a1-\u30fa\u30fc-\u30ff\u3400-\u9fff\uf900-\ufaff]")
"""Katakana and kanji: what the words judge. Not the middle dot ・ (U+30FB) of the katakana
block, which is punctuation (住所・氏名・年齢): counted, it made a line that holds it look
doubtful, and 氏名一作 (一作 is a word) read better than 氏名・年齢."""

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def words() -> frozenset[str]:
    """The Japanese words of two to `LONGEST` characters in the system's `jpn.traineddata`;
    empty (the check is off) when it cannot be read."""
    try:
        path = models.tessdata_dir() / "jpn.traineddata"
        found = read_words(path)
    except (OSError, ValueError, IndexError, struct.error) as error:
        log.warning("the Japanese word list could not be read (%s): misread kanji that "
                    "make no word are not flagged", error)
        return frozenset()
    return frozenset(word for word in [*found, *ward_words()]
                     if 2 <= len(word) <= LONGEST and _KANA_OR_KANJI.search(word))


@lru_cache(maxsize=1)
def _ward_set() -> frozenset[str]:
    return frozenset(word for word in ward_words() if 2 <= len(word) <= LONGEST)


def in_ward_words(text: str) -> int:
    """How many of `text`'s characters can be put inside the ward's words (`ward_words`) at
    once: of two readings with as few characters outside words, the one more of whose are
    in the ward's words is the likelier on a ward's paper (申込み, not the surname 中込)."""
    known = _ward_set()
    most = [0] * (len(text) + 1)
    for start in range(len(text) - 1, -1, -1):
        best = most[start + 1]
        for end in range(start + 2, min(len(text), start + LONGEST) + 1):
            if text[start:end] in known:
                best = max(best, end - start + most[end])
        most[start] = best
    return most[0]


def ward_words_at(text: str, at: int) -> list[str]:
    """The ward's words (`ward_words`) of `text` that hold its character at `at`."""
    known = _ward_set()
    return [text[start:end] for start in range(max(0, at - LONGEST + 1), at + 1)
            for end in range(max(at + 1, start + 2), min(len(text), start + LONGEST) + 1)
            if text[start:end] in known]


def ward_words() -> list[str]:
    """The words of a ward office's paper that Tesseract's list lacks (`WARD_WORDS`)."""
    text = WARD_WORDS.read_text(encoding="utf-8")
    return [word for line in text.splitlines() if not line.startswith("#")
            for word in line.split()]


def read_words(traineddata: Path) -> list[str]:
    """Every word of a traineddata file's word list (its squished DAWG: each edge a 64-bit
    record of a character id, three flag bits and the node the edge leads to; a node's
    edges lie side by side, the last one marked)."""
    sections = _sections(traineddata.read_bytes())
    if _WORD_DAWG not in sections or _UNICHARSET not in sections:
        raise ValueError(f"{traineddata.name} holds no word list")
    characters = _characters(sections[_UNICHARSET])
    dawg = sections[_WORD_DAWG]
    magic, size, count = struct.unpack_from("<hii", dawg, 0)
    if magic != _DAWG_MAGIC:
        raise ValueError(f"{traineddata.name} has no word list Tesseract 4 or later writes")
    edges = np.frombuffer(dawg, dtype="<u8", count=count, offset=10)
    flag_bit = math.ceil(math.log2(size))
    letters = (edges & np.uint64((1 << flag_bit) - 1)).tolist()
    flags = ((edges >> np.uint64(flag_bit)) & np.uint64(7)).tolist()
    following = (edges >> np.uint64(flag_bit + 3)).tolist()
    found: list[str] = []
    pending = [(0, "")]  # (node, the word so far)
    while pending:
        edge, prefix = pending.pop()
        while True:
            word = prefix + characters[letters[edge]]
            if flags[edge] & _WORD_END:
                found.append(word)
            if following[edge] and len(word) < LONGEST:
                pending.append((following[edge], word))
            if flags[edge] & _MARKER:
                break
            edge += 1
    return found


def _sections(data: bytes) -> dict[int, bytes]:
    """A traineddata file's sections by number: a count, then each section's offset (-1
    for an absent one); a section runs to the next one present."""
    (count,) = struct.unpack_from("<i", data, 0)
    offsets = struct.unpack_from(f"<{count}q", data, 4)
    starts = sorted(offset for offset in offsets if offset >= 0)
    ends = dict(zip(starts, [*starts[1:], len(data)], strict=False))
    return {number: data[offset:ends[offset]]
            for number, offset in enumerate(offsets) if offset >= 0}


def _characters(unicharset: bytes) -> list[str]:
    """A unicharset's characters by id: its first line counts them, each next line starts
    with one ("NULL" being the space)."""
    lines = unicharset.decode("utf-8").splitlines()
    named = [line.split(" ", 1)[0] for line in lines[1:int(lines[0]) + 1]]
    return [" " if name == "NULL" else name for name in named]


def uncovered(text: str) -> int:
    """How many of `text`'s katakana and kanji are part of no word, cutting it into words
    so that as few as possible are left over (hiragana, digits and punctuation are free:
    particles and okurigana stand alone)."""
    return _cut(text)[0][0]


def outside_words(text: str) -> list[int]:
    """Where the katakana and kanji `uncovered` counts stand in `text` (of one best cut)."""
    fewest, ends = _cut(text)
    places, at = [], 0
    while at < len(text):
        if ends[at] == at + 1 and fewest[at] > fewest[at + 1]:
            places.append(at)
        at = ends[at]
    return places


def _cut(text: str) -> tuple[list[int], list[int]]:
    """For each place in `text`, the fewest katakana and kanji outside words from there on,
    and where the word (or the one character) that begins there ends in such a cut."""
    known = words()
    fewest = [0] * (len(text) + 1)
    ends = [0] * len(text)
    for start in range(len(text) - 1, -1, -1):
        best, end_of = fewest[start + 1] + bool(_COUNTED.match(text[start])), start + 1
        for end in range(start + 2, min(len(text), start + LONGEST) + 1):
            if fewest[end] < best and text[start:end] in known:
                best, end_of = fewest[end], end
        fewest[start], ends[start] = best, end_of
    return fewest, ends


def judged(char: str, other: str) -> bool:
    """Whether the words may tell `other` from `char` in a reading: both are kana or kanji,
    and one of them a kanji (katakana names and kana for kana are no words' business)."""
    return (bool(_KANA_OR_KANJI.match(char)) and bool(_KANA_OR_KANJI.match(other))
            and bool(_KANJI.match(char) or _KANJI.match(other)))


def counted(char: str) -> bool:
    """Whether `char` is a katakana or a kanji: what `uncovered` counts."""
    return bool(_COUNTED.match(char))


def is_kanji(char: str) -> bool:
    """Whether `char` is a kanji."""
    return bool(_KANJI.match(char))


def is_hiragana(char: str) -> bool:
    """Whether `char` is a hiragana."""
    return bool(_HIRAGANA.match(char))


def is_kana_or_kanji(char: str) -> bool:
    """Whether `char` is hiragana, katakana or a kanji."""
    return bool(_KANA_OR_KANJI.match(char))


def similar_word(text: str,
                 alternatives: Sequence[Sequence[tuple[str, float]]]) -> bool:
    """Whether one of a character's `alternatives` (per character of `text`: (character,
    probability), as `handwriting.Reading` gives them), tried where a kanji is read or
    would be, leaves fewer characters of `text` outside words (`uncovered`), or, a kanji
    for a kanji at least `CLOSE` probable, as few."""
    if not words():
        return False
    left_over = None
    for at, (char, others) in enumerate(zip(text, alternatives, strict=False)):
        for other, probability in others:
            if probability < LIKELY or not judged(char, other):
                continue
            left_over = uncovered(text) if left_over is None else left_over
            instead = uncovered(text[:at] + other + text[at + 1:])
            if instead < left_over or (instead == left_over and probability >= CLOSE
                                       and bool(_KANJI.match(char)) and bool(_KANJI.match(other))):
                return True
    return False
