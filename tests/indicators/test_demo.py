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
