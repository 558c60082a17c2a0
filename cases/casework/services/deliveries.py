"""Services actually given on a case (they feed the indicators)."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import Facility, ServiceType
from socialwork.accounts.capabilities import require
from socialwork.accounts.models import User
from socialwork.history import records_actor
from socialwork.idempotency import Created, create_once, replay

from ...models import Case, ServiceDelivery
from .common import _lock, _require_open


@records_actor
@transaction.atomic
def service_record(
    *,
    actor: User,
    case: Case,
    service_type: ServiceType,
    delivered_on: datetime.date,
    provider: Facility | None = None,
    note: str = "",
    client_uuid: uuid.UUID | None = None,
) -> Created:
    """A service actually given on the case (it feeds the indicators)."""
    require(actor, "case.work")
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("Ngày thực hiện không được ở tương lai.")})
    if not service_type.is_active:
        raise ValidationError({"service_type": _("Loại dịch vụ này không còn dùng.")})

    def make() -> ServiceDelivery:
        return ServiceDelivery.objects.create(
            client_uuid=client_uuid,
            case=case,
            beneficiary_id=case.beneficiary_id,
            commune_id=case.commune_id,
            service_type=service_type,
            provider=provider,
            delivered_on=delivered_on,
            delivered_by=actor,
            note=note,
        )

    earlier = replay(ServiceDelivery, client_uuid, actor, "delivered_by")
    if earlier is not None:
        return Created(earlier, False)
    _require_open(_lock(case))
    return create_once(ServiceDelivery, client_uuid, actor, "delivered_by", make)
