import random
from collections import Counter

import pytest
from django.db.models import Q

from facilities import demo
from facilities.models import (
    Facility,
    FacilityKind,
    FacilityScopePeriod,
    SocialWorkAssignment,
    StaffAssignment,
    StaffMember,
)
from socialwork.demo import users
from socialwork.demo.context import DemoContext
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(province):
    communes = [
        CommuneFactory(parent=province, name=name)
        for name in ("Phường Tân Lập", "Phường Tuy Hòa", "Xã Hòa Phú")
    ]
    context = DemoContext(province=province, communes=communes, rng=random.Random(7), scale=0.01)
    users.seed(context)
    return context


def test_seed_builds_the_network(ctx, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        demo.seed(ctx)
    kinds = Counter(Facility.objects.values_list("kind", flat=True))
    social_assistance = Facility.objects.filter(
        kind__in=[k.value for k in demo.SOCIAL_ASSISTANCE_KINDS]
    )
    assert social_assistance.count() == 7
    assert kinds[FacilityKind.COMMUNE_COMMITTEE] == 3
    assert kinds[FacilityKind.HOSPITAL] >= 2 and kinds[FacilityKind.SCHOOL] >= 2
    centre = Facility.objects.get(kind=FacilityKind.SOCIAL_WORK_CENTRE)
    assert centre.hotline
    rehab = Facility.objects.get(kind=FacilityKind.DRUG_REHAB)
    assert rehab.is_external_partner and not rehab.has_portal_users
    assert 55 <= StaffMember.objects.filter(facility__in=social_assistance).count() <= 65
    assert len(set(StaffMember.objects.values_list("qualification", flat=True))) >= 4
    assignments = set(StaffAssignment.objects.values_list("assignment", flat=True))
    assert assignments == set(SocialWorkAssignment.values)
    assert ctx.users["demo.coso"].staff_member.facility == centre


def periods_on(day):
    """The units' indicator scope periods in force on `day`."""
    return FacilityScopePeriod.objects.filter(
        Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def test_every_unit_has_a_scope_and_commune_committees_count(ctx):
    demo.seed(ctx)
    periods = periods_on(demo.SCOPE_FROM)
    counted = periods.filter(in_ctxh01_scope=True).values("facility")
    assert not Facility.objects.exclude(kind=FacilityKind.POLICE).exclude(pk__in=counted).exists()
    assert not periods.filter(
        facility__kind=FacilityKind.COMMUNE_COMMITTEE, in_ctxh02_plan=True
    ).exists()


def test_seed_is_deterministic(ctx, province):
    demo.seed(ctx)
    first = list(
        StaffMember.objects.order_by("id").values_list("full_name", "qualification", "started_on")
    )
    StaffMember.objects.all().delete()
    Facility.objects.all().delete()
    ctx.rng = random.Random(7)
    demo.seed(ctx)
    again = list(
        StaffMember.objects.order_by("id").values_list("full_name", "qualification", "started_on")
    )
    assert again == first
