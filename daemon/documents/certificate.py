"""The deletion certificate (削除証明書) of one department for a period, signed with the
ledger key.

It lists every deletion the ledger holds for the department in the period (Japan Standard
Time): sources wiped after delivery (`wiped`), bundles the department collected from its
outbox (`collected`), bundles wiped after a completed review (`bundle_wiped`), and outbox
bundles, revisions or quarantined jobs wiped when their retention ran out (`expired`).
Each item is what the ledger says: seq, time, job id, SHA-256, size in bytes, pages, form
page counts and method; never a file name or text. The outcomes are counted (`outcomes`).
The certificate also states the ledger's head (seq and SHA-256 of the last line), which
pins every line before it, and the result of verifying the whole ledger.

The full list of items also goes into a signed CSV beside the certificate
(`appendix.signed_csv`), whose SHA-256 the certificate carries.

The signed document is `{"certificate": {...}, "signature": {"algorithm": "Ed25519",
"key": <fingerprint>, "value": <base64>}}`; the signature is over the canonical JSON
(`daemon.ledger.format.canonical`) of `certificate`, which holds the key fingerprint and
the public key too, so that a copy can be checked offline against the published
fingerprint (`daemon.documents.verify`). The HTML page carries it in a
`<script type="application/json">` block and the PDF as the attachment `certificate.json`.
"""

from __future__ import annotations

import base64
import binascii
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from daemon.documents import appendix, verify
from daemon.documents.period import OFFSET, Period, display, month_period
from daemon.documents.render import templating
from daemon.errors import LedgerError
from daemon.ledger.audit import Audit
from daemon.ledger.format import Record, canonical
from daemon.ledger.signing import fingerprint

FORMAT = "yomitori-deletion-certificate"
LAYOUT = 2
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


KINDS = {"wiped": "source", "bundle_wiped": "reviewed", "collected": "collected"}
"""Item kinds of the events other than `expired` (whose kind is its `what`)."""
OUTCOMES = ("collected", "reviewed", "bundle", "quarantine")
"""How a result ends: collected and deleted by the department; reviewed and completed at
the review station; expired, not collected; quarantined and expired."""
CSV_HEAD = (
    "seq",
    "time_jst",
    "job_id",
    "kind",
    "sha256",
    "bytes",
    "pages",
    "forms",
    "method",
)


def wiped_items(records: list[Record], department: str, period: str | Period) -> list[WipedItem]:
    """The wipes (`wiped`, `expired`, `bundle_wiped`) and collections of `department` in
    `period` (a Period, or a month YYYY-MM), in ledger order."""
    span = month_period(period) if isinstance(period, str) else period
    items = []
    for record in records:
        if record.event not in (*KINDS, "expired") or record.department != department:
            continue
        if not span.holds(record):
            continue
        subject = record.get("subject")
        subject = subject if isinstance(subject, dict) else {}
        kind = KINDS.get(record.event) or str(record.get("what") or "unknown")
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


@dataclass(frozen=True)
class Heading:
    """Who issues a document, to whom, under which number; all from `[documents]`."""

    issuer: str = ""
    ward: str = ""
    section: str = ""
    official: str = ""
    addressee: str = ""
    number: str | None = None
    lang: str = "ja"
    seal_box: bool = True


