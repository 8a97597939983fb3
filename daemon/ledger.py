"""The ledger: an append-only, hash-chained, Ed25519-signed record of what Yomitori did.

One JSON object per line in `<ledger_dir>/YYYY-MM.jsonl` (month of the event's UTC time).
Each line holds `seq` (1, 2, ... across all month files), `time` (RFC 3339 UTC with
microseconds), `event`, `job_id`, `department` (both may be null), `host`, the event's own
fields, `prev` and `sig`:

- canonical JSON of an object is
  `json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))` in UTF-8;
- `sig` is the base64 Ed25519 signature over the canonical JSON of the object without `sig`;
- the written line is the canonical JSON of the object with `sig`, plus a newline;
- `prev` is the hex SHA-256 of the previous line's bytes without its newline (64 zeros for
  the first line; the first line of a month file chains onto the last line of the one before).

`verify` names the first edited, removed, reordered, unsigned or cut-off line. Removing lines
from the *end* leaves a valid chain, so only a checkpoint of `Ledger.head()` kept outside the
ledger (a witness, a printed certificate) can show it. A witness should also pin the public
key it verifies with rather than trust `ledger-signing.pub` next to the files. Every
`CHECKPOINT_EVERY` events the head is logged with a signature (`checkpoint_signature`), so
the journal, shipped elsewhere, is such a witness.

Key rotation: a `signing_key_rotated` line, signed by the old key, carries the new public
key (`new_public_key`, base64 of the raw 32 bytes); every later line is signed by the new
key. `ledger-signing.pub` stays the first key, from which `verify` follows the handovers.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import logging
import os
import re
import secrets
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from daemon.errors import LedgerError
from daemon.spool import fsync_dir

log = logging.getLogger(__name__)

GENESIS = "0" * 64
PUBLIC_KEY_NAME = "ledger-signing.pub"
LOCK_NAME = ".lock"
_MONTH_FILE = re.compile(r"^\d{4}-\d{2}\.jsonl$")
_RESERVED = frozenset({"seq", "time", "prev", "sig"})
_REQUIRED = ("seq", "time", "event", "job_id", "department", "prev", "sig")
_VERIFY_HINT = "Run `yomitori ledger verify` and restore the ledger from the backup."
ROTATED = "signing_key_rotated"
CHECKPOINT_EVERY = 100
"""A signed checkpoint (seq and head hash) is logged every this many events."""


def canonical(obj: dict[str, Any]) -> bytes:
    """The canonical JSON bytes of `obj` (what is signed, hashed and written)."""
    return json.dumps(
        obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def load_or_create_signing_key(path: Path) -> tuple[Ed25519PrivateKey, bool]:
    """Load the Ed25519 signing key (PEM PKCS8) at `path`, creating it mode 0600 if absent.

    Returns the key and whether it was created now.
    """
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        if _create_exclusive(path, pem, 0o600):
            return key, True
        # Another process created it first: use theirs.
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as exc:
        raise LedgerError(
            f"Cannot read the ledger signing key {path}: {exc.strerror or exc}. "
            "Check that the file belongs to the Yomitori user with mode 0600."
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
    return loaded, False


def load_public_key(directory: Path) -> Ed25519PublicKey:
    """Load `<directory>/ledger-signing.pub`, the key that verifies the ledger."""
    path = directory / PUBLIC_KEY_NAME
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except OSError as exc:
        raise LedgerError(f"Cannot read the ledger public key {path}: {exc.strerror}.") from exc
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise LedgerError(f"The ledger public key {path} is not a PEM public key.") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise LedgerError(f"The ledger public key {path} is not an Ed25519 key.")
    return key


class Ledger:
    """Appends signed events to the ledger in `directory`; safe across processes.

    `host` is recorded on every event (default: this machine's host name).
    """

    def __init__(
        self,
        directory: Path,
        key: Ed25519PrivateKey,
        *,
        host: str | None = None,
        checkpoint_every: int = CHECKPOINT_EVERY,
    ) -> None:
        self.directory = directory
        self.host = host if host is not None else socket.gethostname()
        self.checkpoint_every = checkpoint_every
        self._key = key
        directory.mkdir(mode=0o750, parents=True, exist_ok=True)
        self._write_public_key()
        self._index_lock = threading.Lock()
        self._seen: set[tuple[str, Any]] = set()
        self._offsets: dict[str, tuple[int, int]] = {}  # file -> (bytes read, lines read)

    @property
    def public_key(self) -> Ed25519PublicKey:
        """The key that verifies this ledger."""
        return self._key.public_key()

    def append(
        self,
        event: str,
        *,
        job_id: str | None = None,
        department: str | None = None,
        now: datetime | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Sign and durably append one event; returns the record as written.

        `now` overrides the clock (tests); a naive datetime is taken as UTC.
        """
        if clash := _RESERVED & fields.keys():
            raise ValueError(f"ledger fields {sorted(clash)} are set by the ledger itself")
        try:
            with _flock(self.directory, fcntl.LOCK_EX):
                seq, prev, newest = _tail(self.directory)
                # Read the clock under the lock so times never go backwards along the chain.
                moment = datetime.now(UTC) if now is None else now
                moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
                record: dict[str, Any] = {
                    "seq": seq + 1,
                    "time": moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                    "event": event,
                    "job_id": job_id,
                    "department": department,
                    **fields,
                    "prev": prev,
                }
                record.setdefault("host", self.host)
                record["sig"] = base64.b64encode(self._key.sign(canonical(record))).decode()
                # A clock stepping back must not put a line in an older file, out of order.
                name = max(moment.strftime("%Y-%m") + ".jsonl", newest or "")
                _write_line(self.directory / name, canonical(record) + b"\n")
        except OSError as exc:
            raise LedgerError(
                f"Cannot write to the ledger in {self.directory}: {exc.strerror or exc}. "
                "Check free disk space and that the directory belongs to the Yomitori user."
            ) from exc
        if job_id is not None:
            with self._index_lock:
                self._seen.add((job_id, event))
        if self.checkpoint_every and record["seq"] % self.checkpoint_every == 0:
            head = hashlib.sha256(canonical(record)).hexdigest()
            log.info(
                "ledger checkpoint seq=%d head=%s sig=%s",
                record["seq"],
                head,
                checkpoint_signature(self._key, record["seq"], head),
            )
        return record

    def rotate(self, new_key: Ed25519PrivateKey, **fields: Any) -> dict[str, Any]:
        """Hand signing over to `new_key`: the old key signs an event naming the new one."""
        record = self.append(
            ROTATED,
            new_public_key=base64.b64encode(_raw_public(new_key.public_key())).decode(),
            **fields,
        )
        self._key = new_key
        return record

    def current_public_key(self) -> Ed25519PublicKey:
        """The key that signs new lines according to the chain (after any rotation)."""
        key = load_public_key(self.directory)
        for name, size in _snapshot(self.directory):
            for raw in _read_lines(self.directory / name, 0, size):
                if ROTATED.encode() in raw:
                    key = _rotated_key(raw) or key
        return key

    def has(self, job_id: str, event: str) -> bool:
        """Whether `event` was already recorded for `job_id`, by any process."""
        with self._index_lock:
            if (job_id, event) in self._seen:
                return True  # lines are never removed, so a hit needs no disk read
            for name, size in _snapshot(self.directory):
                start, lineno = self._offsets.get(name, (0, 0))
                for raw in _read_lines(self.directory / name, start, size):
                    lineno += 1
                    record = _decode(name, lineno, raw)
                    if record.get("job_id") is not None:
                        self._seen.add((record["job_id"], record.get("event")))
                self._offsets[name] = (size, lineno)
            return (job_id, event) in self._seen

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record in ledger order, as of the moment iteration starts."""
        for name, size in _snapshot(self.directory):
            for lineno, raw in enumerate(_read_lines(self.directory / name, 0, size), 1):
                yield _decode(name, lineno, raw)

    def head(self) -> tuple[int, str]:
        """The last line's seq and SHA-256 hex, or (0, 64 zeros) for an empty ledger."""
        with _flock(self.directory, fcntl.LOCK_SH):
            seq, digest, _ = _tail(self.directory)
        return seq, digest

    def _write_public_key(self) -> None:
        """Publish the verifying key for witnesses; refuse a key that does not match it."""
        pem = self.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        path = self.directory / PUBLIC_KEY_NAME
        # ledger-signing.pub is the first key; rotations in the chain hand over from it.
        exists = path.exists() or not _create_exclusive(path, pem, 0o644)
        if exists and _raw_public(self.current_public_key()) != _raw_public(self.public_key):
            raise LedgerError(
                f"{path} belongs to a different signing key than the one configured, so "
                "new lines would not verify. Restore the matching signing key; if the key "
                "was replaced on purpose, archive this ledger directory and start a new one."
            )


@dataclass
class Verification:
    """Result of `verify`: `lines` verified before `first_bad` (None when all are good)."""

    ok: bool
    lines: int
    first_bad: str | None


def verify(directory: Path, public_key: Ed25519PublicKey) -> Verification:
    """Check every line's signature, canonical form, `prev` and `seq`; stop at the first bad."""
    if not directory.is_dir():
        return Verification(True, 0, None)
    prev, prev_where, count, key = GENESIS, "", 0, public_key
    for name, size in _snapshot(directory):
        for lineno, raw in enumerate(_read_lines(directory / name, 0, size), 1):
            problem = _check(raw, key, count + 1, prev, prev_where)
            if problem:
                return Verification(False, count, f"{name} line {lineno}: {problem}")
            if ROTATED.encode() in raw:
                key = _rotated_key(raw) or key
            prev, prev_where = hashlib.sha256(raw[:-1]).hexdigest(), f"line {lineno}"
            count += 1
        prev_where = f"the last line of {name}"
    return Verification(True, count, None)


def _check(raw: bytes, key: Ed25519PublicKey, seq: int, prev: str, prev_where: str) -> str | None:
    """What is wrong with one raw line, in plain words, or None."""
    if not raw.endswith(b"\n"):
        return "the line is cut off (Yomitori probably stopped while writing it)"
    try:
        record = json.loads(raw)
    except ValueError:
        return "the line is not valid JSON (it was edited or damaged)"
    if not isinstance(record, dict):
        return "the line is not a JSON object (it was edited or damaged)"
    if missing := [field for field in _REQUIRED if field not in record]:
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


def _rotated_key(raw: bytes) -> Ed25519PublicKey | None:
    """The new key a verified `signing_key_rotated` line hands over to, if it is one."""
    record = _parse(raw)
    if record is None or record.get("event") != ROTATED:
        return None
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(record["new_public_key"]))
    except (KeyError, ValueError, TypeError):
        return None


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def checkpoint_signature(key: Ed25519PrivateKey, seq: int, head: str) -> str:
    """A signature a witness can keep: over `yomitori-ledger-checkpoint:<seq>:<head>`."""
    return base64.b64encode(key.sign(f"yomitori-ledger-checkpoint:{seq}:{head}".encode())).decode()


