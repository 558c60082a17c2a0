"""The demo seeders of residents, referrals and hotline calls, at a small scale."""

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


@pytest.mark.xfail(
    reason="Known since the case-page merge: the small demo ends with no declined referral "
    "(every other state shows); to be traced in the demo's referral paths, see the issue note.",
    strict=False,
)
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
