"""read_scan: the claim check before anything is decoded."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from daemon.errors import InputError
from handlers.ocr.engine import create_engine
from handlers.reader import read_scan


class NoEngine:
    """An engine that must never be reached."""

    name = "none"

    def recognize(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("the scan was read although its hash did not match")


def test_a_scan_whose_hash_changed_is_refused_before_decoding(
    samples: tuple[Path, dict[str, list[str]]],
) -> None:
    path = samples[0] / "notice.png"
    with pytest.raises(InputError, match="changed in the spool"):
        read_scan(path, NoEngine(), expected_sha256="0" * 64)  # type: ignore[arg-type]


def test_a_scan_with_the_expected_hash_is_read(
    samples: tuple[Path, dict[str, list[str]]],
) -> None:
    path = samples[0] / "notice.png"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result = read_scan(path, create_engine(), expected_sha256=digest)
    assert result.source.sha256 == digest and result.source.pages == 1
