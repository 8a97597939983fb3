"""Retention wipes what nobody took, and quarantined scans can be released."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from daemon.cli import main
from daemon.deployment import init
from daemon.errors import LedgerError
from daemon.ledger.keys import open_ledger
from daemon.ledger.verify import verify
from daemon.ops.checks import load_checked
from daemon.settings import Settings
from daemon.spool import Spool, new_job_id
from handlers.retention import DAY, Retention


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    init(tmp_path / "d", ["kodomo", "kokuho"])
    return load_checked(tmp_path / "d" / "yomitori.toml")


def age_file(path: Path, days: float) -> None:
    then = time.time() - days * DAY
    os.utime(path, (then, then), follow_symlinks=False)


def quarantined(settings: Settings, dept: str, days: float, source: bytes = b"%PDF-") -> Path:
    folder = settings.paths.quarantine / dept / new_job_id()
    folder.mkdir(parents=True)
    (folder / "source.pdf").write_bytes(source)
    report = {"reason": "damaged", "source": {"sha256": "ab" * 32, "bytes": len(source)}}
    (folder / "error.json").write_text(json.dumps(report))
    age_file(folder / "error.json", days)  # it dates the job
    age_file(folder, days)
    return folder


def test_sweep_wipes_only_what_is_past_retention(settings: Settings) -> None:
    outbox = settings.departments["kodomo"].outbox
    old, fresh = outbox / f"{new_job_id()}.age", outbox / f"{new_job_id()}.age"
    foreign = outbox / "department-notes.age"  # not ours: never touched
    for path in (old, fresh, foreign):
        path.write_bytes(b"age-encryption.org/v1 ...")
    age_file(old, 15)
    age_file(foreign, 400)
    stale = quarantined(settings, "kokuho", 31)
    recent = quarantined(settings, "kokuho", 2)
    ledger = open_ledger(settings)

    assert Retention(settings, ledger).sweep() == 2
    assert not old.exists() and fresh.exists() and foreign.exists()
    assert not stale.exists() and recent.exists()
    expired = [r for r in ledger.records() if r["event"] == "expired"]
    assert sorted(r["what"] for r in expired) == ["bundle", "quarantine"]
    assert all(r["method"] == "overwritten once and unlinked" for r in expired)
    assert verify(settings.paths.ledger, settings.ledger.fingerprints).ok


def test_release_puts_a_quarantined_scan_back_as_a_new_job(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = quarantined(settings, "kodomo", 1, source=b"%PDF-1.4 scan")
    config = tmp_path / "d" / "yomitori.toml"
    assert main(["quarantine", "release", folder.name, "-c", str(config)]) == 0
    assert folder.name in capsys.readouterr().out
    assert not folder.exists()
    [job] = list(Spool(settings.paths.spool).jobs())
    manifest = job.manifest()
    assert manifest.department == "kodomo" and job.source.read_bytes() == b"%PDF-1.4 scan"
    assert manifest.job_id != folder.name
    released = [r for r in open_ledger(settings).records() if r["event"] == "released"]
    assert released[0]["job_id"] == folder.name and released[0]["new_job_id"] == manifest.job_id
    assert main(["quarantine", "release", folder.name, "-c", str(config)]) == 1


def test_rotate_key_keeps_the_ledger_verifiable_once_the_new_key_is_pinned(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "d" / "yomitori.toml"
    open_ledger(settings).append("claimed", job_id="a")
    before = settings.paths.signing_key.read_bytes()
    assert main(["ledger", "rotate-key", "-c", str(config)]) == 0
    [new_pin] = [line.split()[-1] for line in capsys.readouterr().out.splitlines()
                 if line.startswith("new key fingerprint:")]
    assert settings.paths.signing_key.read_bytes() != before
    assert settings.paths.signing_key.stat().st_mode & 0o777 == 0o600
    # Until the new key is pinned, verification and the janitor name that step.
    assert main(["ledger", "verify", "-c", str(config)]) == 1
    assert f'add "{new_pin}" as entry 2 of [ledger] fingerprints' in capsys.readouterr().err
    with pytest.raises(LedgerError, match="not pinned"):
        open_ledger(settings, role="janitor")
    old_pin = settings.ledger.fingerprints[0]
    text = config.read_text("utf-8")
    config.write_text(text.replace(f'"{old_pin}"', f'"{old_pin}", "{new_pin}"'), "utf-8")
    settings.ledger.fingerprints.append(new_pin)
    open_ledger(settings, role="janitor").append("wiped", job_id="a")
    assert main(["ledger", "verify", "-c", str(config)]) == 0


def failures(what: str) -> float:
    return REGISTRY.get_sample_value("yomitori_retention_failures_total", {"what": what}) or 0.0


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[list[Path]]:
    """Files made immutable (chattr +i: not even root may delete them) for a test."""
    made: list[Path] = []
    yield made
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_one_item_that_cannot_be_wiped_does_not_stop_the_sweep(
    settings: Settings, tmp_path: Path, immutable: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    """Issue #11 item 5: a folder moved into the quarantine as a refused entry made every
    sweep fail with IsADirectoryError, so nothing was ever expired again."""
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"not in the quarantine")
    swapped = quarantined(settings, "kodomo", 31)  # a refused link, swapped for a folder
    (swapped / "source.pdf").unlink()
    (swapped / "source" / "deeper").mkdir(parents=True)
    (swapped / "source" / "山田太郎.pdf").write_bytes(b"%PDF- a scan inside")
    (swapped / "source" / "deeper" / "more.pdf").write_bytes(b"%PDF- another")
    (swapped / "source" / "link.pdf").symlink_to(outside)
    os.mkfifo(swapped / "source" / "pipe")
    age_file(swapped, 31)
    stuck = quarantined(settings, "kodomo", 40)
    subprocess.run(["chattr", "+i", str(stuck / "source.pdf")], check=True)
    immutable.append(stuck / "source.pdf")
    age_file(stuck, 40)
    plain = quarantined(settings, "kokuho", 35)
    bundle = settings.departments["kokuho"].outbox / f"{new_job_id()}.age"
    bundle.write_bytes(b"age-encryption.org/v1 ...")
    age_file(bundle, 20)
    ledger = open_ledger(settings)
    before = failures("quarantine")

    assert Retention(settings, ledger).sweep() == 3
    assert not swapped.exists() and not plain.exists() and not bundle.exists()
    assert stuck.exists() and outside.read_bytes() == b"not in the quarantine"
    assert failures("quarantine") == before + 1
    assert "retention could not wipe an expired quarantine (PermissionError EPERM)" in caplog.text
    assert "山田" not in caplog.text
    receipts = {r["job_id"]: r for r in ledger.records() if r["event"] == "expired"}
    assert receipts[swapped.name]["method"] == (
        "overwritten once and unlinked; unlinked, not overwritten (not a regular file)"
    )
    assert receipts[plain.name]["method"] == "overwritten once and unlinked"

    subprocess.run(["chattr", "-i", str(stuck / "source.pdf")], check=True)
    assert Retention(settings, ledger).sweep() == 1  # tried again at the next sweep
    assert not stuck.exists()
    assert verify(settings.paths.ledger, settings.ledger.fingerprints).ok
