import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseStatus, ClosureReason, EventKind, PlanStatus
from tests.cases.casework.factories import CaseFactory, CasePlanFactory

pytestmark = pytest.mark.django_db


def test_transition_table_forbids_closing_an_intake_case():
    case = CaseFactory.build(status=CaseStatus.INTAKE)
    assert not case.can_move_to(CaseStatus.CLOSED)
    assert case.can_move_to(CaseStatus.ASSESSMENT)


def test_database_refuses_closed_case_without_date(commune_a):
    case = CaseFactory(beneficiary__commune=commune_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closure_reason="goals_met")


def test_database_refuses_closure_date_on_open_case(commune_a):
    case = CaseFactory(beneficiary__commune=commune_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(closed_on=timezone.localdate())


def test_database_refuses_child_case_closed_by_refusal(commune_a):
    case = CaseFactory(beneficiary__commune=commune_a, is_child_protection=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.CLOSED,
            closed_on=timezone.localdate(),
            closure_reason=ClosureReason.REFUSED,
        )


def test_database_refuses_report_in_the_future(commune_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(
            beneficiary__commune=commune_a, reported_at=timezone.now() + datetime.timedelta(days=1)
        )


def test_database_refuses_separation_over_15_days_without_extension(case_a, leader_a):
    start = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseEvent.objects.create(
            case=case_a,
            kind=EventKind.TEMPORARY_SEPARATION,
            occurred_at=timezone.now(),
            decided_by=leader_a,
            decision_number="12/QĐ-UBND",
            starts_on=start,
            ends_on=start + datetime.timedelta(days=16),
        )
    CaseEvent.objects.create(
        case=case_a,
        kind=EventKind.TEMPORARY_SEPARATION,
        occurred_at=timezone.now(),
        decided_by=leader_a,
        decision_number="12/QĐ-UBND",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=20),
        extension_basis="Yêu cầu của Tòa án",
    )


def test_database_refuses_signed_plan_without_decision(commune_a):
    plan = CasePlanFactory(case__beneficiary__commune=commune_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(plan).objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)


def test_one_plan_in_the_works_per_case(commune_a):
    plan = CasePlanFactory(case__beneficiary__commune=commune_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        CasePlanFactory(case=plan.case)


def test_case_history_is_tracked(case_a):
    Case.objects.filter(pk=case_a.pk).update(summary="Đã sửa")
    assert case_a.history.count() == 2
