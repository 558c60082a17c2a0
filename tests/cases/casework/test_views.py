import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    PlanStatus,
    Review,
    ReviewOutcome,
    ServiceDelivery,
)
from tests.cases.casework.factories import AssessmentFactory, CaseFactory, CasePlanActionFactory

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
    assert [p.pk for p, _wait in inbox.context["rows"]] == [plan.pk]
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


def test_assign_page_picks_from_the_communes_workers(
    client, official_a, case_a, collaborator_a2, collaborator_b
):
    client.force_login(official_a)
    page = client.get(reverse("casework:case_detail", args=[case_a.pk])).content.decode()
    assert f'<option value="{collaborator_a2.pk}">' in page
    assert f'value="{collaborator_b.pk}"' not in page  # another commune's collaborator
    response = client.post(
        reverse("casework:case_assign", args=[case_a.pk]),
        {"version": case_a.version, "worker": collaborator_a2.pk},
    )
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.assigned_worker == collaborator_a2


def test_assigning_another_communes_worker_is_refused(client, official_a, case_a, collaborator_b):
    client.force_login(official_a)
    worker = case_a.assigned_worker
    response = client.post(
        reverse("casework:case_assign", args=[case_a.pk]),
        {"version": case_a.version, "worker": collaborator_b.pk},
        follow=True,
    )
    assert "Hãy chọn người phụ trách trong danh sách." in response.content.decode()
    case_a.refresh_from_db()
    assert case_a.assigned_worker == worker


@pytest.fixture
def separation(case_a, leader_a):
    from cases.casework.services.decisions import separation_decide

    today = timezone.localdate()
    return separation_decide(
        actor=leader_a,
        case=case_a,
        decision_number="07/QĐ-UBND",
        starts_on=today,
        ends_on=today + timezone.timedelta(days=10),
        place="Nhà bà ngoại",
    ).obj


def _dmy(day) -> str:
    return day.strftime("%d/%m/%Y")


def test_leader_extends_a_separation_with_its_basis(client, leader_a, separation):
    client.force_login(leader_a)
    url = reverse("casework:separation_extend", args=[separation.pk])
    assert client.get(url).status_code == 200
    later = separation.starts_on + timezone.timedelta(days=25)
    response = client.post(
        url, {"ends_on": _dmy(later), "extension_basis": "Công văn 12/CA của Công an huyện"}
    )
    assert response.status_code == 302
    separation.refresh_from_db()
    assert separation.ends_on == later


def test_extension_to_an_earlier_day_is_refused_and_nothing_changes(client, leader_a, separation):
    client.force_login(leader_a)
    ends_on = separation.ends_on
    response = client.post(
        reverse("casework:separation_extend", args=[separation.pk]),
        {"ends_on": _dmy(ends_on - timezone.timedelta(days=2)), "extension_basis": "Công văn"},
    )
    assert "Ngày kết thúc mới phải sau ngày kết thúc cũ." in response.content.decode()
    separation.refresh_from_db()
    assert separation.ends_on == ends_on


def test_lift_needs_a_reassessment_of_the_case(client, leader_a, case_a, separation):
    initial = AssessmentFactory(case=case_a, kind="initial")
    reassessment = AssessmentFactory(case=case_a, kind="reassessment")
    client.force_login(leader_a)
    url = reverse("casework:separation_lift", args=[separation.pk])
    refused = client.post(url, {"assessment": initial.pk})
    assert "Hãy chọn một đánh giá lại của trường hợp này." in refused.content.decode()
    separation.refresh_from_db()
    assert separation.lifted_at is None
    assert client.post(url, {"assessment": reassessment.pk}).status_code == 302
    separation.refresh_from_db()
    assert separation.lifting_assessment == reassessment


def test_separation_pages_scoped(client, separation, leader_b, collaborator_a, leadership):
    urls = [
        reverse("casework:separation_extend", args=[separation.pk]),
        reverse("casework:separation_lift", args=[separation.pk]),
    ]
    body = {"ends_on": "01/01/2030", "extension_basis": "x"}
    client.force_login(leader_b)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(leadership)
    assert [client.get(url).status_code for url in urls] == [403, 403]
    # Only the commune leader decides: a collaborator of the commune is refused.
    client.force_login(collaborator_a)
    assert client.post(urls[0], body).status_code == 403
    separation.refresh_from_db()
    assert separation.extension_basis == ""


def test_department_picks_a_worker_once_a_commune_is_chosen(
    client, department, commune_a, collaborator_a, collaborator_b, case_a
):
    client.force_login(department)
    url = reverse("casework:case_list")
    province_wide = client.get(url).content.decode()
    # Thousands of workers in a province: no list of them on every page.
    assert 'type="hidden" name="assigned_worker"' in province_wide
    assert '<select name="assigned_worker"' not in province_wide

    one_commune = client.get(url, {"commune": commune_a.pk}).content.decode()
    workers = re.search(r'<select name="assigned_worker".*?</select>', one_commune, re.S)[0]
    assert f'<option value="{collaborator_a.pk}"' in workers
    assert f'<option value="{collaborator_b.pk}"' not in workers

    # An id still filters, with or without a commune.
    filtered = client.get(url, {"assigned_worker": collaborator_a.pk})
    assert [c.pk for c in filtered.context["rows"]] == [case_a.pk]


@pytest.mark.django_db
def test_opening_a_case_from_the_person_names_them_and_asks_no_id(
    client, collaborator_a, collaborator_b, commune_a
):
    from tests.cases.factories import BeneficiaryFactory

    person = BeneficiaryFactory(commune=commune_a, full_name="Hờ Thị Dua")
    client.force_login(collaborator_a)
    page = client.get(reverse("casework:case_open"), {"beneficiary": person.pk}).content.decode()
    assert "Hờ Thị Dua" in page
    assert "Mã số đối tượng" not in page
    assert f'type="hidden" name="beneficiary" value="{person.pk}"' in page
    client.force_login(collaborator_b)
    other = client.get(reverse("casework:case_open"), {"beneficiary": person.pk})
    assert other.status_code == 404


