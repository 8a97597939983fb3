"""The signed ledger: `yomitori ledger verify`, `fingerprint`, `rotate-key`, `repair` and
`certificate`."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from daemon.cli.args import EXIT_FAILED, EXIT_OK, command, settings, write_output
from daemon.cli.documents import period_options
from daemon.errors import ConfigError
from daemon.i18n import _

FINGERPRINT = re.compile(r"^SHA256:[0-9a-f]{64}$")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("ledger", help=_("the signed ledger"))
    actions = group.add_subparsers(dest="ledger_command", required=True)
    p = command(
        actions,
        "verify",
        run_verify,
        _("check the hash chain and every signature against the pinned keys"),
        config=True,
    )
    _key_option(p)
    p.add_argument(
        "--ledger",
        type=Path,
        metavar="DIR",
        help=_(
            "a ledger folder to verify (e.g. a witness's copy; with --key no configuration is read)"
        ),
    )
    p.add_argument(
        "--witness",
        nargs="+",
        type=Path,
        default=[],
        metavar="CERT",
        help=_(
            "deletion certificates (HTML, PDF or JSON): fail when the ledger no "
            "longer holds the head one recorded"
        ),
    )
    source = p.add_mutually_exclusive_group()
    source.add_argument(
        "--checkpoints",
        type=Path,
        metavar="FILE",
        help=_(
            "the service's log lines, e.g. `journalctl -o cat "
            "SYSLOG_IDENTIFIER=yomitori > FILE`: fail when the ledger no longer "
            "holds the head a signed checkpoint recorded"
        ),
    )
    source.add_argument(
        "--journal",
        action="store_true",
        help=_("read the checkpoints from this machine's journal (journalctl)"),
    )
    command(
        actions,
        "fingerprint",
        run_fingerprint,
        _("print the signing key's fingerprint (publish it, and pin it in [ledger])"),
        config=True,
    )
    command(
        actions,
        "rotate-key",
        run_rotate,
        _("sign the ledger with a new key from now on (stop the janitor first)"),
        config=True,
    )
    command(
        actions,
        "repair",
        run_repair,
        _("remove a torn last line (only that) and record the repair"),
        config=True,
    )
    p = command(
        actions,
        "certificate",
        run_certificate,
        _("deletion certificate (削除証明書) of one department and month"),
        config=True,
    )
    p.add_argument("--department", help=_("department id, e.g. kodomo"))
    period_options(p)
    p.add_argument("--format", choices=("html", "pdf"), default="html")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        help=_(
            "file to write (default: standard output); its signed CSV of every "
            "item is written beside it (FILE with .csv)"
        ),
    )
    p.add_argument("--lang", choices=("ja", "en"), help=_("default [documents] lang"))
    p.add_argument(
        "--number",
        type=int,
        metavar="N",
        help=_(
            "the running number for [documents] number_pattern (default: blank, "
            "to be written by hand)"
        ),
    )
    p.add_argument(
        "--verify", type=Path, metavar="FILE", help=_("check a certificate (HTML, PDF or JSON)")
    )
    _key_option(p)


def _key_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--key",
        action="append",
        metavar="FINGERPRINT",
        help=_(
            "a pinned key fingerprint (SHA256:…), instead of [ledger] fingerprints; repeat "
            "for each rotation, first key first"
        ),
    )


def _keys(args: argparse.Namespace) -> list[str] | None:
    keys: list[str] | None = args.key
    for key in keys or []:
        if not FINGERPRINT.match(key):
            raise ConfigError([f"--key: {key!r} is not a fingerprint (SHA256: and 64 hex digits)"])
    return keys


def run_verify(args: argparse.Namespace) -> int:
    from daemon.documents.issue import pins_of, verify_witnessed
    from daemon.ledger.witness import read_journal

    keys = _keys(args)
    if keys and args.ledger:
        pins, directory = keys, args.ledger
    else:
        loaded = settings(args)
        pins, directory = pins_of(loaded, keys), args.ledger or loaded.paths.ledger
    text = None
    if args.checkpoints is not None:
        try:
            text = args.checkpoints.read_text("utf-8", "replace")
        except OSError as exc:
            raise ConfigError(
                [f"--checkpoints: cannot read {args.checkpoints}: {exc.strerror}"]
            ) from exc
    elif args.journal:
        text = read_journal()
    result = verify_witnessed(directory, pins, args.witness, text)
    check = result.verification
    if check.ok:
        print(
            f"ledger intact: {check.lines} lines verified against {len(pins)} pinned "
            f"key{'s' if len(pins) > 1 else ''} (signing now: {pins[-1]})"
        )
    else:
        print(f"ledger BROKEN: {check.first_bad}", file=sys.stderr)
    for ok, finding in result.findings:
        stream = sys.stdout if ok else sys.stderr
        print(f"witness {'ok' if ok else 'FAILED'}: {finding}", file=stream)
    if result.ignored:
        print(f"note: {result.ignored} checkpoint lines are not signed by a pinned key; ignored")
    if text is not None and not any("checkpoint" in f for _, f in result.findings):
        print("note: no signed checkpoint found (one is logged every 100 events)")
    return EXIT_OK if result.ok else EXIT_FAILED


def run_fingerprint(args: argparse.Namespace) -> int:
    from daemon.ledger.signing import fingerprint, load_signing_key
    from daemon.ledger.verify import claimed_fingerprints

    loaded = settings(args)
    key_file = loaded.paths.signing_key
    if not key_file.exists():
        raise ConfigError(
            [
                f"paths.signing_key: no key at {key_file} yet; make one (docs/operations.md) or "
                "let the janitor make it, then run this again"
            ]
        )
    mine = fingerprint(load_signing_key(key_file).public_key())
    print(mine)
    pins = loaded.ledger.fingerprints
    if pins and pins[-1] == mine:
        print(f"pinned: the last of {len(pins)} in [ledger] fingerprints", file=sys.stderr)
    elif mine in pins:
        print(
            f"pinned as key {pins.index(mine) + 1} of {len(pins)}, but later keys are pinned "
            "too: is this the current key?",
            file=sys.stderr,
        )
    else:
        print(
            f'NOT pinned: add "{mine}" to [ledger] fingerprints (after any there) in the '
            "configuration, once you have compared it with the published one",
            file=sys.stderr,
        )
        claimed = claimed_fingerprints(loaded.paths.ledger)
        if not pins and len(claimed) > 1:
            print(
                "the ledger folder CLAIMS this key chain (unverified: compare each with "
                "your records before pinning them, first key first):",
                file=sys.stderr,
            )
            for entry in claimed:
                print(f"  {entry}", file=sys.stderr)
    return EXIT_OK


def run_rotate(args: argparse.Namespace) -> int:
    from daemon.ledger.keys import rotate_signing_key

    print(rotate_signing_key(settings(args)))
    return EXIT_OK


def run_repair(args: argparse.Namespace) -> int:
    from daemon.documents.issue import pins_of
    from daemon.ledger.signing import load_signing_key
    from daemon.ledger.writer import Ledger

    loaded = settings(args)
    key = load_signing_key(loaded.paths.signing_key)
    ledger = Ledger(loaded.paths.ledger, key, pins=pins_of(loaded))
    record = ledger.repair(role="operator")
    if record is None:
        print("nothing to repair: the ledger's last line is complete")
        return EXIT_OK
    print(
        f"removed a torn last line from {record['file']} ({record['removed_bytes']} bytes, "
        f"SHA-256 {record['removed_sha256']}); recorded as ledger line {record.seq}"
    )
    return EXIT_OK


def run_certificate(args: argparse.Namespace) -> int:
    from daemon.documents import issue
    from daemon.documents.period import parse_period
    from daemon.documents.render import certificate_html, certificate_pdf

    if args.verify is not None:
        result = issue.check_certificate(settings(args), args.verify, _keys(args))
        print("\n".join(result.findings))
        return EXIT_OK if result.ok else EXIT_FAILED
    if not args.department:
        raise ConfigError(["--department: name the department by its id (e.g. kodomo)"])
    period = parse_period(args.month, args.fiscal_year, args.first, args.last)
    if args.format == "pdf" and args.output is None:
        raise ConfigError(["--format pdf: name the file to write with -o FILE"])
    loaded = settings(args)
    csv_path = args.output.with_suffix(".csv") if args.output is not None else None
    issued = issue.certificate(
        loaded,
        args.department,
        period,
        number=args.number,
        lang=args.lang,
        csv_name=csv_path.name if csv_path else None,
    )
    templates = loaded.documents.templates
    if args.format == "pdf":
        write_output(args.output, certificate_pdf.render(issued.signed, templates))
    else:
        write_output(args.output, certificate_html.render(issued.signed, templates).encode())
    if csv_path is not None:
        write_output(csv_path, issued.csv)
    print(f"certificate {args.department} {period.slug}: {issued.items} items", file=sys.stderr)
    if not issued.ledger_verified:
        print("yomitori: the ledger FAILED verification; the certificate says so", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK
