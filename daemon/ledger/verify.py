"""Verifying the ledger: every line's signature, canonical form, `prev` and `seq`.

`verify` names the first edited, removed, reordered, unsigned or cut-off line. Removing
lines from the *end* leaves a valid chain, so only a checkpoint of the head kept outside
the ledger (a witness, a printed certificate) can show it.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from daemon.ledger.format import GENESIS, REQUIRED, canonical, parse
from daemon.ledger.reader import lines


@dataclass
class Verification:
    """Result of `verify`: `lines` verified before `first_bad` (None when all are good)."""

    ok: bool
    lines: int
    first_bad: str | None


def verify(directory: Path, public_key: Ed25519PublicKey) -> Verification:
    """Check the whole ledger with `public_key`, following its rotations; stop at the first
    bad line."""
    if not directory.is_dir():
        return Verification(True, 0, None)
    prev, prev_where, count, key = GENESIS, "", 0, public_key
    current = ""
    for line in lines(directory):
        if line.file != current:
            if current:
                prev_where = f"the last line of {current}"
            current = line.file
        problem = check_line(line.raw, key, count + 1, prev, prev_where)
        if problem:
            return Verification(False, count, f"{line.where}: {problem}")
        record = parse(line.raw)
        handed_over = record.new_public_key() if record is not None else None
        key = handed_over or key
        prev, prev_where = line.sha256, f"line {line.number}"
        count += 1
    return Verification(True, count, None)


def check_line(
    raw: bytes, key: Ed25519PublicKey, seq: int, prev: str, prev_where: str
) -> str | None:
    """What is wrong with one raw line, in plain words, or None."""
    if not raw.endswith(b"\n"):
        return "the line is cut off (Yomitori probably stopped while writing it)"
    try:
        record = json.loads(raw)
    except ValueError:
        return "the line is not valid JSON (it was edited or damaged)"
    if not isinstance(record, dict):
        return "the line is not a JSON object (it was edited or damaged)"
    if missing := [field for field in REQUIRED if field not in record]:
        return f"field {missing[0]!r} is missing (the line was edited)"
    if canonical(record) != raw[:-1]:
        return "the line is not in canonical form (it was edited after signing)"
    unsigned = {k: v for k, v in record.items() if k != "sig"}
    try:
        key.verify(base64.b64decode(record["sig"], validate=True), canonical(unsigned))
    except (InvalidSignature, ValueError, TypeError):
        return "signature does not match (the line was edited, or signed with another key)"
    if record["prev"] != prev:
        if not prev_where:
            return "prev is not the start value (lines at the start were removed)"
        return f"prev does not match {prev_where} (a line or month file was removed, or reordered)"
    if type(record["seq"]) is not int or record["seq"] != seq:
        return f"seq is {record['seq']!r}, expected {seq} (a line was removed or reordered)"
    return None
