"""The documents' words and layout come from Jinja2 templates, so that a ward can adjust
the wording without a release: the templates shipped in `daemon/documents/templates/`,
overridden file by file by those in `[documents] templates` when it is set.

Filters give every date the era beside the Western date (`daemon.era`), and never a host
name, file name or text read.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from daemon import era
from daemon.documents.period import display_era, from_dict, local_time
from daemon.documents.render import wording

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SHORT = 12
"""Hex digits of a hash shown in an appendix: enough to find the line in the signed CSV."""


def environment(extra: Path | None = None) -> Environment:
    """The templates of `extra` (a ward's own), then the shipped ones."""
    folders = [FileSystemLoader(str(extra))] if extra is not None else []
    env = Environment(
        loader=ChoiceLoader([*folders, FileSystemLoader(str(TEMPLATES))]),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        dated=_dated, dated_time=display_era, clock=_clock, day=_day, number=wording.number,
        short=short, pii=_pii, period=_period, fiscal=era.fiscal_dated, month=_month,
        issued=_issued,
    )  # fmt: skip
    return env


def render(name: str, extra: Path | None = None, **context: Any) -> str:
    """Template `name` filled with `context`."""
    return environment(extra).get_template(name).render(**context)


def fingerprint(extra: Path | None = None) -> str:
    """SHA-256 over the names and bytes of the templates in use: a page is compared with
    its signed data byte for byte only when it was made by these same templates."""
    digest = hashlib.sha256()
    chosen: dict[str, Path] = {}
    for folder in (TEMPLATES, *([extra] if extra is not None else [])):
        if folder.is_dir():
            for path in sorted(folder.glob("*.j2")):
                chosen[path.name] = path
    for name in sorted(chosen):
        digest.update(name.encode() + b"\0" + chosen[name].read_bytes() + b"\0")
    return digest.hexdigest()


def short(value: str | None) -> str:
    """A hash as its first `SHORT` hex digits and an ellipsis; `—` when there is none."""
    return f"{value[:SHORT]}…" if value else "—"


def _dated(value: object) -> str:
    if isinstance(value, date):
        return era.dated(value)
    moment = local_time(value)
    if moment is not None:
        return era.dated(moment.date())
    try:
        return era.dated(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _issued(stamp: object) -> str:
    """The issue date as written on an official document: `令和8年12月1日 (2026-12-01)`."""
    moment = local_time(stamp)
    return era.dated(moment.date()) if moment else str(stamp)


def _period(value: object, lang: str = "ja") -> str:
    period = from_dict(value)
    if period is None:
        return str(value)
    return f"{period.english} ({period.label})" if lang == "en" else period.label


def _pii(value: str, lang: str = "ja") -> str:
    return wording.pii(value) if lang == "en" else wording.pii_ja(value)


def _month(value: str) -> str:
    year, month = (int(part) for part in value.split("-"))
    return era.month_label(year, month)


def _clock(stamp: object) -> str:
    """A ledger time's clock, for appendix rows under their day: `10:00` (JST)."""
    moment = local_time(stamp)
    return f"{moment:%H:%M}" if moment else str(stamp)


def _day(stamp: object) -> str:
    """A ledger time's day in Japan, `2026-11-04`, heading the appendix rows of that day."""
    moment = local_time(stamp)
    return moment.date().isoformat() if moment else ""
