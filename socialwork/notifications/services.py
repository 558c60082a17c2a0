"""Writes on notifications.

- `notify(*, recipients, kind, title, body="", url="", dedupe_key=None,
  related=None, sms=False, email=False) -> int`: one in-app notification per
  recipient (plus an SMS row for those with a phone, an e-mail row for those
  with an address), in one INSERT … ON CONFLICT DO NOTHING; returns how many
  in-app notifications are new. With a `dedupe_key`, a recipient who already
  has that key on a channel gets nothing new there. SMS and e-mail go out with
  the beat task `deliver_pending` (every 5 minutes) — or call it yourself.
- `notification_mark_read(*, notification, actor)`, `notification_mark_all_read(*, actor)`.
- `deliver_pending(*, limit=500) -> int`: sends due SMS/e-mail rows, each
  claimed with SKIP LOCKED so two workers never send the same one; a failure
  keeps the row pending with its reason, retried after a back-off.
- `notifications_retry(*, notification_ids, actor) -> int`: fresh attempts
  for undelivered ones (the admin's "send again").
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Model, Q
from django.utils import timezone

from .models import Notification
from .sms import SmsError, get_backend

logger = logging.getLogger(__name__)
# With the back-off, 10 attempts span about five hours.
MAX_ATTEMPTS = 10
CIRCUIT_BREAK = 3


@transaction.atomic
def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str | None = None,
    related: Model | None = None,
    sms: bool = False,
    email: bool = False,
) -> int:
    related_type = related._meta.label_lower if related is not None else ""
    related_id = str(related.pk) if related is not None else ""
    now = timezone.now()
    rows: list[Notification] = []
    in_app = 0
    for user in recipients:
        common = {
            "recipient_id": user.pk,
            "kind": kind,
            "title": str(title)[:200],
            "body": str(body),
            "url": url,
            "related_type": related_type,
            "related_id": related_id,
            "dedupe_key": dedupe_key,
            "created_at": now,
        }
        rows.append(Notification(channel=Notification.Channel.IN_APP, delivered_at=now, **common))
        in_app += 1
        if sms and user.phone:
            rows.append(Notification(channel=Notification.Channel.SMS, **common))
        if email and user.email:
            rows.append(Notification(channel=Notification.Channel.EMAIL, **common))
    if not rows:
        return 0
    if dedupe_key is None:
        Notification.objects.bulk_create(rows)
        return in_app
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    # ON CONFLICT DO NOTHING returns no ids: count the rows this call wrote.
    return Notification.objects.filter(
        dedupe_key=dedupe_key,
        channel=Notification.Channel.IN_APP,
        created_at=now,
        recipient_id__in=[r.recipient_id for r in rows],
    ).count()


@transaction.atomic
def notification_mark_read(*, notification: Notification, actor) -> Notification:
    if notification.recipient_id != actor.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notification_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(
        recipient=actor, channel=Notification.Channel.IN_APP, read_at__isnull=True
    ).update(read_at=timezone.now())


def _link(notification: Notification) -> str:
    base = getattr(settings, "PORTAL_BASE_URL", "")
    return f"{base}{notification.url}" if base and notification.url else ""


def _send(notification: Notification, sms_backend) -> None:
    user = notification.recipient
    link = _link(notification)
    if notification.channel == Notification.Channel.SMS:
        # Short, and nothing personal beyond the title the caller chose.
        sms_backend.send(phone=user.phone, text=" ".join(filter(None, [notification.title, link])))
    else:
        body = "\n\n".join(filter(None, [notification.body, link]))
        send_mail(notification.title, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def retry_delay(attempts: int) -> datetime.timedelta:
    """Back-off after the `attempts`-th failure: 1, 2, 4… minutes, at most an hour."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def _reason(error: Exception) -> str:
    # SmsError carries a reason written for this; anything else (SMTP, OS) is
    # named by its class only: its message may quote an address.
    if isinstance(error, SmsError):
        return str(error)[:200]
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__}{f' {code}' if code else ''}"[:200]


def deliver_pending(*, limit: int = 500) -> int:
    """Send due SMS/e-mail notifications; returns how many were delivered.

    A failed one stays pending with its reason (`last_error`) and is tried
    again after a back-off, up to MAX_ATTEMPTS times. When a channel fails
    CIRCUIT_BREAK times in a row, this run stops trying it (the gateway or
    mail server is down: the rest would only wait for their timeouts) and
    leaves its messages pending, uncharged, for the next run."""
    sms_backend = get_backend()
    delivered = 0
    tried: list[int] = []
    failures_in_a_row: dict[str, int] = {}
    broken: list[str] = []
    while len(tried) < limit:
        with transaction.atomic():
            now = timezone.now()
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .exclude(channel__in=[Notification.Channel.IN_APP, *broken])
                .filter(delivered_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
                .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
                .exclude(pk__in=tried)
                .order_by("id")
                .first()
            )
            if notification is None:
                break
            tried.append(notification.pk)
            channel = notification.channel
            try:
                _send(notification, sms_backend)
            except SoftTimeLimitExceeded:
                raise  # the job's own time is up: not this message's fault
            except Exception as error:
                # No phone numbers or text in the log: the id is enough to look.
                logger.warning(
                    "notification %s (%s): delivery failed: %s",
                    notification.pk,
                    channel,
                    _reason(error),
                )
                attempts = notification.attempts + 1
                Notification.objects.filter(pk=notification.pk).update(
                    attempts=attempts,
                    last_error=_reason(error),
                    next_attempt_at=now + retry_delay(attempts),
                )
                failures_in_a_row[channel] = failures_in_a_row.get(channel, 0) + 1
                if failures_in_a_row[channel] >= CIRCUIT_BREAK:
                    broken.append(channel)
                continue
            failures_in_a_row[channel] = 0
            Notification.objects.filter(pk=notification.pk).update(
                delivered_at=timezone.now(),
                attempts=F("attempts") + 1,
                last_error="",
                next_attempt_at=None,
            )
            delivered += 1
    return delivered


@transaction.atomic
def notifications_retry(*, notification_ids: Iterable[int], actor) -> int:
    """Give undelivered SMS/e-mail notifications (given up or waiting) a fresh
    set of attempts, due now. The next delivery run sends them."""
    updated = (
        Notification.objects.filter(pk__in=list(notification_ids), delivered_at__isnull=True)
        .exclude(channel=Notification.Channel.IN_APP)
        .update(attempts=0, next_attempt_at=None)
    )
    logger.info("user %s asked to resend %d notifications", actor.pk, updated)
    return updated
