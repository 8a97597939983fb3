"""`yomitori status`: one screen for an operator.

What waits where, per department (hot folder, spool, reading now, delivered today,
quarantine, outbox), the broker, and which service processes answer. Folders and the
ledger are read from the disk, so the summary works while the service is down; the
broker, the queues and the jobs being read come from the processes' metrics endpoints.
Exit code 0 when every process found is healthy and connected, 1 otherwise.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

from prometheus_client.parser import text_string_to_metric_families

from daemon.ledger import reader
from daemon.ops import backlog
from daemon.settings import Settings
from daemon.spool import Spool

# The metrics ports of the shipped units (packaging/systemd): watcher, janitor, ocr@1…9.
UNIT_ENDPOINTS = (
    "127.0.0.1:9464",
    "127.0.0.1:9465",
    *(f"127.0.0.1:947{instance}" for instance in range(1, 10)),
    "127.0.0.1:9466",  # the review station
)
SCRAPE_SECONDS = 2.0
HOT_FOLDER_LATE = 15 * 60.0
"""A file older than this in a hot folder is a problem (seconds; the alert rule agrees)."""
DAY = 86400.0

T = TypeVar("T")


@dataclass
class Process:
    """One metrics endpoint and what it said; `samples` is empty when it did not answer."""

    address: str
    samples: dict[str, list[tuple[dict[str, str], float]]] = field(default_factory=dict)

    @property
    def up(self) -> bool:
        return bool(self.samples)

    def values(self, name: str) -> list[tuple[dict[str, str], float]]:
        return self.samples.get(name, [])

    def value(self, name: str) -> float | None:
        found = self.values(name)
        return found[0][1] if found else None

    def role(self) -> str:
        return self.build().get("role", "?")

    def build(self) -> dict[str, str]:
        """The labels of `yomitori_build_info`: role, version, and whose process it is."""
        info = self.values("yomitori_build_info")
        return dict(info[0][0]) if info else {}


def scrape(address: str, timeout: float = SCRAPE_SECONDS) -> Process:
    """Read the metrics at `host:port`; a process that does not answer has no samples."""
    host, _, port = address.rpartition(":")
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host in ("[::]", "::"):
        host = "[::1]"
    process = Process(address)
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/metrics", timeout=timeout) as reply:
            text = reply.read().decode("utf-8")
    except (OSError, urllib.error.URLError, ValueError):
        return process
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            process.samples.setdefault(sample.name, []).append((sample.labels, sample.value))
    return process


def endpoints(settings: Settings, given: Sequence[str] | None) -> list[str]:
    """The endpoints to ask: those given, else the configured one and the units' ports."""
    if given:
        return list(given)
    listed = [settings.metrics.listen] if settings.metrics.listen else []
    return list(dict.fromkeys([*listed, *UNIT_ENDPOINTS]))


def delivered_since(ledger: Path, since: float) -> Counter[str]:
    """`delivered` ledger events per department at or after Unix time `since`.

    Reads only the month files (`YYYY-MM.jsonl`, by UTC month) that can hold such events.
    """
    counts: Counter[str] = Counter()
    first = f"{datetime.fromtimestamp(since, UTC):%Y-%m}"
    for line in reader.lines(ledger, first_month=first):
        if b'"delivered"' not in line.raw:
            continue  # not worth parsing
        record = line.record()
        if record is None or record.event != "delivered":
            continue  # a damaged line; `yomitori ledger verify` names it
        moment = record.moment
        if moment is not None and moment.timestamp() >= since:
            counts[str(record.department)] += 1
    return counts


def age(seconds: float) -> str:
    """A short age: 45s, 12m, 5h, 3d."""
    for unit, size in (("d", DAY), ("h", 3600.0), ("m", 60.0)):
        if seconds >= size:
            return f"{seconds / size:.0f}{unit}"
    return f"{seconds:.0f}s"


def _read(read: Callable[[], T]) -> T | None:
    """The result of a disk read, or None when the folder cannot be read."""
    try:
        return read()
    except OSError:
        return None


def _pile(found: backlog.Backlog | None) -> str:
    if found is None:
        return "?"
    return f"{found.files} ({age(found.oldest_seconds)})" if found.files else "0"


