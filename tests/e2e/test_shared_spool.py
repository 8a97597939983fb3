"""What a spool and outboxes shared over NFS rely on, read from the system calls of a real
run (`strace`), since this machine cannot mount NFS (its kernel has neither the NFS client
nor the server: no `nfs`/`nfsd` in /proc/filesystems and no modules to load).

docs/operations.md ("More OCR: instances and hosts") promises, for an NFSv4.1 export with
`sync` and clients that mount with `hard`:

- every file appears under its final name by one rename (or link) within one folder tree
  of one file system, never by a copy and never across file systems (EXDEV): NFS makes a
  rename atomic on the server;
- what a rename publishes was fsynced first, and the folder is fsynced after it: over NFS
  a COMMIT of the data, then of the folder's change, before anyone is told;
- a job is worked on only under the exclusive `flock` of its `.lock` (NFSv4 byte-range
  locks between hosts).
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from helpers import ROOT, Deployment, Samples, process_tree, settled, wait_for

TRACED = "rename,renameat,renameat2,link,linkat,fsync,fdatasync,flock"
CALL = re.compile(r"^(?P<pid>\d+) +(?P<name>\w+)\((?P<args>.*?)(?:\) += (?P<result>.*)|"
                  r" <unfinished \.\.\.>)$")
ARG = re.compile(r'AT_FDCWD|\d+<(?P<fd>[^>]*)>|"(?P<path>(?:[^"\\]|\\.)*)"|[A-Z_|]+|\d+')


@dataclass
class Call:
    line: int
    pid: int
    name: str
    paths: list[str]
    result: str | None  # None: the call's end is on a later line ("resumed")
    flags: str


def parse(trace: str) -> list[Call]:
    calls = []
    for number, line in enumerate(trace.splitlines()):
        match = CALL.match(line)
        if not match:
            continue
        paths, base, flags = [], "", ""
        for arg in ARG.finditer(match["args"]):
            if arg["fd"] is not None:
                base = arg["fd"]
                if match["name"] in ("fsync", "fdatasync", "flock"):
                    paths.append(base)
            elif arg["path"] is not None:
                path = arg["path"]
                paths.append(path if path.startswith("/") else f"{base}/{path}")
                base = ""
            elif arg.group(0) == "AT_FDCWD":
                base = ""
            else:
                flags += arg.group(0)
        calls.append(Call(number, int(match["pid"]), match["name"], paths, match["result"],
                          flags))
    return calls


def fsynced(calls: list[Call], path: str, before: int | None = None,
            after: int | None = None) -> bool:
    return any(
        c.name in ("fsync", "fdatasync") and c.paths == [path]
        and (before is None or c.line < before) and (after is None or c.line > after)
        for c in calls
    )


def test_publishing_renames_stay_in_one_file_system_and_are_fsynced(
    samples: Samples, tmp_path: Path
) -> None:
    folder, _ = samples
    dep = Deployment(tmp_path / "yomitori", "embedded")
    trace = tmp_path / "trace.txt"
    log = (tmp_path / "service.log").open("wb")
    tracer = subprocess.Popen(
        ["strace", "-f", "-qq", "-y", "-s", "4096", "-e", f"trace={TRACED}", "-o", str(trace),
         sys.executable, "-m", "daemon.cli", "run", "-c", str(dep.config)],
        cwd=ROOT, env=dep.env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        for name, dept in (("notice.png", "kodomo"), ("notice.pdf", "kokuho")):
            dep.drop(folder / name, dept)
        wait_for(lambda: settled(dep, 2), 240, "both scans delivered and wiped")
    finally:
        for pid in process_tree(tracer.pid)[1:2]:  # the service, below strace
            subprocess.run(["kill", "-TERM", str(pid)], check=False)
        try:
            tracer.wait(90)
        except subprocess.TimeoutExpired:
            tracer.send_signal(signal.SIGKILL)
            tracer.wait()
    calls = parse(trace.read_text("utf-8", "replace"))
    root = str(dep.root)
    ours = [c for c in calls if any(p.startswith(root) for p in c.paths)]
    moves = [c for c in ours if c.name.startswith(("rename", "link"))]
    assert moves, "the trace shows no rename: is strace working?"
    assert not [c for c in calls if c.result and "EXDEV" in c.result], "a move across file systems"

    def top(path: str) -> str:
        """The folder tree: a claim moves a scan from the hot folder into the spool, which
        the docs keep on one file system; every other move stays in its own tree."""
        first = Path(path).relative_to(dep.root).parts[0]
        return "spool" if first == "scan" else first

    for call in moves:
        source, target = call.paths
        assert top(source) == top(target), f"a move between folder trees: {call}"

    bundles = [c for c in moves if c.paths[1].endswith(".age")]
    assert len(bundles) == 2, bundles
    for call in bundles:
        source, target = call.paths
        assert Path(source).name.startswith("."), "written under a hidden name first"
        assert fsynced(ours, source, before=call.line), f"{target} renamed before its fsync"
        assert fsynced(ours, str(Path(target).parent), after=call.line), "the folder"
        locked = [c for c in ours if c.name == "flock" and "LOCK_EX" in c.flags
                  and c.line < call.line and c.paths[0].endswith("/.lock")]
        assert locked, "a bundle written without the job's lock"

    states = [c for c in moves if c.paths[1].endswith(".json") and top(c.paths[1]) == "spool"]
    assert states, "the job's state files"
    for call in states:
        source, target = call.paths
        assert fsynced(ours, source, before=call.line), f"{target} renamed before its fsync"
        assert fsynced(ours, str(Path(target).parent), after=call.line)

    claims = [c for c in moves if "/scan/" in c.paths[0]]
    assert len(claims) == 2, claims
    for call in claims:
        job = str(Path(call.paths[1]).parent)
        assert fsynced(ours, job, after=call.line), "the claimed scan's new folder"
