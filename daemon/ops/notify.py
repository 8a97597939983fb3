"""sd_notify(3): tell systemd that the service is ready, still healthy, busy or stopping.

The units use `Type=notify` and `WatchdogSec=`. systemd passes `$NOTIFY_SOCKET` and, with
a watchdog, `$WATCHDOG_USEC` (and `$WATCHDOG_PID`); outside systemd neither is set and
every call here does nothing. The watchdog is pinged only when the caller says the
process is healthy, at most every half of `WatchdogSec=`, so a hung worker or a dead
thread stops the pings and systemd restarts the service.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping

from systemd import daemon as sd

log = logging.getLogger(__name__)


def watchdog_seconds(environ: Mapping[str, str]) -> float | None:
    """`WatchdogSec=` in seconds when the watchdog is meant for this process, else None."""
    usec = environ.get("WATCHDOG_USEC", "")
    pid = environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    if pid and pid != str(os.getpid()):
        return None  # set for another process (we were started by a wrapper)
    return int(usec) / 1_000_000


def one_line(text: str) -> str:
    """A STATUS= value: one line of printable text."""
    return " ".join(text.split())


class Notifier:
    """Sends READY, STATUS, WATCHDOG and STOPPING to the service manager, if there is one.

    Reads `$NOTIFY_SOCKET` and the watchdog variables from the environment when made.
    """

    def __init__(self) -> None:
        self.enabled = bool(os.environ.get("NOTIFY_SOCKET"))
        self.watchdog_seconds = watchdog_seconds(os.environ) if self.enabled else None
        self._last_ping: float | None = None
        self._broken = False

    def _send(self, *assignments: str) -> None:
        if not self.enabled or self._broken:
            return
        try:
            sd.notify("\n".join(assignments))
        except OSError as exc:
            # A stale $NOTIFY_SOCKET must not stop the service; say so once.
            self._broken = True
            log.warning("cannot notify the service manager (%s); carrying on without it", exc)

    def ready(self, status: str) -> None:
        """The service is up: the broker is connected and the hot folders are watched."""
        self._send("READY=1", f"STATUS={one_line(status)}")

    def status(self, status: str) -> None:
        """A one-line summary for `systemctl status`."""
        self._send(f"STATUS={one_line(status)}")

    def stopping(self, status: str) -> None:
        """The service is draining after SIGTERM."""
        self._send("STOPPING=1", f"STATUS={one_line(status)}")

    def watchdog(self, now: float | None = None) -> bool:
        """Ping the watchdog if half its interval has passed; returns whether it pinged.

        Call only while the process is healthy. `now` is a monotonic time in seconds.
        """
        if self.watchdog_seconds is None:
            return False
        now = time.monotonic() if now is None else now
        if self._last_ping is not None and now - self._last_ping < self.watchdog_seconds / 2:
            return False
        self._last_ping = now
        self._send("WATCHDOG=1")
        return True


class Watchdog:
    """Pings the watchdog from its own thread while `health()` returns None.

    `health` returns None when the process is healthy, else one line saying why not; the
    first unhealthy answer is logged as an error and shown in STATUS=, and pings stop
    until it is healthy again. Checks every `period` seconds (more often for a short
    `WatchdogSec=`).
    """

    def __init__(
        self, notifier: Notifier, health: Callable[[], str | None], period: float = 1.0
    ) -> None:
        self.notifier = notifier
        self.health = health
        if notifier.watchdog_seconds is not None:
            period = min(period, notifier.watchdog_seconds / 4)
        self.period = period
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="yomitori-watchdog", daemon=True)
        self.problem: str | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            try:
                problem = self.health()
            except Exception as exc:
                problem = f"the health check failed ({exc!r})"
            if problem is None:
                self.notifier.watchdog()
                if self.problem is not None:
                    log.info("healthy again; watchdog pings resume")
            elif self.problem is None:
                log.error("unhealthy: %s; watchdog pings stop, so systemd restarts the service",
                          problem)
                self.notifier.status(f"UNHEALTHY: {problem}")
            self.problem = problem
            if self._stop.wait(self.period):
                return
