"""One FilterSet per list, shared by the pages, the API and the selectors."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialwork.accounts.models import User
from socialwork.api.filters import BooleanFilter, NamedModelChoiceFilter
from socialwork.areas.selectors import province_communes

from ..models import (
    Assessment,
    AssessmentKind,
    BeneficiaryCategory,
    Case,
    CaseEvent,
    CasePlan,
    CaseStatus,
    Category,
    EventKind,
    PlanStatus,
    ServiceDelivery,
    Urgency,
)
from ..scoping import may_filter_sensitive


def _communes(request):
    return province_communes()


def _categories(request):
    user = getattr(request, "user", None)
    queryset = Category.objects.filter(active=True)
    if user is None or not may_filter_sensitive(user):
        queryset = queryset.filter(sensitive=False)
    return queryset


def _workers(request):
    user = getattr(request, "user", None)
    queryset = User.objects.filter(is_active=True).order_by("last_name", "first_name")
    if user is not None and user.is_authenticated and user.is_commune_level:
        queryset = queryset.filter(area_id=user.area_id)
    elif request is not None and _commune_chosen(request.GET):
        queryset = queryset.filter(area_id=int(request.GET["commune"]))
    return queryset


def _commune_chosen(data) -> bool:
    return bool(data and str(data.get("commune", "")).isdigit())


class CaseFilter(django_filters.FilterSet):
    commune = NamedModelChoiceFilter(label=_("Xã/phường"), queryset=_communes)
    status = django_filters.MultipleChoiceFilter(label=_("Trạng thái"), choices=CaseStatus.choices)
    open = BooleanFilter(label=_("Đang mở"), method="filter_open")
    category = NamedModelChoiceFilter(
        label=_("Nhóm đối tượng"),
        queryset=_categories,
        to_field_name="code",
        method="filter_category",
    )
    assigned_worker = django_filters.ModelChoiceFilter(
        label=_("Người phụ trách"), queryset=_workers
    )
    unassigned = BooleanFilter(
        label=_("Chưa giao"), field_name="assigned_worker", lookup_expr="isnull"
    )
    overdue = BooleanFilter(label=_("Quá hạn"), method="filter_overdue")
    urgency = django_filters.ChoiceFilter(label=_("Mức độ khẩn"), choices=Urgency.choices)
    is_child_protection = BooleanFilter(label=_("Bảo vệ trẻ em"))
    beneficiary = django_filters.NumberFilter(label=_("Mã đối tượng"), field_name="beneficiary")

    class Meta:
        model = Case
        fields = [
            "commune",
            "status",
            "open",
            "category",
            "assigned_worker",
            "unassigned",
            "overdue",
            "urgency",
            "is_child_protection",
            "beneficiary",
        ]

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        user = getattr(request, "user", None)
        province_wide = not (user is not None and user.is_authenticated and user.is_commune_level)
        if province_wide and not _commune_chosen(data):
            # A province has thousands of workers: offered once a commune is
            # chosen, rather than rendered into every page (an id still filters).
            self.filters["assigned_worker"].extra["widget"] = forms.HiddenInput

    def filter_open(self, queryset, name, value: bool):
        return (
            queryset.exclude(status=CaseStatus.CLOSED)
            if value
            else queryset.filter(status=CaseStatus.CLOSED)
        )

    def filter_category(self, queryset, name, value: str):
        links = BeneficiaryCategory.objects.filter(
            beneficiary=OuterRef("beneficiary"),
            category__in=Category.objects.filter(Q(pk=value.pk) | Q(parent=value.pk)),
        )
        return queryset.filter(Exists(links))

    def filter_overdue(self, queryset, name, value: bool):
        overdue = Q(next_deadline__lt=timezone.now())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class AssessmentFilter(django_filters.FilterSet):
    case = django_filters.NumberFilter(field_name="case")
    kind = django_filters.ChoiceFilter(choices=AssessmentKind.choices)

    class Meta:
        model = Assessment
        fields = ["case", "kind"]


class PlanFilter(django_filters.FilterSet):
    case = django_filters.NumberFilter(field_name="case")
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices)
    commune = django_filters.NumberFilter(field_name="case__commune")

    class Meta:
        model = CasePlan
        fields = ["case", "status", "commune"]


class ServiceFilter(django_filters.FilterSet):
    case = django_filters.NumberFilter(field_name="case")
    beneficiary = django_filters.NumberFilter(field_name="beneficiary")
    service_type = django_filters.CharFilter(field_name="service_type__code")
    delivered_from = django_filters.DateFilter(field_name="delivered_on", lookup_expr="gte")
    delivered_to = django_filters.DateFilter(field_name="delivered_on", lookup_expr="lte")

    class Meta:
        model = ServiceDelivery
        fields = ["case", "beneficiary", "service_type", "delivered_from", "delivered_to"]


class EventFilter(django_filters.FilterSet):
    case = django_filters.NumberFilter(field_name="case")
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)

    class Meta:
        model = CaseEvent
        fields = ["case", "kind"]
