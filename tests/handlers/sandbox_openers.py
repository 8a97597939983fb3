"""Openers that the sandbox's child runs for tests/handlers/test_sandbox.py.

The child imports this module by name, so the test puts its folder on the fork server's
import path. Each opener gives a document that behaves well or misbehaves in one way.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from daemon.errors import UnsupportedInput


@dataclass(frozen=True)
class Sheet:
    index: int
    image: npt.NDArray[np.uint8]
    dpi: float


class Pages:
    """`count` pages made by `make(index)`; each making is logged as a line in `log`."""

    media_type = "image/x-test"

    def __init__(self, log: Path, count: int, make: Callable[[int], Sheet]) -> None:
        self.log, self.page_count, self.make = log, count, make

    def pages(self) -> Iterator[Sheet]:
        for index in range(1, self.page_count + 1):
            with self.log.open("a") as fh:
                fh.write(f"{index}\n")
            yield self.make(index)

    def close(self) -> None:
        pass


def _sheet(index: int) -> Sheet:
    """A 20 x 30 page whose pixels are its index, so the parent can tell pages apart."""
    return Sheet(index, np.full((20, 30), index, dtype=np.uint8), 300.0)


def counted(log: Path, count: int) -> Pages:
    return Pages(log, count, _sheet)


def hungry(log: Path, size: int) -> Pages:
    """Asks for `size` bytes on its first page."""

    def make(index: int) -> Sheet:
        return Sheet(index, np.ones(size, dtype=np.uint8).reshape(1, -1), 300.0)

    return Pages(log, 1, make)


def stuck(log: Path, seconds: float) -> Pages:
    """Sleeps `seconds` on its first page: no CPU time, only wall-clock time."""

    def make(index: int) -> Sheet:
        time.sleep(seconds)
        return _sheet(index)

    return Pages(log, 1, make)


def signalled(log: Path, number: int) -> Pages:
    """Ends by signal `number` on its second page (SIGXCPU: as the CPU limit does)."""

    def make(index: int) -> Sheet:
        if index == 2:
            os.kill(os.getpid(), number)
        return _sheet(index)

    return Pages(log, 3, make)


def lying(log: Path, how: str) -> Pages:
    """Sends a page that is not the one asked for, or larger than the pixel limit."""

    def make(index: int) -> Sheet:
        if how == "index":
            return Sheet(index + 6, np.zeros((2, 2), dtype=np.uint8), 300.0)
        return Sheet(index, np.zeros((1000, 1001), dtype=np.uint8), 300.0)

    return Pages(log, 1, make)


def refusing(log: Path, message: str) -> Pages:
    raise UnsupportedInput(message)


def broken(log: Path, _: object) -> Pages:
    def make(index: int) -> Sheet:
        raise KeyError("an unexpected bug")

    return Pages(log, 1, make)


def aborting(log: Path, _: object) -> Pages:
    os.kill(os.getpid(), signal.SIGSEGV)
    raise AssertionError("unreachable")


def busy(log: Path, seconds: float) -> Pages:
    """Spends `seconds` of CPU time making its one page."""

    def make(index: int) -> Sheet:
        until = time.process_time() + seconds
        while time.process_time() < until:
            pass
        return _sheet(index)

    return Pages(log, 1, make)
