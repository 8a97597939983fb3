"""The RabbitMQ transport (pika): durable quorum queues, confirms, manual acks.

One consumer thread owns the consuming connection and does all its I/O; handlers run in
`Workers` threads and hand their outcome back with `add_callback_threadsafe`, so heartbeats
keep flowing during long OCR jobs. Publishing uses a connection per publishing thread, with
publisher confirms and `mandatory`. Both reconnect with backoff; acks for a channel that
died are dropped (the broker redelivers, and every handler is idempotent by job id).

Delayed retries: a worker publishes a copy of the message to the `<prefix>.retry` headers
exchange, which routes it by its delay to `<prefix>.retry.<ms>ms`, a queue whose messages
expire after that delay and dead-letter through the default exchange under their own
routing key, back into the queue they came from; then the original is acknowledged. The
copy carries the attempt count (`yomitori-attempt`, plus the quorum queue's
`x-delivery-count` for deliveries that never reported back).

The broker itself gives up on a message returned more than `x-delivery-limit` times (its
consumer died with it each time). From `ocr` it goes to `dead` (the quarantine); from
`done` and `dead` to `<queue>.parked`, which the same consumer drains too, so nothing is
dropped. (A route straight back into the queue would be a dead-letter cycle without a
rejection, which RabbitMQ drops.)
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import threading
import time
from collections.abc import Sequence
from typing import Any

import pika
import pika.exceptions
from pika.adapters.blocking_connection import BlockingChannel, BlockingConnection
from pika.spec import Basic, BasicProperties

from daemon.bus import (
    DEAD,
    DEAD_LETTERED,
    DONE,
    OCR,
    QUEUES,
    Bus,
    Decision,
    Delivery,
    Outcome,
    RetryPolicy,
)
from daemon.bus.workers import Workers
from daemon.errors import BrokerUnavailable

log = logging.getLogger(__name__)

PUBLISH_TRIES = 5
BACKOFF_MAX = 30.0
PERSISTENT = BasicProperties(delivery_mode=2, content_type="application/json")
DELAY_HEADER = "yomitori-retry-delay"
"""Routes a retry to its delay's queue (a headers exchange ignores names starting `x-`)."""
ATTEMPT_HEADER = "yomitori-attempt"
WAITS_HEADER = "yomitori-waits"
PRECONDITION_FAILED = 406
PARKED = (DONE, DEAD)
"""Queues whose broker-side dead letters wait in `<queue>.parked` for the same consumer."""


def milliseconds(seconds: float) -> int:
    return max(1, round(seconds * 1000))


def retry_queue(prefix: str, delay: float) -> str:
    """The queue that holds retries for `delay` seconds: `<prefix>.retry.<ms>ms`."""
    return f"{prefix}.retry.{milliseconds(delay)}ms"


def parked_queue(prefix: str, queue: str) -> str:
    """Where the broker puts what it gives up on from `done` or `dead`."""
    return f"{prefix}.{queue}.parked"


def topology(prefix: str, policy: RetryPolicy) -> tuple[list[str], list[str]]:
    """The names of every queue and exchange this transport declares."""
    queues = [f"{prefix}.{q}" for q in QUEUES] + [parked_queue(prefix, q) for q in PARKED]
    queues += [retry_queue(prefix, d) for d in policy.delays()]
    return queues, [f"{prefix}.dlx", f"{prefix}.retry"]


def declare_topology(connection: BlockingConnection, prefix: str, policy: RetryPolicy) -> None:
    """Declare the quorum queues, the dead-letter and the retry routes (idempotent)."""
    dlx, retry = f"{prefix}.dlx", f"{prefix}.retry"
    channel = connection.channel()
    channel.exchange_declare(dlx, exchange_type="direct", durable=True)
    channel.exchange_declare(retry, exchange_type="headers", durable=True)
    quorum = {"x-queue-type": "quorum"}
    limit = {"x-delivery-limit": policy.delivery_limit}
    targets = {OCR: f"{prefix}.{DEAD}"} | {q: parked_queue(prefix, q) for q in PARKED}
    queues: dict[str, dict[str, Any]] = {
        f"{prefix}.{queue}": {
            **quorum, **limit, "x-dead-letter-exchange": dlx,
            "x-dead-letter-routing-key": target,
        }
        for queue, target in targets.items()
    }
    for queue in PARKED:
        queues[parked_queue(prefix, queue)] = {**quorum, **limit}
    for delay in policy.delays():
        # No routing key of its own: an expired message goes back under the one it had.
        queues[retry_queue(prefix, delay)] = {
            **quorum, "x-message-ttl": milliseconds(delay), "x-dead-letter-exchange": "",
        }
    for name, arguments in queues.items():
        channel = _declare_queue(connection, channel, name, arguments)
    for target in targets.values():
        channel.queue_bind(target, dlx, routing_key=target)
    for delay in policy.delays():
        headers = {"x-match": "all", DELAY_HEADER: milliseconds(delay)}
        channel.queue_bind(retry_queue(prefix, delay), retry, arguments=headers)
    channel.close()


