"""When a file in a hot folder has finished being written.

Scanners create a file first and then write it page by page, often over several seconds,
so a file is only taken once it has stopped changing. `StabilityTracker` is the pure
bookkeeping for that rule: it holds no threads and reads no clock or disk; the caller
feeds it stat samples and file-system events with the time they were taken, in seconds
on a monotonic clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class _Sample:
    size: int
    mtime_ns: int
    since: float  # seconds (caller's clock) when this size+mtime was first seen, or last event


class StabilityTracker:
    """Reports each file once its size and mtime have held still for `stable_seconds`.

    A file is stable when neither its size nor its mtime changed, and no file-system
    event arrived for it, during the last `stable_seconds`. An empty file follows the
    same rule: it is not ready until it has stayed empty that long (scanners create
    then write), and one that stays empty is still reported, for the next layer to
    refuse.
    """

    def __init__(self, stable_seconds: float = 2.0) -> None:
        if stable_seconds <= 0:
            raise ValueError("stable_seconds must be positive")
        self.stable_seconds = stable_seconds
        self._samples: dict[Path, _Sample] = {}

    def observe(self, key: Path, size: int, mtime_ns: int, now: float) -> None:
        """Record a stat sample of `key` taken at `now` (seconds).

        Starts tracking an unknown key; restarts its clock when size or mtime changed.
        """
        sample = self._samples.get(key)
        if sample is None or sample.size != size or sample.mtime_ns != mtime_ns:
            self._samples[key] = _Sample(size, mtime_ns, now)

    def touch(self, key: Path, now: float) -> None:
        """An event arrived for `key` at `now` (seconds): restart its clock.

        Needed even when size and mtime look equal: mtime can be coarse (2 s on FAT,
        1 s on some NAS shares) and a rewrite can keep the size. Unknown keys are
        ignored, because there is no sample to hold; call `observe` to track them.
        """
        sample = self._samples.get(key)
        if sample is not None:
            sample.since = now

    def ready(self, now: float) -> list[Path]:
        """Keys stable at `now` (seconds), oldest first; each is returned once and forgotten."""
        done = [key for key, s in self._samples.items() if now - s.since >= self.stable_seconds]
        done.sort(key=lambda key: self._samples[key].since)
        for key in done:
            del self._samples[key]
        return done

    def forget(self, key: Path) -> None:
        """Stop tracking `key` (it was deleted, moved away or refused); unknown keys are fine."""
        self._samples.pop(key, None)

    def tracked(self) -> list[Path]:
        """Keys being tracked now, for the caller to re-stat."""
        return list(self._samples)

    def __len__(self) -> int:
        return len(self._samples)
