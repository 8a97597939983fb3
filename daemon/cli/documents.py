"""`yomitori documents issue`: deletion certificates and usage reports into `[documents]
output`, by schedule (`--due`, the yomitori-documents timer) or for a named period."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, time

from daemon import era
from daemon.cli.args import EXIT_FAILED, EXIT_OK, command, settings
from daemon.errors import ConfigError
from daemon.i18n import _


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "documents", help=_("certificates and reports for the ward's files")
    )
    actions = group.add_subparsers(dest="documents_command", required=True)
    p = command(
        actions,
        "issue",
        run_issue,
        _("issue certificates and reports into [documents] output"),
        config=True,
    )
    p.add_argument(
        "--due",
        action="store_true",
        help=_(
            "what is due today: last month's certificates and report (and the "
            "fiscal-year report in April); what exists already is left alone"
        ),
    )
    period_options(p)
    p.add_argument(
        "--department",
        action="append",
        metavar="D",
        help=_("only this department's certificate (repeatable); default all"),
    )
    p.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help=_("with --due: as if today were this day (to issue a missed month)"),
    )
    p.add_argument("--lang", choices=("ja", "en"), help=_("default [documents] lang"))


def period_options(parser: argparse.ArgumentParser) -> None:
    """`--month`, `--fiscal-year`, `--from`/`--to`."""
    parser.add_argument("--month", help=_("YYYY-MM, counted in Japan Standard Time"))
    parser.add_argument(
        "--fiscal-year",
        metavar="YYYY",
        help=_("the fiscal year (年度) from April YYYY to March YYYY+1"),
    )
    parser.add_argument("--from", dest="first", metavar="YYYY-MM-DD", help=_("first day"))
    parser.add_argument("--to", dest="last", metavar="YYYY-MM-DD", help=_("last day"))


def run_issue(args: argparse.Namespace) -> int:
    from daemon.documents import schedule
    from daemon.documents.period import Period, parse_period

    loaded = settings(args)
    now = datetime.now(UTC)
    departments = args.department or sorted(loaded.departments)
    if args.due:
        if any(v is not None for v in (args.month, args.fiscal_year, args.first, args.last)):
            raise ConfigError(["--due: give no period with it (it names its own)"])
        today = _today(args.today, now)
        if args.today:  # a missed month: dated as if issued at 00:00 that day, Japan time
            now = datetime.combine(today, time(0, 0), tzinfo=era.JST).astimezone(UTC)
        wanted = schedule.due(today, departments)
    else:
        period: Period = parse_period(args.month, args.fiscal_year, args.first, args.last)
        wanted = [schedule.Due(period, dept) for dept in departments]
        if not args.department:
            wanted.append(schedule.Due(period))
    try:
        schedule.issue_all(loaded, wanted, now, lang=args.lang)
    except OSError as exc:
        print(
            f"yomitori: cannot write into {loaded.documents.output}: {exc.strerror}. "
            "Run this as the janitor's user (the yomitori-documents service).",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


def _today(text: str | None, now: datetime) -> date:
    if text is None:
        return era.local(now).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigError([f"--today: expected YYYY-MM-DD, got {text!r}"]) from None
