"""`yomitori users`: the people of the review station (docs/review.md)."""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

from daemon.cli.args import EXIT_OK, command, settings
from daemon.i18n import _


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("users", help=_("people of the review station"))
    sub = group.add_subparsers(dest="users_command", required=True)
    p = command(sub, "add", run_add, _("add a person; prints a one-time enrolment link"),
                config=True)
    p.add_argument("name")
    p.add_argument("--department", action="append", required=True,
                   help=_("department id (repeat for several)"))
    p.add_argument("--role", choices=("reviewer", "lead", "auditor"), default="reviewer")
    command(sub, "list", run_list, _("everyone, with role, departments and state"), config=True)
    for name, run, text in (
        ("disable", run_disable, _("disable a person: no more logins, no more new results")),
        ("reset", run_reset, _("forget passphrase, key and authenticator; prints a new link")),
        ("unlock", run_unlock, _("unlock an account locked after failed logins")),
    ):
        command(sub, name, run, text, config=True).add_argument("name")


def _stamp(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")


def run_add(args: argparse.Namespace) -> int:
    from daemon.errors import ConfigError
    from daemon.ledger.keys import open_ledger
    from daemon.review import people, recipients
    from daemon.review.rules import Role
    from daemon.review.station import public_url
    from daemon.review.store import Store

    loaded = settings(args)
    unknown = [d for d in args.department if d not in loaded.departments]
    if unknown:
        raise ConfigError([f"--department: no department {d!r} in the configuration"
                           for d in unknown])
    store = Store(loaded.review.store)
    store.create()
    hours = loaded.review.enrol_hours
    token = people.add(store, args.name, args.department, Role(args.role), hours, time.time())
    open_ledger(loaded).append(
        "review_person_added", person=args.name, terminal=None, by="operator",
        departments=sorted(set(args.department)), person_role=args.role, role="operator",
    )
    recipients.refresh(loaded, store, args.department)
    print(f"{args.name} added ({args.role}; {', '.join(sorted(set(args.department)))}).")
    print(f"One-time enrolment link, valid for {hours:g} hours:")
    print(f"  {public_url(loaded)}/enrol/{token}")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    from daemon.review import people
    from daemon.review.store import Store

    store = Store(settings(args).review.store)
    if not store.path.exists():
        print("nobody yet; add people with `yomitori users add`")
        return EXIT_OK
    rows = [("NAME", "ROLE", "DEPARTMENTS", "STATE", "ENROLLED", "LAST LOGIN")]
    for a in people.everyone(store):
        state = "locked" if a.locked else a.state.value
        rows.append((a.name, a.role.value, ",".join(a.departments), state,
                     _stamp(a.enrolled_at), _stamp(a.last_login)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    return EXIT_OK


def _change(args: argparse.Namespace, event: str) -> str | None:
    """Disable, reset or unlock; records `event`; returns a reset's link token."""
    from daemon.ledger.keys import open_ledger
    from daemon.review import people, recipients
    from daemon.review.store import Store

    loaded = settings(args)
    store = Store(loaded.review.store)
    now = time.time()
    token = None
    if event == "review_person_disabled":
        account = people.disable(store, args.name, now)
    elif event == "review_person_reset":
        token = people.reset(store, args.name, loaded.review.enrol_hours, now)
        account = people.get(store, args.name)  # type: ignore[assignment]
    else:
        people.unlock(store, args.name)
        account = people.get(store, args.name)  # type: ignore[assignment]
    assert account is not None
    open_ledger(loaded).append(event, person=args.name, terminal=None, by="operator",
                               role="operator")
    recipients.refresh(loaded, store, account.departments)
    return token


def run_disable(args: argparse.Namespace) -> int:
    _change(args, "review_person_disabled")
    print(f"{args.name} is disabled: sessions ended, held jobs back in the queue, and new "
          "results are no longer encrypted to this person.")
    return EXIT_OK


def run_reset(args: argparse.Namespace) -> int:
    from daemon.review.station import public_url

    token = _change(args, "review_person_reset")
    loaded = settings(args)
    print(f"{args.name} must enrol again (new passphrase, key and authenticator). "
          "Results made for the old key stay readable by the department's other keys only.")
    print(f"One-time enrolment link, valid for {loaded.review.enrol_hours:g} hours:")
    print(f"  {public_url(loaded)}/enrol/{token}")
    return EXIT_OK


def run_unlock(args: argparse.Namespace) -> int:
    _change(args, "review_person_unlocked")
    print(f"{args.name} is unlocked.")
    return EXIT_OK
