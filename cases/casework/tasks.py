"""Celery tasks of case management (thin: the services do the work)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def notify_deadlines() -> int:
    """Beat, every 15 minutes (socialwork/schedule.py): deadline reminders."""
    return services.deadlines_notify()
