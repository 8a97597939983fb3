"""`yomitori report`: the usage report for the privacy council, over any period."""

from __future__ import annotations

import argparse
from pathlib import Path

from daemon.cli.args import EXIT_OK, command, settings, write_output
from daemon.cli.documents import period_options
from daemon.errors import ConfigError
from daemon.i18n import _


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(
        commands, "report", run_report, _("usage report for the privacy council"), config=True
    )
    period_options(p)
    p.add_argument("--format", choices=("csv", "html", "pdf"), default="csv")
    p.add_argument("-o", "--output", type=Path, help=_("file to write (default: standard output)"))
    p.add_argument("--lang", choices=("ja", "en"), help=_("default [documents] lang"))


def run_report(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from daemon.documents.issue import report_heading, usage_report
    from daemon.documents.period import parse_period
    from daemon.documents.render import pdf, report_html, templating
    from daemon.documents.report import content, to_csv

    loaded = settings(args)
    period = parse_period(args.month, args.fiscal_year, args.first, args.last)
    if args.format == "pdf" and args.output is None:
        raise ConfigError(["--format pdf: name the file to write with -o FILE"])
    result = usage_report(loaded, period)
    if args.format in ("html", "pdf"):
        lang = args.lang or loaded.documents.lang
        now = datetime.now(UTC)
        data = content(result, heading=report_heading(loaded, lang), now=now, lang=lang)
        page = templating.render(
            report_html.TEMPLATE, loaded.documents.templates, report=data, signed_json=None
        )
        out = pdf.print_pdf(page, None, now) if args.format == "pdf" else page.encode()
        write_output(args.output, out)
    else:  # a BOM in files, so spreadsheet programs read the Japanese titles as UTF-8
        text = to_csv(result)
        write_output(args.output, ("\ufeff" + text if args.output else text).encode())
    return EXIT_OK
