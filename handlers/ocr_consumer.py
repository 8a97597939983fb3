"""The OCR consumer: a job message in, an encrypted bundle in the outbox, `job.done` out.

Idempotent by job id: a job already delivered only re-announces `job.done`; a job no
longer in the spool was finished by an earlier delivery and is acknowledged.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from daemon.bus import DONE, Delivery
from daemon.errors import InputError, YomitoriError
from daemon.ops import metrics
from daemon.settings import Settings
from daemon.spool import DELIVERED, Spool, SpoolJob, utcnow
from handlers.bundle import BundleWriter, bundle_name, seal
from handlers.forms.table import fields_csv
from handlers.forms.template import load_templates
from handlers.forms.usage import pii_categories
from handlers.ocr.decode import Limits
from handlers.ocr.engine import Engine
from handlers.ocr.sandbox import Bounds
from handlers.reader import read_scan

log = logging.getLogger(__name__)

Publish = Callable[[str, dict[str, Any]], None]
PLAIN_BUNDLE = "bundle.zip"


class OcrConsumer:
    """Handles `yomitori.ocr` deliveries."""

    def __init__(self, settings: Settings, engine: Engine, publish: Publish) -> None:
        self.settings = settings
        self.spool = Spool(settings.paths.spool)
        self.engine = engine
        self.publish = publish
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

    def __call__(self, delivery: Delivery) -> None:
        job_id = str(delivery.body.get("job_id", ""))
        try:
            job = self.spool.job(job_id)
        except ValueError:
            raise InputError("the message names no valid job id") from None
        if not job.exists():
            log.info("job already finished; nothing to do", extra={"job_id": job_id})
            return
        if not job.has(DELIVERED):
            department = metrics.department_label(
                delivery.body.get("department"), self.settings.departments
            )
            try:
                with metrics.JOBS_IN_FLIGHT.labels(department).track_inprogress():
                    self._deliver(job)
            except Exception as exc:
                metrics.JOBS_FAILED.labels(department).inc()
                kind = "refused" if isinstance(exc, InputError) else "failed"
                job.record_attempt(delivery.attempt, _describe(exc), kind)
                raise
        self.publish(DONE, {"job_id": job_id})

    def _deliver(self, job: SpoolJob) -> None:
        manifest = job.manifest()
        dept = self.settings.departments.get(manifest.department)
        if dept is None:
            raise InputError(
                f"department {manifest.department!r} is no longer configured; add it back "
                "to yomitori.toml and release the job from quarantine"
            )
        extra = {"job_id": job.job_id, "department": manifest.department}
        started = time.perf_counter()
        templates = self.templates.get(manifest.department, ())
        plain = job.folder / PLAIN_BUNDLE
        with BundleWriter(plain) as bundle:
            result = read_scan(
                job.source,
                self.engine,
                languages=dept.languages or self.settings.ocr.languages,
                limits=self.limits,
                job_id=job.job_id,
                department=manifest.department,
                on_page=bundle.add_page_image if dept.include_page_images else None,
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
        target = seal(plain, dept.recipients, dept.outbox, bundle_name(job.job_id))
        job.mark(
            DELIVERED,
            {
                "bundle": target.name,
                "bundle_bytes": target.stat().st_size,
                "pages": result.source.pages,
                "media_type": result.source.media_type,
                "forms": dict(Counter(p.form.name for p in result.pages if p.form)),
                "pii": pii_categories(result, templates),
                "delivered_at": utcnow(),
            },
        )
        metrics.PAGES.labels(manifest.department).inc(result.source.pages)
        metrics.OCR_SECONDS.labels(manifest.department).observe(time.perf_counter() - started)
        per_page = sum(result.timings.values()) / max(1, result.source.pages)
        for _ in range(result.source.pages):
            metrics.OCR_PAGE_SECONDS.labels(manifest.department).observe(per_page)
        metrics.JOBS_DELIVERED.labels(manifest.department).inc()
        metrics.JOB_LATENCY.labels(manifest.department).observe(manifest.seconds_since_detected())
        metrics.LAST_DELIVERY.labels(manifest.department).set_to_current_time()
        log.info("bundle delivered (%d pages)", result.source.pages, extra=extra)


def _describe(exc: BaseException) -> str:
    """An operator-readable reason; our own errors are written for that already."""
    if isinstance(exc, YomitoriError):
        return str(exc)
    return f"unexpected {type(exc).__name__}: {exc}"
