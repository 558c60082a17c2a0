"""Celery tasks of the register (thin: cases.tallies does the work)."""

from celery import shared_task

from .tallies import tallies_compact


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def compact_tallies() -> int:
    """Beat, every 10 minutes (socialwork/schedule.py): the per-commune count
    rows folded into one per commune, so reading them stays a few rows each."""
    return tallies_compact()
