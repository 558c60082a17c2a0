"""Reads of the call log, scoped to the reader."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from socialwork.accounts.scoping import get_scoped_or_404, scope_for

from ..models import HotlineCall
from .filters import HotlineCallFilter


def call_list(*, actor, filters=None) -> QuerySet[HotlineCall]:
    queryset = scope_for(HotlineCall.objects.all(), actor).select_related("commune", "facility")
    filterset = HotlineCallFilter(data=filters or {}, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs.order_by("-received_at", "-id")


def call_get(*, actor, call_id: int, request=None) -> HotlineCall:
    queryset = HotlineCall.objects.select_related("commune", "facility", "case", "referral")
    return get_scoped_or_404(queryset, actor, request, pk=call_id)
