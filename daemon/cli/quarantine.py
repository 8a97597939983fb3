"""Quarantined jobs: `yomitori quarantine release JOB`."""

from __future__ import annotations

import argparse

from daemon.cli.args import EXIT_OK, command, settings
from daemon.i18n import _


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("quarantine", help=_("quarantined jobs"))
    actions = group.add_subparsers(dest="quarantine_command", required=True)
    p = command(actions, "release", run_release,
                _("put a quarantined scan back into the pipeline"), config=True)
    p.add_argument("job_id")


def run_release(args: argparse.Namespace) -> int:
    from daemon.ledger.keys import open_ledger
    from daemon.spool import Spool
    from handlers.quarantine import release

    loaded = settings(args)
    spool = Spool(loaded.paths.spool)
    manifest = release(
        spool, loaded.paths.quarantine, open_ledger(loaded), args.job_id,
        departments=loaded.departments,
    )
    print(
        f"released {args.job_id} as job {manifest.job_id}; the running service takes it up "
        f"within {loaded.intake.rescan_seconds:.0f} s"
    )
    return EXIT_OK
