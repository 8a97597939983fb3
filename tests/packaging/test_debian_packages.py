"""The Debian packages come from one list, packaging/debian-packages.txt: the docs' apt
lines print it, scripts/setup.sh installs it, and every package on it exists."""

from __future__ import annotations

import re
import subprocess

from helpers import ROOT

OPERATIONS = ROOT / "docs" / "operations.md"


def listed(which: str) -> list[str]:
    done = subprocess.run([ROOT / "scripts" / "debian-packages.sh", which],
                          capture_output=True, text=True, check=True)
    return done.stdout.split()


def apt_lines(markdown: str) -> list[list[str]]:
    """The packages of each `apt-get install` command in the document's shell blocks."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", markdown, flags=re.S):
        joined = block.replace("\\\n", " ")
        for line in joined.splitlines():
            command = line.split("#", 1)[0].split()
            if command[:2] == ["apt-get", "install"]:
                found.append([word for word in command[2:] if not word.startswith("-")])
    return found


def test_the_docs_apt_lines_are_the_list() -> None:
    server, build = listed("server"), listed("build")
    assert set(server) < set(build)
    # The archive's server, then the source tree's, which builds systemd-python too.
    assert apt_lines(OPERATIONS.read_text("utf-8")) == [server, build]
    for needed in ("gcc", "python3-dev", "libsystemd-dev", "pkg-config", "python3-venv"):
        assert needed in build


def test_setup_installs_the_same_list() -> None:
    setup = (ROOT / "scripts" / "setup.sh").read_text("utf-8")
    assert "scripts/debian-packages.sh all" in setup
    assert "tesseract-ocr-jpn" not in setup, "a list of its own"
    assert set(listed("build")) < set(listed("all"))


def test_every_listed_package_is_known_to_apt() -> None:
    """A misspelt name would fail only on a fresh server; apt's cache knows them all."""
    names = listed("all")
    done = subprocess.run(["apt-cache", "show", "--no-all-versions", *names],
                          capture_output=True, text=True, check=False)
    shown = set(re.findall(r"^Package: (\S+)$", done.stdout, flags=re.M))
    assert shown == set(names), set(names) - shown
