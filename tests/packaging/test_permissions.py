"""The users, groups and folders of packaging/systemd/ as the kernel enforces them: a job
goes through the spool as each role would move it, under that role's own uid, and each
role and each department's staff try what they must not do.

The folders are made by systemd-sysusers and systemd-tmpfiles in a private root, and every
step runs in a process with that step's uid and groups (the test runs as root). The
system's own Python runs the steps: the project's may live where other users cannot read.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_units import accounts, make_root

PYTHON = "/usr/bin/python3"
STAFF = {"kodomo": 3101, "kokuho": 3102}  # one person of each department
AUDITOR = 3201  # a person of the yomitori-audit group
JOB = "var/lib/yomitori/spool/20261129T000000Z-0123456789ab"


class Host:
    """The private root, and a way to run Python there as someone."""

    def __init__(self, root: Path) -> None:
        self.root = root
        users, groups = accounts(root)
        self.who = {user: (uid, gid, [gid]) for user, (uid, gid) in users.items()
                    if user.startswith("yomitori-")}
        for dept, uid in STAFF.items():
            group = groups[f"yomitori-{dept}"]
            self.who[f"staff-{dept}"] = (uid, group, [group])
        audit = groups["yomitori-audit"]
        self.who["auditor"] = (AUDITOR, audit, [audit])

    def may(self, who: str, code: str) -> bool:
        """Whether `code` runs as `who` without a PermissionError; paths in it are relative
        to the root (the process starts there)."""
        uid, gid, groups = self.who[who]
        done = subprocess.run(
            [PYTHON, "-c", f"import os, stat\nos.umask(0o027)\n{code}"],
            cwd=self.root, user=uid, group=gid, extra_groups=groups,
            capture_output=True, text=True, timeout=60,
        )
        if done.returncode == 0:
            return True
        assert "PermissionError" in done.stderr, done.stderr
        return False


def write(path: str, mode: int = 0o660) -> str:
    """Code that makes a file as the service does: exact mode, whatever the umask."""
    return (f"fd = os.open({path!r}, os.O_WRONLY | os.O_CREAT | os.O_EXCL, {mode})\n"
            f"os.fchmod(fd, {mode}); os.write(fd, b'x'); os.close(fd)")


def read(path: str) -> str:
    return f"open({path!r}, 'rb').read()"


def listing(path: str) -> str:
    return f"os.listdir({path!r})"


def overwrite_and_unlink(path: str) -> str:
    """What the janitor does to a file it wipes."""
    return (f"fd = os.open({path!r}, os.O_WRONLY | os.O_NOFOLLOW); os.write(fd, b'0');"
            f" os.close(fd); os.unlink({path!r})")


@pytest.fixture(scope="module")
def host() -> Iterator[Host]:
    # Under /tmp and open to traversal: pytest's own folders are root's alone.
    folder = Path(tempfile.mkdtemp(prefix="yomitori-root-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        make_root(folder)
        yield Host(folder)
    finally:
        shutil.rmtree(folder)


def test_a_job_goes_through_and_each_role_stays_in_its_lane(host: Host) -> None:
    may = host.may
    # A person of the department saves a scan through the share (create mask 0660).
    assert may("staff-kodomo", write("srv/scan/kodomo/scan.pdf"))
    # Nobody else sees into that hot folder, not even the OCR role or the janitor.
    for other in ("staff-kokuho", "yomitori-ocr", "yomitori-janitor"):
        assert not may(other, listing("srv/scan/kodomo")), other
        assert not may(other, read("srv/scan/kodomo/scan.pdf")), other
    assert not may("yomitori-ocr", write("srv/scan/kodomo/planted.pdf"))

    # The watcher claims it: a job folder, its manifest, the scan renamed in.
    assert may("yomitori-watcher", f"os.mkdir({JOB!r}, 0o700); os.chmod({JOB!r}, 0o770)\n"
                                   + write(f"{JOB}/job.json") + "\n"
                                   + f"os.rename('srv/scan/kodomo/scan.pdf', '{JOB}/source')\n"
                                   + read(f"{JOB}/source"))
    # The spool is not for department staff.
    assert not may("staff-kodomo", listing("var/lib/yomitori/spool"))
    assert not may("staff-kodomo", read(f"{JOB}/source"))

    # The OCR role reads the job, keeps its state there, and writes the department's outbox.
    assert may("yomitori-ocr", read(f"{JOB}/job.json") + "\n" + read(f"{JOB}/source"))
    assert may("yomitori-ocr", write(f"{JOB}/.lock") + "\n" + write(f"{JOB}/delivered.json"))
    assert may("yomitori-ocr", write("srv/outbox/kodomo/.b.part") +
               "\nos.rename('srv/outbox/kodomo/.b.part', 'srv/outbox/kodomo/b.age')")
    # It can neither remove nor move a job (the spool is sticky), nor touch what is the
    # janitor's: the ledger and the quarantine.
    assert not may("yomitori-ocr", f"os.rename({JOB!r}, {JOB + '-moved'!r})")
    assert not may("yomitori-ocr", write("var/lib/yomitori/ledger/2026-11.jsonl"))
    assert not may("yomitori-ocr", listing("var/lib/yomitori/quarantine"))

    # The department reads its own outbox and cannot change a bundle; other departments
    # cannot even look.
    assert may("staff-kodomo", read("srv/outbox/kodomo/b.age"))
    assert not may("staff-kodomo", "open('srv/outbox/kodomo/b.age', 'r+b')")
    assert not may("staff-kokuho", listing("srv/outbox/kodomo"))
    assert not may("staff-kokuho", read("srv/outbox/kodomo/b.age"))
    assert not may("staff-kokuho", "os.unlink('srv/outbox/kodomo/b.age')")

    # The janitor wipes the job (whoever wrote each file), signs the ledger, keeps the
    # quarantine, and expires the bundle.
    wipe = "\n".join(overwrite_and_unlink(f"{JOB}/{name}")
                     for name in ("source", "job.json", "delivered.json", ".lock"))
    assert may("yomitori-janitor", wipe + f"\nos.rmdir({JOB!r})")
    assert may("yomitori-janitor", write("var/lib/yomitori/ledger/2026-11.jsonl"))
    assert may("yomitori-janitor", "os.mkdir('var/lib/yomitori/quarantine/kodomo', 0o700)")
    assert may("yomitori-janitor", overwrite_and_unlink("srv/outbox/kodomo/b.age"))
    # A bundle the department collected, it removes itself (the janitor records that).
    assert may("yomitori-ocr", write("srv/outbox/kodomo/c.age"))
    assert may("staff-kodomo", read("srv/outbox/kodomo/c.age") +
               "\nos.unlink('srv/outbox/kodomo/c.age')")
    # The review station runs as the janitor: its store (accounts, hand-overs) is closed
    # to the other roles and to staff.
    assert may("yomitori-janitor", "os.mkdir('var/lib/yomitori/review/completed', 0o700)")
    for other in ("yomitori-ocr", "yomitori-watcher", "staff-kodomo"):
        assert not may(other, listing("var/lib/yomitori/review")), other
    # The watcher cannot sign or read the quarantine either.
    assert not may("yomitori-watcher", write("var/lib/yomitori/ledger/forged.jsonl"))
    assert not may("yomitori-watcher", listing("var/lib/yomitori/quarantine"))


def test_auditors_read_the_issued_documents_and_nothing_else(host: Host) -> None:
    may = host.may
    documents = "var/lib/yomitori/documents"
    # The janitor's user (the yomitori-documents service) issues them, mode 0640.
    assert may("yomitori-janitor", write(f"{documents}/certificate-kodomo-2026-11.pdf", 0o640))
    assert may("auditor", listing(documents))
    assert may("auditor", read(f"{documents}/certificate-kodomo-2026-11.pdf"))
    # They change nothing there, and see nothing else of the service.
    assert not may("auditor", write(f"{documents}/forged.pdf"))
    assert not may("auditor", f"os.unlink('{documents}/certificate-kodomo-2026-11.pdf')")
    for closed in ("var/lib/yomitori/ledger", "var/lib/yomitori/spool", "etc/yomitori",
                   "var/lib/yomitori/review", "srv/outbox/kodomo"):
        assert not may("auditor", listing(closed)), closed
    # Neither the other roles nor department staff read the documents.
    for other in ("yomitori-ocr", "yomitori-watcher", "staff-kodomo"):
        assert not may(other, listing(documents)), other


def test_the_check_can_fail(host: Host) -> None:
    """`may` tells allowed from refused: root's own files are closed to a role."""
    assert not host.may("yomitori-ocr", write("etc/yomitori/yomitori.toml"))
    assert host.may("yomitori-ocr", listing("etc/yomitori"))
