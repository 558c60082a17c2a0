"""The plan (Mẫu 04) from draft to the commune leader's decision (Mẫu 05)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import now as _now
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import require
from socialwork.accounts.models import Role, User
from socialwork.history import records_actor
from socialwork.idempotency import Created, create_once, replay
from socialwork.notifications.services import notify

from ...errors import StaleEdit
from ...models import (
    Case,
    CasePlan,
    CasePlanAction,
    CaseStatus,
    DocumentKind,
    IssuedDocument,
    PlanStatus,
    SignerCapacity,
)
from .. import numbering
from ..deadlines import case_refresh_deadline
from .common import STALE_MESSAGE, _lock
from .status import case_begin_intervention, case_begin_planning


def _plan_actions(plan: CasePlan, actions: list[dict[str, Any]]) -> None:
    rows = []
    for index, action in enumerate(actions):
        row = CasePlanAction(plan=plan, **action)
        if not (row.responsible_user_id or row.provider_id or row.responsible_other.strip()):
            raise ValidationError(
                {
                    "actions": _("Hoạt động %(n)s: hãy ghi người hoặc đơn vị thực hiện.")
                    % {"n": index + 1}
                }
            )
        if row.starts_on and row.due_on < row.starts_on:
            raise ValidationError(
                {
                    "actions": _("Hoạt động %(n)s: hạn hoàn thành trước ngày bắt đầu.")
                    % {"n": index + 1}
                }
            )
        rows.append(row)
    plan.actions.all().delete()
    CasePlanAction.objects.bulk_create(rows)


@records_actor
@transaction.atomic
def plan_draft(
    *,
    actor: User,
    case: Case,
    goals: str,
    actions: list[dict[str, Any]],
    conference_on: datetime.date | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Created:
    """Draft the plan (Mẫu 04): the commune official, or a collaborator preparing it."""
    require(actor, "case.plan.draft")
    earlier = replay(CasePlan, client_uuid, actor, "drafted_by")
    if earlier is not None:
        return Created(earlier, False)
    case = _lock(case)
    if case.status not in (CaseStatus.ASSESSMENT, CaseStatus.PLANNING):
        raise ValidationError(_("Chỉ lập kế hoạch khi trường hợp đang đánh giá hoặc lập kế hoạch."))
    if not goals.strip():
        raise ValidationError({"goals": _("Hãy ghi mục tiêu của kế hoạch.")})
    if case.plans.filter(
        status__in=(PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED)
    ).exists():
        raise ValidationError(_("Trường hợp này đã có một kế hoạch đang soạn hoặc chờ duyệt."))
    if conference_on is None:
        # The plan follows the case meeting recorded with the needs assessment.
        conference_on = (
            case.assessments.filter(meeting_on__isnull=False)
            .order_by("-assessed_on", "-id")
            .values_list("meeting_on", flat=True)
            .first()
        )

    def make() -> CasePlan:
        plan = CasePlan.objects.create(
            client_uuid=client_uuid,
            case=case,
            goals=goals,
            conference_on=conference_on,
            drafted_by=actor,
            prepared_by=actor if actor.role == Role.COLLABORATOR else None,
            drafted_at=_now(),
        )
        _plan_actions(plan, actions)
        return plan

    result = create_once(CasePlan, client_uuid, actor, "drafted_by", make)
    if result.created and case.status == CaseStatus.ASSESSMENT:
        case = case_begin_planning(actor=actor, case=case, note=_("Lập kế hoạch"))
    case_refresh_deadline(case)
    return result


def _lock_plan(plan: CasePlan) -> CasePlan:
    return CasePlan.objects.select_for_update().select_related("case").get(pk=plan.pk)


def _plan_move(plan: CasePlan, to: str) -> None:
    if to not in CasePlan.TRANSITIONS[plan.status]:
        messages: dict[str, str] = {
            PlanStatus.APPROVED: _("Chỉ phê duyệt được kế hoạch đã trình."),
            PlanStatus.RETURNED: _("Chỉ trả lại được kế hoạch đã trình."),
            PlanStatus.SUBMITTED: _("Kế hoạch này đã được trình hoặc đã phê duyệt."),
        }
        raise ValidationError(messages[to], code="forbidden_transition")


@records_actor
@transaction.atomic
def plan_update(
    *,
    actor: User,
    plan: CasePlan,
    version: int,
    goals: str,
    actions: list[dict[str, Any]],
    conference_on: datetime.date | None = None,
) -> CasePlan:
    """Edit a draft or a returned plan."""
    require(actor, "case.plan.draft")
    plan = _lock_plan(plan)
    if plan.version != version:
        raise StaleEdit(STALE_MESSAGE, code="stale")
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        raise ValidationError(_("Kế hoạch đã trình hoặc đã phê duyệt không sửa được."))
    CasePlan.objects.filter(pk=plan.pk).update(
        goals=goals, conference_on=conference_on, version=F("version") + 1
    )
    _plan_actions(plan, actions)
    plan.refresh_from_db()
    return plan


@records_actor
@transaction.atomic
def plan_submit(*, actor: User, plan: CasePlan, version: int | None = None) -> CasePlan:
    """Submit for the commune leader's signature (the 2-working-day timer starts)."""
    require(actor, "case.plan.submit")
    plan = _lock_plan(plan)
    if version is not None and plan.version != version:
        raise StaleEdit(STALE_MESSAGE, code="stale")
    _plan_move(plan, PlanStatus.SUBMITTED)
    if not plan.actions.exists():
        raise ValidationError(_("Kế hoạch phải có ít nhất một hoạt động."))
    CasePlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.SUBMITTED,
        submitted_at=_now(),
        submitted_by=actor,
        version=F("version") + 1,
    )
    plan.refresh_from_db()
    case_refresh_deadline(plan.case)
    _tell_leaders(plan)
    return plan


