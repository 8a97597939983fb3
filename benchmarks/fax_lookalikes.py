"""Fax look-alikes: which characters the line recognizer reads a faxed character as, where
it does not offer the right one among its alternatives, and which ones Tesseract does.

    python -m benchmarks.fax_lookalikes             # 1280 pages on every core, ~27 min on 2
    python -m benchmarks.fax_lookalikes --write     # and write the tables
    python -m benchmarks.fax_lookalikes --counts counts.json       # keep every count
    python -m benchmarks.fax_lookalikes --from-counts counts.json --least 3   # no pages

A fax in normal mode keeps a thin stroke only where it falls on one of its lines, so the
recognizer reads 申 as 中, 自 as 白 and 入 as 人, sure enough that the right character is
not among its alternatives (`handlers.ocr.fax.LIKELY`) and the words cannot put it back;
Tesseract reads 庁 as 店 and 住 as 仕. This measures those misreadings on pages that hold
none of the benchmark's notices: lines of random words of Tesseract's own word list (words
whose kanji are all of JIS level 1, each kanji drawn about as often as the others), set in
the benchmark's four fonts and sizes, tilted as the fax conditions are, faxed at 200×100
or 204×98 dpi and saved as G3 TIFF; each page is read by Yomitori (`read_scan`) with every
line read again by the recognizer, not only the doubtful ones, and both readers' lines are
set against the page's text. A misreading seen at least `--least` times goes into the
reader's table (`handlers/ocr/fax_lookalikes.txt` for the recognizer,
`fax_lookalikes_tesseract.txt` for Tesseract, with --write): the character read, then
those it stood for, most often first. See docs/benchmarks.md for what the tables do.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import tempfile
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from unittest.mock import patch

import numpy as np

from benchmarks import ocr_pages as pages
from benchmarks import ocr_sheets as sheets
from handlers.ocr import fax, handwriting, lexicon, menders, models
from handlers.ocr.engine import create_engine
from handlers.ocr.layout import Line
from handlers.reader import read_scan

TABLE = menders.LOOKALIKES
TESSERACT_TABLE = menders.TESSERACT_LOOKALIKES
RESOLUTIONS = ((200, 100), (204, 98))
CONDITION = pages.Condition("fax", dpi=(200,), skew=1.0, fmt="g3")
FONTS = sorted(pages.FONTS)
PARTICLES = "のはをにでとがも"
LINE_MM = 120.0  # the longest a line may run (the sheet's text width is 124 mm)
Missed = Counter[tuple[str, str]]  # (meant, read) pairs and how often each was seen


def level_one(char: str) -> bool:
    """Whether `char` is no kanji, or one of JIS level 1 (Shift_JIS 889F to 9872): the
    kanji of everyday print."""
    if not lexicon.is_kanji(char):
        return True
    try:
        code = char.encode("cp932")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and 0x889F <= int.from_bytes(code, "big") <= 0x9872


def word_pool() -> dict[str, list[str]]:
    """Words of two to four kana and kanji from Tesseract's list, by each kanji they hold."""
    words = lexicon.read_words(models.tessdata_dir() / "jpn.traineddata")
    having: dict[str, list[str]] = defaultdict(list)
    for word in sorted(set(words)):
        if (2 <= len(word) <= 4 and all(map(lexicon.is_kana_or_kanji, word))
                and all(map(level_one, word))):
            for char in set(word):
                if lexicon.is_kanji(char):
                    having[char].append(word)
    return having


@lru_cache(maxsize=1)
def ward_pool() -> tuple[str, ...]:
    """The ward's words (`lexicon.ward_words`) of kana and kanji of JIS level 1 alone."""
    return tuple(sorted({word for word in lexicon.ward_words()
                         if all(map(lexicon.is_kana_or_kanji, word))
                         and all(map(level_one, word))}))


def page_lines(rng: random.Random, having: dict[str, list[str]], font: str,
               body_pt: float, ward: float = 0.0) -> list[str]:
    """A title and as many body lines as the sheet holds at `body_pt`, each random words
    (a kanji drawn, then a word holding it; with probability `ward`, one of the ward's
    words instead), some followed by a particle."""
    kanji = sorted(having)
    wards = ward_pool() if ward else ()
    lines = ["お知らせ"]
    while (len(lines) + 1) * body_pt * pages.LINE_PITCH + pages.TITLE_PT * 2 < (
            pages.PAPER_MM[1] - 2 * pages.MARGIN_MM) / 25.4 * 72:
        line = ""
        while True:
            word = (rng.choice(wards) if ward and rng.random() < ward
                    else rng.choice(having[rng.choice(kanji)]))
            if rng.random() < 0.5:
                word += rng.choice(PARTICLES)
            if not sheets.fits(line + word, pages.FONTS[font], body_pt, 200, LINE_MM):
                break
            line += word
        lines.append(line)
    return lines


