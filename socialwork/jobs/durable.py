"""Send, claim, beat and sweep durable job rows (see the package docstring).

The kind-specific parts are passed in: `send(job, token)` puts the job's
message on the broker (raising if it cannot), `fail(job)` ends a job that
has used up its attempts with a message for the user.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import InterfaceError, OperationalError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import DurableJob, max_attempts

logger = logging.getLogger(__name__)

# A run that meets these lost its database, not its way: it is sent again.
CONNECTION_ERRORS = (OperationalError, InterfaceError)

# Rows handled per kind and per sweep tick: a long outage does not flood the broker.
SWEEP_BATCH = 200


def resend_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "JOBS_RESEND_AFTER", 600))


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "JOBS_STALE_AFTER", 300))


def dispatch[J: DurableJob](model: type[J], pk: int, send: Callable[[J, int], object]) -> bool:
    """Give the job a new token and hand its message to the broker. Call it
    after the row is committed (`dispatch_on_commit`). A broker that cannot
    be reached is logged and leaves the row in the outbox for the sweep:
    never an error for the user. Returns whether the message was sent."""
    with transaction.atomic():
        job = model.objects.select_for_update().get(pk=pk)
        job.task_token += 1
        job.sent_at = timezone.now()
        job.heartbeat_at = None
        job.save(update_fields=["task_token", "sent_at", "heartbeat_at"])
    token = job.task_token
    try:
        send(job, token)
    except Exception:
        # A broker outage shows as many exception classes (kombu, redis,
        # OSError…): whatever it is, the row stays and the sweep sends it.
        logger.warning(
            "%s %s: broker unreachable, kept in the outbox", model._meta.label, pk, exc_info=True
        )
        model.objects.filter(pk=pk, task_token=token).update(sent_at=None)
        return False
    return True


def dispatch_on_commit[J: DurableJob](
    model: type[J], pk: int, send: Callable[[J, int], object]
) -> None:
    transaction.on_commit(lambda: dispatch(model, pk, send))


def claim(queryset: models.QuerySet, pk: int, token: int | None) -> bool:
    """The worker starts the job: one more attempt, alive now. False when
    the message is an older copy (another token) or the job is past the
    statuses in `queryset`: the task then does nothing. A token of None
    (a direct call, not a message) claims without the check."""
    rows = queryset.filter(pk=pk)
    if token is not None:
        rows = rows.filter(task_token=token)
    return rows.update(attempts=F("attempts") + 1, heartbeat_at=timezone.now()) == 1


def beat(model: type[DurableJob], pk: int, token: int | None, **fields) -> bool:
    """Progress and a heartbeat, committed at once. False when the job was
    taken over (the sweep sent it again): the old run must stop."""
    rows = model.objects.filter(pk=pk)
    if token is not None:
        rows = rows.filter(task_token=token)
    return rows.update(heartbeat_at=timezone.now(), **fields) == 1


def release(model: type[DurableJob], pk: int, token: int | None) -> None:
    """The run was interrupted (its database connection lost): back to the
    outbox, so the next sweep sends it again at once. Best effort: with the
    database still down, the heartbeat goes stale and the sweep finds it."""
    try:
        rows = model.objects.filter(pk=pk)
        if token is not None:
            rows = rows.filter(task_token=token)
        rows.update(sent_at=None, heartbeat_at=None)
    except Exception:
        logger.warning("%s %s: could not be released", model._meta.label, pk, exc_info=True)


def sweep[J: DurableJob](
    queryset: models.QuerySet,
    *,
    send: Callable[[J, int], object],
    fail: Callable[[J], object],
    now: datetime.datetime | None = None,
) -> dict[str, int]:
    """One tick over the jobs that expect a worker (`queryset`): send what is
    in the outbox or was lost, send again what lost its worker, fail what
    used up its attempts. Counts what it did."""
    now = now or timezone.now()
    model = queryset.model
    counts = {"sent": 0, "resent": 0, "failed": 0}
    due = queryset.filter(
        Q(sent_at__isnull=True)
        | Q(heartbeat_at__isnull=True, sent_at__lt=now - resend_after())
        | Q(heartbeat_at__lt=now - stale_after())
    ).order_by("pk")[:SWEEP_BATCH]
    jobs: Iterable[J] = list(due)
    for job in jobs:
        interrupted = job.heartbeat_at is not None or job.sent_at is None and job.attempts
        if job.attempts >= max_attempts() and interrupted:
            fail(job)
            counts["failed"] += 1
            continue
        kind = "sent" if job.sent_at is None else "resent"
        if not dispatch(model, job.pk, send):
            break  # the broker is down: the rest would fail too; the next tick retries
        counts[kind] += 1
    if any(counts.values()):
        logger.info("%s sweep: %s", model._meta.label, counts)
    return counts
