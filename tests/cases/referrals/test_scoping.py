"""Scoping matrix of referrals: pages and API, every role, own and other commune.

Facility staff see their inbox, their residents and the people and cases
referred to them (beneficiary and case pages included); the sender keeps
seeing their referral; another commune's referral is a 404; leadership 403."""

import pytest
from django.urls import reverse

from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.cases.referrals.factories import ReferralFactory
from tests.facilities.factories import AdmissionFactory

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-1"


@pytest.fixture
def referral(collaborator_a, centre):
    case = CaseFactory(beneficiary=BeneficiaryFactory(commune=collaborator_a.area))
    return ReferralFactory(case=case, sender=collaborator_a, to_facility=centre)


def urls(referral):
    return [
        reverse("referrals:detail", args=[referral.pk]),
        f"/api/v1/referrals/{referral.pk}/",
    ]


def status_for(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("collaborator_a", 200),  # the sender, in the case's commune
        ("official_a", 200),
        ("department", 200),
        ("centre_staff", 200),  # the receiver
        ("collaborator_b", 404),  # another commune
        ("other_facility_staff", 404),
        ("leadership", 403),
    ],
)
def test_referral_matrix(client, request, referral, who, expected):
    user = request.getfixturevalue(who)
    for url in urls(referral):
        assert status_for(client, user, url) == expected, url


def test_confidential_case_referral_hidden_from_other_collaborators(client, referral, commune_a):
    from tests.factories import CollaboratorUserFactory

    referral.case.confidential = True
    referral.case.confidentiality_reason = "abuse"
    referral.case.save()
    colleague = CollaboratorUserFactory(area=commune_a)
    assert status_for(client, colleague, urls(referral)[1]) == 404
    # The sender still sees what they sent.
    assert status_for(client, referral.sender, urls(referral)[1]) == 200


def test_facility_sees_people_and_cases_referred_and_its_residents(
    client, referral, centre, centre_staff, other_facility_staff, commune_a
):
    person_url = reverse("cases:beneficiary_detail", args=[referral.beneficiary_id])
    case_url = reverse("casework:case_detail", args=[referral.case_id])
    assert status_for(client, centre_staff, person_url) == 200
    assert status_for(client, centre_staff, case_url) == 200
    assert status_for(client, other_facility_staff, person_url) == 404
    assert status_for(client, other_facility_staff, case_url) == 404
    resident = AdmissionFactory(facility=centre, beneficiary=BeneficiaryFactory(commune=commune_a))
    resident_url = reverse("cases:beneficiary_detail", args=[resident.beneficiary_id])
    assert status_for(client, centre_staff, resident_url) == 200
    assert status_for(client, other_facility_staff, resident_url) == 404
    admission_url = reverse("facilities:admission_detail", args=[resident.pk])
    assert status_for(client, centre_staff, admission_url) == 200
    assert status_for(client, other_facility_staff, admission_url) == 404
    assert status_for(client, other_facility_staff, f"/api/v1/admissions/{resident.pk}/") == 404


def test_a_cancelled_referral_no_longer_opens_the_person(client, referral, centre_staff):
    referral.status = "cancelled"
    referral.save()
    person_url = reverse("cases:beneficiary_detail", args=[referral.beneficiary_id])
    assert status_for(client, centre_staff, person_url) == 404
    # The referral itself stays in the facility's records.
    assert status_for(client, centre_staff, urls(referral)[0]) == 200


def test_inbox_shows_only_the_facilitys_referrals(
    client, referral, centre_staff, other_facility_staff
):
    client.force_login(other_facility_staff)
    assert client.get("/api/v1/referrals/inbox/").json()["results"] == []
    client.force_login(centre_staff)
    assert [r["id"] for r in client.get("/api/v1/referrals/inbox/").json()["results"]] == [
        referral.pk
    ]


def test_lists_are_scoped(client, referral, collaborator_b, leadership):
    client.force_login(collaborator_b)
    assert client.get("/api/v1/referrals/").json()["results"] == []
    client.force_login(leadership)
    assert client.get("/api/v1/referrals/").status_code == 403
    assert client.get(reverse("referrals:list")).status_code == 403


def test_transition_on_another_communes_referral_is_404(client, referral, collaborator_b):
    client.force_login(collaborator_b)
    response = client.post(f"/api/v1/referrals/{referral.pk}/cancel/", {"reason": "x"})
    assert response.status_code == 404
    response = client.post(reverse("referrals:move", args=[referral.pk, "cancel"]), {"reason": "x"})
    assert response.status_code == 404
