import random

import pytest

from socialwork.demo.context import DemoContext
from socialwork.indicators import demo
from socialwork.indicators.models import Baseline, ComputationRun, IndicatorTarget, IndicatorValue
from tests.collaborators.factories import CollaboratorFactory
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(province):
    communes = [CommuneFactory(parent=province) for _i in range(3)]
    CollaboratorFactory(user__area=communes[0])
    return DemoContext(province=province, communes=communes, rng=random.Random(7), scale=0.05)


def test_seed_computes_real_snapshots_with_targets(ctx):
    demo.seed(ctx)
    assert IndicatorTarget.objects.filter(unit=ctx.province, code="CTXH-01").count() == 2
    assert Baseline.objects.filter(code="CTXH-03", year=2020).exists()
    assert not ComputationRun.objects.exclude(status="done").exists()
    # The collaborator's commune: one active collaborator in the latest year.
    latest = IndicatorValue.objects.filter(code="NET-COLLABORATORS", unit=ctx.communes[0])
    assert latest.order_by("-period_start").first().numerator == 1


def test_seed_is_deterministic_and_repeatable(ctx):
    demo.seed(ctx)
    first = sorted(
        IndicatorValue.objects.values_list("code", "unit_id", "period_start", "numerator")
    )
    demo.seed(ctx)
    again = sorted(
        IndicatorValue.objects.values_list("code", "unit_id", "period_start", "numerator")
    )
    assert again == first


def test_generator_enters_the_hand_figures(province):
    from socialwork.demo.generate import GeneratorContext
    from socialwork.indicators import generator
    from socialwork.indicators.models import OfficialDenominator

    ctx = GeneratorContext(people=500_000, seed=1, commune_ids=[], province_id=province.pk)
    generator.generate(ctx)
    generator.generate(ctx)  # re-runnable
    assert Baseline.objects.get(code="CTXH-03").value == 4_000
    assert OfficialDenominator.objects.filter(code="CTXH-05", value=4_500).exists()
    assert IndicatorTarget.objects.filter(unit=province).count() == 11


def test_the_entered_figures_fit_the_demos_own_history(ctx):
    """The baseline and the official child counts are what a department would
    enter for this province: CTXH-03 grows a little from 2020 to 2025 instead of
    collapsing, and the official count is not below the register's (issue 13)."""
    import datetime

    from cases.models import Beneficiary, BeneficiaryCategory, Category
    from socialwork.indicators.models import OfficialDenominator
    from tests.cases.casework.factories import ServiceDeliveryFactory
    from tests.cases.factories import BeneficiaryFactory

    orphan = Category.objects.get(code="TE-a")
    for i in range(6):
        child = BeneficiaryFactory(
            commune=ctx.communes[i % 3],
            birth_date=datetime.date(2016, 1, 1),
            registered_on=datetime.date(2024, 3, 1),
        )
        BeneficiaryCategory.objects.create(beneficiary=child, category=orphan)
        ServiceDeliveryFactory(case__beneficiary=child, delivered_on=datetime.date(2025, 5, 1))
    assert Beneficiary.objects.count() == 6

    demo.seed(ctx)

    baseline = Baseline.objects.get(code="CTXH-03", year=2020).value
    official = OfficialDenominator.objects.get(code="CTXH-05", year=2025).value
    year_2025 = IndicatorValue.objects.filter(
        unit=ctx.province, breakdown="", period_kind="year", period_start=datetime.date(2025, 1, 1)
    )
    growth = year_2025.get(code="CTXH-03")
    assert 0 < baseline < growth.numerator
    assert 0 < growth.value <= 30
    children = year_2025.get(code="CTXH-05")
    assert children.source == "official"
    assert children.denominator == official >= 6
