"""An entry in a hot folder, reached by directory handles from the hot folder itself.

Full paths are resolved again at every system call, so a sub-folder swapped for a symlink
between a check and a rename would send the rename into another folder (another
department's hot folder). `open_entry` opens the hot folder and then each folder on the
way with `O_NOFOLLOW`, one component at a time; every later call names only the last
component relative to those handles, so nothing on the way can be swapped any more.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from daemon.errors import InputError, YomitoriError
from daemon.intake.hotfolder import HotFolder

DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
CHUNK = 1 << 20
READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
"""How an entry is opened for reading: never through a link, never blocking on a FIFO,
never becoming a controlling terminal."""


class Refused(InputError):
    """An entry in a hot folder that must not be taken (link, FIFO, device…)."""


class EntryChanged(YomitoriError):
    """The entry changed while it was being claimed; the intake looks at it again."""


@dataclass(frozen=True)
class Entry:
    """`name` in the folder open as `dir_fd`, below the hot folder open as `root_fd`."""

    folder: HotFolder
    root_fd: int
    dir_fd: int
    name: str

    def lstat(self) -> os.stat_result:
        return os.lstat(self.name, dir_fd=self.dir_fd)


@contextlib.contextmanager
def open_folder(path: Path) -> Iterator[int]:
    """A handle on the folder at `path` (its last component must not be a link)."""
    fd = os.open(path, DIRECTORY)
    try:
        yield fd
    finally:
        os.close(fd)


@contextlib.contextmanager
def open_entry(folder: HotFolder, path: Path) -> Iterator[Entry]:
    """Walk from `folder` to `path`'s parent without following links; yield the entry.

    `folder.path` is the hot folder's real path and `path` lies below it. Raises
    EntryChanged when a folder on the way is a link or no longer a folder, and
    FileNotFoundError when it is gone.
    """
    parts = path.relative_to(folder.path).parts
    if not parts or any(part in ("", ".", "..") for part in parts):
        raise EntryChanged("the path does not name an entry below its hot folder")
    with contextlib.ExitStack() as stack:
        root_fd = stack.enter_context(open_folder(folder.path))
        dir_fd = root_fd
        for part in parts[:-1]:
            try:
                dir_fd = os.open(part, DIRECTORY, dir_fd=dir_fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise EntryChanged(
                        "a sub-folder of the hot folder was replaced (by a link or a file) "
                        "during the claim; the intake looks at it again at the next rescan"
                    ) from None
                raise
            stack.callback(os.close, dir_fd)
        yield Entry(folder, root_fd, dir_fd, parts[-1])


def move_without_replacing(src_fd: int, src: str, dst_fd: int, dst: str) -> bool:
    """Rename `src` (in `src_fd`) to `dst` (in `dst_fd`) unless `dst` exists or lies on
    another file system; False then.

    A hard link then an unlink, so an entry that took the name meanwhile is never
    replaced. Where no link can be made (a folder; a file system without hard links) the
    entry is renamed only while the name is free.
    """
    try:
        os.link(src, dst, src_dir_fd=src_fd, dst_dir_fd=dst_fd, follow_symlinks=False)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno == errno.EXDEV:
            return False  # another file system under the same name: nothing moves back
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        try:
            os.lstat(dst, dir_fd=dst_fd)
            return False
        except FileNotFoundError:
            os.rename(src, dst, src_dir_fd=src_fd, dst_dir_fd=dst_fd)
            return True
    os.unlink(src, dir_fd=src_fd)
    return True


def sha256_of(fd: int) -> tuple[str, int]:
    """Hex SHA-256 and size in bytes of the open file `fd`, read from its start."""
    digest = hashlib.sha256()
    size = 0
    os.lseek(fd, 0, os.SEEK_SET)
    while chunk := os.read(fd, CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def same_file(a: os.stat_result, b: os.stat_result) -> bool:
    """Whether two stat results are of one inode."""
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