def _tell_leaders(plan: CasePlan) -> None:
    """The commune's leaders learn a plan waits for their signature (2 working days)."""
    leaders = User.objects.filter(
        role=Role.COMMUNE_LEADER, area_id=plan.case.commune_id, is_active=True
    )
    notify(
        recipients=leaders,
        kind="case.plan_submitted",
        title=_("Kế hoạch chờ phê duyệt – trường hợp số %(id)s") % {"id": plan.case_id},
        body=_("Hạn phê duyệt: 2 ngày làm việc kể từ khi trình."),
        url=reverse("casework:plan_detail", args=[plan.pk]),
        dedupe_key=f"plan:{plan.pk}:submitted:{plan.version}",
        related=plan,
        email=True,
    )


@records_actor
def plan_approve(
    *,
    actor: User,
    plan: CasePlan,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    version: int | None = None,
    signed_as: str = SignerCapacity.CHAIRMAN,
) -> CasePlan:
    """The commune leader of the case's commune signs (Mẫu 05); the case moves
    to intervention.

    Without a typed number the decision takes the next number of the commune's
    register (cases.casework.numbering) in this transaction; if the approval
    then fails the number stays in the register as void, with the reason, and
    the error is raised after that is committed. A typed number is a decision
    numbered outside the portal (signed on paper) and is kept as typed."""
    failure: Exception | None = None
    with transaction.atomic():
        plan = _lock_plan(plan)
        require(actor, "case.plan.approve", commune=plan.case.commune_id)
        if version is not None and plan.version != version:
            raise StaleEdit(STALE_MESSAGE, code="stale")
        _plan_move(plan, PlanStatus.APPROVED)
        decision_date = decision_date or timezone.localdate()
        if decision_date > timezone.localdate():
            raise ValidationError({"decision_date": _("Ngày quyết định không được ở tương lai.")})
        if signed_as not in SignerCapacity.values:
            raise ValidationError({"signed_as": _("Thẩm quyền ký không hợp lệ.")})
        if decision_number.strip():
            _plan_approve_under(plan, actor=actor, number=decision_number.strip(), on=decision_date)
            return plan
        entry = numbering.take(
            agency=plan.case.commune,
            kind=DocumentKind.DECISION,
            issued_on=decision_date,
            actor=actor,
            form="05",
            capacity=signed_as,
        )
        try:
            with transaction.atomic():
                _plan_approve_under(plan, actor=actor, number=entry.reference, on=decision_date)
                IssuedDocument.objects.filter(pk=entry.pk).update(plan=plan)
        except Exception as exc:  # every failure after the number was taken voids it
            numbering.void(entry, reason=numbering.failure_reason(exc))
            failure = exc
    if failure is not None:
        raise failure
    plan.refresh_from_db()
    return plan


def _plan_approve_under(plan: CasePlan, *, actor: User, number: str, on: datetime.date) -> None:
    CasePlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.APPROVED,
        approved_at=_now(),
        approved_by=actor,
        decision_number=number,
        decision_date=on,
        version=F("version") + 1,
    )
    plan.refresh_from_db()
    case = plan.case
    if case.status == CaseStatus.PLANNING:
        case_begin_intervention(actor=actor, case=case, note=_("Kế hoạch đã được phê duyệt"))
    case_refresh_deadline(case)


@records_actor
@transaction.atomic
def plan_return(
    *, actor: User, plan: CasePlan, comments: str, version: int | None = None
) -> CasePlan:
    """The leader sends the plan back with comments; the official revises it."""
    plan = _lock_plan(plan)
    require(actor, "case.plan.approve", commune=plan.case.commune_id)
    if version is not None and plan.version != version:
        raise StaleEdit(STALE_MESSAGE, code="stale")
    _plan_move(plan, PlanStatus.RETURNED)
    if not comments.strip():
        raise ValidationError({"comments": _("Hãy ghi ý kiến khi trả lại kế hoạch.")})
    CasePlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.RETURNED,
        return_comments=comments.strip(),
        returned_at=_now(),
        version=F("version") + 1,
    )
    plan.refresh_from_db()
    case_refresh_deadline(plan.case)
    return plan
