"""Crashes and broker trouble delay work; they never lose or duplicate a delivered result."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import Deployment, wait_for
from PIL import Image
from test_pipeline import ledger_records, open_with_age, settled, sha256


def long_scan(folder: Path, target: Path, pages: int = 12) -> Path:
    """A multi-page TIFF made of the sample pages, long enough to catch mid-OCR."""
    frames = []
    for name in ("notice.png", "notice.jpg", "notice.bmp"):
        with Image.open(folder / name) as image:
            frames.append(image.convert("L"))
    sequence = [frames[i % len(frames)] for i in range(pages)]
    sequence[0].save(
        target, save_all=True, append_images=sequence[1:], compression="tiff_lzw", dpi=(300, 300)
    )
    return target


def in_ocr(dep: Deployment) -> bool:
    """A job is being read: its plain bundle is being written, not yet delivered."""
    return any(
        (job / "bundle.zip").exists() and not (job / "delivered.json").exists()
        for job in dep.spool_jobs()
    )


def assert_exactly_once(dep: Deployment, digest: str) -> None:
    [bundle] = dep.bundles("kodomo")
    result = json.loads(open_with_age(bundle, dep.key("kodomo")).read("result.json"))
    assert result["source"]["sha256"] == digest
    events = [(r["event"], r["job_id"]) for r in ledger_records(dep) if r.get("job_id")]
    for kind in ("claimed", "delivered", "wiped"):
        assert [e for e in events if e[0] == kind] == [(kind, result["job_id"])], events
    assert not [p for p in dep.outbox("kodomo").iterdir() if p.name.startswith(".")]
    verify = dep.cli("ledger", "verify", "-c", str(dep.config), check=False)
    assert verify.returncode == 0, verify.stderr


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
    deployment: Deployment, samples, tmp_path: Path
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
    deployment: Deployment, samples, tmp_path: Path
) -> None:
    dep = deployment
    _, digest = start_a_long_job(dep, samples[0], tmp_path)
    subprocess.run(
        ["rabbitmqctl", "close_all_connections", "yomitori test: connection dropped mid-job"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    wait_for(lambda: settled(dep, 1), 240, "the job to be delivered after reconnecting")
    assert "reconnecting" in dep.log_text()
    assert_exactly_once(dep, digest)
