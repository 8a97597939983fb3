"""Documents issued for a configured deployment: which ledger they are drawn from, which
key signs them, and the titles the departments are known by.

The rendering and the signed data live in `certificate`, `report` and `render`; this is
where they meet the settings, so the command line only parses and prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from daemon.documents.certificate import (
    CertificateCheck,
    Heading,
    check_file,
    csv_of,
    heading_fields,
    issue,
    read_signed,
    signature_problem,
)
from daemon.documents.period import Period
from daemon.documents.render import templating
from daemon.documents.report import Usage, content, declared_pii, form_names, sign, usage
from daemon.errors import ConfigError, LedgerError
from daemon.ledger.audit import Audit, audit
from daemon.ledger.signing import fingerprint, load_or_create_signing_key
from daemon.ledger.verify import NO_PINS, Verification, verify
from daemon.ledger.witness import Witness, judge, parse_checkpoints, signed_by
from daemon.settings import Settings


@dataclass(frozen=True)
class IssuedCertificate:
    """A signed certificate document, its signed CSV, and the ledger it was drawn from."""

    signed: dict[str, Any]
    ledger: Audit
    csv: bytes = b""

    @property
    def items(self) -> int:
        count: int = self.signed["certificate"]["totals"]["items"]
        return count

    @property
    def ledger_verified(self) -> bool:
        return self.ledger.verification is not None and self.ledger.verification.ok


def pins_of(settings: Settings, given: Sequence[str] | None = None) -> list[str]:
    """The fingerprints to verify against: `given` (`--key`), else the configuration's;
    LedgerError when there are none."""
    pins = list(given or settings.ledger.fingerprints)
    if not pins:
        raise LedgerError(f"The ledger cannot be verified: {NO_PINS}.")
    return pins


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The configured ledger key, which must be the last one pinned; LedgerError otherwise
    (and, in plain words, when this user may not read it)."""
    key_file = settings.paths.signing_key
    try:
        present = key_file.is_file()
        key, _ = load_or_create_signing_key(key_file) if present else (None, None)
    except PermissionError:
        raise LedgerError(
            f"This user may not read the ledger signing key {key_file}: documents are issued "
            "by the janitor's user (the yomitori-documents service). Auditors read the issued "
            "documents in [documents] output instead."
        ) from None
    if key is None:
        raise LedgerError(f"No ledger signing key at {key_file}.")
    pins = pins_of(settings)
    mine = fingerprint(key.public_key())
    if mine != pins[-1]:
        raise LedgerError(
            f"The signing key {key_file} ({mine}) is not the last key pinned in [ledger] "
            f"fingerprints ({pins[-1]}), so nobody could check what it signs. Restore the "
            "matching key, or pin this one after `yomitori ledger rotate-key`."
        )
    return key


def heading(settings: Settings, number: int | None = None, lang: str | None = None) -> Heading:
    """Issuer, addressee and document number as `[documents]` configures them; without a
    running `number` the number is left blank to be written by hand (第　　号)."""
    docs = settings.documents
    text = None
    if docs.number_pattern and number is not None:
        text = docs.number_pattern.format(n=number)
    return Heading(
        issuer=docs.issuer,
        ward=docs.ward,
        section=docs.section,
        official=docs.official,
        addressee=docs.addressee,
        number=text,
        lang=lang or docs.lang,
        seal_box=docs.seal_box,
    )


def certificate(
    settings: Settings,
    department: str,
    period: str | Period,
    *,
    number: int | None = None,
    lang: str | None = None,
    csv_name: str | None = None,
    now: datetime | None = None,
) -> IssuedCertificate:
    """The deletion certificate of `department` for `period` (a Period or a month
    YYYY-MM), signed with the configured ledger key; ConfigError for a department neither
    configured nor in the ledger, LedgerError when no key is pinned or the key is not the
    last one pinned."""
    key = signing_key(settings)
    state = audit(settings.paths.ledger, pins_of(settings), known=[key.public_key()])
    dept = settings.departments.get(department)
    if dept is None and all(r.department != department for r in state.records):
        raise ConfigError(
            [f"--department: no department {department!r} configured or in the ledger"]
        )
    signed = issue(
        state,
        department,
        period,
        key,
        title=dept.title if dept else None,
        heading=heading(settings, number, lang),
        csv_name=csv_name,
        now=now,
        templates=settings.documents.templates,
    )
    return IssuedCertificate(signed, state, csv_of(signed, key))


