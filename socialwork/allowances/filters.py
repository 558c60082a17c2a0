"""One FilterSet per list, used by the API, the pages and the selectors."""

import django_filters

from .models import (
    AllowanceApplication,
    AllowanceEntitlement,
    ApplicationStatus,
    ChangeKind,
    Group,
    Payment,
    PaymentList,
)


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices)
    group = django_filters.ChoiceFilter(choices=Group.choices)
    commune = django_filters.NumberFilter(field_name="commune_id")
    filed_from = django_filters.DateFilter(field_name="filed_on", lookup_expr="gte")
    filed_to = django_filters.DateFilter(field_name="filed_on", lookup_expr="lte")

    class Meta:
        model = AllowanceApplication
        fields = ["status", "group", "commune", "filed_from", "filed_to"]


class EntitlementFilter(django_filters.FilterSet):
    group = django_filters.ChoiceFilter(choices=Group.choices)
    commune = django_filters.NumberFilter(field_name="commune_id")
    beneficiary = django_filters.NumberFilter(field_name="beneficiary_id")
    active_in = django_filters.DateFilter(method="filter_active_in", label="active in month")

    class Meta:
        model = AllowanceEntitlement
        fields = ["group", "commune", "beneficiary", "active_in"]

    def filter_active_in(self, queryset, name, value):
        month = value.replace(day=1)
        return queryset.filter(start_month__lte=month).exclude(end_month__lt=month)


class PaymentListFilter(django_filters.FilterSet):
    month = django_filters.DateFilter()
    commune = django_filters.NumberFilter(field_name="commune_id")
    status = django_filters.ChoiceFilter(choices=PaymentList.Status.choices)

    class Meta:
        model = PaymentList
        fields = ["month", "commune", "status"]


class PaymentFilter(django_filters.FilterSet):
    payment_list = django_filters.NumberFilter(field_name="payment_list_id")
    month = django_filters.DateFilter()
    change = django_filters.ChoiceFilter(choices=ChangeKind.choices)

    class Meta:
        model = Payment
        fields = ["payment_list", "month", "change"]
