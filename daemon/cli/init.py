"""`yomitori init DIR`: a ready-to-run embedded deployment for trying Yomitori out."""

from __future__ import annotations

import argparse
from pathlib import Path

from daemon.cli.args import EXIT_OK, command
from daemon.i18n import _


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(commands, "init", run_init,
                _("create a ready-to-run embedded deployment in DIR"))
    p.add_argument("dir", type=Path)
    p.add_argument("--departments", default="kodomo,kokuho",
                   help=_("comma-separated department ids"))
    p.add_argument(
        "--example-form",
        action="store_true",
        help=_("let the first department read the shipped example questionnaire (checkup-18m)"),
    )


def run_init(args: argparse.Namespace) -> int:
    from daemon.deployment import init

    departments = [d.strip() for d in args.departments.split(",") if d.strip()]
    for line in init(args.dir, departments, example_form=args.example_form):
        print(line)
    config = args.dir / "yomitori.toml"
    print(f"\nStart it with:  yomitori run -c {config}")
    print(f"Drop scans into {args.dir}/scan/<department>/;")
    print(f"encrypted results appear in {args.dir}/outbox/<department>/")
    return EXIT_OK
