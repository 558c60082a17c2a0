"""Reads for the operations page. All cheap: the schedule is code, task records
and heartbeats are a few rows, job lists are bounded, sizes come from the
catalogue."""

from __future__ import annotations

import dataclasses
import datetime

from celery.schedules import crontab
from celery.schedules import schedule as interval_schedule
from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from socialwork.accounts.scoping import scope_for
from socialwork.schedule import BEAT_SCHEDULE

from .models import TaskRecord

JOB_LIMIT = 50


# --- Periodic jobs ------------------------------------------------------------------


@dataclasses.dataclass
class PeriodicJob:
    name: str
    task: str
    every: str
    record: TaskRecord | None
    next_run: datetime.datetime | None
    # Due for longer than a grace period with no start: beat or a worker is missing.
    late: bool

    @property
    def running(self) -> bool:
        r = self.record
        return bool(
            r
            and r.last_started_at
            and (r.last_finished_at is None or r.last_started_at > r.last_finished_at)
        )

    @property
    def last_run(self) -> datetime.datetime | None:
        return self.record.last_started_at if self.record else None


def describe_schedule(entry_schedule) -> str:
    if isinstance(entry_schedule, crontab):
        # The fields as written: celery keeps them in attributes its stubs leave out.
        written = vars(entry_schedule)
        return (
            f"{written['_orig_minute']} {written['_orig_hour']} "
            f"{written['_orig_day_of_month']} {written['_orig_month_of_year']} "
            f"{written['_orig_day_of_week']}"
        )
    if isinstance(entry_schedule, interval_schedule):
        return f"{entry_schedule.seconds:g} s"
    if isinstance(entry_schedule, datetime.timedelta | int | float):
        seconds = (
            entry_schedule.total_seconds()
            if isinstance(entry_schedule, datetime.timedelta)
            else entry_schedule
        )
        return f"{seconds:g} s"
    return str(entry_schedule)


def _as_schedule(entry_schedule):
    from socialwork.celery_app import app

    if isinstance(entry_schedule, datetime.timedelta | int | float):
        seconds = (
            entry_schedule
            if isinstance(entry_schedule, datetime.timedelta)
            else datetime.timedelta(seconds=entry_schedule)
        )
        return interval_schedule(seconds, app=app)
    if getattr(entry_schedule, "app", None) is None:
        entry_schedule.app = app
    return entry_schedule


def next_after(entry_schedule, last: datetime.datetime) -> datetime.datetime:
    """The first time the entry is due after a run at `last`."""
    sched = _as_schedule(entry_schedule)
    if isinstance(sched, crontab):
        start, delta, _ = sched.remaining_delta(last)
        return start + delta
    return last + sched.run_every


def next_run(entry_schedule, last_run: datetime.datetime | None, now: datetime.datetime):
    """When beat sends the entry next, as beat reckons it: after the last run
    (a missed one is sent at once, so never before now); with no run yet, the
    next time the schedule fires from now."""
    return max(next_after(entry_schedule, last_run or now), now)


def periodic_jobs(*, now: datetime.datetime | None = None) -> list[PeriodicJob]:
    now = now or timezone.now()
    records = {r.task: r for r in TaskRecord.objects.filter(task__in=_tasks())}
    grace = datetime.timedelta(seconds=settings.OPERATIONS_LATE_AFTER)
    jobs = []
    for name, entry in BEAT_SCHEDULE.items():
        record = records.get(entry["task"])
        last = record.last_started_at if record else None
        # Due after its last run and still not started past a grace: beat or
        # the workers are not doing their work.
        late = last is not None and now - next_after(entry["schedule"], last) > grace
        jobs.append(
            PeriodicJob(
                name=name,
                task=entry["task"],
                every=describe_schedule(entry["schedule"]),
                record=record,
                next_run=next_run(entry["schedule"], last, now),
                late=late,
            )
        )
    return jobs


def _tasks() -> list[str]:
    return [entry["task"] for entry in BEAT_SCHEDULE.values()]


def other_tasks() -> list[TaskRecord]:
    """Task runs outside the schedule (imports, recomputes, probes), latest first."""
    return list(
        TaskRecord.objects.exclude(task__in=_tasks()).order_by("-last_started_at")[:JOB_LIMIT]
    )


# --- Background jobs: imports, indicator runs ------------------------------------


@dataclasses.dataclass
class JobGroup:
    title: str
    active: list
    stuck_ids: set[int]
    failed_recent: int


def stuck_after() -> datetime.timedelta:
    # A job still busy past the longest a task may run was lost with its worker.
    limit = getattr(settings, "CELERY_TASK_TIME_LIMIT", 1800) or 1800
    return datetime.timedelta(seconds=limit + 60)


def import_jobs(*, actor, now: datetime.datetime | None = None) -> JobGroup:
    from socialwork.spreadsheets.models import ImportJob

    now = now or timezone.now()
    jobs = list(
        scope_for(ImportJob.objects.all(), actor)
        .filter(status__in=sorted(ImportJob.RUNNING))
        .only("id", "kind", "status", "created_at", "validated_at", "total_rows", "processed_rows")
        .order_by("created_at")[:JOB_LIMIT]
    )
    limit = stuck_after()
    # Importing starts after validation; the others count from the upload.
    stuck = {j.pk for j in jobs if now - (j.validated_at or j.created_at) > limit}
    failed = (
        scope_for(ImportJob.objects.all(), actor)
        .filter(status=ImportJob.Status.FAILED, created_at__gte=now - datetime.timedelta(days=1))
        .count()
    )
    return JobGroup("imports", jobs, stuck, failed)


def indicator_runs(*, actor, now: datetime.datetime | None = None) -> JobGroup:
    from socialwork.indicators.models import ComputationRun

    now = now or timezone.now()
    runs = scope_for(ComputationRun.objects.all(), actor)
    active = list(
        runs.filter(status=ComputationRun.Status.STARTED)
        .only("id", "period_kind", "period_start", "status", "started_at", "total_steps")
        .order_by("started_at")[:JOB_LIMIT]
    )
    limit = stuck_after()
    stuck = {r.pk for r in active if now - r.started_at > limit}
    failed = runs.filter(
        Q(status=ComputationRun.Status.FAILED), started_at__gte=now - datetime.timedelta(days=1)
    ).count()
    return JobGroup("indicators", active, stuck, failed)


# --- The database -------------------------------------------------------------------


@dataclasses.dataclass
class DatabaseInfo:
    size_bytes: int
    version: str
    largest: list[tuple[str, int]]


def database_info(*, top: int = 8) -> DatabaseInfo:
    """Sizes from PostgreSQL's catalogue (no table is scanned)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), current_setting('server_version')"
        )
        size, version = cursor.fetchone()
        cursor.execute(
            """
            SELECT c.relname, pg_total_relation_size(c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname = 'public'
            ORDER BY 2 DESC LIMIT %s
            """,
            [top],
        )
        largest = [(name, int(total)) for name, total in cursor.fetchall()]
    return DatabaseInfo(int(size), version, largest)
