"""`make dist`: the archive installs on a server with no network, and the installed program
checks its configuration and reads a one-page scan.

Everything after the build runs in a network namespace of its own (`unshare -n`) with only
its loopback up: no route leads anywhere, so a step that tried to download would fail.
Runs as root (a network namespace needs it), as CI does.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT, open_with_age, sha256, wait_for
from PIL import Image, ImageDraw

BUILD_SECONDS = 900


@pytest.fixture(scope="session")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive, built once per session (downloads come from build/cache, or pip's)."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "scripts.dist", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=BUILD_SECONDS, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return Path(done.stdout.strip())


def clean_environment(models: Path) -> dict[str, str]:
    """A server's environment: nothing of this checkout or its virtual environment."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return {**keep, "PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "YOMITORI_MODELS": str(models)}


def offline(command: list[str]) -> list[str]:
    """`command` in a new network namespace with only its loopback up."""
    return ["unshare", "--net", "bash", "-c", 'ip link set lo up && exec "$@"', "offline",
            *command]


@pytest.fixture(scope="session")
def installed(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The archive unpacked and installed by its install.sh, offline, under a temp folder."""
    root = tmp_path_factory.mktemp("server")
    with tarfile.open(archive) as tar:
        tar.extractall(root, filter="tar")
    [unpacked] = root.glob("yomitori-*")
    options = ["--prefix", root / "opt", "--models", root / "models", "--bin", root / "bin",
               "--docs", root / "doc"]
    done = subprocess.run(
        offline([str(unpacked / "install.sh"), *map(str, options)]),
        cwd=root, env=clean_environment(root / "models"), capture_output=True, text=True,
        timeout=600, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    yield root


def test_the_archive_holds_what_an_offline_server_needs(archive: Path) -> None:
    with tarfile.open(archive) as tar:
        names = {Path(*Path(n).parts[1:]).as_posix() for n in tar.getnames()}
        prefix = Path(tar.getnames()[0]).parts[0]
        pins = tar.extractfile(f"{prefix}/wheels/requirements.txt")
        debian = tar.extractfile(f"{prefix}/debian-packages.txt")
        assert pins is not None and debian is not None
        pinned = [line for line in pins.read().decode().splitlines() if "==" in line]
        versions = dict(
            line.split("=", 1) for line in debian.read().decode().splitlines()
            if line and not line.startswith("#")
        )
    wheels = {n.removeprefix("wheels/") for n in names if n.endswith(".whl")}
    assert len(pinned) == len(wheels) and all("--hash=sha256:" in p for p in pinned)
    assert any(w.startswith("yomitori-") for w in wheels)
    assert any(w.startswith("systemd_python-") for w in wheels), "built from its sdist"
    assert not any(w.startswith(("pytest", "mypy", "ruff")) for w in wheels), "dev tools"
    assert {"models/jpn-1.0.0.tgz", "models/eng-1.0.0.tgz", "install.sh"} <= names
    assert {"packaging/systemd/yomitori-janitor.service", "docs/operations.md",
            "config/yomitori.example.toml"} <= names
    server = subprocess.run([ROOT / "scripts" / "debian-packages.sh", "server"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert sorted(versions) == sorted(server) and all(versions.values())


def test_the_namespace_has_no_network(installed: Path) -> None:
    probe = "import socket; socket.create_connection(('151.101.0.223', 443), timeout=5)"
    done = subprocess.run(offline([str(installed / "opt" / "bin" / "python"), "-c", probe]),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0 and "unreachable" in done.stderr.lower(), done.stderr


def one_page(path: Path) -> Path:
    image = Image.new("L", (1200, 400), 255)
    ImageDraw.Draw(image).text((60, 150), "Yomitori offline 2026", fill=0, font_size=72)
    image.save(path, dpi=(300, 300))
    return path


def test_installed_offline_it_checks_and_reads_a_page(installed: Path, tmp_path: Path) -> None:
    env = clean_environment(installed / "models")
    yomitori = str(installed / "bin" / "yomitori")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(offline([yomitori, *args]), cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120, check=False)

    where = subprocess.run([installed / "opt" / "bin" / "python", "-c",
                            "import daemon; print(daemon.__file__)"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(installed / "opt")), "the installed package, not the checkout"
    made = cli("init", str(tmp_path / "d"), "--example-form")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "d" / "forms" / "checkup-18m.png").is_file()
    config = str(tmp_path / "d" / "yomitori.toml")
    checked = cli("check", "-c", config)
    assert checked.returncode == 0 and "configuration and environment OK" in checked.stdout, (
        checked.stdout + checked.stderr)
    assert "models" not in checked.stderr, "the models from the archive are found"
    log = (tmp_path / "service.log").open("wb")
    service = subprocess.Popen(offline([yomitori, "run", "-c", config]), cwd=tmp_path, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        scan = one_page(tmp_path / "d" / "scan" / "kodomo" / "page.png")
        digest = sha256(scan)
        outbox = tmp_path / "d" / "outbox" / "kodomo"
        wait_for(lambda: any(outbox.glob("*.age")) and not any((tmp_path / "d" / "spool")
                 .iterdir()), 120, "the page's bundle, and its source wiped")
    finally:
        service.send_signal(signal.SIGTERM)
        service.wait(60)
    [bundle] = outbox.glob("*.age")
    result = json.loads(open_with_age(bundle, tmp_path / "d" / "keys" / "kodomo.key")
                        .read("result.json"))
    assert result["source"]["sha256"] == digest and result["pages"]
    assert "OFFLINE" in json.dumps(result).upper()
    verified = cli("ledger", "verify", "-c", config)
    assert verified.returncode == 0, verified.stdout + verified.stderr
