"""The usage report for the privacy council (利用状況の報告): per department and month, how
many scans came in, were delivered, quarantined and wiped, how many pages were read with
which form, and which personal-information categories those forms handled.

Counts come from the ledger only (`claimed`, `delivered`, `quarantined`, `wiped`,
`expired`; other events are ignored), by month in Japan Standard Time. Categories are the
`pii` tags recorded at delivery; a delivery read with several forms counts its tags under
each of them. `declared` adds the categories the form templates declare today.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from daemon.documents import appendix
from daemon.documents.period import Period, local_time, month_period
from daemon.ledger.audit import Audit
from daemon.ledger.format import Record, canonical
from daemon.ledger.signing import fingerprint
from daemon.ledger.verify import Verification

ALL = "(all)"
NO_FORM = "(none)"
UNDECLARED = "undeclared"
"""The item a form-less page carries when its department declared none (「未申告」)."""
MONTH_COLUMNS = (
    "received", "deliveries", "pages", "quarantined", "sources_wiped", "collected",
    "reviewed", "bundles_expired", "quarantine_expired",
)  # fmt: skip
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
    collected: int = 0
    reviewed: int = 0
    pii: set[str] = field(default_factory=set)
    forms: dict[str, FormUsage] = field(default_factory=dict)
    pii_pages: Counter[str] = field(default_factory=Counter)
    """Pages per personal-information item (`UNDECLARED` for form-less pages of a
    department that declared no `pii_items`)."""
    unformed_items: tuple[str, ...] = ()
    """The department's declared `pii_items` for its form-less pages."""

    def form(self, name: str) -> FormUsage:
        """The usage of form `name`, made on first use."""
        return self.forms.setdefault(name, FormUsage(name))

    def ordered_forms(self) -> list[FormUsage]:
        """Forms by name, then the pages read without one."""
        return sorted(self.forms.values(), key=lambda f: (f.form == NO_FORM, f.form))


@dataclass
class Usage:
    """The report: departments by id, and the ledger's verification (None: not verified).

    `months` holds, for each calendar month of the period, every department's counts
    added up (`MONTH_COLUMNS`); `form_titles` the titles of the forms by name.
    """

    month: str
    departments: list[DepartmentUsage]
    verification: Verification | None
    head_seq: int
    period: Period | None = None
    months: dict[str, Counter[str]] = field(default_factory=dict)
    form_titles: dict[str, str] = field(default_factory=dict)
    head_sha256: str = ""

    def pii_pages(self) -> Counter[str]:
        """Pages per personal-information item, all departments."""
        total: Counter[str] = Counter()
        for dept in self.departments:
            total.update(dept.pii_pages)
        return total


def usage(
    ledger: Audit,
    period: str | Period,
    titles: dict[str, str] | None = None,
    declared: dict[str, set[str]] | None = None,
    unformed: dict[str, list[str]] | None = None,
    form_titles: dict[str, str] | None = None,
) -> Usage:
    """Count `period` (a Period, or a month YYYY-MM; JST); departments in `titles` appear
    even with nothing to count. `unformed` holds each department's `pii_items`."""
    span = month_period(period) if isinstance(period, str) else period
    titles, declared, unformed = titles or {}, declared or {}, unformed or {}
    found: dict[str, DepartmentUsage] = {}

    def row_of(dept: str) -> DepartmentUsage:
        if dept not in found:
            items = tuple(unformed.get(dept, ()))
            found[dept] = DepartmentUsage(dept, titles.get(dept) or dept, unformed_items=items)
        return found[dept]

    for name in titles:
        row_of(name)
    months: dict[str, Counter[str]] = {month: Counter() for month in span.months()}
    for record in ledger.records:
        if record.department is None or not span.holds(record):
            continue
        before = _snapshot(row := row_of(record.department))
        _count(row, record)
        month = _month_of(record)
        if month in months:
            months[month].update(_difference(before, _snapshot(row)))
    for row in found.values():
        for form in row.forms.values():
            if form.form != NO_FORM:
                form.declared = set(declared.get(form.form, ()))
    departments = [found[dept] for dept in sorted(found)]
    return Usage(
        span.slug, departments, ledger.verification, ledger.head_seq, span, months,
        dict(form_titles or {}), ledger.head_sha256,
    )  # fmt: skip


def _snapshot(row: DepartmentUsage) -> dict[str, int]:
    return {name: getattr(row, name) for name in MONTH_COLUMNS}


