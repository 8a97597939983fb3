"""Scale-out: a watcher, a janitor and two OCR processes on one RabbitMQ, as the units run
them (`yomitori-watcher`, `yomitori-janitor`, `yomitori-ocr@1`, `yomitori-ocr@2`).

Each scan becomes exactly one bundle, both OCR processes take a share of the work, every
process's metrics pass `promtool check metrics`, and `yomitori status` sums them up.
"""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request
from functools import partial
from pathlib import Path

from helpers import (
    Deployment,
    Samples,
    ledger_records,
    long_scan,
    open_with_age,
    settled,
    sha256,
    wait_for,
)
from prometheus_client.parser import text_string_to_metric_families

from scripts.ports import free_port

SCANS = [
    ("notice.png", "kodomo"),
    ("notice.jpg", "kodomo"),
    ("two-page.tif", "kodomo"),
    ("notice.pdf", "kokuho"),
    ("notice.bmp", "kokuho"),
]


def is_ready(log: Path) -> bool:
    return '"message": "ready"' in log.read_text("utf-8", "replace")


def scrape(address: str) -> str:
    with urllib.request.urlopen(f"http://{address}/metrics", timeout=10) as reply:
        return str(reply.read().decode())


def total(exposition: str, name: str) -> float:
    """Sum of a metric's samples over all labels."""
    return sum(
        s.value
        for family in text_string_to_metric_families(exposition)
        for s in family.samples
        if s.name == name
    )


def stage_count(exposition: str, stage: str) -> float:
    """Jobs timed in `stage` (yomitori_stage_seconds)."""
    return sum(
        s.value
        for family in text_string_to_metric_families(exposition)
        for s in family.samples
        if s.name == "yomitori_stage_seconds_count" and s.labels.get("stage") == stage
    )


def test_two_ocr_processes_deliver_each_job_exactly_once(
    samples: Samples, tmp_path: Path
) -> None:
    folder, _ = samples
    dep = Deployment(tmp_path / "yomitori", "rabbitmq")
    roles = ["watcher", "janitor", "ocr", "ocr"]
    addresses = [f"127.0.0.1:{free_port()}" for _ in roles]
    try:
        for role, address in zip(roles, addresses, strict=True):
            dep.start("--role", role, env={"YOMITORI_METRICS__LISTEN": address})
        for log in dep.logs:
            wait_for(partial(is_ready, log), 90, f"{log.name} to be ready")

        sources = {sha256(folder / name): dept for name, dept in SCANS}
        for name, dept in SCANS:
            dep.drop(folder / name, dept)
        extra = long_scan(folder, tmp_path / "three-pages.tif", pages=3)
        sources[sha256(extra)] = "kokuho"
        dep.drop(extra, "kokuho")
        wait_for(lambda: settled(dep, len(sources)), 240, "every scan to be delivered")

        assert not list(dep.quarantine.rglob("error.json")), dep.log_text()
        bundles = dep.bundles()
        assert len(bundles) == len(sources)
        delivered: dict[str, str] = {}
        for bundle in bundles:
            dept = bundle.parent.name
            result = json.loads(open_with_age(bundle, dep.key(dept)).read("result.json"))
            assert result["source"]["sha256"] not in delivered, "delivered twice"
            delivered[result["source"]["sha256"]] = dept
        assert delivered == sources

        records = ledger_records(dep)
        for event in ("claimed", "delivered", "wiped"):
            jobs = [r["job_id"] for r in records if r["event"] == event]
            assert len(jobs) == len(sources) == len(set(jobs)), (event, jobs)

        expositions = [scrape(address) for address in addresses]
        for exposition in expositions:
            done = subprocess.run(["promtool", "check", "metrics"], input=exposition.encode(),
                                  capture_output=True, timeout=60)
            assert done.returncode == 0, done.stdout + done.stderr
        by_ocr = [total(e, "yomitori_jobs_delivered_total") for e in expositions[2:]]
        assert all(count >= 1 for count in by_ocr), f"work was not shared: {by_ocr}"
        assert sum(by_ocr) == len(sources)
        assert total(expositions[0], "yomitori_jobs_claimed_total") == len(sources)
        assert total(expositions[1], "yomitori_jobs_completed_total") == len(sources)
        # Each job's time per stage, in the process that ran that stage.
        assert stage_count(expositions[0], "intake") == len(sources)
        for stage in ("decode", "preprocess", "ocr", "forms", "zip", "encrypt", "fsync"):
            assert sum(stage_count(e, stage) for e in expositions[2:]) == len(sources), stage
        assert stage_count(expositions[1], "janitor") == len(sources)

        status = dep.cli("status", "-c", str(dep.config),
                         *(arg for a in addresses for arg in ("--metrics", a)), check=False)
        assert status.returncode == 0, status.stdout + status.stderr
        screen = status.stdout
        for role, address in zip(roles, addresses, strict=True):
            assert f"{role} {address} ok" in screen
        assert "broker     connected" in screen
        kodomo = re.search(r"^kodomo\s+0\s+0\s+0\s+(\d+)\s+0\s+(\d+)", screen, re.MULTILINE)
        assert kodomo and kodomo.group(1) == "3", screen
    finally:
        dep.stop()
