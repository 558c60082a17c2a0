"""Notifications: one row per recipient and channel (in-app, SMS, e-mail)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Channel(models.TextChoices):
        IN_APP = "in_app", _("Trên cổng")
        SMS = "sms", _("Tin nhắn SMS")
        EMAIL = "email", _("Thư điện tử")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("loại"), max_length=50)  # e.g. "referral.received", "case.deadline"
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    related_type = models.CharField(max_length=100, blank=True)  # "app_label.model"
    related_id = models.CharField(max_length=64, blank=True)
    channel = models.CharField(
        _("kênh"), max_length=10, choices=Channel.choices, default=Channel.IN_APP
    )
    # The same key is never notified twice to one person on one channel (a beat
    # job re-running over the same deadline creates nothing new).
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    # A failed SMS or e-mail stays pending with the reason (free of personal
    # data) and waits until next_attempt_at (back-off) before the next try.
    last_error = models.CharField(_("lỗi gửi gần nhất"), max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "channel", "dedupe_key"],
                condition=Q(dedupe_key__isnull=False),
                name="notifications_dedupe_per_recipient",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-id"],
                condition=Q(channel="in_app", read_at__isnull=True),
                name="notifications_unread",
            ),
            models.Index(fields=["recipient", "channel", "-id"], name="notifications_inbox"),
            models.Index(
                fields=["id"],
                condition=Q(delivered_at__isnull=True) & ~Q(channel="in_app"),
                name="notifications_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.title}"
