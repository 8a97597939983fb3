"""The watcher's reconciliation: unconfirmed jobs are published again, and delivered jobs
are announced to the janitor again at start and whenever they wait too long, so no lost
`done` strands a job."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from daemon.bus import DONE, OCR, Bus, RetryPolicy
from daemon.deployment import init
from daemon.intake.claim import claim
from daemon.intake.hotfolder import HotFolder
from daemon.intake.watcher import Watcher
from daemon.ops.checks import load_checked
from daemon.settings import Settings
from daemon.spool import DELIVERED, PUBLISHED, STRANDED_SECONDS, Spool, SpoolJob, utcnow


class Recorder(Bus):
    """A bus that only records what is published."""

    def __init__(self, durable: bool) -> None:
        super().__init__(RetryPolicy())
        self.durable = durable
        self.sent: list[tuple[str, str]] = []

    def publish(self, queue: str, body: dict[str, Any]) -> None:
        self.sent.append((queue, body["job_id"]))

    def start(self) -> None: ...

    def stop(self, timeout: float = 30.0) -> None: ...

    def connected(self) -> bool:
        return True

    def alive(self) -> bool:
        return True


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    init(tmp_path / "d", ["kodomo"])
    return load_checked(tmp_path / "d" / "yomitori.toml")


def job(settings: Settings, name: str, delivered: bool) -> SpoolJob:
    scan = settings.departments["kodomo"].hot_folders[0] / name
    scan.write_bytes(b"%PDF-1.4 " + name.encode())
    spool = Spool(settings.paths.spool)
    hot = HotFolder("kodomo", settings.departments["kodomo"].hot_folders[0])
    made = spool.job(claim(hot, scan, spool, detected_at=utcnow()).job_id)
    made.mark(PUBLISHED)
    if delivered:
        made.mark(DELIVERED, {"delivered_at": utcnow()})
    return made


def test_delivered_jobs_are_announced_again_at_start_and_when_they_wait_too_long(
    settings: Settings,
) -> None:
    bus = Recorder(durable=True)
    watcher = Watcher(settings, Spool(settings.paths.spool), bus)
    reading = job(settings, "a.pdf", delivered=False)
    delivered = job(settings, "b.pdf", delivered=True)
    unconfirmed = job(settings, "c.pdf", delivered=False)
    (unconfirmed.folder / PUBLISHED).unlink()

    watcher.recover()
    assert sorted(bus.sent) == sorted([(DONE, delivered.job_id), (OCR, unconfirmed.job_id)])
    bus.sent.clear()

    now = time.time()
    watcher.reconcile(now)
    assert bus.sent == []  # announced a moment ago; the janitor is on it
    assert watcher.reannounce_seconds >= STRANDED_SECONDS
    watcher.reconcile(now + watcher.reannounce_seconds + 1)
    assert bus.sent == [(DONE, delivered.job_id)]
    assert reading.job_id not in {job_id for _, job_id in bus.sent}


def test_a_job_wiped_while_it_is_announced_is_skipped(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    bus = Recorder(durable=False)
    watcher = Watcher(settings, Spool(settings.paths.spool), bus)
    gone = job(settings, "a.pdf", delivered=True)
    kept = job(settings, "b.pdf", delivered=False)
    announce = watcher.announce

    def racing(target: SpoolJob) -> None:
        if target.job_id == gone.job_id:
            Spool(settings.paths.spool).entomb(target)  # the janitor got there first
        announce(target)

    monkeypatch.setattr(watcher, "announce", racing)
    watcher.recover()
    assert (OCR, kept.job_id) in bus.sent
    assert not os.path.exists(gone.folder)
