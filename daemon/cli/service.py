"""The service and its operator's view: `yomitori run`, `check` and `status`."""

from __future__ import annotations

import argparse
import sys

from daemon.cli.args import EXIT_OK, EXIT_USAGE, checked_settings, command, config_file, settings
from daemon.i18n import _

ROLE_CHOICES = ("all", "watcher", "ocr", "janitor", "review")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(commands, "run", run_service, _("run the service"), config=True)
    p.add_argument("--role", choices=ROLE_CHOICES, default="all")
    p.add_argument("--log-level", default="INFO")
    command(commands, "check", run_check, _("validate the configuration and the environment"),
            config=True)
    p = command(commands, "status", run_status,
                _("one-screen summary: backlog, broker, service processes"), config=True)
    p.add_argument(
        "--metrics",
        action="append",
        metavar="HOST:PORT",
        help=_("a metrics endpoint to ask (repeat for each process; default: "
               "metrics.listen and the ports of the shipped systemd units)"),
    )


def run_service(args: argparse.Namespace) -> int:
    from daemon.durable import sha256_file
    from daemon.ops import logs
    from daemon.service import Service, roles_for

    logs.setup(args.log_level, role=args.role)
    roles = roles_for(args.role, review=bool(settings(args).review.listen))
    checked = checked_settings(args, roles)
    path = config_file(args)
    digest, _size = sha256_file(path)
    Service(checked, roles, config_sha256=digest, config=str(path.absolute())).run()
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from daemon.ops import checks

    loaded = settings(args)
    found = checks.problems(loaded, config_file(args), strict=True)
    for line in found:
        print(f"yomitori: {line}", file=sys.stderr)
    for line in checks.notes(loaded):
        print("yomitori: " + _("note: {note}").format(note=line), file=sys.stderr)
    if found:
        return EXIT_USAGE
    print(_("configuration and environment OK"))
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    from daemon.ops.status import status

    return status(settings(args), args.metrics, config=config_file(args))
