"""Retention: wipe what nobody collected.

Departments normally take their bundles from the outbox within days; a bundle older than
the department's `outbox_retention_days` is wiped. A quarantined job older than
`retention.quarantine_days` is wiped too, whatever it holds (a refused entry may be a
link, a FIFO or even a folder). Each wipe appends an `expired` event whose method is what
the wipe really did.

Each item is wiped on its own: one that fails is logged, counted in
`yomitori_retention_failures_total{what}` and tried again at the next sweep, and the
sweep goes on with the next item, so no single entry can stop retention.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from daemon.errors import YomitoriError
from daemon.ledger.writer import Ledger
from daemon.ops import metrics
from daemon.settings import Settings
from daemon.spool import JOB_ID
from handlers.bundle import SUFFIX
from handlers.janitor import NOTHING_KEPT, receipt_method, wipe_file, wipe_folder

log = logging.getLogger(__name__)

DAY = 86400.0
REPORT = "error.json"
REVISION_SUFFIX = re.compile(r"\.rev\d{1,6}$")
"""A review station's revisions (`<job>.revN.age`) expire like the bundle they revise."""


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
            for bundle in self._entries("bundle", dept.outbox, dept_id):
                name = REVISION_SUFFIX.sub("", bundle.name.removesuffix(SUFFIX))
                if bundle.name.endswith(SUFFIX) and JOB_ID.match(name) and _older(bundle, limit):
                    expire = partial(self._expire_bundle, dept_id, bundle)
                    wiped += self._one("bundle", dept_id, name, expire)
        limit = now - self.settings.retention.quarantine_days * DAY
        root = self.settings.paths.quarantine
        for department in self._entries("quarantine", root, None):
            for folder in self._entries("quarantine", department, None):
                if JOB_ID.match(folder.name) and _quarantined_before(folder, limit):
                    expire = partial(self._expire_quarantined, folder)
                    wiped += self._one("quarantine", department.name, folder.name, expire)
        return wiped

    def _entries(self, what: str, folder: Path, department: str | None) -> Iterator[Path]:
        """The entries of `folder`, sorted; a folder that cannot be listed counts as a failure."""
        if not folder.is_dir() or folder.is_symlink():
            return
        try:
            names = sorted(os.listdir(folder))
        except OSError as exc:
            self._failed(what, department, None, exc)
            return
        for name in names:
            yield folder / name

    def _one(self, what: str, department: str, job_id: str, expire: Callable[[], None]) -> int:
        try:
            expire()
        except Exception as exc:  # one item must never stop the sweep
            self._failed(what, department, job_id, exc)
            return 0
        return 1

    @staticmethod
    def _failed(what: str, department: str | None, job_id: str | None, exc: Exception) -> None:
        metrics.RETENTION_FAILURES.labels(what).inc()
        log.error(
            "retention could not wipe an expired %s (%s); it is tried again at the next sweep",
            what,
            _describe(exc),
            extra={"job_id": job_id, "department": department},
        )

    def _expire_bundle(self, department: str, bundle: Path) -> None:
        stem = bundle.name.removesuffix(SUFFIX)
        job_id = REVISION_SUFFIX.sub("", stem)
        wipe = wipe_file(bundle)
        self.ledger.append(
            "expired",
            job_id=job_id,
            department=department,
            what="bundle" if job_id == stem else "revision",
            subject={"bundle": bundle.name, "bytes": wipe.bytes},
            method=wipe.method,
            role="janitor",
        )
        log.info("expired bundle wiped", extra={"job_id": job_id, "department": department})

    def _expire_quarantined(self, folder: Path) -> None:
        department, job_id = folder.parent.name, folder.name
        subject: dict[str, object] = {}
        try:
            source = json.loads((folder / REPORT).read_text("utf-8")).get("source", {})
            subject = {"sha256": source.get("sha256", ""), "bytes": source.get("bytes", 0)}
        except (OSError, ValueError, AttributeError):
            pass  # no readable report: the receipt has no subject, the wipe goes on
        # The report goes last: it dates the job, so a wipe that fails half-way is still
        # expired at the next sweep.
        wipes = wipe_folder(folder, keep=(REPORT,))
        wipe_folder(folder)
        folder.rmdir()
        self.ledger.append(
            "expired",
            job_id=job_id,
            department=department,
            what="quarantine",
            subject=subject,
            method=receipt_method(wipes, missing=NOTHING_KEPT),
            role="janitor",
        )
        log.info(
            "expired quarantined job wiped", extra={"job_id": job_id, "department": department}
        )


def _older(path: Path, limit: float) -> bool:
    """Whether `path` was last modified before `limit` (Unix time); links are never followed."""
    try:
        return path.lstat().st_mtime < limit
    except OSError:
        return False  # gone meanwhile


def _quarantined_before(folder: Path, limit: float) -> bool:
    """Whether the job folder was quarantined before `limit` (Unix time).

    Dated by its report (written once, when the job was quarantined), else by the folder.
    """
    try:
        if not stat.S_ISDIR(folder.lstat().st_mode):
            return False
    except OSError:
        return False
    report = folder / REPORT
    return _older(report if os.path.lexists(report) else folder, limit)


def _describe(exc: BaseException) -> str:
    """An exception without its message, which may quote a name found inside a refused folder."""
    if isinstance(exc, YomitoriError):  # these messages never carry names
        return f"{type(exc).__name__}: {exc}"
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"{type(exc).__name__} {errno.errorcode.get(exc.errno, exc.errno)}"
    return type(exc).__name__
