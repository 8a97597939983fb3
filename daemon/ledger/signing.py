"""The ledger's signing key on disk, its public half, and the fingerprints people compare.

The private key is Ed25519 in unencrypted PEM (PKCS8), readable by its owner only; the
public key is PEM (SubjectPublicKeyInfo). A fingerprint is `SHA256:` and the hex SHA-256
of the raw 32-byte public key.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from daemon.durable import create_exclusive
from daemon.errors import LedgerError
from daemon.ledger.format import raw_public

PUBLIC_KEY_NAME = "ledger-signing.pub"


def private_pem(key: Ed25519PrivateKey) -> bytes:
    """The private key as unencrypted PEM (PKCS8)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_pem(key: Ed25519PublicKey) -> bytes:
    """The public key as PEM (SubjectPublicKeyInfo)."""
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_or_create_signing_key(path: Path) -> tuple[Ed25519PrivateKey, bool]:
    """Load the Ed25519 signing key at `path`, creating it mode 0600 if absent.

    Returns the key and whether it was created now.
    """
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        if create_exclusive(path, private_pem(key), 0o600):
            return key, True
        # Another process created it first: use theirs.
    return load_signing_key(path), False


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    """Load the Ed25519 signing key at `path`; LedgerError when it cannot be used."""
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as exc:
        raise LedgerError(
            f"Cannot read the ledger signing key {path}: {exc.strerror or exc}. "
            "Check that the file belongs to the Yomitori user with mode 0600 (or run as root)."
        ) from exc
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise LedgerError(
            f"The ledger signing key {path} is not an unencrypted PEM private key. "
            "Restore the key from the backup; do not replace it with a new one."
        ) from exc
    if not isinstance(loaded, Ed25519PrivateKey):
        raise LedgerError(
            f"The ledger signing key {path} is not an Ed25519 key. "
            "Restore the Ed25519 key from the backup."
        )
    return loaded


def published_key(directory: Path) -> Ed25519PublicKey | None:
    """The key in `<directory>/ledger-signing.pub`, or None when it is missing or is not an
    Ed25519 public key in PEM.

    Anyone who can write the ledger folder can replace this file: use it only for the
    bytes of a key whose fingerprint is pinned (`daemon.ledger.verify.first_key`).
    """
    try:
        key = serialization.load_pem_public_key((directory / PUBLIC_KEY_NAME).read_bytes())
    except (OSError, ValueError, UnsupportedAlgorithm):
        return None
    return key if isinstance(key, Ed25519PublicKey) else None


def fingerprint(public_key: Ed25519PublicKey) -> str:
    """`SHA256:` and the hex SHA-256 of the raw 32-byte public key."""
    return "SHA256:" + hashlib.sha256(raw_public(public_key)).hexdigest()


def checkpoint_message(seq: int, head: str) -> bytes:
    """What a checkpoint signature is over: `yomitori-ledger-checkpoint:<seq>:<head>`."""
    return f"yomitori-ledger-checkpoint:{seq}:{head}".encode()


def checkpoint_signature(key: Ed25519PrivateKey, seq: int, head: str) -> str:
    """A signature a witness can keep, over `checkpoint_message(seq, head)` (base64)."""
    return base64.b64encode(key.sign(checkpoint_message(seq, head))).decode()
