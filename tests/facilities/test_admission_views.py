"""Admission and discharge pages (phone or desktop) and the admissions API."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities.models import Admission, AdmissionStatus
from tests.cases.factories import BeneficiaryFactory
from tests.facilities.factories import AdmissionFactory, FacilityFactory, FacilityStaffUserFactory
from tests.factories import CollaboratorUserFactory, LeadershipUserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def facility(commune_a):
    return FacilityFactory(commune=commune_a, capacity=1)


@pytest.fixture
def staff(facility):
    return FacilityStaffUserFactory(facility=facility)


def test_department_admits_a_walk_in_then_staff_discharge(
    client, province, facility, staff, commune_a
):
    from tests.factories import UserFactory

    person = BeneficiaryFactory(commune=commune_a, birth_date=datetime.date(2000, 1, 1))
    client.force_login(UserFactory(area=province))
    response = client.post(
        reverse("facilities:admit", args=[facility.pk]),
        {"client_uuid": "3e0c2b1a-0000-4000-8000-000000000001", "beneficiary": person.pk,
         "kind": "temporary", "admitted_on": TODAY.strftime("%d/%m/%Y")},
    )  # fmt: skip
    assert response.status_code == 302
    admission = Admission.objects.get()
    client.force_login(staff)
    assert client.get(reverse("facilities:residents", args=[facility.pk])).status_code == 200
    page = client.get(reverse("facilities:admission_detail", args=[admission.pk])).content.decode()
    assert "Dừng trợ giúp" in page
    bad = client.post(
        reverse("facilities:admission_move", args=[admission.pk, "discharge"]),
        {
            "discharged_on": (TODAY - datetime.timedelta(days=3)).strftime("%d/%m/%Y"),
            "reason": "left",
        },
        follow=True,
    )
    assert "không được trước ngày tiếp nhận" in bad.content.decode()
    client.post(
        reverse("facilities:admission_move", args=[admission.pk, "discharge"]),
        {
            "discharged_on": TODAY.strftime("%d/%m/%Y"),
            "reason": "reintegrated",
            "handover_record_number": "BG-7",
        },
    )
    admission.refresh_from_db()
    assert admission.status == AdmissionStatus.DISCHARGED


def test_over_capacity_form_asks_for_confirmation(client, province, facility, commune_a):
    from tests.factories import UserFactory

    AdmissionFactory(facility=facility)
    person = BeneficiaryFactory(commune=commune_a)
    client.force_login(UserFactory(area=province))
    data = {"client_uuid": "3e0c2b1a-0000-4000-8000-000000000002", "beneficiary": person.pk,
            "kind": "temporary", "admitted_on": TODAY.strftime("%d/%m/%Y")}  # fmt: skip
    response = client.post(reverse("facilities:admit", args=[facility.pk]), data)
    assert response.status_code == 200 and "vượt công suất" in response.content.decode()
    response = client.post(
        reverse("facilities:admit", args=[facility.pk]), {**data, "confirm_over_capacity": "on"}
    )
    assert response.status_code == 302
    assert Admission.objects.get(beneficiary=person).over_capacity


def test_open_dossier_for_a_person_out_of_scope_is_404(client, facility, staff, commune_a):
    person = BeneficiaryFactory(commune=commune_a)
    client.force_login(staff)
    url = reverse("facilities:open_dossier", args=[facility.pk])
    assert (
        client.post(
            url, {"beneficiary": person.pk, "requested_on": TODAY.strftime("%d/%m/%Y")}
        ).status_code
        == 404
    )


def test_residents_page_scoping(client, facility, commune_a, commune_b):
    other = FacilityStaffUserFactory(facility=FacilityFactory(commune=commune_b))
    client.force_login(other)
    assert client.get(reverse("facilities:residents", args=[facility.pk])).status_code == 403
    client.force_login(LeadershipUserFactory())
    assert client.get(reverse("facilities:residents", args=[facility.pk])).status_code == 403


def test_api_admission_matrix_and_actions(client, facility, staff, commune_a, commune_b):
    admission = AdmissionFactory(
        facility=facility, beneficiary=BeneficiaryFactory(commune=commune_a)
    )
    url = f"/api/v1/admissions/{admission.pk}/"
    for user, expected in [
        (staff, 200),
        (CollaboratorUserFactory(area=commune_a), 200),
        (CollaboratorUserFactory(area=commune_b), 404),
        (LeadershipUserFactory(), 403),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == expected
    client.force_login(staff)
    response = client.post(f"{url}discharge/", {"discharged_on": "2020-01-01", "reason": "left"})
    assert response.status_code == 400 and "discharged_on" in response.json()
    response = client.post(
        f"{url}discharge/", {"discharged_on": TODAY.isoformat(), "reason": "died"}
    )
    assert response.status_code == 200 and response.json()["status"] == "discharged"
    person = BeneficiaryFactory(commune=commune_a)
    response = client.post(
        "/api/v1/admissions/",
        {
            "facility": facility.pk,
            "beneficiary": person.pk,
            "kind": "emergency",
            "admitted_on": TODAY.isoformat(),
        },
    )
    # Facility staff may admit only people in their scope: this one is not (yet).
    assert response.status_code == 404
