"""Both transports honour the same semantics: ack; delayed retries, unlimited for the
installation's failures and up to the limit for the job's; a lasting attempt count;
dead-letters only from the `ocr` queue."""

from __future__ import annotations

import itertools
import os
import secrets
import threading
import time
from collections.abc import Iterator

import pytest
from helpers import delete_queues

from daemon.bus import (
    DEAD,
    DONE,
    OCR,
    Bus,
    Delivery,
    Outcome,
    RetryPolicy,
    create_bus,
    settle,
)
from daemon.bus.schedule import Schedule
from daemon.errors import InputError, JobBusy, OutboxUnavailable

URL = os.environ.get("YOMITORI_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672/%2F")
FAST = RetryPolicy(delivery_limit=2, first_delay=0.2, longest_delay=0.8)


@pytest.fixture(params=["embedded", "rabbitmq"])
def bus(request: pytest.FixtureRequest) -> Iterator[Bus]:
    url = "embedded" if request.param == "embedded" else URL
    prefix = f"test-{secrets.token_hex(4)}"
    made = create_bus(url, FAST, heartbeat=30, prefix=prefix)
    yield made
    made.stop(5)
    if url != "embedded":
        delete_queues(prefix, FAST)


class Recorder:
    """A handler that records deliveries (and when) and behaves as told per job id: an
    exception, or a list of exceptions for the first deliveries."""

    def __init__(self, behaviour: dict[str, Exception | list[Exception]] | None = None) -> None:
        self.behaviour = behaviour or {}
        self.seen: list[tuple[float, Delivery]] = []
        self.lock = threading.Lock()

    def __call__(self, delivery: Delivery) -> None:
        with self.lock:
            self.seen.append((time.monotonic(), delivery))
            count = len(self.of(delivery.body["job_id"]))
        error = self.behaviour.get(delivery.body["job_id"])
        if isinstance(error, list):
            error = error[count - 1] if count <= len(error) else None
        if error is not None:
            raise error

    def of(self, job_id: str) -> list[tuple[float, Delivery]]:
        return [(t, d) for t, d in self.seen if d.body["job_id"] == job_id]

    def attempts(self, job_id: str) -> list[int]:
        with self.lock:
            return [d.attempt for _, d in self.of(job_id)]

    def gaps(self, job_id: str) -> list[float]:
        with self.lock:
            times = [t for t, _ in self.of(job_id)]
        return [b - a for a, b in itertools.pairwise(times)]


