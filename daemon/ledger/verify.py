"""Verifying the ledger against its trust root: the pinned key fingerprints.

Every line's canonical form, signature, `prev` and `seq` are checked, and the first bad
line is named. The keys come from the pins (`[ledger] fingerprints`, or `--key`), never
from the ledger folder alone:

- the first pin names the first key. Its bytes come from a key the caller holds, or from
  `ledger-signing.pub`, which is read only when its fingerprint is that pin;
- a `signing_key_rotated` line hands signing over only to the key whose fingerprint is
  the next pin. A rotation to any other key fails, and so does a pin that the ledger never
  reaches (its rotation line was cut off).

Lines removed from the *end* leave a valid chain. Only a witness of the head kept outside
the ledger shows that: a certificate, or a journald checkpoint (`daemon.ledger.witness`).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from daemon.ledger.format import GENESIS, REQUIRED, ROTATED, canonical, parse
from daemon.ledger.reader import Line, Position, lines
from daemon.ledger.signing import PUBLIC_KEY_NAME, fingerprint, published_key

NO_PINS = (
    "no ledger key is pinned, so nothing tells the real ledger from one re-signed with "
    "another key. Run `yomitori ledger fingerprint -c CONFIG`, compare the fingerprint with "
    "the one the ward published, and add it to the configuration as "
    '[ledger] fingerprints = ["SHA256:…"] (or pass --key FINGERPRINT)'
)


@dataclass
class Verification:
    """Result of `verify`: `lines` verified before `first_bad` (None when all are good).

    `keys` are the pinned keys whose bytes were found and reached, oldest first; `head_seq`
    and `head_sha256` describe the last line verified; `held` maps each seq asked for to
    the SHA-256 of that line, when the ledger holds it.
    """

    ok: bool
    lines: int
    first_bad: str | None
    keys: list[Ed25519PublicKey] = field(default_factory=list)
    head_seq: int = 0
    head_sha256: str = GENESIS
    held: dict[int, str] = field(default_factory=dict)


def first_key(
    directory: Path, pin: str, known: Iterable[Ed25519PublicKey] = ()
) -> tuple[Ed25519PublicKey | None, str]:
    """The bytes of the first pinned key: one of `known`, or `ledger-signing.pub` when its
    fingerprint is `pin`. Returns the key, or None and why it cannot be had."""
    for key in known:
        if fingerprint(key) == pin:
            return key, ""
    published = published_key(directory)
    if published is not None and fingerprint(published) == pin:
        return published, ""
    if published is None:
        why = f"{PUBLIC_KEY_NAME} is missing or unreadable"
    else:
        why = f"{PUBLIC_KEY_NAME} holds key {fingerprint(published)} instead (it was replaced)"
    return None, (
        f"the public key of the pinned first key {pin} is not at hand: {why}. Restore "
        f"{PUBLIC_KEY_NAME} from the backup"
    )


@dataclass
class Chain:
    """The verification state after some lines; `feed` checks the next one.

    Shared by `verify` (from the start) and by the writer, which carries on from a signed
    mark and checks lines other processes appended before it adds its own.
    """

    pins: tuple[str, ...]
    key: Ed25519PublicKey | None
    reached: int
    """How many pins the chain has reached (the current key is pin `reached - 1`)."""
    missing_key: str = ""
    seq: int = 0
    prev: str = GENESIS
    position: Position = field(default_factory=Position)
    keys: list[Ed25519PublicKey] = field(default_factory=list)
    checked: int = 0
    """Lines this chain verified itself (not counting those behind a mark)."""
    unpinned: bool = False
    """It stopped at a genuine rotation to a key not pinned yet (pinning it is the fix)."""

    @classmethod
    def start(
        cls, directory: Path, pins: Sequence[str], known: Iterable[Ed25519PublicKey] = ()
    ) -> Chain:
        """A chain before the ledger's first line."""
        if not pins:
            return cls((), None, 0, NO_PINS)
        key, why = first_key(directory, pins[0], known)
        return cls(tuple(pins), key, 1, why, keys=[key] if key else [])

    @property
    def current_pin(self) -> str | None:
        """The fingerprint of the key that signs the next line."""
        return self.pins[self.reached - 1] if self.reached else None

    def feed(self, line: Line) -> str | None:
        """Check the next line; None when it is good, else what is wrong, naming the line."""
        problem = self._problem(line)
        return f"{line.where}: {problem}" if problem else None

    def _problem(self, line: Line) -> str | None:
        if self.key is None:
            return self.missing_key
        if line.file != self.position.file and self.position.file:
            prev_where = f"the last line of {self.position.file}"
        else:
            prev_where = f"line {self.position.number}" if self.seq else ""
        problem = check_line(line.raw, self.key, self.seq + 1, self.prev, prev_where)
        if problem:
            return problem
        record = parse(line.raw)
        handed_to = record.new_public_key() if record is not None else None
        if record is not None and record.event == ROTATED:
            if handed_to is None:
                return "the key rotation names no valid Ed25519 key"
            if problem := self._handover(handed_to):
                return problem
        self.advance(line)
        return None

    def _handover(self, new: Ed25519PublicKey) -> str | None:
        new_pin = fingerprint(new)
        if self.reached >= len(self.pins):
            self.unpinned = True
            return (
                f"the key rotation hands signing over to key {new_pin}, which is not pinned. "
                "If this rotation was made with `yomitori ledger rotate-key`, add "
                f'"{new_pin}" as entry {self.reached + 1} of [ledger] fingerprints in the '
                "configuration; otherwise the line is forged"
            )
        if new_pin != self.pins[self.reached]:
            return (
                f"the key rotation hands signing over to key {new_pin}, but the next pinned key "
                f"is {self.pins[self.reached]} (a forged rotation, or a wrong pin)"
            )
        self.key = new
        self.keys.append(new)
        self.reached += 1
        return None

    def advance(self, line: Line) -> None:
        """Take `line` as verified (the writer's own lines need no second check)."""
        offset = self.position.offset if line.file == self.position.file else 0
        self.seq += 1
        self.prev = line.sha256
        self.position = Position(line.file, line.number, offset + len(line.raw), offset)
        self.checked += 1

    def finish(self) -> str | None:
        """After the last line: a pin the ledger never reached is a problem."""
        if not self.pins:
            return NO_PINS
        if self.reached < len(self.pins):
            return (
                f"[ledger] fingerprints pins {self.pins[self.reached]} as key "
                f"{self.reached + 1}, but the ledger never hands signing over to it (its "
                "rotation line was removed from the end, or the pin is wrong)"
            )
        return None


