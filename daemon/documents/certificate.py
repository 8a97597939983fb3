"""The deletion certificate (削除証明書) of one department for one month, signed with the
ledger key.

It lists every wipe the ledger holds for the department in the month (Japan Standard
Time): sources wiped after delivery (`wiped`) and outbox bundles or quarantined jobs wiped
when their retention ran out (`expired`). Each item is what the ledger says: seq, time,
job id, SHA-256, size in bytes, pages, form page counts and method; never a file name or
text. The certificate also states the ledger's head (seq and SHA-256 of the last line),
which pins every line before it, and the result of verifying the whole ledger.

The signed document is `{"certificate": {...}, "signature": {"algorithm": "Ed25519",
"key": <fingerprint>, "value": <base64>}}`; the signature is over the canonical JSON
(`daemon.ledger.writer.canonical`) of `certificate`, which holds the key fingerprint too. The
HTML page carries it in a `<script type="application/json">` block and the PDF as the
attachment `certificate.json`; `check_file` verifies either.
"""

from __future__ import annotations

import base64
import binascii
import json
import socket
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from daemon.documents.period import OFFSET, in_month
from daemon.errors import LedgerError
from daemon.ledger.audit import Audit
from daemon.ledger.format import Record, canonical
from daemon.ledger.signing import fingerprint

FORMAT = "yomitori-deletion-certificate"
LAYOUT = 1
"""Version of the page layout; a page is compared with its signed data only in its own layout."""


@dataclass(frozen=True)
class WipedItem:
    """One wipe as the ledger records it; `kind` is `source`, `bundle` or `quarantine`."""

    seq: int
    time: str
    job_id: str | None
    kind: str
    sha256: str | None
    bytes: int | None
    pages: int | None
    forms: dict[str, int]
    method: str | None


@dataclass(frozen=True)
class CertificateCheck:
    """Result of `check_file`: `ok` when every finding is good; `findings` in plain words."""

    ok: bool
    findings: list[str]


def wiped_items(records: list[Record], department: str, month: str) -> list[WipedItem]:
    """The `wiped` and `expired` events of `department` in `month`, in ledger order."""
    items = []
    for record in records:
        if record.event not in ("wiped", "expired") or record.department != department:
            continue
        if not in_month(record, month):
            continue
        subject = record.get("subject")
        subject = subject if isinstance(subject, dict) else {}
        kind = "source" if record.event == "wiped" else str(record.get("what") or "unknown")
        items.append(
            WipedItem(
                seq=record.seq,
                time=record.time,
                job_id=record.job_id,
                kind=kind,
                sha256=_text(subject.get("sha256")) or None,
                bytes=_count(subject.get("bytes")),
                pages=_count(subject.get("pages")),
                forms=_forms(subject.get("forms")),
                method=_text(record.get("method")),
            )
        )
    return items


