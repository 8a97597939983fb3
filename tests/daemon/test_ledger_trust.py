"""The ledger's trust root (issue #11, item 1): each attack by someone who can write the
ledger folder, reproduced, and now detected by `ledger verify` and by the janitor."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from daemon.cli import main
from daemon.deployment import init
from daemon.errors import LedgerError
from daemon.ledger.format import GENESIS, canonical, raw_public
from daemon.ledger.keys import open_ledger
from daemon.ledger.mark import MARK_NAME
from daemon.ledger.signing import PUBLIC_KEY_NAME, fingerprint, load_signing_key, public_pem
from daemon.ledger.verify import verify
from daemon.ledger.writer import Ledger
from daemon.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
Records = list[dict[str, Any]]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    root = tmp_path / "d"
    init(root, ["kodomo", "kokuho"])
    return root / "yomitori.toml"


@pytest.fixture
def settings(config: Path) -> Settings:
    return load_settings(config)


def scan(ledger: Ledger, job: str, n: int) -> None:
    subject = {"sha256": hashlib.sha256(f"scan {n}".encode()).hexdigest(), "bytes": 1000 * n}
    ledger.append("claimed", job_id=job, department="kodomo", subject=subject, role="watcher")
    ledger.append("delivered", job_id=job, department="kodomo", pages=1, role="ocr")
    ledger.append("wiped", job_id=job, department="kodomo", subject=subject,
                  method="overwritten once and unlinked", role="janitor")


def history(settings: Settings) -> Ledger:
    """Two scans, one quarantined and released as a new job that is then delivered."""
    ledger = open_ledger(settings, role="janitor")
    scan(ledger, "job-1", 1)
    ledger.append("claimed", job_id="job-q", department="kodomo", role="watcher")
    ledger.append("quarantined", job_id="job-q", department="kodomo", reason="x", role="janitor")
    ledger.append("released", job_id="job-q", department="kodomo", new_job_id="job-r",
                  role="operator")
    scan(ledger, "job-r", 2)
    scan(ledger, "job-2", 3)
    return ledger


def read_records(directory: Path) -> Records:
    return [
        json.loads(line)
        for path in sorted(directory.glob("*.jsonl"))
        for line in path.read_bytes().splitlines()
    ]


def resign(directory: Path, key: Ed25519PrivateKey, edit: Callable[[Records], Records]) -> None:
    """What an attacker with write access to the folder can do: rewrite the history and
    sign every line again with a key of their own, with a valid chain."""
    records = edit(read_records(directory))
    for path in directory.glob("*.jsonl"):
        path.unlink()
    prev = GENESIS
    for seq, record in enumerate(records, 1):
        line = {k: v for k, v in record.items() if k != "sig"} | {"seq": seq, "prev": prev}
        line["sig"] = base64.b64encode(key.sign(canonical(line))).decode()
        raw = canonical(line)
        prev = hashlib.sha256(raw).hexdigest()
        with (directory / f"{line['time'][:7]}.jsonl").open("ab") as fh:
            fh.write(raw + b"\n")


def swap_pub(directory: Path, key: Ed25519PrivateKey) -> None:
    (directory / PUBLIC_KEY_NAME).write_bytes(public_pem(key.public_key()))


def rotation_to(key: Ed25519PrivateKey, after: dict[str, Any]) -> dict[str, Any]:
    new = base64.b64encode(raw_public(key.public_key())).decode()
    return {**after, "event": "signing_key_rotated", "job_id": None, "department": None,
            "new_public_key": new, "role": "operator"}


def verify_cli(config: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["ledger", "verify", "-c", str(config), *extra])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


# --- the attacks of #11 item 1 ---------------------------------------------------------


def test_resigning_the_whole_chain_and_swapping_the_pub_is_caught(
    settings: Settings, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = history(settings)
    attacker = Ed25519PrivateKey.generate()
    resign(ledger.directory, attacker, lambda records: records)
    swap_pub(ledger.directory, attacker)
    # Before: verification took ledger-signing.pub from the folder and said "intact".
    assert verify(ledger.directory, [fingerprint(attacker.public_key())]).ok
    status, output = verify_cli(config, capsys)
    assert status == 1, output
    assert "line 1: the public key of the pinned first key" in output
    assert f"{PUBLIC_KEY_NAME} holds key {fingerprint(attacker.public_key())} instead" in output
    # Putting the genuine .pub back does not help the attacker either.
    swap_pub(ledger.directory, load_signing_key(settings.paths.signing_key))
    status, output = verify_cli(config, capsys)
    assert status == 1 and "line 1: signature does not match" in output


def test_dropping_a_release_and_its_wipe_then_resigning_is_caught(
    settings: Settings, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = history(settings)
    attacker = Ed25519PrivateKey.generate()

    def drop(records: Records) -> Records:
        return [r for r in records if r["event"] != "released"
                and (r["event"], r["job_id"]) != ("wiped", "job-r")]

    resign(ledger.directory, attacker, drop)
    swap_pub(ledger.directory, attacker)
    status, output = verify_cli(config, capsys)
    assert status == 1 and "line 1:" in output


def test_an_invented_wipe_is_caught_whether_or_not_the_chain_is_resigned(
    settings: Settings, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = history(settings)
    attacker = Ed25519PrivateKey.generate()
    invented = {**read_records(ledger.directory)[-1], "job_id": "job-q"}
    with (ledger.directory / f"{invented['time'][:7]}.jsonl").open("ab") as fh:
        line = {k: v for k, v in invented.items() if k != "sig"}
        line |= {"seq": invented["seq"] + 1, "prev": ledger.head()[1]}
        line["sig"] = base64.b64encode(attacker.sign(canonical(line))).decode()
        fh.write(canonical(line) + b"\n")
    status, output = verify_cli(config, capsys)
    assert status == 1 and "line 13: signature does not match" in output

    resign(ledger.directory, attacker, lambda records: records)
    swap_pub(ledger.directory, attacker)
    status, output = verify_cli(config, capsys)
    assert status == 1 and "line 1:" in output


def test_a_forged_rotation_to_the_real_key_with_a_swapped_pub_is_caught(
    settings: Settings, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The attacker signs a rewritten history with their key, then hands over to the real
    key, so the janitor, which holds the real key, would carry on appending."""
    ledger = history(settings)
    real = load_signing_key(settings.paths.signing_key)
    attacker = Ed25519PrivateKey.generate()
    resign(ledger.directory, attacker, lambda rs: [*rs[:-3], rotation_to(real, rs[-1])])
    swap_pub(ledger.directory, attacker)
    (ledger.directory / MARK_NAME).unlink(missing_ok=True)
    status, output = verify_cli(config, capsys)
    assert status == 1 and "line 1:" in output
    with pytest.raises(LedgerError, match="line 1:"):
        open_ledger(settings, role="janitor")


