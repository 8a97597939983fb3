"""Calendar months as the ward counts them: in Japan Standard Time (UTC+09:00, no DST).

The ledger stores times in UTC and names its files by UTC month; certificates and usage
reports count by the ward's own calendar instead, so a scan wiped at 08:30 on the 1st
(23:30 UTC the day before) belongs to the month the office saw it in.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from daemon.errors import ConfigError
from daemon.ledger.format import Record

JST = timezone(timedelta(hours=9), "JST")
OFFSET = "+09:00"
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


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


def heading(month: str) -> str:
    """`2026-11` as `2026年11月`."""
    year, number = month.split("-")
    return f"{year}年{int(number)}月"
