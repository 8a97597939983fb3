"""The child's side of `sandbox`: read the job, cap this process, answer page requests.

Runs in a fork of the fork server. The job comes pickled from the parent (opener, path,
the opener's arguments, `Bounds`); pages go back as a JSON header and raw gray pixels, and
failures as a header (`refused`, `memory`, `failed`), never as a pickle.
"""

from __future__ import annotations

import math
import pickle
import resource
import socket
from typing import Any

import numpy as np

from daemon.errors import YomitoriError
from handlers.ocr.sandbox import ADDRESS_SPACE, LENGTH, NEXT_PAGE, Bounds, send_frame


def serve(job: socket.socket) -> None:
    """The child: read the job from `job`, cap this process, answer page requests until
    the parent closes `job`."""
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
            colour = getattr(page, "colour", None)
            height, width = image.shape
            send_frame(job, {"kind": "page", "index": page.index, "height": height,
                             "width": width, "dpi": page.dpi, "colour": colour is not None,
                             "fax": bool(getattr(page, "fax", False))},
                       image.data.cast("B"))
            if colour is not None:  # the gray page, then its colour pixels (RGB)
                job.sendall(np.ascontiguousarray(colour, dtype=np.uint8).data.cast("B"))
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
