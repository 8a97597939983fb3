"""`make bench`: run every benchmark and print where its report went.

Each benchmark module has `main(argv) -> int`; run one alone with
`python -m benchmarks.<name> --help`.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = (
    "ocr", "forms", "forms_strokes", "forms_align", "ledger_verify", "decode", "review",
    "pipeline", "documents",
)
ARGUMENTS = {"forms_strokes": ("forms", ["--set", "strokes", "--forms", "40"])}
"""Benchmarks that are another one run with arguments: name → (module, argv)."""


def main(argv: list[str]) -> int:
    wanted = argv or list(BENCHMARKS)
    status = 0
    for name in wanted:
        module_name, arguments = ARGUMENTS.get(name, (name, []))
        module = importlib.import_module(f"benchmarks.{module_name}")
        print(f"== benchmark {name}", flush=True)
        status |= module.main(list(arguments))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
