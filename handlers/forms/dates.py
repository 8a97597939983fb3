"""Dates as written on Japanese forms, normalised to ISO 8601.

Accepted, after NFKC (so full-width digits and the one-character era signs ㋿ ㍻ ㍼ ㍽
count) and with whitespace removed:

- era dates: 令和6年4月18日, 令和元年5月1日, R6.4.18, H31/4/30 (令和 R, 平成 H, 昭和 S,
  大正 T; 元 for the first year);
- Western dates: 2024年4月18日, 2024/4/18, 2024-04-18, 2024.4.18, 20240418.

A date that does not exist (2月30日) or lies outside its era (平成31年5月1日: 平成 ended on
30 April 2019, the day before 令和元年5月1日) is reported with a problem and no ISO value.

An era whose first character was lost (和6年4月18日, a common misreading of a hand-written
令和) is completed with the most recent era that ends in what is left and gives a day no
later than today (和 → 令和, else 昭和); such a date is marked `guessed`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from daemon import era as eras

ERAS: dict[str, tuple[date, date | None]] = {era.name: (era.start, era.end) for era in eras.ERAS}
_LETTERS = {letter: era.name for letter, era in eras.BY_LETTER.items()}
_MONTH_END = r"(?:月|[./-])"
_HALF_ERAS = {"和": ("令和", "昭和"), "成": ("平成",), "正": ("大正",)}  # newest first
_ERA_DATE = re.compile(
    rf"^(令和|平成|昭和|大正|[RHST]|[和成正])(元|\d{{1,2}})(?:年|[./-])(\d{{1,2}}){_MONTH_END}(\d{{1,2}})日?$"
)
_WESTERN_DATE = re.compile(rf"^(\d{{4}})(?:年|[./-])(\d{{1,2}}){_MONTH_END}(\d{{1,2}})日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
WESTERN_YEARS = (1868, 2200)  # years a form date may plausibly carry


@dataclass(frozen=True)
class ParsedDate:
    """`iso` (YYYY-MM-DD) when the text is a valid date, else `problem` says why not."""

    iso: str | None
    problem: str | None = None
    guessed: bool = False
    """The era was completed from its second character (see the module docstring)."""


def parse_date(text: str) -> ParsedDate:
    """Read `text` as a Japanese era date or a Western date (see the module docstring)."""
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()
    if not compact:
        return ParsedDate(None, "no date written")
    era_match = _ERA_DATE.match(compact)
    if era_match:
        year = 1 if era_match[2] == "元" else int(era_match[2])
        month, day = int(era_match[3]), int(era_match[4])
        if era_match[1] in _HALF_ERAS:
            return _half_era_date(_HALF_ERAS[era_match[1]], year, month, day)
        return _era_date(_LETTERS.get(era_match[1], era_match[1]), year, month, day)
    western = _WESTERN_DATE.match(compact) or _COMPACT_DATE.match(compact)
    if western:
        year, month, day = (int(part) for part in western.groups())
        if not WESTERN_YEARS[0] <= year <= WESTERN_YEARS[1]:
            return ParsedDate(None, f"year {year} is not a plausible date on a form")
        return _checked(year, month, day)
    return ParsedDate(None, "not a date (expected e.g. 令和6年4月18日 or 2024/4/18)")


def date_shaped(text: str) -> bool:
    """Whether `text` is written like a date (era or Western), whether or not that day
    exists: a recognizer may choose among readings by this, never by the day itself."""
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()
    return any(form.match(compact) for form in (_ERA_DATE, _WESTERN_DATE, _COMPACT_DATE))


def to_era(day: date) -> str:
    """`day` written the Japanese way, e.g. 令和元年5月1日 (first year as 元年)."""
    return eras.japanese(day)


def _era_date(era: str, year: int, month: int, day: int) -> ParsedDate:
    if year < 1:
        return ParsedDate(None, f"{era}{year}年 does not exist (the first year is 元年)")
    start, end = ERAS[era]
    parsed = _checked(start.year + year - 1, month, day)
    if parsed.iso is None:
        return parsed
    value = date.fromisoformat(parsed.iso)
    if value < start:
        return ParsedDate(None, f"{era} began on {start.isoformat()}")
    if end is not None and value > end:
        return ParsedDate(None, f"{era} ended on {end.isoformat()}")
    return parsed


def _half_era_date(eras: tuple[str, ...], year: int, month: int, day: int) -> ParsedDate:
    """The date in the newest of `eras` that gives a valid day no later than today."""
    parsed = ParsedDate(None, "not a date")
    for era in eras:
        parsed = _era_date(era, year, month, day)
        if parsed.iso is not None and date.fromisoformat(parsed.iso) <= date.today():
            return ParsedDate(parsed.iso, guessed=True)
    return ParsedDate(None, f"the era is incomplete and no era gives a past day ({parsed.problem})")


def _checked(year: int, month: int, day: int) -> ParsedDate:
    try:
        return ParsedDate(date(year, month, day).isoformat())
    except ValueError:
        return ParsedDate(None, f"{year}-{month:02d}-{day:02d} is not a day of the calendar")
