"""Claiming a file into the spool, and recovering claims a crash interrupted.

Claims across file systems run with the spool on a tmpfs each test mounts itself (the
suite runs as root), the hot folder on the disk under it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from daemon.intake import claim as claim_module
from daemon.intake import crossing
from daemon.intake import intent as intent_module
from daemon.intake.claim import CLAIM, EntryChanged, Refused, claim, claim_refused, recover_orphan
from daemon.intake.hotfolder import HotFolder
from daemon.intake.intent import STAGED_PREFIX, STEPS, Intent, Origin
from daemon.spool import Spool, SpoolJob

DETECTED = "2026-11-26T00:00:00Z"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return Path(os.path.realpath(tmp_path))


@pytest.fixture
def spool(root: Path) -> Spool:
    made = Spool(root / "spool")
    made.create()
    return made


@pytest.fixture
def other_fs(root: Path) -> Iterator[Path]:
    """A tmpfs mounted for this test: another file system than the hot folder's."""
    mount = root / "other-fs"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m,mode=0700", "tmpfs", str(mount)],
                   check=True)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


@pytest.fixture
def far_spool(other_fs: Path) -> Spool:
    made = Spool(other_fs / "spool")
    made.create()
    return made


@pytest.fixture
def hot(root: Path) -> HotFolder:
    (root / "hot").mkdir()
    return HotFolder("kodomo", root / "hot")


@pytest.fixture
def observe_steps() -> Iterator[list[str]]:
    """Records the claim's steps as they are reached."""
    seen: list[str] = []
    intent_module.step_observers.append(seen.append)
    yield seen
    intent_module.step_observers.remove(seen.append)


def scan(hot: HotFolder, name: str = "山田太郎.pdf", data: bytes = b"%PDF-1.4 fake") -> Path:
    path = hot.path / name
    path.write_bytes(data)
    return path


def files_below(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir())


def assert_one_job(spool: Spool, data: bytes, department: str = "kodomo") -> SpoolJob:
    [job] = list(spool.jobs())
    manifest = job.manifest()
    assert manifest.department == department
    assert job.source.read_bytes() == data
    assert manifest.sha256 == hashlib.sha256(data).hexdigest() and manifest.bytes == len(data)
    assert sorted(p.name for p in job.folder.iterdir()) == [CLAIM, "job.json", "source"]
    return job


def test_claim_moves_the_file_and_records_no_name(hot: HotFolder, spool: Spool) -> None:
    path = scan(hot)
    claim(hot, path, spool, DETECTED, os.lstat(path))
    assert not path.exists()
    job = assert_one_job(spool, b"%PDF-1.4 fake")
    for entry in job.folder.iterdir():
        assert "山田" not in entry.read_text("utf-8", "replace")
        assert "山田" not in entry.name


