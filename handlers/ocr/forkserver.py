"""The fork server behind `sandbox`, and the bounded child that decodes one scan.

`python -m handlers.ocr.forkserver FD MODULE` imports MODULE (the decoders), then waits on
the socket FD. Each request carries two sockets: one to talk to the process that asked,
and one to report on. For each, the server forks a child, sends a pidfd of it on the
report socket, and once the child has ended sends its exit code there (minus the signal
that ended it). The server ends when the process that started it closes FD.

The child reads its job (opener, path, arguments, `Bounds`, pickled by the parent), caps
its address space and CPU time, opens the scan and sends one page per request, then ends
when the parent closes its socket. Failures go back as a header (`refused`, `memory`,
`failed`), never as a pickle.
"""

from __future__ import annotations

import contextlib
import importlib
import math
import os
import pickle
import resource
import selectors
import socket
import struct
import sys
from typing import Any

import numpy as np

from daemon.errors import YomitoriError
from handlers.ocr.sandbox import ADDRESS_SPACE, LENGTH, NEXT_PAGE, Bounds, send_frame

EXIT_FAILED = 70  # the child failed before it could say why


def main(argv: list[str]) -> int:
    control = socket.socket(fileno=int(argv[0]))
    importlib.import_module(argv[1])
    serve(control)
    return 0


def serve(control: socket.socket) -> None:
    """Fork a child per request on `control` until it is closed; report each child's end."""
    selector = selectors.DefaultSelector()
    selector.register(control, selectors.EVENT_READ)
    children: dict[int, tuple[int, socket.socket]] = {}  # pidfd: (pid, report socket)
    while True:
        for key, _ in selector.select():
            if key.fileobj is control:
                try:
                    message, fds, _, _ = socket.recv_fds(control, 16, 2)
                except OSError:
                    return
                if not message:
                    return
                if len(fds) != 2:
                    for fd in fds:
                        os.close(fd)
                    continue
                job, report = socket.socket(fileno=fds[0]), socket.socket(fileno=fds[1])
                pid = os.fork()
                if pid == 0:
                    inherited = [control.fileno(), report.fileno(), *children,
                                 *(r.fileno() for _, r in children.values())]
                    selector.close()
                    _child(job, inherited)
                job.close()
                pidfd = os.pidfd_open(pid)
                with contextlib.suppress(OSError):  # the parent is gone; so will the child be
                    socket.send_fds(report, [struct.pack(">i", pid)], [pidfd])
                selector.register(pidfd, selectors.EVENT_READ)
                children[pidfd] = (pid, report)
            else:
                pidfd = int(key.fd)
                pid, report = children.pop(pidfd)
                selector.unregister(pidfd)
                os.close(pidfd)
                _, status = os.waitpid(pid, 0)
                with contextlib.suppress(OSError):
                    report.send(struct.pack(">i", os.waitstatus_to_exitcode(status)))
                report.close()


def _child(job: socket.socket, inherited: list[int]) -> None:
    """The forked child: decode the job on `job`, then leave without any clean-up that
    belongs to the server."""
    code = EXIT_FAILED
    try:
        for fd in inherited:
            os.close(fd)
        decode(job)
        code = 0
    finally:
        os._exit(code)


def decode(job: socket.socket) -> None:
    """Read the job from `job`, cap this process, and answer page requests."""
    blob = _read(job, LENGTH.unpack(_read(job, LENGTH.size))[0])
    opener, path, arguments, bounds = pickle.loads(blob)  # from the parent: trusted
    assert isinstance(bounds, Bounds)
    cap = bounds.memory_bytes * ADDRESS_SPACE
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    _allow_cpu(bounds.seconds)
    try:
        document = opener(path, arguments)
    except BaseException as exc:
        send_frame(job, _failure(exc))
        return
    try:
        send_frame(job, {"kind": "opened", "media_type": document.media_type,
                         "page_count": document.page_count})
        pages = iter(document.pages())
        while job.recv(1) == NEXT_PAGE:
            _allow_cpu(bounds.seconds)
            page = next(pages)
            image = np.ascontiguousarray(page.image, dtype=np.uint8)
            height, width = image.shape
            send_frame(job, {"kind": "page", "index": page.index, "height": height,
                             "width": width, "dpi": page.dpi}, image.data.cast("B"))
    except BaseException as exc:
        send_frame(job, _failure(exc))
    finally:
        document.close()


def _failure(exc: BaseException) -> dict[str, Any]:
    """The header that tells the parent why the child gives up."""
    if isinstance(exc, YomitoriError):
        return {"kind": "refused", "error": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, MemoryError):
        return {"kind": "memory"}
    return {"kind": "failed", "error": type(exc).__name__}


def _allow_cpu(seconds: float) -> None:
    """Let this process use `seconds` more CPU time; past that the kernel sends SIGXCPU,
    which ends it."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _read(sock: socket.socket, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError("the parent closed the job before sending it")
        data += chunk
    return bytes(data)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
