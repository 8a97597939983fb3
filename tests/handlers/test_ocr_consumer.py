"""The OCR consumer: one worker per job, attempts recorded before they start, no OCR time
spent when the outbox cannot take the bundle, and nothing readable on disk meanwhile."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pyrage
import pytest

from daemon.bus import DONE, OCR, Delivery
from daemon.deployment import init
from daemon.errors import InputError, JobBusy, OutboxUnavailable
from daemon.intake.claim import claim
from daemon.intake.hotfolder import HotFolder
from daemon.ops.checks import load_checked
from daemon.review.recipients import write_members
from daemon.settings import Settings
from daemon.spool import Spool, SpoolJob, utcnow
from handlers.bundle import open_bundle, read_identities
from handlers.ocr.engine import create_engine
from handlers.ocr_consumer import OcrConsumer

ZIP_MAGIC = b"PK\x03\x04"


class NoEngine:
    """An engine that must never be reached."""

    name = "none"

    def recognize(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("OCR ran")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    init(tmp_path / "d", ["kodomo"])
    return load_checked(tmp_path / "d" / "yomitori.toml")


def claimed(settings: Settings, samples: tuple[Path, dict[str, list[str]]]) -> SpoolJob:
    scan = settings.departments["kodomo"].hot_folders[0] / "scan.png"
    shutil.copyfile(samples[0] / "notice.png", scan)
    hot = HotFolder("kodomo", settings.departments["kodomo"].hot_folders[0])
    manifest = claim(hot, scan, Spool(settings.paths.spool), detected_at=utcnow())
    return Spool(settings.paths.spool).job(manifest.job_id)


def consumer(settings: Settings, engine: Any = None) -> tuple[OcrConsumer, list[tuple[str, Any]]]:
    sent: list[tuple[str, Any]] = []
    made = OcrConsumer(settings, engine or create_engine(), lambda q, b: sent.append((q, b)))
    return made, sent


def plaintext_in(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        try:
            if path.is_file() and path.read_bytes()[:4] == ZIP_MAGIC:
                found.append(path)
        except OSError:
            continue  # gone meanwhile
    return found


def test_a_job_becomes_a_bundle_and_nothing_readable_touches_the_disk(
    settings: Settings, samples: tuple[Path, dict[str, list[str]]]
) -> None:
    job = claimed(settings, samples)
    reader, sent = consumer(settings)
    seen: list[Path] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            seen.extend(plaintext_in(settings.paths.spool.parent))

    watcher = threading.Thread(target=sample)
    watcher.start()
    try:
        reader(Delivery(OCR, {"job_id": job.job_id}, 1))
    finally:
        stop.set()
        watcher.join()
    assert seen == []
    assert sent == [(DONE, {"job_id": job.job_id})]
    assert [line["kind"] for line in job.attempts()] == ["started"]
    assert sorted(p.name for p in job.folder.iterdir()) == [
        ".lock", "attempts.jsonl", "claim.json", "delivered.json", "job.json", "source"
    ]
    outbox = settings.departments["kodomo"].outbox
    [bundle] = list(outbox.iterdir())
    identity = read_identities(settings.paths.spool.parent / "keys" / "kodomo.key")
    assert "pages/0001.png" in open_bundle(bundle, identity).namelist()
    assert reader.attempts_so_far(Delivery(OCR, {"job_id": job.job_id}, 1)) == 0  # delivered


def test_a_reviewing_department_gets_page_images_and_its_members_can_read(
    settings: Settings, samples: tuple[Path, dict[str, list[str]]]
) -> None:
    member = pyrage.x25519.Identity.generate()
    write_members(settings.review.store, "kodomo", [str(member.to_public())])
    without = settings.departments["kodomo"].model_copy(update={"include_page_images": False})
    settings = settings.model_copy(update={"departments": {"kodomo": without}})
    job = claimed(settings, samples)
    reader, _ = consumer(settings)
    reader(Delivery(OCR, {"job_id": job.job_id}, 1))
    [bundle] = list(settings.departments["kodomo"].outbox.iterdir())
    assert "pages/0001.png" in open_bundle(bundle, [str(member)]).namelist()


def test_a_job_another_worker_holds_is_busy_and_nothing_is_recorded(
    settings: Settings, samples: tuple[Path, dict[str, list[str]]]
) -> None:
    job = claimed(settings, samples)
    reader, sent = consumer(settings, NoEngine())
    with job.lock(), pytest.raises(JobBusy):
        reader(Delivery(OCR, {"job_id": job.job_id}, 1))
    assert job.attempts() == [] and sent == []


def test_an_outbox_without_room_spends_no_ocr_time_and_counts_no_attempt(
    settings: Settings, samples: tuple[Path, dict[str, list[str]]]
) -> None:
    job = claimed(settings, samples)
    settings.ocr.min_free_bytes = 10**18
    reader, sent = consumer(settings, NoEngine())
    delivery = Delivery(OCR, {"job_id": job.job_id}, 1)
    with pytest.raises(OutboxUnavailable, match=r"ocr\.min_free_bytes"):
        reader(delivery)
    assert [line["kind"] for line in job.attempts()] == ["infrastructure"]
    assert "ocr.min_free_bytes" in (job.waiting_on() or "")
    assert reader.attempts_so_far(delivery) == 0 and sent == []


def test_an_attempt_that_never_reported_back_counts(
    settings: Settings, samples: tuple[Path, dict[str, list[str]]]
) -> None:
    job = claimed(settings, samples)
    job.record_start(1)  # the process died during it
    reader, _ = consumer(settings, NoEngine())
    assert reader.attempts_so_far(Delivery(OCR, {"job_id": job.job_id}, 1)) == 1


def test_a_finished_job_is_acknowledged_and_a_missing_source_refused(
    settings: Settings, samples: tuple[Path, dict[str, list[str]]]
) -> None:
    job = claimed(settings, samples)
    reader, sent = consumer(settings, NoEngine())
    job.source.unlink()
    with pytest.raises(InputError, match="no longer in the spool"):
        reader(Delivery(OCR, {"job_id": job.job_id}, 1))
    Spool(settings.paths.spool).entomb(job)
    reader(Delivery(OCR, {"job_id": job.job_id}, 2))  # wiped meanwhile: nothing to do
    assert sent == []
