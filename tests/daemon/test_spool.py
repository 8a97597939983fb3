"""The spool's job records: the lasting attempt count, the per-job lock, and tombstones
that no listing takes for an unfinished job."""

from __future__ import annotations

import multiprocessing
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest

from daemon.errors import JobBusy
from daemon.spool import Spool, SpoolJob, counted


@pytest.fixture
def job(tmp_path: Path) -> SpoolJob:
    spool = Spool(tmp_path / "spool")
    spool.create()
    made = spool.new_job()
    (made.folder / "job.json").write_text("{}")
    return made


def test_attempts_count_starts_but_not_infrastructure_waits(job: SpoolJob) -> None:
    assert job.counted_attempts() == 0
    job.record_attempt(None, "the outbox is full", "infrastructure")  # before any start
    assert job.counted_attempts() == 0 and job.waiting_on() == "the outbox is full"
    job.record_start(1)
    assert job.counted_attempts() == 1 and job.waiting_on() is None  # running, or died
    job.record_attempt(1, "no space left", "infrastructure")  # ended on the outbox
    assert job.counted_attempts() == 0
    job.record_start(1)
    job.record_attempt(1, "unexpected KeyError", "failed")
    job.record_start(2)  # and the process died
    assert job.counted_attempts() == 2
    assert [line["kind"] for line in job.attempts()] == [
        "infrastructure", "started", "infrastructure", "started", "failed", "started"
    ]


def test_counting_is_plain_data() -> None:
    started, failed = {"kind": "started"}, {"kind": "failed", "error": "x"}
    waiting = {"kind": "infrastructure", "error": "y"}
    assert counted([]) == 0
    assert counted([started, waiting, waiting, started, failed, started]) == 2


def _hold(folder: str, ready: Event, done: Event) -> None:
    """In another process: hold the job's lock until told to let go."""
    with SpoolJob(Path(folder)).lock():
        ready.set()
        done.wait(30)


def test_the_lock_excludes_another_process_and_a_gone_folder_is_finished(
    job: SpoolJob,
) -> None:
    context = multiprocessing.get_context("spawn")
    ready, done = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(str(job.folder), ready, done))
    holder.start()
    try:
        assert ready.wait(30)
        with pytest.raises(JobBusy), job.lock():
            pass
    finally:
        done.set()
        holder.join(30)
    with job.lock() as here:
        assert here
    Spool(job.folder.parent).entomb(job)
    with job.lock() as here:
        assert not here  # the folder is gone: the job is finished


def test_a_tombstone_is_listed_as_such_and_never_as_a_job_or_an_orphan(job: SpoolJob) -> None:
    spool = Spool(job.folder.parent)
    tomb = spool.entomb(job)
    assert tomb.folder.name == f".wiping-{job.job_id}" and tomb.job_id == job.job_id
    assert list(spool.jobs()) == [] and list(spool.orphans()) == []
    assert [t.job_id for t in spool.tombstones()] == [job.job_id]
