"""Shared steps of the casework service tests (and of the printing and signing tests)."""

import datetime

from django.utils import timezone

from cases.casework.services.cases import case_open
from cases.casework.services.plans import plan_draft, plan_submit
from cases.models import AssessmentKind, Case, CaseStatus, IntakeSource
from tests.cases.casework.factories import AssessmentFactory

ACTIONS = [
    {
        "description": "Tư vấn tâm lý",
        "responsible_other": "Trạm y tế xã",
        "due_on": datetime.date(2027, 1, 15),
        "cost_estimate": 2_000_000,
    }
]


def _open(actor, person, **kwargs):
    defaults = {
        "actor": actor,
        "beneficiary": person,
        "source": IntakeSource.COLLABORATOR,
        "reported_at": timezone.now() - datetime.timedelta(hours=2),
        "summary": "Trẻ bị bạo lực",
    }
    return case_open(**(defaults | kwargs))


def _through_to_submitted(case, official):
    AssessmentFactory(case=case, kind=AssessmentKind.NEEDS)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.ASSESSMENT)
    plan = plan_draft(actor=official, case=case, goals="An toàn", actions=ACTIONS).obj
    return plan_submit(actor=official, plan=plan)
