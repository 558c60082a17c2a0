import datetime

import pytest
from rest_framework.test import APIClient

from socialwork.allowances.models import ApplicationStatus, FuneralSupport, PaymentList
from socialwork.allowances.services import funerals, payment_lists
from tests.cases.factories import BeneficiaryFactory, HouseholdFactory, HouseholdPovertyFactory
from tests.factories import (
    CollaboratorUserFactory,
    CommuneLeaderFactory,
    CommuneOfficialFactory,
    LeadershipUserFactory,
    UserFactory,
)

from .factories import ApplicationFactory, EmergencyEventFactory, EntitlementFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def world(commune_a, commune_b):
    """Records in commune B, which a commune A user must never reach."""
    staff = UserFactory()
    entitlement = EntitlementFactory(beneficiary=BeneficiaryFactory(commune=commune_b))
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_b])
    funeral, _ = funerals.funeral_apply(
        actor=staff,
        beneficiary=BeneficiaryFactory(commune=commune_b),
        died_on=D(2025, 5, 2),
        filed_on=D(2025, 5, 3),
        applicant_name="Con",
    )
    return {
        "application": ApplicationFactory(beneficiary=entitlement.beneficiary),
        "entitlement": entitlement,
        "list": PaymentList.objects.get(commune=commune_b),
        "funeral": funeral,
        "beneficiary": entitlement.beneficiary,
    }


def _other_commune_urls(world):
    return [
        f"/api/v1/allowance-applications/{world['application'].pk}/",
        f"/api/v1/allowance-entitlements/{world['entitlement'].pk}/",
        f"/api/v1/payment-lists/{world['list'].pk}/",
        f"/api/v1/payment-lists/{world['list'].pk}/xlsx/",
        f"/api/v1/payment-lists/{world['list'].pk}/pdf/",
        f"/api/v1/funeral-supports/{world['funeral'].pk}/",
    ]


def test_another_communes_records_are_404(world, commune_a):
    client = client_for(CommuneOfficialFactory(area=commune_a))
    for url in _other_commune_urls(world):
        assert client.get(url).status_code == 404, url
    posts = [
        (
            f"/api/v1/allowance-applications/{world['application'].pk}/review/",
            {"reviewed_on": "2025-09-02", "eligible": True},
        ),
        (
            f"/api/v1/allowance-applications/{world['application'].pk}/decide/",
            {"decided_on": "2025-09-02", "approve": True},
        ),
        (
            f"/api/v1/allowance-entitlements/{world['entitlement'].pk}/stop/",
            {"reason": "death", "on": "2025-06-01"},
        ),
        (f"/api/v1/payment-lists/{world['list'].pk}/lock/", {}),
        (f"/api/v1/funeral-supports/{world['funeral'].pk}/pay/", {"paid_on": "2025-06-01"}),
        (
            "/api/v1/payment-lists/generate/",
            {"month": "2025-05-01", "commune": world["list"].commune_id},
        ),
        (
            "/api/v1/allowance-applications/",
            {
                "beneficiary": world["beneficiary"].pk,
                "group": "ND20-5.5a",
                "filed_on": "2025-09-01",
            },
        ),
    ]
    for url, body in posts:
        assert client.post(url, body, format="json").status_code == 404, url
    for url in (
        "/api/v1/allowance-applications/",
        "/api/v1/payments/",
        "/api/v1/payment-lists/",
        "/api/v1/allowance-entitlements/",
        "/api/v1/funeral-supports/",
    ):
        body = client.get(url).json()
        assert body["results"] == [], url


def test_leadership_gets_403_on_personal_data_and_counts_on_reports(world):
    client = client_for(LeadershipUserFactory())
    for url in (
        "/api/v1/allowance-applications/",
        "/api/v1/payments/",
        "/api/v1/allowance-entitlements/",
        "/api/v1/funeral-supports/",
        f"/api/v1/payment-lists/{world['list'].pk}/xlsx/",
    ):
        assert client.get(url).status_code == 403, url
    body = client.get("/api/v1/allowance-reports/headline/?year=2025&half=1").json()
    assert (body["people_paid"], body["total_paid"]) == (1, 750_000)
    assert client.get("/api/v1/payment-lists/").status_code == 200  # totals per commune only


