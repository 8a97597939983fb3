"""The message bus: one small interface, two transports (embedded, RabbitMQ).

Both honour the same semantics, decided once here in `settle()`: a handler runs in a
worker thread; returning means the work is durable and the message is acknowledged.
When it raises, there are two kinds of failure:

- the installation's (`InfrastructureError`: outbox full, ledger or broker away, the job
  busy on another worker): tried again after growing delays (`RetryPolicy`), for as long
  as it takes, and never counted as an attempt;
- the job's: an `InputError` is dead-lettered at once (retrying cannot help); any other
  exception is tried again after a growing delay until `delivery_limit` retries are spent,
  then dead-lettered. An attempt that never reported back (the process crashed or was
  killed) counts too: consumers record each attempt durably before it starts, and the
  transport hands `settle` the count, so a scan that crashes the process is dead-lettered
  after the limit instead of crash-looping.

Only the `ocr` queue dead-letters (to the quarantine); `done` and `dead` never drop a
message: past the limit they wait the longest delay and try again. Messages carry a job
reference, never the scan (claim-check pattern).
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from daemon.errors import InfrastructureError, InputError, JobBusy
from daemon.ops import metrics

# Logical queue names; the RabbitMQ transport prefixes them (`broker.prefix`, default
# "yomitori" gives yomitori.ocr, yomitori.done, yomitori.dead).
OCR = "ocr"
DONE = "done"
DEAD = "dead"
QUEUES = (OCR, DONE, DEAD)
DEAD_LETTERED = {OCR: DEAD}
"""Where each queue's dead letters go; the other queues keep theirs and retry slowly."""

if TYPE_CHECKING:
    from daemon.bus.workers import Workers

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """One message as a handler sees it.

    `attempt` is 1 on the first delivery and counts the attempts that ran (failed,
    crashed or were killed); `waits` counts the retries after infrastructure failures,
    which are not attempts but make the next delay longer.
    """

    queue: str
    body: dict[str, Any]
    attempt: int
    waits: int = 0


Handler = Callable[[Delivery], None]
AttemptCount = Callable[[Delivery], int]
"""How many attempts at a delivery's job have already run, from durable records (the
spool): the transport's own count forgets attempts that crashed the process."""


@dataclass(frozen=True)
class RetryPolicy:
    """Retries: `delivery_limit` after the first attempt, delays in seconds doubling from
    `first_delay` up to `longest_delay`."""

    delivery_limit: int = 3
    first_delay: float = 5.0
    longest_delay: float = 600.0

    def delays(self) -> tuple[float, ...]:
        """Every distinct delay, shortest first (RabbitMQ declares a queue for each)."""
        found = [self.first_delay]
        while found[-1] < self.longest_delay:
            found.append(min(found[-1] * 2, self.longest_delay))
        return tuple(found)

    def delay(self, retry: int) -> float:
        """Seconds before the `retry`-th retry (1-based)."""
        steps = self.delays()
        return steps[min(max(retry, 1), len(steps)) - 1]


class Outcome(Enum):
    ACK = "ack"
    RETRY = "retry"
    DEAD = "dead"


@dataclass(frozen=True)
class Decision:
    """What to do with a delivery: acknowledge, dead-letter, or deliver `retry` again
    after `delay` seconds."""

    outcome: Outcome
    retry: Delivery | None = None
    delay: float = 0.0


def failure_kind(exc: BaseException) -> str:
    """`refused` (the input), `busy` (another worker has the job), `infrastructure`, or
    `failed` (anything else); the words of attempts.jsonl and of the retry metrics."""
    if isinstance(exc, InputError):
        return "refused"
    if isinstance(exc, JobBusy):
        return "busy"
    if isinstance(exc, InfrastructureError):
        return "infrastructure"
    return "failed"