def make_page(folder: Path, number: int, seed: int, having: dict[str, list[str]],
              ward: float = 0.0) -> str:
    """Write page `number` of `seed` into `folder` (`ward`: as for `page_lines`); return
    its text (lines joined by \n)."""
    rng = random.Random(seed * 100_003 + number)
    noise = np.random.default_rng(rng.randrange(2**32))
    font = FONTS[number % len(FONTS)]
    body_pt = rng.choice(pages.BODY_PT)
    lines = page_lines(rng, having, font, body_pt, ward)
    dpi, dpi_y = rng.choice(RESOLUTIONS)
    skew = rng.uniform(-CONDITION.skew, CONDITION.skew)
    sheet = pages.degrade(pages.render(lines, font, body_pt, dpi), CONDITION, dpi, 0, skew,
                          noise)
    pages.save(sheets.fax(sheet, dpi, dpi_y), folder / f"{number:04d}.tif", "g3",
               (dpi, dpi_y), 0)
    return "\n".join(lines)


def misread(truth: str, readings: list[handwriting.Reading]
            ) -> Missed:
    """The (meant, read) pairs of a page where the recognizer's `readings` (its lines, in
    order) put another character for a katakana or kanji of `truth`, without offering it
    among that character's alternatives at least `fax.LIKELY` probable."""
    chars: list[str] = []
    offered: list[set[str]] = []
    for reading in readings:
        if len(reading.alternatives) != len(reading.text):
            continue
        for char, others in zip(reading.text, reading.alternatives, strict=True):
            if not char.isspace():
                chars.append(char)
                offered.append({other for other, p in others if p >= fax.LIKELY})
    return _replaced(truth, chars, offered)


def misread_by_tesseract(truth: str, lines: list[Line]) -> Missed:
    """The (meant, read) pairs of a page where Tesseract's `lines` put another character
    for a katakana or kanji of `truth` (it offers no alternatives)."""
    chars = [char for line in lines for word in line.words for char in word.text
             if not char.isspace()]
    return _replaced(truth, chars, [set()] * len(chars))


def _replaced(truth: str, chars: list[str], offered: list[set[str]]
              ) -> Missed:
    """The (meant, read) pairs where `chars` (a page's reading) put another character for
    a katakana or kanji of `truth`, one for one, and `offered` (per character read) does
    not hold the one meant."""
    text, read = truth.replace("\n", ""), "".join(chars)
    found: Missed = Counter()
    for op, start, end, first, last in SequenceMatcher(None, text, read,
                                                       autojunk=False).get_opcodes():
        if op == "replace" and end - start == last - first:
            for k in range(end - start):
                meant, char = text[start + k], read[first + k]
                if lexicon.counted(meant) and meant not in offered[first + k]:
                    found[(meant, char)] += 1
    return found


def read_pages(job: tuple[Path, int, int, int, float]) -> tuple[Missed, Missed, Counter[str]]:
    """Make and read the pages `first` to `first + count` of a seed (one worker's share):
    the recognizer's misreadings, Tesseract's, and the characters on the pages."""
    folder, seed, first, count, ward = job
    having = word_pool()
    engine = create_engine()
    readings: list[handwriting.Reading] = []
    lines: list[Line] = []
    joined = fax._joined

    def recorded(line: Line, reading: handwriting.Reading) -> Line:
        readings.append(reading)
        lines.append(line)
        return joined(line, reading)

    missed: Missed = Counter()
    by_tesseract: Missed = Counter()
    seen: Counter[str] = Counter()
    with (patch.object(fax, "_doubtful", lambda line: True),
          patch.object(fax, "_joined", recorded)):
        for number in range(first, first + count):
            truth = make_page(folder, number, seed, having, ward)
            readings.clear()
            lines.clear()
            read_scan(folder / f"{number:04d}.tif", engine, languages="jpn")
            missed += misread(truth, readings)
            by_tesseract += misread_by_tesseract(truth, lines)
            seen.update(truth.replace("\n", ""))
    engine.close()
    return missed, by_tesseract, seen


