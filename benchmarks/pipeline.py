"""Throughput of the running service against bare Tesseract, on a burst of A4 pages.

    python -m benchmarks.pipeline                 # 24 pages, both transports, ~15 minutes
    python -m benchmarks.pipeline --pages 500     # memory per worker over 500 pages
    python -m benchmarks.pipeline --transports embedded

The service runs with the shipped defaults (`yomitori init`; only the transport and the
metrics port are set) and is given a burst of N distinct A4 pages in one hot folder. It is
timed from the first file written to the last bundle in the outbox, against the same pages
through bare `tesseract FILE stdout -l jpn`, one process after another and as many at a
time as there are usable cores, run just before each transport's burst. Time per stage
comes from the service's own `yomitori_stage_seconds`; peak memory per process from
/proc. Then one page is dropped alone, and its latency (drop to bundle) is compared with
`stable_seconds` + 1.5 × the bare engine's time for that page, measured just before.

The report goes to --out (default build/benchmarks/pipeline/report.md) and stdout. The
machine may be shared: compare the ratios of one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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


@dataclass
class TransportRun:
    """One transport's burst, with the bare runs made just before it on the same pages
    (the machine may be shared: only runs made close together compare)."""

    one: float
    """Seconds for bare tesseract one page after another."""
    many: float
    """Seconds for bare tesseract, one process per usable core."""
    burst: Burst
    alone: tuple[float, float]
    """One page dropped alone: seconds to its bundle, and its OCR stage's seconds."""
    alone_bare: float
    """Bare tesseract's seconds for that page, just before it was dropped."""
    workers: str


def _service_run(args: argparse.Namespace, transport: str, files: list[Path],
                 alone: Path) -> TransportRun:
    print(f"{transport}: bare tesseract, one at a time, then one per core...",
          file=sys.stderr, flush=True)
    one = float("nan") if args.no_bare else bare(files, 1)
    many = float("nan") if args.no_bare else bare(files, measure().cpus)
    service = Service(args.out / f"service-{transport}", transport)
    try:
        pid = service.start()
        print(f"{transport}: burst of {len(files)} pages...", file=sys.stderr, flush=True)
        result = burst(service, pid, files, timeout=60 + 60 * len(files))
        print(f"{transport}: one page alone...", file=sys.stderr, flush=True)
        alone_bare = tesseract(alone)
        single = latency(service, alone)
        return TransportRun(one, many, result, single, alone_bare, service.workers_line())
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


def _table(n: int, cores: int, runs: dict[str, TransportRun]) -> list[str]:
    lines = [f"| transport | bare one at a time s | bare {cores} at a time s | service s "
             "(burst → last bundle) | service pages/min | service × bare one at a time | "
             f"bare {cores} at a time × one at a time |",
             "|---|---|---|---|---|---|---|"]
    for transport, run in runs.items():
        seconds = run.burst.seconds
        lines.append(
            f"| {transport} | {run.one:.1f} | {run.many:.1f} | {seconds:.1f} | "
            f"{per_minute(n, seconds):.1f} | {run.one / seconds:.2f} | "
            f"{run.one / run.many:.2f} |")
    return lines


def report(files: list[Path], runs: dict[str, TransportRun]) -> str:
    cores = measure().cpus
    stable = IntakeSettings().stable_seconds
    lines = [f"{len(files)} distinct A4 pages (300 dpi JPEG), {cores} usable cores, shipped "
             "defaults; each transport's bare runs were made just before its burst.", "",
             *_table(len(files), cores, runs), ""]
    for transport, run in runs.items():
        (seconds, ocr), bound = run.alone, stable + 1.5 * run.alone_bare
        lines += [
            f"- {transport}: {run.workers}; every job wiped after "
            f"{run.burst.wiped_seconds:.1f} s",
            *_stage_lines(run.burst), *_memory_lines(run.burst),
            f"  - one page alone: {seconds:.1f} s from the drop to its bundle (its OCR stage "
            f"{ocr:.1f} s; bare tesseract {run.alone_bare:.1f} s); goal stable_seconds "
            f"{stable:g} + 1.5 × {run.alone_bare:.1f} = {bound:.1f} s: "
            f"{'met' if seconds <= bound else 'NOT met'}",
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
    runs = {t: _service_run(args, t, files, alone) for t in args.transports.split(",")}
    text = report(files, runs)
    (args.out / "report.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
