"""What the test modules share: deployments with running services, waiting, and the
checks that every e2e test makes of bundles and the ledger."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PIL import Image

from benchmarks.pipeline_service import RABBITMQ_URL as RABBITMQ_URL
from benchmarks.pipeline_service import delete_queues as delete_queues
from daemon.bus import RetryPolicy
from daemon.deployment import init

ROOT = Path(__file__).resolve().parent.parent
TRANSPORTS = ["embedded", "rabbitmq"]
RETRY = RetryPolicy(delivery_limit=3, first_delay=0.5, longest_delay=4.0)
"""Deployments' retry delays: short, so that scenarios with retries stay bounded."""
DEPARTMENTS = ("kodomo", "kokuho")
Samples = tuple[Path, dict[str, list[str]]]
"""The `samples` fixture: the folder of rendered sample scans and their page texts."""


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


RABBITMQ_PORT = urlsplit(RABBITMQ_URL).port or 5672  # AMQP's own port when the URL names none


def broker_ports(pids: list[int]) -> set[int]:
    """The local ports of the TCP connections the processes `pids` hold to RabbitMQ: their
    sockets (/proc/PID/fd) found in the kernel's TCP tables (/proc/net/tcp, tcp6)."""
    inodes = set()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[len("socket:["):-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if inode in inodes and int(remote.rsplit(":", 1)[1], 16) == RABBITMQ_PORT:
                ports.add(int(local.rsplit(":", 1)[1], 16))
    return ports


def close_broker_connections(pids: list[int], reason: str) -> int:
    """Close, on the broker's side, the RabbitMQ connections of the processes `pids` only
    (`rabbitmqctl close_all_connections` would also cut those of the tests running beside);
    the number closed."""
    ports = broker_ports(pids)
    listing = subprocess.run(
        ["rabbitmqctl", "list_connections", "pid", "peer_port", "--quiet",
         "--no-table-headers"], check=True, capture_output=True, text=True, timeout=60)
    closed = 0
    for row in listing.stdout.splitlines():
        connection, _, port = row.rpartition("\t")
        if port.strip().isdigit() and int(port) in ports:
            subprocess.run(["rabbitmqctl", "close_connection", connection.strip(), reason],
                           check=True, capture_output=True, timeout=60)
            closed += 1
    return closed


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
            "YOMITORI_REVIEW__LISTEN": "",  # the station has its own tests (tests/daemon/review)
            "YOMITORI_INTAKE__STABLE_SECONDS": "1",
            # One OCR thread a service: the suite runs several services at once (make
            # test runs it in processes); `ocr.workers = "auto"` has its own tests.
            "YOMITORI_OCR__WORKERS": "1",
            "YOMITORI_INTAKE__RESCAN_SECONDS": "5",
            "YOMITORI_BROKER__RETRY_DELAY_SECONDS": str(RETRY.first_delay),
            "YOMITORI_BROKER__RETRY_DELAY_MAX_SECONDS": str(RETRY.longest_delay),
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

    def start(
        self, *extra: str, env: dict[str, str] | None = None, fault: str | None = None
    ) -> subprocess.Popen[bytes]:
        """Start `yomitori run`; `fault` plants a test fault (tests/e2e/faulty.py)."""
        log = self.root / f"service-{len(self.logs)}.log"
        self.logs.append(log)
        module = "daemon.cli" if fault is None else "tests.e2e.faulty"
        env = {**(env or {}), **({"YOMITORI_TEST_FAULT": fault} if fault else {})}
        process = subprocess.Popen(
            [sys.executable, "-m", module, "run", "-c", str(self.config), *extra],
            cwd=ROOT,
            env={**self.env, **env},
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
            delete_queues(self.env["YOMITORI_BROKER__PREFIX"], RETRY)

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


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def age_decrypt(bundle: Path, key: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["age", "--decrypt", "-i", str(key), str(bundle)], capture_output=True, timeout=60
    )


def open_with_age(bundle: Path, key: Path) -> zipfile.ZipFile:
    done = age_decrypt(bundle, key)
    assert done.returncode == 0, done.stderr.decode()
    return zipfile.ZipFile(io.BytesIO(done.stdout))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def ledger_records(dep: Deployment) -> list[dict[str, Any]]:
    records = []
    for month in sorted((dep.root / "ledger").glob("*.jsonl")):
        records += [json.loads(line) for line in month.read_text("utf-8").splitlines()]
    return records


def settled(dep: Deployment, expected: int) -> bool:
    """Every dropped file delivered or quarantined, hot folders and spool empty."""
    quarantined = list(dep.quarantine.glob("*/*/error.json"))
    hot_empty = not any(p.is_file() for d in ("kodomo", "kokuho") for p in dep.hot(d).rglob("*"))
    return len(dep.bundles()) + len(quarantined) >= expected and hot_empty and not dep.spool_jobs()


def long_scan(folder: Path, target: Path, pages: int = 4) -> Path:
    """A multi-page TIFF made of the sample pages, long enough to catch mid-OCR: each page
    takes Tesseract a second or more, and `in_ocr` sees a job within 0.2 s of its start."""
    frames = []
    for name in ("notice.png", "notice.jpg", "notice.bmp"):
        with Image.open(folder / name) as image:
            frames.append(image.convert("L"))
    sequence = [frames[i % len(frames)] for i in range(pages)]
    sequence[0].save(
        target, save_all=True, append_images=sequence[1:], compression="tiff_lzw", dpi=(300, 300)
    )
    return target


def in_ocr(dep: Deployment) -> bool:
    """A job is being read: its attempt has started (attempts.jsonl) and it is not
    delivered yet. (Nothing readable marks it: results go straight into encryption.)"""
    for job in dep.spool_jobs():
        try:
            lines = (job / "attempts.jsonl").read_text("utf-8").splitlines()
        except OSError:
            continue
        started = bool(lines) and json.loads(lines[-1])["kind"] == "started"
        if started and not (job / "delivered.json").exists():
            return True
    return False


def attempt_kinds(dep: Deployment) -> list[str]:
    """The `kind` of every attempts.jsonl line in the spool now (started, failed,
    infrastructure…); jobs that vanish meanwhile are skipped."""
    kinds = []
    for job in dep.spool_jobs():
        try:
            lines = (job / "attempts.jsonl").read_text("utf-8").splitlines()
        except OSError:
            continue
        kinds += [json.loads(line)["kind"] for line in lines if line]
    return kinds


def assert_exactly_once(dep: Deployment, digest: str) -> None:
    [bundle] = dep.bundles("kodomo")
    result = json.loads(open_with_age(bundle, dep.key("kodomo")).read("result.json"))
    assert result["source"]["sha256"] == digest
    events = [(r["event"], r["job_id"]) for r in ledger_records(dep) if r.get("job_id")]
    for kind in ("claimed", "delivered", "wiped"):
        assert [e for e in events if e[0] == kind] == [(kind, result["job_id"])], events
    assert not [p for p in dep.outbox("kodomo").iterdir() if p.name.startswith(".")]
    verify = dep.cli("ledger", "verify", "-c", str(dep.config), check=False)
    assert verify.returncode == 0, verify.stderr


ZIP_MAGIC = b"PK\x03\x04"
AGE_MAGIC = b"age-encryption.org/v1"


def plaintext_results(dep: Deployment) -> list[str]:
    """Files that hold a result in the clear right now: a zip anywhere in the spool, or an
    outbox file that is not an age file. (The source scan itself is no result.)"""
    found = []
    outboxes = [p for d in DEPARTMENTS for p in _files_below(dep.outbox(d))]
    for path in [*_files_below(dep.spool), *outboxes]:
        try:
            with path.open("rb") as fh:
                head = fh.read(len(AGE_MAGIC))
        except OSError:
            continue  # a folder, or gone meanwhile
        in_outbox = dep.spool not in path.parents
        if head.startswith(ZIP_MAGIC) or (in_outbox and head and not head.startswith(AGE_MAGIC)):
            found.append(str(path.relative_to(dep.root)))
    return found


def _files_below(folder: Path) -> list[Path]:
    """The files below `folder` now; a folder removed meanwhile (a wipe) is skipped, where
    `rglob` would raise and end the watch."""
    return [Path(top, name) for top, _, names in os.walk(folder) for name in names]


class PlaintextWatch:
    """Samples the spool and the outboxes every `period` seconds while a scenario runs;
    `seen` lists every plaintext result found (`plaintext_results`)."""

    def __init__(self, dep: Deployment, period: float = 0.05) -> None:
        self.dep, self.period = dep, period
        self.seen: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            self.seen += plaintext_results(self.dep)

    def __enter__(self) -> PlaintextWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def assert_accounted(dep: Deployment, sources: dict[str, str]) -> None:
    """The fault checker. `sources` maps each dropped scan's SHA-256 to its department.

    Every source is exactly one bundle in its own department's outbox or exactly one
    quarantined job with a reason, never both and never twice; there is nothing else; the
    ledger verifies and holds no contradictory events; the spool is empty; no plaintext
    result is on disk.
    """
    delivered: dict[str, list[str]] = {}
    for dept in DEPARTMENTS:
        for bundle in dep.bundles(dept):
            result = json.loads(open_with_age(bundle, dep.key(dept)).read("result.json"))
            assert result["department"] == dept
            delivered.setdefault(result["source"]["sha256"], []).append(dept)
    quarantined: dict[str, list[str]] = {}
    for report_path in dep.quarantine.glob("*/*/error.json"):
        report = json.loads(report_path.read_text("utf-8"))
        assert report["reason"], f"{report_path} gives no reason"
        dept = report_path.parent.parent.name
        quarantined.setdefault(report["source"]["sha256"], []).append(dept)
    for digest, dept in sources.items():
        ends = [*delivered.get(digest, []), *quarantined.get(digest, [])]
        assert ends == [dept], f"source {digest[:12]} ended as {ends}, expected [{dept!r}]"
    assert set(delivered) | set(quarantined) <= set(sources), "results of unknown sources"
    # Every end is final before the janitor has finished wiping the last job's folder
    # (a tombstone `.wiping-…`); on a loaded machine that may take a moment more.
    with contextlib.suppress(AssertionError):
        wait_for(lambda: not dep.spool_jobs(), 60, "the janitor to finish its wipes")
    assert not dep.spool_jobs(), f"spool not empty: {dep.spool_jobs()}"
    assert plaintext_results(dep) == []
    verify = dep.cli("ledger", "verify", "-c", str(dep.config), check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert_consistent_ledger(ledger_records(dep))


def assert_consistent_ledger(records: list[dict[str, Any]]) -> None:
    """Per job: each of claimed, delivered, wiped, quarantined at most once; delivered
    after claimed, wiped after delivered; never quarantined as well as delivered."""
    events: dict[str, list[str]] = {}
    for record in records:
        if record.get("job_id"):
            events.setdefault(record["job_id"], []).append(record["event"])
    for job, seen in events.items():
        for kind in ("claimed", "delivered", "wiped", "quarantined"):
            assert seen.count(kind) <= 1, f"job {job}: {kind} {seen.count(kind)} times: {seen}"
        if "delivered" in seen:
            assert "claimed" in seen[: seen.index("delivered")], f"job {job}: {seen}"
            assert "quarantined" not in seen, f"job {job} delivered and quarantined: {seen}"
        if "wiped" in seen:
            assert "delivered" in seen[: seen.index("wiped")], f"job {job}: {seen}"


@contextlib.contextmanager
def small_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """Mount a tmpfs of `size` (`mount -o size=`, e.g. "256k") on `folder` for the test
    (root only), keeping what the folder held; unmount it afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    kept = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0750", "tmpfs", str(folder)],
                   check=True, capture_output=True, timeout=30)
    try:
        for name, data in kept.items():
            (folder / name).write_bytes(data)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True, capture_output=True, timeout=30)


def fill_disk(folder: Path, name: str = "filler") -> Path:
    """Write a file into `folder` until its file system is full; returns the file."""
    filler = folder / name
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for size in (1 << 16, 4096, 1):
            data = bytes(size)
            with contextlib.suppress(OSError):
                while os.write(fd, data) == size:
                    pass
    finally:
        os.close(fd)
    return filler


def process_tree(pid: int) -> list[int]:
    """`pid` and every process below it, as /proc shows them now."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
            for task in tasks:
                todo += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue  # ended meanwhile
    return found


class ProcessTreeWatch:
    """Samples a process and its descendants every `period` seconds while a scenario runs:
    `peak_bytes` is the largest sum of their peak resident sizes (VmHWM) at one moment, an
    upper bound of what their cgroup's memory use was; `peak_tasks` the most threads."""

    def __init__(self, pid: int, period: float = 0.1) -> None:
        self.pid, self.period = pid, period
        self.peak_bytes = self.peak_tasks = self.most_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        memory = tasks = processes = 0
        for pid in process_tree(self.pid):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            memory += int(fields.get("VmHWM", "0 kB").split()[0]) * 1024
            tasks += int(fields.get("Threads", "0"))
            processes += 1
        self.peak_bytes = max(self.peak_bytes, memory)
        self.peak_tasks = max(self.peak_tasks, tasks)
        self.most_processes = max(self.most_processes, processes)

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            self.sample()

    def __enter__(self) -> ProcessTreeWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def systemd_bytes(value: str) -> int:
    """A systemd size such as `3G` or `512M` in bytes (the suffixes count in 1024s)."""
    units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    return int(value[:-1]) * units[value[-1]] if value[-1] in units else int(value)
