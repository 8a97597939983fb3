"""Keys follow people: `<review.store>/recipients/<department>.txt` lists the age
recipients of a department's active members, one per line.

The station rewrites a department's file (durably) whenever its members change; the OCR
role reads it and encrypts each new result to the department's configured recipients
plus these, without ever opening the account store. A missing file means no members.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pyrage

from daemon import durable
from daemon.errors import YomitoriError
from daemon.review import people
from daemon.review.store import Store
from daemon.settings import Settings

log = logging.getLogger(__name__)

FOLDER = "recipients"


def members_file(store: Path, department: str) -> Path:
    return store / FOLDER / f"{department}.txt"


def write_members(store: Path, department: str, recipients: list[str]) -> Path:
    """Replace the department's list (atomically); returns the file."""
    path = members_file(store, department)
    path.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
    text = "# age recipients of the department's active members (written by the review station)\n"
    text += "".join(f"{r}\n" for r in sorted(set(recipients)))
    durable.write_atomic(path, text.encode("ascii"), 0o640)
    return path


def read_members(store: Path, department: str) -> list[str]:
    """The department's member recipients; [] without a file. A line that is not an age
    recipient is skipped with a warning (the configured recipients still apply)."""
    path = members_file(store, department)
    try:
        text = path.read_text("ascii")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise YomitoriError(
            f"cannot read the members' recipients in {path} ({exc}); check the file's owner "
            "and mode, or remove it to encrypt to the configured recipients only"
        ) from exc
    found: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            pyrage.x25519.Recipient.from_str(line)
        except Exception:
            log.warning("%s line %d is not an age recipient; skipped", path, number)
            continue
        found.append(line)
    return found


def refresh(settings: Settings, store: Store, departments: tuple[str, ...] | list[str]) -> None:
    """Rewrite the members' lists of `departments` from the account store."""
    for department in departments:
        if department in settings.departments:
            write_members(
                settings.review.store, department, people.active_recipients(store, department)
            )
