"""`make dist`: one archive that installs Yomitori on a server without internet access.

Usage: python -m scripts.dist [OUTDIR]   (default: dist)

Writes OUTDIR/yomitori-VERSION.tar holding, under yomitori-VERSION/:

- `wheels/`: the project's wheel and the wheel of every dependency it needs at run time, at
  the versions of requirements.lock (each download checked against the lock's SHA-256;
  systemd-python, which PyPI has as source only, built here), and `wheels/requirements.txt`
  naming each with the SHA-256 of the file in the archive, for `pip --require-hashes`;
- `models/`: the form-field model packages and the recognizer wheel, checked against their pins;
- `debian-packages.txt`: the Debian packages a server needs, with the versions this
  archive was built and tested with;
- `install.sh`, the configuration example, the units and rules of `packaging/`, the docs.

The build needs the network (PyPI and the npm registry, or pip's cache); the archive does
not. Downloads are cached in build/cache, so a second build is quick.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "cache"
SHIPPED = ("README.md", "config/yomitori.example.toml", "docs", "packaging")


def run(*command: str | Path) -> str:
    """Run a command; its output, or SystemExit with its output when it fails."""
    done = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(str(c) for c in command)}")
    return done.stdout


def version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        found: str = tomllib.load(fh)["project"]["version"]
    return found


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_wheels(house: Path) -> None:
    """Every wheel of the lock (downloaded and checked, or built from a checked source
    archive) and the project's own, into `house`."""
    pip = (sys.executable, "-m", "pip")
    run(*pip, "wheel", "--quiet", "--require-hashes", "--no-build-isolation", "--no-deps",
        "--wheel-dir", house, "-r", ROOT / "requirements.lock")
    run(*pip, "wheel", "--quiet", "--no-build-isolation", "--no-deps", "--wheel-dir", house, ROOT)


def runtime_wheels(house: Path, staged: Path) -> list[Path]:
    """The wheels the project needs at run time (the lock also pins the tools of
    development): what pip would install from `house` alone, resolved offline."""
    project = next(house.glob("yomitori-*.whl"))
    report = house / "report.json"
    run(sys.executable, "-m", "pip", "install", "--quiet", "--dry-run", "--ignore-installed",
        "--no-index", "--find-links", house, "--report", report, project)
    items = json.loads(report.read_text())["install"]
    wanted = [house / Path(item["download_info"]["url"]).name for item in items]
    report.unlink()
    staged.mkdir(parents=True)
    for wheel in wanted:
        shutil.copy2(wheel, staged / wheel.name)
    return [staged / wheel.name for wheel in wanted]


def requirements(wheels: list[Path]) -> str:
    """A requirements file pinning each wheel to its file's SHA-256."""
    lines = ["# Every wheel in this folder, pinned to its SHA-256 (install.sh installs these)."]
    for wheel in sorted(wheels):
        name, release = wheel.name.split("-")[:2]
        lines.append(f"{name}=={release} --hash=sha256:{sha256(wheel)}")
    return "\n".join(lines) + "\n"


def debian_packages() -> str:
    """The server's Debian packages as name=version, as installed where this was built."""
    names = run(ROOT / "scripts" / "debian-packages.sh", "server").split()
    listed = run("dpkg-query", "-W", "-f", "${Package}=${Version}\\n", *names)
    head = ("# The Debian packages a server needs (apt-get install, from the ward's mirror or\n"
            "# installation media); the versions are those this archive was tested with.\n")
    return head + listed


def stage(folder: Path) -> None:
    """Fill `folder` with everything the archive holds."""
    house = CACHE / "wheels"
    house.mkdir(parents=True, exist_ok=True)
    for old in house.glob("yomitori-*.whl"):
        old.unlink()  # the project's wheel is built afresh every time
    build_wheels(house)
    wheels = runtime_wheels(house, folder / "wheels")
    (folder / "wheels" / "requirements.txt").write_text(requirements(wheels))
    models = run(sys.executable, "-m", "daemon.cli", "models", "download", CACHE / "models")
    (folder / "models").mkdir()
    for line in models.split():
        shutil.copy2(line, folder / "models")
    (folder / "debian-packages.txt").write_text(debian_packages())
    for name in SHIPPED:
        source, target = ROOT / name, folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    shutil.copy2(ROOT / "packaging" / "install.sh", folder / "install.sh")


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "dist"
    out.mkdir(parents=True, exist_ok=True)
    name = f"yomitori-{version()}"
    archive = out / f"{name}.tar"
    with tempfile.TemporaryDirectory(dir=out) as work:
        stage(Path(work) / name)
        partial = Path(work) / archive.name
        # Wheels and model packages are compressed already: a plain tar is as small.
        with tarfile.open(partial, "w") as tar:
            tar.add(Path(work) / name, arcname=name)
        partial.replace(archive)
    print(archive)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
