"""Server-side sessions in the account store.

The cookie holds a random token; the store keeps only its SHA-256, so a copy of the store
cannot be replayed as a cookie. A session is bound to the terminal it began on, carries a
CSRF token, and ends after `idle` seconds without a request. Every visitor gets a session
(without a person) on the first page, so that logging in is CSRF-protected too; logging
in replaces it with a new one (no session fixation).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from daemon.review.store import Store

COOKIE = "__Host-yomitori"
"""`__Host-`: the browser keeps it only if Secure, for this host, with Path=/."""


@dataclass(frozen=True)
class Session:
    id: str
    """SHA-256 hex of the cookie's token."""
    person: str | None
    terminal: str
    csrf: str
    created_at: float
    last_seen: float


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def expired(last_seen: float, now: float, idle: float) -> bool:
    """Whether a session last used at `last_seen` has been idle for `idle` seconds or more."""
    return now - last_seen >= idle


def begin(
    store: Store, terminal: str, now: float, person: str | None = None
) -> tuple[str, Session]:
    """A new session; returns the cookie's token and the session."""
    token = secrets.token_urlsafe(32)
    session = Session(digest(token), person, terminal, secrets.token_urlsafe(32), now, now)
    with store.connect() as db:
        db.execute(
            "INSERT INTO sessions (id, person, terminal, csrf, created_at, last_seen)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (session.id, person, terminal, session.csrf, now, now),
        )
    return token, session


def resume(store: Store, token: str, terminal: str, now: float, idle: float) -> Session | None:
    """The live session of a cookie, touched; None (and an idle one deleted) otherwise.

    A cookie carried to another terminal is refused, and that session ended.
    """
    key = digest(token)
    with store.connect() as db:
        row = db.execute("SELECT * FROM sessions WHERE id = ?", (key,)).fetchone()
        if row is None:
            return None
        if expired(row["last_seen"], now, idle) or row["terminal"] != terminal:
            db.execute("DELETE FROM sessions WHERE id = ?", (key,))
            return None
        db.execute("UPDATE sessions SET last_seen = ? WHERE id = ?", (now, key))
        return Session(key, row["person"], row["terminal"], row["csrf"], row["created_at"], now)


def end(store: Store, session_id: str) -> None:
    with store.connect() as db:
        db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))


def sweep(store: Store, now: float, idle: float) -> int:
    """Delete every idle session; returns how many."""
    with store.connect() as db:
        return db.execute("DELETE FROM sessions WHERE last_seen <= ?", (now - idle,)).rowcount


def count(store: Store) -> int:
    with store.connect() as db:
        row = db.execute("SELECT COUNT(*) FROM sessions WHERE person IS NOT NULL").fetchone()
        return int(row[0])
