"""The `yomitori` command line (CONTRACTS.md). Exit codes: 0 ok, 1 a check failed, 2 bad
usage or configuration."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from typing import TYPE_CHECKING

from daemon.errors import ConfigError, YomitoriError

if TYPE_CHECKING:
    from daemon.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _config_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-c", "--config", help="configuration file (default $YOMITORI_CONFIG or /etc/yomitori/yomitori.toml)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yomitori", description="On-premises OCR for ward offices")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="create a ready-to-run embedded deployment in DIR")
    p.add_argument("dir", type=Path)
    p.add_argument("--departments", default="kodomo,kokuho", help="comma-separated department ids")

    p = sub.add_parser("run", help="run the service")
    _config_arg(p)
    p.add_argument("--role", choices=("all", "watcher", "ocr", "janitor"), default="all")
    p.add_argument("--log-level", default="INFO")

    p = sub.add_parser("check", help="validate the configuration and the environment")
    _config_arg(p)

    p = sub.add_parser("ocr", help="one-shot OCR of files (no service, no encryption)")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--form", type=Path, help="form template (TOML)")
    p.add_argument("--json", action="store_true", help="print result.json, one document per line")
    p.add_argument("--languages", default="jpn+eng")

    p = sub.add_parser("keygen", help="new age identity for a department; prints its recipient")
    p.add_argument("-o", "--output", type=Path)

    p = sub.add_parser("open", help="decrypt and unpack bundles")
    p.add_argument("bundles", nargs="+", type=Path)
    p.add_argument("-i", "--identity", type=Path, required=True)
    p.add_argument("-o", "--output", type=Path, default=Path("."))
    p.add_argument("--csv", type=Path, help="merge the bundles' form rows into one CSV")

    p = sub.add_parser("ledger", help="the signed ledger")
    lsub = p.add_subparsers(dest="ledger_command", required=True)
    v = lsub.add_parser("verify", help="check the hash chain and every signature")
    _config_arg(v)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = COMMANDS[args.command]
    try:
        return handler(args)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"yomitori: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except YomitoriError as exc:
        print(f"yomitori: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_FAILED


def cmd_init(args: argparse.Namespace) -> int:
    from daemon.init import init

    departments = [d.strip() for d in args.departments.split(",") if d.strip()]
    for line in init(args.dir, departments):
        print(line)
    config = args.dir / "yomitori.toml"
    print(f"\nStart it with:  yomitori run -c {config}")
    print(f"Drop scans into {args.dir}/scan/<department>/; results appear in {args.dir}/outbox/<department>/")
    return EXIT_OK


def _settings(args: argparse.Namespace) -> Settings:
    from daemon.settings import config_path, load_checked

    return load_checked(config_path(args.config))


def cmd_run(args: argparse.Namespace) -> int:
    from daemon import logs
    from daemon.service import Service, roles_for

    logs.setup(args.log_level)
    settings = _settings(args)
    Service(settings, roles_for(args.role)).run()
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from daemon.checks import environment_problems

    settings = _settings(args)
    found = environment_problems(settings)
    for line in found:
        print(f"yomitori: {line}", file=sys.stderr)
    if found:
        return EXIT_USAGE
    print("configuration and environment OK")
    return EXIT_OK


def cmd_ocr(args: argparse.Namespace) -> int:
    from handlers.ocr.engine import create_engine
    from handlers.ocr.reader import read_scan

    if args.form is not None:
        raise ConfigError(["--form: form templates are not supported by this version yet"])
    engine = create_engine()
    status = EXIT_OK
    for path in args.files:
        try:
            result = read_scan(path, engine, languages=args.languages)
        except (YomitoriError, OSError) as exc:
            print(f"yomitori: {path}: {exc}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        if args.json:
            print(result.to_json(), flush=True)
        else:
            print(result.text, flush=True)
    return status


def cmd_keygen(args: argparse.Namespace) -> int:
    import pyrage

    from daemon.init import identity_file, write_private

    identity = pyrage.x25519.Identity.generate()
    if args.output is None:
        sys.stdout.write(identity_file(identity))
        print(f"Public key: {identity.to_public()}", file=sys.stderr)
    else:
        try:
            write_private(args.output, identity_file(identity))
        except FileExistsError:
            raise ConfigError([f"{args.output} already exists; choose another file"]) from None
        print(identity.to_public())
    return EXIT_OK


def cmd_open(args: argparse.Namespace) -> int:
    from handlers.bundle import open_bundle, read_identities

    identities = read_identities(args.identity)
    status = EXIT_OK
    merged: list[list[str]] = []
    header: list[str] | None = None
    for bundle in args.bundles:
        try:
            archive = open_bundle(bundle, identities)
        except Exception as exc:
            print(f"yomitori: {bundle}: cannot decrypt ({exc}); is it for this identity?", file=sys.stderr)
            status = EXIT_FAILED
            continue
        target = args.output / bundle.name.removesuffix(".age")
        target.mkdir(parents=True, exist_ok=True)
        archive.extractall(target)
        print(f"{bundle} -> {target}")
        if "fields.csv" in archive.namelist():
            rows = list(csv.reader(io.StringIO(archive.read("fields.csv").decode("utf-8-sig"))))
            if rows:
                header = header or rows[0]
                merged.extend(rows[1:])
    if args.csv is not None:
        with args.csv.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            if header:
                writer.writerow(header)
            writer.writerows(merged)
        print(f"{len(merged)} form rows -> {args.csv}")
    return status


def cmd_ledger(args: argparse.Namespace) -> int:
    from daemon.ledger import load_public_key, verify

    settings = _settings(args)
    result = verify(settings.paths.ledger, load_public_key(settings.paths.ledger))
    if result.ok:
        print(f"ledger intact: {result.lines} lines verified")
        return EXIT_OK
    print(f"ledger BROKEN: {result.first_bad}", file=sys.stderr)
    return EXIT_FAILED


COMMANDS = {
    "init": cmd_init,
    "run": cmd_run,
    "check": cmd_check,
    "ocr": cmd_ocr,
    "keygen": cmd_keygen,
    "open": cmd_open,
    "ledger": cmd_ledger,
}

if __name__ == "__main__":
    sys.exit(main())
