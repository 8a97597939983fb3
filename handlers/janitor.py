"""The janitor: once a bundle is durable, wipe the job's spool folder and record it.

For each `job.done` it appends the ledger events `claimed`, `delivered` and `wiped`, each
at most once per job (`Ledger.append_once` looks and appends under the ledger's lock), so
a redelivered message after a crash, or a second janitor, neither wipes twice nor writes a
second receipt. A ledger that cannot be written (`LedgerUnavailable`, a full disk) leaves
the job as it is, to be finished on a later attempt.

"Wiped" means: every file overwritten once with zeros, fsynced and unlinked, then the
folder removed. On journaling file systems, copy-on-write file systems and SSDs an
overwrite does not reach every copy of the blocks, so the receipts say exactly that:
`overwritten once and unlinked`, never "purged".
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from daemon.bus import Delivery
from daemon.durable import fsync_dir
from daemon.ledger.writer import Ledger
from daemon.ops import metrics
from daemon.spool import DELIVERED, MANIFEST, Manifest, Spool, SpoolJob

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


def wipe_folder(folder: Path, keep: tuple[str, ...] = ()) -> None:
    """Wipe every file in `folder` except the names in `keep`."""
    for entry in sorted(folder.iterdir()):
        if entry.name in keep:
            continue
        if entry.is_symlink() or not entry.is_file():
            entry.unlink()
        else:
            wipe_file(entry)


class Janitor:
    """Handles `yomitori.done` deliveries."""

    def __init__(self, spool: Spool, ledger: Ledger) -> None:
        self.spool = spool
        self.ledger = ledger

    def __call__(self, delivery: Delivery) -> None:
        job = self.spool.job(str(delivery.body.get("job_id", "")))
        if not job.folder.exists():
            return
        if not job.exists():
            # The manifest goes last: what is left is only the empty shell of a wipe.
            wipe_folder(job.folder)
            job.folder.rmdir()
            return
        self.finish(job)

    def finish(self, job: SpoolJob) -> None:
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
            role="ocr",
        )
        wipe_folder(job.folder, keep=(MANIFEST, DELIVERED))
        self.ledger.append_once(
            "wiped",
            job_id=job.job_id,
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
        wipe_folder(job.folder)
        job.folder.rmdir()
        fsync_dir(self.spool.root)
        metrics.JOBS_COMPLETED.labels(manifest.department).inc()
        log.info("source wiped", extra={"job_id": job.job_id, "department": manifest.department})


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
