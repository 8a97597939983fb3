"""The service as systemd runs it: READY=1, WATCHDOG=1 gated on health, STOPPING=1 and a
drain on SIGTERM, secrets from a credentials folder.

There is no systemd inside the test machine, so the test plays the service manager: it
listens on the notification socket it passes in `$NOTIFY_SOCKET`, sets `$WATCHDOG_USEC`
and `$CREDENTIALS_DIRECTORY` as a unit would, and starts the process with
no-new-privileges and memory-deny-write-execute (as `NoNewPrivileges=` and
`MemoryDenyWriteExecute=` do) to show the OCR stack runs under them.

The hang is planted (tests/e2e/faulty.py `hang-page`): the page waits, after the reader's
time-limit check, until the test lets it go, so the worker stays busy past
`ocr.job_timeout_seconds` as a stuck page would, for as long as the test says, however
loaded the machine is; then Tesseract reads it and the bundle is delivered.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from helpers import (
    RABBITMQ_URL,
    ROOT,
    Deployment,
    Samples,
    assert_exactly_once,
    in_ocr,
    long_scan,
    settled,
    sha256,
    wait_for,
)

PR_SET_NO_NEW_PRIVS = 38
PR_SET_MDWE = 65
PR_MDWE_REFUSE_EXEC_GAIN = 1
# Seconds: headroom for decoding the page before the reader's time-limit check on a
# loaded machine; the hang itself is held by the test, not timed.
JOB_TIMEOUT = 3
HELD_AFTER_UNHEALTHY = 2.5


class ServiceManager:
    """Receives sd_notify messages on a datagram socket, with their arrival times."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.messages: list[tuple[float, str]] = []
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sock.bind(str(path))
        self._sock.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._receive, daemon=True)
        self._thread.start()

    def _receive(self) -> None:
        while not self._stop.is_set():
            try:
                data = self._sock.recv(4096)
            except TimeoutError:
                continue
            self.messages.append((time.monotonic(), data.decode()))

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._sock.close()

    def times(self, text: str) -> list[float]:
        """When messages containing `text` arrived (monotonic seconds)."""
        return [t for t, m in list(self.messages) if text in m]

    def seen(self, text: str) -> bool:
        return bool(self.times(text))


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[ServiceManager]:
    listener = ServiceManager(tmp_path / "notify.sock")
    yield listener
    listener.close()


def hardened() -> None:
    """In the child before exec: what NoNewPrivileges= and MemoryDenyWriteExecute= do."""
    libc = ctypes.CDLL(None, use_errno=True)
    for option, value in ((PR_SET_NO_NEW_PRIVS, 1), (PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN)):
        if libc.prctl(option, value, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), f"prctl({option}) failed")


def start_unit(
    dep: Deployment, env: dict[str, str], fault: str | None = None
) -> subprocess.Popen[bytes]:
    """Start `yomitori run` the way the units do, logging to a file of the deployment;
    `fault` plants a test fault (tests/e2e/faulty.py)."""
    log = dep.root / f"service-{len(dep.logs)}.log"
    dep.logs.append(log)
    module = "daemon.cli" if fault is None else "tests.e2e.faulty"
    planted = {} if fault is None else {"YOMITORI_TEST_FAULT": fault}
    process = subprocess.Popen(
        [sys.executable, "-m", module, "run", "-c", str(dep.config), "--role", "all"],
        cwd=ROOT,
        env={**dep.env, **env, **planted},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        preexec_fn=hardened,
    )
    dep.processes.append(process)
    return process


def longest_silence(pings: list[float], start: float, end: float) -> float:
    """The longest time without a WATCHDOG=1 between `start` and `end` (monotonic s)."""
    marks = [start, *(t for t in pings if start < t < end), end]
    return max(b - a for a, b in itertools.pairwise(marks))