def check_certificate(
    settings: Settings, path: Path, pins: Sequence[str] | None = None
) -> CertificateCheck:
    """Check a certificate file against this deployment's ledger and its pinned keys
    (`pins`, default the configuration's)."""
    state = audit(settings.paths.ledger, pins_of(settings, pins))
    return check_file(path, state.keys(), state, settings.documents.templates)


def usage_report(settings: Settings, period: str | Period) -> Usage:
    """The council's usage report for `period` (a Period or a month YYYY-MM); the ledger
    is verified when a key is pinned."""
    state = audit(settings.paths.ledger, settings.ledger.fingerprints or None)
    titles = {dept_id: dept.title for dept_id, dept in settings.departments.items()}
    unformed = {dept_id: dept.pii_items for dept_id, dept in settings.departments.items()}
    form_titles: dict[str, str] = {}
    declared = declared_pii(settings.paths.forms, form_names(state, period), form_titles)
    return usage(state, period, titles, declared, unformed, form_titles)


def signed_report(
    settings: Settings,
    period: str | Period,
    *,
    number: int | None = None,
    lang: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The usage report for `period`, signed with the ledger key (for the council's files)."""
    key = signing_key(settings)
    head = heading(settings, number, lang)
    data = content(
        usage_report(settings, period), heading=heading_fields(head), now=now, lang=head.lang
    )
    return sign(data, key, templating.fingerprint(settings.documents.templates))


def report_heading(settings: Settings, lang: str | None = None) -> dict[str, Any]:
    """The heading fields of an unsigned report."""
    return heading_fields(heading(settings, None, lang))



@dataclass(frozen=True)
class LedgerCheck:
    """`ledger verify` with witnesses: the verification and one finding per witness."""

    verification: Verification
    findings: list[tuple[bool, str]]
    ignored: int
    """Checkpoint lines not signed by a pinned key (anyone can write to the journal)."""

    @property
    def ok(self) -> bool:
        return self.verification.ok and all(ok for ok, _ in self.findings)


def verify_witnessed(
    directory: Path,
    pins: Sequence[str],
    certificates: Sequence[Path] = (),
    checkpoint_text: str | None = None,
) -> LedgerCheck:
    """Verify the ledger in `directory` against `pins`, and that it still holds the head
    each certificate and each signed journald checkpoint recorded."""
    signed = [(path, read_signed(path)[0]) for path in certificates]
    heads: list[tuple[Path, Witness | None]] = []
    for path, document in signed:
        ledger = document.get("certificate", {}).get("ledger", {})
        seq, head = ledger.get("head_seq"), ledger.get("head_sha256")
        valid = type(seq) is int and isinstance(head, str)
        heads.append((path, Witness(path.name, seq, head) if valid else None))
    checkpoints = parse_checkpoints(checkpoint_text or "")
    want = {w.seq for _, w in heads if w} | {c.seq for c in checkpoints}
    verification = verify(directory, pins, want=want)
    findings: list[tuple[bool, str]] = []
    for (path, document), (_, witness) in zip(signed, heads, strict=True):
        problem = signature_problem(document, verification.keys)
        if problem or witness is None:
            findings.append((False, f"{path.name}: not a witness: {problem or 'no ledger head'}"))
        else:
            findings.append(judge(witness, verification))
    genuine = [c for c in checkpoints if signed_by(c, verification.keys)]
    judged = [judge(Witness("journal checkpoint", c.seq, c.head), verification) for c in genuine]
    if failed := [text for ok, text in judged if not ok]:
        more = f" (and {len(failed) - 1} more checkpoints)" if len(failed) > 1 else ""
        findings.append((False, failed[0] + more))
    elif genuine:
        latest = max(c.seq for c in genuine)
        findings.append(
            (True, f"journal: {len(genuine)} signed checkpoints held, the latest at line {latest}")
        )
    return LedgerCheck(verification, findings, len(checkpoints) - len(genuine))
