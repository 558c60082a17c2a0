"""The admission form (facilities/forms.py): filled from the referral, only
the fields of the chosen kind."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities.forms import AdmissionForm
from facilities.models import Admission
from tests.cases.referrals.factories import ReferralFactory

pytestmark = pytest.mark.django_db
ANSWERED = {
    "sent_at": timezone.now() - datetime.timedelta(hours=1),
    "responded_at": timezone.now(),
}


def test_from_a_referral_the_person_is_shown_by_name_not_asked(client, centre, centre_staff):
    referral = ReferralFactory(
        to_facility=centre, urgency="emergency", status="accepted", **ANSWERED
    )
    client.force_login(centre_staff)
    url = f"{reverse('facilities:admit', args=[centre.pk])}?referral={referral.pk}"
    page = client.get(url).content.decode()
    assert "Mã số đối tượng" not in page
    assert 'name="beneficiary"' not in page
    assert str(referral.beneficiary) in page and 'id="admission-person"' in page


def test_only_the_fields_of_the_chosen_kind_are_shown(client, centre, centre_staff):
    referral = ReferralFactory(
        to_facility=centre, urgency="emergency", status="accepted", **ANSWERED
    )
    client.force_login(centre_staff)
    url = f"{reverse('facilities:admit', args=[centre.pk])}?referral={referral.pk}"
    page = client.get(url).content.decode()
    # Emergency is chosen: its record number shows, the voluntary contract is hidden.
    assert 'data-kind-field="emergency">' in page
    assert 'data-kind-field="voluntary" hidden>' in page
    assert "js/admission-kind" in page


def test_a_normal_referral_starts_as_temporary_shelter():
    referral = ReferralFactory.build(urgency="normal")
    form = AdmissionForm(referral=referral)
    assert form.chosen_kind == "temporary"
    shown = {field.name for field, _kinds, visible in form.rows() if visible}
    assert "reception_record_number" not in shown and "contract_number" not in shown


def test_values_of_another_kind_are_dropped(client, centre, centre_staff):
    referral = ReferralFactory(to_facility=centre, urgency="normal", status="accepted", **ANSWERED)
    client.force_login(centre_staff)
    response = client.post(
        f"{reverse('facilities:admit', args=[centre.pk])}?referral={referral.pk}",
        {"client_uuid": "0f7c3a52-0000-4000-8000-000000000009", "kind": "temporary",
         "admitted_on": timezone.localdate().strftime("%d/%m/%Y"),
         "reception_record_number": "BB-9", "contract_number": "HĐ-1", "referral": referral.pk},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    admission = Admission.objects.get()
    assert (admission.reception_record_number, admission.contract_number) == ("", "")
    assert admission.beneficiary == referral.beneficiary
