"""The janitor: once a bundle is durable, wipe the job's spool folder and record it.

For each `job.done` it appends the ledger events `claimed`, `delivered` and `wiped`, each
at most once per job (the ledger remembers), so a redelivered message after a crash
neither wipes twice nor writes a second receipt.

A wipe cannot be misread, wherever a crash cuts it: holding the job's lock, the janitor
first renames the job folder to its tombstone (`spool/.wiping-<job_id>/`), which nothing
takes for an unfinished job; then it wipes the source and the state files, appends the
`wiped` receipt, and wipes `delivered.json`, `job.json` and the lock last. A tombstone
that still holds `delivered.json` may lack its receipt; one without it has it already (or
came from the quarantine, which needs none). The janitor finishes every tombstone it
finds at start, periodically, and when a `done` names one.

"Wiped" means: every file overwritten once with zeros, fsynced and unlinked, then the
folder removed. On journaling file systems, copy-on-write file systems and SSDs an
overwrite does not reach every copy of the blocks, so the receipts say exactly that:
`overwritten once and unlinked`, never "purged".
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from daemon.bus import Delivery
from daemon.durable import fsync_dir
from daemon.errors import InputError, JobBusy
from daemon.ledger.writer import Ledger
from daemon.ops import metrics
from daemon.spool import DELIVERED, LOCK, MANIFEST, Manifest, Spool, SpoolJob

log = logging.getLogger(__name__)

METHOD = "overwritten once and unlinked"
CHUNK = 1 << 20


def wipe_file(path: Path) -> int:
    """Overwrite a regular file once with zeros, fsync, unlink; returns its size in bytes.

    Opened without following links, so a link planted in a job folder is unlinked, never
    its target overwritten; a file with other names (hard links) is only unlinked.
    """
    fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
        size = st.st_size
        if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
            # Overwriting would reach data that also lives under another name.
            size = 0
        zeros = bytes(min(size, CHUNK))
        left = size
        while left > 0:
            left -= os.write(fd, zeros[: min(left, CHUNK)])
        os.fsync(fd)
    finally:
        os.close(fd)
    path.unlink()
    return size


def wipe_folder(folder: Path, keep: Iterable[str] = (), last: Iterable[str] = ()) -> None:
    """Wipe every file in `folder` except the names in `keep`; the names in `last` go
    last, in the order given."""
    keep, last = set(keep), list(last)
    entries = sorted(folder.iterdir(), key=lambda e: (e.name in last, _index(last, e.name)))
    for entry in entries:
        if entry.name in keep:
            continue
        if entry.is_symlink() or not entry.is_file():
            entry.unlink()
        else:
            wipe_file(entry)


def _index(names: list[str], name: str) -> tuple[int, str]:
    return (names.index(name) if name in names else -1, name)


FINAL = (DELIVERED, MANIFEST, LOCK)
"""What a wipe removes after its receipt, in this order (see the module docstring)."""


class Janitor:
    """Handles `yomitori.done` deliveries."""

    def __init__(self, spool: Spool, ledger: Ledger) -> None:
        self.spool = spool
        self.ledger = ledger

    def __call__(self, delivery: Delivery) -> None:
        try:
            job = self.spool.job(str(delivery.body.get("job_id", "")))
        except ValueError:
            raise InputError("the message names no valid job id") from None
        tomb = self.spool.tombstone(job.job_id)
        if tomb.folder.exists():
            self.finish_wipe(tomb)
            return
        with job.lock() as here:
            if not here or not job.exists():
                return  # finished, or a claim the watcher has yet to recover
            if not job.has(DELIVERED):
                log.warning("`done` for a job not delivered yet; ignored",
                            extra={"job_id": job.job_id})
                return
            self.finish(job)

    def finish(self, job: SpoolJob) -> None:
        """Record and wipe a delivered job; the caller holds its lock."""
        manifest = job.manifest()
        delivered = job.read(DELIVERED)
        record_claim(self.ledger, manifest)
        if not self.ledger.has(job.job_id, "delivered"):
            self.ledger.append(
                "delivered",
                job_id=job.job_id,
                department=manifest.department,
                bundle=delivered["bundle"],
                bundle_bytes=delivered["bundle_bytes"],
                pages=delivered["pages"],
                forms=delivered["forms"],
                pii=delivered["pii"],
                role="ocr",
            )
        self._wipe(self.spool.entomb(job), manifest, delivered)

    def finish_wipe(self, tomb: SpoolJob) -> None:
        """Finish a wipe that was cut short (or is running in another worker: then it
        raises `JobBusy`, and the `done` is tried again later)."""
        with tomb.lock(create=False) as here:
            if not here:
                # Only its last step was left: the receipt is written.
                with contextlib.suppress(FileNotFoundError):  # or it is done meanwhile
                    wipe_folder(tomb.folder)
                    tomb.folder.rmdir()
                    fsync_dir(self.spool.root)
                return
            manifest = tomb.manifest() if tomb.exists() else None
            delivered = tomb.read(DELIVERED) if tomb.has(DELIVERED) else None
            log.info("finishing an interrupted wipe", extra={"job_id": tomb.job_id})
            self._wipe(tomb, manifest, delivered)

    def recover(self) -> None:
        """Finish every interrupted wipe in the spool (at start and periodically)."""
        for tomb in self.spool.tombstones():
            try:
                self.finish_wipe(tomb)
            except JobBusy:
                continue  # a worker is on it now

    def _wipe(
        self, tomb: SpoolJob, manifest: Manifest | None, delivered: dict[str, Any] | None
    ) -> None:
        wipe_folder(tomb.folder, keep=FINAL)
        if manifest is not None and delivered is not None:
            if not self.ledger.has(tomb.job_id, "wiped"):
                self.ledger.append(
                    "wiped",
                    job_id=tomb.job_id,
                    department=manifest.department,
                    subject={
                        "sha256": manifest.sha256,
                        "bytes": manifest.bytes,
                        "pages": delivered["pages"],
                        "forms": delivered["forms"],
                    },
                    method=METHOD,
                    role="janitor",
                )
            metrics.JOBS_COMPLETED.labels(manifest.department).inc()
            log.info("source wiped",
                     extra={"job_id": tomb.job_id, "department": manifest.department})
        wipe_tombstone(self.spool, tomb)


def wipe_tombstone(spool: Spool, tomb: SpoolJob) -> None:
    """Wipe what is left in a tombstone, the manifest and the lock last, and remove it."""
    wipe_folder(tomb.folder, last=FINAL)
    tomb.folder.rmdir()
    fsync_dir(spool.root)


def record_claim(ledger: Ledger, manifest: Manifest) -> None:
    """Append the `claimed` event for a job unless it is there already."""
    if ledger.has(manifest.job_id, "claimed"):
        return
    ledger.append(
        "claimed",
        job_id=manifest.job_id,
        department=manifest.department,
        subject={"sha256": manifest.sha256, "bytes": manifest.bytes},
        detected_at=manifest.detected_at,
        claimed_at=manifest.claimed_at,
        role="watcher",
    )
