"""`yomitori ocr FILE…`: one-shot OCR without the service or encryption."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from daemon.cli.args import EXIT_FAILED, EXIT_OK, command
from daemon.errors import YomitoriError
from daemon.i18n import _, localize


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(commands, "ocr", run_ocr, _("one-shot OCR of files (no service, no encryption)"))
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--form", type=Path, help=_("form template (TOML)"))
    p.add_argument("--json", action="store_true",
                   help=_("print result.json, one document per line"))
    p.add_argument("--languages", default="jpn",
                   help=_("Tesseract languages (default jpn; vertical text is found by itself)"))


def run_ocr(args: argparse.Namespace) -> int:
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
            print(f"yomitori: {path}: {localize(str(exc))}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        print(result.to_json() if args.json else listing(result), flush=True)
    return status
