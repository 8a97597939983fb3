"""The era and fiscal-year functions every date people read goes through."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from daemon import era


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 12, 31), "令和元年12月31日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(2026, 11, 29), "令和8年11月29日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1912, 7, 30), "大正元年7月30日"),
    ],
)
def test_era_boundaries(day: date, text: str) -> None:
    assert era.japanese(day) == text


def test_before_taisho_is_refused() -> None:
    with pytest.raises(ValueError, match="大正"):
        era.japanese(date(1912, 7, 29))


def test_dated_shows_both_calendars() -> None:
    assert era.dated(date(2026, 11, 29)) == "令和8年11月29日 (2026-11-29)"
    assert era.dated(date(2019, 5, 1), full_width=True) == "令和元年5月1日（2019-05-01）"


def test_time_is_placed_in_japan() -> None:
    # 23:30 UTC on 30 April 2019 is already 1 May in Tokyo: the first day of 令和.
    moment = datetime(2019, 4, 30, 15, 30, tzinfo=UTC)
    assert era.dated_time(moment) == "令和元年5月1日 (2019-05-01) 00:30"
    assert era.dated_time(moment, full_width=True) == "令和元年5月1日（2019-05-01）00:30"
    assert era.parse_time("2019-04-30T14:59:59Z") == datetime(
        2019, 4, 30, 23, 59, 59, tzinfo=era.JST
    )
    assert era.parse_time("not a time") is None
    assert era.parse_time("2019-04-30T14:59:59") is None
    with pytest.raises(ValueError):
        era.local(datetime(2019, 4, 30))


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 4, 1), 2026),
        (date(2027, 3, 31), 2026),
        (date(2027, 4, 1), 2027),
        (date(2026, 3, 31), 2025),
        (date(2026, 1, 1), 2025),
    ],
)
def test_fiscal_year(day: date, year: int) -> None:
    assert era.fiscal_year(day) == year


def test_fiscal_span_and_label() -> None:
    assert era.fiscal_span(2026) == (date(2026, 4, 1), date(2027, 3, 31))
    assert era.fiscal_label(2026) == "令和8年度"
    assert era.fiscal_label(2019) == "令和元年度"
    assert era.fiscal_label(2018) == "平成30年度"
    assert era.fiscal_label(1988) == "昭和63年度"
    assert era.fiscal_label(1989) == "平成元年度"
    assert era.fiscal_dated(2026) == "令和8年度 (2026年度)"


def test_month_label() -> None:
    assert era.month_label(2019, 4) == "平成31年4月 (2019-04)"
    assert era.month_label(2019, 5) == "令和元年5月 (2019-05)"
    assert era.month_label(2026, 12) == "令和8年12月 (2026-12)"
