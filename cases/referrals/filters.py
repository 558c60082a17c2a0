"""One FilterSet per list: the referral lists (page, API, selector) and the call log."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility, ServiceType
from socialwork.api.filters import BooleanFilter, NamedModelChoiceFilter
from socialwork.areas.selectors import province_communes

from ..models import Referral, ReferralStatus
from ..models.casework import Urgency
from . import deadlines


def _communes(request):
    return province_communes()


class ReferralFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Trạng thái"), choices=ReferralStatus.choices
    )
    urgency = django_filters.ChoiceFilter(label=_("Mức độ khẩn"), choices=Urgency.choices)
    to_facility = django_filters.ModelChoiceFilter(
        label=_("Chuyển đến"), queryset=Facility.objects.all()
    )
    service_type = django_filters.ModelChoiceFilter(
        label=_("Dịch vụ"), queryset=ServiceType.objects.all()
    )
    commune = NamedModelChoiceFilter(label=_("Xã, phường"), queryset=_communes)
    case = django_filters.NumberFilter(label=_("Trường hợp"), field_name="case_id")
    overdue = BooleanFilter(label=_("Quá hạn trả lời"), method="filter_overdue")

    class Meta:
        model = Referral
        fields = ["status", "urgency", "to_facility", "service_type", "commune", "case", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = deadlines.overdue_q(timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)
