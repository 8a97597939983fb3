"""The spool's job records: the lasting attempt count, the per-job lock, tombstones that
no listing takes for an unfinished job, and the modes that let each role (its own user
under systemd) share a job folder through the spool's group, whatever the umask (the
units' is 0027)."""

from __future__ import annotations

import multiprocessing
import os
import stat
import subprocess
from collections.abc import Iterator
from multiprocessing.synchronize import Event
from pathlib import Path

import pyrage
import pytest

from daemon.errors import JobBusy
from daemon.intake.claim import CLAIM, claim
from daemon.intake.hotfolder import HotFolder
from daemon.spool import (
    ATTEMPTS,
    LOCK,
    MANIFEST,
    PUBLISHED,
    SOURCE,
    Spool,
    SpoolJob,
    counted,
    utcnow,
)
from handlers.bundle import BundleWriter


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


@pytest.fixture
def strict_umask() -> Iterator[None]:
    old = os.umask(0o077)
    yield
    os.umask(old)


@pytest.fixture
def other_fs(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs mounted for this test: another file system than the hot folder's."""
    mount = Path(os.path.realpath(tmp_path)) / "other-fs"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", str(mount)],
                   check=True)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("far", [False, True], ids=["renamed", "copied-across-file-systems"])
def test_a_job_and_its_files_are_open_to_the_group_of_the_roles(
    tmp_path: Path, request: pytest.FixtureRequest, strict_umask: None, far: bool
) -> None:
    root = Path(os.path.realpath(tmp_path))
    spool = Spool((request.getfixturevalue("other_fs") if far else root) / "spool")
    spool.create()
    hot = HotFolder("kodomo", root / "hot")
    hot.path.mkdir()
    (hot.path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (hot.path / "scan.png").chmod(0o660)  # as the department's share saves it
    job = spool.job(claim(hot, hot.path / "scan.png", spool, utcnow()).job_id)
    job.mark(PUBLISHED)
    job.record_start(1)
    job.record_attempt(1, "the scan is damaged", "refused")
    with job.lock() as here:
        assert here
    outbox = root / "outbox"
    outbox.mkdir()
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    with BundleWriter(outbox, "job.age", [recipient]) as bundle:
        bundle.add_bytes("text.txt", b"")
    assert mode(job.folder) == 0o770
    for name in (SOURCE, CLAIM, MANIFEST, PUBLISHED, ATTEMPTS, LOCK):
        assert mode(job.folder / name) == 0o660, name
    assert mode(bundle.path) == 0o660
    assert mode(spool.root) == 0o700  # the spool itself stays closed
