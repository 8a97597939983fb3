"""The two contenders of the OCR benchmark, each run as a user would run it.

- Bare Tesseract: the `tesseract FILE stdout -l jpn` command, one process per file.
- Yomitori: one `yomitori ocr --json FILE...` process over the whole batch (the same code
  as `python -m daemon.cli ocr`), preprocessing included.

Both get `OMP_THREAD_LIMIT=1`, so each uses one core. Peak RSS comes from `wait4`, which
reports the child's own high-water mark; `rss_trace` samples /proc while it runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE_CORE = {**os.environ, "OMP_THREAD_LIMIT": "1"}


@dataclass
class Run:
    """What one contender read: text per file, wall seconds for the whole batch, peak RSS
    in MiB (largest single process), and for Yomitori the result.json of each file."""

    texts: dict[str, str]
    seconds: float
    peak_rss_mib: float
    results: dict[str, dict[str, object]] = field(default_factory=dict)
    rss_trace: list[tuple[int, float]] = field(default_factory=list)
    """(files done, RSS in MiB) samples while Yomitori ran."""


def _wait(process: subprocess.Popen[bytes]) -> tuple[int, float]:
    """Exit status and peak RSS (MiB) of a finished child, reaped with wait4."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss / 1024  # Linux reports KiB


def bare_tesseract(files: list[Path], languages: str = "jpn") -> Run:
    """Run the tesseract command line over `files`, one at a time."""
    texts: dict[str, str] = {}
    peak = 0.0
    started = time.perf_counter()
    for path in files:
        with tempfile.TemporaryFile() as out:
            process = subprocess.Popen(
                ["tesseract", str(path), "stdout", "-l", languages],
                stdout=out, stderr=subprocess.DEVNULL, env=ONE_CORE,
            )
            _, rss = _wait(process)
            out.seek(0)
            texts[path.name] = out.read().decode("utf-8", "replace")
        peak = max(peak, rss)
    return Run(texts, time.perf_counter() - started, peak)


def _rss_mib(pid: int) -> float | None:
    """Current resident set size of process `pid` in MiB, None once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def _count_lines(path: Path) -> int:
    with path.open("rb") as file:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))


def yomitori(files: list[Path], languages: str | None = None, sample_seconds: float = 0.0
             ) -> Run:
    """Run `yomitori ocr --json` once over all `files`, with `languages` (None: its
    default); sample its RSS every `sample_seconds` (0: do not sample)."""
    chosen = ["--languages", languages] if languages else []
    command = [sys.executable, "-m", "daemon.cli", "ocr", "--json", *chosen,
               *map(str, files)]
    trace: list[tuple[int, float]] = []
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.PIPE,
                                   env=ONE_CORE)
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(sample_seconds):
                rss = _rss_mib(process.pid)
                if rss is not None:
                    trace.append((_count_lines(Path(out.name)), rss))

        sampler = threading.Thread(target=sample, daemon=True)
        if sample_seconds > 0:
            sampler.start()
        assert process.stderr is not None
        errors = process.stderr.read().decode("utf-8", "replace")  # until the child exits
        status, peak = _wait(process)
        seconds = time.perf_counter() - started
        stop.set()
        if sampler.is_alive():
            sampler.join()
        if status != 0:
            raise RuntimeError(f"yomitori ocr failed ({status}): {errors[-2000:]}")
        lines = Path(out.name).read_text("utf-8").splitlines()
    results = {path.name: json.loads(line) for path, line in zip(files, lines, strict=True)}
    texts = {name: str(result["text"]) for name, result in results.items()}
    return Run(texts, seconds, peak, results, trace)
