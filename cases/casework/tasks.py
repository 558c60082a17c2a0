"""Celery tasks of case management (thin: the services do the work)."""

from celery import shared_task

from .deadlines import HOUR_KINDS
from .services.reminders import deadlines_notify


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def notify_deadlines() -> int:
    """Beat, every 15 minutes (socialwork/schedule.py): deadline reminders."""
    return deadlines_notify()


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def notify_emergency_deadlines() -> int:
    """Beat, every few minutes: the 12-hour child-protection clock runs through
    nights and holidays, and a reminder 2 hours before it cannot wait for the
    quarter-hour run."""
    return deadlines_notify(kinds=HOUR_KINDS)
