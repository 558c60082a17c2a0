"""The refer form's facility list (issue 15): the providers of the service
chosen, nearest first (the case's commune, then the province), never the
sender's own facility."""

import datetime

import pytest

from cases.referrals.selectors import providers_for
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.cases.referrals.factories import CentreFactory, service

pytestmark = pytest.mark.django_db


def test_providers_of_the_service_nearest_first_without_the_senders_own(
    commune_a, commune_b, centre, centre_staff
):
    case = CaseFactory(
        beneficiary=BeneficiaryFactory(commune=commune_a, birth_date=datetime.date(2015, 1, 1))
    )
    counselling, shelter = service("tu_van"), service()
    far = CentreFactory(commune=commune_b, name="A xa", services=[counselling])
    near = CentreFactory(commune=commune_a, name="Z gần", services=[counselling])
    CentreFactory(commune=commune_a, name="B chỉ nhà tạm", services=[shelter])
    CentreFactory(commune=commune_a, name="C đã đóng", services=[counselling], is_active=False)
    centre.services.add(counselling)

    listed = list(providers_for(actor=centre_staff, case=case, service_type=counselling))

    assert listed == [near, far]
    everyone = list(providers_for(actor=centre_staff, case=case, service_type=None))
    assert everyone[:2] == sorted(everyone[:2], key=lambda f: f.name)
    assert {f.commune_id for f in everyone[:2]} == {commune_a.pk}
    assert centre not in everyone
