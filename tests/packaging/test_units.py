"""The systemd units: `systemd-analyze verify` is clean, `systemd-analyze security` rates
every service 1.5 or better, and the units agree with sysusers.d, tmpfiles.d, the service's
drain time and `yomitori status`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from helpers import systemd_bytes

from daemon.ops.status import UNIT_ENDPOINTS
from daemon.service import STOP_SECONDS

UNITS = Path(__file__).resolve().parents[2] / "packaging" / "systemd"
SERVICES = [
    "yomitori-watcher.service",
    "yomitori-ocr@.service",
    "yomitori-janitor.service",
    "yomitori-review.service",
]
DOCUMENTS = "yomitori-documents.service"
ALL_UNITS = [*SERVICES, DOCUMENTS, "yomitori-documents.timer", "yomitori.target"]
EXECUTABLE = "opt/yomitori/bin/yomitori"
MAX_EXPOSURE = 1.5


def directives(unit: str) -> dict[str, list[str]]:
    """`Section.Key` → every value given, in order (unit files repeat keys)."""
    found: dict[str, list[str]] = defaultdict(list)
    section = ""
    for raw in (UNITS / unit).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        found[f"{section}.{key}"].append(value)
    return found


def seconds(value: str) -> float:
    """A systemd time span such as `90s`, `5min` or `10min`, in seconds."""
    number, unit = re.fullmatch(r"(\d+)\s*(s|min|h)?", value).groups()  # type: ignore[union-attr]
    return int(number) * {"s": 1, None: 1, "min": 60, "h": 3600}[unit]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file-system root holding systemd's own units, ours, and the program they start."""
    root = tmp_path_factory.mktemp("root")
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True)
    target = root / "etc/systemd/system"
    target.mkdir(parents=True)
    for unit in ALL_UNITS:
        shutil.copy(UNITS / unit, target / unit)
    program = root / EXECUTABLE
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    return root


@pytest.mark.parametrize("unit", ALL_UNITS)
def test_systemd_analyze_verify_is_clean(root: Path, unit: str) -> None:
    done = subprocess.run(
        ["systemd-analyze", "verify", f"--root={root}", "--man=no", "--generators=no",
         f"/etc/systemd/system/{unit}"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout + done.stderr == "", "verify warned:\n" + done.stdout + done.stderr


def test_verify_catches_a_bad_unit(root: Path, tmp_path: Path) -> None:
    """The check above can fail: a typo and a missing program are reported."""
    bad = root / "etc/systemd/system/yomitori-broken.service"
    bad.write_text(
        (UNITS / "yomitori-watcher.service").read_text()
        .replace("ProtectSystem=strict", "ProtectSystem=strickt")
        .replace("/opt/yomitori/bin/yomitori", "/opt/yomitori/bin/missing")
    )
    try:
        done = subprocess.run(
            ["systemd-analyze", "verify", f"--root={root}", "--man=no", "--generators=no",
             "/etc/systemd/system/yomitori-broken.service"],
            capture_output=True, text=True, timeout=120,
        )
    finally:
        bad.unlink()
    assert "strickt" in done.stderr and "is not executable" in done.stderr


@pytest.mark.parametrize("unit", [*SERVICES, DOCUMENTS])
def test_security_exposure_is_at_most_1_5(root: Path, unit: str) -> None:
    done = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", f"--root={root}",
         f"--threshold={int(MAX_EXPOSURE * 10)}", "--no-pager", f"/etc/systemd/system/{unit}"],
        capture_output=True, text=True, timeout=120,
    )
    match = re.search(r"Overall exposure level for \S+: (\d+\.\d)", done.stdout + done.stderr)
    assert match, done.stdout + done.stderr
    exposure = float(match.group(1))
    assert exposure <= MAX_EXPOSURE, done.stdout
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("unit", SERVICES)
def test_services_notify_drain_and_keep_secrets_out_of_the_environment(unit: str) -> None:
    d = directives(unit)
    assert d["Service.Type"] == ["notify"]
    assert seconds(d["Service.WatchdogSec"][0]) >= 30
    # The drain waits STOP_SECONDS for jobs in progress; systemd must wait longer.
    assert seconds(d["Service.TimeoutStopSec"][0]) > STOP_SECONDS
    assert d["Service.KillMode"] == ["mixed"]
    assert d["Service.LimitCORE"] == ["0"]  # a core dump would hold scans
    assert d["Service.CapabilityBoundingSet"] == [""]
    assert d["Service.IPAddressDeny"] == ["any"]
    assert d["Service.IPAddressAllow"] == ["localhost"]
    assert "broker-password:/etc/yomitori/broker-password" in d["Service.LoadCredential"]
    env = " ".join(d["Service.Environment"])
    assert "PASSWORD" not in env.upper() and "amqp" not in env
    assert "LANG=ja_JP.UTF-8" in d["Service.Environment"]  # operators read Japanese
    assert d["Install.WantedBy"] == ["yomitori.target"]
    assert d["Unit.PartOf"] == ["yomitori.target"]


