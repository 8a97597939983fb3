"""The signed ledger: `yomitori ledger verify`, `rotate-key` and `certificate`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from daemon.cli.args import EXIT_FAILED, EXIT_OK, command, settings, write_output
from daemon.errors import ConfigError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("ledger", help="the signed ledger")
    actions = group.add_subparsers(dest="ledger_command", required=True)
    command(actions, "verify", run_verify, "check the hash chain and every signature",
            config=True)
    command(actions, "rotate-key", run_rotate,
            "sign the ledger with a new key from now on (stop the janitor first)", config=True)
    p = command(actions, "certificate", run_certificate,
                "deletion certificate (削除証明書) of one department and month", config=True)
    p.add_argument("--department", help="department id, e.g. kodomo")
    p.add_argument("--month", help="YYYY-MM, counted in Japan Standard Time")
    p.add_argument("--format", choices=("html", "pdf"), default="html")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    p.add_argument(
        "--verify", type=Path, metavar="FILE", help="check a certificate (HTML, PDF or JSON)"
    )


def run_verify(args: argparse.Namespace) -> int:
    from daemon.ledger.signing import load_public_key
    from daemon.ledger.verify import verify

    loaded = settings(args)
    result = verify(loaded.paths.ledger, load_public_key(loaded.paths.ledger))
    if result.ok:
        print(f"ledger intact: {result.lines} lines verified")
        return EXIT_OK
    print(f"ledger BROKEN: {result.first_bad}", file=sys.stderr)
    return EXIT_FAILED


def run_rotate(args: argparse.Namespace) -> int:
    from daemon.ledger.keys import rotate_signing_key

    loaded = settings(args)
    print(rotate_signing_key(loaded.paths.signing_key, loaded.paths.ledger))
    return EXIT_OK


def run_certificate(args: argparse.Namespace) -> int:
    from daemon.documents import issue
    from daemon.documents.period import parse_month
    from daemon.documents.render import certificate_html, certificate_pdf

    if args.verify is not None:
        result = issue.check_certificate(settings(args), args.verify)
        print("\n".join(result.findings))
        return EXIT_OK if result.ok else EXIT_FAILED
    if not args.department:
        raise ConfigError(["--department: name the department by its id (e.g. kodomo)"])
    month = parse_month(args.month)
    if args.format == "pdf" and args.output is None:
        raise ConfigError(["--format pdf: name the file to write with -o FILE"])
    issued = issue.certificate(settings(args), args.department, month)
    if args.format == "pdf":
        write_output(args.output, certificate_pdf.render(issued.signed))
    else:
        write_output(args.output, certificate_html.render(issued.signed).encode())
    print(f"certificate {args.department} {month}: {issued.items} items wiped", file=sys.stderr)
    if not issued.ledger_verified:
        print("yomitori: the ledger FAILED verification; the certificate says so", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK
