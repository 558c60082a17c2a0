"""Next runs and lateness, computed from the schedule as beat would."""

import datetime
import zoneinfo

import pytest
from celery.schedules import crontab

from socialwork.operations import selectors, services
from socialwork.operations.models import Outcome
from socialwork.schedule import BEAT_SCHEDULE

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _at(hour, minute, day=2):
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=VN)


def test_next_run_of_a_crontab_after_its_last_run():
    nightly = crontab(hour=1, minute=30)
    assert selectors.next_after(nightly, _at(1, 30)) == _at(1, 30, day=3)
    every15 = crontab(minute="*/15")
    assert selectors.next_after(every15, _at(10, 0)) == _at(10, 15)


def test_next_run_is_never_in_the_past():
    every15 = crontab(minute="*/15")
    now = _at(12, 7)
    assert selectors.next_run(every15, _at(9, 0), now) == now  # overdue: sent at once
    assert selectors.next_run(every15, None, now) >= now


def test_interval_schedules_too():
    assert selectors.next_after(datetime.timedelta(seconds=30), _at(8, 0)) == _at(8, 0) + (
        datetime.timedelta(seconds=30)
    )


@pytest.mark.django_db
def test_every_periodic_job_is_listed_and_a_missed_one_is_late(settings):
    settings.OPERATIONS_LATE_AFTER = 600
    task = BEAT_SCHEDULE["notifications-deliver-pending"]["task"]
    now = datetime.datetime.now(tz=VN)
    services.task_started(task=task, at=now - datetime.timedelta(hours=1))
    services.task_finished(task=task, outcome=Outcome.SUCCESS)
    jobs = {j.name: j for j in selectors.periodic_jobs(now=now)}
    assert set(jobs) == set(BEAT_SCHEDULE)
    assert jobs["notifications-deliver-pending"].late  # every 5 minutes, last an hour ago
    assert not jobs["notifications-deliver-pending"].running
    assert not jobs["indicators-compute-current"].late  # never ran: no verdict
    assert jobs["indicators-compute-current"].next_run > now


def test_every_schedule_entry_can_be_described():
    for entry in BEAT_SCHEDULE.values():
        assert selectors.describe_schedule(entry["schedule"])
