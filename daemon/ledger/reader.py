"""Reading the ledger: its month files, their lines and the records on them.

Every reader of the ledger (verify, audit, `Ledger.has`, certificates, reports, status)
goes through `lines` or `records`, which take a snapshot of the files' sizes under the
ledger's shared lock, so an append being written at that moment is never half read.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from daemon.errors import LedgerError
from daemon.ledger.format import GENESIS, MONTH_FILE, Record, line_sha256, parse

LOCK_NAME = ".lock"
VERIFY_HINT = "Run `yomitori ledger verify` and restore the ledger from the backup."
REPAIR_HINT = (
    "Run `yomitori ledger repair`, which removes only a cut-off last line and records that "
    "it did."
)


@dataclass(frozen=True)
class Line:
    """One raw line: its file, its 1-based number there, and its bytes (with the newline
    when the line is complete)."""

    file: str
    number: int
    raw: bytes

    @property
    def complete(self) -> bool:
        return self.raw.endswith(b"\n")

    @property
    def sha256(self) -> str:
        return line_sha256(self.raw)

    @property
    def where(self) -> str:
        return f"{self.file} line {self.number}"

    def record(self) -> Record | None:
        """The record on this line, or None when it is cut off or damaged."""
        return parse(self.raw)


@contextmanager
def lock(directory: Path, mode: int) -> Iterator[None]:
    """Hold `<directory>/.lock` (`fcntl.LOCK_SH` or `LOCK_EX`); each call opens its own
    descriptor, so threads and forked processes exclude one another too."""
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


def month_files(directory: Path) -> list[str]:
    """The ledger's `YYYY-MM.jsonl` file names, oldest first."""
    try:
        return sorted(e.name for e in os.scandir(directory) if MONTH_FILE.match(e.name))
    except FileNotFoundError:
        return []


def snapshot(directory: Path, *, locked: bool = False) -> list[tuple[str, int]]:
    """Month files and their sizes in bytes, taken while no append is half-written.

    `locked`: the caller holds the ledger's lock already (taking it again would wait for
    ourselves).
    """
    if locked:
        return [(name, (directory / name).stat().st_size) for name in month_files(directory)]
    with lock(directory, fcntl.LOCK_SH):
        return snapshot(directory, locked=True)


def read_lines(path: Path, start: int, end: int) -> Iterator[bytes]:
    """Raw lines of `path` between byte offsets, each with its newline if it has one."""
    with path.open("rb") as f:
        f.seek(start)
        while start < end and (line := f.readline(end - start)):
            start += len(line)
            yield line


def lines(directory: Path, first_month: str = "") -> Iterator[Line]:
    """Every line of the ledger in order, as of the moment iteration starts.

    `first_month` (`YYYY-MM`, by UTC) skips the month files before it.
    """
    for name, size in snapshot(directory):
        if name < first_month:
            continue
        for number, raw in enumerate(read_lines(directory / name, 0, size), 1):
            yield Line(name, number, raw)


@dataclass(frozen=True)
class Position:
    """Just after a line: its file, its line number there, the byte offset after it and
    the one where it starts. `Position()` is the start of the ledger."""

    file: str = ""
    number: int = 0
    offset: int = 0
    start: int = 0


def lines_after(
    directory: Path, after: Position, sizes: list[tuple[str, int]] | None = None
) -> Iterator[Line]:
    """The lines after `after`: the rest of its file, then every later month file.

    `sizes` is a `snapshot` to read up to (default: a new one).
    """
    for name, size in snapshot(directory) if sizes is None else sizes:
        if name < after.file:
            continue
        start, number = (after.offset, after.number) if name == after.file else (0, 0)
        for raw in read_lines(directory / name, start, size):
            number += 1
            yield Line(name, number, raw)


def records(directory: Path) -> Iterator[Record]:
    """Every record in ledger order; LedgerError at the first damaged line."""
    for line in lines(directory):
        record = line.record()
        if record is None:
            raise LedgerError(f"{line.where} of the ledger is damaged. {VERIFY_HINT}")
        yield record


@dataclass(frozen=True)
class Tail:
    """The last complete line on disk: its seq and SHA-256, and the newest file's name."""

    seq: int
    sha256: str
    newest: str | None


def tail(directory: Path) -> Tail:
    """The ledger's last line, read backwards from the end of the newest non-empty file.

    LedgerError when that line is cut off or damaged: nothing may be chained onto it.
    """
    names = month_files(directory)
    for name in reversed(names):
        with (directory / name).open("rb") as f:
            size = f.seek(0, os.SEEK_END)
            if size == 0:
                continue  # created by an append that failed before writing
            block = b""
            while size > 0 and block.count(b"\n") < 2:
                step = min(size, 8192)
                size -= step
                f.seek(size)
                block = f.read(step) + block
        last = block[block.rfind(b"\n", 0, len(block) - 1) + 1 :]
        record = parse(last)
        if record is None:
            raise LedgerError(
                f"The last line of the ledger file {directory / name} is incomplete or damaged "
                "(Yomitori probably stopped while writing it, or the disk was full), so no "
                f"event can be added after it. {REPAIR_HINT}"
            )
        return Tail(record.seq, line_sha256(last), names[-1])
    return Tail(0, GENESIS, names[-1] if names else None)
