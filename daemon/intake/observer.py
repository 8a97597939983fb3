"""Intake: notice the files that scanners have finished writing to the hot folders.

One watchdog observer per hot folder turns file-system events into hints; a startup scan
and a periodic rescan reconcile with the disk (inotify drops events when its queue
overflows, and SMB/NFS client mounts give no events at all). One tick thread re-stats the
tracked files and hands each finished regular file to `on_ready`; claiming it into the
spool is the caller's job.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserverVFS

from daemon.errors import YomitoriError
from daemon.intake.hotfolder import HotFolder, Refusal, is_ignored, path_tag, refusal
from daemon.intake.stability import StabilityTracker

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
"""How often a polling observer lists its hot folder, in seconds."""
TICK_SECONDS = 0.5
"""The longest pause between two looks at the tracked files, in seconds."""
STALL_SECONDS = 300.0
"""Default for how long the intake may go without completing a tick or a hand-over
before it counts as stalled, in seconds (a hand-over copies one file)."""
MOVE_PAIRING_SECONDS = 0.6
"""How long watchdog's inotify emitter may hold a file's move out of a hot folder while
it looks for the matching move in (0.5 s), with a margin; see `Intake.stop`."""

# Not opened/closed_no_write: the claim reads the file, and that is no sign of a writer.
_HINTS = frozenset({"created", "modified", "moved", "closed"})


def _describe(exc: BaseException) -> str:
    """An exception for the log without its message, which may quote a file name."""
    if isinstance(exc, YomitoriError):  # these messages never carry file names
        head = f"{type(exc).__name__}: {exc}"
    elif isinstance(exc, OSError) and exc.errno is not None:
        head = f"{type(exc).__name__} {errno.errorcode.get(exc.errno, exc.errno)}"
    else:
        head = type(exc).__name__
    return head + "\n" + "".join(traceback.format_tb(exc.__traceback__)).rstrip()


def _identity(st: os.stat_result) -> tuple[int, ...]:
    """What must not change between the last tick's sample and the hand-over."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_mode, st.st_nlink)


class _Hints(FileSystemEventHandler):
    """Forwards one hot folder's watchdog events to the intake."""

    def __init__(self, intake: Intake, folder: HotFolder, root: Path) -> None:
        self._intake, self._folder, self._root = intake, folder, root

    def on_any_event(self, event: FileSystemEvent) -> None:
        try:
            self._intake._on_event(self._folder, self._root, event)
        except Exception as exc:  # an exception here would kill the observer thread
            log.error(
                "department %s: event handling failed: %s", self._folder.department, _describe(exc)
            )