def test_only_the_janitor_and_the_review_station_get_the_signing_key() -> None:
    signers = {"yomitori-janitor.service", "yomitori-review.service"}
    for unit in SERVICES:
        credentials = directives(unit)["Service.LoadCredential"]
        has_key = "ledger-signing.key:/etc/yomitori/ledger-signing.key" in credentials
        assert has_key == (unit in signers), unit
    for unit in signers:
        env = directives(unit)["Service.Environment"]
        assert "YOMITORI_PATHS__SIGNING_KEY=%d/ledger-signing.key" in env
    review = directives("yomitori-review.service")
    assert "review.key:/etc/yomitori/review.key" in review["Service.LoadCredential"]
    assert "YOMITORI_REVIEW__TLS_KEY=%d/review.key" in review["Service.Environment"]


def test_documents_are_issued_by_the_janitors_user_into_their_folder_only() -> None:
    """The scheduled issue signs with the ledger key, so it runs as the key's one holder,
    gets the key as a credential (never readable on disk by anyone else) and writes only
    the folder the auditors read."""
    d = directives(DOCUMENTS)
    assert (d["Service.User"], d["Service.Group"]) == (["yomitori-janitor"], ["yomitori"])
    assert d["Service.Type"] == ["oneshot"]
    assert d["Service.LoadCredential"] == ["ledger-signing.key:/etc/yomitori/ledger-signing.key"]
    assert "YOMITORI_PATHS__SIGNING_KEY=%d/ledger-signing.key" in d["Service.Environment"]
    assert write_paths(DOCUMENTS) == {"/var/lib/yomitori/documents"}
    assert d["Service.ExecStart"] == ["/opt/yomitori/bin/yomitori documents issue --due"]
    timer = directives("yomitori-documents.timer")
    assert timer["Timer.Unit"] == [DOCUMENTS] and timer["Timer.Persistent"] == ["true"]


ROLE_USERS = {
    "yomitori-watcher.service": "yomitori-watcher",
    "yomitori-ocr@.service": "yomitori-ocr",
    "yomitori-janitor.service": "yomitori-janitor",
}


def test_each_role_runs_as_its_own_user_in_the_group_of_the_roles() -> None:
    for unit, user in ROLE_USERS.items():
        d = directives(unit)
        assert (d["Service.User"], d["Service.Group"]) == ([user], ["yomitori"]), unit
        assert "Service.SupplementaryGroups" not in d, "PrivateUsers= maps no other group"
        assert "Service.DynamicUser" not in d


def test_the_review_station_runs_as_the_janitor_the_only_role_that_signs() -> None:
    """It signs ledger lines, releases quarantined jobs and hands completed reviews to the
    janitor: the janitor's rights, which no other role has."""
    d = directives("yomitori-review.service")
    assert (d["Service.User"], d["Service.Group"]) == (["yomitori-janitor"], ["yomitori"])
    assert "Service.SupplementaryGroups" not in d and "Service.DynamicUser" not in d


