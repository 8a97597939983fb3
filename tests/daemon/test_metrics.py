"""Metrics: every family passes `promtool check metrics`, the state gauges tell what waits
where, and no label carries a job id, a file name or an unbounded value."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from prometheus_client import REGISTRY, Counter, generate_latest

from daemon.bus import RetryPolicy
from daemon.bus.embedded import EmbeddedBus
from daemon.deployment import init
from daemon.errors import ConfigError
from daemon.ledger.signing import load_or_create_signing_key
from daemon.ledger.writer import Ledger
from daemon.ops import metrics
from daemon.ops.gauges import StateGauges
from daemon.settings import Settings, load_settings
from daemon.spool import Spool

NOW = time.time()
JOB = "20261126T071016Z-1a2b3c4d5e6f"
PERSONAL_NAME = "山田太郎_健診票.pdf"
JOB_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{12}")
LABELS = {
    "department", "reason", "queue", "folder", "role", "version", "le", "what", "kind", "stage"
}


def file_at(path: Path, age: float, data: bytes = b"x") -> Path:
    """A file whose modification time is `age` seconds before NOW."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (NOW - age, NOW - age))
    return path


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path]:
    """A deployment with files waiting in every kind of folder, and the gauges refreshed."""
    root = tmp_path_factory.mktemp("metrics") / "yomitori"
    init(root, ["kodomo", "kokuho"])
    settings = load_settings(root / "yomitori.toml")
    hot = root / "scan" / "kodomo"
    file_at(hot / PERSONAL_NAME, 600)
    file_at(hot / "batch" / "page2.tif", 120)
    file_at(hot / "scan.tmp", 5000)  # a scanner's temp file: not waiting
    file_at(hot / "Thumbs.db", 5000)
    (hot / "link.pdf").symlink_to(hot / PERSONAL_NAME)
    # Ignored names: counted once older than intake.ignored_alert_hours (24 h).
    file_at(hot / f".{PERSONAL_NAME}", 30 * 3600)
    file_at(hot / "@eaDir" / "thumb.jpg", 48 * 3600)
    file_at(hot / "~$form.docx", 2 * 3600)
    (hot / ".old-link").symlink_to(hot / "scan.tmp")
    os.utime(hot / ".old-link", (NOW - 90 * 3600, NOW - 90 * 3600), follow_symlinks=False)
    outbox = root / "outbox" / "kodomo"
    file_at(outbox / f"{JOB}.age", 3 * 86400)
    file_at(outbox / "20261126T071017Z-000000000001.age", 60)
    file_at(outbox / f".{JOB}.age.1234.part", 9 * 86400)  # being written
    file_at(root / "quarantine" / "kokuho" / JOB / "error.json", 7200)
    key, _ = load_or_create_signing_key(settings.paths.signing_key)
    ledger = Ledger(settings.paths.ledger, key)
    ledger.append("config_loaded", role="janitor")
    ledger.append("claimed", job_id=JOB, department="kodomo", role="watcher")

    metrics.declare(settings.departments, "all")
    metrics.FILES_REFUSED.labels("kodomo", "symlink").inc()
    metrics.JOBS_FAILED.labels(metrics.department_label("../etc", settings.departments)).inc()
    metrics.OCR_SECONDS.labels("kodomo").observe(3.2)
    metrics.OCR_PAGE_SECONDS.labels("kodomo").observe(1.6)
    metrics.JOB_LATENCY.labels("kodomo").observe(12.0)
    metrics.LAST_DELIVERY.labels("kodomo").set(NOW)
    metrics.JOB_RUNNING_SECONDS.labels("ocr").set(0)
    metrics.HEALTHY.set(1)
    gauges = StateGauges(
        settings, ("watcher", "ocr", "janitor"), EmbeddedBus(RetryPolicy(3)),
        Spool(settings.paths.spool), ledger,
    )
    gauges.refresh(NOW)
    return settings, root


def sample(name: str, **labels: str) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


