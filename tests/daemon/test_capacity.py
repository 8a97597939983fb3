"""`ocr.workers = "auto"`: one worker per core the service may use, read from a cgroup
file system laid out in a temp folder (v2 and v1), and from the real machine."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from daemon.ops import capacity
from daemon.ops.capacity import MEMORY_FIRST, MEMORY_PER_WORKER, Capacity
from daemon.settings import OcrSettings

GiB = 2**30


def cgroup(root: Path, relative: str, files: dict[str, str]) -> Path:
    folder = root / relative
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text + "\n")
    return folder


def test_auto_is_one_worker_per_core_without_limits() -> None:
    assert Capacity(cpus=4, quota=None, memory_max=None).workers() == 4
    assert Capacity(cpus=1, quota=None, memory_max=None).workers() == 1


def test_a_cpu_quota_rounds_up_and_never_goes_below_one() -> None:
    assert Capacity(cpus=8, quota=2.0, memory_max=None).workers() == 2
    assert Capacity(cpus=8, quota=1.5, memory_max=None).workers() == 2
    assert Capacity(cpus=8, quota=0.2, memory_max=None).workers() == 1
    assert Capacity(cpus=2, quota=6.0, memory_max=None).workers() == 2


def test_the_memory_ceiling_bounds_the_workers() -> None:
    assert Capacity(cpus=8, quota=None, memory_max=MEMORY_FIRST).workers() == 1
    five = MEMORY_FIRST + 2 * MEMORY_PER_WORKER
    assert Capacity(cpus=8, quota=None, memory_max=five).workers() == 3
    assert Capacity(cpus=8, quota=None, memory_max=GiB).workers() == 1
    line = Capacity(cpus=8, quota=1.5, memory_max=five).describe()
    assert line.startswith("2 OCR workers") and "1.5 cores" in line and "GiB" in line


def test_v2_limits_apply_from_the_tightest_ancestor(tmp_path: Path) -> None:
    cgroup(tmp_path, "", {"cpu.max": "max 100000"})
    cgroup(tmp_path, "system.slice", {"cpu.max": "300000 100000", "memory.max": str(8 * GiB)})
    group = cgroup(
        tmp_path, "system.slice/yomitori-ocr@1.service",
        {"cpu.max": "max 100000", "memory.max": "max"},
    )
    assert capacity.cpu_quota(group, tmp_path) == 3.0
    assert capacity.memory_max(group, tmp_path) == 8 * GiB
    cgroup(tmp_path, "system.slice/yomitori-ocr@1.service", {"cpu.max": "150000 100000"})
    assert capacity.cpu_quota(group, tmp_path) == 1.5


def test_no_limits_read_as_none(tmp_path: Path) -> None:
    group = cgroup(tmp_path, "a/b", {"cpu.max": "max 100000", "memory.max": "max"})
    assert capacity.cpu_quota(group, tmp_path) is None
    assert capacity.memory_max(group, tmp_path) is None
    assert capacity.cpu_quota(tmp_path / "absent", tmp_path) is None


def test_v1_limits_are_read_too(tmp_path: Path) -> None:
    cgroup(tmp_path, "cpu", {"cpu.cfs_quota_us": "200000", "cpu.cfs_period_us": "100000"})
    cgroup(tmp_path, "memory", {"memory.limit_in_bytes": str(5 * GiB)})
    assert capacity.cpu_quota(tmp_path, tmp_path) == 2.0
    assert capacity.memory_max(tmp_path, tmp_path) == 5 * GiB
    cgroup(tmp_path, "cpu", {"cpu.cfs_quota_us": "-1"})
    cgroup(tmp_path, "memory", {"memory.limit_in_bytes": "9223372036854771712"})
    assert capacity.cpu_quota(tmp_path, tmp_path) is None
    assert capacity.memory_max(tmp_path, tmp_path) is None


def test_on_this_machine_auto_follows_the_affinity() -> None:
    measured = capacity.measure()
    assert measured.cpus == len(os.sched_getaffinity(0))
    assert 1 <= capacity.ocr_workers("auto") <= measured.cpus
    assert capacity.ocr_workers(3) == 3


def test_the_setting_is_auto_by_default_or_a_number() -> None:
    assert OcrSettings().workers == "auto"
    assert OcrSettings(workers="2").workers == 2  # from YOMITORI_OCR__WORKERS
    for bad in ("many", 0, 65, 2.5, True):
        with pytest.raises(ValueError, match='or "auto"'):
            OcrSettings(workers=bad)


def test_a_service_with_the_shipped_configuration_runs_auto_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from daemon.bus import OCR
    from daemon.deployment import init
    from daemon.service import Service
    from daemon.settings import load_settings

    init(tmp_path / "yomitori", ["kodomo"])
    monkeypatch.setenv("YOMITORI_METRICS__LISTEN", "")
    monkeypatch.delenv("YOMITORI_OCR__WORKERS", raising=False)
    settings = load_settings(tmp_path / "yomitori" / "yomitori.toml")
    assert settings.ocr.workers == "auto"
    with caplog.at_level("INFO", logger="daemon.service"):
        service = Service(settings)
    _, count, _ = service.bus.subscriptions[OCR]
    assert count == capacity.ocr_workers("auto") == capacity.measure().workers()
    assert f"ocr.workers auto: {count} OCR workers" in caplog.text