def _difference(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {name: after[name] - before[name] for name in after if after[name] != before[name]}


def _month_of(record: Record) -> str | None:
    moment = local_time(record.time)
    return f"{moment:%Y-%m}" if moment else None


_COUNTERS = {
    "claimed": "received", "quarantined": "quarantined", "wiped": "sources_wiped",
    "collected": "collected", "bundle_wiped": "reviewed",
}  # fmt: skip
_EXPIRED = {"bundle": "bundles_expired", "quarantine": "quarantine_expired"}


def _count(row: DepartmentUsage, record: Record) -> None:
    event = record.event
    name = _COUNTERS.get(event)
    if event == "expired":
        name = _EXPIRED.get(str(record.get("what")))
    if name is not None:
        setattr(row, name, getattr(row, name) + 1)
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
            row.pii_pages.update(dict.fromkeys(tags, count))
    if (rest := pages - sum(forms.values())) > 0:
        unformed = row.form(NO_FORM)
        unformed.deliveries += 1
        unformed.pages += rest
        # Form-less pages carry what the department declared; with no declaration they
        # are counted as undeclared, never left out.
        carried = set(row.unformed_items) or {UNDECLARED}
        if not any(forms.values()):
            carried |= tags
        unformed.pii |= carried
        unformed.declared = set(row.unformed_items)
        row.pii |= carried
        row.pii_pages.update(dict.fromkeys(carried, rest))


def declared_pii(
    forms_dir: Path, names: Iterable[str], titles: dict[str, str] | None = None
) -> dict[str, set[str]]:
    """The `pii` tags of the fields of each named form template in `forms_dir`, where its
    `<name>.toml` can be read; other names are left out. The forms' titles (`[form]
    title`) go into `titles` when it is given."""
    declared: dict[str, set[str]] = {}
    for name in names:
        if not _FORM_NAME.match(name):
            continue
        try:
            with (forms_dir / f"{name}.toml").open("rb") as fh:
                template = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError):
            continue
        fields = template.get("fields", [])
        title = (
            template.get("form", {}).get("title")
            if isinstance(template.get("form"), dict)
            else None
        )
        if titles is not None and isinstance(title, str) and title:
            titles[name] = title
        if isinstance(fields, list):
            tags = (f.get("pii") for f in fields if isinstance(f, dict))
            declared[name] = {t for t in tags if isinstance(t, str) and t}
    return declared


def form_names(ledger: Audit, period: str | Period) -> set[str]:
    """Every form named by a delivery in `period`."""
    span = month_period(period) if isinstance(period, str) else period
    names: set[str] = set()
    for record in ledger.records:
        forms = record.get("forms")
        if record.event != "delivered" or not span.holds(record):
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


FORMAT = "yomitori-usage-report"
LAYOUT = 1
NO_HEADING: dict[str, Any] = {
    "issuer": {"issuer": "", "ward": "", "section": "", "official": ""},
    "addressee": "",
    "number": None,
    "seal_box": False,
}


def content(
    report: Usage,
    *,
    heading: dict[str, Any] | None = None,
    now: datetime | None = None,
    lang: str = "ja",
) -> dict[str, Any]:
    """The report as the data its pages are rendered from (and, issued, signed):
    counts and names only."""
    check = report.verification
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    period = report.period or month_period(report.month)
    return {
        "format": FORMAT,
        "layout": LAYOUT,
        "lang": lang,
        "period": period.as_dict(),
        "issued_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        **(heading or NO_HEADING),
        "departments": [_department(dept, report.form_titles) for dept in report.departments],
        "pii_pages": dict(sorted(report.pii_pages().items())),
        "months": [
            {"month": month, **{name: counts.get(name, 0) for name in MONTH_COLUMNS}}
            for month, counts in report.months.items()
        ],
        "ledger": {
            "head_seq": report.head_seq,
            "head_sha256": report.head_sha256,
            "verified": None if check is None else check.ok,
            "lines_verified": None if check is None else check.lines,
            "first_bad": None if check is None else check.first_bad,
        },
    }


def sign(data: dict[str, Any], key: Ed25519PrivateKey, templates: str) -> dict[str, Any]:
    """The signed report document: `{"report": data + key, "signature": {...}}`."""
    signed_data = {
        **data,
        "key": fingerprint(key.public_key()),
        "public_key": appendix.public_key_text(key),
        "templates": templates,
    }
    value = base64.b64encode(key.sign(canonical(signed_data))).decode()
    return {
        "report": signed_data,
        "signature": {"algorithm": "Ed25519", "key": signed_data["key"], "value": value},
    }


def _department(dept: DepartmentUsage, titles: dict[str, str]) -> dict[str, Any]:
    return {
        "department": dept.department,
        "title": dept.title,
        **{name: getattr(dept, name) for name in MONTH_COLUMNS},
        "pii": sorted(dept.pii),
        "pii_pages": dict(sorted(dept.pii_pages.items())),
        "unformed_items": list(dept.unformed_items),
        "forms": [
            {
                "form": form.form,
                "title": titles.get(form.form) if form.form != NO_FORM else None,
                "deliveries": form.deliveries,
                "pages": form.pages,
                "pii": sorted(form.pii),
                "declared": sorted(form.declared),
            }
            for form in dept.ordered_forms()
        ],
    }
