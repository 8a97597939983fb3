"""Claiming: take a finished file out of a hot folder into a private spool job.

The file is reached by directory handles from its hot folder (`daemon.intake.entry`), so a
sub-folder swapped for a link cannot send the claim elsewhere, and the department is the
one whose hot folder the file really is in. Its device and inode must be the ones the
intake tracked, and after the move its type is checked again: an entry swapped in between
is put back (or kept, refused, for the quarantine).

On one file system a claim is a rename into `spool/<job_id>/source` (atomic: the file is
either still in the hot folder or in the spool); across file systems it is a verified copy
(`daemon.intake.crossing`). `claim.json` is written before the file moves and `job.json`
after, so recovery can finish or undo a claim that a crash interrupted.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
from dataclasses import replace
from pathlib import Path

from daemon.durable import write_atomic
from daemon.errors import YomitoriError
from daemon.intake import crossing
from daemon.intake.entry import (
    DIRECTORY,
    READ,
    Entry,
    EntryChanged,
    Refused,
    move_without_replacing,
    open_entry,
    same_file,
    sha256_of,
)
from daemon.intake.hotfolder import HotFolder, refusal
from daemon.intake.intent import (
    CLAIM,
    STAGED_PREFIX,
    Intent,
    Origin,
    reached,
    read_intent,
    write_intent,
)
from daemon.spool import FILE_MODE, MANIFEST, SOURCE, Manifest, Spool, SpoolJob, utcnow

__all__ = ["CLAIM", "EntryChanged", "Refused", "claim", "claim_refused", "recover_orphan"]

log = logging.getLogger(__name__)


def check_entry(st: os.stat_result) -> None:
    """Refuse anything but a plain file with a single name."""
    reason = refusal(st)
    if reason is not None:
        raise Refused(str(reason))


def record_intent(job: SpoolJob, department: str, detected_at: str, refused: str | None) -> None:
    """Write `claim.json`: whose the file is and when it was found, before it moves."""
    write_intent(job, Intent(department, detected_at, refused))


def claim(
    folder: HotFolder,
    path: Path,
    spool: Spool,
    detected_at: str,
    tracked: os.stat_result | None = None,
) -> Manifest:
    """Move the file at `path` (below `folder.path`, a real path) into a new spool job.

    `tracked` is the intake's last stat of the file: a file with another device or inode
    is not taken (EntryChanged). Raises Refused for links, FIFOs, devices and the like.
    """
    with open_entry(folder, path) as entry:
        checked = entry.lstat()
        check_entry(checked)
        if tracked is not None and not same_file(checked, tracked):
            raise EntryChanged("the file was replaced since it was found; it is looked at again")
        job = spool.new_job()
        job_fd = os.open(job.folder, DIRECTORY)
        try:
            intent = Intent(folder.department, detected_at)
            write_intent(job, intent)
            _take(entry, checked, job, job_fd, intent)
        except BaseException:
            if not os.path.lexists(job.source):
                _undo(job)
            raise
        finally:
            os.close(job_fd)
    return finish_claim(job)


def _take(
    entry: Entry, checked: os.stat_result, job: SpoolJob, job_fd: int, intent: Intent
) -> None:
    try:
        os.rename(entry.name, SOURCE, src_dir_fd=entry.dir_fd, dst_dir_fd=job_fd)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        _take_across(entry, checked, job, job_fd, intent)
        return
    moved = os.lstat(SOURCE, dir_fd=job_fd)
    reason = refusal(moved)
    if reason is None and same_file(moved, checked):
        return
    # Swapped between the check and the rename: put it back where it was.
    if move_without_replacing(job_fd, SOURCE, entry.dir_fd, entry.name):
        if reason is not None:
            raise Refused(str(reason))
        raise EntryChanged("the file was replaced during its claim; it is looked at again")
    # Its name was taken again meanwhile. It came from this hot folder, so it is kept:
    # claimed when it is a plain file, refused (for the quarantine) otherwise.
    if reason is not None:
        write_intent(job, replace(intent, refused=str(reason)))


def _take_across(
    entry: Entry, checked: os.stat_result, job: SpoolJob, job_fd: int, intent: Intent
) -> None:
    """Claim across file systems: stage the original under a hidden name, then copy."""
    staged = STAGED_PREFIX + job.job_id
    origin = Origin(
        str(entry.folder.path), staged, checked.st_dev, checked.st_ino, checked.st_size
    )
    intent = replace(intent, origin=origin)
    write_intent(job, intent)
    reached("claim.intent")
    try:
        os.rename(entry.name, staged, src_dir_fd=entry.dir_fd, dst_dir_fd=entry.root_fd)
    except OSError as exc:
        if exc.errno == errno.EXDEV:
            raise YomitoriError(
                f"department {entry.folder.department}: a sub-folder of its hot folder is on "
                "another file system; keep each hot folder on one file system"
            ) from None
        raise
    reached("claim.staged")
    try:
        staged_st = os.lstat(staged, dir_fd=entry.root_fd)
        check_entry(staged_st)
        if not same_file(staged_st, checked):
            raise EntryChanged("the file was replaced during its claim; it is looked at again")
        crossing.transfer(entry.root_fd, job, job_fd, intent)
    except BaseException:
        if not os.path.lexists(job.source):
            _return(entry, staged, job.job_id)
        raise


def _return(entry: Entry, staged: str, job_id: str) -> None:
    """Give a staged original back its name, or a plain one if its name is taken."""
    with contextlib.suppress(FileNotFoundError):
        if not move_without_replacing(entry.root_fd, staged, entry.dir_fd, entry.name):
            # A name without the job id's hidden prefix, so the intake takes it again.
            move_without_replacing(entry.root_fd, staged, entry.root_fd, f"returned-{job_id}")


def claim_refused(
    folder: HotFolder, path: Path, spool: Spool, detected_at: str, reason: str
) -> Manifest | None:
    """Move a refused entry (link, FIFO, device) into a spool job unopened, for the quarantine.

    Only the name moves: a symlink's target and a hard link's other names stay untouched.
    Returns None when there is nothing to refuse any more (the entry is gone, or is a
    folder or a plain file by now, which the intake looks at again) or it cannot be moved
    (another file system).
    """
    try:
        with open_entry(folder, path) as entry:
            found = entry.lstat()
            if stat.S_ISDIR(found.st_mode) or refusal(found) is None:
                return None
            job = spool.new_job()
            intent = Intent(folder.department, detected_at, reason)
            job_fd = os.open(job.folder, DIRECTORY)
            try:
                return _take_refused(entry, job, job_fd, intent)
            finally:
                os.close(job_fd)
    except (OSError, EntryChanged):
        return None


def _take_refused(entry: Entry, job: SpoolJob, job_fd: int, intent: Intent) -> Manifest | None:
    write_intent(job, intent)
    try:
        os.rename(entry.name, SOURCE, src_dir_fd=entry.dir_fd, dst_dir_fd=job_fd)
    except OSError:
        _undo(job)
        return None
    moved = os.lstat(SOURCE, dir_fd=job_fd)
    reason = refusal(moved)
    if (stat.S_ISDIR(moved.st_mode) or reason is None) and move_without_replacing(
        job_fd, SOURCE, entry.dir_fd, entry.name
    ):
        _undo(job)  # swapped for a folder or a plain file: the intake looks at it again
        return None
    if reason is not None and str(reason) != intent.refused:
        write_intent(job, replace(intent, refused=str(reason)))
    return finish_claim(job)


def finish_claim(job: SpoolJob) -> Manifest:
    """Hash the claimed source and write `job.json` (also used by recovery)."""
    intent = read_intent(job)
    refused = intent.refused
    if refused:
        digest, size = "", os.lstat(job.source).st_size
    else:
        digest, size = _digest_of_source(job)
    manifest = Manifest(
        job_id=job.job_id,
        department=intent.department,
        sha256=digest,
        bytes=size,
        detected_at=intent.detected_at,
        claimed_at=utcnow(),
        refused=refused,
    )
    write_atomic(job.folder / MANIFEST, manifest.model_dump_json().encode(), FILE_MODE)
    return manifest


def _digest_of_source(job: SpoolJob) -> tuple[str, int]:
    """SHA-256 and size of `source`, opened without following links or blocking."""
    fd = os.open(job.source, READ)
    try:
        check_entry(os.fstat(fd))
        return sha256_of(fd)
    finally:
        os.close(fd)


def recover_orphan(job: SpoolJob) -> Manifest | None:
    """Finish a claim interrupted after the move, or remove one interrupted before it."""
    try:
        intent = read_intent(job)
    except (OSError, ValueError, KeyError, TypeError):
        if os.path.lexists(job.source):
            log.error(
                "a spool job has a source but no readable claim.json; left for a person",
                extra={"job_id": job.job_id},
            )
            return None
        _undo(job)
        return None
    if intent.origin is not None:
        if not crossing.recover(job, intent):
            _undo(job)
            return None
        intent = read_intent(job)
    elif not os.path.lexists(job.source):
        _undo(job)
        return None
    if not intent.refused:
        reason = refusal(os.lstat(job.source))
        if reason is not None:
            write_intent(job, replace(intent, refused=str(reason)))
    return finish_claim(job)


def _undo(job: SpoolJob) -> None:
    """Remove a job folder that holds no source (only the claim's own files)."""
    for entry in job.folder.iterdir():
        entry.unlink()
    job.folder.rmdir()
