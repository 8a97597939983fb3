"""The usage report for the privacy council as one HTML page (templates in
`render.templating`); an issued report carries its signed data like a certificate."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from daemon.documents.render import templating
from daemon.documents.render.certificate_html import embedded_json
from daemon.documents.report import Usage, content

SCRIPT_ID = "yomitori-report"
TEMPLATE = "report.html.j2"
_EMBEDDED = re.compile(
    rf'<script type="application/json" id="{SCRIPT_ID}">\n(.*?)\n</script>', re.DOTALL
)


def render(report: Usage, templates: Path | None = None, lang: str = "ja") -> str:
    """The HTML page of an unsigned usage report."""
    return templating.render(
        TEMPLATE, templates, report=content(report, lang=lang), signed_json=None
    )


def render_signed(signed: dict[str, Any], templates: Path | None = None) -> str:
    """The HTML page of a signed report document (`report.sign`)."""
    return templating.render(
        TEMPLATE, templates, report=signed["report"], signed_json=embedded_json(signed)
    )


def extract(page: str) -> str | None:
    """The signed report's JSON embedded in a report page, or None."""
    found = _EMBEDDED.search(page)
    return found.group(1) if found else None
