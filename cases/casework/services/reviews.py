"""The review after the plan (Mẫu 06): close, continue monitoring or replan."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import require
from socialwork.accounts.models import User
from socialwork.history import records_actor
from socialwork.idempotency import Created, create_once, replay

from ...models import Case, CaseStatus, ClosureReason, PlanStatus, Review, ReviewOutcome
from .common import _lock
from .status import case_begin_monitoring, case_close, case_replan


@records_actor
@transaction.atomic
def review_record(
    *,
    actor: User,
    case: Case,
    reviewed_on: datetime.date,
    findings: str,
    outcome: str,
    safe_and_stable: bool = False,
    closure_reason: str = ClosureReason.GOALS_MET,
    client_uuid: uuid.UUID | None = None,
) -> Created:
    """Review after the plan: close (the person is safe and stable) or a new plan."""
    require(actor, "case.review")
    earlier = replay(Review, client_uuid, actor, "reviewed_by")
    if earlier is not None:
        return Created(earlier, False)
    case = _lock(case)
    if case.status not in (CaseStatus.INTERVENTION, CaseStatus.MONITORING):
        raise ValidationError(_("Chỉ rà soát sau khi kế hoạch đã được thực hiện."))
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("Hãy chọn đề xuất sau rà soát.")})
    if outcome == ReviewOutcome.CLOSE and case.is_child_protection and not safe_and_stable:
        raise ValidationError(
            {"outcome": _("Chỉ kết thúc trường hợp trẻ em khi trẻ đã an toàn, ổn định.")}
        )
    plan = case.plans.filter(status=PlanStatus.APPROVED).order_by("-approved_at").first()

    def make() -> Review:
        return Review.objects.create(
            client_uuid=client_uuid,
            case=case,
            plan=plan,
            reviewed_on=reviewed_on,
            reviewed_by=actor,
            findings=findings,
            safe_and_stable=safe_and_stable,
            outcome=outcome,
        )

    result = create_once(Review, client_uuid, actor, "reviewed_by", make)
    if result.created:
        if outcome == ReviewOutcome.CLOSE:
            case_close(actor=actor, case=case, reason=closure_reason, note=findings)
        elif outcome == ReviewOutcome.REPLAN:
            case_replan(actor=actor, case=case, note=_("Rà soát: xây dựng kế hoạch mới"))
        elif case.status == CaseStatus.INTERVENTION:
            case_begin_monitoring(actor=actor, case=case, note=_("Rà soát: tiếp tục theo dõi"))
    return result
