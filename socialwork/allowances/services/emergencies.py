"""Emergency support after disasters and other events (Arts 12–15)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Beneficiary
from socialwork.accounts.capabilities import require
from socialwork.areas.models import AdministrativeUnit
from socialwork.numbers import grouped

from ..models import (
    EmergencyEvent,
    EmergencyKind,
    EmergencySupport,
)
from ..selectors import (
    standard_level_on,
)

INJURY_MULTIPLE = 10  # Art. 13
DISASTER_FUNERAL_MULTIPLE = 50  # Art. 14
HOUSING_MINIMUM: dict[str, int] = {  # Art. 15, đồng per household
    EmergencyKind.HOUSE_REBUILD: 40_000_000,
    EmergencyKind.HOUSE_RELOCATE: 30_000_000,
    EmergencyKind.HOUSE_REPAIR: 20_000_000,
}
RICE_KG_PER_PERSON_MONTH = 15  # Art. 12
RICE_MAX_MONTHS = 3


@transaction.atomic
def emergency_event_create(
    *, actor, name: str, kind: str, started_on: datetime.date, description: str = ""
) -> EmergencyEvent:
    require(actor, "emergency.event.create")
    if not name.strip():
        raise ValidationError({"name": [_("Ghi tên sự kiện.")]})
    if kind not in EmergencyEvent.Kind.values:
        raise ValidationError({"kind": [_("Loại sự kiện không hợp lệ.")]})
    return EmergencyEvent.objects.create(
        name=name.strip(), kind=kind, started_on=started_on, description=description
    )


@transaction.atomic
def emergency_support_record(
    *,
    actor,
    event: EmergencyEvent,
    commune: AdministrativeUnit,
    kind: str,
    decided_on: datetime.date,
    household=None,
    beneficiary: Beneficiary | None = None,
    persons: int = 1,
    months: int = 0,
    amount: int = 0,
) -> EmergencySupport:
    """One support to a household or person, checked against Arts 12–15 minima."""
    require(actor, "emergency.support.record", commune=commune.pk)
    errors: dict[str, list[str]] = {}
    if household is None and beneficiary is None:
        errors["household"] = [_("Chọn hộ gia đình hoặc người nhận hỗ trợ.")]
    for item, label in ((household, "household"), (beneficiary, "beneficiary")):
        if item is not None and item.commune_id != commune.pk:
            errors[label] = [_("Người/hộ nhận hỗ trợ không thuộc xã này.")]
    if decided_on < event.started_on:
        errors["decided_on"] = [_("Ngày quyết định không được trước ngày xảy ra sự kiện.")]
    rice_kg = 0
    if kind == EmergencyKind.RICE:
        if not 1 <= months <= RICE_MAX_MONTHS:
            errors["months"] = [_("Hỗ trợ gạo từ 1 đến 3 tháng mỗi đợt.")]
        if persons < 1:
            errors["persons"] = [_("Số người phải từ 1 trở lên.")]
        rice_kg = RICE_KG_PER_PERSON_MONTH * persons * months
    else:
        standard = standard_level_on(decided_on).amount
        of_standard: dict[str, int] = {
            EmergencyKind.INJURY: INJURY_MULTIPLE * standard,
            EmergencyKind.FUNERAL: DISASTER_FUNERAL_MULTIPLE * standard,
        }
        minimum = of_standard.get(kind, HOUSING_MINIMUM.get(kind))
        if minimum is None:
            errors["kind"] = [_("Hình thức hỗ trợ không hợp lệ.")]
        elif amount < minimum:
            errors["amount"] = [
                _("Mức tối thiểu cho hình thức này là %(min)s đồng.") % {"min": grouped(minimum)}
            ]
    if errors:
        raise ValidationError(errors)
    return EmergencySupport.objects.create(
        event=event,
        commune=commune,
        household=household,
        beneficiary=beneficiary,
        kind=kind,
        persons=persons,
        months=months,
        rice_kg=rice_kg,
        amount=amount,
        decided_on=decided_on,
        created_by=actor,
    )
