"""Reporting periods: calendar months and years in Vietnam's time zone, or the
reporting cut-off many provinces use (the 15th to the 14th; DOMAIN errata 9).

The mode comes from settings.INDICATOR_PERIOD_MODE ("calendar" | "cutoff15").
A period is labelled by the month or year in which it ends: with the cut-off,
"06/2026" runs 15/05/2026–14/06/2026 and "2026" runs 15/12/2025–14/12/2026.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from .models import PeriodKind

CALENDAR = "calendar"
CUTOFF15 = "cutoff15"
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def period_mode() -> str:
    mode = getattr(settings, "INDICATOR_PERIOD_MODE", CALENDAR)
    if mode not in (CALENDAR, CUTOFF15):
        raise ValueError(f"INDICATOR_PERIOD_MODE must be calendar or cutoff15, not {mode!r}")
    return mode


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return f"{self.end.year}"
        return f"{self.end.month:02d}/{self.end.year}"

    @property
    def key(self) -> str:
        """The form tasks and URLs carry: "2026" or "2026-06"."""
        if self.kind == PeriodKind.YEAR:
            return f"{self.end.year}"
        return f"{self.end.year}-{self.end.month:02d}"

    @property
    def start_at(self) -> datetime.datetime:
        """First instant of the period (aware, Vietnam time)."""
        return datetime.datetime.combine(self.start, datetime.time.min, tzinfo=VN)

    @property
    def end_before(self) -> datetime.datetime:
        """First instant after the period: intervals are half-open."""
        return datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=VN
        )

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def month_period(year: int, month: int, mode: str | None = None) -> Period:
    mode = mode or period_mode()
    if mode == CALENDAR:
        return Period(PeriodKind.MONTH, datetime.date(year, month, 1), _month_end(year, month))
    prev_year, prev_month = (year - 1, 12) if month == 1 else (year, month - 1)
    return Period(
        PeriodKind.MONTH, datetime.date(prev_year, prev_month, 15), datetime.date(year, month, 14)
    )


def year_period(year: int, mode: str | None = None) -> Period:
    mode = mode or period_mode()
    if mode == CALENDAR:
        return Period(PeriodKind.YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    return Period(PeriodKind.YEAR, datetime.date(year - 1, 12, 15), datetime.date(year, 12, 14))


def period_containing(day: datetime.date, kind: str, mode: str | None = None) -> Period:
    mode = mode or period_mode()
    if kind == PeriodKind.YEAR:
        period = year_period(day.year, mode)
        return period if period.contains(day) else year_period(day.year + 1, mode)
    period = month_period(day.year, day.month, mode)
    if period.contains(day):
        return period
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return month_period(year, month, mode)


def today() -> datetime.date:
    return timezone.now().astimezone(VN).date()


def current_periods() -> list[Period]:
    day = today()
    return [period_containing(day, PeriodKind.MONTH), period_containing(day, PeriodKind.YEAR)]


_KEY = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def parse_period(key: str, mode: str | None = None) -> Period:
    """ "2026" → the year 2026; "2026-06" → the month ending in June 2026."""
    match = _KEY.match(key or "")
    if not match:
        raise ValueError(key)
    year = int(match.group(1))
    if match.group(2) is None:
        return year_period(year, mode)
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(key)
    return month_period(year, month, mode)


def months_of(period: Period) -> list[Period]:
    """The month periods ending inside a year period (for trends)."""
    return [month_period(period.year, m) for m in range(1, 13)]


def baseline_year_for(year: int) -> int:
    """CTXH-03 compares with 2020 up to 2025, then with 2025 (DOMAIN §1.2).
    Here, not in services: the dashboard's selectors read it too."""
    return 2020 if year <= 2025 else 2025
