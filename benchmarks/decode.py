"""Decoding in the bounded child process: what it costs per page, and what scans need.

    python -m benchmarks.decode                # about five minutes on two busy cores
    python -m benchmarks.decode --repeat 9

The scans are synthetic multi-page A4 and A3 scans (the notices of benchmarks/ocr_pages.py,
two to a sheet, with a scanner's blur and noise) saved as multifunction printers save them:
gray or colour JPEG pages in a PDF, 1-bit G4 TIFF, a single colour JPEG. For each file:

- seconds per page decoded in this process and in the child, best of --repeat alternating
  runs, and the difference: the child's overhead per page;
- the smallest memory bound (MiB, bisected to 16) under which every page decodes exactly
  as in this process, and the slowest page: what `ocr.decode_memory_mb` and
  `ocr.decode_seconds` must allow;
- for context, the seconds that OCR takes per page of the A4 300 dpi PDF.

The report goes to --out (default build/benchmarks/decode/report.md, not kept in git).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

from benchmarks.ocr_pages import CONDITIONS, FONTS, degrade, notice_lines, render
from benchmarks.ocr_runs import ROOT
from daemon.errors import InputTooLarge
from handlers.ocr import forkserver
from handlers.ocr.decode import Limits, open_document
from handlers.ocr.sandbox import Bounds

DEFAULT_OUT = ROOT / "build" / "benchmarks" / "decode"
A4_MM, A3_MM = (210.0, 297.0), (297.0, 420.0)
PAPER_TINT = (1.0, 0.985, 0.95)  # colour scans of white paper come out slightly warm
HERE = Limits(bounds=None)
CHILD = Limits(isolate_pixels=0)  # every file through the child, images too


def sheet(paper_mm: tuple[float, float], dpi: int, rng: random.Random) -> np.ndarray:
    """A gray scan of a sheet with two notices on it, at `dpi`."""
    mm = dpi / 25.4
    page = np.full((round(paper_mm[1] * mm), round(paper_mm[0] * mm)), 255, dtype=np.uint8)
    for number in range(2):
        notice = render(notice_lines(rng), sorted(FONTS)[number], 11.0, dpi)
        top, left = round((20 + number * 120) * mm), round(20 * mm)
        page[top:top + notice.shape[0], left:left + notice.shape[1]] = notice
    return degrade(page, CONDITIONS[0], dpi, 0, 0.0, np.random.default_rng(rng.randrange(2**32)))


def pictures(paper_mm: tuple[float, float], dpi: int, colour: bool, pages: int,
             seed: int) -> list[Image.Image]:
    rng = random.Random(seed)
    out = []
    for _ in range(pages):
        gray = sheet(paper_mm, dpi, rng)
        if colour:
            tint = np.array(PAPER_TINT, dtype=np.float32)
            out.append(Image.fromarray((gray[..., None] * tint).astype(np.uint8), "RGB"))
        else:
            out.append(Image.fromarray(gray, "L"))
    return out


def make_scans(folder: Path, seed: int) -> list[Path]:
    """The scans, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)

    def pdf(name: str, paper: tuple[float, float], dpi: int, colour: bool, pages: int) -> Path:
        frames = pictures(paper, dpi, colour, pages, seed)
        frames[0].save(folder / name, "PDF", save_all=True, append_images=frames[1:],
                       resolution=float(dpi), quality=80)
        return folder / name

    g4 = [f.convert("1") for f in pictures(A4_MM, 300, False, 10, seed)]
    g4[0].save(folder / "a4-300-g4.tif", save_all=True, append_images=g4[1:],
               compression="group4", dpi=(300, 300))
    pictures(A4_MM, 600, True, 1, seed)[0].save(folder / "a4-600-colour.jpg", quality=85,
                                                 dpi=(600, 600))
    return [
        pdf("a4-300-gray.pdf", A4_MM, 300, False, 10),
        pdf("a4-300-colour.pdf", A4_MM, 300, True, 5),
        folder / "a4-300-g4.tif",
        pdf("a4-600-colour.pdf", A4_MM, 600, True, 3),
        pdf("a3-600-colour.pdf", A3_MM, 600, True, 2),
        folder / "a4-600-colour.jpg",
    ]


def page_seconds(path: Path, limits: Limits) -> tuple[float, float]:
    """Seconds per page for decoding every page of `path` with `limits`, and the slowest."""
    started = time.perf_counter()
    slowest, count, clock = 0.0, 0, started
    with open_document(path, limits) as document:
        for _ in document.pages():
            now = time.perf_counter()
            slowest, count, clock = max(slowest, now - clock), count + 1, now
    return (time.perf_counter() - started) / count, slowest


