"""The spool: one private folder per claimed job, `spool/<job_id>/`.

A job folder holds the claimed `source`, its `job.json` manifest and, as the job moves on,
small state files written atomically: `published` (the bus has the job's latest message;
its time is when it was sent), `delivered.json` (the bundle is durable in the outbox) and
`attempts.jsonl` (one line when an attempt starts and one when it fails: the lasting
attempt count, and the quarantine's reasons). Nothing in it carries the original file name.

`.lock` is the job's lock: whoever works on the job (OCR, janitor, quarantine) holds an
exclusive `flock` on it for the whole time, so one job never runs on two workers at once.
A wipe first renames the folder to a tombstone, `spool/.wiping-<job_id>/`, which the
listings ignore; the janitor finishes any tombstone it finds.

Under systemd each role runs as its own user, and the roles share job folders through the
spool's group (its set-group-ID bit hands it to every job folder): so job folders and their
files, the lock included, are open to that group, and to nobody else (the spool itself is
not).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from daemon import durable
from daemon.errors import JobBusy, SpoolUnavailable

SOURCE = "source"
MANIFEST = "job.json"
PUBLISHED = "published"
DELIVERED = "delivered.json"
ATTEMPTS = "attempts.jsonl"
LOCK = ".lock"
TOMBSTONE = ".wiping-"
JOB_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{12}$")
STARTED = "started"
"""The `kind` of the attempts.jsonl line written when an attempt starts."""
STRANDED_SECONDS = 300.0
"""A job delivered this long ago (seconds) and still not wiped is stranded: `yomitori
status` reports it and the watcher announces it to the janitor again."""
UNCOUNTED = frozenset({"infrastructure", "busy"})
"""Failure kinds that do not count as attempts (the installation's, not the job's)."""
FOLDER_MODE = 0o770
"""A job folder: the watcher makes it, the OCR writes its state there, the janitor wipes it."""
FILE_MODE = 0o660
"""A file in a job folder: whoever wrote it, the janitor must be able to overwrite it."""


def new_job_id(now: datetime | None = None) -> str:
    """A sortable, random job id with no trace of the source: `20261126T071016Z-1a2b3c4d5e6f`."""
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(6)}"


def utcnow() -> str:
    """Now as RFC 3339 UTC."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class Manifest(BaseModel):
    """`job.json`: what was claimed, for whom and when (no original file name)."""

    job_id: str
    department: str
    sha256: str
    bytes: int
    detected_at: str
    claimed_at: str
    refused: str | None = None
    """Why the entry was refused (symlink, hard link, FIFO…): it goes to the quarantine
    unread, and `sha256` is empty."""

    def seconds_since_detected(self) -> float:
        """Seconds since the file was found in the hot folder (job latency)."""
        detected = datetime.fromisoformat(self.detected_at.replace("Z", "+00:00"))
        return (datetime.now(detected.tzinfo) - detected).total_seconds()


