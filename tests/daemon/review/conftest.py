"""Fixtures of the station's tests: a deployment with its station (`kit`), and anyio
running the async tests on asyncio."""

from __future__ import annotations

from pathlib import Path

import pytest
from station_kit import Kit, make_kit


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def kit(tmp_path: Path) -> Kit:
    return make_kit(tmp_path)
