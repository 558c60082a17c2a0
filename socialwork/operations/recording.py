"""Celery signal handlers that record every task run (in the worker).

Recording must never break a task: a failed write (the database is down, the
table is not migrated yet) is logged once per kind and forgotten."""

from __future__ import annotations

import datetime
import logging
import time

from celery import signals
from django.db import DatabaseError

from . import services
from .models import Outcome

logger = logging.getLogger(__name__)

# Start times by task id, in the process that runs the task (prerun and
# success/failure are sent by the same pool process).
_started: dict[str, float] = {}


def _task_name(sender, request=None) -> str:
    name = getattr(sender, "name", None) or (sender if isinstance(sender, str) else None)
    if not name and request is not None:
        name = getattr(request, "task", None) or getattr(request, "name", None)
    return name or "unknown"


def _safely(write, **kwargs) -> None:
    try:
        write(**kwargs)
    except DatabaseError as exc:
        # No task arguments in the log: they can be personal ids.
        logger.warning("could not record a task run (%s)", type(exc).__name__)


def _duration(task_id: str | None) -> datetime.timedelta | None:
    started = _started.pop(task_id, None) if task_id else None
    if started is None:
        return None
    return datetime.timedelta(seconds=time.monotonic() - started)


def on_prerun(sender=None, task_id=None, task=None, **_):
    if task_id:
        _started[task_id] = time.monotonic()
    _safely(services.task_started, task=_task_name(task or sender))


def on_success(sender=None, **_):
    task_id = getattr(getattr(sender, "request", None), "id", None)
    _safely(
        services.task_finished,
        task=_task_name(sender),
        outcome=Outcome.SUCCESS,
        duration=_duration(task_id),
    )


def on_failure(sender=None, task_id=None, exception=None, **_):
    _safely(
        services.task_finished,
        task=_task_name(sender),
        outcome=Outcome.FAILURE,
        error=type(exception).__name__ if exception is not None else "",
        duration=_duration(task_id),
    )


def on_retry(sender=None, request=None, reason=None, **_):
    _safely(
        services.task_finished,
        task=_task_name(sender, request),
        outcome=Outcome.RETRY,
        error=type(reason).__name__ if isinstance(reason, BaseException) else "",
        duration=_duration(getattr(request, "id", None)),
    )


def on_revoked(sender=None, request=None, expired=False, **_):
    _safely(
        services.task_finished,
        task=_task_name(sender, request),
        outcome=Outcome.EXPIRED if expired else Outcome.REVOKED,
    )


def connect() -> None:
    # weak=False: the handlers are module functions, kept for the process's life.
    signals.task_prerun.connect(on_prerun, weak=False, dispatch_uid="operations-prerun")
    signals.task_success.connect(on_success, weak=False, dispatch_uid="operations-success")
    signals.task_failure.connect(on_failure, weak=False, dispatch_uid="operations-failure")
    signals.task_retry.connect(on_retry, weak=False, dispatch_uid="operations-retry")
    signals.task_revoked.connect(on_revoked, weak=False, dispatch_uid="operations-revoked")
