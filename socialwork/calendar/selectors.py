"""Reads on the holiday table (reference data, still through scope_for)."""

from django.shortcuts import get_object_or_404

from socialwork.accounts.scoping import scope_for

from .models import PublicHoliday


def holiday_list(*, actor, year: int):
    return scope_for(PublicHoliday.objects.filter(date__year=year), actor).order_by("date")


def holiday_get(*, actor, holiday_id: int) -> PublicHoliday:
    return get_object_or_404(scope_for(PublicHoliday.objects.all(), actor), pk=holiday_id)
