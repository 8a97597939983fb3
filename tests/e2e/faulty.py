"""`python -m tests.e2e.faulty run …`: the real `yomitori` command with one fault planted
by a test, named in `YOMITORI_TEST_FAULT`. Test code only: nothing here is reachable
from the service's own entry points.

- `crash-decoder:MARKER`: reading a scan that contains the bytes MARKER crashes the
  process the way a decoder bug does (a segmentation fault);
- `kill-in-wipe:NAME`: the janitor is killed (SIGKILL) as it starts wiping a file NAME;
- `hang-page:PATH`: every page hangs before it is recognised until the file PATH exists,
  the way a stuck page does; the test decides how long the hang lasts (at most
  HANG_LIMIT seconds, so a broken test cannot leave a worker stuck for good).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from daemon.cli import main

HANG_LIMIT = 600.0


def plant(fault: str) -> None:
    kind, _, argument = fault.partition(":")
    if kind == "crash-decoder":
        from handlers import reader
        from handlers.ocr.decode import DEFAULT_LIMITS, Document, Limits, open_document

        def crashing(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
            if argument.encode() in path.read_bytes():
                ctypes.string_at(0)  # reads address 0: SIGSEGV
            return open_document(path, limits)

        reader.open_document = crashing  # type: ignore[attr-defined]
    elif kind == "kill-in-wipe":
        from handlers import janitor

        wipe = janitor.wipe_file

        def dying(path: Path) -> janitor.Wipe:
            if path.name == argument:
                os.kill(os.getpid(), signal.SIGKILL)
            return wipe(path)

        janitor.wipe_file = dying
    elif kind == "hang-page":
        plant_hang(Path(argument))
    else:
        raise SystemExit(f"unknown fault {fault!r}")


def plant_hang(release: Path) -> None:
    from handlers import reader

    read_page = reader._read_page

    def hanging(*args: Any, **kwargs: Any) -> Any:
        # After the time limit's check before the page: only the watchdog sees the hang.
        deadline = time.monotonic() + HANG_LIMIT
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        return read_page(*args, **kwargs)

    reader._read_page = hanging


if __name__ == "__main__":
    plant(os.environ["YOMITORI_TEST_FAULT"])
    sys.exit(main(sys.argv[1:]))
