"""Celery tasks of notifications (thin: the services do the work)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def deliver_pending() -> int:
    """Beat, every 5 minutes (socialwork/schedule.py): send due SMS and e-mail."""
    return services.deliver_pending()
