"""Tests for daemon.ledger.writer: signing, chaining, month files, tamper detection, concurrency."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import multiprocessing
import stat
from datetime import UTC, datetime, timedelta, timezone
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from daemon.errors import LedgerError
from daemon.ledger.format import GENESIS, Record
from daemon.ledger.signing import PUBLIC_KEY_NAME, fingerprint, load_or_create_signing_key
from daemon.ledger.verify import verify
from daemon.ledger.writer import Ledger

NOV = datetime(2026, 11, 26, 7, 10, 16, 123456, tzinfo=UTC)


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def ledger_dir(tmp_path: Path) -> Path:
    return tmp_path / "ledger"


@pytest.fixture
def ledger(ledger_dir: Path, key: Ed25519PrivateKey) -> Ledger:
    return Ledger(ledger_dir, key, host="scan-01")


def pins(*keys: Ed25519PublicKey) -> list[str]:
    return [fingerprint(key) for key in keys]


def fill(ledger: Ledger, count: int, when: datetime = NOV) -> list[Record]:
    return [
        ledger.append("claimed", job_id=f"job-{i}", department="kokuho", now=when, pages=i)
        for i in range(1, count + 1)
    ]


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def first_bad(ledger: Ledger) -> str | None:
    result = verify(ledger.directory, pins(ledger.public_key))
    assert result.ok is (result.first_bad is None)
    return result.first_bad


# --- round trip and format -------------------------------------------------------------


def test_append_then_verify_roundtrip(ledger: Ledger, ledger_dir: Path) -> None:
    written = fill(ledger, 3)
    written.append(ledger.append("key_rotated", now=NOV))

    assert list(ledger.records()) == written
    assert verify(ledger_dir, pins(ledger.public_key)).ok
    assert verify(ledger_dir, pins(ledger.public_key)).lines == 4
    assert [r["seq"] for r in written] == [1, 2, 3, 4]
    assert written[0]["prev"] == GENESIS
    assert written[0]["time"] == "2026-11-26T07:10:16.123456Z"
    assert written[0]["host"] == "scan-01" and written[0]["pages"] == 1
    assert written[3]["job_id"] is None and written[3]["department"] is None
    assert sorted(p.name for p in ledger_dir.glob("*.jsonl")) == ["2026-11.jsonl"]


def test_line_format_matches_contract(ledger: Ledger, ledger_dir: Path) -> None:
    """Re-derive prev and sig independently of the module's helpers."""
    fill(ledger, 2)
    raw = lines_of(ledger_dir / "2026-11.jsonl")
    for before, line in itertools.pairwise(raw):
        record = json.loads(line)
        assert record["prev"] == hashlib.sha256(before.rstrip(b"\n")).hexdigest()
        unsigned = {k: v for k, v in record.items() if k != "sig"}
        payload = json.dumps(unsigned, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        ledger.public_key.verify(base64.b64decode(record["sig"]), payload.encode())
        canonical = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        assert line == canonical.encode() + b"\n"


def test_non_ascii_fields_are_written_as_utf8(ledger: Ledger, ledger_dir: Path) -> None:
    ledger.append("wiped", job_id="j", department="国民健康保険課", now=NOV, method="unlinked")
    assert "国民健康保険課".encode() in (ledger_dir / "2026-11.jsonl").read_bytes()
    assert first_bad(ledger) is None


def test_head(ledger: Ledger, ledger_dir: Path) -> None:
    assert ledger.head() == (0, GENESIS)
    fill(ledger, 2)
    last = lines_of(ledger_dir / "2026-11.jsonl")[-1].rstrip(b"\n")
    assert ledger.head() == (2, hashlib.sha256(last).hexdigest())


def test_reserved_fields_are_refused(ledger: Ledger) -> None:
    with pytest.raises(ValueError, match="seq"):
        ledger.append("claimed", seq=7)


def test_naive_and_offset_times_are_stored_as_utc(ledger: Ledger) -> None:
    tokyo = timezone(timedelta(hours=9))
    record = ledger.append("claimed", now=datetime(2026, 12, 1, 8, 0, tzinfo=tokyo))
    assert record["time"] == "2026-11-30T23:00:00.000000Z"
    naive = ledger.append("claimed", now=datetime(2026, 11, 30, 23, 30))
    assert naive["time"] == "2026-11-30T23:30:00.000000Z"


def test_missing_or_empty_ledger_verifies(tmp_path: Path, ledger: Ledger) -> None:
    assert verify(tmp_path / "nowhere", pins(ledger.public_key)).ok
    result = verify(ledger.directory, pins(ledger.public_key))
    assert (result.ok, result.lines, result.first_bad) == (True, 0, None)


# --- month files -----------------------------------------------------------------------


def test_month_rollover_chains_across_files(ledger: Ledger, ledger_dir: Path) -> None:
    fill(ledger, 2, NOV)
    december = ledger.append("claimed", job_id="d", now=datetime(2026, 12, 1, tzinfo=UTC))

    nov_last = lines_of(ledger_dir / "2026-11.jsonl")[-1].rstrip(b"\n")
    assert december["seq"] == 3
    assert december["prev"] == hashlib.sha256(nov_last).hexdigest()
    assert len(lines_of(ledger_dir / "2026-12.jsonl")) == 1
    assert [r["seq"] for r in ledger.records()] == [1, 2, 3]
    assert first_bad(ledger) is None


def test_clock_going_back_stays_in_newest_file(ledger: Ledger, ledger_dir: Path) -> None:
    ledger.append("claimed", now=datetime(2026, 12, 1, tzinfo=UTC))
    late = ledger.append("claimed", now=datetime(2026, 11, 30, 23, 59, tzinfo=UTC))
    assert late["time"].startswith("2026-11-30")
    assert not (ledger_dir / "2026-11.jsonl").exists()
    assert len(lines_of(ledger_dir / "2026-12.jsonl")) == 2
    assert first_bad(ledger) is None


def test_empty_month_file_from_a_crash_is_harmless(ledger: Ledger, ledger_dir: Path) -> None:
    fill(ledger, 2, NOV)
    (ledger_dir / "2026-12.jsonl").touch()  # crash between creating the file and writing
    assert ledger.head()[0] == 2
    record = ledger.append("claimed", now=datetime(2026, 12, 1, tzinfo=UTC))
    assert record["seq"] == 3 and len(lines_of(ledger_dir / "2026-12.jsonl")) == 1
    assert first_bad(ledger) is None


def test_removed_month_file_is_named(ledger: Ledger, ledger_dir: Path) -> None:
    for month in (10, 11, 12):
        fill(ledger, 2, datetime(2026, month, 5, tzinfo=UTC))
    (ledger_dir / "2026-11.jsonl").unlink()
    assert first_bad(ledger) == (
        "2026-12.jsonl line 1: prev does not match the last line of 2026-10.jsonl "
        "(a line or month file was removed, or reordered)"
    )


# --- signing key -----------------------------------------------------------------------


def test_signing_key_is_created_0600_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "ledger.pem"
    key, created = load_or_create_signing_key(path)
    assert created
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert b"BEGIN PRIVATE KEY" in path.read_bytes()
    assert not [p for p in path.parent.iterdir() if p != path]  # no temporary left behind

    again, created_again = load_or_create_signing_key(path)
    assert not created_again
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    assert again.public_key().public_bytes(*raw) == key.public_key().public_bytes(*raw)


def test_signing_key_that_is_not_ed25519_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ledger.pem"
    path.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(LedgerError, match="not an Ed25519 key"):
        load_or_create_signing_key(path)
    path.write_bytes(b"not a key")
    with pytest.raises(LedgerError, match="not an unencrypted PEM"):
        load_or_create_signing_key(path)


def test_unreadable_signing_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ledger.pem"
    path.mkdir()  # tests may run as root, so a directory stands in for "cannot read"
    with pytest.raises(LedgerError, match="Cannot read the ledger signing key"):
        load_or_create_signing_key(path)


def test_public_key_is_written_for_witnesses(ledger: Ledger, ledger_dir: Path) -> None:
    fill(ledger, 2)
    assert b"BEGIN PUBLIC KEY" in (ledger_dir / PUBLIC_KEY_NAME).read_bytes()
    assert verify(ledger_dir, pins(ledger.public_key)).ok


def test_opening_with_another_key_is_refused(ledger: Ledger, ledger_dir: Path) -> None:
    fill(ledger, 1)
    other = Ledger(ledger_dir, Ed25519PrivateKey.generate(), pins=pins(ledger.public_key))
    with pytest.raises(LedgerError, match="is not the key the pinned ledger is signed with"):
        other.check()
    with pytest.raises(LedgerError, match="is not the key the pinned ledger is signed with"):
        other.append("claimed", job_id="x")


# --- tampering -------------------------------------------------------------------------


def rewrite(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(lines))


def test_edited_value_is_caught(ledger: Ledger, ledger_dir: Path) -> None:
    fill(ledger, 4)
    path = ledger_dir / "2026-11.jsonl"
    lines = lines_of(path)
    lines[2] = lines[2].replace(b'"pages":3', b'"pages":9')
    rewrite(path, lines)
    assert first_bad(ledger) == (
        "2026-11.jsonl line 3: signature does not match "
        "(the line was edited, or signed with another key)"
    )
    assert verify(ledger_dir, pins(ledger.public_key)).lines == 2


def test_reformatted_line_is_caught(ledger: Ledger, ledger_dir: Path) -> None:
    fill(ledger, 3)
    path = ledger_dir / "2026-11.jsonl"
    lines = lines_of(path)
    lines[2] = json.dumps(json.loads(lines[2]), ensure_ascii=False).encode() + b"\n"
    rewrite(path, lines)
    assert first_bad(ledger) == (
        "2026-11.jsonl line 3: the line is not in canonical form (it was edited after signing)"
    )


def test_removed_middle_line_is_caught(ledger: Ledger, ledger_dir: Path) -> None:
    fill(ledger, 5)
    path = ledger_dir / "2026-11.jsonl"
    lines = lines_of(path)
    del lines[2]
    rewrite(path, lines)
    assert first_bad(ledger) == (
        "2026-11.jsonl line 3: prev does not match line 2 "
        "(a line or month file was removed, or reordered)"
    )


def test_removed_first_line_is_caught(ledger: Ledger, ledger_dir: Path) -> None:
    fill(ledger, 3)
    path = ledger_dir / "2026-11.jsonl"
    rewrite(path, lines_of(path)[1:])
    bad = first_bad(ledger)
    assert bad is not None and bad.startswith("2026-11.jsonl line 1: prev is not the start")


def test_swapped_lines_are_caught(ledger: Ledger, ledger_dir: Path) -> None:
    fill(ledger, 5)
    path = ledger_dir / "2026-11.jsonl"
    lines = lines_of(path)
    lines[1], lines[2] = lines[2], lines[1]
    rewrite(path, lines)
    bad = first_bad(ledger)
    assert bad is not None and bad.startswith("2026-11.jsonl line 2: prev does not match line 1")


def test_truncated_last_line_is_caught_and_blocks_appends(ledger: Ledger, ledger_dir: Path) -> None:
    fill(ledger, 3)
    path = ledger_dir / "2026-11.jsonl"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # crash in the middle of the third line
    assert first_bad(ledger) == (
        "2026-11.jsonl line 3: the line is cut off (Yomitori probably stopped while writing it)"
    )
    with pytest.raises(LedgerError, match="yomitori ledger repair"):
        ledger.append("claimed", job_id="x", now=NOV)
    with pytest.raises(LedgerError, match="yomitori ledger repair"):
        ledger.head()
    assert path.read_bytes() == data[: len(data) - 40]  # nothing chained onto the torn line


def test_unsigned_appended_line_is_caught(ledger: Ledger, ledger_dir: Path) -> None:
    fill(ledger, 3)
    path = ledger_dir / "2026-11.jsonl"
    seq, prev = ledger.head()
    forged = {
        "seq": seq + 1,
        "time": "2026-11-27T00:00:00.000000Z",
        "event": "wiped",
        "job_id": "job-1",
        "department": "kokuho",
        "prev": prev,
        "sig": "AAAA",
    }
    line = json.dumps(forged, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    with path.open("ab") as f:
        f.write(line.encode() + b"\n")
    bad = first_bad(ledger)
    assert bad is not None and bad.startswith("2026-11.jsonl line 4: signature does not match")


def test_wrong_key_fails_on_first_line(ledger: Ledger, ledger_dir: Path) -> None:
    fill(ledger, 2)
    other = Ed25519PrivateKey.generate().public_key()
    result = verify(ledger_dir, pins(other), known=[other])
    assert not result.ok and result.lines == 0
    assert result.first_bad is not None
    assert result.first_bad.startswith("2026-11.jsonl line 1: signature does not match")


def test_deleted_last_line_needs_a_witness_checkpoint(ledger: Ledger, ledger_dir: Path) -> None:
    """The chain alone cannot show a cut tail; only a head() kept elsewhere can."""
    fill(ledger, 3)
    checkpoint = ledger.head()
    path = ledger_dir / "2026-11.jsonl"
    rewrite(path, lines_of(path)[:-1])
    assert verify(ledger_dir, pins(ledger.public_key)).ok
    assert ledger.head() != checkpoint
    assert ledger.head()[0] == 2


# --- idempotency index -----------------------------------------------------------------


def test_has_sees_own_appends_existing_files_and_other_instances(
    ledger: Ledger, ledger_dir: Path, key: Ed25519PrivateKey
) -> None:
    assert not ledger.has("job-1", "claimed")
    ledger.append("claimed", job_id="job-1", now=NOV)
    assert ledger.has("job-1", "claimed")
    assert not ledger.has("job-1", "wiped")
    assert not ledger.has("job-2", "claimed")

    other = Ledger(ledger_dir, key)  # stands in for another process
    assert other.has("job-1", "claimed")  # built from the files
    other.append("wiped", job_id="job-1", now=datetime(2026, 12, 2, tzinfo=UTC))
    other.append("claimed", job_id="job-2", now=datetime(2026, 12, 2, tzinfo=UTC))
    assert ledger.has("job-1", "wiped")
    assert ledger.has("job-2", "claimed")
    assert not ledger.has("job-2", "wiped")


# --- concurrency -----------------------------------------------------------------------


def _append_many(directory: str, key_path: str, worker: int, count: int, start: Barrier) -> None:
    key, _ = load_or_create_signing_key(Path(key_path))
    ledger = Ledger(Path(directory), key, host=f"worker-{worker}")
    start.wait()  # without this, process start-up staggers the workers and nothing overlaps
    for i in range(count):
        ledger.append("claimed", job_id=f"w{worker}-{i}", department="kokuho")


def test_concurrent_appends_from_processes(tmp_path: Path) -> None:
    key_path = tmp_path / "keys" / "ledger.pem"
    key, _ = load_or_create_signing_key(key_path)
    directory = tmp_path / "ledger"
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(4)
    workers = [
        context.Process(target=_append_many, args=(str(directory), str(key_path), n, 50, start))
        for n in range(4)
    ]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
        assert process.exitcode == 0

    result = verify(directory, pins(key.public_key()))
    assert (result.ok, result.lines, result.first_bad) == (True, 200, None)
    records = list(Ledger(directory, key).records())
    assert [r["seq"] for r in records] == list(range(1, 201))
    assert len({r["job_id"] for r in records}) == 200


def _append_once_each(directory: str, key_path: str, jobs: int, start: Barrier) -> None:
    key, _ = load_or_create_signing_key(Path(key_path))
    ledger = Ledger(Path(directory), key, pins=[fingerprint(key.public_key())])
    start.wait()
    for i in range(jobs):
        ledger.append_once("wiped", job_id=f"job-{i}", department="kokuho")


def test_append_once_from_racing_processes_writes_exactly_one_line_per_job(
    tmp_path: Path,
) -> None:
    key_path = tmp_path / "keys" / "ledger.pem"
    key, _ = load_or_create_signing_key(key_path)
    directory = tmp_path / "ledger"
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(4)
    racers = [
        context.Process(target=_append_once_each, args=(str(directory), str(key_path), 30, start))
        for _ in range(4)
    ]
    for process in racers:
        process.start()
    for process in racers:
        process.join(timeout=120)
        assert process.exitcode == 0
    records = list(Ledger(directory, key).records())
    assert sorted(r.job_id or "" for r in records) == sorted(f"job-{i}" for i in range(30))
    assert verify(directory, pins(key.public_key())).ok


def test_append_once_returns_none_when_the_event_is_there(ledger: Ledger) -> None:
    first = ledger.append_once("delivered", job_id="j", department="kokuho", pages=1)
    assert first is not None and first["pages"] == 1
    assert ledger.append_once("delivered", job_id="j", department="kokuho", pages=2) is None
    assert ledger.append_once("wiped", job_id="j") is not None
    assert [r.event for r in ledger.records()] == ["delivered", "wiped"]


def test_rotation_hands_signing_over_to_the_new_key(tmp_path: Path) -> None:
    directory = tmp_path / "ledger"
    old_key = Ed25519PrivateKey.generate()
    new_key = Ed25519PrivateKey.generate()
    chain = pins(old_key.public_key(), new_key.public_key())
    ledger = Ledger(directory, old_key, pins=chain[:1])
    ledger.append("claimed", job_id="a")
    ledger.rotate(new_key, role="operator")
    with pytest.raises(LedgerError, match="not pinned"):
        ledger.append("wiped", job_id="a")  # the new key must be pinned first
    assert "not pinned" in (verify(directory, chain[:1]).first_bad or "")
    ledger = Ledger(directory, new_key, pins=chain)
    ledger.append("wiped", job_id="a")
    assert verify(directory, chain).ok
    assert verify(directory, chain).lines == 3
    # The service restarts with the new key only: the pinned chain vouches for it.
    restarted = Ledger(directory, new_key, pins=chain)
    restarted.check()
    restarted.append("claimed", job_id="b")
    assert verify(directory, chain).ok
    # A key the chain never handed over to is refused.
    with pytest.raises(LedgerError):
        Ledger(directory, Ed25519PrivateKey.generate(), pins=chain).check()
    # A line signed by the old key after the handover does not verify.
    Ledger(directory, old_key).append("wiped", job_id="b")
    result = verify(directory, chain)
    assert not result.ok and "line 5" in (result.first_bad or "")


def test_checkpoints_are_logged_and_signed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from daemon.ledger.signing import checkpoint_signature

    key = Ed25519PrivateKey.generate()
    ledger = Ledger(tmp_path / "ledger", key, checkpoint_every=3)
    with caplog.at_level("INFO", logger="daemon.ledger.writer"):
        for i in range(7):
            ledger.append("claimed", job_id=str(i))
    lines = [r.getMessage() for r in caplog.records if "checkpoint" in r.getMessage()]
    assert len(lines) == 2 and "seq=6" in lines[1]
    assert ledger.head()[0] == 7
    fields = dict(part.split("=", 1) for part in lines[1].split()[2:])
    signature = base64.b64decode(fields["sig"])
    key.public_key().verify(signature, f"yomitori-ledger-checkpoint:6:{fields['head']}".encode())
    assert checkpoint_signature(key, 6, fields["head"]) == fields["sig"]
