"""Database-level rules: the assistance view the indicators semi-join."""

import datetime

import pytest
from django.db import connection

from socialwork.allowances.models import EmergencyKind, PaymentList
from socialwork.allowances.services import emergencies, payment_lists
from tests.cases.factories import BeneficiaryFactory, HouseholdFactory
from tests.factories import UserFactory

from .factories import EmergencyEventFactory, EntitlementFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _received():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT beneficiary_id, received_on, kind FROM allowances_assistance_received "
            "ORDER BY 1, 2, 3"
        )
        return cursor.fetchall()


def test_assistance_received_view(commune_a):
    staff = UserFactory()
    paid = EntitlementFactory(beneficiary=BeneficiaryFactory(commune=commune_a)).beneficiary
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_a])
    assert _received() == []  # a draft list is not paid yet
    payment_lists.payment_list_lock(actor=staff, payment_list=PaymentList.objects.get())
    household = HouseholdFactory(commune=commune_a)
    members = [BeneficiaryFactory(commune=commune_a, household=household) for _ in range(2)]
    emergencies.emergency_support_record(
        actor=staff,
        event=EmergencyEventFactory(),
        commune=commune_a,
        kind=EmergencyKind.RICE,
        decided_on=D(2025, 10, 25),
        household=household,
        persons=2,
        months=1,
    )
    assert _received() == [
        (paid.pk, D(2025, 5, 1), "monthly_allowance"),
        (members[0].pk, D(2025, 10, 25), "emergency_rice"),
        (members[1].pk, D(2025, 10, 25), "emergency_rice"),
    ]
