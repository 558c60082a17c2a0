import random

import pytest
from django.utils import timezone

from cases import demo as register_demo
from cases.casework import demo
from cases.models import Case, CasePlan, CaseStatus, PlanStatus, ServiceDelivery
from socialwork.demo import users as demo_users
from socialwork.demo.context import DemoContext
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_seed_covers_every_status_plans_services_and_overdue(province, commune_a, commune_b):
    communes = [commune_a, commune_b, CommuneFactory(parent=province)]
    ctx = DemoContext(province=province, communes=communes, rng=random.Random(7), scale=0.04)
    demo_users.seed(ctx)
    register_demo.seed(ctx)
    demo.seed(ctx)
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert set(Case.objects.values_list("commune", flat=True)) == {c.pk for c in communes}
    plans = CasePlan.objects.all()
    assert plans.filter(status=PlanStatus.APPROVED).exclude(decision_number="").exists()
    leader = ctx.users["demo.chutich"]
    assert plans.filter(status=PlanStatus.SUBMITTED, case__commune=leader.area).exists()
    assert Case.objects.filter(next_deadline__lt=timezone.now()).exclude(status="closed").exists()
    assert Case.objects.filter(assigned_worker=ctx.users["demo.ctv"], confidential=True).exists()
    years = {d.year for d in ServiceDelivery.objects.values_list("delivered_on", flat=True)}
    assert {2024, 2025, 2026} <= years
    assert ServiceDelivery.objects.count() == ctx.scaled(demo.FULL_SERVICES)
    assert not ServiceDelivery.objects.filter(delivered_on__gt=timezone.localdate()).exists()


def test_child_cases_close_only_as_the_law_closes_them(province, commune_a, commune_b):
    """A child's case closes after the Mẫu 06 review proposing it, or on death;
    never as moved away, transferred or refused (Decree 56 Art. 30). Adults
    keep their other reasons."""
    from cases.models import ClosureReason, ReviewOutcome

    communes = [commune_a, commune_b, CommuneFactory(parent=province)]
    ctx = DemoContext(province=province, communes=communes, rng=random.Random(7), scale=0.1)
    demo_users.seed(ctx)
    register_demo.seed(ctx)
    demo.seed(ctx)
    closed = Case.objects.filter(status=CaseStatus.CLOSED)
    children = closed.filter(is_child_protection=True)
    reasons = list(children.values_list("closure_reason", flat=True))
    assert len(reasons) >= 10
    assert set(reasons) <= {ClosureReason.GOALS_MET, ClosureReason.DIED}
    assert reasons.count(ClosureReason.GOALS_MET) >= 0.9 * len(reasons)
    for case in children.filter(closure_reason=ClosureReason.GOALS_MET).prefetch_related("reviews"):
        review = case.reviews.order_by("-reviewed_on", "-id").first()
        assert review is not None and review.outcome == ReviewOutcome.CLOSE, case.pk
        assert review.reviewed_on <= case.closed_on <= timezone.localdate()
    adults = set(closed.filter(is_child_protection=False).values_list("closure_reason", flat=True))
    assert ClosureReason.GOALS_MET in adults
