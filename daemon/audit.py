"""A read-only look at the ledger: its records up to the head, and whether it verifies.

Certificates and usage reports are drawn from an `Audit`. It needs no signing key, so a
witness with a copy of the ledger and its public key can make one too. The records are
read first and verified after, so the verification always covers at least the records
read; a line that is not JSON is left out of `records` (the verification names it).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from daemon.ledger import GENESIS, ROTATED, Verification, verify

_MONTH_FILE = re.compile(r"^\d{4}-\d{2}\.jsonl$")


@dataclass
class Audit:
    """The ledger as read: `records` in ledger order, the head line's seq and SHA-256 hex,
    and the result of `verify` (None when no public key was at hand)."""

    records: list[dict[str, Any]]
    head_seq: int
    head_sha256: str
    verification: Verification | None
    line_sha256: dict[int, str] = field(default_factory=dict, repr=False)

    def holds(self, seq: int, sha256: str) -> bool:
        """Whether the line numbered `seq` is still there with this SHA-256 (a checkpoint)."""
        return self.line_sha256.get(seq) == sha256

    def keys(self, first: Ed25519PublicKey) -> list[Ed25519PublicKey]:
        """`first` (the ledger's `ledger-signing.pub`) and every key the verified lines hand
        signing over to (`signing_key_rotated`), oldest first."""
        trusted = self.verification.lines if self.verification else 0
        keys = [first]
        for record in self.records[:trusted]:
            if record.get("event") != ROTATED:
                continue
            try:
                raw = base64.b64decode(str(record.get("new_public_key")), validate=True)
                keys.append(Ed25519PublicKey.from_public_bytes(raw))
            except (binascii.Error, ValueError):
                continue
        return keys


def audit(directory: Path, public_key: Ed25519PublicKey | None) -> Audit:
    """Read every complete line of the ledger in `directory`, then verify it with `public_key`."""
    records: list[dict[str, Any]] = []
    digests: dict[int, str] = {}
    head_seq, head_sha256 = 0, GENESIS
    names = sorted(p.name for p in directory.glob("*.jsonl") if _MONTH_FILE.match(p.name))
    for name in names:
        with (directory / name).open("rb") as fh:
            for raw in fh:
                if not raw.endswith(b"\n"):
                    break  # being written right now, or cut off: verify names it
                try:
                    record = json.loads(raw)
                except ValueError:
                    continue
                if not isinstance(record, dict):
                    continue
                digest = hashlib.sha256(raw[:-1]).hexdigest()
                records.append(record)
                if type(record.get("seq")) is int:
                    digests[record["seq"]] = digest
                    head_seq, head_sha256 = record["seq"], digest
    verification = verify(directory, public_key) if public_key is not None else None
    return Audit(records, head_seq, head_sha256, verification, digests)
