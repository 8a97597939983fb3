"""Witnesses of the ledger's head, kept outside the ledger: they show a cut-off end.

The hash chain cannot show that lines were removed from the end, nor that the whole
ledger was replaced by a shorter one. A witness can: it records that line `seq` had the
SHA-256 `head` at some moment, and the ledger must still hold that line.

- every deletion certificate records the head when it was issued (signed, in its data);
- the writer logs `ledger checkpoint seq=… head=… sig=…` every 100 events. The journal is
  shipped or kept elsewhere; `checkpoints` reads such lines from any text
  (`journalctl -o cat SYSLOG_IDENTIFIER=yomitori`, or the service's JSON log lines). Any
  local user can write to the journal under that name, so a checkpoint counts only when
  its signature verifies with a pinned key.
"""

from __future__ import annotations

import base64
import binascii
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from daemon.errors import LedgerError
from daemon.ledger.signing import checkpoint_message
from daemon.ledger.verify import Verification

CHECKPOINT = re.compile(r"ledger checkpoint seq=(\d+) head=([0-9a-f]{64}) sig=([A-Za-z0-9+/=]+)")
JOURNAL = ("journalctl", "--no-pager", "-o", "cat", "SYSLOG_IDENTIFIER=yomitori")
JOURNAL_SECONDS = 300.0


@dataclass(frozen=True)
class Witness:
    """`source` (a file name, or `journal checkpoint`) saw ledger line `seq` with SHA-256
    `head`."""

    source: str
    seq: int
    head: str


@dataclass(frozen=True)
class Checkpoint:
    """One checkpoint line as logged, not yet checked."""

    seq: int
    head: str
    signature: str


def parse_checkpoints(text: str) -> list[Checkpoint]:
    """Every `ledger checkpoint seq=… head=… sig=…` found in `text`, in order."""
    return [Checkpoint(int(m[1]), m[2], m[3]) for m in CHECKPOINT.finditer(text)]


def signed_by(checkpoint: Checkpoint, keys: Iterable[Ed25519PublicKey]) -> bool:
    """Whether the checkpoint's signature verifies with one of `keys`."""
    try:
        signature = base64.b64decode(checkpoint.signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    message = checkpoint_message(checkpoint.seq, checkpoint.head)
    for key in keys:
        try:
            key.verify(signature, message)
        except InvalidSignature:
            continue
        return True
    return False


def read_journal() -> str:
    """The service's log messages from the journal (`journalctl`); LedgerError when it
    cannot be read."""
    if shutil.which(JOURNAL[0]) is None:
        raise LedgerError(
            "journalctl is not installed here; export the journal where it is kept with "
            "`journalctl -o cat SYSLOG_IDENTIFIER=yomitori > FILE` and pass --checkpoints FILE"
        )
    done = subprocess.run(
        JOURNAL, capture_output=True, text=True, timeout=JOURNAL_SECONDS, check=False
    )
    if done.returncode != 0:
        raise LedgerError(
            f"journalctl failed ({done.stderr.strip() or done.returncode}); run as root or "
            "a member of group systemd-journal, or pass --checkpoints FILE"
        )
    return done.stdout


def judge(witness: Witness, verification: Verification) -> tuple[bool, str]:
    """Whether the verified ledger still holds the line `witness` saw, in plain words.

    `verification` must have been asked for the witness's seq (`verify(want=…)`)."""
    held = verification.held.get(witness.seq)
    if held == witness.head:
        return True, f"{witness.source}: the ledger still holds line {witness.seq} as witnessed"
    if witness.seq == 0:
        return True, f"{witness.source}: witnessed an empty ledger"
    if held is None and witness.seq > verification.head_seq and verification.ok:
        return False, (
            f"{witness.source}: the ledger ends at line {verification.head_seq}, but line "
            f"{witness.seq} was witnessed: lines were cut off the end (or the ledger replaced)"
        )
    if held is None:
        return False, (
            f"{witness.source}: line {witness.seq} is not among the lines that verified"
        )
    return False, (
        f"{witness.source}: line {witness.seq} is no longer the line witnessed (it was "
        "rewritten, with everything after it)"
    )
