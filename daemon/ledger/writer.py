"""The ledger: an append-only, hash-chained, Ed25519-signed record of what Yomitori did.

`Ledger` appends signed events (the line format is `daemon.ledger.format`) under an
exclusive lock on `<ledger>/.lock`, so any number of threads and processes may append.
Every `CHECKPOINT_EVERY` events the head is logged with a signature
(`signing.checkpoint_signature`), so the journal, shipped elsewhere, witnesses it.

`ledger-signing.pub` beside the month files is the first key; rotations in the chain hand
over from it.
"""

from __future__ import annotations

import base64
import fcntl
import logging
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from daemon import durable
from daemon.errors import LedgerError
from daemon.ledger import reader
from daemon.ledger.format import (
    RESERVED,
    ROTATED,
    Record,
    canonical,
    line_sha256,
    parse,
    raw_public,
)
from daemon.ledger.signing import (
    PUBLIC_KEY_NAME,
    checkpoint_signature,
    load_public_key,
    public_pem,
)

log = logging.getLogger(__name__)

CHECKPOINT_EVERY = 100
"""A signed checkpoint (seq and head hash) is logged every this many events."""


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
        self._seen: set[tuple[str, str]] = set()
        self._offsets: dict[str, tuple[int, int]] = {}  # file -> (bytes read, lines read)

    @property
    def public_key(self) -> Ed25519PublicKey:
        """The key that verifies the lines this ledger writes now."""
        return self._key.public_key()

    def append(
        self,
        event: str,
        *,
        job_id: str | None = None,
        department: str | None = None,
        now: datetime | None = None,
        **fields: Any,
    ) -> Record:
        """Sign and durably append one event; returns the record as written.

        `now` overrides the clock (tests); a naive datetime is taken as UTC.
        """
        if clash := RESERVED & fields.keys():
            raise ValueError(f"ledger fields {sorted(clash)} are set by the ledger itself")
        try:
            with reader.lock(self.directory, fcntl.LOCK_EX):
                last = reader.tail(self.directory)
                # Read the clock under the lock so times never go backwards along the chain.
                moment = datetime.now(UTC) if now is None else now
                moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
                line: dict[str, Any] = {
                    "seq": last.seq + 1,
                    "time": moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                    "event": event,
                    "job_id": job_id,
                    "department": department,
                    **fields,
                    "prev": last.sha256,
                }
                line.setdefault("host", self.host)
                line["sig"] = base64.b64encode(self._key.sign(canonical(line))).decode()
                # A clock stepping back must not put a line in an older file, out of order.
                name = max(moment.strftime("%Y-%m") + ".jsonl", last.newest or "")
                durable.append(self.directory / name, canonical(line) + b"\n")
        except OSError as exc:
            raise LedgerError(
                f"Cannot write to the ledger in {self.directory}: {exc.strerror or exc}. "
                "Check free disk space and that the directory belongs to the Yomitori user."
            ) from exc
        record = Record.model_validate(line)
        if job_id is not None:
            with self._index_lock:
                self._seen.add((job_id, event))
        if self.checkpoint_every and record.seq % self.checkpoint_every == 0:
            head = line_sha256(canonical(line))
            log.info(
                "ledger checkpoint seq=%d head=%s sig=%s",
                record.seq,
                head,
                checkpoint_signature(self._key, record.seq, head),
            )
        return record

    def rotate(self, new_key: Ed25519PrivateKey, **fields: Any) -> Record:
        """Hand signing over to `new_key`: the old key signs an event naming the new one."""
        record = self.append(
            ROTATED,
            new_public_key=base64.b64encode(raw_public(new_key.public_key())).decode(),
            **fields,
        )
        self._key = new_key
        return record

    def current_public_key(self) -> Ed25519PublicKey:
        """The key that signs new lines according to the chain (after any rotation)."""
        key = load_public_key(self.directory)
        for line in reader.lines(self.directory):
            if ROTATED.encode() in line.raw and (record := line.record()) is not None:
                key = record.new_public_key() or key
        return key

    def has(self, job_id: str, event: str) -> bool:
        """Whether `event` was already recorded for `job_id`, by any process."""
        with self._index_lock:
            if (job_id, event) in self._seen:
                return True  # lines are never removed, so a hit needs no disk read
            for name, size in reader.snapshot(self.directory):
                start, number = self._offsets.get(name, (0, 0))
                for raw in reader.read_lines(self.directory / name, start, size):
                    number += 1
                    record = parse(raw)
                    if record is None:
                        raise LedgerError(
                            f"{name} line {number} of the ledger is damaged. {reader.VERIFY_HINT}"
                        )
                    if record.job_id is not None:
                        self._seen.add((record.job_id, record.event))
                self._offsets[name] = (size, number)
            return (job_id, event) in self._seen

    def records(self) -> Iterator[Record]:
        """Every record in ledger order, as of the moment iteration starts."""
        return reader.records(self.directory)

    def head(self) -> tuple[int, str]:
        """The last line's seq and SHA-256 hex, or (0, 64 zeros) for an empty ledger."""
        with reader.lock(self.directory, fcntl.LOCK_SH):
            last = reader.tail(self.directory)
        return last.seq, last.sha256

    def _write_public_key(self) -> None:
        """Publish the verifying key for witnesses; refuse a key that does not match it."""
        path = self.directory / PUBLIC_KEY_NAME
        # ledger-signing.pub is the first key; rotations in the chain hand over from it.
        exists = path.exists() or not durable.create_exclusive(
            path, public_pem(self.public_key), 0o644
        )
        if exists and raw_public(self.current_public_key()) != raw_public(self.public_key):
            raise LedgerError(
                f"{path} belongs to a different signing key than the one configured, so "
                "new lines would not verify. Restore the matching signing key; if the key "
                "was replaced on purpose, archive this ledger directory and start a new one."
            )
