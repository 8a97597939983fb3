"""Bundles: the zip of a job's results, encrypted with age to a department's recipients.

The zip never touches a disk in the clear. `BundleWriter` writes it into a pipe, and a
thread encrypts what comes out of the pipe (pyrage) into a temporary file in the outbox;
on success that file is fsynced and renamed to `<job_id>.age`, a name with no trace of
the source, and the folder is fsynced (`daemon.durable.atomic_file`). The pipe holds at
most what the kernel buffers (64 KiB on Linux), so memory stays bounded however many
pages a job has: page images go into the zip while the pages are decoded.

Because the name follows from the job id, a job redelivered after a crash replaces its
own bundle instead of adding a second one. The temporary file is named for the worker
that writes it (`.<job_id>.age.<host>-<pid>.part`); the caller holds the job's lock, so
any other `.part` of the same job was left by a worker that died.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import threading
import time
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import cv2
import numpy as np
import pyrage

from daemon.durable import atomic_file
from daemon.errors import OutboxUnavailable, YomitoriError

SUFFIX = ".age"
PART = ".part"
SHARED_MODE = 0o660
"""Bundles in the outbox: under systemd the janitor, another user in the service's group,
overwrites them when it expires them; the folders keep others out and give the department
read access (docs/operations.md)."""


def bundle_name(job_id: str) -> str:
    """The outbox file name of a job's bundle."""
    return f"{job_id}{SUFFIX}"


def worker_tag() -> str:
    """This process as it appears in temporary file names: `<host>-<pid>`."""
    return f"{socket.gethostname()}-{os.getpid()}"


def part_path(outbox: Path, name: str, worker: str) -> Path:
    """The temporary file a worker writes a bundle under, hidden from the department."""
    return outbox / f".{name}.{worker}{PART}"


def remove_stale_parts(outbox: Path, name: str) -> int:
    """Remove temporary files of bundle `name` left by workers that died; returns how many.

    Only call this while holding the job's lock: then no live worker is writing one.
    """
    removed = 0
    for stale in outbox.glob(f".{name}.*{PART}"):
        stale.unlink(missing_ok=True)
        removed += 1
    return removed


def parse_recipients(recipients: list[str]) -> list[pyrage.x25519.Recipient]:
    return [pyrage.x25519.Recipient.from_str(r) for r in recipients]


def outbox_error(outbox: Path, exc: BaseException) -> OutboxUnavailable:
    """The operator's message for an outbox that cannot take a bundle now."""
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
    return OutboxUnavailable(
        f"cannot write to the outbox {outbox} ({detail}); check that the "
        "folder exists, has free space and that the service user can write to it. The job "
        "waits and is tried again"
    )


