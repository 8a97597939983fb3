"""The two login factors and the one-time enrolment link, as plain functions.

Passphrase: the browser derives a *login verifier* from the passphrase with PBKDF2-SHA256
(`KDF`, salt from the server) and sends only that; the passphrase itself also unwraps the
person's age identity (age's own scrypt, another salt), and never leaves the browser. The
server keeps `scrypt(verifier, verifier_salt)`, so its disk holds neither the passphrase
nor anything that logs in.

Code: TOTP (RFC 6238: SHA-1, 6 digits, 30 s steps), one step of clock skew either way, and
a code's time step is never accepted twice.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time

import pyotp

KDF = {"name": "PBKDF2", "hash": "SHA-256", "iterations": 600_000, "length": 32}
"""What the browser derives the login verifier with (WebCrypto names); `length` in bytes."""
VERIFIER_BYTES = 32
SALT_BYTES = 16
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
"""The server's hash of the verifier: about 16 MiB and tens of milliseconds per login."""
TOTP_DIGITS = 6
TOTP_PERIOD = 30
ISSUER = "Yomitori"


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def standin_salt(station_key: bytes, name: str) -> bytes:
    """The salt told for a name that has no account, the same every time, so that asking
    does not tell who has one."""
    return hmac.new(station_key, name.encode("utf-8"), hashlib.sha256).digest()[:SALT_BYTES]


def decode_verifier(text: str) -> bytes | None:
    """The verifier from its base64 text; None unless it is exactly `VERIFIER_BYTES`."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == VERIFIER_BYTES else None


def hash_verifier(verifier: bytes, salt: bytes) -> bytes:
    """What the store keeps of a verifier: scrypt of it (32 bytes)."""
    return hashlib.scrypt(verifier, salt=salt, maxmem=64 * 1024 * 1024, dklen=32, **SCRYPT)


def verifier_matches(verifier: bytes, salt: bytes, stored: bytes) -> bool:
    return hmac.compare_digest(hash_verifier(verifier, salt), stored)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, name: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_PERIOD).provisioning_uri(
        name=name, issuer_name=ISSUER
    )


def totp_step(secret: str, code: str, last_step: int, now: float | None = None) -> int | None:
    """The time step `code` belongs to (now, or one step either side), if it is newer than
    `last_step`; None when the code is wrong or was used already."""
    code = code.strip()
    if len(code) != TOTP_DIGITS or not code.isdigit():
        return None
    now = time.time() if now is None else now
    totp = pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_PERIOD)
    step = int(now // TOTP_PERIOD)
    for candidate in (step, step - 1, step + 1):
        if candidate > last_step and hmac.compare_digest(
            totp.generate_otp(candidate), code
        ):
            return candidate
    return None


def new_enrol_token() -> tuple[str, str]:
    """A one-time link's token and the SHA-256 hex the store keeps of it."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()
