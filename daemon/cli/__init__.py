"""The `yomitori` command line.

One module per command group; each registers its own subcommands (`register`) and sets
the function that runs them. Exit codes: 0 success, 1 a check failed, 2 bad usage or
configuration. Errors print one line each, `yomitori: …`, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from daemon.cli import (
    bundles,
    init,
    ledger,
    models,
    ocr,
    quarantine,
    report,
    service,
    template,
    terminals,
    users,
)
from daemon.cli.args import EXIT_FAILED, EXIT_USAGE
from daemon.errors import ConfigError, YomitoriError

GROUPS = (
    init, service, ocr, bundles, template, models, ledger, report, quarantine, users, terminals
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("yomitori")
    except PackageNotFoundError:
        return "(not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yomitori", description="On-premises OCR for ward offices"
    )
    parser.add_argument("--version", action="version", version=f"yomitori {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"yomitori: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except YomitoriError as exc:
        print(f"yomitori: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except PermissionError as exc:
        # e.g. a configuration or credential file readable by root only: say which.
        print(f"yomitori: cannot read {exc.filename or 'a file'} ({exc.strerror}); run as "
              "root or as the service's user", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_FAILED
    return status


if __name__ == "__main__":
    sys.exit(main())
