"""The quarantine: a job that cannot be read goes there with its source under a neutral
name and a report that says why; a refused entry goes there unopened."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from daemon.bus import DEAD, DONE, Delivery
from daemon.cli import main
from daemon.deployment import init
from daemon.errors import YomitoriError
from daemon.intake.claim import claim, claim_refused
from daemon.intake.hotfolder import HotFolder, refusal
from daemon.ledger.keys import open_ledger
from daemon.ops.checks import load_checked
from daemon.settings import Settings
from daemon.spool import DELIVERED, Spool, SpoolJob, utcnow
from handlers.quarantine import ADVICE, Quarantine, release
from handlers.retention import DAY, Retention

PNG = b"\x89PNG\r\n\x1a\n" + b"rest of a damaged image"
JPEG = b"\xff\xd8\xff\xe0" + b"kokuho's notice" * 100


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    init(tmp_path / "d", ["kodomo"])
    return load_checked(tmp_path / "d" / "yomitori.toml")


def quarantine(settings: Settings) -> Quarantine:
    return Quarantine(
        Spool(settings.paths.spool), settings.paths.quarantine, open_ledger(settings),
        departments=settings.departments,
    )


def test_a_failed_job_is_kept_with_its_reason_and_attempts(
    settings: Settings, tmp_path: Path
) -> None:
    spool = Spool(settings.paths.spool)
    scan = tmp_path / "山田太郎_健診.png"
    scan.write_bytes(PNG)
    manifest = claim(HotFolder("kodomo", tmp_path), scan, spool, detected_at="2026-11-26T00:00:00Z")
    job = spool.job(manifest.job_id)
    job.record_attempt(1, "the image is damaged (cannot decode)", "refused")
    keeper = quarantine(settings)
    keeper(Delivery(DEAD, {"job_id": job.job_id}, 1))

    folder = settings.paths.quarantine / "kodomo" / job.job_id
    assert sorted(p.name for p in folder.iterdir()) == ["error.json", "source.png"]
    assert (folder / "source.png").read_bytes() == PNG
    report = json.loads((folder / "error.json").read_text("utf-8"))
    assert report["reason"] == "the image is damaged (cannot decode)"
    assert [a["attempt"] for a in report["attempts"]] == [1]
    assert report["source"] == {"sha256": manifest.sha256, "bytes": len(PNG), "file": "source.png"}
    assert report["what_to_do"] == ADVICE
    assert "山田" not in json.dumps(report, ensure_ascii=False)
    assert not job.folder.exists()
    events = [r.event for r in keeper.ledger.records() if r.job_id == job.job_id]
    assert events == ["claimed", "quarantined"]

    keeper(Delivery(DEAD, {"job_id": job.job_id}, 2))  # redelivered: nothing more happens
    assert [r.event for r in keeper.ledger.records() if r.job_id == job.job_id] == events


def test_a_refused_link_goes_unopened_and_cannot_be_released(
    settings: Settings, tmp_path: Path
) -> None:
    target = tmp_path / "secret.txt"
    target.write_bytes(b"not for the scanner")
    link = settings.departments["kodomo"].hot_folders[0] / "scan.png"
    link.symlink_to(target)
    spool = Spool(settings.paths.spool)
    hot = HotFolder("kodomo", link.parent)
    manifest = claim_refused(hot, link, spool, "2026-11-26T00:00:00Z", "symlink")
    assert manifest is not None and manifest.sha256 == ""
    keeper = quarantine(settings)
    folder = keeper.admit(spool.job(manifest.job_id))

    assert (folder / "source").is_symlink()  # moved as a name, never read
    report = json.loads((folder / "error.json").read_text("utf-8"))
    assert report["reason"].startswith("refused: a symbolic link")
    assert target.read_bytes() == b"not for the scanner"
    with pytest.raises(YomitoriError, match="refused unread"):
        release(spool, settings.paths.quarantine, keeper.ledger, manifest.job_id,
                departments=settings.departments)
    assert target.read_bytes() == b"not for the scanner"


@pytest.fixture
def two(tmp_path: Path) -> Settings:
    init(tmp_path / "two", ["kodomo", "kokuho"])
    return load_checked(tmp_path / "two" / "yomitori.toml")


def refuse_and_admit(settings: Settings, path: Path, department: str) -> Path:
    """What the watcher and the janitor do with a refused entry."""
    reason = refusal(os.lstat(path))
    assert reason is not None
    hot = HotFolder(department, settings.departments[department].hot_folders[0])
    spool = Spool(settings.paths.spool)
    manifest = claim_refused(hot, path, spool, "2026-11-26T00:00:00Z", str(reason))
    assert manifest is not None
    return quarantine(settings).admit(spool.job(manifest.job_id))


def test_a_hard_link_to_another_departments_scan_can_never_be_released(two: Settings) -> None:
    """Issue #11 item 3: `ln scan/kokuho/victim.jpg scan/kodomo/stolen.jpg`, both names
    quarantined, then a release of the kodomo one made a kodomo bundle of kokuho's scan."""
    victim = two.departments["kokuho"].hot_folders[0] / "victim.jpg"
    victim.write_bytes(JPEG)
    stolen = two.departments["kodomo"].hot_folders[0] / "stolen.jpg"
    os.link(victim, stolen)
    theirs = refuse_and_admit(two, victim, "kokuho")
    ours = refuse_and_admit(two, stolen, "kodomo")
    report = json.loads((ours / "error.json").read_text("utf-8"))
    assert report["refused"] == "hard link" and "never be released" in report["what_to_do"]
    ledger = open_ledger(two)
    spool = Spool(two.paths.spool)

    with pytest.raises(YomitoriError, match="cannot be released: it was refused unread"):
        release(spool, two.paths.quarantine, ledger, ours.name, departments=two.departments)
    assert not list(spool.root.iterdir())
    assert (ours / "source").read_bytes() == JPEG == (theirs / "source").read_bytes()

    # Once kokuho's name is gone the file has a single name, and it is still refused.
    old = time.time() - 40 * DAY
    os.utime(theirs / "error.json", (old, old))  # the report dates a quarantined job
    assert Retention(two, ledger).sweep() == 1
    assert os.lstat(ours / "source").st_nlink == 1
    with pytest.raises(YomitoriError, match="cannot be released"):
        release(spool, two.paths.quarantine, ledger, ours.name, departments=two.departments)
    assert main(["quarantine", "release", ours.name, "-c", str(two_config(two))]) == 1
    assert not list(spool.root.iterdir())
    events = [r["event"] for r in ledger.records()]
    assert "released" not in events

    # The receipt says what the wipe did: kodomo's name still held the data, so nothing
    # was overwritten.
    [expired] = [r for r in ledger.records() if r["event"] == "expired"]
    assert expired["job_id"] == theirs.name
    assert expired["method"] == "unlinked, not overwritten (other names of the file remain)"
    assert (ours / "source").read_bytes() == JPEG


