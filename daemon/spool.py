"""The spool: one private folder per claimed job, `spool/<job_id>/`.

A job folder holds the claimed `source`, its `job.json` manifest and, as the job moves on,
small state files written atomically: `published` (the bus confirmed the job message),
`delivered.json` (the bundle is durable in the outbox) and `attempts.jsonl` (one line per
failed attempt, read by the quarantine). Nothing in it carries the original file name.

Under systemd each role runs as its own user, and the roles share job folders through the
spool's group (its set-group-ID bit hands it to every job folder): so job folders and their
files are open to that group, and to nobody else (the spool itself is not).
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from daemon import durable

SOURCE = "source"
MANIFEST = "job.json"
PUBLISHED = "published"
DELIVERED = "delivered.json"
ATTEMPTS = "attempts.jsonl"
JOB_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{12}$")
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
    """One job folder in the spool."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.job_id = folder.name

    @property
    def source(self) -> Path:
        return self.folder / SOURCE

    def exists(self) -> bool:
        return (self.folder / MANIFEST).is_file()

    def manifest(self) -> Manifest:
        return Manifest.model_validate_json((self.folder / MANIFEST).read_bytes())

    def mark(self, name: str, content: dict[str, Any] | None = None) -> None:
        durable.write_atomic(self.folder / name, json.dumps(content or {}).encode(), FILE_MODE)

    def has(self, name: str) -> bool:
        return (self.folder / name).exists()

    def read(self, name: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.folder / name).read_bytes())
        return data

    def record_attempt(self, attempt: int, error: str, kind: str) -> None:
        """Append one failed attempt (what failed, when, which attempt) for the quarantine."""
        line = json.dumps({"attempt": attempt, "time": utcnow(), "kind": kind, "error": error})
        durable.append(self.folder / ATTEMPTS, line.encode() + b"\n", FILE_MODE)

    def attempts(self) -> list[dict[str, Any]]:
        path = self.folder / ATTEMPTS
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


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

    def orphans(self) -> Iterator[Path]:
        """Job folders without a manifest (a claim interrupted before it was recorded)."""
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if JOB_ID.match(folder.name) and not (folder / MANIFEST).is_file():
                yield folder

    def depth(self) -> int:
        return sum(1 for _ in self.jobs())