def _parse(raw: bytes) -> dict[str, Any] | None:
    """The record on a complete raw line, or None if it is cut off or not a JSON object."""
    try:
        record = json.loads(raw) if raw.endswith(b"\n") else None
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def _decode(name: str, lineno: int, raw: bytes) -> dict[str, Any]:
    if (record := _parse(raw)) is None:
        raise LedgerError(f"{name} line {lineno} of the ledger is damaged. {_VERIFY_HINT}")
    return record


def _month_files(directory: Path) -> list[str]:
    try:
        return sorted(e.name for e in os.scandir(directory) if _MONTH_FILE.match(e.name))
    except FileNotFoundError:
        return []


def _snapshot(directory: Path) -> list[tuple[str, int]]:
    """Month files and their sizes, taken while no append is half-written."""
    with _flock(directory, fcntl.LOCK_SH):
        return [(name, (directory / name).stat().st_size) for name in _month_files(directory)]


def _read_lines(path: Path, start: int, end: int) -> Iterator[bytes]:
    """Raw lines of `path` between byte offsets, each with its newline if it has one."""
    with path.open("rb") as f:
        f.seek(start)
        while start < end and (line := f.readline(end - start)):
            start += len(line)
            yield line


def _tail(directory: Path) -> tuple[int, str, str | None]:
    """(seq, SHA-256 hex) of the last line on disk and the newest month file's name."""
    names = _month_files(directory)
    for name in reversed(names):
        with (directory / name).open("rb") as f:
            size = f.seek(0, os.SEEK_END)
            if size == 0:
                continue  # created by an append that crashed before writing
            block = b""
            while size > 0 and block.count(b"\n") < 2:
                step = min(size, 8192)
                size -= step
                f.seek(size)
                block = f.read(step) + block
        last = block[block.rfind(b"\n", 0, len(block) - 1) + 1 :]
        record = _parse(last)
        if record is None or type(record.get("seq")) is not int:
            raise LedgerError(
                f"The last line of the ledger file {directory / name} is incomplete or damaged "
                "(Yomitori probably stopped while writing it), so no event can be added after "
                f"it. {_VERIFY_HINT}"
            )
        return record["seq"], hashlib.sha256(last[:-1]).hexdigest(), names[-1]
    return 0, GENESIS, names[-1] if names else None


