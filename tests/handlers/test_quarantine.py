"""The quarantine: a job that cannot be read goes there with its source under a neutral
name and a report that says why; a refused entry goes there unopened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from daemon.bus import DEAD, DONE, Delivery
from daemon.deployment import init
from daemon.errors import YomitoriError
from daemon.intake.claim import claim, claim_refused
from daemon.ledger.keys import open_ledger
from daemon.ops.checks import load_checked
from daemon.settings import Settings
from daemon.spool import DELIVERED, Spool, SpoolJob, utcnow
from handlers.quarantine import ADVICE, Quarantine, release

PNG = b"\x89PNG\r\n\x1a\n" + b"rest of a damaged image"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    init(tmp_path / "d", ["kodomo"])
    return load_checked(tmp_path / "d" / "yomitori.toml")


def quarantine(settings: Settings) -> Quarantine:
    return Quarantine(Spool(settings.paths.spool), settings.paths.quarantine, open_ledger(settings))


def test_a_failed_job_is_kept_with_its_reason_and_attempts(
    settings: Settings, tmp_path: Path
) -> None:
    spool = Spool(settings.paths.spool)
    scan = tmp_path / "山田太郎_健診.png"
    scan.write_bytes(PNG)
    manifest = claim("kodomo", scan, spool, detected_at="2026-11-26T00:00:00Z")
    job = spool.job(manifest.job_id)
    job.record_attempt(1, "the image is damaged (cannot decode)", "refused")
    keeper = quarantine(settings)
    keeper(Delivery(DEAD, {"job_id": job.job_id}, 1))

    folder = settings.paths.quarantine / "kodomo" / job.job_id
    assert sorted(p.name for p in folder.iterdir()) == ["error.json", "source.png"]
    assert (folder / "source.png").read_bytes() == PNG
    report = json.loads((folder / "error.json").read_text("utf-8"))
    assert report["reason"] == "the image is damaged (cannot decode)"
    assert [a["attempt"] for a in report["attempts"]] == [1]
    assert report["source"] == {"sha256": manifest.sha256, "bytes": len(PNG), "file": "source.png"}
    assert report["what_to_do"] == ADVICE
    assert "山田" not in json.dumps(report, ensure_ascii=False)
    assert not job.folder.exists()
    events = [r.event for r in keeper.ledger.records() if r.job_id == job.job_id]
    assert events == ["claimed", "quarantined"]

    keeper(Delivery(DEAD, {"job_id": job.job_id}, 2))  # redelivered: nothing more happens
    assert [r.event for r in keeper.ledger.records() if r.job_id == job.job_id] == events


def test_a_refused_link_goes_unopened_and_cannot_be_released(
    settings: Settings, tmp_path: Path
) -> None:
    target = tmp_path / "secret.txt"
    target.write_bytes(b"not for the scanner")
    link = settings.departments["kodomo"].hot_folders[0] / "scan.png"
    link.symlink_to(target)
    spool = Spool(settings.paths.spool)
    manifest = claim_refused("kodomo", link, spool, "2026-11-26T00:00:00Z", "symlink")
    assert manifest is not None and manifest.sha256 == ""
    keeper = quarantine(settings)
    folder = keeper.admit(spool.job(manifest.job_id))

    assert (folder / "source").is_symlink()  # moved as a name, never read
    report = json.loads((folder / "error.json").read_text("utf-8"))
    assert report["reason"].startswith("refused: a symbolic link")
    assert target.read_bytes() == b"not for the scanner"
    with pytest.raises(YomitoriError, match="refused unread"):
        release(spool, settings.paths.quarantine, keeper.ledger, manifest.job_id)
    assert target.read_bytes() == b"not for the scanner"


def claimed(settings: Settings, tmp_path: Path) -> SpoolJob:
    spool = Spool(settings.paths.spool)
    scan = tmp_path / "scan.png"
    scan.write_bytes(PNG)
    return spool.job(claim("kodomo", scan, spool, detected_at=utcnow()).job_id)


def test_a_scan_that_crashed_its_reader_is_kept_with_that_reason(
    settings: Settings, tmp_path: Path
) -> None:
    job = claimed(settings, tmp_path)
    job.record_start(1)
    job.record_start(2)  # both attempts ended the process
    keeper = quarantine(settings)
    keeper(Delivery(DEAD, {"job_id": job.job_id}, 1))
    [report_path] = settings.paths.quarantine.glob("kodomo/*/error.json")
    reason = json.loads(report_path.read_text("utf-8"))["reason"]
    assert "ended without finishing 2 time(s)" in reason


def test_a_delivered_job_goes_back_to_the_janitor_never_to_the_quarantine(
    settings: Settings, tmp_path: Path
) -> None:
    job = claimed(settings, tmp_path)
    job.mark(DELIVERED, {"bundle": f"{job.job_id}.age"})
    sent: list[tuple[str, dict[str, str]]] = []
    keeper = Quarantine(Spool(settings.paths.spool), settings.paths.quarantine,
                        open_ledger(settings), lambda q, b: sent.append((q, b)))
    keeper(Delivery(DEAD, {"job_id": job.job_id}, 1))
    assert sent == [(DONE, {"job_id": job.job_id})]
    assert job.exists() and not list(settings.paths.quarantine.rglob("error.json"))
    assert [r.event for r in keeper.ledger.records() if r.job_id == job.job_id] == []


def test_a_job_without_its_source_that_the_ledger_records_as_wiped_is_finished(
    settings: Settings, tmp_path: Path
) -> None:
    job = claimed(settings, tmp_path)
    keeper = quarantine(settings)
    keeper.ledger.append("wiped", job_id=job.job_id, department="kodomo", role="janitor")
    job.source.unlink()  # what an interrupted wipe of an earlier version left
    keeper(Delivery(DEAD, {"job_id": job.job_id}, 1))
    assert list(settings.paths.spool.iterdir()) == []
    assert not list(settings.paths.quarantine.rglob("error.json"))
    events = [r.event for r in keeper.ledger.records() if r.job_id == job.job_id]
    assert "quarantined" not in events
