"""End to end: hot folders → bus → OCR → encrypted outbox → janitor, over both transports.

Real Tesseract, real RabbitMQ (127.0.0.1:5672), and the stock `age` CLI to decrypt.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path

from helpers import (
    Deployment,
    PlaintextWatch,
    Samples,
    age_decrypt,
    assert_accounted,
    attempt_kinds,
    ledger_records,
    open_with_age,
    settled,
    sha256,
    squash,
    wait_for,
)

from benchmarks.cer import cer


def test_scans_become_one_bundle_each_in_their_department(
    deployment: Deployment, samples: tuple[Path, dict[str, list[str]]]
) -> None:
    folder, truth = samples
    dep = deployment
    # One file is there before the service starts.
    early = dep.drop(folder / "notice.png", "kodomo")
    sources = {"notice.png": ("kodomo", sha256(early))}
    dep.start()
    for name, dept in [
        ("two-page.tif", "kodomo"),
        ("notice.pdf", "kodomo"),
        ("notice.jpg", "kokuho"),
        ("notice.bmp", "kokuho"),
    ]:
        sources[name] = (dept, sha256(folder / name))
        dep.drop(folder / name, dept)

    wait_for(lambda: settled(dep, len(sources)), 240, "every scan to be delivered")
    assert not list(dep.quarantine.rglob("error.json")), dep.log_text()

    by_sha: dict[str, tuple[str, Path]] = {}
    for dept in ("kodomo", "kokuho"):
        other = "kokuho" if dept == "kodomo" else "kodomo"
        for bundle in dep.bundles(dept):
            assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{12}\.age", bundle.name)
            archive = open_with_age(bundle, dep.key(dept))
            assert age_decrypt(bundle, dep.key(other)).returncode != 0
            result = json.loads(archive.read("result.json"))
            assert result["department"] == dept
            by_sha[result["source"]["sha256"]] = (dept, bundle)
            name = next(
                n for n, (_, digest) in sources.items() if digest == result["source"]["sha256"]
            )
            assert result["source"]["pages"] == len(truth[name])
            assert len(result["pages"]) == len(truth[name])
            assert f"pages/{len(truth[name]):04d}.png" in archive.namelist()
            assert squash(archive.read("text.txt").decode()) == squash(result["text"])
            for page, expected in zip(result["pages"], truth[name], strict=True):
                assert 0.0 < page["confidence"] <= 1.0
                assert cer(page["text"], expected) < 0.1, (name, page["text"])
    # Exactly one bundle per source, each in its own department's outbox.
    assert len(dep.bundles()) == len(sources)
    assert {digest: dept for dept, digest in sources.values()} == {
        digest: dept for digest, (dept, _) in by_sha.items()
    }
    assert_accounted(dep, {digest: dept for dept, digest in sources.values()})

    verify = dep.cli("ledger", "verify", "-c", str(dep.config), check=False)
    assert verify.returncode == 0, verify.stderr
    wiped = [r for r in ledger_records(dep) if r["event"] == "wiped"]
    assert sorted(r["subject"]["sha256"] for r in wiped) == sorted(d for _, d in sources.values())
    assert all(r["method"] == "overwritten once and unlinked" for r in wiped)


def test_a_file_written_slowly_is_claimed_only_when_complete(
    deployment: Deployment, samples: Samples
) -> None:
    folder, _ = samples
    dep = deployment
    # Pieces come 0.5 s apart: a 2 s stability wait leaves 1.5 s for a loaded machine to
    # delay one, where the usual 1 s left too little.
    dep.env["YOMITORI_INTAKE__STABLE_SECONDS"] = "2"
    dep.start()
    data = (folder / "two-page.tif").read_bytes()
    target = dep.hot("kodomo") / "slow.tif"
    chunks = 13
    step = len(data) // chunks + 1
    with target.open("wb") as fh:
        for i in range(0, len(data), step):
            fh.write(data[i : i + step])
            fh.flush()
            os.fsync(fh.fileno())
            time.sleep(0.5)
            assert not dep.spool_jobs() and not dep.bundles(), "claimed before it was complete"
    wait_for(lambda: settled(dep, 1), 120, "the slow file to be delivered")
    assert not list(dep.quarantine.rglob("error.json")), dep.log_text()
    [bundle] = dep.bundles("kodomo")
    result = json.loads(open_with_age(bundle, dep.key("kodomo")).read("result.json"))
    assert result["source"]["sha256"] == hashlib.sha256(data).hexdigest()


def test_an_undecodable_file_is_quarantined_and_the_service_goes_on(
    deployment: Deployment, samples: Samples
) -> None:
    folder, _ = samples
    dep = deployment
    dep.start()
    broken = (folder / "notice.png").read_bytes()[:300]
    (dep.hot("kokuho") / "broken.png").write_bytes(broken)
    wait_for(lambda: any(dep.quarantine.glob("kokuho/*/error.json")), 120, "the quarantine")
    [report_path] = dep.quarantine.glob("kokuho/*/error.json")
    report = json.loads(report_path.read_text("utf-8"))
    assert report["department"] == "kokuho"
    assert "scan" in report["reason"] and report["attempts"]
    assert report["attempts"][0]["attempt"] == 1
    assert (report_path.parent / report["source"]["file"]).read_bytes() == broken
    # The service is still working.
    dep.drop(folder / "notice.jpg", "kokuho")
    wait_for(lambda: settled(dep, 2), 120, "the next scan to be delivered")
    assert len(dep.bundles("kokuho")) == 1
    events = [r["event"] for r in ledger_records(dep)]
    assert "quarantined" in events
    assert dep.cli("ledger", "verify", "-c", str(dep.config), check=False).returncode == 0


def test_an_outbox_that_cannot_be_written_delays_the_job_and_never_quarantines_it(
    deployment: Deployment, samples: Samples
) -> None:
    """An infrastructure failure waits, retried with growing delays past the delivery
    limit, shows in `yomitori status`, and the job is delivered once the outbox is back."""
    folder, _ = samples
    dep = deployment
    outbox = dep.outbox("kokuho")
    dep.start(env={"YOMITORI_BROKER__DELIVERY_LIMIT": "1"})
    wait_for(lambda: "started roles" in dep.log_text(), 60, "the service to start")
    outbox.rmdir()
    outbox.write_text("an outbox replaced by a file by mistake\n")
    with PlaintextWatch(dep) as watch:
        dep.drop(folder / "notice.jpg", "kokuho")

        # Delivery limit 1, yet it keeps waiting: four retries and more.
        wait_for(
            lambda: attempt_kinds(dep).count("infrastructure") >= 4, 120, "the job to wait"
        )
        assert not list(dep.quarantine.rglob("error.json"))
        status = dep.cli("status", "-c", str(dep.config), check=False)
        assert status.returncode == 1
        assert "1 waiting on infrastructure" in status.stdout
        assert f"cannot write to the outbox {outbox}" in status.stdout
        outbox.unlink()
        outbox.mkdir()
        wait_for(lambda: settled(dep, 1), 120, "the job to be delivered")
    assert watch.seen == []
    assert_accounted(dep, {sha256(folder / "notice.jpg"): "kokuho"})
