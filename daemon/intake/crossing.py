"""A claim across file systems: the hot folder and the spool on different mounts.

No rename can move the file, so it is copied, and a crash may come at any step. The steps
(each durable before the next, see `daemon.intake.intent.STEPS`):

1. `claim.json` records the original's device, inode and size;
2. the original is renamed to a hidden name in its hot folder, `.yomitori-claim-<job_id>`:
   from then on no other claim (another watcher) can take it, and recovery finds it by the
   job id alone, without the original's name ever being written down;
3. it is copied to a temporary name in the job folder, fsynced, and the copy's size and
   SHA-256 verified; the SHA-256 goes into `claim.json`;
4. the copy is renamed to `source`;
5. only then is the original unlinked, if it is still the same inode of the same size.

Recovery (`recover`) after a crash: before step 4 the partial copy is discarded and the
copy made again from the hidden original (or, before step 2, the job is undone and the
original waits under its own name); after step 4 the original is unlinked only while it
still has the recorded device, inode, size and SHA-256, so it is never claimed twice.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import secrets
from dataclasses import replace

from daemon.intake.entry import (
    CHUNK,
    DIRECTORY,
    READ,
    EntryChanged,
    Refused,
    same_file,
    sha256_of,
)
from daemon.intake.hotfolder import refusal
from daemon.intake.intent import Intent, Origin, reached, write_intent
from daemon.spool import FILE_MODE, SOURCE, SpoolJob

log = logging.getLogger(__name__)

PARTIAL_PREFIX = ".source."
"""Copies being made in a job folder: `.source.<hex>.part`."""


def transfer(root_fd: int, job: SpoolJob, job_fd: int, intent: Intent) -> Intent:
    """Steps 3 to 5 for the original staged in the hot folder open as `root_fd`.

    Returns the intent with the copy's SHA-256. Raises Refused when the staged entry is
    not a single-named regular file, EntryChanged when it is not the recorded original
    or changed while it was copied; the partial copy is gone then, the original kept.
    """
    origin = intent.origin
    assert origin is not None
    fd = os.open(origin.staged, READ, dir_fd=root_fd)
    try:
        st = os.fstat(fd)
        reason = refusal(st)
        if reason is not None:
            raise Refused(str(reason))
        if (st.st_dev, st.st_ino, st.st_size) != (origin.device, origin.inode, origin.size):
            raise EntryChanged("the file was replaced during its claim; it is looked at again")
        partial = f"{PARTIAL_PREFIX}{secrets.token_hex(4)}.part"
        try:
            digest = _copy(fd, job_fd, partial)
            end = os.fstat(fd)
            if (end.st_size, end.st_mtime_ns) != (st.st_size, st.st_mtime_ns):
                raise EntryChanged("the file changed while it was copied; it is taken again later")
            if _digest_at(job_fd, partial) != (digest, st.st_size):
                raise OSError(errno.EIO, "the copy in the spool does not match the original")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(partial, dir_fd=job_fd)
            raise
    finally:
        os.close(fd)
    intent = replace(intent, origin=origin.verified(digest))
    write_intent(job, intent)
    reached("claim.copied")
    os.rename(partial, SOURCE, src_dir_fd=job_fd, dst_dir_fd=job_fd)
    os.fsync(job_fd)
    reached("claim.renamed")
    try:  # the claim is complete: an original left behind is only reported
        if not unlink_original(root_fd, intent.origin, check_digest=False):
            _warn_if_left(root_fd, job, intent)
    except OSError as exc:
        log.warning(
            "the original of a claim could not be unlinked (%s); it is left in the hot folder "
            "under %s for a person to delete",
            errno.errorcode.get(exc.errno or 0, "?"),
            origin.staged,
            extra={"job_id": job.job_id, "department": intent.department},
        )
    reached("claim.unlinked")
    return intent


def unlink_original(root_fd: int, origin: Origin | None, *, check_digest: bool) -> bool:
    """Unlink the staged original if it is still the recorded file; whether it was.

    The device, inode and size must match; with `check_digest` its SHA-256 too (recovery:
    an inode number may have been reused since).
    """
    assert origin is not None
    try:
        st = os.lstat(origin.staged, dir_fd=root_fd)
    except FileNotFoundError:
        return False
    if refusal(st) is not None or (st.st_dev, st.st_ino, st.st_size) != (
        origin.device,
        origin.inode,
        origin.size,
    ):
        return False
    if check_digest:
        fd = os.open(origin.staged, READ, dir_fd=root_fd)
        try:
            if not same_file(os.fstat(fd), st) or sha256_of(fd)[0] != origin.sha256:
                return False
        finally:
            os.close(fd)
    os.unlink(origin.staged, dir_fd=root_fd)
    os.fsync(root_fd)
    return True


def recover(job: SpoolJob, intent: Intent) -> bool:
    """Finish or undo an interrupted claim across file systems; True when `source` is whole.

    Partial copies are discarded. With `source` in place the original is unlinked if it
    is still the recorded one. Without it the copy is made again from the staged
    original; False when there is none (the crash came before it was staged: the
    original still has its own name and is claimed again).
    """
    origin = intent.origin
    assert origin is not None
    for entry in job.folder.iterdir():
        if entry.name.startswith(PARTIAL_PREFIX):
            entry.unlink()
    try:
        root_fd = os.open(origin.folder, DIRECTORY)
    except OSError as exc:
        log.warning(
            "cannot open the hot folder of an interrupted claim (%s)",
            errno.errorcode.get(exc.errno or 0, "?"),
            extra={"job_id": job.job_id, "department": intent.department},
        )
        return os.path.lexists(job.source)
    try:
        return _recover_in(root_fd, job, intent)
    finally:
        os.close(root_fd)


def _recover_in(root_fd: int, job: SpoolJob, intent: Intent) -> bool:
    origin = intent.origin
    assert origin is not None
    if os.path.lexists(job.source):
        if origin.sha256 and not unlink_original(root_fd, origin, check_digest=True):
            _warn_if_left(root_fd, job, intent)
        return True
    try:
        os.lstat(origin.staged, dir_fd=root_fd)
    except FileNotFoundError:
        return False
    job_fd = os.open(job.folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        transfer(root_fd, job, job_fd, intent)
    except (EntryChanged, Refused, OSError) as exc:
        log.warning(
            "the original of an interrupted claim is not as recorded; left in the hot "
            "folder under %s for a person to look at (%s)",
            origin.staged,
            type(exc).__name__,
            extra={"job_id": job.job_id, "department": intent.department},
        )
        return False
    finally:
        os.close(job_fd)
    return True


def _warn_if_left(root_fd: int, job: SpoolJob, intent: Intent) -> None:
    assert intent.origin is not None
    with contextlib.suppress(FileNotFoundError):
        os.lstat(intent.origin.staged, dir_fd=root_fd)
        log.warning(
            "the original of a claim changed since it was copied; left in the "
            "hot folder under %s for a person to look at",
            intent.origin.staged,
            extra={"job_id": job.job_id, "department": intent.department},
        )


def _copy(src_fd: int, dir_fd: int, name: str) -> str:
    """Copy from `src_fd` to a new file `name` in `dir_fd`, fsynced; the hex SHA-256."""
    digest = hashlib.sha256()
    out = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600, dir_fd=dir_fd)
    try:
        os.fchmod(out, FILE_MODE)  # the janitor, another user, overwrites it
        first = True
        while chunk := os.read(src_fd, CHUNK):
            digest.update(chunk)
            view = memoryview(chunk)
            while view:
                view = view[os.write(out, view) :]
            if first:
                reached("claim.copying")
                first = False
        os.fsync(out)
    finally:
        os.close(out)
    return digest.hexdigest()


def _digest_at(dir_fd: int, name: str) -> tuple[str, int]:
    fd = os.open(name, READ, dir_fd=dir_fd)
    try:
        return sha256_of(fd)
    finally:
        os.close(fd)