def test_ready_then_watchdog_pings_that_stop_while_a_job_hangs(
    manager: ServiceManager, samples: Samples, tmp_path: Path
) -> None:
    folder, _ = samples
    dep = Deployment(tmp_path / "yomitori", "embedded")
    release = tmp_path / "release-the-page"
    try:
        process = start_unit(dep, {
            "NOTIFY_SOCKET": str(manager.path),
            "WATCHDOG_USEC": "1000000",
            "YOMITORI_OCR__JOB_TIMEOUT_SECONDS": str(JOB_TIMEOUT),
        }, fault=f"hang-page:{release}")
        wait_for(lambda: manager.seen("READY=1"), 60, "READY=1")
        ready = manager.times("READY=1")[0]
        time.sleep(3)
        healthy_until = time.monotonic()
        pings = manager.times("WATCHDOG=1")
        assert len([t for t in pings if t > ready]) >= 4, manager.messages
        assert longest_silence(pings, ready, healthy_until) < 1.5, manager.messages

        dep.drop(folder / "notice.png", "kodomo")
        wait_for(lambda: manager.seen("STATUS=UNHEALTHY: a job on the ocr queue has run"), 60,
                 "the watchdog to notice the hung job")
        unhealthy = manager.times("STATUS=UNHEALTHY: a job on the ocr queue")[0]
        assert not dep.bundles(), "the page was read before the test let it go"
        time.sleep(HELD_AFTER_UNHEALTHY)  # the hang lasts as long as the test holds it
        released = time.monotonic()
        release.touch()
        wait_for(lambda: settled(dep, 1), 120, "the page to be read once let go")
        delivered = time.monotonic()
        wait_for(lambda: len([t for t in manager.times("WATCHDOG=1") if t > delivered]) >= 3,
                 30, "pings to resume once the job is done")

        pings = manager.times("WATCHDOG=1")
        # Silence from the moment the job passed its time limit until it was let go.
        assert not [t for t in pings if unhealthy < t < released], manager.messages
        assert longest_silence(pings, healthy_until, released) >= HELD_AFTER_UNHEALTHY
        assert len(dep.bundles("kodomo")) == 1
        log = dep.log_text()
        assert "unhealthy: a job on the ocr queue has run" in log
        assert "healthy again; watchdog pings resume" in log
        assert not manager.seen("housekeeping"), manager.messages

        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 0
        assert manager.seen("STOPPING=1\nSTATUS=draining")
    finally:
        release.touch()  # a failed test leaves no worker hung until HANG_LIMIT
        dep.stop()


def without_password(url: str) -> tuple[str, str]:
    """`url` without its password, and the password (for the credentials folder)."""
    parts = urlsplit(url)
    assert parts.password, "the test broker URL needs a password to move into a credential"
    user, _, host = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{user.split(':')[0]}@{host}")), parts.password


def test_sigterm_during_a_job_drains_and_loses_nothing(
    manager: ServiceManager, samples: Samples, tmp_path: Path
) -> None:
    folder, _ = samples
    dep = Deployment(tmp_path / "yomitori", "rabbitmq")
    credentials = tmp_path / "credentials"
    credentials.mkdir(mode=0o700)
    url, password = without_password(RABBITMQ_URL)
    (credentials / "broker-password").write_text(password + "\n")
    shutil.copy(dep.root / "keys" / "ledger-signing.key", credentials / "ledger-signing.key")
    for secret in credentials.iterdir():
        secret.chmod(0o400)
    unit_env = {
        "NOTIFY_SOCKET": str(manager.path),
        "CREDENTIALS_DIRECTORY": str(credentials),
        "YOMITORI_BROKER__URL": url,
        "YOMITORI_PATHS__SIGNING_KEY": str(credentials / "ledger-signing.key"),
    }
    try:
        scan = long_scan(folder, tmp_path / "long.tif")
        digest = sha256(scan)
        first = start_unit(dep, unit_env)
        wait_for(lambda: manager.seen("READY=1"), 60, "READY=1 (broker connected)")
        dep.drop(scan, "kodomo")
        wait_for(lambda: in_ocr(dep), 60, "OCR to start")
        first.send_signal(signal.SIGTERM)
        wait_for(lambda: manager.seen("STOPPING=1"), 60, "STOPPING=1")
        assert first.wait(90) == 0
        log = dep.log_text()
        assert "stopping: finishing jobs in progress" in log and '"stopped"' in log
        assert "Traceback" not in log
        # Nothing was lost: the job finished during the drain, or waits in the spool.
        assert len(dep.bundles()) + len(dep.spool_jobs()) >= 1

        dep.start(env=unit_env)
        wait_for(lambda: settled(dep, 1), 240, "the job to be finished after the restart")
        assert_exactly_once(dep, digest)
    finally:
        dep.stop()
    assert os.stat(credentials / "broker-password").st_mode & 0o777 == 0o400
