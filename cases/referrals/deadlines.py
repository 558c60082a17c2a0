"""How long a provider has to answer an urgent referral.

Settings (read with defaults, hours run through nights and holidays):
- REFERRAL_URGENT_RESPONSE_HOURS (24): an urgent or emergency referral;
- REFERRAL_CHILD_EMERGENCY_RESPONSE_HOURS (12): a child needing emergency
  protection (Decree 56 Art. 26(3): 12 hours from the report).
A normal referral has no answer deadline.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from socialwork.calendar.workdays import add_hours

from ..models.casework import Urgency
from ..models.referrals import AWAITING_ANSWER_STATUSES


def urgent_hours() -> float:
    return getattr(settings, "REFERRAL_URGENT_RESPONSE_HOURS", 24)


def child_emergency_hours() -> float:
    return getattr(settings, "REFERRAL_CHILD_EMERGENCY_RESPONSE_HOURS", 12)


def response_due(
    *, sent_at: datetime.datetime, urgency: str, child_emergency: bool
) -> datetime.datetime | None:
    if child_emergency:
        return add_hours(sent_at, child_emergency_hours())
    if urgency in (Urgency.URGENT, Urgency.EMERGENCY):
        return add_hours(sent_at, urgent_hours())
    return None


def overdue_q(now: datetime.datetime | None = None, prefix: str = "") -> Q:
    """Referrals still waiting for an answer past their deadline."""
    now = now or timezone.now()
    return Q(
        **{
            f"{prefix}status__in": AWAITING_ANSWER_STATUSES,
            f"{prefix}response_due_at__lt": now,
        }
    )
