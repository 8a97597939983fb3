"""Both transports honour the same semantics: ack, retry up to the limit, dead-letter."""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Iterator

import pytest
from helpers import delete_queues

from daemon.bus import DEAD, DONE, OCR, Bus, Delivery, create_bus
from daemon.errors import InputError

URL = os.environ.get("YOMITORI_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672/%2F")


@pytest.fixture(params=["embedded", "rabbitmq"])
def bus(request: pytest.FixtureRequest) -> Iterator[Bus]:
    url = "embedded" if request.param == "embedded" else URL
    prefix = f"test-{secrets.token_hex(4)}"
    made = create_bus(url, delivery_limit=2, heartbeat=30, prefix=prefix)
    yield made
    made.stop(5)
    if url != "embedded":
        delete_queues(prefix)


class Recorder:
    """A handler that records deliveries and behaves as told per job id."""

    def __init__(self, behaviour: dict[str, Exception] | None = None) -> None:
        self.behaviour = behaviour or {}
        self.seen: list[Delivery] = []
        self.lock = threading.Lock()

    def __call__(self, delivery: Delivery) -> None:
        with self.lock:
            self.seen.append(delivery)
        error = self.behaviour.get(delivery.body["job_id"])
        if error is not None:
            raise error

    def attempts(self, job_id: str) -> list[int]:
        with self.lock:
            return [d.attempt for d in self.seen if d.body["job_id"] == job_id]


def wait(check, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_ack_retry_and_dead_letter(bus: Bus) -> None:
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
    # An input error is not retried.
    assert ocr.attempts("bad") == [1]
    assert sorted(d.body["job_id"] for d in dead.seen) == ["bad", "flaky"]


def test_messages_published_before_start_are_delivered(bus: Bus) -> None:
    done = Recorder()
    bus.subscribe(DONE, done)
    bus.publish(DONE, {"job_id": "early"})
    bus.start()
    wait(lambda: len(done.seen) == 1)
    assert done.seen[0].body == {"job_id": "early"}


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
