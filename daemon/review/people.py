"""People of the review station: adding, enrolling, logging in, disabling, resetting.

Functions over the account store; the times they take are Unix seconds (`now`), so tests
never sleep. Nothing here writes the ledger: the callers record what happened, with who
did it and from which terminal.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from enum import StrEnum

import pyrage

from daemon.errors import YomitoriError
from daemon.review import factors
from daemon.review.rules import LOCKOUT_FAILURES, AccountState, Person, Role, locks_after
from daemon.review.store import Store

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
"""Login names: lower-case letters, digits, `.`, `_`, `-` (for example `tanaka.h`)."""
AGE_SCRYPT_HEADER = b"age-encryption.org/v1\n-> scrypt "
MAX_WRAPPED_BYTES = 4096


@dataclass(frozen=True)
class Account:
    """One row of `people`, as the station uses it."""

    name: str
    role: Role
    departments: tuple[str, ...]
    state: AccountState
    locked: bool
    failures: int
    login_salt: bytes
    totp_secret: str | None
    recipient: str | None
    wrapped_identity: bytes | None
    enrol_expires: float | None
    created_at: float
    enrolled_at: float | None
    last_login: float | None

    @property
    def person(self) -> Person:
        return Person(self.name, self.role, self.departments, self.state, self.locked)


def _account(row: sqlite3.Row) -> Account:
    return Account(
        name=row["name"],
        role=Role(row["role"]),
        departments=tuple(json.loads(row["departments"])),
        state=AccountState(row["state"]),
        locked=bool(row["locked"]),
        failures=row["failures"],
        login_salt=bytes(row["login_salt"]),
        totp_secret=row["totp_secret"],
        recipient=row["recipient"],
        wrapped_identity=(
            None if row["wrapped_identity"] is None else bytes(row["wrapped_identity"])
        ),
        enrol_expires=row["enrol_expires"],
        created_at=row["created_at"],
        enrolled_at=row["enrolled_at"],
        last_login=row["last_login"],
    )


def get(store: Store, name: str) -> Account | None:
    with store.connect() as db:
        row = db.execute("SELECT * FROM people WHERE name = ?", (name,)).fetchone()
    return None if row is None else _account(row)


def everyone(store: Store) -> list[Account]:
    with store.connect() as db:
        rows = db.execute("SELECT * FROM people ORDER BY name").fetchall()
    return [_account(row) for row in rows]


def add(
    store: Store, name: str, departments: list[str], role: Role, hours: float, now: float
) -> str:
    """Add a person who has yet to enrol; returns the one-time link's token."""
    if not NAME.match(name):
        raise YomitoriError(
            f"{name!r} is not a valid login name: use lower-case letters, digits, '.', '_' "
            "or '-' (for example tanaka.h), at most 64 characters"
        )
    if not departments:
        raise YomitoriError("give the person's department with --department")
    token, digest = factors.new_enrol_token()
    try:
        with store.connect() as db:
            db.execute(
                "INSERT INTO people (name, role, departments, state, login_salt, enrol_token,"
                " enrol_expires, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (name, role.value, json.dumps(sorted(set(departments))),
                 AccountState.ENROLLING.value, factors.new_salt(), digest,
                 now + hours * 3600, now),
            )
    except sqlite3.IntegrityError:
        raise YomitoriError(
            f"{name} already has an account; `yomitori users reset {name}` gives a new "
            "enrolment link"
        ) from None
    return token


def reset(store: Store, name: str, hours: float, now: float) -> str:
    """Forget a person's passphrase, identity and authenticator; returns a new link's token.

    Their sessions end, and the jobs they hold go back to the queue.
    """
    token, digest = factors.new_enrol_token()
    with store.connect() as db:
        _require(db, name)
        db.execute(
            "UPDATE people SET state = ?, locked = 0, failures = 0, login_salt = ?,"
            " verifier_salt = NULL, verifier_hash = NULL, totp_secret = NULL,"
            " totp_counter = 0, recipient = NULL, wrapped_identity = NULL, enrol_token = ?,"
            " enrol_expires = ?, enrolled_at = NULL WHERE name = ?",
            (AccountState.ENROLLING.value, factors.new_salt(), digest, now + hours * 3600, name),
        )
        _end_everything(db, name, now)
    return token