def _spool_line(spool: dict[str, backlog.SpoolCounts] | None, problems: list[str]) -> str:
    """Jobs in the spool, those waiting on the installation and those stranded."""
    if spool is None:
        return "? jobs"
    counts = spool.values()
    total = sum(c.waiting + c.delivered for c in counts)
    blocked = sum(c.on_infrastructure for c in counts)
    unwiped = sum(c.delivered for c in counts)
    oldest = max((c.oldest_delivered_seconds for c in counts), default=0.0)
    line = f"{total} jobs · {blocked} waiting on infrastructure · {unwiped} delivered, not wiped"
    if unwiped:
        line += f" (oldest {age(oldest)})"
    for dept_id, found in spool.items():
        if found.on_infrastructure:
            problems.append(
                f"{dept_id}: {found.on_infrastructure} job(s) wait, retried with growing "
                f"delays: {found.waiting_on}"
            )
        if found.stranded:
            problems.append(
                f"{dept_id}: {found.stranded} delivered job(s) not wiped after "
                f"{age(found.oldest_delivered_seconds)} (is the janitor running? can it write "
                "the ledger and the spool? see journalctl -u yomitori-janitor)"
            )
    return line


@dataclass
class Summary:
    """The screen's lines and the problems found."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def ours(settings: Settings, config: Path | None) -> dict[str, str]:
    """What this configuration's processes say in `yomitori_build_info` (metrics.identity)."""
    from daemon.durable import sha256_file
    from daemon.ops.metrics import deployment_id

    digest = ""
    if config is not None:
        digest = _read(lambda: sha256_file(config)[0]) or ""
    spool = str(settings.paths.spool.absolute())
    return {"config": digest[:16], "deployment": deployment_id(spool, settings.broker.prefix)}


def _foreign(
    processes: Iterable[Process], identity: dict[str, str] | None, summary: Summary
) -> list[Process]:
    """The processes that answered and belong to this deployment. Another deployment's
    (another spool or queue prefix) are named and left out; one of this deployment that
    runs another version of the configuration file is a problem: it was not restarted."""
    up = [p for p in processes if p.up]
    if identity is None:
        return up
    mine = []
    for process in up:
        build = process.build()
        if build.get("deployment", identity["deployment"]) != identity["deployment"]:
            summary.lines.append(
                f"other      {process.address} answers for another deployment "
                f"({build.get('role', '?')} on {build.get('instance', '?')}, configuration "
                f"{build.get('config', '?')}); not counted here"
            )
            continue
        config = build.get("config")
        if config and identity["config"] and config != identity["config"]:
            summary.problems.append(
                f"{build.get('role', '?')} at {process.address} runs another version of the "
                f"configuration ({config}, the file is {identity['config']} now): restart it "
                "(systemctl restart 'yomitori-*')"
            )
        mine.append(process)
    return mine


def _processes(
    processes: Iterable[Process], summary: Summary, identity: dict[str, str] | None = None
) -> list[Process]:
    up = _foreign(processes, identity, summary)
    if not up:
        summary.lines.append("service    not running (no metrics endpoint answered)")
        summary.problems.append("the service is not running: systemctl start yomitori.target")
        return up
    parts = []
    for process in up:
        healthy = process.value("yomitori_healthy") != 0
        parts.append(f"{process.role()} {process.address} {'ok' if healthy else 'UNHEALTHY'}")
        if not healthy:
            summary.problems.append(
                f"{process.role()} at {process.address} is unhealthy (a hung job or a dead "
                "thread); see journalctl -u 'yomitori-*'"
            )
    summary.lines.append("service    " + " · ".join(parts))
    connected = [p.value("yomitori_broker_connected") for p in up]
    queues: dict[str, float] = {}
    for process in up:
        for labels, value in process.values("yomitori_queue_messages"):
            queues[labels.get("queue", "?")] = max(value, queues.get(labels.get("queue", "?"), 0))
    state = "connected" if all(c == 1 for c in connected) else "DISCONNECTED"
    if state != "connected":
        summary.problems.append("a process is not connected to the broker (check RabbitMQ)")
    waiting = " · ".join(f"{queue} {value:.0f}" for queue, value in sorted(queues.items()))
    summary.lines.append(f"broker     {state}" + (f"; queued: {waiting}" if waiting else ""))
    return up


