"""What the station finds on disk for a department: its bundles in the outbox and their
revisions (`<job>.rev<N>.age`, written beside the bundle), and the hand-over of a
completed job to the janitor (`<review.store>/completed/<job>.json`).

The station never opens these files' contents: it streams ciphertext in and out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from daemon import durable
from daemon.spool import JOB_ID
from handlers.bundle import SUFFIX, bundle_name

REVISION = re.compile(r"^(?P<job>.+)\.rev(?P<n>\d{1,6})\.age$")
AGE_MAGIC = b"age-encryption.org/v1\n"
COMPLETED = "completed"


def revision_name(job_id: str, n: int) -> str:
    """The file name of a job's n-th revision, beside its bundle."""
    return f"{job_id}.rev{n}{SUFFIX}"


@dataclass(frozen=True)
class BundleFile:
    job_id: str
    department: str
    path: Path
    bytes: int
    mtime: float


def bundles(department: str, outbox: Path) -> list[BundleFile]:
    """The department's bundles waiting in its outbox, oldest first."""
    found: list[BundleFile] = []
    try:
        entries = list(outbox.iterdir())
    except FileNotFoundError:
        return []
    for path in entries:
        job_id = path.name.removesuffix(SUFFIX)
        if path.name.endswith(SUFFIX) and JOB_ID.match(job_id):
            try:
                st = path.stat()
            except FileNotFoundError:
                continue  # wiped while we looked
            found.append(BundleFile(job_id, department, path, st.st_size, st.st_mtime))
    return sorted(found, key=lambda b: (b.mtime, b.job_id))


def find_bundle(job_id: str, outboxes: dict[str, Path]) -> BundleFile | None:
    """The bundle of `job_id` in whichever department's outbox holds it."""
    if not JOB_ID.match(job_id):
        return None
    for department, outbox in outboxes.items():
        path = outbox / bundle_name(job_id)
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        return BundleFile(job_id, department, path, st.st_size, st.st_mtime)
    return None


def revisions(outbox: Path, job_id: str) -> list[tuple[int, Path]]:
    """A job's revisions as (n, path), in order."""
    found = []
    for path in outbox.glob(f"{job_id}.rev*{SUFFIX}"):
        match = REVISION.match(path.name)
        if match and match["job"] == job_id:
            found.append((int(match["n"]), path))
    return sorted(found)


def write_revision(outbox: Path, job_id: str, n: int, data: bytes) -> Path:
    """Store revision `n` (age ciphertext) beside the bundle, whole or not at all."""
    path = outbox / revision_name(job_id, n)
    if not durable.create_exclusive(path, data, 0o640):
        raise FileExistsError(path)
    return path


def hand_over(store: Path, job_id: str, order: dict[str, Any]) -> Path:
    """Ask the janitor to wipe a completed job's bundle and revisions (`order` says what,
    for whom, by whom and from which terminal)."""
    folder = store / COMPLETED
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"{job_id}.json"
    durable.write_atomic(path, json.dumps(order, ensure_ascii=False).encode(), 0o600)
    return path
