"""The ledger signing key: opening the ledger with it, and rotating it.

Department keys are not here: the service holds only their public recipients.
"""

from __future__ import annotations

import logging
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from daemon.ledger import Ledger, load_or_create_signing_key
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
    signed verify with the public key in the ledger). Stop the janitor before rotating.
    """
    old, _ = load_or_create_signing_key(key_path)
    ledger = Ledger(ledger_dir, old)
    new = Ed25519PrivateKey.generate()
    pem = new.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    tmp = key_path.with_name(f".{key_path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        record = ledger.rotate(new, role="operator")
        os.replace(tmp, key_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    when = datetime.now(UTC).isoformat(timespec="seconds")
    return (
        f"signing key rotated at {when} (ledger line {record['seq']}); "
        f"new key in {key_path}; back it up and restart the janitor"
    )
