"""What the command modules share: exit codes, the `-c` option, settings and output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from daemon.i18n import _

if TYPE_CHECKING:
    from daemon.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

Run = Callable[[argparse.Namespace], int]


def command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    run: Run,
    help: str,
    *,
    config: bool = False,
) -> argparse.ArgumentParser:
    """Add subcommand `name` that `run`s; with `config`, it takes `-c CONFIG`."""
    parser = commands.add_parser(name, help=help)
    parser.set_defaults(run=run)
    if config:
        parser.add_argument(
            "-c",
            "--config",
            help=_("configuration file (default $YOMITORI_CONFIG or /etc/yomitori/yomitori.toml)"),
        )
    return parser


def config_file(args: argparse.Namespace) -> Path:
    """The configuration file `-c` names, else the default."""
    from daemon.settings import config_path

    return config_path(args.config)


def settings(args: argparse.Namespace) -> Settings:
    """The type-checked settings of `-c`, for commands that only read what they name."""
    from daemon.settings import load_settings

    return load_settings(config_file(args))


def checked_settings(
    args: argparse.Namespace, roles: Iterable[str], *, strict: bool = False
) -> Settings:
    """The settings of `-c`, refused (ConfigError) on any problem `yomitori check` finds
    for `roles`."""
    from daemon.ops.checks import load_checked

    return load_checked(config_file(args), roles=roles, strict=strict)


def write_output(path: Path | None, data: bytes) -> None:
    """Write a document to `path`, or to standard output when None."""
    if path is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        path.write_bytes(data)
