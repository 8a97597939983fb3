"""The usage report for the privacy council (利用状況の報告): per department and month, how
many scans came in, were delivered, quarantined and wiped, how many pages were read with
which form, and which personal-information categories those forms handled.

Counts come from the ledger only (`claimed`, `delivered`, `quarantined`, `wiped`,
`expired`; other events are ignored), by month in Japan Standard Time. Categories are the
`pii` tags recorded at delivery; a delivery read with several forms counts its tags under
each of them. `declared` adds the categories the form templates declare today.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from daemon.documents.period import in_month
from daemon.ledger.audit import Audit
from daemon.ledger.format import Record
from daemon.ledger.verify import Verification

ALL = "(all)"
NO_FORM = "(none)"
COLUMNS = (
    "month", "department", "title", "form", "deliveries", "pages", "pii", "pii_declared",
    "received", "quarantined", "sources_wiped", "bundles_expired", "quarantine_expired",
)  # fmt: skip
_FORM_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$")


@dataclass
class FormUsage:
    """Pages read with one form (`NO_FORM`: read as full text) and the deliveries they were in."""

    form: str
    deliveries: int = 0
    pages: int = 0
    pii: set[str] = field(default_factory=set)
    declared: set[str] = field(default_factory=set)


@dataclass
class DepartmentUsage:
    """One department's month: counts of ledger events and its forms."""

    department: str
    title: str
    received: int = 0
    deliveries: int = 0
    pages: int = 0
    quarantined: int = 0
    sources_wiped: int = 0
    bundles_expired: int = 0
    quarantine_expired: int = 0
    pii: set[str] = field(default_factory=set)
    forms: dict[str, FormUsage] = field(default_factory=dict)

    def form(self, name: str) -> FormUsage:
        """The usage of form `name`, made on first use."""
        return self.forms.setdefault(name, FormUsage(name))

    def ordered_forms(self) -> list[FormUsage]:
        """Forms by name, then the pages read without one."""
        return sorted(self.forms.values(), key=lambda f: (f.form == NO_FORM, f.form))


@dataclass
class Usage:
    """The report: departments by id, and the ledger's verification (None: not verified)."""

    month: str
    departments: list[DepartmentUsage]
    verification: Verification | None
    head_seq: int


def usage(
    ledger: Audit,
    month: str,
    titles: dict[str, str] | None = None,
    declared: dict[str, set[str]] | None = None,
) -> Usage:
    """Count `month` (YYYY-MM, JST); departments in `titles` appear even with nothing to count."""
    titles, declared = titles or {}, declared or {}
    found: dict[str, DepartmentUsage] = {
        dept: DepartmentUsage(dept, title or dept) for dept, title in titles.items()
    }
    for record in ledger.records:
        dept = record.department
        if dept is None or not in_month(record, month):
            continue
        row = found.setdefault(dept, DepartmentUsage(dept, titles.get(dept) or dept))
        _count(row, record)
    for row in found.values():
        for form in row.forms.values():
            form.declared = set(declared.get(form.form, ()))
    departments = [found[dept] for dept in sorted(found)]
    return Usage(month, departments, ledger.verification, ledger.head_seq)


def _count(row: DepartmentUsage, record: Record) -> None:
    event = record.event
    if event == "claimed":
        row.received += 1
    elif event == "quarantined":
        row.quarantined += 1
    elif event == "wiped":
        row.sources_wiped += 1
    elif event == "expired" and record.get("what") == "bundle":
        row.bundles_expired += 1
    elif event == "expired" and record.get("what") == "quarantine":
        row.quarantine_expired += 1
    elif event == "delivered":
        _delivered(row, record)


def _delivered(row: DepartmentUsage, record: Record) -> None:
    pages = _number(record.get("pages"))
    listed = record.get("forms")
    forms = {str(k): _number(v) for k, v in listed.items()} if isinstance(listed, dict) else {}
    tags = {t for t in record.get("pii") or () if isinstance(t, str)}
    row.deliveries += 1
    row.pages += pages
    row.pii |= tags
    for name, count in forms.items():
        if count:
            form = row.form(name)
            form.deliveries += 1
            form.pages += count
            form.pii |= tags
    if (rest := pages - sum(forms.values())) > 0:
        unformed = row.form(NO_FORM)
        unformed.deliveries += 1
        unformed.pages += rest
        if not any(forms.values()):
            unformed.pii |= tags


def declared_pii(forms_dir: Path, names: Iterable[str]) -> dict[str, set[str]]:
    """The `pii` tags of the fields of each named form template in `forms_dir`, where its
    `<name>.toml` can be read; other names are left out."""
    declared: dict[str, set[str]] = {}
    for name in names:
        if not _FORM_NAME.match(name):
            continue
        try:
            with (forms_dir / f"{name}.toml").open("rb") as fh:
                fields = tomllib.load(fh).get("fields", [])
        except (OSError, tomllib.TOMLDecodeError):
            continue
        if isinstance(fields, list):
            tags = (f.get("pii") for f in fields if isinstance(f, dict))
            declared[name] = {t for t in tags if isinstance(t, str) and t}
    return declared


def form_names(ledger: Audit, month: str) -> set[str]:
    """Every form named by a delivery in `month`."""
    names: set[str] = set()
    for record in ledger.records:
        forms = record.get("forms")
        if record.event != "delivered" or not in_month(record, month):
            continue
        if isinstance(forms, dict):
            names.update(str(name) for name in forms)
    return names


def rows(report: Usage) -> list[list[str]]:
    """The CSV rows under `COLUMNS`: per department a `(all)` row, then one per form."""
    out: list[list[str]] = []
    for dept in report.departments:
        declared = set().union(*(f.declared for f in dept.forms.values()))
        out.append(
            [
                report.month, dept.department, dept.title, ALL,
                str(dept.deliveries), str(dept.pages), _tags(dept.pii), _tags(declared),
                str(dept.received), str(dept.quarantined), str(dept.sources_wiped),
                str(dept.bundles_expired), str(dept.quarantine_expired),
            ]
        )  # fmt: skip
        for form in dept.ordered_forms():
            out.append(
                [
                    report.month, dept.department, dept.title, form.form,
                    str(form.deliveries), str(form.pages), _tags(form.pii), _tags(form.declared),
                    "", "", "", "", "",
                ]
            )  # fmt: skip
    return out


def to_csv(report: Usage) -> str:
    """The report as CSV text (header line first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows(report))
    return buffer.getvalue()


def _tags(tags: set[str]) -> str:
    return ";".join(sorted(tags))


def _number(value: object) -> int:
    return value if type(value) is int and value > 0 else 0
