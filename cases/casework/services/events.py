"""Events recorded on an open case: home visits, emergency interventions,
case conferences, a family's refusal."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.timezone import now as _now
from django.utils.translation import gettext as _

from facilities.models import Facility
from socialwork.accounts.capabilities import require
from socialwork.accounts.models import User
from socialwork.history import records_actor
from socialwork.idempotency import Created, create_once, replay

from ...models import Case, CaseEvent, EventKind
from ...models.casework import REPORT_CLOCK_TOLERANCE
from ..deadlines import case_refresh_deadline
from .common import _lock, _require_open


@records_actor
@transaction.atomic
def event_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    occurred_at: datetime.datetime | None = None,
    note: str = "",
    observations: str = "",
    next_step: str = "",
    place: str = "",
    carer_name: str = "",
    provider: Facility | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Created:
    """Home visit, emergency intervention, case conference, family refusal —
    from any open status. Decisions (separation, court, placement) have their own
    functions: the commune leader signs them."""
    require(actor, "case.work")
    allowed = (
        EventKind.HOME_VISIT,
        EventKind.EMERGENCY_INTERVENTION,
        EventKind.CASE_CONFERENCE,
        EventKind.FAMILY_REFUSAL,
    )
    if kind not in allowed:
        raise ValidationError({"kind": _("Loại sự kiện không hợp lệ.")})
    earlier = replay(CaseEvent, client_uuid, actor, "recorded_by")
    if earlier is not None:
        return Created(earlier, False)
    case = _lock(case)
    _require_open(case)
    occurred_at = occurred_at or _now()
    if occurred_at > _now() + REPORT_CLOCK_TOLERANCE:
        raise ValidationError({"occurred_at": _("Thời điểm không được ở tương lai.")})

    def make() -> CaseEvent:
        return CaseEvent.objects.create(
            client_uuid=client_uuid,
            case=case,
            kind=kind,
            occurred_at=occurred_at,
            recorded_by=actor,
            note=note.strip(),
            observations=observations.strip() if kind == EventKind.HOME_VISIT else "",
            next_step=next_step.strip() if kind == EventKind.HOME_VISIT else "",
            place=place,
            carer_name=carer_name,
            provider=provider,
        )

    result = create_once(CaseEvent, client_uuid, actor, "recorded_by", make)
    case_refresh_deadline(case)
    return result
