"""The RabbitMQ transport (pika): durable quorum queues, confirms, manual acks.

One consumer thread owns the consuming connection and does all its I/O; handlers run in
`Workers` threads and hand their outcome back with `add_callback_threadsafe`, so heartbeats
keep flowing during long OCR jobs. Publishing uses a connection per publishing thread, with
publisher confirms and `mandatory`. Both reconnect with backoff; acks for a channel that
died are dropped (the broker redelivers, and every handler is idempotent by job id).
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import threading
import time
from typing import Any

import pika
import pika.exceptions
from pika.adapters.blocking_connection import BlockingChannel, BlockingConnection
from pika.spec import Basic, BasicProperties

from daemon.bus import DEAD, DONE, OCR, Bus, Delivery, Outcome
from daemon.bus.workers import Workers
from daemon.errors import BrokerUnavailable

log = logging.getLogger(__name__)

PUBLISH_TRIES = 5
BACKOFF_MAX = 30.0
PERSISTENT = BasicProperties(delivery_mode=2, content_type="application/json")


def declare_topology(channel: BlockingChannel, prefix: str, delivery_limit: int) -> None:
    """Declare the quorum queues and the dead-letter route (idempotent)."""
    dlx, dead = f"{prefix}.dlx", f"{prefix}.{DEAD}"
    channel.exchange_declare(dlx, exchange_type="direct", durable=True)
    quorum = {"x-queue-type": "quorum"}
    channel.queue_declare(dead, durable=True, arguments=quorum)
    channel.queue_bind(dead, dlx, routing_key=dead)
    channel.queue_declare(
        f"{prefix}.{OCR}",
        durable=True,
        arguments={
            **quorum,
            "x-delivery-limit": delivery_limit,
            "x-dead-letter-exchange": dlx,
            "x-dead-letter-routing-key": dead,
        },
    )
    channel.queue_declare(f"{prefix}.{DONE}", durable=True, arguments=quorum)


class RabbitBus(Bus):
    """Bus over RabbitMQ at `url` (amqp://user:pass@host:5672/%2F, or amqps://)."""

    durable = True

    def __init__(
        self, url: str, delivery_limit: int, heartbeat: int = 60, prefix: str = "yomitori"
    ) -> None:
        super().__init__(delivery_limit)
        self.prefix = prefix
        self.params = pika.URLParameters(url)
        self.params.heartbeat = heartbeat
        self.params.blocked_connection_timeout = 300
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
            channel = connection.channel()
            declare_topology(channel, self.prefix, self.delivery_limit)
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
        data = json.dumps(body).encode()
        delay = 0.5
        for attempt in range(1, PUBLISH_TRIES + 1):
            try:
                self._publisher().basic_publish(
                    "", self._name(queue), data, properties=PERSISTENT, mandatory=True
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
        for queue, (handler, count) in self.subscriptions.items():
            self._workers[queue] = Workers(queue, count, handler, self.delivery_limit)
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
            channel = connection.channel()
            declare_topology(channel, self.prefix, self.delivery_limit)
            for queue, workers in self._workers.items():
                sub = connection.channel()
                sub.basic_qos(prefetch_count=workers.count)
                sub.basic_consume(
                    self._name(queue), functools.partial(self._on_message, connection, queue)
                )
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
        attempt = int(headers.get("x-delivery-count", 0)) + 1
        try:
            payload = json.loads(body)
            if not isinstance(payload, dict):
                raise ValueError("not an object")
        except ValueError:
            log.error("dead-lettering a malformed message on %s", queue)
            channel.basic_nack(method.delivery_tag, requeue=False)
            return
        delivery = Delivery(queue, payload, attempt)
        tag = method.delivery_tag

        def done(outcome: Outcome) -> None:
            try:
                connection.add_callback_threadsafe(
                    functools.partial(self._settle, channel, tag, outcome)
                )
            except Exception:
                log.info("connection gone before settling; the broker will redeliver")

        self._workers[queue].submit(delivery, done)

    @staticmethod
    def _settle(channel: BlockingChannel, tag: int, outcome: Outcome) -> None:
        if not channel.is_open:
            return  # the broker already requeued it with the channel
        if outcome is Outcome.ACK:
            channel.basic_ack(tag)
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
        try:
            frame = self._publisher().queue_declare(self._name(queue), passive=True)
            return int(frame.method.message_count)
        except (pika.exceptions.AMQPError, OSError):
            self._drop_publisher()
            return None
