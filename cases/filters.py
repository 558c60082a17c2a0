"""One FilterSet per list, shared by the staff page, the API and the selector."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialwork.api.filters import BooleanFilter, NamedModelChoiceFilter, YearFilter
from socialwork.areas.selectors import province_communes

from .models import Beneficiary, BeneficiaryCategory, Category, Consent, Household, Sex
from .scoping import may_filter_sensitive
from .search import apply_search, in_one_commune


def _communes(request):
    return province_communes()


def _categories(request):
    # Filtering by HIV or abuse would reveal who is in them: only for those
    # allowed to see sensitive data.
    user = getattr(request, "user", None)
    queryset = Category.objects.filter(active=True)
    if user is None or not may_filter_sensitive(user):
        queryset = queryset.filter(sensitive=False)
    return queryset


class BeneficiaryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm (tên, CCCD, điện thoại, mã hộ)"), method="filter_q")
    commune = NamedModelChoiceFilter(label=_("Xã/phường"), queryset=_communes)
    category = NamedModelChoiceFilter(
        label=_("Nhóm đối tượng"),
        queryset=_categories,
        to_field_name="code",
        method="filter_category",
    )
    age_min = django_filters.NumberFilter(label=_("Tuổi từ"), method="filter_age_min", min_value=0)
    age_max = django_filters.NumberFilter(label=_("Tuổi đến"), method="filter_age_max", min_value=0)
    sex = django_filters.ChoiceFilter(label=_("Giới tính"), choices=Sex.choices)
    household = django_filters.NumberFilter(label=_("Mã số hộ"), field_name="household")
    has_household = BooleanFilter(
        label=_("Đã gắn với hộ"), field_name="household", lookup_expr="isnull", exclude=True
    )
    consent = BooleanFilter(label=_("Đã có sự đồng ý"), method="filter_consent")
    identified = BooleanFilter(label=_("Đã xác định danh tính"))

    class Meta:
        model = Beneficiary
        fields = ["q", "commune", "category", "age_min", "age_max", "sex", "household",
                  "has_household", "consent", "identified"]  # fmt: skip

    def filter_queryset(self, queryset):
        # The search runs last: it checks whether anyone *in the filtered set*
        # holds every typed word before falling back to similarity.
        queryset = super().filter_queryset(queryset)
        query = self.form.cleaned_data.get("q")
        if query:
            user = getattr(self.request, "user", None)
            one = in_one_commune(user, {"commune": self.form.cleaned_data.get("commune")})
            queryset = apply_search(
                queryset, query, in_one_commune=one, categories=getattr(self, "_group", None)
            )
        return queryset

    def filter_q(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset

    # `value` is the Category picked by its code; the hint tells the schema "string".
    def filter_category(self, queryset, name, value: str):
        # The group and its sub-cases as an id list: the category index serves it.
        # The ids as constants, not a subquery: the planner then knows from the
        # link table's statistics how common the group is (the elderly: 6% of
        # a province) and, in a commune, walks its people and probes their links.
        group = list(
            Category.objects.filter(Q(pk=value.pk) | Q(parent=value)).values_list("pk", flat=True)
        )
        self._group = group  # a name search may walk the group's people (name_search)
        links = BeneficiaryCategory.objects.filter(beneficiary=OuterRef("pk"), category__in=group)
        return queryset.filter(Exists(links))

    # Age by birth year: served by the birth-year index, exact to a year.
    def filter_age_min(self, queryset, name, value):
        return queryset.filter(birth_year__lte=timezone.localdate().year - int(value))

    def filter_age_max(self, queryset, name, value):
        return queryset.filter(birth_year__gte=timezone.localdate().year - int(value))

    def filter_consent(self, queryset, name, value):
        current = Exists(
            Consent.objects.filter(beneficiary=OuterRef("pk"), withdrawn_on__isnull=True)
        )
        return queryset.filter(current if value else ~current)


class HouseholdFilter(django_filters.FilterSet):
    commune = NamedModelChoiceFilter(label=_("Xã/phường"), queryset=_communes)
    code = django_filters.CharFilter(label=_("Mã hộ"), lookup_expr="iexact")
    poverty_year = YearFilter(label=_("Năm xét hộ nghèo"), field_name="poverty__year")
    poverty_status = django_filters.CharFilter(label=_("Tình trạng"), field_name="poverty__status")

    class Meta:
        model = Household
        fields = ["commune", "code", "poverty_year", "poverty_status"]


class ConsentFilter(django_filters.FilterSet):
    beneficiary = django_filters.NumberFilter(field_name="beneficiary")

    class Meta:
        model = Consent
        fields = ["beneficiary", "basis"]
