"""Fault injection: the ledger's disk fills up while scans flow, then is freed (issue #12,
item 1). The service keeps running, no line is torn, and in the end every scan is
delivered exactly once with its receipts, and the ledger verifies.

The ledger folder is a small tmpfs that the test mounts itself (it runs as root).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    Deployment,
    Samples,
    assert_accounted,
    fill_disk,
    ledger_records,
    settled,
    sha256,
    small_tmpfs,
    wait_for,
)
from PIL import Image


def variants(folder: Path, target: Path, count: int) -> list[Path]:
    """`count` different scans (one pixel apart), so each has its own SHA-256."""
    target.mkdir()
    made = []
    with Image.open(folder / "notice.png") as image:
        for i in range(count):
            copy = image.convert("L")
            copy.putpixel((i, 0), 0)
            path = target / f"scan-{i}.png"
            copy.save(path, dpi=(300, 300))
            made.append(path)
    return made


def alive(dep: Deployment) -> bool:
    return all(process.poll() is None for process in dep.processes)


@pytest.mark.parametrize("deployment", ["embedded"], indirect=True)
def test_a_full_ledger_disk_delays_receipts_and_loses_nothing(
    deployment: Deployment, samples: Samples, tmp_path: Path
) -> None:
    dep = deployment
    scans = variants(samples[0], tmp_path / "scans", 9)
    sources = {sha256(scan): "kodomo" if i % 2 else "kokuho" for i, scan in enumerate(scans)}
    depts = list(sources.values())
    with small_tmpfs(dep.root / "ledger", "256k") as ledger_dir:
        # 1. The service starts on a full ledger disk: it comes up and delivers.
        filler = fill_disk(ledger_dir)
        dep.start()
        wait_for(lambda: "config_loaded is recorded once it can be" in dep.log_text(), 90,
                 "the service to defer config_loaded")
        for scan, dept in zip(scans[:3], depts[:3], strict=True):
            dep.drop(scan, dept)
        wait_for(lambda: len(dep.bundles()) >= 3, 240, "bundles while the ledger is full")
        wait_for(lambda: "Cannot write to the ledger" in dep.log_text(), 60, "a refused append")
        assert alive(dep), dep.log_text()

        # 2. Space comes back: config_loaded is recorded without a restart.
        filler.unlink()
        wait_for(lambda: any(r["event"] == "config_loaded" for r in ledger_records(dep)), 120,
                 "config_loaded to be recorded once there is space")

        # 3. The disk fills again while scans flow.
        for scan, dept in zip(scans[3:], depts[3:], strict=True):
            dep.drop(scan, dept)
        wait_for(lambda: len(dep.bundles()) >= 4, 240, "the next scans to be read")
        filler = fill_disk(ledger_dir)
        wait_for(lambda: len(dep.bundles()) >= 9, 240, "every scan to reach its outbox")
        assert alive(dep), dep.log_text()
        assert not list(dep.quarantine.rglob("error.json")), "a full ledger quarantined a job"
        filler.unlink()

        # This branch's bus gives a `done` message a few quick retries and then drops it;
        # the restart's recovery announces those jobs again (a bus that retries
        # infrastructure failures later does it without the restart).
        dep.stop()
        dep.start()
        wait_for(lambda: settled(dep, len(sources)), 240, "every receipt to be written")
        dep.stop()
        assert_accounted(dep, sources)
        events = [r["event"] for r in ledger_records(dep)]
        assert events.count("wiped") == len(sources) and "ledger_repaired" not in events
