"""Periods: calendar and the 15th-to-14th reporting cut-off."""

import datetime

import pytest

from socialwork.indicators.periods import (
    month_period,
    parse_period,
    period_containing,
    year_period,
)

D = datetime.date


def test_calendar_periods():
    assert (month_period(2024, 2, "calendar").start, month_period(2024, 2, "calendar").end) == (
        D(2024, 2, 1),
        D(2024, 2, 29),
    )
    assert year_period(2025, "calendar").end == D(2025, 12, 31)


def test_cutoff_periods_run_from_the_15th_to_the_14th():
    june = month_period(2026, 6, "cutoff15")
    assert (june.start, june.end, june.label) == (D(2026, 5, 15), D(2026, 6, 14), "06/2026")
    january = month_period(2026, 1, "cutoff15")
    assert january.start == D(2025, 12, 15)
    year = year_period(2026, "cutoff15")
    assert (year.start, year.end) == (D(2025, 12, 15), D(2026, 12, 14))


def test_day_after_the_cutoff_belongs_to_the_next_period():
    assert period_containing(D(2026, 6, 14), "month", "cutoff15").key == "2026-06"
    assert period_containing(D(2026, 6, 15), "month", "cutoff15").key == "2026-07"
    assert period_containing(D(2026, 12, 15), "year", "cutoff15").key == "2027"
    assert period_containing(D(2026, 12, 31), "month", "cutoff15").key == "2027-01"


def test_setting_chooses_the_mode(settings):
    settings.INDICATOR_PERIOD_MODE = "cutoff15"
    assert parse_period("2026-06").start == D(2026, 5, 15)
    settings.INDICATOR_PERIOD_MODE = "calendar"
    assert parse_period("2026-06").start == D(2026, 6, 1)


def test_half_open_instants_in_vietnam_time():
    period = month_period(2026, 6, "calendar")
    assert period.end_before.isoformat() == "2026-07-01T00:00:00+07:00"


@pytest.mark.parametrize("bad", ["", "26", "2026-13", "2026/06", "abcd"])
def test_bad_keys_refused(bad):
    with pytest.raises(ValueError):
        parse_period(bad)
