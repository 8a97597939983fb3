"""Hot-folder intake: the stability rule, the ignore list, and Intake over real watchdog."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from watchdog.observers.polling import PollingObserverVFS

from daemon.intake import observer as intake_module
from daemon.intake.hotfolder import HotFolder, Refusal, is_ignored
from daemon.intake.observer import Intake
from daemon.intake.stability import StabilityTracker

STABLE = 0.5  # seconds; short so that the suite stays fast
TICK = 0.1  # seconds
RunIntake = Callable[..., tuple[Intake, "Calls"]]
SCALE = 4.0
"""How much faster than the wall `scaled_clock` runs."""


def scaled_clock() -> float:
    """A monotonic clock `SCALE` times faster than the wall's, for the intake to wait on."""
    return time.monotonic() * SCALE


# -- StabilityTracker: pure, time injected ------------------------------------------------


def test_tracker_reports_a_file_after_stable_seconds() -> None:
    tracker = StabilityTracker(stable_seconds=2.0)
    tracker.observe(Path("a"), 10, 1, now=100.0)
    assert tracker.ready(101.9) == []
    assert tracker.ready(102.0) == [Path("a")]


def test_tracker_restarts_the_clock_when_size_or_mtime_changes() -> None:
    tracker = StabilityTracker(stable_seconds=2.0)
    tracker.observe(Path("a"), 10, 1, now=0.0)
    tracker.observe(Path("a"), 20, 1, now=1.5)  # size grew
    assert tracker.ready(3.0) == []
    tracker.observe(Path("a"), 20, 2, now=3.0)  # mtime moved, size kept
    assert tracker.ready(4.9) == []
    assert tracker.ready(5.0) == [Path("a")]


def test_tracker_keeps_the_clock_for_an_equal_sample() -> None:
    tracker = StabilityTracker(stable_seconds=2.0)
    tracker.observe(Path("a"), 10, 1, now=0.0)
    tracker.observe(Path("a"), 10, 1, now=1.5)  # a rescan, nothing changed
    assert tracker.ready(2.0) == [Path("a")]


def test_tracker_restarts_the_clock_on_touch_even_when_stat_looks_equal() -> None:
    tracker = StabilityTracker(stable_seconds=2.0)
    tracker.observe(Path("a"), 10, 1, now=0.0)
    tracker.touch(Path("a"), now=1.0)
    assert tracker.ready(2.5) == []
    assert tracker.ready(3.0) == [Path("a")]


def test_tracker_ignores_a_touch_for_an_unknown_key() -> None:
    tracker = StabilityTracker(stable_seconds=2.0)
    tracker.touch(Path("a"), now=0.0)
    assert tracker.ready(10.0) == []
    assert len(tracker) == 0


def test_tracker_reports_each_key_once_then_forgets_it() -> None:
    tracker = StabilityTracker(stable_seconds=1.0)
    tracker.observe(Path("a"), 1, 1, now=0.0)
    tracker.observe(Path("b"), 1, 1, now=0.5)
    assert tracker.ready(2.0) == [Path("a"), Path("b")]  # oldest first
    assert tracker.ready(9.0) == []
    assert tracker.tracked() == []


def test_tracker_holds_an_empty_file_like_any_other() -> None:
    tracker = StabilityTracker(stable_seconds=2.0)
    tracker.observe(Path("a"), 0, 1, now=0.0)  # scanner created it, has not written yet
    assert tracker.ready(1.0) == []
    tracker.observe(Path("a"), 4096, 2, now=1.0)  # first page written
    assert tracker.ready(2.5) == []
    assert tracker.ready(3.0) == [Path("a")]
    tracker.observe(Path("b"), 0, 1, now=10.0)  # stays empty: reported, the claim refuses it
    assert tracker.ready(12.0) == [Path("b")]


def test_tracker_forget() -> None:
    tracker = StabilityTracker(stable_seconds=1.0)
    tracker.observe(Path("a"), 1, 1, now=0.0)
    tracker.forget(Path("a"))
    tracker.forget(Path("never-seen"))
    assert tracker.ready(5.0) == []


# -- ignore list ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["scan.tmp", "SCAN.TMP", "scan.pdf.part", "scan.crdownload", "~$report.docx", "~scan.pdf",
     ".~lock.form.ods#", ".hidden", ".DS_Store", "Thumbs.db", "THUMBS.DB", "desktop.ini",
     "Desktop.INI", "@eaDir", "@eaDir/scan.pdf", "sub/@EADIR/scan.pdf", ".sync/scan.pdf",
     "a/.git/b/scan.pdf", "#recycle/scan.pdf"],
)
def test_ignored_names(name: str) -> None:
    assert is_ignored(name)


