import random

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
