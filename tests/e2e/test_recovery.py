"""Crashes and broker trouble delay work; they never lose or duplicate a delivered result."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import (
    Deployment,
    Samples,
    assert_exactly_once,
    close_broker_connections,
    in_ocr,
    long_scan,
    settled,
    sha256,
    wait_for,
)


def start_a_long_job(
    dep: Deployment, folder: Path, tmp_path: Path
) -> tuple[subprocess.Popen[bytes], str]:
    """Start the service and drop a long scan; return once it is being read."""
    scan = long_scan(folder, tmp_path / "long.tif")
    service = dep.start()
    dep.drop(scan, "kodomo")
    wait_for(lambda: in_ocr(dep), 60, "OCR to start")
    return service, sha256(scan)


def test_kill_9_during_ocr_then_restart_delivers_exactly_once(
    deployment: Deployment, samples: Samples, tmp_path: Path
) -> None:
    dep = deployment
    first, digest = start_a_long_job(dep, samples[0], tmp_path)
    first.kill()
    first.wait()
    assert not dep.bundles() and dep.spool_jobs()
    dep.start()
    wait_for(lambda: settled(dep, 1), 240, "the job to be delivered after restart")
    assert_exactly_once(dep, digest)


@pytest.mark.parametrize("deployment", ["rabbitmq"], indirect=True)
def test_broker_connection_dropped_mid_job_delivers_exactly_once(
    deployment: Deployment, samples: Samples, tmp_path: Path
) -> None:
    dep = deployment
    _, digest = start_a_long_job(dep, samples[0], tmp_path)
    # This deployment's connections only: the suite runs other services beside it.
    pids = [process.pid for process in dep.processes]
    assert close_broker_connections(pids, "yomitori test: connection dropped mid-job") >= 1
    wait_for(lambda: settled(dep, 1), 240, "the job to be delivered after reconnecting")
    assert "reconnecting" in dep.log_text()
    assert_exactly_once(dep, digest)
