import uuid

import pytest
from django.utils import timezone

from cases.casework.services.plans import plan_return
from cases.models import Case, CaseStatus, PlanStatus, ServiceDelivery
from tests.cases.casework.factories import AssessmentFactory, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    return client


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_create_is_idempotent(api, collaborator_a, child_a):
    api.force_login(collaborator_a)
    body = {
        "client_uuid": str(uuid.uuid4()),
        "beneficiary": child_a.pk,
        "source": "collaborator",
        "reported_at": timezone.now().isoformat(),
        "is_child_protection": True,
        "needs_emergency_protection": True,
    }
    first = _post(api, "/api/v1/cases/", body)
    second = _post(api, "/api/v1/cases/", body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["next_deadline_kind"] == "emergency"
    assert Case.objects.count() == 1


def test_future_report_is_400_with_message(api, collaborator_a, child_a):
    api.force_login(collaborator_a)
    body = {
        "beneficiary": child_a.pk,
        "source": "collaborator",
        "reported_at": (timezone.now() + timezone.timedelta(hours=5)).isoformat(),
    }
    response = _post(api, "/api/v1/cases/", body)
    assert response.status_code == 400
    assert "tương lai" in response.json()["reported_at"][0]


def test_forbidden_transition_is_400(api, collaborator_a, case_a):
    api.force_login(collaborator_a)
    response = _post(api, f"/api/v1/cases/{case_a.pk}/close/", {"reason": "goals_met"})
    assert response.status_code == 400
    assert "Không thể chuyển" in response.json()["non_field_errors"][0]


def test_transition_actions_and_stale_version(api, collaborator_a, case_a):
    api.force_login(collaborator_a)
    moved = _post(api, f"/api/v1/cases/{case_a.pk}/assess/", {"version": case_a.version})
    assert moved.status_code == 200 and moved.json()["status"] == CaseStatus.ASSESSMENT
    stale = _post(api, f"/api/v1/cases/{case_a.pk}/assess/", {"version": case_a.version})
    assert stale.status_code == 409
    patch = api.patch(
        f"/api/v1/cases/{case_a.pk}/",
        {"version": case_a.version, "summary": "x"},
        content_type="application/json",
    )
    assert patch.status_code == 409
    assert Case.objects.get().summary != "x"


def test_reopen_needs_a_reason(api, collaborator_a, case_a):
    Case.objects.filter(pk=case_a.pk).update(
        status="closed", closed_on=timezone.localdate(), closure_reason="goals_met"
    )
    api.force_login(collaborator_a)
    assert _post(api, f"/api/v1/cases/{case_a.pk}/reopen/", {"reason": ""}).status_code == 400
    assert (
        _post(api, f"/api/v1/cases/{case_a.pk}/reopen/", {"reason": "Tái diễn"}).status_code == 200
    )


def test_plan_submit_approve_and_double_submit(api, official_a, leader_a, case_a):
    AssessmentFactory(case=case_a)
    Case.objects.filter(pk=case_a.pk).update(status=CaseStatus.ASSESSMENT)
    api.force_login(official_a)
    body = {
        "client_uuid": str(uuid.uuid4()),
        "case": case_a.pk,
        "goals": "An toàn",
        "actions": [
            {
                "description": "Tư vấn",
                "responsible_other": "Trạm y tế",
                "due_on": "2027-01-10",
                "cost_estimate": 300000,
            }
        ],
    }
    created = _post(api, "/api/v1/plans/", body)
    assert created.status_code == 201
    replay = _post(api, "/api/v1/plans/", body)
    assert replay.status_code == 200, replay.json()
    plan_id = created.json()["id"]
    never = _post(api, f"/api/v1/plans/{plan_id}/approve/", {"decision_number": "1"})
    assert never.status_code == 403  # the official cannot sign at all
    assert _post(api, f"/api/v1/plans/{plan_id}/submit/", {}).status_code == 200
    assert _post(api, f"/api/v1/plans/{plan_id}/submit/", {}).status_code == 400
    api.force_login(leader_a)
    back = _post(api, f"/api/v1/plans/{plan_id}/return/", {"comments": "Thêm kinh phí"})
    assert back.json()["status"] == PlanStatus.RETURNED


def test_a_returned_plan_is_revised_by_patch_then_resubmitted(
    api, official_a, leader_a, collaborator_b, submitted
):
    plan = plan_return(actor=leader_a, plan=submitted, comments="Thêm kinh phí")
    url = f"/api/v1/plans/{plan.pk}/"
    body = {
        "version": plan.version,
        "goals": "An toàn, đi học lại",
        "actions": [
            {"description": "Tư vấn", "responsible_other": "Trạm y tế", "due_on": "2027-01-10"},
            {"description": "Học bổng", "responsible_other": "Trường", "due_on": "2027-02-01"},
        ],
    }
    api.force_login(collaborator_b)  # another commune's plan: not found
    assert api.patch(url, body, content_type="application/json").status_code == 404
    api.force_login(official_a)
    revised = api.patch(url, body, content_type="application/json")
    assert revised.status_code == 200, revised.json()
    assert revised.json()["goals"] == "An toàn, đi học lại"
    assert len(revised.json()["actions"]) == 2
    # The same edit again starts from a version someone already saved over.
    assert api.patch(url, body, content_type="application/json").status_code == 409
    assert _post(api, f"{url}submit/", {}).json()["status"] == PlanStatus.SUBMITTED
    # A submitted plan is no longer edited.
    body["version"] = revised.json()["version"] + 1
    assert api.patch(url, body, content_type="application/json").status_code == 400


def test_leader_cannot_sign_unsubmitted_plan(api, official_a, leader_a, case_a):
    AssessmentFactory(case=case_a)
    Case.objects.filter(pk=case_a.pk).update(status=CaseStatus.ASSESSMENT)
    api.force_login(official_a)
    body = {
        "case": case_a.pk,
        "goals": "An toàn",
        "actions": [
            {"description": "Tư vấn", "responsible_other": "Trạm y tế", "due_on": "2027-01-10"}
        ],
    }
    plan_id = _post(api, "/api/v1/plans/", body).json()["id"]
    api.force_login(leader_a)
    response = _post(api, f"/api/v1/plans/{plan_id}/approve/", {"decision_number": "1/QĐ"})
    assert response.status_code == 400
    assert "đã trình" in response.json()["non_field_errors"][0]


def test_services_and_events(api, collaborator_a, leader_a, case_a):
    api.force_login(collaborator_a)
    key = str(uuid.uuid4())
    body = {
        "client_uuid": key,
        "case": case_a.pk,
        "service_type": "tu_van",
        "delivered_on": timezone.localdate().isoformat(),
    }
    assert _post(api, "/api/v1/services/", body).status_code == 201
    assert _post(api, "/api/v1/services/", body).status_code == 200
    assert ServiceDelivery.objects.count() == 1
    visit = _post(api, "/api/v1/events/", {"case": case_a.pk, "kind": "home_visit"})
    assert visit.status_code == 201
    start = timezone.localdate()
    separation = {
        "case": case_a.pk,
        "kind": "separation",
        "decision_number": "2/QĐ",
        "starts_on": start.isoformat(),
        "ends_on": (start + timezone.timedelta(days=16)).isoformat(),
        "place": "Trung tâm CTXH",
    }
    assert _post(api, "/api/v1/events/", separation).status_code == 403  # not the leader
    api.force_login(leader_a)
    refused = _post(api, "/api/v1/events/", separation)
    assert refused.status_code == 400
    assert "15 ngày" in refused.json()["ends_on"][0]


def test_a_separation_signed_on_paper_waits_for_its_number(api, leader_a, case_a):
    """As on the page: no number typed, the event waits for its scan's registration."""
    from cases.models import CaseEvent
    from cases.models.casework import PAPER_PENDING

    api.force_login(leader_a)
    start = timezone.localdate()
    body = {
        "case": case_a.pk,
        "kind": "separation",
        "starts_on": start.isoformat(),
        "ends_on": (start + timezone.timedelta(days=5)).isoformat(),
        "place": "Nhà bà ngoại",
        "on_paper": True,
    }
    created = _post(api, "/api/v1/events/", body)
    assert created.status_code == 201, created.json()
    assert created.json()["paper"] == PAPER_PENDING and created.json()["decision_number"] == ""
    event = CaseEvent.objects.get(pk=created.json()["id"])
    assert event.details == {"paper": PAPER_PENDING} and event.decision_number == ""
    assert api.get(f"/api/v1/events/{event.pk}/").json()["paper"] == PAPER_PENDING
    # A number typed on a paper decision is refused: the register gives it.
    typed = _post(api, "/api/v1/events/", {**body, "decision_number": "3/QĐ"})
    assert typed.status_code == 400 and "để trống số" in typed.json()["decision_number"][0]
    # Without on_paper the number is required, as before.
    unsigned = _post(api, "/api/v1/events/", {**body, "on_paper": False})
    assert unsigned.status_code == 400 and "decision_number" in unsigned.json()


def test_a_paper_separation_in_another_commune_is_refused(api, leader_b, case_a):
    api.force_login(leader_b)
    start = timezone.localdate()
    body = {
        "case": case_a.pk,
        "kind": "separation",
        "starts_on": start.isoformat(),
        "ends_on": (start + timezone.timedelta(days=5)).isoformat(),
        "place": "Nhà bà ngoại",
        "on_paper": True,
    }
    assert _post(api, "/api/v1/events/", body).status_code == 404


@pytest.mark.parametrize("size", [3, 15])
def test_list_fixed_queries_and_cursor(
    api, department, commune_a, size, django_assert_max_num_queries
):
    CaseFactory.create_batch(size, beneficiary__commune=commune_a)
    api.force_login(department)
    # session, user, cases page (beneficiary, commune, worker joined)
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/cases/?page_size=10")
    body = response.json()
    assert len(body["results"]) == min(size, 10)
    assert (body["next"] is not None) == (size > 10)


def test_leadership_gets_403(api, leadership, case_a):
    api.force_login(leadership)
    for url in (
        "/api/v1/cases/",
        "/api/v1/plans/",
        "/api/v1/services/",
        "/api/v1/events/",
        f"/api/v1/cases/{case_a.pk}/",
    ):
        assert api.get(url).status_code == 403


def test_schema_lists_the_case_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for path in (
        "/api/v1/cases/",
        "/api/v1/cases/{id}/close/",
        "/api/v1/plans/{id}/approve/",
        "/api/v1/plans/{id}/return/",
        "/api/v1/services/",
        "/api/v1/events/",
        "/api/v1/assessments/",
    ):
        assert path in paths
