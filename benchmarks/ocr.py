"""OCR accuracy and speed: bare Tesseract against Yomitori on synthetic scanned notices.

    python -m benchmarks.ocr                      # 144 pages, 8 per condition, ~10 min
    python -m benchmarks.ocr --set issue14        # only the conditions of issue #14
    python -m benchmarks.ocr --set fax --pages 48 # faxes: G3, G4 and saved as PDF
    python -m benchmarks.ocr --set fax-other      # the same, on notices of other lines
    python -m benchmarks.ocr --set fax-fresh      # and of lines written after the fax rules
    python -m benchmarks.ocr --set fax-new        # and of lines written after their 10th round
    python -m benchmarks.ocr --pages 160 --seed 7 # more pages, other ones
    python -m benchmarks.ocr --languages jpn+eng  # Yomitori with other languages
    python -m benchmarks.ocr --memory 500         # RSS of one `yomitori ocr` over 500 pages
                                                  # of every condition (or of --set)

Bare Tesseract runs `tesseract FILE stdout -l jpn` (--bare-languages); Yomitori runs with
its default languages unless --languages is given.

Pages and the report (report.md) go to --out (default build/benchmarks/ocr, not kept in
git). See benchmarks/ocr_pages.py for how pages are made and docs/benchmarks.md for results.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from benchmarks import ocr_report as report
from benchmarks.ocr_pages import (
    ALL_CONDITIONS,
    CONDITIONS,
    FAX_CONDITIONS,
    FRESH_FAX_CONDITIONS,
    NEW_FAX_CONDITIONS,
    OTHER_FAX_CONDITIONS,
    PAGE_CONDITIONS,
    PageSpec,
    generate,
)
from benchmarks.ocr_runs import ROOT, bare_tesseract, yomitori

DEFAULT_OUT = ROOT / "build" / "benchmarks" / "ocr"
SETS = {"all": ALL_CONDITIONS, "issue3": CONDITIONS, "issue14": PAGE_CONDITIONS,
        "fax": FAX_CONDITIONS, "fax-other": OTHER_FAX_CONDITIONS,
        "fax-fresh": FRESH_FAX_CONDITIONS, "fax-new": NEW_FAX_CONDITIONS}
PER_CONDITION = 8


def _step_timings(specs: list[PageSpec], folder: Path, languages: str | None
                  ) -> list[dict[str, float]]:
    """Seconds per preprocessing step for each page, measured in this process."""
    from handlers.ocr.decode import open_document
    from handlers.ocr.engine import create_engine
    from handlers.ocr.preprocess import prepare

    engine = create_engine()
    timings = []
    try:
        for spec in specs:
            with open_document(folder / spec.file) as document:
                page = next(document.pages())
            timings.append(prepare(page.image, page.dpi, engine=engine, colour=page.colour,
                                   languages=languages or "jpn").timings)
    finally:
        engine.close()
    return timings


def _accuracy_run(args: argparse.Namespace) -> list[str]:
    folder = args.out / "pages"
    shutil.rmtree(folder, ignore_errors=True)
    conditions = SETS[args.set]
    specs = generate(folder, args.pages or PER_CONDITION * len(conditions), args.seed,
                     conditions)
    files = [folder / spec.file for spec in specs]
    print(f"{len(files)} pages in {folder}; bare tesseract...", file=sys.stderr, flush=True)
    bare = bare_tesseract(files, args.bare_languages)
    print("yomitori ocr...", file=sys.stderr, flush=True)
    ours = yomitori(files, args.languages)
    print("preprocessing steps...", file=sys.stderr, flush=True)
    timings = _step_timings(specs, folder, args.languages)
    languages = args.languages or "the default"
    return [
        "## OCR", "",
        f"{len(files)} pages (seed {args.seed}, conditions: {args.set}), bare Tesseract "
        f"`-l {args.bare_languages}`, Yomitori with {languages} languages, one core "
        "(OMP_THREAD_LIMIT=1, pinned to one CPU).", "",
        "### Character error rate per condition (%)", "",
        *report.accuracy(specs, bare, ours), "",
        *report.goals(specs, ours, list(dict.fromkeys(
            c.name for c in PAGE_CONDITIONS + FAX_CONDITIONS + OTHER_FAX_CONDITIONS
            + FRESH_FAX_CONDITIONS + NEW_FAX_CONDITIONS))), "",
        *report.orientation(specs, ours), "",
        "### Speed", "",
        *report.speed(len(files), bare, ours), "",
        "### Preprocessing steps (in-process, per page)", "",
        *report.steps(timings), "",
    ]


def _memory_run(args: argparse.Namespace) -> list[str]:
    folder = args.out / "memory"
    shutil.rmtree(folder, ignore_errors=True)
    specs = generate(folder, args.memory, args.seed + 1, SETS[args.set])
    files = [folder / spec.file for spec in specs]
    print(f"{len(files)} pages in {folder}; yomitori ocr...", file=sys.stderr, flush=True)
    ours = yomitori(files, args.languages, sample_seconds=1.0)
    return [
        "### Memory", "",
        f"One `yomitori ocr` process over {len(files)} pages (seed {args.seed + 1}, "
        f"conditions: {args.set}), "
        f"{ours.seconds / len(files):.3f} s/page.", "",
        *report.memory(ours.rss_trace, ours.peak_rss_mib, len(files)), "",
    ]


def main(argv: list[str]) -> int:
    """Run the benchmark; print the report and write it to OUT/report.md (or memory.md)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ocr", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=0,
                        help=f"pages in all (default {PER_CONDITION} per condition)")
    parser.add_argument("--set", choices=sorted(SETS), default="all",
                        help=f"conditions: {', '.join(sorted(SETS))}")
    parser.add_argument("--memory", type=int, default=0, metavar="PAGES",
                        help="instead: peak and running RSS of one run over PAGES pages")
    parser.add_argument("--seed", type=int, default=20240401)
    parser.add_argument("--languages", default=None,
                        help="Yomitori's languages (default: its own default)")
    parser.add_argument("--bare-languages", default="jpn")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    # One core for both contenders: OpenMP in Tesseract, OpenCV's threads, everything.
    # Children inherit the affinity; it is given back for whatever runs after this.
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {max(cpus)})
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        lines = _memory_run(args) if args.memory else _accuracy_run(args)
    finally:
        os.sched_setaffinity(0, cpus)
    text = "\n".join(lines)
    (args.out / ("memory.md" if args.memory else "report.md")).write_text(text, "utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
