"""The embedded transport: in-process queues with the same semantics as RabbitMQ.

Messages live in memory, so they do not survive the process; the spool does, and the
watcher re-publishes every unfinished spool job at start (`durable = False` tells it to).
Retries wait on a timer thread (`Schedule`), as RabbitMQ's retry queues do.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from typing import Any

from daemon.bus import DEAD_LETTERED, Bus, Decision, Delivery, Outcome, RetryPolicy
from daemon.bus.schedule import Schedule
from daemon.bus.workers import Workers


class EmbeddedBus(Bus):
    """In-memory queues feeding worker threads directly."""

    durable = False

    def __init__(self, policy: RetryPolicy) -> None:
        super().__init__(policy)
        self._workers: dict[str, Workers] = {}
        self._waiting: defaultdict[str, list[Delivery]] = defaultdict(list)
        self._lock = threading.Lock()
        self._running = False
        self._later: Schedule[Delivery] = Schedule()
        self._timer_wakes = threading.Condition(self._lock)
        self._timer: threading.Thread | None = None

    def publish(self, queue: str, body: dict[str, Any]) -> None:
        # A JSON round trip keeps the embedded transport as strict as the real one.
        self._deliver(Delivery(queue, json.loads(json.dumps(body)), attempt=1))

    def _deliver(self, delivery: Delivery) -> None:
        with self._lock:
            workers = self._workers.get(delivery.queue) if self._running else None
            if workers is None:
                self._waiting[delivery.queue].append(delivery)
                return
        workers.submit(delivery, lambda decision: self._settled(delivery, decision))

    def _settled(self, delivery: Delivery, decision: Decision) -> None:
        if decision.outcome is Outcome.RETRY and decision.retry is not None:
            with self._lock:
                if not self._running:
                    return  # stopping: the watcher re-publishes the job at the next start
                self._later.add(decision.retry, time.monotonic() + decision.delay)
                self._timer_wakes.notify()
        elif decision.outcome is Outcome.DEAD and delivery.queue in DEAD_LETTERED:
            self._deliver(Delivery(DEAD_LETTERED[delivery.queue], delivery.body, 1))

    def _run_timer(self) -> None:
        while True:
            with self._lock:
                if not self._running:
                    return
                due = self._later.due(time.monotonic())
                if not due:
                    upcoming = self._later.next_time()
                    wait = None if upcoming is None else max(0.0, upcoming - time.monotonic())
                    self._timer_wakes.wait(wait)
                    continue
            for delivery in due:
                self._deliver(delivery)

    def start(self) -> None:
        for queue, (handler, count, attempts) in self.subscriptions.items():
            workers = Workers(queue, count, handler, self.policy, attempts)
            workers.start()
            self._workers[queue] = workers
        with self._lock:
            self._running = True
            waiting = [d for queue in self._workers for d in self._waiting.pop(queue, [])]
        self._timer = threading.Thread(target=self._run_timer, name="bus-timer", daemon=True)
        self._timer.start()
        for delivery in waiting:
            self._deliver(delivery)

    def stop(self, timeout: float = 30.0) -> None:
        with self._lock:
            self._running = False
            self._timer_wakes.notify()
        for workers in self._workers.values():
            workers.drain()
            workers.stop(timeout)
        if self._timer is not None:
            self._timer.join(timeout)

    def connected(self) -> bool:
        return True

    def alive(self) -> bool:
        timer_ok = self._timer is None or self._timer.is_alive() or not self._running
        return timer_ok and all(w.alive() for w in self._workers.values())

    def queue_depth(self, queue: str) -> int | None:
        with self._lock:
            workers = self._workers.get(queue)
            return len(self._waiting.get(queue, [])) + (workers.waiting() if workers else 0)

    def delayed(self) -> int:
        """Deliveries waiting for their retry delay."""
        with self._lock:
            return len(self._later)

    def workers(self) -> list[Workers]:
        return list(self._workers.values())
