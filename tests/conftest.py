"""Shared fixtures: rendered sample scans, and deployments with a running service."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from daemon.deployment import init
from scripts.make_samples import render_samples

ROOT = Path(__file__).resolve().parent.parent
RABBITMQ_URL = os.environ.get("YOMITORI_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672/%2F")
TRANSPORTS = ["embedded", "rabbitmq"]


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    """The bundled sample scans (rendered once) and their page texts."""
    folder = tmp_path_factory.mktemp("samples")
    return folder, render_samples(folder)


def delete_queues(prefix: str) -> None:
    """Remove a test's queues and exchange from RabbitMQ (quorum queues outlive the test)."""
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(RABBITMQ_URL))
    try:
        channel = connection.channel()
        for queue in ("ocr", "done", "dead"):
            channel.queue_delete(f"{prefix}.{queue}")
        channel.exchange_delete(f"{prefix}.dlx")
    finally:
        connection.close()


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class Deployment:
    """A deployment made by `yomitori init` in a temp folder, and its service processes."""

    def __init__(self, root: Path, transport: str) -> None:
        self.root = root
        self.transport = transport
        init(root, ["kodomo", "kokuho"])
        self.config = root / "yomitori.toml"
        self.env = {
            **os.environ,
            "YOMITORI_BROKER__URL": "embedded" if transport == "embedded" else RABBITMQ_URL,
            "YOMITORI_BROKER__PREFIX": f"test-{secrets.token_hex(4)}",
            "YOMITORI_METRICS__LISTEN": "",
            "YOMITORI_INTAKE__STABLE_SECONDS": "1",
            "YOMITORI_INTAKE__RESCAN_SECONDS": "5",
        }
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []

    def hot(self, dept: str) -> Path:
        return self.root / "scan" / dept

    def outbox(self, dept: str) -> Path:
        return self.root / "outbox" / dept

    def key(self, dept: str) -> Path:
        return self.root / "keys" / f"{dept}.key"

    @property
    def spool(self) -> Path:
        return self.root / "spool"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    def bundles(self, dept: str | None = None) -> list[Path]:
        depts = [dept] if dept else ["kodomo", "kokuho"]
        return sorted(p for d in depts for p in self.outbox(d).glob("*.age"))

    def spool_jobs(self) -> list[Path]:
        return sorted(p for p in self.spool.iterdir() if p.is_dir())

    def start(self, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        log = self.root / f"service-{len(self.logs)}.log"
        self.logs.append(log)
        process = subprocess.Popen(
            [sys.executable, "-m", "daemon.cli", "run", "-c", str(self.config), *extra],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.transport != "embedded":
            delete_queues(self.env["YOMITORI_BROKER__PREFIX"])

    def log_text(self) -> str:
        return "\n".join(p.read_text("utf-8", "replace") for p in self.logs if p.exists())

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "daemon.cli", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
        )

    def drop(self, source: Path, dept: str, name: str | None = None) -> Path:
        """Copy a scan into a hot folder the way a scanner does (write, then done)."""
        target = self.hot(dept) / (name or source.name)
        shutil.copyfile(source, target)
        return target


@pytest.fixture(params=TRANSPORTS)
def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Deployment]:
    """A fresh deployment for each transport; its services are stopped afterwards."""
    dep = Deployment(tmp_path / "yomitori", request.param)
    yield dep
    dep.stop()
