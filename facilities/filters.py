"""One FilterSet per list, shared by the pages, the API and the selectors."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from socialwork.api.filters import BooleanFilter, NamedModelChoiceFilter
from socialwork.areas.selectors import province_communes
from socialwork.search import search_key

from .models import (
    Admission,
    AdmissionKind,
    AdmissionStatus,
    Facility,
    FacilityKind,
    Ownership,
    Qualification,
    ServiceGroup,
    ServiceType,
    SocialWorkAssignment,
    StaffMember,
)


def _communes(request):
    return province_communes()


class FacilityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tên"), method="filter_q")
    kind = django_filters.MultipleChoiceFilter(label=_("Loại đơn vị"), choices=FacilityKind.choices)
    commune = NamedModelChoiceFilter(label=_("Xã, phường"), queryset=_communes)
    ownership = django_filters.ChoiceFilter(label=_("Loại hình"), choices=Ownership.choices)
    service = django_filters.ModelChoiceFilter(
        label=_("Dịch vụ"), field_name="services", queryset=ServiceType.objects.all()
    )
    is_active = BooleanFilter()

    class Meta:
        model = Facility
        fields = ["q", "kind", "commune", "ownership", "service", "is_active"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        key = search_key(value)
        return queryset.filter(search_name__contains=key) if key else queryset


class StaffFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Họ tên"), method="filter_q")
    facility = django_filters.ModelChoiceFilter(label=_("Đơn vị"), queryset=Facility.objects.all())
    qualification = django_filters.ChoiceFilter(
        label=_("Trình độ CTXH"), choices=Qualification.choices
    )
    # Filters the annotation `current_assignment` the selector adds.
    assignment = django_filters.ChoiceFilter(
        label=_("Phân công CTXH hiện tại"),
        choices=SocialWorkAssignment.choices,
        method="filter_assignment",
    )

    class Meta:
        model = StaffMember
        fields = ["q", "facility", "qualification", "assignment"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        key = search_key(value)
        return queryset.filter(search_name__contains=key) if key else queryset

    def filter_assignment(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == SocialWorkAssignment.NONE:
            return queryset.filter(Q(current_assignment=value) | Q(current_assignment__isnull=True))
        return queryset.filter(current_assignment=value)


class ServiceTypeFilter(django_filters.FilterSet):
    group = django_filters.ChoiceFilter(label=_("Nhóm"), choices=ServiceGroup.choices)
    counts_as_ctxh_service = BooleanFilter()
    counts_as_assistance = BooleanFilter()
    is_active = BooleanFilter()

    class Meta:
        model = ServiceType
        fields = ["group", "counts_as_ctxh_service", "counts_as_assistance", "is_active"]


class AdmissionFilter(django_filters.FilterSet):
    facility = django_filters.ModelChoiceFilter(label=_("Cơ sở"), queryset=Facility.objects.all())
    status = django_filters.MultipleChoiceFilter(
        label=_("Trạng thái"), choices=AdmissionStatus.choices
    )
    kind = django_filters.ChoiceFilter(label=_("Hình thức"), choices=AdmissionKind.choices)
    over_capacity = BooleanFilter(label=_("Vượt công suất"))
    beneficiary = django_filters.NumberFilter(label=_("Đối tượng"), field_name="beneficiary_id")

    class Meta:
        model = Admission
        fields = ["facility", "status", "kind", "over_capacity", "beneficiary"]
