"""Form templates: `yomitori template preview` and `yomitori template check`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from daemon.cli.args import EXIT_OK, EXIT_USAGE, command
from daemon.i18n import _


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("template", help=_("form templates"))
    actions = group.add_subparsers(dest="template_command", required=True)
    p = command(actions, "preview", run_preview,
                _("draw the template's boxes over its reference image"))
    p.add_argument("template", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, help=_("PNG file to write"))
    p = command(actions, "check", run_check, _("list the template's problems (exit 2 when any)"))
    p.add_argument("template", type=Path)


def run_preview(args: argparse.Namespace) -> int:
    from handlers.forms.preview import write_preview
    from handlers.forms.template import load_template

    print(write_preview(load_template(args.template), args.output))
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from handlers.forms.template import template_problems

    found = template_problems(args.template)
    for problem in found:
        print(f"yomitori: {problem}", file=sys.stderr)
    if found:
        return EXIT_USAGE
    print(f"{args.template}: template OK")
    return EXIT_OK
