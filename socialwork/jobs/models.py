"""The fields every durable job row carries (see the package docstring)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def max_attempts() -> int:
    return getattr(settings, "JOBS_MAX_ATTEMPTS", 3)


class DurableJob(models.Model):
    # Bumped at each send; the message carries it. A message whose token is
    # not the row's is an older copy: it does nothing.
    task_token = models.PositiveIntegerField(default=0, editable=False)
    # When the current message was handed to the broker; null: in the outbox.
    sent_at = models.DateTimeField(_("gửi hàng đợi lúc"), null=True, blank=True, editable=False)
    # The worker running the current message was last alive then; null: not started.
    heartbeat_at = models.DateTimeField(_("hoạt động lúc"), null=True, blank=True, editable=False)
    # How many times a worker started the current step (interrupted starts count).
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0, editable=False)

    class Meta:
        abstract = True

    @property
    def in_outbox(self) -> bool:
        """Kept, but not yet handed to the broker (it was down)."""
        return self.sent_at is None

    @property
    def waiting_for_worker(self) -> bool:
        """Sent over a minute ago and no worker has taken it yet."""
        if self.sent_at is None or self.heartbeat_at is not None:
            return False
        return (timezone.now() - self.sent_at).total_seconds() > 60

    @property
    def retried(self) -> bool:
        """A worker started it before and was interrupted."""
        return self.attempts > 1
