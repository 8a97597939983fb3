"""The deletion certificate as one HTML page, carrying its signed data.

The page is rendered from the signed document alone (with the templates of
`render.templating`), so the same templates give back a genuine page byte for byte. The
signed data sits in a `<script type="application/json">` block that no browser runs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from daemon.documents.render import templating

SCRIPT_ID = "yomitori-certificate"
TEMPLATE = "certificate.html.j2"
_EMBEDDED = re.compile(
    rf'<script type="application/json" id="{SCRIPT_ID}">\n(.*?)\n</script>', re.DOTALL
)


def embedded_json(signed: dict[str, Any]) -> Markup:
    """The signed document as JSON safe inside a `<script>` block."""
    text = json.dumps(signed, ensure_ascii=False, sort_keys=True, indent=1)
    return Markup(text.replace("</", "<\\/"))  # JSON, with `</` escaped


def render(signed: dict[str, Any], templates: Path | None = None) -> str:
    """The HTML page of a signed certificate document (see `daemon.documents.certificate`)."""
    return templating.render(
        TEMPLATE,
        templates,
        cert=signed["certificate"],
        signature=signed["signature"],
        signed_json=embedded_json(signed),
    )


def extract(page: str) -> str | None:
    """The signed document's JSON embedded in a certificate page, or None."""
    found = _EMBEDDED.search(page)
    return found.group(1) if found else None
