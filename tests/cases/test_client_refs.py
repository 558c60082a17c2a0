"""Creates naming their parent by the client UUID the phone gave it (the outbox)."""

import uuid

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cases.models import Beneficiary, Case, CaseEvent, Consent, ServiceDelivery
from tests.cases.referrals.factories import CentreFactory, service

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone(collaborator_a):
    client = APIClient()
    client.force_authenticate(collaborator_a)
    return client


def _person(phone, name="Hờ A Páo"):
    key = uuid.uuid4()
    response = phone.post(
        "/api/v1/beneficiaries/", {"client_uuid": str(key), "full_name": name, "sex": "male",
                                    "birth_date": "2014-03-02"}, format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    return key, response.json()["id"]


def test_a_collaborator_registers_in_their_own_commune_without_naming_it(phone, collaborator_a):
    _, pk = _person(phone)
    assert Beneficiary.objects.get(pk=pk).commune_id == collaborator_a.area_id


def test_a_chain_of_items_made_offline_names_each_parent_by_uuid(phone):
    person_key, person_id = _person(phone)
    case_key = uuid.uuid4()
    opened = phone.post(
        "/api/v1/cases/",
        {"client_uuid": str(case_key), "beneficiary_uuid": str(person_key),
         "source": "collaborator", "reported_at": timezone.now().isoformat()},
        format="json",
    )  # fmt: skip
    assert opened.status_code == 201, opened.json()
    case = Case.objects.get(client_uuid=case_key)
    assert case.beneficiary_id == person_id

    visit = phone.post(
        "/api/v1/events/",
        {"client_uuid": str(uuid.uuid4()), "case_uuid": str(case_key), "kind": "home_visit",
         "occurred_at": timezone.now().isoformat(), "note": "Gia đình đồng ý cho thăm lại."},
        format="json",
    )  # fmt: skip
    assert visit.status_code == 201, visit.json()
    given = phone.post(
        "/api/v1/services/",
        {"client_uuid": str(uuid.uuid4()), "case_uuid": str(case_key),
         "service_type": service().code, "delivered_on": timezone.localdate().isoformat()},
        format="json",
    )  # fmt: skip
    assert given.status_code == 201, given.json()
    consent = phone.post(
        "/api/v1/consents/",
        {"client_uuid": str(uuid.uuid4()), "beneficiary_uuid": str(person_key),
         "basis": "child_and_parent", "given_on": timezone.localdate().isoformat(),
         "child_agreed": True, "guardian_agreed": True, "guardian_name": "Hờ A Sùng"},
        format="json",
    )  # fmt: skip
    assert consent.status_code == 201, consent.json()
    centre = CentreFactory(services=[service()])
    referral = phone.post(
        "/api/v1/referrals/",
        {"client_uuid": str(uuid.uuid4()), "case_uuid": str(case_key), "to_facility": centre.pk,
         "service_type": service().pk, "reason": "Cần chăm sóc khẩn cấp.",
         "legal_basis": "consent"},
        format="json",
    )  # fmt: skip
    assert referral.status_code == 201, referral.json()
    assert CaseEvent.objects.filter(case=case, note__startswith="Gia đình").count() == 1
    assert ServiceDelivery.objects.filter(case=case).count() == 1
    assert Consent.objects.filter(beneficiary_id=person_id).count() == 1


def test_another_communes_uuid_is_not_found(phone, collaborator_b):
    other = APIClient()
    other.force_authenticate(collaborator_b)
    their_key, _ = _person(other, "Y Bih Niê")
    response = phone.post(
        "/api/v1/cases/",
        {"beneficiary_uuid": str(their_key), "source": "collaborator",
         "reported_at": timezone.now().isoformat()},
        format="json",
    )  # fmt: skip
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_a_create_naming_no_parent_says_so(phone):
    response = phone.post(
        "/api/v1/events/", {"kind": "home_visit", "occurred_at": timezone.now().isoformat()},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "case" in response.json()
