"""State gauges: folders, queues, the spool and the ledger, read every few seconds.

The service refreshes them from its main loop (`StateGauges.refresh`); the metrics
themselves are declared in `daemon.ops.metrics`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from functools import partial

from daemon.bus import DEAD, DONE, OCR, Bus
from daemon.ledger.writer import Ledger
from daemon.ops import backlog
from daemon.ops.metrics import (
    BROKER_CONNECTED,
    DAY,
    DELAYED_MESSAGES,
    DELIVERED_UNWIPED,
    DELIVERED_UNWIPED_AGE,
    FOLDER_FILES,
    IGNORED_FILES,
    JOB_TIMEOUT,
    JOBS_WAITING_INFRASTRUCTURE,
    LEDGER_SEQUENCE,
    OLDEST_FILE_AGE,
    OLDEST_IGNORED_FILE_AGE,
    OUTBOX_RETENTION,
    QUARANTINE_RETENTION,
    QUEUE_MESSAGES,
    SPOOL_DEPTH,
)
from daemon.settings import Settings
from daemon.spool import Spool

log = logging.getLogger(__name__)


class StateGauges:
    """Refreshes the gauges that describe state, for the roles this process runs.

    Every process reports the spool, the broker and its queues; the watcher reports the
    hot folders; the janitor the outboxes, the quarantine and the ledger. Alert rules take
    the maximum over processes, so several processes reporting the same folder is fine.
    """

    def __init__(
        self,
        settings: Settings,
        roles: Iterable[str],
        bus: Bus,
        spool: Spool,
        ledger: Ledger | None = None,
    ) -> None:
        self.settings = settings
        self.roles = set(roles)
        self.bus = bus
        self.spool = spool
        self.ledger = ledger
        JOB_TIMEOUT.set(settings.ocr.job_timeout_seconds)
        # Read at each scrape: a reconnect shows at once, not at the next refresh.
        BROKER_CONNECTED.set_function(lambda: 1.0 if bus.connected() else 0.0)
        if "janitor" in self.roles:
            for dept_id, dept in settings.departments.items():
                OUTBOX_RETENTION.labels(dept_id).set(dept.outbox_retention_days * DAY)
            QUARANTINE_RETENTION.set(settings.retention.quarantine_days * DAY)

    def refresh(self, now: float | None = None) -> None:
        """Read the disk and the broker now (`now`: Unix time, seconds)."""
        now = time.time() if now is None else now
        self._spool(now)
        if self.bus.connected():  # asking a broker that is away blocks for a connect timeout
            for queue in (OCR, DONE, DEAD):
                depth = self.bus.queue_depth(queue)
                if depth is not None:
                    QUEUE_MESSAGES.labels(queue).set(depth)
            delayed = self.bus.delayed()
            if delayed is not None:
                DELAYED_MESSAGES.set(delayed)
        quarantine = self.settings.paths.quarantine
        hours = self.settings.intake.ignored_alert_hours * 3600.0
        for dept_id, dept in self.settings.departments.items():
            readings: dict[str, Callable[[], backlog.Backlog]] = {}
            if "watcher" in self.roles:
                readings["hot"] = partial(backlog.hot_folders, dept.hot_folders, now)
            if "janitor" in self.roles:
                readings["outbox"] = partial(backlog.outbox, dept.outbox, now)
                readings["quarantine"] = partial(backlog.quarantine, quarantine, dept_id, now)
            for folder, read in readings.items():
                self._folder(dept_id, folder, read)
            if "watcher" in self.roles:
                self._ignored(dept_id, partial(backlog.ignored_in, dept.hot_folders, now, hours))
        if self.ledger is not None:
            LEDGER_SEQUENCE.set(self.ledger.head()[0])

    def _spool(self, now: float) -> None:
        try:
            counts = backlog.spool(self.spool, now).values()
        except OSError as exc:
            log.debug("cannot read the spool: %s", exc)
            return
        SPOOL_DEPTH.set(sum(c.waiting + c.delivered for c in counts))
        JOBS_WAITING_INFRASTRUCTURE.set(sum(c.on_infrastructure for c in counts))
        DELIVERED_UNWIPED.set(sum(c.delivered for c in counts))
        DELIVERED_UNWIPED_AGE.set(max((c.oldest_delivered_seconds for c in counts), default=0.0))

    @staticmethod
    def _ignored(department: str, read: Callable[[], backlog.Backlog]) -> None:
        try:
            found = read()
        except OSError as exc:
            log.debug("cannot read the hot folders of %s: %s", department, exc)
            return
        IGNORED_FILES.labels(department).set(found.files)
        OLDEST_IGNORED_FILE_AGE.labels(department).set(found.oldest_seconds)

    @staticmethod
    def _folder(department: str, folder: str, read: Callable[[], backlog.Backlog]) -> None:
        try:
            found = read()
        except OSError as exc:
            # The gauges keep their last values; the watcher and `yomitori check` say why.
            log.debug("cannot read the %s folder of %s: %s", folder, department, exc)
            return
        FOLDER_FILES.labels(department, folder).set(found.files)
        OLDEST_FILE_AGE.labels(department, folder).set(found.oldest_seconds)
