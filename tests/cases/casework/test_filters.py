"""Each case-management FilterSet, through the API that serves it: every filter
narrows as it says, a bad value is a 400 that names the parameter (never a
500), and the scope still applies under any filter (another commune's rows
never appear, even when asked for by its id)."""

import datetime

import pytest
from django.utils import timezone

from cases.models import (
    AssessmentKind,
    CaseEvent,
    CaseStatus,
    ClosureReason,
    EventKind,
    PlanStatus,
    Urgency,
)
from tests.cases.casework.factories import (
    AssessmentFactory,
    CaseFactory,
    CasePlanFactory,
    ServiceDeliveryFactory,
)
from tests.cases.factories import BeneficiaryCategoryFactory, BeneficiaryFactory
from tests.cases.referrals.factories import service

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # past any id column


def ids(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body  # a short list is not paged
    return {row["id"] for row in rows}


def refused(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 400, (params, response.status_code, response.content)
    assert set(params) & set(response.json()), response.json()  # names the parameter


@pytest.fixture
def cases(commune_a, commune_b, collaborator_a, official_a):
    past = timezone.now() - datetime.timedelta(hours=1)
    return {
        "mine": CaseFactory(beneficiary=BeneficiaryFactory(commune=commune_a),
                            assigned_worker=collaborator_a),
        "child": CaseFactory(beneficiary=BeneficiaryFactory(commune=commune_a),
                             is_child_protection=True, urgency=Urgency.EMERGENCY,
                             assigned_worker=official_a, next_deadline=past,
                             status=CaseStatus.ASSESSMENT),
        "closed": CaseFactory(beneficiary=BeneficiaryFactory(commune=commune_a),
                              status=CaseStatus.CLOSED, closed_on=timezone.localdate(),
                              closure_reason=ClosureReason.GOALS_MET),
        "far": CaseFactory(beneficiary=BeneficiaryFactory(commune=commune_b), next_deadline=past),
    }  # fmt: skip


def test_case_filters_narrow(client, department, cases, commune_a, commune_b, collaborator_a):
    url = "/api/v1/cases/"
    pk = {name: case.pk for name, case in cases.items()}
    assert ids(client, department, url) == set(pk.values())
    assert ids(client, department, url, commune=commune_b.pk) == {pk["far"]}
    assert ids(client, department, url, status=CaseStatus.CLOSED) == {pk["closed"]}
    assert ids(client, department, url, status=[CaseStatus.CLOSED, CaseStatus.ASSESSMENT]) == {
        pk["closed"],
        pk["child"],
    }
    assert ids(client, department, url, open="false") == {pk["closed"]}
    assert pk["closed"] not in ids(client, department, url, open="true")
    assert ids(client, department, url, assigned_worker=collaborator_a.pk) == {pk["mine"]}
    assert ids(client, department, url, unassigned="true") == {pk["closed"], pk["far"]}
    assert ids(client, department, url, overdue="true") == {pk["child"], pk["far"]}
    assert ids(client, department, url, urgency=Urgency.EMERGENCY) == {pk["child"]}
    assert ids(client, department, url, is_child_protection="true") == {pk["child"]}
    assert ids(client, department, url, beneficiary=cases["mine"].beneficiary_id) == {pk["mine"]}
    link = BeneficiaryCategoryFactory(beneficiary=cases["mine"].beneficiary)
    assert ids(client, department, url, category=link.category.code) == {pk["mine"]}


def test_case_filters_refuse_bad_values(client, department, cases):
    url = "/api/v1/cases/"
    for params in (
        {"status": "lost"},
        {"commune": "abc"},
        {"commune": HUGE},
        {"urgency": "soon"},
        {"open": "maybe"},
        {"category": "no-such-group"},
        {"beneficiary": "x"},
        {"assigned_worker": "x"},
    ):
        refused(client, department, url, **params)


def test_case_filters_never_widen_the_scope(client, collaborator_a, cases, commune_b):
    url = "/api/v1/cases/"
    far = cases["far"]
    assert far.pk not in ids(client, collaborator_a, url)
    assert ids(client, collaborator_a, url, commune=commune_b.pk) == set()
    assert ids(client, collaborator_a, url, beneficiary=far.beneficiary_id) == set()
    assert ids(client, collaborator_a, url, overdue="true") == {cases["child"].pk}


def test_assessment_plan_service_and_event_filters(client, department, collaborator_a, cases):
    mine, far = cases["mine"], cases["far"]
    needs = AssessmentFactory(case=mine, kind=AssessmentKind.NEEDS)
    initial = AssessmentFactory(case=mine, kind=AssessmentKind.INITIAL)
    far_assessment = AssessmentFactory(case=far)
    url = "/api/v1/assessments/"
    assert ids(client, department, url, case=mine.pk) == {needs.pk, initial.pk}
    assert ids(client, department, url, kind=AssessmentKind.INITIAL) == {initial.pk}
    assert ids(client, collaborator_a, url, case=far.pk) == set()
    assert far_assessment.pk not in ids(client, collaborator_a, url)
    refused(client, department, url, kind="annual")
    refused(client, department, url, case="one")

    draft = CasePlanFactory(case=mine)
    submitted = CasePlanFactory(
        case=cases["child"], status=PlanStatus.SUBMITTED, submitted_at=timezone.now()
    )
    far_plan = CasePlanFactory(case=far)
    url = "/api/v1/plans/"
    assert ids(client, department, url, status=PlanStatus.SUBMITTED) == {submitted.pk}
    assert ids(client, department, url, case=mine.pk) == {draft.pk}
    assert ids(client, department, url, commune=far.commune_id) == {far_plan.pk}
    assert ids(client, collaborator_a, url, commune=far.commune_id) == set()
    refused(client, department, url, status="signed")
    refused(client, department, url, commune="b")

    today = timezone.localdate()
    advice = ServiceDeliveryFactory(case=mine, delivered_on=today - datetime.timedelta(days=10))
    care = ServiceDeliveryFactory(case=mine, service_type=service(), delivered_on=today)
    far_service = ServiceDeliveryFactory(case=far)
    url = "/api/v1/services/"
    assert ids(client, department, url, case=mine.pk) == {advice.pk, care.pk}
    assert ids(client, department, url, beneficiary=far.beneficiary_id) == {far_service.pk}
    assert ids(client, department, url, service_type=service().code) == {care.pk}
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    assert ids(client, department, url, case=mine.pk, delivered_from=yesterday) == {care.pk}
    assert ids(client, department, url, case=mine.pk, delivered_to=yesterday) == {advice.pk}
    assert ids(client, collaborator_a, url, beneficiary=far.beneficiary_id) == set()
    refused(client, department, url, delivered_from="yesterday")
    refused(client, department, url, delivered_to="2025-13-01")

    visit = CaseEvent.objects.create(
        case=mine, kind=EventKind.HOME_VISIT, occurred_at=timezone.now(), recorded_by=collaborator_a
    )
    conference = CaseEvent.objects.create(
        case=mine, kind=EventKind.CASE_CONFERENCE, occurred_at=timezone.now()
    )
    far_event = CaseEvent.objects.create(
        case=far, kind=EventKind.HOME_VISIT, occurred_at=timezone.now()
    )
    url = "/api/v1/events/"
    assert ids(client, department, url, case=mine.pk) == {visit.pk, conference.pk}
    assert ids(client, department, url, kind=EventKind.HOME_VISIT) == {visit.pk, far_event.pk}
    assert ids(client, collaborator_a, url, kind=EventKind.HOME_VISIT) == {visit.pk}
    refused(client, department, url, kind="party")
