"""Refused entries with the real service: a hard link from one department's hot folder to
another's scan is quarantined under both names and can never be released (issue #11
item 3)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import Deployment, Samples, ledger_records, wait_for


@pytest.mark.parametrize("deployment", ["embedded"], indirect=True)
def test_a_hard_link_to_another_departments_scan_never_becomes_a_bundle(
    deployment: Deployment, samples: Samples
) -> None:
    dep = deployment
    dep.start()
    wait_for(lambda: "ready" in dep.log_text(), 120, "the service to start")
    # Both names exist before either is seen: `ln scan/kokuho/victim.png scan/kodomo/stolen.png`.
    staging = dep.root / "staging.png"
    shutil.copyfile(samples[0] / "notice.png", staging)
    os.link(staging, dep.hot("kokuho") / "victim.png")
    os.link(staging, dep.hot("kodomo") / "stolen.png")
    staging.unlink()

    def reports() -> list[Path]:
        return sorted(dep.quarantine.glob("*/*/error.json"))

    wait_for(lambda: len(reports()) == 2 and not dep.spool_jobs(), 120, "both names quarantined")
    by_department = {path.parent.parent.name: path.parent for path in reports()}
    assert sorted(by_department) == ["kodomo", "kokuho"]
    for folder in by_department.values():
        assert json.loads((folder / "error.json").read_text("utf-8"))["refused"] == "hard link"

    done = dep.cli("quarantine", "release", by_department["kodomo"].name, "-c", str(dep.config),
                   check=False)
    assert done.returncode == 1
    assert "cannot be released: it was refused unread (hard link)" in done.stderr
    assert not dep.spool_jobs() and not dep.bundles()
    events = [r["event"] for r in ledger_records(dep)]
    assert "released" not in events and events.count("quarantined") == 2
    verify = dep.cli("ledger", "verify", "-c", str(dep.config), check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
