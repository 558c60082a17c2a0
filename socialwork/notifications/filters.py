import django_filters

from socialwork.api.filters import BooleanFilter

from .models import Notification


class NotificationFilter(django_filters.FilterSet):
    unread = BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["kind", "unread"]