@pytest.mark.parametrize(
    "name",
    ["scan.pdf", "SCAN_0001.TIF", "sub/scan.jpg", "tmp.pdf", "part-2.pdf", "scan.tmp.pdf",
     "健診票_001.pdf", "a~b.png", "eaDir/scan.pdf"],
)
def test_names_that_are_scans(name: str) -> None:
    assert not is_ignored(name)


# -- Intake over real watchdog -------------------------------------------------------------


class Calls:
    """Records on_ready and on_refused calls; optionally claims (moves away) ready files."""

    def __init__(self, spool: Path, *, claim: bool = True, fail: bool = False) -> None:
        self.spool, self.claim, self.fail = spool, claim, fail
        self.ready: list[tuple[HotFolder, Path, int, float]] = []  # folder, path, size, time
        self.refused: list[tuple[HotFolder, Path, str]] = []
        self.threads: set[str] = set()

    def on_ready(self, folder: HotFolder, path: Path, seen: os.stat_result) -> None:
        self.threads.add(threading.current_thread().name)
        self.ready.append((folder, path, os.lstat(path).st_size, time.monotonic()))
        if self.fail:  # after opening it for writing, as a claim taking a lock might
            open(path, "ab").close()
            raise OSError(28, "No space left on device", str(path))
        if self.claim:
            self.spool.mkdir(exist_ok=True)
            path.rename(self.spool / f"{len(self.ready)}-{path.name}")

    def on_refused(self, folder: HotFolder, path: Path, reason: str) -> None:
        self.threads.add(threading.current_thread().name)
        self.refused.append((folder, path, reason))

    def ready_names(self) -> list[str]:
        return [path.name for _, path, _, _ in self.ready]


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """tmp_path without symlinks, as the intake reports real paths."""
    return Path(os.path.realpath(tmp_path))


@pytest.fixture
def hot(root: Path) -> Path:
    (root / "hot").mkdir()
    return root / "hot"


@pytest.fixture
def run_intake() -> Iterator[RunIntake]:
    """Start an Intake over given folders; every one is stopped at teardown."""
    started: list[Intake] = []

    def run(folders: list[HotFolder], calls: Calls, **kwargs: Any) -> tuple[Intake, Calls]:
        options: dict[str, Any] = {"stable_seconds": STABLE, "tick_seconds": TICK,
                                   "rescan_seconds": 60.0}
        options.update(kwargs)
        intake = Intake(folders, calls.on_ready, on_refused=calls.on_refused, **options)
        intake.start()
        started.append(intake)
        return intake, calls

    yield run
    for intake in started:
        intake.stop()


def test_a_file_present_before_start_is_reported(
    hot: Path, root: Path, run_intake: RunIntake
) -> None:
    (hot / "scan.pdf").write_bytes(b"%PDF-1.7 page")
    folder = HotFolder("kenko", hot)
    _, calls = run_intake([folder], Calls(root / "spool"))
    assert wait_until(lambda: len(calls.ready) == 1)
    assert calls.ready[0][:3] == (folder, hot / "scan.pdf", 13)
    assert calls.threads == {"yomitori-intake"}


@pytest.mark.parametrize("polling", [False, True], ids=["inotify", "polling"])
def test_a_new_file_is_reported_once(
    hot: Path, root: Path, run_intake: RunIntake, polling: bool
) -> None:
    folder = HotFolder("kenko", hot, polling=polling)
    _, calls = run_intake([folder], Calls(root / "spool"))
    (hot / "sub" / "deeper").mkdir(parents=True)  # scanners may create subfolders
    (hot / "scan.pdf").write_bytes(b"one")
    (hot / "sub" / "deeper" / "scan2.pdf").write_bytes(b"two")
    assert wait_until(lambda: len(calls.ready) == 2)
    time.sleep(3 * STABLE)
    assert sorted(calls.ready_names()) == ["scan.pdf", "scan2.pdf"]


def test_a_file_written_by_a_scanner_that_pauses_is_not_reported_when_empty(
    hot: Path, root: Path, run_intake: RunIntake
) -> None:
    _, calls = run_intake([HotFolder("kenko", hot)], Calls(root / "spool"))
    with open(hot / "scan.tif", "wb", buffering=0) as scan:  # created empty, written later
        time.sleep(0.6 * STABLE)
        scan.write(b"II*\0" + bytes(1000))
    assert wait_until(lambda: len(calls.ready) == 1)
    assert calls.ready[0][2] == 1004


