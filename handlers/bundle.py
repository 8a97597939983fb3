"""Bundles: the zip of a job's results, encrypted with age to a department's recipients.

A bundle is written as a plain zip into the job's spool folder (private, wiped by the
janitor), then encrypted into the outbox atomically (temp file in the outbox, fsync,
rename, fsync of the folder) under `<job_id>.age`, a name with no trace of the source.
Because the name follows from the job id, a job redelivered after a crash replaces its
own bundle instead of adding a second one.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from types import TracebackType

import cv2
import numpy as np
import pyrage

from daemon.durable import atomic_file
from daemon.errors import YomitoriError

SUFFIX = ".age"
SHARED_MODE = 0o660
"""Plain bundles in the spool and bundles in the outbox: under systemd the janitor, another
user in the service's group, overwrites them when it wipes; the folders keep others out and
give the department read access (docs/operations.md)."""


def bundle_name(job_id: str) -> str:
    """The outbox file name of a job's bundle."""
    return f"{job_id}{SUFFIX}"


class BundleWriter:
    """Builds the zip: `result.json`, `text.txt`, `fields.csv`, `pages/NNNN.png`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        path.chmod(SHARED_MODE)

    def add_bytes(self, name: str, data: bytes) -> None:
        self._zip.writestr(name, data)

    def add_page_image(self, index: int, image: np.ndarray) -> None:
        """Store a page as PNG (lossless, so staff compare against what was read)."""
        ok, png = cv2.imencode(".png", image)
        if not ok:
            raise YomitoriError("could not encode a page image as PNG")
        # PNG is already compressed; deflating it again only costs time.
        self._zip.writestr(f"pages/{index:04d}.png", png.tobytes(), zipfile.ZIP_STORED)

    def close(self) -> None:
        self._zip.close()
        with self.path.open("rb+") as fh:
            os.fsync(fh.fileno())

    def __enter__(self) -> BundleWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
        else:
            self._zip.close()


def parse_recipients(recipients: list[str]) -> list[pyrage.x25519.Recipient]:
    return [pyrage.x25519.Recipient.from_str(r) for r in recipients]


def seal(plain: Path, recipients: list[str], outbox: Path, name: str) -> Path:
    """Encrypt `plain` to every recipient into `outbox/name`, atomically; returns the path."""
    target = outbox / name
    for stale in outbox.glob(f".{name}.*.part"):
        stale.unlink(missing_ok=True)  # left by a crash during an earlier attempt
    keys = parse_recipients(recipients)
    try:
        with plain.open("rb") as reader, atomic_file(target, SHARED_MODE,
                                                     suffix=".part") as writer:
            pyrage.encrypt_io(reader, writer, keys)
    except OSError as exc:
        raise YomitoriError(
            f"cannot write to the outbox {outbox} ({exc.strerror or exc}); check that the "
            "folder exists, has free space and that the service user can write to it"
        ) from exc
    return target


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
