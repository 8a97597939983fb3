"""The station's rules: who sees what, and which steps a job may take."""

from __future__ import annotations

import pytest

from daemon.review.rules import (
    Action,
    JobState,
    Person,
    Refused,
    Role,
    Step,
    locks_after,
    may_audit,
    may_release_quarantined,
    sees_quarantine,
    transition,
    works_on,
)

SATO = Person("sato", Role.REVIEWER, ("kodomo",))
SUZUKI = Person("suzuki", Role.REVIEWER, ("kodomo",))
LEAD = Person("kacho", Role.LEAD, ("kodomo",))
AUDITOR = Person("kansa", Role.AUDITOR, ("kodomo",))
OTHER = Person("yamada", Role.LEAD, ("kokuho",))
JOB = JobState("20261126T071016Z-1a2b3c4d5e6f", "kodomo")


def walk(person: Person, job: JobState, *actions: Action) -> JobState:
    for action in actions:
        job = transition(person, job, action)
    return job


def test_a_job_goes_from_waiting_to_completed_in_order() -> None:
    job = walk(SATO, JOB, Action.CLAIM)
    assert (job.step, job.holder) == (Step.CLAIMED, "sato")
    job = walk(SATO, job, Action.CORRECT, Action.CORRECT)
    assert (job.step, job.revisions) == (Step.CORRECTED, 2)
    job = walk(SATO, job, Action.APPROVE, Action.DOWNLOAD, Action.DOWNLOAD, Action.COMPLETE)
    assert job.step is Step.COMPLETED


@pytest.mark.parametrize(
    ("actions", "status"),
    [
        ((Action.APPROVE,), 409),                     # not claimed
        ((Action.CLAIM, Action.COMPLETE), 409),       # not downloaded
        ((Action.CLAIM, Action.DOWNLOAD), 409),       # not approved
        ((Action.CLAIM, Action.APPROVE, Action.CORRECT), 409),  # approved values are final
    ],
)
def test_steps_out_of_order_are_refused(actions: tuple[Action, ...], status: int) -> None:
    with pytest.raises(Refused) as refused:
        walk(SATO, JOB, *actions)
    assert refused.value.status == status


def test_two_people_never_hold_one_job() -> None:
    held = transition(SATO, JOB, Action.CLAIM)
    with pytest.raises(Refused) as refused:
        transition(SUZUKI, held, Action.CLAIM)
    assert refused.value.status == 409 and "sato" in refused.value.message
    with pytest.raises(Refused):
        transition(SUZUKI, held, Action.CORRECT)
    assert transition(SATO, held, Action.CLAIM) == held  # claiming again is harmless


def test_only_the_holder_or_a_lead_releases() -> None:
    held = walk(SATO, JOB, Action.CLAIM, Action.CORRECT)
    with pytest.raises(Refused) as refused:
        transition(SUZUKI, held, Action.RELEASE)
    assert refused.value.status == 403
    released = transition(LEAD, held, Action.RELEASE)
    assert (released.step, released.holder, released.revisions) == (Step.WAITING, None, 1)
    assert transition(SATO, held, Action.RELEASE).holder is None
    assert transition(SUZUKI, released, Action.CLAIM).holder == "suzuki"


@pytest.mark.parametrize("person", [OTHER, AUDITOR])
def test_another_department_and_auditors_get_not_found(person: Person) -> None:
    for action in Action:
        with pytest.raises(Refused) as refused:
            transition(person, JOB, action)
        assert refused.value.status == 404


def test_who_sees_what() -> None:
    assert works_on(SATO, "kodomo") and not works_on(SATO, "kokuho")
    assert not works_on(AUDITOR, "kodomo") and may_audit(AUDITOR) and not may_audit(LEAD)
    assert sees_quarantine(SATO, "kodomo") and not sees_quarantine(AUDITOR, "kodomo")
    assert may_release_quarantined(LEAD, "kodomo")
    assert not may_release_quarantined(SATO, "kodomo")
    assert not may_release_quarantined(OTHER, "kodomo")


def test_lockout_after_five_failures() -> None:
    assert not locks_after(4) and locks_after(5)
    assert locks_after(2, limit=2)
