"""Reads on social assistance.

- `standard_level_on(day) -> StandardLevel`: the standard in force on `day`:
  the province's own level where one is in force and higher than the
  national one, else the national level. Unconfirmed rows (reported decrees
  not yet verified) are ignored. Raises `StandardLevelMissing` (a
  ValidationError with a translated message) when no level covers the date.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import StandardLevel


class StandardLevelMissing(ValidationError):
    pass


def standard_level_on(day: datetime.date) -> StandardLevel:
    # One row per scope: the latest confirmed level that started on or before the day.
    candidates = list(
        StandardLevel.objects.filter(valid_from__lte=day, confirmed=True)
        .order_by("scope", "-valid_from")
        .distinct("scope")
    )
    national = next((c for c in candidates if c.scope == StandardLevel.Scope.NATIONAL), None)
    province = next((c for c in candidates if c.scope == StandardLevel.Scope.PROVINCE), None)
    if national is None and province is None:
        raise StandardLevelMissing(
            _("Chưa có mức chuẩn trợ giúp xã hội áp dụng cho ngày %(date)s.")
            % {"date": f"{day:%d/%m/%Y}"},
            code="no_standard_level",
        )
    if province is not None and (national is None or province.amount > national.amount):
        return province
    return national