def verify(
    directory: Path,
    pins: Sequence[str],
    *,
    known: Iterable[Ed25519PublicKey] = (),
    want: Collection[int] = (),
) -> Verification:
    """Check the whole ledger in `directory` against `pins`; stop at the first bad line.

    `known` are public keys the caller holds (their bytes need no file); `want` are seqs
    whose line hashes to report in `held` (witnesses' heads)."""
    chain = Chain.start(directory, pins, known)
    held: dict[int, str] = {}
    problem: str | None = None
    if directory.is_dir():
        for line in lines(directory):
            problem = chain.feed(line)
            if problem:
                break
            if chain.seq in want:
                held[chain.seq] = chain.prev
    if problem is None:
        problem = chain.finish()
    return Verification(
        problem is None, chain.checked, problem, chain.keys, chain.seq, chain.prev, held
    )


def claimed_fingerprints(directory: Path) -> list[str]:
    """The key chain the ledger folder *claims*, unverified: `ledger-signing.pub`, then
    every key a rotation line names. For an operator to compare with their records before
    pinning a ledger that has none; never a source of trust."""
    published = published_key(directory)
    claimed = [fingerprint(published)] if published is not None else []
    for line in lines(directory):
        record = parse(line.raw) if ROTATED.encode() in line.raw else None
        if record is not None and (new := record.new_public_key()) is not None:
            claimed.append(fingerprint(new))
    return claimed


def check_line(
    raw: bytes, key: Ed25519PublicKey, seq: int, prev: str, prev_where: str
) -> str | None:
    """What is wrong with one raw line, in plain words, or None."""
    if not raw.endswith(b"\n"):
        return "the line is cut off (Yomitori probably stopped while writing it)"
    try:
        record = json.loads(raw)
    except ValueError:
        return "the line is not valid JSON (it was edited or damaged)"
    if not isinstance(record, dict):
        return "the line is not a JSON object (it was edited or damaged)"
    if missing := [field for field in REQUIRED if field not in record]:
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
