"""What the station's web layer works with: settings, the account store, the ledger, the
clock, and what the composition root hands in (the quarantine release).

`record` writes a ledger event the way every station event is written: with the person,
the terminal (from its client certificate) and `role = "review"`, never a value from a
scan, a passphrase or a code.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from daemon.ledger.format import Record
from daemon.ledger.writer import Ledger
from daemon.review.deliveries import Deliveries
from daemon.review.store import Store
from daemon.settings import Settings

Release = Callable[[str], str]
"""Put a quarantined job back into the spool; takes its id, returns the new job's id."""


@dataclass
class Station:
    settings: Settings
    store: Store
    ledger: Ledger
    release: Release | None = None
    clock: Callable[[], float] = time.time
    deliveries: Deliveries = field(init=False)

    def __post_init__(self) -> None:
        self.deliveries = Deliveries(self.settings.paths.ledger)

    @property
    def idle_seconds(self) -> float:
        return self.settings.review.session_idle_minutes * 60.0

    @property
    def outboxes(self) -> dict[str, Path]:
        return {d: dept.outbox for d, dept in self.settings.departments.items()}

    def record(
        self,
        event: str,
        *,
        person: str | None,
        terminal: str,
        job_id: str | None = None,
        department: str | None = None,
        **fields: Any,
    ) -> Record:
        return self.ledger.append(
            event,
            job_id=job_id,
            department=department,
            person=person,
            terminal=terminal,
            role="review",
            **fields,
        )


def public_url(settings: Settings) -> str:
    """Where terminals reach the station (for enrolment links), without a trailing /."""
    review = settings.review
    if review.public_url:
        return review.public_url.rstrip("/")
    port = review.listen.rpartition(":")[2] or "8443"
    return f"https://{socket.getfqdn()}:{port}"
