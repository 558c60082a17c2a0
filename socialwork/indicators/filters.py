"""One FilterSet per list, shared by the API, the pages and the selectors."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from socialwork.api.filters import YearFilter

from .models import ComputationRun, IndicatorTarget, IndicatorValue, PeriodKind
from .periods import parse_period


class PeriodField(forms.CharField):
    """ "2025" or "2025-06", parsed; anything else is a 400 naming `period`."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_period(value)
        except ValueError:
            raise forms.ValidationError(
                _("Kỳ không hợp lệ: hãy ghi năm (2025) hoặc tháng (2025-06)."), code="invalid"
            ) from None


class PeriodFilter(django_filters.CharFilter):
    field_class = PeriodField


class IndicatorValueFilter(django_filters.FilterSet):
    code = django_filters.CharFilter(label=_("Mã chỉ tiêu"))
    unit = django_filters.NumberFilter(field_name="unit_id", label=_("Đơn vị"))
    period_kind = django_filters.ChoiceFilter(choices=PeriodKind.choices, label=_("Loại kỳ"))
    period = PeriodFilter(method="filter_period", label=_("Kỳ (2025 hoặc 2025-06)"))
    breakdown = django_filters.CharFilter(label=_("Phân tổ"))

    class Meta:
        model = IndicatorValue
        fields = ["code", "unit", "period_kind", "breakdown"]

    def filter_period(self, queryset, name, value):
        return queryset.filter(period_kind=value.kind, period_start=value.start)


class IndicatorTargetFilter(django_filters.FilterSet):
    code = django_filters.CharFilter(label=_("Mã chỉ tiêu"))
    unit = django_filters.NumberFilter(field_name="unit_id", label=_("Đơn vị"))
    year = YearFilter(label=_("Năm"))

    class Meta:
        model = IndicatorTarget
        fields = ["code", "unit", "year"]


class RunFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ComputationRun.Status.choices)
    period_kind = django_filters.ChoiceFilter(choices=PeriodKind.choices)

    class Meta:
        model = ComputationRun
        fields = ["status", "period_kind"]
