"""Wrap data with a passphrase in the age format (one scrypt stanza), at a chosen work
factor: what the review page's enrolment does in the browser, for the tests, the demo and
the benchmark, which enrol people without a browser.

pyrage's `passphrase.encrypt` picks the work factor by timing the machine (rage aims at
about a second), so on a loaded or a fast machine it falls outside the range the station
accepts (daemon.review.people.SCRYPT_WORK_FACTORS). The format is age's published
specification (age-encryption.org/v1): the file key wrapped by ChaCha20-Poly1305 under
scrypt(passphrase), the header's HMAC, and the payload in 64 KiB STREAM chunks.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

CHUNK = 64 * 1024
LABEL = b"age-encryption.org/v1/scrypt"


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _hkdf(key: bytes, salt: bytes | None, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def _wrapped_lines(body: bytes) -> bytes:
    """A stanza body: base64 in lines of 64 columns, the last one shorter (maybe empty)."""
    text = _b64(body)
    lines = [text[i : i + 64] for i in range(0, len(text), 64)]
    if not lines or len(lines[-1]) == 64:
        lines.append(b"")
    return b"\n".join(lines) + b"\n"


def encrypt(data: bytes, passphrase: str, log_n: int = 15) -> bytes:
    """`data` as an age file that `passphrase` opens, with scrypt's N = 2**log_n."""
    file_key, salt = os.urandom(16), os.urandom(16)
    wrap_key = hashlib.scrypt(
        passphrase.encode(), salt=LABEL + salt, n=2**log_n, r=8, p=1,
        maxmem=2 * 1024 * 2**log_n, dklen=32,
    )  # fmt: skip
    body = ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None)
    header = (
        b"age-encryption.org/v1\n-> scrypt " + _b64(salt) + b" " + str(log_n).encode() + b"\n"
        + _wrapped_lines(body) + b"---"
    )  # fmt: skip
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
    nonce = os.urandom(16)
    stream = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    chunks = [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]
    payload = b"".join(
        stream.encrypt(n.to_bytes(11, "big") + (b"\x01" if n == len(chunks) - 1 else b"\x00"),
                       chunk, None)
        for n, chunk in enumerate(chunks)
    )  # fmt: skip
    return header + b" " + _b64(mac) + b"\n" + nonce + payload