def test_the_case_page_lists_its_reviews(client, official_a, case_a):
    Case.objects.filter(pk=case_a.pk).update(status=CaseStatus.MONITORING)
    Review.objects.create(
        case=case_a,
        reviewed_on=timezone.localdate(),
        reviewed_by=official_a,
        findings="Trẻ đã đi học lại",
        outcome=ReviewOutcome.CONTINUE,
    )
    client.force_login(official_a)
    page = client.get(reverse("casework:case_detail", args=[case_a.pk])).content.decode()
    reviews = page.split('id="case-reviews"')[1].split("</ul>")[0]
    assert "Trẻ đã đi học lại" in reviews
    assert str(ReviewOutcome.CONTINUE.label) in reviews


# --- Issue 15 audit: the leader's inbox marks old plans; a case lists services by day ---


def test_the_inbox_marks_a_plan_waiting_since_february_2025_overdue(client, leader_a, commune_a):
    import datetime

    from tests.cases.casework.factories import CasePlanFactory
    from tests.cases.factories import BeneficiaryFactory

    def waiting(submitted_at):
        return CasePlanFactory(
            case__beneficiary=BeneficiaryFactory(commune=commune_a),
            case__commune=commune_a,
            status=PlanStatus.SUBMITTED,
            submitted_at=submitted_at,
        )

    old = waiting(datetime.datetime(2025, 2, 10, 9, tzinfo=datetime.UTC))
    fresh = waiting(timezone.now())
    client.force_login(leader_a)
    response = client.get(reverse("casework:plan_inbox"))
    waits = {plan.pk: wait for plan, wait in response.context["rows"]}
    assert (waits[old.pk].overdue, waits[fresh.pk].overdue) == (True, False)
    assert waits[old.pk].working_days > 100
    rows = re.findall(r"<tr[^>]*>.*?</tr>", response.content.decode(), re.S)
    old_row = next(r for r in rows if f"/plans/{old.pk}/" in r)
    fresh_row = next(r for r in rows if f"/plans/{fresh.pk}/" in r)
    assert 'class="overdue"' in old_row and "Quá hạn phê duyệt" in old_row
    assert "Quá hạn phê duyệt" not in fresh_row


def test_the_case_page_lists_services_newest_day_first(client, collaborator_a, case_a):
    import datetime

    from tests.cases.casework.factories import ServiceDeliveryFactory

    today = timezone.localdate()
    # Recorded out of order: the page follows the day given, not the day typed in.
    for days_ago, note in [(3, "ba ngày trước"), (10, "mười ngày trước"), (0, "hôm nay")]:
        ServiceDeliveryFactory(
            case=case_a, delivered_on=today - datetime.timedelta(days=days_ago), note=note
        )
    client.force_login(collaborator_a)
    html = client.get(reverse("casework:case_detail", args=[case_a.pk])).content.decode()
    listed = re.search(r'<ul id="case-services">(.*?)</ul>', html, re.S).group(1)
    notes = re.findall(r"(hôm nay|ba ngày trước|mười ngày trước)", listed)
    assert notes == ["hôm nay", "ba ngày trước", "mười ngày trước"]


def test_the_leader_reads_the_case_and_its_assessment_before_signing(
    client, leader_a, commune_a, case_a
):
    from tests.cases.casework.factories import CasePlanFactory

    Case.objects.filter(pk=case_a.pk).update(summary="Trẻ bị bỏ đói, ở với bà")
    AssessmentFactory(case=case_a, needs="Nơi ở an toàn, đi học lại")
    plan = CasePlanFactory(case=case_a, status=PlanStatus.SUBMITTED, submitted_at=timezone.now())
    client.force_login(leader_a)
    html = client.get(reverse("casework:plan_detail", args=[plan.pk])).content.decode()
    summary = re.search(r'<section class="card" id="case-summary".*?</section>', html, re.S)
    assert "Trẻ bị bỏ đói, ở với bà" in summary.group(0)
    assert str(case_a.beneficiary) in summary.group(0)
    assessment = re.search(r'id="plan-assessment".*?</section>', html, re.S).group(0)
    assert "Nơi ở an toàn, đi học lại" in assessment
    assert reverse("casework:plan_preview", args=[plan.pk]) in html
    assert 'id="plan-wait"' in html


def test_the_officials_plans_to_draft_tile_leads_to_the_plans_to_draft(
    client, official_a, leader_a, case_a
):
    """One name per place: the official's tile opened the leader's inbox,
    titled "Quyết định chờ ký" and always empty for them."""
    Case.objects.filter(pk=case_a.pk).update(status=CaseStatus.PLANNING)
    client.force_login(official_a)
    home = client.get(reverse("home")).content.decode()
    tile = re.search(r'<a class="tile" href="([^"]+)">Kế hoạch cần lập</a>', home)
    assert tile and reverse("casework:plan_inbox") not in home
    page = client.get(tile.group(1)).content.decode()
    section = re.search(r'id="to-draft"><h2>Kế hoạch cần lập</h2>(.*?)</div>', page, re.S)
    assert reverse("casework:case_detail", args=[case_a.pk]) in section.group(1)
    client.force_login(leader_a)
    home = client.get(reverse("home")).content.decode()
    assert f'<a class="tile" href="{reverse("casework:plan_inbox")}">Quyết định chờ ký</a>' in home
