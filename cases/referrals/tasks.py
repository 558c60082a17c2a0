"""Celery task of referrals: thin, idempotent (escalated_at is set once)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def escalate_overdue() -> int:
    """Flag and notify urgent referrals unanswered past their deadline."""
    return services.referral_escalate_overdue()
