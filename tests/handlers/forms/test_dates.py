"""Japanese era dates and Western dates, normalised to ISO 8601."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.forms.dates import parse_date, to_era


@pytest.mark.parametrize(("text", "iso"), [
    ("平成31年4月30日", "2019-04-30"),  # the last day of 平成
    ("令和元年5月1日", "2019-05-01"),  # the first day of 令和
    ("令和1年5月1日", "2019-05-01"),
    ("令和6年4月18日", "2024-04-18"),
    ("平成元年1月8日", "1989-01-08"),
    ("昭和64年1月7日", "1989-01-07"),
    ("昭和元年12月25日", "1926-12-25"),
    ("大正15年12月24日", "1926-12-24"),
    ("令和 6 年 4 月 18 日", "2024-04-18"),  # Tesseract's spaces
    ("令和６年４月１８日", "2024-04-18"),  # full-width digits
    ("㋿6年4月18日", "2024-04-18"),
    ("㍻31年4月30日", "2019-04-30"),
    ("R6.4.18", "2024-04-18"),
    ("h31/4/30", "2019-04-30"),
    ("令和6年4月18", "2024-04-18"),  # the last 日 lost
    ("2024年4月18日", "2024-04-18"),
    ("2024/4/18", "2024-04-18"),
    ("2024-04-18", "2024-04-18"),
    ("2024.4.18", "2024-04-18"),
    ("20240418", "2024-04-18"),
    ("2024/2/29", "2024-02-29"),
])
def test_valid_dates_are_normalised(text: str, iso: str) -> None:
    parsed = parse_date(text)
    assert (parsed.iso, parsed.problem) == (iso, None)


@pytest.mark.parametrize(("text", "why"), [
    ("平成31年5月1日", "平成 ended on 2019-04-30"),
    ("令和元年4月30日", "令和 began on 2019-05-01"),
    ("昭和64年1月8日", "昭和 ended on 1989-01-07"),
    ("平成元年1月7日", "平成 began on 1989-01-08"),
    ("令和0年5月1日", "does not exist"),
    ("令和5年2月29日", "not a day of the calendar"),
    ("2023/2/29", "not a day of the calendar"),
    ("令和6年13月1日", "not a day of the calendar"),
    ("1024/4/18", "not a plausible date"),
    ("山田太郎", "not a date"),
    ("", "no date written"),
])
def test_invalid_dates_say_why_and_give_no_iso(text: str, why: str) -> None:
    parsed = parse_date(text)
    assert parsed.iso is None
    assert parsed.problem is not None and why in parsed.problem


def test_to_era_writes_the_first_year_as_gannen() -> None:
    assert to_era(date(2019, 5, 1)) == "令和元年5月1日"
    assert to_era(date(2019, 4, 30)) == "平成31年4月30日"
    assert to_era(date(2024, 4, 18)) == "令和6年4月18日"
    for day in (date(1989, 1, 7), date(1989, 1, 8), date(2019, 4, 30), date(2019, 5, 1)):
        assert parse_date(to_era(day)).iso == day.isoformat()


@pytest.mark.parametrize(("text", "iso"), [
    ("和5年8月5日", "2023-08-05"),  # 令 lost: 令和5年
    ("和元年5月3日", "2019-05-03"),
    ("和60年1月2日", "1985-01-02"),  # no 令和60年 yet: 昭和60年
    ("成31年4月30日", "2019-04-30"),
    ("正15年12月24日", "1926-12-24"),
])
def test_an_era_missing_its_first_character_is_completed_and_marked(text: str, iso: str) -> None:
    parsed = parse_date(text)
    assert (parsed.iso, parsed.guessed) == (iso, True)
    assert not parse_date("令和5年8月5日").guessed


def test_an_incomplete_era_that_fits_no_era_is_not_a_date() -> None:
    parsed = parse_date("成32年1月1日")  # 平成 has no 32nd year
    assert parsed.iso is None and parsed.problem is not None and "era" in parsed.problem
