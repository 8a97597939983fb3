"""Logging: to the journal with fields under systemd, JSON lines on stdout otherwise.

Records carry `job_id`, `department`, `role` and `queue` when given as `extra`, and the
process's role by default. In the journal they become the fields JOB_ID, DEPARTMENT, ROLE
and QUEUE (`journalctl -u 'yomitori-*' JOB_ID=…`). Messages never carry OCR text, field
values or original file names.

Levels: DEBUG for detail, INFO for each step of a job and lifecycle, WARNING for what an
operator should look at (refused files, quarantined jobs, lost broker connection), ERROR
for what stops work (a dead thread, a hung worker, a failed hand-over).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TextIO

FIELDS = ("job_id", "department", "role", "queue")
IDENTIFIER = "yomitori"

# logging level → syslog priority (journal PRIORITY=)
PRIORITIES = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}

JournalSend = Callable[..., Any]


def _fields(record: logging.LogRecord) -> dict[str, object]:
    return {name: value for name in FIELDS if (value := getattr(record, name, None)) is not None}


class JsonLines(logging.Formatter):
    """Formats a record as one JSON object."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class JournalFields(logging.Handler):
    """Sends each record to journald as one entry with structured fields.

    `send` is `systemd.journal.send` unless given (tests pass a recorder).
    """

    def __init__(self, send: JournalSend | None = None) -> None:
        super().__init__()
        if send is None:
            from systemd import journal

            send = journal.send
        self._send = send

    def emit(self, record: logging.LogRecord) -> None:
        try:
            fields = {name.upper(): str(value) for name, value in _fields(record).items()}
            if record.exc_info:
                fields["EXCEPTION"] = logging.Formatter().formatException(record.exc_info)
            self._send(
                record.getMessage(),
                PRIORITY=str(PRIORITIES.get(record.levelno, 6)),
                SYSLOG_IDENTIFIER=IDENTIFIER,
                LOGGER=record.name,
                THREAD_NAME=record.threadName or "",
                CODE_FILE=record.pathname,
                CODE_LINE=record.lineno,
                CODE_FUNC=record.funcName,
                **fields,
            )
        except Exception:
            self.handleError(record)


class _DefaultRole(logging.Filter):
    """Adds the process's role to records that name none."""

    def __init__(self, role: str) -> None:
        super().__init__()
        self.role = role

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "role", None) is None:
            record.role = self.role
        return True


def journal_stream(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether `stream` is connected to journald (systemd sets `$JOURNAL_STREAM` to its
    `device:inode`); a redirected stream or a child of a shell in a unit does not count."""
    value = (os.environ if environ is None else environ).get("JOURNAL_STREAM", "")
    device, _, inode = value.partition(":")
    if not (device.isdigit() and inode.isdigit()):
        return False
    try:
        st = os.fstat(stream.fileno())
    except (OSError, ValueError):
        return False
    return (st.st_dev, st.st_ino) == (int(device), int(inode))


def setup(
    level: str = "INFO", role: str | None = None, handler: logging.Handler | None = None
) -> None:
    """Send every log record to the journal under systemd, else to stdout as JSON lines.

    `role` is recorded on every record that names none; `handler` overrides the choice.
    """
    if handler is None:
        if journal_stream(sys.stdout) or journal_stream(sys.stderr):
            handler = JournalFields()
        else:
            handler = logging.StreamHandler(sys.stdout)
            handler.setFormatter(JsonLines())
    if role is not None:
        handler.addFilter(_DefaultRole(role))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("pika", "watchdog"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # pika's transports report a lost connection, and each node of `broker.urls` that
    # refuses one, as ERRORs, though the next node may answer; the bus logs one WARNING
    # per lost connection and retries.
    logging.getLogger("pika.adapters").setLevel(logging.CRITICAL)
