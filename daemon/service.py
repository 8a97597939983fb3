"""The long-running service: builds the roles a process runs and drives their lifecycle.

Roles: `watcher` (hot folders → spool → queue), `ocr` (queue → outbox), `janitor` (wipe,
quarantine, ledger). `all` runs the three in one process, the only choice with the
embedded transport.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from types import FrameType

from daemon import metrics
from daemon.bus import DEAD, DONE, OCR, Bus, create_bus
from daemon.errors import ConfigError, YomitoriError
from daemon.ledger import Ledger, load_or_create_signing_key
from daemon.settings import Settings
from daemon.spool import Spool
from daemon.watcher import Watcher

log = logging.getLogger(__name__)

ROLES = ("watcher", "ocr", "janitor")
STOP_SECONDS = 60.0


def roles_for(choice: str) -> tuple[str, ...]:
    return ROLES if choice == "all" else (choice,)


class Service:
    """One process's roles over one bus."""

    def __init__(self, settings: Settings, roles: tuple[str, ...] = ROLES) -> None:
        if settings.broker.url == "embedded" and set(roles) != set(ROLES):
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
        self.bus: Bus = create_bus(
            settings.broker.url,
            settings.broker.delivery_limit,
            settings.broker.heartbeat,
            settings.broker.prefix,
        )
        self.watcher: Watcher | None = None
        self._stop = threading.Event()
        if "ocr" in roles:
            self._subscribe_ocr()
        if "janitor" in roles:
            self._subscribe_janitor()
        if "watcher" in roles:
            self.watcher = Watcher(settings, self.spool, self.bus)

    def _subscribe_ocr(self) -> None:
        from handlers.ocr.consumer import OcrConsumer
        from handlers.ocr.engine import create_engine

        engine = create_engine(self.settings.ocr.engine)
        consumer = OcrConsumer(self.settings, engine, self.bus.publish)
        self.bus.subscribe(OCR, consumer, workers=self.settings.ocr.workers)

    def _subscribe_janitor(self) -> None:
        from handlers.janitor import Janitor
        from handlers.quarantine import Quarantine

        paths = self.settings.paths
        key, created = load_or_create_signing_key(paths.signing_key)
        ledger = Ledger(paths.ledger, key)
        if created:
            ledger.append("signing_key_created", role="janitor")
            log.info("made a new ledger signing key")
        self.bus.subscribe(DONE, Janitor(self.spool, ledger))
        self.bus.subscribe(DEAD, Quarantine(self.spool, paths.quarantine, ledger))

    def start(self) -> None:
        metrics.serve(self.settings.metrics.listen)
        self.bus.start()
        if self.watcher is not None:
            self.watcher.start()
        log.info("started roles: %s", ", ".join(self.roles))

    def stop(self) -> None:
        log.info("stopping: finishing jobs in progress")
        if self.watcher is not None:
            self.watcher.stop()
        self.bus.stop(STOP_SECONDS)
        log.info("stopped")

    def _reconcile(self) -> None:
        assert self.watcher is not None
        try:
            self.watcher.reconcile()
        except YomitoriError as exc:
            log.warning("could not re-publish waiting jobs: %s", exc)

    def alive(self) -> bool:
        return self.bus.alive() and (self.watcher is None or self.watcher.alive())

    def request_stop(self, signum: int = 0, frame: FrameType | None = None) -> None:
        self._stop.set()

    def run(self) -> None:
        """Start, serve until SIGTERM or SIGINT, then drain and stop."""
        signal.signal(signal.SIGTERM, self.request_stop)
        signal.signal(signal.SIGINT, self.request_stop)
        self.start()
        next_reconcile = time.monotonic() + self.settings.intake.rescan_seconds
        try:
            while not self._stop.wait(5.0):
                metrics.SPOOL_DEPTH.set(self.spool.depth())
                metrics.BROKER_CONNECTED.set(1 if self.bus.connected() else 0)
                if self.watcher is not None and time.monotonic() >= next_reconcile:
                    next_reconcile = time.monotonic() + self.settings.intake.rescan_seconds
                    self._reconcile()
        finally:
            self.stop()
