"""`yomitori status`: the backlog per department from the disk, the rest from the
processes' metrics endpoints, and a plain statement when the service is down."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, Gauge, Info, start_http_server

from daemon.deployment import init
from daemon.intake.claim import claim
from daemon.intake.hotfolder import HotFolder
from daemon.ledger.signing import load_or_create_signing_key
from daemon.ledger.writer import Ledger
from daemon.ops.status import (
    UNIT_ENDPOINTS,
    Process,
    endpoints,
    ours,
    scrape,
    status,
    summarise,
)
from daemon.settings import Settings, load_settings
from daemon.spool import DELIVERED, Spool, utcnow
from scripts.ports import free_port

JOB = "20261126T071016Z-1a2b3c4d5e6f"


@pytest.fixture
def deployment(tmp_path: Path) -> Settings:
    """kodomo: 1 file in the hot folder, 2 jobs in the spool, 2 bundles delivered today and
    1 yesterday; kokuho: 1 quarantined job."""
    root = tmp_path / "yomitori"
    init(root, ["kodomo", "kokuho"])
    settings = load_settings(root / "yomitori.toml")
    hot = root / "scan" / "kodomo"
    (hot / "waiting.pdf").write_bytes(b"%PDF-")
    old = time.time() - 600
    os.utime(hot / "waiting.pdf", (old, old))
    spool = Spool(settings.paths.spool)
    for name in ("a.pdf", "b.pdf"):
        (hot / name).write_bytes(name.encode())
        claim(HotFolder("kodomo", hot), hot / name, spool, detected_at=utcnow())
    report = root / "quarantine" / "kokuho" / JOB / "error.json"
    report.parent.mkdir(parents=True)
    report.write_text("{}")
    key, _ = load_or_create_signing_key(settings.paths.signing_key)
    ledger = Ledger(settings.paths.ledger, key)
    yesterday = datetime.now().astimezone() - timedelta(days=1)
    ledger.append("delivered", job_id="j0", department="kodomo", now=yesterday.astimezone(UTC))
    for job in ("j1", "j2"):
        ledger.append("delivered", job_id=job, department="kodomo")
    return settings


def ocr_process(in_flight: float = 1, healthy: float = 1, connected: float = 1) -> Process:
    return Process(
        "127.0.0.1:9471",
        {
            "yomitori_build_info": [({"role": "ocr", "version": "0.1.0"}, 1.0)],
            "yomitori_healthy": [({}, healthy)],
            "yomitori_broker_connected": [({}, connected)],
            "yomitori_queue_messages": [({"queue": "ocr"}, 3.0), ({"queue": "done"}, 0.0)],
            "yomitori_jobs_in_flight": [({"department": "kodomo"}, in_flight)],
        },
    )


def row(lines: list[str], department: str) -> list[str]:
    return next(line.split() for line in lines if line.startswith(department + " "))


def test_a_running_service_shows_work_per_department(deployment: Settings) -> None:
    summary = summarise(deployment, [ocr_process(), Process("127.0.0.1:9472")])
    text = "\n".join(summary.lines)
    assert "service    ocr 127.0.0.1:9471 ok" in text
    assert "9472" not in text  # instances that do not answer are not shown
    assert "broker     connected; queued: done 0 · ocr 3" in text
    assert "spool      2 jobs" in text
    assert f"ledger     key {deployment.ledger.fingerprints[0]}\n" in text
    # hot folder: 1 file, 10 minutes old; 2 claimed of which 1 is being read; 2 today.
    assert row(summary.lines, "kodomo") == ["kodomo", "1", "(10m)", "1", "1", "2", "0", "0"]
    assert row(summary.lines, "kokuho") == ["kokuho", "0", "0", "0", "0", "1", "(0s)", "0"]
    assert summary.problems == [
        f"kokuho: 1 quarantined; read {deployment.paths.quarantine}/kokuho/*/error.json"
    ]


def test_the_ledger_key_shown_is_the_last_pinned_and_no_pin_is_a_problem(
    deployment: Settings,
) -> None:
    first, later = deployment.ledger.fingerprints[0], "SHA256:" + "a" * 64
    deployment.ledger.fingerprints.append(later)
    summary = summarise(deployment, [ocr_process()])
    assert f"ledger     key {later} (after 1 key rotation)" in summary.lines
    assert first not in "\n".join(summary.lines)
    deployment.ledger.fingerprints.clear()
    summary = summarise(deployment, [ocr_process()])
    assert "ledger     key NOT PINNED" in summary.lines
    assert any("yomitori ledger fingerprint" in p for p in summary.problems)


def test_a_stopped_service_is_reported_and_the_disk_is_still_read(deployment: Settings) -> None:
    summary = summarise(deployment, [Process("127.0.0.1:9464")])
    assert "service    not running (no metrics endpoint answered)" in summary.lines
    assert row(summary.lines, "kodomo") == ["kodomo", "1", "(10m)", "2", "-", "2", "0", "0"]
    assert summary.problems[0].startswith("the service is not running")


def test_an_unhealthy_or_disconnected_process_is_a_problem(deployment: Settings) -> None:
    summary = summarise(deployment, [ocr_process(healthy=0, connected=0)])
    assert "ocr 127.0.0.1:9471 UNHEALTHY" in "\n".join(summary.lines)
    assert any("unhealthy" in p for p in summary.problems)
    assert any("not connected to the broker" in p for p in summary.problems)


def test_old_files_are_problems(deployment: Settings) -> None:
    hot = deployment.departments["kokuho"].hot_folders[0] / "stuck.tif"
    hot.write_bytes(b"II*\x00")
    bundle = deployment.departments["kokuho"].outbox / f"{JOB}.age"
    bundle.write_bytes(b"age")
    now = time.time()
    os.utime(hot, (now - 3600, now - 3600))
    os.utime(bundle, (now - 15 * 86400, now - 15 * 86400))
    problems = summarise(deployment, [ocr_process()]).problems
    assert any(p.startswith("kokuho: a file has waited 1h in the hot folder") for p in problems)
    assert any(p.startswith("kokuho: outbox bundles past 14 days' retention") for p in problems)


def test_old_files_under_ignored_names_are_counted_as_a_problem(deployment: Settings) -> None:
    hot = deployment.departments["kodomo"].hot_folders[0]
    now = time.time()
    for name, hours in ((".山田太郎.pdf", 30), ("~scan.tif", 26), ("scan.tmp", 3)):
        (hot / name).write_bytes(b"%PDF-")
        os.utime(hot / name, (now - hours * 3600, now - hours * 3600))
    problems = summarise(deployment, [ocr_process()]).problems
    [ignored] = [p for p in problems if "ignored names" in p]
    assert ignored.startswith("kodomo: 2 file(s) under ignored names")
    assert "older than 1d in the hot folder, oldest 1d" in ignored
    assert "delete them by hand" in ignored and "山田" not in ignored
def test_jobs_waiting_on_the_installation_and_stranded_jobs_are_problems(
    deployment: Settings,
) -> None:
    """One job waits on a full outbox; one was delivered 10 minutes ago and not wiped."""
    waiting, stranded = Spool(deployment.paths.spool).jobs()
    reason = "the outbox /srv/outbox/kodomo has 0 bytes free, less than ocr.min_free_bytes"
    waiting.record_attempt(None, reason, "infrastructure")
    stranded.mark(DELIVERED, {"delivered_at": utcnow()})
    ago = time.time() - 600
    os.utime(stranded.folder / DELIVERED, (ago, ago))
    summary = summarise(deployment, [ocr_process(in_flight=0)])
    assert ("spool      2 jobs · 1 waiting on infrastructure · 1 delivered, not wiped "
            "(oldest 10m)") in summary.lines
    assert f"kodomo: 1 job(s) wait, retried with growing delays: {reason}" in summary.problems
    assert any(p.startswith("kodomo: 1 delivered job(s) not wiped after 10m (is the janitor")
               for p in summary.problems)


def test_status_reads_a_live_metrics_endpoint(
    deployment: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = CollectorRegistry()
    Info("yomitori_build", "build", registry=registry).info({"version": "0", "role": "watcher"})
    Gauge("yomitori_healthy", "healthy", registry=registry).set(1)
    Gauge("yomitori_broker_connected", "broker", registry=registry).set(1)
    port = free_port()
    server, thread = start_http_server(port, addr="127.0.0.1", registry=registry)
    try:
        assert scrape(f"0.0.0.0:{port}").role() == "watcher"
        code = status(deployment, [f"127.0.0.1:{port}"])
    finally:
        server.shutdown()
        thread.join()
    out = capsys.readouterr().out
    assert f"service    watcher 127.0.0.1:{port} ok" in out
    assert "problems\n  - kokuho: 1 quarantined" in out
    assert code == 1


def test_endpoints_default_to_the_configured_one_and_the_units_ports(
    deployment: Settings,
) -> None:
    assert endpoints(deployment, None) == list(dict.fromkeys(["127.0.0.1:9464", *UNIT_ENDPOINTS]))
    assert endpoints(deployment, ["10.0.0.5:9471"]) == ["10.0.0.5:9471"]


def test_another_deployments_process_is_named_and_not_counted(deployment: Settings) -> None:
    mine = ours(deployment, None)
    stranger = ocr_process()
    stranger.samples["yomitori_build_info"] = [({
        "role": "ocr", "version": "0.1.0", "config": "0123456789abcdef",
        "deployment": "fedcba9876543210", "instance": "other-host:/srv/other/yomitori.toml",
    }, 1.0)]
    summary = summarise(deployment, [stranger], identity=mine)
    text = "\n".join(summary.lines)
    assert "127.0.0.1:9471 answers for another deployment" in text
    assert "other-host:/srv/other/yomitori.toml" in text
    assert "service    not running" in text, "its health says nothing of this deployment"
    assert summary.problems[0].startswith("the service is not running")
    # Without names (an older release) a process counts as this deployment's.
    assert "service    ocr 127.0.0.1:9471 ok" in "\n".join(
        summarise(deployment, [ocr_process()], identity=mine).lines)


def test_a_process_not_restarted_after_a_change_is_a_problem(deployment: Settings) -> None:
    mine = {**ours(deployment, None), "config": "aaaaaaaaaaaaaaaa"}
    stale = ocr_process()
    stale.samples["yomitori_build_info"] = [({
        "role": "ocr", "config": "bbbbbbbbbbbbbbbb", "deployment": mine["deployment"],
    }, 1.0)]
    summary = summarise(deployment, [stale], identity=mine)
    assert "service    ocr 127.0.0.1:9471 ok" in summary.lines
    assert any("runs another version of the configuration" in p for p in summary.problems)


def test_status_tells_a_running_service_of_another_deployment(tmp_path: Path) -> None:
    """Two deployments on one host: the status of the second names the first's process on
    the port it asks, instead of calling it its own."""
    import subprocess
    import sys

    from helpers import ROOT, wait_for

    for name in ("a", "b"):
        init(tmp_path / name, ["kodomo"])
    port = free_port()
    env = {**os.environ, "YOMITORI_REVIEW__LISTEN": "", "YOMITORI_METRICS__LISTEN":
           f"127.0.0.1:{port}"}
    service = subprocess.Popen(
        [sys.executable, "-m", "daemon.cli", "run", "-c", str(tmp_path / "a" / "yomitori.toml")],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    address = f"127.0.0.1:{port}"
    try:
        wait_for(lambda: scrape(address).up, 60, "the first deployment's metrics")

        def status_of(name: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "daemon.cli", "status", "-c",
                 str(tmp_path / name / "yomitori.toml"), "--metrics", address],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)

        own, other = status_of("a"), status_of("b")
    finally:
        service.terminate()
        service.wait(60)
    assert f"service    all {address} ok" in own.stdout, own.stdout
    assert "another deployment" not in own.stdout
    assert f"{address} answers for another deployment" in other.stdout, other.stdout
    assert str(tmp_path / "a" / "yomitori.toml") in other.stdout
    assert other.returncode == 1 and "the service is not running" in other.stdout
