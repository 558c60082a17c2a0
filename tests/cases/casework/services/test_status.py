"""The status moves and the rules on each (cases/casework/services/status.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.casework.services.status import (
    case_begin_assessment,
    case_begin_intervention,
    case_close,
    case_reopen,
)
from cases.models import Case, CaseStatus, CaseTransition, ClosureReason

pytestmark = pytest.mark.django_db


def test_closing_an_intake_case_is_forbidden(case_a, collaborator_a):
    with pytest.raises(ValidationError) as exc:
        case_close(actor=collaborator_a, case=case_a, reason=ClosureReason.GOALS_MET)
    assert exc.value.code == "forbidden_transition"
    assert "Tiếp nhận" in exc.value.messages[0]
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.INTAKE


def test_reopening_without_a_reason_is_refused(case_a, collaborator_a):
    Case.objects.filter(pk=case_a.pk).update(
        status=CaseStatus.CLOSED, closed_on=timezone.localdate(), closure_reason="goals_met"
    )
    with pytest.raises(ValidationError) as exc:
        case_reopen(actor=collaborator_a, case=case_a, reason="  ")
    assert "lý do" in exc.value.message_dict["reason"][0]
    reopened = case_reopen(actor=collaborator_a, case=case_a, reason="Tái diễn bạo lực")
    assert reopened.status == CaseStatus.ASSESSMENT
    assert reopened.closed_on is None
    assert reopened.transitions.first().note == "Tái diễn bạo lực"


def test_family_refusal_does_not_close_a_child_case(case_a, collaborator_a):
    Case.objects.filter(pk=case_a.pk).update(status=CaseStatus.ASSESSMENT, is_child_protection=True)
    with pytest.raises(ValidationError) as exc:
        case_close(actor=collaborator_a, case=case_a, reason=ClosureReason.REFUSED)
    assert "Tòa án" in exc.value.message_dict["reason"][0]


def test_each_transition_is_recorded_with_who(case_a, collaborator_a):
    case_begin_assessment(actor=collaborator_a, case=case_a)
    row = CaseTransition.objects.filter(case=case_a).first()
    assert (row.from_status, row.to_status, row.actor) == ("intake", "assessment", collaborator_a)


def test_intervention_needs_an_approved_plan(case_a, collaborator_a):
    Case.objects.filter(pk=case_a.pk).update(status=CaseStatus.PLANNING)
    with pytest.raises(ValidationError):
        case_begin_intervention(actor=collaborator_a, case=case_a)
