import random

import pytest

from cases import demo as cases_demo
from socialwork.allowances import demo, selectors
from socialwork.allowances.models import (
    AllowanceEntitlement,
    EmergencySupport,
    FuneralSupport,
    HealthInsuranceCard,
    Payment,
    PaymentList,
    PaymentRemoval,
)
from socialwork.demo.context import DemoContext
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_seed_a_small_province(province, commune_a, commune_b, django_assert_max_num_queries):
    ctx = DemoContext(
        province=province, communes=[commune_a, commune_b], rng=random.Random(3), scale=0.02
    )
    cases_demo.seed(ctx)
    ctx.users["demo.so"] = UserFactory(area=province)
    demo.seed(ctx)
    entitled = AllowanceEntitlement.objects.values("beneficiary").distinct().count()
    assert entitled > 300
    assert PaymentList.objects.filter(status="locked").count() == 2 * 11
    assert PaymentList.objects.filter(status="draft").count() == 2
    # The back-dated provincial standard: 3 months of arrears for everyone paid then.
    assert Payment.objects.filter(arrears__gt=0).count() > 200
    assert FuneralSupport.objects.count() > 0
    assert PaymentRemoval.objects.filter(reason="Chết").count() == FuneralSupport.objects.count()
    assert EmergencySupport.objects.filter(kind="rice").exists()
    assert HealthInsuranceCard.objects.count() >= entitled - FuneralSupport.objects.count()
    # Most cards issued, some awaited: the headline shows both, as the list does.
    issued = HealthInsuranceCard.objects.filter(status="issued")
    assert issued.count() > HealthInsuranceCard.objects.filter(status="listed").count() > 0
    assert all(
        len(number) == 15 and number[:2].isalpha() and number[2:].isdigit()
        for number in issued.values_list("card_number", flat=True)
    )
    counts = selectors.card_counts(actor=ctx.users["demo.so"])
    assert counts["issued"] == issued.count()
    assert sum(counts.values()) == selectors.card_list(actor=ctx.users["demo.so"]).count()
