"""Personal-data breaches (Law 91/2025 on Personal Data Protection, Art. 23):
each suspected breach is registered when found, and the controller notifies
the Ministry of Public Security's specialised data-protection authority within
72 hours of finding it, then follows it to the authority's confirmation."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

NOTIFY_WITHIN = datetime.timedelta(hours=72)


class BreachStatus(models.TextChoices):
    SUSPECTED = "suspected", _("Nghi ngờ, đang xác minh")
    CONFIRMED = "confirmed", _("Đã xác định có vi phạm")
    NOTIFIED = "notified", _("Đã thông báo cơ quan chuyên trách")
    ACKNOWLEDGED = "acknowledged", _("Cơ quan chuyên trách đã xác nhận")
    CLOSED = "closed", _("Đã khắc phục, kết thúc")
    DISMISSED = "dismissed", _("Không phải vi phạm")


S = BreachStatus
# The order the law's procedure follows; nothing is skipped.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.SUSPECTED: frozenset({S.CONFIRMED, S.DISMISSED}),
    S.CONFIRMED: frozenset({S.NOTIFIED}),
    S.NOTIFIED: frozenset({S.ACKNOWLEDGED}),
    S.ACKNOWLEDGED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    S.DISMISSED: frozenset(),
}
# Still owed to the authority: the 72-hour clock runs.
AWAITING_NOTICE = (S.SUSPECTED, S.CONFIRMED)


class DataBreach(models.Model):
    detected_at = models.DateTimeField(_("thời điểm phát hiện"))
    summary = models.TextField(_("mô tả sự việc"), max_length=4000)
    data_kinds = models.CharField(
        _("loại dữ liệu bị ảnh hưởng"),
        max_length=500,
        help_text=_("Ví dụ: họ tên, CCCD, thông tin sức khỏe, hồ sơ bảo vệ trẻ em."),
    )
    suspected_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nghi bị lạm dụng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    window_start = models.DateTimeField(_("từ thời điểm"), null=True, blank=True)
    window_end = models.DateTimeField(_("đến thời điểm"), null=True, blank=True)
    estimated_subjects = models.PositiveIntegerField(
        _("số người có thể bị ảnh hưởng"), null=True, blank=True
    )
    status = models.CharField(max_length=20, choices=BreachStatus.choices, default=S.SUSPECTED)
    notify_due_at = models.DateTimeField(_("hạn thông báo"))
    notified_at = models.DateTimeField(_("thời điểm thông báo"), null=True, blank=True)
    notice_reference = models.CharField(_("số văn bản thông báo"), max_length=100, blank=True)
    late_reason = models.TextField(_("lý do thông báo chậm"), max_length=2000, blank=True)
    acknowledged_at = models.DateTimeField(_("thời điểm được xác nhận"), null=True, blank=True)
    acknowledgement_reference = models.CharField(
        _("số văn bản xác nhận"), max_length=100, blank=True
    )
    measures = models.TextField(_("biện pháp khắc phục"), max_length=4000, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vi phạm dữ liệu cá nhân")
        verbose_name_plural = _("vi phạm dữ liệu cá nhân")
        ordering = ["-detected_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__isnull=True)
                | Q(window_start__isnull=True)
                | Q(window_end__gte=models.F("window_start")),
                name="privacy_breach_window_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[S.NOTIFIED, S.ACKNOWLEDGED, S.CLOSED])
                | (Q(notified_at__isnull=False) & ~Q(notice_reference="")),
                name="privacy_breach_notified_has_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.detected_at:%d/%m/%Y %H:%M} – {self.data_kinds}"

    @property
    def notice_overdue(self) -> bool:
        from django.utils import timezone

        return self.status in AWAITING_NOTICE and timezone.now() > self.notify_due_at


class DataBreachEvent(models.Model):
    """Every step of a breach's handling, with who took it and when."""

    breach = models.ForeignKey(DataBreach, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=BreachStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=BreachStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.TextField(max_length=4000, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.breach_id}: {self.from_status} → {self.to_status}"
