"""Assessments: Mẫu 02 (initial) and Mẫu 03 (needs, re-assessment)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import require
from socialwork.accounts.models import User
from socialwork.history import records_actor
from socialwork.idempotency import Created, create_once, replay

from ...models import Assessment, AssessmentKind, Case, CaseStatus
from ..deadlines import case_refresh_deadline
from .common import _lock, _require_open
from .status import _transition

ASSESSMENT_FIELDS = (
    "risk_level",
    "immediate_danger",
    "physical_state",
    "psychological_state",
    "family_situation",
    "risk_factors",
    "schooling",
    "community_safety",
    "needs",
    "child_views",
    "parent_views",
    "conclusion",
    "meeting_on",
    "details",
)


@records_actor
@transaction.atomic
def assessment_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    assessed_on: datetime.date,
    data: dict[str, Any] | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Created:
    """Record Mẫu 02 (initial) or Mẫu 03 (needs / re-assessment). An intake
    case moves to assessment on the first one."""
    require(actor, "case.work")
    earlier = replay(Assessment, client_uuid, actor, "assessed_by")
    if earlier is not None:
        return Created(earlier, False)
    case = _lock(case)
    _require_open(case)
    if kind not in AssessmentKind.values:
        raise ValidationError({"kind": _("Loại đánh giá không hợp lệ.")})
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("Ngày đánh giá không được ở tương lai.")})
    if assessed_on < timezone.localdate(case.reported_at):
        raise ValidationError({"assessed_on": _("Ngày đánh giá không được trước ngày nhận tin.")})
    values = {k: v for k, v in (data or {}).items() if k in ASSESSMENT_FIELDS}
    if case.is_child_protection:
        _check_child_assessment(actor, case, kind=kind, values=values, assessed_on=assessed_on)

    def make() -> Assessment:
        return Assessment.objects.create(
            client_uuid=client_uuid,
            case=case,
            kind=kind,
            assessed_on=assessed_on,
            assessed_by=actor,
            **values,
        )

    result = create_once(Assessment, client_uuid, actor, "assessed_by", make)
    if result.created and case.status == CaseStatus.INTAKE:
        case = _transition(
            actor=actor, case=case, to=CaseStatus.ASSESSMENT, note=_("Đánh giá ban đầu")
        )
    case_refresh_deadline(case)
    return result


def _check_child_assessment(
    actor: User, case: Case, *, kind: str, values: dict[str, Any], assessed_on: datetime.date
) -> None:
    """Decree 56 Art. 26–27: the commune's child-protection worker (the commune
    official) does the initial assessment (Mẫu 02); the needs assessment
    (Mẫu 03) comes with the case meeting chaired by the commune chairman."""
    if kind == AssessmentKind.INITIAL:
        require(actor, "case.child_protection.own", commune=case.commune_id)
    if kind in (AssessmentKind.NEEDS, AssessmentKind.REASSESSMENT):
        meeting_on = values.get("meeting_on")
        if meeting_on is None:
            raise ValidationError(
                {
                    "meeting_on": _(
                        "Đánh giá nhu cầu (Mẫu 03) của trẻ em đi kèm cuộc họp trường hợp do Chủ "
                        "tịch UBND xã chủ trì: hãy ghi ngày họp."
                    )
                }
            )
        if meeting_on > timezone.localdate():
            raise ValidationError({"meeting_on": _("Ngày họp không được ở tương lai.")})
        if meeting_on < timezone.localdate(case.reported_at):
            raise ValidationError({"meeting_on": _("Ngày họp không được trước ngày nhận tin.")})