def write_paths(unit: str) -> set[str]:
    return {p for line in directives(unit)["Service.ReadWritePaths"] for p in line.split()}


def test_each_role_writes_exactly_the_folders_it_needs() -> None:
    spool, outboxes = "/var/lib/yomitori/spool", "/srv/outbox"
    assert write_paths("yomitori-watcher.service") == {spool, "/srv/scan"}
    assert write_paths("yomitori-ocr@.service") == {spool, outboxes}
    assert write_paths("yomitori-janitor.service") == {
        spool, "/var/lib/yomitori/quarantine", "/var/lib/yomitori/ledger", outboxes,
        "/var/lib/yomitori/review",  # completed reviews' hand-overs
    }
    assert write_paths("yomitori-review.service") == {
        "/var/lib/yomitori/review", spool, "/var/lib/yomitori/quarantine",
        "/var/lib/yomitori/ledger", outboxes,
    }


def test_metrics_ports_are_the_ones_yomitori_status_asks() -> None:
    listen = {
        unit: next(e.split("=", 1)[1] for e in directives(unit)["Service.Environment"]
                   if e.startswith("YOMITORI_METRICS__LISTEN="))
        for unit in SERVICES
    }
    ocr = [listen["yomitori-ocr@.service"].replace("%i", str(i)) for i in range(1, 10)]
    expected = [listen["yomitori-watcher.service"], listen["yomitori-janitor.service"], *ocr,
                listen["yomitori-review.service"]]
    assert list(UNIT_ENDPOINTS) == expected


def make_root(root: Path, departments: tuple[str, ...] = ("kodomo", "kokuho")) -> None:
    """Users, groups and folders as sysusers.d and tmpfiles.d make them, in `root`, with the
    per-department files made from their templates as docs/operations.md says."""
    (root / "etc").mkdir()
    sysusers, tmpfiles = [UNITS / "sysusers.d/yomitori.conf"], [UNITS / "tmpfiles.d/yomitori.conf"]
    for dept in departments:
        for kind, made in (("sysusers.d", sysusers), ("tmpfiles.d", tmpfiles)):
            template = (UNITS / kind / "yomitori-department.conf.in").read_text()
            made.append(root / f"{kind}-yomitori-{dept}.conf")
            made[-1].write_text(template.replace("DEPARTMENT", dept))
    run_quietly(["systemd-sysusers", f"--root={root}", *map(str, sysusers)])
    # ACL entries name users and groups that only `root` knows (libacl asks the host's):
    # the same entries with their numeric ids.
    users, groups = accounts(root)
    ids = {("u", name): uid for name, (uid, _) in users.items()}
    ids |= {("g", name): gid for name, gid in groups.items()}

    def numeric(match: re.Match[str]) -> str:
        return f"{match[1] or ''}{match[2]}:{ids[(match[2], match[3])]}:"

    numbered: list[Path] = []
    for path in tmpfiles:
        numbered.append(root / f"numbered-{len(numbered)}.conf")
        lines = [re.sub(r"(d:)?([ug]):([a-z][a-z0-9_-]*):", numeric, line)
                 if line.startswith("a") else line for line in path.read_text().splitlines()]
        numbered[-1].write_text("\n".join(lines) + "\n")
    run_quietly(["systemd-tmpfiles", f"--root={root}", "--create", *map(str, numbered)])


def run_quietly(command: list[str]) -> None:
    """Run `command`; it must succeed without a word on standard error."""
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Fail" not in done.stderr, done.stderr


def accounts(root: Path) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    """Users (uid, gid) and groups (gid) by name, from `root`'s /etc files."""
    users = {f[0]: (int(f[2]), int(f[3])) for f in
             (line.split(":") for line in (root / "etc/passwd").read_text().splitlines())}
    groups = {f[0]: int(f[2]) for f in
              (line.split(":") for line in (root / "etc/group").read_text().splitlines())}
    return users, groups


