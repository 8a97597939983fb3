"""Shared fixtures: rendered sample scans, and deployments with a running service."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import TRANSPORTS, Deployment, Samples
from station_kit import Kit, make_kit

from scripts.make_samples import render_samples

# The tesseract command line may start a thread per core for each page; the suite runs in
# several processes already.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    """The bundled sample scans (rendered once) and their page texts."""
    folder = tmp_path_factory.mktemp("samples")
    return folder, render_samples(folder)


@pytest.fixture(params=TRANSPORTS)
def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Deployment]:
    """A fresh deployment for each transport; its services are stopped afterwards."""
    dep = Deployment(tmp_path / "yomitori", request.param)
    yield dep
    dep.stop()


@pytest.fixture
def anyio_backend() -> str:
    """The review station's async tests run on asyncio."""
    return "asyncio"


@pytest.fixture
def kit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Kit:
    """A deployment with its review station, a clock the test moves, and fewer PBKDF2
    rounds (the server tells the browser the rounds; the protocol is the same at 1,000
    as at 600,000)."""
    from daemon.review import factors

    monkeypatch.setitem(factors.KDF, "iterations", 1000)
    return make_kit(tmp_path)
