"""The long-running service: builds the roles a process runs and drives their lifecycle.

Roles: `watcher` (hot folders → spool → queue), `ocr` (queue → outbox), `janitor` (wipe,
quarantine, ledger). `all` runs the three in one process, the only choice with the
embedded transport.
"""

from __future__ import annotations

import faulthandler
import logging
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING

from daemon.bus import DEAD, DONE, OCR, Bus, RetryPolicy, create_bus
from daemon.bus.workers import Workers
from daemon.credentials import broker_url
from daemon.errors import ConfigError, LedgerUnavailable, YomitoriError
from daemon.intake.watcher import Watcher
from daemon.ledger.keys import open_ledger
from daemon.ledger.writer import Ledger
from daemon.ops import capacity, metrics
from daemon.ops.gauges import StateGauges
from daemon.ops.notify import Notifier, Watchdog
from daemon.settings import Settings
from daemon.spool import Spool

if TYPE_CHECKING:
    from daemon.review.server import StationServer

log = logging.getLogger(__name__)

PIPELINE = ("watcher", "ocr", "janitor")
ROLES = (*PIPELINE, "review")
STOP_SECONDS = 60.0
"""How long a drain waits for jobs in progress; the units' TimeoutStopSec= is longer."""
STATE_SECONDS = 10.0
"""How often the state gauges and the STATUS= line are refreshed."""
TICK_SECONDS = 1.0
"""The main loop's period: READY, housekeeping, and noticing a stop request."""
COMPLETED_SECONDS = 2.0
"""How often the janitor wipes the bundles the review station handed over."""
REVIEW_SWEEP_SECONDS = 60.0


def roles_for(choice: str, review: bool = False) -> tuple[str, ...]:
    """The roles of `--role choice`; `all` includes the review station when `review`
    (that is, when `review.listen` is set)."""
    if choice != "all":
        return (choice,)
    return ROLES if review else PIPELINE


