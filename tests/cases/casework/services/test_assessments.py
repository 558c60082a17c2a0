"""Assessments, Mẫu 02 and 03 (cases/casework/services/assessments.py)."""

import pytest
from django.utils import timezone

from cases.casework.services.assessments import assessment_record
from cases.models import AssessmentKind, CaseStatus

pytestmark = pytest.mark.django_db


def test_assessment_moves_intake_to_assessment_and_starts_plan_timer(case_a, collaborator_a):
    today = timezone.localdate()
    result = assessment_record(
        actor=collaborator_a,
        case=case_a,
        kind=AssessmentKind.NEEDS,
        assessed_on=today,
        data={"needs": "Đi học lại"},
    )
    case_a.refresh_from_db()
    assert result.obj.needs == "Đi học lại"
    assert case_a.status == CaseStatus.ASSESSMENT
    assert case_a.next_deadline_kind == "plan_draft"
