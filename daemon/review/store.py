"""The account store: one SQLite file, `<review.store>/accounts.sqlite3`.

It holds people (role, departments, state, TOTP secret, the hash of their login
verifier, their wrapped age identity and recipient, failed logins), sessions, each job's
review state, and the station's own random key. It never holds a passphrase, an
unwrapped identity or anything read from a scan.

The folder is made 0700 and the file 0600 before SQLite opens it (SQLite gives its
journal files the database file's mode). Writes are SQLite transactions in WAL mode with
`synchronous=FULL`: SQLite does its own durable writes, so this file is the one store that
does not go through `daemon.durable`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from daemon.errors import YomitoriError

FILE_NAME = "accounts.sqlite3"
BUSY_SECONDS = 10.0
"""How long a writer waits for another process's transaction (the CLI beside the station)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS people (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    departments TEXT NOT NULL,          -- JSON list of department ids
    state TEXT NOT NULL,                -- enrolling | active | disabled
    locked INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    login_salt BLOB NOT NULL,           -- the browser derives the login verifier with it
    verifier_salt BLOB,
    verifier_hash BLOB,                 -- scrypt of the verifier the browser sends
    totp_secret TEXT,                   -- base32
    totp_counter INTEGER NOT NULL DEFAULT 0,   -- the last code's time step (no replay)
    recipient TEXT,                     -- the person's age recipient (age1…)
    wrapped_identity BLOB,              -- age file, scrypt recipient: ciphertext only
    enrol_token TEXT,                   -- SHA-256 hex of the one-time link's token
    enrol_expires REAL,                 -- Unix seconds
    created_at REAL NOT NULL,
    enrolled_at REAL,
    last_login REAL
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,                -- SHA-256 hex of the cookie's value
    person TEXT,                        -- NULL before login
    terminal TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_seen REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    job_id TEXT PRIMARY KEY,
    department TEXT NOT NULL,
    step TEXT NOT NULL,
    holder TEXT,
    revisions INTEGER NOT NULL DEFAULT 0,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS station (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
"""


class Store:
    """The account store in `folder`; `connect()` gives a connection for one transaction."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / FILE_NAME

    def create(self) -> None:
        """Make the folder (0700) and the database (0600) if absent, and the schema."""
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(self.folder, 0o700)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
            os.fchmod(fd, 0o600)
            os.close(fd)
        except OSError as exc:
            raise YomitoriError(
                f"cannot create the account store in {self.folder} ({exc.strerror or exc}); "
                "check review.store and that the folder belongs to the Yomitori user"
            ) from exc
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)  # its own transaction
        finally:
            db.close()

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed on a clean exit, rolled back on an exception."""
        if not self.path.is_file():
            raise YomitoriError(
                f"no account store at {self.path}; run `yomitori users add` or start the "
                "review station once to create it"
            )
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        db.row_factory = sqlite3.Row
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    def station_key(self) -> bytes:
        """The station's random 32-byte key (made once); it keys the stand-in salts."""
        with self.connect() as db:
            row = db.execute("SELECT value FROM station WHERE key = 'key'").fetchone()
            if row is not None:
                return bytes(row["value"])
            value = os.urandom(32)
            db.execute("INSERT INTO station (key, value) VALUES ('key', ?)", (value,))
            return value
