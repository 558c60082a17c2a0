import random

from django.utils import timezone

from cases import demo
from cases.models import Beneficiary, BeneficiaryCategory, Household
from socialwork.demo.context import DemoContext
from tests.factories import CommuneFactory


def _ctx(province, communes, scale):
    return DemoContext(province=province, communes=communes, rng=random.Random(7), scale=scale)


def test_seed_spreads_people_over_every_commune_with_categories(province, commune_a, commune_b):
    communes = [commune_a, commune_b, CommuneFactory(parent=province)]
    demo.seed(_ctx(province, communes, 0.02))
    assert Beneficiary.objects.count() == 1000
    assert set(Beneficiary.objects.values_list("commune", flat=True)) == {c.pk for c in communes}
    assert (
        BeneficiaryCategory.objects.count()
        >= 1000 - Beneficiary.objects.filter(identified=False).count()
    )
    assert Household.objects.filter(head__isnull=True).count() < Household.objects.count() / 4
    names = list(Beneficiary.objects.values_list("full_name", flat=True))
    assert any(n.startswith("H'") for n in names)
    assert any(n.startswith("Nguyễn") for n in names)
    share = sum(n.startswith("Nguyễn") for n in names) / len(names)
    assert 0.2 < share < 0.4
    # Registrations spread over the years since 2019, never before birth nor
    # after today; a category link counts from registration (no since) or
    # from a later day.
    dates = list(Beneficiary.objects.values_list("registered_on", "birth_date", "birth_year"))
    years = {d.year for d, _b, _y in dates}
    assert {2019, 2022, 2025} <= years
    assert all(d <= timezone.localdate() for d, _b, _y in dates)
    assert all(b is None or d >= b for d, b, _y in dates)
    assert all(y is None or d.year >= y for d, _b, y in dates)
    links = BeneficiaryCategory.objects.select_related("beneficiary")
    later = [link for link in links if link.since is not None]
    assert 0 < len(later) < links.count() / 3
    assert all(link.since > link.beneficiary.registered_on for link in later)


class _Rollback(Exception):
    pass


def _names_after_seed(province, communes):
    from django.db import transaction

    try:
        with transaction.atomic():
            demo.seed(_ctx(province, communes, 0.002))
            names = list(Beneficiary.objects.order_by("id").values_list("full_name", "birth_year"))
            raise _Rollback
    except _Rollback:
        return names


def test_seed_is_deterministic(province, commune_a):
    first = _names_after_seed(province, [commune_a])
    second = _names_after_seed(province, [commune_a])
    assert len(first) == 100
    assert first == second
