"""The deletion certificate as a PDF: its HTML page printed (`render.pdf`), carrying the
signed data as the attachment `certificate.json`."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from daemon.documents.render import certificate_html, pdf

ATTACHMENT = "certificate.json"


def render(signed: dict[str, Any], templates: Path | None = None) -> bytes:
    """The PDF of a signed certificate document (see `daemon.documents.certificate`)."""
    page = certificate_html.render(signed, templates)
    created = datetime.fromisoformat(signed["certificate"]["issued_at"].replace("Z", "+00:00"))
    payload = json.dumps(signed, ensure_ascii=False, sort_keys=True).encode()
    return pdf.print_pdf(page, (ATTACHMENT, payload), created)


def extract(data: bytes) -> bytes | None:
    """The signed document's JSON attached to a certificate PDF, or None."""
    return pdf.attached(data, ATTACHMENT)
