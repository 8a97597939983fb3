"""Claiming a file into the spool, and recovering claims a crash interrupted."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

from daemon.intake.claim import CLAIM, Refused, claim, recover_orphan
from daemon.spool import Spool, SpoolJob


@pytest.fixture
def spool(tmp_path: Path) -> Spool:
    made = Spool(tmp_path / "spool")
    made.create()
    return made


def scan(tmp_path: Path, name: str = "山田太郎.pdf", data: bytes = b"%PDF-1.4 fake") -> Path:
    hot = tmp_path / "hot"
    hot.mkdir(exist_ok=True)
    path = hot / name
    path.write_bytes(data)
    return path


def test_claim_moves_the_file_and_records_no_name(tmp_path: Path, spool: Spool) -> None:
    path = scan(tmp_path)
    manifest = claim("kodomo", path, spool, detected_at="2026-11-26T00:00:00Z")
    assert not path.exists()
    job = spool.job(manifest.job_id)
    assert job.source.read_bytes() == b"%PDF-1.4 fake"
    assert manifest.sha256 == hashlib.sha256(b"%PDF-1.4 fake").hexdigest()
    assert manifest.bytes == 13 and manifest.department == "kodomo"
    for entry in job.folder.iterdir():
        assert "山田" not in entry.read_text("utf-8", "replace")
        assert "山田" not in entry.name


def test_claim_across_file_systems_copies_verifies_and_unlinks(
    tmp_path: Path, spool: Spool, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_rename(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, "cross-device link")

    monkeypatch.setattr("os.rename", no_rename)
    path = scan(tmp_path, data=b"x" * 3_000_000)
    manifest = claim("kodomo", path, spool, detected_at="2026-11-26T00:00:00Z")
    assert not path.exists()
    assert spool.job(manifest.job_id).source.stat().st_size == 3_000_000


@pytest.mark.parametrize("kind", ["symlink", "hardlink", "fifo"])
def test_claim_refuses_links_and_special_files(tmp_path: Path, spool: Spool, kind: str) -> None:
    hot = tmp_path / "hot"
    hot.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("other data")
    entry = hot / "entry"
    if kind == "symlink":
        entry.symlink_to(outside)
    elif kind == "hardlink":
        os.link(outside, entry)
    else:
        os.mkfifo(entry)
    with pytest.raises(Refused):
        claim("kodomo", entry, spool, detected_at="t")
    assert outside.read_text() == "other data"
    assert not list(spool.root.iterdir())


def test_recovery_finishes_a_claim_interrupted_after_the_move(spool: Spool) -> None:
    job = spool.new_job()
    (job.folder / CLAIM).write_text(json.dumps({"department": "kokuho", "detected_at": "t"}))
    job.source.write_bytes(b"scan")
    manifest = recover_orphan(SpoolJob(job.folder))
    assert manifest is not None and manifest.department == "kokuho"
    assert [j.job_id for j in spool.jobs()] == [job.job_id]


def test_recovery_undoes_a_claim_interrupted_before_the_move(spool: Spool) -> None:
    job = spool.new_job()
    (job.folder / CLAIM).write_text(json.dumps({"department": "kokuho", "detected_at": "t"}))
    assert recover_orphan(SpoolJob(job.folder)) is None
    assert not job.folder.exists()
