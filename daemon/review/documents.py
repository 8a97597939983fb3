"""Issued certificates and reports for the auditor role: the files `yomitori documents
issue` wrote into `[documents] output`, listed on the audit page and downloaded as they
are (the station only serves them; it signs nothing here).

An auditor sees the certificates of their own departments and the ward's reports (counts
only, no personal data). Names are matched exactly, so nothing else of the folder (its
`numbers.json`, a stray file) is ever served.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from daemon import era

_SLUG = r"(\d{4}-\d{2}|FY\d{4}|\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2})\.(html|pdf|csv)"
REPORT = re.compile(rf"^report-{_SLUG}$")
MEDIA = {"html": "text/html", "pdf": "application/pdf", "csv": "text/csv"}


@dataclass(frozen=True)
class Issued:
    """One issued file as the audit page lists it."""

    name: str
    bytes: int
    written: str


def allowed(name: str, departments: tuple[str, ...]) -> bool:
    """Whether an auditor of `departments` may have the file `name`."""
    if REPORT.match(name):
        return True
    return any(
        name.startswith(f"certificate-{dept}-")
        and re.fullmatch(_SLUG, name.removeprefix(f"certificate-{dept}-")) is not None
        for dept in departments
    )


def listing(folder: Path, departments: tuple[str, ...]) -> list[Issued]:
    """The issued files an auditor of `departments` may have, newest first."""
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []  # not issued yet, or not readable: nothing to list
    for path in entries:
        if not allowed(path.name, departments):
            continue
        try:
            info = path.stat()
        except OSError:
            continue
        written = era.dated_time(datetime.fromtimestamp(info.st_mtime, era.JST))
        found.append((info.st_mtime, Issued(path.name, info.st_size, written)))
    return [item for _, item in sorted(found, key=lambda pair: (-pair[0], pair[1].name))]


def media_type(name: str) -> str:
    return MEDIA[name.rsplit(".", 1)[1]]