def _declare_queue(
    connection: BlockingConnection, channel: BlockingChannel, name: str, arguments: dict[str, Any]
) -> BlockingChannel:
    """Declare a queue; one declared earlier with other arguments is used as it is."""
    try:
        channel.queue_declare(name, durable=True, arguments=arguments)
        return channel
    except pika.exceptions.ChannelClosedByBroker as exc:
        if exc.reply_code != PRECONDITION_FAILED:
            raise
    log.warning(
        "queue %s was declared by an older version without its retry route; it works, but "
        "a message it gives up on is dropped. Stop every role, `rabbitmqctl delete_queue "
        "%s`, start again (the watcher re-announces unfinished jobs at start)",
        name, name,
    )
    channel = connection.channel()
    channel.queue_declare(name, passive=True)
    return channel


def parameters(urls: Sequence[str], heartbeat: int = 60) -> list[pika.URLParameters]:
    """pika's parameters for each node, in the order a connection tries them."""
    found = []
    for url in urls:
        params = pika.URLParameters(url)
        params.heartbeat = heartbeat
        params.blocked_connection_timeout = 300
        found.append(params)
    return found


class RabbitBus(Bus):
    """Bus over RabbitMQ at `urls` (amqp://user:pass@host:5672/%2F, or amqps://): the nodes
    of one cluster, each connection (consuming or publishing) to the first that answers.
    Quorum queues live on every node, so a connection lost with its node is made again to
    the next one."""

    durable = True

    def __init__(
        self,
        urls: str | Sequence[str],
        policy: RetryPolicy,
        heartbeat: int = 60,
        prefix: str = "yomitori",
    ) -> None:
        super().__init__(policy)
        self.prefix = prefix
        self.params = parameters([urls] if isinstance(urls, str) else urls, heartbeat)
        self._local = threading.local()
        self._stopping = threading.Event()
        self._connected = threading.Event()
        self._thread: threading.Thread | None = None
        self._workers: dict[str, Workers] = {}
        self._draining = threading.Event()

    def _name(self, queue: str) -> str:
        return f"{self.prefix}.{queue}"

    # publishing -----------------------------------------------------------------------

    def _publisher(self) -> BlockingChannel:
        channel: BlockingChannel | None = getattr(self._local, "channel", None)
        if channel is None or not channel.is_open:
            connection = BlockingConnection(self.params)
            declare_topology(connection, self.prefix, self.policy)
            channel = connection.channel()
            channel.confirm_delivery()
            self._local.connection, self._local.channel = connection, channel
        return channel

    def _drop_publisher(self) -> None:
        connection = getattr(self._local, "connection", None)
        self._local.channel = self._local.connection = None
        if connection is not None and connection.is_open:
            with contextlib.suppress(pika.exceptions.AMQPError):
                connection.close()

    def publish(self, queue: str, body: dict[str, Any]) -> None:
        self._send("", self._name(queue), json.dumps(body).encode(), PERSISTENT)

    def _publish_later(self, delivery: Delivery, delay: float) -> None:
        """Send `delivery` back to its queue after `delay` seconds (a retry queue's TTL)."""
        headers = {
            DELAY_HEADER: milliseconds(delay),
            ATTEMPT_HEADER: delivery.attempt,
            WAITS_HEADER: delivery.waits,
        }
        properties = BasicProperties(
            delivery_mode=2, content_type="application/json", headers=headers
        )
        data = json.dumps(delivery.body).encode()
        self._send(f"{self.prefix}.retry", self._name(delivery.queue), data, properties)

    def _send(self, exchange: str, key: str, data: bytes, properties: BasicProperties) -> None:
        delay = 0.5
        for attempt in range(1, PUBLISH_TRIES + 1):
            try:
                self._publisher().basic_publish(
                    exchange, key, data, properties=properties, mandatory=True
                )
                return
            except (pika.exceptions.AMQPError, OSError) as exc:
                self._drop_publisher()
                if attempt == PUBLISH_TRIES:
                    raise BrokerUnavailable(
                        f"RabbitMQ did not accept a message after {attempt} tries ({exc!r}); "
                        "check that the broker runs and broker.url is right"
                    ) from exc
                time.sleep(delay)
                delay = min(delay * 2, BACKOFF_MAX)

    # consuming ------------------------------------------------------------------------

    def start(self) -> None:
        for queue, (handler, count, attempts) in self.subscriptions.items():
            self._workers[queue] = Workers(queue, count, handler, self.policy, attempts)
            self._workers[queue].start()
        self._thread = threading.Thread(target=self._consume_forever, name="amqp-io", daemon=True)
        self._thread.start()

    def _consume_forever(self) -> None:
        delay = 1.0
        while not self._stopping.is_set():
            try:
                self._consume_once()
                delay = 1.0
            except (pika.exceptions.AMQPError, OSError) as exc:
                log.warning("broker connection lost (%r); reconnecting in %.0f s", exc, delay)
            finally:
                self._connected.clear()
            if not self._stopping.wait(delay):
                delay = min(delay * 2, BACKOFF_MAX)

    def _consume_once(self) -> None:
        connection = BlockingConnection(self.params)
        try:
            declare_topology(connection, self.prefix, self.policy)
            for queue, workers in self._workers.items():
                sub = connection.channel()
                sub.basic_qos(prefetch_count=workers.count)
                on_message = functools.partial(self._on_message, connection, queue)
                sub.basic_consume(self._name(queue), on_message)
                if queue in PARKED:
                    sub.basic_consume(parked_queue(self.prefix, queue), on_message)
            self._connected.set()
            log.info("connected to the broker")
            while not self._draining.is_set():
                connection.process_data_events(time_limit=1)
            for workers in self._workers.values():
                # Prefetched messages not yet started go back to the queue when we close.
                workers.drain()
            while (
                any(w.in_flight() for w in self._workers.values()) and not self._stopping.is_set()
            ):
                connection.process_data_events(time_limit=0.2)
            connection.process_data_events(time_limit=0)
        finally:
            if connection.is_open:
                connection.close()

    def _on_message(
        self,
        connection: BlockingConnection,
        queue: str,
        channel: BlockingChannel,
        method: Basic.Deliver,
        properties: BasicProperties,
        body: bytes,
    ) -> None:
        headers = properties.headers or {}
        # Deliveries of this copy that never reported back count as attempts too.
        attempt = int(headers.get(ATTEMPT_HEADER, 1)) + int(headers.get("x-delivery-count", 0))
        try:
            payload = json.loads(body)
            if not isinstance(payload, dict):
                raise ValueError("not an object")
        except ValueError:
            log.error("dropping a malformed message on %s", queue)
            self._settle(channel, queue, method.delivery_tag, Outcome.DEAD)
            return
        delivery = Delivery(queue, payload, attempt, int(headers.get(WAITS_HEADER, 0)))
        tag = method.delivery_tag

        def done(decision: Decision) -> None:
            outcome = decision.outcome
            if outcome is Outcome.RETRY and decision.retry is not None:
                try:
                    self._publish_later(decision.retry, decision.delay)
                    outcome = Outcome.ACK  # the delayed copy replaces this one
                except BrokerUnavailable:
                    log.warning("could not queue a delayed retry; returning the message now")
            try:
                connection.add_callback_threadsafe(
                    functools.partial(self._settle, channel, queue, tag, outcome)
                )
            except Exception:
                log.info("connection gone before settling; the broker will redeliver")

        self._workers[queue].submit(delivery, done)

    @staticmethod
    def _settle(channel: BlockingChannel, queue: str, tag: int, outcome: Outcome) -> None:
        if not channel.is_open:
            return  # the broker already requeued it with the channel
        if outcome is Outcome.ACK or (outcome is Outcome.DEAD and queue not in DEAD_LETTERED):
            channel.basic_ack(tag)  # a message no one can use: dropped (it was logged)
        else:
            channel.basic_nack(tag, requeue=outcome is Outcome.RETRY)

    def stop(self, timeout: float = 30.0) -> None:
        self._draining.set()
        deadline = time.monotonic() + timeout
        while any(w.in_flight() for w in self._workers.values()) and time.monotonic() < deadline:
            time.sleep(0.1)
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(max(1.0, deadline - time.monotonic()))
        for workers in self._workers.values():
            workers.stop(max(0.0, deadline - time.monotonic()))
        self._drop_publisher()

    def connected(self) -> bool:
        return self._connected.is_set()

    def alive(self) -> bool:
        io_ok = self._thread is None or self._thread.is_alive()
        return io_ok and all(w.alive() for w in self._workers.values())

    def workers(self) -> list[Workers]:
        return list(self._workers.values())

    def queue_depth(self, queue: str) -> int | None:
        return self._depth(self._name(queue))

    def delayed(self) -> int | None:
        depths = [self._depth(retry_queue(self.prefix, d)) for d in self.policy.delays()]
        return None if None in depths else sum(d or 0 for d in depths)

    def _depth(self, name: str) -> int | None:
        try:
            frame = self._publisher().queue_declare(name, passive=True)
            return int(frame.method.message_count)
        except (pika.exceptions.AMQPError, OSError):
            self._drop_publisher()
            return None