def test_an_empty_file_that_stays_empty_is_reported(
    hot: Path, root: Path, run_intake: RunIntake
) -> None:
    _, calls = run_intake([HotFolder("kenko", hot)], Calls(root / "spool"))
    started = time.monotonic()
    (hot / "empty.pdf").touch()
    assert wait_until(lambda: len(calls.ready) == 1)
    assert calls.ready[0][2] == 0
    assert calls.ready[0][3] - started >= STABLE


@pytest.mark.parametrize("polling", [False, True], ids=["inotify", "polling"])
def test_a_slowly_written_file_is_reported_only_whole(
    hot: Path, root: Path, run_intake: RunIntake, polling: bool
) -> None:
    """Acceptance: 12 chunks over 6 s, stable_seconds=2: reported once, whole, 2 s after.

    On the intake's own clock, which runs `SCALE` times faster than the wall's here."""
    stable = 2.0
    _, calls = run_intake([HotFolder("kenko", hot, polling=polling)], Calls(root / "spool"),
                          stable_seconds=stable, clock=scaled_clock)
    chunk = b"\xff" * 64 * 1024
    with open(hot / "slow.pdf", "wb", buffering=0) as scan:  # one open file, like a scanner
        for _ in range(12):
            scan.write(chunk)
            last_write = scaled_clock()
            time.sleep(0.5 / SCALE)
            assert calls.ready == [], "reported while still being written"
    assert wait_until(lambda: len(calls.ready) == 1, timeout=(stable + 3.0) / SCALE + 2.0)
    _, path, size, when = calls.ready[0]
    assert (path.name, size) == ("slow.pdf", 12 * len(chunk))
    assert when * SCALE - last_write >= stable
    time.sleep(1.0 / SCALE)
    assert len(calls.ready) == 1


def test_ignored_names_are_never_reported(hot: Path, root: Path, run_intake: RunIntake) -> None:
    (hot / "@eaDir").mkdir()
    (hot / "@eaDir" / "before.pdf").write_bytes(b"thumbnail")
    (hot / "Thumbs.db").write_bytes(b"x")
    _, calls = run_intake([HotFolder("kenko", hot)], Calls(root / "spool"))
    (hot / ".sync").mkdir()
    for name in ["scan.tmp", ".hidden", "~$form.docx", ".~lock.form#", "desktop.ini",
                 "dl.crdownload", ".sync/inside.pdf", "@eaDir/after.pdf"]:
        (hot / name).write_bytes(b"x")
    (hot / "renamed.tmp").write_bytes(b"finished")
    (hot / "renamed.tmp").rename(hot / "renamed.pdf")  # write-then-rename is a real scan
    (hot / "sentinel.pdf").write_bytes(b"x")
    assert wait_until(lambda: len(calls.ready) == 2)
    time.sleep(2 * STABLE)
    assert sorted(calls.ready_names()) == ["renamed.pdf", "sentinel.pdf"]


def test_links_fifos_and_hard_links_are_refused_once(
    hot: Path, root: Path, run_intake: RunIntake
) -> None:
    outside = root / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.pdf").write_bytes(b"not for intake")
    (outside / "dir" / "inner.pdf").write_bytes(b"not for intake either")
    (hot / "link.pdf").symlink_to(outside / "secret.pdf")
    os.mkfifo(hot / "pipe.pdf")  # opening it would block the intake forever
    intake, calls = run_intake([HotFolder("kenko", hot)], Calls(root / "spool"))
    (hot / "linkdir").symlink_to(outside / "dir")
    (outside / "shared.pdf").write_bytes(b"two names")
    os.link(outside / "shared.pdf", hot / "hard.pdf")
    (hot / "sentinel.pdf").write_bytes(b"x")
    expected = {"link.pdf": Refusal.SYMLINK, "pipe.pdf": Refusal.FIFO,
                "linkdir": Refusal.SYMLINK, "hard.pdf": Refusal.HARD_LINK}
    assert wait_until(lambda: len(calls.refused) == 4 and len(calls.ready) == 1)
    intake.rescan()
    intake.rescan()
    time.sleep(3 * STABLE)
    assert calls.ready_names() == ["sentinel.pdf"]
    assert sorted((p.name, r) for _, p, r in calls.refused) == sorted(expected.items())
    assert calls.threads == {"yomitori-intake"}


def deaf_observer() -> PollingObserverVFS:
    """An observer that never reports anything, as when inotify drops its queue."""
    return PollingObserverVFS(os.lstat, lambda _: iter(()), polling_interval=3600)


