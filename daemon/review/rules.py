"""The station's rules as plain functions over plain values: who may see what, and which
steps a job may take. The web layer asks these; it decides nothing itself.

A job's review state (`JobState`) moves

    waiting → claimed → corrected → approved → downloaded → completed

`claimed` and `corrected` are held by one person (two people never edit one job);
`release` (by the holder, or a lead of the department) puts it back to `waiting`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Role(StrEnum):
    REVIEWER = "reviewer"
    LEAD = "lead"
    AUDITOR = "auditor"


class AccountState(StrEnum):
    ENROLLING = "enrolling"
    """Added; the enrolment link has not been used yet."""
    ACTIVE = "active"
    DISABLED = "disabled"


class Step(StrEnum):
    WAITING = "waiting"
    CLAIMED = "claimed"
    CORRECTED = "corrected"
    APPROVED = "approved"
    DOWNLOADED = "downloaded"
    COMPLETED = "completed"


class Action(StrEnum):
    CLAIM = "claim"
    CORRECT = "correct"
    APPROVE = "approve"
    DOWNLOAD = "download"
    COMPLETE = "complete"
    RELEASE = "release"


LOCKOUT_FAILURES = 5
"""Failed logins in a row after which an account is locked."""


@dataclass(frozen=True)
class Person:
    """Who is asking: name, role and the departments whose work they do."""

    name: str
    role: Role
    departments: tuple[str, ...]
    state: AccountState = AccountState.ACTIVE
    locked: bool = False


@dataclass(frozen=True)
class JobState:
    """A job's review state: its step, who holds it, and how many revisions it has."""

    job_id: str
    department: str
    step: Step = Step.WAITING
    holder: str | None = None
    revisions: int = 0


class Refused(Exception):
    """A step the rules do not allow; `status` is the HTTP status, `message` is Japanese."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


NOT_FOUND = "お探しの案件は見つかりません。"


def may_log_in(person: Person) -> bool:
    return person.state is AccountState.ACTIVE and not person.locked


def locks_after(failures: int, limit: int = LOCKOUT_FAILURES) -> bool:
    """Whether `failures` failed logins in a row lock the account."""
    return failures >= limit


def works_on(person: Person, department: str) -> bool:
    """Reviewers and leads see the bundles of their own departments; auditors never."""
    return person.role in (Role.REVIEWER, Role.LEAD) and department in person.departments


def sees_quarantine(person: Person, department: str) -> bool:
    """The department's staff see its quarantine notices (which paper to rescan)."""
    return works_on(person, department)


def may_release_quarantined(person: Person, department: str) -> bool:
    return person.role is Role.LEAD and department in person.departments


def may_audit(person: Person) -> bool:
    return person.role is Role.AUDITOR


def may_manage_people(person: Person, department: str) -> bool:
    """A lead adds and disables reviewers of their own department."""
    return person.role is Role.LEAD and department in person.departments


NEXT: dict[Action, tuple[frozenset[Step], Step]] = {
    Action.CORRECT: (frozenset({Step.CLAIMED, Step.CORRECTED}), Step.CORRECTED),
    Action.APPROVE: (frozenset({Step.CLAIMED, Step.CORRECTED}), Step.APPROVED),
    Action.DOWNLOAD: (frozenset({Step.APPROVED, Step.DOWNLOADED}), Step.DOWNLOADED),
    Action.COMPLETE: (frozenset({Step.DOWNLOADED}), Step.COMPLETED),
}
"""For each step a holder takes: the steps it may start from, and where it leads."""

WRONG_STEP = {
    Action.CORRECT: "承認後の案件は修正できません。",
    Action.APPROVE: "この案件は承認できる状態ではありません。",
    Action.DOWNLOAD: "承認してからダウンロードしてください。",
    Action.COMPLETE: "ダウンロードしてから完了にしてください。",
}


def transition(person: Person, job: JobState, action: Action) -> JobState:
    """The job's state after `person` takes `action`; `Refused` when the rules say no.

    Another department's job is refused as not found (404), so its existence is not told.
    """
    if not works_on(person, job.department):
        raise Refused(404, NOT_FOUND)
    if job.step is Step.COMPLETED:
        raise Refused(404, NOT_FOUND)
    if action is Action.CLAIM:
        if job.holder not in (None, person.name):
            raise Refused(409, f"この案件は {job.holder} さんが確認中です。")
        step = Step.CLAIMED if job.step is Step.WAITING else job.step
        return replace(job, step=step, holder=person.name)
    if action is Action.RELEASE:
        if job.holder is None:
            raise Refused(409, "この案件は誰も確認していません。")
        if job.holder != person.name and person.role is not Role.LEAD:
            raise Refused(403, "他の人が確認中の案件を解除できるのは係長だけです。")
        return replace(job, step=Step.WAITING, holder=None)
    if job.holder != person.name:
        raise Refused(409, "先に「確認する」でこの案件を担当してください。")
    allowed, after = NEXT[action]
    if job.step not in allowed:
        raise Refused(409, WRONG_STEP[action])
    revisions = job.revisions + 1 if action is Action.CORRECT else job.revisions
    return replace(job, step=after, revisions=revisions)
