"""The `yomitori` command line (CONTRACTS.md). Exit codes: 0 ok, 1 a check failed, 2 bad
usage or configuration."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from daemon.errors import ConfigError, LedgerError, YomitoriError

if TYPE_CHECKING:
    from daemon.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _config_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-c",
        "--config",
        help="configuration file (default $YOMITORI_CONFIG or /etc/yomitori/yomitori.toml)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yomitori", description="On-premises OCR for ward offices"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="create a ready-to-run embedded deployment in DIR")
    p.add_argument("dir", type=Path)
    p.add_argument(
        "--departments", default="kodomo,kokuho", help="comma-separated department ids"
    )
    p.add_argument(
        "--example-form",
        action="store_true",
        help="let the first department read the shipped example questionnaire (checkup-18m)",
    )

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
    p.add_argument(
        "--csv-encoding",
        choices=("utf-8-sig", "cp932"),
        default="utf-8-sig",
        help="encoding of the merged CSV (bundles may be in either)",
    )

    p = sub.add_parser("template", help="form templates")
    tsub = p.add_subparsers(dest="template_command", required=True)
    v = tsub.add_parser("preview", help="draw the template's boxes over its reference image")
    v.add_argument("template", type=Path)
    v.add_argument("-o", "--output", type=Path, required=True, help="PNG file to write")
    v = tsub.add_parser("check", help="list the template's problems (exit 2 when any)")
    v.add_argument("template", type=Path)

    p = sub.add_parser("ledger", help="the signed ledger")
    lsub = p.add_subparsers(dest="ledger_command", required=True)
    v = lsub.add_parser("verify", help="check the hash chain and every signature")
    _config_arg(v)
    v = lsub.add_parser(
        "rotate-key", help="sign the ledger with a new key from now on (stop the janitor first)"
    )
    _config_arg(v)
    v = lsub.add_parser(
        "certificate", help="deletion certificate (削除証明書) of one department and month"
    )
    _config_arg(v)
    v.add_argument("--department", help="department id, e.g. kodomo")
    v.add_argument("--month", help="YYYY-MM, counted in Japan Standard Time")
    v.add_argument("--format", choices=("html", "pdf"), default="html")
    v.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    v.add_argument(
        "--verify", type=Path, metavar="FILE", help="check a certificate (HTML, PDF or JSON)"
    )

    p = sub.add_parser("report", help="usage report for the privacy council")
    _config_arg(p)
    p.add_argument("--month", required=True, help="YYYY-MM, counted in Japan Standard Time")
    p.add_argument("--format", choices=("csv", "html"), default="csv")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")

    p = sub.add_parser("quarantine", help="quarantined jobs")
    qsub = p.add_subparsers(dest="quarantine_command", required=True)
    v = qsub.add_parser("release", help="put a quarantined scan back into the pipeline")
    _config_arg(v)
    v.add_argument("job_id")
    p = sub.add_parser("models", help="Tesseract models for reading form fields")
    msub = p.add_subparsers(dest="models_command", required=True)
    v = msub.add_parser("install", help="install the second-opinion models (about 45 MB)")
    v.add_argument("--dir", type=Path, help="folder to install into (default "
                   "$YOMITORI_MODELS, else /usr/local/share/yomitori/models)")
    v.add_argument("--from", dest="sources", type=Path, action="append", default=[],
                   metavar="FILE", help="a package tarball downloaded beforehand "
                   "(jpn-1.0.0.tgz, eng-1.0.0.tgz; repeat), for servers without internet")
    msub.add_parser("status", help="which models are installed, and where")
    p = sub.add_parser("status", help="one-screen summary: backlog, broker, service processes")
    _config_arg(p)
    p.add_argument(
        "--metrics",
        action="append",
        metavar="HOST:PORT",
        help="a metrics endpoint to ask (repeat for each process; default: "
        "metrics.listen and the ports of the shipped systemd units)",
    )
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
    from daemon.deployment import init

    departments = [d.strip() for d in args.departments.split(",") if d.strip()]
    for line in init(args.dir, departments, example_form=args.example_form):
        print(line)
    config = args.dir / "yomitori.toml"
    print(f"\nStart it with:  yomitori run -c {config}")
    print(f"Drop scans into {args.dir}/scan/<department>/;")
    print(f"encrypted results appear in {args.dir}/outbox/<department>/")
    return EXIT_OK


def _settings(args: argparse.Namespace, strict: bool = False) -> Settings:
    """The settings of `-c`; `strict` also refuses what `yomitori check` would report."""
    from daemon.settings import config_path, load_checked, load_settings

    path = config_path(args.config)
    return load_checked(path) if strict else load_settings(path)


def cmd_run(args: argparse.Namespace) -> int:
    from daemon.durable import sha256_file
    from daemon.ops import logs
    from daemon.service import Service, roles_for
    from daemon.settings import config_path

    logs.setup(args.log_level, role=args.role)
    settings = _settings(args, strict=True)
    digest, _ = sha256_file(config_path(args.config))
    Service(settings, roles_for(args.role), config_sha256=digest).run()
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from daemon.ops.status import status
    from daemon.settings import config_path, load_settings

    return status(load_settings(config_path(args.config)), args.metrics)


def cmd_check(args: argparse.Namespace) -> int:
    from daemon.ops.checks import environment_notes, environment_problems
    from daemon.settings import config_path

    settings = _settings(args)
    found = environment_problems(settings, config_path(args.config))
    for line in found:
        print(f"yomitori: {line}", file=sys.stderr)
    for line in environment_notes(settings):
        print(f"yomitori: note: {line}", file=sys.stderr)
    if found:
        return EXIT_USAGE
    print("configuration and environment OK")
    return EXIT_OK


def cmd_ocr(args: argparse.Namespace) -> int:
    from handlers.forms.page import listing
    from handlers.forms.template import load_template
    from handlers.ocr.engine import create_engine
    from handlers.reader import read_scan

    templates = [load_template(args.form)] if args.form is not None else []
    engine = create_engine()
    status = EXIT_OK
    for path in args.files:
        try:
            result = read_scan(path, engine, languages=args.languages, templates=templates)
        except (YomitoriError, OSError) as exc:
            print(f"yomitori: {path}: {exc}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        if args.json:
            print(result.to_json(), flush=True)
        else:
            print(listing(result), flush=True)
    return status


def cmd_keygen(args: argparse.Namespace) -> int:
    import pyrage

    from daemon.deployment import identity_file, write_private

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
    from handlers.forms.table import merge

    identities = read_identities(args.identity)
    status = EXIT_OK
    tables: list[bytes] = []
    for bundle in args.bundles:
        try:
            archive = open_bundle(bundle, identities)
        except Exception as exc:
            print(
                f"yomitori: {bundle}: cannot decrypt ({exc}); is it for this identity?",
                file=sys.stderr,
            )
            status = EXIT_FAILED
            continue
        target = args.output / bundle.name.removesuffix(".age")
        target.mkdir(parents=True, exist_ok=True)
        archive.extractall(target)
        print(f"{bundle} -> {target}")
        if "fields.csv" in archive.namelist():
            tables.append(archive.read("fields.csv"))
    if args.csv is not None:
        data, rows = merge(tables, args.csv_encoding)
        args.csv.write_bytes(data)
        print(f"{rows} form rows -> {args.csv} ({args.csv_encoding})")
    return status


def cmd_template(args: argparse.Namespace) -> int:
    from handlers.forms.template import load_template, template_problems

    if args.template_command == "check":
        found = template_problems(args.template)
        for problem in found:
            print(f"yomitori: {problem}", file=sys.stderr)
        if found:
            return EXIT_USAGE
        print(f"{args.template}: template OK")
        return EXIT_OK
    from handlers.forms.preview import write_preview

    print(write_preview(load_template(args.template), args.output))
    return EXIT_OK


def cmd_ledger(args: argparse.Namespace) -> int:
    return LEDGER_COMMANDS[args.ledger_command](args)


def cmd_ledger_rotate(args: argparse.Namespace) -> int:
    from daemon.ledger.keys import rotate_signing_key

    settings = _settings(args)
    print(rotate_signing_key(settings.paths.signing_key, settings.paths.ledger))
    return EXIT_OK


def cmd_quarantine(args: argparse.Namespace) -> int:
    from daemon.ledger.keys import open_ledger
    from daemon.spool import Spool
    from handlers.quarantine import release

    settings = _settings(args)
    spool = Spool(settings.paths.spool)
    manifest = release(spool, settings.paths.quarantine, open_ledger(settings), args.job_id)
    print(
        f"released {args.job_id} as job {manifest.job_id}; the running service takes it up "
        f"within {settings.intake.rescan_seconds:.0f} s"
    )
    return EXIT_OK


def cmd_ledger_verify(args: argparse.Namespace) -> int:
    from daemon.ledger.signing import load_public_key
    from daemon.ledger.verify import verify

    settings = _settings(args)
    result = verify(settings.paths.ledger, load_public_key(settings.paths.ledger))
    if result.ok:
        print(f"ledger intact: {result.lines} lines verified")
        return EXIT_OK
    print(f"ledger BROKEN: {result.first_bad}", file=sys.stderr)
    return EXIT_FAILED


def cmd_ledger_certificate(args: argparse.Namespace) -> int:
    from daemon.documents.certificate import check_file, issue
    from daemon.documents.period import parse_month
    from daemon.documents.render import certificate_html, certificate_pdf
    from daemon.ledger.audit import audit
    from daemon.ledger.signing import load_or_create_signing_key, load_public_key
    from daemon.ledger.writer import Ledger

    if args.verify is not None:
        settings = _settings(args)
        first = load_public_key(settings.paths.ledger)
        state = audit(settings.paths.ledger, first)
        result = check_file(args.verify, state.keys(first), state)
        print("\n".join(result.findings))
        return EXIT_OK if result.ok else EXIT_FAILED
    if not args.department:
        raise ConfigError(["--department: name the department by its id (e.g. kodomo)"])
    month = parse_month(args.month)
    if args.format == "pdf" and args.output is None:
        raise ConfigError(["--format pdf: name the file to write with -o FILE"])
    settings = _settings(args)
    if not settings.paths.signing_key.is_file():
        raise LedgerError(f"No ledger signing key at {settings.paths.signing_key}.")
    key, _ = load_or_create_signing_key(settings.paths.signing_key)
    Ledger(settings.paths.ledger, key)  # refuses a key that does not sign this ledger now
    state = audit(settings.paths.ledger, load_public_key(settings.paths.ledger))
    dept = settings.departments.get(args.department)
    if dept is None and all(r.department != args.department for r in state.records):
        raise ConfigError(
            [f"--department: no department {args.department!r} configured or in the ledger"]
        )
    signed = issue(state, args.department, month, key, title=dept.title if dept else None)
    if args.format == "pdf":
        _write_output(args.output, certificate_pdf.render(signed))
    else:
        _write_output(args.output, certificate_html.render(signed).encode())
    count = signed["certificate"]["totals"]["items"]
    print(f"certificate {args.department} {month}: {count} items wiped", file=sys.stderr)
    if state.verification is None or not state.verification.ok:
        print("yomitori: the ledger FAILED verification; the certificate says so", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from daemon.documents.period import parse_month
    from daemon.documents.render import report_html
    from daemon.documents.report import declared_pii, form_names, to_csv, usage
    from daemon.ledger.audit import audit
    from daemon.ledger.signing import PUBLIC_KEY_NAME, load_public_key

    month = parse_month(args.month)
    settings = _settings(args)
    ledger = settings.paths.ledger
    key = load_public_key(ledger) if (ledger / PUBLIC_KEY_NAME).exists() else None
    state = audit(ledger, key)
    titles = {dept_id: dept.title for dept_id, dept in settings.departments.items()}
    declared = declared_pii(settings.paths.forms, form_names(state, month))
    result = usage(state, month, titles, declared)
    if args.format == "html":
        _write_output(args.output, report_html.render(result).encode())
    else:  # a BOM in files, so spreadsheet programs read the Japanese titles as UTF-8
        text = to_csv(result)
        _write_output(args.output, ("\ufeff" + text if args.output else text).encode())
    return EXIT_OK


def cmd_models(args: argparse.Namespace) -> int:
    from handlers.ocr import models
    if args.models_command == "install":
        folder = args.dir or models.model_dirs()[0]  # $YOMITORI_MODELS, else the system's
        try:
            written = models.install(folder, args.sources)
        except OSError as exc:
            raise YomitoriError(
                f"cannot write the models into {folder} ({exc.strerror}); run as root, "
                "or choose a folder with --dir and set YOMITORI_MODELS to it for the service"
            ) from exc
        for path in written:
            print(path)
        if folder.resolve() not in {d.resolve() for d in models.model_dirs()}:
            print(f"set YOMITORI_MODELS={folder} in the service's environment, so it finds "
                  "them", file=sys.stderr)
        return EXIT_OK
    for language in models.SECOND_OPINION:
        print(f"{language}\t{models.location(language) or 'not installed'}")
    missing = models.missing_models()
    if missing:
        print("yomitori: install the missing models with `yomitori models install`",
              file=sys.stderr)
    return EXIT_FAILED if missing else EXIT_OK


def _write_output(path: Path | None, data: bytes) -> None:
    """Write a document to `path`, or to standard output when None."""
    if path is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        path.write_bytes(data)


COMMANDS = {
    "init": cmd_init,
    "run": cmd_run,
    "check": cmd_check,
    "ocr": cmd_ocr,
    "keygen": cmd_keygen,
    "open": cmd_open,
    "template": cmd_template,
    "ledger": cmd_ledger,
    "quarantine": cmd_quarantine,
    "report": cmd_report,
    "status": cmd_status,
    "models": cmd_models,
}
LEDGER_COMMANDS = {
    "verify": cmd_ledger_verify,
    "rotate-key": cmd_ledger_rotate,
    "certificate": cmd_ledger_certificate,
}

if __name__ == "__main__":
    sys.exit(main())
