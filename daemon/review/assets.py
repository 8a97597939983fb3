"""The station's static scripts with their subresource-integrity hashes.

Pages load every script as `<script type="module" src integrity>`. The vendored libraries'
hashes come from `static/vendor/manifest.json` (written by scripts/vendor-js.sh) and are
checked against the files once; the station's own scripts are hashed when first served.
A module imported by URL that a page already loaded with `integrity` is taken from the
browser's module map, so the libraries' `<script>` tags come before the page's own.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from daemon.errors import YomitoriError

STATIC = Path(__file__).resolve().parent / "static"
VENDOR = STATIC / "vendor"


def sha384(path: Path) -> str:
    """The SRI value of a file: `sha384-<base64>`."""
    digest = hashlib.sha384(path.read_bytes()).digest()
    return "sha384-" + base64.b64encode(digest).decode("ascii")


@cache
def manifest() -> dict[str, dict[str, str | None]]:
    """The vendored libraries: name → version, file (under static/vendor) and integrity."""
    data: dict[str, dict[str, str | None]] = json.loads(
        (VENDOR / "manifest.json").read_text("utf-8")
    )
    return data


def integrity(relative: str) -> str:
    """The integrity of `static/<relative>` as it is now (hashed again when the file
    changes, so an upgrade without a restart never serves a stale hash); for a vendored
    file, the manifest's, which must match (else the installation was altered)."""
    path = STATIC / relative
    st = path.stat()
    return _integrity(relative, st.st_mtime_ns, st.st_size)


@cache
def _integrity(relative: str, mtime_ns: int, size: int) -> str:
    path = STATIC / relative
    actual = sha384(path)
    for name, entry in manifest().items():
        vendored = bool(entry.get("file")) and f"vendor/{entry['file']}" == relative
        if vendored and entry.get("integrity") != actual:
            raise YomitoriError(
                f"the vendored library {name} ({path}) does not match its manifest; "
                "reinstall Yomitori or run scripts/vendor-js.sh again"
            )
    return actual


def script(relative: str) -> Markup:
    """A module script tag for `static/<relative>` with its integrity."""
    return Markup('<script type="module" src="/static/{}" integrity="{}"></script>').format(
        escape(relative), integrity(relative)
    )


def library(name: str) -> Markup:
    """The script tag of vendored library `name` (a key of the manifest)."""
    file = manifest()[name]["file"]
    if not file:
        raise KeyError(name)
    return script(f"vendor/{file}")
