import random

import pytest

from cases import demo as cases_demo
from socialwork.allowances import demo
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
