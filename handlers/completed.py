"""Completed reviews: the janitor wipes a bundle and its revisions once a person pressed
「完了」 at the review station.

The station hands a job over by writing `<review.store>/completed/<job_id>.json` (which
files, the person and the terminal). Each sweep wipes the files it names in the
department's outbox, appends one `bundle_wiped` receipt naming the person and the
terminal, and only then removes the hand-over, so a crash in between repeats the wipe
(of what is left) but never the receipt.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from daemon.ledger.writer import Ledger
from daemon.settings import Settings
from daemon.spool import JOB_ID
from handlers.janitor import Wipe, wipe_file

log = logging.getLogger(__name__)
GONE = "nothing to wipe (the bundle was already gone)"

FOLDER = "completed"
EVENT = "bundle_wiped"


class CompletedReviews:
    """Wipes what the review station handed over."""

    def __init__(self, settings: Settings, ledger: Ledger) -> None:
        self.settings = settings
        self.ledger = ledger

    @property
    def folder(self) -> Path:
        return self.settings.review.store / FOLDER

    def sweep(self) -> int:
        """Wipe every handed-over job; returns how many."""
        done = 0
        for order in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            if JOB_ID.match(order.stem):
                self._wipe(order)
                done += 1
        return done

    def _wipe(self, order: Path) -> None:
        data = json.loads(order.read_text("utf-8"))
        job_id, department = order.stem, str(data.get("department", ""))
        dept = self.settings.departments.get(department)
        names = [str(n) for n in data.get("files", [])]
        # Only the job's own bundle and revisions, and only in its department's outbox.
        own = re.compile(rf"^{re.escape(job_id)}(\.rev\d{{1,6}})?\.age$")
        wiped: dict[str, Wipe] = {}
        if dept is not None:  # a department no longer configured: nothing of it is served
            for name in names:
                path = dept.outbox / name
                if own.match(name) and path.is_file():
                    wiped[name] = wipe_file(path)
        if not self.ledger.has(job_id, EVENT):
            self.ledger.append(
                EVENT,
                job_id=job_id,
                department=department,
                subject={"files": sorted(wiped), "bytes": sum(w.bytes for w in wiped.values())},
                after="review completed",
                person=data.get("person"),
                terminal=data.get("terminal"),
                completed_at=data.get("completed_at"),
                method="; ".join(sorted({w.method for w in wiped.values()})) or GONE,
                role="janitor",
            )
        order.unlink()
        log.info("completed bundle wiped", extra={"job_id": job_id, "department": department})
