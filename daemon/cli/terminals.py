"""`yomitori terminals`: client certificates for the PCs allowed to use the review station."""

from __future__ import annotations

import argparse
from pathlib import Path

from daemon.cli.args import EXIT_OK, command, settings
from daemon.i18n import _


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("terminals", help=_("client certificates of the review station"))
    sub = group.add_subparsers(dest="terminals_command", required=True)
    p = command(sub, "issue", run_issue, _("a PKCS#12 file to install on a terminal"), config=True)
    p.add_argument("name")
    p.add_argument("-o", "--output", type=Path, help=_("the .p12 file (default NAME.p12)"))
    p.add_argument("--password-file", type=Path,
                   help=_("read the PKCS#12 password from this file (first line)"))
    command(sub, "list", run_list, _("issued certificates and their state"), config=True)
    command(sub, "revoke", run_revoke, _("revoke a terminal's certificate"),
            config=True).add_argument("name")


def run_issue(args: argparse.Namespace) -> int:
    from daemon.durable import create_exclusive
    from daemon.errors import YomitoriError
    from daemon.review import terminals

    folder = settings(args).review.terminals
    given = args.password_file is not None
    if given:
        lines = args.password_file.read_text("utf-8").splitlines()
        password = lines[0] if lines else ""
        if len(password) < 8:
            raise YomitoriError(f"{args.password_file}: the password needs at least 8 characters")
    else:
        password = terminals.new_password()
    output = args.output or Path(f"{args.name}.p12")
    if output.exists():
        raise YomitoriError(f"{output} exists; choose another file with -o")
    bundle = terminals.issue(folder, args.name, password)
    from daemon.ledger.keys import open_ledger

    issued = terminals.terminals(folder)[-1]
    open_ledger(settings(args)).append(
        "terminal_issued", terminal=args.name, serial=f"{issued.serial:x}",
        not_after=issued.not_after, by="operator", role="operator",
    )
    if not create_exclusive(output.resolve(), bundle, 0o600):
        raise YomitoriError(f"{output} exists; choose another file with -o")
    print(f"certificate for terminal {args.name}: {output}")
    if not given:
        print(f"PKCS#12 password: {password}")
    print("Install it in the terminal's browser (or the OS certificate store), "
          "then delete the file.")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    from daemon.review import terminals

    rows = [("NAME", "STATE", "ISSUED", "EXPIRES", "SERIAL")]
    for t in terminals.terminals(settings(args).review.terminals):
        state = f"revoked {t.revoked_at}" if t.revoked_at else "valid"
        rows.append((t.name, state, t.issued_at, t.not_after, f"{t.serial:x}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    return EXIT_OK


def run_revoke(args: argparse.Namespace) -> int:
    from daemon.ledger.keys import open_ledger
    from daemon.review import terminals

    loaded = settings(args)
    revoked = terminals.revoke(loaded.review.terminals, args.name)
    open_ledger(loaded).append("terminal_revoked", terminal=args.name,
                               serial=f"{revoked.serial:x}", by="operator", role="operator")
    print(f"terminal {args.name} revoked; the station refuses it from its next connection.")
    return EXIT_OK
