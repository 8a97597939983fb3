"""The janitor: once a bundle is durable, wipe the job's spool folder and record it.

For each `job.done` it appends the ledger events `claimed`, `delivered` and `wiped`, each
at most once per job (`Ledger.append_once` looks and appends under the ledger's lock), so
a redelivered message after a crash, or a second janitor, neither wipes twice nor writes a
second receipt. A ledger that cannot be written (`LedgerUnavailable`, a full disk) leaves
the job as it is, to be finished on a later attempt.

"Wiped" means: every file overwritten once with zeros, fsynced and unlinked, then the
folder removed. On journaling file systems, copy-on-write file systems and SSDs an
overwrite does not reach every copy of the blocks, so the receipts say exactly that:
`overwritten once and unlinked`, never "purged". A wipe that could not overwrite says so:
a file with other names (hard links) is only unlinked, since overwriting it would destroy
the data under its other names, and so is anything that is not a regular file; every
receipt names the method `wipe_file` reports.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from daemon.bus import Delivery
from daemon.durable import fsync_dir
from daemon.ledger.writer import Ledger
from daemon.ops import metrics
from daemon.spool import DELIVERED, MANIFEST, SOURCE, Manifest, Spool, SpoolJob

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


def wipe_folder(folder: Path, keep: tuple[str, ...] = ()) -> dict[str, Wipe]:
    """Wipe every entry in `folder` except the names in `keep`; what was done, by name.

    A folder inside (a refused entry that was a folder) is wiped file by file and removed,
    never following a link; its method lists the methods of its files.
    """
    done: dict[str, Wipe] = {}
    for entry in sorted(folder.iterdir()):
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


def receipt_method(wipes: dict[str, Wipe], missing: str) -> str:
    """The method for a job's receipt: what the wipe did to its source (`source*`).

    `missing` when no source was wiped now.
    """
    methods = sorted({w.method for name, w in wipes.items() if name.startswith(SOURCE)})
    return "; ".join(methods) or missing


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
            **({"flagged": delivered["flagged"]} if "flagged" in delivered else {}),
            role="ocr",
        )
        wiped = wipe_folder(job.folder, keep=(MANIFEST, DELIVERED))
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
            method=receipt_method(wiped, missing=EARLIER),
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
