"""Writes of the operations app. The worker and beat call them from Celery
signals: one upsert each, no read first, so recording costs one round trip."""

from __future__ import annotations

import datetime

from django.db import connection
from django.utils import timezone

from .models import Outcome

_STARTED_SQL = """
INSERT INTO operations_taskrecord (task, last_started_at, last_outcome, last_error)
VALUES (%s, %s, '', '')
ON CONFLICT (task) DO UPDATE SET last_started_at = EXCLUDED.last_started_at
"""

_FINISHED_SQL = """
INSERT INTO operations_taskrecord
    (task, last_finished_at, last_outcome, last_error, last_duration,
     last_success_at, last_failure_at)
VALUES (%(task)s, %(at)s, %(outcome)s, %(error)s, %(duration)s,
        CASE WHEN %(outcome)s = 'success' THEN %(at)s END,
        CASE WHEN %(outcome)s = 'failure' THEN %(at)s END)
ON CONFLICT (task) DO UPDATE SET
    last_finished_at = EXCLUDED.last_finished_at,
    last_outcome = EXCLUDED.last_outcome,
    last_error = EXCLUDED.last_error,
    last_duration = COALESCE(EXCLUDED.last_duration, operations_taskrecord.last_duration),
    last_success_at = COALESCE(EXCLUDED.last_success_at, operations_taskrecord.last_success_at),
    last_failure_at = COALESCE(EXCLUDED.last_failure_at, operations_taskrecord.last_failure_at)
"""

_HEARTBEAT_SQL = """
INSERT INTO operations_heartbeat (name, at, token, hostname) VALUES (%s, %s, %s, %s)
ON CONFLICT (name) DO UPDATE SET
    at = EXCLUDED.at, token = EXCLUDED.token, hostname = EXCLUDED.hostname
"""


def task_started(*, task: str, at: datetime.datetime | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_STARTED_SQL, [task[:200], at or timezone.now()])


def task_finished(
    *,
    task: str,
    outcome: Outcome,
    error: str = "",
    duration: datetime.timedelta | None = None,
    at: datetime.datetime | None = None,
) -> None:
    params: dict[str, str | datetime.datetime | datetime.timedelta | None] = {
        "task": task[:200],
        "at": at or timezone.now(),
        "outcome": str(outcome),
        "error": error[:200],
        "duration": duration,
    }
    with connection.cursor() as cursor:
        # psycopg2 adapts a timedelta (an interval); django-stubs' list of SQL types omits it.
        cursor.execute(_FINISHED_SQL, params)  # type: ignore[arg-type]


def heartbeat_record(*, name: str, token: str = "", hostname: str = "") -> None:
    with connection.cursor() as cursor:
        cursor.execute(_HEARTBEAT_SQL, [name, timezone.now(), token[:64], hostname[:255]])