def test_application_through_the_api_with_retry(commune_a):
    household = HouseholdFactory(commune=commune_a)
    HouseholdPovertyFactory(household=household, year=2025)
    person = BeneficiaryFactory(commune=commune_a, household=household, birth_date=D(1950, 1, 1))
    client = client_for(CollaboratorUserFactory(area=commune_a))
    body = {
        "client_uuid": "8d8c1c1e-0000-4000-8000-000000000001",
        "beneficiary": person.pk,
        "group": "ND20-5.5a",
        "filed_on": "2025-09-01",
        "village": "Thôn 2",
    }
    first = client.post("/api/v1/allowance-applications/", body, format="json")
    again = client.post("/api/v1/allowance-applications/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    pk = first.json()["id"]
    official = client_for(CommuneOfficialFactory(area=commune_a))
    assert (
        official.post(
            f"/api/v1/allowance-applications/{pk}/review/",
            {"reviewed_on": "2025-09-03", "eligible": True},
            format="json",
        ).status_code
        == 200
    )
    leader = client_for(CommuneLeaderFactory(area=commune_a))
    bad = leader.post(
        f"/api/v1/allowance-applications/{pk}/decide/",
        {"decided_on": "2025-08-01", "approve": True, "decision_number": "1"},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["decided_on"] == [
        "Ngày quyết định (01/08/2025) không được trước ngày nộp hồ sơ (01/09/2025)."
    ]
    ok = leader.post(
        f"/api/v1/allowance-applications/{pk}/decide/",
        {"decided_on": "2025-09-10", "approve": True, "decision_number": "7/QĐ"},
        format="json",
    )
    assert ok.json()["status"] == ApplicationStatus.APPROVED


def test_bad_group_through_the_api_is_400_with_the_message(commune_a):
    person = BeneficiaryFactory(commune=commune_a, birth_date=D(1990, 1, 1))
    client = client_for(CommuneOfficialFactory(area=commune_a))
    response = client.post(
        "/api/v1/allowance-applications/",
        {"beneficiary": person.pk, "group": "ND20-5.1", "sub_case": "b", "filed_on": "2025-09-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "không thuộc nhóm" in response.json()["group"][0]


def test_generate_and_lock_through_the_api(commune_a):
    EntitlementFactory(beneficiary=BeneficiaryFactory(commune=commune_a))
    client = client_for(CommuneOfficialFactory(area=commune_a))
    result = client.post(
        "/api/v1/payment-lists/generate/",
        {"month": "2025-05-01", "commune": commune_a.pk},
        format="json",
    )
    assert result.json()["payments"] == 1
    pk = PaymentList.objects.get().pk
    assert client.post(f"/api/v1/payment-lists/{pk}/lock/").json()["status"] == "locked"
    again = client.post(
        "/api/v1/payment-lists/generate/",
        {"month": "2025-05-01", "commune": commune_a.pk},
        format="json",
    )
    assert again.status_code == 400
    assert again.json()["non_field_errors"] == [
        "Danh sách chi trả tháng 05/2025 đã khóa (đã chi trả): không thể lập lại."
    ]


def test_emergency_support_through_the_api(commune_a):
    event = EmergencyEventFactory()
    household = HouseholdFactory(commune=commune_a)
    client = client_for(CommuneOfficialFactory(area=commune_a))
    response = client.post(
        "/api/v1/emergency-supports/",
        {
            "event": event.pk,
            "commune": commune_a.pk,
            "household": household.pk,
            "kind": "rice",
            "decided_on": "2025-10-25",
            "persons": 3,
            "months": 1,
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["rice_kg"] == 45


@pytest.mark.parametrize("people", [1, 6])
def test_payment_rows_fixed_queries(commune_a, django_assert_num_queries, people):
    staff = UserFactory()
    for _ in range(people):
        EntitlementFactory(beneficiary=BeneficiaryFactory(commune=commune_a))
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1))
    client = client_for(staff)
    with django_assert_num_queries(2):  # the rows, and the request's access-log row
        response = client.get("/api/v1/payments/?month=2025-05-01")
    assert len(response.json()["results"]) == people


def test_openapi_schema_lists_the_endpoints(db):
    client = client_for(UserFactory())
    schema = client.get("/api/v1/schema/?format=json").json()
    for path in (
        "/api/v1/allowance-applications/{id}/decide/",
        "/api/v1/payment-lists/generate/",
        "/api/v1/funeral-supports/",
        "/api/v1/allowance-reports/report-10a/",
    ):
        assert path in schema["paths"], path


def test_funeral_api_default_amount(commune_a):
    person = BeneficiaryFactory(commune=commune_a)
    client = client_for(CommuneOfficialFactory(area=commune_a))
    response = client.post(
        "/api/v1/funeral-supports/",
        {
            "beneficiary": person.pk,
            "died_on": "2025-06-01",
            "filed_on": "2025-06-02",
            "applicant_name": "Con",
        },
        format="json",
    )
    assert response.status_code == 201
    assert FuneralSupport.objects.get().amount == 10_000_000


def test_the_chairman_stops_with_his_decisions_number_and_date(commune_a):
    entitlement = EntitlementFactory(beneficiary=BeneficiaryFactory(commune=commune_a))
    url = f"/api/v1/allowance-entitlements/{entitlement.pk}/stop/"
    body = {
        "reason": "death",
        "on": "2025-06-01",
        "decision_number": "12/QĐ-UBND",
        "decided_on": "2025-06-03",
    }
    official = client_for(CommuneOfficialFactory(area=commune_a))
    assert official.post(url, body, format="json").status_code == 403
    leader = CommuneLeaderFactory(area=commune_a)
    response = client_for(leader).post(url, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["stop_decision_number"] == "12/QĐ-UBND"
    assert response.json()["stop_decided_on"] == "2025-06-03"
    entitlement.refresh_from_db()
    assert entitlement.stop_decided_by == leader
