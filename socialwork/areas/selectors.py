"""Reads of the administrative map."""

from django.conf import settings
from django.db.models import QuerySet

from .models import AdministrativeUnit, CodeSet, Level


def portal_province() -> AdministrativeUnit | None:
    """The province this portal serves (configured by its 2025 code)."""
    return AdministrativeUnit.objects.filter(
        code_set=CodeSet.CURRENT, level=Level.PROVINCE, code=settings.PORTAL_PROVINCE_CODE
    ).first()


def province_communes() -> QuerySet[AdministrativeUnit]:
    """The current communes of the portal's province, by name."""
    return AdministrativeUnit.objects.filter(
        code_set=CodeSet.CURRENT,
        level=Level.COMMUNE,
        province__code=settings.PORTAL_PROVINCE_CODE,
        province__code_set=CodeSet.CURRENT,
    ).order_by("name")
