import datetime

import pytest
from django.core.exceptions import ValidationError

from socialwork.allowances.models import (
    EndReason,
    FuneralSupport,
)
from socialwork.allowances.services import funerals

from ..factories import EntitlementFactory, poor_older

pytestmark = pytest.mark.django_db
D = datetime.date


def test_funeral_support_stops_the_allowance(commune_a, people):
    entitlement = EntitlementFactory(beneficiary=poor_older(commune_a))
    funeral, _ = funerals.funeral_apply(
        actor=people["official"],
        beneficiary=entitlement.beneficiary,
        died_on=D(2025, 10, 14),
        filed_on=D(2025, 10, 16),
        applicant_name="Nguyễn Văn Con",
    )
    assert funeral.amount == 20 * 500_000
    entitlement.refresh_from_db()
    assert (entitlement.end_month, entitlement.end_reason) == (D(2025, 10, 1), EndReason.DEATH)
    funerals.funeral_decide(
        actor=people["leader"],
        funeral=funeral,
        decided_on=D(2025, 10, 17),
        approve=True,
        decision_number="20/QĐ",
    )
    funerals.funeral_pay(actor=people["official"], funeral=funeral, paid_on=D(2025, 10, 20))
    assert FuneralSupport.objects.get().status == "paid"


def test_funeral_below_the_minimum_is_refused(commune_a, people):
    person = poor_older(commune_a)
    with pytest.raises(ValidationError) as excinfo:
        funerals.funeral_apply(
            actor=people["official"],
            beneficiary=person,
            died_on=D(2025, 10, 14),
            filed_on=D(2025, 10, 16),
            applicant_name="X",
            amount=9_000_000,
        )
    assert excinfo.value.message_dict["amount"] == [
        "Mức hỗ trợ mai táng tối thiểu là 10.000.000 đồng (20 lần mức chuẩn)."
    ]
