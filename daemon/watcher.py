"""The watcher role: claim finished files from the hot folders and publish their jobs.

At start it reconciles the spool first (events are hints; the disk is the truth):
interrupted claims are finished or undone, and unfinished jobs are published again
(all of them when the transport keeps nothing across restarts, otherwise those whose
publication was never confirmed). Every consumer is idempotent by job id.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path

from daemon import metrics
from daemon.bus import DONE, OCR, Bus
from daemon.claim import Refused, claim, recover_orphan
from daemon.hotfolder import HotFolder, Intake
from daemon.settings import Settings
from daemon.spool import DELIVERED, PUBLISHED, Spool, SpoolJob, utcnow

log = logging.getLogger(__name__)


def path_tag(path: Path) -> str:
    """A short, stable tag for a path, for logs (file names may hold personal data)."""
    return hashlib.sha1(bytes(path)).hexdigest()[:10]


class Watcher:
    """Hot folders → spool → `yomitori.ocr`."""

    def __init__(self, settings: Settings, spool: Spool, bus: Bus) -> None:
        self.spool = spool
        self.bus = bus
        self._lock = threading.Lock()
        folders = [
            HotFolder(dept_id, folder, dept.polling)
            for dept_id, dept in settings.departments.items()
            for folder in dept.hot_folders
        ]
        self.intake = Intake(
            folders,
            self.on_ready,
            on_refused=self.on_refused,
            stable_seconds=settings.intake.stable_seconds,
            rescan_seconds=settings.intake.rescan_seconds,
        )

    def start(self) -> None:
        self.recover()
        self.intake.start()

    def stop(self) -> None:
        self.intake.stop()

    def alive(self) -> bool:
        return self.intake.alive()

    def recover(self) -> None:
        """At start: finish interrupted claims and re-publish unfinished jobs."""
        with self._lock:
            for folder in self.spool.orphans():
                recover_orphan(SpoolJob(folder))
            self._republish(everything=not self.bus.durable)

    def reconcile(self) -> None:
        """Periodically: publish jobs whose publication failed (the broker was away)."""
        with self._lock:
            self._republish(everything=False)

    def _republish(self, everything: bool) -> None:
        count = 0
        for job in self.spool.jobs():
            if not everything and job.has(PUBLISHED):
                continue
            self.announce(job)
            count += 1
        if count:
            log.info("re-published %d unfinished spool jobs", count)
        metrics.SPOOL_DEPTH.set(self.spool.depth())

    def announce(self, job: SpoolJob) -> None:
        """Publish the job's next step and note that the bus has it."""
        if job.has(DELIVERED):
            self.bus.publish(DONE, {"job_id": job.job_id})
        else:
            manifest = job.manifest()
            self.bus.publish(
                OCR,
                {"job_id": job.job_id, "department": manifest.department, "sha256": manifest.sha256},
            )
        job.mark(PUBLISHED)

    def on_ready(self, folder: HotFolder, path: Path) -> None:
        metrics.FILES_DETECTED.labels(folder.department).inc()
        with self._lock:
            self._take(folder, path)

    def _take(self, folder: HotFolder, path: Path) -> None:
        try:
            manifest = claim(folder.department, path, self.spool, detected_at=utcnow())
        except Refused as exc:
            self.on_refused(folder, path, str(exc))
            return
        metrics.JOBS_CLAIMED.labels(folder.department).inc()
        metrics.SPOOL_DEPTH.set(self.spool.depth())
        log.info(
            "claimed %s (%d bytes)",
            path_tag(path),
            manifest.bytes,
            extra={"job_id": manifest.job_id, "department": folder.department},
        )
        self.announce(self.spool.job(manifest.job_id))

    def on_refused(self, folder: HotFolder, path: Path, reason: str) -> None:
        metrics.FILES_REFUSED.labels(folder.department, reason).inc()
        log.warning(
            "not taking %s: %s; remove it from the hot folder",
            path_tag(path),
            reason,
            extra={"department": folder.department},
        )
