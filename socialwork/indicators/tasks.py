"""Celery tasks of the indicators app: thin, they call services.

acks_late + reject_on_worker_lost: a run whose worker is killed is delivered
again; that is safe because a run replaces its period's snapshot whole.
"""

import logging
from typing import TypedDict

from celery import shared_task

from socialwork.accounts.models import User

from . import services
from .models import ComputationRun
from .periods import parse_period

logger = logging.getLogger(__name__)

# Under the global CELERY_TASK_TIME_LIMIT (30 min); a run stuck past it is
# redone by indicators_catch_up.
TIME_LIMIT = 60 * 20
SOFT_TIME_LIMIT = 60 * 18


class _Options(TypedDict):
    acks_late: bool
    reject_on_worker_lost: bool
    time_limit: int
    soft_time_limit: int


_COMMON: _Options = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "time_limit": TIME_LIMIT,
    "soft_time_limit": SOFT_TIME_LIMIT,
}


@shared_task(
    bind=True,
    autoretry_for=(services.ComputationBusy,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
    **_COMMON,
)
def indicators_compute(
    self, period: str, triggered_by_id: int | None = None, run_id=None, token: int | None = None
):
    """Recompute one period ("2026" or "2026-06"). A locked period is refused.
    `token`: the run's message token (socialwork.jobs); an older copy does nothing."""
    target = parse_period(period)
    triggered_by = User.objects.filter(pk=triggered_by_id).first() if triggered_by_id else None
    run = ComputationRun.objects.filter(pk=run_id).first() if run_id else None
    try:
        result = services.indicators_compute(
            period=target,
            triggered_by=triggered_by,
            run=run,
            task_id=self.request.id or "",
            token=token,
        )
    except services.PeriodLocked:
        logger.info("indicator period %s is locked: not recomputed", period)
        return None
    return result.pk


@shared_task(
    autoretry_for=(services.ComputationBusy,),
    retry_backoff=60,
    max_retries=5,
    **_COMMON,
)
def indicators_compute_current():
    """Nightly: the current month and the current year."""
    return [run.pk for run in services.current_periods_compute()]


@shared_task(**_COMMON)
def indicators_catch_up(limit: int = 4):
    """Redo periods with no done run (the run table is the truth: a lost
    message or a killed worker leaves a period without one). At most `limit`
    periods per tick, oldest first, so a long outage does not hog the worker."""
    services.runs_fail_stale()
    done = []
    for period in services.periods_to_catch_up()[:limit]:
        try:
            done.append(services.indicators_compute(period=period).pk)
        except services.ComputationBusy:
            break  # another run is working: the next tick continues
        except services.PeriodLocked:
            continue
    return done
