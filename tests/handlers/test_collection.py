"""Collection: a bundle the department removed from its outbox is recorded once as
`collected`; one that retention or the review station wiped is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from daemon.deployment import init
from daemon.ledger.keys import open_ledger
from daemon.ledger.writer import Ledger
from daemon.ops.checks import load_checked
from daemon.settings import Settings
from daemon.spool import new_job_id
from handlers.collection import Collection, outstanding
from handlers.completed import EVENT as REVIEWED
from handlers.retention import Retention


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    init(tmp_path / "d", ["kodomo", "kokuho"])
    return load_checked(tmp_path / "d" / "yomitori.toml")


def deliver(settings: Settings, ledger: Ledger, dept: str) -> tuple[str, Path]:
    job = new_job_id()
    bundle = settings.departments[dept].outbox / f"{job}.age"
    bundle.write_bytes(b"age-encryption.org/v1 ...")
    ledger.append("delivered", job_id=job, department=dept, bundle=bundle.name, pages=1,
                  forms={}, pii=[], bundle_bytes=25, role="ocr")  # fmt: skip
    return job, bundle


def events(ledger: Ledger, name: str) -> list[str]:
    return [r.job_id or "" for r in ledger.records() if r.event == name]


def test_a_removed_bundle_is_recorded_once_after_two_sweeps(settings: Settings) -> None:
    ledger = open_ledger(settings)
    taken, taken_bundle = deliver(settings, ledger, "kodomo")
    kept, _ = deliver(settings, ledger, "kokuho")
    collection = Collection(settings, ledger)
    assert collection.sweep() == 0
    taken_bundle.unlink()  # the department copied it and deleted it from the share
    assert collection.sweep() == 0  # missing once: it may be a wipe whose receipt is due
    assert collection.sweep() == 1
    assert collection.sweep() == 0
    assert events(ledger, "collected") == [taken]
    record = next(r for r in ledger.records() if r.event == "collected")
    assert record.department == "kodomo" and record.get("role") == "janitor"
    assert kept in outstanding(ledger.records()) and taken not in outstanding(ledger.records())


def test_wipes_by_retention_or_review_are_not_collections(settings: Settings) -> None:
    ledger = open_ledger(settings)
    expired, old = deliver(settings, ledger, "kodomo")
    reviewed, done = deliver(settings, ledger, "kodomo")
    collection = Collection(settings, ledger)
    collection.sweep()
    # Both go between two sweeps, each with its receipt.
    old.unlink()
    ledger.append("expired", job_id=expired, department="kodomo", what="bundle",
                  subject={"bundle": old.name, "bytes": 25}, method="m", role="janitor")
    done.unlink()
    ledger.append(REVIEWED, job_id=reviewed, department="kodomo", subject={}, role="janitor")
    assert collection.sweep() == 0
    assert collection.sweep() == 0
    assert events(ledger, "collected") == []


def test_an_unmounted_outbox_is_not_a_collection(settings: Settings) -> None:
    ledger = open_ledger(settings)
    _, bundle = deliver(settings, ledger, "kodomo")
    outbox = bundle.parent
    collection = Collection(settings, ledger)
    bundle.unlink()
    outbox.rmdir()  # the share is gone, not the bundle collected
    assert collection.sweep() == 0 and collection.sweep() == 0
    assert events(ledger, "collected") == []
    assert Retention(settings, ledger).sweep() == 0
