"""The janitor: wipes overwrite a file's own data, never a link's target or another name's
data, and each job gets its receipts once however often `done` arrives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from daemon.bus import DONE, Delivery
from daemon.deployment import init
from daemon.errors import JobBusy
from daemon.ledger.keys import open_ledger
from daemon.ledger.verify import verify
from daemon.ops.checks import load_checked
from daemon.settings import Settings
from daemon.spool import DELIVERED, Spool, SpoolJob
from handlers import janitor as janitor_module
from handlers.janitor import METHOD, OTHER_NAMES, Janitor, Wipe, wipe_file, wipe_folder

SCAN = b"scanned page " * 1000


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    init(tmp_path / "d", ["kodomo"])
    return load_checked(tmp_path / "d" / "yomitori.toml")


def delivered_job(settings: Settings, tmp_path: Path) -> SpoolJob:
    """A job claimed and delivered, waiting for the janitor."""
    from daemon.intake.claim import claim
    from daemon.intake.hotfolder import HotFolder

    spool = Spool(settings.paths.spool)
    source = tmp_path / "hot.png"
    source.write_bytes(SCAN)
    folder = HotFolder("kodomo", tmp_path)
    manifest = claim(folder, source, spool, detected_at="2026-11-26T00:00:00Z")
    job = spool.job(manifest.job_id)
    job.record_start(1)
    job.mark(
        DELIVERED,
        {"bundle": f"{job.job_id}.age", "bundle_bytes": 99, "pages": 2,
         "forms": {"checkup-18m": 1}, "pii": ["name"], "flagged": 3},
    )
    return job


def done(job: SpoolJob, attempt: int = 1) -> Delivery:
    return Delivery(DONE, {"job_id": job.job_id}, attempt)


def test_a_wipe_overwrites_the_data_before_unlinking(tmp_path: Path) -> None:
    path = tmp_path / "source"
    path.write_bytes(SCAN)
    fd = os.open(path, os.O_RDONLY)  # still sees the inode after the unlink
    try:
        assert wipe_file(path) == Wipe(METHOD, len(SCAN))
        assert not path.exists()
        assert os.pread(fd, len(SCAN), 0) == bytes(len(SCAN))
    finally:
        os.close(fd)


def test_a_file_with_another_name_is_only_unlinked(tmp_path: Path) -> None:
    path, other = tmp_path / "source", tmp_path / "elsewhere"
    path.write_bytes(SCAN)
    os.link(path, other)
    assert wipe_file(path) == Wipe(OTHER_NAMES, len(SCAN))  # nothing was overwritten
    assert not path.exists() and other.read_bytes() == SCAN


def test_a_link_in_a_job_folder_is_unlinked_and_its_target_kept(tmp_path: Path) -> None:
    target = tmp_path / "precious"
    target.write_bytes(SCAN)
    folder = tmp_path / "job"
    folder.mkdir()
    (folder / "source").symlink_to(target)
    (folder / "job.json").write_bytes(b"{}")
    wipe_folder(folder, keep=("job.json",))
    assert [p.name for p in folder.iterdir()] == ["job.json"]
    assert target.read_bytes() == SCAN


def test_done_wipes_the_job_and_writes_each_receipt_once(
    settings: Settings, tmp_path: Path
) -> None:
    job = delivered_job(settings, tmp_path)
    ledger = open_ledger(settings)
    janitor = Janitor(Spool(settings.paths.spool), ledger)
    janitor(done(job))
    assert not job.folder.exists()
    janitor(done(job, attempt=2))  # redelivered after a crash: nothing more happens
    events = [r for r in ledger.records() if r.job_id == job.job_id]
    assert [r.event for r in events] == ["claimed", "delivered", "wiped"]
    assert events[1]["flagged"] == 3  # the count the review station's queue shows
    wiped = events[-1]
    assert wiped["method"] == METHOD
    assert wiped["subject"]["bytes"] == len(SCAN) and wiped["subject"]["pages"] == 2
    assert wiped["subject"]["forms"] == {"checkup-18m": 1}
    assert verify(settings.paths.ledger, settings.ledger.fingerprints).ok


class Killed(BaseException):
    """Stands for the process dying: nothing after it runs (but the kernel drops locks)."""


@pytest.mark.parametrize("at", [None, "source", "attempts.jsonl", "delivered.json",
                                "job.json", ".lock"])
def test_a_wipe_cut_anywhere_is_finished_with_exactly_one_receipt(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: str | None
) -> None:
    """Killed right after the tombstone rename (None) or while wiping `at`: the job is
    never taken for unfinished again, and recovery finishes it with one receipt."""
    job = delivered_job(settings, tmp_path)
    spool = Spool(settings.paths.spool)
    ledger = open_ledger(settings)
    janitor = Janitor(spool, ledger)

    def dies(path: Path) -> Wipe:
        if at is None or path.name == at:
            raise Killed
        return wipe_file(path)

    monkeypatch.setattr(janitor_module, "wipe_file", dies)
    with pytest.raises(Killed):
        janitor(done(job))
    monkeypatch.setattr(janitor_module, "wipe_file", wipe_file)
    assert not job.folder.exists()
    assert list(spool.jobs()) == [] and list(spool.orphans()) == []
    assert [t.job_id for t in spool.tombstones()] == [job.job_id]
    receipts = [r.event for r in ledger.records() if r.job_id == job.job_id].count("wiped")
    assert receipts == (1 if at in ("delivered.json", "job.json", ".lock") else 0)

    janitor.recover()
    janitor(done(job, attempt=2))  # and the `done` redelivered after the restart
    assert list(settings.paths.spool.iterdir()) == []
    events = [r.event for r in ledger.records() if r.job_id == job.job_id]
    assert events == ["claimed", "delivered", "wiped"]
    assert verify(settings.paths.ledger, settings.ledger.fingerprints).ok


def test_done_for_a_job_another_worker_holds_waits(settings: Settings, tmp_path: Path) -> None:
    job = delivered_job(settings, tmp_path)
    janitor = Janitor(Spool(settings.paths.spool), open_ledger(settings))
    with job.lock(), pytest.raises(JobBusy):
        janitor(done(job))
    assert job.exists()
    janitor(done(job))
    assert not job.folder.exists()
