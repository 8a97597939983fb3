"""The verified mark: how far a signer of the ledger last verified it against the pins.

A signer (the janitor at start, any command that appends) verifies the lines after the
mark rather than the whole ledger, then moves the mark. `<ledger>/.verified` holds one
JSON object: `seq`, `head` (SHA-256 hex), `file`, `number`, `start` and `offset` (byte
range in that file) of the last line verified; `pin` (the index in the pins of the key
signing at that point) and `public_key` (that key, base64 of its raw 32 bytes); `time`;
and `sig`, by that key, over `yomitori-ledger-verified:` and the canonical JSON of the rest.

A writer of the ledger folder cannot make a mark without the private key. It can delete
one (then everything is verified again) or put back an older one (then more is verified).
A genuine mark whose line the ledger no longer holds means that lines were removed or
rewritten since: `load` raises, and the janitor refuses to start.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from daemon import durable
from daemon.errors import LedgerError
from daemon.ledger.format import canonical, raw_public
from daemon.ledger.reader import Position
from daemon.ledger.signing import fingerprint
from daemon.ledger.verify import Chain

log = logging.getLogger(__name__)

MARK_NAME = ".verified"
DOMAIN = b"yomitori-ledger-verified:"


def save(directory: Path, chain: Chain, key: Ed25519PrivateKey) -> None:
    """Record that `chain` verified the ledger up to its position. Only when `key` is the
    chain's current key; a failure to write is logged, never raised (the mark only saves
    time)."""
    if chain.key is None or not chain.seq or raw_public(chain.key) != raw_public(key.public_key()):
        return
    content: dict[str, Any] = {
        "seq": chain.seq,
        "head": chain.prev,
        "file": chain.position.file,
        "number": chain.position.number,
        "start": chain.position.start,
        "offset": chain.position.offset,
        "pin": chain.reached - 1,
        "public_key": base64.b64encode(raw_public(chain.key)).decode(),
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    content["sig"] = base64.b64encode(key.sign(DOMAIN + canonical(content))).decode()
    try:
        durable.write_atomic(directory / MARK_NAME, canonical(content) + b"\n", 0o640)
    except OSError as exc:
        log.warning("cannot save the ledger's verified mark (%s); the next start verifies more",
                    exc.strerror or exc)


def load(directory: Path, pins: tuple[str, ...]) -> Chain | None:
    """The chain as the mark left it, or None when there is no genuine mark for these pins.

    LedgerError when the mark is genuine but the ledger no longer holds its line.
    """
    content = _read(directory / MARK_NAME)
    if content is None:
        return None
    try:
        key = Ed25519PublicKey.from_public_bytes(
            base64.b64decode(str(content["public_key"]), validate=True)
        )
        index, seq, start, offset = (
            int(content["pin"]), int(content["seq"]), int(content["start"]), int(content["offset"])
        )
        name, number, head = str(content["file"]), int(content["number"]), str(content["head"])
        unsigned = {k: v for k, v in content.items() if k != "sig"}
        signature = base64.b64decode(str(content["sig"]), validate=True)
    except (KeyError, TypeError, ValueError, binascii.Error):
        return None
    if not 0 <= index < len(pins) or fingerprint(key) != pins[index]:
        return None  # made under other pins: verify from the start
    try:
        key.verify(signature, DOMAIN + canonical(unsigned))
    except InvalidSignature:
        log.warning("the ledger's verified mark is not genuine; verifying the whole ledger")
        return None
    if _line_at(directory / name, start, offset) != head:
        raise LedgerError(
            f"The ledger no longer holds line {seq} ({name} line {number}), which was verified "
            f"at {content.get('time')}: lines were removed or rewritten since. Run `yomitori "
            "ledger verify` and restore the ledger folder from the backup (with its "
            f"{MARK_NAME} file)."
        )
    return Chain(
        pins, key, index + 1, seq=seq, prev=head, position=Position(name, number, offset, start),
        keys=[key],
    )


def _read(path: Path) -> dict[str, Any] | None:
    try:
        content = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return content if isinstance(content, dict) else None


def _line_at(path: Path, start: int, end: int) -> str | None:
    """The SHA-256 hex of the complete line at bytes [start, end) of `path`, if it is one."""
    try:
        with path.open("rb") as fh:
            fh.seek(start)
            raw = fh.read(end - start) if end > start else b""
    except OSError:
        return None
    if len(raw) != end - start or not raw.endswith(b"\n") or b"\n" in raw[:-1]:
        return None
    return hashlib.sha256(raw[:-1]).hexdigest()
