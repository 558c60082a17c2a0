"""The referral list's FilterSet through the API: each filter narrows, a bad
value is a 400 naming the parameter, and the scope holds under any filter."""

import datetime

import pytest
from django.utils import timezone

from cases.models import ReferralStatus, Urgency
from tests.cases.casework.factories import CaseFactory
from tests.cases.casework.test_filters import HUGE, ids, refused
from tests.cases.factories import BeneficiaryFactory
from tests.cases.referrals.factories import CentreFactory, ReferralFactory, service

pytestmark = pytest.mark.django_db
URL = "/api/v1/referrals/"


@pytest.fixture
def referrals(commune_a, commune_b, centre):
    now = timezone.now()
    late = now - datetime.timedelta(hours=2)
    mine = CaseFactory(beneficiary=BeneficiaryFactory(commune=commune_a))
    elsewhere = CentreFactory(commune=commune_b, services=[service("tu_van")])
    return {
        "urgent": ReferralFactory(case=mine, to_facility=centre, urgency=Urgency.EMERGENCY,
                                  response_due_at=late),
        "advice": ReferralFactory(case=mine, to_facility=elsewhere, service_type=service("tu_van"),
                                  status=ReferralStatus.ACCEPTED, sent_at=late, responded_at=now),
        "far": ReferralFactory(case=CaseFactory(beneficiary=BeneficiaryFactory(commune=commune_b)),
                               to_facility=elsewhere, response_due_at=late),
    }  # fmt: skip


def test_referral_filters_narrow(client, department, referrals, centre, commune_b):
    urgent, advice, far = referrals["urgent"], referrals["advice"], referrals["far"]
    assert ids(client, department, URL) == {urgent.pk, advice.pk, far.pk}
    assert ids(client, department, URL, status=ReferralStatus.ACCEPTED) == {advice.pk}
    assert ids(client, department, URL, urgency=Urgency.EMERGENCY) == {urgent.pk}
    assert ids(client, department, URL, to_facility=centre.pk) == {urgent.pk}
    assert ids(client, department, URL, service_type=service("tu_van").pk) == {advice.pk}
    assert ids(client, department, URL, commune=commune_b.pk) == {far.pk}
    assert ids(client, department, URL, case=urgent.case_id) == {urgent.pk, advice.pk}
    assert ids(client, department, URL, overdue="true") == {urgent.pk, far.pk}
    assert ids(client, department, URL, overdue="false") == {advice.pk}


def test_referral_filters_refuse_bad_values(client, department, referrals):
    for params in (
        {"status": "lost"},
        {"urgency": "whenever"},
        {"to_facility": "abc"},
        {"to_facility": HUGE},
        {"service_type": "x"},
        {"commune": "x"},
        {"case": "x"},
        {"overdue": "perhaps"},
    ):
        refused(client, department, URL, **params)


def test_referral_filters_never_widen_the_scope(
    client, collaborator_a, other_facility_staff, referrals, commune_b, centre
):
    far = referrals["far"]
    assert ids(client, collaborator_a, URL, commune=commune_b.pk) == set()
    assert ids(client, collaborator_a, URL, case=far.case_id) == set()
    # A facility sees what was sent to it, whatever it asks for.
    assert ids(client, other_facility_staff, URL, to_facility=centre.pk) == set()
