"""`claim.json`: what a claim is about to do, written before the file moves.

A claim records whose file it takes and when it was found, so that recovery can finish or
undo a claim that a crash interrupted. A claim across file systems also records the
`Origin`: where the original waits while it is copied (a hidden name in the hot folder
that carries only the job id, never the original file name), and the original's device,
inode and size; its SHA-256 is added once the copy is verified. Recovery unlinks the
original only while it still has all four.

The steps of a claim are announced to `step_observers` as they become durable; the fault
tests crash the service at each one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

from daemon.durable import write_atomic
from daemon.spool import FILE_MODE, SpoolJob

CLAIM = "claim.json"
STAGED_PREFIX = ".yomitori-claim-"
"""The hidden name an original takes in its hot folder while it is copied across file
systems: `.yomitori-claim-<job_id>` (ignored by the intake, counted as an ignored file)."""

STEPS = (
    "claim.intent",  # claim.json written; nothing moved yet
    "claim.staged",  # the original renamed to its hidden name in the hot folder
    "claim.copying",  # the first part of the copy written (a crash leaves a partial copy)
    "claim.copied",  # the copy fsynced and verified, its SHA-256 in claim.json
    "claim.renamed",  # the copy renamed to `source`
    "claim.unlinked",  # the original unlinked
)
"""The durable steps of a claim across file systems, in order."""

step_observers: list[Callable[[str], None]] = []
"""Called with each step of `STEPS` as it is reached (the fault tests stop the process there)."""


def reached(step: str) -> None:
    """Announce that `step` is durable."""
    for observer in step_observers:
        observer(step)


@dataclass(frozen=True)
class Origin:
    """The original of a claim across file systems, while it waits in its hot folder.

    `folder` is the hot folder's real path and `staged` the hidden name in it;
    `device`, `inode` and `size` (bytes) are the original's; `sha256` is set once the
    copy in the spool is verified.
    """

    folder: str
    staged: str
    device: int
    inode: int
    size: int
    sha256: str = ""

    def verified(self, sha256: str) -> Origin:
        return replace(self, sha256=sha256)


@dataclass(frozen=True)
class Intent:
    """Whose the file is, when it was found, why it is refused (if it is), and its origin."""

    department: str
    detected_at: str
    refused: str | None = None
    origin: Origin | None = None


def write_intent(job: SpoolJob, intent: Intent) -> None:
    """Write `claim.json` durably."""
    data: dict[str, Any] = asdict(intent)
    if intent.origin is None:
        del data["origin"]
    write_atomic(job.folder / CLAIM, json.dumps(data).encode(), FILE_MODE)


def read_intent(job: SpoolJob) -> Intent:
    """Read `claim.json` (OSError when it is missing, ValueError when it is damaged)."""
    data = json.loads((job.folder / CLAIM).read_bytes())
    origin = data.get("origin")
    return Intent(
        department=str(data["department"]),
        detected_at=str(data["detected_at"]),
        refused=data.get("refused"),
        origin=Origin(**origin) if origin else None,
    )