def settle(handler: Handler, delivery: Delivery, policy: RetryPolicy) -> Decision:
    """Run `handler` (unless the attempts are spent) and decide what happens to the message."""
    extra = {"job_id": delivery.body.get("job_id"), "queue": delivery.queue}
    limit = policy.delivery_limit
    if delivery.attempt > limit + 1:
        # Earlier attempts never reported back: the process died during each of them.
        log.error("attempt %d: no attempts left (earlier ones ended the process)",
                  delivery.attempt, extra=extra)
        return _give_up(delivery, policy)
    try:
        handler(delivery)
    except InputError as exc:
        log.warning("job refused: %s", exc, extra=extra)
        return Decision(Outcome.DEAD)
    except InfrastructureError as exc:
        kind = failure_kind(exc)
        retry = Delivery(delivery.queue, delivery.body, delivery.attempt, delivery.waits + 1)
        delay = policy.delay(retry.waits)
        metrics.RETRIES.labels(delivery.queue, kind).inc()
        log.log(
            logging.INFO if kind == "busy" else logging.WARNING,
            "%s: trying again in %.1f s: %s", kind, delay, exc, extra=extra,
        )
        return Decision(Outcome.RETRY, retry, delay)
    except Exception:
        if delivery.attempt > limit:
            log.exception("attempt %d failed; no retries left", delivery.attempt, extra=extra)
            return _give_up(delivery, policy)
        retry = Delivery(delivery.queue, delivery.body, delivery.attempt + 1, delivery.waits)
        delay = policy.delay(delivery.attempt)
        metrics.RETRIES.labels(delivery.queue, "failed").inc()
        log.exception("attempt %d failed; trying again in %.1f s", delivery.attempt, delay,
                      extra=extra)
        return Decision(Outcome.RETRY, retry, delay)
    return Decision(Outcome.ACK)


def _give_up(delivery: Delivery, policy: RetryPolicy) -> Decision:
    """Dead-letter where the queue has a dead-letter queue; elsewhere wait the longest
    delay and start counting again (a delivered job's `done` must never be dropped)."""
    if delivery.queue in DEAD_LETTERED:
        return Decision(Outcome.DEAD)
    metrics.RETRIES.labels(delivery.queue, "failed").inc()
    log.warning(
        "no retries left; trying again in %.1f s (the %s queue never drops a message)",
        policy.longest_delay, delivery.queue,
        extra={"job_id": delivery.body.get("job_id"), "queue": delivery.queue},
    )
    retry = Delivery(delivery.queue, delivery.body, 1, delivery.waits)
    return Decision(Outcome.RETRY, retry, policy.longest_delay)


class Bus(ABC):
    """Publish job messages and run handlers for subscribed queues."""

    durable: bool
    """Whether queued messages survive a restart of this process."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.subscriptions: dict[str, tuple[Handler, int, AttemptCount | None]] = {}

    @property
    def delivery_limit(self) -> int:
        return self.policy.delivery_limit

    def subscribe(
        self, queue: str, handler: Handler, workers: int = 1, attempts: AttemptCount | None = None
    ) -> None:
        """Run `handler` for messages on `queue` in `workers` threads (call before start).

        `attempts`, when given, tells how many attempts at a delivery's job already ran.
        """
        self.subscriptions[queue] = (handler, workers, attempts)

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

    def delayed(self) -> int | None:
        """Messages waiting for a retry delay, if the transport can tell."""
        return None


def create_bus(
    url: str,
    policy: RetryPolicy | int,
    heartbeat: int = 60,
    prefix: str = "yomitori",
    more: Sequence[str] = (),
) -> Bus:
    """The transport for `broker.url`: `embedded` or an amqp(s):// URL, then the `more`
    nodes of the same RabbitMQ cluster (`broker.urls`). An int `policy` is a delivery limit
    with the default delays."""
    if isinstance(policy, int):
        policy = RetryPolicy(delivery_limit=policy)
    if url == "embedded":
        from daemon.bus.embedded import EmbeddedBus

        return EmbeddedBus(policy)
    from daemon.bus.rabbitmq import RabbitBus

    return RabbitBus([url, *more], policy, heartbeat, prefix)