def test_the_periodic_rescan_finds_what_events_missed(
    hot: Path, root: Path, run_intake: RunIntake, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(intake_module, "Observer", deaf_observer)
    _, calls = run_intake([HotFolder("kenko", hot)], Calls(root / "spool"), rescan_seconds=1.0)
    (hot / "missed.pdf").write_bytes(b"x")
    assert wait_until(lambda: len(calls.ready) == 1, timeout=1.0 + STABLE + 2.0)


def test_rescan_now_finds_what_events_missed(
    hot: Path, root: Path, run_intake: RunIntake, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(intake_module, "Observer", deaf_observer)
    intake, calls = run_intake([HotFolder("kenko", hot)], Calls(root / "spool"))
    (hot / "missed.pdf").write_bytes(b"x")
    time.sleep(3 * STABLE)
    assert calls.ready == []  # nothing told the intake
    intake.rescan()
    assert wait_until(lambda: len(calls.ready) == 1)


def test_a_failed_hand_over_is_retried_at_the_rescan_without_naming_the_file(
    hot: Path, root: Path, run_intake: RunIntake, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="daemon.intake.observer")
    intake, calls = run_intake([HotFolder("kenko", hot)], Calls(root / "spool", fail=True))
    (hot / "yamada-taro.pdf").write_bytes(b"x")
    assert wait_until(lambda: len(calls.ready) == 1)
    time.sleep(4 * STABLE)
    assert len(calls.ready) == 1  # no hot loop
    intake.rescan()
    assert wait_until(lambda: len(calls.ready) == 2)
    assert "kenko" in caplog.text and "ENOSPC" in caplog.text
    assert "yamada" not in caplog.text


def test_stop_joins_everything(hot: Path, root: Path) -> None:
    calls = Calls(root / "spool")
    before = set(threading.enumerate())
    intake = Intake([HotFolder("a", hot), HotFolder("b", root / "nfs", polling=True)],
                    calls.on_ready, stable_seconds=STABLE, tick_seconds=TICK)
    (root / "nfs").mkdir()
    assert not intake.alive()
    intake.start()
    assert intake.alive()
    started = time.monotonic()
    intake.stop()
    assert time.monotonic() - started < 3.0
    assert not intake.alive()
    assert wait_until(lambda: set(threading.enumerate()) <= before, timeout=2.0)


def test_a_stop_right_after_a_claim_is_quiet_and_leaves_no_thread(
    hot: Path, root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A claim moves the file out of the hot folder; inotify holds that move for half a
    second to pair it. A stop inside that half second used to make watchdog's emitter log
    an ERROR ("queue_events() called when the thread is inactive") after the stop."""
    caplog.set_level(logging.DEBUG, logger="watchdog")
    before = set(threading.enumerate())
    for attempt in range(3):
        calls = Calls(root / "spool")
        intake = Intake([HotFolder("a", hot)], calls.on_ready, stable_seconds=0.2,
                        tick_seconds=TICK)
        intake.start()
        (hot / f"scan{attempt}.pdf").write_bytes(b"%PDF-1.7 page")
        claimed = partial(lambda c: len(c.ready) == 1 and not any(hot.iterdir()), calls)
        assert wait_until(claimed)
        intake.stop()  # at once: the move is still held
        assert set(threading.enumerate()) <= before  # emitters joined too
    time.sleep(0.6)  # anything late would log now
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_a_folder_moved_in_is_reported_whole(hot: Path, root: Path, run_intake: RunIntake) -> None:
    batch = root / "batch"
    (batch / "inner").mkdir(parents=True)
    (batch / "a.pdf").write_bytes(b"a")
    (batch / "inner" / "b.pdf").write_bytes(b"b")
    _, calls = run_intake([HotFolder("kenko", hot)], Calls(root / "spool"))
    batch.rename(hot / "batch")
    assert wait_until(lambda: len(calls.ready) == 2)
    assert sorted(calls.ready_names()) == ["a.pdf", "b.pdf"]


def test_an_intake_that_stops_completing_ticks_is_not_alive(hot: Path, root: Path) -> None:
    """Issue #11 item 6: a claim stuck (on a FIFO, a hung mount) kept the watchdog fed."""
    release = threading.Event()
    entered = threading.Event()

    def stuck(folder: HotFolder, path: Path, seen: os.stat_result) -> None:
        entered.set()
        release.wait(60)
        path.unlink()

    intake = Intake([HotFolder("kenko", hot)], stuck, stable_seconds=STABLE, tick_seconds=TICK,
                    stall_seconds=1.0)
    intake.start()
    try:
        assert wait_until(lambda: intake.ticks > 0)
        assert intake.alive() and intake.problem() is None
        (hot / "scan.pdf").write_bytes(b"x")
        assert entered.wait(10)
        assert wait_until(lambda: not intake.alive(), timeout=10)
        problem = intake.problem()
        assert problem is not None and "completed no tick" in problem
        release.set()
        assert wait_until(intake.alive, timeout=10)
    finally:
        release.set()
        intake.stop()
