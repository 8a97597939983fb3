"""Throughput of the running service against bare Tesseract, on a burst of A4 pages.

    python -m benchmarks.pipeline                 # 24 pages, both transports, ~10 minutes
    python -m benchmarks.pipeline --pages 500     # memory per worker over 500 pages
    python -m benchmarks.pipeline --transports embedded

The service runs with the shipped defaults (`yomitori init`; only the transport and the
metrics port are set) and is given a burst of N distinct A4 pages in one hot folder. It is
timed from the first file written to the last bundle in the outbox, against the same pages
through bare `tesseract FILE stdout -l jpn`, one process after another and as many at a
time as there are usable cores. Time per stage comes from the service's own
`yomitori_stage_seconds`; peak memory per process from /proc. Then one page is dropped
alone, and its latency (drop to bundle) is compared with `stable_seconds` + 1.5 × the
bare engine's time for that page.

The report goes to --out (default build/benchmarks/pipeline/report.md) and stdout. The
machine may be shared: compare the ratios of one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.ocr_runs import ROOT
from benchmarks.pipeline_pages import generate
from benchmarks.pipeline_service import Burst, Service, burst, latency
from daemon.ops.capacity import measure
from daemon.settings import IntakeSettings

DEFAULT_OUT = ROOT / "build" / "benchmarks" / "pipeline"
STAGES = ("intake", "decode", "preprocess", "ocr", "forms", "zip", "encrypt", "fsync", "janitor")


def tesseract(path: Path) -> float:
    """Seconds for `tesseract FILE stdout -l jpn`, as an operator would run it."""
    started = time.perf_counter()
    subprocess.run(["tesseract", str(path), "stdout", "-l", "jpn"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def bare(files: list[Path], at_once: int) -> float:
    """Wall seconds for bare tesseract over `files`, `at_once` processes at a time."""
    started = time.perf_counter()
    with ThreadPoolExecutor(at_once) as pool:
        list(pool.map(tesseract, files))
    return time.perf_counter() - started


def per_minute(pages: int, seconds: float) -> float:
    return 60.0 * pages / seconds


def _service_run(args: argparse.Namespace, transport: str, files: list[Path],
                 alone: Path) -> tuple[Burst, tuple[float, float], str]:
    service = Service(args.out / f"service-{transport}", transport)
    try:
        pid = service.start()
        print(f"{transport}: burst of {len(files)} pages...", file=sys.stderr, flush=True)
        result = burst(service, pid, files, timeout=60 + 60 * len(files))
        print(f"{transport}: one page alone...", file=sys.stderr, flush=True)
        single = latency(service, alone)
        return result, single, service.workers_line()
    finally:
        service.stop()


def _memory_lines(run: Burst) -> list[str]:
    lines = ["  - peak memory: " + ", ".join(
        f"{kind} {mib:.0f} MiB" for kind, mib in sorted(run.processes.peak_mib.items()))]
    trace = run.processes.trace
    if len(trace) >= 10:
        tenth = len(trace) // 10
        marks = [trace[i] for i in (tenth, len(trace) // 2, len(trace) - 1)]
        lines.append("  - service resident memory at 10%, 50% and the end of the burst: "
                     + ", ".join(f"{mib:.0f} MiB" for _, mib in marks))
    return lines


def _stage_lines(run: Burst) -> list[str]:
    cells = []
    for stage in STAGES:
        total, jobs = run.stages.get(stage, (0.0, 0.0))
        if jobs:
            cells.append(f"{stage} {total / jobs:.3f}")
    return ["  - mean seconds per job and stage: " + ", ".join(cells)]


def report(args: argparse.Namespace, files: list[Path], one: float, many: float,
           runs: dict[str, tuple[Burst, tuple[float, float], str]], alone_bare: float) -> str:
    cores = measure().cpus
    n = len(files)
    base = per_minute(n, one)
    stable = IntakeSettings().stable_seconds
    lines = [
        f"{n} distinct A4 pages (300 dpi JPEG), {cores} usable cores, shipped defaults.", "",
        "| run | seconds | pages/min | × bare one at a time |", "|---|---|---|---|",
        f"| bare `tesseract -l jpn`, one at a time | {one:.1f} | {base:.1f} | 1.00 |",
        f"| bare `tesseract -l jpn`, {cores} at a time | {many:.1f} | "
        f"{per_minute(n, many):.1f} | {one / many:.2f} |",
    ]
    for transport, (run, _, _) in runs.items():
        lines.append(f"| service, {transport} (burst → last bundle) | {run.seconds:.1f} | "
                     f"{per_minute(n, run.seconds):.1f} | {one / run.seconds:.2f} |")
    lines.append("")
    for transport, (run, (seconds, ocr), workers) in runs.items():
        bound = stable + 1.5 * alone_bare
        lines += [
            f"- {transport}: {workers}; every job wiped after {run.wiped_seconds:.1f} s",
            *_stage_lines(run), *_memory_lines(run),
            f"  - one page alone: {seconds:.1f} s from the drop to its bundle (its OCR stage "
            f"{ocr:.1f} s; bare tesseract {alone_bare:.1f} s); goal stable_seconds {stable:g} "
            f"+ 1.5 × {alone_bare:.1f} = {bound:.1f} s: {'met' if seconds <= bound else 'NOT met'}",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pipeline", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--transports", default="embedded,rabbitmq")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--no-bare", action="store_true",
                        help="skip the bare runs (e.g. for a long memory run)")
    args = parser.parse_args(argv)
    print(f"generating {args.pages + 1} pages...", file=sys.stderr, flush=True)
    *files, alone = generate(args.out / "pages", args.pages + 1, args.seed)
    one = many = float("nan")
    if not args.no_bare:
        print("bare tesseract, one at a time...", file=sys.stderr, flush=True)
        one = bare(files, 1)
        print("bare tesseract, one per core...", file=sys.stderr, flush=True)
        many = bare(files, measure().cpus)
    alone_bare = tesseract(alone)
    runs = {t: _service_run(args, t, files, alone) for t in args.transports.split(",")}
    text = report(args, files, one, many, runs, alone_bare)
    (args.out / "report.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
