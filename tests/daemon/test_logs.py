"""Logs: journal entries with JOB_ID, DEPARTMENT and ROLE under systemd, JSON lines otherwise."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from daemon.ops import logs

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


class Journal:
    """Records what would be sent to journald (journald itself is not running here)."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    def __call__(self, message: str, **fields: Any) -> None:
        self.entries.append({"MESSAGE": message, **fields})


def test_journal_entries_carry_job_department_role_and_priority(restore_logging: None) -> None:
    journal = Journal()
    logs.setup("INFO", role="ocr", handler=logs.JournalFields(journal))
    log = logging.getLogger("handlers.ocr_consumer")
    log.info("bundle delivered (%d pages)", 2,
             extra={"job_id": "20261126T071016Z-1a2b3c4d5e6f", "department": "kodomo"})
    log.warning("broker connection lost")
    log.debug("not shown at INFO")
    try:
        raise ValueError("bad page")
    except ValueError:
        log.exception("attempt 1 failed", extra={"role": "janitor", "queue": "done"})

    delivered, lost, failed = journal.entries
    assert delivered["MESSAGE"] == "bundle delivered (2 pages)"
    assert delivered["JOB_ID"] == "20261126T071016Z-1a2b3c4d5e6f"
    assert delivered["DEPARTMENT"] == "kodomo"
    assert delivered["ROLE"] == "ocr"
    assert delivered["PRIORITY"] == "6"
    assert delivered["SYSLOG_IDENTIFIER"] == "yomitori"
    assert delivered["LOGGER"] == "handlers.ocr_consumer"
    assert delivered["CODE_FUNC"] == "test_journal_entries_carry_job_department_role_and_priority"
    assert lost["PRIORITY"] == "4" and "JOB_ID" not in lost and lost["ROLE"] == "ocr"
    assert failed["PRIORITY"] == "3"
    assert failed["ROLE"] == "janitor" and failed["QUEUE"] == "done"
    assert "ValueError: bad page" in failed["EXCEPTION"]


def test_json_lines_carry_the_same_fields(restore_logging: None) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonLines())
    logs.setup("INFO", role="watcher", handler=handler)
    logging.getLogger("daemon.intake.watcher").info(
        "claimed %s", "3170229609", extra={"job_id": "j1", "department": "kokuho"}
    )
    entry = json.loads(stream.getvalue())
    assert entry["message"] == "claimed 3170229609"
    assert entry["level"] == "info"
    assert (entry["job_id"], entry["department"], entry["role"]) == ("j1", "kokuho", "watcher")


def test_journal_stream_is_recognised_only_for_the_stream_it_names(tmp_path: Path) -> None:
    with (tmp_path / "a").open("w") as a, (tmp_path / "b").open("w") as b:
        st = os.fstat(a.fileno())
        value = f"{st.st_dev}:{st.st_ino}"
        assert logs.journal_stream(a, {"JOURNAL_STREAM": value})
        assert not logs.journal_stream(b, {"JOURNAL_STREAM": value})
        assert not logs.journal_stream(a, {})
        assert not logs.journal_stream(a, {"JOURNAL_STREAM": "garbage"})


def test_outside_systemd_the_service_logs_json_lines_on_stdout(tmp_path: Path) -> None:
    code = (
        "import logging; from daemon.ops import logs; logs.setup('INFO', role='all'); "
        "logging.getLogger('daemon.service').info('ready')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={k: v for k, v in os.environ.items() if k != "JOURNAL_STREAM"},
    )
    assert done.stderr == ""
    entry = json.loads(done.stdout)
    assert (entry["message"], entry["role"]) == ("ready", "all")


def test_under_systemd_the_service_logs_to_the_journal(tmp_path: Path) -> None:
    err = tmp_path / "stderr"
    code = (
        "import logging, sys; from daemon.ops import logs; logs.setup('INFO', role='ocr'); "
        "print(type(logging.getLogger().handlers[0]).__name__)"
    )
    with err.open("w") as fh:
        st = os.fstat(fh.fileno())
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=fh,
            text=True, timeout=60,
            env={**os.environ, "JOURNAL_STREAM": f"{st.st_dev}:{st.st_ino}"},
        )
    assert done.stdout.strip() == "JournalFields"
