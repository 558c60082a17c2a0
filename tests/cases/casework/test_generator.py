"""The benchmark generator of cases: sizes, spread, constraints and determinism."""

import pytest
from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import timezone

from cases.casework import generator
from cases.models import Case, CaseHistory, CaseStatus, CaseTransition, ServiceDelivery
from socialwork.accounts.models import Role, User
from socialwork.demo.generate import GeneratorContext
from socialwork.demo.generators import people
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

PEOPLE = 2000


def _generate(ctx: GeneratorContext) -> None:
    people.generate(ctx)
    generator.generate(ctx)


def _fingerprint(first_person: int) -> list:
    """What the seed decides, by the person's ordinal (database ids differ between runs)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.beneficiary_id - %s, c.status, c.source, c.urgency, c.confidential,
                      c.closure_reason, c.closed_on, u.username, c.next_deadline < now(),
                      (SELECT array_agg(s.service_type_id || ':' || s.delivered_on
                                        ORDER BY s.delivered_on, s.service_type_id)
                         FROM cases_servicedelivery s WHERE s.case_id = c.id)
                 FROM cases_case c LEFT JOIN accounts_user u ON u.id = c.assigned_worker_id
                ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10""",
            [first_person],
        )
        return cursor.fetchall()


@pytest.fixture
def ctx(province, commune_a, commune_b):
    communes = [commune_a, commune_b, CommuneFactory(parent=province)]
    return GeneratorContext(
        people=PEOPLE, seed=3, commune_ids=[c.pk for c in communes], province_id=province.pk
    )


def test_about_two_cases_and_five_services_per_person(ctx):
    _generate(ctx)
    cases = Case.objects.count()
    assert 1.8 * PEOPLE < cases < 2.2 * PEOPLE
    assert 4 * PEOPLE < ServiceDelivery.objects.count() < 6 * PEOPLE
    statuses = dict(Case.objects.values_list("status").annotate(n=Count("id")))
    assert set(statuses) == set(CaseStatus.values)
    assert 0.6 < statuses[CaseStatus.CLOSED] / cases < 0.8
    open_cases = Case.objects.exclude(status=CaseStatus.CLOSED)
    assert not open_cases.filter(next_deadline__isnull=True).exists()
    overdue = open_cases.filter(next_deadline__lt=timezone.now()).count()
    assert 0.1 < overdue / open_cases.count() < 0.3
    confidential = Case.objects.filter(confidential=True).count()
    assert 0.01 < confidential / cases < 0.04
    assert not Case.objects.filter(confidential=True, confidentiality_reason="").exists()
    # Every child-emergency case is a child-protection case (the database insists too).
    assert Case.objects.filter(needs_emergency_protection=True).exists()
    # Each case's history: its report, then one step per move to its status.
    assert CaseTransition.objects.filter(from_status="").count() == cases
    assert CaseTransition.objects.count() > 2 * cases
    # Generated rows carry no "created" history event each.
    assert not CaseHistory.objects.exists()


def test_workers_are_the_communes_collaborators(ctx):
    _generate(ctx)
    workers = User.objects.filter(username__startswith=generator.USERNAME_PREFIX)
    assert workers.count() == len(ctx.commune_ids) * max(1, PEOPLE // 3 // 500)
    assert set(workers.values_list("role", flat=True)) == {Role.COLLABORATOR}
    assert not any(w.has_usable_password() for w in workers)
    assigned = Case.objects.filter(assigned_worker__isnull=False)
    assert 0.85 < assigned.count() / Case.objects.count() < 0.95
    assert not assigned.exclude(assigned_worker__area=F("commune")).exists()
    assert not ServiceDelivery.objects.filter(delivered_on__gt=timezone.localdate()).exists()
    years = {d.year for d in ServiceDelivery.objects.values_list("delivered_on", flat=True)}
    assert {2024, 2025, 2026} <= years


def test_same_seed_same_province(ctx):
    prints = []
    for _ in range(2):
        with transaction.atomic():
            _generate(ctx)
            with connection.cursor() as cursor:
                cursor.execute("SELECT max(id) FROM cases_beneficiary")
                first_person = cursor.fetchone()[0] - PEOPLE + 1
            prints.append(_fingerprint(first_person))
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert len(prints[0]) > PEOPLE


def test_another_seed_another_province(ctx):
    prints = []
    for seed in (3, 4):
        with transaction.atomic():
            ctx.seed = seed
            _generate(ctx)
            with connection.cursor() as cursor:
                cursor.execute("SELECT max(id) FROM cases_beneficiary")
                first_person = cursor.fetchone()[0] - PEOPLE + 1
            prints.append(_fingerprint(first_person))
            transaction.set_rollback(True)
    assert prints[0] != prints[1]


def test_child_cases_close_after_their_review_or_on_death(ctx):
    from cases.models import Review

    _generate(ctx)
    children = Case.objects.filter(status=CaseStatus.CLOSED, is_child_protection=True)
    assert children.count() > 50
    reasons = dict(children.values_list("closure_reason").annotate(n=Count("id")))
    assert set(reasons) <= {"goals_met", "died"}
    assert reasons["goals_met"] > 0.9 * children.count()
    reviewed = Review.objects.filter(outcome="close", reviewed_on=F("case__closed_on"))
    assert reviewed.count() == reasons["goals_met"]
    adults = Case.objects.filter(status=CaseStatus.CLOSED, is_child_protection=False)
    assert adults.filter(closure_reason="moved_away").exists()
