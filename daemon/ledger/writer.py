"""The ledger: an append-only, hash-chained, Ed25519-signed record of what Yomitori did.

`Ledger` appends signed events (the line format is `daemon.ledger.format`) under an
exclusive lock on `<ledger>/.lock`, so any number of threads and processes may append.
Every `CHECKPOINT_EVERY` events the head is logged with a signature
(`signing.checkpoint_signature`), so the journal, shipped elsewhere, witnesses it.

Given the pins (`[ledger] fingerprints`), a ledger never signs on top of a chain it has
not verified: `check` verifies the lines after the last verified mark (`daemon.ledger.mark`)
and that the configured key is the one the pinned chain has reached, and every append
first verifies the lines other processes added since. A forged or damaged line stops
every append with a LedgerError naming it.

`ledger-signing.pub` beside the month files holds the first key, for witnesses; it is
trusted only where its fingerprint is pinned.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import logging
import os
import socket
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from daemon import durable
from daemon.errors import LedgerError, LedgerUnavailable
from daemon.ledger import mark, reader
from daemon.ledger.format import (
    RESERVED,
    ROTATED,
    Record,
    canonical,
    line_sha256,
    parse,
    raw_public,
)
from daemon.ledger.signing import PUBLIC_KEY_NAME, checkpoint_signature, fingerprint, public_pem
from daemon.ledger.verify import Chain

log = logging.getLogger(__name__)

CHECKPOINT_EVERY = 100
"""A signed checkpoint (seq and head hash) is logged every this many events."""
REPAIRED = "ledger_repaired"


@dataclass(frozen=True)
class Torn:
    """A torn last line: its file, the byte offset where it starts, and its bytes."""

    file: str
    start: int
    raw: bytes


class Ledger:
    """Appends signed events to the ledger in `directory`; safe across processes.

    `host` is recorded on every event (default: this machine's host name). `pins` are the
    fingerprints of the ledger's keys, first key first; without them (tests, tools that
    only read) nothing is verified before an append.
    """

    def __init__(
        self,
        directory: Path,
        key: Ed25519PrivateKey,
        *,
        host: str | None = None,
        checkpoint_every: int = CHECKPOINT_EVERY,
        pins: Sequence[str] | None = None,
    ) -> None:
        self.directory = directory
        self.host = host if host is not None else socket.gethostname()
        self.checkpoint_every = checkpoint_every
        self.pins = tuple(pins) if pins is not None else None
        self._key = key
        self._chain: Chain | None = None
        directory.mkdir(mode=0o750, parents=True, exist_ok=True)
        self._publish_key()
        self._index_lock = threading.Lock()
        self._seen: set[tuple[str, str]] = set()
        self._offsets: dict[str, tuple[int, int]] = {}  # file -> (bytes read, lines read)

    @property
    def public_key(self) -> Ed25519PublicKey:
        """The key that verifies the lines this ledger writes now."""
        return self._key.public_key()

    @property
    def verified_seq(self) -> int:
        """The last line verified against the pins (0 before `check`)."""
        return self._chain.seq if self._chain is not None else 0

    def check(self) -> int:
        """Verify the lines after the last verified mark against the pins, and that the
        configured key signs this ledger now; move the mark. Returns the lines verified.

        LedgerError names the first bad line, the pin not reached or the wrong key.
        """
        if self.pins is None:
            raise LedgerError("no pinned fingerprints to verify the ledger against")
        with reader.lock(self.directory, fcntl.LOCK_SH):
            sizes = reader.snapshot(self.directory, locked=True)
            before = self._chain.checked if self._chain is not None else 0
            chain = self._catch_up(sizes)
        if problem := chain.finish():
            raise LedgerError(f"The ledger fails verification: {problem}.")
        self._confirm_key(chain)
        mark.save(self.directory, chain, self._key)
        return chain.checked - before

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

        `now` overrides the clock (tests); a naive datetime is taken as UTC. On a full or
        unwritable disk nothing is written and LedgerUnavailable is raised: try again later.
        """
        if clash := RESERVED & fields.keys():
            raise ValueError(f"ledger fields {sorted(clash)} are set by the ledger itself")
        with self._exclusive():
            record = self._append_locked(event, job_id, department, now, fields)
        return record

    def append_once(
        self,
        event: str,
        *,
        job_id: str,
        department: str | None = None,
        now: datetime | None = None,
        **fields: Any,
    ) -> Record | None:
        """Append `event` for `job_id` unless the ledger holds it already; None then.

        The look and the append happen under the ledger's exclusive lock, so of several
        processes racing on the same job exactly one writes the line.
        """
        if clash := RESERVED & fields.keys():
            raise ValueError(f"ledger fields {sorted(clash)} are set by the ledger itself")
        with self._exclusive():
            if self._has(job_id, event, locked=True):
                return None
            return self._append_locked(event, job_id, department, now, fields)

    def rotate(self, new_key: Ed25519PrivateKey, **fields: Any) -> Record:
        """Hand signing over to `new_key`: the old key signs an event naming the new one.

        Until the new key's fingerprint is pinned, a ledger with pins refuses to append.
        """
        record = self.append(
            ROTATED,
            new_public_key=base64.b64encode(raw_public(new_key.public_key())).decode(),
            **fields,
        )
        self._key = new_key
        self._chain = None  # verify the handover against the pins before signing again
        return record

    def repair(self, **fields: Any) -> Record | None:
        """Remove a torn last line (cut off, or not a record) and record `ledger_repaired`
        with its size and SHA-256, never its content. None when there is no torn line.

        LedgerError when any other line is bad: only a torn last line is repaired.
        """
        with self._exclusive():
            sizes = reader.snapshot(self.directory, locked=True)
            torn = torn_line(self.directory, sizes)
            if torn is None:
                if self.pins is not None:
                    self._catch_up(sizes)
                return None
            if self.pins is not None:
                before = [(name, torn.start if name == torn.file else size) for name, size in sizes]
                self._catch_up(before)
            _truncate(self.directory / torn.file, torn.start)
            log.warning("removed a torn last line of %d bytes from the ledger", len(torn.raw))
            return self._append_locked(
                REPAIRED,
                None,
                None,
                None,
                {
                    "file": torn.file,
                    "removed_bytes": len(torn.raw),
                    "removed_sha256": hashlib.sha256(torn.raw).hexdigest(),
                    **fields,
                },
            )

    def has(self, job_id: str, event: str) -> bool:
        """Whether `event` was already recorded for `job_id`, by any process."""
        return self._has(job_id, event, locked=False)

    def records(self) -> Iterator[Record]:
        """Every record in ledger order, as of the moment iteration starts."""
        return reader.records(self.directory)

    def head(self) -> tuple[int, str]:
        """The last line's seq and SHA-256 hex, or (0, 64 zeros) for an empty ledger."""
        with reader.lock(self.directory, fcntl.LOCK_SH):
            last = reader.tail(self.directory)
        return last.seq, last.sha256

    # --- under the lock ---------------------------------------------------------------

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(reader.lock(self.directory, fcntl.LOCK_EX))
            except OSError as exc:
                raise _unavailable(self.directory, exc) from exc
            yield

    def _append_locked(
        self,
        event: str,
        job_id: str | None,
        department: str | None,
        now: datetime | None,
        fields: dict[str, Any],
    ) -> Record:
        try:
            if self.pins is not None:
                sizes = reader.snapshot(self.directory, locked=True)
                chain = self._catch_up(sizes)
                self._confirm_key(chain)
                seq, prev = chain.seq, chain.prev
                newest = sizes[-1][0] if sizes else None
            else:
                last = reader.tail(self.directory)
                seq, prev, newest = last.seq, last.sha256, last.newest
            # Read the clock under the lock so times never go backwards along the chain.
            moment = datetime.now(UTC) if now is None else now
            moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
            line: dict[str, Any] = {
                "seq": seq + 1,
                "time": moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "event": event,
                "job_id": job_id,
                "department": department,
                **fields,
                "prev": prev,
            }
            line.setdefault("host", self.host)
            line["sig"] = base64.b64encode(self._key.sign(canonical(line))).decode()
            raw = canonical(line) + b"\n"
            # A clock stepping back must not put a line in an older file, out of order.
            name = max(moment.strftime("%Y-%m") + ".jsonl", newest or "")
            durable.append(self.directory / name, raw)
        except OSError as exc:
            raise _unavailable(self.directory, exc) from exc
        self._advance(name, raw)
        record = Record.model_validate(line)
        if job_id is not None:
            with self._index_lock:
                self._seen.add((job_id, event))
        if self.checkpoint_every and record.seq % self.checkpoint_every == 0:
            self._checkpoint(record.seq, line_sha256(raw))
        return record

    def _advance(self, name: str, raw: bytes) -> None:
        """Move the verified chain over our own line (it needs no second check)."""
        chain = self._chain
        if chain is None:
            return
        number = chain.position.number + 1 if name == chain.position.file else 1
        chain.advance(reader.Line(name, number, raw))

    def _checkpoint(self, seq: int, head: str) -> None:
        log.info(
            "ledger checkpoint seq=%d head=%s sig=%s",
            seq,
            head,
            checkpoint_signature(self._key, seq, head),
        )
        if self._chain is not None:
            mark.save(self.directory, self._chain, self._key)

    def _catch_up(self, sizes: list[tuple[str, int]]) -> Chain:
        """Verify the lines up to `sizes` that this ledger has not verified yet."""
        assert self.pins is not None
        chain = self._chain
        if chain is None:
            known = [self.public_key]
            chain = mark.load(self.directory, self.pins) or Chain.start(
                self.directory, self.pins, known
            )
        self._chain = chain
        at = chain.position
        if at.file and dict(sizes).get(at.file, 0) < at.offset:
            raise LedgerError(
                f"The ledger no longer holds line {chain.seq} ({at.file} line {at.number}), "
                f"which this process verified: lines were removed from its end. "
                f"{reader.VERIFY_HINT}"
            )
        for line in reader.lines_after(self.directory, chain.position, sizes):
            problem = chain.feed(line)
            if problem is None:
                continue
            torn = torn_line(self.directory, sizes)
            is_torn = torn is not None and (torn.file, torn.raw) == (line.file, line.raw)
            hint = reader.REPAIR_HINT if is_torn else reader.VERIFY_HINT
            if chain.unpinned:
                hint = ""
            raise LedgerError(
                f"The ledger fails verification at {problem}. Nothing is added after it. {hint}"
                .rstrip()
            )
        return chain

    def _confirm_key(self, chain: Chain) -> None:
        if chain.key is not None and raw_public(chain.key) == raw_public(self.public_key):
            return
        mine = fingerprint(self.public_key)
        if chain.key is None:
            raise LedgerError(f"The ledger cannot be verified: {chain.missing_key}.")
        raise LedgerError(
            f"The signing key {mine} is not the key the pinned ledger is signed with now "
            f"({chain.current_pin}). Restore the matching signing key; after `yomitori ledger "
            f"rotate-key`, add the new key's fingerprint to [ledger] fingerprints."
        )

    def _has(self, job_id: str, event: str, *, locked: bool) -> bool:
        with self._index_lock:
            if (job_id, event) in self._seen:
                return True  # lines are never removed, so a hit needs no disk read
            for name, size in reader.snapshot(self.directory, locked=locked):
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

    def _publish_key(self) -> None:
        """Write `ledger-signing.pub` for witnesses when it is missing and our key is the
        first one (the pinned first key, or any key of a ledger without pins)."""
        if (self.directory / PUBLIC_KEY_NAME).exists():
            return
        if self.pins is not None and self.pins[:1] != (fingerprint(self.public_key),):
            return
        path = self.directory / PUBLIC_KEY_NAME
        try:
            durable.create_exclusive(path, public_pem(self.public_key), 0o644)
        except OSError as exc:  # a full disk: witnesses get it on a later start
            log.warning("cannot write %s: %s", path, exc.strerror or exc)


def torn_line(directory: Path, sizes: list[tuple[str, int]]) -> Torn | None:
    """The newest file's last line when it is cut off (no newline) or not a record."""
    files = [(name, size) for name, size in sizes if size]
    if not files:
        return None
    name, size = files[-1]
    with (directory / name).open("rb") as fh:
        block, start = b"", size
        while start > 0 and b"\n" not in block[:-1]:
            step = min(start, 8192)
            start -= step
            fh.seek(start)
            block = fh.read(step) + block
    cut = block.rfind(b"\n", 0, len(block) - 1) + 1
    raw = block[cut:]
    if raw.endswith(b"\n") and parse(raw) is not None:
        return None
    return Torn(name, start + cut, raw)


def _truncate(path: Path, size: int) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    finally:
        os.close(fd)


def _unavailable(directory: Path, exc: OSError) -> LedgerUnavailable:
    return LedgerUnavailable(
        f"Cannot write to the ledger in {directory}: {exc.strerror or exc}. Nothing was "
        "written; the work is retried later. Free disk space there and check that the "
        "folder belongs to the Yomitori user."
    )
