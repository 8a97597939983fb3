"""`python -m tests.e2e.faulty run …`: the real `yomitori` command with one fault planted
by a test, named in `YOMITORI_TEST_FAULT`. Test code only: nothing here is reachable
from the service's own entry points.

- `crash-decoder:MARKER`: reading a scan that contains the bytes MARKER crashes the
  process the way a decoder bug does (a segmentation fault);
- `kill-in-wipe:NAME`: the janitor is killed (SIGKILL) as it starts wiping a file NAME.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path

from daemon.cli import main


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
    else:
        raise SystemExit(f"unknown fault {fault!r}")


if __name__ == "__main__":
    plant(os.environ["YOMITORI_TEST_FAULT"])
    sys.exit(main(sys.argv[1:]))
