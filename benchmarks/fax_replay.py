"""Fax pages read once, their line choices replayed: how a change to `handlers.ocr.fax`
moves the fax figures, in seconds instead of a benchmark run.

    python -m benchmarks.ocr --set fax-other --pages 96 --seed 15 --out build/fax15
    python -m benchmarks.fax_replay record build/fax15/pages build/fax15.pkl
    python -m benchmarks.fax_replay replay build/fax15.pkl [more.pkl...] [--changes]
    python -m benchmarks.fax_replay replay build/fax15.pkl --with HEARD=-inf

`record` reads each fax page of a benchmark's page folder (its `pages.json`) as `yomitori
ocr` does, and keeps, for every time the engine joins Tesseract's lines with the
recognizer's (`fax.joined_lines`), Tesseract's lines, the recognizer's reading of every
one of them (doubtful or not, so that `fax.DOUBTFUL` may be changed too) and the text that
came of it, besides the page's text and its truth. `replay` joins the kept lines again
with the code as it is now, puts the new text where the old one was in the page's text,
and reports the CER per condition (mean, worst, pages over 3 %) as the benchmark does;
`--changes` lists each page whose text changed since it was recorded, better or worse, with
the lines that changed. `--with NAME=NUMBER` replays with one of `handlers.ocr.fax`'s
numbers set otherwise: a recording made by this code, replayed `--with HEARD=-inf`, shows
what the recognizer's steps change (its "recorded" column is with them).

The recognizer and Tesseract are not run again: only what follows them (the choice, the
words, the dates, the look-alikes, what the recognizer heard) is replayed. Each reading
keeps what the recognizer heard along its line (`handwriting.Reading.steps`), so a
recording holds about half a megabyte a page.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import pickle
import sys
from dataclasses import dataclass
from difflib import unified_diff
from pathlib import Path
from statistics import mean

from benchmarks.cer import cer
from handlers.ocr import fax, handwriting
from handlers.ocr.engine import create_engine, lines_text
from handlers.ocr.layout import Line

OVER = 0.03  # issue #14: no new condition's page above 3 %


@dataclass
class Join:
    """One call of `fax.joined_lines`: Tesseract's lines, the recognizer's reading of each
    (None: too small), and the text the joined lines made."""

    lines: list[Line]
    readings: list[handwriting.Reading | None]
    text: str


@dataclass
class Page:
    """A fax page as recorded: its file, condition, truth, text, and its joins."""

    file: str
    condition: str
    truth: str
    text: str
    joins: list[Join]


def _record_one(path: Path) -> tuple[str, list[Join]]:
    """The text of the page at `path` and the joins made while reading it."""
    from handlers.reader import read_scan

    joins: list[Join] = []
    original = fax.joined_lines

    def recording(lines: list[Line], read: fax.Reader) -> list[Line]:
        readings = [read(line) for line in lines]
        joined = original(lines, _cached(lines, readings))
        joins.append(Join(lines, readings, lines_text(joined)))
        return joined

    engine = create_engine()
    fax.joined_lines = recording
    try:
        result = read_scan(path, engine, languages="jpn")
    finally:
        fax.joined_lines = original
        engine.close()
    return result.text, joins


def _cached(lines: list[Line], readings: list[handwriting.Reading | None]) -> fax.Reader:
    kept = {id(line): reading for line, reading in zip(lines, readings, strict=True)}
    return lambda line: kept[id(line)]


def record(folder: Path, out: Path, jobs: int) -> None:
    """Read the fax pages of the benchmark's page `folder` and keep them in `out`."""
    specs = [spec for spec in json.loads((folder / "pages.json").read_text("utf-8"))
             if str(spec["condition"]).startswith("fax")]
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        read = pool.map(_record_one, [folder / spec["file"] for spec in specs])
    pages = [Page(spec["file"], spec["condition"], spec["truth"], text, joins)
             for spec, (text, joins) in zip(specs, read, strict=True)]
    out.write_bytes(pickle.dumps(pages))
    print(f"{len(pages)} fax pages kept in {out}", file=sys.stderr)


