"""The lock files: every dependency of pyproject.toml is pinned there with its hashes, and
`make setup` installed exactly what they pin. After changing dependencies, `make lock`."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK, BUILD_LOCK = ROOT / "requirements.lock", ROOT / "requirements-build.lock"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


class Pin:
    """One entry of a lock file: `name==version ; marker`, and its hashes."""

    def __init__(self, entry: str) -> None:
        requirement, *options = entry.split(" --hash=")
        self.requirement = Requirement(requirement)
        self.hashes = [f"--hash={option.strip()}" for option in options]
        [specifier] = self.requirement.specifier
        assert specifier.operator == "==", entry
        self.version = specifier.version

    @property
    def name(self) -> str:
        return canonicalize_name(self.requirement.name)

    def applies(self) -> bool:
        """Whether this entry is for the interpreter running the tests."""
        marker = self.requirement.marker
        return marker is None or marker.evaluate()


def pins(path: Path) -> list[Pin]:
    """The entries of a lock file, continuation lines joined and comments left out."""
    text = re.sub(r"\\\n\s*", " ", path.read_text("utf-8"))
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [Pin(line) for line in lines if line]


def declared() -> list[Requirement]:
    """Every dependency pyproject.toml names: the project's and all its extras'."""
    project = PYPROJECT["project"]
    names = project["dependencies"] + [
        dep for extra in project.get("optional-dependencies", {}).values() for dep in extra
    ]
    return [Requirement(name) for name in names]


def covered(requirement: Requirement, locked: list[Pin]) -> bool:
    """Whether a pin for this interpreter satisfies `requirement`."""
    return any(
        pin.name == canonicalize_name(requirement.name) and pin.applies()
        and requirement.specifier.contains(pin.version, prereleases=True)
        for pin in locked
    )


def test_every_dependency_and_dev_dependency_is_locked() -> None:
    locked = pins(LOCK)
    missing = [str(r) for r in declared() if not covered(r, locked)]
    assert not missing, f"not in requirements.lock: {missing}; run `make lock`"


def test_what_builds_the_project_is_locked_too() -> None:
    locked = pins(BUILD_LOCK)
    build = [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]
    assert all(covered(r, locked) for r in build), "run `make lock`"
    assert any(pin.name == "pip" for pin in locked)


def test_every_pin_has_hashes() -> None:
    for path in (LOCK, BUILD_LOCK):
        for pin in pins(path):
            assert pin.hashes and all(HASH.fullmatch(h) for h in pin.hashes), (path, pin.name)


def test_the_environment_holds_exactly_what_the_lock_pins() -> None:
    """`make setup` installed from the lock: each pin for this interpreter is what is here."""
    wrong = {
        pin.name: (pin.version, _installed(pin.name))
        for pin in pins(LOCK) + pins(BUILD_LOCK)
        if pin.applies() and _installed(pin.name) != pin.version
    }
    assert not wrong, f"pinned vs installed: {wrong}; run `make setup`"


def test_the_checks_can_fail() -> None:
    assert not covered(Requirement("no-such-package>=1"), pins(LOCK))
    assert not covered(Requirement("numpy<1"), pins(LOCK))
    assert sys.version_info >= (3, 11)


def test_setup_installs_from_the_locks_with_hashes_and_adds_nothing() -> None:
    setup = (ROOT / "scripts" / "setup.sh").read_text("utf-8")
    assert "--require-hashes" in setup
    assert "-r requirements-build.lock" in setup and "-r requirements.lock" in setup
    assert "--no-deps" in setup and "'.[dev]'" not in setup


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
