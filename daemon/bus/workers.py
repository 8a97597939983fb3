"""Worker threads that run a handler for deliveries, shared by both transports.

The transport's own thread (RabbitMQ's connection thread, or nothing for the embedded
transport) only hands deliveries in and settles them when a worker reports the outcome,
so a long OCR job never blocks broker I/O or heartbeats.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from daemon.bus import AttemptCount, Decision, Delivery, Handler, RetryPolicy, settle

log = logging.getLogger(__name__)

Settle = Callable[[Decision], None]
Item = tuple[Delivery, Settle] | None
"""A delivery and how to settle it; None tells a worker thread to end."""


class Workers:
    """`count` threads running `handler`; `busy_since` tells how long each has been at a job."""

    def __init__(
        self,
        name: str,
        count: int,
        handler: Handler,
        policy: RetryPolicy,
        attempts: AttemptCount | None = None,
    ) -> None:
        self.name = name
        self.count = count
        self.handler = handler
        self.policy = policy
        self.attempts = attempts
        self._inbox: queue.Queue[Item] = queue.Queue()
        self._threads = [
            threading.Thread(target=self._run, name=f"{name}-{i}", daemon=True)
            for i in range(count)
        ]
        self._busy: dict[str, float] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def submit(self, delivery: Delivery, done: Settle) -> None:
        """Queue a delivery; `done(decision)` is called from the worker thread afterwards."""
        self._inbox.put((delivery, done))

    def _run(self) -> None:
        me = threading.current_thread().name
        while True:
            item = self._inbox.get()
            if item is None:
                return
            delivery, done = item
            with self._lock:
                self._busy[me] = time.monotonic()
            try:
                done(settle(self.handler, self._counted(delivery), self.policy))
            except Exception:
                log.exception("could not settle a message", extra={"queue": delivery.queue})
            finally:
                with self._lock:
                    self._busy.pop(me, None)

    def _counted(self, delivery: Delivery) -> Delivery:
        """The delivery with its attempt number raised to what the durable record says."""
        if self.attempts is None:
            return delivery
        try:
            ran = self.attempts(delivery)
        except Exception:  # the count is a safeguard; the handler reports real trouble
            log.exception("could not count earlier attempts", extra={"queue": delivery.queue})
            return delivery
        return replace(delivery, attempt=max(delivery.attempt, ran + 1))

    def in_flight(self) -> int:
        with self._lock:
            return len(self._busy)

    def longest_busy(self) -> float:
        """Seconds the longest-running current job has taken (0 when idle)."""
        with self._lock:
            starts = list(self._busy.values())
        return time.monotonic() - min(starts) if starts else 0.0

    def waiting(self) -> int:
        """Deliveries handed in and not yet started."""
        return self._inbox.qsize()

    def alive(self) -> bool:
        return all(thread.is_alive() for thread in self._threads)

    def drain(self) -> list[tuple[Delivery, Settle]]:
        """Take back deliveries not yet started (the transport returns them to the queue)."""
        taken: list[tuple[Delivery, Settle]] = []
        while True:
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                return taken
            if item is not None:
                taken.append(item)

    def stop(self, timeout: float) -> None:
        """Let running jobs finish (up to `timeout` seconds) and end the threads."""
        for _ in self._threads:
            self._inbox.put(None)
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
