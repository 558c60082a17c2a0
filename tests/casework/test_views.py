import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseStatus, PlanStatus, ServiceDelivery
from tests.casework.factories import AssessmentFactory, CaseFactory, CasePlanActionFactory

pytestmark = pytest.mark.django_db


def test_open_a_case_twice_tapped_saves_once(client, collaborator_a, child_a):
    client.force_login(collaborator_a)
    assert (
        client.get(reverse("casework:case_open") + f"?beneficiary={child_a.pk}").status_code == 200
    )
    body = {
        "client_uuid": str(uuid.uuid4()),
        "beneficiary": child_a.pk,
        "source": "collaborator",
        "reported_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        "urgency": "emergency",
        "is_child_protection": "on",
        "needs_emergency_protection": "on",
        "summary": "Trẻ bị đánh",
    }
    first = client.post(reverse("casework:case_open"), body)
    second = client.post(reverse("casework:case_open"), body)
    case = Case.objects.get()
    assert first.url == second.url == reverse("casework:case_detail", args=[case.pk])
    page = client.get(first.url)
    assert "Can thiệp khẩn cấp (12 giờ)" in page.content.decode()


def test_future_report_time_is_refused_with_a_message(client, collaborator_a, child_a):
    client.force_login(collaborator_a)
    later = timezone.localtime() + timezone.timedelta(days=1)
    body = {
        "client_uuid": str(uuid.uuid4()),
        "beneficiary": child_a.pk,
        "source": "collaborator",
        "reported_at": later.strftime("%d/%m/%Y %H:%M"),
        "urgency": "normal",
    }
    response = client.post(reverse("casework:case_open"), body)
    assert response.status_code == 200
    assert "không được ở tương lai" in response.content.decode()
    assert not Case.objects.exists()


def test_home_visit_and_service_in_one_tap(client, collaborator_a, case_a):
    client.force_login(collaborator_a)
    key = str(uuid.uuid4())
    for _ in range(2):
        client.post(reverse("casework:home_visit", args=[case_a.pk]), {"client_uuid": key})
    assert CaseEvent.objects.filter(case=case_a, kind="home_visit").count() == 1
    body = {
        "client_uuid": str(uuid.uuid4()),
        "service_type": "tu_van",
        "delivered_on": timezone.localdate().strftime("%d/%m/%Y"),
    }
    client.post(reverse("casework:service_add", args=[case_a.pk]), body)
    assert ServiceDelivery.objects.get().delivered_by == collaborator_a


def test_stale_edit_is_refused_with_a_message(client, collaborator_a, official_a, case_a):
    client.force_login(official_a)
    version = case_a.version
    client.post(
        reverse("casework:case_edit", args=[case_a.pk]),
        {"version": version, "summary": "Bản mới", "urgency": "urgent"},
    )
    client.force_login(collaborator_a)
    response = client.post(
        reverse("casework:case_edit", args=[case_a.pk]),
        {"version": version, "summary": "Bản cũ", "urgency": "normal"},
    )
    assert response.status_code == 409
    assert "vừa được người khác cập nhật" in response.content.decode()
    assert Case.objects.get().summary == "Bản mới"


def test_closing_intake_case_from_page_shows_why(client, collaborator_a, case_a):
    client.force_login(collaborator_a)
    response = client.post(
        reverse("casework:case_move", args=[case_a.pk, "close"]),
        {"version": case_a.version, "reason": "goals_met"},
        follow=True,
    )
    assert "Không thể chuyển trường hợp" in response.content.decode()
    assert Case.objects.get().status == CaseStatus.INTAKE


def test_leader_signs_from_the_inbox_and_prints_mau_05(client, official_a, leader_a, case_a):
    AssessmentFactory(case=case_a)
    Case.objects.filter(pk=case_a.pk).update(status=CaseStatus.PLANNING)
    action = CasePlanActionFactory(plan__case=case_a)
    plan = action.plan
    client.force_login(official_a)
    client.post(reverse("casework:plan_move", args=[plan.pk, "submit"]), {"version": plan.version})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    client.force_login(leader_a)
    inbox = client.get(reverse("casework:plan_inbox"))
    assert [p.pk for p in inbox.context["rows"]] == [plan.pk]
    client.post(
        reverse("casework:plan_move", args=[plan.pk, "approve"]),
        {"version": plan.version, "decision_number": "9/QĐ-UBND"},
    )
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (PlanStatus.APPROVED, leader_a)
    pdf = client.get(reverse("casework:case_print", args=[case_a.pk, "05", "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("size", [3, 12])
def test_my_cases_fixed_queries(
    client, collaborator_a, commune_a, size, django_assert_max_num_queries
):
    CaseFactory.create_batch(size, beneficiary__commune=commune_a, assigned_worker=collaborator_a)
    client.force_login(collaborator_a)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("casework:my_cases"))
    assert len(response.context["rows"]) == size


@pytest.mark.parametrize("size", [3, 12])
def test_case_list_fixed_queries(
    client, department, commune_a, size, django_assert_max_num_queries
):
    CaseFactory.create_batch(size, beneficiary__commune=commune_a)
    client.force_login(department)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("casework:case_list") + "?overdue=false")
    assert len(response.context["rows"]) == size


def test_overdue_filter_flags_the_case(client, official_a, case_a):
    Case.objects.filter(pk=case_a.pk).update(
        next_deadline=timezone.now() - timezone.timedelta(hours=1), next_deadline_kind="emergency"
    )
    client.force_login(official_a)
    response = client.get(reverse("casework:case_list") + "?overdue=true")
    assert [c.pk for c in response.context["rows"]] == [case_a.pk]
    assert "Quá hạn" in response.content.decode()
