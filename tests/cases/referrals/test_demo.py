"""The demo seeders of residents, referrals and hotline calls, at a small scale."""

import datetime
import random
from collections import Counter

import pytest

from cases import demo as register_demo
from cases.casework import demo as casework_demo
from cases.hotline import demo as hotline_demo
from cases.models import HotlineCall, Referral, ReferralStatus
from cases.referrals import demo
from cases.referrals.selectors import referral_inbox
from facilities import demo as facility_demo
from facilities.models import Admission, AdmissionStatus
from socialwork.demo import users
from socialwork.demo.context import DemoContext
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(province):
    communes = [
        CommuneFactory(parent=province, name=name)
        for name in ("Phường Tân Lập", "Phường Tuy Hòa", "Phường Buôn Ma Thuột")
    ]
    context = DemoContext(province=province, communes=communes, rng=random.Random(5), scale=0.1)
    for step in (users, facility_demo, register_demo, casework_demo):
        step.seed(context)
    return context


def test_seed_residents_referrals_and_calls(ctx):
    demo.seed(ctx)
    hotline_demo.seed(ctx)
    residents = Admission.objects.filter(status=AdmissionStatus.RESIDENT).count()
    assert 60 <= residents <= 75  # ~700 at scale 1.0
    states = Counter(Referral.objects.values_list("status", flat=True))
    assert set(states) == set(ReferralStatus.values)
    coso = ctx.users["demo.coso"]
    inbox = referral_inbox(actor=coso)
    assert inbox.count() >= 10
    assert any(r.is_overdue for r in inbox)
    assert HotlineCall.objects.filter(kind="report").exists()
    assert HotlineCall.objects.filter(kind="advice").exists()


def test_every_state_shows_even_when_most_cases_are_closed(ctx):
    """The states shown once go to open cases: a closed case's referral has ended,
    so a "declined" drawn for one used to turn "completed" and the demo could end
    with none. Every step is dated in the past, in order."""
    from django.db.models import F
    from django.utils import timezone

    from cases.models import Case, CaseStatus, ReferralTransition

    keep = list(Case.objects.filter(closed_on__isnull=True).order_by("id")[:3])
    # Closed today, reported days before: a referral fits between the two.
    old = timezone.now() - datetime.timedelta(days=3)
    Case.objects.exclude(pk__in=[c.pk for c in keep]).filter(
        closed_on__isnull=True, reported_at__lt=old
    ).update(status=CaseStatus.CLOSED, closed_on=timezone.localdate(), closure_reason="goals_met")
    demo.seed(ctx)
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    declined = Referral.objects.filter(status=ReferralStatus.DECLINED)
    assert declined.filter(case__closed_on__isnull=True).count() == declined.count()
    now = timezone.now()
    assert not declined.filter(responded_at__gt=now).exists()
    assert not declined.filter(responded_at__lt=F("sent_at")).exists()
    assert not ReferralTransition.objects.filter(at__gt=now).exists()
