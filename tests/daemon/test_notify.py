"""sd_notify messages reach a real notification socket, and the watchdog pings only while
the process is healthy; outside systemd every call is a no-op."""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from daemon.ops.notify import Notifier, Watchdog, watchdog_seconds
from scripts.ports import free_port


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[socket.socket]:
    """A datagram socket standing in for systemd's notification socket."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify"))
    sock.settimeout(2.0)
    yield sock
    sock.close()


def received(sock: socket.socket, wait: float = 0.2) -> list[str]:
    messages = []
    sock.settimeout(wait)
    try:
        while True:
            messages.append(sock.recv(4096).decode())
    except TimeoutError:
        return messages


def notifier_for(
    monkeypatch: pytest.MonkeyPatch, socket_path: str, **watchdog: str
) -> Notifier:
    """A Notifier made in an environment like the one systemd gives a unit."""
    monkeypatch.setenv("NOTIFY_SOCKET", socket_path)
    for name in ("WATCHDOG_USEC", "WATCHDOG_PID"):
        monkeypatch.delenv(name, raising=False)
    for name, value in watchdog.items():
        monkeypatch.setenv(name, value)
    return Notifier()


def test_without_notify_socket_nothing_is_sent_and_nothing_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.setenv("WATCHDOG_USEC", "1000000")
    notifier = Notifier()
    assert not notifier.enabled
    notifier.ready("up")
    notifier.status("fine")
    notifier.stopping("bye")
    assert notifier.watchdog() is False


def test_ready_status_and_stopping_are_sent_as_sd_notify_assignments(
    manager: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    notifier = notifier_for(monkeypatch, manager.getsockname())
    notifier.ready("watcher: broker connected")
    notifier.status("two\nlines  and   spaces")
    notifier.stopping("draining: 1 jobs in progress")
    assert received(manager) == [
        "READY=1\nSTATUS=watcher: broker connected",
        "STATUS=two lines and spaces",
        "STOPPING=1\nSTATUS=draining: 1 jobs in progress",
    ]


def test_watchdog_pings_at_most_every_half_interval(
    manager: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    notifier = notifier_for(monkeypatch, manager.getsockname(), WATCHDOG_USEC="4000000")
    assert notifier.watchdog_seconds == 4.0
    sent = [notifier.watchdog(now=t) for t in (100.0, 101.0, 101.9, 102.0, 103.0, 104.1)]
    assert sent == [True, False, False, True, False, True]
    assert received(manager) == ["WATCHDOG=1"] * 3


def test_watchdog_meant_for_another_process_is_ignored(
    manager: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = str(os.getpid() + 1)
    notifier = notifier_for(
        monkeypatch, manager.getsockname(), WATCHDOG_USEC="4000000", WATCHDOG_PID=other
    )
    assert notifier.watchdog_seconds is None
    assert notifier.watchdog() is False
    assert received(manager) == []
    assert watchdog_seconds({"WATCHDOG_USEC": "4000000", "WATCHDOG_PID": str(os.getpid())}) == 4.0
    assert watchdog_seconds({"WATCHDOG_USEC": "0"}) is None
    assert watchdog_seconds({"WATCHDOG_USEC": "soon"}) is None


def until(check: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait for another thread to make `check` true."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_stale_socket_is_reported_once_and_does_not_stop_the_service(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    notifier = notifier_for(monkeypatch, str(tmp_path / "gone"), WATCHDOG_USEC="1000000")
    with caplog.at_level(logging.WARNING, logger="daemon.ops.notify"):
        notifier.ready("up")
        notifier.watchdog()
        notifier.status("still up")
    [warning] = caplog.records
    assert "cannot notify the service manager" in warning.getMessage()


def pings_until(sock: socket.socket, count: int, timeout: float = 20.0) -> list[str]:
    """Messages received until `count` of them are watchdog pings (or `timeout` s)."""
    messages: list[str] = []
    deadline = time.monotonic() + timeout
    while messages.count("WATCHDOG=1") < count and time.monotonic() < deadline:
        messages += received(sock, 0.05)
    return messages


class CountedHealth:
    """A health check that answers `problem` and counts how often it was asked."""

    def __init__(self) -> None:
        self.problem: str | None = None
        self.calls = 0

    def __call__(self) -> str | None:
        self.calls += 1
        return self.problem

    def rounds(self, n: int) -> None:
        """Wait until the watchdog thread has asked `n` more times."""
        target = self.calls + n
        until(lambda: self.calls >= target)


def test_watchdog_thread_stops_pinging_while_unhealthy_and_resumes_after(
    manager: socket.socket, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    health = CountedHealth()
    notifier = notifier_for(monkeypatch, manager.getsockname(), WATCHDOG_USEC="200000")
    watchdog = Watchdog(notifier, health)
    assert watchdog.period == pytest.approx(0.05)
    with caplog.at_level(logging.INFO, logger="daemon.ops.notify"):
        watchdog.start()
        healthy = pings_until(manager, 3)
        health.problem = "a job on the ocr queue has run 700 s"
        until(lambda: watchdog.problem is not None)  # the thread has seen it
        received(manager, 0.01)
        health.rounds(12)  # more than the 0.1 s ping interval, however slow the machine
        silent = received(manager, 0.01)
        health.problem = None
        resumed = pings_until(manager, 3)
        watchdog.stop()
    assert healthy.count("WATCHDOG=1") >= 3
    assert silent == []
    assert resumed.count("WATCHDOG=1") >= 3
    messages = [r.getMessage() for r in caplog.records]
    assert messages.count(
        "unhealthy: a job on the ocr queue has run 700 s; watchdog pings stop, so systemd "
        "restarts the service"
    ) == 1
    assert "healthy again; watchdog pings resume" in messages
    assert watchdog.problem is None


def test_a_failing_health_check_counts_as_unhealthy(
    manager: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[float] = []

    def broken() -> str | None:
        calls.append(time.monotonic())
        raise RuntimeError("boom")

    notifier = notifier_for(monkeypatch, manager.getsockname(), WATCHDOG_USEC="200000")
    watchdog = Watchdog(notifier, broken)
    watchdog.start()
    until(lambda: len(calls) >= 6)  # more than the 0.1 s ping interval
    watchdog.stop()
    assert watchdog.problem == "the health check failed (RuntimeError('boom'))"
    messages = received(manager, 0.01)
    assert "WATCHDOG=1" not in messages
    assert "STATUS=UNHEALTHY: the health check failed (RuntimeError('boom'))" in messages


def test_service_health_names_a_job_past_its_time_and_a_stopped_observer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the watchdog is gated on, in a real (embedded) service."""
    from daemon.bus import OCR, Delivery
    from daemon.deployment import init
    from daemon.service import Service
    from daemon.settings import load_settings

    release = threading.Event()

    def slow(delivery: Delivery) -> None:
        release.wait(30)

    init(tmp_path / "yomitori", ["kodomo"])
    monkeypatch.setenv("YOMITORI_METRICS__LISTEN", "")
    # A free port, not the deployment's fixed 8443 that other processes may hold.
    monkeypatch.setenv("YOMITORI_REVIEW__LISTEN", f"127.0.0.1:{free_port()}")
    monkeypatch.setenv("YOMITORI_OCR__JOB_TIMEOUT_SECONDS", "1")
    service = Service(load_settings(tmp_path / "yomitori" / "yomitori.toml"))
    service.bus.subscribe(OCR, slow)  # a stand-in for a page that takes too long
    service.start()
    try:
        assert service.health() is None
        service.bus.publish(OCR, {"job_id": "x"})
        until(lambda: service.health() is not None)
        assert re.fullmatch(
            r"a job on the ocr queue has run \d+ s, past ocr.job_timeout_seconds \(1 s\)",
            service.health() or "",
        )
        release.set()
        until(lambda: service.in_flight() == 0)
        assert service.health() is None  # the job ended
        assert service.watcher is not None
        service.watcher.stop()
        assert service.health() == "a hot-folder observer has stopped"
        service.request_stop()
        assert service.health() is None  # draining: threads end on purpose
    finally:
        service.stop()


