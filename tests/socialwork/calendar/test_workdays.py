import datetime
from zoneinfo import ZoneInfo

import pytest

from socialwork.calendar import services, workdays
from socialwork.calendar.models import PublicHoliday
from socialwork.calendar.workdays import (
    add_hours,
    add_working_days,
    is_working_day,
    working_day_deadline,
    working_days_between,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date


@pytest.fixture(autouse=True)
def _fresh_cache():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 2, 12), True),  # an ordinary Thursday
        (D(2026, 2, 15), False),  # Sunday
        (D(2026, 2, 17), False),  # Tết (mùng 1)
        (D(2025, 4, 26), True),  # Saturday made a working day (swap for 2/5)
        (D(2025, 5, 2), False),  # the Friday it was swapped with
        (D(2026, 4, 27), False),  # compensatory day: Giỗ Tổ fell on Sunday
        (D(2025, 9, 1), False),  # the day next to 2/9
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_deadline_across_tet_2026():
    # Received Friday 13/2/2026; 3 working days. Sat–Sun, Tết 16–20/2, Sat–Sun
    # are skipped: Mon 23 (1), Tue 24 (2), Wed 25 (3).
    assert add_working_days(D(2026, 2, 13), 3) == D(2026, 2, 25)
    deadline = working_day_deadline(D(2026, 2, 13), 3)
    assert deadline == datetime.datetime(2026, 2, 25, 23, 59, 59, 999999, tzinfo=HCM)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 25)) == 3
    assert working_days_between(D(2026, 2, 25), D(2026, 2, 13)) == -3


def test_ten_working_days_across_tet_2025():
    # From Monday 20/1/2025: 21–24/1 (4), Tết 27–31/1 skipped, 3–7/2 (9), 10/2 (10).
    assert add_working_days(D(2025, 1, 20), 10) == D(2025, 2, 10)


def test_swapped_saturday_counts_and_its_friday_does_not():
    assert add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)  # Saturday làm bù
    assert add_working_days(D(2025, 4, 25), 2) == D(2025, 4, 28)
    # 30/4, 1/5 holidays, 2/5 swapped day off, 3–4/5 weekend.
    assert add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)


def test_counting_starts_the_day_after_even_late_at_night():
    late_friday = datetime.datetime(2025, 4, 25, 23, 30, tzinfo=HCM)  # 16:30 UTC
    assert add_working_days(late_friday.astimezone(datetime.UTC), 2) == D(2025, 4, 28)
    assert add_working_days(D(2026, 3, 2), 0) == D(2026, 3, 2)


def test_twelve_hour_rule_runs_through_a_holiday_night():
    reported = datetime.datetime(2025, 4, 29, 20, 0, tzinfo=HCM)
    # 08:00 on 30/4, a holiday: hours never pause.
    assert add_hours(reported, 12) == datetime.datetime(2025, 4, 30, 8, 0, tzinfo=HCM)
    reported_tet = datetime.datetime(2026, 2, 16, 22, 15, tzinfo=HCM)
    assert add_hours(reported_tet, 12) == datetime.datetime(2026, 2, 17, 10, 15, tzinfo=HCM)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        add_hours(datetime.datetime(2025, 1, 1, 8, 0), 12)  # noqa: DTZ001
    with pytest.raises(ValueError, match="naive"):
        is_working_day(datetime.datetime(2025, 1, 1, 8, 0))  # noqa: DTZ001


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2025, 1, 1), -1)


def test_an_edit_is_seen_at_once(province):
    monday = D(2031, 3, 3)
    assert is_working_day(monday)
    services.holiday_create(
        actor=UserFactory(area=province), date=monday, name="Nghỉ bù", kind="day_off"
    )
    assert not is_working_day(monday)


def test_holiday_set_is_read_once_per_year(django_assert_num_queries):
    with django_assert_num_queries(1):
        add_working_days(D(2026, 2, 1), 30)
    with django_assert_num_queries(0):
        working_days_between(D(2026, 1, 1), D(2026, 12, 31))
    with django_assert_num_queries(1):
        add_working_days(D(2026, 12, 28), 5)  # crosses into 2027


def test_seeded_years():
    by_year = {
        year: PublicHoliday.objects.filter(date__year=year, kind__in=["holiday", "day_off"])
        for year in (2025, 2026, 2027)
    }
    assert all(qs.filter(name__startswith="Tết Nguyên đán").count() == 5 for qs in by_year.values())
    assert PublicHoliday.objects.get(date=D(2025, 4, 7)).name.startswith("Giỗ Tổ")
    assert PublicHoliday.objects.get(date=D(2026, 4, 26)).name.startswith("Giỗ Tổ")
    assert PublicHoliday.objects.get(date=D(2027, 4, 16)).name.startswith("Giỗ Tổ")
    assert PublicHoliday.objects.get(date=D(2027, 2, 6)).confirmed is False
    for year in (2025, 2026, 2027):
        assert (
            by_year[year].filter(date__in=[D(year, 4, 30), D(year, 5, 1), D(year, 1, 1)]).count()
            == 3
        )
        assert by_year[year].filter(name__startswith="Quốc khánh").count() == 2


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (D(2026, 12, 1), 10, D(2026, 12, 11)),  # an ordinary term: calendar days
        (D(2026, 12, 4), 15, D(2026, 12, 21)),  # ends on Saturday: Monday
        (D(2026, 4, 15), 15, D(2026, 5, 4)),  # ends on 30/4, then 1/5, the weekend
        (D(2026, 12, 3), 0, D(2026, 12, 3)),
    ],
)
def test_a_term_in_days_ends_on_a_working_day(start, days, end):
    assert workdays.add_days(start, days) == end
    assert workdays.next_working_day(end) == end
