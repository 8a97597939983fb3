"""The direction of imports (docs/architecture.md), as pyproject.toml's import-linter
contracts state it: they hold, they place every module, and they catch a library that
starts importing service code."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    contract = next(
        c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers"
    )
    return [name for layer in contract["layers"] for name in re.split(r"\s*[:|]\s*", layer)]


def modules() -> list[str]:
    found = []
    for package in ("daemon", "handlers"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found.append(".".join(parts))
    return found


def test_the_contracts_hold() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BROKEN" not in done.stdout


def test_every_module_has_a_layer() -> None:
    placed = layers()
    roots = {"daemon", "handlers", "daemon.ops", "daemon.cli.__main__"}  # no code of their own
    unplaced = [
        module
        for module in modules()
        if module not in roots
        and not any(module == layer or module.startswith(layer + ".") for layer in placed)
    ]
    assert unplaced == [], "add these modules to a layer in pyproject.toml"


def test_a_library_importing_service_code_is_caught(tmp_path: Path) -> None:
    for name in ("daemon", "handlers"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    text = tmp_path / "handlers" / "ocr" / "text.py"
    text.write_text(text.read_text("utf-8") + "\nfrom daemon.spool import Spool\n", "utf-8")
    done = lint_imports(tmp_path)
    assert done.returncode != 0
    assert "handlers.ocr.text -> daemon.spool" in done.stdout
