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

from daemon.i18n import _, ngettext
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
        return _("? jobs")
    counts = spool.values()
    total = sum(c.waiting + c.delivered for c in counts)
    blocked = sum(c.on_infrastructure for c in counts)
    unwiped = sum(c.delivered for c in counts)
    oldest = max((c.oldest_delivered_seconds for c in counts), default=0.0)
    line = _("{total} jobs · {blocked} waiting on infrastructure · {unwiped} delivered, "
             "not wiped").format(total=total, blocked=blocked, unwiped=unwiped)
    if unwiped:
        line += _(" (oldest {age})").format(age=age(oldest))
    for dept_id, found in spool.items():
        if found.on_infrastructure:
            problems.append(_(
                "{dept}: {count} job(s) wait, retried with growing delays: {cause}"
            ).format(dept=dept_id, count=found.on_infrastructure, cause=found.waiting_on))
        if found.stranded:
            problems.append(_(
                "{dept}: {count} delivered job(s) not wiped after {age} (is the janitor "
                "running? can it write the ledger and the spool? see journalctl -u "
                "yomitori-janitor)"
            ).format(dept=dept_id, count=found.stranded, age=age(found.oldest_delivered_seconds)))
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
                _(
                    "other      {address} answers for another deployment "
                    "({role} on {instance}, configuration {config}); not counted here"
                ).format(
                    address=process.address, role=build.get("role", "?"),
                    instance=build.get("instance", "?"), config=build.get("config", "?"),
                )
            )
            continue
        config = build.get("config")
        if config and identity["config"] and config != identity["config"]:
            summary.problems.append(
                _(
                    "{role} at {address} runs another version of the configuration "
                    "({config}, the file is {now} now): restart it "
                    "(systemctl restart 'yomitori-*')"
                ).format(
                    role=build.get("role", "?"), address=process.address, config=config,
                    now=identity["config"],
                )
            )
        mine.append(process)
    return mine


def _processes(
    processes: Iterable[Process], summary: Summary, identity: dict[str, str] | None = None
) -> list[Process]:
    up = _foreign(processes, identity, summary)
    if not up:
        summary.lines.append(_("service    not running (no metrics endpoint answered)"))
        summary.problems.append(_("the service is not running: systemctl start yomitori.target"))
        return up
    parts = []
    for process in up:
        healthy = process.value("yomitori_healthy") != 0
        parts.append(f"{process.role()} {process.address} "
                     + (_("ok") if healthy else _("UNHEALTHY")))
        if not healthy:
            summary.problems.append(_(
                "{role} at {address} is unhealthy (a hung job or a dead thread); see "
                "journalctl -u 'yomitori-*'"
            ).format(role=process.role(), address=process.address))
    summary.lines.append(_("service    {processes}").format(processes=" · ".join(parts)))
    connected = [p.value("yomitori_broker_connected") for p in up]
    queues: dict[str, float] = {}
    for process in up:
        for labels, value in process.values("yomitori_queue_messages"):
            queues[labels.get("queue", "?")] = max(value, queues.get(labels.get("queue", "?"), 0))
    linked = all(c == 1 for c in connected)
    state = _("connected") if linked else _("DISCONNECTED")
    if not linked:
        summary.problems.append(_("a process is not connected to the broker (check RabbitMQ)"))
    waiting = " · ".join(f"{queue} {value:.0f}" for queue, value in sorted(queues.items()))
    summary.lines.append(_("broker     {state}").format(state=state)
                         + (_("; queued: {queues}").format(queues=waiting) if waiting else ""))
    return up


def _ledger_key(settings: Settings, summary: Summary) -> None:
    """The fingerprint of the ledger key signing now: the last one pinned."""
    pins = settings.ledger.fingerprints
    if not pins:
        summary.lines.append(_("ledger     key NOT PINNED"))
        summary.problems.append(_(
            "no ledger key is pinned, so a forged ledger cannot be told from the real one: "
            "run `yomitori ledger fingerprint` and add it to [ledger] fingerprints"
        ))
        return
    count = len(pins) - 1
    rotations = ngettext(" (after {count} key rotation)", " (after {count} key rotations)",
                         count).format(count=count) if count else ""
    summary.lines.append(_("ledger     key {fingerprint}").format(fingerprint=pins[-1])
                         + rotations)


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
    summary = Summary([_("Yomitori status at {time}").format(
        time=f"{now:%Y-%m-%d %H:%M:%S %Z}"), ""])
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
    summary.lines.append(_("spool      {jobs}").format(jobs=_spool_line(spool, summary.problems)))
    _ledger_key(settings, summary)
    summary.lines += ["", _(  # the columns below are 12, 12, 8, 8, 16, 12 and 12 wide
        "department     hot folder  waiting  reading  delivered today  quarantined       outbox"
    )]
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
            summary.problems.append(_(
                "{dept}: a file has waited {age} in the hot folder (is the watcher running? "
                "is the file still being written?)"
            ).format(dept=dept_id, age=age(hot.oldest_seconds)))
        ignored = _read(partial(backlog.ignored_in, dept.hot_folders, clock, ignored_after))
        if ignored is not None and ignored.files:
            summary.problems.append(_(
                "{dept}: {count} file(s) under ignored names (dot files, ~…, *.tmp, "
                "Thumbs.db…) older than {limit} in the hot folder, oldest {age}: never taken, "
                "they may hold scans; look at them and delete them by hand"
            ).format(dept=dept_id, count=ignored.files, limit=age(ignored_after),
                     age=age(ignored.oldest_seconds)))
        if quarantined is not None and quarantined.files:
            summary.problems.append(_("{dept}: {count} quarantined; read {reports}").format(
                dept=dept_id, count=quarantined.files,
                reports=f"{paths.quarantine / dept_id}/*/error.json"))
        if outbox is not None and outbox.oldest_seconds > dept.outbox_retention_days * DAY:
            summary.problems.append(_(
                "{dept}: outbox bundles past {days} days' retention (is the janitor running?)"
            ).format(dept=dept_id, days=dept.outbox_retention_days))
    unreadable = spool is None or delivered is None
    summary.lines += ["", _("ages are of the oldest file; ? = cannot read the folder")
                      + (_(" (run as root or in the yomitori group)") if unreadable else "")]
    return summary


def status(
    settings: Settings, given: Sequence[str] | None = None, config: Path | None = None
) -> int:
    """Print the summary; returns 0 when all is well, 1 when there is a problem."""
    processes = [scrape(address) for address in endpoints(settings, given)]
    summary = summarise(settings, processes, identity=ours(settings, config))
    print("\n".join(summary.lines))
    if summary.problems:
        print("\n" + _("problems"))
        for problem in summary.problems:
            print(f"  - {problem}")
    return 1 if summary.problems else 0