def decodes_within(path: Path, mib: int, expected: list[np.ndarray]) -> bool:
    """Whether every page of `path` decodes under a bound of `mib`, as `expected`."""
    limits = Limits(isolate_pixels=0, bounds=Bounds(mib * 2**20, seconds=300))
    try:
        with open_document(path, limits) as document:
            got = [page.image for page in document.pages()]
    except InputTooLarge:
        return False
    if not all(np.array_equal(a, b) for a, b in zip(got, expected, strict=True)):
        raise AssertionError(f"{path.name}: other pages under {mib} MiB than without a bound")
    return True


def memory_needed(path: Path, low: int = 32, high: int = 4096, step: int = 16) -> int:
    """The smallest bound in MiB (to `step`) under which every page of `path` decodes."""
    with open_document(path, HERE) as document:
        expected = [page.image for page in document.pages()]
    if not decodes_within(path, high, expected):
        return -1
    while high - low > step:
        middle = (low + high) // 2
        low, high = (low, middle) if decodes_within(path, middle, expected) else (middle, high)
    return high


def ocr_seconds(path: Path, pages: int) -> float:
    """Seconds per page for reading the first `pages` pages of `path` (decoding included)."""
    from handlers.ocr.engine import create_engine
    from handlers.ocr.preprocess import prepare

    engine = create_engine()
    try:
        started = time.perf_counter()
        with open_document(path) as document:
            for page, _ in zip(document.pages(), range(pages), strict=False):
                prepared = prepare(page.image, page.dpi, engine=engine, languages="jpn+eng")
                engine.recognize(prepared.image, languages="jpn+eng", dpi=round(prepared.dpi))
        return (time.perf_counter() - started) / pages
    finally:
        engine.close()


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.decode", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20240401)
    args = parser.parse_args(argv)
    print("making scans...", file=sys.stderr, flush=True)
    scans = make_scans(args.out / "scans", args.seed)
    tiny = scans[0].with_name("one-page.pdf")
    pictures(A4_MM, 300, False, 1, args.seed)[0].save(tiny, "PDF", resolution=300.0)
    forkserver.stop_servers()
    cold = timed(lambda: page_seconds(tiny, CHILD))
    warm = min(timed(lambda: page_seconds(tiny, CHILD)) for _ in range(9))
    here = min(timed(lambda: page_seconds(tiny, HERE)) for _ in range(9))
    rows = []
    for path in scans:
        print(f"{path.name}...", file=sys.stderr, flush=True)
        runs: dict[str, list[float]] = {"here": [], "child": []}
        slowest = 0.0
        for _ in range(args.repeat):
            for name, limits in (("here", HERE), ("child", CHILD)):
                per_page, worst = page_seconds(path, limits)
                runs[name].append(per_page)
                slowest = max(slowest, worst)
        with open_document(path, HERE) as document:
            count = document.page_count
            first = next(document.pages()).image.shape
        here_s, child_s = (min(runs[k]) for k in ("here", "child"))
        rows.append(
            f"| {path.name} | {count} | {first[1]} x {first[0]} | {here_s:.3f} | {child_s:.3f} "
            f"| {1000 * (child_s - here_s):+.0f} | {slowest:.2f} | {memory_needed(path)} |"
        )
    print("OCR for context...", file=sys.stderr, flush=True)
    ocr = ocr_seconds(scans[0], 3)
    report = [
        "## Decoding in the bounded child", "",
        f"`python -m benchmarks.decode --repeat {args.repeat}` (seed {args.seed}); best of "
        f"{args.repeat} alternating runs in one process.", "",
        "| file | pages | pixels | here s/page | child s/page | overhead ms/page "
        "| slowest page s | memory needed MiB |",
        "|---|---|---|---|---|---|---|---|",
        *rows, "",
        f"- One-page A4 300 dpi PDF, whole document (best of 9): {1000 * here:.0f} ms in "
        "this process, "
        f"{1000 * warm:.0f} ms in a child of the running fork server, {1000 * cold:.0f} ms "
        "when the fork server must start first (once per process).",
        f"- OCR (preprocessing and Tesseract) of an A4 300 dpi page: {ocr:.2f} s.", "",
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.md").write_text("\n".join(report), encoding="utf-8")
    print("\n".join(report))
    forkserver.stop_servers()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
