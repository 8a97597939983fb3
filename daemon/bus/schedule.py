"""A schedule of deliveries due later: the embedded transport's delayed redelivery.

Plain data handed the time (seconds on a monotonic clock), with no thread and no clock of
its own, so its tests never sleep; the transport's timer thread drives it.
"""

from __future__ import annotations

import heapq
import itertools
from typing import Generic, TypeVar

T = TypeVar("T")


class Schedule(Generic[T]):
    """Items each due at a time; `due(now)` takes those whose time has come, in order."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, T]] = []
        self._order = itertools.count()  # equal times keep the order they were added in

    def add(self, item: T, at: float) -> None:
        heapq.heappush(self._heap, (at, next(self._order), item))

    def due(self, now: float) -> list[T]:
        """Remove and return every item due at or before `now`, earliest first."""
        taken = []
        while self._heap and self._heap[0][0] <= now:
            taken.append(heapq.heappop(self._heap)[2])
        return taken

    def next_time(self) -> float | None:
        """When the earliest item is due, or None when nothing is scheduled."""
        return self._heap[0][0] if self._heap else None

    def __len__(self) -> int:
        return len(self._heap)