def issue(
    ledger: Audit,
    department: str,
    month: str,
    key: Ed25519PrivateKey,
    *,
    title: str | None = None,
    host: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The signed certificate document for `department` and `month` (YYYY-MM, JST)."""
    items = wiped_items(ledger.records, department, month)
    seqs = [r.seq for r in ledger.records if in_month(r, month)]
    check = ledger.verification
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    content: dict[str, Any] = {
        "format": FORMAT,
        "layout": LAYOUT,
        "department": department,
        "title": title or None,
        "month": month,
        "utc_offset": OFFSET,
        "issued_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "host": host if host is not None else socket.gethostname(),
        "items": [asdict(item) for item in items],
        "totals": {
            "items": len(items),
            "bytes": sum(item.bytes or 0 for item in items),
            "pages": sum(item.pages or 0 for item in items),
            "by_kind": dict(Counter(item.kind for item in items)),
        },
        "ledger": {
            "first_seq": min(seqs, default=None),
            "last_seq": max(seqs, default=None),
            "head_seq": ledger.head_seq,
            "head_sha256": ledger.head_sha256,
            "verified": None if check is None else check.ok,
            "lines_verified": None if check is None else check.lines,
            "first_bad": None if check is None else check.first_bad,
        },
        "key": fingerprint(key.public_key()),
    }
    signature = base64.b64encode(key.sign(canonical(content))).decode()
    return {
        "certificate": content,
        "signature": {"algorithm": "Ed25519", "key": content["key"], "value": signature},
    }


def signature_problem(signed: dict[str, Any], keys: list[Ed25519PublicKey]) -> str | None:
    """What is wrong with the signature of a certificate document, or None if it verifies
    with the one of `keys` it names."""
    content, signature = signed.get("certificate"), signed.get("signature")
    if not isinstance(content, dict) or not isinstance(signature, dict):
        return "the file holds no signed certificate data"
    if content.get("format") != FORMAT:
        return "the signed data is not a Yomitori deletion certificate"
    known = {fingerprint(key): key for key in keys}
    public_key = known.get(str(content.get("key")))
    if public_key is None:
        return f"signed with key {content.get('key')}, which is not a key of this ledger"
    try:
        value = base64.b64decode(str(signature.get("value")), validate=True)
        public_key.verify(value, canonical(content))
    except (InvalidSignature, binascii.Error, ValueError):
        return "the signature does not match the certificate data (it was changed after signing)"
    return None


def read_signed(path: Path) -> tuple[dict[str, Any], str | None]:
    """The signed document in a certificate file (HTML, PDF or JSON) and the file's text
    when it is an HTML page (to compare with its signed data), else None."""
    from daemon.documents.render import certificate_html, certificate_pdf

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LedgerError(f"Cannot read the certificate {path}: {exc.strerror or exc}.") from exc
    page: str | None = None
    embedded: str | bytes | None
    if data.startswith(b"%PDF"):
        embedded = certificate_pdf.extract(data)
    else:
        page = data.decode("utf-8", "replace")
        if page.lstrip().startswith("{"):
            embedded, page = page, None
        else:
            embedded = certificate_html.extract(page)
    signed = _json_object(embedded) if embedded is not None else None
    if signed is None:
        raise LedgerError(f"{path} holds no signed deletion certificate data.")
    return signed, page


def check_file(
    path: Path, keys: list[Ed25519PublicKey], ledger: Audit | None = None
) -> CertificateCheck:
    """Verify a certificate file: its signature by one of `keys`; for HTML, that the page
    shows its signed data; with `ledger`, that the ledger verifies and still holds the head
    line the certificate names."""
    signed, page = read_signed(path)
    problem = signature_problem(signed, keys)
    if problem:
        return CertificateCheck(False, [f"signature INVALID: {problem}"])
    content = signed["certificate"]
    results = [(True, f"signature valid: key {content['key']}")]
    if page is not None:
        results.append(_page_result(signed, page))
    if ledger is not None:
        results.extend(_ledger_results(content["ledger"], ledger))
    return CertificateCheck(all(ok for ok, _ in results), [text for _, text in results])


def _page_result(signed: dict[str, Any], page: str) -> tuple[bool, str]:
    from daemon.documents.render import certificate_html

    if signed["certificate"].get("layout") != LAYOUT:
        return True, "page not compared: it was made by another version's layout"
    if certificate_html.render(signed) == page:
        return True, "page matches its signed data"
    return False, "page DIFFERS from its signed data (edited, or re-saved by a browser)"


def _ledger_results(certified: dict[str, Any], ledger: Audit) -> list[tuple[bool, str]]:
    results = []
    if ledger.verification is not None and not ledger.verification.ok:
        results.append((False, f"ledger FAILS verification now: {ledger.verification.first_bad}"))
    seq, sha256 = certified["head_seq"], certified["head_sha256"]
    if seq == 0 or ledger.holds(seq, sha256):
        results.append((True, f"ledger still holds line {seq} as certified"))
    else:
        results.append(
            (
                False,
                f"ledger no longer holds line {seq} as certified (lines were removed or "
                "rewritten after the certificate was issued)",
            )
        )
    return results


def _json_object(text: str | bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _count(value: object) -> int | None:
    return value if type(value) is int and value >= 0 else None


def _forms(value: object) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in sorted(value.items()) if type(v) is int and v >= 0}
