"""The OCR consumer: a job message in, an encrypted bundle in the outbox, `job.done` out.

Idempotent by job id, and one worker per job: the consumer holds the job's lock for the
whole attempt (another worker given the same job meanwhile is told `JobBusy` and tries
later). A job already delivered only re-announces `job.done`; a job no longer in the
spool was finished by an earlier delivery and is acknowledged.

Before reading, it checks that the department's outbox has `ocr.min_free_bytes` free
(else the job waits: `OutboxUnavailable`), then records in the spool that the attempt
starts, so an attempt that crashes the process still counts. The results are streamed
into the bundle's encryption (`handlers.bundle`): nothing readable is written to disk.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from daemon.bus import DONE, Delivery, failure_kind
from daemon.errors import InputError, OutboxUnavailable, SpoolUnavailable, YomitoriError
from daemon.i18n import N_
from daemon.ops import metrics
from daemon.review.recipients import read_members
from daemon.settings import Department, Settings, unknown_department
from daemon.spool import DELIVERED, Manifest, Spool, SpoolJob, utcnow
from handlers.bundle import BundleWriter, bundle_name, outbox_error, remove_stale_parts, worker_tag
from handlers.forms.table import fields_csv
from handlers.forms.template import load_templates
from handlers.forms.usage import pii_categories
from handlers.ocr.decode import Limits
from handlers.ocr.engine import Engine
from handlers.ocr.sandbox import Bounds
from handlers.reader import read_scan

log = logging.getLogger(__name__)

Publish = Callable[[str, dict[str, Any]], None]


class OcrConsumer:
    """Handles `yomitori.ocr` deliveries."""

    def __init__(self, settings: Settings, engine: Engine, publish: Publish) -> None:
        self.settings = settings
        self.spool = Spool(settings.paths.spool)
        self.engine = engine
        self.publish = publish
        self.worker = worker_tag()
        ocr = settings.ocr
        self.limits = Limits(
            max_bytes=ocr.max_bytes, max_pages=ocr.max_pages, max_pixels=ocr.max_pixels,
            bounds=Bounds(memory_bytes=ocr.decode_memory_mb * 2**20, seconds=ocr.decode_seconds),
        )
        # Loaded once: a template that cannot be used stops the start (ConfigError).
        self.templates = {
            dept_id: load_templates(settings.paths.forms, dept.forms)
            for dept_id, dept in settings.departments.items()
        }

    def attempts_so_far(self, delivery: Delivery) -> int:
        """Attempts at the delivery's job that ran and count (the bus's `AttemptCount`)."""
        try:
            job = self.spool.job(str(delivery.body.get("job_id", "")))
        except ValueError:
            return 0
        if job.has(DELIVERED):
            return 0  # nothing left to attempt: only `done` is announced again
        try:
            return job.counted_attempts()
        except (OSError, ValueError):
            return 0

    def __call__(self, delivery: Delivery) -> None:
        job_id = str(delivery.body.get("job_id", ""))
        try:
            job = self.spool.job(job_id)
        except ValueError:
            raise InputError("the message names no valid job id") from None
        with job.lock() as here:
            if not here or not job.exists():
                log.info("job already finished; nothing to do", extra={"job_id": job_id})
                return
            if not job.has(DELIVERED):
                self._attempt(job, delivery)
        self.publish(DONE, {"job_id": job_id})

    def _attempt(self, job: SpoolJob, delivery: Delivery) -> None:
        """One attempt, recorded in the spool: its start, and how it failed if it did."""
        manifest = job.manifest()
        department = metrics.department_label(manifest.department, self.settings.departments)
        try:
            dept = self.settings.departments.get(manifest.department)
            if dept is None:  # checked before the name reaches any path or message
                raise InputError(unknown_department(manifest.department))
            self._check_outbox(dept.outbox)
            job.record_start(delivery.attempt)
            with metrics.JOBS_IN_FLIGHT.labels(department).track_inprogress():
                self._deliver(job, manifest, dept)
        except Exception as exc:
            kind = failure_kind(exc)
            if kind in ("failed", "refused"):
                metrics.JOBS_FAILED.labels(department).inc()
            with contextlib.suppress(SpoolUnavailable, OSError):
                # The spool may be what failed; the retry is decided all the same.
                job.record_attempt(delivery.attempt, _describe(exc), kind)
            raise

    def _check_outbox(self, outbox: Path) -> None:
        """Refuse to start reading when the outbox cannot take a bundle now."""
        try:
            st = os.statvfs(outbox)
        except OSError as exc:
            raise outbox_error(outbox, exc) from exc
        free, needed = st.f_bavail * st.f_frsize, self.settings.ocr.min_free_bytes
        if free < needed:
            raise OutboxUnavailable(
                f"the outbox {outbox} has {free:,} bytes free, less than ocr.min_free_bytes "
                f"({needed:,}); the department should collect its bundles, or give the "
                "outbox more space. The job waits and is tried again"
            )

    def _deliver(self, job: SpoolJob, manifest: Manifest, dept: Department) -> None:
        if not job.source.is_file():
            raise InputError(N_(
                "the claimed scan is no longer in the spool (removed by someone else?); "
                "ask the department to scan the paper again"
            ))
        extra = {"job_id": job.job_id, "department": manifest.department}
        started = time.perf_counter()
        templates = self.templates.get(manifest.department, ())
        name = bundle_name(job.job_id)
        remove_stale_parts(dept.outbox, name)  # ours to remove: we hold the job's lock
        # Keys follow people: the department's active members can read it too.
        members = read_members(self.settings.review.store, manifest.department)
        recipients = list(dict.fromkeys([*dept.recipients, *members]))
        with BundleWriter(dept.outbox, name, recipients, worker=self.worker) as bundle:
            result = read_scan(
                job.source,
                self.engine,
                languages=dept.languages or self.settings.ocr.languages,
                limits=self.limits,
                job_id=job.job_id,
                department=manifest.department,
                # A department whose staff review in the station needs the page images.
                on_page=bundle.add_page_image if dept.include_page_images or members else None,
                time_limit=self.settings.ocr.job_timeout_seconds,
                templates=templates,
                expected_sha256=manifest.sha256,
            )
            # Before result.json: a value cp932 cannot hold flags its field in both.
            table = fields_csv(result, dept.csv_encoding)
            if table is not None:
                bundle.add_bytes("fields.csv", table)
            bundle.add_bytes("result.json", result.to_json().encode())
            bundle.add_bytes("text.txt", result.text.encode())
        target = bundle.path
        job.mark(
            DELIVERED,
            {
                "bundle": target.name,
                "bundle_bytes": target.stat().st_size,
                "pages": result.source.pages,
                "media_type": result.source.media_type,
                "forms": dict(Counter(p.form.name for p in result.pages if p.form)),
                "pii": pii_categories(result, templates),
                # For the review station's queue: a count, never which values.
                "flagged": sum(
                    f.needs_review for p in result.pages if p.form for f in p.form.fields.values()
                ),
                "delivered_at": utcnow(),
            },
        )
        metrics.PAGES.labels(manifest.department).inc(result.source.pages)
        metrics.OCR_SECONDS.labels(manifest.department).observe(time.perf_counter() - started)
        per_page = sum(result.timings.values()) / max(1, result.source.pages)
        for _ in range(result.source.pages):
            metrics.OCR_PAGE_SECONDS.labels(manifest.department).observe(per_page)
        for stage, seconds in (*result.timings.items(), *bundle.timings.items()):
            if stage in metrics.STAGES:
                metrics.STAGE_SECONDS.labels(stage).observe(seconds)
        metrics.JOBS_DELIVERED.labels(manifest.department).inc()
        metrics.JOB_LATENCY.labels(manifest.department).observe(manifest.seconds_since_detected())
        metrics.LAST_DELIVERY.labels(manifest.department).set_to_current_time()
        log.info("bundle delivered (%d pages)", result.source.pages, extra=extra)


def _describe(exc: BaseException) -> str:
    """An operator-readable reason; our own errors are written for that already."""
    if isinstance(exc, YomitoriError):
        return str(exc)
    return N_("unexpected {error}: {detail}").format(error=type(exc).__name__, detail=exc)
