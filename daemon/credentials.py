"""systemd credentials: secrets handed to the service in `$CREDENTIALS_DIRECTORY`.

The units load them with `LoadCredential=`, so the files on disk stay readable by root
only and the service reads a private copy that exists only while it runs:

- `broker-password`: the RabbitMQ password, for a `broker.url` that names the user but no
  password (`amqps://yomitori@mq.example.lg.jp:5671/yomitori`);
- `ledger-signing.key`: the units point `paths.signing_key` at it with
  `YOMITORI_PATHS__SIGNING_KEY=%d/ledger-signing.key`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

BROKER_PASSWORD = "broker-password"


def credential(name: str, environ: Mapping[str, str] | None = None) -> bytes | None:
    """The credential `name`, or None when the process has no such credential."""
    folder = (os.environ if environ is None else environ).get("CREDENTIALS_DIRECTORY")
    if not folder:
        return None
    path = Path(folder) / name
    return path.read_bytes() if path.is_file() else None


def broker_url(url: str, environ: Mapping[str, str] | None = None) -> str:
    """`url` with the `broker-password` credential filled in when the URL has a user but no
    password; any other URL (or no credential) is returned as it is."""
    secret = credential(BROKER_PASSWORD, environ)
    if secret is None or not url.startswith(("amqp://", "amqps://")):
        return url
    parts = urlsplit(url)
    if not parts.username or parts.password is not None:
        return url
    user, _, host = parts.netloc.rpartition("@")
    password = quote(secret.decode("utf-8").strip(), safe="")
    return urlunsplit(parts._replace(netloc=f"{user}:{password}@{host}"))


def missing_password(url: str, environ: Mapping[str, str] | None = None) -> bool:
    """True when `url` names a user but no password, and no `broker-password` credential
    fills it in: the broker would refuse the login (and pika cannot even read the URL)."""
    if not url.startswith(("amqp://", "amqps://")):
        return False
    parts = urlsplit(url)
    if not parts.username or parts.password is not None:
        return False
    return credential(BROKER_PASSWORD, environ) is None
