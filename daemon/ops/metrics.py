"""Prometheus metrics, prefix `yomitori_`, served on `metrics.listen`.

Labels carry only bounded values: configured department ids, queue names (`ocr`, `done`,
`dead`), retry kinds (`infrastructure`, `busy`, `failed`), folder kinds (`hot`, `outbox`,
`quarantine`), fixed refusal reasons, the role and the version. Never job ids, file names
or text. Counters are exposed with `_total`.

Event metrics (counters, histograms) are updated where the event happens; state gauges
(folders, queues, workers, ledger) are refreshed by `daemon.ops.gauges` every few seconds.
This module declares them and imports nothing of the service, so every stage may count.
"""

from __future__ import annotations

import hashlib
import logging
import socket
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version

from prometheus_client import (
    Counter,
    Gauge,
    Histogram,
    Info,
    disable_created_metrics,
    start_http_server,
)

from daemon.errors import ConfigError

log = logging.getLogger(__name__)
DAY = 86400.0

# `_created` series would double the exposition, and no rule or panel uses them.
disable_created_metrics()  # type: ignore[no-untyped-call]

FOLDERS = ("hot", "outbox", "quarantine")
"""Values of the `folder` label."""

# Events, per department and stage: detected → claimed → delivered → completed (wiped),
# or failed attempts → quarantined.
FILES_DETECTED = Counter(
    "yomitori_files_detected", "Files found ready in a hot folder", ["department"]
)
FILES_REFUSED = Counter(
    "yomitori_files_refused",
    "Entries in a hot folder that were not taken (symlink, hard link, FIFO, device)",
    ["department", "reason"],
)
JOBS_CLAIMED = Counter("yomitori_jobs_claimed", "Files claimed into the spool", ["department"])
JOBS_DELIVERED = Counter(
    "yomitori_jobs_delivered", "Encrypted bundles written to a department's outbox", ["department"]
)
JOBS_COMPLETED = Counter(
    "yomitori_jobs_completed", "Jobs delivered to the outbox and wiped", ["department"]
)
JOBS_FAILED = Counter(
    "yomitori_jobs_failed", "Failed OCR attempts (each may be retried)", ["department"]
)
JOBS_QUARANTINED = Counter(
    "yomitori_jobs_quarantined", "Jobs moved to the quarantine", ["department"]
)
PAGES = Counter("yomitori_pages", "Pages recognised", ["department"])
RETRY_KINDS = ("infrastructure", "busy", "failed")
"""Values of the `kind` label of RETRIES."""
RETRIES = Counter(
    "yomitori_retries",
    "Deliveries put back for a delayed retry: infrastructure (outbox, ledger, spool or broker "
    "unavailable; not counted as attempts), busy (another worker holds the job), failed "
    "(an unexpected error; counted towards broker.delivery_limit)",
    ["queue", "kind"],
)
OCR_SECONDS = Histogram(
    "yomitori_ocr_seconds",
    "Seconds to read and seal one job",
    ["department"],
    buckets=(0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600),
)
OCR_PAGE_SECONDS = Histogram(
    "yomitori_ocr_page_seconds",
    "Seconds to decode, prepare and recognise one page (each page of a job counts the job's mean)",
    ["department"],
    buckets=(0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30),
)
JOB_LATENCY = Histogram(
    "yomitori_job_latency_seconds",
    "Seconds from detection in the hot folder to the bundle being delivered to the outbox",
    ["department"],
    buckets=(1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600),
)
STAGES = ("intake", "decode", "preprocess", "ocr", "forms", "zip", "encrypt", "fsync", "janitor")
"""Values of the `stage` label of STAGE_SECONDS, in pipeline order."""
STAGE_SECONDS = Histogram(
    "yomitori_stage_seconds",
    "Seconds one job spent in a stage of the pipeline: intake (claiming a stable file into "
    "the spool and publishing it), decode, preprocess, ocr, forms (every page of the job), "
    "zip (page images and results into the bundle), encrypt (CPU time of the encryption, "
    "which runs beside the zip), fsync (making the bundle durable), janitor (ledger and wipe)",
    ["stage"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300),
)
LAST_DELIVERY = Gauge(
    "yomitori_last_delivery_timestamp_seconds",
    "Unix time of the last bundle this process delivered",
    ["department"],
)

