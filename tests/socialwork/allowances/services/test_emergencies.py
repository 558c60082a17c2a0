import datetime

import pytest
from django.core.exceptions import ValidationError

from socialwork.allowances.models import (
    EmergencyKind,
)
from socialwork.allowances.services import emergencies
from tests.cases.factories import HouseholdFactory

from ..factories import EmergencyEventFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_emergency_support_rules(commune_a, people):
    event = EmergencyEventFactory()
    household = HouseholdFactory(commune=commune_a)
    rice = emergencies.emergency_support_record(
        actor=people["official"],
        event=event,
        commune=commune_a,
        kind=EmergencyKind.RICE,
        decided_on=D(2025, 10, 25),
        household=household,
        persons=4,
        months=2,
    )
    assert rice.rice_kg == 15 * 4 * 2
    with pytest.raises(ValidationError) as excinfo:
        emergencies.emergency_support_record(
            actor=people["official"],
            event=event,
            commune=commune_a,
            kind=EmergencyKind.HOUSE_REBUILD,
            decided_on=D(2025, 10, 25),
            household=household,
            amount=30_000_000,
        )
    assert excinfo.value.message_dict["amount"] == [
        "Mức tối thiểu cho hình thức này là 40.000.000 đồng."
    ]
