"""Durable files: every write of state goes through here.

A reader, or the next start after a crash or power loss, sees a file either as it was or
as it is meant to be, never a part of it:

- `atomic_file` / `write_atomic`: a temporary file in the same folder, fsync, rename over
  the target, fsync of the folder (so the rename itself survives a power loss);
- `create_exclusive`: the same, but only if the name is free (a hard link, which fails
  when the name exists, publishes the whole file or nothing);
- `append`: one write at the end of a file, fsynced; on a short write or an error the
  file is cut back to its old length, so a full disk never leaves half a line behind.

This module is a library: it imports nothing of the service.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20


def fsync_dir(path: Path) -> None:
    """Make a rename, link or unlink in the folder `path` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temporary_name(path: Path, suffix: str = ".tmp") -> Path:
    """A fresh hidden name beside `path` for a file being written (`.name.1a2b3c4d.tmp`)."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}{suffix}")


@contextlib.contextmanager
def atomic_file(
    path: Path, mode: int = 0o600, *, suffix: str = ".tmp", temporary: Path | None = None
) -> Iterator[BinaryIO]:
    """Yield a file to write; on a clean exit it replaces `path` durably, with `mode`.

    The file is written under `temporary` (a name beside `path` that must be free), or a
    fresh hidden name ending in `suffix`. On an exception the temporary file is removed
    and `path` is left as it was.
    """
    tmp = temporary if temporary is not None else temporary_name(path, suffix)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)  # the umask must not narrow what was asked for
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `path` with `data`: readers see the old file or the whole new one."""
    with atomic_file(path, mode) as fh:
        fh.write(data)


def create_exclusive(path: Path, data: bytes, mode: int = 0o600) -> bool:
    """Create `path` holding `data`, whole or not at all; False if the name is taken."""
    tmp = temporary_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            os.fchmod(fd, mode)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(tmp, path)  # fails if the name exists: nobody ever sees a half-written file
    except FileExistsError:
        return False
    finally:
        tmp.unlink()
    fsync_dir(path.parent)
    return True


def append(path: Path, data: bytes, mode: int = 0o640) -> None:
    """Append `data` to `path` (created with `mode` if absent) and fsync it.

    All or nothing: if the write falls short (a full disk) or fails, the file is truncated
    back to the length it had, fsynced, and the error raised.
    """
    is_new = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, mode)
    try:
        if is_new:
            os.fchmod(fd, mode)  # the umask must not narrow what was asked for
        size = os.fstat(fd).st_size
        try:
            written = os.write(fd, data)
            if written != len(data):
                raise OSError(errno.ENOSPC, f"only {written} of {len(data)} bytes could be written")
            os.fsync(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
                os.fsync(fd)
            raise
    finally:
        os.close(fd)
    if is_new:
        fsync_dir(path.parent)  # the new file's name must survive too


def sha256_file(path: Path) -> tuple[str, int]:
    """Hex SHA-256 and size in bytes of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
