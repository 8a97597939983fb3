"""A read-only look at the ledger: its records up to the head, and whether it verifies.

Certificates and usage reports are drawn from an `Audit`. It needs no signing key, so a
witness with a copy of the ledger and the pinned fingerprints can make one too. The
records are read first and verified after, so the verification always covers at least
the records read; a line that is not a record is left out of `records` (the verification
names it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from daemon.ledger import reader
from daemon.ledger.format import GENESIS, Record
from daemon.ledger.verify import Verification, verify


@dataclass
class Audit:
    """The ledger as read: `records` in ledger order, the head line's seq and SHA-256 hex,
    and the result of `verify` (None when no key is pinned)."""

    records: list[Record]
    head_seq: int
    head_sha256: str
    verification: Verification | None
    line_sha256: dict[int, str] = field(default_factory=dict, repr=False)

    def holds(self, seq: int, sha256: str) -> bool:
        """Whether the line numbered `seq` is still there with this SHA-256 (a checkpoint)."""
        return self.line_sha256.get(seq) == sha256

    def keys(self) -> list[Ed25519PublicKey]:
        """The pinned keys the verification found and reached, oldest first (none when
        the ledger was not verified)."""
        return self.verification.keys if self.verification else []


def audit(
    directory: Path, pins: Sequence[str] | None, known: Iterable[Ed25519PublicKey] = ()
) -> Audit:
    """Read every complete line of the ledger in `directory`, then verify it against the
    pinned fingerprints `pins` (not verified when None or empty)."""
    records: list[Record] = []
    digests: dict[int, str] = {}
    head_seq, head_sha256 = 0, GENESIS
    for line in reader.lines(directory):
        record = line.record()
        if record is None:
            continue  # cut off or damaged: verify names it
        records.append(record)
        digests[record.seq] = line.sha256
        head_seq, head_sha256 = record.seq, line.sha256
    verification = verify(directory, pins, known=known) if pins else None
    return Audit(records, head_seq, head_sha256, verification, digests)
