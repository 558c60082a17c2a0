"""The access-log filters of the data-protection page: person, user, commune,
kind of access and dates, each served by an index (accounts 0004)."""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from socialwork.accounts.models import AccessLog, User
from socialwork.api.filters import NamedModelChoiceFilter
from socialwork.areas.models import AdministrativeUnit
from socialwork.calendar.workdays import local_tz

from . import subjects


def start_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=local_tz())


class AccessLogFilter(django_filters.FilterSet):
    person = django_filters.CharFilter(label=_("Chủ thể dữ liệu (họ tên)"), method="by_person")
    person_id = django_filters.NumberFilter(field_name="person_id", widget=forms.HiddenInput)
    user = django_filters.ModelChoiceFilter(
        label=_("Người dùng"), queryset=User.objects.order_by("username")
    )
    commune = NamedModelChoiceFilter(
        label=_("Xã/phường"),
        queryset=AdministrativeUnit.objects.filter(level="commune").order_by("name"),
    )
    action = django_filters.ChoiceFilter(label=_("Loại truy cập"), choices=AccessLog.Action.choices)
    # A range on created_at itself (its index), not created_at::date.
    since = django_filters.DateFilter(label=_("Từ ngày"), method="from_day")
    until = django_filters.DateFilter(label=_("Đến ngày"), method="to_day")

    class Meta:
        model = AccessLog
        fields = ["person", "person_id", "user", "commune", "action", "since", "until"]

    def from_day(self, queryset, name, value):
        return queryset.filter(created_at__gte=start_of_day(value))

    def to_day(self, queryset, name, value):
        return queryset.filter(created_at__lt=start_of_day(value + datetime.timedelta(days=1)))

    def by_person(self, queryset, name, value):
        ids = [p.id for p in subjects.find_people(value, limit=50)]
        return queryset.filter(person_id__in=ids)
