"""Department keys and bundles: `yomitori keygen` and `yomitori open`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from daemon.cli.args import EXIT_FAILED, EXIT_OK, command
from daemon.errors import ConfigError
from daemon.i18n import _


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(commands, "keygen", run_keygen,
                _("new age identity for a department; prints its recipient"))
    p.add_argument("-o", "--output", type=Path)
    p = command(commands, "open", run_open, _("decrypt and unpack bundles"))
    p.add_argument("bundles", nargs="+", type=Path)
    p.add_argument("-i", "--identity", type=Path, required=True)
    p.add_argument("-o", "--output", type=Path, default=Path("."))
    p.add_argument("--csv", type=Path, help=_("merge the bundles' form rows into one CSV"))
    p.add_argument(
        "--csv-encoding",
        choices=("utf-8-sig", "cp932"),
        default="utf-8-sig",
        help=_("encoding of the merged CSV (bundles may be in either)"),
    )


def run_keygen(args: argparse.Namespace) -> int:
    import pyrage

    from daemon.deployment import identity_file, write_private

    identity = pyrage.x25519.Identity.generate()
    if args.output is None:
        sys.stdout.write(identity_file(identity))
        print(f"Public key: {identity.to_public()}", file=sys.stderr)
        return EXIT_OK
    try:
        write_private(args.output, identity_file(identity))
    except FileExistsError:
        raise ConfigError([f"{args.output} already exists; choose another file"]) from None
    print(identity.to_public())
    return EXIT_OK


def run_open(args: argparse.Namespace) -> int:
    from handlers.bundle import open_bundle, read_identities
    from handlers.forms.table import merge

    identities = read_identities(args.identity)
    status = EXIT_OK
    tables: list[bytes] = []
    for bundle in args.bundles:
        try:
            archive = open_bundle(bundle, identities)
        except Exception as exc:
            print(
                f"yomitori: {bundle}: cannot decrypt ({exc}); is it for this identity?",
                file=sys.stderr,
            )
            status = EXIT_FAILED
            continue
        target = args.output / bundle.name.removesuffix(".age")
        target.mkdir(parents=True, exist_ok=True)
        archive.extractall(target)
        print(f"{bundle} -> {target}")
        if "fields.csv" in archive.namelist():
            tables.append(archive.read("fields.csv"))
    if args.csv is not None:
        data, rows = merge(tables, args.csv_encoding)
        args.csv.write_bytes(data)
        print(f"{rows} form rows -> {args.csv} ({args.csv_encoding})")
    return status