def two_config(settings: Settings) -> Path:
    return settings.paths.spool.parent / "yomitori.toml"


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_a_refused_entry_whose_report_is_lost_is_still_never_released(
    settings: Settings, tmp_path: Path, kind: str
) -> None:
    hot = settings.departments["kodomo"].hot_folders[0]
    entry = hot / "scan.png"
    if kind == "symlink":
        entry.symlink_to(tmp_path / "anything")
    else:
        os.mkfifo(entry)
    folder = refuse_and_admit(settings, entry, "kodomo")
    (folder / "error.json").unlink()
    with pytest.raises(YomitoriError, match="cannot be released"):
        release(Spool(settings.paths.spool), settings.paths.quarantine,
                open_ledger(settings), folder.name, departments=settings.departments)


def tampered_job(settings: Settings, tmp_path: Path, department: str) -> str:
    """A claimed job whose job.json was then rewritten to name `department`."""
    spool = Spool(settings.paths.spool)
    scan = tmp_path / "scan.png"
    scan.write_bytes(PNG)
    manifest = claim(HotFolder("kodomo", tmp_path), scan, spool, "2026-11-26T00:00:00Z")
    job = spool.job(manifest.job_id)
    tampered = manifest.model_copy(update={"department": department})
    (job.folder / "job.json").write_text(tampered.model_dump_json())
    return job.job_id


def folders_below(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_dir()}


@pytest.mark.parametrize(
    "department", ["../../escape", "kodomo/../../x", "", "KODOMO", "kenko"]
)
def test_a_job_naming_an_unknown_or_malformed_department_is_kept_apart(
    settings: Settings, tmp_path: Path, department: str
) -> None:
    """Issue #11 item 8: `job.json`'s department was used in a path without validation."""
    job_id = tampered_job(settings, tmp_path, department)
    before = folders_below(tmp_path) - folders_below(settings.paths.quarantine)
    keeper = quarantine(settings)
    keeper(Delivery(DEAD, {"job_id": job_id}, 1))

    [folder] = [p for p in settings.paths.quarantine.glob("*/*") if p.name == job_id]
    assert folder.parent.name == "_unknown"
    after = folders_below(tmp_path) - folders_below(settings.paths.quarantine)
    assert after <= before, after - before  # nothing made outside the quarantine
    report = json.loads((folder / "error.json").read_text("utf-8"))
    assert report["department"] == "_unknown"
    [event] = [r for r in keeper.ledger.records() if r["event"] == "quarantined"]
    assert event["department"] == "_unknown" and event["reason"] == report["reason"]
    if department == "kenko":  # well-formed, just not configured (removed, say)
        assert report["named_department"] == "kenko" and "'kenko'" in report["reason"]
    else:
        assert "named_department" not in report and "malformed" in report["reason"]
        assert "escape" not in report["reason"] and ".." not in report["reason"]

    spool = Spool(settings.paths.spool)
    with pytest.raises(YomitoriError, match="belongs to no configured department"):
        release(spool, settings.paths.quarantine, keeper.ledger, job_id,
                departments=settings.departments)
    if department == "kenko":  # added back to the configuration: it can be released
        manifest = release(spool, settings.paths.quarantine, keeper.ledger, job_id,
                           departments={"kodomo", "kenko"})
        assert manifest.department == "kenko"


def test_the_ocr_consumer_refuses_an_unknown_department_before_any_path(
    settings: Settings, tmp_path: Path
) -> None:
    from daemon.bus import OCR
    from daemon.errors import InputError
    from handlers.ocr.engine import create_engine
    from handlers.ocr_consumer import OcrConsumer

    job_id = tampered_job(settings, tmp_path, "../../outbox-elsewhere")
    published: list[object] = []
    consumer = OcrConsumer(settings, create_engine("pytesseract"),
                           lambda *message: published.append(message))
    before = folders_below(tmp_path)
    with pytest.raises(InputError, match="malformed department"):
        consumer(Delivery(OCR, {"job_id": job_id, "department": "../../outbox-elsewhere"}, 1))
    assert folders_below(tmp_path) == before and published == []
    [attempt] = Spool(settings.paths.spool).job(job_id).attempts()
    assert attempt["kind"] == "refused" and ".." not in attempt["error"]


def claimed(settings: Settings, tmp_path: Path) -> SpoolJob:
    spool = Spool(settings.paths.spool)
    scan = tmp_path / "scan.png"
    scan.write_bytes(PNG)
    return spool.job(claim(HotFolder("kodomo", tmp_path), scan, spool, detected_at=utcnow()).job_id)


def test_a_scan_that_crashed_its_reader_is_kept_with_that_reason(
    settings: Settings, tmp_path: Path
) -> None:
    job = claimed(settings, tmp_path)
    job.record_start(1)
    job.record_start(2)  # both attempts ended the process
    keeper = quarantine(settings)
    keeper(Delivery(DEAD, {"job_id": job.job_id}, 1))
    [report_path] = settings.paths.quarantine.glob("kodomo/*/error.json")
    reason = json.loads(report_path.read_text("utf-8"))["reason"]
    assert "ended without finishing 2 time(s)" in reason


def test_a_delivered_job_goes_back_to_the_janitor_never_to_the_quarantine(
    settings: Settings, tmp_path: Path
) -> None:
    job = claimed(settings, tmp_path)
    job.mark(DELIVERED, {"bundle": f"{job.job_id}.age"})
    sent: list[tuple[str, dict[str, str]]] = []
    keeper = Quarantine(Spool(settings.paths.spool), settings.paths.quarantine,
                        open_ledger(settings), lambda q, b: sent.append((q, b)),
                        departments=settings.departments)
    keeper(Delivery(DEAD, {"job_id": job.job_id}, 1))
    assert sent == [(DONE, {"job_id": job.job_id})]
    assert job.exists() and not list(settings.paths.quarantine.rglob("error.json"))
    assert [r.event for r in keeper.ledger.records() if r.job_id == job.job_id] == []


def test_a_job_without_its_source_that_the_ledger_records_as_wiped_is_finished(
    settings: Settings, tmp_path: Path
) -> None:
    job = claimed(settings, tmp_path)
    keeper = quarantine(settings)
    keeper.ledger.append("wiped", job_id=job.job_id, department="kodomo", role="janitor")
    job.source.unlink()  # what an interrupted wipe of an earlier version left
    keeper(Delivery(DEAD, {"job_id": job.job_id}, 1))
    assert list(settings.paths.spool.iterdir()) == []
    assert not list(settings.paths.quarantine.rglob("error.json"))
    events = [r.event for r in keeper.ledger.records() if r.job_id == job.job_id]
    assert "quarantined" not in events


def test_the_report_says_why_in_the_operators_language_and_keeps_the_english(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")  # as the systemd units set it
    spool = Spool(settings.paths.spool)
    scan = tmp_path / "scan.png"
    scan.write_bytes(PNG)
    manifest = claim(HotFolder("kodomo", tmp_path), scan, spool, detected_at="2026-11-26T00:00:00Z")
    job = spool.job(manifest.job_id)
    reason = ("page 2 of the scan is incomplete (TIFF); scan the document again and put the "
              "new file in the hot folder")
    job.record_attempt(1, reason, "refused")
    quarantine(settings)(Delivery(DEAD, {"job_id": job.job_id}, 1))

    folder = settings.paths.quarantine / "kodomo" / job.job_id
    report = json.loads((folder / "error.json").read_text("utf-8"))
    assert report["reason"] == reason and report["what_to_do"] == ADVICE
    assert report["localized"] == {
        "language": "ja",
        "reason": "2 ページ目が途中で切れています（TIFF）。用紙をスキャンし直し、新しいファイルを"
                  "取込フォルダに置いてください",
        "what_to_do": report["localized"]["what_to_do"],
    }
    assert report["localized"]["what_to_do"].startswith("元のファイル（source.*）を開き")
    event = [json.loads(line) for line in next(settings.paths.ledger.glob("*.jsonl")).open()][-1]
    assert event["event"] == "quarantined" and event["reason"] == reason  # the ledger: English