# State, refreshed by the service.
SPOOL_DEPTH = Gauge("yomitori_spool_jobs", "Jobs in the spool (claimed, not yet wiped)")
JOBS_WAITING_INFRASTRUCTURE = Gauge(
    "yomitori_jobs_waiting_infrastructure",
    "Spool jobs whose last attempt failed on the installation (outbox full or unwritable, "
    "spool, ledger or broker unavailable) and that wait for a delayed retry",
)
DELIVERED_UNWIPED = Gauge(
    "yomitori_delivered_unwiped_jobs",
    "Spool jobs whose bundle is delivered but whose source is not wiped yet",
)
DELIVERED_UNWIPED_AGE = Gauge(
    "yomitori_delivered_unwiped_oldest_seconds",
    "Seconds since the oldest delivered-but-unwiped spool job was delivered (0 when none)",
)
DELAYED_MESSAGES = Gauge(
    "yomitori_delayed_messages", "Messages waiting for a retry delay, as the transport reports"
)
BROKER_CONNECTED = Gauge("yomitori_broker_connected", "1 when connected to the message broker")
QUEUE_MESSAGES = Gauge(
    "yomitori_queue_messages", "Messages waiting on a queue, as the broker reports", ["queue"]
)
JOBS_IN_FLIGHT = Gauge(
    "yomitori_jobs_in_flight", "Jobs this process is reading now", ["department"]
)
JOB_RUNNING_SECONDS = Gauge(
    "yomitori_job_running_seconds",
    "Seconds the longest-running current job of this process's workers has taken (0 when idle)",
    ["queue"],
)
JOB_TIMEOUT = Gauge(
    "yomitori_job_timeout_seconds",
    "ocr.job_timeout_seconds: a job running longer makes the process unhealthy",
)
HEALTHY = Gauge(
    "yomitori_healthy",
    "1 while every thread is alive and no job has run past the job timeout (watchdog pings)",
)
FOLDER_FILES = Gauge(
    "yomitori_folder_files",
    "Files waiting in a department's hot folders or outbox, or jobs in its quarantine",
    ["department", "folder"],
)
OLDEST_FILE_AGE = Gauge(
    "yomitori_oldest_file_age_seconds",
    "Age of the oldest file in a department's hot folders, outbox or quarantine (0 when empty)",
    ["department", "folder"],
)
IGNORED_FILES = Gauge(
    "yomitori_ignored_files",
    "Files under ignored names (dot, ~, .tmp…) in a department's hot folders, older than "
    "intake.ignored_alert_hours: never taken, they may hold scans",
    ["department"],
)
OLDEST_IGNORED_FILE_AGE = Gauge(
    "yomitori_oldest_ignored_file_age_seconds",
    "Age of the oldest of those files (0 when there are none)",
    ["department"],
)
OUTBOX_RETENTION = Gauge(
    "yomitori_outbox_retention_seconds",
    "departments.<id>.outbox_retention_days, in seconds",
    ["department"],
)
QUARANTINE_RETENTION = Gauge(
    "yomitori_quarantine_retention_seconds", "retention.quarantine_days, in seconds"
)
RETENTION_FAILURES = Counter(
    "yomitori_retention_failures",
    "Expired items a retention sweep could not wipe (each is tried again at the next sweep)",
    ["what"],
)
LEDGER_SEQUENCE = Gauge("yomitori_ledger_sequence", "Sequence number of the last ledger line")
BUILD = Info("yomitori_build", "Version of Yomitori and the roles this process runs")


def package_version() -> str:
    """The installed distribution's version, or `unknown` when run from a bare checkout."""
    try:
        return version("yomitori")
    except PackageNotFoundError:
        return "unknown"


def deployment_id(spool: str, prefix: str) -> str:
    """What tells two deployments apart: the spool folder and the broker's queue names.
    Processes of one deployment share both, whichever host they run on."""
    return hashlib.sha256(f"{spool}\n{prefix}".encode()).hexdigest()[:16]


def identity(config_sha256: str, deployment: str, config: str = "") -> dict[str, str]:
    """The `yomitori_build_info` labels that name whose process this is: the configuration
    file's SHA-256 (16 digits), the deployment, and the instance (host and configuration
    file), so that `yomitori status` can tell another deployment's process on a port."""
    return {
        "config": config_sha256[:16],
        "deployment": deployment,
        "instance": f"{socket.gethostname()}:{config}" if config else socket.gethostname(),
    }


def declare(
    departments: Iterable[str], role: str, names: dict[str, str] | None = None
) -> None:
    """Create every department's series at zero, so rates and alerts see them from the start.
    `names` are the labels of `identity`."""
    BUILD.info({"version": package_version(), "role": role, **(names or {})})
    for department in departments:
        for counter in (
            FILES_DETECTED, JOBS_CLAIMED, JOBS_DELIVERED, JOBS_COMPLETED, JOBS_FAILED,
            JOBS_QUARANTINED, PAGES,
        ):
            counter.labels(department)
        for histogram in (OCR_SECONDS, OCR_PAGE_SECONDS, JOB_LATENCY):
            histogram.labels(department)
        JOBS_IN_FLIGHT.labels(department)
    for stage in STAGES:
        STAGE_SECONDS.labels(stage)
    for what in ("bundle", "quarantine"):
        RETENTION_FAILURES.labels(what)
    for queue in ("ocr", "done", "dead"):
        for kind in RETRY_KINDS:
            RETRIES.labels(queue, kind)


def department_label(department: object, known: Iterable[str]) -> str:
    """`department` when it is configured, else `unknown` (label values must stay bounded)."""
    name = str(department)
    return name if name in set(known) else "unknown"


def total(counter: Counter) -> float:
    """The sum of a labelled counter over all its label values in this process."""
    return sum(
        sample.value
        for family in counter.collect()
        for sample in family.samples
        if sample.name.endswith("_total")
    )


def serve(listen: str) -> None:
    """Serve /metrics on `host:port` (`[::1]:9464` for IPv6); an empty string serves nothing."""
    if not listen:
        return
    host, _, port = listen.rpartition(":")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(
            [f"metrics.listen: {listen!r} needs host:port with a port from 1 to 65535"]
        )
    try:
        start_http_server(int(port), addr=host.strip("[]") or "0.0.0.0")
    except OSError as exc:
        raise ConfigError(
            [f"metrics.listen: cannot listen on {listen} ({exc.strerror}); is another "
             "Yomitori process using that port? Give each process its own port"]
        ) from exc
