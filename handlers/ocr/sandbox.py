"""Decode an untrusted scan in a child process whose memory and time are bounded.

A PDF of a few kilobytes can ask PDFium for gigabytes, or for hours (form XObjects nested
inside each other, images declared huge); the byte, page and pixel limits of `decode` cannot
see that in the headers. So such a document is opened and its pages are made in a child:

- The child is a fork of a fork server (`handlers/ocr/forkserver.py`) that this process
  starts on first use and that has already imported the decoders: a fork costs
  milliseconds, a fresh interpreter a third of a second.
- Before it reads the file, the child caps its CPU time (`RLIMIT_CPU`, `Bounds.seconds`
  per page) and its address space (`RLIMIT_AS`, four times `Bounds.memory_bytes`).
- It sends each page back over a socket as raw pixels (gray, and RGB after it for a
  colour page), one page per request, so the parent holds one page at a time and the child decodes
  none ahead.
- While it waits for an answer, the parent looks at the child's resident memory every
  few milliseconds, and kills it above `Bounds.memory_bytes` or after `Bounds.seconds`
  of wall-clock time.

Why a kill and not only the address-space cap: PDFium does not fail when it cannot
allocate an image, it leaves the image out. A cap that legitimate pages reach would give
blank pages, silently; a kill gives a reason. The cap, far above, stops single requests
for gigabytes before they are made.

A child that is stopped raises `InputTooLarge`, one that finds the file damaged raises
`UnsupportedInput`: both are input errors, so the job goes to the quarantine after the
first attempt, with the reason. The child's side is `handlers/ocr/sandbox_child.py`. The
parent pickles the job (opener, path, its arguments, the bounds); nothing the child sends
is unpickled: it answers in JSON headers and raw pixels, which the parent checks.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import socket
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from daemon.errors import InputError, InputTooLarge, UnsupportedInput, YomitoriError
from daemon.i18n import N_
from handlers.ocr import forkserver

CHILD = "handlers.ocr.sandbox_child:serve"
"""What the child runs (a name: that module imports this one)."""
LENGTH = struct.Struct(">I")
ADDRESS_SPACE = 4  # times Bounds.memory_bytes: the child's RLIMIT_AS
WATCH_SECONDS = 0.02  # how often the parent looks at the child's resident memory
MAX_HEADER = 64 * 1024  # bytes; a header is a small JSON object
MAX_REASON = 1000  # characters of a refusal's message taken from the child
NEXT_PAGE = b"p"
_REFUSALS: dict[str, type[InputError]] = {
    "UnsupportedInput": UnsupportedInput, "InputTooLarge": InputTooLarge,
}
_RESCAN = N_("scan the paper again and put the new file in the hot folder")
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Bounds:
    """What one child may use: `memory_bytes` of resident memory (the decoders' own 50 MiB
    or so included), and `seconds` of wall-clock and of CPU time for opening the file and
    then for each page."""

    memory_bytes: int = 1024 * 1024 * 1024
    seconds: float = 30.0


DEFAULT_BOUNDS = Bounds()


class Decoded(Protocol):
    """A decoded page as the opener's documents give it (`decode.Page`)."""

    @property
    def index(self) -> int: ...
    @property
    def image(self) -> npt.NDArray[np.uint8]: ...
    @property
    def dpi(self) -> float: ...


class Source(Protocol):
    """What the opener returns in the child (`decode.Document`)."""

    media_type: str
    page_count: int

    def pages(self) -> Iterator[Decoded]: ...
    def close(self) -> None: ...


Opener = Callable[[Path, Any], Source]
"""Opens a scan in the child; a module-level function (it is pickled by name)."""


def send_frame(
    sock: socket.socket, header: dict[str, Any], payload: memoryview | None = None
) -> None:
    """One message: the length of a JSON header, the header, then `payload` if any."""
    data = json.dumps(header).encode()
    sock.sendall(LENGTH.pack(len(data)) + data)
    if payload is not None:
        sock.sendall(payload)


class _Stopped(Exception):
    """Why the parent stopped waiting: the child was `late`, over its `memory`, or it
    `ended` (or sent nonsense)."""

    def __init__(self, why: str) -> None:
        self.why = why


