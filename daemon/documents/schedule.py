"""The documents issued on schedule (`yomitori documents issue --due`, started on the 1st
of each month by yomitori-documents.timer): last month's deletion certificate for every
department and last month's usage report; in April also the report of the fiscal year
that ended in March.

Each goes into `[documents] output` as HTML and PDF (a certificate also as its signed
CSV), mode 0640, so that the `yomitori-audit` group (the folder's group, set-group-ID)
can read them and nobody else. A document whose PDF is there already is not issued again,
so a run that failed half-way, or a missed month (`--today`), fills in only what is
missing. Document numbers run from `[documents] first_number` in each fiscal year
(`numbers.json` in the folder). One issuer works at a time (an exclusive lock on `.lock`
in the folder): the timer and a run by hand never issue a document twice or give two
documents one number.
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from daemon import era
from daemon.documents import issue as documents
from daemon.documents.period import Period, fiscal_period, month_period
from daemon.documents.render import certificate_html, certificate_pdf, pdf, report_html
from daemon.durable import write_atomic
from daemon.errors import ConfigError
from daemon.ledger.reader import lock
from daemon.settings import Settings

MODE = 0o640
NUMBERS = "numbers.json"


@dataclass(frozen=True)
class Due:
    """One document to issue: a department's certificate, or (department None) a report."""

    period: Period
    department: str | None = None

    @property
    def stem(self) -> str:
        if self.department is None:
            return f"report-{self.period.slug}"
        return f"certificate-{self.department}-{self.period.slug}"


def due(today: date, departments: list[str]) -> list[Due]:
    """What is due on `today`: last month's certificates and report; in April, also the
    report of the fiscal year that ended in March."""
    last_month = today.replace(day=1) - timedelta(days=1)
    month = month_period(f"{last_month:%Y-%m}")
    found = [Due(month, dept) for dept in sorted(departments)]
    found.append(Due(month))
    if today.month == 4:
        found.append(Due(fiscal_period(today.year - 1)))
    return found


def issue_all(
    settings: Settings,
    wanted: list[Due],
    now: datetime,
    *,
    lang: str | None = None,
    report: Callable[[str], None] = print,
) -> list[Path]:
    """Issue every document of `wanted` not issued yet into `[documents] output`; returns
    the files written. `report` is told of each document in one line."""
    folder = settings.documents.output
    if not folder.is_dir():
        raise ConfigError(
            [f"documents.output: {folder} does not exist; it is made by systemd-tmpfiles "
             "(packaging/systemd/tmpfiles.d/yomitori.conf)"]
        )  # fmt: skip
    documents.signing_key(settings)  # first: a user without the key gets told so, plainly
    written: list[Path] = []
    with lock(folder, fcntl.LOCK_EX):
        for item in wanted:
            if (folder / f"{item.stem}.pdf").exists():
                report(f"{item.stem}: issued already")
                continue
            number = _next_number(settings, folder, now)
            files = _issue_one(settings, item, number, now, lang)
            for name, data in files.items():
                write_atomic(folder / name, data, mode=MODE)
                written.append(folder / name)
            pages = pdf.pages(files[f"{item.stem}.pdf"])
            report(f"{item.stem}: issued ({pages} pages)")
    return written


def _issue_one(
    settings: Settings, item: Due, number: int, now: datetime, lang: str | None
) -> dict[str, bytes]:
    templates = settings.documents.templates
    if item.department is None:
        signed = documents.signed_report(settings, item.period, number=number, lang=lang, now=now)
        page = report_html.render_signed(signed, templates)
        return {
            f"{item.stem}.html": page.encode(),
            f"{item.stem}.pdf": _report_pdf(page, signed, now),
        }
    issued = documents.certificate(
        settings, item.department, item.period, number=number, lang=lang,
        csv_name=f"{item.stem}.csv", now=now,
    )  # fmt: skip
    return {
        f"{item.stem}.csv": issued.csv,
        f"{item.stem}.html": certificate_html.render(issued.signed, templates).encode(),
        f"{item.stem}.pdf": certificate_pdf.render(issued.signed, templates),
    }


def _report_pdf(page: str, signed: dict[str, Any], now: datetime) -> bytes:
    payload = json.dumps(signed, ensure_ascii=False, sort_keys=True).encode()
    return pdf.print_pdf(page, ("report.json", payload), now)


def _next_number(settings: Settings, folder: Path, now: datetime) -> int:
    """The next running number of the fiscal year of `now` (Japan time), and count it."""
    year = str(era.fiscal_year(era.local(now).date()))
    path = folder / NUMBERS
    try:
        numbers = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        numbers = {}
    numbers = numbers if isinstance(numbers, dict) else {}
    current = numbers.get(year)
    number = current if isinstance(current, int) else settings.documents.first_number
    numbers[year] = number + 1
    write_atomic(path, json.dumps(numbers, sort_keys=True).encode(), mode=MODE)
    return number