def test_claim_across_file_systems_copies_verifies_and_unlinks(
    hot: HotFolder, far_spool: Spool, observe_steps: list[str]
) -> None:
    data = os.urandom(3_000_000)
    (hot.path / "sub").mkdir()
    path = scan(hot, "sub/山田太郎.tif", data)
    tracked = os.lstat(path)
    claim(hot, path, far_spool, DETECTED, tracked)
    assert files_below(hot.path) == []
    job = assert_one_job(far_spool, data)
    assert observe_steps == list(STEPS)
    origin = json.loads((job.folder / CLAIM).read_text())["origin"]
    assert origin == {
        "folder": str(hot.path), "staged": f"{STAGED_PREFIX}{job.job_id}",
        "device": tracked.st_dev, "inode": tracked.st_ino, "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    for entry in job.folder.iterdir():
        assert "山田" not in entry.name
        if entry.name != "source":
            assert "山田" not in entry.read_text("utf-8")


@pytest.mark.parametrize("kind", ["symlink", "hardlink", "fifo"])
def test_claim_refuses_links_and_special_files(
    hot: HotFolder, root: Path, spool: Spool, kind: str
) -> None:
    outside = root / "outside.txt"
    outside.write_text("other data")
    entry = hot.path / "entry"
    if kind == "symlink":
        entry.symlink_to(outside)
    elif kind == "hardlink":
        os.link(outside, entry)
    else:
        os.mkfifo(entry)
    with pytest.raises(Refused):
        claim(hot, entry, spool, DETECTED)
    assert outside.read_text() == "other data"
    assert not list(spool.root.iterdir())


def test_a_file_replaced_since_the_intake_saw_it_is_not_taken(
    hot: HotFolder, spool: Spool
) -> None:
    path = scan(hot)
    tracked = os.lstat(path)
    path.rename(hot.path / ".kept")  # keeps its inode in use, so the new file gets another
    scan(hot, data=b"another file under the same name")
    with pytest.raises(EntryChanged):
        claim(hot, path, spool, DETECTED, tracked)
    assert path.read_bytes() == b"another file under the same name"
    assert not list(spool.root.iterdir())


# -- claims by directory handle: another department's files are out of reach --------------


@pytest.fixture
def two_departments(root: Path) -> tuple[HotFolder, HotFolder]:
    for name in ("a", "b"):
        (root / "scan" / name).mkdir(parents=True)
    return HotFolder("a", root / "scan" / "a"), HotFolder("b", root / "scan" / "b")


@pytest.mark.parametrize("far", [False, True], ids=["same-fs", "cross-fs"])
def test_a_sub_folder_that_is_a_link_to_another_hot_folder_is_not_walked_through(
    two_departments: tuple[HotFolder, HotFolder],
    root: Path,
    far: bool,
    request: pytest.FixtureRequest,
) -> None:
    a, b = two_departments
    spool: Spool = request.getfixturevalue("far_spool" if far else "spool")
    (b.path / "victim.pdf").write_bytes(b"B's scan")
    (a.path / "sub").symlink_to(b.path)
    path = a.path / "sub" / "victim.pdf"
    with pytest.raises(EntryChanged):
        claim(a, path, spool, DETECTED, os.lstat(path))  # the lstat follows the link
    assert (b.path / "victim.pdf").read_bytes() == b"B's scan"
    assert not list(spool.jobs())
    assert claim_refused(a, path, spool, DETECTED, "symlink") is None
    assert (b.path / "victim.pdf").read_bytes() == b"B's scan"


# Swaps hot folder A's sub-folder for a symlink to hot folder B and back, keeping the real
# folder under a dot-name meanwhile (ignored by the intake); when the real folder is in
# place it holds A's own file of the same name.
FLIP = """
import os, sys, time
a, b, stop, ready = sys.argv[1:5]
sub, hidden = os.path.join(a, "sub"), os.path.join(a, ".sub")
open(ready, "w").close()
while not os.path.exists(stop):
    os.rename(sub, hidden)
    os.symlink(b, sub)
    time.sleep(0.0005)
    os.unlink(sub)
    if not os.path.exists(os.path.join(hidden, "victim.pdf")):
        with open(os.path.join(hidden, "victim.pdf"), "wb") as fh:
            fh.write(b"A's scan")
    os.rename(hidden, sub)
    time.sleep(0.0005)
"""


@pytest.mark.parametrize("far", [False, True], ids=["same-fs", "cross-fs"])
def test_swapping_a_sub_folder_for_a_link_never_gives_a_file_of_b_to_a(
    two_departments: tuple[HotFolder, HotFolder],
    root: Path,
    far: bool,
    request: pytest.FixtureRequest,
) -> None:
    """Issue #11 item 4: the attack won 104 of 200 races against the claim by full path."""
    a, b = two_departments
    spool: Spool = request.getfixturevalue("far_spool" if far else "spool")
    (a.path / "sub").mkdir()
    victim = b.path / "victim.pdf"
    stop, ready = root / "stop", root / "ready"
    flipper = subprocess.Popen(
        [sys.executable, "-c", FLIP, str(a.path), str(b.path), str(stop), str(ready)]
    )
    try:
        while not ready.exists():
            time.sleep(0.01)
        exposed = 0
        for _ in range(3000):
            if not victim.exists():
                victim.write_bytes(b"B's scan")
            path = a.path / "sub" / "victim.pdf"
            try:
                tracked = os.lstat(path)  # what the intake saw, following the link
            except OSError:
                continue
            exposed += tracked.st_ino == victim.stat().st_ino
            with contextlib.suppress(EntryChanged, Refused, OSError):
                claim(a, path, spool, DETECTED, tracked)
    finally:
        stop.touch()
        flipper.wait(30)
    assert exposed > 50, "the race was not exercised"
    contents = [job.source.read_bytes() for job in spool.jobs()]
    assert all(job.manifest().department == "a" for job in spool.jobs())
    assert b"B's scan" not in contents
    assert victim.read_bytes() == b"B's scan"
    assert not [p for p in b.path.iterdir() if p.name != "victim.pdf"]


# -- a file swapped for a FIFO never blocks a claim ----------------------------------------


@pytest.mark.parametrize("step", ["claim.intent", "claim.staged"])
def test_a_file_swapped_for_a_fifo_during_a_cross_device_claim_is_refused_without_blocking(
    hot: HotFolder, far_spool: Spool, step: str
) -> None:
    path = scan(hot)
    tracked = os.lstat(path)
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            claim(hot, path, far_spool, DETECTED, tracked)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    before = list(intent_module.step_observers)
    try:
        # At "claim.intent" the entry is swapped under its own name before it is staged;
        # at "claim.staged" under its hidden name, after the type check, before the open.
        target = path if step == "claim.intent" else None

        def swap(reached: str) -> None:
            if reached != step:
                return
            victim = target or hot.path / next(
                p.name for p in hot.path.iterdir() if p.name.startswith(STAGED_PREFIX)
            )
            victim.unlink()
            os.mkfifo(victim)

        intent_module.step_observers.append(swap)
        worker = threading.Thread(target=attempt, daemon=True)
        worker.start()
        worker.join(60)  # a blocked open would never return
        assert not worker.is_alive(), "the claim blocked on the FIFO"
    finally:
        intent_module.step_observers[:] = before
    assert isinstance(outcome[0], Refused) and str(outcome[0]) == "fifo"
    assert path.is_fifo()  # put back under its name, for the quarantine to take unopened
    assert files_below(hot.path) == [path.name]
    assert not list(far_spool.root.iterdir())


def test_the_copy_opens_its_original_without_blocking_on_a_fifo(
    hot: HotFolder, far_spool: Spool
) -> None:
    """A FIFO that took the original's place after every check: the open itself must not
    wait for a writer (O_NONBLOCK), and fstat then refuses it."""
    job = far_spool.new_job()
    staged = STAGED_PREFIX + job.job_id
    os.mkfifo(hot.path / staged)
    st = os.lstat(hot.path / staged)
    origin = Origin(str(hot.path), staged, st.st_dev, st.st_ino, st.st_size)
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        root_fd = os.open(hot.path, os.O_RDONLY | os.O_DIRECTORY)
        job_fd = os.open(job.folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            crossing.transfer(root_fd, job, job_fd, Intent("kodomo", DETECTED, origin=origin))
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)
        finally:
            os.close(root_fd)
            os.close(job_fd)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(60)  # a blocking open would wait for a writer for ever
    assert not worker.is_alive(), "the copy blocked on the FIFO"
    assert isinstance(outcome[0], Refused) and str(outcome[0]) == "fifo"
    assert (hot.path / staged).is_fifo() and list(job.folder.iterdir()) == []


# -- crashes at each step of a claim across file systems -----------------------------------


def claim_and_die_at(step: str, hot: HotFolder, path: Path, spool: Spool) -> None:
    """Claim in a child process that exits on the spot at `step`, as a kill -9 would."""
    tracked = os.lstat(path)
    pid = os.fork()
    if pid == 0:  # the child: no cleanup, no flush, no exception handlers
        intent_module.step_observers.append(lambda s: os._exit(9) if s == step else None)
        try:
            claim(hot, path, spool, DETECTED, tracked)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 9, f"the claim never reached {step}"


@pytest.mark.parametrize("step", STEPS)
def test_a_cross_device_claim_interrupted_at_any_step_is_recovered_exactly_once(
    hot: HotFolder, far_spool: Spool, step: str
) -> None:
    data = os.urandom(2_500_000)  # three chunks: "claim.copying" leaves a partial copy
    path = scan(hot, data=data)
    claim_and_die_at(step, hot, path, far_spool)
    [orphan] = list(far_spool.orphans())
    recovered = recover_orphan(SpoolJob(orphan))
    if step == "claim.intent":  # nothing moved yet: undone; the original is claimed again
        assert recovered is None and not orphan.exists()
        assert path.read_bytes() == data
        claim(hot, path, far_spool, DETECTED, os.lstat(path))
    else:
        assert recovered is not None
    assert_one_job(far_spool, data)
    assert files_below(hot.path) == []


def test_an_original_changed_after_the_copy_is_left_alone_by_recovery(
    hot: HotFolder, far_spool: Spool
) -> None:
    data = b"%PDF-1.4 " + os.urandom(5000)
    path = scan(hot, data=data)
    claim_and_die_at("claim.renamed", hot, path, far_spool)
    [staged] = [p for p in hot.path.iterdir() if p.name.startswith(STAGED_PREFIX)]
    with staged.open("r+b") as fh:  # same inode and size, other bytes
        fh.write(b"%PDF-1.7")
    [orphan] = list(far_spool.orphans())
    assert recover_orphan(SpoolJob(orphan)) is not None
    assert_one_job(far_spool, data)
    assert staged.read_bytes().startswith(b"%PDF-1.7")  # not ours to delete: a person looks


def test_recovery_finishes_a_claim_interrupted_after_the_move(spool: Spool) -> None:
    job = spool.new_job()
    (job.folder / CLAIM).write_text(json.dumps({"department": "kokuho", "detected_at": "t"}))
    job.source.write_bytes(b"scan")
    manifest = recover_orphan(SpoolJob(job.folder))
    assert manifest is not None and manifest.department == "kokuho"
    assert [j.job_id for j in spool.jobs()] == [job.job_id]


def test_recovery_undoes_a_claim_interrupted_before_the_move(spool: Spool) -> None:
    job = spool.new_job()
    (job.folder / CLAIM).write_text(json.dumps({"department": "kokuho", "detected_at": "t"}))
    assert recover_orphan(SpoolJob(job.folder)) is None
    assert not job.folder.exists()


# -- refused entries move unopened; a folder swapped in is put back ------------------------


def test_a_folder_swapped_in_for_a_refused_link_is_put_back(
    hot: HotFolder, root: Path, spool: Spool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #11 item 5: a folder renamed over a refused link between the check and the
    rename went into the quarantine, and retention then failed on it for good."""
    link = hot.path / "scan.pdf"
    link.symlink_to(root / "elsewhere")
    write_intent = intent_module.write_intent

    def write_then_swap(job: SpoolJob, intent: Intent) -> None:
        write_intent(job, intent)  # between the check and the rename: swap the link
        if link.is_symlink():
            link.unlink()
            link.mkdir()
            (link / "inner.pdf").write_bytes(b"a scan inside")

    monkeypatch.setattr(claim_module, "write_intent", write_then_swap)
    assert claim_refused(hot, link, spool, DETECTED, "symlink") is None
    assert link.is_dir() and (link / "inner.pdf").read_bytes() == b"a scan inside"
    assert not list(spool.root.iterdir())
