import datetime

import pytest
from django.core.exceptions import PermissionDenied

from socialwork.allowances.models import (
    HealthInsuranceCard,
    PaymentList,
)
from socialwork.allowances.services import payment_lists

from ..factories import EntitlementFactory, poor_older

pytestmark = pytest.mark.django_db
D = datetime.date


def test_one_health_insurance_card_per_person(commune_a, people):
    person = poor_older(commune_a)
    EntitlementFactory(beneficiary=person, group="ND20-5.5a")
    EntitlementFactory(beneficiary=person, group="ND20-5.6-severe")
    EntitlementFactory(beneficiary=poor_older(commune_a))
    assert (
        payment_lists.health_insurance_cards_list(
            actor=people["official"], listed_on=D(2025, 5, 1), communes=[commune_a]
        )
        == 2
    )
    assert (
        payment_lists.health_insurance_cards_list(
            actor=people["official"], listed_on=D(2025, 6, 1), communes=[commune_a]
        )
        == 0
    )
    assert HealthInsuranceCard.objects.count() == 2


def test_lock_needs_a_list_maker(commune_a, people):
    payment_list = PaymentList.objects.create(commune=commune_a, month=D(2025, 5, 1))
    with pytest.raises(PermissionDenied):
        payment_lists.payment_list_lock(actor=people["collaborator"], payment_list=payment_list)
