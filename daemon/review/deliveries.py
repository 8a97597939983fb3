"""What the queue shows of a bundle without opening it: pages, forms and flagged fields,
from the ledger's `delivered` events (written by the janitor once a bundle is durable).

The index reads only the lines added since its last look, so a queue request costs
little however long the ledger grows.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from daemon.ledger import reader
from daemon.ledger.format import parse


@dataclass(frozen=True)
class Delivery:
    pages: int | None
    forms: dict[str, int]
    flagged: int | None
    time: str


class Deliveries:
    """`delivered` events by job id, read incrementally from the ledger in `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.Lock()
        self._offsets: dict[str, int] = {}
        self._found: dict[str, Delivery] = {}

    def get(self, job_id: str) -> Delivery | None:
        with self._lock:
            self._catch_up()
            return self._found.get(job_id)

    def _catch_up(self) -> None:
        for name, size in reader.snapshot(self.directory):
            start = self._offsets.get(name, 0)
            for raw in reader.read_lines(self.directory / name, start, size):
                if b'"event":"delivered"' not in raw:
                    continue
                record = parse(raw)
                if record is None or record.job_id is None:
                    continue
                self._found[record.job_id] = Delivery(
                    pages=record.get("pages"),
                    forms=dict(record.get("forms") or {}),
                    flagged=record.get("flagged"),
                    time=record.time,
                )
            self._offsets[name] = size
