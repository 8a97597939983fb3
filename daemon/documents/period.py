"""Calendar months as the ward counts them: in Japan Standard Time (UTC+09:00, no DST).

The ledger stores times in UTC and names its files by UTC month; certificates and usage
reports count by the ward's own calendar instead, so a scan wiped at 08:30 on the 1st
(23:30 UTC the day before) belongs to the month the office saw it in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from daemon import era
from daemon.errors import ConfigError
from daemon.ledger.format import Record

JST = era.JST
OFFSET = "+09:00"
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^(19|20|21)\d{2}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_month(text: str | None, option: str = "--month") -> str:
    """`text` if it is a month `YYYY-MM`; ConfigError naming `option` otherwise."""
    if text is None or not _MONTH.match(text):
        raise ConfigError([f"{option}: expected a month as YYYY-MM (e.g. 2026-11), got {text!r}"])
    return text


def local_time(stamp: object) -> datetime | None:
    """A ledger `time` (RFC 3339) in Japan Standard Time, or None if it is not one."""
    if not isinstance(stamp, str):
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(JST)


def in_month(record: Record, month: str) -> bool:
    """Whether the record's time falls in `month` (YYYY-MM) in Japan Standard Time."""
    moment = local_time(record.time)
    return moment is not None and moment.strftime("%Y-%m") == month


def display(stamp: object) -> str:
    """A ledger time for people: `2026-11-26 16:10:16` (JST), or the raw value if unparsable."""
    moment = local_time(stamp)
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else str(stamp)


def display_era(stamp: object) -> str:
    """A ledger time in the era and Western calendars: `令和8年11月26日 (2026-11-26) 16:10`."""
    moment = local_time(stamp)
    return era.dated_time(moment) if moment else str(stamp)


def heading(month: str) -> str:
    """`2026-11` as `2026年11月`."""
    year, number = month.split("-")
    return f"{year}年{int(number)}月"


@dataclass(frozen=True)
class Period:
    """The days a document covers, first and last included, in Japan Standard Time.

    `kind` is `month`, `fiscal-year` or `range`; `slug` names the period in file names
    (`2026-11`, `FY2026`, `2026-04-01_2026-06-30`).
    """

    kind: str
    first: date
    last: date

    @property
    def slug(self) -> str:
        if self.kind == "month":
            return f"{self.first:%Y-%m}"
        if self.kind == "fiscal-year":
            return f"FY{self.first.year}"
        return f"{self.first.isoformat()}_{self.last.isoformat()}"

    @property
    def label(self) -> str:
        """The period as people read it: `令和8年11月 (2026-11)`, `令和8年度 (2026年度)` or
        `令和8年4月1日 (2026-04-01) から 令和8年6月30日 (2026-06-30) まで`."""
        if self.kind == "month":
            return era.month_label(self.first.year, self.first.month)
        if self.kind == "fiscal-year":
            return era.fiscal_dated(self.first.year)
        return f"{era.dated(self.first)} から {era.dated(self.last)} まで"

    @property
    def english(self) -> str:
        """The period in English: `November 2026`, `fiscal year 2026 (April 2026 to March
        2027)` or `2026-04-01 to 2026-06-30`."""
        if self.kind == "month":
            return f"{self.first:%B %Y}"
        if self.kind == "fiscal-year":
            return (
                f"fiscal year {self.first.year} (April {self.first.year} to March {self.last.year})"
            )
        return f"{self.first.isoformat()} to {self.last.isoformat()}"

    def months(self) -> list[str]:
        """Every calendar month (YYYY-MM) the period touches, in order."""
        out, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def holds(self, record: Record) -> bool:
        """Whether the record's time falls in the period (Japan Standard Time)."""
        moment = local_time(record.time)
        return moment is not None and self.first <= moment.date() <= self.last

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "first": self.first.isoformat(), "last": self.last.isoformat()}


def month_period(month: str) -> Period:
    """The calendar month `YYYY-MM`."""
    year, number = (int(part) for part in parse_month(month).split("-"))
    following = date(year + number // 12, number % 12 + 1, 1)
    return Period("month", date(year, number, 1), following - timedelta(days=1))


def fiscal_period(text: str | int) -> Period:
    """Fiscal year `YYYY` (年度): 1 April YYYY to 31 March YYYY+1."""
    if isinstance(text, str) and not _YEAR.match(text):
        raise ConfigError(
            [f"--fiscal-year: expected a year as YYYY (e.g. 2026 for 令和8年度), got {text!r}"]
        )
    first, last = era.fiscal_span(int(text))
    return Period("fiscal-year", first, last)


def range_period(first: str | None, last: str | None) -> Period:
    """The days from `first` to `last` (YYYY-MM-DD), both included."""
    start, end = _day(first, "--from"), _day(last, "--to")
    if end < start:
        raise ConfigError([f"--to: {last} is before --from {first}"])
    return Period("range", start, end)


def parse_period(
    month: str | None = None,
    fiscal_year: str | None = None,
    first: str | None = None,
    last: str | None = None,
) -> Period:
    """The one period the options name: `--month`, `--fiscal-year`, or `--from` with `--to`."""
    given = [month is not None, fiscal_year is not None, first is not None or last is not None]
    if sum(given) != 1:
        raise ConfigError(
            [
                "name one period: --month YYYY-MM, --fiscal-year YYYY, or --from YYYY-MM-DD "
                "--to YYYY-MM-DD"
            ]
        )
    if month is not None:
        return month_period(month)
    if fiscal_year is not None:
        return fiscal_period(fiscal_year)
    return range_period(first, last)


def from_dict(value: object) -> Period | None:
    """A period as `as_dict` wrote it, or None."""
    if not isinstance(value, dict):
        return None
    try:
        return Period(
            str(value["kind"]),
            date.fromisoformat(str(value["first"])),
            date.fromisoformat(str(value["last"])),
        )
    except (KeyError, ValueError):
        return None


def _day(text: str | None, option: str) -> date:
    try:
        if text is None or not _DAY.match(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            [f"{option}: expected a day as YYYY-MM-DD (e.g. 2026-04-01), got {text!r}"]
        ) from None
