"""The benchmark generator: the asked number of people, deterministic, valid."""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F, Max, Min
from django.utils import timezone

from cases.models import Beneficiary, BeneficiaryCategory, Household
from tests.factories import CommuneFactory


@pytest.fixture
def communes(province):
    return [CommuneFactory(parent=province) for _ in range(3)]


def snapshot():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT md5(string_agg(full_name || coalesce(cccd, '') || birth_date::text"
            " || sex || registered_on::text, ',' ORDER BY id)) FROM cases_beneficiary"
        )
        return cursor.fetchone()[0]


def test_generates_the_people_asked_for_in_households_of_the_province(communes):
    call_command("generate_province", people=2000, seed=7)
    assert Beneficiary.objects.count() == 2000
    assert Household.objects.count() == 500
    assert set(Beneficiary.objects.values_list("commune_id", flat=True)) <= {c.pk for c in communes}
    assert not Beneficiary.objects.exclude(household__commune_id=models_f("commune_id")).exists()
    cccds = list(Beneficiary.objects.exclude(cccd=None).values_list("cccd", flat=True))
    assert len(cccds) == len(set(cccds)) > 1000
    assert all(len(c) == 12 and c.isdigit() for c in cccds)
    assert BeneficiaryCategory.objects.exists()
    assert Beneficiary.objects.filter(full_name__startswith="Nguyễn").count() > 500
    assert Beneficiary.objects.filter(full_name__startswith="H'").exists()
    # Registrations spread from 2019 to yesterday, never before birth: past
    # periods have a register (issue 13).
    dates = Beneficiary.objects.aggregate(first=Min("registered_on"), last=Max("registered_on"))
    assert dates["first"] < datetime.date(2020, 1, 1)
    assert dates["last"] < timezone.localdate() + datetime.timedelta(days=1)
    by_year = Counter(d.year for d in Beneficiary.objects.values_list("registered_on", flat=True))
    assert by_year[2025] > 50 and sum(n for y, n in by_year.items() if y < 2025) > 1000
    assert not Beneficiary.objects.filter(registered_on__lt=F("birth_date")).exists()


def test_same_seed_same_province(communes):
    call_command("generate_province", people=300, seed=3)
    first = snapshot()
    with connection.cursor() as cursor:
        # Everything generated hangs off these two tables.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE cases_beneficiary, cases_household CASCADE")
    call_command("generate_province", people=300, seed=3)
    assert snapshot() == first


def models_f(name):
    from django.db.models import F

    return F(name)
