"""Retention: wipe what nobody collected.

Departments normally take their bundles from the outbox within days; a bundle older than
the department's `outbox_retention_days` is wiped. A quarantined job older than
`retention.quarantine_days` is wiped too. Each wipe appends an `expired` event.
"""

from __future__ import annotations

import json
import logging
import re
import time
from pathlib import Path

from daemon.ledger.writer import Ledger
from daemon.settings import Settings
from daemon.spool import JOB_ID
from handlers.bundle import SUFFIX
from handlers.janitor import METHOD, wipe_file, wipe_folder

log = logging.getLogger(__name__)

DAY = 86400.0
REVISION_SUFFIX = re.compile(r"\.rev\d{1,6}$")


class Retention:
    """Finds and wipes expired outbox bundles and quarantined jobs."""

    def __init__(self, settings: Settings, ledger: Ledger) -> None:
        self.settings = settings
        self.ledger = ledger

    def sweep(self, now: float | None = None) -> int:
        """Wipe everything past its retention; returns how many items were wiped."""
        now = time.time() if now is None else now
        wiped = 0
        for dept_id, dept in self.settings.departments.items():
            limit = now - dept.outbox_retention_days * DAY
            for bundle in sorted(dept.outbox.glob(f"*{SUFFIX}")):
                # A review station's revisions (`<job>.revN.age`) expire like bundles.
                job_id = REVISION_SUFFIX.sub("", bundle.name.removesuffix(SUFFIX))
                if JOB_ID.match(job_id) and _mtime(bundle) < limit:
                    self._expire_bundle(dept_id, bundle)
                    wiped += 1
        limit = now - self.settings.retention.quarantine_days * DAY
        root = self.settings.paths.quarantine
        for folder in sorted(root.glob("*/*")) if root.is_dir() else []:
            if folder.is_dir() and JOB_ID.match(folder.name) and _mtime(folder) < limit:
                self._expire_quarantined(folder)
                wiped += 1
        return wiped

    def _expire_bundle(self, department: str, bundle: Path) -> None:
        stem = bundle.name.removesuffix(SUFFIX)
        job_id = REVISION_SUFFIX.sub("", stem)
        size = wipe_file(bundle)
        self.ledger.append(
            "expired",
            job_id=job_id,
            department=department,
            what="bundle" if job_id == stem else "revision",
            subject={"bundle": bundle.name, "bytes": size},
            method=METHOD,
            role="janitor",
        )
        log.info("expired bundle wiped", extra={"job_id": job_id, "department": department})

    def _expire_quarantined(self, folder: Path) -> None:
        department, job_id = folder.parent.name, folder.name
        subject: dict[str, object] = {}
        report = folder / "error.json"
        if report.is_file():
            source = json.loads(report.read_text("utf-8")).get("source", {})
            subject = {"sha256": source.get("sha256", ""), "bytes": source.get("bytes", 0)}
        wipe_folder(folder)
        folder.rmdir()
        self.ledger.append(
            "expired",
            job_id=job_id,
            department=department,
            what="quarantine",
            subject=subject,
            method=METHOD,
            role="janitor",
        )
        log.info(
            "expired quarantined job wiped", extra={"job_id": job_id, "department": department}
        )


def _mtime(path: Path) -> float:
    return path.lstat().st_mtime
