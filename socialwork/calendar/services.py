"""Writes on the working-day calendar (department staff and administrators).

`holiday_create(*, actor, date, name, kind, note="", confirmed=True)`,
`holiday_update(*, actor, holiday, **fields)`, `holiday_delete(*, actor, holiday)`.
Each refuses other roles (PermissionDenied) and clears the working-day cache.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from socialwork.accounts.capabilities import require

from . import workdays
from .models import PublicHoliday


def _changed() -> None:
    # Now (this transaction reads its own writes) and after the commit (so a
    # read in between does not keep the old days).
    workdays.clear_cache()
    transaction.on_commit(workdays.clear_cache)


def _check(actor) -> None:
    require(actor, "calendar.edit")


@transaction.atomic
def holiday_create(
    *,
    actor,
    date: datetime.date,
    name: str,
    kind: str = PublicHoliday.Kind.HOLIDAY,
    note: str = "",
    confirmed: bool = True,
) -> PublicHoliday:
    _check(actor)
    holiday = PublicHoliday.objects.create(
        date=date, name=name, kind=kind, note=note, confirmed=confirmed
    )
    _changed()
    return holiday


@transaction.atomic
def holiday_update(*, actor, holiday: PublicHoliday, **fields) -> PublicHoliday:
    _check(actor)
    allowed = {"date", "name", "kind", "note", "confirmed"}
    for field, value in fields.items():
        if field not in allowed:
            raise TypeError(field)
        setattr(holiday, field, value)
    holiday.updated_at = timezone.now()
    holiday.save()
    _changed()
    return holiday


@transaction.atomic
def holiday_delete(*, actor, holiday: PublicHoliday) -> None:
    _check(actor)
    holiday.delete()
    _changed()
