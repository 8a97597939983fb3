"""Backlog: how many files wait in a folder and how old the oldest one is.

Read straight from the disk (the disk is the truth), so the numbers hold for every host
sharing the folders, and `yomitori status` can show them while the service is down. Ages
come from modification times, in seconds. A folder that cannot be listed raises OSError.
"""

from __future__ import annotations

import os
import stat
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from daemon.intake.hotfolder import is_ignored
from daemon.spool import DELIVERED, STRANDED_SECONDS, Spool

BUNDLE_SUFFIX = ".age"
QUARANTINE_REPORT = "error.json"


@dataclass(frozen=True)
class Backlog:
    """`files` waiting; `oldest_seconds` is the oldest one's age (0 when there are none)."""

    files: int = 0
    oldest_seconds: float = 0.0

    def __add__(self, other: Backlog) -> Backlog:
        return Backlog(self.files + other.files, max(self.oldest_seconds, other.oldest_seconds))


def _backlog(mtimes: list[float], now: float) -> Backlog:
    return Backlog(len(mtimes), max(0.0, now - min(mtimes)) if mtimes else 0.0)


def hot_folder(folder: Path, now: float) -> Backlog:
    """Regular files below a hot folder, skipping temporary and system names and links.

    `now` is Unix time in seconds.
    """
    mtimes: list[float] = []
    pending = [folder]
    while pending:
        directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            if directory == folder:
                raise
            continue  # a sub-folder removed or unreadable meanwhile
        for entry in entries:
            relative = os.path.relpath(entry.path, folder)
            if is_ignored(relative):
                continue
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # claimed meanwhile
            if stat.S_ISDIR(st.st_mode):
                pending.append(Path(entry.path))
            elif stat.S_ISREG(st.st_mode):
                mtimes.append(st.st_mtime)
    return _backlog(mtimes, now)


def hot_folders(folders: Iterable[Path], now: float) -> Backlog:
    """A department's hot folders together."""
    return sum((hot_folder(folder, now) for folder in folders), Backlog())


def ignored_files(folder: Path, now: float, older_than: float) -> Backlog:
    """Regular files below a hot folder under names the intake ignores (dot files, `~…`,
    `*.tmp`, `Thumbs.db`, inside `@eaDir`…) and not modified for `older_than` seconds.

    The intake never takes them, so a scan saved under such a name stays in the clear
    until a person deletes it. Links are never followed. `now` is Unix time in seconds.
    """
    mtimes: list[float] = []
    pending = [folder]
    while pending:
        directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            if directory == folder:
                raise
            continue
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode):
                pending.append(Path(entry.path))
            elif (
                stat.S_ISREG(st.st_mode)
                and now - st.st_mtime > older_than
                and is_ignored(os.path.relpath(entry.path, folder))
            ):
                mtimes.append(st.st_mtime)
    return _backlog(mtimes, now)


def ignored_in(folders: Iterable[Path], now: float, older_than: float) -> Backlog:
    """A department's hot folders together (`ignored_files`)."""
    return sum((ignored_files(folder, now, older_than) for folder in folders), Backlog())


def outbox(folder: Path, now: float) -> Backlog:
    """Bundles (`*.age`) in an outbox; temporary dot files being written are not counted."""
    mtimes: list[float] = []
    for entry in os.scandir(folder):
        if entry.name.startswith(".") or not entry.name.endswith(BUNDLE_SUFFIX):
            continue
        try:
            mtimes.append(entry.stat(follow_symlinks=False).st_mtime)
        except OSError:
            continue  # fetched by the department meanwhile
    return _backlog(mtimes, now)


def quarantine(root: Path, department: str, now: float) -> Backlog:
    """Jobs in `root/<department>/`, aged by their error report (a missing folder is empty)."""
    folder = root / department
    if not folder.is_dir():
        return Backlog()
    mtimes: list[float] = []
    for entry in os.scandir(folder):
        if not entry.is_dir(follow_symlinks=False):
            continue
        report = Path(entry.path) / QUARANTINE_REPORT
        try:
            mtimes.append(report.stat().st_mtime)
        except FileNotFoundError:
            continue  # still being admitted
        except PermissionError:  # an operator outside the service's group: the folder's age
            mtimes.append(entry.stat(follow_symlinks=False).st_mtime)
    return _backlog(mtimes, now)


@dataclass(frozen=True)
class SpoolCounts:
    """Jobs of one department in the spool: `waiting` to be read, `delivered` awaiting wipe.

    `stranded` of the delivered ones were delivered more than `STRANDED_SECONDS` ago;
    `oldest_delivered_seconds` is the age of the oldest delivery. `on_infrastructure` of the
    waiting ones failed on the installation last, and `waiting_on` is one such reason.
    """

    waiting: int = 0
    delivered: int = 0
    stranded: int = 0
    oldest_delivered_seconds: float = 0.0
    on_infrastructure: int = 0
    waiting_on: str = ""


def spool(spool: Spool, now: float | None = None) -> dict[str, SpoolCounts]:
    """Spool jobs per department, from each job's manifest and state files (`now`: Unix
    time, seconds)."""
    now = time.time() if now is None else now
    waiting: Counter[str] = Counter()
    delivered: Counter[str] = Counter()
    stranded: Counter[str] = Counter()
    on_infrastructure: Counter[str] = Counter()
    oldest: dict[str, float] = {}
    reasons: dict[str, str] = {}
    for job in spool.jobs():
        try:
            department = job.manifest().department
            if job.has(DELIVERED):
                age = max(0.0, now - job.written_at(DELIVERED))
                delivered[department] += 1
                stranded[department] += age > STRANDED_SECONDS
                oldest[department] = max(oldest.get(department, 0.0), age)
                continue
            waiting[department] += 1
            reason = job.waiting_on()
        except (OSError, ValueError):
            continue  # wiped meanwhile
        if reason is not None:
            on_infrastructure[department] += 1
            reasons[department] = reason
    return {
        department: SpoolCounts(
            waiting[department],
            delivered[department],
            stranded[department],
            oldest.get(department, 0.0),
            on_infrastructure[department],
            reasons.get(department, ""),
        )
        for department in sorted(waiting.keys() | delivered.keys())
    }