def test_sysusers_and_tmpfiles_make_the_users_and_every_writable_folder(tmp_path: Path) -> None:
    make_root(tmp_path)
    users, groups = accounts(tmp_path)
    passwd = {line.split(":")[0]: line.split(":") for line in
              (tmp_path / "etc/passwd").read_text().splitlines()}
    for user in ROLE_USERS.values():
        assert users[user][1] == groups["yomitori"]
        assert passwd[user][5] == "/var/lib/yomitori" and passwd[user][6].endswith("nologin")
    assert len({users[u][0] for u in ROLE_USERS.values()}) == 3
    expected = {  # path: owner, group, mode
        "var/lib/yomitori/spool": ("yomitori-janitor", "yomitori", 0o3770),
        "var/lib/yomitori/quarantine": ("yomitori-janitor", "yomitori", 0o700),
        "var/lib/yomitori/ledger": ("yomitori-janitor", "yomitori", 0o750),
        "var/lib/yomitori/review": ("yomitori-janitor", "yomitori", 0o700),  # accounts
        "etc/yomitori/terminals": ("root", "yomitori", 0o750),
        "srv/scan/kodomo": ("yomitori-watcher", "yomitori-kodomo", 0o2770),
        "srv/outbox/kokuho": ("yomitori-ocr", "yomitori", 0o2770),
        "etc/yomitori": ("root", "yomitori", 0o750),
    }
    for path, (owner, group, mode) in expected.items():
        st = os.stat(tmp_path / path)
        uid = 0 if owner == "root" else users[owner][0]
        assert (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (uid, groups[group], mode), path
    # Every folder a unit may write exists, so its mount namespace can be set up.
    for folder in set().union(*(write_paths(unit) for unit in SERVICES)):
        assert (tmp_path / folder.lstrip("/")).is_dir(), folder


@pytest.mark.parametrize("unit", SERVICES)
def test_every_service_has_a_memory_and_a_task_ceiling(unit: str) -> None:
    d = directives(unit)
    [memory], [tasks] = d["Service.MemoryMax"], d["Service.TasksMax"]
    assert systemd_bytes(memory) >= 256 * 2**20 and 32 <= int(tasks) <= 1024


def test_the_ocr_ceiling_holds_the_service_a_page_and_its_decoding_process() -> None:
    """A decoding process may reach ocr.decode_memory_mb before it is killed: the unit must
    hold that beside the service itself and the page it reads (about 1 GiB together),
    else systemd's OOM kill would take the whole service down instead."""
    from daemon.settings import OcrSettings

    [memory] = directives("yomitori-ocr@.service")["Service.MemoryMax"]
    decoding = OcrSettings().decode_memory_mb * 2**20
    assert systemd_bytes(memory) >= decoding + 2**30


def syscalls(group: str) -> set[str]:
    """The system calls of a systemd filter group, its nested groups expanded."""
    done = subprocess.run(["systemd-analyze", "syscall-filter", "--no-pager", group],
                          capture_output=True, text=True, timeout=60, check=True)
    found: set[str] = set()
    for line in done.stdout.splitlines()[1:]:
        name = line.strip()
        if name.startswith("@"):
            found |= syscalls(name)
        elif name and not name.startswith("#"):
            found.add(name)
    return found


def test_the_ocr_filter_lets_the_decoding_process_be_bounded_and_killed() -> None:
    """The sandbox caps its child with prlimit64 (glibc's setrlimit) and kills it through a
    pidfd; the OCR unit allows @system-service without @privileged and @resources."""
    filters = directives("yomitori-ocr@.service")["Service.SystemCallFilter"]
    assert filters == ["@system-service", "~@privileged @resources"]
    allowed = syscalls("@system-service") - syscalls("@privileged") - syscalls("@resources")
    assert {"prlimit64", "pidfd_open", "pidfd_send_signal", "fork", "sendmsg"} <= allowed
    assert "setrlimit" not in allowed  # hence prlimit64, which glibc's setrlimit calls