@contextmanager
def _flock(directory: Path, mode: int) -> Iterator[None]:
    """Hold `<directory>/.lock`; each call opens its own fd so threads and forks exclude too."""
    flags = os.O_RDWR | os.O_CREAT if mode == fcntl.LOCK_EX else os.O_RDONLY
    try:
        fd = os.open(directory / LOCK_NAME, flags, 0o640)
    except OSError:
        if mode == fcntl.LOCK_EX:
            raise
        # No lock file yet (nothing appended) or a read-only witness: a line being
        # written at this moment may then look cut off.
        yield
        return
    try:
        fcntl.flock(fd, mode)
        yield
    finally:
        os.close(fd)


def _create_exclusive(path: Path, data: bytes, mode: int) -> bool:
    """Write `path` whole or not at all; False if it already exists."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(tmp, path)  # fails if present: no process ever sees a half-written file
    except FileExistsError:
        return False
    finally:
        tmp.unlink()
    fsync_dir(path.parent)
    return True


def _write_line(path: Path, line: bytes) -> None:
    """Append `line` durably with one write, so a crash tears at most this line."""
    is_new = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        written = os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
    if written != len(line):
        raise LedgerError(f"The ledger file {path} was only partly written. {_VERIFY_HINT}")
    if is_new:
        fsync_dir(path.parent)  # make the new month file's name durable too
