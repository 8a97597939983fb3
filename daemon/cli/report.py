"""`yomitori report`: the usage report for the privacy council."""

from __future__ import annotations

import argparse
from pathlib import Path

from daemon.cli.args import EXIT_OK, command, settings, write_output
from daemon.i18n import _


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(commands, "report", run_report, _("usage report for the privacy council"),
                config=True)
    p.add_argument("--month", required=True, help=_("YYYY-MM, counted in Japan Standard Time"))
    p.add_argument("--format", choices=("csv", "html"), default="csv")
    p.add_argument("-o", "--output", type=Path, help=_("file to write (default: standard output)"))


def run_report(args: argparse.Namespace) -> int:
    from daemon.documents.issue import usage_report
    from daemon.documents.period import parse_month
    from daemon.documents.render import report_html
    from daemon.documents.report import to_csv

    result = usage_report(settings(args), parse_month(args.month))
    if args.format == "html":
        write_output(args.output, report_html.render(result).encode())
    else:  # a BOM in files, so spreadsheet programs read the Japanese titles as UTF-8
        text = to_csv(result)
        write_output(args.output, ("\ufeff" + text if args.output else text).encode())
    return EXIT_OK