def wait(check, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_ack_delayed_retry_and_dead_letter(bus: Bus) -> None:
    ocr = Recorder({"flaky": RuntimeError("boom"), "bad": InputError("not a scan")})
    dead = Recorder()
    bus.subscribe(OCR, ocr, workers=2)
    bus.subscribe(DEAD, dead)
    bus.start()
    for job in ("fine", "flaky", "bad"):
        bus.publish(OCR, {"job_id": job})
    wait(lambda: len(dead.seen) == 2)
    time.sleep(0.5)
    assert ocr.attempts("fine") == [1]
    # delivery_limit=2: the first attempt and two retries, then the dead-letter queue.
    assert ocr.attempts("flaky") == [1, 2, 3]
    # Each retry waited its delay (0.2 s, then 0.4 s), never an immediate redelivery.
    gaps = ocr.gaps("flaky")
    assert gaps[0] >= 0.15 and gaps[1] >= 0.35, gaps
    # An input error is not retried.
    assert ocr.attempts("bad") == [1]
    assert sorted(d.body["job_id"] for _, d in dead.seen) == ["bad", "flaky"]


def test_infrastructure_failures_retry_past_the_limit_without_counting(bus: Bus) -> None:
    full = OutboxUnavailable("the outbox is full")
    ocr = Recorder({"waits": [full] * 5 + [JobBusy("another worker")]})
    dead = Recorder()
    bus.subscribe(OCR, ocr)
    bus.subscribe(DEAD, dead)
    bus.start()
    bus.publish(OCR, {"job_id": "waits"})
    wait(lambda: len(ocr.seen) == 7)
    time.sleep(0.3)
    assert ocr.attempts("waits") == [1] * 7  # waits are not attempts
    assert [d.waits for _, d in ocr.of("waits")] == list(range(7))
    assert dead.seen == []
    gaps = ocr.gaps("waits")
    assert gaps[0] >= 0.15 and min(gaps[2:]) >= 0.7, gaps  # growing, up to the longest


def test_a_lasting_attempt_count_dead_letters_without_running_the_handler(bus: Bus) -> None:
    """Attempts recorded elsewhere (the spool) count: a job whose earlier attempts all
    ended the process is dead-lettered, not run again."""
    ocr, dead = Recorder(), Recorder()
    bus.subscribe(OCR, ocr, attempts=lambda d: 3 if d.body["job_id"] == "poison" else 0)
    bus.subscribe(DEAD, dead)
    bus.start()
    bus.publish(OCR, {"job_id": "poison"})
    bus.publish(OCR, {"job_id": "fine"})
    wait(lambda: len(dead.seen) == 1 and len(ocr.seen) == 1)
    assert ocr.attempts("fine") == [1]
    assert dead.seen[0][1].body == {"job_id": "poison"}


def test_done_never_drops_a_message(bus: Bus) -> None:
    """Past its limit a `done` waits the longest delay and is tried again."""
    done = Recorder({"stuck": [RuntimeError("ledger gone")] * 4, "bad": InputError("no id")})
    dead = Recorder()
    bus.subscribe(DONE, done)
    bus.subscribe(DEAD, dead)
    bus.start()
    bus.publish(DONE, {"job_id": "stuck"})
    bus.publish(DONE, {"job_id": "bad"})
    wait(lambda: len(done.of("stuck")) == 5, timeout=30)
    assert done.attempts("stuck") == [1, 2, 3, 1, 2]
    assert done.gaps("stuck")[2] >= 0.7  # the longest delay before counting again
    assert done.attempts("bad") == [1] and dead.seen == []


def test_messages_published_before_start_are_delivered(bus: Bus) -> None:
    done = Recorder()
    bus.subscribe(DONE, done)
    bus.publish(DONE, {"job_id": "early"})
    bus.start()
    wait(lambda: len(done.seen) == 1)
    assert done.seen[0][1].body == {"job_id": "early"}


def test_stop_lets_a_running_job_finish(bus: Bus) -> None:
    started, finished = threading.Event(), threading.Event()

    def slow(delivery: Delivery) -> None:
        started.set()
        time.sleep(1.5)
        finished.set()

    bus.subscribe(OCR, slow)
    bus.start()
    bus.publish(OCR, {"job_id": "slow"})
    assert started.wait(20)
    bus.stop(10)
    assert finished.is_set()


def test_rabbitmq_is_durable_and_embedded_is_not() -> None:
    assert create_bus(URL, 1).durable
    assert not create_bus("embedded", 1).durable


def test_settle_decides_delays_and_counts() -> None:
    policy = RetryPolicy(delivery_limit=3, first_delay=5, longest_delay=600)
    assert policy.delays() == (5, 10, 20, 40, 80, 160, 320, 600)
    assert [policy.delay(n) for n in (1, 2, 8, 50)] == [5, 10, 600, 600]

    def failing(exc: Exception):  # type: ignore[no-untyped-def]
        def handler(delivery: Delivery) -> None:
            raise exc
        return handler

    first = Delivery(OCR, {"job_id": "j"}, attempt=1)
    decision = settle(failing(RuntimeError()), first, policy)
    assert decision.outcome is Outcome.RETRY and decision.delay == 5
    assert decision.retry == Delivery(OCR, {"job_id": "j"}, 2, 0)
    decision = settle(failing(OutboxUnavailable("full")), Delivery(OCR, {}, 4, 9), policy)
    assert decision.outcome is Outcome.RETRY and decision.delay == 600
    assert decision.retry == Delivery(OCR, {}, 4, 10)
    assert settle(failing(RuntimeError()), Delivery(OCR, {}, 4), policy).outcome is Outcome.DEAD
    ran: list[Delivery] = []
    assert settle(ran.append, Delivery(OCR, {}, 5), policy).outcome is Outcome.DEAD
    assert ran == []  # spent attempts are not run again
    assert settle(ran.append, Delivery(OCR, {}, 4), policy).outcome is Outcome.ACK


def test_a_schedule_gives_items_when_due_in_order() -> None:
    schedule: Schedule[str] = Schedule()
    schedule.add("late", 10.0)
    schedule.add("early", 2.0)
    schedule.add("early too", 2.0)
    assert schedule.next_time() == 2.0 and len(schedule) == 3
    assert schedule.due(1.9) == []
    assert schedule.due(5.0) == ["early", "early too"]
    assert schedule.due(100.0) == ["late"] and schedule.next_time() is None


def test_rabbitmq_done_the_broker_gives_up_on_is_parked_and_still_handled() -> None:
    """Returns the broker counts itself (a consumer that dies with the message) past
    `x-delivery-limit` send a `done` to `done.parked`, which the janitor drains too."""
    import pika

    from daemon.bus.rabbitmq import declare_topology, parked_queue

    prefix = f"test-{secrets.token_hex(4)}"
    connection = pika.BlockingConnection(pika.URLParameters(URL))
    try:
        declare_topology(connection, prefix, FAST)
        channel = connection.channel()
        channel.basic_publish("", f"{prefix}.done", b'{"job_id": "j"}')
        returns = 0
        while returns <= FAST.delivery_limit:
            method, _, _ = channel.basic_get(f"{prefix}.done")
            if method is not None:
                channel.basic_nack(method.delivery_tag, requeue=True)
                returns += 1
        parked = parked_queue(prefix, DONE)
        wait(lambda: channel.queue_declare(parked, passive=True).method.message_count == 1)
        assert channel.queue_declare(f"{prefix}.done", passive=True).method.message_count == 0
        bus = create_bus(URL, FAST, heartbeat=30, prefix=prefix)
        done = Recorder()
        bus.subscribe(DONE, done)
        bus.start()
        try:
            wait(lambda: len(done.seen) == 1)
        finally:
            bus.stop(5)
        assert done.seen[0][1].body == {"job_id": "j"}
    finally:
        connection.close()
        delete_queues(prefix, FAST)
