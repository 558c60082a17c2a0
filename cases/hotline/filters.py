"""The call log's FilterSet, shared by the page, the API and the selector."""

import django_filters
from django.utils.translation import gettext_lazy as _

from socialwork.api.filters import BooleanFilter

from ..models import HotlineCall
from ..models.hotline import CallIssue, CallKind, CallOutcome


class HotlineCallFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại cuộc gọi"), choices=CallKind.choices)
    issue = django_filters.ChoiceFilter(label=_("Vấn đề"), choices=CallIssue.choices)
    outcome = django_filters.ChoiceFilter(label=_("Kết quả"), choices=CallOutcome.choices)
    from_111 = BooleanFilter(label=_("Từ Tổng đài 111"))

    class Meta:
        model = HotlineCall
        fields = ["kind", "issue", "outcome", "from_111"]
