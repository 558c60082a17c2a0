"""One FilterSet per list, shared by the API, the pages and the selectors."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import ComputationRun, IndicatorTarget, IndicatorValue, PeriodKind
from .periods import parse_period


class IndicatorValueFilter(django_filters.FilterSet):
    code = django_filters.CharFilter(label=_("Mã chỉ tiêu"))
    unit = django_filters.NumberFilter(field_name="unit_id", label=_("Đơn vị"))
    period_kind = django_filters.ChoiceFilter(choices=PeriodKind.choices, label=_("Loại kỳ"))
    period = django_filters.CharFilter(method="filter_period", label=_("Kỳ (2025 hoặc 2025-06)"))
    breakdown = django_filters.CharFilter(label=_("Phân tổ"))

    class Meta:
        model = IndicatorValue
        fields = ["code", "unit", "period_kind", "breakdown"]

    def filter_period(self, queryset, name, value):
        try:
            period = parse_period(value)
        except ValueError:
            return queryset.none()
        return queryset.filter(period_kind=period.kind, period_start=period.start)


class IndicatorTargetFilter(django_filters.FilterSet):
    code = django_filters.CharFilter(label=_("Mã chỉ tiêu"))
    unit = django_filters.NumberFilter(field_name="unit_id", label=_("Đơn vị"))
    year = django_filters.NumberFilter(label=_("Năm"))

    class Meta:
        model = IndicatorTarget
        fields = ["code", "unit", "year"]


class RunFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ComputationRun.Status.choices)
    period_kind = django_filters.ChoiceFilter(choices=PeriodKind.choices)

    class Meta:
        model = ComputationRun
        fields = ["status", "period_kind"]
