"""The message bus: one small interface, two transports (embedded, RabbitMQ).

Both honour the same semantics, implemented once here: a handler runs in a worker thread;
returning means the work is durable and the message is acknowledged; an `InputError`
dead-letters it at once (retrying cannot help); any other exception rejects it for
another attempt until `delivery_limit` retries are spent, then it is dead-lettered.
Messages carry a job reference, never the scan (claim-check pattern).
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from daemon.errors import InputError

# Logical queue names; the RabbitMQ transport prefixes them (`broker.prefix`, default
# "yomitori" gives yomitori.ocr, yomitori.done, yomitori.dead).
OCR = "ocr"
DONE = "done"
DEAD = "dead"

if TYPE_CHECKING:
    from daemon.bus.workers import Workers

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """One message as a handler sees it; `attempt` is 1 on the first delivery."""

    queue: str
    body: dict[str, Any]
    attempt: int


Handler = Callable[[Delivery], None]


class Outcome(Enum):
    ACK = "ack"
    RETRY = "retry"
    DEAD = "dead"


def settle(handler: Handler, delivery: Delivery, delivery_limit: int) -> Outcome:
    """Run `handler` and decide what happens to the message."""
    try:
        handler(delivery)
    except InputError as exc:
        log.warning(
            "job refused: %s",
            exc,
            extra={"job_id": delivery.body.get("job_id"), "queue": delivery.queue},
        )
        return Outcome.DEAD
    except Exception:
        final = delivery.attempt > delivery_limit
        log.exception(
            "attempt %d failed%s",
            delivery.attempt,
            "; no retries left, dead-lettering" if final else "; will retry",
            extra={"job_id": delivery.body.get("job_id"), "queue": delivery.queue},
        )
        return Outcome.DEAD if final else Outcome.RETRY
    return Outcome.ACK


class Bus(ABC):
    """Publish job messages and run handlers for subscribed queues."""

    durable: bool
    """Whether queued messages survive a restart of this process."""

    def __init__(self, delivery_limit: int) -> None:
        self.delivery_limit = delivery_limit
        self.subscriptions: dict[str, tuple[Handler, int]] = {}

    def subscribe(self, queue: str, handler: Handler, workers: int = 1) -> None:
        """Run `handler` for messages on `queue` in `workers` threads (call before start)."""
        self.subscriptions[queue] = (handler, workers)

    @abstractmethod
    def publish(self, queue: str, body: dict[str, Any]) -> None:
        """Send a persistent message; returns once the transport has it safely."""

    @abstractmethod
    def start(self) -> None:
        """Connect and begin consuming the subscribed queues."""

    @abstractmethod
    def stop(self, timeout: float = 30.0) -> None:
        """Stop taking messages, let running handlers finish (up to `timeout` seconds)."""

    @abstractmethod
    def connected(self) -> bool:
        """Whether the transport is connected now."""

    @abstractmethod
    def alive(self) -> bool:
        """Whether the transport's threads are running."""

    def workers(self) -> list[Workers]:
        """This process's worker pools."""
        return []

    def queue_depth(self, queue: str) -> int | None:
        """Messages waiting on `queue`, if the transport can tell."""
        return None


def create_bus(url: str, delivery_limit: int, heartbeat: int = 60, prefix: str = "yomitori") -> Bus:
    """The transport for `broker.url`: `embedded` or an amqp(s):// URL."""
    if url == "embedded":
        from daemon.bus.embedded import EmbeddedBus

        return EmbeddedBus(delivery_limit)
    from daemon.bus.rabbitmq import RabbitBus

    return RabbitBus(url, delivery_limit, heartbeat, prefix)