class Service:
    """One process's roles over one bus."""

    def __init__(
        self,
        settings: Settings,
        roles: tuple[str, ...] = ROLES,
        config_sha256: str = "",
        config: str = "",
    ) -> None:
        pipeline = set(roles) & set(PIPELINE)
        if settings.broker.url == "embedded" and pipeline and pipeline != set(PIPELINE):
            raise ConfigError(
                [
                    "broker.url: the embedded transport runs every role in one process; "
                    "use --role all, or set broker.url to a RabbitMQ URL"
                ]
            )
        self.settings = settings
        self.roles = roles
        self.spool = Spool(settings.paths.spool)
        self.spool.create()
        broker = settings.broker
        policy = RetryPolicy(
            broker.delivery_limit, broker.retry_delay_seconds, broker.retry_delay_max_seconds
        )
        self.bus: Bus = create_bus(
            broker_url(broker.url), policy, broker.heartbeat, broker.prefix,
            more=[broker_url(url) for url in broker.urls],
        )
        self.watcher: Watcher | None = None
        self.config_sha256 = config_sha256
        self._stop = threading.Event()
        self._periodic: list[Periodic] = []
        self.ledger: Ledger | None = None
        self.role = "all" if pipeline == set(PIPELINE) else "+".join(roles)
        deployment = metrics.deployment_id(str(settings.paths.spool.absolute()), broker.prefix)
        metrics.declare(
            settings.departments, self.role, metrics.identity(config_sha256, deployment, config)
        )
        self.notifier = Notifier()
        self.watchdog = Watchdog(self.notifier, self.health)
        self._last_tick: float | None = None  # the main loop's last turn, once `run` loops
        if "ocr" in roles:
            self._subscribe_ocr()
        if "janitor" in roles:
            self._subscribe_janitor()
        self.station: StationServer | None = None
        if "review" in roles:
            self._serve_review()
        if "watcher" in roles:
            self.watcher = Watcher(settings, self.spool, self.bus)
            self._periodic.append(Periodic(settings.intake.rescan_seconds, self.watcher.reconcile))
        self.gauges = StateGauges(settings, roles, self.bus, self.spool, self.ledger)
        self._periodic.append(Periodic(STATE_SECONDS, self._observe, 0.0))

    def _subscribe_ocr(self) -> None:
        from handlers.ocr.engine import create_engine
        from handlers.ocr_consumer import OcrConsumer

        engine = create_engine(self.settings.ocr.engine)
        consumer = OcrConsumer(self.settings, engine, self.bus.publish)
        setting = self.settings.ocr.workers
        workers = capacity.ocr_workers(setting)
        if setting == "auto":
            log.info("ocr.workers auto: %s", capacity.measure().describe())
        self.bus.subscribe(OCR, consumer, workers=workers, attempts=consumer.attempts_so_far)

    def _subscribe_janitor(self) -> None:
        from handlers.collection import Collection
        from handlers.completed import CompletedReviews
        from handlers.janitor import Janitor
        from handlers.quarantine import Quarantine
        from handlers.retention import Retention

        paths = self.settings.paths
        # Verified against the pinned keys first: a forged chain stops the start here.
        ledger = open_ledger(self.settings, role="janitor")
        self.ledger = ledger
        self._record_config(ledger)
        janitor = Janitor(self.spool, ledger)
        self.bus.subscribe(DONE, janitor)
        departments = self.settings.departments
        self.bus.subscribe(
            DEAD,
            Quarantine(
                self.spool, paths.quarantine, ledger, self.bus.publish, departments=departments
            ),
        )
        # Wipes cut short by a crash are finished at start and then now and again.
        self._periodic.append(Periodic(self.settings.intake.rescan_seconds, janitor.recover, 0.0))
        retention = Retention(self.settings, ledger)
        self._periodic.append(Periodic(self.settings.retention.sweep_seconds, retention.sweep, 0.0))
        collection = Collection(self.settings, ledger)
        self._periodic.append(
            Periodic(self.settings.retention.sweep_seconds, collection.sweep, 0.0)
        )
        completed = CompletedReviews(self.settings, ledger)
        self._periodic.append(Periodic(COMPLETED_SECONDS, completed.sweep, 0.0))

    def _serve_review(self) -> None:
        from daemon.review.server import StationServer
        from daemon.review.station import Station
        from daemon.review.store import Store
        from handlers.quarantine import release

        ledger = self.ledger or open_ledger(self.settings, role="review")
        self.ledger = ledger
        store = Store(self.settings.review.store)
        store.create()

        def release_quarantined(job_id: str) -> str:
            return release(
                self.spool,
                self.settings.paths.quarantine,
                ledger,
                job_id,
                departments=self.settings.departments,
            ).job_id

        self.station = StationServer(Station(self.settings, store, ledger, release_quarantined))
        self._periodic.append(Periodic(REVIEW_SWEEP_SECONDS, self.station.sweep, 0.0))

    def _record_config(self, ledger: Ledger) -> None:
        """Append `config_loaded`; on a full ledger disk, keep trying in the background
        with growing delays rather than failing the start (which would only loop)."""

        def record() -> None:
            ledger.append("config_loaded", config_sha256=self.config_sha256, role="janitor")

        try:
            record()
        except LedgerUnavailable as exc:
            log.warning("%s (config_loaded is recorded once it can be)", exc)
            self._periodic.append(Retry(record))

    def start(self) -> None:
        metrics.serve(self.settings.metrics.listen)
        if self.station is not None:
            self.station.start()
        self.bus.start()
        if self.watcher is not None:
            self.watcher.start()
        log.info("started roles: %s", ", ".join(self.roles))

    def stop(self) -> None:
        log.info("stopping: finishing jobs in progress")
        if self.watcher is not None:
            self.watcher.stop()
        self.bus.stop(STOP_SECONDS)
        if self.station is not None:
            self.station.stop()
        log.info("stopped")

    def alive(self) -> bool:
        return (
            self.bus.alive()
            and (self.watcher is None or self.watcher.alive())
            and (self.station is None or self.station.alive())
        )

    def _pools(self) -> list[Workers]:
        """This process's worker pools (both transports keep them)."""
        return self.bus.workers()

    def in_flight(self) -> int:
        """Jobs this process's workers are running now."""
        return sum(pool.in_flight() for pool in self._pools())

    def health(self) -> str | None:
        """None while every thread is alive and no job or housekeeping has run longer than
        `ocr.job_timeout_seconds`; otherwise why not. The watchdog pings only on None.

        While draining after a stop request threads end on purpose, and TimeoutStopSec=
        bounds the drain, so it is healthy."""
        if self._stop.is_set():
            return None
        limit = self.settings.ocr.job_timeout_seconds
        problems: list[str] = []
        if not self.bus.alive():
            problems.append("a message bus thread has stopped")
        intake = self.watcher.problem() if self.watcher is not None else None
        if intake is not None:
            problems.append(intake)
        if self.station is not None and not self.station.alive():
            problems.append("the review station has stopped serving")
        for pool in self._pools():
            busy = pool.longest_busy()
            metrics.JOB_RUNNING_SECONDS.labels(pool.name).set(busy)
            if busy > limit:
                problems.append(
                    f"a job on the {pool.name} queue has run {busy:.0f} s, past "
                    f"ocr.job_timeout_seconds ({limit:.0f} s)"
                )
        stalled = 0.0 if self._last_tick is None else time.monotonic() - self._last_tick
        if stalled > limit + TICK_SECONDS:
            problems.append(f"housekeeping has not returned for more than {limit:.0f} s")
        metrics.HEALTHY.set(not problems)
        return "; ".join(problems) or None

    def summary(self) -> str:
        """One line for `systemctl status`: roles, broker, work in progress and done."""
        done = {
            "watcher": f"{metrics.total(metrics.JOBS_CLAIMED):.0f} claimed",
            "ocr": f"{metrics.total(metrics.JOBS_DELIVERED):.0f} delivered",
            "janitor": f"{metrics.total(metrics.JOBS_COMPLETED):.0f} wiped, "
            f"{metrics.total(metrics.JOBS_QUARANTINED):.0f} quarantined",
            "review": "review station up",
        }
        line = (
            f"{self.role}: broker {'connected' if self.bus.connected() else 'DISCONNECTED'}; "
            f"{self.in_flight()} in progress; {self.spool.depth()} in spool; since start "
            + ", ".join(done[role] for role in self.roles)
        )
        problem = self.watchdog.problem
        return f"UNHEALTHY: {problem}; {line}" if problem else line

    def _observe(self) -> None:
        self.gauges.refresh()
        self.notifier.status(self.summary())

    def request_stop(self, signum: int = 0, frame: FrameType | None = None) -> None:
        self._stop.set()

    def run(self) -> None:
        """Start, serve until SIGTERM or SIGINT, then drain and stop.

        Under systemd: READY=1 once the broker is connected and the hot folders are
        watched; WATCHDOG=1 while `health()` finds nothing wrong; STATUS= every
        `STATE_SECONDS`; STOPPING=1 when the drain starts. Outside systemd these are no-ops.
        """
        faulthandler.enable()  # a watchdog abort (SIGABRT) logs every thread's stack
        signal.signal(signal.SIGTERM, self.request_stop)
        signal.signal(signal.SIGINT, self.request_stop)
        self.start()
        self._last_tick = time.monotonic()
        self.watchdog.start()
        ready = False
        try:
            while True:
                self._last_tick = time.monotonic()
                if not ready and self.bus.connected():
                    ready = True
                    self.notifier.ready(self.summary())
                    log.info("ready")
                for task in self._periodic:
                    task.run_if_due()
                if self._stop.wait(TICK_SECONDS):
                    break
        finally:
            self.notifier.stopping(f"draining: {self.in_flight()} jobs in progress")
            self.stop()
            self.watchdog.stop()


class Periodic:
    """A housekeeping task run from the service's main loop every `seconds`."""

    def __init__(self, seconds: float, task: Callable[[], object], first: float | None = None):
        self.seconds = seconds
        self.task = task
        self.due = time.monotonic() + (seconds if first is None else first)

    def run_if_due(self) -> None:
        if time.monotonic() < self.due:
            return
        self.due = time.monotonic() + self.seconds
        try:
            self.task()
        except (YomitoriError, OSError) as exc:
            log.warning("housekeeping failed, will try again: %s", exc)


class Retry(Periodic):
    """A task run from the main loop until it succeeds once, waiting twice as long after
    each failure: `first` seconds, then up to `most` seconds."""

    def __init__(self, task: Callable[[], object], first: float = 2.0, most: float = 60.0):
        super().__init__(first, task)
        self.most = most
        self.done = False

    def run_if_due(self) -> None:
        if self.done or time.monotonic() < self.due:
            return
        try:
            self.task()
        except (YomitoriError, OSError) as exc:
            log.warning("still failing, trying again in %.0f s: %s", self.seconds, exc)
            self.due = time.monotonic() + self.seconds
            self.seconds = min(self.seconds * 2, self.most)
            return
        self.done = True
