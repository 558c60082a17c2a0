"""The one FilterSet of the unit list: API, pages and selector share it."""

import django_filters
from django.utils.translation import gettext_lazy as _

from socialwork.search import search_key

from .models import AdministrativeUnit, Level


class AdministrativeUnitFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label=_("Cấp"), choices=Level.choices)
    province = django_filters.CharFilter(label=_("Mã tỉnh"), field_name="province__code")
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="filter_q")

    class Meta:
        model = AdministrativeUnit
        fields = ["level", "province", "q"]

    def filter_q(self, queryset, name, value):
        # The trigram index on search_name serves this LIKE '%…%'.
        return queryset.filter(search_name__contains=search_key(value))
