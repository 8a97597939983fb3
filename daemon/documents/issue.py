"""Documents issued for a configured deployment: which ledger they are drawn from, which
key signs them, and the titles the departments are known by.

The rendering and the signed data live in `certificate`, `report` and `render`; this is
where they meet the settings, so the command line only parses and prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from daemon.documents.certificate import CertificateCheck, check_file, issue
from daemon.documents.report import Usage, declared_pii, form_names, usage
from daemon.errors import ConfigError, LedgerError
from daemon.ledger.audit import Audit, audit
from daemon.ledger.signing import PUBLIC_KEY_NAME, load_or_create_signing_key, load_public_key
from daemon.ledger.writer import Ledger
from daemon.settings import Settings


@dataclass(frozen=True)
class IssuedCertificate:
    """A signed certificate document and the state of the ledger it was drawn from."""

    signed: dict[str, Any]
    ledger: Audit

    @property
    def items(self) -> int:
        count: int = self.signed["certificate"]["totals"]["items"]
        return count

    @property
    def ledger_verified(self) -> bool:
        return self.ledger.verification is not None and self.ledger.verification.ok


def certificate(settings: Settings, department: str, month: str) -> IssuedCertificate:
    """The deletion certificate of `department` for `month` (YYYY-MM), signed with the
    configured ledger key; ConfigError for a department neither configured nor in the
    ledger, LedgerError when the key cannot sign this ledger."""
    key_file = settings.paths.signing_key
    if not key_file.is_file():
        raise LedgerError(f"No ledger signing key at {key_file}.")
    key, _ = load_or_create_signing_key(key_file)
    Ledger(settings.paths.ledger, key)  # refuses a key that does not sign this ledger now
    state = audit(settings.paths.ledger, load_public_key(settings.paths.ledger))
    dept = settings.departments.get(department)
    if dept is None and all(r.department != department for r in state.records):
        raise ConfigError(
            [f"--department: no department {department!r} configured or in the ledger"]
        )
    signed = issue(state, department, month, key, title=dept.title if dept else None)
    return IssuedCertificate(signed, state)


def check_certificate(settings: Settings, path: Path) -> CertificateCheck:
    """Check a certificate file against this deployment's ledger and its keys."""
    first = load_public_key(settings.paths.ledger)
    state = audit(settings.paths.ledger, first)
    return check_file(path, state.keys(first), state)


def usage_report(settings: Settings, month: str) -> Usage:
    """The council's usage report for `month` (YYYY-MM)."""
    ledger = settings.paths.ledger
    key = load_public_key(ledger) if (ledger / PUBLIC_KEY_NAME).exists() else None
    state = audit(ledger, key)
    titles = {dept_id: dept.title for dept_id, dept in settings.departments.items()}
    declared = declared_pii(settings.paths.forms, form_names(state, month))
    return usage(state, month, titles, declared)
