"""The embedded transport: in-process queues with the same semantics as RabbitMQ.

Messages live in memory, so they do not survive the process; the spool does, and the
watcher re-publishes every unfinished spool job at start (`durable = False` tells it to).
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from typing import Any

from daemon.bus import DEAD, OCR, Bus, Delivery, Outcome
from daemon.bus.workers import Workers

DEAD_LETTERED = {OCR: DEAD}


class EmbeddedBus(Bus):
    """In-memory queues feeding worker threads directly."""

    durable = False

    def __init__(self, delivery_limit: int) -> None:
        super().__init__(delivery_limit)
        self._workers: dict[str, Workers] = {}
        self._waiting: defaultdict[str, list[Delivery]] = defaultdict(list)
        self._lock = threading.Lock()
        self._running = False

    def publish(self, queue: str, body: dict[str, Any]) -> None:
        # A JSON round trip keeps the embedded transport as strict as the real one.
        self._deliver(Delivery(queue, json.loads(json.dumps(body)), attempt=1))

    def _deliver(self, delivery: Delivery) -> None:
        with self._lock:
            workers = self._workers.get(delivery.queue) if self._running else None
            if workers is None:
                self._waiting[delivery.queue].append(delivery)
                return
        workers.submit(delivery, lambda outcome: self._settled(delivery, outcome))

    def _settled(self, delivery: Delivery, outcome: Outcome) -> None:
        if outcome is Outcome.RETRY:
            self._deliver(Delivery(delivery.queue, delivery.body, delivery.attempt + 1))
        elif outcome is Outcome.DEAD and delivery.queue in DEAD_LETTERED:
            self._deliver(Delivery(DEAD_LETTERED[delivery.queue], delivery.body, 1))

    def start(self) -> None:
        for queue, (handler, count) in self.subscriptions.items():
            workers = Workers(queue, count, handler, self.delivery_limit)
            workers.start()
            self._workers[queue] = workers
        with self._lock:
            self._running = True
            waiting = [d for queue in self._workers for d in self._waiting.pop(queue, [])]
        for delivery in waiting:
            self._deliver(delivery)

    def stop(self, timeout: float = 30.0) -> None:
        with self._lock:
            self._running = False
        for workers in self._workers.values():
            workers.drain()
            workers.stop(timeout)

    def connected(self) -> bool:
        return True

    def alive(self) -> bool:
        return all(w.alive() for w in self._workers.values())

    def queue_depth(self, queue: str) -> int | None:
        with self._lock:
            workers = self._workers.get(queue)
            return len(self._waiting.get(queue, [])) + (workers.waiting() if workers else 0)

    def workers(self) -> list[Workers]:
        return list(self._workers.values())