def replayed(page: Page) -> str:
    """The text of `page` with its joins made again by the code as it is now."""
    text = page.text
    for join in page.joins:
        again = lines_text(fax.joined_lines(join.lines, _cached(join.lines, join.readings)))
        if again != join.text:
            if join.text not in text:
                raise ValueError(f"{page.file}: a join's text is not in the page's text")
            text = text.replace(join.text, again, 1)
    return text


def report(pages: list[Page], changes: bool) -> list[str]:
    """Per condition: pages, CER mean and worst as recorded and now, pages over `OVER`;
    with `changes`, each changed page and its changed lines."""
    now = [replayed(page) for page in pages]  # by position: two sets share file names
    lines = ["| condition | pages | recorded mean % | worst % | > 3 % | now mean % | worst % "
             "| > 3 % |", "|---|---|---|---|---|---|---|---|"]
    for condition in [*dict.fromkeys(page.condition for page in pages), "all"]:
        chosen = [at for at, page in enumerate(pages) if condition in ("all", page.condition)]
        before = [cer(pages[at].text, pages[at].truth) for at in chosen]
        after = [cer(now[at], pages[at].truth) for at in chosen]
        lines.append(f"| {condition} | {len(chosen)} | " + " | ".join(
            f"{100 * mean(scores):.3f} | {100 * max(scores):.2f} | "
            f"{sum(score > OVER for score in scores)}" for scores in (before, after)) + " |")
    over = [f"- over 3 % now: {page.file} {100 * cer(text, page.truth):.2f} %"
            for page, text in zip(pages, now, strict=True) if cer(text, page.truth) > OVER]
    lines += ["", *over]
    if changes:
        better = worse = 0
        for page, text in zip(pages, now, strict=True):
            if text == page.text:
                continue
            was, is_ = cer(page.text, page.truth), cer(text, page.truth)
            better, worse = better + (is_ < was), worse + (is_ > was)
            lines += ["", f"{page.file}: {100 * was:.2f} → {100 * is_:.2f} %", *(
                line for line in unified_diff(page.text.splitlines(), text.splitlines(),
                                              lineterm="", n=0)
                if line[:1] in "+-" and line[:3] not in ("+++", "---"))]
        lines += ["", f"pages changed: {better} better, {worse} worse"]
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fax_replay", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    steps = parser.add_subparsers(dest="step", required=True)
    keep = steps.add_parser("record", help="read a page folder's fax pages and keep them")
    keep.add_argument("folder", type=Path, help="a benchmark's page folder (pages.json)")
    keep.add_argument("out", type=Path)
    keep.add_argument("--jobs", type=int, default=2)
    again = steps.add_parser("replay", help="join the kept lines again with this code")
    again.add_argument("kept", type=Path, nargs="+")
    again.add_argument("--changes", action="store_true", help="list the pages that changed")
    again.add_argument("--with", dest="settings", action="append", default=[],
                       metavar="NAME=NUMBER",
                       help="replay with a number of handlers.ocr.fax set otherwise, e.g. "
                            "HEARD=-inf to leave out what the recognizer heard (repeatable)")
    args = parser.parse_args(argv)
    if args.step == "record":
        record(args.folder, args.out, args.jobs)
    else:
        for name, value in map(_setting, args.settings):
            setattr(fax, name, value)
        pages = [page for path in args.kept for page in pickle.loads(path.read_bytes())]
        print("\n".join(report(pages, args.changes)))
    return 0


def _setting(text: str) -> tuple[str, float]:
    """NAME=NUMBER, NAME one of `handlers.ocr.fax`'s numbers (DOUBTFUL, HEARD, ...)."""
    name, _, value = text.partition("=")
    if not isinstance(getattr(fax, name, None), int | float) or name.startswith("_"):
        raise SystemExit(f"--with {text}: {name} is no number of handlers.ocr.fax")
    try:
        return name, float(value)
    except ValueError:
        raise SystemExit(f"--with {text}: {value!r} is no number") from None


if __name__ == "__main__":
    # The pages are pickled as this module's classes, not as those of __main__.
    from benchmarks.fax_replay import main as replay_main
    sys.exit(replay_main(sys.argv[1:]))