Watch = Callable[[], None]
"""Raises _Stopped("memory") when the child is over its memory bound."""


def _read_into(sock: socket.socket, view: memoryview, deadline: float, watch: Watch) -> None:
    """Fill `view` from `sock` before `deadline` (time.monotonic seconds), calling `watch`
    every WATCH_SECONDS meanwhile."""
    got = 0
    while got < len(view):
        watch()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Stopped("late")
        sock.settimeout(min(remaining, WATCH_SECONDS))
        try:
            count = sock.recv_into(view[got:])
        except TimeoutError:
            continue
        except OSError:
            raise _Stopped("ended") from None
        if count == 0:
            raise _Stopped("ended")
        got += count


def _read_header(sock: socket.socket, deadline: float, watch: Watch) -> dict[str, Any]:
    size = bytearray(LENGTH.size)
    _read_into(sock, memoryview(size), deadline, watch)
    (length,) = LENGTH.unpack(size)
    if length > MAX_HEADER:
        raise _Stopped("ended")
    data = bytearray(length)
    _read_into(sock, memoryview(data), deadline, watch)
    try:
        header = json.loads(data)
    except ValueError:
        raise _Stopped("ended") from None
    if not isinstance(header, dict):
        raise _Stopped("ended")
    return header


class Sandboxed:
    """A scan opened by `opener` in a bounded child; `pages` brings the pages over one at
    a time. Close it to end the child."""

    media_type: str
    page_count: int

    def __init__(
        self, opener: Opener, path: Path, arguments: Any, bounds: Bounds, max_pixels: int
    ) -> None:
        self._bounds = bounds
        self._max_pixels = max_pixels
        self._child = forkserver.fork(CHILD, (opener.__module__,))
        self._job = self._child.sock
        self._statm = -1
        self._deadline = 0.0  # time.monotonic() by which the child must answer
        self._busy = True  # a request is open: closing must kill the child
        try:
            # Opened now, while the pidfd keeps the pid from being reused.
            self._statm = os.open(f"/proc/{self._child.pid}/statm", os.O_RDONLY)
            blob = pickle.dumps((opener, path, arguments, bounds))
            self._job.sendall(LENGTH.pack(len(blob)) + blob)
            header = self._answer(None, "opened")
            media_type, page_count = header.get("media_type"), header.get("page_count")
            if not isinstance(media_type, str) or not isinstance(page_count, int):
                raise self._broken(None)
            self.media_type, self.page_count = media_type, page_count
            self._busy = False
        except BaseException:
            self.close()
            raise

    def _watch(self) -> None:
        """Stop the child once its resident memory is over the bound."""
        try:
            pages = int(os.pread(self._statm, 100, 0).split()[1])
        except (OSError, IndexError, ValueError):
            return  # it has ended: the socket tells
        if pages * _PAGE_SIZE > self._bounds.memory_bytes:
            raise _Stopped("memory")

    def pages(self) -> Iterator[
            tuple[int, npt.NDArray[np.uint8], float, npt.NDArray[np.uint8] | None, bool]]:
        """(1-based index, uint8 gray image H x W, dpi, RGB pixels H x W x 3 of a colour
        page or None, whether it is a fax page) for every page, in order."""
        for index in range(1, self.page_count + 1):
            self._busy = True
            try:
                self._job.sendall(NEXT_PAGE)
            except OSError:
                raise self._ended(index) from None
            header = self._answer(index, "page")
            height, width, dpi = header.get("height"), header.get("width"), header.get("dpi")
            colour, fax = header.get("colour", False), header.get("fax", False)
            if (header.get("index") != index or not isinstance(height, int)
                    or not isinstance(width, int) or not isinstance(dpi, int | float)
                    or not isinstance(colour, bool) or not isinstance(fax, bool)
                    or not (height > 0 and width > 0 and height * width <= self._max_pixels)):
                raise self._broken(index)
            image = np.empty((height, width), dtype=np.uint8)
            rgb = np.empty((height, width, 3), dtype=np.uint8) if colour else None
            try:
                for pixels in (image, rgb):
                    if pixels is not None:
                        _read_into(self._job, pixels.data.cast("B"), self._deadline,
                                   self._watch)
            except _Stopped as stop:
                raise self._stopped(index, stop) from None
            self._busy = False
            yield index, image, float(dpi), rgb, fax

    def _answer(self, index: int | None, kind: str) -> dict[str, Any]:
        """The child's next header, which must be of `kind`; refusals are raised."""
        self._deadline = time.monotonic() + self._bounds.seconds
        try:
            header = _read_header(self._job, self._deadline, self._watch)
        except _Stopped as stop:
            raise self._stopped(index, stop) from None
        answer = header.get("kind")
        if answer == kind:
            return header
        self._busy = answer not in ("refused", "memory", "failed")  # those end the child
        if answer == "refused":
            error = _REFUSALS.get(str(header.get("error")), InputError)
            raise error(str(header.get("message", ""))[:MAX_REASON])
        if answer == "memory":
            raise self._memory(index, None)
        if answer == "failed":
            raise UnsupportedInput(
                N_("{step} failed ({error}): the file is damaged; {advice}").format(
                    step=_where(index), error=str(header.get("error"))[:80], advice=_RESCAN)
            )
        raise self._broken(index)

    def _stopped(self, index: int | None, stop: _Stopped) -> YomitoriError:
        """The error for a child that was late or over its memory (it is killed now), or
        that ended unasked."""
        if stop.why == "memory":
            self._child.kill()
            return self._memory(index, None)
        if stop.why == "late":
            self._child.kill()
            return InputTooLarge(N_(
                "{step} took longer than {seconds} s, so it was stopped: the file is damaged "
                "or made to overload the server; {advice}, or raise ocr.decode_seconds if a "
                "genuine scan needs longer"
            ).format(step=_where(index), seconds=f"{self._bounds.seconds:g}", advice=_RESCAN))
        return self._ended(index)

    def _ended(self, index: int | None) -> YomitoriError:
        """The error for a child that ended without answering, by its exit status."""
        code = self._child.exit_code()
        if code == -signal.SIGXCPU:
            return InputTooLarge(N_(
                "{step} used more than {seconds} s of processor time, so it was stopped: the "
                "file is damaged or made to overload the server; {advice}, or raise "
                "ocr.decode_seconds if a genuine scan needs longer"
            ).format(step=_where(index), seconds=f"{self._bounds.seconds:g}", advice=_RESCAN))
        return self._memory(index, code)

    def _memory(self, index: int | None, code: int | None) -> YomitoriError:
        # Over the address-space cap PDFium aborts and Pillow raises MemoryError; a crash
        # for another reason looks the same from here, so the message names both.
        how = "" if code is None or code >= 0 else f" (signal {signal.Signals(-code).name})"
        return InputTooLarge(N_(
            "{step} needed more than {mib} MiB of memory, or crashed the decoder{signal}, so "
            "it was stopped: the file is damaged or made to overload the server; {advice}, "
            "or raise ocr.decode_memory_mb if a genuine scan needs more"
        ).format(step=_where(index), mib=self._bounds.memory_bytes // 2**20, signal=how,
                 advice=_RESCAN))

    def _broken(self, index: int | None) -> YomitoriError:
        self._child.kill()
        return UnsupportedInput(N_(
            "{step} gave an answer that makes no sense, so it was stopped: the file is "
            "damaged or made to attack the decoder; {advice}"
        ).format(step=_where(index), advice=_RESCAN))

    def cpu_seconds(self) -> float:
        """CPU time (user and system) the child has used so far; 0.0 once it has ended.
        The benchmarks count it with the parent's: decoding a PDF page is the child's."""
        if self._statm < 0:  # closed: the pid may be another process's by now
            return 0.0
        try:
            with open(f"/proc/{self._child.pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            return 0.0
        # after the command's ")": state is field 3, utime and stime are fields 14 and 15
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        if self._busy:
            self._child.kill()
        self._child.close()
        if self._statm >= 0:
            os.close(self._statm)
            self._statm = -1


def _where(index: int | None) -> str:
    if index is None:
        return N_("opening the scan")
    return N_("decoding page {page} of the scan").format(page=index)
