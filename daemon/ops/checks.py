"""`yomitori check`: the settings against the machine they will run on.

One line per problem, naming the setting or the missing piece and what to do about it.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from daemon.errors import YomitoriError
from daemon.settings import Settings, problems


def _writable(key: str, folder: Path) -> list[str]:
    if folder.is_dir():
        return (
            []
            if os.access(folder, os.W_OK | os.X_OK)
            else [f"{key}: {folder} is not writable by this user"]
        )
    parent = next((p for p in folder.parents if p.exists()), None)
    if parent is None or not os.access(parent, os.W_OK | os.X_OK):
        return [
            f"{key}: {folder} does not exist and cannot be created; create it for the service user"
        ]
    return []


def languages_problems(languages: set[str], key: str) -> list[str]:
    from handlers.ocr.engine import available_languages

    try:
        have = available_languages()
    except YomitoriError as exc:
        return [f"{key}: {exc}"]
    missing = sorted(languages - have)
    return [
        f"{key}: Tesseract language {lang!r} is not installed; "
        f"apt-get install tesseract-ocr-{lang.replace('_', '-')}"
        for lang in missing
    ]


def broker_problems(url: str) -> list[str]:
    if url == "embedded":
        return []
    import pika
    import pika.exceptions

    from daemon.credentials import broker_url

    try:
        pika.BlockingConnection(pika.URLParameters(broker_url(url))).close()
    except (pika.exceptions.AMQPError, OSError) as exc:
        return [
            f"broker.url: cannot connect to RabbitMQ ({type(exc).__name__}); "
            "is it running, and are host, user and password right?"
        ]
    return []


def secret_problems(config: Path, settings: Settings) -> list[str]:
    """Files holding secrets that other users of the server can read."""
    found: list[str] = []
    password = urlsplit(settings.broker.url).password if settings.broker.url != "embedded" else None
    in_file = password and config.is_file() and password in config.read_text("utf-8", "replace")
    if in_file and config.stat().st_mode & 0o004:
        found.append(
            f"{config}: holds the broker password and is readable by every user; "
            f"chmod 640 {config} (or move the password to YOMITORI_BROKER__URL in the "
            "service environment)"
        )
    key = settings.paths.signing_key
    if key.exists() and key.stat().st_mode & 0o077:
        found.append(f"paths.signing_key: {key} is readable by other users; chmod 600 {key}")
    return found


def form_problems(settings: Settings) -> list[str]:
    """Problems inside the departments' form templates (missing ones are reported already)."""
    from handlers.forms.template import template_problems

    names = {form for dept in settings.departments.values() for form in dept.forms}
    found: list[str] = []
    for name in sorted(names):
        path = settings.paths.forms / f"{name}.toml"
        if path.is_file():
            found += template_problems(path)
    return found


def environment_notes(settings: Settings) -> list[str]:
    """What `yomitori check` mentions without failing: the service runs, but less well."""
    from handlers.ocr.models import missing_models

    readers = [d for d, dept in settings.departments.items() if dept.forms]
    missing = missing_models()
    if not readers or not missing:
        return []
    return [
        f"departments {', '.join(readers)} read forms, but the second-opinion models "
        f"{', '.join(missing)} are not installed, so hand-written fields are read less "
        "accurately; install them with `yomitori models install` (docs/operations.md)"
    ]


def environment_problems(settings: Settings, config: Path | None = None) -> list[str]:
    """Everything `yomitori check` reports; an empty list when the service can start."""
    found = problems(settings)
    if config is not None:
        found += secret_problems(config, settings)
    paths = settings.paths
    for key in ("spool", "quarantine", "ledger"):
        found += _writable(f"paths.{key}", getattr(paths, key))
    key_file = paths.signing_key
    if key_file.exists():
        if not os.access(key_file, os.R_OK):
            found.append(f"paths.signing_key: {key_file} is not readable by this user")
    else:
        found += _writable("paths.signing_key", key_file.parent)
    wanted = {"ocr.languages": settings.ocr.languages} | {
        f"departments.{d}.languages": dept.languages
        for d, dept in settings.departments.items()
        if dept.languages
    }
    for key, value in wanted.items():
        found += languages_problems(set(value.split("+")), key)
    found += form_problems(settings)
    for dept_id, dept in settings.departments.items():
        if dept.outbox.is_dir():
            found += _writable(f"departments.{dept_id}.outbox", dept.outbox)
    found += broker_problems(settings.broker.url)
    return found