class Intake:
    """Watches hot folders and calls `on_ready(folder, path, seen)` for each finished file.

    A file is finished when its size and mtime held still, with no event for it, for
    `stable_seconds`; `seen` is its last lstat (the claim checks device and inode against
    it). `on_ready` runs on the tick thread only, one call at a time, and should take the
    file away (claim it). If it raises and the file stays, the file is retried at the next
    rescan. `on_refused(folder, path, reason)` gets each symlink, hard link, FIFO or
    device once, on the same thread. The callbacks get each folder with its real path,
    and paths below it; folders must exist and not overlap (`settings.problems` checks
    both). Every `tick_seconds` (default a quarter of `stable_seconds`, at most
    `TICK_SECONDS`) tracked files are re-stat'ed; every `rescan_seconds` every folder is
    listed again. The intake is stalled, and `alive()` false, when no tick and no
    hand-over completed for `stall_seconds`. All times are in seconds.

    `clock` is what the stability rule measures `stable_seconds` with (default
    `time.monotonic`); tests hand in a faster one to run a scanner's minutes in seconds.
    """

    def __init__(
        self,
        folders: Sequence[HotFolder],
        on_ready: Callable[[HotFolder, Path, os.stat_result], None],
        *,
        on_refused: Callable[[HotFolder, Path, str], None] | None = None,
        stable_seconds: float = 2.0,
        rescan_seconds: float = 60.0,
        tick_seconds: float | None = None,
        stall_seconds: float = STALL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        real = [replace(f, path=Path(os.path.realpath(f.path))) for f in folders]
        self._roots = [(f, f.path) for f in real]
        self._on_ready, self._on_refused = on_ready, on_refused
        self._rescan_seconds = rescan_seconds
        # A tick a quarter of the wait: a stable file is taken at most 25% late.
        self._tick_seconds = tick_seconds or min(TICK_SECONDS, stable_seconds / 4)
        self._clock = clock
        self._stall_seconds = stall_seconds
        self._progress = time.monotonic()  # when a tick or a hand-over last completed
        self.ticks = 0
        """Ticks completed since start."""
        self._lock = threading.Lock()  # guards everything below up to the threads
        self._tracker = StabilityTracker(stable_seconds)
        self._parked: dict[Path, tuple[int, int]] = {}  # on_ready raised: (size, mtime_ns)
        self._refused: set[Path] = set()  # already queued for on_refused
        self._refusals: list[tuple[HotFolder, Path, Refusal]] = []  # for the tick thread
        self._delivering: Path | None = None  # on_ready is working on it: events are its own
        self._next_rescan = 0.0
        self._last_handover: float | None = None  # when on_ready or on_refused last returned
        self._observers: list[BaseObserver] = []
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    def start(self) -> None:
        """Start one observer per folder, scan every folder, then start the tick thread."""
        if self._thread is not None:
            raise RuntimeError("an Intake starts only once")
        for folder, root in self._roots:
            self._observers.append(self._watch(folder, root))
        self.rescan()  # after the watches start, so no file slips between listing and watch
        self._thread = threading.Thread(target=self._run, name="yomitori-intake", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the tick thread (after any on_ready call), then the observers, and wait for
        every thread, their emitters too.

        The order keeps the stop quiet: each claim moves a file out of a hot folder, and
        watchdog's inotify emitter holds such a move for half a second to pair it; an
        emitter stopped meanwhile hands it over afterwards and logs an ERROR ("called when
        the thread is inactive"). So once no more claims can start, the last one's move is
        let through before the observers stop.
        """
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            last = self._last_handover
        if last is not None:
            time.sleep(max(0.0, last + MOVE_PAIRING_SECONDS - time.monotonic()))
        emitters = [e for o in self._observers for e in list(o.emitters)]
        for observer in self._observers:
            observer.stop()
        for observer in self._observers:
            observer.join()
        for emitter in emitters:
            emitter.join()

    def alive(self) -> bool:
        """Whether every observer, its watches and the tick thread run, and ticks complete."""
        return self.problem() is None

    def problem(self) -> str | None:
        """None while the intake works; otherwise what is wrong, for the health check."""
        running = self._thread is not None and self._thread.is_alive()
        if not running or self._stopping.is_set() or not all(
            o.is_alive() and all(e.is_alive() for e in list(o.emitters)) for o in self._observers
        ):
            return "a hot-folder observer has stopped"
        stalled = self.stalled_seconds()
        if stalled > self._stall_seconds:
            return (
                f"the hot-folder intake has completed no tick for {stalled:.0f} s "
                f"(more than {self._stall_seconds:.0f} s): it is stuck"
            )
        return None

    def stalled_seconds(self) -> float:
        """Seconds since a tick or a hand-over last completed."""
        return time.monotonic() - self._progress

    def rescan(self) -> None:
        """List every hot folder now and track each candidate (the disk is the truth)."""
        with self._lock:
            self._parked.clear()  # failed hand-overs get their retry now
            self._next_rescan = time.monotonic() + self._rescan_seconds
            refused = list(self._refused)
        for folder, root in self._roots:
            self._walk(folder, root, root)
        gone = {path for path in refused if not os.path.lexists(path)}
        with self._lock:
            self._refused -= gone  # a new file under an old name is refused anew

    def _watch(self, folder: HotFolder, root: Path) -> BaseObserver:
        handler = _Hints(self, folder, root)
        if not folder.polling:
            observer = Observer()
            observer.schedule(handler, str(root), recursive=True)
            try:
                observer.start()
                return observer
            except OSError as exc:
                if exc.errno not in (errno.ENOSPC, errno.EMFILE):
                    raise
            log.warning(
                "department %s: inotify limit reached, polling the hot folder instead "
                "(raise fs.inotify.max_user_watches)",
                folder.department,
            )
        # lstat so that the poller never follows a symlinked folder out of the hot folder.
        poller = PollingObserverVFS(os.lstat, os.scandir, polling_interval=POLL_SECONDS)
        poller.schedule(handler, str(root), recursive=True)
        poller.start()
        return poller

    def _run(self) -> None:
        self._progress = time.monotonic()
        while not self._stopping.wait(self._tick_seconds):
            try:
                self._tick()
            except Exception as exc:  # keep the intake running; the next tick tries again
                log.error("intake tick failed: %s", _describe(exc))
                continue
            self.ticks += 1
            self._progress = time.monotonic()

    def _tick(self) -> None:
        with self._lock:
            rescan_due = time.monotonic() >= self._next_rescan
        if rescan_due:
            self.rescan()
        with self._lock:
            tracked = self._tracker.tracked()
        seen = {path: self._sample(*self._owner(path), path, hint=False) for path in tracked}
        with self._lock:
            ready = self._tracker.ready(self._clock())
            refusals, self._refusals = self._refusals, []
        for folder, path, reason in refusals:
            self._refuse(folder, path, reason)
        for path in ready:
            if self._stopping.is_set():
                return  # the startup scan after a restart finds what is left
            self._deliver(path, seen.get(path))

    def _deliver(self, path: Path, seen: os.stat_result | None) -> None:
        """Hand `path` to on_ready if it is as `seen` at the last tick (earlier calls take time)."""
        folder, root = self._owner(path)
        try:
            st = os.lstat(path)
        except OSError:
            return  # gone meanwhile: nothing to hand over
        if seen is None or _identity(st) != _identity(seen):
            self._sample(folder, root, path, hint=True)  # changed: its clock starts again
            return
        with self._lock:
            self._delivering = path
        try:
            self._on_ready(folder, path, st)
        except Exception as exc:
            log.error(
                "department %s: hand-over of file %s failed, retrying at the next rescan: %s",
                folder.department,
                path_tag(path),
                _describe(exc),
            )
            with self._lock:  # until the rescan, only a change to the file brings it back
                self._parked[path] = (st.st_size, st.st_mtime_ns)
        finally:
            self._progress = time.monotonic()
            with self._lock:
                self._delivering = None
                self._last_handover = time.monotonic()

    def _refuse(self, folder: HotFolder, path: Path, reason: Refusal) -> None:
        if self._on_refused is None:  # otherwise on_refused reports it
            log.warning(
                "department %s: not taking %s: %s", folder.department, path_tag(path), reason
            )
            return
        try:
            self._on_refused(folder, path, reason)
        except Exception as exc:
            log.error(
                "department %s: on_refused failed for file %s: %s",
                folder.department,
                path_tag(path),
                _describe(exc),
            )
        finally:
            with self._lock:
                self._last_handover = time.monotonic()

    def _owner(self, path: Path) -> tuple[HotFolder, Path]:
        return next((f, root) for f, root in self._roots if path.is_relative_to(root))

    def _on_event(self, folder: HotFolder, root: Path, event: FileSystemEvent) -> None:
        src = Path(os.fsdecode(event.src_path))
        if event.event_type in ("deleted", "moved"):
            with self._lock:
                self._tracker.forget(src)
        if event.event_type not in _HINTS:
            return
        path = Path(os.fsdecode(event.dest_path)) if event.event_type == "moved" else src
        if path == root or not path.is_relative_to(root):
            return  # moved out of the hot folder, or the folder itself
        if event.is_directory:
            if event.event_type in ("created", "moved"):
                self._walk(folder, root, path)  # a folder moved in arrives full
            return
        self._sample(folder, root, path, hint=True)

    def _walk(self, folder: HotFolder, root: Path, top: Path) -> None:
        """Track every candidate below `top`, never following a link."""
        pending = [top]
        while pending:
            directory = pending.pop()
            try:  # O_NOFOLLOW: a folder swapped for a symlink since its lstat is not listed
                fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
                try:
                    with os.scandir(fd) as entries:
                        names = [entry.name for entry in entries]
                finally:
                    os.close(fd)
            except OSError as exc:
                if directory == root:
                    log.warning(
                        "department %s: cannot list the hot folder: %s",
                        folder.department,
                        _describe(exc),
                    )
                continue
            for path in (directory / name for name in names):
                st = self._sample(folder, root, path, hint=False)
                if st is not None and stat.S_ISDIR(st.st_mode):
                    pending.append(path)

    def _sample(
        self, folder: HotFolder, root: Path, path: Path, *, hint: bool
    ) -> os.stat_result | None:
        """lstat `path` and update its tracking; the stat, or None if ignored or gone."""
        if is_ignored(str(path.relative_to(root))):
            return None
        try:
            st = os.lstat(path)
        except OSError:  # gone, or unreadable for now: nothing to take either way
            with self._lock:
                self._tracker.forget(path)
            return None
        if stat.S_ISDIR(st.st_mode):
            return st
        now, reason = self._clock(), refusal(st)
        with self._lock:
            if path == self._delivering:
                return st
            if reason is not None:
                self._tracker.forget(path)
                if path not in self._refused:
                    self._refused.add(path)
                    self._refusals.append((folder, path, reason))
                return st
            self._refused.discard(path)
            if self._parked.get(path) == (st.st_size, st.st_mtime_ns):
                return st  # unchanged since on_ready failed: its retry waits for the rescan
            self._parked.pop(path, None)
            self._tracker.observe(path, st.st_size, st.st_mtime_ns, now)
            if hint:
                self._tracker.touch(path, now)
        return st
