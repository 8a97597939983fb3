"""Collection: a department took its bundle from the outbox.

On an outbox share the department copies its bundle and deletes it (docs/operations.md).
Nothing tells the janitor that happened, so each sweep compares the ledger with the
outboxes: a delivered bundle that is no longer in its department's outbox, and that no
`expired` or `bundle_wiped` receipt accounts for, was collected. It is recorded once as
`collected`, so certificates and reports count it as "collected and deleted by the
department" rather than "expired, not collected".

A bundle is judged on two sweeps, not one: retention and the review station's hand-over
wipe the file a moment before they write their receipt, and a bundle missing on one sweep
whose receipt then appears was theirs, not the department's.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from daemon.ledger.format import Record
from daemon.ledger.writer import Ledger
from daemon.settings import Settings
from daemon.spool import JOB_ID
from handlers.bundle import SUFFIX

log = logging.getLogger(__name__)

EVENT = "collected"
SETTLED = frozenset({"collected", "bundle_wiped"})
"""Events after which a job's bundle is no longer the department's to collect."""


@dataclass(frozen=True)
class Waiting:
    """A delivered bundle not yet accounted for."""

    department: str
    bundle: str


class Collection:
    """Records `collected` for bundles the departments removed from their outboxes."""

    def __init__(self, settings: Settings, ledger: Ledger) -> None:
        self.settings = settings
        self.ledger = ledger
        self._missing: set[str] = set()

    def sweep(self) -> int:
        """Record every bundle gone on two sweeps in a row; returns how many."""
        waiting = outstanding(self.ledger.records())
        missing = {job: w for job, w in waiting.items() if not self._present(w)}
        recorded = 0
        for job_id in sorted(missing.keys() & self._missing):
            item = missing[job_id]
            written = self.ledger.append_once(
                EVENT,
                job_id=job_id,
                department=item.department,
                subject={"bundle": item.bundle},
                after="removed from the outbox by the department",
                role="janitor",
            )
            if written is not None:
                recorded += 1
                extra = {"job_id": job_id, "department": item.department}
                log.info("bundle collected", extra=extra)
        self._missing = set(missing)
        return recorded

    def _present(self, item: Waiting) -> bool:
        dept = self.settings.departments.get(item.department)
        if dept is None:
            return True  # a department no longer configured: its outbox is not ours to judge
        outbox = dept.outbox
        if not outbox.is_dir():
            return True  # an unmounted share is not a collection
        return os.path.lexists(Path(outbox) / item.bundle)


def outstanding(records: Iterable[Record]) -> dict[str, Waiting]:
    """Delivered bundles that no `collected`, `bundle_wiped` or expired-bundle receipt
    accounts for yet, by job id."""
    waiting: dict[str, Waiting] = {}
    for record in records:
        job_id = record.job_id
        if job_id is None or not JOB_ID.match(job_id):
            continue
        if record.event == "delivered" and record.department:
            waiting[job_id] = Waiting(record.department, f"{job_id}{SUFFIX}")
        elif record.event in SETTLED or (
            record.event == "expired" and record.get("what") == "bundle"
        ):
            waiting.pop(job_id, None)
    return waiting
