"""The watcher role: claim finished files from the hot folders and publish their jobs.

At start it reconciles the spool first (events are hints; the disk is the truth):
interrupted claims are finished or undone, and unfinished jobs are published again
(all of them when the transport keeps nothing across restarts, otherwise those whose
publication was never confirmed), and every delivered job is announced to the janitor
again. Periodically it publishes what the bus never confirmed, and announces again each
delivered job whose last announcement is older than `reannounce_seconds`, so no lost or
dropped `done` strands a job. Every consumer is idempotent by job id.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from daemon.bus import DEAD, DONE, OCR, Bus
from daemon.intake.claim import EntryChanged, Refused, claim, claim_refused, recover_orphan
from daemon.intake.hotfolder import HotFolder, path_tag
from daemon.intake.observer import Intake
from daemon.ops import metrics
from daemon.settings import Settings
from daemon.spool import DELIVERED, PUBLISHED, STRANDED_SECONDS, Spool, SpoolJob, utcnow

log = logging.getLogger(__name__)


class Watcher:
    """Hot folders → spool → `yomitori.ocr`."""

    def __init__(self, settings: Settings, spool: Spool, bus: Bus) -> None:
        self.spool = spool
        self.bus = bus
        # Longer than the janitor's own retries take, so they are not multiplied.
        self.reannounce_seconds = max(
            STRANDED_SECONDS, 2 * settings.broker.retry_delay_max_seconds
        )
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
            stall_seconds=settings.intake.stall_seconds,
        )

    def start(self) -> None:
        self.recover()
        self.intake.start()

    def stop(self) -> None:
        self.intake.stop()

    def alive(self) -> bool:
        return self.intake.alive()

    def problem(self) -> str | None:
        """None while the intake works, else what is wrong (for the health check)."""
        return self.intake.problem()

    def recover(self) -> None:
        """At start: finish interrupted claims and re-publish unfinished jobs."""
        with self._lock:
            for folder in self.spool.orphans():
                recover_orphan(SpoolJob(folder))
            self._republish(everything=not self.bus.durable, delivered_before=float("inf"))

    def reconcile(self, now: float | None = None) -> None:
        """Periodically: publish jobs whose publication failed (the broker was away), and
        announce again delivered jobs not wiped `reannounce_seconds` after their last
        announcement (`now`: Unix time)."""
        now = time.time() if now is None else now
        with self._lock:
            self._republish(everything=False, delivered_before=now - self.reannounce_seconds)

    def _republish(self, everything: bool, delivered_before: float) -> None:
        count = 0
        for job in self.spool.jobs():
            try:
                if everything or not job.has(PUBLISHED) or (
                    job.has(DELIVERED) and job.written_at(PUBLISHED) <= delivered_before
                ):
                    self.announce(job)
                    count += 1
            except FileNotFoundError:
                continue  # finished meanwhile
        if count:
            log.info("re-published %d unfinished spool jobs", count)

    def announce(self, job: SpoolJob) -> None:
        """Publish the job's next step and note that the bus has it."""
        manifest = job.manifest()
        if manifest.refused:
            self.bus.publish(DEAD, {"job_id": job.job_id})
        elif job.has(DELIVERED):
            self.bus.publish(DONE, {"job_id": job.job_id})
        else:
            self.bus.publish(
                OCR,
                {
                    "job_id": job.job_id,
                    "department": manifest.department,
                    "sha256": manifest.sha256,
                },
            )
        try:
            job.mark(PUBLISHED)
        except FileNotFoundError:
            # The embedded bus may already have run the janitor, which wipes the job's
            # folder (and this mark's temporary file): the job is finished, or announced
            # again by the next reconcile (every consumer is idempotent).
            log.debug("job finished before it was marked published", extra={"job_id": job.job_id})

    def on_ready(self, folder: HotFolder, path: Path, seen: os.stat_result | None = None) -> None:
        """Claim a finished file of `folder` (its real path) and publish its job."""
        metrics.FILES_DETECTED.labels(folder.department).inc()
        started = time.perf_counter()
        try:
            with self._lock:
                manifest = claim(folder, path, self.spool, utcnow(), seen)
                self.announce(self.spool.job(manifest.job_id))
        except Refused as exc:
            self.on_refused(folder, path, str(exc))
            return
        except EntryChanged as exc:
            log.warning(
                "not claimed %s: %s", path_tag(path), exc, extra={"department": folder.department}
            )
            return
        if manifest.refused:  # swapped during the claim, and kept for the quarantine
            metrics.FILES_REFUSED.labels(folder.department, manifest.refused).inc()
            return
        metrics.JOBS_CLAIMED.labels(folder.department).inc()
        metrics.STAGE_SECONDS.labels("intake").observe(time.perf_counter() - started)
        log.info(
            "claimed %s (%d bytes)",
            path_tag(path),
            manifest.bytes,
            extra={"job_id": manifest.job_id, "department": folder.department},
        )

    def on_refused(self, folder: HotFolder, path: Path, reason: str) -> None:
        """Move a refused entry, unopened, to the quarantine (via the dead-letter queue)."""
        metrics.FILES_REFUSED.labels(folder.department, reason).inc()
        with self._lock:
            manifest = claim_refused(folder, path, self.spool, utcnow(), reason)
            if manifest is None:
                log.warning(
                    "refused %s (%s) but could not move it; remove it from the hot folder",
                    path_tag(path),
                    reason,
                    extra={"department": folder.department},
                )
                return
            log.warning(
                "refused %s: %s; moved to the quarantine",
                path_tag(path),
                reason,
                extra={"job_id": manifest.job_id, "department": folder.department},
            )
            self.announce(self.spool.job(manifest.job_id))
