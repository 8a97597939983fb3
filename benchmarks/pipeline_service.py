"""The running service as the pipeline benchmark drives it: a deployment made by
`yomitori init` (the shipped defaults), `yomitori run`, a burst of scans into a hot
folder, and what the service and its processes did meanwhile.

Only the transport (embedded, or RabbitMQ on 127.0.0.1) and the metrics port are set from
outside; everything else is what `yomitori init` writes.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from benchmarks.ocr_runs import ROOT
from daemon.bus import RetryPolicy
from daemon.deployment import init
from scripts.ports import free_port

RABBITMQ_URL = os.environ.get("YOMITORI_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672/%2F")
DEPARTMENT = "kodomo"
POLL = 0.02  # seconds between looks at the outbox: well under the times measured


@dataclass
class Processes:
    """Peak memory of the service's processes, sampled from /proc while it runs."""

    root: int
    peak_mib: dict[str, float] = field(default_factory=dict)
    """Largest VmHWM (peak resident memory) seen per kind of process, MiB."""
    trace: list[tuple[float, float]] = field(default_factory=list)
    """(seconds since the burst, resident MiB of the service process)."""

    def sample(self, since: float) -> None:
        for pid, kind in self._tree():
            hwm = _status_mib(pid, "VmHWM")
            if hwm is not None:
                self.peak_mib[kind] = max(self.peak_mib.get(kind, 0.0), hwm)
        rss = _status_mib(self.root, "VmRSS")
        if rss is not None:
            self.trace.append((time.monotonic() - since, rss))

    def _tree(self) -> list[tuple[int, str]]:
        """The service and its descendants, each with what it is."""
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                parent = _parent(int(entry.name))
                if parent is not None:
                    children.setdefault(parent, []).append(int(entry.name))
        found, todo = [(self.root, "service")], list(children.get(self.root, []))
        while todo:
            pid = todo.pop()
            todo += children.get(pid, [])
            found.append((pid, _kind(pid)))
        return found


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _kind(pid: int) -> str:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "other"
    if "forkserver" in command or "sandbox" in command:
        return "decoding (fork server and children)"
    return command.split(" ", 1)[0].rsplit("/", 1)[-1] or "other"


def _status_mib(pid: int, key: str) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024
    return None


class Service:
    """One deployment and its `yomitori run --role all` process."""

    def __init__(self, root: Path, transport: str) -> None:
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        init(root, [DEPARTMENT])
        self.root, self.transport = root, transport
        self.metrics = f"127.0.0.1:{free_port()}"
        self.prefix = f"bench-{secrets.token_hex(4)}"
        self.env = {
            **os.environ,
            "YOMITORI_BROKER__URL": "embedded" if transport == "embedded" else RABBITMQ_URL,
            "YOMITORI_BROKER__PREFIX": self.prefix,
            "YOMITORI_METRICS__LISTEN": self.metrics,
            "YOMITORI_REVIEW__LISTEN": "",
        }
        self.log = root / "service.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def hot(self) -> Path:
        return self.root / "scan" / DEPARTMENT

    @property
    def outbox(self) -> Path:
        return self.root / "outbox" / DEPARTMENT

    def bundles(self) -> int:
        return sum(1 for p in self.outbox.iterdir() if p.suffix == ".age")

    def spool_empty(self) -> bool:
        return not any(p.is_dir() for p in (self.root / "spool").iterdir())

    def start(self) -> int:
        """Start the service and wait until it is ready; returns its pid."""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "daemon.cli", "run", "-c", str(self.root / "yomitori.toml")],
            cwd=ROOT, env=self.env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
        )
        wait(lambda: '"message": "ready"' in self.log.read_text("utf-8", "replace"), 120,
             "the service to be ready")
        return self.process.pid

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(90)
        if self.transport != "embedded":
            delete_queues(self.prefix)

    def stage_seconds(self) -> dict[str, tuple[float, float]]:
        """(sum of seconds, jobs) per stage, from the service's own metrics."""
        with urllib.request.urlopen(f"http://{self.metrics}/metrics", timeout=10) as reply:
            text = reply.read().decode()
        found: dict[str, list[float]] = {}
        for family in text_string_to_metric_families(text):
            for s in family.samples:
                if s.name in ("yomitori_stage_seconds_sum", "yomitori_stage_seconds_count"):
                    pair = found.setdefault(s.labels["stage"], [0.0, 0.0])
                    pair[s.name.endswith("_count")] += s.value
        return {stage: (pair[0], pair[1]) for stage, pair in found.items()}

    def workers_line(self) -> str:
        for line in self.log.read_text("utf-8", "replace").splitlines():
            if "ocr.workers auto" in line:
                return line.split("ocr.workers auto: ", 1)[1].split('"', 1)[0]
        return "?"


def delete_queues(prefix: str, policy: RetryPolicy | None = None) -> None:
    """Remove the queues and exchanges of a run's `prefix` from RabbitMQ (quorum queues
    outlive the service); the tests clean up with it too."""
    import pika

    from daemon.bus.rabbitmq import topology

    queues, exchanges = topology(prefix, policy or RetryPolicy())
    connection = pika.BlockingConnection(pika.URLParameters(RABBITMQ_URL))
    try:
        channel = connection.channel()
        for queue in queues:
            channel.queue_delete(queue)
        for exchange in exchanges:
            channel.exchange_delete(exchange)
    finally:
        connection.close()


def wait(check: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(POLL)
    raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")


@dataclass
class Burst:
    """What one burst through the service measured."""

    pages: int
    seconds: float
    """From the first file written into the hot folder to the last bundle in the outbox."""
    wiped_seconds: float
    """From the first file to the janitor's last wipe (spool empty)."""
    stages: dict[str, tuple[float, float]]
    processes: Processes


def burst(service: Service, pid: int, files: list[Path], timeout: float) -> Burst:
    """Copy `files` into the hot folder at once, as scanners do, and time the bundles."""
    processes = Processes(pid)
    stop = threading.Event()
    started = time.monotonic()

    def sample() -> None:
        while not stop.wait(0.5):
            processes.sample(started)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        for path in files:
            shutil.copyfile(path, service.hot / path.name)
        wait(lambda: service.bundles() >= len(files), timeout, "every bundle")
        delivered = time.monotonic() - started
        wait(service.spool_empty, timeout, "the janitor to wipe every job")
        wiped = time.monotonic() - started
    finally:
        stop.set()
        sampler.join()
    processes.sample(started)
    return Burst(len(files), delivered, wiped, service.stage_seconds(), processes)


def latency(service: Service, page: Path) -> tuple[float, float]:
    """Seconds from dropping `page` alone to its bundle, and the seconds the service's
    OCR stage took for it."""
    before = service.stage_seconds().get("ocr", (0.0, 0.0))
    count = service.bundles()
    started = time.monotonic()
    shutil.copyfile(page, service.hot / f"alone-{page.name}")
    wait(lambda: service.bundles() > count, 600, "the bundle of the single page")
    seconds = time.monotonic() - started
    wait(service.spool_empty, 120, "the janitor")
    after = service.stage_seconds().get("ocr", (0.0, 0.0))
    return seconds, after[0] - before[0]