class SpoolJob:
    """One job folder in the spool (or its tombstone while it is being wiped)."""

    def __init__(self, folder: Path, job_id: str | None = None) -> None:
        self.folder = folder
        self.job_id = job_id or folder.name

    @property
    def source(self) -> Path:
        return self.folder / SOURCE

    def exists(self) -> bool:
        return (self.folder / MANIFEST).is_file()

    def manifest(self) -> Manifest:
        return Manifest.model_validate_json((self.folder / MANIFEST).read_bytes())

    def mark(self, name: str, content: dict[str, Any] | None = None) -> None:
        with _spool_errors(self.folder):
            durable.write_atomic(self.folder / name, json.dumps(content or {}).encode(), FILE_MODE)

    def has(self, name: str) -> bool:
        return (self.folder / name).exists()

    def written_at(self, name: str) -> float:
        """When the state file `name` was last written (Unix time, seconds)."""
        return (self.folder / name).stat().st_mtime

    def read(self, name: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.folder / name).read_bytes())
        return data

    @contextlib.contextmanager
    def lock(self, create: bool = True) -> Iterator[bool]:
        """Hold the job's exclusive lock; yields False, holding nothing, when the job
        folder is gone (the job is finished). Raises `JobBusy` when another worker holds it.

        With `create=False` a missing lock file counts as gone (a tombstone whose wipe
        has reached its last step). Works across processes and, over NFSv4, hosts.
        """
        fd = self._open_lock(create)
        if fd is None:
            yield False
            return
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise JobBusy(
                    "another worker is on this job now (a redelivery while it still runs)"
                ) from None
            yield True
        finally:
            os.close(fd)  # also releases the lock

    def _open_lock(self, create: bool) -> int | None:
        # Read-write: over NFS an exclusive flock needs a file open for writing.
        flags = os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC
        path = self.folder / LOCK
        try:
            return os.open(path, flags)
        except FileNotFoundError:
            if not create:
                return None
        try:
            # Made whole with its group's mode, so another role's worker never finds
            # a lock it may not open.
            durable.create_exclusive(path, b"", FILE_MODE)
            return os.open(path, flags)
        except FileNotFoundError:
            return None

    def record_start(self, attempt: int) -> None:
        """Record, durably and before any work, that attempt number `attempt` starts: an
        attempt that never reports back (the process died) still counts."""
        self._attempt_line({"attempt": attempt, "time": utcnow(), "kind": STARTED})

    def record_attempt(self, attempt: int | None, error: str, kind: str) -> None:
        """Append one failed attempt (what failed, when, which attempt) for the quarantine.

        `kind` is `refused`, `failed` or `infrastructure` (`daemon.bus.failure_kind`).
        """
        self._attempt_line({"attempt": attempt, "time": utcnow(), "kind": kind, "error": error})

    def _attempt_line(self, line: dict[str, Any]) -> None:
        with _spool_errors(self.folder):
            durable.append(self.folder / ATTEMPTS, json.dumps(line).encode() + b"\n", FILE_MODE)

    def attempts(self) -> list[dict[str, Any]]:
        path = self.folder / ATTEMPTS
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]

    def counted_attempts(self) -> int:
        """Attempts that ran and count towards the delivery limit: every start, except
        those that ended in an infrastructure failure."""
        return counted(self.attempts())

    def waiting_on(self) -> str | None:
        """The infrastructure failure the job waits on (its last line), or None."""
        attempts = self.attempts()
        last = attempts[-1] if attempts else {}
        return str(last.get("error", "")) if last.get("kind") in UNCOUNTED else None


def counted(attempts: list[dict[str, Any]]) -> int:
    """Count the attempts of an attempts.jsonl that count (see `counted_attempts`)."""
    count, open_start = 0, False
    for line in attempts:
        if line.get("kind") == STARTED:
            count, open_start = count + 1, True
        elif line.get("kind") in UNCOUNTED and open_start:
            count, open_start = count - 1, False
        else:
            open_start = False
    return count


@contextlib.contextmanager
def _spool_errors(folder: Path) -> Iterator[None]:
    """A spool that cannot be written is the installation's failure, not the job's; a
    folder that is gone (the job was finished meanwhile) stays FileNotFoundError."""
    try:
        yield
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise
        raise SpoolUnavailable(
            f"cannot write in the spool {folder.parent} ({exc.strerror or exc}); check its "
            "free space and that it belongs to the service user"
        ) from exc


class Spool:
    """The spool folder: creates job folders and lists unfinished ones."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def create(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)

    def new_job(self) -> SpoolJob:
        folder = self.root / new_job_id()
        folder.mkdir(mode=0o700)
        folder.chmod(FOLDER_MODE)  # after mkdir: the umask must not narrow it
        return SpoolJob(folder)

    def job(self, job_id: str) -> SpoolJob:
        if not JOB_ID.match(job_id):
            raise ValueError("not a job id")
        return SpoolJob(self.root / job_id)

    def jobs(self) -> Iterator[SpoolJob]:
        """Every job folder with a manifest, oldest first."""
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if JOB_ID.match(folder.name) and (folder / MANIFEST).is_file():
                yield SpoolJob(folder)

    def tombstone(self, job_id: str) -> SpoolJob:
        """Where job `job_id`'s folder goes while it is wiped."""
        return SpoolJob(self.root / f"{TOMBSTONE}{job_id}", job_id)

    def entomb(self, job: SpoolJob) -> SpoolJob:
        """Rename a job folder to its tombstone, durably; from then on nothing takes it
        for an unfinished job, whatever a crash leaves of it."""
        tomb = self.tombstone(job.job_id)
        with _spool_errors(self.root):
            os.rename(job.folder, tomb.folder)
            durable.fsync_dir(self.root)
        return tomb

    def tombstones(self) -> Iterator[SpoolJob]:
        """Job folders whose wipe was started and not finished."""
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            job_id = folder.name.removeprefix(TOMBSTONE)
            if folder.name.startswith(TOMBSTONE) and JOB_ID.match(job_id) and folder.is_dir():
                yield SpoolJob(folder, job_id)

    def orphans(self) -> Iterator[Path]:
        """Job folders without a manifest (a claim interrupted before it was recorded)."""
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if JOB_ID.match(folder.name) and not (folder / MANIFEST).is_file():
                yield folder

    def depth(self) -> int:
        return sum(1 for _ in self.jobs())
