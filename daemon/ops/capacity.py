"""How many OCR workers this process should run: `ocr.workers = "auto"`.

"auto" is one worker per core the service may use. That is the smallest of:

- the CPUs the process may be scheduled on (`sched_getaffinity`: taskset, `CPUAffinity=`);
- the cgroup's CPU quota (`cpu.max`, v2, or `cpu.cfs_quota_us`/`cpu.cfs_period_us`, v1;
  `CPUQuota=` in a unit, `--cpus` in a container), rounded up: a quota of 1.5 cores
  keeps two workers busy 75% of the time rather than one idle core;
- the workers the cgroup's memory ceiling holds (`memory.max`; `MemoryMax=` in a unit),
  at `MEMORY_FIRST` for the process with its first worker and `MEMORY_PER_WORKER` for each
  further one (docs/operations.md, "Memory and time").

Every worker is one Tesseract reading one page at a time (Tesseract runs in the worker's
thread and releases the interpreter lock while it reads), so more workers than cores only
makes every page slower.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
MEMORY_FIRST = 3 * 2**30
"""Bytes for the OCR process with one worker: the service, its Tesseract models, the page
being read, and a decoding child at its `ocr.decode_memory_mb` bound (the OCR unit's
`MemoryMax=3G` with one worker)."""
MEMORY_PER_WORKER = 2 * 2**30
"""Bytes each further worker may add: its own Tesseract and page, and its own decoding
child at its bound."""


@dataclass(frozen=True)
class Capacity:
    """What limits the workers of this process; None where nothing limits."""

    cpus: int
    """CPUs the process may be scheduled on."""
    quota: float | None
    """The cgroup's CPU quota, in cores."""
    memory_max: int | None
    """The cgroup's memory ceiling, in bytes."""

    def workers(self) -> int:
        """One per usable core, as many as the memory ceiling holds; at least one."""
        count = self.cpus
        if self.quota is not None:
            count = min(count, math.ceil(self.quota))
        if self.memory_max is not None:
            count = min(count, 1 + (self.memory_max - MEMORY_FIRST) // MEMORY_PER_WORKER)
        return max(1, count)

    def describe(self) -> str:
        """One line for the log: the count and what set it."""
        parts = [f"{self.cpus} CPUs"]
        if self.quota is not None:
            parts.append(f"CPU quota {self.quota:g} cores")
        if self.memory_max is not None:
            parts.append(f"memory ceiling {self.memory_max / 2**30:.1f} GiB")
        return f"{self.workers()} OCR workers ({', '.join(parts)})"


def ocr_workers(setting: int | str, root: Path = CGROUP_ROOT) -> int:
    """The worker count for the `ocr.workers` setting: a number as it is, "auto" measured."""
    if isinstance(setting, int):
        return setting
    return measure(root).workers()


def measure(root: Path = CGROUP_ROOT) -> Capacity:
    """This process's CPUs and the limits of its cgroup (`root` is the cgroup file system)."""
    group = own_cgroup(root)
    return Capacity(
        cpus=_cpus(), quota=cpu_quota(group, root), memory_max=memory_max(group, root)
    )


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def own_cgroup(root: Path = CGROUP_ROOT) -> Path:
    """The folder of this process's cgroup: for v2 the `0::` line of /proc/self/cgroup;
    for v1 (or when it cannot be read) `root` itself, where a v1 container shows its own
    controllers."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return root
    for line in lines:
        if line.startswith("0::"):
            folder = root / line[3:].lstrip("/")
            return folder if folder.is_dir() else root
    return root


def _up_to(group: Path, root: Path) -> list[Path]:
    """`group` and its parents up to `root`: a limit on any of them applies."""
    chain = [group]
    while chain[-1] != root and chain[-1].is_relative_to(root):
        chain.append(chain[-1].parent)
    return chain


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except (OSError, UnicodeDecodeError):
        return None


def cpu_quota(group: Path, root: Path = CGROUP_ROOT) -> float | None:
    """The tightest CPU quota, in cores, from `group` up to `root` (v2), or v1's."""
    found: list[float] = []
    for folder in _up_to(group, root):
        quota, _, period = (_read(folder / "cpu.max") or "max").partition(" ")
        if quota.isdigit() and period.isdigit() and int(period) > 0:
            found.append(int(quota) / int(period))
    v1_quota, v1_period = _read(group / "cpu" / "cpu.cfs_quota_us"), _read(
        group / "cpu" / "cpu.cfs_period_us"
    )
    if v1_quota and v1_quota.isdigit() and v1_period and v1_period.isdigit() and int(v1_period):
        found.append(int(v1_quota) / int(v1_period))
    return min(found) if found else None


def memory_max(group: Path, root: Path = CGROUP_ROOT) -> int | None:
    """The tightest memory ceiling, in bytes, from `group` up to `root` (v2), or v1's."""
    found: list[int] = []
    for folder in _up_to(group, root):
        text = _read(folder / "memory.max")
        if text is not None and text.isdigit():
            found.append(int(text))
    v1 = _read(group / "memory" / "memory.limit_in_bytes")
    if v1 is not None and v1.isdigit() and int(v1) < 2**60:  # "no limit" is a huge number
        found.append(int(v1))
    return min(found) if found else None
