"""Hot folders: what they are, which names in them are ignored, which entries are refused.

Logs carry the department and a short tag of the path (`path_tag`), never a file name,
which may hold a citizen's name. The tag is an HMAC keyed with a secret made at process
start and never written anywhere, so nobody can test guessed names against the logs; it
ties the log lines of one file together within one run only. Once a file is claimed, its
log lines carry the job id instead.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import stat
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePath

log = logging.getLogger(__name__)

_IGNORED_NAMES = frozenset(
    {
        "thumbs.db",
        "desktop.ini",
        "@eadir",
        "#recycle",
        "@recycle",
        "$recycle.bin",
        "system volume information",
    }
)
_IGNORED_SUFFIXES = (".tmp", ".part", ".crdownload")


@dataclass(frozen=True)
class HotFolder:
    """A folder where scanners save one department's scans.

    `polling` lists the folder every `POLL_SECONDS` instead of waiting for inotify
    events: network mounts need it (an SMB/NFS client gets no events for other hosts'
    writes).
    """

    department: str
    path: Path
    polling: bool = False


class Refusal(StrEnum):
    """Why a path in a hot folder is never handed to `on_ready`; given to `on_refused`.

    Short and fixed, as `daemon.intake.claim.Refused` reasons are: they are metric labels too.
    """

    SYMLINK = "symlink"  # never followed: its target may lie outside the hot folder
    HARD_LINK = "hard link"  # the same data has another name elsewhere
    FIFO = "fifo"  # opening one would block the intake
    DEVICE = "device"
    SPECIAL = "not a regular file"  # sockets and anything else


def is_ignored(name: str) -> bool:
    """Whether `name` is a temporary or system file that is never a scan.

    `name` is one file or folder name, or a path relative to the hot folder; a path is
    ignored when any part is, so everything inside `@eaDir` or a dot-folder is ignored.
    Case-insensitive.
    """
    for part in PurePath(name).parts:
        low = part.casefold()
        # "." covers dot files, dot-folders and LibreOffice's ".~lock*"; "~" Office's owner files.
        if low.startswith((".", "~")) or low in _IGNORED_NAMES or low.endswith(_IGNORED_SUFFIXES):
            return True
    return False


def refusal(st: os.stat_result) -> Refusal | None:
    """Why an lstat result is not a candidate; None for a single-named regular file."""
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return Refusal.HARD_LINK if st.st_nlink > 1 else None
    if stat.S_ISLNK(mode):
        return Refusal.SYMLINK
    if stat.S_ISFIFO(mode):
        return Refusal.FIFO
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Refusal.DEVICE
    return Refusal.SPECIAL


_TAG_KEY = secrets.token_bytes(32)
"""The key of `path_tag`, made when the process starts; it lives in memory only."""


def path_tag(path: Path) -> str:
    """A short tag (12 hex digits) that tells log lines about one file apart without
    naming it: HMAC-SHA256 of the path under this process's secret key."""
    return hmac.new(_TAG_KEY, os.fsencode(path), hashlib.sha256).hexdigest()[:12]
