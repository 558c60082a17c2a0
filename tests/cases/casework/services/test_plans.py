"""The plan from draft to the leader's decision (cases/casework/services/plans.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.casework.services.plans import (
    plan_approve,
    plan_draft,
    plan_return,
    plan_submit,
    plan_update,
)
from cases.models import Case, CaseStatus, PlanStatus
from tests.cases.casework.factories import AssessmentFactory, CasePlanFactory
from tests.cases.casework.services.helpers import ACTIONS, _through_to_submitted

pytestmark = pytest.mark.django_db


def test_plan_cycle_signed_by_the_leader(case_a, official_a, leader_a):
    plan = _through_to_submitted(case_a, official_a)
    case_a.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert case_a.next_deadline_kind == "plan_approval"
    plan = plan_approve(actor=leader_a, plan=plan, decision_number="15/QĐ-UBND")
    case_a.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == leader_a
    assert case_a.status == CaseStatus.INTERVENTION
    assert case_a.next_deadline is None


def test_signing_a_plan_never_submitted_is_refused(case_a, leader_a):
    plan = CasePlanFactory(case=case_a)
    with pytest.raises(ValidationError) as exc:
        plan_approve(actor=leader_a, plan=plan, decision_number="1/QĐ")
    assert "đã trình" in exc.value.messages[0]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_leader_of_another_commune_cannot_sign(case_a, official_a, leader_b):
    plan = _through_to_submitted(case_a, official_a)
    with pytest.raises(PermissionDenied):
        plan_approve(actor=leader_b, plan=plan, decision_number="1/QĐ")


def test_double_submit_is_refused(case_a, official_a):
    plan = _through_to_submitted(case_a, official_a)
    with pytest.raises(ValidationError):
        plan_submit(actor=official_a, plan=plan)


def test_return_needs_comments_then_resubmit(case_a, official_a, leader_a):
    plan = _through_to_submitted(case_a, official_a)
    with pytest.raises(ValidationError):
        plan_return(actor=leader_a, plan=plan, comments="")
    plan = plan_return(actor=leader_a, plan=plan, comments="Bổ sung kinh phí")
    assert plan.status == PlanStatus.RETURNED
    plan = plan_update(
        actor=official_a, plan=plan, version=plan.version, goals="An toàn", actions=ACTIONS
    )
    assert plan_submit(actor=official_a, plan=plan).status == PlanStatus.SUBMITTED


def test_plan_action_needs_someone_responsible(case_a, official_a):
    AssessmentFactory(case=case_a)
    Case.objects.filter(pk=case_a.pk).update(status=CaseStatus.ASSESSMENT)
    with pytest.raises(ValidationError):
        plan_draft(
            actor=official_a,
            case=case_a,
            goals="An toàn",
            actions=[{"description": "x", "due_on": datetime.date(2027, 1, 1)}],
        )
