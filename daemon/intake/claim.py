"""Claiming: take a finished file out of a hot folder into a private spool job.

A claim is a rename into `spool/<job_id>/source` when the spool is on the same file system
(atomic: the file is either still in the hot folder or in the spool), else a copy that is
fsynced and verified by hash before the original is unlinked. `claim.json` is written
before the file moves and `job.json` after, so recovery can finish or undo a claim that a
crash interrupted.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

from daemon.durable import sha256_file, write_atomic
from daemon.errors import InputError
from daemon.intake.hotfolder import refusal
from daemon.spool import (
    FILE_MODE,
    MANIFEST,
    SOURCE,
    Manifest,
    Spool,
    SpoolJob,
    utcnow,
)

CLAIM = "claim.json"
CHUNK = 1 << 20


class Refused(InputError):
    """An entry in a hot folder that must not be taken (link, FIFO, device…)."""


def check_entry(st: os.stat_result) -> None:
    """Refuse anything but a plain file with a single name."""
    reason = refusal(st)
    if reason is not None:
        raise Refused(str(reason))


def record_intent(job: SpoolJob, department: str, detected_at: str, refused: str | None) -> None:
    """Write `claim.json`: whose the file is and when it was found, before it moves."""
    intent = {"department": department, "detected_at": detected_at, "refused": refused}
    write_atomic(job.folder / CLAIM, json.dumps(intent).encode(), FILE_MODE)


def claim(department: str, path: Path, spool: Spool, detected_at: str) -> Manifest:
    """Move the file at `path` into a new spool job and record its manifest."""
    check_entry(os.lstat(path))
    job = spool.new_job()
    record_intent(job, department, detected_at, None)
    try:
        os.rename(path, job.source)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            _undo(job)
            raise
        _copy_then_unlink(path, job.source)
    try:
        # The entry may have been swapped between the check and the rename.
        check_entry(os.lstat(job.source))
    except Refused:
        os.rename(job.source, path)
        _undo(job)
        raise
    return finish_claim(job)


def claim_refused(
    department: str, path: Path, spool: Spool, detected_at: str, reason: str
) -> Manifest | None:
    """Move a refused entry (link, FIFO, device) into a spool job unopened, for the quarantine.

    Only the name moves: a symlink's target and a hard link's other names stay untouched.
    Returns None when the entry is gone or cannot be moved (another file system).
    """
    job = spool.new_job()
    record_intent(job, department, detected_at, reason)
    try:
        os.rename(path, job.source)
    except OSError:
        _undo(job)
        return None
    return finish_claim(job)


def finish_claim(job: SpoolJob) -> Manifest:
    """Hash the claimed source and write `job.json` (also used by recovery)."""
    intent = json.loads((job.folder / CLAIM).read_bytes())
    refused = intent.get("refused")
    if refused:
        digest, size = "", os.lstat(job.source).st_size
    else:
        digest, size = sha256_file(job.source)
    manifest = Manifest(
        job_id=job.job_id,
        department=intent["department"],
        sha256=digest,
        bytes=size,
        detected_at=intent["detected_at"],
        claimed_at=utcnow(),
        refused=refused,
    )
    write_atomic(job.folder / MANIFEST, manifest.model_dump_json().encode(), FILE_MODE)
    return manifest


def recover_orphan(job: SpoolJob) -> Manifest | None:
    """Finish a claim interrupted after the move, or remove one interrupted before it."""
    source = job.folder / SOURCE
    if (job.folder / CLAIM).exists() and os.path.lexists(source):
        intent = json.loads((job.folder / CLAIM).read_bytes())
        if not intent.get("refused"):
            try:
                check_entry(os.lstat(source))
            except Refused as exc:
                record_intent(job, intent["department"], intent["detected_at"], str(exc))
        return finish_claim(job)
    _undo(job)
    return None


def _undo(job: SpoolJob) -> None:
    for entry in job.folder.iterdir():
        entry.unlink()
    job.folder.rmdir()


def _copy_then_unlink(source: Path, target: Path) -> None:
    """Copy across file systems, fsync, verify, then unlink the original."""
    fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as src, open(target, "xb") as dst:
        os.fchmod(dst.fileno(), FILE_MODE)  # the janitor, another user, overwrites it
        check_entry(os.fstat(src.fileno()))
        digest = hashlib.sha256()
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    if sha256_file(target)[0] != digest.hexdigest():
        target.unlink()
        raise OSError(errno.EIO, "copy into the spool does not match the original")
    source.unlink()
