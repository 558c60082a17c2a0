"""Working days and legal deadlines. Every deadline in the portal uses these.

    from socialwork.calendar.workdays import (
        is_working_day, add_working_days, working_day_deadline, working_days_between, add_hours)

- `is_working_day(d)`: Monday–Friday unless a holiday / compensatory day off;
  a Saturday or Sunday only when the table makes it a swapped working day.
- `add_working_days(start, n) -> date`: the n-th working day counted from the
  day AFTER `start` (a date, or an aware datetime read in local time). A
  request received on Friday with "3 working days" ends on Wednesday.
- `working_day_deadline(start, n) -> datetime`: the end of that day
  (23:59:59.999999) as an aware datetime in Asia/Ho_Chi_Minh.
- `working_days_between(start, end) -> int`: working days d with
  start < d <= end (so working_days_between(s, add_working_days(s, n)) == n);
  negative when end is before start. Use it for "answered within N days".
- `add_hours(moment, hours) -> datetime`: hour deadlines (the 12-hour rule)
  run straight through nights, weekends and holidays.
- `add_days(start, n) -> date`: a term of n (calendar) days counted from the
  day after `start`; when its last day is a day off, the term ends on the next
  working day (Civil Code 2015 Art. 148(5)). For the terms a law gives in
  "ngày" rather than "ngày làm việc".

The holiday table is read once per year and cached in the process for
CACHE_SECONDS; `clear_cache()` (called by the calendar's services on every
edit) drops it at once in this process, other processes see edits within
CACHE_SECONDS.
"""

from __future__ import annotations

import datetime
import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from .models import PublicHoliday

CACHE_SECONDS = 300
_cache: dict[int, tuple[float, frozenset[datetime.date], frozenset[datetime.date]]] = {}


def clear_cache() -> None:
    _cache.clear()


def _year(year: int) -> tuple[frozenset[datetime.date], frozenset[datetime.date]]:
    """(days off that would be working days, swapped working days) of a year."""
    cached = _cache.get(year)
    now = time.monotonic()
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1], cached[2]
    off, working = set(), set()
    for day, kind in PublicHoliday.objects.filter(date__year=year).values_list("date", "kind"):
        (working if kind == PublicHoliday.Kind.WORKING_DAY else off).add(day)
    result = (frozenset(off), frozenset(working))
    _cache[year] = (now, *result)
    return result


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            raise ValueError("naive datetime: pass an aware one (timezone.now())")
        return value.astimezone(local_tz()).date()
    return value


def is_working_day(day: datetime.date | datetime.datetime) -> bool:
    day = _as_date(day)
    off, working = _year(day.year)
    if day in working:
        return True
    if day in off:
        return False
    return day.weekday() < 5


def add_working_days(start: datetime.date | datetime.datetime, days: int) -> datetime.date:
    if days < 0:
        raise ValueError("days must be zero or more")
    day = _as_date(start)
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a working day, else the first working day after."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def add_days(start: datetime.date | datetime.datetime, days: int) -> datetime.date:
    if days < 0:
        raise ValueError("days must be zero or more")
    return next_working_day(_as_date(start) + datetime.timedelta(days=days))


def end_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=local_tz())


def working_day_deadline(start: datetime.date | datetime.datetime, days: int) -> datetime.datetime:
    return end_of_day(add_working_days(start, days))


def working_days_between(
    start: datetime.date | datetime.datetime, end: datetime.date | datetime.datetime
) -> int:
    first, last = _as_date(start), _as_date(end)
    sign = 1
    if last < first:
        first, last, sign = last, first, -1
    count = 0
    day = first
    while day < last:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return sign * count


def add_hours(moment: datetime.datetime, hours: float) -> datetime.datetime:
    if timezone.is_naive(moment):
        raise ValueError("naive datetime: pass an aware one (timezone.now())")
    return moment + datetime.timedelta(hours=hours)
