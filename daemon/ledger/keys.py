"""Opening the ledger with the configured signing key, and rotating that key.

Department keys are not here: the service holds only their public recipients.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from daemon.durable import atomic_file
from daemon.ledger.signing import load_or_create_signing_key, private_pem
from daemon.ledger.writer import Ledger
from daemon.settings import Settings

log = logging.getLogger(__name__)


def open_ledger(settings: Settings, role: str = "operator") -> Ledger:
    """The ledger, signing with the configured key (made, and recorded, on first use)."""
    key, created = load_or_create_signing_key(settings.paths.signing_key)
    ledger = Ledger(settings.paths.ledger, key)
    if created:
        ledger.append("signing_key_created", role=role)
        log.info("made a new ledger signing key")
    return ledger


def rotate_signing_key(key_path: Path, ledger_dir: Path) -> str:
    """Replace the signing key; the old key signs the handover. Returns what was done.

    The old key file is overwritten by the new one (the old key is not kept: lines it
    signed verify with the public key in the ledger). The new key reaches the disk before
    the handover is appended and replaces the old file only once it is. Stop the janitor
    before rotating.
    """
    old, _ = load_or_create_signing_key(key_path)
    ledger = Ledger(ledger_dir, old)
    new = Ed25519PrivateKey.generate()
    with atomic_file(key_path, 0o600) as fh:
        fh.write(private_pem(new))
        fh.flush()
        os.fsync(fh.fileno())  # the new key is safe before the ledger hands over to it
        record = ledger.rotate(new, role="operator")
    when = datetime.now(UTC).isoformat(timespec="seconds")
    return (
        f"signing key rotated at {when} (ledger line {record.seq}); "
        f"new key in {key_path}; back it up and restart the janitor"
    )
