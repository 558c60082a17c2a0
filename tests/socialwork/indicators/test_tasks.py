"""The Celery tasks (run in-process with apply(); the broker is not mocked,
it is not used)."""

import datetime

import pytest
from django.utils import timezone

from socialwork.indicators import services, tasks
from socialwork.indicators.models import ComputationRun, IndicatorValue

from .factories import ComputationRunFactory, PeriodLockFactory

pytestmark = pytest.mark.django_db


def test_task_options_make_a_lost_worker_rerun():
    for task in (
        tasks.indicators_compute,
        tasks.indicators_compute_current,
        tasks.indicators_catch_up,
    ):
        assert task.acks_late and task.reject_on_worker_lost
        assert task.time_limit and task.soft_time_limit < task.time_limit
    assert services.ComputationBusy in tasks.indicators_compute.autoretry_for


def test_compute_task_reuses_the_run_row(small_province, department):
    run = services.run_create(period=services.year_period(2025), triggered_by=department)
    result = tasks.indicators_compute.apply(args=["2025", department.pk, run.pk]).get()
    assert result == run.pk
    run.refresh_from_db()
    assert run.status == "done" and ComputationRun.objects.count() == 1


def test_compute_task_skips_a_locked_period(small_province):
    PeriodLockFactory()
    assert tasks.indicators_compute.apply(args=["2025"]).get() is None
    assert not IndicatorValue.objects.exists()


def test_catch_up_redoes_missing_and_stale_periods(small_province, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: datetime.date(2026, 1, 10))
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    stale = ComputationRunFactory(
        period_kind="month",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 1, 31),
        status="started",
        finished_at=None,
        started_at=long_ago,
        sent_at=long_ago,
    )
    done = tasks.indicators_catch_up.apply(kwargs={"limit": 20}).get()
    stale.refresh_from_db()
    assert stale.status == "failed"
    # 13 months (Jan 2025 – Jan 2026) and the years 2025 and 2026.
    assert len(done) == 15
    assert services.periods_to_catch_up() == []
    assert IndicatorValue.objects.filter(period_kind="month", period_start="2026-01-01").exists()
