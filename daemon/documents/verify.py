"""Checking an issued document (certificate or report; HTML, PDF, JSON or the signed CSV)
with nothing but the file and the ward's published key fingerprint.

A document is genuine when:
- its signed data verifies with the public key it carries, and that key's fingerprint is
  one the checker was given (`appendix.trusted_key`);
- what the page shows is that signed data. An HTML page made with the templates this
  installation ships is compared byte for byte with a fresh rendering of its data. A
  PDF, or a page made with a ward's own templates, is compared by its facts: the key
  fingerprint, the CSV's SHA-256 and, in order, the hash of every appendix line;
- for a certificate, the signed CSV beside it (when it is there) has the SHA-256 the
  certificate names, and its own signature verifies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from daemon.documents import appendix
from daemon.documents.appendix import Checked
from daemon.documents.render import certificate_html, pdf, report_html, templating
from daemon.errors import LedgerError
from daemon.ledger.format import canonical

KINDS = {"certificate": "yomitori-deletion-certificate", "report": "yomitori-usage-report"}
ATTACHMENTS = ("certificate.json", "report.json")
LAYOUTS = {"certificate": 2, "report": 1}
"""The page layouts this version renders; a page of another is not compared."""
_SHORT = re.compile(rf"([0-9a-f]{{{templating.SHORT}}})…")


@dataclass(frozen=True)
class Document:
    """A document file as read: its signed data, and the page around it (HTML text, or the
    text of a PDF's pages), None for a bare JSON."""

    signed: dict[str, Any]
    kind: str
    html: str | None = None
    text: str | None = None


def read(path: Path) -> Document | bytes:
    """The document in `path`, or its bytes when it is a CSV (checked on its own)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LedgerError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    html = text = None
    embedded: bytes | str | None = None
    if data.startswith(b"%PDF"):
        embedded = next((e for n in ATTACHMENTS if (e := pdf.attached(data, n))), None)
        text = pdf.text(data)
    else:
        page = data.decode("utf-8", "replace")
        stripped = page.lstrip("\ufeff \r\n\t")
        if stripped.startswith("{"):
            embedded = stripped
        elif stripped.startswith("<"):
            html = page
            embedded = certificate_html.extract(page) or report_html.extract(page)
        else:
            return data
    signed = _json_object(embedded) if embedded is not None else None
    kind = next((k for k in KINDS if isinstance(signed, dict) and k in signed), None)
    if signed is None or kind is None:
        raise LedgerError(f"{path} holds no signed Yomitori certificate or report.")
    if html is not None:
        text = visible_text(html)
    return Document(signed, kind, html, text)


def offline(path: Path, pins: Sequence[str]) -> Checked:
    """Check the document in `path` against the published fingerprints `pins`."""
    document = read(path)
    if isinstance(document, bytes):
        return appendix.check_csv(document, pins)
    content = document.signed[document.kind]
    public, why = appendix.trusted_key(content.get("public_key"), pins)
    if public is None:
        return Checked(False, [f"signature INVALID: {why}"])
    if content.get("format") != KINDS[document.kind]:
        return Checked(False, ["signature INVALID: the signed data is of an unknown kind"])
    value = document.signed.get("signature", {}).get("value")
    if not appendix.verifies(public, value, canonical(content)):
        return Checked(False, ["signature INVALID: the signed data was changed after signing"])
    results = [(True, f"signature valid: key {why}")]
    results.extend(page_findings(document))
    if document.kind == "certificate":
        results.append(csv_finding(content, path.parent, pins))
    return Checked(all(ok for ok, _ in results), [text for _, text in results])


def page_findings(document: Document, templates: Path | None = None) -> list[tuple[bool, str]]:
    """Whether the page shows its signed data (see the module docstring)."""
    content = document.signed[document.kind]
    if document.text is None:
        return []  # bare signed data: nothing printed to compare
    if content.get("layout") != LAYOUTS[document.kind]:
        return [(True, "page not compared: it was made by another version's layout")]
    if document.html is not None and content.get("templates") == templating.fingerprint(templates):
        again = _render(document, templates)
        if again == document.html:
            return [(True, "page matches its signed data")]
        return [(False, "page DIFFERS from its signed data (edited, or re-saved by a browser)")]
    problem = _fact_problem(content, document.text)
    if problem:
        return [(False, f"page DIFFERS from its signed data: {problem}")]
    return [(True, "page shows its signed data (key, CSV hash and every appendix line)")]


def csv_finding(content: dict[str, Any], folder: Path, pins: Sequence[str]) -> tuple[bool, str]:
    """Whether the signed CSV the certificate names, if it lies in `folder`, is that one."""
    listing = content.get("appendix_csv") or {}
    name = listing.get("name")
    if not isinstance(name, str) or not name or "/" in name:
        return True, "CSV not checked: the certificate names no CSV file"
    path = folder / name
    if not path.is_file():
        return True, f"CSV not checked: {name} is not beside the certificate"
    data = path.read_bytes()
    if appendix.sha256(data) != listing.get("sha256"):
        return False, f"CSV {name} DIFFERS from the one the certificate names (SHA-256)"
    checked = appendix.check_csv(data, pins)
    if not checked.ok:
        return False, f"CSV {name}: {checked.findings[0]}"
    return True, f"CSV {name} is the one certified ({listing.get('rows')} rows)"


def visible_text(page: str) -> str:
    """The text a browser shows of an HTML page (no script, style or head)."""
    parser = _Text()
    parser.feed(page)
    return "".join(parser.parts)


def _render(document: Document, templates: Path | None) -> str:
    if document.kind == "certificate":
        return certificate_html.render(document.signed, templates)
    return report_html.render_signed(document.signed, templates)


def _fact_problem(content: dict[str, Any], text: str) -> str | None:
    dense = re.sub(r"\s+", "", text)
    for label, value in (
        ("the key fingerprint", content.get("key")),
        ("the CSV's SHA-256", (content.get("appendix_csv") or {}).get("sha256")),
    ):
        if isinstance(value, str) and value and value not in dense:
            return f"{label} is not shown"
    items = content.get("items")
    if isinstance(items, list):
        want = [i["sha256"][: templating.SHORT] for i in items if i.get("sha256")]
        shown = _SHORT.findall(re.sub(r"[ \t]+", " ", text))
        if shown != want:
            return f"the appendix lists {len(shown)} hashes, the signed data {len(want)}" + (
                "" if len(shown) != len(want) else " (some differ)"
            )
    return None


def _json_object(text: str | bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


class _Text(HTMLParser):
    SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)
