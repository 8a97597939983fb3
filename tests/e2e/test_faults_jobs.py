"""Faults in how jobs move through the bus, the OCR consumer and the janitor, with the
real service: a full outbox, a janitor that cannot write the ledger, two OCR workers on
one job, a scan that crashes its worker, and a kill inside the wipe.

Each scenario is bounded in time, samples the spool and outboxes for plaintext while it
runs (`PlaintextWatch`), and ends with the fault checker (`assert_accounted`). Mounts
(tmpfs, bind) are made by the tests themselves, as root.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pika
import pytest
from helpers import (
    RABBITMQ_URL,
    Deployment,
    PlaintextWatch,
    Samples,
    assert_accounted,
    attempt_kinds,
    in_ocr,
    ledger_records,
    long_scan,
    settled,
    sha256,
    wait_for,
)

KIB = 1024


@contextlib.contextmanager
def mounted(*args: str) -> Iterator[None]:
    """`mount ARGS…` for the duration; the last argument is the mount point."""
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=30)
    try:
        yield
    finally:
        subprocess.run(["umount", args[-1]], check=False, capture_output=True, timeout=30)


def remount(point: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(point)], check=True, timeout=30)


def free_bytes(path: Path) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def fill(disk: Path, leave: int) -> Path:
    """Take the space of the file system at `disk` but `leave` bytes (a file outside any
    outbox, so it is no result)."""
    filler = disk / "filler"
    filler.unlink(missing_ok=True)
    size = free_bytes(disk) - leave
    with filler.open("wb") as fh:
        os.posix_fallocate(fh.fileno(), 0, size)
    return filler


def attempt_errors(dep: Deployment) -> list[str]:
    errors = []
    for job in dep.spool_jobs():
        with contextlib.suppress(OSError):
            lines = (job / "attempts.jsonl").read_text("utf-8").splitlines()
            errors += [json.loads(line).get("error", "") for line in lines if line]
    return errors


def is_ready(log: Path) -> bool:
    return '"message": "ready"' in log.read_text("utf-8", "replace")


def assert_quiet(dep: Deployment) -> None:
    """No ERROR from a clean stop (the watchdog emitter's among them)."""
    assert "InotifyEmitter" not in dep.log_text()


def test_a_full_outbox_delays_jobs_and_each_is_delivered_once_after_space_returns(
    deployment: Deployment, samples: Samples, tmp_path: Path
) -> None:
    """Too little space: no OCR time is spent; space that runs out while writing: the
    part file goes; nothing is quarantined, and every job is delivered once space returns."""
    folder, _ = samples
    dep = deployment
    disk = tmp_path / "disk"
    disk.mkdir()
    outbox = dep.outbox("kodomo")
    names = ["notice.png", "notice.jpg", "notice.pdf"]
    sources = {sha256(folder / name): "kodomo" for name in names}
    with mounted("-t", "tmpfs", "-o", "size=4m", "yomitori-test", str(disk)):
        (disk / "outbox").mkdir()
        with mounted("--bind", str(disk / "outbox"), str(outbox)):
            try:
                filler = fill(disk, leave=8 * KIB)
                dep.start(env={"YOMITORI_OCR__MIN_FREE_BYTES": str(16 * KIB)})
                with PlaintextWatch(dep) as watch:
                    for name in names:
                        dep.drop(folder / name, "kodomo")
                    wait_for(lambda: attempt_kinds(dep).count("infrastructure") >= 6, 120,
                             "every job to wait on the outbox")
                    assert "started" not in attempt_kinds(dep)  # no OCR time spent
                    assert any("ocr.min_free_bytes" in e for e in attempt_errors(dep))

                    # Enough for the check, too little for a bundle (about 57 kB).
                    filler = fill(disk, leave=32 * KIB)
                    wait_for(lambda: any("No space left" in e for e in attempt_errors(dep)),
                             120, "a bundle to run out of space while written")
                    assert not list(dep.quarantine.rglob("error.json"))

                    filler.unlink()
                    wait_for(lambda: settled(dep, len(sources)), 180, "every job to be delivered")
                assert watch.seen == []
                assert not [p for p in outbox.iterdir() if p.name.endswith(".part")]
                assert_accounted(dep, sources)
            finally:
                dep.stop()
    assert_quiet(dep)


@pytest.mark.parametrize("deployment", ["rabbitmq"], indirect=True)
def test_a_janitor_that_cannot_write_the_ledger_catches_up_once_it_can(
    deployment: Deployment, samples: Samples
) -> None:
    """The ledger's file system turns read-only under a running janitor: bundles are
    delivered, sources wait (nothing dropped, nothing quarantined) past the delivery
    limit, and everything is wiped with one receipt each once the ledger is writable."""
    folder, _ = samples
    dep = deployment
    ledger = dep.root / "ledger"
    names = ["notice.png", "notice.jpg", "notice.pdf"]
    sources = {sha256(folder / name): "kodomo" for name in names}
    # Mode 0750, as `yomitori init` makes it: a tmpfs's own 1777 would stop the start
    # (`yomitori check`: a ledger open to every user).
    with mounted("-t", "tmpfs", "-o", "size=8m,mode=0750", "yomitori-test", str(ledger)):
        try:
            for role in ("janitor", "watcher", "ocr"):
                dep.start("--role", role)
            for log in dep.logs:
                wait_for(partial(is_ready, log), 90, f"{log.name} to be ready")
            remount(ledger, "ro")
            janitor_log = dep.logs[0]
            with PlaintextWatch(dep) as watch:
                for name in names:
                    dep.drop(folder / name, "kodomo")
                wait_for(lambda: len(dep.bundles()) == len(names), 180, "every bundle")

                def retries() -> int:
                    return janitor_log.read_text("utf-8", "replace").count("trying again")

                # An unwritable ledger is the installation's fault: each job's `done` waits
                # with growing delays and no attempt limit, and is never dead-lettered.
                wait_for(lambda: retries() >= 2 * len(names), 120, "the janitor to retry")
                text = janitor_log.read_text("utf-8")
                assert "infrastructure: trying again" in text and "no retries left" not in text
                assert len(dep.spool_jobs()) == len(names)
                status = dep.cli("status", "-c", str(dep.config), check=False)
                assert f"{len(names)} delivered, not wiped" in status.stdout, status.stdout

                remount(ledger, "rw")
                wait_for(lambda: settled(dep, len(names)), 120, "the sources to be wiped")
            assert watch.seen == []
            assert not list(dep.quarantine.rglob("error.json"))
            assert_accounted(dep, sources)
        finally:
            dep.stop()
    assert_quiet(dep)


@pytest.mark.parametrize("deployment", ["rabbitmq"], indirect=True)
def test_lost_done_messages_strand_nothing(deployment: Deployment, samples: Samples) -> None:
    """The `done` messages of delivered jobs are lost (purged while no janitor runs): the
    watcher announces every delivered job again when it starts, and all are wiped."""
    folder, _ = samples
    dep = deployment
    names = ["notice.png", "notice.jpg"]
    watcher = dep.start("--role", "watcher")
    dep.start("--role", "ocr")
    with PlaintextWatch(dep) as watch:
        for name in names:
            dep.drop(folder / name, "kodomo")
        wait_for(lambda: len(dep.bundles()) == len(names), 180, "every bundle")
        wait_for(lambda: all((job / "delivered.json").exists() for job in dep.spool_jobs()),
                 30, "the deliveries to be recorded")
        connection = pika.BlockingConnection(pika.URLParameters(RABBITMQ_URL))
        try:
            connection.channel().queue_purge(f"{dep.env['YOMITORI_BROKER__PREFIX']}.done")
        finally:
            connection.close()
        watcher.terminate()
        watcher.wait(60)
        dep.start("--role", "janitor")
        dep.start("--role", "watcher")
        wait_for(lambda: settled(dep, len(names)), 120, "the delivered jobs to be wiped")
    assert watch.seen == []
    assert_accounted(dep, {sha256(folder / name): "kodomo" for name in names})
    dep.stop()
    assert_quiet(dep)


@pytest.mark.parametrize("deployment", ["rabbitmq"], indirect=True)
def test_two_ocr_workers_given_the_same_job_deliver_one_bundle(
    deployment: Deployment, samples: Samples, tmp_path: Path
) -> None:
    """The job's message is delivered again while it is read (as after a connection drop):
    the second OCR process finds the job locked, waits, and then only announces `done`."""
    folder, _ = samples
    dep = deployment
    scan = long_scan(folder, tmp_path / "long.tif", pages=6)
    for role in ("watcher", "janitor", "ocr", "ocr"):
        dep.start("--role", role)
    for log in dep.logs:
        wait_for(partial(is_ready, log), 90, f"{log.name} to be ready")
    with PlaintextWatch(dep) as watch:
        dep.drop(scan, "kodomo")
        wait_for(lambda: in_ocr(dep), 60, "OCR to start")
        [job] = dep.spool_jobs()
        manifest = json.loads((job / "job.json").read_text())
        connection = pika.BlockingConnection(pika.URLParameters(RABBITMQ_URL))
        try:
            connection.channel().basic_publish(
                "",
                f"{dep.env['YOMITORI_BROKER__PREFIX']}.ocr",
                json.dumps({"job_id": job.name, "department": "kodomo",
                            "sha256": manifest["sha256"]}).encode(),
                pika.BasicProperties(delivery_mode=2),
            )
        finally:
            connection.close()
        wait_for(lambda: settled(dep, 1), 240, "the job to be delivered")
    assert watch.seen == []
    ocr_logs = [log.read_text("utf-8") for log in dep.logs[2:]]
    assert sum("busy: trying again" in text for text in ocr_logs) == 1, ocr_logs
    assert sum(text.count("bundle delivered") for text in ocr_logs) == 1
    assert_accounted(dep, {sha256(scan): "kodomo"})
    dep.stop()
    assert_quiet(dep)


def test_a_scan_that_crashes_its_worker_is_quarantined_after_the_limit(
    deployment: Deployment, samples: Samples, tmp_path: Path
) -> None:
    """A decoder crash kills the process; restarted (as systemd does), the count goes on
    from the spool, and after the limit the scan is quarantined instead of crash-looping."""
    folder, _ = samples
    dep = deployment
    marker = "YOMITORI-TEST-CRASH"
    poison = tmp_path / "poison.png"
    poison.write_bytes((folder / "notice.png").read_bytes() + marker.encode())
    fault = f"crash-decoder:{marker}"
    env = {"YOMITORI_BROKER__DELIVERY_LIMIT": "1"}
    crashes = 0
    with PlaintextWatch(dep) as watch:
        dep.drop(poison, "kodomo")
        service = dep.start(env=env, fault=fault)

        def quarantined_or_restarted() -> bool:
            nonlocal service, crashes
            if service.poll() is not None:
                crashes += 1
                assert crashes <= 2, "the scan crash-loops"
                service = dep.start(env=env, fault=fault)
            return any(dep.quarantine.glob("kodomo/*/error.json"))

        wait_for(quarantined_or_restarted, 240, "the scan to be quarantined")
        assert crashes == 2
        good = dep.drop(folder / "notice.jpg", "kodomo")
        wait_for(lambda: settled(dep, 2), 120, "the next scan to be delivered")
    assert watch.seen == []
    [report_path] = dep.quarantine.glob("kodomo/*/error.json")
    report = json.loads(report_path.read_text("utf-8"))
    assert re.search(r"ended without finishing 2 time", report["reason"]), report["reason"]
    assert [a["kind"] for a in report["attempts"]] == ["started", "started"]
    assert_accounted(dep, {sha256(poison): "kodomo", sha256(folder / "notice.jpg"): "kodomo"})
    assert not good.exists()


@pytest.mark.parametrize("at", ["source", "job.json"])
def test_a_kill_inside_the_wipe_is_finished_after_the_restart(
    deployment: Deployment, samples: Samples, at: str
) -> None:
    """Killed while wiping `at` (before the receipt, or after it): after the restart the
    wipe is finished with one receipt, and nothing is taken for an unfinished job."""
    folder, _ = samples
    dep = deployment
    with PlaintextWatch(dep) as watch:
        dep.drop(folder / "notice.png", "kodomo")
        killed = dep.start(fault=f"kill-in-wipe:{at}")
        assert killed.wait(180) == -9, dep.log_text()
        assert [p.name.startswith(".wiping-") for p in dep.spool_jobs()] == [True]
        dep.start()
        wait_for(lambda: settled(dep, 1), 120, "the wipe to be finished")
    assert watch.seen == []
    assert not list(dep.quarantine.rglob("error.json"))
    assert [r["event"] for r in ledger_records(dep) if r.get("job_id")] == [
        "claimed", "delivered", "wiped"
    ]
    assert_accounted(dep, {sha256(folder / "notice.png"): "kodomo"})
    dep.stop()
    assert_quiet(dep)
