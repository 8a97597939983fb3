"""Checks of the settings against each other and against the machine they run on.

`problems` is the one list of what stops the service: `yomitori run` refuses to start on
any of them, and `yomitori check` prints them all. `strict` adds what a running service
waits out on its own (the broker being down) and what it only exposes (the broker
password in its environment), so `check` also reports that. Each line names the setting
or the missing piece and what to do about it. `notes` are what `check` mentions without
failing.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyrage

from daemon.errors import ConfigError, YomitoriError
from daemon.i18n import N_, _, localize
from daemon.settings import Settings, load_settings

log = logging.getLogger(__name__)

ROLES = ("watcher", "ocr", "janitor")
SIGNERS = frozenset({"janitor", "review"})
"""The roles that sign ledger lines, and so read the signing key and write the ledger, the
quarantine (a release) and the outboxes (revisions, expiry)."""
CODE = Path(__file__).resolve().parents[2]
"""The folder holding the `daemon` and `handlers` packages."""

Check = Callable[[Settings], list[str]]
EXAMPLE_RECIPIENTS = frozenset({
    "age1urquw8daevcf8z4hwlwyvs2sf4lvclja97ancgw2l02cg5fjkd5se6jgh9",
})
"""The recipients config/yomitori.example.toml shows; nobody holds their identities."""
CREDENTIALS = ("broker-password", "ledger-signing.key")
"""Files beside the configuration that the units hand over as systemd credentials."""


def problems(
    settings: Settings,
    config: Path | None = None,
    *,
    roles: Iterable[str] = ROLES,
    strict: bool = False,
    environ: Mapping[str, str] | None = None,
) -> list[str]:
    """Everything that keeps `roles` from working with `settings`; [] when they can start.

    `config` is the configuration file (for the check of who can read or change it and its
    secrets); `environ` the environment the service gets (default: this process's).
    """
    roles = set(roles)
    found = layout_problems(settings) + folder_problems(settings, roles)
    found += recipient_problems(settings) + mode_problems(settings, config)
    if roles & SIGNERS:
        found += signing_key_problems(settings)
    if "janitor" in roles:
        found += ledger_pin_problems(settings)
    if config is not None:
        found += secret_problems(config, settings)
    found += broker_url_problems(settings)
    if "ocr" in roles:
        found += language_problems(settings) + form_problems(settings)
    if "review" in roles or settings.review.listen:
        found += review_problems(settings)
    if strict:
        found += environment_problems(os.environ if environ is None else environ)
        found += broker_problems(settings.broker.url, settings.broker.urls, settings)
    return found


def load_checked(
    path: Path, *, roles: Iterable[str] = ROLES, strict: bool = False
) -> Settings:
    """Load the settings at `path` and check them; ConfigError listing every problem.
    A broker password in the environment, which a running service only exposes, is
    logged as a warning unless `strict` makes it a problem."""
    settings = load_settings(path)
    found = problems(settings, path, roles=roles, strict=strict)
    if found:
        raise ConfigError(found)
    for line in environment_problems(os.environ):
        log.warning(line)
    return settings


def _inside(child: Path, parent: Path) -> bool:
    child, parent = child.resolve(), parent.resolve()
    return child == parent or parent in child.parents


def _private_folders(settings: Settings) -> dict[str, Path]:
    """The folders only the service may write, by key."""
    paths = settings.paths
    private = {
        "paths.spool": paths.spool,
        "paths.quarantine": paths.quarantine,
        "paths.ledger": paths.ledger,
    }
    for dept_id, dept in settings.departments.items():
        private[f"departments.{dept_id}.outbox"] = dept.outbox
    return private


def _hot_folders(settings: Settings) -> dict[str, Path]:
    """Every hot folder, by key."""
    return {
        f"departments.{dept_id}.hot_folders[{i}]": folder
        for dept_id, dept in settings.departments.items()
        for i, folder in enumerate(dept.hot_folders)
    }


def layout_problems(settings: Settings) -> list[str]:
    """Folders that overlap where they must not: hot folders with each other, private
    folders inside a hot folder, anything inside the program's code."""
    found: list[str] = []
    if not settings.departments:
        found.append(_("departments: no department configured; add a [departments.<id>] table"))
    hot = _hot_folders(settings)
    seen: dict[str, Path] = {}
    for key, folder in hot.items():
        for owner, other in seen.items():
            if _inside(folder, other) or _inside(other, folder):
                found.append(
                    _("{key}: {folder} overlaps {owner}; each department needs its own folder")
                    .format(key=key, folder=folder, owner=owner)
                )
        seen[key] = folder
    private = _private_folders(settings)
    for key, path in private.items():
        for owner, folder in hot.items():
            if _inside(path, folder):
                found.append(_("{key}: {path} lies inside hot folder {owner}; move it out")
                             .format(key=key, path=path, owner=owner))
    for key, path in {**private, **hot}.items():
        if _inside(path, CODE / "daemon") or _inside(path, CODE / "handlers"):
            found.append(_("{key}: {path} lies inside the program's code; move it out")
                         .format(key=key, path=path))
    return found


def folder_problems(settings: Settings, roles: Iterable[str] = ROLES) -> list[str]:
    """Hot folders and outboxes that do not exist; folders that `roles` write and this user
    cannot (under systemd each role has its own user: docs/operations.md)."""
    roles = set(roles)
    found = [
        _("{key}: {folder} is not an existing folder; create it or fix the path")
        .format(key=key, folder=folder)
        for key, folder in _hot_folders(settings).items()
        if not folder.is_dir()
    ]
    for dept_id, dept in settings.departments.items():
        key = f"departments.{dept_id}.outbox"
        if not dept.outbox.is_dir():
            found.append(
                _("{key}: {folder} is not an existing folder; create it or fix the path")
                .format(key=key, folder=dept.outbox)
            )
        elif roles & {"ocr", *SIGNERS}:
            found += _writable(key, dept.outbox)
    found += _writable("paths.spool", settings.paths.spool)
    if roles & SIGNERS:
        for key in ("quarantine", "ledger"):
            found += _writable(f"paths.{key}", getattr(settings.paths, key))
    return found


def _writable(key: str, folder: Path) -> list[str]:
    if folder.is_dir():
        if os.access(folder, os.W_OK | os.X_OK):
            return []
        return [_("{key}: {folder} is not writable by this user").format(key=key, folder=folder)]
    parent = next((p for p in folder.parents if p.exists()), None)
    if parent is None or not os.access(parent, os.W_OK | os.X_OK):
        return [
            _("{key}: {folder} does not exist and cannot be created; create it for the "
              "service user").format(key=key, folder=folder)
        ]
    return []


def recipient_problems(settings: Settings) -> list[str]:
    """Recipients that are not age recipients (and secret identities put there by mistake),
    the example's placeholders, and recipients listed twice for one department."""
    found: list[str] = []
    for dept_id, dept in settings.departments.items():
        seen: dict[str, str] = {}
        for j, recipient in enumerate(dept.recipients):
            key = f"departments.{dept_id}.recipients[{j}]"
            if recipient.strip() in EXAMPLE_RECIPIENTS or "…" in recipient or "..." in recipient:
                found.append(_(
                    "{key}: this is the example's placeholder; nobody holds its identity, so "
                    "the department could not open its results while their scans are wiped; "
                    "put the department's own recipient here (`yomitori keygen` on its "
                    "machine prints it)"
                ).format(key=key))
                continue
            if recipient.strip() in seen:
                found.append(_("{key}: the same recipient as {other}; remove one")
                             .format(key=key, other=seen[recipient.strip()]))
                continue
            seen[recipient.strip()] = key
            try:
                pyrage.x25519.Recipient.from_str(recipient)
            except Exception:
                if recipient.strip().upper().startswith("AGE-SECRET-KEY-"):
                    found.append(_(
                        "{key}: this is a department's secret identity, not a recipient; "
                        "remove it from the server now and put only its recipient "
                        "(`age-keygen -y FILE`) here"
                    ).format(key=key))
                else:
                    found.append(_(
                        "{key}: not a valid age recipient (expected age1…); "
                        "get it from `yomitori keygen` or `age-keygen -y`"
                    ).format(key=key))
    return found


def signing_key_problems(settings: Settings) -> list[str]:
    """The ledger signing key cannot be read, or cannot be made where it is missing."""
    key_file = settings.paths.signing_key
    if not key_file.exists():
        return _writable("paths.signing_key", key_file.parent)
    if not os.access(key_file, os.R_OK):
        return [_("{key}: {folder} is not readable by this user")
                .format(key="paths.signing_key", folder=key_file)]
    return []


def ledger_pin_problems(settings: Settings) -> list[str]:
    """No ledger key is pinned: the janitor would not know a forged ledger from its own."""
    if settings.ledger.fingerprints:
        return []
    return [_(
        "ledger.fingerprints: no ledger key is pinned, so the janitor cannot tell a forged "
        "ledger from its own; run `yomitori ledger fingerprint -c CONFIG` and add the "
        'fingerprint it prints as [ledger] fingerprints = ["SHA256:…"]'
    )]


def _mode(path: Path) -> int | None:
    """The permission bits of `path`, or None when it cannot be looked at."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def mode_problems(settings: Settings, config: Path | None = None) -> list[str]:
    """Files and folders whose modes let any user of the server read scans and results, or
    change what the service does: the configuration and form templates writable by
    others; spool, quarantine, ledger, the review station's store and hot folders open to
    others at all; outboxes writable by others."""
    found: list[str] = []

    def others(key: str, path: Path, bits: int, what: str, fix: str) -> None:
        mode = _mode(path)
        if mode is not None and mode & bits:
            found.append(_("{key}: {path} (mode {mode}) {what}; chmod {fix} {path}").format(
                key=key, path=path, mode=f"{mode:04o}", what=_(what), fix=fix))

    if config is not None:
        others("configuration", config, 0o002, N_("can be changed by every user of the "
               "server, and with it the recipients and folders"), "o-w")
    others("paths.forms", settings.paths.forms, 0o002, N_("can be changed by every user, "
           "and with it what is read from the forms"), "o-w")
    holds = {
        "spool": N_("is open to every user of the server, and it holds waiting scans"),
        "quarantine": N_("is open to every user of the server, and it holds refused scans"),
        "ledger": N_("is open to every user of the server, and it holds the ledger"),
    }
    for name, what in holds.items():
        others(f"paths.{name}", getattr(settings.paths, name), 0o007, what, "o-rwx")
    if settings.review.listen:
        others("review.store", settings.review.store, 0o007, N_("is open to every user of "
               "the server, and it holds the review station's accounts"), "o-rwx")
    for key, folder in _hot_folders(settings).items():
        others(key, folder, 0o007, N_("is open to every user of the server, and it holds "
               "scans before they are claimed (on a network mount, set dir_mode and "
               "file_mode in its mount options)"), "o-rwx")
    for dept_id, dept in settings.departments.items():
        others(f"departments.{dept_id}.outbox", dept.outbox, 0o002, N_("can be written by "
               "every user of the server, who could replace or remove results"), "o-w")
    return found


def environment_problems(environ: Mapping[str, str]) -> list[str]:
    """Secrets in the service's environment, which `systemctl show` shows to every user."""
    for name, value in environ.items():
        if name.upper() == "YOMITORI_BROKER__URL" and value.startswith(("amqp", "amqps")):
            try:
                password = urlsplit(value).password
            except ValueError:
                password = None
            if password:
                return [_(
                    "{name}: holds the broker password, and `systemctl show` shows a unit's "
                    "environment to every user of the server; give the URL without it "
                    "(amqps://USER@HOST:5671/VHOST) and put the password into "
                    "/etc/yomitori/broker-password (owner root, chmod 600), which the units "
                    "hand over as their broker-password credential"
                ).format(name=name)]
    return []


def secret_problems(config: Path, settings: Settings) -> list[str]:
    """Files holding secrets that other users of the server can read."""
    found: list[str] = []
    url = settings.broker.url
    password = urlsplit(url).password if url != "embedded" else None
    in_file = password and config.is_file() and password in config.read_text("utf-8", "replace")
    if in_file and config.stat().st_mode & 0o004:
        found.append(_(
            "{config}: holds the broker password and is readable by every user; "
            "chmod 640 {config}, or better, remove the password from broker.url and put it "
            "into /etc/yomitori/broker-password, the units' broker-password credential"
        ).format(config=config))
    key = settings.paths.signing_key
    if key.exists() and key.stat().st_mode & 0o077:
        found.append(_("paths.signing_key: {key} is readable by other users; chmod 600 {key}")
                     .format(key=key))
    for name in CREDENTIALS:
        secret = config.parent / name
        mode = _mode(secret)
        if secret != key and mode is not None and mode & 0o077:
            found.append(_(
                "{secret}: the {name} credential is open to other users (mode {mode}); "
                "systemd reads it as root for the units, so chmod 600 {secret}"
            ).format(secret=secret, name=name, mode=f"{mode:04o}"))
    return found


def language_problems(settings: Settings) -> list[str]:
    """Tesseract languages that the settings name but are not installed."""
    from handlers.ocr.engine import available_languages

    wanted = {"ocr.languages": settings.ocr.languages} | {
        f"departments.{d}.languages": dept.languages
        for d, dept in settings.departments.items()
        if dept.languages
    }
    try:
        have = available_languages()
    except YomitoriError as exc:
        return [_("{key}: {problem}").format(key=key, problem=localize(str(exc)))
                for key in wanted]
    return [
        _("{key}: Tesseract language {lang} is not installed; "
          "apt-get install tesseract-ocr-{package}")
        .format(key=key, lang=repr(lang), package=lang.replace("_", "-"))
        for key, value in wanted.items()
        for lang in sorted(set(value.split("+")) - have)
    ]


def form_problems(settings: Settings) -> list[str]:
    """Forms the departments name that are missing, or whose templates have problems."""
    from handlers.forms.template import template_problems

    found: list[str] = []
    forms = settings.paths.forms
    for dept_id, dept in settings.departments.items():
        for form in dept.forms:
            if not (forms / f"{form}.toml").is_file():
                found.append(
                    _("departments.{dept}.forms: unknown form {form}; no {path}")
                    .format(dept=dept_id, form=repr(form), path=forms / (form + ".toml"))
                )
    names = {form for dept in settings.departments.values() for form in dept.forms}
    for name in sorted(names):
        path = forms / f"{name}.toml"
        if path.is_file():
            found += [localize(problem) for problem in template_problems(path)]
    return found


def _broker_urls(settings: Settings) -> dict[str, str]:
    urls = {"broker.url": settings.broker.url}
    urls.update({f"broker.urls[{i}]": url for i, url in enumerate(settings.broker.urls)})
    return urls


def broker_url_problems(settings: Settings) -> list[str]:
    """Broker URLs that cannot be used as they are: a user with no password anywhere, or
    a URL the client library cannot read."""
    import pika

    from daemon.credentials import BROKER_PASSWORD, broker_url, missing_password

    found = []
    for key, url in _broker_urls(settings).items():
        if url == "embedded":
            continue
        if missing_password(url):
            found.append(
                _(
                    "{key}: names a user but no password, and this process has no "
                    "{credential} credential; run it with LoadCredential={credential}:"
                    "/etc/yomitori/{credential} (the units do; `systemd-run -p "
                    "LoadCredential=…` for `yomitori check`, docs/operations.md)"
                ).format(key=key, credential=BROKER_PASSWORD)
            )
            continue
        try:
            pika.URLParameters(broker_url(url))
        except (ValueError, TypeError) as exc:
            found.append(_(
                "{key}: not a RabbitMQ URL that can be used ({error}); "
                "write it as amqps://USER@HOST:5671/VHOST"
            ).format(key=key, error=exc))
    return found


def broker_problems(
    url: str, more: Iterable[str] = (), settings: Settings | None = None
) -> list[str]:
    """The broker cannot be reached with `broker.url` (and its password credential); with
    more nodes (`broker.urls`), each one that does not answer. With `settings`, the first
    node that answers is also asked for what the service needs the user's permissions for,
    so that missing ones show here rather than in the service's log."""
    if url == "embedded":
        return []
    import pika
    import pika.exceptions

    from daemon.credentials import broker_url, missing_password

    found = []
    nodes = {"broker.url": url, **{f"broker.urls[{i}]": u for i, u in enumerate(more)}}
    for key, node in nodes.items():
        try:
            if missing_password(node):
                continue  # broker_url_problems says so
            params = pika.URLParameters(broker_url(node))
        except (ValueError, TypeError):
            continue  # the same
        try:
            connection = pika.BlockingConnection(params)
        except (pika.exceptions.AMQPError, OSError) as exc:
            found.append(
                _(
                    "{key}: cannot connect to RabbitMQ ({error}); "
                    "is it running, and are host, user and password right?"
                ).format(key=key, error=type(exc).__name__)
            )
            continue
        try:
            if settings is not None:
                found += _permission_problems(connection, key, settings)
                settings = None  # the cluster's permissions are the same on every node
        finally:
            if connection.is_open:
                connection.close()
    return found


def _permission_problems(connection: Any, key: str, settings: Settings) -> list[str]:
    """What the broker refuses the user, tried on a queue of the check's own that goes
    with its connection: configure (declare a `<prefix>.` queue), write (publish through
    the default exchange, as the service does every job) and read (take it back)."""
    import secrets

    import pika.exceptions

    prefix = settings.broker.prefix
    queue = f"{prefix}.check-{secrets.token_hex(4)}"
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.queue_declare(queue, exclusive=True, auto_delete=True)
        channel.basic_publish("", queue, b"check")
        channel.basic_get(queue, auto_ack=True)
        channel.close()
    except pika.exceptions.ChannelClosedByBroker as exc:
        return [
            _(
                "{key}: RabbitMQ refuses this user: {reason}; grant the permissions "
                "of docs/operations.md (RabbitMQ with TLS and its own user) for broker.prefix "
                "{prefix}"
            ).format(key=key, reason=exc.reply_text, prefix=repr(prefix))
        ]
    except (pika.exceptions.AMQPError, OSError) as exc:
        return [_(
            "{key}: RabbitMQ answered but failed ({error}); try again, and see the broker's log"
        ).format(key=key, error=type(exc).__name__)]
    return []


def review_problems(settings: Settings) -> list[str]:
    """The review station's TLS files and its store (docs/review.md)."""
    review = settings.review
    if not review.listen:
        return [_("review.listen: the review station needs an address (e.g. 0.0.0.0:8443)")]
    found = []
    files = {"review.tls_cert": review.tls_cert, "review.tls_key": review.tls_key,
             "review.client_ca": review.client_ca, "review.client_crl": review.client_crl}
    for key, path in files.items():
        if path is not None and not os.access(path, os.R_OK):
            found.append(_("{key}: {path} cannot be read; `yomitori init` makes demo "
                           "certificates, production uses the ward's (docs/review.md)")
                         .format(key=key, path=path))
    if review.client_crl is not None and review.client_ca is None:
        found.append(_("review.client_crl: set review.client_ca too, or the list is not used"))
    return [*found, *_writable("review.store", review.store)]


def notes(settings: Settings) -> list[str]:
    """What `yomitori check` mentions without failing: the service runs, but less well."""
    from handlers.ocr.models import missing_models

    found = []
    if settings.review.listen and settings.review.client_ca is None:
        found.append(_(
            "review.client_ca is not set, so any computer that reaches review.listen may "
            "use the review station; issue terminal certificates (docs/review.md)"
        ))
    readers = [d for d, dept in settings.departments.items() if dept.forms]
    missing = missing_models()
    if not readers or not missing:
        return found
    return [
        *found,
        _("departments {departments} read forms, but the form-field models "
          "{models} are not installed, so hand-written fields are read less "
          "accurately; install them with `yomitori models install` (docs/operations.md)")
        .format(departments=", ".join(readers), models=", ".join(missing))
    ]
