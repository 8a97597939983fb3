"""Job folders under systemd: each role is its own user, so a job folder and every file
in it must be open to the spool's group, whatever the umask (the units' is 0027)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pyrage
import pytest

from daemon.intake.claim import claim
from daemon.spool import ATTEMPTS, MANIFEST, PUBLISHED, Spool, utcnow
from handlers.bundle import BundleWriter, seal


@pytest.fixture
def strict_umask() -> Iterator[None]:
    old = os.umask(0o077)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_job_and_its_files_are_open_to_the_group_of_the_roles(
    tmp_path: Path, strict_umask: None
) -> None:
    spool = Spool(tmp_path / "spool")
    spool.create()
    hot = tmp_path / "hot"
    hot.mkdir()
    (hot / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    job = spool.job(claim("kodomo", hot / "scan.png", spool, utcnow()).job_id)
    job.mark(PUBLISHED)
    job.record_attempt(1, "the scan is damaged", "refused")
    with BundleWriter(job.folder / "bundle.zip") as bundle:
        bundle.add_bytes("text.txt", b"")
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    sealed = seal(job.folder / "bundle.zip", [recipient], outbox, "job.age")
    assert mode(job.folder) == 0o770
    for name in (MANIFEST, PUBLISHED, ATTEMPTS, "bundle.zip"):
        assert mode(job.folder / name) == 0o660, name
    assert mode(sealed) == 0o660
    assert mode(spool.root) == 0o700  # the spool itself stays closed