def test_a_rotation_to_a_key_that_is_not_pinned_is_caught_even_when_genuinely_signed(
    settings: Settings, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Even with the signing key stolen, a handover to the thief's key shows."""
    ledger = history(settings)
    thief = Ed25519PrivateKey.generate()
    record = ledger.rotate(thief)
    Ledger(ledger.directory, thief).append("wiped", job_id="job-q", department="kodomo")
    status, output = verify_cli(config, capsys)
    assert status == 1
    assert f"line {record.seq}: the key rotation hands signing over to key" in output
    assert "which is not pinned" in output
    # Pinning some other key as the next one does not accept it either.
    other = fingerprint(Ed25519PrivateKey.generate().public_key())
    status, output = verify_cli(config, capsys, "--key", settings.ledger.fingerprints[0],
                                "--key", other)
    assert status == 1 and f"but the next pinned key is {other}" in output


def test_a_pinned_rotation_that_was_cut_off_is_caught(
    settings: Settings, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = history(settings)
    new = Ed25519PrivateKey.generate()
    ledger.rotate(new)
    pins = [*settings.ledger.fingerprints, fingerprint(new.public_key())]
    keys = [arg for pin in pins for arg in ("--key", pin)]
    assert verify_cli(config, capsys, *keys)[0] == 0
    month = sorted(ledger.directory.glob("*.jsonl"))[-1]
    month.write_bytes(b"".join(month.read_bytes().splitlines(keepends=True)[:-1]))
    status, output = verify_cli(config, capsys, *keys)
    assert status == 1 and "never hands signing over to it" in output


# --- witnesses: a cut-off end ----------------------------------------------------------


def jst_month() -> str:
    return datetime.now(timezone(timedelta(hours=9))).strftime("%Y-%m")


def cut_last(directory: Path, count: int) -> None:
    month = sorted(directory.glob("*.jsonl"))[-1]
    lines = month.read_bytes().splitlines(keepends=True)
    month.write_bytes(b"".join(lines[:-count]))


def test_truncation_after_a_certificate_is_caught_with_it_as_witness(
    settings: Settings, config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = history(settings)
    cert = tmp_path / "cert.html"
    args = ["--department", "kodomo", "--month", jst_month(), "-o", str(cert)]
    assert main(["ledger", "certificate", "-c", str(config), *args]) == 0
    certified = ledger.head()
    status, output = verify_cli(config, capsys, "--witness", str(cert))
    assert status == 0, output
    assert f"the ledger still holds line {certified[0]} as witnessed" in output

    cut_last(ledger.directory, 3)  # the last scan's receipts, and the certified head
    (ledger.directory / MARK_NAME).unlink(missing_ok=True)
    assert verify_cli(config, capsys)[0] == 0  # the chain alone cannot tell
    status, output = verify_cli(config, capsys, "--witness", str(cert))
    assert status == 1
    assert f"ends at line {certified[0] - 3}, but line {certified[0]} was witnessed" in output
    # Appending after the cut does not hide it: line 12 is now another line.
    janitor = open_ledger(settings, role="janitor")
    for _ in range(3):
        janitor.append("config_loaded", role="janitor")
    status, output = verify_cli(config, capsys, "--witness", str(cert))
    assert status == 1 and f"line {certified[0]} is no longer the line witnessed" in output


def test_a_certificate_signed_by_another_key_is_no_witness(
    settings: Settings, config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history(settings)
    cert = tmp_path / "cert.html"
    args = ["--department", "kodomo", "--month", jst_month(), "-o", str(cert)]
    assert main(["ledger", "certificate", "-c", str(config), *args]) == 0
    page = cert.read_text("utf-8")
    forged = page.replace('"head_seq": ', '"head_seq": 1', 1)
    cert.write_text(forged, "utf-8")
    status, output = verify_cli(config, capsys, "--witness", str(cert))
    assert status == 1 and "not a witness: the signature does not match" in output


def checkpoint_log(settings: Settings, caplog: pytest.LogCaptureFixture, events: int) -> str:
    key = load_signing_key(settings.paths.signing_key)
    ledger = Ledger(settings.paths.ledger, key, pins=settings.ledger.fingerprints,
                    checkpoint_every=5)
    with caplog.at_level(logging.INFO, logger="daemon.ledger.writer"):
        for i in range(events):
            ledger.append("claimed", job_id=f"job-{i}", department="kodomo")
    return "\n".join(r.getMessage() for r in caplog.records)


def test_truncation_after_a_journal_checkpoint_is_caught(
    settings: Settings, config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = checkpoint_log(settings, caplog, 12)
    attacker = Ed25519PrivateKey.generate()
    forged = base64.b64encode(attacker.sign(b"yomitori-ledger-checkpoint:99:" + b"0" * 64))
    text += f"\nledger checkpoint seq=99 head={'0' * 64} sig={forged.decode()}\n"
    exported = tmp_path / "journal.txt"
    exported.write_text(text, "utf-8")
    status, output = verify_cli(config, capsys, "--checkpoints", str(exported))
    assert status == 0, output
    assert "2 signed checkpoints held, the latest at line 10" in output
    assert "1 checkpoint lines are not signed by a pinned key; ignored" in output

    cut_last(settings.paths.ledger, 3)  # back to line 9: the checkpoint of line 10 is gone
    assert verify_cli(config, capsys)[0] == 0
    status, output = verify_cli(config, capsys, "--checkpoints", str(exported))
    assert status == 1
    assert "journal checkpoint: the ledger ends at line 9, but line 10 was witnessed" in output


def test_checkpoints_can_be_read_from_the_journal(
    settings: Settings, config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = checkpoint_log(settings, caplog, 6)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exported = tmp_path / "journal.txt"
    exported.write_text(text, "utf-8")
    # journalctl stands in for the journal of a host that has none running here.
    fake = bin_dir / "journalctl"
    fake.write_text(f"#!/bin/sh\ntest \"$*\" = '--no-pager -o cat SYSLOG_IDENTIFIER=yomitori' "
                    f"&& exec cat {exported}\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    status, output = verify_cli(config, capsys, "--journal")
    assert status == 0 and "1 signed checkpoints held, the latest at line 5" in output
    cut_last(settings.paths.ledger, 2)
    status, output = verify_cli(config, capsys, "--journal")
    assert status == 1 and "line 5 was witnessed" in output


# --- no pin, fingerprint, offline verification -----------------------------------------


def unpin(config: Path) -> None:
    text = config.read_text("utf-8")
    start = text.index("fingerprints = [")
    config.write_text(text[:start] + "fingerprints = []" + text[text.index("]", start) + 1:])


def test_without_a_pin_verify_fails_and_says_how_to_pin(
    settings: Settings, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history(settings)
    unpin(config)
    status, output = verify_cli(config, capsys)
    assert status == 1 and "intact" not in output
    assert "no ledger key is pinned" in output and "yomitori ledger fingerprint" in output
    with pytest.raises(LedgerError, match="no ledger key is pinned"):
        open_ledger(load_settings(config), role="janitor")
    assert main(["check", "-c", str(config)]) == 2
    assert "ledger.fingerprints: no ledger key is pinned" in capsys.readouterr().err


def test_fingerprint_prints_the_signing_keys_and_whether_it_is_pinned(
    settings: Settings, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = load_signing_key(settings.paths.signing_key)
    assert main(["ledger", "fingerprint", "-c", str(config)]) == 0
    captured = capsys.readouterr()
    assert captured.out == fingerprint(key.public_key()) + "\n"
    assert captured.out.strip() == settings.ledger.fingerprints[0]
    assert "pinned: the last of 1" in captured.err
    unpin(config)
    assert main(["ledger", "fingerprint", "-c", str(config)]) == 0
    assert "NOT pinned" in capsys.readouterr().err


def test_a_copy_of_the_ledger_verifies_offline_with_key(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history(settings)
    pin = settings.ledger.fingerprints[0]
    capsys.readouterr()
    assert main(["ledger", "verify", "--ledger", str(settings.paths.ledger), "--key", pin]) == 0
    assert "ledger intact: 12 lines verified" in capsys.readouterr().out
    other = fingerprint(Ed25519PrivateKey.generate().public_key())
    assert main(["ledger", "verify", "--ledger", str(settings.paths.ledger), "--key", other]) == 1
    assert main(["ledger", "verify", "--ledger", str(settings.paths.ledger), "--key", "x"]) == 2


def test_certificates_carry_the_fingerprint(
    settings: Settings, config: Path, tmp_path: Path
) -> None:
    history(settings)
    cert = tmp_path / "cert.html"
    args = ["--department", "kodomo", "--month", jst_month(), "-o", str(cert)]
    assert main(["ledger", "certificate", "-c", str(config), *args]) == 0
    assert f'<dd class="hash">{settings.ledger.fingerprints[0]}</dd>' in cert.read_text("utf-8")


# --- the janitor never appends to a forged chain ---------------------------------------


def run_service(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "daemon.cli", "run", "-c", str(config)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
        env={"PATH": "/usr/bin:/bin", "YOMITORI_METRICS__LISTEN": ""},
    )


def test_the_janitor_refuses_to_start_on_a_forged_chain(settings: Settings, config: Path) -> None:
    ledger = history(settings)
    attacker = Ed25519PrivateKey.generate()
    before = len(read_records(ledger.directory))
    resign(ledger.directory, attacker, lambda rs: rs[:-3])
    swap_pub(ledger.directory, attacker)
    (ledger.directory / MARK_NAME).unlink(missing_ok=True)
    done = run_service(config)
    assert done.returncode == 1, done.stderr
    [line] = [row for row in done.stderr.splitlines() if row.startswith("yomitori:")]
    assert "fails verification at" in line and ".jsonl line 1:" in line
    assert len(read_records(ledger.directory)) == before - 3  # nothing was appended


def test_the_janitor_refuses_a_forged_line_after_its_mark_and_a_cut_before_it(
    settings: Settings,
) -> None:
    ledger = history(settings)
    open_ledger(settings, role="janitor")  # leaves the verified mark at the head
    attacker = Ed25519PrivateKey.generate()
    seq, head = ledger.head()
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    line = {"seq": seq + 1, "time": now, "event": "wiped", "job_id": "job-q",
            "department": "kodomo", "prev": head}
    line["sig"] = base64.b64encode(attacker.sign(canonical(line))).decode()
    month = sorted(ledger.directory.glob("*.jsonl"))[-1]
    with month.open("ab") as fh:
        fh.write(canonical(line) + b"\n")
    with pytest.raises(LedgerError, match=f"line {seq + 1}: signature does not match"):
        open_ledger(settings, role="janitor")
    with pytest.raises(LedgerError, match=f"line {seq + 1}: signature does not match"):
        ledger.append("claimed", job_id="after-forgery")  # a running janitor stops too
    cut_last(ledger.directory, 4)
    with pytest.raises(LedgerError, match=f"no longer holds line {seq}"):
        open_ledger(settings, role="janitor")


def test_a_running_janitor_does_not_append_after_its_end_was_cut(settings: Settings) -> None:
    ledger = history(settings)
    seq, _ = ledger.head()
    cut_last(ledger.directory, 2)
    with pytest.raises(LedgerError, match=f"no longer holds line {seq} .*removed from its end"):
        ledger.append("claimed", job_id="after-the-cut")
    assert ledger.head()[0] == seq - 2


def test_the_janitor_verifies_only_the_lines_after_its_mark(settings: Settings) -> None:
    history(settings)
    first = open_ledger(settings, role="janitor")
    assert first.verified_seq == 12
    for i in range(7):
        first.append("claimed", job_id=f"more-{i}")
    key = load_signing_key(settings.paths.signing_key)
    again = Ledger(settings.paths.ledger, key, pins=settings.ledger.fingerprints)
    assert again.check() == 7  # the mark was left at line 12
    mark = json.loads((settings.paths.ledger / MARK_NAME).read_text())
    assert mark["seq"] == 19
    # A mark signed by another key is ignored: everything is verified again.
    bogus = {**mark, "sig": base64.b64encode(b"\0" * 64).decode()}
    (settings.paths.ledger / MARK_NAME).write_text(json.dumps(bogus))
    fresh = Ledger(settings.paths.ledger, key, pins=settings.ledger.fingerprints)
    assert fresh.check() == 19
