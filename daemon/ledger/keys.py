"""Opening the ledger with the configured signing key and its pins, and rotating that key.

Department keys are not here: the service holds only their public recipients.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from daemon.durable import atomic_file
from daemon.errors import LedgerError
from daemon.ledger.signing import fingerprint, load_or_create_signing_key, private_pem
from daemon.ledger.verify import NO_PINS
from daemon.ledger.writer import Ledger
from daemon.settings import Settings

log = logging.getLogger(__name__)


def open_ledger(settings: Settings, role: str = "operator") -> Ledger:
    """The ledger, signing with the configured key (made, and recorded, on first use).

    It is verified against `[ledger] fingerprints` first: the lines after the last
    verified mark (all of them the first time), and that the configured key is the one the
    pinned chain has reached. LedgerError when no key is pinned or verification fails,
    naming the first bad line: nothing is then signed on top of a forged chain.
    """
    key, created = load_or_create_signing_key(settings.paths.signing_key)
    pins = settings.ledger.fingerprints
    if not pins:
        raise LedgerError(
            f"The ledger cannot be opened: {NO_PINS}. The configured signing key's "
            f"fingerprint is {fingerprint(key.public_key())}."
        )
    ledger = Ledger(settings.paths.ledger, key, pins=pins)
    checked = ledger.check()
    log.info("ledger verified against its pinned keys: %d new lines, up to line %d",
             checked, ledger.verified_seq)
    if created:
        ledger.append("signing_key_created", role=role)
        log.info("made a new ledger signing key")
    return ledger


def rotate_signing_key(settings: Settings) -> str:
    """Replace the signing key; the old key signs the handover. Returns what was done and
    what the operator must do next (pin the new key).

    The ledger is verified against the pins first. The old key file is overwritten by the
    new one (the old key is not kept: lines it signed verify with its pinned public key).
    The new key reaches the disk before the handover is appended and replaces the old
    file only once it is. Stop the janitor before rotating.
    """
    key_path = settings.paths.signing_key
    ledger = open_ledger(settings)
    new = Ed25519PrivateKey.generate()
    with atomic_file(key_path, 0o600) as fh:
        fh.write(private_pem(new))
        fh.flush()
        os.fsync(fh.fileno())  # the new key is safe before the ledger hands over to it
        record = ledger.rotate(new, role="operator")
    when = datetime.now(UTC).isoformat(timespec="seconds")
    new_pin = fingerprint(new.public_key())
    pins = ", ".join(f'"{pin}"' for pin in [*settings.ledger.fingerprints, new_pin])
    return (
        f"signing key rotated at {when} (ledger line {record.seq}); new key in {key_path}.\n"
        f"new key fingerprint: {new_pin}\n"
        "Next: back the key up, publish the new fingerprint, and pin it in the configuration:\n"
        f"  [ledger]\n  fingerprints = [{pins}]\n"
        "Until it is pinned, `yomitori ledger verify` fails at the rotation line and the "
        "janitor does not start. Then restart the janitor."
    )
