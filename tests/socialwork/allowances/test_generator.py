"""The benchmark generator of allowance decisions: a realistic share of the
generated people, every decision fitting its group and age, deterministic."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from socialwork.allowances import amounts, generator, selectors
from socialwork.allowances.models import AllowanceEntitlement, Group, Payment, PaymentAccount
from socialwork.allowances.services import payment_lists
from socialwork.demo.generate import GeneratorContext
from socialwork.demo.generators import people
from tests.factories import CommuneFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(province):
    communes = [CommuneFactory(parent=province) for _ in range(3)]
    context = GeneratorContext(
        people=4000, seed=5, commune_ids=[c.pk for c in communes], province_id=province.pk
    )
    people.generate(context)
    return context


def fingerprint() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT md5(string_agg(concat_ws('|', beneficiary_id, "group", sub_case, units,
                          coefficient, start_month, end_month, end_reason), ','
                          ORDER BY beneficiary_id, "group"))
                 FROM allowances_allowanceentitlement"""
        )
        return cursor.fetchone()[0]


def test_a_realistic_share_in_several_groups(ctx):
    generator.generate(ctx)
    people_on_it = AllowanceEntitlement.objects.values("beneficiary_id").distinct().count()
    assert 0.02 * ctx.people <= people_on_it <= 0.09 * ctx.people
    groups = set(AllowanceEntitlement.objects.values_list("group", flat=True))
    assert {
        Group.OLDER_POOR,
        Group.OLDER_80,
        Group.DISABLED_SEVERE,
        Group.DISABLED_ESPECIALLY,
        Group.SINGLE_PARENT,
    } <= groups
    # 5.5c became the social pension: no decision runs past June 2025.
    assert not AllowanceEntitlement.objects.filter(
        group=Group.OLDER_80, end_month__isnull=True
    ).exists()
    assert not AllowanceEntitlement.objects.filter(
        group=Group.OLDER_80, end_month__gt=datetime.date(2025, 6, 1)
    ).exists()
    assert AllowanceEntitlement.objects.filter(end_reason="death").exists()
    assert PaymentAccount.objects.count() == people_on_it
    assert PaymentAccount.objects.filter(method="bank").exists()


def test_every_decision_fits_the_group_and_age_at_its_start(ctx):
    generator.generate(ctx)
    coefficients = selectors.coefficient_rows()
    for entitlement in AllowanceEntitlement.objects.select_related("beneficiary"):
        person = selectors.person_of(entitlement.beneficiary)
        coefficient = amounts.coefficient_for(
            coefficients,
            group=entitlement.group,
            sub_case=entitlement.sub_case,
            age=amounts.age_in_month(person, entitlement.start_month),
            month=entitlement.start_month,
        )
        assert coefficient == entitlement.coefficient, entitlement.pk


def test_same_seed_same_decisions(ctx):
    generator.generate(ctx)
    first = fingerprint()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM allowances_paymentaccount")
        cursor.execute("DELETE FROM allowances_allowanceentitlement")
    generator.generate(ctx)
    assert fingerprint() == first


def test_the_generated_decisions_are_paid(ctx):
    generator.generate(ctx)
    month = amounts.month_start(timezone.localdate())
    result = payment_lists.payment_lists_generate(actor=UserFactory(), month=month)
    open_people = (
        AllowanceEntitlement.objects.filter(end_month__isnull=True)
        .values("beneficiary_id")
        .distinct()
        .count()
    )
    assert result.payments == Payment.objects.filter(month=month).count() > 0
    # Open decisions are paid unless the person aged out of every band this month.
    assert result.payments >= 0.95 * open_people