def _ledger_key(settings: Settings, summary: Summary) -> None:
    """The fingerprint of the ledger key signing now: the last one pinned."""
    pins = settings.ledger.fingerprints
    if not pins:
        summary.lines.append("ledger     key NOT PINNED")
        summary.problems.append(
            "no ledger key is pinned, so a forged ledger cannot be told from the real one: "
            "run `yomitori ledger fingerprint` and add it to [ledger] fingerprints"
        )
        return
    count = len(pins) - 1
    rotations = f" (after {count} key rotation{'s' if count > 1 else ''})" if count else ""
    summary.lines.append(f"ledger     key {pins[-1]}{rotations}")


def summarise(
    settings: Settings,
    processes: Sequence[Process],
    now: datetime | None = None,
    identity: dict[str, str] | None = None,
) -> Summary:
    """Build the screen from the settings, the disk and the processes' metrics;
    `identity` (`ours`) leaves out the processes of other deployments."""
    now = now or datetime.now().astimezone()
    clock = now.timestamp()
    summary = Summary([f"Yomitori status at {now:%Y-%m-%d %H:%M:%S %Z}", ""])
    up = _processes(processes, summary, identity)
    paths = settings.paths
    spool = _read(partial(backlog.spool, Spool(paths.spool), clock))
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    delivered = _read(partial(delivered_since, paths.ledger, midnight))
    reading: Counter[str] = Counter()
    for process in up:
        for labels, value in process.values("yomitori_jobs_in_flight"):
            reading[labels.get("department", "?")] += int(value)
    ignored_after = settings.intake.ignored_alert_hours * 3600.0
    summary.lines.append("spool      " + _spool_line(spool, summary.problems))
    _ledger_key(settings, summary)
    summary.lines += ["", f"{'department':<12} {'hot folder':>12} {'waiting':>8} {'reading':>8} "
                      f"{'delivered today':>16} {'quarantined':>12} {'outbox':>12}"]
    for dept_id, dept in settings.departments.items():
        hot = _read(partial(backlog.hot_folders, dept.hot_folders, clock))
        quarantined = _read(partial(backlog.quarantine, paths.quarantine, dept_id, clock))
        outbox = _read(partial(backlog.outbox, dept.outbox, clock))
        in_spool = spool.get(dept_id, backlog.SpoolCounts()) if spool is not None else None
        busy = reading.get(dept_id, 0)
        waiting = "?" if in_spool is None else str(max(0, in_spool.waiting - busy))
        summary.lines.append(
            f"{dept_id:<12} {_pile(hot):>12} {waiting:>8} {busy if up else '-':>8} "
            f"{'?' if delivered is None else delivered.get(dept_id, 0):>16} "
            f"{_pile(quarantined):>12} {_pile(outbox):>12}"
        )
        if hot is not None and hot.oldest_seconds > HOT_FOLDER_LATE:
            summary.problems.append(
                f"{dept_id}: a file has waited {age(hot.oldest_seconds)} in the hot folder "
                "(is the watcher running? is the file still being written?)"
            )
        ignored = _read(partial(backlog.ignored_in, dept.hot_folders, clock, ignored_after))
        if ignored is not None and ignored.files:
            summary.problems.append(
                f"{dept_id}: {ignored.files} file(s) under ignored names (dot files, ~…, "
                f"*.tmp, Thumbs.db…) older than {age(ignored_after)} in the hot folder, oldest "
                f"{age(ignored.oldest_seconds)}: never taken, they may hold scans; look at them "
                "and delete them by hand"
            )
        if quarantined is not None and quarantined.files:
            summary.problems.append(
                f"{dept_id}: {quarantined.files} quarantined; read "
                f"{paths.quarantine / dept_id}/*/error.json"
            )
        if outbox is not None and outbox.oldest_seconds > dept.outbox_retention_days * DAY:
            summary.problems.append(
                f"{dept_id}: outbox bundles past {dept.outbox_retention_days} days' retention "
                "(is the janitor running?)"
            )
    unreadable = spool is None or delivered is None
    summary.lines += ["", "ages are of the oldest file; ? = cannot read the folder"
                      + (" (run as root or in the yomitori group)" if unreadable else "")]
    return summary


def status(
    settings: Settings, given: Sequence[str] | None = None, config: Path | None = None
) -> int:
    """Print the summary; returns 0 when all is well, 1 when there is a problem."""
    processes = [scrape(address) for address in endpoints(settings, given)]
    summary = summarise(settings, processes, identity=ours(settings, config))
    print("\n".join(summary.lines))
    if summary.problems:
        print("\nproblems")
        for problem in summary.problems:
            print(f"  - {problem}")
    return 1 if summary.problems else 0
