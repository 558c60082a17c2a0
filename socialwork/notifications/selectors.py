"""Reads on notifications: always the user's own in-app notifications."""

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from socialwork.accounts.scoping import scope_for

from .filters import NotificationFilter
from .models import Notification


def notification_list(*, user, filters: dict | None = None) -> QuerySet:
    queryset = scope_for(Notification.objects.all(), user).filter(
        recipient=user, channel=Notification.Channel.IN_APP
    )
    return NotificationFilter(filters or {}, queryset=queryset).qs


def notification_inbox(*, user) -> QuerySet:
    """Unread first, newest first (the page)."""
    return notification_list(user=user).order_by(F("read_at").desc(nulls_first=True), "-id")


def notification_get(*, user, notification_id: int) -> Notification:
    return get_object_or_404(notification_list(user=user), pk=notification_id)


def unread_count(*, user) -> int:
    return notification_list(user=user).filter(read_at__isnull=True).count()