def test_a_scrape_passes_promtool_check_metrics(deployment: tuple[Settings, Path]) -> None:
    exposition = generate_latest(REGISTRY)
    assert b"yomitori_oldest_file_age_seconds" in exposition
    done = subprocess.run(
        ["promtool", "check", "metrics"], input=exposition, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == b"" and done.stderr.strip() == b"", done.stdout + done.stderr


def test_folder_gauges_count_what_waits_and_age_the_oldest(
    deployment: tuple[Settings, Path],
) -> None:
    files, age = "yomitori_folder_files", "yomitori_oldest_file_age_seconds"
    assert sample(files, department="kodomo", folder="hot") == 2
    assert sample(age, department="kodomo", folder="hot") == pytest.approx(600, abs=1)
    assert sample(files, department="kodomo", folder="outbox") == 2
    assert sample(age, department="kodomo", folder="outbox") == pytest.approx(3 * 86400, abs=1)
    assert sample(files, department="kokuho", folder="quarantine") == 1
    assert sample(age, department="kokuho", folder="quarantine") == pytest.approx(7200, abs=1)
    assert sample(files, department="kokuho", folder="hot") == 0
    assert sample(age, department="kokuho", folder="hot") == 0
    assert sample("yomitori_outbox_retention_seconds", department="kodomo") == 14 * 86400
    assert sample("yomitori_ledger_sequence") == 2
    assert sample("yomitori_spool_jobs") == 0
    assert sample("yomitori_broker_connected") == 1
    assert sample("yomitori_queue_messages", queue="ocr") == 0
    assert sample("yomitori_job_timeout_seconds") == 600
    # Declared at zero, so rates and alerts see every department from the start.
    assert sample("yomitori_jobs_quarantined_total", department="kokuho") == 0
    assert sample("yomitori_build_info", role="all", version=metrics.package_version()) == 1


def test_old_files_under_ignored_names_are_counted(deployment: tuple[Settings, Path]) -> None:
    """Issue #11 item 9: a scan saved as a dot file or `~…` was kept in the clear for ever,
    unseen. Links are not counted; younger files are not either."""
    assert sample("yomitori_ignored_files", department="kodomo") == 2
    assert sample("yomitori_oldest_ignored_file_age_seconds", department="kodomo") == (
        pytest.approx(48 * 3600, abs=1)
    )
    assert sample("yomitori_ignored_files", department="kokuho") == 0
    assert sample("yomitori_oldest_ignored_file_age_seconds", department="kokuho") == 0
    assert sample("yomitori_folder_files", department="kodomo", folder="hot") == 2


def test_labels_carry_no_job_ids_file_names_or_unbounded_values(
    deployment: tuple[Settings, Path],
) -> None:
    settings, _ = deployment
    departments = set(settings.departments) | {"unknown"}
    bounded = {
        "queue": {"ocr", "done", "dead"},
        "folder": set(metrics.FOLDERS),
        "role": {"all", "watcher", "ocr", "janitor"},
        "what": {"bundle", "quarantine"},
        "kind": set(metrics.RETRY_KINDS),
        "stage": set(metrics.STAGES),
    }
    families = [f for f in REGISTRY.collect() if f.name.startswith("yomitori_")]
    assert len(families) >= 20
    for family in families:
        for s in family.samples:
            assert set(s.labels) <= LABELS, (s.name, s.labels)
            for name, value in s.labels.items():
                # No job id, path or file name (a name with an extension).
                assert not JOB_ID.search(value), value
                assert not re.search(r"[/\\]|\.[A-Za-z]{2,4}$", value), value
                if name == "department":
                    assert value in departments, (s.name, value)
                elif name in bounded:
                    assert value in bounded[name], (s.name, value)
    text = generate_latest(REGISTRY).decode()
    assert PERSONAL_NAME not in text and JOB not in text and "batch" not in text
    assert sample("yomitori_jobs_failed_total", department="unknown") == 1


def test_metrics_listen_must_name_a_port() -> None:
    for listen in ("127.0.0.1", "127.0.0.1:94710", "localhost:http"):
        with pytest.raises(ConfigError, match=r"metrics\.listen"):
            metrics.serve(listen)
    metrics.serve("")  # off: nothing to do


def test_total_sums_a_counter_over_its_labels() -> None:
    counter = Counter("test_things", "Things counted for the test", ["department"], registry=None)
    counter.labels("a").inc(2)
    counter.labels("b").inc(3)
    assert metrics.total(counter) == 5