def misreadings(count: int, seed: int, jobs: int, ward: float = 0.0
                ) -> tuple[Missed, Missed, Counter[str]]:
    """Over `count` faxed pages, made and read by `jobs` processes: (meant, read) pairs
    the recognizer did not offer `meant` for, those Tesseract read, and how often each
    character was on the pages."""
    if models.handwriting_files() is None:
        raise SystemExit("the line recognizer is not installed: run `yomitori models install`")
    missed: Missed = Counter()
    by_tesseract: Missed = Counter()
    seen: Counter[str] = Counter()
    share = -(-count // jobs)
    with tempfile.TemporaryDirectory() as folder, \
            multiprocessing.get_context("spawn").Pool(jobs) as pool:
        shares = [(Path(folder), seed, first, min(share, count - first), ward)
                  for first in range(0, count, share)]
        for found, found_by_tesseract, chars in pool.imap_unordered(read_pages, shares):
            missed += found
            by_tesseract += found_by_tesseract
            seen += chars
    return missed, by_tesseract, seen


def table(missed: Missed, least: int) -> dict[str, list[str]]:
    """The look-alikes of each katakana or kanji read: the katakana and kanji it stood for
    at least `least` times, most often first. A hiragana, digit or mark read is left out:
    a kanji put in its place may join the kanji before it into a family name (票は read as
    栗田) and a number must stay one."""
    meant_for: dict[str, list[str]] = defaultdict(list)
    for (meant, char), times in sorted(missed.items(), key=lambda item: (-item[1], item[0])):
        if times >= least and lexicon.counted(char):
            meant_for[char].append(meant)
    return dict(meant_for)


def write(path: Path, found: dict[str, list[str]], reader: str, offered: str, function: str,
          count: int, seed: int, least: int, ward: float = 0.0) -> None:
    """Write the table `found` of `reader`'s misreadings to `path`; `offered` says what
    was not offered, `function` which function of `handlers.ocr.menders` reads the table."""
    words = ("of random words of Tesseract's word list" if not ward else
             f"of random words, {100 * ward:.0f} % of them the ward's words and the rest\n"
             "# of Tesseract's word list")
    header = (
        f"# Fax look-alikes: a character {reader} read on a faxed page, then the characters\n"
        f"# it stood for there{offered}, most often first\n"
        f"# (`handlers.ocr.menders.{function}`). Measured, not written by hand:\n"
        f"#     python -m benchmarks.fax_lookalikes --pages {count} --seed {seed}"
        + (f" --ward {ward:g}" if ward else "") + f" --least {least} --write\n"
        f"# on pages {words} (benchmarks/fax_lookalikes.py).\n")
    body = "".join(f"{char} {' '.join(meant)}\n" for char, meant in sorted(found.items()))
    path.write_text(header + body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1280)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--ward", type=float, default=0.0,
                        help="the share of words drawn from the ward's words (default 0)")
    parser.add_argument("--least", type=int, default=2,
                        help="times a misreading is seen to go into the table (default 2)")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)),
                        help="processes (default: one per core this may use)")
    parser.add_argument("--write", action="store_true",
                        help=f"write {TABLE.name} and {TESSERACT_TABLE.name}")
    parser.add_argument("--counts", type=Path, help="write every misreading counted (JSON)")
    parser.add_argument("--from-counts", type=Path,
                        help="read no pages: take the misreadings of a --counts file")
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one thread per process: jobs use the cores
    if args.from_counts:
        counts = json.loads(args.from_counts.read_text(encoding="utf-8"))
        missed, by_tesseract = (Counter({(meant, read): times for meant, read, times
                                         in counts[reader]})
                                for reader in ("recognizer", "tesseract"))
        seen = Counter(counts["seen"])
    else:
        missed, by_tesseract, seen = misreadings(args.pages, args.seed, args.jobs, args.ward)
    if args.counts:
        args.counts.write_text(json.dumps(
            {"recognizer": [[*pair, n] for pair, n in missed.most_common()],
             "tesseract": [[*pair, n] for pair, n in by_tesseract.most_common()],
             "seen": dict(seen)}, ensure_ascii=False), encoding="utf-8")
    chars = sum(seen.values())
    readers = (("the line recognizer", missed, TABLE, " without the recognizer offering them",
                "lookalikes"),
               ("Tesseract", by_tesseract, TESSERACT_TABLE, "", "tesseract_lookalikes"))
    for reader, counted, path, offered, function in readers:
        found = table(counted, args.least)
        print(f"{reader}: {sum(counted.values())} characters misread"
              f" ({100 * sum(counted.values()) / chars:.2f} %) of {chars} on {args.pages} pages"
              f" ({len(seen)} distinct); table: {len(found)} characters read,"
              f" {sum(map(len, found.values()))} look-alikes")
        for (meant, char), times in counted.most_common(20):
            print(f"  {meant} read as {char}: {times} of {seen[meant]}")
        if args.write:
            write(path, found, reader, offered, function, args.pages, args.seed, args.least,
                  args.ward)
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
