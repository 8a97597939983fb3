"""`yomitori verify FILE --public-key FINGERPRINT`: check a certificate or report (HTML,
PDF, JSON or the signed CSV) offline, with no configuration and no ledger."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from daemon.cli.args import EXIT_FAILED, EXIT_OK, command
from daemon.errors import ConfigError
from daemon.i18n import _

FINGERPRINT = re.compile(r"^SHA256:[0-9a-f]{64}$")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(
        commands,
        "verify",
        run_verify,
        _(
            "check a certificate or report (HTML, PDF or CSV) offline, against the "
            "ward's published key fingerprint"
        ),
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument(
        "--public-key",
        action="append",
        required=True,
        metavar="FINGERPRINT",
        help=_("the published fingerprint (SHA256:…); repeat for each key the ward has published"),
    )


def run_verify(args: argparse.Namespace) -> int:
    from daemon.documents.verify import offline

    pins: list[str] = args.public_key
    for pin in pins:
        if not FINGERPRINT.match(pin):
            raise ConfigError(
                [f"--public-key: {pin!r} is not a fingerprint (SHA256: and 64 hex digits)"]
            )
    failed = False
    for path in args.files:
        result = offline(path, pins)
        print(
            f"{path}: {'GENUINE' if result.ok else 'NOT GENUINE'}",
            file=sys.stdout if result.ok else sys.stderr,
        )
        for finding in result.findings:
            print(f"  {finding}", file=sys.stdout if result.ok else sys.stderr)
        failed |= not result.ok
    return EXIT_FAILED if failed else EXIT_OK
