"""Every role × page and endpoint × own/other commune × confidential or not."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.casework.services.cases import case_assign
from cases.models import Case
from socialwork.accounts.models import AccessLog
from tests.cases.casework.factories import (
    AssessmentFactory,
    CaseFactory,
    CasePlanFactory,
    ServiceDeliveryFactory,
)
from tests.factories import CommuneOfficialFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "department",
    "official_a",
    "leader_a",
    "assigned",
    "other_collaborator_a",
    "collaborator_b",
    "leader_b",
    "official_b",
    "facility_user",
    "leadership",
]
# Who sees a case of commune A (None: 403).
SEES = {
    "department": (True, True),  # (open case, confidential case)
    "official_a": (True, True),
    "leader_a": (True, True),
    "assigned": (True, True),
    "other_collaborator_a": (True, False),
    "collaborator_b": (False, False),
    "leader_b": (False, False),
    "official_b": (False, False),
    "facility_user": (False, False),
    "leadership": (None, None),
}


def _pages(case, objs):
    return [
        reverse("casework:case_detail", args=[case.pk]),
        reverse("casework:case_edit", args=[case.pk]),
        reverse("casework:assessment_add", args=[case.pk]),
        reverse("casework:plan_add", args=[case.pk]),
        reverse("casework:review_add", args=[case.pk]),
        reverse("casework:case_print", args=[case.pk, "01", "docx"]),
        reverse("casework:plan_detail", args=[objs["plan"].pk]),
        f"/api/v1/cases/{case.pk}/",
        f"/api/v1/assessments/{objs['assessment'].pk}/",
        f"/api/v1/plans/{objs['plan'].pk}/",
        f"/api/v1/services/{objs['service'].pk}/",
    ]


@pytest.fixture
def world(
    request,
    commune_a,
    commune_b,
    collaborator_a,
    collaborator_a2,
    collaborator_b,
    official_a,
    leader_a,
    leader_b,
    department,
    facility_user,
    leadership,
):
    users = {
        "department": department,
        "official_a": official_a,
        "leader_a": leader_a,
        "assigned": collaborator_a,
        "other_collaborator_a": collaborator_a2,
        "collaborator_b": collaborator_b,
        "leader_b": leader_b,
        "official_b": CommuneOfficialFactory(area=commune_b),
        "facility_user": facility_user,
        "leadership": leadership,
    }
    cases = {}
    for confidential in (False, True):
        case = CaseFactory(
            beneficiary__commune=commune_a,
            assigned_worker=collaborator_a,
            confidential=confidential,
            confidentiality_reason="abuse" if confidential else "",
        )
        objs = {
            "assessment": AssessmentFactory(case=case),
            "plan": CasePlanFactory(case=case),
            "service": ServiceDeliveryFactory(case=case),
        }
        cases[confidential] = (case, objs)
    return users, cases


@pytest.mark.parametrize("confidential", [False, True], ids=["open", "confidential"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_and_endpoint(client, world, role, confidential):
    users, cases = world
    case, objs = cases[confidential]
    sees = SEES[role][confidential]
    expected = 403 if sees is None else (200 if sees else 404)
    client.force_login(users[role])
    for url in _pages(case, objs):
        assert client.get(url).status_code == expected, url
    if expected == 404:
        logged = AccessLog.objects.filter(user=users[role], action=AccessLog.Action.DENIED)
        assert logged.filter(object_type="cases.case", object_id=str(case.pk)).exists()


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_what_the_role_may_see(client, world, role):
    users, cases = world
    client.force_login(users[role])
    visible = {case.pk for conf, (case, _) in cases.items() if SEES[role][conf]}
    page = client.get(reverse("casework:case_list"))
    api = client.get("/api/v1/cases/")
    if SEES[role][False] is None:
        assert (page.status_code, api.status_code) == (403, 403)
        return
    assert {c.pk for c in page.context["rows"]} == visible
    assert {row["id"] for row in api.json()["results"]} == visible
    services_api = client.get("/api/v1/services/").json()["results"]
    assert {row["case"] for row in services_api} == visible


def test_other_collaborator_never_sees_the_confidential_service_or_plan(client, world):
    users, cases = world
    case, objs = cases[True]
    client.force_login(users["other_collaborator_a"])
    assert client.get(f"/api/v1/plans/?case={case.pk}").json()["results"] == []
    assert client.get(f"/api/v1/assessments/?case={case.pk}").json()["results"] == []


def test_leader_signs_only_for_their_commune(client, world):
    users, cases = world
    case, objs = cases[False]
    plan = objs["plan"]
    type(plan).objects.filter(pk=plan.pk).update(status="submitted", submitted_at=timezone.now())
    client.force_login(users["leader_b"])
    assert (
        client.post(f"/api/v1/plans/{plan.pk}/approve/", {"decision_number": "1"}).status_code
        == 404
    )
    client.force_login(users["official_a"])
    assert (
        client.post(f"/api/v1/plans/{plan.pk}/approve/", {"decision_number": "1"}).status_code
        == 403
    )
    client.force_login(users["leader_a"])
    assert (
        client.post(f"/api/v1/plans/{plan.pk}/approve/", {"decision_number": "1"}).status_code
        == 200
    )


def test_other_commune_cannot_write_by_id(client, world):
    users, cases = world
    case, _ = cases[False]
    client.force_login(users["collaborator_b"])
    assert client.post(reverse("casework:home_visit", args=[case.pk])).status_code == 404
    assert client.post(f"/api/v1/cases/{case.pk}/assess/", {}).status_code == 404
    body = {
        "case": case.pk,
        "service_type": "tu_van",
        "delivered_on": timezone.localdate().isoformat(),
    }
    assert client.post("/api/v1/services/", body).status_code == 404
    assert Case.objects.get(pk=case.pk).status == "intake"


def test_reporter_hidden_from_assigned_collaborator_on_confidential_case(client, world, commune_a):
    users, cases = world
    case, _ = cases[True]
    Case.objects.filter(pk=case.pk).update(reporter_name="Cô giáo Lan")
    client.force_login(users["assigned"])
    assert client.get(f"/api/v1/cases/{case.pk}/").json()["reporter"] is None
    client.force_login(users["official_a"])
    assert client.get(f"/api/v1/cases/{case.pk}/").json()["reporter"]["name"] == "Cô giáo Lan"


def test_facility_staff_see_cases_assigned_to_them(client, world, facility_user):
    _, cases = world
    case, _ = cases[True]
    case_assign(actor=world[0]["department"], case=case, worker=facility_user)
    client.force_login(facility_user)
    assert client.get(reverse("casework:case_detail", args=[case.pk])).status_code == 200
