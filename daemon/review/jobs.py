"""A job's review state in the account store, changed only through `rules.transition`.

`take` reads the state, asks the rules, runs the step's effect (writing a revision, the
hand-over to the janitor) and saves the new state in one store transaction, so two
people clicking at once cannot both claim a job.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from daemon.review.rules import Action, JobState, Person, Step, transition
from daemon.review.store import Store


def _read(db: sqlite3.Connection, job_id: str, department: str) -> JobState:
    row = db.execute("SELECT * FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
    if row is None:
        return JobState(job_id, department)
    return JobState(job_id, row["department"], Step(row["step"]), row["holder"], row["revisions"])


def state(store: Store, job_id: str, department: str) -> JobState:
    with store.connect() as db:
        return _read(db, job_id, department)


def states(store: Store, department: str) -> dict[str, JobState]:
    with store.connect() as db:
        rows = db.execute("SELECT * FROM jobs WHERE department = ?", (department,)).fetchall()
    return {
        row["job_id"]: JobState(
            row["job_id"], row["department"], Step(row["step"]), row["holder"], row["revisions"]
        )
        for row in rows
    }


def take(
    store: Store,
    person: Person,
    job_id: str,
    department: str,
    action: Action,
    now: float,
    effect: Callable[[JobState], JobState | None] | None = None,
) -> tuple[JobState, JobState]:
    """Apply `action`; returns the states before and after. `effect` may adjust the new
    state (a revision's number). `Refused` leaves all as it was, and so does an exception
    from `effect`."""
    with store.connect() as db:
        before = _read(db, job_id, department)
        after = transition(person, before, action)
        if effect is not None:
            after = effect(after) or after
        db.execute(
            "INSERT INTO jobs (job_id, department, step, holder, revisions, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(job_id) DO UPDATE SET step = excluded.step,"
            " holder = excluded.holder, revisions = excluded.revisions,"
            " updated_at = excluded.updated_at",
            (job_id, after.department, after.step.value, after.holder, after.revisions, now),
        )
    return before, after


def forget(store: Store, job_id: str) -> None:
    """Drop a job's state once its bundle is gone (wiped or expired)."""
    with store.connect() as db:
        db.execute("DELETE FROM jobs WHERE job_id = ?", (job_id,))
