"""The one FilterSet per list: API, pages and selectors share them."""

import django_filters
from django.db.models import F, Func, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialwork.api.filters import BooleanFilter, NamedModelChoiceFilter, YearFilter
from socialwork.areas.selectors import province_communes
from socialwork.search import search_key

from .models import (
    Attendance,
    Collaborator,
    Organisation,
    Qualification,
    Topic,
    TrainingCourse,
    active_q,
)


def _communes(request=None):
    return province_communes()


class CollaboratorFilter(django_filters.FilterSet):
    commune = NamedModelChoiceFilter(
        label=_("Xã/phường"), field_name="user__area", queryset=_communes
    )
    organisation = django_filters.ChoiceFilter(label=_("Tổ chức"), choices=Organisation.choices)
    qualification = django_filters.ChoiceFilter(
        label=_("Trình độ CTXH"), choices=Qualification.choices
    )
    active = BooleanFilter(label=_("Đang hoạt động"), method="filter_active")
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="filter_q")

    class Meta:
        model = Collaborator
        fields = ["commune", "organisation", "qualification", "active", "q"]

    def filter_active(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(active_q(today)) if value else queryset.exclude(active_q(today))

    def filter_q(self, queryset, name, value):
        # Accent-free: "nguyen thi lan" finds "Nguyễn Thị Lan" (a few thousand rows at most).
        key = Func(
            Concat(F("user__last_name"), Value(" "), F("user__first_name")),
            function="vn_search_key",
        )
        return queryset.alias(name_key=key).filter(name_key__contains=search_key(value))


class AttendanceFilter(django_filters.FilterSet):
    course = django_filters.NumberFilter(label=_("Khóa học"), field_name="course_id")
    collaborator = django_filters.NumberFilter(label=_("Cộng tác viên"), field_name="collaborator")
    topic = django_filters.ChoiceFilter(
        label=_("Chủ đề"), field_name="course__topic", choices=Topic.choices
    )
    completed = BooleanFilter(label=_("Hoàn thành"))

    class Meta:
        model = Attendance
        fields = ["course", "collaborator", "topic", "completed"]


class TrainingCourseFilter(django_filters.FilterSet):
    topic = django_filters.ChoiceFilter(label=_("Chủ đề"), choices=Topic.choices)
    year = YearFilter(label=_("Năm"), field_name="starts_on", lookup_expr="year")

    class Meta:
        model = TrainingCourse
        fields = ["topic", "year"]