def test_service_health_names_an_intake_that_completes_no_ticks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A claim that hangs (a FIFO, a dead mount) stops the watchdog pings."""
    import threading

    from daemon.deployment import init
    from daemon.intake import watcher as watcher_module
    from daemon.service import Service
    from daemon.settings import load_settings

    hang = threading.Event()

    def hung_claim(*args: object) -> None:
        hang.wait(60)
        raise OSError("released")

    init(tmp_path / "yomitori", ["kodomo"])
    monkeypatch.setenv("YOMITORI_METRICS__LISTEN", "")
    # A free port, not the deployment's fixed 8443 that other processes may hold.
    monkeypatch.setenv("YOMITORI_REVIEW__LISTEN", f"127.0.0.1:{free_port()}")
    monkeypatch.setenv("YOMITORI_INTAKE__STABLE_SECONDS", "0.2")
    monkeypatch.setenv("YOMITORI_INTAKE__STALL_SECONDS", "1")
    monkeypatch.setattr(watcher_module, "claim", hung_claim)
    service = Service(load_settings(tmp_path / "yomitori" / "yomitori.toml"))
    service.start()
    try:
        assert service.health() is None
        (tmp_path / "yomitori" / "scan" / "kodomo" / "scan.pdf").write_bytes(b"%PDF-")
        deadline = time.monotonic() + 20
        while service.health() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert re.fullmatch(
            r"the hot-folder intake has completed no tick for \d+ s \(more than 1 s\): it is "
            r"stuck",
            service.health() or "",
        )
        hang.set()
        deadline = time.monotonic() + 20
        while service.health() is not None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert service.health() is None
    finally:
        hang.set()
        service.stop()
