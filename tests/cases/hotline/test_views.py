"""Hotline pages and API: scoped to the log's keepers."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.hotline import services
from cases.models.hotline import CallerType, CallIssue, CallKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(centre_staff, commune_a):
    return services.call_record(
        actor=centre_staff, received_at=timezone.now(), kind=CallKind.REPORT,
        caller_type=CallerType.CHILD, issue=CallIssue.NEGLECT, summary="Bị bỏ đói",
        commune=commune_a,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("centre_staff", 200),
        ("department", 200),
        ("other_facility_staff", 404),
        ("collaborator_a", 404),
        ("leadership", 403),
    ],
)
def test_call_matrix(client, request, call, who, expected):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("hotline:detail", args=[call.pk])).status_code == expected
    assert client.get(f"/api/v1/hotline-calls/{call.pk}/").status_code == expected


def test_record_and_open_case_from_the_pages(client, centre_staff, commune_a):
    client.force_login(centre_staff)
    assert client.get(reverse("hotline:create")).status_code == 200
    response = client.post(
        reverse("hotline:create"),
        {
            "client_uuid": "6b0f1c7e-0000-4000-8000-000000000001",
            "kind": "report", "received_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
            "caller_type": "neighbour", "issue": "violence", "urgency": "urgent",
            "summary": "Trẻ bị đánh", "commune": commune_a.pk,
        },
    )  # fmt: skip
    assert response.status_code == 302
    detail = response.url
    response = client.post(f"{detail}open-case/", {"description": "Bé gái ở chợ", "is_child": "on"})
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "Đã mở trường hợp" in page


def test_api_record_with_missing_commune_is_a_clear_400(client, centre_staff):
    client.force_login(centre_staff)
    response = client.post(
        "/api/v1/hotline-calls/",
        {"received_at": timezone.now().isoformat(), "kind": "report", "caller_type": "child",
         "issue": "abuse", "summary": "x"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "commune" in response.json()


def test_the_case_opened_from_a_call_is_referred_from_the_call_page(
    client, centre_staff, department, commune_a, call
):
    from cases.models.hotline import CallOutcome
    from tests.cases.referrals.factories import CentreFactory

    call = services.call_open_case(
        actor=centre_staff, call=call, description="Bé gái khoảng 9 tuổi",
        birth_year=timezone.localdate().year - 9,
    )  # fmt: skip
    provider = CentreFactory(commune=commune_a)
    refer_url = reverse("hotline:refer", args=[call.pk])
    # Whoever opened the case from the call keeps access to it, and refers it from the call.
    client.force_login(centre_staff)
    assert refer_url in client.get(reverse("hotline:detail", args=[call.pk])).content.decode()
    # The department (which also keeps the line) refers it from the call page.
    client.force_login(department)
    page = client.get(reverse("hotline:detail", args=[call.pk])).content.decode()
    assert refer_url in page
    assert client.get(refer_url).status_code == 200
    response = client.post(
        refer_url,
        {
            "client_uuid": "5b0d7c1e-8d2a-4a7e-9a51-3f2a6c0e9d11",
            "service_type": provider.services.first().pk,
            "to_facility": provider.pk,
            "urgency": "urgent",
            "reason": "Cần nơi ở an toàn ngay.",
            "legal_basis": "statutory",
        },
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.outcome == CallOutcome.REFERRED
    assert call.referral.case_id == call.case_id and call.referral.to_facility == provider
    page = client.get(reverse("hotline:detail", args=[call.pk])).content.decode()
    assert reverse("referrals:detail", args=[call.referral_id]) in page
    assert refer_url not in page  # referred once; the call page links the referral


def test_a_call_without_a_case_cannot_be_referred(centre_staff, call):
    from django.core.exceptions import ValidationError

    from tests.cases.referrals.factories import CentreFactory

    provider = CentreFactory()
    with pytest.raises(ValidationError):
        services.call_refer(
            actor=centre_staff, call=call, to_facility=provider,
            service_type=provider.services.first(), reason="x", legal_basis="statutory",
        )  # fmt: skip


def test_an_api_replay_returns_the_call_only_to_its_creator(
    client, centre, centre_staff, commune_a
):
    """Issue 16 audit: a retried POST gets its own call back; a colleague
    sending the same key gets a 400, never the other user's call."""
    from tests.facilities.factories import FacilityStaffUserFactory

    body = {"client_uuid": "0c5c1f9a-1d2b-4c3d-8e4f-5a6b7c8d9e0f",
            "received_at": timezone.now().isoformat(), "kind": "report",
            "caller_type": "neighbour", "issue": "violence", "summary": "Trẻ bị đánh",
            "commune": commune_a.pk}  # fmt: skip
    client.force_login(centre_staff)
    first = client.post("/api/v1/hotline-calls/", body, content_type="application/json")
    again = client.post("/api/v1/hotline-calls/", body, content_type="application/json")
    assert first.status_code == 201, first.content
    assert again.status_code in (200, 201) and again.json()["id"] == first.json()["id"]

    client.force_login(FacilityStaffUserFactory(facility=centre))
    other = client.post("/api/v1/hotline-calls/", body, content_type="application/json")
    assert other.status_code == 400
    assert "Trẻ bị đánh" not in other.content.decode()
