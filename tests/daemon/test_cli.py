"""The command line: keygen, open, ocr."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from daemon.cli import main
from handlers.bundle import write_bundle


def keygen(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["keygen", "-o", str(path)]) == 0
    return capsys.readouterr().out.strip()


def test_keygen_writes_a_private_identity_the_age_tool_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "kodomo.key"
    recipient = keygen(key, capsys)
    assert recipient.startswith("age1")
    assert key.stat().st_mode & 0o777 == 0o600
    shown = subprocess.run(["age-keygen", "-y", str(key)], capture_output=True, text=True)
    assert shown.stdout.strip() == recipient
    assert main(["keygen", "-o", str(key)]) == 2  # never overwrites an identity


def make_bundle(tmp_path: Path, recipient: str) -> Path:
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    entries = {"result.json": json.dumps({"job_id": "j"}).encode(), "text.txt": "本文".encode()}
    return write_bundle(outbox, "20261126T000000Z-000000000000.age", [recipient], entries)


def test_open_unpacks_bundles_for_the_right_identity_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, other = tmp_path / "mine.key", tmp_path / "other.key"
    bundle = make_bundle(tmp_path, keygen(mine, capsys))
    keygen(other, capsys)
    out = tmp_path / "opened"
    assert main(["open", str(bundle), "-i", str(mine), "-o", str(out)]) == 0
    assert (out / bundle.stem / "text.txt").read_text("utf-8") == "本文"
    assert main(["open", str(bundle), "-i", str(other), "-o", str(out)]) == 1
    assert "cannot decrypt" in capsys.readouterr().err


def test_ocr_prints_one_result_per_file_in_order_and_goes_on_after_a_bad_one(
    tmp_path: Path, samples: tuple[Path, dict[str, list[str]]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = samples
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    files = [folder / "notice.png", bad, folder / "two-page.tif"]
    assert main(["ocr", "--json", *map(str, files)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["source"]["media_type"] == "image/png" and first["source"]["pages"] == 1
    assert second["source"]["media_type"] == "image/tiff" and second["source"]["pages"] == 2
    assert "bad.png" in captured.err


def test_a_bundle_for_several_recipients_opens_with_each_identity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    department, escrow = tmp_path / "dept.key", tmp_path / "escrow.key"
    recipients = [keygen(department, capsys), keygen(escrow, capsys)]
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    name = "20261126T000000Z-000000000001.age"
    bundle = write_bundle(outbox, name, recipients, {"text.txt": "本文".encode()})
    for key in (department, escrow):
        done = subprocess.run(["age", "-d", "-i", str(key), str(bundle)], capture_output=True)
        assert done.returncode == 0 and zipfile.is_zipfile(io.BytesIO(done.stdout))
