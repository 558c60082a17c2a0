"""SMS and e-mail deliveries for administrators: what is pending, what failed
and why, and "send again" for those the gateway refused until it gave up."""

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Notification


class DeliveryFilter(admin.SimpleListFilter):
    title = _("tình trạng gửi")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("Đang chờ gửi")),
            ("failed", _("Đã thôi gửi (lỗi)")),
            ("delivered", _("Đã gửi")),
        ]

    def queryset(self, request, queryset):
        undelivered = Q(delivered_at__isnull=True)
        if self.value() == "pending":
            return queryset.filter(undelivered, attempts__lt=services.MAX_ATTEMPTS)
        if self.value() == "failed":
            return queryset.filter(undelivered, attempts__gte=services.MAX_ATTEMPTS)
        if self.value() == "delivered":
            return queryset.filter(delivered_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    # Outgoing messages only: the in-app ones are each user's own inbox.
    list_display = [
        "id",
        "channel",
        "kind",
        "created_at",
        "delivered_at",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = [DeliveryFilter, "channel", "kind"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["send_again"]
    list_select_related = False

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(channel=Notification.Channel.IN_APP)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Gửi lại những tin đã chọn"))
    def send_again(self, request, queryset):
        chosen = list(queryset.filter(delivered_at__isnull=True))
        count = services.notifications_retry(
            notification_ids=[n.pk for n in chosen], actor=request.user
        )
        # One admin log entry per message, as for any change made here.
        LogEntry.objects.log_actions(
            request.user.pk, chosen, CHANGE, change_message="send again", single_object=False
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d tin sẽ được gửi lại trong lần gửi tới.",
                "%(count)d tin sẽ được gửi lại trong lần gửi tới.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
