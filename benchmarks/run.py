"""`make bench`: run every benchmark and print where its report went.

Each benchmark module has `main(argv) -> int`; run one alone with
`python -m benchmarks.<name> --help`.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = (
    "ocr", "forms", "forms_align", "ledger_verify", "decode", "review", "pipeline", "documents"
)


def main(argv: list[str]) -> int:
    wanted = argv or list(BENCHMARKS)
    status = 0
    for name in wanted:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== benchmark {name}", flush=True)
        status |= module.main([])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
