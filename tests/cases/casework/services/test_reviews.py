"""The review after the plan, Mẫu 06 (cases/casework/services/reviews.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.casework.services.plans import plan_approve
from cases.casework.services.reviews import review_record
from cases.models import Case, CaseStatus, ClosureReason, ReviewOutcome
from tests.cases.casework.services.helpers import _through_to_submitted

pytestmark = pytest.mark.django_db


def test_review_closes_or_replans(case_a, official_a, leader_a):
    plan = _through_to_submitted(case_a, official_a)
    plan_approve(actor=leader_a, plan=plan, decision_number="15/QĐ")
    Case.objects.filter(pk=case_a.pk).update(is_child_protection=True)
    with pytest.raises(ValidationError):
        review_record(
            actor=official_a,
            case=case_a,
            reviewed_on=timezone.localdate(),
            findings="Chưa ổn",
            outcome=ReviewOutcome.CLOSE,
            safe_and_stable=False,
        )
    review_record(
        actor=official_a,
        case=case_a,
        reviewed_on=timezone.localdate(),
        findings="Trẻ an toàn",
        outcome=ReviewOutcome.CLOSE,
        safe_and_stable=True,
    )
    case_a.refresh_from_db()
    assert (case_a.status, case_a.closure_reason) == (CaseStatus.CLOSED, ClosureReason.GOALS_MET)
    assert case_a.closed_on == timezone.localdate()
