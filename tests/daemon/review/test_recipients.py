"""Keys follow people: the members' recipients file the OCR role reads."""

from __future__ import annotations

from pathlib import Path

import pyrage

from daemon.review.recipients import members_file, read_members, write_members


def test_members_are_written_whole_and_read_back(tmp_path: Path) -> None:
    keys = sorted(str(pyrage.x25519.Identity.generate().to_public()) for _ in range(3))
    path = write_members(tmp_path, "kodomo", [*keys, keys[0]])
    assert path == members_file(tmp_path, "kodomo") and path.stat().st_mode & 0o777 == 0o640
    assert read_members(tmp_path, "kodomo") == keys
    write_members(tmp_path, "kodomo", keys[1:])
    assert read_members(tmp_path, "kodomo") == keys[1:]
    assert [p.name for p in path.parent.iterdir()] == ["kodomo.txt"]  # no temporary left


def test_no_file_means_no_members_and_a_bad_line_is_skipped(tmp_path: Path) -> None:
    assert read_members(tmp_path, "kokuho") == []
    key = str(pyrage.x25519.Identity.generate().to_public())
    path = members_file(tmp_path, "kokuho")
    path.parent.mkdir()
    path.write_text(f"# members\nnot-a-key\n{key}\n")
    assert read_members(tmp_path, "kokuho") == [key]
