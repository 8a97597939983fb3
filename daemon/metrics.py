"""Prometheus metrics, prefix `yomitori_`.

Labels carry only department ids, stages and outcomes: never job ids, file names or text.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

FILES_DETECTED = Counter(
    "yomitori_files_detected", "Files found ready in a hot folder", ["department"]
)
FILES_REFUSED = Counter(
    "yomitori_files_refused",
    "Entries in a hot folder that were not taken (symlink, hard link, FIFO, device)",
    ["department", "reason"],
)
JOBS_CLAIMED = Counter("yomitori_jobs_claimed", "Files claimed into the spool", ["department"])
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
OCR_SECONDS = Histogram(
    "yomitori_ocr_seconds",
    "Seconds to read and seal one job",
    ["department"],
    buckets=(0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600),
)
JOB_LATENCY = Histogram(
    "yomitori_job_latency_seconds",
    "Seconds from detection in the hot folder to the source being wiped",
    ["department"],
    buckets=(1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600),
)
SPOOL_DEPTH = Gauge("yomitori_spool_jobs", "Jobs in the spool (claimed, not yet wiped)")
BROKER_CONNECTED = Gauge("yomitori_broker_connected", "1 when connected to the message broker")


def serve(listen: str) -> None:
    """Serve /metrics on `host:port`; an empty string serves nothing."""
    if not listen:
        return
    host, _, port = listen.rpartition(":")
    start_http_server(int(port), addr=host.strip("[]") or "0.0.0.0")
