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
