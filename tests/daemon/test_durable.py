"""Durable files: whole or not at all, with the folder fsynced so a rename survives."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from daemon import durable


@pytest.fixture
def fsynced(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bool]]:
    """Every fsync: (inode, whether it was a folder)."""
    calls: list[tuple[int, bool]] = []
    real = os.fsync

    def record(fd: int) -> None:
        st = os.fstat(fd)
        calls.append((st.st_ino, stat.S_ISDIR(st.st_mode)))
        real(fd)

    monkeypatch.setattr(os, "fsync", record)
    return calls


def test_an_atomic_write_replaces_the_file_and_fsyncs_its_folder(
    tmp_path: Path, fsynced: list[tuple[int, bool]]
) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"old")
    durable.write_atomic(target, b"new", 0o640)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert (target.stat().st_ino, False) in fsynced  # the data, under its final inode
    assert fsynced[-1] == (tmp_path.stat().st_ino, True)  # then the folder, last
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_a_failed_atomic_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), durable.atomic_file(target) as fh:
        fh.write(b"half")
        raise RuntimeError("crash while writing")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_exclusive_create_never_replaces(tmp_path: Path, fsynced: list[tuple[int, bool]]) -> None:
    target = tmp_path / "key"
    assert durable.create_exclusive(target, b"first", 0o600)
    assert fsynced[-1] == (tmp_path.stat().st_ino, True)
    assert not durable.create_exclusive(target, b"second", 0o600)
    assert target.read_bytes() == b"first"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key"]


def test_a_short_append_is_cut_back_and_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "2026-11.jsonl"
    durable.append(log, b'{"seq":1}\n')
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real(fd, bytes(data)[:5]))
    with pytest.raises(OSError, match="only 5 of"):
        durable.append(log, b'{"seq":2}\n')
    assert log.read_bytes() == b'{"seq":1}\n'


def test_a_new_appended_file_has_its_name_fsynced(
    tmp_path: Path, fsynced: list[tuple[int, bool]]
) -> None:
    durable.append(tmp_path / "new.jsonl", b"line\n")
    assert fsynced[-1] == (tmp_path.stat().st_ino, True)
