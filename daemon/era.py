"""Japanese eras (元号) and fiscal years (年度): the one place that knows their boundaries.

Dates people read show the era beside the Western date: `令和8年11月29日 (2026-11-29)`.
An era's first year is written 元年, and an era begins on the day its predecessor ended
(平成31年4月30日 is followed by 令和元年5月1日), so the same calendar year can carry two
eras. A fiscal year (年度) runs from 1 April to 31 March and is named by its first
calendar year; its era is the one in which that calendar year ends, which is how the
ministries wrote 令和元年度 for April 2019 to March 2020 although April 2019 was still
平成31年.

This module is a library: it imports nothing of the service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

JST = timezone(timedelta(hours=9), "JST")
"""Japan Standard Time (UTC+09:00, no daylight saving): the ward's calendar."""


@dataclass(frozen=True)
class Era:
    """An era: its name, its one-letter abbreviation, and its first and last day."""

    name: str
    letter: str
    start: date
    end: date | None  # None while it lasts


ERAS: tuple[Era, ...] = (
    Era("令和", "R", date(2019, 5, 1), None),
    Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
    Era("大正", "T", date(1912, 7, 30), date(1926, 12, 24)),
)
"""Newest first. Dates before 大正 are refused: no form or ledger of the ward carries them."""

BY_NAME = {era.name: era for era in ERAS}
BY_LETTER = {era.letter: era for era in ERAS}


def era_of(day: date) -> Era:
    """The era `day` falls in; ValueError before 大正 (30 July 1912)."""
    for era in ERAS:
        if day >= era.start:
            return era
    raise ValueError(f"{day.isoformat()} is before the 大正 era (1912-07-30)")


def era_year(day: date) -> tuple[Era, int]:
    """The era of `day` and the year within it (1 for 元年)."""
    era = era_of(day)
    return era, day.year - era.start.year + 1


def year_text(year: int) -> str:
    """An era year as written: 元 for the first, the number otherwise."""
    return "元" if year == 1 else str(year)


def japanese(day: date) -> str:
    """`day` in the era only: `令和元年5月1日`."""
    era, year = era_year(day)
    return f"{era.name}{year_text(year)}年{day.month}月{day.day}日"


def dated(day: date, *, full_width: bool = False) -> str:
    """`day` in the era with the Western date beside it: `令和8年11月29日 (2026-11-29)`,
    or with full-width parentheses `令和8年11月29日（2026-11-29）` when `full_width`."""
    western = day.isoformat()
    if full_width:
        return f"{japanese(day)}（{western}）"
    return f"{japanese(day)} ({western})"


def local(moment: datetime) -> datetime:
    """An aware `moment` in Japan Standard Time; ValueError for a naive one."""
    if moment.tzinfo is None:
        raise ValueError("a time without a time zone cannot be placed in the ward's calendar")
    return moment.astimezone(JST)


def parse_time(stamp: str) -> datetime | None:
    """An RFC 3339 time (`Z` allowed) in Japan Standard Time, or None if it is not one."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return None if moment.tzinfo is None else moment.astimezone(JST)


def dated_time(moment: datetime, *, full_width: bool = False, seconds: bool = False) -> str:
    """An aware time as its Japan date in the era, the Western date and the clock:
    `令和8年11月29日 (2026-11-29) 16:10`."""
    here = local(moment)
    clock = f"{here:%H:%M:%S}" if seconds else f"{here:%H:%M}"
    return f"{dated(here.date(), full_width=full_width)}{'' if full_width else ' '}{clock}"


def fiscal_year(day: date) -> int:
    """The fiscal year (年度) `day` belongs to, named by its first calendar year: 1 April
    2026 to 31 March 2027 is 2026."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_span(year: int) -> tuple[date, date]:
    """The first and last day of fiscal year `year`: 1 April `year` to 31 March `year`+1."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def fiscal_label(year: int) -> str:
    """Fiscal year `year` in the era: 2026 as `令和8年度`, 2019 as `令和元年度`, 1988 as
    `昭和63年度` (the era in which calendar year `year` ends)."""
    era, number = era_year(date(year, 12, 31))
    return f"{era.name}{year_text(number)}年度"


def fiscal_dated(year: int) -> str:
    """Fiscal year `year` in the era with the Western years: `令和8年度 (2026年度)`."""
    return f"{fiscal_label(year)} ({year}年度)"


def month_label(year: int, month: int) -> str:
    """A calendar month in the era with the Western month: `令和8年11月 (2026-11)`; the
    era is that of the month's last day, so May 2019 is 令和元年5月 and April 2019 平成31年4月."""
    last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    era, number = era_year(last)
    return f"{era.name}{year_text(number)}年{month}月 ({year}-{month:02d})"