def disable(store: Store, name: str, now: float) -> Account:
    """Disable an account: no more logins, sessions end, held jobs go back to the queue."""
    with store.connect() as db:
        _require(db, name)
        db.execute(
            "UPDATE people SET state = ?, enrol_token = NULL WHERE name = ?",
            (AccountState.DISABLED.value, name),
        )
        _end_everything(db, name, now)
        return _account(db.execute("SELECT * FROM people WHERE name = ?", (name,)).fetchone())


def unlock(store: Store, name: str) -> None:
    with store.connect() as db:
        _require(db, name)
        db.execute("UPDATE people SET locked = 0, failures = 0 WHERE name = ?", (name,))


def _require(db: sqlite3.Connection, name: str) -> None:
    if db.execute("SELECT 1 FROM people WHERE name = ?", (name,)).fetchone() is None:
        raise YomitoriError(f"no person named {name!r}; `yomitori users list` shows everyone")


def _end_everything(db: sqlite3.Connection, name: str, now: float) -> None:
    db.execute("DELETE FROM sessions WHERE person = ?", (name,))
    db.execute(
        "UPDATE jobs SET step = 'waiting', holder = NULL, updated_at = ? WHERE holder = ?",
        (now, name),
    )


def active_recipients(store: Store, department: str) -> list[str]:
    """The age recipients of the department's active, enrolled reviewers and leads."""
    return sorted(
        a.recipient
        for a in everyone(store)
        if a.recipient
        and a.state is AccountState.ACTIVE
        and a.role in (Role.REVIEWER, Role.LEAD)
        and department in a.departments
    )


# Enrolment ----------------------------------------------------------------------------


def pending(store: Store, token: str, now: float) -> Account | None:
    """The account a live enrolment link belongs to (its TOTP secret made on first use);
    None for an unknown, used or expired link."""
    with store.connect() as db:
        row = db.execute(
            "SELECT * FROM people WHERE enrol_token = ? AND state = ?",
            (factors.token_digest(token), AccountState.ENROLLING.value),
        ).fetchone()
        if row is None or row["enrol_expires"] is None or row["enrol_expires"] < now:
            return None
        if row["totp_secret"] is None:
            db.execute(
                "UPDATE people SET totp_secret = ? WHERE name = ?",
                (factors.new_totp_secret(), row["name"]),
            )
            row = db.execute("SELECT * FROM people WHERE name = ?", (row["name"],)).fetchone()
    return _account(row)


SCRYPT_WORK_FACTORS = range(15, 21)
"""log2 N of the wrapped identity's scrypt the review page can unwrap: the page's age
library refuses more than 20 (1 GiB of memory), and under 15 is too cheap to guess at."""


class EnrolRefused(YomitoriError):
    """The enrolment cannot be finished; the message is Japanese, for the person."""


def check_identity(recipient: str, wrapped: bytes) -> None:
    """Refuse what is not an age recipient and a passphrase-wrapped age file."""
    try:
        pyrage.x25519.Recipient.from_str(recipient)
    except Exception:
        raise EnrolRefused("公開鍵（age1…）の形式が正しくありません。") from None
    if not wrapped.startswith(AGE_SCRYPT_HEADER) or len(wrapped) > MAX_WRAPPED_BYTES:
        raise EnrolRefused("秘密鍵はパスフレーズで暗号化（age scrypt）して送ってください。")
    if scrypt_work_factor(wrapped) not in SCRYPT_WORK_FACTORS:
        low, high = SCRYPT_WORK_FACTORS.start, SCRYPT_WORK_FACTORS.stop - 1
        raise EnrolRefused("秘密鍵の暗号化の強さ（scrypt の作業係数）が、この画面で開ける範囲"
                           f"（{low}〜{high}）にありません。")


