"""A full ledger disk never breaks the ledger (issue #12, item 1): appends are all or
nothing, and `yomitori ledger repair` removes a torn last line, only that, with a record."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from helpers import fill_disk, small_tmpfs

from daemon.cli import main
from daemon.deployment import init
from daemon.errors import LedgerError, LedgerUnavailable, YomitoriError
from daemon.ledger.keys import open_ledger
from daemon.ledger.verify import verify
from daemon.ledger.writer import Ledger
from daemon.settings import Settings, load_settings


@pytest.fixture
def config(tmp_path: Path) -> Path:
    root = tmp_path / "d"
    init(root, ["kodomo", "kokuho"])
    return root / "yomitori.toml"


@pytest.fixture
def settings(config: Path) -> Settings:
    return load_settings(config)


def filled(settings: Settings, count: int = 5) -> Ledger:
    ledger = open_ledger(settings, role="janitor")
    for i in range(count):
        ledger.append("claimed", job_id=f"job-{i}", department="kodomo", role="watcher")
    return ledger


def month(settings: Settings) -> Path:
    return sorted(settings.paths.ledger.glob("*.jsonl"))[-1]


def repair(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["ledger", "repair", "-c", str(config)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@pytest.mark.parametrize(
    "torn",
    [
        b'{"department":"kodomo","event":"wiped","job_id":"job-',  # cut off mid-line
        b"\0\0\0\0\0\0\0\0",  # blocks allocated, never written (power loss)
        b'{"not": "a record"}\n',  # complete, but no ledger line
    ],
)
def test_repair_removes_a_torn_last_line_and_records_it(
    settings: Settings, config: Path, capsys: pytest.CaptureFixture[str], torn: bytes
) -> None:
    filled(settings)
    path = month(settings)
    with path.open("ab") as fh:
        fh.write(torn)
    with pytest.raises(LedgerError, match="yomitori ledger repair"):
        open_ledger(settings, role="janitor")
    status, output = repair(config, capsys)
    assert status == 0, output
    assert f"({len(torn)} bytes, SHA-256 {hashlib.sha256(torn).hexdigest()})" in output
    last = json.loads(path.read_bytes().splitlines()[-1])
    assert last["event"] == "ledger_repaired" and last["seq"] == 6
    assert last["removed_bytes"] == len(torn)
    assert last["removed_sha256"] == hashlib.sha256(torn).hexdigest()
    assert "job-" not in json.dumps(last)  # what was removed is never written down
    assert verify(settings.paths.ledger, settings.ledger.fingerprints).ok
    open_ledger(settings, role="janitor").append("claimed", job_id="after", role="watcher")
    assert repair(config, capsys) == (0, "nothing to repair: the ledger's last line is complete\n")


def test_repair_refuses_a_bad_line_in_the_middle(
    settings: Settings, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled(settings)
    path = month(settings)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b"job-2", b"job-9")
    path.write_bytes(b"".join(lines) + b'{"torn')
    before = path.read_bytes()
    status, output = repair(config, capsys)
    assert status == 1
    assert f"{path.name} line 3: signature does not match" in output
    assert path.read_bytes() == before  # nothing removed, nothing added


def test_repair_refuses_a_last_line_that_is_a_record_but_does_not_verify(
    settings: Settings, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled(settings)
    path = month(settings)
    data = path.read_bytes()
    path.write_bytes(data.replace(b"job-4", b"job-8"))
    status, output = repair(config, capsys)
    assert status == 1 and f"{path.name} line 5: signature does not match" in output
    assert path.read_bytes() == data.replace(b"job-4", b"job-8")


def test_repair_needs_a_pin(settings: Settings, config: Path) -> None:
    filled(settings)
    text = config.read_text("utf-8")
    config.write_text(text.replace(settings.ledger.fingerprints[0], ""), "utf-8")
    assert main(["ledger", "repair", "-c", str(config)]) == 2  # an empty pin is invalid


def test_a_full_ledger_disk_fails_appends_whole_and_recovers_when_freed(
    settings: Settings,
) -> None:
    with small_tmpfs(settings.paths.ledger, "64k"):
        ledger = filled(settings, 3)
        filler = fill_disk(settings.paths.ledger)
        failures = 0
        for i in range(200):  # until the disk refuses, then a few more
            try:
                ledger.append("wiped", job_id=f"job-{i}", department="kodomo",
                              subject={"sha256": "0" * 64, "bytes": i}, role="janitor")
            except LedgerUnavailable as exc:
                assert "the work is retried later" in str(exc)
                failures += 1
                if failures == 5:
                    break
        assert failures == 5
        data = month(settings).read_bytes()
        assert data.endswith(b"\n")  # no part of a refused line was left behind
        assert verify(settings.paths.ledger, settings.ledger.fingerprints).ok
        filler.unlink()
        record = ledger.append("wiped", job_id="after", department="kodomo", role="janitor")
        assert record.seq == data.count(b"\n") + 1
        assert verify(settings.paths.ledger, settings.ledger.fingerprints).ok


def test_ledger_unavailable_is_an_infrastructure_failure_not_an_input_error() -> None:
    from daemon.errors import InputError

    assert issubclass(LedgerUnavailable, LedgerError)
    assert issubclass(LedgerUnavailable, YomitoriError)
    assert not issubclass(LedgerUnavailable, InputError)  # never quarantines a job
