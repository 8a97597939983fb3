"""Faults: a claim across file systems killed at each of its steps loses nothing and
claims nothing twice (issue #12 item 2).

The spool is on a tmpfs the test mounts itself, the hot folders on the disk, so every
claim is a copy. The real service (embedded transport) is started with an observer of the
claim's steps that sends the process SIGKILL at one of them; then it is started again
normally, and the fault checker accounts for every scan.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import (
    ROOT,
    Deployment,
    Samples,
    assert_accounted,
    settled,
    sha256,
    wait_for,
)

from daemon.intake.intent import STAGED_PREFIX, STEPS

# The service, with a kill -9 of itself when the claim reaches the step in argv[1].
CRASH_AT = """
import os, signal, sys
from daemon.cli import main
from daemon.intake import intent
step = sys.argv[1]
intent.step_observers.append(
    lambda reached: os.kill(os.getpid(), signal.SIGKILL) if reached == step else None
)
sys.exit(main(sys.argv[2:]))
"""


@pytest.fixture
def split(tmp_path: Path) -> Iterator[Deployment]:
    """An embedded deployment whose spool is a tmpfs of its own."""
    dep = Deployment(tmp_path / "yomitori", "embedded")
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256m,mode=0700", "tmpfs", str(dep.spool)],
        check=True,
    )
    try:
        assert dep.spool.stat().st_dev != dep.hot("kodomo").stat().st_dev
        yield dep
    finally:
        dep.stop()
        subprocess.run(["umount", "-l", str(dep.spool)], check=True)


def start_crashing_at(dep: Deployment, step: str) -> subprocess.Popen[bytes]:
    log = dep.root / f"service-{len(dep.logs)}.log"
    dep.logs.append(log)
    process = subprocess.Popen(
        [sys.executable, "-c", CRASH_AT, step, "run", "-c", str(dep.config)],
        cwd=ROOT,
        env=dep.env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    dep.processes.append(process)
    return process


def staged(dep: Deployment) -> list[Path]:
    return [p for p in dep.hot("kodomo").iterdir() if p.name.startswith(STAGED_PREFIX)]


@pytest.mark.parametrize("step", STEPS)
def test_a_cross_device_claim_killed_at_any_step_is_delivered_exactly_once(
    split: Deployment, samples: Samples, step: str
) -> None:
    dep = split
    scan = samples[0] / "notice.bmp"
    service = start_crashing_at(dep, step)
    wait_for(lambda: "ready" in dep.log_text(), 120, "the service to start")
    dep.drop(scan, "kodomo", "山田太郎_健診.bmp")
    assert service.wait(120) == -signal.SIGKILL, dep.log_text()

    # What the crash left: the scan is either still (or again) in the hot folder, under its
    # own name or the job's hidden name, or whole in the spool.
    [orphan] = dep.spool_jobs()
    assert not (orphan / "job.json").exists()
    hidden = bool(staged(dep))
    named = (dep.hot("kodomo") / "山田太郎_健診.bmp").exists()
    in_spool = (orphan / "source").exists()
    assert (named, hidden, in_spool) == {
        "claim.intent": (True, False, False),
        "claim.staged": (False, True, False),
        "claim.copying": (False, True, False),
        "claim.copied": (False, True, False),
        "claim.renamed": (False, True, True),
        "claim.unlinked": (False, False, True),
    }[step]

    dep.start()
    wait_for(lambda: settled(dep, 1), 240, "the scan to be delivered after the restart")
    assert not staged(dep)
    assert_accounted(dep, {sha256(scan): "kodomo"})


def test_many_scans_across_file_systems_each_become_one_bundle(
    split: Deployment, samples: Samples
) -> None:
    """The copy path under load: several departments, several scans, no crash."""
    dep = split
    dep.start()
    wait_for(lambda: "ready" in dep.log_text(), 120, "the service to start")
    sources = {}
    for index, name in enumerate(("notice.png", "notice.jpg", "notice.bmp", "notice.pdf")):
        dept = ("kodomo", "kokuho")[index % 2]
        target = dep.hot(dept) / f"scan-{index}{Path(name).suffix}"
        shutil.copyfile(samples[0] / name, target)
        sources[sha256(target)] = dept
    wait_for(lambda: settled(dep, len(sources)), 300, "every scan to be delivered")
    assert_accounted(dep, sources)