def issue(
    ledger: Audit,
    department: str,
    period: str | Period,
    key: Ed25519PrivateKey,
    *,
    title: str | None = None,
    host: str | None = None,
    now: datetime | None = None,
    heading: Heading | None = None,
    csv_name: str | None = None,
    templates: Path | None = None,
) -> dict[str, Any]:
    """The signed certificate document for `department` over `period` (a Period, or a
    month YYYY-MM, in Japan Standard Time). `host` is accepted for old callers and not
    printed: a certificate names no machine."""
    del host
    span = month_period(period) if isinstance(period, str) else period
    items = wiped_items(ledger.records, department, span)
    seqs = [r.seq for r in ledger.records if span.holds(r)]
    check = ledger.verification
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    head = heading or Heading()
    listing = appendix_csv([asdict(item) for item in items], key)
    content: dict[str, Any] = {
        "format": FORMAT,
        "layout": LAYOUT,
        "lang": head.lang,
        "department": department,
        "title": title or None,
        "month": span.slug if span.kind == "month" else None,
        "period": span.as_dict(),
        "utc_offset": OFFSET,
        "issued_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        **heading_fields(head),
        "items": [asdict(item) for item in items],
        "totals": {
            "items": len(items),
            "bytes": sum(item.bytes or 0 for item in items),
            "pages": sum(item.pages or 0 for item in items),
            "by_kind": dict(Counter(item.kind for item in items)),
        },
        "outcomes": outcomes(items),
        "appendix_csv": {
            "name": csv_name,
            "sha256": appendix.sha256(listing),
            "rows": len(items),
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
        "public_key": appendix.public_key_text(key),
        "templates": templating.fingerprint(templates),
    }
    signature = base64.b64encode(key.sign(canonical(content))).decode()
    return {
        "certificate": content,
        "signature": {"algorithm": "Ed25519", "key": content["key"], "value": signature},
    }


def outcomes(items: list[WipedItem]) -> dict[str, int]:
    """How many results ended each way (`OUTCOMES`), and how many sources were wiped."""
    counted = Counter(item.kind for item in items)
    found = {name: counted.get(name, 0) for name in OUTCOMES}
    found["sources"] = counted.get("source", 0)
    return found


def appendix_csv(items: list[dict[str, Any]], key: Ed25519PrivateKey) -> bytes:
    """The full list of a certificate's items as a signed CSV (`appendix.signed_csv`);
    the same items and key always give the same bytes (Ed25519 is deterministic)."""
    rows = (
        [
            item["seq"],
            display(item["time"]),
            item["job_id"] or "",
            item["kind"],
            item["sha256"] or "",
            _blank(item["bytes"]),
            _blank(item["pages"]),
            ";".join(f"{name}:{pages}" for name, pages in item["forms"].items()),
            item["method"] or "",
        ]
        for item in items
    )
    return appendix.signed_csv(CSV_HEAD, rows, key)


def csv_of(signed: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    """The signed CSV a certificate document names by its SHA-256."""
    return appendix_csv(signed["certificate"]["items"], key)


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
    when it is an HTML page, else None."""
    document = verify.read(path)
    if isinstance(document, bytes) or document.kind != "certificate":
        raise LedgerError(f"{path} holds no signed deletion certificate data.")
    return document.signed, document.html


def check_file(
    path: Path,
    keys: list[Ed25519PublicKey],
    ledger: Audit | None = None,
    templates: Path | None = None,
) -> CertificateCheck:
    """Verify a certificate file: its signature by one of `keys`; that the page (HTML or
    PDF) shows its signed data; with `ledger`, that the ledger verifies and still holds the
    head line the certificate names."""
    document = verify.read(path)
    if isinstance(document, bytes) or document.kind != "certificate":
        raise LedgerError(f"{path} holds no signed deletion certificate data.")
    problem = signature_problem(document.signed, keys)
    if problem:
        return CertificateCheck(False, [f"signature INVALID: {problem}"])
    content = document.signed["certificate"]
    results = [(True, f"signature valid: key {content['key']}")]
    results.extend(verify.page_findings(document, templates))
    if ledger is not None:
        results.extend(_ledger_results(content["ledger"], ledger))
    return CertificateCheck(all(ok for ok, _ in results), [text for _, text in results])


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


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _blank(value: int | None) -> str:
    return "" if value is None else str(value)


def _count(value: object) -> int | None:
    return value if type(value) is int and value >= 0 else None


def _forms(value: object) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in sorted(value.items()) if type(v) is int and v >= 0}


def heading_fields(head: Heading) -> dict[str, Any]:
    """What a signed document records of its heading: issuer, addressee, number, seal box."""
    return {
        "issuer": {
            "issuer": head.issuer,
            "ward": head.ward,
            "section": head.section,
            "official": head.official,
        },
        "addressee": head.addressee,
        "number": head.number,
        "seal_box": head.seal_box,
    }