def scrypt_work_factor(wrapped: bytes) -> int | None:
    """The log2 N of a passphrase-wrapped age file's scrypt stanza; None if unreadable."""
    line = wrapped[len(b"age-encryption.org/v1\n"):].split(b"\n", 1)[0].split(b" ")
    if len(line) != 4 or not line[3].isdigit():
        return None
    return int(line[3])


def enrol(
    store: Store,
    token: str,
    *,
    verifier: bytes,
    recipient: str,
    wrapped_identity: bytes,
    code: str,
    now: float,
) -> Account:
    """Finish an enrolment: the code proves the authenticator app holds the secret."""
    account = pending(store, token, now)
    if account is None or account.totp_secret is None:
        raise EnrolRefused("この登録用リンクは使えません（使用済みか期限切れです）。")
    check_identity(recipient, wrapped_identity)
    step = factors.totp_step(account.totp_secret, code, 0, now)
    if step is None:
        raise EnrolRefused(
            "確認コードが正しくありません。認証アプリの6桁の数字を入力してください。"
        )
    salt = factors.new_salt()
    with store.connect() as db:
        db.execute(
            "UPDATE people SET state = ?, verifier_salt = ?, verifier_hash = ?,"
            " totp_counter = ?, recipient = ?, wrapped_identity = ?, enrol_token = NULL,"
            " enrol_expires = NULL, enrolled_at = ?, failures = 0, locked = 0"
            " WHERE name = ? AND state = ?",
            (AccountState.ACTIVE.value, salt, factors.hash_verifier(verifier, salt), step,
             recipient, wrapped_identity, now, account.name, AccountState.ENROLLING.value),
        )
    enrolled = get(store, account.name)
    assert enrolled is not None
    return enrolled


# Login --------------------------------------------------------------------------------


class Outcome(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    """Passphrase or code wrong; the account is not locked (yet)."""
    LOCKED_NOW = "locked_now"
    """This failure locked the account."""
    LOCKED = "locked"
    NOT_ACTIVE = "not_active"
    """Disabled, or not enrolled yet."""
    UNKNOWN = "unknown"


def login_salt(store: Store, name: str) -> bytes:
    """The salt the browser derives `name`'s verifier with (a stand-in for unknown names)."""
    account = get(store, name) if NAME.match(name) else None
    if account is None or account.state is not AccountState.ACTIVE:
        return factors.standin_salt(store.station_key(), name)
    return account.login_salt


def login(
    store: Store,
    name: str,
    verifier: bytes,
    code: str,
    now: float,
    limit: int = LOCKOUT_FAILURES,
) -> Outcome:
    """Check both factors; count a failure, and lock after `limit` in a row."""
    with store.connect() as db:
        row = db.execute("SELECT * FROM people WHERE name = ?", (name,)).fetchone()
        if row is None or row["verifier_hash"] is None:
            # The same work as for a real account, so the answer's time tells nothing.
            factors.hash_verifier(verifier, b"\0" * factors.SALT_BYTES)
            return Outcome.UNKNOWN if row is None else Outcome.NOT_ACTIVE
        if row["state"] != AccountState.ACTIVE.value:
            return Outcome.NOT_ACTIVE
        if row["locked"]:
            return Outcome.LOCKED
        passphrase_ok = factors.verifier_matches(
            verifier, bytes(row["verifier_salt"]), bytes(row["verifier_hash"])
        )
        step = factors.totp_step(row["totp_secret"], code, row["totp_counter"], now)
        if passphrase_ok and step is not None:
            db.execute(
                "UPDATE people SET failures = 0, totp_counter = ?, last_login = ? WHERE name = ?",
                (step, now, name),
            )
            return Outcome.OK
        failures = row["failures"] + 1
        locked = locks_after(failures, limit)
        db.execute(
            "UPDATE people SET failures = ?, locked = ? WHERE name = ?",
            (failures, int(locked), name),
        )
        return Outcome.LOCKED_NOW if locked else Outcome.WRONG
