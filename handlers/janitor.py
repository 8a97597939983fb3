"""The janitor: once a bundle is durable, wipe the job's spool folder and record it.

For each `job.done` it appends the ledger events `claimed`, `delivered` and `wiped`, each
at most once per job (`Ledger.append_once` looks and appends under the ledger's lock), so
a redelivered message after a crash, or a second janitor, neither wipes twice nor writes a
second receipt. A ledger that cannot be written (`LedgerUnavailable`, a full disk) leaves
the job as it is, to be finished on a later attempt.

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
`overwritten once and unlinked`, never "purged". A wipe that could not overwrite says so:
a file with other names (hard links) is only unlinked, since overwriting it would destroy
the data under its other names, and so is anything that is not a regular file; every
receipt names the method `wipe_file` reports.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from daemon.bus import Delivery
from daemon.durable import fsync_dir
from daemon.errors import InputError, JobBusy
from daemon.ledger.writer import Ledger
from daemon.ops import metrics
from daemon.spool import DELIVERED, LOCK, MANIFEST, SOURCE, Manifest, Spool, SpoolJob

log = logging.getLogger(__name__)

METHOD = "overwritten once and unlinked"
OTHER_NAMES = "unlinked, not overwritten (other names of the file remain)"
NOT_A_FILE = "unlinked, not overwritten (not a regular file)"
EARLIER = "unlinked before this receipt was written (method not recorded)"
"""The method of a receipt whose wipe was interrupted and finished after a restart."""
NOTHING_KEPT = "nothing to wipe (no source was kept)"
CHUNK = 1 << 20


@dataclass(frozen=True)
class Wipe:
    """What a wipe did to one entry: `method` for the receipt, `bytes` its size."""

    method: str
    bytes: int


def wipe_file(path: Path) -> Wipe:
    """Overwrite a regular file once with zeros, fsync, unlink; what was done.

    Opened without following links, so a link planted in a job folder is unlinked, never
    its target overwritten; a file with other names (hard links) is only unlinked, and so
    is anything that is not a regular file (FIFOs are never opened for writing).
    """
    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        path.unlink()
        return Wipe(NOT_A_FILE, st.st_size)
    fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
            # Overwriting would reach data that also lives under another name.
            method = NOT_A_FILE if not stat.S_ISREG(st.st_mode) else OTHER_NAMES
        else:
            method = METHOD
            zeros = bytes(min(st.st_size, CHUNK))
            left = st.st_size
            while left > 0:
                left -= os.write(fd, zeros[: min(left, CHUNK)])
            os.fsync(fd)
    finally:
        os.close(fd)
    path.unlink()
    return Wipe(method, st.st_size)


def wipe_folder(
    folder: Path, keep: Iterable[str] = (), last: Iterable[str] = ()
) -> dict[str, Wipe]:
    """Wipe every entry in `folder` except the names in `keep`, the names in `last` last
    and in the order given; what was done, by name.

    A folder inside (a refused entry that was a folder) is wiped file by file and removed,
    never following a link; its method lists the methods of its files.
    """
    keep, last = set(keep), list(last)
    done: dict[str, Wipe] = {}
    entries = sorted(folder.iterdir(), key=lambda e: (e.name in last, _index(last, e.name)))
    for entry in entries:
        if entry.name in keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            inside = wipe_folder(entry)
            entry.rmdir()
            methods = sorted({wipe.method for wipe in inside.values()}) or [NOTHING_KEPT]
            done[entry.name] = Wipe("; ".join(methods), sum(w.bytes for w in inside.values()))
        else:
            done[entry.name] = wipe_file(entry)
    return done


def _index(names: list[str], name: str) -> tuple[int, str]:
    return (names.index(name) if name in names else -1, name)


def receipt_method(wipes: dict[str, Wipe], missing: str) -> str:
    """The method for a job's receipt: what the wipe did to its source (`source*`).

    `missing` when no source was wiped now.
    """
    methods = sorted({w.method for name, w in wipes.items() if name.startswith(SOURCE)})
    return "; ".join(methods) or missing


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
        started = time.perf_counter()
        manifest = job.manifest()
        delivered = job.read(DELIVERED)
        record_claim(self.ledger, manifest)
        self.ledger.append_once(
            "delivered",
            job_id=job.job_id,
            department=manifest.department,
            bundle=delivered["bundle"],
            bundle_bytes=delivered["bundle_bytes"],
            pages=delivered["pages"],
            forms=delivered["forms"],
            pii=delivered["pii"],
            **({"flagged": delivered["flagged"]} if "flagged" in delivered else {}),
            role="ocr",
        )
        self._wipe(self.spool.entomb(job), manifest, delivered)
        metrics.STAGE_SECONDS.labels("janitor").observe(time.perf_counter() - started)

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
        wiped = wipe_folder(tomb.folder, keep=FINAL)
        if manifest is not None and delivered is not None:
            self.ledger.append_once(
                "wiped",
                job_id=tomb.job_id,
                department=manifest.department,
                subject={
                    "sha256": manifest.sha256,
                    "bytes": manifest.bytes,
                    "pages": delivered["pages"],
                    "forms": delivered["forms"],
                },
                method=receipt_method(wiped, missing=EARLIER),
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
    ledger.append_once(
        "claimed",
        job_id=manifest.job_id,
        department=manifest.department,
        subject={"sha256": manifest.sha256, "bytes": manifest.bytes},
        detected_at=manifest.detected_at,
        claimed_at=manifest.claimed_at,
        role="watcher",
    )
