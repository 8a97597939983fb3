"""Signed files a council can check with nothing but the ward's published key fingerprint.

Every document carries the public key that signed it; a checker accepts it only when the
key's fingerprint (`SHA256:` and the hex SHA-256 of the raw key) is one it was given, so a
forger's own key is of no use without also changing the fingerprint the ward published.

The certificate's full list of items travels as a CSV beside it. Its last line is the
signature: `#yomitori-signature,Ed25519,<fingerprint>,<public key, base64>,<signature,
base64>`, over every byte before that line, so the CSV opens in a spreadsheet as it is and
a changed cell fails the check. The certificate itself holds the SHA-256 of the whole CSV
file.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from daemon.ledger.format import raw_public
from daemon.ledger.signing import fingerprint

MARK = "#yomitori-signature"
BOM = "\ufeff"  # spreadsheet programs then read the Japanese headings as UTF-8


@dataclass(frozen=True)
class Checked:
    """A verdict on a signed file: `ok`, and what was found, in plain words."""

    ok: bool
    findings: list[str]


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The raw public key, base64."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return base64.b64encode(raw_public(public)).decode()


def trusted_key(text: object, pins: Sequence[str]) -> tuple[Ed25519PublicKey | None, str]:
    """The public key in `text` when its fingerprint is one of `pins`; else None and why."""
    try:
        raw = base64.b64decode(str(text), validate=True)
        public = Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        return None, "the file carries no readable public key"
    mine = fingerprint(public)
    if mine not in pins:
        return None, (
            f"signed with key {mine}, which is not the published fingerprint ({', '.join(pins)})"
        )
    return public, mine


def verifies(public: Ed25519PublicKey, signature: object, message: bytes) -> bool:
    """Whether `signature` (base64) is `public`'s signature of `message`."""
    try:
        public.verify(base64.b64decode(str(signature), validate=True), message)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def signed_csv(
    head: Sequence[str], rows: Iterable[Sequence[object]], key: Ed25519PrivateKey
) -> bytes:
    """A CSV file (BOM, header, rows) with its signature line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(head)
    writer.writerows(rows)
    body = (BOM + buffer.getvalue()).encode("utf-8")
    signature = base64.b64encode(key.sign(body)).decode()
    mark = [MARK, "Ed25519", fingerprint(key.public_key()), public_key_text(key), signature]
    return body + (",".join(mark) + "\r\n").encode("ascii")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_csv(data: bytes, pins: Sequence[str]) -> Checked:
    """Check a signed CSV against the published fingerprints `pins`."""
    body, _, last = data.rstrip(b"\r\n").rpartition(b"\n")
    fields = last.decode("ascii", "replace").strip().split(",")
    if len(fields) != 5 or fields[0] != MARK:
        return Checked(
            False,
            [
                "signature MISSING: the CSV has no signature line (it was "
                "re-saved by a spreadsheet, or is not a Yomitori CSV)"
            ],
        )
    public, why = trusted_key(fields[3], pins)
    if public is None:
        return Checked(False, [f"signature INVALID: {why}"])
    if not verifies(public, fields[4], body + b"\n"):
        return Checked(False, ["signature INVALID: the CSV was changed after signing"])
    rows = body.count(b"\n")  # lines before the header's and rows' last: the rows
    return Checked(True, [f"signature valid: key {why}", f"CSV intact: {rows} rows"])