class BundleWriter:
    """Builds one bundle's zip (`result.json`, `text.txt`, `fields.csv`, `pages/NNNN.png`)
    straight into its age encryption in `outbox/name`.

    Use it as a context manager: on a clean exit the bundle is durable under `path`; on an
    exception nothing is left in the outbox. Outbox trouble raises `OutboxUnavailable`.
    """

    def __init__(
        self, outbox: Path, name: str, recipients: list[str], *, worker: str | None = None
    ) -> None:
        self.outbox = outbox
        self.path = outbox / name
        self._keys = parse_recipients(recipients)
        self._temporary = part_path(outbox, name, worker or worker_tag())
        self._stack = contextlib.ExitStack()
        self._failure: BaseException | None = None
        self.timings = {"zip": 0.0, "encrypt": 0.0, "fsync": 0.0}
        """Seconds spent adding members (zip, PNG encoding included), CPU seconds of the
        encryption thread (encrypt), and making the bundle durable (fsync)."""

    def __enter__(self) -> BundleWriter:
        try:
            sink = self._stack.enter_context(
                atomic_file(self.path, SHARED_MODE, temporary=self._temporary)
            )
        except OSError as exc:
            raise outbox_error(self.outbox, exc) from exc
        read_end, write_end = os.pipe()
        self._pipe_out: BinaryIO = os.fdopen(read_end, "rb")
        self._pipe_in: BinaryIO = os.fdopen(write_end, "wb")
        self._thread = threading.Thread(
            target=self._encrypt, args=(sink,), name="bundle-encrypt", daemon=True
        )
        self._thread.start()
        # A pipe cannot seek: zipfile then writes data descriptors after each member.
        self._zip = zipfile.ZipFile(self._pipe_in, "w", compression=zipfile.ZIP_DEFLATED)
        self._pages = ThreadPoolExecutor(1, thread_name_prefix="bundle-page")
        self._page: Future[None] | None = None
        return self

    def _encrypt(self, sink: BinaryIO) -> None:
        started = time.thread_time()
        try:
            pyrage.encrypt_io(self._pipe_out, sink, self._keys)
        except BaseException as exc:  # reported by __exit__ in the writing thread
            self._failure = exc
        finally:
            self.timings["encrypt"] = time.thread_time() - started
            # Closing the read end makes the zip's next write fail at once (EPIPE).
            self._pipe_out.close()

    def add_bytes(self, name: str, data: bytes, compress: int = zipfile.ZIP_DEFLATED) -> None:
        self._settle_page()  # members go into the zip one after the other
        self._write(name, data, compress)

    def _write(self, name: str, data: bytes, compress: int) -> None:
        started = time.perf_counter()
        try:
            self._zip.writestr(name, data, compress)
        except BrokenPipeError:
            raise self._encryption_error() from None
        finally:
            self.timings["zip"] += time.perf_counter() - started

    def add_page_image(self, index: int, image: np.ndarray) -> None:
        """Store a page (gray H×W or RGB H×W×3) as PNG (lossless, so staff compare against
        what was read; a colour scan keeps its colour, seals and stamps included).

        The encoding runs on the bundle's own thread while the caller reads the page (a
        second of CPU for an A4 page at 300 dpi, off the job's critical path when a core
        is free); one page at a time, so at most one page image waits in memory. The
        image is copied first: the caller may go on to change its own."""
        self._settle_page()
        self._page = self._pages.submit(self._store_page, index, image.copy())

    def _store_page(self, index: int, image: np.ndarray) -> None:
        started = time.perf_counter()
        if image.ndim == 3:
            image = cv2.cvtColor(image, cv2.COLOR_RGB2BGR)  # OpenCV writes BGR order
        ok, png = cv2.imencode(".png", image)
        self.timings["zip"] += time.perf_counter() - started
        if not ok:
            raise YomitoriError("could not encode a page image as PNG")
        # PNG is already compressed; deflating it again only costs time.
        self._write(f"pages/{index:04d}.png", png.tobytes(), zipfile.ZIP_STORED)

    def _settle_page(self) -> None:
        """Wait for the page being stored; raise what stopped it."""
        page, self._page = self._page, None
        if page is not None:
            page.result()

    def _finish_pages(self, error: BaseException | None) -> BaseException | None:
        """Let the page being stored finish; the first failure, the caller's or its."""
        try:
            self._settle_page()
        except Exception as failure:  # its encoding, or the outbox, failed
            error = error or failure
        finally:
            self._pages.shutdown()
        return error

    def _encryption_error(self) -> BaseException:
        """What stopped the encryption: writing the outbox (pyrage passes the OSError on,
        or wraps it in its EncryptError), since the recipients were checked before."""
        self._thread.join()
        failure = self._failure
        if failure is None or isinstance(failure, Exception):
            return outbox_error(self.outbox, failure or EOFError("the encryption stopped"))
        return failure

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        error = self._finish_pages(exc)
        try:
            if error is None:
                self._zip.close()
            else:
                with contextlib.suppress(OSError, ValueError):
                    self._zip.close()
        except BrokenPipeError:
            error = self._encryption_error()
        finally:
            with contextlib.suppress(OSError):
                self._pipe_in.close()  # end of stream: the encryption finishes
            self._thread.join()
        if error is None and self._failure is not None:
            error = self._encryption_error()
        if error is not None:
            # The temporary file goes (closing it may fail again on a full disk); the
            # caller sees the first cause.
            with contextlib.suppress(OSError):
                self._stack.__exit__(type(error), error, error.__traceback__)
            if error is not exc:
                raise error
            return
        started = time.perf_counter()
        try:
            self._stack.__exit__(None, None, None)  # fsync, rename, fsync the folder
        except OSError as failure:
            raise outbox_error(self.outbox, failure) from failure
        self.timings["fsync"] = time.perf_counter() - started


def write_bundle(
    outbox: Path, name: str, recipients: list[str], entries: dict[str, bytes]
) -> Path:
    """Encrypt a zip of `entries` (member name → content) into `outbox/name`; returns it."""
    with BundleWriter(outbox, name, recipients) as bundle:
        for member, data in entries.items():
            bundle.add_bytes(member, data)
    return bundle.path


def open_bundle(path: Path, identities: list[str]) -> zipfile.ZipFile:
    """Decrypt a bundle with the given age identities (AGE-SECRET-KEY-1…); raises on failure."""
    keys = [pyrage.x25519.Identity.from_str(i) for i in identities]
    with path.open("rb") as fh:
        plain = pyrage.decrypt(fh.read(), keys)
    return zipfile.ZipFile(io.BytesIO(plain))


def read_identities(path: Path) -> list[str]:
    """The AGE-SECRET-KEY-1 lines of an identity file (as written by age-keygen)."""
    lines = path.read_text("utf-8").splitlines()
    found = [line.strip() for line in lines if line.strip().startswith("AGE-SECRET-KEY-1")]
    if not found:
        raise YomitoriError(f"{path}: no age identity (AGE-SECRET-KEY-1…) in this file")
    return found
