"""Shared fixtures: rendered sample scans, and deployments with a running service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import TRANSPORTS, Deployment, Samples

from scripts.make_samples import render_samples


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
