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
    documents,
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
    verify,
)
from daemon.cli.args import EXIT_FAILED, EXIT_USAGE
from daemon.errors import ConfigError, YomitoriError
from daemon.i18n import _, localize, use_for_argparse

GROUPS = (
    init, service, ocr, bundles, template, models, ledger, report, documents, verify,
    quarantine, users, terminals,
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("yomitori")
    except PackageNotFoundError:
        return "(not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yomitori", description=_("On-premises OCR for ward offices")
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"yomitori {_version()}",
        help=_("show the program's version and exit"),
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    use_for_argparse()
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"yomitori: {localize(problem)}", file=sys.stderr)
        return EXIT_USAGE
    except YomitoriError as exc:
        print(f"yomitori: {localize(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    except PermissionError as exc:
        # e.g. a configuration or credential file readable by root only: say which.
        print(_(
            "yomitori: cannot read {file} ({error}); run as root or as the service's user"
        ).format(file=exc.filename or "a file", error=exc.strerror), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_FAILED
    return status


if __name__ == "__main__":
    sys.exit(main())
